"""Direct quotations and their speakers, from a parsed article body.

    >>> [(q.text, q.speaker, q.cue) for q in extract_quotes(nlp(body))]

How it works, in the order news is written:

1. Spans (`quote_spans`): quote marks paired per paragraph; a quotation over several paragraphs
   is one quotation in several parts; an unclosed or stray mark drops only the quotation it
   belongs to; markup attributes (`<tweet id="...">`) are not quotations.
2. Attribution, first rule that applies (its name goes to `rule`, with a `confidence`):
   - `dash_credit`: `"..." ― Rosa Delgado` (vox pops, epigraphs, tweets).
   - `cue_subject_after` / `cue_adjacent_after`: a reporting verb in the narration right after the
     quotation (`"...," Kirby said`, `said Kirby, who ...`, `"...?" she asked`); after a full stop
     only a bare attribution ending its sentence counts (`"..." Kirby said.`), since the next
     sentence is usually the reporter's own.
   - `cue_subject_before` / `according_to`: the verb before it (`Ms Hewitt said: "..."`,
     `According to Kirby, "..."`), also at the end of the previous paragraph (`Stone said:`).
   - `colon_name`: `Clinton: "..."` (transcripts, round-ups).
   - `colon_subject`: a paragraph ending in a colon introduces the quotation that opens the next
     (`Trump issued the following statement:`): its named subject speaks, whatever the verb.
   - `continuation` / `paragraph_subject`: no attribution of its own: the previous speaker goes on
     (within two paragraphs), or the person the paragraph is about.
   The speaker is the verb's grammatical subject in the spaCy parse (climbing `he said and
   added`, `seemed ready to riff, telling`), else the name or pronoun next to the verb.
3. Resolution (`speakers.PeopleIndex`): a surname, title form (`Mr. Obama`, `Sen. Cruz`, `the
   president`), first name or epithet (`the New York businessman`) resolves to the fullest name
   the article gives, titles dropped; `he`/`she` to the person last quoted unless the narration
   has since made someone else (of that gender, when the article tells it) a subject, or to the
   unnamed person last quoted (`said the woman` ... `she said`); a document (`the IMF report
   said`, `the book said` after `Mariano wrote a memoir`) to its issuer or author; `it`/`the union`
   to the organisation last named; an unnamed description (`a White House spokesman`) stays a
   description. A pronoun resolved for a scare quote or partial quote tells nobody's gender. The role (an apposition,
   `Coordinator for Strategic Communications ...`, or the words before the name) goes to
   `speaker_role`.

Interrupted quotations: `"A," he said, "B."` and `"A," he said. "B."` are ONE row when the second
piece has no attribution of its own (a title in the attribution, `said on "Fox and Friends."`,
does not split them): `text` is the pieces joined by a space, `start_char` is the first piece's
start and `end_char` the last piece's end (so `doc.text[start:end]` includes the attribution
between them), and `parts` gives the offsets of each piece. A quotation over several paragraphs
is one row the same way, and so is a paragraph that is only a quotation, with no attribution,
right after the paragraph where the same speaker's quotation ended (the speaker goes on). Two
speakers in one paragraph (`"A," said Carter. "B," Huang replied.`) stay two rows. For a
quotation in one piece, `doc.text[start_char:end_char] == text`.

Quoted text that is not a speaker's own sentence is kept and flagged: `is_scare_quote` for a
scare-quoted word, nickname or title (`the so-called "reset"`, `the film "Thirteen Days"`,
`Robert C. "Bobby" Scott`, `"Storm Season" Survival Guide`, a list of quoted terms), or any
quotation in a headline or subheading line (a related article's `Jab At Board: 'They Will Not
Listen'`), `is_partial` for a fragment the reporter's sentence runs on through
(`called the plan "a step in the wrong direction" on Wednesday`) or that finishes a sentence the
reporter began (a mixed quotation: `said that "..."`, `If the grant is cut, she said, "the buses
stop."`, `In past campaigns, "we could ...," he said.`, `said the state has what it needs most:
"Patience."`), or that goes on, with no attribution of its own, from an attribution whose content
the reporter gave in the previous sentence (`Teachers are "watching," Nunez said. "That should
worry them."`, `The vote may slip, Ward said. "Nobody wants ..."`). A whole clause quoted right after a
reporting verb (`Elliott said "there is no ..."`) and a short quotation its reporting verb
follows at once (`"Denver," he answered.`) are full quotations.

Quote marks typed as two apostrophes (`''We are ready,'' he said`) are double quotes.
"""
from __future__ import annotations

import bisect
import logging
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from quotewire.quote_spans import DOUBLES, SINGLES, RawQuote, find_quotations, paragraphs, typeset_marks
from quotewire.records import Quote
from quotewire.speakers import ROLE_NOUNS, TITLES, PeopleIndex, _norm, clean_org, fix_mojibake, place_in_title, strip_titles

log = logging.getLogger(__name__)

CUE_LEMMAS = {
    "say", "tell", "add", "ask", "explain", "write", "tweet", "post", "note", "argue", "insist",
    "continue", "state", "declare", "claim", "warn", "recall", "reply", "respond", "answer",
    "acknowledge", "admit", "announce", "complain", "suggest", "joke", "quip", "conclude",
    "remark", "observe", "predict", "promise", "vow", "urge", "caution", "stress", "emphasize",
    "emphasise", "point", "describe", "testify", "concede", "boast", "shout", "chant", "scream",
    "yell", "sing", "read", "recount", "lament", "charge", "allege", "contend", "assert",
    "maintain", "counter", "retort", "deny", "confirm", "report", "wonder", "muse", "agree",
    "mention", "plead", "demand", "reveal", "disclose", "advise", "laugh", "sigh", "whisper",
    "exclaim", "proclaim", "interject", "put", "go", "begin", "tout", "describe", "thunder",
    "fire", "snap", "blast", "slam", "mock", "quote", "cite", "recommend", "assure", "reiterate",
    "elaborate", "acknowledge", "inform", "think", "believe", "query", "question", "cry",
}
SPEECH_NOUNS = {"statement", "interview", "tweet", "post", "letter", "email", "release", "speech"}
SCARE_LEADS = {"so-called", "dubbed", "titled", "entitled", "named", "called", "nicknamed", "term",
               "word", "words", "phrase", "slogan", "label", "labeled", "labelled", "film", "movie",
               "book", "song", "show", "album", "series", "headline", "hashtag", "program", "programme",
               "pseudonym", "nickname", "moniker", "motto", "catchphrase", "documentary", "play",
               "musical", "novel", "memoir", "column", "op-ed", "essay", "podcast", "exhibit", "exhibition",
               "operation", "ad", "advert", "advertisement", "spot", "video", "campaign", "theme", "title"}
DOCUMENT_NOUNS = {"report", "statement", "ruling", "letter", "study", "analysis", "survey", "poll", "memo",
                  "filing", "complaint", "release", "decision", "opinion", "editorial", "book", "ad", "post",
                  "article", "memoir", "column"}
# Writings a later `the book said` may refer back to, and the verbs that give their author.
PUBLICATIONS = {"book", "memoir", "article", "column", "editorial", "report", "study", "letter", "memo", "op-ed"}
AUTHORING_VERBS = {"write", "publish", "release", "issue", "pen", "author", "co-author", "produce"}
# People a description can name without the article ever naming them: they stay descriptions.
UNNAMED_NOUNS = {
    "spokesman", "spokeswoman", "spokesperson", "official", "officials", "source", "sources", "aide",
    "aides", "announcer", "narrator", "witness", "resident", "residents", "protester", "protesters",
    "voter", "voters", "supporter", "supporters", "person", "people", "man", "woman", "friend",
    "statement", "report", "ad", "letter", "ruling", "video", "book", "article", "post", "tweet",
    "message", "memo", "email", "sign", "poll", "survey", "study", "audience", "crowd", "group",
    "reporter", "analyst", "analysts", "expert", "experts", "critic", "critics", "member", "members",
    "lawyer", "attorney", "representative", "employee", "worker", "student", "officer", "doctor",
}
MARK_TOKENS = set(DOUBLES + SINGLES) | {"''", "``"}  # quote marks as spaCy tokenises them
# Words that may follow a quotation in its attribution: `"..." he said`, `"..." said Kirby`.
CONTINUING_WORDS = {"he", "she", "they", "i", "we", "it", "said", "says", "say", "told", "tells", "added",
                    "adds", "wrote", "writes", "asked", "asks", "according", "the", "a", "an", "one", "and",
                    "but", "or", "in", "on", "at"}
# Words opening a clause after a quotation whose verb is not the quotation's attribution.
SUBORDINATORS = {"when", "after", "before", "because", "while", "since", "if", "until", "though", "although",
                 "once", "unless", "whereas"}
