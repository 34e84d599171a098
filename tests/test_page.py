"""parse_page on whole pages: the seed, the sample inbox, and each layout the issue lists."""
from __future__ import annotations

import datetime as dt
import json
import unicodedata
from pathlib import Path

import charset_normalizer
import pytest

from quotewire.page import parse_page
from quotewire.settings import CHECKOUT

INBOX = CHECKOUT / "sample_inbox"
EXPECTED = json.loads((CHECKOUT / "tests/fixtures/sample_inbox_expected.json").read_text("utf-8"))


def read_page(path: Path) -> str:
    """Decode a page the way the ingest step does (BOMs, UTF-8, else a detected legacy charset),
    then NFC, non-breaking spaces and newlines."""
    raw = path.read_bytes()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = raw.decode("utf-16")
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = str(charset_normalizer.from_bytes(raw).best())
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def utc(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ") if value else None


def test_seed_page(seed_page):
    fields = parse_page(read_page(seed_page))
    assert fields.title == ("Joe Biden, Fumio Kishida to meet at White House to announce steps "
                            "to raise US-Japan ties to new level")
    assert fields.source.source_id == "pti"
    assert fields.source.name == "Press Trust of India"
    assert fields.source.kind == "agency"
    assert fields.source.time_zone == "Asia/Kolkata"
    assert fields.published_date == dt.date(2023, 1, 13)
    assert utc(fields.published_at) == "2023-01-13T04:11:00Z"
    assert fields.body.startswith("US President Joe Biden")
    for furniture in ("GET LIVE MARKET QUOTES", "date 2023-01-13", "09:41 AM IST", "PTI\n"):
        assert furniture not in fields.body
    assert fields.date_text == "Jan 13, 2023 / 09:41 AM IST"


def test_fixture_covers_every_file_in_the_inbox():
    on_disk = {p.relative_to(INBOX).as_posix() for p in INBOX.rglob("*")
               if p.is_file() and not any(part.startswith(".") for part in p.parts)}
    assert on_disk == set(EXPECTED["articles"]) | set(EXPECTED["rejected"])


@pytest.mark.parametrize("rel", sorted(EXPECTED["articles"]))
def test_sample_inbox_page(rel):
    want = EXPECTED["articles"][rel]
    fields = parse_page(read_page(INBOX / rel))
    got = {
        "title": fields.title,
        "source_id": fields.source.source_id if fields.source else None,
        "source_name": fields.source.name if fields.source else None,
        "source_kind": fields.source.kind if fields.source else None,
        "published_date": fields.published_date.isoformat() if fields.published_date else None,
        "published_at": utc(fields.published_at),
    }
    assert got == {k: want[k] for k in got}
    assert fields.body.startswith(want["body_starts"])
    for furniture in want["body_excludes"]:
        assert furniture not in fields.body


@pytest.mark.parametrize("rel", sorted(r for r, why in EXPECTED["rejected"].items() if why == "no_body"))
def test_page_without_body_has_empty_body(rel):
    assert parse_page(read_page(INBOX / rel)).body == ""


@pytest.mark.parametrize("text", ["", "   \n\n", "\ufeff", "\x00\x01\x02"])
def test_odd_text_never_raises(text):
    fields = parse_page(text)
    assert fields.published_date is None and fields.source is None


# --- Each layout on a page written the way sites print it ------------------------------------

def page(text: str):
    return parse_page(text.strip("\n") + "\n")


BODY = ('"We will not accept this," Finance Minister Priya Raman told reporters in the capital, '
        'adding that the government of India had written to the World Bank.\n')


@pytest.mark.parametrize("first_paragraph, source_id, body_start", [
    ("WASHINGTON (Reuters) - The U.S. Senate voted on Tuesday to extend the program.",
     "reuters", "The U.S. Senate voted"),
    ("BEIRUT (AFP) – Lebanon's parliament failed again on Thursday to elect a president.",
     "afp", "Lebanon's parliament failed"),
    ("NEW DELHI, Jan 13 (PTI) The Supreme Court on Friday agreed to hear the plea.",
     "pti", "The Supreme Court on Friday"),
    ("New Delhi, Jan 13 (IANS) The Election Commission on Friday announced the schedule.",
     "ians", "The Election Commission on Friday"),
    ("WASHINGTON (AP) — President Joe Biden signed the bill into law on Friday.",
     "ap", "President Joe Biden signed"),
    ("TOKYO (Kyodo) -- Japan's economy grew at an annualized 0.6 percent.",
     "kyodo", "Japan's economy grew"),
    ("(IANS) The Bombay High Court on Monday sought a reply from the state government.",
     "ians", "The Bombay High Court"),
])
def test_wire_dateline_credits_the_wire_and_leaves_the_body(first_paragraph, source_id, body_start):
    fields = page(f"Headline of the story about a court and a senate\n\n{first_paragraph}\n\n{BODY}")
    assert fields.source.source_id == source_id
    assert fields.body.startswith(body_start)
    assert fields.title == "Headline of the story about a court and a senate"


def test_wire_dateline_date_with_crawl_date_as_base():
    fields = page(" date 2023-01-14  Home  Markets  News\nCourt to hear plea on Friday\n\n"
                  "NEW DELHI, Jan 13 (PTI) The Supreme Court agreed to hear the plea.\n\n" + BODY)
    assert fields.published_date == dt.date(2023, 1, 13)
    assert fields.published_at is None
    assert fields.date_method == "wire_dateline"


def test_dash_credit_closing_the_article():
    fields = page("Senate confirms new envoy to Mexico\n\nThe Senate on Tuesday confirmed the envoy.\n\n"
                  + BODY + "\n— AP\n")
    assert fields.source.source_id == "ap"
    assert "— AP" not in fields.body


@pytest.mark.parametrize("date_line, day, instant", [
    ("Published: Friday, March 11, 2016 10:05 a.m. EST", "2016-03-11", "2016-03-11T15:05:00Z"),
    ("Updated: January 13, 2023 08:41 PM IST", "2023-01-13", "2023-01-13T15:11:00Z"),
    ("11/03/2016", "2016-03-11", None),  # a day-first Indian source
    ("2023-01-13T09:41:00+05:30", "2023-01-13", "2023-01-13T04:11:00Z"),
    ("Jan 13, 2023 / 09:41 AM IST", "2023-01-13", "2023-01-13T04:11:00Z"),
    ("Last Updated: 13th Jan, 2023", "2023-01-13", None),
])
def test_byline_and_date_line_forms(date_line, day, instant):
    fields = page(f"Court orders probe into stampede at railway station\n\nBy Meera Iyer\nThe Hindu\n"
                  f"{date_line}\n\n{BODY}")
    assert fields.byline == "Meera Iyer"
    assert fields.source.source_id == "the-hindu"
    assert fields.published_date.isoformat() == day
    assert utc(fields.published_at) == instant
    assert fields.body.startswith('"We will not accept this,"')


def test_first_published_beats_updated():
    fields = page("Parliament passes data protection bill\n\nPTI\n"
                  "Updated: Aug 10, 2023, 11:02 PM IST | Published: Aug 9, 2023, 6:15 PM IST\n\n" + BODY)
    assert fields.published_date == dt.date(2023, 8, 9)
    assert utc(fields.published_at) == "2023-08-09T12:45:00Z"


def test_headline_and_body_only_has_null_fields():
    fields = page("Rains lash coastal Karnataka, schools shut\n\n" + BODY)
    assert fields.title == "Rains lash coastal Karnataka, schools shut"
    assert fields.source is None and fields.credit is None
    assert fields.published_date is None and fields.published_at is None


def test_page_furniture_is_not_body():
    fields = page("""Home | India | World | Business
Government to sell stake in two public sector banks

Moneycontrol News
Mar 29, 2023 / 08:12 PM IST

Share on Facebook
The government will sell part of its stake in two public sector banks this year, officials said.

Also Read: Sensex ends higher for second day

""" + BODY + """
Subscribe to our newsletter
Disclaimer: The views and investment tips expressed by experts are their own.
(With inputs from PTI)
Related Articles
Banks rally as bond yields fall
""")
    assert fields.body.startswith("The government will sell part of its stake")
    for furniture in ("Home | India", "Share on Facebook", "Also Read", "Subscribe", "Disclaimer",
                      "With inputs from", "Related Articles", "Banks rally"):
        assert furniture not in fields.body
    # The inputs tail still credits the wire over the publisher's desk.
    assert fields.source.source_id == "pti"
    assert fields.credit == "PTI"


def test_inputs_tail_inside_the_last_paragraph():
    fields = page("Two killed in landslide in Himachal\n\nHT Correspondent\n\n"
                  "Two people were killed in a landslide near Shimla on Sunday, police said. "
                  "(With inputs from ANI)\n")
    assert fields.source.source_id == "ani"
    assert fields.body.endswith("police said.")


def test_publisher_credit_without_a_wire():
    fields = page("Opposition walks out of Rajya Sabha\n\nThe Hindu Bureau\nMarch 14, 2023 18:05 IST\n\n" + BODY)
    assert fields.source.source_id == "the-hindu" and fields.source.kind == "publisher"


def test_unknown_credit_is_kept():
    fields = page("Mill workers strike over unpaid wages\n\nValley Chronicle\nMay 2, 2023\n\n" + BODY)
    assert fields.source.kind == "unknown"
    assert fields.source.name == "Valley Chronicle"
    assert fields.credit == "Valley Chronicle"


def test_crawl_header_gives_the_base_for_relative_dates():
    fields = page(" date 2023-04-10  Markets  News\nRupee slips against dollar\n\nMint\n3 hours ago\n\n" + BODY)
    assert fields.published_date == dt.date(2023, 4, 10)
    assert fields.published_at is None
    assert fields.date_method == "relative"


def test_real_pages_never_raise_and_keep_text(shared_dir):
    pages = sorted((shared_dir / "corpora" / "datesinwild-dev" / "pages").glob("*"))
    assert pages
    for path in pages:
        fields = parse_page(read_page(path))
        assert fields.body, path.name
