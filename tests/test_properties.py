"""Property-based tests: on arbitrary text the page parser, the date reader and the quote and
party extractors never raise, and every offset they give points at exactly what they stored.

The text is drawn from pieces news pages are made of (quote marks of every kind, datelines,
credits, dates, names, reporting verbs) mixed with arbitrary Unicode: emoji, right-to-left
scripts, zero-width and control characters. The extractors catch their own errors so that one
bad article cannot stop a night's run; these tests listen for those caught errors too, since a
caught error is an article whose quotes or parties silently went missing.

Example counts are printed with `pytest -s` (hypothesis' statistics: `--hypothesis-show-statistics`).
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import re
import unicodedata

import pytest

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from quotewire import dates as D
from quotewire import ingest
from quotewire import page as P
from quotewire.parties import extract_mentions
from quotewire.quotes import extract_quotes

EXAMPLES = int(os.environ.get("QUOTEWIRE_FUZZ_EXAMPLES", "150"))  # more for a long local fuzz
PROPERTY = settings(max_examples=EXAMPLES, deadline=None, derandomize=False,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# Pieces real pages are made of. Written for these tests; no corpus text.
NEWS_PIECES = [
    "“", "”", '"', "‘", "’", "'", "«", "»", "„", "‹", "›", "``", "''", "\n", "\n\n", " ", ", ", ". ",
    "said", "told reporters", "according to", "he said.", "she added:", "she said,", "the spokesman said",
    "Maria Lopez", "Lopez", "Mr Ahmed", "Dr. Chen Wei", "the Ministry of Finance", "Reuters", "(Reuters) - ",
    "(AP)", "PTI", "(With inputs from PTI)", "By Anna Berg", "WASHINGTON", "NEW DELHI, ", "LAGOS (Reuters) -",
    "Jan 13, 2023", "Feb 30, 2024", "13 January 2023", "2023-01-13", "2023-01-13T09:41:00+05:30",
    "09:41 AM IST", "10:05 a.m. EST", "0001-01-01", "9999-12-31", "December 31, 9999", "01/02/2023",
    "31/31/2023", "2 hours ago", "yesterday", "Updated:", "Published on", "Share", "Read more",
    "United States", "U.S.", "Japan", "the White House", "European Union", "N.A.T.O.",
    "\u200b", "\u200d", "\u200e", "\u202e", "\ufeff", "\u00ad", "👍🏽", "🇯🇵", "مرحبا بالعالم",
    "שלום", "日本の首相", "Ελλάδα", "\t", "\x00", "\x1b[31m", "—", "–", "…", "(", ")", "[", "]",
]
news_text = st.lists(
    st.one_of(st.sampled_from(NEWS_PIECES), st.text(max_size=12)),
    max_size=60,
).map("".join)

# Examples run per property, printed when the module ends (`pytest -s` shows it).
COUNTS: dict[str, int] = {}


@pytest.fixture(scope="module", autouse=True)
def _print_example_counts():
    yield
    print(f"\nproperty examples run: {COUNTS} (total {sum(COUNTS.values())})")


def _count(name: str) -> None:
    COUNTS[name] = COUNTS.get(name, 0) + 1


class _Errors(logging.Handler):
    """Collects the errors the extractors catch and log instead of raising."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


def _caught(logger_name: str, call):
    handler = _Errors()
    logger = logging.getLogger(logger_name)
    logger.addHandler(handler)
    try:
        result = call()
    finally:
        logger.removeHandler(handler)
    errors = [r.getMessage() + (f"\n{logging.Formatter().formatException(r.exc_info)}" if r.exc_info else "")
              for r in handler.records]
    return result, errors


@PROPERTY
@given(news_text)
def test_the_page_parser_reads_any_text_without_failing(text):
    _count("page")
    # `parse_page` swallows errors (a NULL-field article); its inner parser must not need to.
    fields = P._parse(text)
    assert fields == P.parse_page(text)
    assert isinstance(fields.body, str)
    if fields.date_text is not None:
        assert fields.date_text in text, "the date was read from text that is not on the page"
    if fields.published_at is not None:
        assert fields.published_at.tzinfo is not None, "an instant without a zone"
    if fields.published_date is not None:
        assert 1 <= fields.published_date.year <= 9999
    for value in (fields.title, fields.body, fields.credit, fields.byline):
        assert value is None or value == value.strip(), "a field kept surrounding whitespace"


