"""parse_page on whole pages: the seed, the sample inbox, and each layout the issue lists."""
from __future__ import annotations

import datetime as dt
import json
import unicodedata
from pathlib import Path

import charset_normalizer
import pytest

from quotewire import page as page_module
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


@pytest.mark.corpus
def test_real_pages_never_raise_and_keep_text(shared_dir):
    pages = sorted((shared_dir / "corpora" / "datesinwild-dev" / "pages").glob("*"))
    assert pages
    for path in pages:
        fields = parse_page(read_page(path))
        assert fields.body, path.name


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_LINES = st.sampled_from([
    "", "PTI", "Reuters", "By Jane Doe", "Jan 13, 2023 / 09:41 AM IST", "Updated 2 hours ago",
    "WASHINGTON (Reuters) - The Senate voted on Tuesday.", "Home | World | Business",
    "Also Read: Markets rally", "(With inputs from PTI)", "— AP", " date 2023-01-13  GET NEWS",
    '"We will act," Minister Ravi Kumar said on Monday in New Delhi.', "11/03/2016",
    "Share on Facebook", "Related Articles", "NEW DELHI, Jan 13 (PTI) The court ruled.",
]) | st.text(max_size=80)


@settings(max_examples=200, deadline=None)
@given(st.lists(_LINES, max_size=14))
def test_body_is_made_of_the_page_own_text(lines):
    """Whatever the page, every body paragraph is text of the page itself (the quote and party
    offsets point into it), and the parser itself returns rather than raising (parse_page's
    safety net would hide a crash, so this calls the parser under it)."""
    text = "\n".join(lines)
    fields = page_module._parse(text)
    for paragraph in filter(None, fields.body.split("\n\n")):
        assert paragraph in text


def test_page_saved_whole_keeps_only_the_article():
    """A page saved by a simple scraper: browser title, menus, the headline again, a share
    panel, caption labels, the story, then other stories."""
    menus = "\n".join(["Home", "News", "World", "US & Canada", "Business", "Tech", "Science",
                       "Stories", "Entertainment & Arts", "Health", "In Pictures"])
    shares = "\n".join(["Share this with Facebook", "Share this with Twitter", "Share this with Email",
                        "Copy this link", "Close share panel", "Related Topics", "Floods"])
    page_text = f"""Floods: Thousands evacuated as river bursts its banks - World News
{menus}
Floods: Thousands evacuated as river bursts its banks
10 April 2020
{shares}
Thousands of people were evacuated from villages along the river on Friday after days of heavy rain caused it to burst its banks.
Image copyright
Reuters
Image caption
Rescue boats in the flooded town centre
"We lost everything in one night," said Maria Costa, a shopkeeper whose store was under a metre of water.
The national weather service said more rain was expected over the weekend, and the army has been deployed to help.
Officials in the regional government said the damage would run into millions of euros.
More on this story
Farmers count the cost of a wet spring
Storm warnings issued across the south
Top Stories
Markets fall as oil prices jump
"""
    fields = page(page_text)
    assert fields.title == "Floods: Thousands evacuated as river bursts its banks"
    assert fields.published_date == dt.date(2020, 4, 10)
    assert fields.body.startswith("Thousands of people were evacuated")
    assert fields.body.endswith("would run into millions of euros.")
    for furniture in ("Share this", "Image caption", "Related Topics", "Entertainment & Arts",
                      "Farmers count the cost", "Markets fall"):
        assert furniture not in fields.body
    assert '"We lost everything in one night," said Maria Costa' in fields.body


@pytest.mark.parametrize("meta, byline, source_id", [
    ("By Jane Doe on March 3, 2023", "Jane Doe", None),
    ("Posted March 3, 2023 by Jane Doe", "Jane Doe", None),
    ("By JOSH BOAK Associated Press\nMarch 3, 2023", "JOSH BOAK", "ap"),
    ("By Jane Doe, Reuters\nMarch 3, 2023", "Jane Doe, Reuters", "reuters"),
    ("By Jane Doe | The New York Times | March 3, 2023", "Jane Doe", "nytimes"),
    ("Written by Express News Service | Pune | March 3, 2023", "Express News Service", "indian-express"),
])
def test_byline_forms_with_dates_and_agencies(meta, byline, source_id):
    fields = page(f"Senate passes budget after all-night session\n\n{meta}\n\n{BODY}")
    assert fields.byline == byline
    assert (fields.source.source_id if fields.source else None) == source_id
    assert fields.published_date == dt.date(2023, 3, 3)
    assert fields.body.startswith('"We will not accept this,"')


