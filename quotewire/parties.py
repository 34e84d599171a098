"""Parties (people, organisations, countries, places) mentioned in a parsed article body.

The small spaCy model finds most names but has no notion of a country, splits one person into
`Joe Biden`, `President Biden` and `Biden`, and misses some aliases. So:

1. `configure_pipeline` adds a phrase ruler (after the model's `ner`, never overriding it) for
   country names and aliases, demonyms and organisation aliases the model may miss;
2. `extract_mentions` trims each entity (determiners, titles, possessives), decides its type and
   canonical name with the tables in `schemas/parties/` plus pycountry and countrynames, then
   resolves short forms within the article (surnames, acronyms, shortened organisation names).

The tables are data in `schemas/parties/*.yaml`; the logic in `quotewire/party_tables.py`.
"""
from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span

from quotewire.party_tables import Tables, fold, load_tables
from quotewire.records import Mention
from quotewire.speakers import place_in_title

log = logging.getLogger(__name__)

RULER_NAME = "party_ruler"

# spaCy labels that can name a party. NORP (nationalities, parties, religions) counts only when
# the tables turn it into a country (`Japanese`) or an organisation (`Democrats`).
PARTY_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}
DETERMINERS = {"the", "a", "an", "this", "that", "these", "those"}
POSSESSIVES = {"'s", "’s", "'", "’", "s'", "s’"}
DASHES = {"-", "–", "—", "--", "/", "|"}  # spaced: `MIAMI - Pat Riley`, `Post / Getty Images`
# Words that end a list inside one entity, never a name (`Kidder, Peabody and Co and`).
TRAILING_FUNCTION_WORDS = {"and", "&", "of", "or", "the", "for", "in", "at", "on"}
# `Spears`, `McManus`, `O'Neill`, `Kilroy-Silk`
NAME_WORD = re.compile(r"(?:Mc|Mac|O'|O’|D'|D’)?[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*")
INITIALS = re.compile(r"(?:[A-Z]\.?){1,3}")  # `JK`, `J.K.`
NOBLE_TITLE = re.compile(r"(Duke|Duchess|Prince|Princess|Earl|Countess|Marquess|Viscount|Baron|"
                         r"Baroness|Lord|Lady) of [A-Z]")
# A dateline opening a body or a paragraph: `BAGHDAD -`, `TUSCALOOSA, Ala. -`, `LONDON (Reuters) -`.
DATELINE = re.compile(r"(?m)^[ \t]*([A-Z][A-Z'.]+(?: [A-Z][A-Z'.]+){0,2})"
                      r"(?:,[ \t]*[A-Z][\w.]*(?: [A-Z][\w.]*)?)?[ \t]*(?:\(|[-–—])")
# Which type wins a tie between the mentions of one name.
TYPE_PRIORITY = ["country", "person", "organization", "location"]
TICKER = re.compile(r"[A-Z]{2,5}(\.[A-Z]{1,2})?")


def configure_pipeline(nlp: Language) -> None:
    """Add our rule components to a freshly loaded model, in place.

    One phrase ruler after `ner` with `overwrite_ents=False`: it only adds names where the model
    found none, so it cannot undo a correct model entity (`Bank of America` stays one ORG).
    Phrase matching is a hash lookup per token, so it costs next to nothing at parse time.
    """
    if RULER_NAME in nlp.pipe_names:
        return
    tables = load_tables()
    after = "ner" if "ner" in nlp.pipe_names else None
    ruler = nlp.add_pipe(
        "entity_ruler",
        name=RULER_NAME,
        after=after,
        config={"overwrite_ents": False, "validate": False},
    )
    # add_patterns runs every earlier pipe over each pattern text; the tokenizer is all a phrase
    # pattern needs, so disable the rest while adding (0.07 s instead of 0.5 s per 1,000).
    others = [name for name in nlp.pipe_names if name != RULER_NAME]
    with nlp.select_pipes(disable=others):
        ruler.add_patterns(tables.ruler_patterns())


@dataclass
class _Candidate:
    """One trimmed entity on its way to becoming a Mention."""

    start: int  # character offsets into doc.text
    end: int
    text: str
    label: str  # spaCy's label
    party_type: str | None = None
    name: str | None = None
    words: list[str] = field(default_factory=list)
    # surely an organisation: written with a company suffix (`Paxar Corp`), or found by a rule
    # that only organisations fit (`Arriva boss Jo Park`, `Harper's Bazaar`)
    company: bool = False
    team: bool = False  # a place's name used as its sports team's (`England beat Samoa`)


def extract_mentions(doc: Doc) -> list[Mention]:
    """Every mention of a person, organisation, country or place in `doc`, under the canonical
    name of its party within this article. Never raises: a failure logs and yields nothing."""
    try:
        return _extract(doc, load_tables())
    except Exception:  # a bad article must not stop a batch
        log.exception("party extraction failed on a document of %d characters", len(doc.text))
        return []


