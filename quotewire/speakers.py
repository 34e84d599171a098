"""Who a speaker mention refers to, within one article.

News introduces a person once by full name (often with a title or a role) and then uses the
surname (`Kirby`, `Mr. Trump`), the title (`the president`) or a pronoun. `PeopleIndex` records
the names an article introduces (outside quotations), in order, so that a later short form
resolves to the fullest form introduced, titles dropped. It also reads what the article says
about each person's gender (`Mr.`/`Ms.`, and `he`/`she` in sentences naming only that person), so
that a pronoun is not resolved to someone it cannot refer to.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

# Titles and honorifics: never part of a name. Lower-cased, without the trailing dot.
TITLES = {
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "lord", "lady",
    "sen", "senator", "rep", "representative", "congressman", "congresswoman", "gov", "governor",
    "lt", "gen", "general", "col", "colonel", "maj", "major", "capt", "captain", "sgt", "adm",
    "admiral", "cmdr", "president", "vice", "prime", "minister", "secretary", "mayor", "judge",
    "justice", "chief", "chairman", "chairwoman", "chair", "speaker", "leader", "ambassador",
    "attorney", "former", "then", "sheriff", "commissioner", "councilman", "councilwoman",
    "councilmember", "assemblyman", "assemblywoman", "delegate", "del", "pope", "rev",
    "reverend", "father", "rabbi", "imam", "king", "queen", "prince", "princess", "premier",
    "chancellor", "deputy", "acting", "interim", "sens", "reps", "supt", "superintendent",
    "officer", "detective", "sergeant", "lieutenant", "spokesman", "spokeswoman",
    "spokesperson", "candidate", "nominee", "state", "u.s.", "first", "lady", "army", "navy", "air",
    "force", "marine", "marines", "corps", "retired", "ret", "1st", "2nd", "pvt", "cpl", "spc", "staff",
    "cmdr", "gen.", "brig", "specialist", "private", "corporal",
}
NICKNAMED = re.compile(r"\b[A-Z][a-z]+(?: [A-Z]\.)* [\"“][A-Z][a-z]+[\"”] [A-Z][A-Za-z’'-]+")
# Entity labels a subject made of proper nouns cannot be a person under (others are model slips).
NOT_PEOPLE = {"ORG", "GPE", "LOC", "FAC", "DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"}
SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
# Words after a company's short name in its full name (`Peabody Energy`, `Ortell Holdings`).
ORG_KINDS = {"energy", "holdings", "group", "inc", "corp", "corporation", "company", "co", "research", "minerals",
             "mining", "motors", "bank", "partners", "capital", "foundation", "institute", "coalition",
             "industries", "international", "systems", "technologies", "media", "communications", "airlines",
             "pharmaceuticals", "resources", "oil", "petroleum", "power", "steel", "foods", "labs", "ltd", "llc"}
MALE_WORDS = {"he", "him", "his", "himself"}
FEMALE_WORDS = {"she", "her", "hers", "herself"}
MALE_TITLES = {"mr", "sir", "lord", "king", "prince", "father", "congressman", "chairman", "councilman", "assemblyman"}
FEMALE_TITLES = {"mrs", "ms", "miss", "dame", "lady", "queen", "princess", "congresswoman", "chairwoman",
                 "councilwoman", "assemblywoman"}
# Role nouns that refer back to someone introduced with that title (`the president`).
# Common English given names, only to tell `he` from `she` when the article does not.
MALE_NAMES = set("""
james john robert michael william david richard joseph thomas charles christopher daniel matthew
anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy ronald edward
jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott brandon benjamin
samuel gregory alexander frank patrick raymond jack dennis jerry tyler aaron jose adam nathan
henry douglas zachary peter kyle walter ethan jeremy harold keith christian roger noah gerald
carl sean austin arthur lawrence dylan bryan joe billy bruce albert willie
gabriel logan alan juan wayne roy ralph randy eugene vincent russell elijah louis bobby philip
johnny bill barack mike josh ted marco jeb rand ben bernie mitch newt rudy rick jim tom tim
bob dick al hank fred ed dan ron ken tony harry howard martin karl hans carlos luis miguel
""".split())
FEMALE_NAMES = set("""
mary patricia jennifer linda elizabeth barbara susan jessica sarah karen lisa nancy betty
margaret sandra ashley kimberly emily donna michelle carol amanda dorothy melissa deborah
stephanie rebecca sharon laura cynthia kathleen amy angela shirley anna brenda pamela emma
nicole helen samantha katherine christine debra rachel carolyn janet catherine maria heather
diane ruth julie olivia joyce virginia victoria lauren christina joan evelyn judith
megan andrea cheryl hannah jacqueline martha gloria teresa ann sara madison frances kathryn
janice jean abigail alice judy sophia grace denise amber doris marilyn danielle beverly
isabella theresa diana natalie brittany charlotte marie kayla alexis lori hillary hilary
nikki sheryl condoleezza nancy kellyanne huma loretta elena sonia ruth ivanka melania chelsea
carly michele tulsi kamala elise susana debbie jill jane claire tammy kirsten dianne barbara
""".split())
ROLE_NOUNS = {
    "president", "senator", "governor", "mayor", "secretary", "minister", "congressman",
    "congresswoman", "chairman", "chairwoman", "candidate", "nominee", "judge", "speaker",
    "ambassador", "sheriff", "director", "chief", "leader", "spokesman", "spokeswoman",
    "commissioner", "premier", "chancellor", "attorney", "general", "founder", "ceo",
}


def _norm(word: str) -> str:
    return word.lower().strip("\"“”").rstrip(".,").replace("’", "'")


def strip_titles(words: list[str]) -> list[str]:
    """Drop leading titles (`Sen.`, `President`, `Vice President`) and a possessive ending."""
    words = [w.strip(",;:()―—–-") for w in words if w not in ("'s", "’s")]
    words = [w for w in words if w]
    if words:
        words[-1] = re.sub(r"[’']s?$", "", words[-1]) if re.search(r"[a-z][’']s?$", words[-1]) else words[-1]
    i = 0
    while i < len(words) - 1 and _norm(words[i]) in TITLES:
        i += 1
    return [w for w in words[i:] if w]


def leading_titles(words: list[str]) -> set[str]:
    out = set()
    for w in words:
        if _norm(w) not in TITLES:
            break
        out.add(_norm(w))
    return out


def surname(words: list[str]) -> str | None:
    core = [w for w in words if _norm(w) not in SUFFIXES and not re.fullmatch(r"[A-Z]\.?", w)
            and not w.startswith(('"', "“"))]
    return _norm(core[-1]) if core else None


@dataclass(eq=False)  # one object per person: compared and hashed by identity
class Person:
    name: str  # fullest form the article gives, titles dropped
    words: list[str]
    first_at: int  # char offset of the first mention
    titles: set[str] = field(default_factory=set)  # lower-cased titles seen with the name
    gender: str | None = None
    mentions: list[int] = field(default_factory=list)  # char offsets of every mention
    subject_mentions: list[int] = field(default_factory=list)  # those that are a main subject
    votes: list[str] = field(default_factory=list)
    completed: bool = False  # the given name comes from elsewhere (a quote, a title), not the narration


class PeopleIndex:
    """The people (and organisations) an article names, resolved to their fullest names."""

    def __init__(self, doc: Doc, in_quote, cue_lemmas=frozenset(), in_heading=lambda char: False):
        self.doc = doc
        self.text = doc.text  # Doc.text joins every token on each access: read it once
        self.people: list[Person] = []
        self.orgs: list[tuple[int, str]] = []
        self._in_quote = in_quote
        self._cues = cue_lemmas
        self._at: dict[int, Person] = {}
        nick = [(m.start(), m.end()) for m in NICKNAMED.finditer(self.text)]
        covered: set[int] = set()
        # `Robert C. "Bobby" Scott`: a nickname in quote marks splits the name for the model.
        for m in NICKNAMED.finditer(self.text):
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is not None and not in_quote(m.start()):
                self.add(span.start, span.end, text=m.group(0))
                covered.update(range(span.start, span.end))
        for ent in doc.ents:
            if any(a <= ent.start_char < b for a, b in nick):
                continue  # read whole above
            if in_quote(ent.start_char) or in_heading(ent.start_char):
                continue  # names inside quotations are the speaker's words, not introductions;
                # a headline's capitals make the model's names unreliable there
            if ent.label_ == "PERSON":
                start = place_in_title(doc, _given_name_before(doc, ent), ent.end)
                self.add(start, ent.end)
                covered.update(range(start, ent.end))
            elif ent.label_ == "ORG":
                self.orgs.append((ent.start_char, clean_org(ent.text)))
        # Names the model missed: a subject made of two or more capitalised proper nouns.
        for tok in doc:
            if tok.i in covered or tok.pos_ != "PROPN" or tok.dep_ not in ("nsubj", "nsubjpass"):
                continue
            if in_quote(tok.idx) or in_heading(tok.idx):
                continue
            if tok.ent_type_ in NOT_PEOPLE:
                if any(surname(p.words) == _norm(tok.text) for p in self.people):
                    self.add(tok.i, tok.i + 1)  # `Christie, who ..., blasted`: a known surname mislabelled
                continue
            lo = tok.i
            while lo > 0 and doc[lo - 1].pos_ == "PROPN" and doc[lo - 1].dep_ == "compound" \
                    and doc[lo - 1].ent_type_ == tok.ent_type_:
                lo -= 1
            if tok.i - lo >= 1:
                self.add(lo, tok.i + 1)
            elif any(surname(p.words) == _norm(tok.text) for p in self.people):
                self.add(lo, tok.i + 1)  # `Christie blasted ...`: a known surname the model missed
        for ent in doc.ents:
            if ent.label_ == "PERSON" and (in_quote(ent.start_char) or in_heading(ent.start_char)):
                self.add_weak(ent.start, ent.end)
        self._drop_organisations()
        self._complete_surnames()
        self._read_genders()

    # -- building ----------------------------------------------------------------------------
    def add(self, start: int, end: int, text: str | None = None) -> Person | None:
        doc = self.doc
        raw = fix_mojibake(text or self.text[doc[start].idx:doc[end - 1].idx + len(doc[end - 1])]).split()
        titles = leading_titles(raw) | {_norm(t.text) for t in _title_tokens_before(doc, start)}
        words = strip_titles(raw)
        if not words or not words[0][:1].isupper() or len(" ".join(words)) < 2:
            return None
        at = doc[start].idx
        first = _norm(words[0]) if len(words) > 1 else None
        gender = ("m" if titles & MALE_TITLES or first in MALE_NAMES else
                  "f" if titles & FEMALE_TITLES or first in FEMALE_NAMES else None)
        if len(words) == 1:
            person = self._match_titled(words, at, titles)
        else:
            person = self._match(words, at, fuller=True, gender=gender)
        if person is None:
            person = Person(" ".join(words), words, at)
            self.people.append(person)
        elif len(words) > len(person.words) and (len(person.words) == 1 or _norm(words[0]) == _norm(person.words[0])):
            person.words, person.name = words, " ".join(words)  # a fuller form: `Hillary Rodham Clinton`
        person.titles |= titles
        if titles & MALE_TITLES:
            person.votes += ["m"] * 3
        if titles & FEMALE_TITLES:
            person.votes += ["f"] * 3
        if first in MALE_NAMES:
            person.votes += ["m"] * 2
        elif first in FEMALE_NAMES:
            person.votes += ["f"] * 2
        person.mentions.append(at)
        self._at[at] = person
        if self._is_main_subject(doc[end - 1]):
            person.subject_mentions.append(at)
        return person

    def _drop_organisations(self) -> None:
        """`Brisco Energy ...` then `Brisco said`: a single word the model tagged as a person, that
        begins an organisation's name given earlier and never has a title, is that organisation."""
        def kind_after(name: str, word: str) -> bool:  # `Brisco Energy`, not `Trump Train`
            rest = name[len(word):].split()
            return name.startswith(word + " ") and bool(rest) and rest[0].lower().strip(".,") in ORG_KINDS

        for p in list(self.people):
            if len(p.words) == 1 and not p.titles and \
                    any(s < p.first_at and kind_after(n, p.words[0]) for s, n in self.orgs):
                self.people.remove(p)
                self._at = {at: q for at, q in self._at.items() if q is not p}

    def _complete_surnames(self) -> None:
        """`Mr. Obama` throughout, and `Barack Obama` only in a quoted event name the model does
        not tag: a common given name before a surname the narration uses alone completes it,
        when the article gives exactly one such name and it fits what is known of the person."""
        for p in self.people:
            if len(p.words) != 1 or len(p.words[0]) < 3:
                continue
            pattern = r"\b([A-Z][a-z]+) (?:[A-Z]\. )?" + re.escape(p.words[0]) + r"\b"
            given = {m.group(1) for m in re.finditer(pattern, self.text)}
            taken = {_norm(q.words[0]) for q in self.people if q is not p and surname(q.words) == surname(p.words)}
            fits = {g for g in given if _norm(g) not in taken and (
                    _norm(g) in MALE_NAMES and _gender(p) != "f" or _norm(g) in FEMALE_NAMES and _gender(p) != "m")}
            if len(fits) == 1:
                first = fits.pop()
                p.words = [first] + p.words
                p.name = " ".join(p.words)
                p.completed = True
                p.votes += ["m" if _norm(first) in MALE_NAMES else "f"] * 2

    def register(self, words: list[str], at: int) -> Person | None:
        """A speaker the model did not tag as a person, found by the attribution rules."""
        words = strip_titles(words)
        if not words or not words[0][:1].isupper():
            return None
        person = Person(" ".join(words), words, at, mentions=[at], subject_mentions=[at])
        first = _norm(words[0]) if len(words) > 1 else None
        if first in MALE_NAMES or first in FEMALE_NAMES:
            person.votes += ["m" if first in MALE_NAMES else "f"] * 2
            person.gender = person.votes[0]
        self.people.append(person)
        return person

    def _is_main_subject(self, tok: Token) -> bool:
        head = tok
        while head.dep_ in ("compound", "flat", "appos") and head.head is not head:
            head = head.head
        if head.dep_ not in ("nsubj", "nsubjpass"):
            return False
        verb = head.head
        return verb.dep_ in ("ROOT", "conj") or verb.lemma_.lower() in self._cues

    def _read_genders(self) -> None:
        """`he`/`she` in a sentence that names one person only tells that person's gender."""
        for sent in self.doc.sents:
            named = {self._at[t.idx] for t in sent if t.idx in self._at}
            if len(named) != 1:
                continue
            person = next(iter(named))
            first = min(m for m in person.mentions if sent.start_char <= m < sent.end_char)
            # Only subject pronouns: `her` and `his` as often belong to someone else named nearby.
            words = {t.lower_ for t in sent if t.idx > first and not self._in_quote(t.idx)
                     and t.dep_ in ("nsubj", "nsubjpass")}
            if "he" in words and "she" not in words:
                person.votes.append("m")
            elif "she" in words and "he" not in words:
                person.votes.append("f")
        for p in self.people:
            m, f = p.votes.count("m"), p.votes.count("f")
            p.gender = "m" if m > f else "f" if f > m else None

    # -- resolving ---------------------------------------------------------------------------
    def _match(self, words: list[str], at: int, fuller: bool = False, gender: str | None = None) -> Person | None:
        """The person already indexed that `words` names, if any (of that gender, if given:
        `Michelle Obama` is not the `Mr. Obama` seen before)."""
        sur = surname(words)
        same = [p for p in self.people if surname(p.words) == sur and (gender is None or _gender(p) in (None, gender))]
        if len(words) > 1:
            given = {_norm(w) for w in words[:-1]}
            fit = [p for p in same if len(p.words) == 1 or given & {_norm(w) for w in p.words[:-1]}
                   or _norm(p.words[0]) in given]
            if not fit and not fuller:
                # `Suu Kyi` for `Aung San Suu Kyi`: the tail of a longer name.
                tail = [_norm(w) for w in words]
                fit = [p for p in self.people if [_norm(w) for w in p.words[-len(tail):]] == tail]
            return self._preferred(fit, at)
        if not same:
            # A first name on its own (`Melanie`), for someone introduced by full name.
            firsts = [p for p in self.people if _norm(p.words[0]) == _norm(words[0]) and len(p.words) > 1]
            if firsts:
                return self._preferred(firsts, at)
            # `McLenney` for the `Tyresha McClenney` introduced: a long surname misspelt by one
            # letter is the same person when nobody else is that close.
            near = [p for p in self.people if len(p.words) > 1 and _one_letter_apart(sur, surname(p.words))]
            return near[0] if len(near) == 1 else None
        return self._preferred(same, at)

    def _preferred(self, people: list[Person], at: int) -> Person | None:
        """Of several people a short form may name (`Clinton`), the one the article was last
        talking about: last named as a subject, else last named, else first introduced."""
        if len(people) <= 1:
            return people[0] if people else None

        def last(offsets):
            before = [m for m in offsets if m < at]
            return max(before) if before else -1

        best = max(people, key=lambda p: (last(p.subject_mentions) >= 0, last(p.subject_mentions), last(p.mentions)))
        if last(best.mentions) < 0:
            return min(people, key=lambda p: p.first_at)
        return best

    def resolve_name(self, words: list[str], at: int) -> Person | None:
        """The person a name as written refers to; its title (`Mr.`, `President`) helps choose
        between people who share a surname (`Mr. Obama`, not Michelle Obama)."""
        titles = leading_titles(words)
        words = strip_titles(words)
        if not words:
            return None
        if len(words) == 1:
            return self._match_titled(words, at, titles) or self._match(words, at)
        return self._match(words, at)

    def _match_titled(self, words: list[str], at: int, titles: set[str]) -> Person | None:
        """A surname with its title: only people the title fits (gender, office)."""
        same = [p for p in self.people if surname(p.words) == surname(words)]
        if not same or not titles:
            return self._match(words, at)
        gender = "m" if titles & MALE_TITLES else "f" if titles & FEMALE_TITLES else None
        fit = [p for p in same if gender is None or _gender(p) in (None, gender)]
        exact = [p for p in fit if gender is not None and _gender(p) == gender]
        offices = titles - MALE_TITLES - FEMALE_TITLES - {"former", "then", "acting", "interim", "deputy"}
        office = [p for p in (exact or fit) if offices & p.titles]
        return self._preferred(office or exact or fit, at)

    def add_weak(self, start: int, end: int) -> None:
        """A name seen only inside a quotation or a heading: used to complete a surname the
        narration never gives in full, never to change who the narration was talking about."""
        doc = self.doc
        words = strip_titles(self.text[doc[start].idx:doc[end - 1].idx + len(doc[end - 1])].split())
        if len(words) < 2 or not words[0][:1].isupper():
            return
        same = [p for p in self.people if surname(p.words) == surname(words)]
        if len(same) == 1 and len(same[0].words) == 1:
            same[0].words, same[0].name = words, " ".join(words)

    def person_at(self, char: int) -> Person | None:
        """The person whose name (as indexed) starts at char, if any."""
        return self._at.get(char)

    def by_title(self, noun: str, at: int) -> Person | None:
        """`the president`: the person most recently mentioned with that title."""
        cands = [p for p in self.people if noun.lower() in p.titles and p.first_at < at]
        return self._preferred(cands, at)

    def recent(self, at: int, gender: str | None = None) -> list[tuple[int, Person]]:
        """(last mention, person) of the people named before `at`, most recent first; people
        of the other gender (when the article tells it) left out."""
        seen = []
        for p in self.people:
            before = [m for m in p.mentions if m < at]
            if before and (gender is None or p.gender in (None, gender)):
                seen.append((max(before), p))
        return sorted(seen, key=lambda x: -x[0])

    def is_subject_at(self, person: Person, offset: int) -> bool:
        return offset in person.subject_mentions

    def recent_org(self, at: int, noun: str | None = None, kinds=None) -> str | None:
        """The organisation last named before `at` (whose name contains `noun`, or one of the
        words in `kinds` (`court`, `times`, ...), if given)."""
        before = [(s, n) for s, n in self.orgs if s < at and (noun is None or noun.lower() in n.lower())
                  and (kinds is None or any(w.lower() in kinds for w in n.split()))]
        return before[-1][1] if before else None

    def last_org_at(self, at: int, kinds=None) -> int:
        before = [s for s, n in self.orgs if s < at and (kinds is None or any(w.lower() in kinds for w in n.split()))]
        return before[-1] if before else -1

    def fuller_org(self, name: str) -> str:
        """`Peabody` for `Peabody Energy`: the longer form the article introduced."""
        longer = [n for _, n in self.orgs if (n.startswith(name + " ") or n.endswith(" " + name))]
        if not longer and re.fullmatch(r"[A-Z]{2,6}", name):
            # `IMF` for `International Monetary Fund`: an acronym of a name the article gives.
            longer = [n for _, n in self.orgs if "".join(w[0] for w in n.split() if w[0].isupper()) == name]
        return longer[0] if longer else name