# Sentence adverbs that may stand before an attribution without starting the reporter's own
# sentence: `But, he said, "..."`, `Still, she added, "..."`, `As Kirby put it, "..."`.
CONNECTIVES = {"but", "and", "yet", "still", "so", "however", "also", "instead", "meanwhile", "now", "then",
               "indeed", "later", "again", "too", "moreover", "furthermore", "besides", "nevertheless",
               "nonetheless", "as", "or", "rather", "first", "finally", "separately"}
# Words that make what follows part of the reporter's own sentence: `said that "..."`.
INDIRECT_LEADS = {"that", "because", "as", "if", "whether", "than", "to", "of", "about", "the", "a", "an"}
# Nouns an unnamed person is described by, which a later `he`/`she` can refer back to.
MALE_NOUNS = {"man", "father", "husband", "son", "brother", "spokesman", "boy", "grandfather", "uncle"}
FEMALE_NOUNS = {"woman", "mother", "wife", "daughter", "sister", "spokeswoman", "girl", "grandmother", "aunt"}
PERSON_NOUNS = MALE_NOUNS | FEMALE_NOUNS | {
    "spokesperson", "official", "aide", "resident", "voter", "supporter", "protester", "witness", "source",
    "neighbor", "neighbour", "friend", "student", "teacher", "worker", "employee", "owner", "officer",
    "lawyer", "attorney", "doctor", "nurse", "veteran", "immigrant", "parent", "person", "member", "staffer",
    "adviser", "advisor", "strategist", "analyst", "activist", "organizer", "volunteer", "delegate"}
# Reporting verbs whose object is the listener (`asked Republican politicians`, `told ITV`).
ADDRESSING = {"tell", "ask", "inform", "assure", "remind", "urge", "warn", "advise", "answer", "question", "thank",
              "promise", "caution", "plead", "beg", "implore", "greet"}
AUDIENCES = {"reporter", "journalist", "audience", "crowd", "viewer", "listener", "reader", "follower", "fan",
             "host", "interviewer", "moderator", "anchor", "committee", "panel", "congregation", "guest"}
PRONOUN_GENDER = {"he": "m", "him": "m", "she": "f", "her": "f"}
RULE_CONFIDENCE = {
    "cue_subject_after": 0.95, "cue_subject_before": 0.9, "according_to": 0.9,
    "cue_adjacent_after": 0.75, "dash_credit": 0.85, "cue_adjacent_before": 0.7, "continuation": 0.65,
    "colon_subject": 0.7,
    "paragraph_subject": 0.5,
}


@dataclass
class _Attribution:
    speaker: str | None = None
    kind: str | None = None
    role: str | None = None
    cue: Token | None = None
    rule: str | None = None
    confidence: float | None = None
    mention: tuple[int, int] | None = None  # where the speaker is named or referred to


@dataclass
class _Item:
    raw: RawQuote
    attribution: _Attribution = field(default_factory=_Attribution)
    cue_side: str | None = None  # 'after' or 'before'
    partial: bool = False
    scare: bool = False


ORG_WORDS = {"department", "ministry", "office", "agency", "committee", "council", "campaign", "party",
             "association", "union", "institute", "foundation", "university", "company", "corp", "inc",
             "group", "times", "post", "journal", "news", "network", "bank", "court", "commission",
             "house", "center", "centre", "board", "service", "police", "administration", "fund"}


GENERIC_ORG_NOUNS = {"company", "firm", "group", "agency", "bank", "ministry", "department", "union",
                     "party", "campaign", "organization", "organisation", "association", "network"}


def _org_word(words: list[str]) -> bool:
    return any(w.lower().strip(".") in ORG_WORDS for w in words)


ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "lt", "col", "capt", "cmdr", "sgt", "maj", "adm",
    "st", "jr", "sr", "inc", "co", "corp", "ltd", "no", "vs", "prof", "rev", "hon", "sec", "dept", "mt",
    "ft", "jan", "feb", "aug", "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n", "d.c", "pvt", "cpl", "spc",
}


def _abbreviation(tok: Token) -> bool:
    """A word a full stop follows without ending the sentence: a title, an initial."""
    word = tok.text.rstrip(".").lower()
    return word in ABBREVIATIONS or (len(tok.text) == 1 and tok.text.isupper())


def _is_heading(line: str) -> bool:
    """A headline or subheading: short, most words capitalised, no sentence inside."""
    words = re.findall(r"[A-Za-z][\w’'-]*", line)
    if not 2 <= len(words) <= 20:
        return False
    caps = sum(w[0].isupper() for w in words if len(w) > 3)
    long_words = sum(1 for w in words if len(w) > 3)
    return long_words > 0 and caps / long_words >= 0.8 and not re.search(r"[.!?][”\"’']?\s+[A-Z]", line)


def extract_quotes(doc: Doc) -> list[Quote]:
    """Every direct quotation in the parsed body, with its speaker resolved. Never raises."""
    try:
        return _Extractor(doc).run()
    except Exception:  # a bad article must not stop the batch; the quotes are then missing
        log.exception("quote extraction failed on a %d-character body", len(doc.text))
        return []