def _extract(doc: Doc, tables: Tables) -> list[Mention]:
    text = doc.text  # built anew on every access: read it once
    furniture = _share_bars(text, tables)
    candidates = []
    for ent in doc.ents:
        label = ent.label_
        if label not in PARTY_LABELS and tables.organization_name(ent.text):
            label = "ORG"  # `YouTube` read as a product: our table knows the organisation
        if label not in PARTY_LABELS or any(a <= ent.start_char < b for a, b in furniture):
            continue
        for part in _split_list(ent, tables):
            span = _extend_to_state_university(_extend_to_alias(_trim(part, tables), tables),
                                               tables)
            if span is None or not _is_a_name(span, label, text, tables):
                continue
            candidate = _classify(span, span.label_ if span.label_ == "ORG" else label,
                                  tables, text)
            if candidate is not None:
                candidates.append(candidate)
    _dateline_places(text, candidates, tables)
    candidates = _national_bodies(doc, text, candidates, tables)
    candidates += _datelines(text, candidates, tables)
    candidates += _organizations_before_roles(doc, text, candidates, tables)
    candidates += _radio_stations(text, candidates)
    candidates = _organizations_with_bracketed_places(doc, text, candidates)
    candidates = _possessive_titles(text, candidates, tables)
    common = _abbreviations_of_common_nouns(text)
    candidates = [c for c in candidates if c.text not in common]
    candidates = _plural_place_heads(text, candidates, tables)
    _people_read_as_organizations(candidates, text, tables)
    _resolve_people(candidates, tables)
    _resolve_organizations(candidates)
    _lone_words_used_as_places(candidates, text)
    candidates += _repeated_names(doc, text, candidates, tables)
    _mark_teams(doc, candidates, tables)
    _vote_types(candidates)
    return [
        Mention(name=c.name, party_type=c.party_type, mention=c.text,
                start_char=c.start, end_char=c.end)
        for c in sorted(candidates, key=lambda c: c.start)
        if c.name and c.party_type
    ]


def _share_bars(text: str, tables: Tables) -> list[tuple[int, int]]:
    """Lines of share buttons (`Post to Facebook Post to reddit`): page furniture, whose names
    are links rather than parties in the story."""
    bars = []
    for line in re.finditer(r"[^\n]+", text):
        if len(tables.share_phrases.findall(line[0])) >= 2:
            bars.append(line.span())
    return bars


# A name followed by a trademark sign or a price (`RapidArc(TM)`, `Violet Baroque (£19.50, ...)`,
# also `Nail Polish in Violet Baroque (£19.50`) names a product, and one followed by a year in
# brackets (`Pickup on South Street (1953)`) a film, book or album, and one followed by `of the
# Year` an award (`the Man and Woman of the Year awards`): not a party.
PRODUCT_AFTER = re.compile(r"\s*[™®]|\s*\((?:19|20)\d\d\)|\s+of the Year\b|(?:\s+[A-Z][\w'’-]*)*(?:\s+in\s+[A-Z][\w'’-]*"
                           r"(?:\s+[A-Z][\w'’-]*)*)?\s*\(\s*(?:[£$€¥]|US\$|Rs\.?)\s?\d")
BULLETS = {"•", "*", "-", "·", "–", "—", "|", "▪", "●"}


def _is_a_name(span: Span, label: str, text: str, tables: Tables) -> bool:
    """False for what the model tags but news does not write as a party: products (a trademark
    sign or a price after the name), currencies and bonds (`the Australian dollar`, `Treasury
    bills`), a common word capitalised only because it opens a sentence
    or a bullet (`Learn how to ...`, `Overseas, ...`), and a name after `a`/`an` that is the
    head of its phrase (`a Girl Scout`): a member or a kind, not the party itself."""
    if PRODUCT_AFTER.match(text, span.end_char):
        return False
    after = span.doc[span.end] if span.end < len(span.doc) else None
    if after is not None and after.is_lower and (
            after.text in tables.instrument_words
            or after.text in tables.currency_words and tables.country_code(span.text, label)):
        return False  # `Treasury bills`, `the Australian dollar`: an instrument or a currency
    if tables.country_code(span.text, label) or tables.organization_name(span.text):
        return True
    if label == "ORG" and span.text[0].islower() and not tables.has_surname_prefix(span.text):
        return False  # `non-Hodgkin's lymphoma`
    if len(span) > 1 and label != "PERSON" and (
            span[-1].text in tables.event_head_words
            or span[-2:].text in tables.event_head_words):
        return False  # `London Marathon`, `Monaco Grand Prix`: an event
    first = span[0]
    before = first.doc[first.i - 1] if first.i > 0 else None
    if before is not None and before.is_quote and before.i > 0:
        before = first.doc[before.i - 1]  # `'Longstanding cultural differences'` as a heading
    if len(span) == 1 and first.tag_ not in ("NNP", "NNPS") and (
            _starts_sentence(first) or before.is_space or before.text in BULLETS
            or before.text in ".!?"):
        return False
    if (first.i > 0 and first.doc[first.i - 1].lower_ in ("a", "an") and label != "NORP"
            and span.root.dep_ not in ("compound", "amod", "nmod", "poss")):
        return False
    return True


