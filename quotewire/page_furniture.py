"""Page furniture: the lines of a saved page that are not the article.

Navigation, share and subscribe prompts, `Also Read` links, disclaimers, related-article
lists, and credit tails such as `(With inputs from PTI)` (dropped from the body, but the agency
they name is still the source).
"""
from __future__ import annotations

import re

from quotewire import sources as S

# The scraper's header: ` date 2023-01-13  GET LIVE MARKET QUOTES & NEWS` (crawl date + nav text).
CRAWL_HEADER = re.compile(r"^date\s+(\d{4}-\d{2}-\d{2})\b\s*(.*)$", re.I)

BYLINE = re.compile(r"^(?:Written\s+|Reported\s+|Posted\s+|Edited\s+)?(?:By|BY|by)[:\s]+([A-Z][^\d]{1,90})$")

# 'Peter Walker Deputy political editor': a name and a newsroom role, without 'By'.
BYLINE_ROLE = re.compile(
    r"^(?P<name>[A-Z][a-z'’-]+(?: [A-Z]\.)?(?: [A-Z][a-z'’-]+){1,2})\s*,?\s+(?:[A-Z]?[a-z]+\s+){0,3}"
    r"(?:editor|correspondent|reporter|writer|columnist|analyst|journalist|producer|contributor)s?$",
    re.I)

# Credits that name no one in particular: they never become a source.
GENERIC_CREDIT = re.compile(
    r"(?:agenc(?:y|ies)|staff|staff reporter|staff writer|our (?:bureau|correspondent)|"
    r"(?:news|web|online|digital) desk|correspondent|special correspondent|team \w+|"
    r"bureau|news service|wire services?|wires?)", re.I)

# Whole lines that are never article text.
_FURNITURE_LINE = re.compile(
    r"^(?:"
    r"advertisement|advertise with us|ad|sponsored|story continues below(?: advertisement)?|"
    r"(?:also|must|read)\s+read.{0,200}|read more.{0,200}|read next.{0,200}|"
    r"share(?:\s+(?:this|on|via|article|story|with|the story)\b.{0,60})?|tweet|email|print|comments?(?: \(\d+\))?|"
    r"(?:follow|join) us on.{0,80}|subscribe(?:\s+(?:to|now|for|today|here)\b.{0,120})?|"
    r"sign up(?:\s+(?:for|to|now|here)\b.{0,120})?|newsletters?(?:\s*[:|].{0,80})?|"
    r"(?:download|get) (?:the|our) .{0,40}app.{0,60}|click here.{0,120}|"
    r"listen to (?:this )?(?:article|story).{0,40}|\d+\s*min(?:ute)?s?\s+read|font size.{0,20}|"
    r"a\s*a\s*a?|[-+]?\s*text size.{0,20}|"
    r"(?:image|photo|picture|file photo|representative image|representational image)"
    r"(?:\s*(?:credit|courtesy|source))?\s*[:|(].{0,150}|\(?(?:representative|representational|file) (?:image|photo|picture)\)?|"
    r"image (?:copyright|caption|source)\b.{0,120}|media (?:caption|playback)\b.{0,150}|"
    r"(?:\w+ )?(?:via )?getty images|"
    r"get live market quotes.{0,60}|our standards:.{0,80}|\(?end\)?|-+\s*ends?\s*-+|"
    r"editor\s*:\s*[A-Z][\w .]{1,40}|"
    r"(?:first published|last updated)(?: on| at)?:?\s*.{0,40}\d.{0,30}|"
    r"copyright\s*(?:©|\(c\))?\s*(?:\d{4}|©).{0,150}|©.{0,150}|all rights reserved\.?|"
    r"(?:we use|this (?:web)?site uses) cookies.{0,200}|accept(?: all)?(?: cookies)?|"
    r"skip to (?:main )?content|menu|search|home|log ?in|sign ?in|"
    r"watch(?: video)?\s*[:|].{0,150}|video\s*[:|].{0,150}|"
    r"(?:whatsapp|facebook|twitter|linkedin|telegram|reddit|x)(?:\s*[|,]\s*(?:whatsapp|facebook|twitter|linkedin|telegram|reddit|x|email|print))*"
    r")$", re.I)

# A section that ends the article: everything after it is other stories, tags or comments.
_TAIL_MARKER = re.compile(
    r"^(?:related(?: articles| stories| news| posts| coverage| topics)?|more (?:from|on|stories|news).{0,40}|"
    r"recommended(?: for you| stories)?|you may (?:also )?like|trending(?: now| stories| news)?|"
    r"latest (?:news|stories)|top stories|most (?:read|popular|viewed)|popular (?:stories|now)|"
    r"(?:tags?|topics?|keywords?)(?:\s*:.{0,200})?|filed under.{0,100}|"
    r"(?:leave a |post a |\d+ )?comments?|what do you think\??|"
    r"about the author|(?:more|other) (?:videos|photos)|in other news|read more news on.{0,80}|"
    r"explore more on these topics|more on this story|promoted|sponsored(?: content| stories)?|"
    r"first published:.{0,60}"
    r")$", re.I)

