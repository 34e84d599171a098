"""Page parser: the visible text of a news page in, the fields of an article out.

One entry point, `parse_page`. It never raises on odd text: what it cannot read is None.

A saved page reads top to bottom as: optional scraper header (` date 2023-01-13  <nav text>`),
navigation, headline, a short block of credit / byline / date lines, the body, then the tail
(related links, tags, share buttons). The body may open with a wire dateline
(`WASHINGTON (Reuters) - `) and close with a credit (`(With inputs from PTI)`, `— AP`).
"""
from __future__ import annotations

import datetime as dt
import re

from quotewire import dates as D
from quotewire import page_dates as PD
from quotewire import page_furniture as F
from quotewire import sources as S
from quotewire.records import PageFields, Source

MAX_META_LINES = 8


def parse_page(text: str) -> PageFields:
    try:
        return _parse(text)
    except Exception:  # a page we cannot read is an article with NULL fields, never a crash
        body = text.strip()
        return PageFields(title=None, body=body)


def _parse(text: str) -> PageFields:
    lines = [ln.strip() for ln in text.lstrip("\ufeff").split("\n")]
    i = _next_nonblank(lines, 0)
    crawl_date = None
    if i < len(lines):
        header = F.CRAWL_HEADER.match(lines[i])
        if header:
            crawl_date = dt.date.fromisoformat(header.group(1))
            i += 1

    # Navigation before the headline, and a kicker line with the credit and date above it
    # ('India News | ANI | Updated: March 02, 2023 7:15 pm IST').
    meta = _Meta()
    i = _next_nonblank(lines, i)
    while i < len(lines):
        line = lines[i]
        if not (F.is_furniture(line) or F.is_navigation(line) or _kicker(meta, line)):
            break
        i = _next_nonblank(lines, i + 1)
    if i >= len(lines):
        return PageFields(title=None, body="")

    title = None
    first = i
    if _is_title(lines, i):
        title = lines[i]
        i += 1
        # Saved pages often start with the browser title ('Headline | Site'), then menus, then
        # the headline again: the article starts at that repetition.
        limit = first + min(3000, max(40, int(0.6 * (len(lines) - first))))
        again = [h for h in PD.headline_lines(lines[i:limit], title)]
        if again:
            h = i + again[-1]
            title = lines[h]
            i = h + 1

    # The block of credit, byline and date lines under the headline.
    seen = 0
    while seen < MAX_META_LINES:
        i = _next_nonblank(lines, i)
        if i >= len(lines):
            break
        if not meta.take(lines[i]):
            break
        i += 1
        seen += 1

    body_lines, tail_credits = F.clean_body(lines[i:])
    body_lines = F.main_text(body_lines)
    body_lines, wire = _strip_wire_dateline(body_lines)

    credits = list(meta.credits)
    if wire and wire.credit:
        credits.insert(0, wire.credit)
    credits.extend(tail_credits)
    source, credit = _choose_source(credits)

    # The page prints times and dates the way its publisher does: a Moneycontrol page carrying
    # a Reuters story writes IST and day-first. Without a known publisher, the source's own.
    printer = _publisher(credits) or source
    home = printer.time_zone if printer else None
    order = S.date_order(printer) or meta.inferred_order()
    if order is None and D.DATE_PATTERNS[4][1].search(text):  # only numeric dates need it
        order = D.infer_date_order(text[:200_000])
    date_value, method = meta.best_date(order, home, crawl_date)
    if date_value is None and wire and wire.date_text:
        base = crawl_date
        date_value = D.parse_date(wire.date_text, date_order=order, home_zone=home,
                                  base=base, yearless=base is not None)
        method = "wire_dateline"
    if date_value is None:
        # An article's date is printed near its top: the first few thousand lines are enough.
        date_value, method = PD.best_date(
            lines[first:first + 3000], lines[first] if first < len(lines) else None, date_order=order,
            home_zone=home, base=crawl_date,
            today=crawl_date + dt.timedelta(days=1) if crawl_date else None)
    if date_value is not None and date_value.form == "relative":
        method = "relative"

    body = "\n\n".join(body_lines).strip()
    return PageFields(
        title=title,
        body=body,
        source=source,
        credit=credit,
        byline=meta.byline,
        published_date=date_value.date if date_value else None,
        published_at=date_value.at if date_value else None,
        date_text=date_value.text if date_value else None,
        date_method=method if date_value else None,
    )