def _split_list(ent: Span, tables: Tables) -> list[Span]:
    """`Orange, Riverside` or `Hulu, Apple TV` (the model joins lists) -> one span per item;
    `Denver, Colorado` -> the city and the state. Person names and firm names with commas
    (`Goldman, Sachs & Co`) stay whole."""
    # A name never runs over a line break or a spaced dash (`bin\nHOUSTON`, `MIAMI - Pat Riley`):
    # the model joined a heading or a dateline to what follows.
    breaks = [t.i for t in ent if "\n" in t.text or "\n" in t.whitespace_
              or (t.text in DASHES and t.i > ent.start and t.doc[t.i - 1].whitespace_)]
    if breaks:
        parts, begin = [], ent.start
        for i in breaks:
            stop = i + 1 if "\n" in ent.doc[i].whitespace_ and ent.doc[i].text.strip() else i
            if stop > begin:
                parts.append(Span(ent.doc, begin, stop, label=ent.label))
            begin = i + 1
        if ent.end > begin:
            parts.append(Span(ent.doc, begin, ent.end, label=ent.label))
        return [piece for part in parts for piece in _split_list(part, tables)]
    commas = [t.i for t in ent if t.text == ","]
    if not commas or ent.label_ == "PERSON":
        return [ent]
    if ent.label_ == "ORG" and (any(t.text in ("&", "and") for t in ent)
                                or tables.strip_company_suffix(ent.text) != ent.text):
        return [ent]
    bounds = [ent.start, *[i + 1 for i in commas]]
    ends = [*commas, ent.end]
    parts = [Span(ent.doc, a, b, label=ent.label) for a, b in zip(bounds, ends) if b > a]
    if all(p[0].is_title or p[0].is_upper for p in parts):
        return parts
    return [ent]


def _trim(ent: Span, tables: Tables) -> Span | None:
    """The entity without leading determiners and titles and trailing possessives/punctuation."""
    start, end = ent.start, ent.end
    doc = ent.doc
    changed = True
    while changed and start < end:
        changed = False
        if doc[start].lower_ in DETERMINERS or doc[start].is_punct:
            start += 1
            changed = True
        elif ent.label_ == "PERSON":
            length = tables.title_length([t.text for t in doc[start:end]])
            if length and start + length < end:
                start += length
                changed = True
    while end > start and (doc[end - 1].text in POSSESSIVES or doc[end - 1].is_punct
                           or doc[end - 1].is_space or doc[end - 1].text in TRAILING_FUNCTION_WORDS
                           or (doc[end - 1].is_lower and ent.label_ != "PERSON"
                               and end - start > 1 and doc[end - 1].is_alpha
                               and not tables.is_company_suffix(doc[end - 1].text))
                           or _title_before_name(doc, start, end, ent.label_, tables)):
        end -= 1  # `the Marina area`, `Kidder, Peabody and Co and`
    if (ent.label_ == "ORG" and end - start >= 3 and TICKER.fullmatch(doc[end - 1].text)
            and not tables.strip_company_suffix(doc[end - 2].text)):
        end -= 1  # `Intel Corp INTC`: a ticker after the company suffix
    if ent.label_ == "PERSON":
        start = place_in_title(doc, start, end)  # `Chief Minister of Delhi Arvind Kejriwal`
    if start >= end:
        return None
    span = doc[start:end]
    if (ent.label_ == "NORP" and len(span) == 2 and _starts_sentence(span[0])
            and tables.country_code(span[1].text, "NORP")):
        span = span[1:]  # `Married Pakistani men ...`: a sentence's first word joined the demonym
    return span


def _starts_sentence(token) -> bool:
    return token.i == 0 or bool(token.is_sent_start) or token.doc[token.i - 1].is_space


def _extend_to_alias(span: Span | None, tables: Tables) -> Span | None:
    """`Liberal` + `Democrats` (the model tagged only the last word) -> `Liberal Democrats`,
    when the longer words are an organisation in our table."""
    if span is None:
        return None
    for extra in (2, 1):
        if span.start >= extra:
            longer = span.doc[span.start - extra:span.end]
            if (longer[0].is_title and longer[0].lower_ not in DETERMINERS
                    and tables.organization_name(longer.text)):
                return longer
    return span


def _extend_to_state_university(span: Span | None, tables: Tables) -> Span | None:
    """`Ohio` + `State` (the model tagged only the state): `Ohio State`, `Florida State` are
    universities and their teams, not the states."""
    if span is None or span.text not in tables.us_state_names or span.end >= len(span.doc):
        return span
    after = span.doc[span.end]
    if after.text == "State" and not (span.end + 1 < len(span.doc)
                                      and span.doc[span.end + 1].is_title):
        return Span(span.doc, span.start, span.end + 1, label="ORG")
    return span


def _title_before_name(doc: Doc, start: int, end: int, label: str, tables: Tables) -> bool:
    """`Houston Police Capt` + `. Rick Bownds`: the model ran an organisation into the title
    of the person named next."""
    if label == "PERSON" or end - start < 2 or end + 1 >= len(doc):
        return False
    last, after = doc[end - 1], doc[end] if doc[end].text != "." else doc[end + 1]
    return last.is_title and tables.title_length([last.text]) == 1 and after.is_title


