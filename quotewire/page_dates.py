"""The publication date of a page whose date is not in a tidy block under the headline.

Real saved pages put the article's date near its headline (often the headline printed a second
time, after the navigation), usually on a short line of its own, a byline, or a line labelled
`Published`/`Posted`. Other dates on the page belong to other things: today's date in the
masthead, related-article lists (many short dated lines), comments, copyright lines, and dates
inside the story's sentences. Each candidate is scored on those signs; a page whose best
candidate is weak gets no date rather than a guess (a wrong date is worse than none).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from quotewire import dates as D

LABEL_PUBLISHED = re.compile(
    r"\b(?:first\s+published|published|posted|created|written|date\s*:|publication\s+date)", re.I)
LABEL_UPDATED = re.compile(r"\b(?:updated|modified|edited|revised|last\s+updated|reviewed)\b", re.I)
BY = re.compile(r"(?:^|[\s|•·])(?:by|written by|posted by|author)\s*:?\s*[A-Z]", re.I)
# 'Jane Doe - 2 November 2023', 'Jane Doe | Nov 2, 2023', or glued by the scraper ('Jane DoeThursday').
AUTHOR_BEFORE = re.compile(r"^[A-Z][a-z'’-]+(?: [A-Z]\.?)?(?: [A-Z][a-z'’-]+){1,2}\s*(?:[-–—|•·,]\s*)?$")
COPYRIGHT = re.compile(r"©|\bcopyright\b|\(c\)\s*\d{4}|all rights reserved", re.I)
# An embedded social post: '— Jane Doe (@janedoe) January 1, 2020'.
EMBEDDED_POST = re.compile(r"\(@\w+\)|^[—–-]\s*\S.*\bpic\.twitter\.com|^a post shared by", re.I)
REPLY = re.compile(r"\b(?:reply|says:|said:|commented|report comment|likes?)\b", re.I)
MIN_SCORE = 3.0


@dataclass(frozen=True)
class Candidate:
    value: D.DateValue
    line: int
    score: float
    label: str  # 'published', 'updated' or ''


def _norm(s: str) -> str:
    s = s.lower().replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", re.sub(r"[^\w'\" ]+", " ", s)).strip()


def headline_lines(lines: list[str], title: str | None) -> list[int]:
    """Where the page prints its headline again (the article's own heading after the menus).

    `title` is often the browser title, with the site's name after ' | ' or ' - '."""
    if not title:
        return []
    parts = [p for p in re.split(r"\s+[|–—-]\s+|\s+::\s+", title) if p.strip()]
    main = _norm(max(parts, key=len)) if parts else ""
    if len(main) < 12:
        return []
    found = []
    for i, line in enumerate(lines):
        n = _norm(line)
        if n and (n == main or (len(n) >= 20 and (main.startswith(n) or n.startswith(main)))) \
                and len(line) < 2 * len(title) + 20:
            found.append(i)
    return found


def _label(line: str, start: int, end: int, previous: str) -> str:
    """'published', 'updated' or '' for the date at line[start:end]."""
    before = line[max(0, start - 25):start]
    # The nearest label before the date wins: 'Published 3 Nov | Updated 4 Nov'.
    pub = [m.end() for m in LABEL_PUBLISHED.finditer(before)]
    upd = [m.end() for m in LABEL_UPDATED.finditer(before)]
    if pub or upd:
        return "published" if max(pub, default=-1) > max(upd, default=-1) else "updated"
    # 'April 21, 2020 at 5:52 pm Updated April 22, 2020': the date before an update is the first.
    if LABEL_UPDATED.match(re.sub(r"^[\s|,()•·-]+", "", line[end:end + 20])):
        return "published"
    prev = previous.strip()
    if prev and len(prev) <= 30:
        if LABEL_UPDATED.search(prev):
            return "updated"
        if LABEL_PUBLISHED.search(prev):
            return "published"
    return ""


def candidates(lines: list[str], headlines: list[int], *, date_order: str | None,
               home_zone: str | None, base: dt.date | None, today: dt.date) -> list[Candidate]:
    found: list[tuple[int, D.DateValue, str]] = []
    for i, line in enumerate(lines):
        if not line or not re.search(r"\d", line):
            continue
        for v in D.find_dates(line, date_order=date_order, home_zone=home_zone, base=base):
            if v.date.year < 1995 or v.date > today:
                continue
            found.append((i, v, _label(line, v.start, v.end, lines[i - 1] if i else "")))
    dated_lines = sorted({i for i, _, _ in found})
    # The first paragraph of prose: an article's date sits a few lines above it.
    prose = next((i for i, ln in enumerate(lines) if len(ln) > 200 and ln.count(" ") > 30), None)
    out = []
    for i, v, label in found:
        line = lines[i]
        score = 0.0
        if label == "published":
            score += 4
        elif label == "updated":
            score += 1.5
        if BY.search(line) or (i and BY.search(lines[i - 1]) and len(lines[i - 1]) < 60) \
                or AUTHOR_BEFORE.search(line[:v.start]):
            score += 2
        if v.at is not None or re.search(r"\d[:.]\d\d", line[v.end:v.end + 12]):
            score += 1
        if v.at is not None and v.at.tzinfo is not None and re.search(r"[A-Z]{2,4}\b|[+-]\d\d:?\d\d|Z$", v.text):
            score += 1  # a time with its zone is a timestamp, not a date in a list
        if prose is not None and 0 < prose - i <= 15:
            score += 2 - (prose - i) * 0.05
        covered = (v.end - v.start) / max(1, len(line))
        if covered >= 0.5:
            score += 1.5
        elif len(line) > 150:
            score -= 4  # a date inside the story's own sentences
        if headlines:
            rel = min((i - h for h in headlines if h <= i), default=None)
            if rel is not None and rel <= 12:
                score += 4 - rel * 0.15
            elif rel is not None and rel <= 40:
                score += 1
            elif rel is None and min(headlines) - i <= 4:
                score += 1.5  # just above the headline (a kicker with the date)
            else:
                score -= 1
        else:
            score += max(0.0, 2 - i / 40)  # no anchor: earlier is likelier
        # A list of dated items (related stories, comments, archives) around this line.
        neighbours = sum(1 for j in dated_lines if j != i and abs(j - i) <= 10)
        if neighbours >= 3 and label != "published":
            score -= 3
        if COPYRIGHT.search(line):
            score -= 6
        if EMBEDDED_POST.search(line):
            score -= 5
        if REPLY.search(line) and label == "":
            score -= 2
        if v.form == "relative":
            score -= 1
        out.append(Candidate(v, i, score, label))
    return out


def best_date(lines: list[str], title: str | None, *, date_order: str | None,
              home_zone: str | None, base: dt.date | None,
              today: dt.date | None = None) -> tuple[D.DateValue | None, str | None]:
    """The page's publication date and how it was found ('page_published', 'page_near_headline',
    ...), or (None, None) when no candidate is convincing."""
    today = today or dt.date.today()
    heads = [h for h in headline_lines(lines, title) if h > 0]  # not the title line itself
    cands = candidates(lines, heads, date_order=date_order, home_zone=home_zone, base=base,
                       today=today)
    if not cands:
        return None, None
    best = max(cands, key=lambda c: (c.score, -c.line))
    if best.score < MIN_SCORE:
        return None, None
    # Prefer first-published over updated: a published date close by wins over an updated one.
    if best.label == "updated":
        pubs = [c for c in cands if c.label == "published" and abs(c.line - best.line) <= 6
                and c.value.date <= best.value.date]
        # ... or a bare date just above it ('28 January 2018' / 'Updated: 22 August 2019').
        pubs = pubs or [c for c in cands if c.label == "" and 0 < best.line - c.line <= 6
                        and c.value.date < best.value.date and c.score >= MIN_SCORE - 1]
        if pubs:
            best = max(pubs, key=lambda c: c.score)
    method = "page_" + (best.label or ("near_headline" if heads else "scan"))
    return best.value, method
