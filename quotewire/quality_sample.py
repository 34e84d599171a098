"""A synthetic batch shaped like the published tables, for the quality gate's tests and benchmark.

The sentences are made up here, in the way wire copy is written (a quote, then its attribution
with a place and a day; a paragraph naming countries and institutions). Offsets are computed as
the body is assembled, so every quote and mention of a fresh batch is exactly where it says.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from quotewire import ids

SOURCES = [
    ("pti", "Press Trust of India", "agency", "Asia/Kolkata"),
    ("reuters", "Reuters", "agency", "UTC"),
    ("northern-ledger", "The Northern Ledger", "publisher", "Europe/Warsaw"),
    ("harbour-times", "Harbour Times", "unknown", None),
]
SPEAKERS = [
    ("Anna Kowalski", "person", "Trade Minister Anna Kowalski"),
    ("Rahul Mehta", "person", "Rahul Mehta, the finance secretary,"),
    ("Grace Wanjiru", "person", "Central bank governor Grace Wanjiru"),
    ("Tomasz Nowak", "person", "Opposition leader Tomasz Nowak"),
    ("European Commission", "organization", "The European Commission"),
]
PLACES = [("Warsaw", "location"), ("New Delhi", "location"), ("Nairobi", "location"), ("Brussels", "location")]
COUNTRIES = ["Poland", "India", "Kenya", "Germany", "Japan"]
ORGS = ["World Trade Organization", "Reserve Bank of India", "International Monetary Fund"]
QUOTES = [
    "We will not back down on the tariffs until the talks show real progress",
    "The numbers for the quarter are better than anyone expected",
    "This agreement protects farmers and it protects consumers",
    "Nobody in this government was told about the decision in advance",
    "We expect inflation to ease in the second half of the year",
    "Our members are ready to return to the table next week",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def make_batch(n_articles: int = 50, quotes_per_article: int = 6, run_date: dt.date = dt.date(2026, 11, 27)) -> dict[str, pd.DataFrame]:
    """A clean batch: every key unique, every reference resolving, every offset exact."""
    parties: dict[str, tuple[str, str]] = {}
    articles, quotes, mentions = [], [], []

    def party(name: str, kind: str) -> str:
        pid = ids.party_id(name, kind)
        parties[pid] = (name, kind)
        return pid

    for a in range(n_articles):
        source_id, _, _, zone = SOURCES[a % len(SOURCES)]
        parts: list[str] = []
        pending_quotes, pending_mentions = [], []
        cursor = 0

        def add(text: str) -> int:
            nonlocal cursor
            start = cursor
            parts.append(text)
            cursor += len(text)
            return start

        def mention(name: str, kind: str, at: int, words: str | None = None) -> None:
            words = words or name
            pending_mentions.append((party(name, kind), words, at, at + len(words)))

        for q in range(quotes_per_article):
            speaker, kind, cue_phrase = SPEAKERS[(a + q) % len(SPEAKERS)]
            place, place_kind = PLACES[(a + 2 * q) % len(PLACES)]
            words = QUOTES[(a * 7 + q) % len(QUOTES)] + f" (item {a}.{q})"
            if q:
                add("\n\n")
            add("\u201c")
            text_start = add(words)
            if q == 1:
                # A quotation over two paragraphs: the first has no closing mark, the second
                # reopens it. It is one row, its paragraphs joined.
                second = "Talks resume in the spring, and the door stays open"
                add("\n\n\u201c")
                add(second)
                stored, end = words + " " + second, cursor
            else:
                stored, end = words, cursor
            add(",\u201d ")
            unattributed = q == 4  # some quotes carry no speaker, as in real copy
            if unattributed:
                add("the statement said.")
                speaker_name = speaker_pid = cue = None
            else:
                at = add(cue_phrase)
                mention(speaker, kind, at + cue_phrase.index(speaker.split()[0]), speaker if kind == "person" else "European Commission")
                add(" said in ")
                mention(place, place_kind, add(place))
                add(f" on {DAYS[q % len(DAYS)]}.")
                speaker_name, speaker_pid, cue = speaker, ids.party_id(speaker, kind), "said"
            pending_quotes.append((stored, text_start, end, speaker_name, speaker_pid, cue))
            if q % 2 == 0:
                c1, c2 = COUNTRIES[(a + q) % len(COUNTRIES)], COUNTRIES[(a + q + 1) % len(COUNTRIES)]
                org = ORGS[(a + q) % len(ORGS)]
                add(" Talks between ")
                mention(c1, "country", add(c1))
                add(" and ")
                mention(c2, "country", add(c2))
                add(" resumed after the ")
                mention(org, "organization", add(org))
                add(" stepped in.")
        body = "".join(parts)
        article_id = ids.article_id(f"synthetic article {a}\n{body}")
        day = run_date - dt.timedelta(days=a % 20)
        at = None
        if zone and a % 3 == 0:  # some pages print a time of day
            at = pd.Timestamp(dt.datetime.combine(day, dt.time(9, 41)), tz=zone).tz_convert("UTC")
        articles.append(
            {
                "article_id": article_id,
                "source_path": f"wire/{day:%Y/%m/%d}/story-{a:04d}.txt",
                "title": f"Ministers trade barbs as talks resume, part {a}",
                "source_id": source_id,
                "published_date": day,
                "published_at": at,
                "body": body,
            }
        )
        for text, s, e, speaker_name, speaker_pid, cue in pending_quotes:
            quotes.append(
                {
                    "quote_id": ids.quote_id(article_id, s, e),
                    "article_id": article_id,
                    "text": text,
                    "speaker": speaker_name,
                    "speaker_party_id": speaker_pid,
                    "cue": cue,
                    "start_char": s,
                    "end_char": e,
                }
            )
        for pid, words, s, e in pending_mentions:
            assert body[s:e] == words, (body[s:e], words)
            mentions.append({"article_id": article_id, "party_id": pid, "mention": words, "start_char": s, "end_char": e})

    return {
        "sources": pd.DataFrame(SOURCES, columns=["source_id", "name", "kind", "time_zone"]),
        "articles": pd.DataFrame(articles, columns=["article_id", "source_path", "title", "source_id", "published_date", "published_at", "body"]),
        "quotes": pd.DataFrame(quotes, columns=["quote_id", "article_id", "text", "speaker", "speaker_party_id", "cue", "start_char", "end_char"]),
        "parties": pd.DataFrame([(pid, n, k) for pid, (n, k) in sorted(parties.items())], columns=["party_id", "name", "party_type"]),
        "party_mentions": pd.DataFrame(mentions, columns=["article_id", "party_id", "mention", "start_char", "end_char"]),
        "rejected_files": pd.DataFrame(
            [("wire/empty.txt", "empty", "The file has no bytes."), ("wire/photo.jpg", "binary", "The file is not text (a JPEG image).")],
            columns=["source_path", "reason", "detail"],
        ),
    }
