"""Everything extracted from one parsed article: its quotes, its party mentions, and the link
from each quote's speaker to a party. Parse once, extract twice."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from quotewire import ids
from quotewire.records import Mention, Quote

if TYPE_CHECKING:  # spaCy and the extractors load in the model's worker processes only: the run's
    import pandas as pd  # own process unpickles ExtractedArticle rows without them, and the
    from spacy.tokens import Doc  # workers never need pandas

QUOTE_COLUMNS = ["quote_id", "article_id", "text", "speaker", "speaker_party_id", "cue", "start_char",
                 "end_char", "speaker_kind", "speaker_role", "attribution_rule", "attribution_confidence",
                 "is_scare_quote", "is_partial"]
PARTY_COLUMNS = ["party_id", "name", "party_type"]
MENTION_COLUMNS = ["article_id", "party_id", "mention", "start_char", "end_char"]


@dataclass
class ExtractedArticle:
    article_id: str
    quotes: list[dict] = field(default_factory=list)
    parties: dict[str, dict] = field(default_factory=dict)
    mentions: list[dict] = field(default_factory=list)

    @staticmethod
    def frames(results: list["ExtractedArticle"]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        import pandas as pd

        quotes = pd.DataFrame([q for r in results for q in r.quotes], columns=QUOTE_COLUMNS)
        parties = {pid: p for r in results for pid, p in r.parties.items()}
        mentions = pd.DataFrame([m for r in results for m in r.mentions], columns=MENTION_COLUMNS)
        for flag in ("is_scare_quote", "is_partial"):
            quotes[flag] = quotes[flag].astype("boolean")
        quotes["attribution_confidence"] = quotes["attribution_confidence"].astype("Float64")
        return quotes, pd.DataFrame(list(parties.values()), columns=PARTY_COLUMNS), mentions


def extract_article(article_id: str, doc: Doc) -> ExtractedArticle:
    from quotewire.parties import extract_mentions
    from quotewire.quotes import extract_quotes

    result = ExtractedArticle(article_id)
    mentions = extract_mentions(doc)
    for m in mentions:
        pid = ids.party_id(m.name, m.party_type)
        result.parties[pid] = {"party_id": pid, "name": m.name, "party_type": m.party_type}
        result.mentions.append({"article_id": article_id, "party_id": pid, "mention": m.mention,
                                "start_char": m.start_char, "end_char": m.end_char})
    for q in extract_quotes(doc):
        speaker_party = speaker_party_id(q, mentions)
        if speaker_party is None and q.speaker and q.speaker_kind in ("person", "organization"):
            # A named speaker the entity model missed is still a party analysts can ask about.
            speaker_party = ids.party_id(q.speaker, q.speaker_kind)
            result.parties.setdefault(speaker_party, {"party_id": speaker_party, "name": q.speaker,
                                                      "party_type": q.speaker_kind})
        result.quotes.append({
            "quote_id": ids.quote_id(article_id, q.start_char, q.end_char), "article_id": article_id,
            "text": q.text, "speaker": q.speaker, "speaker_party_id": speaker_party, "cue": q.cue,
            "start_char": q.start_char, "end_char": q.end_char, "speaker_kind": q.speaker_kind,
            "speaker_role": q.speaker_role, "attribution_rule": q.rule,
            "attribution_confidence": q.confidence, "is_scare_quote": q.is_scare_quote,
            "is_partial": q.is_partial,
        })
    return result


def speaker_party_id(quote: Quote, mentions: list[Mention]) -> str | None:
    """The party a quote's speaker names: the mention with the same canonical name, else the one
    person whose surname the speaker's name ends with."""
    if not quote.speaker or quote.speaker_kind == "description":
        return None
    wanted = quote.speaker.casefold()
    for m in mentions:
        if m.name.casefold() == wanted and m.party_type in ("person", "organization", "country"):
            return ids.party_id(m.name, m.party_type)
    surname = wanted.split()[-1]
    people = {m.name for m in mentions if m.party_type == "person" and m.name.casefold().split()[-1] == surname}
    if len(people) == 1:
        return ids.party_id(people.pop(), "person")
    return None