def fix_mojibake(text: str) -> str:
    """`FranÃ§ois` -> `François`: names from pages decoded with the wrong charset."""
    text = unicodedata.normalize("NFC", text)  # `Ã` may come as `A` and a combining tilde
    if "Ã" not in text and "â€" not in text:
        return text
    import ftfy  # only for the rare damaged name

    # Word by word: ftfy leaves a damaged word alone when the rest of the string looks fine.
    return " ".join(ftfy.fix_text(w) if "Ã" in w or "â€" in w else w for w in text.split(" "))


def _one_letter_apart(a: str | None, b: str | None) -> bool:
    """One letter added, dropped or changed inside a long name (not a plural `s`)."""
    if not a or not b or a == b or min(len(a), len(b)) < 6 or abs(len(a) - len(b)) > 1:
        return False
    if a.rstrip("s") == b or b.rstrip("s") == a:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _gender(p: Person) -> str | None:
    m, f = p.votes.count("m"), p.votes.count("f")
    return "m" if m > f else "f" if f > m else None


def place_in_title(doc: Doc, start: int, end: int) -> int:
    """`Chief Minister of Delhi Arvind Kejriwal` tagged whole as a person: three or more words
    right after the `of`/`for` of a title begin with the title's place, not the person's name.
    Returns where the name starts."""
    if end - start >= 3 and start >= 2 and doc[start - 1].lower_ in ("of", "for") and \
            any(_norm(t.text) in TITLES or t.lower_ in ROLE_NOUNS for t in doc[max(0, start - 4):start - 1]):
        return start + 1
    return start


