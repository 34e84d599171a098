"""The reference data behind party extraction: `schemas/parties/*.yaml` (ours) joined with
pycountry (ISO 3166 names) and countrynames (demonyms and names in many languages).

countrynames also maps cities and states to their country (`Tokyo` -> JP, `Texas` -> US), so it
is trusted only for demonyms (`Japanese`) and for names sharing a distinctive word with the
country's ISO names (`the Republic of Korea`); places stay places.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

import countrynames
import pycountry
import yaml

TABLES_DIR = Path(__file__).resolve().parents[1] / "schemas" / "parties"

# Words too common in country names to tie a place to a country on their own.
GENERIC_WORDS = {"united", "states", "state", "republic", "kingdom", "democratic", "people's",
                 "peoples", "federal", "federation", "islamic", "arab", "islands", "island",
                 "north", "south", "east", "west", "northern", "southern", "new", "saint",
                 "great", "the", "and", "of", "plurinational", "bolivarian", "socialist",
                 "principality", "commonwealth", "union", "central", "sint", "american"}
COMPANY_SUFFIX = re.compile(
    r"(,?\s+(Inc|Incorporated|Corp|Co|Ltd|Limited|LLC|L\.L\.C|PLC|Plc|plc|NV|N\.V|AG|SA|S\.A|"
    r"GmbH|LP|L\.P)\.?|,?\s+(&|and)\s+Co\.?)+$"
)

COMPANY_OF_PLACE = re.compile(r"(?<=\s)(Inc|Corp|Co|Ltd|Plc|PLC|LLC)\.? of [A-Z].*$")
COMPANY_SUFFIX_WORD = re.compile(r"(inc|incorporated|corp|co|ltd|limited|llc|plc|nv|ag|sa|gmbh|lp)"
                                 r"\.?", re.IGNORECASE)


def fold(text: str) -> str:
    """Case-, accent- and apostrophe-insensitive form of a name, for comparisons."""
    text = text.replace("’", "'").replace("‘", "'")
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).casefold().strip()


def _strip_the(text: str) -> str:
    return text[4:] if text[:4].lower() == "the " else text


class Tables:
    def __init__(self, directory: Path = TABLES_DIR):
        countries = yaml.safe_load((directory / "countries.yaml").read_text(encoding="utf-8"))
        orgs = yaml.safe_load((directory / "organizations.yaml").read_text(encoding="utf-8"))
        people = yaml.safe_load((directory / "people.yaml").read_text(encoding="utf-8"))
        places = yaml.safe_load((directory / "places.yaml").read_text(encoding="utf-8"))

        # Countries: ISO codes -> the name news uses.
        overrides = countries["canonical_names"]
        self.country_names: dict[str, str] = {}
        self._country_folded: dict[str, str] = {}
        self._country_words: dict[str, set[str]] = {}
        for country in pycountry.countries:
            code = country.alpha_2
            forms = {country.name, getattr(country, "common_name", None),
                     getattr(country, "official_name", None), overrides.get(code)} - {None}
            self.country_names[code] = overrides.get(code) or getattr(
                country, "common_name", None) or country.name
            for form in forms:
                self._country_folded[fold(_strip_the(form))] = code
            self._country_words[code] = {
                w for form in forms for w in re.split(r"[\s,()]+", fold(form))
                if len(w) > 3 and w not in GENERIC_WORDS
            }
        self._country_aliases = {_strip_the(k): v for k, v in countries["aliases"].items()}
        self._demonyms = dict(countries["demonyms"])
        self._not_countries = set(countries["not_countries"])
        self.currency_words = set(countries["currency_words"])

        # Organisations: every written form -> canonical name.
        self._org_exact: dict[str, str] = {}
        self._org_folded: dict[str, str] = {}
        for canonical, aliases in orgs["organizations"].items():
            for form in [canonical, *(aliases or [])]:
                form = _strip_the(form)
                self._org_exact[form] = canonical
                if not form.isupper():  # acronyms stay case-sensitive: `IS`/`is`, `WHO`/`who`
                    self._org_folded[fold(form)] = canonical
        self._org_model_only = set(orgs.get("model_only") or [])
        self.org_head_words = set(orgs["head_words"])
        self.event_head_words = set(orgs["event_head_words"])
        self.instrument_words = set(orgs["instrument_words"])
        self.national_body_words = set(orgs["national_body_words"])
        self.page_labels = set(places["page_labels"])
        self.place_head_words = set(places["place_head_words"])
        self.place_nouns = set(places["place_nouns"])
        self.us_states = set(places["us_state_abbreviations"])
        self.us_state_names = {s.name for s in pycountry.subdivisions.get(country_code="US")
                               if s.type == "State"}
        self.sports_words = set(places["sports_words"])
        self.sports_verbs = set(places["sports_verbs"])
        self.team_words = set(places["team_words"])
        self.share_phrases = re.compile(
            r"\b(?:" + "|".join(re.escape(p) for p in places["share_phrases"]) + r")\b")

        # People: titles as tuples of lower-case words without dots, longest first.
        self._titles = sorted(
            {tuple(w.lower().rstrip(".") for w in t.split())
             for t in people["titles"] + people["roles"]},
            key=len, reverse=True,
        )
        self._surname_prefixes = tuple(p.lower() for p in people["surname_prefixes"])
        self._generational = set(people["generational_suffixes"])
        self._degrees = {d.rstrip(".") for d in people["degrees"]}

    # -- countries -------------------------------------------------------------------------
    def country_code(self, text: str, label: str) -> str | None:
        """ISO code of the country `text` names, or None. `label` is spaCy's."""
        text = _strip_the(text)
        if text in self._not_countries:
            return None
        code = self._country_aliases.get(text) or self._demonyms.get(text)
        if code or label == "PERSON":
            return code
        code = self._country_folded.get(fold(text))
        if code:
            return code
        if label == "NORP":
            code = countrynames.to_code(text)
            if code is None and text.endswith("s"):
                code = countrynames.to_code(text[:-1])  # `Americans` -> `American`
            return code if code in self.country_names else None
        if label in ("GPE", "LOC"):
            code = countrynames.to_code(text)
            words = set(re.split(r"[\s,]+", fold(text)))
            if code in self.country_names and words & self._country_words[code]:
                return code
        return None

    def is_country_name(self, text: str) -> bool:
        """`U.S.`, `Japan`: the country's name itself, not a demonym (`Japanese`)."""
        return bool(self._country_aliases.get(_strip_the(text))
                    or self._country_folded.get(fold(_strip_the(text))))

    def national_body_name(self, text: str) -> str:
        """`U.S. Department of Education` -> `United States Department of Education`, so that
        however the country is written the institution has one name. Demonyms stay as written
        (`British Army`)."""
        words = text.split()
        if not set(words[1:]) & self.national_body_words:
            return text
        for n in (3, 2, 1):
            head = " ".join(words[:n])
            if len(words) > n and self.is_country_name(head):
                return " ".join([self.country_names[self.country_code(head, "GPE")], *words[n:]])
        return text

    # -- organisations ---------------------------------------------------------------------
    def organization_name(self, text: str) -> str | None:
        text = _strip_the(text)
        return self._org_exact.get(text) or self._org_folded.get(fold(text))

    @staticmethod
    def is_company_suffix(word: str) -> bool:
        return bool(COMPANY_SUFFIX_WORD.fullmatch(word))

    @staticmethod
    def strip_company_suffix(text: str) -> str:
        """`Home Depot Inc.` -> `Home Depot`; a bare `Co` -> empty (not a name)."""
        text = _strip_the(text)
        if COMPANY_SUFFIX.fullmatch(" " + text):
            return ""
        text = COMPANY_OF_PLACE.sub("", text)  # `Dominion Textiles Inc of Canada`
        return COMPANY_SUFFIX.sub("", text).rstrip(" ,")

    # -- people ----------------------------------------------------------------------------
    def title_length(self, words: list[str]) -> int:
        """How many of `words` at the front form a title (`Prime Minister`), else 0."""
        lowered = tuple(w.lower().rstrip(".") for w in words)
        for title in self._titles:
            if lowered[: len(title)] == title:
                return len(title)
        return 0

    def is_title_or_degree(self, text: str) -> bool:
        """`Duchess`, `M.D.`: a title or degree on its own, not a name."""
        words = text.split()
        return self.title_length(words) == len(words) or text.rstrip(".") in self._degrees

    def name_words(self, text: str) -> list[str]:
        """The words of a person's name without trailing degrees (`Rose, M.D.` -> `Rose`)."""
        words = [w.strip(",") for w in text.split()]
        while words and words[-1].rstrip(".") in self._degrees:
            words.pop()
        return [w for w in words if w]

    def surname(self, words: list[str]) -> str:
        rest = [w for w in words if w not in self._generational]
        return (rest or words)[-1]

    def has_surname_prefix(self, text: str) -> bool:
        """`el-Sissi`, `al-Sadr`: a name that starts in lower case."""
        return text.lower().startswith(self._surname_prefixes)

    def surname_keys(self, words: list[str]) -> set[str]:
        """Forms a lone surname can take in text: `Al-Maliki`, `al-Maliki`, `Maliki`."""
        surname = fold(self.surname(words))
        keys = {surname}
        for prefix in self._surname_prefixes:
            if surname.startswith(prefix) and len(surname) > len(prefix) + 1:
                keys.add(surname[len(prefix):])
        return keys

    # -- the ruler -------------------------------------------------------------------------
    def ruler_patterns(self) -> list[dict]:
        """Phrase patterns (case-sensitive) for names the model may miss."""
        patterns: list[dict] = []
        seen: set[tuple[str, str]] = set()

        def add(label: str, text: str) -> None:
            if text and (label, text) not in seen and "," not in text and "(" not in text:
                seen.add((label, text))
                patterns.append({"label": label, "pattern": text})

        for country in pycountry.countries:
            for form in (country.name, getattr(country, "common_name", None),
                         getattr(country, "official_name", None)):
                if form:
                    add("GPE", _strip_the(form))
        for text in [*self.country_names.values(), *self._country_aliases]:
            add("GPE", text)
        for text in self._demonyms:
            add("NORP", text)
        for text, canonical in self._org_exact.items():
            if text not in self._org_model_only and canonical not in self._org_model_only:
                add("ORG", text)
        return patterns


@functools.lru_cache(maxsize=1)
def load_tables() -> Tables:
    return Tables()
