"""Mentioned parties against entity-linking gold: ours versus the raw spaCy entities.

    .venv/bin/python benchmarks/parties.py [--corpora DIR] [--errors N]

Reads every `*.jsonl` under ../shared/corpora/entities (elevant format: `text`,
`evaluation_span`, `labels` with `span`, Wikidata `entity_id`, canonical `name`, `type`).
Each article is parsed once; the raw model's entities are read before our ruler runs, so the
baseline and ours come from the same parse.

Matching, as issue 5 defines it: a predicted party matches a gold entity when its canonical
name, or one of its mentions anywhere in that article, equals the gold name or one of the gold
mentions, ignoring case and punctuation (also accents and a leading `the`, on both sides:
`L'Oreal` = `L’Oréal`, `the White House` = `White House`). Document level, micro-averaged.
Only what lies inside `evaluation_span` is scored: a predicted party counts only if one of its
mentions starts inside the span, and gold mentions outside it do not exist. Gold mentions flagged
`coref` (pronouns and descriptions: `he`, `the company`) and elevant's QUANTITY/DATETIME labels
are not names and are never matched.

Gold entities, three kinds:
- typed parties: linked entities whose Wikidata type includes human (Q215627) -> person,
  geographic entity (Q27096213) -> country when its name is a country in pycountry/our tables,
  else location (places typed Q43229 too accept organization), organization (Q43229);
- linked entities of other kinds (works, products, events, peoples, diseases): OTHER;
- unlinked names (NIL: annotated as a name but not in Wikidata, a local dentist): one entity
  per written form.

Headline (the issue's definition): precision = predicted parties matching any gold entity, of
any kind / predicted parties; recall = typed parties found / typed parties, counting only
those not marked optional and written at least once as a name (with a capital letter:
`police`, `the judge` alone are nominal references, like pronouns). A match with an OTHER or NIL
entity is a true positive with no type to judge (`matched untyped gold`). Type right: of the
predictions matching a typed party, the share whose type is the gold type. Per type T:
precision = predicted T parties matching a gold T party / predicted T parties (less those that
match only untyped gold); recall = gold T parties matched by a predicted T party / gold T.

Strict line (the first version's stricter rules, kept because it shows what the headline
forgives): a prediction matching only OTHER entities is a false positive (`Apple TV` typed
organization), one matching only NIL or optional entities is neither credited nor blamed, and
recall counts typed parties written only in lower case too.

Mention recall: gold party mentions whose exact span is a predicted mention (`linked`: and that
mention's canonical name is the gold name, one of the gold entity's written forms in the
article, or the same ISO country: `Kirby` under `John Kirby`, not under `Kirby` alone).

Error kinds printed: FP/FN by type, `type gold->predicted`, `FP country (demonyms only)` (a
country named only by its demonym, which the gold rarely links), and `mention under another
name` (a gold mention found, filed under a canonical name the gold does not use).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from quotewire.nlp import load_language_model  # noqa: E402
from quotewire.parties import RULER_NAME, extract_mentions  # noqa: E402
from quotewire.party_tables import fold, load_tables  # noqa: E402
from quotewire.settings import CHECKOUT, Settings  # noqa: E402

TYPES = ["person", "organization", "country", "location"]
RAW_TYPES = {"PERSON": "person", "ORG": "organization", "GPE": "location", "LOC": "location",
             "FAC": "location"}


LITERAL = "--literal" in sys.argv  # only case and punctuation, the words to the letter


def norm(text: str) -> str:
    if LITERAL:
        text = re.sub(r"[^\w\s]", " ", text.casefold())
        return re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"[^\w\s]", " ", fold(text))  # `J.P.` = `J. P.`, `Rolls-Royce` = `Rolls Royce`
    text = re.sub(r"\s+", " ", text).strip()
    return text[4:] if text.startswith("the ") else text


@dataclass
class Party:
    name: str
    party_type: str  # for gold: a party type, or OTHER (a linked entity of another kind) or NIL
    forms: set[str] = field(default_factory=set)  # normalised name and mentions
    mentions: list[tuple[int, int]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    optional: bool = False
    alt_type: str | None = None  # the gold types some places as organisations too
    named: bool = False  # gold: at least one mention is a name (has a capital letter)


OTHER, NIL = "other", "nil"
NOT_ENTITIES = {"QUANTITY", "DATETIME"}  # elevant labels numbers and dates too: not entities


def gold_type(types: str, name: str) -> str | None:
    parts = set(types.split("|"))
    if "Q215627" in parts and "Q43229" not in parts:
        return "person"
    if "Q27096213" in parts:
        return "country" if load_tables().country_code(name, "GPE") else "location"
    if "Q43229" in parts:
        return "organization"
    return None


def gold_entities(article: dict) -> list[Party]:
    """Every gold entity with a non-coreference mention inside the evaluation span: linked
    parties (typed), linked entities of other kinds (OTHER) and unlinked names (NIL, one entity
    per written form)."""
    lo, hi = article["evaluation_span"]
    entities: dict[object, Party] = {}
    optional: defaultdict[object, list[bool]] = defaultdict(list)
    for label in article["labels"]:
        start, end = label["span"]
        if label.get("coref") or not lo <= start < hi or label["entity_id"] in NOT_ENTITIES:
            continue
        written = article["text"][start:end]
        if label["entity_id"] == "<NIL>":
            key, name, kind = ("nil", norm(written)), written, NIL
        else:
            key, name = label["entity_id"], label["name"]
            kind = gold_type(label["type"], label["name"]) or OTHER
        entity = entities.setdefault(key, Party(name, kind, {norm(name)} if kind != NIL else set()))
        if kind == "location" and "Q43229" in label["type"].split("|"):
            entity.alt_type = "organization"  # typed place and organisation (`Mayo Clinic`)
        entity.forms.add(norm(written))
        entity.mentions.append((start, end))
        entity.named |= any(ch.isupper() for ch in written)
        optional[key].append(bool(label.get("optional")))
    for key, entity in entities.items():
        entity.optional = all(optional[key])
    return list(entities.values())


def predicted_parties(triples, lo: int, hi: int) -> list[Party]:
    """triples: (name, party_type, mention, start, end) -> the parties with a mention inside the
    span; each matches by its name and its mentions anywhere in the article."""
    parties: dict[tuple[str, str], Party] = {}
    for name, party_type, mention, start, end in triples:
        party = parties.setdefault((name, party_type), Party(name, party_type, {norm(name)}))
        party.forms.add(norm(mention))
        if lo <= start < hi:
            party.mentions.append((start, end))
            party.texts.append(mention)
    return [p for p in parties.values() if p.mentions]


def same_party(predicted: Party, gold: Party) -> bool:
    """The predicted canonical name is the gold one, or one the article writes for it; for a
    country, the same ISO country (`United States` is Wikidata's `United States of America`)."""
    if norm(predicted.name) in gold.forms:
        return True
    tables = load_tables()
    code = tables.country_code(predicted.name, "GPE")
    return code is not None and code == tables.country_code(gold.name, "GPE")


class Score:
    """strict=False: the issue's definition (headline). strict=True: the stricter variant."""

    def __init__(self, strict: bool = False) -> None:
        self.strict = strict
        # overall: a match of any type; per type: a prediction of type T matching gold of type T
        self.tp_pred = self.tp_gold = 0
        self.typed_tp_pred = Counter()  # by predicted type
        self.n_pred = Counter()  # every scored prediction, by type
        self.n_pred_typed = Counter()  # predictions whose type can be judged, by type
        self.typed_tp_gold = Counter()  # by gold type
        self.n_gold = Counter()
        self.type_right = self.type_total = self.ignored = self.untyped = 0
        self.mentions = self.mentions_exact = self.mentions_linked = 0
        self.errors: defaultdict[str, Counter] = defaultdict(Counter)

    def gold_parties(self, gold: list[Party]) -> list[Party]:
        """The parties recall is measured on: linked people, organisations, countries and places
        not marked optional; in the headline also only those named at least once (`police`,
        `the judge` alone are nominal references, like pronouns)."""
        return [g for g in gold if g.party_type in TYPES and not g.optional
                and (g.named or self.strict)]

    def add(self, predicted: list[Party], gold: list[Party]) -> None:
        tables = load_tables()
        for p in predicted:
            matches = [g for g in gold if p.forms & g.forms]
            typed = [g for g in matches if g.party_type in TYPES]
            if self.strict:
                # a match with another kind of entity is wrong; a match with only unlinked or
                # optional gold is neither credited nor blamed
                if typed and all(g.optional for g in typed) or not typed and any(
                        g.party_type == NIL for g in matches) and not any(
                        g.party_type == OTHER for g in matches):
                    self.ignored += 1
                    continue
                matches = typed
            self.n_pred[p.party_type] += 1
            if not matches:
                self.n_pred_typed[p.party_type] += 1
                if p.party_type == "country" and all(
                        tables.country_code(m, "NORP") and not tables.country_code(m, "GPE")
                        for m in p.texts):
                    self.errors["FP country (demonyms only)"][p.name] += 1
                else:
                    self.errors[f"FP {p.party_type}"][p.name] += 1
                continue
            self.tp_pred += 1
            if not typed:
                self.untyped += 1  # matches an unlinked name or another kind: no type to judge
                self.errors["matched untyped gold (not an error)"][p.name] += 1
                continue
            self.n_pred_typed[p.party_type] += 1
            self.type_total += 1
            if any(p.party_type in (g.party_type, g.alt_type) for g in typed):
                self.type_right += 1
                self.typed_tp_pred[p.party_type] += 1
            else:
                self.errors[f"type {typed[0].party_type}->{p.party_type}"][p.name] += 1
        spans = {m: p for p in predicted for m in p.mentions}
        for g in self.gold_parties(gold):
            self.n_gold[g.party_type] += 1
            found = [p for p in predicted if p.forms & g.forms]
            self.tp_gold += bool(found)
            self.typed_tp_gold[g.party_type] += any(
                p.party_type in (g.party_type, g.alt_type) for p in found)
            if not found:
                self.errors[f"FN {g.party_type}"][g.name] += 1
            for m in g.mentions:
                self.mentions += 1
                if m in spans:
                    self.mentions_exact += 1
                    if same_party(spans[m], g):
                        self.mentions_linked += 1
                    else:
                        self.errors["mention under another name"][
                            f"{spans[m].name} ({g.name})"] += 1

    def prf(self, party_type: str | None = None) -> tuple[float, float, float]:
        if party_type:
            tp_p, n_p = self.typed_tp_pred[party_type], self.n_pred_typed[party_type]
            tp_g, n_g = self.typed_tp_gold[party_type], self.n_gold[party_type]
        else:
            tp_p, n_p = self.tp_pred, sum(self.n_pred.values())
            tp_g, n_g = self.tp_gold, sum(self.n_gold.values())
        p = tp_p / n_p if n_p else 0.0
        r = tp_g / n_g if n_g else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def lines(self, who: str, per_type: bool = True) -> list[str]:
        p, r, f = self.prf()
        extra = (f"unscored (NIL/optional only) {self.ignored}" if self.strict
                 else f"matched untyped gold {self.untyped}")
        out = [f"  {who:13} overall       P {p:.3f}  R {r:.3f}  F1 {f:.3f}   "
               f"type right {self.type_right / max(self.type_total, 1):.3f} "
               f"({self.type_right}/{self.type_total})   mention recall exact "
               f"{self.mentions_exact / max(self.mentions, 1):.3f} linked "
               f"{self.mentions_linked / max(self.mentions, 1):.3f} (of {self.mentions})   "
               + extra]
        for t in TYPES if per_type else []:
            p, r, f = self.prf(t)
            out.append(f"  {who:13} {t:13} P {p:.3f}  R {r:.3f}  F1 {f:.3f}   "
                       f"(pred {self.n_pred_typed[t]}, gold {self.n_gold[t]})")
        return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=CHECKOUT.parent / "shared" / "corpora" /
                        "entities")
    parser.add_argument("--errors", type=int, default=0,
                        help="print the N most common names of each error kind")
    parser.add_argument("--literal", action="store_true",
                        help="match ignoring case and punctuation only (not accents, not a leading 'the')")
    args = parser.parse_args()

    nlp = load_language_model(Settings.from_env().model)
    ruler = nlp.get_pipe(RULER_NAME)
    files = sorted(args.corpora.glob("*.jsonl"))
    if not files:
        sys.exit(f"no *.jsonl under {args.corpora}")
    for path in files:
        articles = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
        ours, raw = Score(), Score()
        ours_strict, raw_strict = Score(strict=True), Score(strict=True)
        with nlp.select_pipes(disable=[RULER_NAME]):
            docs = list(nlp.pipe(a["text"] for a in articles))
        for article, doc in zip(articles, docs):
            lo, hi = article["evaluation_span"]
            gold = gold_entities(article)
            raw_parties = predicted_parties(
                [(e.text, RAW_TYPES[e.label_], e.text, e.start_char, e.end_char)
                 for e in doc.ents if e.label_ in RAW_TYPES], lo, hi)
            doc = ruler(doc)
            our_parties = predicted_parties(
                [(m.name, m.party_type, m.mention, m.start_char, m.end_char)
                 for m in extract_mentions(doc)], lo, hi)
            for score, parties in ((ours, our_parties), (raw, raw_parties),
                                   (ours_strict, our_parties), (raw_strict, raw_parties)):
                score.add(parties, gold)
        print(f"{path.name}: {len(articles)} articles")
        print("\n".join(ours.lines("ours") + raw.lines("spaCy")
                        + ours_strict.lines("ours strict", False)
                        + raw_strict.lines("spaCy strict", False)))
        kinds = sorted(ours.errors.items(), key=lambda kv: -sum(kv[1].values()))
        print("  remaining errors (ours): " + ", ".join(
            f"{kind} {sum(names.values())}" for kind, names in kinds))
        for kind, names in kinds if args.errors else []:
            print(f"    {kind}: " + "; ".join(f"{n} x{c}" if c > 1 else n
                                              for n, c in names.most_common(args.errors)))
        print()


if __name__ == "__main__":
    main()
