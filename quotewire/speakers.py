"""Who a speaker mention refers to, within one article.

News introduces a person once by full name (often with a title or a role) and then uses the
surname (`Kirby`, `Mr. Trump`), the title (`the president`) or a pronoun. `PeopleIndex` records
the names an article introduces, in order, so that a later short form resolves to the fullest
form introduced (titles dropped).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

# Titles and honorifics: never part of a name. Lower-cased, without the trailing dot.
TITLES = {
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "lord", "lady",
    "sen", "senator", "rep", "representative", "congressman", "congresswoman", "gov", "governor",
    "lt", "gen", "general", "col", "colonel", "maj", "major", "capt", "captain", "sgt", "adm",
    "admiral", "cmdr", "president", "vice", "prime", "minister", "secretary", "mayor", "judge",
    "justice", "chief", "chairman", "chairwoman", "chair", "speaker", "leader", "ambassador",
    "attorney", "former", "then", "sheriff", "commissioner", "councilman", "councilwoman",
    "councilmember", "assemblyman", "assemblywoman", "delegate", "del", "state", "pope", "rev",
    "reverend", "father", "rabbi", "imam", "king", "queen", "prince", "princess", "premier",
    "chancellor", "first", "deputy", "acting", "interim", "u.s.", "us", "democratic",
    "republican", "gop", "sens", "reps", "supt", "superintendent", "officer", "detective",
    "sergeant", "lieutenant", "spokesman", "spokeswoman", "spokesperson", "candidate", "nominee",
}
SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
MALE = {"he", "him", "his", "himself", "mr"}
FEMALE = {"she", "her", "hers", "herself", "mrs", "ms", "miss"}
# Role nouns that refer back to someone introduced with that title (`the president`).
ROLE_NOUNS = {
    "president", "senator", "governor", "mayor", "secretary", "minister", "congressman",
    "congresswoman", "chairman", "chairwoman", "candidate", "nominee", "judge", "speaker",
    "ambassador", "sheriff", "director", "chief", "leader", "spokesman", "spokeswoman",
    "commissioner", "premier", "chancellor", "attorney", "general", "founder", "ceo",
}


def _norm(word: str) -> str:
    return word.lower().rstrip(".").replace("’", "'")


def strip_titles(words: list[str]) -> list[str]:
    """Drop leading titles (`Sen.`, `President`, `Vice President`) and a possessive ending."""
    words = [w for w in words if w not in ("'s", "’s")]
    if words:
        words[-1] = re.sub(r"[’']s$", "", words[-1])
    i = 0
    while i < len(words) - 1 and _norm(words[i]) in TITLES:
        i += 1
    return [w for w in words[i:] if w.strip(",;:")]


def surname(words: list[str]) -> str | None:
    core = [w for w in words if _norm(w) not in SUFFIXES and not re.fullmatch(r"[A-Z]\.?", w)]
    return core[-1] if core else None


@dataclass
class Person:
    name: str  # fullest form the article gives, titles dropped
    words: list[str]
    first_at: int  # char offset of the first mention
    titles: set[str] = field(default_factory=set)  # lower-cased titles seen with the name
    gender: str | None = None
    mentions: list[int] = field(default_factory=list)  # char offsets of every mention


class PeopleIndex:
    """The people (and organisations) an article names, resolved to their fullest names."""

    def __init__(self, doc: Doc, in_quote):
        self.doc = doc
        self.people: list[Person] = []
        self.orgs: list[tuple[int, str]] = []
        self._in_quote = in_quote
        for ent in doc.ents:
            if in_quote(ent.start_char):
                continue  # names inside quotations are the speaker's words, not introductions
            if ent.label_ == "PERSON":
                self.add_person(ent)
            elif ent.label_ in ("ORG", "NORP", "GPE") and ent.label_ == "ORG":
                self.orgs.append((ent.start_char, _clean_org(ent.text)))

    def add_person(self, span: Span) -> Person | None:
        words = [t.text for t in span if not t.is_punct or t.text == "."]
        titles = {_norm(t.text) for t in _title_tokens_before(span)}
        words_all = [t.text for t in span]
        lead = []
        for w in words_all:
            if _norm(w) in TITLES:
                lead.append(_norm(w))
            else:
                break
        titles |= set(lead)
        words = strip_titles([t.text for t in span if t.text not in ("(", ")")])
        words = [w for w in words if w not in (",",)]
        if not words or not words[0][:1].isupper():
            return None
        gender = "m" if titles & MALE else "f" if titles & FEMALE else None
        person = self._match(words, span.start_char)
        if person is None:
            person = Person(" ".join(words), words, span.start_char, gender=gender)
            self.people.append(person)
        elif len(words) > len(person.words) and surname(words) == surname(person.words) and (
            len(person.words) == 1 or words[0] == person.words[0] or person.words[0] in words
        ):
            person.words, person.name = words, " ".join(words)  # a fuller form of the same name
        person.titles |= titles
        person.gender = person.gender or gender
        person.mentions.append(span.start_char)
        return person

    def _match(self, words: list[str], at: int) -> Person | None:
        """The person already indexed that `words` names, if any."""
        sur = surname(words)
        same = [p for p in self.people if surname(p.words) == sur]
        if len(words) > 1:
            first = words[0]
            exact = [p for p in same if p.words[0] == first or len(p.words) == 1]
            return exact[0] if exact else None
        if not same:
            # A first name on its own (`Melanie`), for someone introduced by full name.
            firsts = [p for p in self.people if p.words[0] == words[0] and len(p.words) > 1]
            return _latest(firsts, at)
        return _latest(same, at)

    def resolve_name(self, words: list[str], at: int) -> Person | None:
        words = strip_titles(words)
        if not words:
            return None
        return self._match(words, at)

    def by_title(self, noun: str, at: int) -> Person | None:
        """`the president`: the person most recently mentioned with that title."""
        noun = noun.lower()
        cands = [p for p in self.people if noun in p.titles and p.first_at < at]
        return _latest(cands, at)

    def recent(self, at: int, gender: str | None = None) -> list[Person]:
        """People mentioned before `at`, most recent first."""
        seen = []
        for p in self.people:
            before = [m for m in p.mentions if m < at]
            if before and (gender is None or p.gender in (None, gender)):
                seen.append((max(before), p))
        return [p for _, p in sorted(seen, key=lambda x: -x[0])]

    def recent_org(self, at: int) -> str | None:
        before = [(s, n) for s, n in self.orgs if s < at]
        return before[-1][1] if before else None


def _latest(people: list[Person], at: int) -> Person | None:
    best, best_at = None, -1
    for p in people:
        before = [m for m in p.mentions if m < at] or [p.first_at]
        if max(before) > best_at and (min(p.mentions or [p.first_at]) < at or best is None):
            best, best_at = p, max(before)
    return best or (people[0] if people else None)


def _title_tokens_before(span: Span) -> list[Token]:
    """`Sen. Ted Cruz`: the title words just before an entity (NER often leaves them out)."""
    out = []
    i = span.start - 1
    while i >= 0 and _norm(span.doc[i].text) in TITLES and span.doc[i].text[:1].isupper():
        out.append(span.doc[i])
        i -= 1
    return out


def _clean_org(text: str) -> str:
    text = re.sub(r"^(?:the|The)\s+", "", text)
    return re.sub(r"[’']s$", "", text).strip()