def _classify(span: Span | None, label: str, tables: Tables,
              text_of_doc: str) -> _Candidate | None:
    """Type and canonical name of one trimmed entity, from the tables alone."""
    if span is None:
        return None
    text = span.text
    if not any(ch.isupper() for ch in text) or not any(ch.isalpha() for ch in text):
        return None  # `the administration`, `2023`: not a name
    if tables.is_title_or_degree(text):
        return None  # `the Duchess`, `M.D.`: a title or degree alone
    if label == "ORG" and _is_credit(span, text_of_doc):
        return None
    c = _Candidate(span.start_char, span.end_char, text, label)

    country = tables.country_code(text, label)
    if country:
        c.party_type, c.name = "country", tables.country_names[country]
        return c
    org = tables.organization_name(text)
    if org:
        c.party_type, c.name = "organization", org
        return c
    if label == "NORP":
        return None  # a people, a religion, a movement: not a party we record
    if label in ("PERSON", "ORG", "FAC") and _is_place(span, tables):
        label = "GPE"  # `Imperial Valley`, `the state of Madhya Pradesh`, `Sioux Falls, S.D.`
    if label == "ORG" and (_after_person_title(span, tables) or _followed_by_his_or_her(span,
                                                                                        tables)):
        label = "PERSON"  # `RBI Governor Shaktikanta Das`: a title before a name marks a person
    if label == "PERSON" and (_is_acronym(text)
                              or any(tables.is_company_suffix(w) for w in text.split()[1:])):
        label = "ORG"  # `JDRF`, `Harcourt Brace Jovanovich Inc`: not how people are written
    if label == "PERSON" and any(ch.isdigit() for ch in text):
        return None  # `Revs 27.3`: a table row, not a name
    if label == "PERSON" and len(text.split()) > 1 and text.split()[-1] in tables.org_head_words:
        label = "ORG"  # `Manchester United`, `Warner Brothers`
    if label != "PERSON" and NOBLE_TITLE.match(text):
        label = "PERSON"  # `the Duchess of Cambridge` is a person, however the model read it
    if label == "PERSON":
        c.party_type = "person"
        c.words = tables.name_words(text.title() if text.isupper() else text)  # `RUSS MILLER`
        c.name = " ".join(c.words) if c.words else None
        return c if c.name else None
    if label == "ORG":
        bare = tables.strip_company_suffix(text)
        c.party_type, c.name = "organization", tables.national_body_name(bare)
        c.company = bare != text
        return c if c.name else None
    # GPE, LOC, FAC: a place that is not a country. Datelines shout (`BAGHDAD`).
    name = text.title() if text.isupper() and len(text) > 4 else text
    c.party_type, c.name = "location", name
    return c


def _is_place(span: Span, tables: Tables) -> bool:
    """The name ends in a place's word (`Valley`), follows `the state/city of`, precedes a
    lower-case place noun (`the Ganges river`), or precedes a US state as AP style writes it
    (`Sioux Falls, S.D.`)."""
    doc = span.doc
    if len(span) > 1 and span[-1].text in tables.place_head_words:
        return True
    if any(t.text in tables.org_head_words or tables.is_company_suffix(t.text) for t in span):
        return False  # `Certified Security Services Inc of Key West, Fla.` is a company
    if (span.start >= 2 and doc[span.start - 1].lower_ == "of"
            and doc[span.start - 2].lower_ in tables.place_nouns):
        return True
    after = doc[span.end] if span.end < len(doc) else None
    if after is not None and after.is_lower and after.text in tables.place_nouns:
        return True
    return (after is not None and after.text == "," and span.end + 1 < len(doc)
            and doc[span.end + 1].text in tables.us_states)


def _followed_by_his_or_her(span: Span, tables: Tables) -> bool:
    """`Meghan Markle and her glowing skin`: a two- or three-word name whose next possessive
    (within a few words, same sentence) is `his` or `her` is a person; organisations take
    `its` and `their`."""
    words = span.text.split()
    if (not 2 <= len(words) <= 3 or not all(NAME_WORD.fullmatch(w) for w in words)
            or words[-1] in tables.org_head_words or any(
                tables.country_code(w, "NORP") or tables.country_code(w, "GPE") for w in words)):
        return False
    for token in span.doc[span.end:span.end + 5]:
        if token.is_sent_start or token.lower_ in ("its", "their", "it", "they"):
            return False
        if token.lower_ in ("his", "her"):
            return True
    return False


def _after_person_title(span: Span, tables: Tables) -> bool:
    """Two or three name-shaped words right after a title (`Governor`, `President`)."""
    words = span.text.split()
    if not 2 <= len(words) <= 3 or not all(NAME_WORD.fullmatch(w) for w in words):
        return False
    if words[-1] in tables.org_head_words or tables.strip_company_suffix(span.text) != span.text:
        return False
    before = [t.text for t in span.doc[max(0, span.start - 3):span.start]]
    return any(tables.title_length(before[-n:]) == n for n in (1, 2, 3) if len(before) >= n)


def _is_credit(span: Span, text: str) -> bool:
    """`(Reuters) -`, or `PTI` alone on its line: who filed the story, not a party in it."""
    before = text[max(0, span.start_char - 1): span.start_char]
    after = text[span.end_char: span.end_char + 1]
    if before == "(" and after == ")" and span.start_char < 80:
        return True  # the dateline credit at the top of the body
    line_start = text.rfind("\n", 0, span.start_char) + 1
    line_end = text.find("\n", span.end_char)
    line = text[line_start: line_end if line_end >= 0 else len(text)]
    return line.strip(" .-—") == span.text and len(span.text.split()) <= 3