def _next_nonblank(lines: list[str], i: int) -> int:
    while i < len(lines) and not lines[i]:
        i += 1
    return i


def _is_title(lines: list[str], i: int) -> bool:
    """A headline is a short line that is not a sentence of the body, nor a credit or a date."""
    line = lines[i]
    if len(line) > 250 or F.BYLINE.match(line) or _date_line(line) is not None:
        return False
    # A first line that is already a long paragraph means the page has no headline.
    return not (len(line) > 160 and line.endswith((".", '"', "”")))


# --- The credit/byline/date block -------------------------------------------------------------

LABEL_PUBLISHED = re.compile(
    r"\b(?:first\s+published|published|posted|created|released|issued|date)\b", re.I)
LABEL_UPDATED = re.compile(r"\b(?:updated|modified|edited|revised|last\s+updated)\b", re.I)
TIME_ONLY = re.compile(r"(?:at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[aApP]\.?\s?[mM]\.?)?\s*(?:\(?[A-Z]{2,5}\)?)?")
SEGMENT_SPLIT = re.compile(r"\s+[|•·]\s+|\s{3,}")


def _date_line(line: str) -> list[D.DateValue] | None:
    """The dates of a line that is only a date (with labels and a zone), else None."""
    # Order and base only matter here for the 'is this a date line' test.
    values = D.find_dates(line, date_order="DMY", base=dt.date(2000, 1, 1), yearless=True)
    if not values:
        return None
    rest = line
    for v in reversed(values):
        rest = rest[:v.start] + rest[v.end:]
    rest = LABEL_PUBLISHED.sub("", LABEL_UPDATED.sub("", rest))
    rest = re.sub(r"\b(?:on|at|IST|GMT|UTC|ET|EST|EDT|BST|CET|JST|hrs?|last)\b|[:|,/•·()\-–—]",
                  " ", rest, flags=re.I)
    return values if len(rest.strip()) <= 12 else None


_BY = r"(?:Written\s+|Posted\s+|Reported\s+)?(?:By|BY|by)\s+[A-Z][^\d|•]{1,80}?"


def _split_byline_date(seg: str) -> list[str]:
    """'By Jane Doe on March 3, 2023' and 'Posted March 3, 2023 by Jane Doe': a byline and a
    date in one segment become two."""
    m = re.match(r"^(?P<by>" + _BY + r")\s*(?:,|\bon\b|[-–—·•])?\s*(?P<rest>(?:\w+\s*:?\s*)?\S*\d.*)$", seg)
    if m and _date_line(m.group("rest")):
        return [m.group("by"), m.group("rest")]
    m = re.match(r"^(?P<rest>.*\d.*?)\s*(?:,|[-–—·•])?\s+(?P<by>" + _BY + r")$", seg)
    if m and _date_line(m.group("rest")):
        return [m.group("rest"), m.group("by")]
    return [seg]


def _kicker(meta: "_Meta", line: str) -> bool:
    """Take a segmented line above the headline when it carries a date; False otherwise."""
    if not SEGMENT_SPLIT.search(line) or _date_line_in(line) is None:
        return False
    return meta.take(line)


def _date_line_in(line: str) -> bool | None:
    return True if any(_date_line(seg) for seg in SEGMENT_SPLIT.split(line)) else None


