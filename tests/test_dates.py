"""The date functions on their own: zones, forms, day order, relative phrases."""
from __future__ import annotations

import datetime as dt

import pytest

from quotewire.dates import find_dates, infer_date_order, parse_date, resolve_zone

UTC = dt.timezone.utc


def utc(value: dt.datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M")


@pytest.mark.parametrize("abbr, home, hours", [
    ("IST", "Asia/Kolkata", 5.5),
    ("IST", None, 5.5),  # our default: India, not Israel (dateparser's reading)
    ("IST", "Europe/Dublin", 1),
    ("IST", "Asia/Jerusalem", 2),
    ("BST", "Europe/London", 1),
    ("BST", "Asia/Dhaka", 6),
    ("CST", "America/Chicago", -6),
    ("CST", "Asia/Shanghai", 8),
    ("EST", "America/New_York", -5),
    ("EDT", None, -4),
    ("GMT", None, 0),
    ("CET", None, 1),
    ("CEST", None, 2),
    ("JST", None, 9),
    ("KST", None, 9),
    ("AEST", None, 10),
    ("GMT+5:30", None, 5.5),
    ("+05:30", None, 5.5),
])
def test_zone_abbreviations_are_ours(abbr, home, hours):
    assert resolve_zone(abbr, home).utcoffset(None) == dt.timedelta(hours=hours)


def test_unknown_abbreviation_is_no_zone():
    assert resolve_zone("GET") is None


def test_generic_eastern_time_follows_daylight_saving():
    winter = parse_date("January 13, 2023 8:41 PM ET")
    summer = parse_date("July 13, 2023 8:41 PM ET")
    assert utc(winter.at) == "2023-01-14 01:41"
    assert utc(summer.at) == "2023-07-14 00:41"


@pytest.mark.parametrize("text, home, day, instant", [
    ("Jan 13, 2023 / 09:41 AM IST", "Asia/Kolkata", "2023-01-13", "2023-01-13 04:11"),
    ("Published: Friday, March 11, 2016 10:05 a.m. EST", None, "2016-03-11", "2016-03-11 15:05"),
    ("Updated: January 13, 2023 08:41 PM IST", None, "2023-01-13", "2023-01-13 15:11"),
    ("2023-01-13T09:41:00+05:30", None, "2023-01-13", "2023-01-13 04:11"),
    ("2023-05-04T18:20:00Z", None, "2023-05-04", "2023-05-04 18:20"),
    ("Tue 14 Mar 2023 18.30 GMT", None, "2023-03-14", "2023-03-14 18:30"),
    ("Fri 9 Jun 2023 11.00 BST", "Europe/London", "2023-06-09", "2023-06-09 10:00"),
    ("09:41 AM IST, 13 Jan 2023", None, "2023-01-13", "2023-01-13 04:11"),
    ("Updated 9:14 PM EDT, Tue June 13, 2023", None, "2023-06-13", "2023-06-14 01:14"),
    ("14 February 2023 - 16:05 CET", None, "2023-02-14", "2023-02-14 15:05"),
    ("Mar 10, 2023 18:20 JST", None, "2023-03-10", "2023-03-10 09:20"),
    ("2023-02-07 15:30 KST", None, "2023-02-07", "2023-02-07 06:30"),
    ("3 April 2023 3:45pm AEST", None, "2023-04-03", "2023-04-03 05:45"),
    # A time with no zone is read in the source's home zone.
    ("Mar 29, 2023 / 08:12 PM", "Asia/Kolkata", "2023-03-29", "2023-03-29 14:42"),
    ("21 MAR 2023, 14:35", "Europe/Moscow", "2023-03-21", "2023-03-21 11:35"),
])
def test_date_and_instant(text, home, day, instant):
    value = parse_date(text, home_zone=home)
    assert value.date.isoformat() == day
    assert utc(value.at) == instant


@pytest.mark.parametrize("text, day", [
    ("Last Updated: 13th Jan, 2023", "2023-01-13"),
    ("Jan. 28, 2020", "2020-01-28"),
    ("December 29th 2019", "2019-12-29"),
    ("Published On 27 Mar 2023", "2023-03-27"),
    ("Sunday, July 05, 2020", "2020-07-05"),
    ("04:30, 3 NOV 2023", "2023-11-03"),
    ("Published: 2023-07-04", "2023-07-04"),
    ("posted 2019/08/02", "2019-08-02"),
])
def test_common_date_forms(text, day):
    assert parse_date(text).date.isoformat() == day


def test_date_only_never_shifts_through_a_zone():
    value = parse_date("13 January 2023", home_zone="Asia/Kolkata")
    assert value.date == dt.date(2023, 1, 13) and value.at is None


def test_date_as_printed_even_when_the_instant_is_the_day_before_in_utc():
    value = parse_date("Jan 13, 2023 12:05 AM IST", home_zone="Asia/Kolkata")
    assert value.date == dt.date(2023, 1, 13)
    assert utc(value.at) == "2023-01-12 18:35"


def test_time_without_any_zone_gives_no_instant():
    value = parse_date("March 8, 2023 9:12 AM")
    assert value.date == dt.date(2023, 3, 8) and value.at is None


@pytest.mark.parametrize("text, order, day", [
    ("11/03/2016", "DMY", "2016-03-11"),  # Indian and British pages are day-first
    ("11/03/2016", "MDY", "2016-11-03"),
    ("25/03/2016", "MDY", "2016-03-25"),  # only one reading exists
    ("03/25/2016", "DMY", "2016-03-25"),
    ("16.08.2023", "DMY", "2023-08-16"),
    ("02/11/2023 02:00pm GMT", "MDY", "2023-11-02"),  # the zone says the writer is British
    ("11/8/2023 10:46 PM EST", None, "2023-11-08"),
])
def test_numeric_day_order(text, order, day):
    assert parse_date(text, date_order=order).date.isoformat() == day


def test_ambiguous_numeric_date_from_unknown_order_is_not_guessed():
    assert parse_date("03/04/2016") is None


def test_a_word_after_a_date_is_not_a_zone():
    # The scraper header: dateparser reads 'GET' as a zone here.
    value = parse_date("date 2023-01-13  GET LIVE MARKET QUOTES & NEWS", home_zone="Asia/Kolkata")
    assert value.date == dt.date(2023, 1, 13) and value.at is None and value.text == "2023-01-13"


@pytest.mark.parametrize("text, day", [
    ("2 hours ago", "2023-04-10"),
    ("Updated 35 minutes ago", "2023-04-10"),
    ("3 days ago", "2023-04-07"),
    ("a week ago", "2023-04-03"),
    ("yesterday", "2023-04-09"),
])
def test_relative_dates_use_the_crawl_date(text, day):
    value = parse_date(text, base=dt.date(2023, 4, 10))
    assert value.date.isoformat() == day and value.form == "relative" and value.at is None


def test_relative_phrase_without_a_crawl_date_is_no_date():
    assert parse_date("2 hours ago") is None


@pytest.mark.parametrize("text, base, day", [
    ("NEW DELHI, Jan 13 (PTI)", dt.date(2023, 1, 14), "2023-01-13"),
    ("Kolkata, Dec 30 (UNI)", dt.date(2023, 1, 2), "2022-12-30"),  # a dateline is never ahead
    ("MOSCOW, March 21. /TASS/.", dt.date(2023, 3, 21), "2023-03-21"),
])
def test_yearless_dateline_takes_its_year_from_the_crawl_date(text, base, day):
    assert parse_date(text, base=base, yearless=True).date.isoformat() == day


def test_several_dates_in_order_with_their_text():
    values = find_dates("Published 3 Nov 2023 | Updated 4 Nov 2023, 09:10 GMT")
    assert [v.date.isoformat() for v in values] == ["2023-11-03", "2023-11-04"]
    assert values[1].text == "4 Nov 2023, 09:10 GMT"


def test_version_numbers_and_scores_are_not_dates():
    assert find_dates("Python 3.11.2 was released; the score was 3-1-2") == []


@pytest.mark.parametrize("text, order", [
    ("Published 25/12/2020. Next story 02/01/2021", "DMY"),
    ("Posted November 8, 2023 and November 9, 2023", "MDY"),
    ("9 November 2023 · 8 November 2023", "DMY"),
    ("Prices in £ from 3 March 2023", "DMY"),
    ("Nothing dated here", None),
])
def test_infer_date_order_from_the_page(text, order):
    assert infer_date_order(text) == order