def _people_read_as_organizations(candidates: list[_Candidate], text: str,
                                  tables: Tables) -> None:
    """`Britney Spears` tagged ORG, then `Spears` alone: news shortens a person to the last
    word of the name and an organisation to its first (`Burlington Industries` -> `Burlington`).
    A two- or three-word organisation, not one of ours and not ending in an organisation's word
    (`Bank`, `Times`), whose last word the article also uses alone, is a person."""
    alone = Counter(fold(c.text) for c in candidates if len(c.text.split()) == 1)
    places = {fold(c.text) for c in candidates if c.party_type in ("location", "country")}
    for c in candidates:
        words = c.text.split()
        if (c.party_type != "organization" or c.company or not 2 <= len(words) <= 3
                or not all(NAME_WORD.fullmatch(w) for w in words[1:])
                or not (NAME_WORD.fullmatch(words[0]) or INITIALS.fullmatch(words[0]))
                or words[-1] in tables.org_head_words or tables.organization_name(c.text)
                or any(tables.country_code(w, "NORP") or tables.country_code(w, "GPE")
                       for w in words)  # `American Hoechst`, `Investment Canada`
                or alone[fold(words[0])] or fold(words[0]) in places):
            continue  # `Detroit Pistons`
        # the surname alone: a word of its own, not after the first name nor after `the`
        # (`the Tide` is a team)
        uses = re.findall(r"(?<![\w-])(\w+\s+)?" + re.escape(words[-1]) + r"(?![\w-])", text)
        if any(not before or before.strip() not in (words[-2], "the", "The")
               for before in uses):
            c.party_type, c.words, c.name = "person", words, c.text


def _lone_words_used_as_places(candidates: list[_Candidate], text: str) -> None:
    """A one-word 'person' the article never gives a first name, written `in Grimsby` or
    `near Grimsby`, is a place: people are not what one lives in."""
    for c in candidates:
        if c.party_type != "person" or " " in c.name or not NAME_WORD.fullmatch(c.name):
            continue
        if re.search(r"\b(?:in|near|outside|across|around) " + re.escape(c.name)
                     + r"(?![\w'’-])", text):
            for other in candidates:
                if other.name == c.name:
                    other.party_type = "location"


def _resolve_people(candidates: list[_Candidate], tables: Tables) -> None:
    """`Biden` and `President Biden` -> `Joe Biden`, the full name the article gives (before or
    after). Two full names sharing a surname stay two people; a bare surname then goes to the
    one the article introduced first."""
    full = [c for c in candidates if c.party_type == "person" and len(c.words) >= 2]
    full_ids = {id(c) for c in full}

    # `Christopher Rose` and `Christopher M. Rose` are one person: same first and last word.
    longest: dict[tuple[str, str], str] = {}
    for c in full:
        key = (fold(c.words[0]), fold(tables.surname(c.words)))
        if len(c.name) > len(longest.get(key, "")):
            longest[key] = c.name
    for c in full:
        c.name = longest[(fold(c.words[0]), fold(tables.surname(c.words)))]

    def matches(word: str, c: _Candidate, by: str) -> bool:
        if by == "surname":
            return word in tables.surname_keys(c.words)
        return fold(c.words[0]) == word

    # Single words: people the model tagged, and ORG/FAC/GPE words that are in fact a surname
    # the article gives in full (`Kirby` read as an organisation).
    for c in candidates:
        if id(c) in full_ids or len(c.text.split()) != 1 or c.party_type == "country":
            continue
        if c.party_type != "person" and c.label not in ("ORG", "FAC", "GPE"):
            continue
        word = fold(tables.name_words(c.text)[0]) if tables.name_words(c.text) else fold(c.text)
        for by in ("surname", "first"):
            pool = [f for f in full if matches(word, f, by)]
            if not pool:
                continue
            # News calls its principal person by surname and a relative sharing it by full or
            # first name (`Gerald Ford ... his wife, Betty Ford ... Ford said`): the person
            # introduced first takes the bare surname.
            chosen = min(pool, key=lambda f: f.start).name
            if c.party_type != "person" and by == "first":
                break  # only a surname is strong enough to overrule the model's label
            c.party_type, c.name = "person", chosen
            break


def _resolve_organizations(candidates: list[_Candidate]) -> None:
    """Acronyms and shortened names of organisations the article names in full:
    `NSC` -> `National Security Council`, `Burlington` -> `Burlington Industries`. A lone word
    the model called a person, that no person in the article is called, but that starts an
    organisation's name (`Getty` after `Getty Oil Co`), is that organisation."""
    orgs = [c for c in candidates if c.party_type == "organization"]
    full_names = sorted({c.name for c in orgs if len(c.name.split()) >= 2}, key=len)
    for c in candidates:
        if c.party_type == "person" and " " not in c.name:
            pool = {n for n in full_names if (n.startswith(c.name + " ")
                                              or n.startswith((c.name + "'s ", c.name + "’s ")))
                    and n.split()[1] not in ("and", "&")}  # not `Rachel and Blaine`
            if len(pool) == 1:
                c.party_type, c.name = "organization", pool.pop()
    for c in orgs:
        if len(c.name.split()) >= 2 and not c.name.isupper():
            pool = [n for n in full_names if n != c.name and n.startswith(c.name + " ")]
        elif _is_acronym(c.name):
            pool = [n for n in full_names if _initials(n) == c.name.replace(".", "")]
        else:
            pool = [n for n in full_names if n.startswith(c.name + " ")]
        if len(set(pool)) == 1:
            c.name = pool[0]