def _given_name_before(doc: Doc, ent) -> int:
    """`Amelize Joseph loves ...` tagged as `Joseph` alone: an unusual given name the model
    leaves out of the entity but the parse attaches to it as a proper-noun compound."""
    if ent.start == 0 or len(ent) != 1 or ent.root.dep_ == "compound":
        # A name the model tagged in full needs no given name; one modifying a noun
        # (`Morning Joe hosts`) is a title more often than a person.
        return ent.start
    tok = doc[ent.start - 1]
    if tok.pos_ == "PROPN" and tok.dep_ == "compound" and tok.head.i == ent.start \
            and not tok.ent_type_ and tok.text.istitle() and len(tok.text) > 1 \
            and _norm(tok.text) not in TITLES and tok.lower_ not in ROLE_NOUNS \
            and not any(t.lower_ == tok.lower_ and t.text.islower() for t in doc):
        return ent.start - 1  # (a word the article also writes in lower case is no given name)
    return ent.start


def _title_tokens_before(doc: Doc, start: int) -> list[Token]:
    """`Sen. Ted Cruz`: the title words just before a name (the model often leaves them out)."""
    out = []
    i = start - 1
    while i >= 0 and _norm(doc[i].text) in TITLES and doc[i].text[:1].isupper():
        out.append(doc[i])
        i -= 1
    return out


def clean_org(text: str) -> str:
    text = re.sub(r"^(?:the|The)\s+", "", text)
    return re.sub(r"[’']s?$", "", text).strip() if re.search(r"[’']s$", text) else text.strip()