class _Meta:
    def __init__(self) -> None:
        self.credits: list[str] = []
        self.byline: str | None = None
        self.date_segments: list[tuple[str, str]] = []  # (label, text)

    def take(self, line: str) -> bool:
        """Take one line of the block; False when the line is the start of the body."""
        segments = [part for s in SEGMENT_SPLIT.split(line) if s.strip()
                    for part in _split_byline_date(s.strip())]
        kinds = [self._kind(s, len(segments) == 1) for s in segments]
        if not segments or any(k is None for k in kinds):
            return False
        for seg, kind in zip(segments, kinds):
            if kind == "time" and self.date_segments:
                # 'Jan 13, 2023' then '09:41 AM IST' on the next line: one timestamp.
                label, previous = self.date_segments[-1]
                self.date_segments[-1] = (label, f"{previous} {seg}")
            elif kind == "date":
                if re.search(r"first\s+published|published|posted|created", seg, re.I):
                    label = "published"
                elif LABEL_UPDATED.search(seg):
                    label = "updated"
                else:
                    label = "unlabelled"
                self.date_segments.append((label, seg))
            elif kind == "byline":
                m = F.BYLINE.match(seg)
                name = (m.group(1) if m else F.BYLINE_ROLE.match(seg).group("name")).strip()
                self.byline = self.byline or name
                if S.lookup(name):  # 'By ET Bureau', 'Written by Express News Service': a desk
                    self.credits.append(name)
                # 'By Jane Doe, Reuters': the agency after the name is a credit.
                for part in re.split(r",\s*|\s+and\s+", name)[1:]:
                    if S.lookup(part):
                        self.credits.append(part)
                # 'By JOSH BOAK Associated Press': the agency closes the line.
                words = name.split()
                for k in (4, 3, 2, 1):
                    suffix = " ".join(words[-k:])
                    if len(words) > k and (k > 1 or suffix.isupper()) and S.lookup(suffix) \
                            and suffix not in self.credits:
                        self.credits.append(suffix)
                        if self.byline == name:
                            self.byline = " ".join(words[:-k]).rstrip(" ,")
                        break
            elif kind == "author":
                self.byline = self.byline or seg
            elif kind == "credit":
                self.credits.append(re.sub(r"^(?:Source|Credit|Agency)\s*:\s*", "", seg, flags=re.I))
        return True

    def _kind(self, seg: str, alone: bool) -> str | None:
        # A date comes first: 'Last updated: ...' is furniture in a body, a date here.
        if _date_line(seg) is not None:
            return "date"
        if self.date_segments and TIME_ONLY.fullmatch(seg):
            return "time"
        if F.is_furniture(seg) or F.SECTION_LABEL.match(seg):
            return "furniture"
        if (F.BYLINE.match(seg) or F.BYLINE_ROLE.match(seg)) and len(seg) <= 100:
            return "byline"
        if F.looks_like_person(seg):
            return "author"
        if S.lookup(re.sub(r"^(?:Source|Credit|Agency)\s*:\s*", "", seg, flags=re.I)):
            return "credit"
        if F.looks_like_credit(seg) and alone:
            return "credit"
        # Among the other parts of a credit line ('PTI | New Delhi') a short name is a place.
        if not alone and len(seg) <= 40 and re.fullmatch(r"[A-Z][\w'’.-]*(?: [A-Z&][\w'’.-]*){0,3}", seg):
            return "other"
        return None

    def inferred_order(self) -> str | None:
        text = " ".join(t for _, t in self.date_segments)
        if re.search(r"\b(?:IST|BST|GMT|CET|CEST|JST|AEST)\b", text):
            return "DMY"
        if re.search(r"\b(?:EST|EDT|ET|PST|PDT|PT|CST|CDT)\b", text):
            return "MDY"
        return None

    def best_date(self, order, home, base) -> tuple[D.DateValue | None, str | None]:
        # First-published beats a bare date, which beats updated; within a kind the first wins.
        for wanted in ("published", "unlabelled", "updated"):
            for label, seg in self.date_segments:
                if label != wanted:
                    continue
                # A day and month without a year ('Updated: Nov 8, 10:05 AM') are read only
                # when the crawl date gives the year.
                values = D.find_dates(seg, date_order=order, home_zone=home, base=base,
                                      yearless=base is not None)
                if wanted == "published" and LABEL_UPDATED.search(seg) and len(values) > 1:
                    # 'Published 13 Jan | Updated 14 Jan' in one segment: take the published one
                    values = [v for v in values if not LABEL_UPDATED.search(seg[:v.start][-25:])] or values
                if values:
                    return values[0], "updated" if wanted == "updated" else "header"
        return None, None


# --- Wire datelines and credits ---------------------------------------------------------------

class _Wire:
    def __init__(self, place: str | None, date_text: str | None, credit: str | None):
        self.place, self.date_text, self.credit = place, date_text, credit