def _national_bodies(doc: Doc, text: str, candidates: list[_Candidate],
                     tables: Tables) -> list[_Candidate]:
    """`U.S.` + `Department of Education`, `British` + `Army`: a country's institution is one
    organisation, named with the country (`United States Department of Education`)."""
    by_start = {c.start: c for c in candidates}
    taken = {i for c in candidates for i in range(c.start, c.end)}
    merged: set[int] = set()  # ids of candidates folded into a body
    bodies: list[_Candidate] = []
    for c in candidates:
        if c.party_type != "country" or id(c) in merged:
            continue
        span = doc.char_span(c.start, c.end)
        if span is None or span.end >= len(doc) or not span[-1].whitespace_:
            continue  # `U.S.-led`
        following = by_start.get(doc[span.end].idx)
        if following is not None and following.party_type == "organization":
            if (tables.organization_name(following.text)  # `U.S. Federal Reserve`
                    or not set(following.text.split()) & tables.national_body_words):
                continue  # `US` + `Defense` (Secretary)
            end, name_rest = following.end, following.text
            merged.add(id(following))
        else:
            words, i = [], span.end
            while i < len(doc) and doc[i].idx not in taken and (
                    doc[i].is_title or (doc[i].lower_ in ("of", "and", "for") and i + 1 < len(doc)
                                        and doc[i + 1].is_title)):
                words.append(doc[i])
                i += 1
            while words and (words[-1].lower_ in ("of", "and", "for")
                             or tables.title_length([words[-1].text])):
                words.pop()  # `US Defense Secretary` -> `US Defense` (then rejected below)
            texts = [w.text for w in words]
            if not texts or not set(texts) & tables.national_body_words:
                continue
            end, name_rest = words[-1].idx + len(words[-1].text), " ".join(texts)
        name = tables.national_body_name(f"{c.text} {name_rest}")
        bodies.append(_Candidate(c.start, end, text[c.start:end], "ORG", "organization", name))
        merged.add(id(c))
    return [c for c in candidates if id(c) not in merged] + bodies


def _dateline_places(text: str, candidates: list[_Candidate], tables: Tables) -> None:
    """`NAIROBI (Reuters) -`: the model sometimes reads a dateline's city as an organisation;
    a dateline names a place, the same one as `Nairobi` in the body."""
    spans = {m.span(1) for m in DATELINE.finditer(text) if m[1] not in tables.page_labels}
    for c in candidates:
        if ((c.start, c.end) in spans and c.party_type in ("organization", "person")
                and not tables.organization_name(c.text)):  # `NATO (the alliance) said`
            c.party_type, c.name, c.label = "location", c.text.title(), "DATELINE"


def _datelines(text: str, candidates: list[_Candidate], tables: Tables) -> list[_Candidate]:
    """The city of a dateline, which the model misses when it is written in capitals."""
    found = []
    for match in DATELINE.finditer(text):
        start, end = match.span(1)
        if (any(c.start < end and start < c.end for c in candidates) or len(match[1]) < 3
                or match[1] in tables.page_labels):
            continue
        found.append(_Candidate(start, end, match[1], "DATELINE", "location",
                                match[1].title()))
    return found


# Lower-case words for who speaks for an organisation, written right after its name and
# before a person's: `Arriva Buses Wales boss Michael Moreton`, `Acme spokeswoman Jo Park`.
ROLE_AFTER_ORG = {"boss", "chief", "spokesman", "spokeswoman", "spokesperson", "chairman",
                  "chairwoman", "founder", "owner", "executive", "director", "president"}


def _organizations_before_roles(doc: Doc, text: str, candidates: list[_Candidate],
                                tables: Tables) -> list[_Candidate]:
    """The proper nouns right before `boss`/`spokesman` + a person's name, which the model
    missed: an organisation."""
    taken = {i for c in candidates for i in range(c.start, c.end)}
    persons = {c.start for c in candidates if c.party_type == "person"}
    found = []
    for token in doc[1:-1]:
        if token.text not in ROLE_AFTER_ORG or doc[token.i + 1].idx not in persons:
            continue
        i = token.i
        while i > 0 and doc[i - 1].tag_ in ("NNP", "NNPS") and doc[i - 1].idx not in taken:
            i -= 1
        if i == token.i:
            continue
        start, end = doc[i].idx, doc[token.i - 1].idx + len(doc[token.i - 1].text)
        name = text[start:end]
        if tables.country_code(name, "GPE") or tables.is_title_or_degree(name):
            continue
        found.append(_Candidate(start, end, name, "ORG", "organization",
                                tables.organization_name(name) or name, company=True))
    return found


def _organizations_with_bracketed_places(doc: Doc, text: str,
                                         candidates: list[_Candidate]) -> list[_Candidate]:
    """`Rape Crisis (England and Wales) said`, `Amnesty International (UK)`: proper nouns
    followed by places in brackets name one organisation and its territory; the places are
    part of its name, not parties of their own."""
    by_start = {c.start: c for c in candidates}
    dropped: set[int] = set()
    found = []
    for match in re.finditer(r"\(([^()\n]{2,60})\)", text):
        inside, pos, places = match.span(1), match.start(1), []
        while pos < inside[1]:
            c = by_start.get(pos)
            if c is None or c.party_type not in ("location", "country") or (
                    c.party_type == "location" and c.text.isupper()):
                break  # `(DD)`: a ticker the model read as a place
            places.append(c)
            rest = re.match(r"\s*(?:,|and|&)?\s*", text[c.end:inside[1]])
            pos = c.end + rest.end()
        if not places or pos < inside[1]:
            continue
        bracket = doc.char_span(match.start(), match.start() + 1)
        if bracket is None or bracket.start == 0:
            continue
        i = bracket.start
        while i > 0 and doc[i - 1].tag_ in ("NNP", "NNPS"):
            i -= 1
        if i == bracket.start:
            continue
        start = doc[i].idx
        before = [c for c in candidates if start <= c.start < match.start()]
        if any(c.party_type != "organization" or c.start != start for c in before):
            continue  # `Boris Johnson (UK)`: a person's country, not an organisation's name
        dropped.update(id(c) for c in places + before)
        name = f"{text[start:match.start()].strip()} {match[1].strip()}"  # `Amnesty International UK`
        found.append(_Candidate(start, match.end(), text[start:match.end()], "ORG",
                                "organization", name, company=True))
    return [c for c in candidates if id(c) not in dropped] + found