@PROPERTY
@given(news_text, st.sampled_from([None, "DMY", "MDY"]), st.sampled_from([None, "Asia/Kolkata", "America/New_York"]),
       st.one_of(st.none(), st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))), st.booleans())
def test_dates_are_read_from_exactly_the_text_they_report(text, order, zone, base, yearless):
    _count("dates")
    values = D.find_dates(text, date_order=order, home_zone=zone, base=base, yearless=yearless)
    for v in values:
        assert 0 <= v.start <= v.end <= len(text)
        assert text[v.start:v.end] == v.text
        assert isinstance(v.date, dt.date)
        if v.at is not None:
            assert v.at.tzinfo is not None
            assert v.at.date() == v.date, "the instant is on another day than the date printed"
    assert [v.start for v in values] == sorted(v.start for v in values)
    first = D.parse_date(text[:80], date_order=order, home_zone=zone, base=base, yearless=yearless)
    assert first is None or isinstance(first.date, dt.date)


@PROPERTY
@given(news_text)
def test_quotes_point_at_the_words_they_hold(nlp, text):
    _count("quotes")
    doc = nlp(text)
    quotes, errors = _caught("quotewire.quotes", lambda: extract_quotes(doc))
    assert not errors, f"quote extraction failed and was caught:\n{errors[0]}"
    body = doc.text
    for q in quotes:
        assert 0 <= q.start_char < q.end_char <= len(body), (q, len(body))
        span = body[q.start_char:q.end_char]
        if len(q.parts) <= 1:
            assert span == q.text, f"body[{q.start_char}:{q.end_char}] = {span!r}, stored {q.text!r}"
        else:
            for s, e in q.parts:
                assert q.start_char <= s < e <= q.end_char
            assert span[0] == q.text[0] and span[-1] == q.text[-1]


@PROPERTY
@given(news_text)
def test_party_mentions_point_at_the_words_they_hold(nlp, text):
    _count("parties")
    doc = nlp(text)
    mentions, errors = _caught("quotewire.parties", lambda: extract_mentions(doc))
    assert not errors, f"party extraction failed and was caught:\n{errors[0]}"
    for m in mentions:
        assert 0 <= m.start_char < m.end_char <= len(doc.text)
        assert doc.text[m.start_char:m.end_char] == m.mention
        assert m.party_type in ("person", "organization", "country", "location")
        assert m.name.strip()


hostile_bytes = st.one_of(
    st.binary(max_size=3000),
    news_text.map(lambda t: t.encode("utf-8")),
    st.tuples(news_text, st.sampled_from(["utf-16", "utf-16-le", "utf-16-be", "cp1252", "latin-1", "utf-8-sig"]))
      .map(lambda te: te[0].encode(te[1], errors="ignore")),
    st.tuples(news_text, st.binary(max_size=40), news_text).map(lambda t: t[0].encode() + t[1] + t[2].encode("cp1252", errors="ignore")),
)


@PROPERTY
@given(hostile_bytes)
def test_any_bytes_decode_to_clean_text_or_a_reasoned_rejection(data):
    _count("decode")
    try:
        text, encoding = ingest.decode(data)
    except ingest.Rejected as rejection:
        assert rejection.reason in ingest.REJECTION_REASONS and rejection.detail
        return
    assert text.strip() and encoding
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\r]", text), "a control character reached the page text"
    assert unicodedata.is_normalized("NFC", text)


@PROPERTY
@given(news_text, st.sampled_from(["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"]))
@example("Â\x08\x80\x800\x80", "utf-8-sig")  # found by this test: a control byte changed ftfy's repair
@example("“\x00", "utf-8-sig")  # found by this test: four UTF-8 bytes with a NUL read as UTF-16
def test_the_same_page_in_another_encoding_is_the_same_text(text, encoding):
    """The article id is the hash of the decoded text: a page saved in UTF-8 and again in another
    Unicode encoding must decode to the same text, or it becomes two articles."""
    _count("encodings")
    try:
        reference, _ = ingest.decode(text.encode("utf-8"))
    except ingest.Rejected:
        return
    if encoding in ("utf-16-le", "utf-16-be") and (len(text) < 20 or sum(c < "\x80" for c in text) < 0.6 * len(text)):
        return  # without a byte-order mark, UTF-16 is recognised by the NULs of its ASCII
    assert ingest.decode(text.encode(encoding))[0] == reference
