"""Dates as news pages print them: parsing, time-zone abbreviations, relative phrases.

Plain functions, no page logic. Our own regular expressions read the common forms exactly
(faster and more predictable than dateparser on whole lines); dateparser is only a fallback for
short candidate strings, always with `languages=['en']` (see ../shared/NOTES.md for its traps).

Two rules run through everything here:
- `date` is the calendar day as printed. It is never converted: midnight in Kolkata is the
  previous day in UTC, and a date-only value must not move.
- Time-zone abbreviations are resolved by our table, by the source's home zone when the
  abbreviation is ambiguous (IST is India for an Indian page, Ireland for an Irish one).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

# --- Time zones -------------------------------------------------------------------------------

def _off(hours: float) -> dt.timezone:
    return dt.timezone(dt.timedelta(minutes=round(hours * 60)))


# Abbreviation -> candidate offsets, the first the default; an ambiguous one lists the home
# zones (prefixes of IANA names) that choose each reading. Standard and daylight abbreviations
# are fixed offsets (EST is -5 even in July); generic ones (ET, PT) follow the zone's rules.
TZ_ABBREVIATIONS: dict[str, list[tuple[dt.tzinfo, tuple[str, ...]]]] = {
    "IST": [(_off(5.5), ("Asia/Kolkata", "Asia/Calcutta")), (_off(1), ("Europe/Dublin",)),
            (_off(2), ("Asia/Jerusalem", "Asia/Tel_Aviv"))],
    "UTC": [(dt.timezone.utc, ())], "GMT": [(dt.timezone.utc, ())], "Z": [(dt.timezone.utc, ())],
    "BST": [(_off(1), ("Europe/London",)), (_off(6), ("Asia/Dhaka",))],
    "CET": [(_off(1), ())], "CEST": [(_off(2), ())], "MET": [(_off(1), ())],
    "WET": [(_off(0), ())], "WEST": [(_off(1), ())], "EET": [(_off(2), ())],
    "EEST": [(_off(3), ())], "MSK": [(_off(3), ())],
    "EST": [(_off(-5), ("America/",)), (_off(10), ("Australia/",))],
    "EDT": [(_off(-4), ())], "CDT": [(_off(-5), ())], "MDT": [(_off(-6), ())],
    "PDT": [(_off(-7), ())], "PST": [(_off(-8), ("America/",)), (_off(8), ("Asia/Manila",))],
    "MST": [(_off(-7), ())], "AKST": [(_off(-9), ())], "HST": [(_off(-10), ())],
    "CST": [(_off(-6), ("America/",)), (_off(8), ("Asia/Shanghai", "Asia/Taipei", "Asia/Hong_Kong"))],
    "AST": [(_off(-4), ("America/",)), (_off(3), ("Asia/Riyadh", "Asia/Baghdad", "Asia/Kuwait"))],
    "ET": [(ZoneInfo("America/New_York"), ())], "PT": [(ZoneInfo("America/Los_Angeles"), ())],
    "CT": [(ZoneInfo("America/Chicago"), ())], "MT": [(ZoneInfo("America/Denver"), ())],
    "JST": [(_off(9), ())], "KST": [(_off(9), ())], "HKT": [(_off(8), ())],
    "SGT": [(_off(8), ())], "PHT": [(_off(8), ())], "WIB": [(_off(7), ())], "ICT": [(_off(7), ())],
    "PKT": [(_off(5), ())], "NPT": [(_off(5.75), ())], "AFT": [(_off(4.5), ())],
    "GST": [(_off(4), ())], "IRST": [(_off(3.5), ())], "SAST": [(_off(2), ())],
    "CAT": [(_off(2), ())], "EAT": [(_off(3), ())], "WAT": [(_off(1), ())],
    "AEST": [(_off(10), ())], "AEDT": [(_off(11), ())], "ACST": [(_off(9.5), ())],
    "AWST": [(_off(8), ())], "NZST": [(_off(12), ())], "NZDT": [(_off(13), ())],
}


def resolve_zone(abbreviation: str, home_zone: str | None = None) -> dt.tzinfo | None:
    """The zone an abbreviation means on a page from a source whose home zone is `home_zone`.

    >>> resolve_zone("IST", "Asia/Kolkata").utcoffset(None)
    datetime.timedelta(seconds=19800)
    """
    abbr = abbreviation.upper().strip("() ")
    offset = re.fullmatch(r"(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?", abbr)
    if offset:
        sign = -1 if offset.group(1) == "-" else 1
        minutes = int(offset.group(2)) * 60 + int(offset.group(3) or 0)
        return dt.timezone(sign * dt.timedelta(minutes=minutes)) if minutes < 15 * 60 else None
    candidates = TZ_ABBREVIATIONS.get(abbr)
    if not candidates:
        return None
    if home_zone:
        for tz, homes in candidates:
            if any(home_zone.startswith(h) for h in homes):
                return tz
    return candidates[0][0]


def home_zone_info(home_zone: str | None) -> dt.tzinfo | None:
    try:
        return ZoneInfo(home_zone) if home_zone else None
    except (KeyError, ValueError):
        return None


# --- Patterns ---------------------------------------------------------------------------------

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = (r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|wednes|thu|thur|thurs|fri|sat|satur|sun)(?:day)?\.?,?\s+)?"
_ORD = r"(?:st|nd|rd|th)?"

DATE_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("iso", re.compile(
        r"(?<![\d/.-])(?P<y>(?:19|20)\d\d)-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
        r"(?:[T ](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?"
        r"\s?(?P<off>Z|[+-]\d{2}:?\d{2})?)?(?![\d])")),
    ("ymd", re.compile(r"(?<![\d/.-])(?P<y>(?:19|20)\d\d)[/.](?P<m>\d{1,2})[/.](?P<d>\d{1,2})(?![\d/.])")),
    ("mdy_name", re.compile(
        _WEEKDAY + r"\b" + _MONTH + r"\s*(?P<d>\d{1,2})" + _ORD + r"(?:,\s*|\s+|\s*,)(?P<y>(?:19|20)\d\d)\b",
        re.I)),
    ("dmy_name", re.compile(
        _WEEKDAY + r"\b(?P<d>\d{1,2})" + _ORD + r"(?:\s+of)?[\s-]+" + _MONTH + r"[\s,-]+(?P<y>(?:19|20)\d\d)\b",
        re.I)),
    ("numeric", re.compile(
        r"(?<![\d/.:-])(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<y>(?:19|20)?\d\d)(?![\d/:-]|\.\d)")),
]
# A day and month with no year: wire datelines ('NEW DELHI, Jan 13 (PTI)'), read with a base year.
YEARLESS_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("md_name", re.compile(_WEEKDAY + r"\b" + _MONTH + r"\s+(?P<d>\d{1,2})" + _ORD + r"\b(?!\s*,?\s*\d{4})", re.I)),
    ("dm_name", re.compile(_WEEKDAY + r"\b(?P<d>\d{1,2})" + _ORD + r"\s+" + _MONTH + r"(?![\s,]*\d{4})\b", re.I)),
]

_TZ_TOKEN = r"(?P<tz>(?:UTC|GMT)\s?[+-]\s?\d{1,2}(?::?\d{2})?|[+-]\d{2}:?\d{2}|[A-Z]{2,5})"
TIME = re.compile(
    r"(?P<H>\d{1,2})(?:[:.](?P<M>\d{2})(?::(?P<S>\d{2}))?\s*(?P<ampm>[aApP]\.?\s?[mM]\.?)?"
    r"|\s*(?P<ampm2>[aApP]\.?\s?[mM]\.?))(?![\w])"
    r"(?:\s*\(?" + _TZ_TOKEN + r"\)?(?![\w]))?")
# Between a date and a time that follows it: 'Jan 13, 2023 / 09:41 AM', '... at 10:05 a.m.'
_AFTER_DATE = re.compile(r"\s*(?:[,/|@·•–—-]|\bat\b|\s)\s*(?:at\s+)?")
# Between a time and the date after it: '09:41 AM IST, 13 Jan 2023', '10:05 ET on March 11'
_BEFORE_DATE = re.compile(r"\s*(?:[,/|@·•–—-]\s*|\bon\s+|\s)\s*$")
RELATIVE = re.compile(
    r"\b(?P<n>\d+|an?|one)\s+(?P<unit>min(?:ute)?s?|hours?|hrs?|days?|weeks?)\s+ago\b"
    r"|\b(?P<word>yesterday|today|just now)\b", re.I)


@dataclass(frozen=True)
class DateValue:
    """One date read from text."""

    date: dt.date  # the calendar day as printed
    at: dt.datetime | None  # aware instant, when a time of day and a zone are known
    text: str  # the substring it was read from
    start: int  # span of `text` in the string searched
    end: int
    form: str  # which pattern read it ('iso', 'mdy_name', 'numeric', 'relative', ...)


def _year(y: str) -> int:
    n = int(y)
    return n if n >= 100 else (2000 + n if n < 70 else 1900 + n)


def _ymd(form: str, g: dict, date_order: str | None) -> tuple[int, int, int] | None:
    if "mon" in g and g.get("mon"):
        return _year(g["y"]) if g.get("y") else 0, MONTHS[g["mon"][:3].lower()], int(g["d"])
    if form == "numeric":
        a, b = int(g["a"]), int(g["b"])
        if a > 12 and b <= 12:
            day, month = a, b
        elif b > 12 and a <= 12:
            month, day = a, b
        elif a == b:
            day = month = a
        elif date_order == "DMY":
            day, month = a, b
        elif date_order == "MDY":
            month, day = a, b
        else:
            return None  # 03/04/2016 from a source whose order we do not know: no guess
        if g["sep"] == "." and len(g["y"]) == 2:
            return None  # '3.5.16' is more often a version or a score than a date
        return _year(g["y"]), month, day
    return int(g["y"]), int(g["m"]), int(g["d"])


def _time(m: re.Match) -> tuple[int, int, int] | None:
    h = int(m.group("H"))
    minute = int(m.group("M") or 0)
    sec = int(m.group("S") or 0)
    ampm = (m.group("ampm") or m.group("ampm2") or "").lower().replace(".", "").replace(" ", "")
    if ampm:
        if not 1 <= h <= 12:
            return None
        h = (h % 12) + (12 if ampm.startswith("p") else 0)
    elif m.group("M") is None:
        return None
    if h > 23 or minute > 59 or sec > 59:
        return None
    return h, minute, sec


def _zone(token: str | None, home_zone: str | None) -> dt.tzinfo | None:
    if not token:
        return None
    return resolve_zone(token.replace(" ", ""), home_zone)


def _attach_time(text: str, start: int, end: int, home_zone: str | None, tz_token: str | None = None,
                 hms: tuple[int, int, int] | None = None):
    """Find a time of day printed right after (or right before) the date at text[start:end].

    Returns (hms, tzinfo or None, new_start, new_end)."""
    zone = _zone(tz_token, home_zone)
    if hms is None:
        sep = _AFTER_DATE.match(text, end)
        m = TIME.match(text, sep.end()) if sep else None
        if m and _time(m) and (m.group("M") or m.group("ampm2")):
            hms = _time(m)
            if m.group("tz") and _zone(m.group("tz"), home_zone):
                end = m.end()
            else:  # a word after the time that is no zone ('GET') stays out of the date text
                end = max(m.end(g) for g in ("M", "S", "ampm", "ampm2") if m.group(g))
            zone = zone or _zone(m.group("tz"), home_zone)
        else:
            # A time before the date: '09:41 AM IST, 13 Jan 2023'
            window = text[max(0, start - 30):start]
            for m in TIME.finditer(window):
                rest = window[m.end():]
                if _BEFORE_DATE.fullmatch(rest) and _time(m) and (m.group("M") or m.group("ampm2")):
                    hms = _time(m)
                    zone = zone or _zone(m.group("tz"), home_zone)
                    start = max(0, start - 30) + m.start()
                    break
    if hms is None:
        return None, None, start, end
    # A zone printed after the time but not caught by TIME ('10:05 a.m. (EST)') is rare: the
    # home zone of the source then applies, as the contract says.
    return hms, zone or home_zone_info(home_zone), start, end


def find_dates(text: str, *, date_order: str | None = None, home_zone: str | None = None,
               base: dt.date | None = None, yearless: bool = False) -> list[DateValue]:
    """Every date printed in `text` (a line or a short passage), in order of position.

    `date_order` ('DMY'/'MDY') reads ambiguous numeric dates; without it they are skipped.
    `base` (the crawl date) reads relative phrases ('2 hours ago') and, with `yearless`, a day
    and month printed without a year (the year that puts it nearest on or before the base).
    """
    found: list[tuple[int, int, str, dict]] = []
    taken: list[tuple[int, int]] = []
    patterns = DATE_PATTERNS + (YEARLESS_PATTERNS if yearless and base else [])
    for form, pat in patterns:
        for m in pat.finditer(text):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            taken.append((s, e))
            found.append((s, e, form, m.groupdict()))
    values: list[DateValue] = []
    for s, e, form, g in found:
        order = date_order
        if form == "numeric":
            # The zone printed with the time says where the date was written: '02/11/2023
            # 02:00pm GMT' is British, whatever the rest of the page does.
            for token in re.findall(r"\b[A-Z]{2,4}\b", text[e:e + 24]):
                if _DMY_HINTS.fullmatch(token):
                    order = "DMY"
                    break
                if _MDY_HINTS.fullmatch(token):
                    order = "MDY"
                    break
        ymd = _ymd(form, g, order)
        if ymd is None:
            continue
        y, mo, d = ymd
        if y == 0:  # yearless: the latest such day not after the base (a dateline is never ahead)
            y = base.year
            try:
                if dt.date(y, mo, d) > base + dt.timedelta(days=1):
                    y -= 1
            except ValueError:
                continue
        try:
            day = dt.date(y, mo, d)
        except ValueError:
            continue
        hms = None
        tz_token = None
        if form == "iso" and g.get("H"):
            hms = (int(g["H"]), int(g["M"]), int(g["S"] or 0))
            tz_token = g.get("off")
            if hms[0] > 23 or hms[1] > 59:
                hms = None
        if form == "iso" and hms is not None:
            zone = _zone(tz_token, home_zone) if tz_token else None
            # An ISO time with no offset may still be followed by ' IST' or ' GMT'.
            if zone is None:
                m = re.match(r"\s*\(?" + _TZ_TOKEN + r"\)?(?!\w)", text[e:])
                if m and _zone(m.group("tz"), home_zone):
                    zone = _zone(m.group("tz"), home_zone)
                    e += m.end()
            zone = zone or home_zone_info(home_zone)
        else:
            hms, zone, s, e = _attach_time(text, s, e, home_zone)
        at = None
        if hms is not None and zone is not None:
            at = dt.datetime(day.year, day.month, day.day, *hms, tzinfo=zone)
        values.append(DateValue(day, at, text[s:e], s, e, form))
    if base is not None:
        values.extend(_relative(text, base, taken))
    return sorted(values, key=lambda v: v.start)


def _relative(text: str, base: dt.date, taken: list[tuple[int, int]]) -> list[DateValue]:
    out = []
    for m in RELATIVE.finditer(text):
        if any(m.start() < te and ts < m.end() for ts, te in taken):
            continue
        word = (m.group("word") or "").lower()
        if word:
            days = 1 if word == "yesterday" else 0
        else:
            n = 1 if m.group("n").lower() in ("a", "an", "one") else int(m.group("n"))
            unit = m.group("unit").lower()
            if unit.startswith(("min", "h")):
                days = 0  # hours before the crawl: the crawl day is the best day we have
            elif unit.startswith("d"):
                days = n
            else:
                days = 7 * n
        out.append(DateValue(base - dt.timedelta(days=days), None, m.group(0), m.start(), m.end(),
                             "relative"))
    return out


def parse_date(text: str, *, date_order: str | None = None, home_zone: str | None = None,
               base: dt.date | None = None, yearless: bool = False) -> DateValue | None:
    """The first date in a short string ('Jan 13, 2023 / 09:41 AM IST'), or None.

    Falls back on dateparser for forms our patterns do not read, only for short strings."""
    values = find_dates(text, date_order=date_order, home_zone=home_zone, base=base,
                        yearless=yearless)
    if values:
        return values[0]
    return _dateparser_fallback(text, date_order=date_order, home_zone=home_zone)


def _dateparser_fallback(text: str, *, date_order: str | None, home_zone: str | None) -> DateValue | None:
    candidate = text.strip()
    # Only short strings that hold a year and a month name: dateparser finds dates in words
    # like 'to' and 'a' on anything longer (NOTES.md).
    if not 6 <= len(candidate) <= 40 or not re.search(r"\b(?:19|20)\d\d\b", candidate) \
            or not re.search(_MONTH, candidate, re.I):
        return None
    import dateparser  # imported lazily: it is slow to import and rarely needed

    settings = {"RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DAY_OF_MONTH": "first",
                "REQUIRE_PARTS": ["day", "month", "year"]}
    if date_order:
        settings["DATE_ORDER"] = date_order
    # Strip a trailing zone abbreviation: dateparser's own table misreads IST and others.
    stripped = re.sub(r"\s*\(?\b[A-Z]{2,5}\)?\s*$", "", candidate)
    try:
        parsed = dateparser.parse(stripped, languages=["en"], settings=settings)
    except Exception:  # dateparser raises on odd input; an unreadable date is simply None
        return None
    if parsed is None:
        return None
    return DateValue(parsed.date(), None, candidate, 0, len(text), "dateparser")


_DMY_HINTS = re.compile(r"\b(?:IST|BST|GMT|CET|CEST|AEST|AEDT|SAST|JST|WIB)\b|£|€")
_MDY_HINTS = re.compile(r"\b(?:EST|EDT|CST|CDT|MST|MDT|PST|PDT|ET|PT)\b")


def infer_date_order(text: str) -> str | None:
    """'DMY' or 'MDY' from how a page writes its other dates, for numeric dates like 08/11/2023.

    Evidence, strongest first: numeric dates that only read one way (25/03/2020); named-month
    dates written day-first ('8 November 2023') or month-first ('November 8, 2023'); zone
    abbreviations and currencies of day-first or month-first countries. None when it is unclear.
    """
    dmy = mdy = 0.0
    for m in DATE_PATTERNS[4][1].finditer(text):
        a, b = int(m.group("a")), int(m.group("b"))
        if a > 12 >= b:
            dmy += 3
        elif b > 12 >= a:
            mdy += 3
    dmy += len(DATE_PATTERNS[3][1].findall(text))
    mdy += len(DATE_PATTERNS[2][1].findall(text))
    dmy += 0.5 * len(_DMY_HINTS.findall(text))
    mdy += 0.5 * len(_MDY_HINTS.findall(text))
    if dmy >= 2 * mdy and dmy >= 1:
        return "DMY"
    if mdy >= 2 * dmy and mdy >= 1:
        return "MDY"
    return None