_DISCLAIMER = re.compile(
    r"^(?:\(?disclaimer\s*[:\-].*|\(?this (?:story|article|report) has not been edited by.*|"
    r"\(?(?:only the headline|except for the headline).*(?:syndicated|auto-generated).*|"
    r"\(?the views and investment tips expressed.*|"
    r"\(?(?:the )?views expressed (?:above|in this article|here) are.*)$", re.I)

# '(With inputs from PTI)', 'With inputs from PTI and Reuters', '- With agency inputs'
_INPUTS = re.compile(
    r"[\s(\[—–-]*(?:with\s+(?:additional\s+)?inputs?\s+from|inputs?\s+from|"
    r"(?:additional\s+)?reporting\s+by|written\s+with|with\s+agency\s+inputs|"
    r"written\s+by\s+\w+\s+\w+\s+with\s+inputs\s+from)\s*"
    r"(?P<who>[A-Za-z][A-Za-z .,&/-]{0,80}?)?\s*[)\]]?\.?\s*$", re.I)
# '— AP', '-- Reuters' closing the last paragraph or on a line of its own.
_DASH_CREDIT = re.compile(r"(?:^|\s)(?:—|–|--|-)\s*(?P<who>[A-Z][A-Za-z]{1,20}(?: [A-Z][A-Za-z]+)?)\s*$")
_REUTERS_TAIL = re.compile(r"^\(?(?:reporting|writing|editing|additional reporting) by .*\)?$", re.I)
_AP_COPYRIGHT = re.compile(r"^(?:copyright|©)\s*\d{4}\s+(?:the\s+)?associated press.*$", re.I)

_NAV_WORDS = {
    "home", "news", "world", "india", "business", "markets", "politics", "sports", "sport",
    "opinion", "entertainment", "tech", "technology", "lifestyle", "videos", "video", "photos",
    "live", "tv", "menu", "search", "subscribe", "login", "sign", "in", "economy", "latest",
    "trending", "e-paper", "epaper", "us", "uk", "science", "health", "culture", "travel",
    "cities", "education", "auto", "money", "personal", "finance", "more", "podcasts", "&",
}


def is_furniture(line: str) -> bool:
    s = line.strip()
    return bool(s) and bool(_FURNITURE_LINE.match(s) or _DISCLAIMER.match(s))


def is_navigation(line: str) -> bool:
    """A menu or section label before the headline ('Home | World | Asia', 'POLITICS')."""
    s = line.strip()
    if not s:
        return False
    items = [x for x in re.split(r"\s[|»›>/]\s|\s{2,}", s) if x.strip()]
    if len(items) >= 3 and all(len(x.split()) <= 3 for x in items):
        return True
    if len(items) == 2 and len(s) <= 40 and all(len(x.split()) <= 3 for x in items) \
            and not re.search(r"[.?!:\"“”]", s):
        return True
    words = re.findall(r"[\w&'-]+", s)
    if words and sum(w.lower() in _NAV_WORDS for w in words) >= max(2, len(words) * 0.6):
        return True
    # A section label: one or two words with no sentence punctuation.
    return len(words) <= 2 and len(s) <= 25 and not re.search(r"[.?!\"“”:]", s)


def looks_like_credit(seg: str) -> bool:
    """A credit line under a headline: a registry source, or a short name with no sentence in it."""
    s = re.sub(r"^(?:Source|Credit|Agency)\s*:\s*", "", seg.strip(), flags=re.I)
    if S.lookup(s):
        return True
    if not s or len(s) > 50 or re.search(r"[.!?;:\"“”]$|\d", s):
        return False
    words = s.split()
    if len(words) > 5:
        return False
    # An unknown credit must read as an outlet ('Valley Chronicle') or an acronym ('NAN'): a
    # venue or a place on that line ('Headingley') is not a source.
    if not (_OUTLET_WORD.search(s) or re.fullmatch(r"[A-Z]{2,6}", s)):
        return False
    return all(w[:1].isupper() or w.lower() in {"of", "and", "the", "&", "for"} for w in words)


# Words that make a short name a publication or desk rather than a person.
_OUTLET_WORD = re.compile(
    r"\b(?:news|times|post|gazette|herald|journal|daily|tribune|chronicle|express|press|media|"
    r"agency|agencies|wire|service|network|tv|television|radio|magazine|review|observer|standard|"
    r"telegraph|mail|today|online|bureau|desk|staff|reporter|correspondent|courier|sun|star|"
    r"record|register|bulletin|dispatch|inquirer|independent|guardian|mirror|monitor|report|"
    r"weekly|digest|insider|wire|live|\.com|\.in|\.org)\b", re.I)