RADIO_STATION = re.compile(r"\b[A-Z]{3,5}[ -](?:FM|AM)\b")  # `KIIS FM`, `WNYC-AM`


def _radio_stations(text: str, candidates: list[_Candidate]) -> list[_Candidate]:
    """Call signs the model misses: a station is an organisation."""
    found = []
    for match in RADIO_STATION.finditer(text):
        start, end = match.span()
        if not any(c.start < end and start < c.end for c in candidates):
            found.append(_Candidate(start, end, match[0], "ORG", "organization", match[0],
                                    company=True))
    return found


def _possessive_titles(text: str, candidates: list[_Candidate],
                       tables: Tables) -> list[_Candidate]:
    """`Harper's Bazaar`, `Reader's Digest`: a lone word the article only ever writes with
    `'s`, joined by it to the next capitalised name, is the first half of one title, an
    organisation's (not a person `Harper` and an organisation `Bazaar`); a later `Harper's`
    alone is then the same title, shortened."""
    by_start = {c.start: c for c in candidates}
    merged: set[int] = set()
    out = []
    for c in candidates:
        if id(c) in merged:
            continue
        nxt = None
        if (c.party_type in ("person", "location") and " " not in c.text and c.name == c.text
                and not tables.country_code(c.text, "GPE")):
            rest = text[c.end:c.end + 3]
            if rest[:2] in ("'s", "’s") and rest[2:3] == " ":
                nxt = by_start.get(c.end + 3)
        if (nxt is not None and nxt.party_type == "organization" and " " not in nxt.text
                and not tables.organization_name(nxt.text)  # `Britain's Labour`
                and all(text[m.end():m.end() + 2] in ("'s", "’s") for m in re.finditer(
                    r"(?<![\w-])" + re.escape(c.text) + r"(?![\w-])", text))):
            merged.add(id(nxt))
            name = text[c.start:nxt.end]
            out.append(_Candidate(c.start, nxt.end, name, "ORG", "organization", name,
                                  company=True))
        else:
            out.append(c)
    return [c for c in out if id(c) not in merged]


ABBREVIATION_DEFINED = re.compile(r"((?:\b[a-z][a-z-]*\s+){1,6})\(([A-Za-z.]{2,8})\)")


def _abbreviations_of_common_nouns(text: str) -> set[str]:
    """`sexual assault referral centres (Sarcs)`, `personal protective equipment (PPE)`: an
    abbreviation the article defines for lower-case words names a kind of thing, not a party.
    One pass over the text."""
    found = set()
    for match in ABBREVIATION_DEFINED.finditer(text):
        name = match[2]
        letters = name.rstrip("s") if not name.isupper() else name
        letters = letters.replace(".", "")
        initials = "".join(w[0] for w in match[1].split())
        if name[:1].isupper() and 2 <= len(letters) <= 6 and \
                initials[-len(letters):].lower() == letters.lower():
            found.add(name)
    return found


def _plural_place_heads(text: str, candidates: list[_Candidate],
                        tables: Tables) -> list[_Candidate]:
    """`Riverside and San Bernardino Counties`: the model tags `Counties` apart. A plural place
    word right after a place belongs to its name; alone it names nothing."""
    out: list[_Candidate] = []
    for c in candidates:
        singular = re.sub(r"ies$", "y", c.text) if c.text.endswith("ies") else c.text[:-1]
        if " " in c.text or not c.text.endswith("s") or singular not in tables.place_head_words:
            out.append(c)
            continue
        prev = out[-1] if out else None
        if prev is not None and prev.party_type == "location" and text[prev.end:c.start] == " ":
            name = text[prev.start:c.end]
            out[-1] = _Candidate(prev.start, c.end, name, prev.label, "location", name)
    return out