class _Extractor:
    def __init__(self, doc: Doc):
        self.doc = doc
        # Doc.text and Doc.ents are rebuilt on each access: read them once. Quote marks typed as
        # two apostrophes read as one double quote (same offsets); published text is the original.
        self.original = doc.text
        self.text = typeset_marks(self.original)
        self.ents = list(doc.ents)
        self.raws = find_quotations(self.text)
        self.paras = paragraphs(self.text)
        mask = bytearray(len(self.text) + 1)
        for q in self.raws:
            for s, e in q.parts:
                lo, hi = max(0, s - 1), min(len(self.text), e + 1)  # the marks too
                mask[lo:hi] = b"\x01" * (hi - lo)
        self.mask = mask
        self.stop_mask: bytearray | None = None
        self._para_starts = [s for s, _ in self.paras]
        self.headings = [(s, e) for s, e in self.paras if _is_heading(self.text[s:e])]
        self._heading_set = set(self.headings)
        self.people = PeopleIndex(doc, self.in_quote, CUE_LEMMAS, self.in_heading)
        self._char_token = {}
        for t in doc:
            self._char_token[t.idx] = t

    def in_heading(self, char: int) -> bool:
        k = self.para_of(char)
        return k >= 0 and self.paras[k] in self._heading_set and char < self.paras[k][1]

    def stops(self, char: int) -> bool:
        """Whether narration around a quotation ends here: at another quotation (titles and
        scare quotes do not count once they are known)."""
        mask = self.stop_mask if self.stop_mask is not None else self.mask
        return 0 <= char < len(mask) and bool(mask[char])

    def in_quote(self, char: int) -> bool:
        return 0 <= char < len(self.mask) and bool(self.mask[char])

    def para_of(self, char: int) -> int:
        k = bisect.bisect_right(self._para_starts, char) - 1
        return k if k >= 0 and char <= self.paras[k][1] else -1

    def token_at(self, char: int) -> Token | None:
        span = self.doc.char_span(char, char + 1, alignment_mode="expand")
        return span[0] if span is not None and len(span) else None

    # -- main -----------------------------------------------------------------------------
    def run(self) -> list[Quote]:
        items = [_Item(raw) for raw in self.raws]
        self._items = items
        self._order = {id(it): k for k, it in enumerate(items)}
        for it in items:
            it.partial, it.scare = self.classify(it.raw)
        for before, it in zip(items, items[1:]):
            # `Forbes "exemplified a kind of capitalism", as the Times wrote, "that relished ..."`:
            # the second piece of a fragment the attribution interrupts is a fragment too.
            if before.partial and not (it.partial or it.scare) and len(it.raw.parts) == 1 \
                    and self.text[it.raw.start:it.raw.start + 1].islower() and self.para_of(before.raw.end) == self.para_of(it.raw.start) \
                    and self.interrupts(before, it):
                it.partial = True
        # From here on, titles and scare quotes are part of the narration around quotations.
        self.stop_mask = bytearray(len(self.mask))
        for it in items:
            if not (it.partial or it.scare):
                lo, hi = max(0, it.raw.start - 1), min(len(self.text), it.raw.end + 1)
                self.stop_mask[lo:hi] = b"\x01" * (hi - lo)
        last: _Item | None = None
        for it in items:
            self.attribute(it, last)
            if it.attribution.speaker and not it.scare:
                last = it
        return [self.to_record(it) for it in self.merge_interrupted(items)]

    # -- what kind of quoted text ---------------------------------------------------------
    def classify(self, raw: RawQuote) -> tuple[bool, bool]:
        """(partial, scare) for a quotation, from the words around it."""
        text = self.text
        if len(raw.parts) > 1:
            return False, False
        s, e = raw.parts[0]
        if self.in_heading(s):
            return False, True  # `Biden Insult: 'He'll Listen to the Scientists'`: a headline's words
        words = text[s:e].split()
        before = text[max(0, s - 40):s - 1].rstrip()
        lead = before.split()[-1].lower() if before.split() else ""
        prev_char = before[-1:] if before else ""
        para_start = any(ps == s - 1 for ps, _ in self.paras)
        para_alone = para_start and any(pe == e + 1 for _, pe in self.paras)
        woven = not para_start and (prev_char.isalnum() or prev_char in "’'")
        content = text[s:e].rstrip("”\"’'")
        sentence_end = bool(re.search(r"[.!?…]$", content))
        title_case = all(w[:1].isupper() or w.lower() in {"of", "the", "a", "an", "and", "in", "on", "to", "for", "with", "at", "by", "from", "vs", "or"}
                         for w in words)
        short = len(words) <= 4
        after = text[e + 1:e + 30]
        nxt = re.match(r"\s*([a-z][a-z’'-]*)", after)
        # A full quotation ends on its own punctuation before the narration resumes; quoted words
        # the sentence runs straight on from (`"Chi-Raq" is a film`, `"lines" used for`) are its own.
        runs_on = bool(nxt) and not re.search(r"[,.!?…:;—–-]$", content) and \
            nxt.group(1) not in CONTINUING_WORDS and not after[:1].isalnum()
        if prev_char in ",—–-" and not para_start and content[:1].islower() and self.completes_narration(raw, True):
            return True, False  # `In past campaigns, "we felt ...," he said.`: the narration's sentence
        if content.endswith((",", "?", "!")) and not woven and not para_start and self.spoken_after(e):
            return False, False  # `"Denver," he answered.`: someone's words, however short
        if woven and sentence_end and not title_case and self.reporting_verb_before(s):
            return False, False  # `Elliott said "there is no ..."`: the verb's whole complement is quoted
        if len(words) == 1 and title_case and not sentence_end and not para_start:
            return False, True  # a nickname or a label: `Robert C. "Bobby" Scott`
        if len(words) <= 10 and lead.strip(",:") in SCARE_LEADS and (short or title_case):
            return False, True
        if runs_on and (title_case and len(words) <= 8 or short and woven):
            return False, True
        if runs_on and not para_start:
            return True, False
        if woven and title_case and len(words) <= 8 and not content.endswith(("?", "!")):
            return False, True  # a title: `the film "Thirteen Days"`, `his "Contract with America."`
        if para_alone and (title_case or raw.marks == "single") and len(words) <= 8 and not content.endswith(","):
            return False, True  # a subheading set in quote marks (`'A really tough decision.'`)
        if lead.rstrip(",") in INDIRECT_LEADS and not para_start:
            return True, False  # `said that "..."`: the quote continues the reporter's sentence
        if short and woven and not sentence_end and not content.endswith(","):
            return False, True  # `the "reset"`: a word held at arm's length, no speaker's sentence
        if woven and (content[:1].islower() or content[:1].isdigit() or content[:1] in "$…"):
            return True, False
        if prev_char in ",—–-" and not para_start and self.completes_narration(raw, content[:1].islower()):
            return True, False
        if content[:1].islower() and not para_start and short and not sentence_end and not content.endswith(","):
            return False, True
        if title_case and len(words) <= 8 and not re.search(r"[,.!?…:;]$", content) \
                and re.match(r"[^\S\n]+[A-Z][a-z]", after) and not self.spoken_after(e):
            return False, True  # `"Exercise The Demons" Zombie Workout`: a name running into more of it
        if short and self.listed(raw):
            return False, True  # `words such as "ambassador," "attack," "Benghazi" and "Libya"`
        return False, False

    def interrupts(self, a: _Item, b: _Item) -> bool:
        """Whether only an attribution set off by commas stands between two quotations of one
        sentence (`"A," she says, "b"`, `"A", as the Times wrote, "b"`)."""
        between = self.text[a.raw.end + 1:b.raw.start - 1]
        opened = self.text[a.raw.end - 1:a.raw.end] == "," or re.match(r"[^\S\n]*[,—–-]", between)
        return bool(opened) and bool(re.fullmatch(r"[^.!?\n]*,[^\S\n]*", between))

    def listed(self, raw: RawQuote) -> bool:
        """Whether a quotation stands in a list of quoted items, another quotation right before or
        after it with only a comma, `and` or `or` between them."""
        s, e = raw.parts[0][0], raw.parts[-1][1]
        after = self.text[e + 1:e + 8]
        before = self.text[max(0, s - 9):s - 1]
        joint = r"[^\S\n]*,?[^\S\n]*(?:and[^\S\n]|or[^\S\n])?[^\S\n]*"
        return bool(re.match(joint + r'["“]', after)) or bool(re.search(r'["”]' + joint + r"\Z", before))

    def completes_narration(self, raw: RawQuote, lower: bool) -> bool:
        """Whether a quotation after a comma finishes a sentence the reporter began (a mixed
        quotation, published apart from direct ones):
        - `Kirby said that if talks fail, "we will act."`: indirect speech (`said that`) with the
          speaker's words at its end, whatever their case;
        - `If the talks fail, he said, "we will act."`, `Sooner or later, Kirby told reporters,
          "it pays off."`: a lower-case quotation completing narration that the attribution only
          interrupts;
        - `there are still "some people" who feel that way, "but not many."`, `In past campaigns,
          "we felt ...," he said.`, `If the bill passes, "It will fill a void," Kim said.`,
          `Moreover, the party called a referendum - "No to Free Lawyers"`: narration with no
          reporting verb before the quotation, whatever its case.
        Not: `He said, "we will act."`, `But, she added, "not yet."` (only a connective before the
        attribution), `..., telling reporters, "we will act."` (a participle opens its own speech
        act), `She paused, and Kirby said, "we will act."` (the attribution is a clause of its own)."""
        b_lo, b_hi = self.before_region(_Item(raw))
        toks = [t for t in self.region_tokens(b_lo, b_hi) if not t.is_space]
        cue = self.find_cue(toks, "before") if toks else None
        if cue is None:
            words = [t for t in toks if not t.is_punct]
            verb = words[-1] if words and words[-1].pos_ in ("VERB", "AUX") else \
                words[-2] if len(words) > 1 and words[-1].pos_ in ("ADV", "PART", "ADP", "PRON") and words[-2].pos_ == "VERB" else None
            if not lower and verb is not None and not any(c.dep_ == "mark" for c in verb.children):
                return False  # `Clinton shot back, "..."`, `chiding him, "..."`: a verb we do not list
            return any(t.lower_ not in CONNECTIVES for t in words)
        if any(t.i > cue.i and t.lower_ == "that" and t.tag_ == "IN" for t in toks):
            return True  # `said that ..., "..."`
        if not lower or cue.tag_ == "VBG":
            return False
        start = cue.i
        subj = [c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < cue.i]
        if subj:
            start = subj[0].left_edge.i
        before = [t for t in toks if t.i < start]
        words = [t for t in before if not t.is_punct]
        if words and words[-1].lower_ in ("and", "but", "or"):
            return False  # `..., and Kirby said,`: the attribution is a clause of its own
        return any(not t.is_punct and t.lower_ not in CONNECTIVES for t in before)

    def spoken_after(self, end: int) -> bool:
        """Whether a reporting verb and its speaker follow the closing mark at once
        (`he answered`, `shouted Kirby`, `the mayor answered`)."""
        k = self.para_of(end)
        toks = [t for t in self.region_tokens(end + 1, min(end + 40, self.paras[k][1] if k >= 0 else end + 40))
                if not t.is_punct and not t.is_space][:3]
        if len(toks) < 2:
            return False

        def cue(t):
            return t.lemma_.lower() in CUE_LEMMAS and t.tag_ in ("VBD", "VBZ", "VBP") and t.lemma_.lower() != "go"

        def who(t):
            return t.lower_ in ("he", "she", "they", "i", "we") or t.pos_ == "PROPN"

        if len(toks) == 3 and toks[0].pos_ == "DET" and toks[1].pos_ in ("NOUN", "PROPN") and cue(toks[2]):
            return True  # `"Yes," the mayor answered.`
        return who(toks[0]) and cue(toks[1]) or cue(toks[0]) and who(toks[1])

    def reporting_verb_before(self, start: int) -> bool:
        """Whether the quotation opens right after a reporting verb (`said "..."`): then it is the
        speaker's whole statement, not a phrase woven into the reporter's. After `said that` it is
        indirect speech ending in the speaker's words: a mixed quotation, not a direct one."""
        i = start - 2  # the opening mark is at start - 1
        while i >= 0 and self.text[i] in " \t":
            i -= 1
        tok = self.token_at(i) if i >= 0 else None
        if tok is None:
            return False
        return tok.lemma_.lower() in CUE_LEMMAS and tok.tag_.startswith("VB") and tok.lemma_.lower() not in ("describe", "call", "put", "think", "believe", "read", "sing", "chant")

    # -- attribution ------------------------------------------------------------------------
    def region_tokens(self, start: int, end: int) -> list[Token]:
        span = self.doc.char_span(start, end, alignment_mode="contract")
        if span is None:
            return []
        return [t for t in span if not self.in_quote(t.idx)]

    def after_region(self, it: _Item, part: int = 0) -> tuple[int, int]:
        """Narration after a piece: up to the end of its sentence, the next quote or the paragraph."""
        end_piece = it.raw.parts[part][1] + 1
        k = self.para_of(it.raw.parts[part][0])
        para_end = self.paras[k][1] if k >= 0 else len(self.text)
        stop = end_piece
        while stop < para_end and not self.stops(stop):
            ch = self.text[stop]
            if ch in ".!?" and (stop + 1 >= para_end or self.text[stop + 1].isspace() or self.stops(stop + 1)):
                if self.ends_sentence(stop):
                    break
            stop += 1
        return end_piece, stop

    def ends_sentence(self, char: int) -> bool:
        """Whether the `.`, `!` or `?` at char ends a sentence (not `Capt.`, `D.`, `U.S.`)."""
        tok = self.token_at(char)
        if tok is None:
            return True
        if tok.text not in (".", "!", "?", "...") and not tok.is_sent_end:
            return False
        return not (tok.text == "." and tok.i > 0 and _abbreviation(self.doc[tok.i - 1]))

    def before_region(self, it: _Item) -> tuple[int, int]:
        """Narration before a quotation, back to its sentence start, the last quote or the paragraph."""
        open_mark = it.raw.start - 1
        k = self.para_of(it.raw.start)
        para_start = self.paras[k][0] if k >= 0 else 0
        i = open_mark
        while i > para_start and not self.stops(i - 1):
            ch = self.text[i - 1]
            if ch in ".!?" and (i >= len(self.text) or self.text[i].isspace()):
                tok = self.token_at(i - 1)
                if tok is None or tok.text in (".", "!", "?", "...") and self.ends_sentence(i - 1):
                    break
            i -= 1
        return i, open_mark

    def find_cue(self, toks: list[Token], side: str) -> Token | None:
        """The reporting verb of a region (`said`, `told`, `according` of `according to`)."""
        cues = []
        for t in toks:
            if t.lower_ == "according" and t.i + 1 < len(self.doc) and self.doc[t.i + 1].lower_ == "to":
                cues.append(t)
            elif t.lemma_.lower() in CUE_LEMMAS and t.tag_.startswith("VB") and self.speaks(t):
                cues.append(t)
            elif t.lower_ in ("said", "says", "told", "tells", "added", "adds", "wrote", "asked", "tweeted"):
                cues.append(t)
        if not cues and side == "after":
            # `"Go back," Trump barked`: right after a quotation any verb is its reporting verb,
            # unless it has a subject and an object of its own (`"...?" Nega put his house up`) or
            # opens a relative clause (`"... California," which votes June 7`).
            cues = [t for t in toks[:6] if t.pos_ == "VERB" and t.tag_ in ("VBD", "VBZ", "VBP")
                    and t.lemma_.lower() not in ("be", "have", "do")
                    and not (self.subject(t) and any(c.dep_ == "dobj" and not self.in_quote(c.idx) for c in t.children))
                    and not self.relative(t)]
        if not cues:
            return None
        # The cue that governs a quote is nearest to it: first after, last before.
        return cues[0] if side == "after" else cues[-1]

    @staticmethod
    def speaks(tok: Token) -> bool:
        """`put` reports speech only as `put it` (`as Kirby put it`), not `put his house up for sale`."""
        return tok.lemma_.lower() != "put" or any(c.lower_ == "it" for c in tok.children)

    @staticmethod
    def subject(tok: Token) -> bool:
        return any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)

    @staticmethod
    def addressee(tok: Token) -> bool:
        """Whom a reporting verb's object names when it is the listener (`told him`, `asked
        reporters`, `told CNN`), not a thing the narration is about (`cited it`)."""
        return tok.lower_ in ("me", "him", "her", "us", "them", "you") or tok.pos_ == "PROPN" \
            or tok.ent_type_ in ("PERSON", "ORG", "NORP") or tok.lemma_.lower() in PERSON_NOUNS | AUDIENCES

    @staticmethod
    def relative(tok: Token) -> bool:
        """A verb whose subject is a relative pronoun (`which votes in June`) describes, not reports."""
        return any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("which", "that", "who") for c in tok.children)

    def bracketed(self, tok: Token) -> bool:
        """Whether a token is inside a short label in brackets (`(R-Wis.)`, `(D)`), not an aside
        that has a sentence of its own (`(Lemkin once said, "...")`)."""
        doc = self.doc
        opening = next((t.i for t in reversed(doc[max(0, tok.i - 5):tok.i]) if t.text in "()"), None)
        closing = next((t.i for t in doc[tok.i + 1:tok.i + 6] if t.text in "()"), None)
        return opening is not None and closing is not None and doc[opening].text == "(" and doc[closing].text == ")"

    def subject_of(self, cue: Token, toks: list[Token], side: str) -> tuple[Token | None, str]:
        """The speaker token for a cue: its grammatical subject, else the nearest name or pronoun."""
        if cue.lower_ == "according":
            to = self.doc[cue.i + 1]
            objs = [c for c in to.children if c.dep_ == "pobj"]
            if objs:
                return objs[0], "according_to"
            nxt = [t for t in toks if t.i > to.i and t.pos_ in ("PROPN", "PRON", "NOUN")]
            return (nxt[0], "according_to") if nxt else (None, "according_to")
        v = cue
        for _ in range(5):
            subj = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass") and not self.in_quote(c.idx)
                    and not self.bracketed(c)]
            if subj:
                return subj[0], f"cue_subject_{side}"
            if v is cue and v.tag_ == "VBG" and v.i > 0 and self.doc[v.i - 1].ent_type_ == "PERSON" \
                    and not self.in_quote(self.doc[v.i - 1].idx):
                return self.doc[v.i - 1], f"cue_subject_{side}"  # `footage of Hillary Clinton asking, "..."`
            if v.dep_ in ("conj", "xcomp", "advcl", "acomp", "pcomp", "prep", "pobj") and v.head is not v:
                v = v.head  # `he said and added`, `went on to say`, `seemed ready to riff, telling`
            else:
                break
        # `Rep. Paul Ryan (R-Wis.) said`: a party label in brackets is not the speaker.
        region = [t for t in toks if t.pos_ in ("PROPN", "PRON", "NOUN") and not self.bracketed(t)
                  and t.ent_type_ not in ("DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT")]
        after = [t for t in region if t.i > cue.i]
        before = [t for t in region if t.i < cue.i and t.dep_ != "dobj"]
        if side == "after":
            # `"...," added Gowdy`: the parse often takes an inverted subject for an object, and an
            # unfamiliar name right after the verb for some other word (`said Skelly` as an adverb).
            nxt = self.doc[cue.i + 1] if cue.i + 1 < len(self.doc) else None
            if nxt is not None and nxt.text[:1].isupper() and nxt.is_alpha and not self.in_quote(nxt.idx) \
                    and nxt.pos_ not in ("PROPN", "PRON", "NOUN", "DET") and not nxt.ent_type_:
                after = [nxt] + after
            inverted = after[:1] if after and after[0].i - cue.i <= 3 and cue.i - toks[0].i <= 1 else []
            cand = inverted or [t for t in after[:1] if t.dep_ != "dobj" and t.i - cue.i <= 3] or before[-1:]
        else:
            cand = before[-1:] or after[:1]
        # `Flynn, a top Trump surrogate, said`: the name opening the clause, not the apposition.
        names = [t for t in before if (t.ent_type_ == "PERSON" or t.pos_ == "PROPN") and t.dep_ != "poss"]
        if names and cand and cand[0].pos_ == "NOUN" and cand[0].i > names[0].i:
            cand = names[:1]
        return (cand[0], f"cue_adjacent_{side}") if cand else (None, "")

    @staticmethod
    def personal(tok: Token) -> bool:
        """Whether a common noun can name who speaks: a person, a group, an organisation, a text."""
        lemma = tok.lemma_.lower()
        return lemma in PERSON_NOUNS | UNNAMED_NOUNS | AUDIENCES | ORG_WORDS | GENERIC_ORG_NOUNS | DOCUMENT_NOUNS \
            or lemma in ROLE_NOUNS or re.search(r"(er|or|ist|ian|ant|ent|man|woman|people|s)$", lemma) is not None

    def describe(self, tok: Token, at: int) -> _Attribution:
        """Resolve a speaker token to a full name, an organisation or a description."""
        doc = self.doc
        low = tok.lower_
        if tok.pos_ == "PRON" or low in PRONOUN_GENDER or low in ("they", "it", "we", "i"):
            return self.resolve_pronoun(tok, at)
        ent = next((e for e in self.ents if e.start <= tok.i < e.end), None)
        role = self.role_of(tok, ent)
        # A common noun heading a name (`spokesman Brian Fallon`) or with a name in apposition.
        if ent is None or ent.label_ not in ("PERSON", "ORG"):
            for c in list(tok.children):
                if c.dep_ in ("appos", "compound") and c.ent_type_ == "PERSON":
                    ent = next((e for e in self.ents if e.start <= c.i < e.end), ent)
                    break
                if c.dep_ == "appos" and c.pos_ == "PROPN" and tok.pos_ == "NOUN":
                    # `Scott's niece, state Del. Marcia "Cia" Price, shouted`: the name in apposition.
                    inner = self.describe(c, at)
                    if inner.kind == "person":
                        inner.role = inner.role or self.description(tok)
                        return inner
                if c.dep_ == "appos" and tok.pos_ == "NOUN":
                    # The parse lost the name's head (a party label in brackets after it): a person
                    # the article names inside the apposition is who the noun describes.
                    named = next((p for t in c.subtree if (p := self.people.person_at(t.idx)) is not None), None)
                    if named is not None:
                        return _Attribution(speaker=named.name, kind="person", role=self.description(tok),
                                            mention=(c.left_edge.idx, c.right_edge.idx + len(c.right_edge)))
        if (low in ROLE_NOUNS or _norm(tok.text) in TITLES) and (ent is None or ent.label_ != "PERSON"):
            # `Chief Minister of Delhi Arvind Kejriwal said`: the parse makes the title the subject
            # and the name the object of its preposition; the person is the name.
            inside = {t.i for t in tok.subtree}
            named = [e for e in self.ents if e.label_ == "PERSON" and e.start > tok.i and e.end - 1 in inside
                     and not self.in_quote(e.start_char)]
            if named:
                end = named[0].end
                start = place_in_title(doc, named[0].start, end)  # `Chief Minister of Delhi Arvind Kejriwal`
                words = fix_mojibake(doc[start:end].text).split()
                person = self.people.resolve_name(words, at) or self.people.register(words, doc[start].idx)
                if person is not None:
                    first = next(t.i for t in tok.subtree if not t.is_punct)
                    return _Attribution(speaker=person.name, kind="person", role=doc[first:start].text,
                                        mention=(doc[start].idx, doc[end - 1].idx + len(doc[end - 1])))
        span = self.name_span(tok, ent)
        if span is not None:
            lo, hi = span
            mention = (doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1]))
            words = fix_mojibake(self.original[mention[0]:mention[1]]).split()
            person = self.people.resolve_name(words, at)
            if person:
                return _Attribution(speaker=person.name, kind="person", role=role, mention=mention)
            label = ent.label_ if ent is not None and ent.end == hi else ""
            words = strip_titles(words)
            # `RBI Governor Shaktikanta Das said`: a name after a person's title is a person's,
            # whatever label the model gave it.
            titled = lo > 0 and (_norm(doc[lo - 1].text) in TITLES or doc[lo - 1].lower_ in ROLE_NOUNS)
            if label in ("ORG", "NORP", "WORK_OF_ART") and titled and 2 <= len(words) <= 3 and not _org_word(words):
                label = "PERSON"
            if words and (label in ("ORG", "GPE", "NORP", "FAC", "WORK_OF_ART") or
                          (label != "PERSON" and _org_word(words))):
                name = self.people.fuller_org(clean_org(" ".join(words)))
                return _Attribution(speaker=name, kind="organization", role=role, mention=mention)
            short = " ".join(words)
            if words and (label != "PERSON" or len(words) == 1) and self.people.fuller_org(short).startswith(short + " "):
                # `Peabody said` after `Peabody Energy`: an organisation's short name, untagged (a
                # surname ends a longer name; an organisation's short form begins it).
                return _Attribution(speaker=self.people.fuller_org(short), kind="organization",
                                    role=role, mention=mention)
            if words and label != "PERSON" and (any(w in ("of", "and", "for", "&") for w in words) or
                                                lo > 0 and doc[lo - 1].lower_ == "the"):
                # `the Alliance of Motion Picture and Television Producers said`: no person's name
                # has `of` in it or follows `the`.
                return _Attribution(speaker=self.people.fuller_org(clean_org(" ".join(words))), kind="organization",
                                    role=role, mention=mention)
            if words and (label == "PERSON" or tok.pos_ == "PROPN"):
                return _Attribution(speaker=" ".join(words), kind="person", role=role, mention=mention)
        # `said co-ordinator Peter Facey`: a title the parse took for the subject, the name after it.
        j = tok.i + 1
        while j < len(self.doc) and j <= tok.i + 4 and (self.doc[j].text in ("-", "–") or self.doc[j].is_lower
                                                         and self.doc[j].pos_ not in ("VERB", "AUX", "ADP", "SCONJ", "CCONJ", "PRON", "DET")):
            j += 1  # (not past a verb or preposition: `the businessman says of Clinton`)
        if tok.pos_ == "NOUN" and j < len(self.doc) and j <= tok.i + 4 and self.doc[j].pos_ == "PROPN" \
                and not self.in_quote(self.doc[j].idx) and self.doc[j].ent_type_ in ("", "PERSON"):
            inner = self.describe(self.doc[j], at)
            if inner.kind == "person":
                inner.role = inner.role or self.doc[tok.left_edge.i if tok.left_edge.i < tok.i else tok.i:j].text
                return inner
        # `the president`: the person the article introduced with that title.
        dets = [c for c in tok.children if c.dep_ == "det"]
        if low in ROLE_NOUNS and dets and dets[0].lower_ == "the":
            person = self.people.by_title(low, at)
            if person:
                return _Attribution(speaker=person.name, kind="person", role=None, mention=(tok.idx, tok.idx + len(tok)))
        # `the union`, `the company`: the organisation of that kind the article last named.
        if (low in ORG_WORDS or low in GENERIC_ORG_NOUNS) and dets and dets[0].lower_ == "the":
            org = self.people.recent_org(at, low)
            if org is None and low in GENERIC_ORG_NOUNS:
                # `the company said`: the one organisation the last two paragraphs named.
                org = self.people.recent_org(at)
                if org and self.para_of(self.people.last_org_at(at)) < self.para_of(at) - 2:
                    org = None
            if org:
                return _Attribution(speaker=org, kind="organization", mention=(tok.idx, tok.idx + len(tok)))
        # `the IMF report said`, `the court's ruling said`: a document speaks for whoever issued it.
        if low in DOCUMENT_NOUNS:
            issuer = [c for c in tok.children if c.dep_ in ("compound", "poss") and c.ent_type_ in ("ORG", "PERSON", "GPE")]
            if issuer:
                inner = self.describe(issuer[0], at)
                if inner.kind in ("organization", "person"):
                    inner.role = None
                    return inner
            k = self.para_of(at)
            author = self.document_author(tok, at) if dets and dets[0].lower_ == "the" else None
            if author is not None:
                return author
            org = self.people.recent_org(at, kinds=ORG_WORDS) if dets and dets[0].lower_ == "the" else None
            if org and self.para_of(self.people.last_org_at(at, ORG_WORDS)) >= k - 2:
                # `the ruling said`: the court (or paper, agency) the story just named.
                return _Attribution(speaker=self.people.fuller_org(org), kind="organization",
                                    mention=(tok.idx, tok.idx + len(tok)))
        # `the New York businessman said`, `Obama's former strategist said`: a definite
        # description of someone the article is already talking about (an epithet, in news style).
        # (`my father`, `our neighbour`: the writer's own people, not someone in the news)
        poss = [c for c in tok.children if c.dep_ == "poss" and c.lower_ not in ("my", "our")]
        definite = (dets and dets[0].lower_ == "the") or poss
        if definite and (tok.pos_ == "NOUN" or tok.is_lower) and low not in UNNAMED_NOUNS and low not in ORG_WORDS \
                and not tok.lemma_.lower() in UNNAMED_NOUNS:
            person = self.pronoun_antecedent(tok.idx, None, subjects_only=True)
            if person is not None:
                return _Attribution(speaker=person.name, kind="person", role=self.description(tok),
                                    mention=(tok.idx, tok.idx + len(tok)))
        return _Attribution(speaker=self.description(tok), kind="description", mention=(tok.idx, tok.idx + len(tok)))

    def document_author(self, tok: Token, at: int) -> _Attribution | None:
        """`Mariano wrote a memoir ...` then `"...," the book said`; `a Times article hailed him`
        then `"...," the article read`: the document the story just introduced speaks for whoever
        wrote or published it."""
        k = self.para_of(tok.idx)
        for prev in reversed(self.doc[:tok.i]):
            if self.para_of(prev.idx) < k - 3:
                break
            if prev.lemma_.lower() not in PUBLICATIONS or self.in_quote(prev.idx) or prev.pos_ != "NOUN":
                continue
            issuer = [c for c in prev.children if c.dep_ in ("compound", "poss") and c.pos_ == "PROPN"
                      and c.ent_type_ not in ("DATE", "CARDINAL")]
            head = prev.head
            if not issuer and prev.dep_ in ("dobj", "nsubjpass") and head.lemma_.lower() in AUTHORING_VERBS:
                issuer = [c for c in head.children if c.dep_ == "nsubj" and c.pos_ == "PROPN"]
            if issuer:
                inner = self.describe(issuer[0], at)
                if inner.kind in ("organization", "person"):
                    inner.role, inner.mention = None, (tok.idx, tok.idx + len(tok))
                    return inner
            return None  # the last document named has no author the story gives
        return None

    def name_span(self, tok: Token, ent) -> tuple[int, int] | None:
        """Token range of the name a speaker token belongs to: its entity, or the run of
        capitalised words around it (the model misses or mislabels many names)."""
        doc = self.doc
        if ent is not None and ent.label_ in ("PERSON", "ORG", "GPE", "NORP", "FAC", "WORK_OF_ART"):
            verbs = [t.i for t in ent if t.pos_ in ("VERB", "AUX") and t.text.islower()]
            if verbs:  # `Trump told Business Insider` taken for one name: keep the speaker's part
                ent = doc[ent.start:verbs[0]] if verbs[0] > tok.i else doc[verbs[-1] + 1:ent.end]
            lo, hi = ent.start, ent.end
            while ent.label_ == "PERSON" and lo > 0 and _norm(doc[lo - 1].text) in TITLES and doc[lo - 1].text[:1].isupper():
                lo -= 1  # `Mr. Obama`: the model leaves the title out, and the title tells who
            # `Army Capt. Christian Pardo`, `Air Force 1st Lt. Tyler Livingston`: the model stops at
            # a title; the name goes on after it.
            j = hi
            while j < len(doc) and (doc[j].text == "." and _abbreviation(doc[j - 1]) or
                                    _norm(doc[j].text) in TITLES or _abbreviation(doc[j])):
                j += 1
            if j > hi and j < len(doc) and doc[j].pos_ == "PROPN" and doc[hi - 1].ent_type_ != "PERSON":
                hi = j
                while hi < len(doc) and doc[hi].pos_ == "PROPN" and not self.in_quote(doc[hi].idx):
                    hi += 1
            return lo, hi
        if not tok.text.lstrip("-―—–")[:1].isupper() or tok.is_sent_start and tok.pos_ != "PROPN":
            return None

        def capital(t):
            if t.text == "." and t.i > 0 and _abbreviation(doc[t.i - 1]):
                return True  # `Capt. Christian Pardo`: the model splits the abbreviation's dot off
            return t.text.lstrip("-―—–")[:1].isupper() and not self.in_quote(t.idx) and t.pos_ in ("PROPN", "NOUN", "ADJ")

        def joins(i: int) -> bool:  # `Alliance of Motion Picture and Television Producers`
            return 0 < i < len(doc) - 1 and doc[i].lower_ in ("of", "and", "for", "&") and \
                capital(doc[i - 1]) and capital(doc[i + 1])

        lo = tok.i
        while lo > 0 and (capital(doc[lo - 1]) or joins(lo - 1)):
            lo -= 1
        hi = tok.i + 1
        while hi < len(doc) and (capital(doc[hi]) or joins(hi)):
            hi += 1
        return lo, hi

    def description(self, tok: Token) -> str:
        """`a White House spokesman`, `a spokesman for the campaign`: the noun phrase, no clauses."""
        keep = {tok.i}
        for c in tok.children:
            if c.dep_ in ("det", "amod", "compound", "nummod", "poss", "nmod", "quantmod") and c.i < tok.i:
                keep |= {t.i for t in c.subtree}
            elif c.dep_ == "prep" and c.i > tok.i and c.lower_ in ("for", "of", "at", "on", "with", "in"):
                keep |= {t.i for t in c.subtree if not t.dep_ in ("relcl", "acl")}
        lo, hi = min(keep), max(keep)
        # Never into a quotation: `thinking "Oh god, did I ..."` is not part of who speaks.
        cut = next((t.i for t in self.doc[lo:hi + 1] if self.in_quote(t.idx) or t.text in MARK_TOKENS), hi + 1)
        words = self.doc[lo:max(cut, tok.i + 1)].text
        return re.sub(r"[\s,;:]+$", "", words)

    def role_of(self, tok: Token, ent) -> str | None:
        """The speaker's role as the article gives it: an apposition or the words before the name."""
        for c in tok.children:
            if c.dep_ == "appos" and c.ent_type_ != "PERSON":
                toks = [t for t in c.subtree if not self.in_quote(t.idx)]
                cut = [t for t in toks if t.dep_ == "relcl"]
                if cut:
                    toks = [t for t in toks if t.i < cut[0].left_edge.i]
                text = self.doc[toks[0].i:toks[-1].i + 1].text if toks else ""
                text = re.sub(r"^[\s,]+|[\s,;:]+$", "", text)
                if text:
                    return text
        if ent is not None:
            left = [c for c in tok.children if c.i < ent.start and c.dep_ in ("compound", "amod", "nmod")]
            if left:
                lo = min(t.i for c in left for t in c.subtree)
                if self.doc[lo].dep_ == "det":
                    lo += 1
                text = self.doc[lo:ent.start].text.strip(" ,")
                if text:
                    return text
            lead = []
            for t in ent:
                if _norm(t.text) not in TITLES:
                    break
                lead.append(t.text)
            if lead:
                return " ".join(lead)
        return None

    def resolve_pronoun(self, tok: Token, at: int) -> _Attribution:
        low = tok.lower_
        if low in ("they", "it", "we"):
            org = self.people.recent_org(at)
            if low == "it" and org:
                org = self.people.fuller_org(org)
                return _Attribution(speaker=org, kind="organization", mention=(tok.idx, tok.idx + len(tok)))
            return _Attribution(speaker=None, kind=None, mention=(tok.idx, tok.idx + len(tok)))
        if low == "i":
            return _Attribution(mention=(tok.idx, tok.idx + len(tok)))
        gender = PRONOUN_GENDER.get(low)
        described = self.described_speaker(at, gender)
        if described is not None:
            return _Attribution(speaker=described.speaker, kind="description", role=described.role,
                                mention=(tok.idx, tok.idx + len(tok)))
        person = self.pronoun_antecedent(at, gender)
        if person is None:
            return _Attribution(mention=(tok.idx, tok.idx + len(tok)))
        if gender and person.gender is None and self._learn_gender \
                and not any(p.gender == gender for _, p in self.people.recent(at)):
            # What the article tells us about this person, for later pronouns: only from the
            # attribution of a full quotation (a scare quote's `after she attacked` is narration),
            # and not when someone else it could refer to is known to be of that gender.
            person.gender = gender
        return _Attribution(speaker=person.name, kind="person", mention=(tok.idx, tok.idx + len(tok)))

    def pronoun_antecedent(self, at: int, gender: str | None, subjects_only: bool = False):
        """`he said`: the person last made the subject of a sentence since the last quotation
        (of the pronoun's gender, when the article tells it), else the person last quoted."""
        last = self._last_speaker
        if last is not None and gender and last[0].gender not in (None, gender):
            last = None
        k = self.para_of(at)
        window_start = self.paras[max(0, k - 2)][0] if k >= 0 else 0
        # Subjects count from the end of the last attribution (its own `said Kirby` is no news).
        since = max(window_start, last[2] if last is not None else 0)
        subjects = [(max(m for m in p.subject_mentions if since <= m < at), p)
                    for _, p in self.people.recent(at, gender)
                    if any(since <= m < at for m in p.subject_mentions)]
        # `... concerns Henry Crespo, president of the caucus.` then `"...," he said`: a person
        # introduced since the last quotation is who the reporter is about to quote.
        introduced = [(p.first_at, p) for _, p in self.people.recent(at, gender)
                      if since <= p.first_at < at and len(p.words) > 1 and not p.completed
                      and self.para_of(p.first_at) >= k - 1]
        if subjects:
            return max(subjects, key=lambda x: x[0])[1]
        if introduced and not subjects_only:
            return max(introduced, key=lambda x: x[0])[1]
        if last is not None:
            return last[0]
        if subjects_only:
            return None
        recent = [(m, p) for m, p in self.people.recent(at, gender) if m >= window_start]
        return recent[0][1] if recent else None

    def described_speaker(self, at: int, gender: str | None) -> _Attribution | None:
        """`"...," said the woman, who asked not to be named.` then `"...," she said`: the
        unnamed person quoted last goes on, unless someone has been quoted or made the subject
        of a sentence since."""
        if self._last_description is None:
            return None
        att, end = self._last_description
        if self._last_speaker is not None and self._last_speaker[2] > end:
            return None
        words = set(re.findall(r"[a-z]+", att.speaker.lower()))
        if gender and words & (FEMALE_NOUNS if gender == "m" else MALE_NOUNS):
            return None
        if any(end <= m < at for _, p in self.people.recent(at) for m in p.subject_mentions):
            return None
        k = self.para_of(at)
        return att if k >= 0 and self.para_of(end) >= k - 2 else None

    # (Person, start of the quote, end of its attribution) of the last named person quoted
    _last_speaker = None
    # (attribution, end of it) of the last quotation said by an unnamed person
    _last_description = None
    _learn_gender = True  # whether resolving a pronoun may tell the person's gender

    def attribute(self, it: _Item, last: _Item | None) -> None:
        """Find the quotation's speaker (rules in the module docstring) and record it on the item."""
        raw = it.raw
        at = raw.start
        self._learn_gender = not (it.scare or it.partial)
        cue, side, toks = None, None, []
        introducer = None
        credit = self.dash_credit(raw)
        for part in range(len(raw.parts) if credit is None else 0):  # after each piece: `"A," he said, "B."`
            a_lo, a_hi = self.after_region(it, part)
            toks = self.region_tokens(a_lo, a_hi)
            if toks:
                c = self.find_cue(toks, "after")
                if c is not None and self.attributes_back(raw.parts[part], c, toks, a_hi):
                    cue, side = c, "after"
                    break
            if len(raw.parts) > 1 and raw.marks == "double":
                break  # a multi-paragraph quotation: its attribution follows the first or last piece
        if cue is None and credit is None:
            b_lo, b_hi = self.before_region(it)
            if not self.text[b_lo:b_hi].strip():
                b_lo, b_hi = self.introducing_paragraph(it, b_lo, b_hi)
            toks = self.region_tokens(b_lo, b_hi)
            c = self.find_cue(toks, "before") if toks else None
            if c is not None:
                cue, side = c, "before"
            elif toks and self.text[b_lo:b_hi].rstrip().endswith(":"):
                credit = self.colon_name(toks)  # `Clinton: "Our goal is ..."`
                if credit is None:
                    introducer = self.colon_subject(toks)
        if cue is None and credit is None and len(raw.parts) > 1:
            a_lo, a_hi = self.after_region(it, len(raw.parts) - 1)
            toks = self.region_tokens(a_lo, a_hi)
            c = self.find_cue(toks, "after") if toks else None
            if c is not None and self.attributes_back(raw.parts[-1], c, toks, a_hi):
                cue, side = c, "after"
        if credit is not None:
            att = self.describe(credit, credit.idx)
            att.rule = "dash_credit" if credit.i > self.token_at(raw.end - 1).i else "colon_name"
        elif cue is None and introducer is not None:
            att = self.describe(introducer, introducer.idx)
            att.rule = "colon_subject"
        elif cue is not None:
            tok, rule = self.subject_of(cue, toks, side)
            att = self.describe(tok, tok.idx) if tok is not None else _Attribution()
            if rule.startswith("cue_adjacent") and att.kind == "description" and not self.personal(tok):
                att = _Attribution()  # `that familiar fear of ... thinking "..."`: the nearest noun is nobody
            att.cue, att.rule = cue, rule or f"cue_{side}"
            it.cue_side = side
            prev = self._previous(it)
            shared = prev is not None and not (prev.partial or prev.scare) and prev.cue_side == "after" \
                and prev.attribution.cue is not None and prev.attribution.cue.i == cue.i
            if side == "before" and not it.partial and not shared and self.content_before(cue, raw.start):
                it.partial = True  # (not `"A," he said of people whose ..., "B."`: one quotation, interrupted)
        else:
            att = self.continuation(it, last)
        if att.rule:
            conf = RULE_CONFIDENCE.get(att.rule, 0.5)
            if att.mention and self.text[att.mention[0]:att.mention[1]].lower() in ("he", "she"):
                conf *= 0.85
            att.confidence = round(conf if att.speaker else conf * 0.5, 2)
        it.attribution = att
        person = None
        if att.kind == "person" and att.speaker:
            person = self.people.resolve_name(att.speaker.split(), at)
            if person is None and att.mention:
                # A speaker the model did not tag as a person is still someone `he` can refer to.
                person = self.people.register(att.speaker.split(), att.mention[0])
        if person is not None:
            self._last_speaker = (person, at, max(raw.end, att.mention[1] if att.mention else 0))
        elif att.kind == "description" and att.mention and not (it.scare or it.partial):
            head = self.token_at(att.mention[0])
            if head is not None and head.lemma_.lower() in PERSON_NOUNS and head.tag_ == "NN":  # one person
                self._last_description = (att, max(raw.end, att.mention[1]))

    def _previous(self, it: _Item) -> _Item | None:
        k = self._order[id(it)]
        return self._items[k - 1] if k > 0 else None

    def continues_reported_content(self, it: _Item, para_start: int, b_lo: int, b_hi: int) -> bool:
        """`Teachers are "looking to see who is on the ticket," García said. "That's got to scare
        an educator."`: a quotation with no attribution of its own that opens a sentence right
        after an attribution whose content the reporter gave in the narration (a clause, or a
        fragment quoted inside it) continues that content: a mixed quotation, not a direct one."""
        if b_lo <= para_start or self.text[b_lo:b_hi].strip():
            return False
        tok = self.token_at(b_lo - 1)
        while tok is not None and tok.i > 0 and (tok.is_space or tok.is_punct and not tok.text in ".!?"):
            tok = self.doc[tok.i - 1]
        if tok is None:
            return False
        sent = tok.sent
        lo = max(sent.start_char, para_start)
        toks = [t for t in sent if t.idx >= lo and t.idx < b_lo]
        full = [o for o in self._items if not (o.partial or o.scare) and o.raw.end > lo and o.raw.start < b_lo and o is not it]
        if full:
            return False
        partial = any(o.partial for o in self._items if o.raw.end > lo and o.raw.start < b_lo)
        cues = [t for t in toks if t.lemma_.lower() in CUE_LEMMAS and t.tag_.startswith("VB") and not self.in_quote(t.idx)]
        if not cues:
            return False
        return partial or any(c.dep_ == "ccomp" and not self.in_quote(c.idx) for cue in cues for c in cue.children)

    def content_before(self, cue: Token, start: int) -> bool:
        """`Clinton said she has the quality the job needs: "Steadiness ..."`, `Scott asked the crowd
        to welcome the governor - "my new best friend."`: the reporting verb's content is a clause
        of the reporter's (a complement between the verb and the quotation), which the quotation
        only completes: a mixed quotation."""
        return any(c.dep_ in ("ccomp", "xcomp") and cue.i < c.i and c.idx < start - 1 and not self.in_quote(c.idx)
                   and c.pos_ in ("VERB", "AUX") for c in cue.children)

    def introducing_paragraph(self, it: _Item, lo: int, hi: int) -> tuple[int, int]:
        """`Stone said:` closing the paragraph before a quote that opens its own paragraph."""
        k = self.para_of(it.raw.start)
        if k <= 0 or self.paras[k][0] != it.raw.start - 1:
            return lo, hi
        p_lo, p_hi = self.paras[k - 1]
        if not self.text[p_lo:p_hi].endswith(":") or self.in_quote(p_hi - 2):
            return lo, hi
        i = p_hi - 1
        while i > p_lo and not (self.text[i - 1] in ".!?" and self.text[i].isspace()):
            i -= 1
        return i, p_hi

    def colon_subject(self, toks: list[Token]) -> Token | None:
        """`Cruz called them on it:`, `Trump issued the following statement:`: a sentence that ends
        in a colon to introduce a quotation, whatever its verb, gives the speaker as its subject
        when that is a named person or organisation (`Wait, it gets better:` names nobody)."""
        subj = [t for t in toks if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT"
                and (t.ent_type_ in ("PERSON", "ORG") or t.pos_ == "PROPN")]
        return subj[-1] if subj else None

    def colon_name(self, toks: list[Token]) -> Token | None:
        """The speaker of `Name: "..."`, a transcript or round-up style: a short name before the
        colon (after a dash that ends a headline, party labels in brackets left out)."""
        dashes = [i for i, t in enumerate(toks) if t.text in ("-", "–", "—", "―")]
        if dashes:
            toks = toks[dashes[-1] + 1:]
        depth, kept = 0, []
        for t in toks:
            depth += t.text == "("
            if depth == 0:
                kept.append(t)
            depth -= t.text == ")" and depth > 0
        words = [t for t in kept if not t.is_punct and not t.is_space]
        if 1 <= len(words) <= 5 and all(t.text[:1].isupper() or t.pos_ in ("ADP", "DET") for t in words):
            heads = [t for t in words if t.pos_ in ("PROPN", "NOUN")]
            return heads[-1] if heads else None
        return None

    def dash_credit(self, raw: RawQuote) -> Token | None:
        """`"..." ― Sonya Herridge`: a name credited after a dash, the style of vox pops,
        epigraphs and tweets."""
        end = raw.end + 1
        m = re.match(r"\s*[―—–-]+[^\S\n]*(?=[A-Z@])", self.text[end:end + 8])
        if not m:
            return None
        if "\n" in m.group(0):
            line = self.text[end + m.end():].split("\n", 1)[0]
            first = self.token_at(end + m.end())
            if len(line.split()) > 8 or re.search(r"[.!?]\s+[A-Z]", line) or \
                    first is not None and first.pos_ != "PROPN" and not first.text.startswith("@"):
                return None  # `"..."` then a paragraph `– An immigrant himself –.`: not a credit line
        tok = self.token_at(end + m.end())
        return tok if tok is not None and not self.in_quote(tok.idx) else None

    def attributes_back(self, piece: tuple[int, int], cue: Token, toks: list[Token], region_end: int) -> bool:
        """Whether a cue after a quotation attributes it. `"A," X said` (comma, question or
        exclamation mark, dash) invites an attribution however long the apposition before the
        verb; `"A." X said.` only a short one ending its sentence: after a full stop the next
        sentence is usually the reporter's own, or introduces the next quotation."""
        content = self.text[piece[0]:piece[1]].rstrip("\"”’' ")
        distance = cue.i - toks[0].i
        first = next((t for t in toks if not t.is_punct and not t.is_space), None)
        if first is not None and first.lower_ in SUBORDINATORS and cue in first.head.subtree:
            return False  # `"That makes me smart," when Clinton blasted him`: a clause of its own
        if first is not None and first.lower_ in ("and", "but", "or") and cue.dep_ == "conj":
            return False  # `- "I will never eat them again" - and vowed to ...`: the reporter's sentence goes on
        if self.relative(cue):
            return False
        if cue.tag_ == "VBG" and cue.lower_ != "according" and not self.subject(cue) and distance <= 2:
            return False  # `X said, "...," promising ...`: the participle goes on from the verb before
        if content.endswith(("?", "!")) and self.subject(cue) and cue.lemma_.lower() not in ADDRESSING and any(
                c.dep_ == "dobj" and not self.in_quote(c.idx) and not self.addressee(c) for c in cue.children):
            return False  # `"...?" Her critics cited it as evidence`: a question ends its sentence
        if content.endswith((",", "?", "!", "—", "–", "-", "…")) or not content[-1:] in ".":
            return distance <= 45 and cue.lower_ != "according" or distance == 0
        if cue.lemma_.lower() not in CUE_LEMMAS and cue.lower_ not in ("said", "says", "told", "added", "wrote", "asked"):
            return False  # after a full stop, only a reporting verb attributes: `"...." There is no ...`
        ends_sentence = region_end < len(self.text) and self.text[region_end] in ".!?"
        rest = [t for t in toks if t.i > cue.i]
        bare = len(rest) <= 6 and not any(t.pos_ in ("VERB", "AUX") for t in rest)
        return distance <= 4 and ends_sentence and bare and cue.lower_ != "according"

    def continuation(self, it: _Item, last: _Item | None) -> _Attribution:
        """No attribution of its own: the previous speaker goes on, or the paragraph's subject."""
        if it.scare:
            return _Attribution()
        raw = it.raw
        k = self.para_of(raw.start)
        b_lo, b_hi = self.before_region(it)
        para_start = self.paras[k][0] if k >= 0 else 0
        # `Kirby hoped for talks. "We are ready."`: the person this paragraph is about.
        narration = self.region_tokens(para_start, b_hi)
        subj = [t for t in narration if t.dep_ in ("nsubj", "nsubjpass") and (t.pos_ == "PROPN" or t.ent_type_ == "PERSON")]
        # `DuVernay said she felt the 13th Amendment was worth ...`: a person, not a thing.
        people = [t for t in subj if t.ent_type_ == "PERSON" or self.people.resolve_name([t.text], t.idx) is not None]
        subj = people or [t for t in subj if t.ent_type_ not in ("LAW", "EVENT", "WORK_OF_ART", "PRODUCT", "DATE")]
        if not it.partial and self.continues_reported_content(it, para_start, b_lo, b_hi):
            it.partial = True
        if last is not None and last.attribution.speaker:
            lk = self.para_of(last.raw.end)
            if k - lk <= 2 and not subj:
                a = last.attribution
                return _Attribution(speaker=a.speaker, kind=a.kind, role=a.role, rule="continuation")
        if subj:
            att = self.describe(subj[-1], subj[-1].idx)
            att.rule = "paragraph_subject"
            return att
        return _Attribution()

    # -- interrupted quotations -----------------------------------------------------------
    def merge_interrupted(self, items: list[_Item]) -> list[_Item]:
        """`"A," he said, "B."`: the second piece joins the first when the only narration
        between them is the first one's attribution and the second has none of its own.
        Titles and scare quotes in that narration (`said on "Fox and Friends."`) are narration."""
        out: list[_Item] = []
        last_full: _Item | None = None
        for it in items:
            if it.scare or it.partial:
                out.append(it)
                continue
            if last_full is not None and self._continues(last_full, it, out[out.index(last_full) + 1:]):
                last_full.raw = RawQuote(parts=last_full.raw.parts + it.raw.parts, marks=last_full.raw.marks,
                                         paragraph=last_full.raw.paragraph)
                if last_full.attribution.speaker is None and it.attribution.speaker:
                    last_full.attribution = it.attribution
                continue
            out.append(it)
            last_full = it
        return out

    def _continues(self, a: _Item, b: _Item, flagged: list[_Item]) -> bool:
        pa, pb = self.para_of(a.raw.end), self.para_of(b.raw.start)
        if pb == pa + 1 and b.attribution.rule == "continuation" and not flagged:
            # `"A," he said.` then a paragraph that is only `"B."`: the same speaker goes on.
            s, e = self.paras[pb]
            return s == b.raw.start - 1 and b.raw.end + 1 >= e - 1
        if pa != pb:
            return False

        def narration(lo: int, hi: int) -> str:
            chars = list(self.text[lo:hi])
            for f in flagged:
                for i in range(max(lo, f.raw.start - 1), min(hi, f.raw.end + 1)):
                    chars[i - lo] = " "
            return "".join(chars)

        between = narration(a.raw.end + 1, b.raw.start - 1)
        if not between.strip():
            return True
        if b.attribution.cue is not None and a.attribution.cue is not None and b.attribution.cue == a.attribution.cue:
            return True
        if a.cue_side == "after" and b.attribution.rule in (None, "continuation", "paragraph_subject"):
            a_lo, a_hi = self.after_region(a, len(a.raw.parts) - 1)
            return a_hi >= b.raw.start - 1 or not re.sub(r"[\s.,;:\"“”]", "", narration(a_hi, b.raw.start - 1))
        return False  # `"A." Kirby said: "B."` is two rows

    def to_record(self, it: _Item) -> Quote:
        parts = it.raw.parts
        text = " ".join(self.original[s:e] for s, e in parts)
        a = it.attribution
        speaker = a.speaker if not it.scare else None
        return Quote(
            text=text,
            start_char=parts[0][0],
            end_char=parts[-1][1],
            speaker=speaker,
            speaker_kind=a.kind if speaker else None,
            speaker_role=a.role if speaker else None,
            cue=a.cue.text if a.cue is not None and a.cue.lower_ != "according" else ("according to" if a.cue is not None else None),
            rule=a.rule if speaker else (a.rule or None),
            confidence=a.confidence,
            is_scare_quote=it.scare,
            is_partial=it.partial,
            parts=tuple(parts),
        )