@pytest.mark.parametrize("first_paragraph", [
    "WASHINGTON — The Senate on Friday passed the budget.",
    "LONDON, March 3 — The Senate on Friday passed the budget.",
    "MUMBAI: The Senate on Friday passed the budget.",
])
def test_place_datelines_without_an_agency_are_not_body(first_paragraph):
    fields = page(f"Senate passes budget\n\nBy Jane Doe\nMarch 3, 2023\n\n{first_paragraph}\n\n{BODY}")
    assert fields.body.startswith("The Senate on Friday passed the budget.")
    assert fields.source is None


def test_a_person_on_the_credit_line_is_the_author_not_a_source():
    fields = page("Sensex ends flat as IT stocks drag\n\nSandip Das\nMar 29, 2023 / 04:12 PM IST\n\n" + BODY)
    assert fields.byline == "Sandip Das"
    assert fields.source is None
    assert fields.published_date == dt.date(2023, 3, 29)


def test_a_section_label_under_the_headline_is_not_a_source():
    fields = page("Election results: counting under way in five states\n\nLive Updates\n"
                  "Dec 3, 2023 / 09:05 AM IST\n\n" + BODY)
    assert fields.source is None
    assert fields.published_date == dt.date(2023, 12, 3)


def test_times_without_a_zone_are_read_where_the_page_was_published():
    # A Moneycontrol page carrying a Reuters story prints Indian time.
    fields = page("Oil steadies as supply worries ease\n\nMoneycontrol News\nMar 29, 2023 / 07:45 AM\n\n"
                  + BODY + "\n(With inputs from Reuters)\n")
    assert fields.source.source_id == "reuters"
    assert utc(fields.published_at) == "2023-03-29T02:15:00Z"


def test_lines_that_start_like_buttons_are_still_story_text():
    fields = page("Shares hit by drug suspension\n\n"
                  "Shares in two drug makers plunged on Monday after the firms suspended sales.\n\n"
                  "Subscribers to the service will get refunds, the company said.\n\n"
                  "Copyright law will be reviewed next year, ministers said.\n\n"
                  "- Announced a package for the sugar industry\n\n" + BODY)
    assert fields.title == "Shares hit by drug suspension"
    for sentence in ("Shares in two drug makers", "Subscribers to the service", "Copyright law will",
                     "- Announced a package"):
        assert sentence in fields.body


@pytest.mark.corpus
def test_bbc_articles_keep_title_and_get_no_invented_date_or_source(shared_dir):
    """The BBC corpus prints no dates or credits: nothing may be invented for it."""
    files = sorted((shared_dir / "corpora" / "bbc").rglob("*.txt"))[:400]
    assert files
    for path in files:
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
        fields = parse_page(text)
        assert fields.title == text.split("\n")[0].strip(), path
        assert fields.published_date is None and fields.source is None, path


def test_date_and_time_on_separate_lines_make_one_timestamp():
    fields = page("Metro fares to rise from April\n\nPTI\nJan 13, 2023\n09:41 AM IST\n\n" + BODY)
    assert fields.published_date == dt.date(2023, 1, 13)
    assert utc(fields.published_at) == "2023-01-13T04:11:00Z"


def test_date_without_a_year_takes_it_from_the_crawl_date():
    fields = page(" date 2023-11-09  Home  News\nCity council passes budget\n\nReuters\n"
                  "Updated: Nov 8, 10:05 PM GMT\n\n" + BODY)
    assert fields.published_date == dt.date(2023, 11, 8)
    assert utc(fields.published_at) == "2023-11-08T22:05:00Z"


def test_date_without_a_year_and_no_crawl_date_is_not_guessed():
    fields = page("City council passes budget\n\nReuters\nUpdated: Nov 8, 10:05 PM GMT\n\n" + BODY)
    assert fields.published_date is None