_MON = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
WIRE_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Za-z.'’ -]{1,40}?(?:,\s*[A-Z][A-Za-z.'’ -]{1,30}?)?)"
    r"(?:,?\s+(?P<date>" + _MON + r"\s+\d{1,2}(?:,?\s+\d{4})?|\d{1,2}\s+" + _MON + r"(?:\s+\d{4})?))?"
    r"\s*(?:\((?P<credit>[A-Za-z][A-Za-z .&-]{0,40}?)\)\.?|\.?\s*/(?P<slash>[A-Z]{2,6})/\.?)"
    r"\s*(?P<sep>[-–—:]+\s*)?(?=\S)")
BARE_CREDIT = re.compile(r"^\((?P<credit>[A-Z][A-Za-z .&-]{0,30}?)\)\s*(?:[-–—:]+\s*)?(?=\S)")
# 'NEW DELHI: ' at the start of an Indian paper's body: a place dateline with no credit.
PLACE_COLON = re.compile(r"^(?P<place>[A-Z][A-Z.'’ -]{2,30}):\s+(?=[A-Z\"“])")
# 'WASHINGTON — ' and 'LONDON, March 3 — ' in a paper's own story (no agency credit).
PLACE_DASH = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’ ]{2,30}?(?:,\s*[A-Z][A-Za-z.]+)?)(?:,\s*(?P<date>" + _MON + r"\s+\d{1,2}))?"
    r"\s+(?:—|–|--|-)\s+(?=[A-Z\"“])")


def _is_dateline(m: re.Match) -> bool:
    """Tell 'NEW DELHI, Jan 13 (PTI)' from a sentence such as 'The Trades Union Congress (TUC)
    is calling...' or 'The Associated Press (AP) said...'."""
    place, credit = m.group("place").strip(), m.group("credit") or m.group("slash")
    entry = S.lookup(credit)
    words = [w for w in re.split(r"[\s,]+", place) if w]
    if place.isupper():  # 'WASHINGTON (Reuters) -', 'LAGOS (NAN) -'
        return bool(entry) or (credit.isupper() and bool(m.group("sep") or m.group("slash")))
    if not entry or entry.source.kind != "agency" or words[0] in ("The", "A", "An") \
            or not all(w[:1].isupper() for w in words) or len(words) > 4:
        return False
    # 'New Delhi, Jan 13 (IANS)' or 'Sydney (AAP) -': a date or a dash marks the dateline.
    return bool(m.group("date") or m.group("sep") or m.group("slash"))


def _strip_wire_dateline(body: list[str]) -> tuple[list[str], _Wire | None]:
    if not body:
        return body, None
    first = body[0]
    m = WIRE_DATELINE.match(first)
    if m and _is_dateline(m):
        credit = m.group("credit") or m.group("slash")
        return [first[m.end():]] + body[1:], _Wire(m.group("place").strip(), m.group("date"), credit)
    m = BARE_CREDIT.match(first)
    if m and S.lookup(m.group("credit")):
        return [first[m.end():]] + body[1:], _Wire(None, None, m.group("credit"))
    m = PLACE_COLON.match(first)
    if m:
        return [first[m.end():]] + body[1:], _Wire(m.group("place"), None, None)
    m = PLACE_DASH.match(first)
    if m and m.group("place").split(",")[0].isupper():
        return [first[m.end():]] + body[1:], _Wire(m.group("place"), m.group("date"), None)
    return body, None


def _publisher(credits: list[str]) -> Source | None:
    """The first registry publisher among the page's credits."""
    for c in credits:
        entry = S.lookup(c)
        if entry and entry.source.kind == "publisher":
            return entry.source
    return None


def _choose_source(credits: list[str]) -> tuple[Source | None, str | None]:
    """The wire when the page credits one, else the first credit (publisher or unknown)."""
    credits = [c for c in credits if c and not F.GENERIC_CREDIT.fullmatch(c)]
    if not credits:
        return None, None
    for c in credits:
        entry = S.lookup(c)
        if entry and entry.source.kind == "agency":
            return entry.source, c
    return S.resolve(credits[0]), credits[0]