def _repeated_names(doc: Doc, text: str, candidates: list[_Candidate],
                    tables: Tables) -> list[_Candidate]:
    """Later (or earlier) uses of a name the model tagged once but missed elsewhere: a person's
    full name or unambiguous surname, an organisation's name or acronym. Case-sensitive, whole
    words, never inside another mention, and a surname never right after another capitalised
    word (`Jill Biden` is not `Joe Biden`)."""
    forms: dict[str, _Candidate] = {}
    surnames: dict[str, set[str]] = {}
    for c in candidates:
        if c.party_type == "person" and len(c.words) >= 2:
            forms.setdefault(c.text, c)
            surnames.setdefault(tables.surname(c.words), set()).add(c.name)
        elif c.party_type == "organization" and (len(c.text.split()) >= 2 or _is_acronym(c.text)):
            forms.setdefault(c.text, c)
    by_surname = {}
    for surname, names in surnames.items():
        if len(names) == 1 and surname[:1].isupper() and surname not in forms:
            by_surname[surname] = next(c for c in candidates if c.name in names)
    # Features and sport call people by first name (`said Emily`): a first name only one
    # person in the article has, that is nobody's surname and no other party's name.
    firsts: dict[str, set[str]] = {}
    for c in candidates:
        if c.party_type == "person" and len(c.words) >= 2 and NAME_WORD.fullmatch(c.words[0]):
            firsts.setdefault(c.words[0], set()).add(c.name)
    others = {fold(c.text) for c in candidates if c.party_type != "person"}
    for first, names in firsts.items():
        if (len(names) == 1 and len(first) >= 3 and first not in forms and first not in surnames
                and fold(first) not in others):
            by_surname[first] = next(c for c in candidates if c.name in names)
    taken = [(c.start, c.end) for c in candidates]
    found: list[_Candidate] = []
    for form, source in [*forms.items(), *by_surname.items()]:
        for match in re.finditer(r"(?<![\w-])" + re.escape(form) + r"(?![\w-])", text):
            start, end = match.span()
            if any(a < end and start < b for a, b in taken):
                continue
            if form in by_surname:
                span = doc.char_span(start, end)
                if span is None:
                    continue
                before = doc[span.start - 1] if span.start > 0 else None
                if (before is not None and before.is_title and not span[0].is_sent_start
                        and not tables.title_length([before.text])):
                    continue  # `Jill Biden`; but `President Biden` is fine
                if span.end < len(doc) and doc[span.end].is_title and not doc[
                        span.end].is_sent_start:
                    continue  # `Emily Blunt` is not the `Emily` of `Emily Ratajkowski`
            found.append(_Candidate(start, end, form, "REPEAT", source.party_type, source.name,
                                    source.words))
            taken.append((start, end))
    return found


def _is_acronym(text: str) -> bool:
    letters = text.replace(".", "").replace("&", "")
    return 2 <= len(letters) <= 7 and letters.isalpha() and letters.isupper()


def _initials(name: str) -> str:
    skip = {"of", "and", "the", "for", "&", "in", "on", "de", "du", "des", "la", "le"}
    return "".join(w[0] for w in name.replace("-", " ").split() if w.lower() not in skip).upper()


def _governor(token):
    """The word a name is the subject or object of (`England` in `England and Tonga have met`
    -> `met`; `Notre Dame` in `victory over Notre Dame` -> `victory`)."""
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    if token.dep_ in ("nsubj", "nsubjpass", "dobj"):
        return token.head
    if token.dep_ == "pobj" and token.head.lower_ in ("to", "against", "with", "over", "by"):
        return token.head.head
    return None


RESULT_NOUNS = {"victory", "win", "loss", "defeat", "triumph", "upset", "rout"}


def _mark_teams(doc: Doc, candidates: list[_Candidate], tables: Tables) -> None:
    """In an article about sport, a place (or club) named as a team is its team, an
    organisation: followed by a team word (`Scotland great`, `England coach`), either side of
    `versus`, or subject and object of a result verb (`England beat Samoa`, `England and Tonga
    have met`, `victory over Notre Dame`)."""
    if len({t.lower_ for t in doc} & tables.sports_words) < 2:
        return
    spans = {}
    for c in candidates:
        if c.party_type in ("country", "location", "organization"):
            span = doc.char_span(c.start, c.end)
            if span is not None:
                spans[id(c)] = span
    by_token = {t.i: c for c in candidates if id(c) in spans for t in spans[id(c)]}
    by_verb: dict[int, list[_Candidate]] = {}
    for c in candidates:
        span = spans.get(id(c))
        if span is None:
            continue
        after = doc[span.end] if span.end < len(doc) else None
        if after is not None and after.lower_ in tables.team_words:
            c.team = True
        if after is not None and after.lower_.rstrip(".") in ("versus", "vs", "v"):
            other = by_token.get(span.end + 1)
            if other is not None:
                c.team = other.team = True
        verb = _governor(span.root)
        if verb is not None and verb.lemma_.lower() in RESULT_NOUNS:
            c.team = True
        elif verb is not None and verb.lemma_.lower() in tables.sports_verbs:
            by_verb.setdefault(verb.i, []).append(c)
    for sides in by_verb.values():
        if len({c.name for c in sides}) >= 2:
            for c in sides:
                c.team = True


def _vote_types(candidates: list[_Candidate]) -> None:
    """One type per canonical name in an article: what most of its mentions say (the model
    labels `the White House` ORG in one sentence and FAC in the next)."""
    votes: dict[str, Counter] = {}
    companies = {fold(c.name) for c in candidates if c.company}
    teams = {fold(c.name) for c in candidates if c.team}
    for c in candidates:
        votes.setdefault(fold(c.name), Counter())[c.party_type] += 1
    for c in candidates:
        counts = votes[fold(c.name)]
        # a country's name is the country's however the model labelled one mention of it, and
        # a name once written `Paxar Corp` is a company's
        if fold(c.name) in teams:
            c.party_type = "organization"  # the national or city team, named after its place
        elif "country" in counts:
            c.party_type = "country"
        elif fold(c.name) in companies:
            c.party_type = "organization"
        else:
            c.party_type = max(counts, key=lambda t: (counts[t], -TYPE_PRIORITY.index(t)))
