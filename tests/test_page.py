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