def looks_like_person(seg: str) -> bool:
    """'Sandip Das' on a credit line is an author, not a source: two to four capitalised words
    with no word of a publication's name in them, and not an acronym."""
    words = seg.split()
    return 2 <= len(words) <= 4 and not _OUTLET_WORD.search(seg) and not S.lookup(seg) \
        and all(re.fullmatch(r"[A-Z][a-z'’-]+|[A-Z]\.?", w) for w in words)


# Labels that sit where a credit would but name no one.
SECTION_LABEL = re.compile(
    r"^(?:live(?: updates| blog)?|highlights|key (?:highlights|takeaways|points)|summary|premium|"
    r"exclusive|opinion|analysis|explainer|photos?|videos?|watch|listen|breaking(?: news)?|"
    r"sponsored|partner content|fact check|editorial|interview|feature|in depth|top news)$", re.I)


def inputs_credits(line: str) -> list[str] | None:
    """Agencies named by an '(With inputs from PTI, ANI)' tail, or None if it is no such tail."""
    m = _INPUTS.search(line)
    if not m or (m.start() > 0 and not re.search(r"[\s(\[—–-]$|^", line[:m.start() + 1])):
        return None
    who = (m.group("who") or "").strip(" .,")
    return [w.strip() for w in re.split(r",|\band\b|&|/", who) if w.strip()]


def clean_body(lines: list[str]) -> tuple[list[str], list[str]]:
    """The paragraphs of the article, and the credits found in its tail."""
    paragraphs: list[str] = []
    credits: list[str] = []
    skip_next = False
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if skip_next:  # the linked headline under a bare 'Also Read'
            skip_next = False
            continue
        # 'Related Topics' can sit above the story too (BBC): it ends the article only after prose.
        if _TAIL_MARKER.match(line) and any(is_prose(p) for p in paragraphs):
            break
        if re.fullmatch(r"(?:also|must)\s+read\s*[:|]?|read more\s*[:|]?|read next\s*[:|]?", line, re.I):
            skip_next = True
            continue
        if is_furniture(line) or _REUTERS_TAIL.match(line):
            if _AP_COPYRIGHT.match(line):
                credits.append("AP")
            continue
        inputs = _INPUTS.search(line)
        if inputs and len(line) - (inputs.end() - inputs.start()) < 5:
            credits.extend(inputs_credits(line) or [])
            continue
        if inputs and inputs.start() > 0 and re.search(r"[\s(\[—–-]", line[inputs.start():inputs.start() + 2]):
            # '... he said. (With inputs from PTI)' at the end of a paragraph
            names = inputs_credits(line[inputs.start():]) or []
            if names and all(S.lookup(n) or GENERIC_CREDIT.fullmatch(n) for n in names):
                credits.extend(names)
                line = line[:inputs.start()].rstrip()
        dash = _DASH_CREDIT.search(line)
        if dash and S.lookup(dash.group("who")):
            credits.append(dash.group("who"))
            line = line[:dash.start()].rstrip()
            if not line:
                continue
        paragraphs.append(line)
    return paragraphs, credits


_SENTENCE_END = re.compile(r"[.?!:;\"”’')\]]$")


def is_prose(line: str) -> bool:
    """A paragraph of running text, as opposed to a menu item, caption label or heading."""
    words = len(line.split())
    return words >= 15 or (words >= 8 and bool(_SENTENCE_END.search(line)))


def main_text(paragraphs: list[str]) -> list[str]:
    """The article's own run of prose on a page that still holds menus, share panels and link
    lists after the furniture rules (pages saved whole by a simple scraper).

    A tidy page is returned as it is. On a messy one the body is the run of prose paragraphs
    (with at most four other lines between two of them) holding the most text; inside it, short
    lines are kept only when they read as sentences ('He declined to comment.')."""
    stray = [p for p in paragraphs if not is_prose(p) and not _SENTENCE_END.search(p)]
    if len(stray) < 4 or len(stray) < 0.25 * len(paragraphs):
        return paragraphs
    runs: list[list[int]] = []
    gap = 99
    for i, p in enumerate(paragraphs):
        if is_prose(p):
            if gap > 4:
                runs.append([])
            runs[-1].append(i)
            gap = 0
        else:
            gap += 1
    if not runs:
        return paragraphs
    best = max(runs, key=lambda run: sum(len(paragraphs[i]) for i in run))
    kept = []
    for p in paragraphs[best[0]:best[-1] + 1]:
        if is_prose(p) or (len(p.split()) >= 4 and _SENTENCE_END.search(p)) or p[:1] in "\"“‘'" \
                or re.match(r"[-•*–]\s+\S+(?:\s+\S+){2,}", p):  # a bulleted point of the story
            kept.append(p)
    return kept
