"""Quote extraction and speaker attribution measured on PolNeAR's direct quotations.

    .venv/bin/python benchmarks/quotes.py              # dev split
    .venv/bin/python benchmarks/quotes.py --split train
    .venv/bin/python benchmarks/quotes.py --split both --errors 10

Reads ../shared/corpora/polnear (never copied into the repository). Parsed Docs are cached as
DocBin files under /tmp, keyed by model name and pipeline, so iterating on rules does not reparse.

Gold: direct_quotes_{split}.jsonl as shipped. Those files leave out the quotations typed with two
apostrophes (`''...''`, most New York Times articles), which the extractor does not read by
default either; with QUOTEWIRE_TWO_APOSTROPHE_QUOTES=1 it reads them, the gold is completed with
them from the same annotation (`load_gold`), and the figure as shipped is printed too.

Matching: a predicted quote matches a gold one when it covers at least 80% (and separately 30%)
of the gold quote's characters (quote marks and blanks excluded; multi-part quotes by their
parts); one-to-one, greedy by overlap. PolNeAR's text files open with the headline, which an
`articles.body` never holds and which nobody annotated: quotes there are not counted.

Which rows count as predictions. The published `quotes` table holds the rows `extract_quotes`
returns that are neither `is_scare_quote` nor `is_partial`; those two kinds go to
`quote_fragments` (warehouse/publish.py). So the headline is `published quotes table`, and two
more figures show what counting the fragments as quotations would cost:
  - `published quotes table`: `SELECT * FROM quotes`;
  - `quotes + partial fragments`: also the `is_partial` rows of `quote_fragments`;
  - `every quoted span`: also the scare quotes.
Error kinds are listed for the headline.

Speaker accuracy is over matched quotes whose gold speaker is named (dev has the resolved names):
exact after removing titles, middle initials, quoted nicknames, bracketed party labels and
punctuation; and surname only. Train has only the speaker as written, so for train the script
prints how often our resolved speaker agrees with an annotated proper-name mention (same surname,
or every word of the mention in our name: `Hillary`, `Ban` for Ban Ki-moon).

Error kinds (for the headline rows): `ours` are our errors; `annotation` are disagreements with
the annotation: a gold span that runs into unquoted narration (`"A" to drive up the price, she
said`), a quotation the annotators took into a content that starts in the narration (`Of course,
Clinton said, "I didn't ..."` annotated as content `Of course, "I didn't ..."`, which the gold
file does not count as a direct quotation), an attributed quotation nobody annotated, a speaker
the gold comment calls uncertain; `unclear` are unannotated quotations without an attribution of
their own, mostly real quotations the annotators skipped. A summary line adds up each class.
"""
from __future__ import annotations

import argparse
import collections
import hashlib
import json
import re
import sys
import time
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(CHECKOUT))

POLNEAR = CHECKOUT.parent / "shared" / "corpora" / "polnear"
CACHE = Path("/tmp/quotewire-bench")


def load_split(split: str) -> dict[str, str]:
    """article id -> text, for every article of the split (with or without quotes)."""
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted((POLNEAR / split / "text").glob("*.txt"))}


def parsed_docs(split: str, texts: dict[str, str], model: str, reparse: bool = False):
    """Docs for the split, parsed once and cached as a DocBin keyed by model and pipeline
    (`--reparse` after the rule components change without changing the pipeline's names)."""
    from spacy.tokens import DocBin

    from quotewire.nlp import load_language_model

    nlp = load_language_model(model)
    key = hashlib.sha1(("|".join(nlp.pipe_names) + model).encode()).hexdigest()[:10]
    path = CACHE / f"polnear-{split}-{model}-{key}.spacy"
    names = list(texts)
    if path.exists() and not reparse:
        docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
        if len(docs) == len(names) and all(d.text == texts[n] for d, n in zip(docs, names)):
            return dict(zip(names, docs))
    t0 = time.time()
    docs = list(nlp.pipe((texts[n] for n in names), batch_size=16))
    print(f"parsed {len(docs)} {split} articles in {time.time() - t0:.0f}s", file=sys.stderr)
    CACHE.mkdir(parents=True, exist_ok=True)
    DocBin(store_user_data=False, docs=docs).to_disk(path)
    return dict(zip(names, docs))



TITLE_WORDS = {"mr", "mrs", "ms", "miss", "dr", "sen", "rep", "gov", "president", "gen", "prof", "the", "rev"}
MARKS = set('"“”‘’\'')
EXAMPLES = 1  # examples printed per error kind (`--examples`)


def name_key(name: str | None) -> str | None:
    """A name compared without titles, middle initials, quoted nicknames and punctuation."""
    if not name:
        return None
    name = re.sub(r"[\"“”][^\"“”]+[\"“”]|\([^)]*\)", " ", name).split(",")[0]
    words = [re.sub(r"[’']s$", "", w).strip(".,’'").lower() for w in name.split()]
    words = [w for w in words if w and w not in TITLE_WORDS]
    if len(words) > 2:
        words = [words[0]] + [w for w in words[1:-1] if len(w) > 1] + [words[-1]]
    words = [w for w in words if w not in ("jr", "sr", "ii", "iii")] or words
    return " ".join(words) or None


def surname_key(name: str | None) -> str | None:
    key = name_key(name)
    return key.split()[-1] if key else None


def _names_same(written: str, resolved: str | None) -> bool:
    """Whether a proper-name mention as written names our resolved speaker: the same surname, or
    every word of the mention in the name (`Hillary` for Hillary Clinton, `Ban` for Ban Ki-moon,
    whose family name comes first)."""
    if not surname_key(written) or not resolved:
        return False
    return surname_key(written) == surname_key(resolved) or \
        set(name_key(written).split()) <= set(name_key(resolved).split())


def chars(text: str, spans) -> set[int]:
    """The characters a quotation covers, quote marks and blanks excluded."""
    return {i for s, e in spans for i in range(s, e) if not text[i].isspace() and text[i] not in MARKS}


def load_gold(split: str, complete: bool = True) -> dict[str, list[dict]]:
    """Gold quotations by article. PolNeAR's direct_quotes files take a quotation to be an
    attribution whose content starts with a double quote character, and so leave out every
    quotation typed with two apostrophes (`''We are ready,'' he said`, the archive style of most
    New York Times articles here: 788 in train, 48 in dev). With `complete`, those are added from
    the same annotation (the .ann file of the annotator the split's file uses) by the same rule;
    they have no resolved speaker, so they count for quotes, not for speaker accuracy."""
    gold = collections.defaultdict(list)
    qpath = POLNEAR / "direct_quotes" / f"direct_quotes_{split}.jsonl"
    spath = POLNEAR / "direct_quotes" / f"direct_quotes_{split}_speakers.jsonl"
    speakers = [json.loads(l) for l in spath.open()] if spath.exists() else None
    for n, line in enumerate(qpath.open()):
        q = json.loads(line)
        q["spans"] = [tuple(sp) for c in q["content"] for sp in c["spans"]]
        if speakers is not None:
            sp = speakers[n]
            assert sp["id"] == q["id"] and sp["article"] == q["article"]
            q["speaker_name"], q["named"], q["comment"] = sp["speaker_name"], sp["named"], sp.get("comment", "")
        gold[q["article"]].append(q)
    if complete:
        for art, extra in _apostrophe_quotes(split).items():
            gold[art].extend(extra)
    return gold


PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "his", "her", "their"}


def _apostrophe_quotes(split: str) -> dict[str, list[dict]]:
    """The attributions whose content starts with `''`, in the split's annotation."""
    out = collections.defaultdict(list)
    for art, attributions in read_attributions(split).items():
        for a in attributions:
            if not a["content_text"].startswith("''"):
                continue
            written = a["source_text"]
            # The files' kinds: a proper name is capitalised throughout (`Vermont Sen. Bernie
            # Sanders`); `Senator John McCain of Arizona` counts as nominal.
            words = re.findall(r"[A-Za-z][\w’'.-]*", written)
            proper = bool(words) and all(w[0].isupper() for w in words) and words[0].lower() not in ("the", "a", "an")
            kind = ("none" if not written else "pronoun" if written.lower() in PRONOUNS else
                    ("proper_1tok" if len(written.split()) == 1 else "proper_multi") if proper else "nominal")
            out[art].append({
                "article": art, "id": a["id"], "spans": a["content"], "added": True,
                "content": [{"spans": a["content"], "text": a["content_text"]}],
                "source": [{"spans": a["source"], "text": written}] if a["source"] else [],
                "source_kind": kind})
    return out


_ATTRIBUTIONS: dict[str, dict] = {}


def read_attributions(split: str) -> dict[str, list[dict]]:
    """Every annotated attribution (direct or not) by article, from the brat file of the annotator
    metadata.tsv names first (the one the split's direct_quotes file uses): content spans and text,
    source spans and text."""
    if split in _ATTRIBUTIONS:
        return _ATTRIBUTIONS[split]
    annotator = {}
    for line in (POLNEAR / "metadata.tsv").open(encoding="utf-8"):
        cols = line.rstrip("\n").split("\t")
        if cols[0] == split:
            annotator[cols[1]] = cols[3].split("|")[0]
    out = collections.defaultdict(list)
    for art, who in annotator.items():
        path = POLNEAR / split / "attributions" / f"{art}_{who}.ann"
        if not path.exists():
            continue
        spans, texts = {}, {}
        events = []
        for line in path.open(encoding="utf-8"):
            cols = line.rstrip("\n").split("\t")
            if line.startswith("T") and len(cols) >= 3:
                offsets = cols[1].split(" ", 1)[1]
                spans[cols[0]] = [tuple(map(int, o.split())) for o in offsets.split(";")]
                texts[cols[0]] = cols[2]
            elif line.startswith("E") and len(cols) >= 2:
                events.append((cols[0], dict(a.split(":", 1) for a in cols[1].split())))
        for eid, args in events:
            content, source = args.get("Content"), args.get("Source")
            if content in spans:
                out[art].append({"id": eid, "content": spans[content], "content_text": texts[content],
                                 "source": spans.get(source, []), "source_text": texts.get(source, "")})
    _ATTRIBUTIONS[split] = out
    return out


# Which rows count as predictions (see the module docstring); the first is the headline.
VARIANTS = {
    "published quotes table": lambda q: not (q.is_scare_quote or q.is_partial),
    "quotes + partial fragments": lambda q: not q.is_scare_quote,
    "every quoted span": lambda q: True,
}


def evaluate(split: str, texts, docs, extract, counted=VARIANTS["published quotes table"], extracted=None,
             complete: bool = True) -> dict:
    gold = load_gold(split, complete)
    attributions = read_attributions(split)
    has_names = any("speaker_name" in g for gs in gold.values() for g in gs)
    res = {t: collections.Counter() for t in (0.8, 0.3)}
    spk = collections.Counter()
    errors = collections.Counter()
    examples = collections.defaultdict(list)
    n_pred_all = 0

    def err(kind, art, detail):
        errors[kind] += 1
        if len(examples[kind]) < EXAMPLES:
            examples[kind].append(f"{art}: {detail}")

    for art, text in texts.items():
        # PolNeAR's files open with the headline, which an `articles.body` never holds and the
        # annotators never annotated: quotes there are not counted.
        body_start = text.find("\n") + 1
        if extracted is not None and art in extracted:
            quotes = extracted[art]
        else:
            quotes = [q for q in extract(docs[art]) if q.start_char >= body_start]
            if extracted is not None:
                extracted[art] = quotes
        n_pred_all += len(quotes)
        preds = [q for q in quotes if counted(q)]
        flagged = [q for q in quotes if not counted(q)]
        pchars = [chars(text, q.parts or [(q.start_char, q.end_char)]) for q in preds]
        golds = gold.get(art, [])
        gchars = [chars(text, g["spans"]) for g in golds]
        for thr in (0.8, 0.3):
            pairs = sorted(((len(gc & pc) / max(1, len(gc)), gi, pi) for gi, gc in enumerate(gchars)
                            for pi, pc in enumerate(pchars) if gc & pc), reverse=True)
            used_g, used_p, match = set(), set(), {}
            for cov, gi, pi in pairs:
                if cov >= thr and gi not in used_g and pi not in used_p:
                    used_g.add(gi), used_p.add(pi)
                    match[gi] = pi
            res[thr]["tp"] += len(match)
            res[thr]["tp_added"] += sum(1 for gi in match if golds[gi].get("added"))
            res[thr]["gold_added"] += sum(1 for g in golds if g.get("added"))
            res[thr]["pred"] += len(preds)
            res[thr]["gold"] += len(golds)
            if thr != 0.8:
                continue
            for gi, g in enumerate(golds):
                gtext = g["content"][0]["text"]
                if gi not in match:
                    over = [pi for pi, pc in enumerate(pchars) if pc & gchars[gi]]
                    fl = [q for q in flagged if chars(text, q.parts) & gchars[gi]]
                    narration = _runs_into_narration(text, g["spans"])
                    if narration:
                        err("annotation: gold span runs into narration", art, gtext[:90])
                    elif fl:
                        what = "scare quote or title" if any(q.is_scare_quote for q in fl) else "partial quote"
                        err(f"ours: flagged {what} but gold counts it", art, gtext[:90])
                    elif over:
                        err("ours: span split or merged differently (<80% covered)", art, gtext[:90])
                    else:
                        err("ours: quotation not found (marks not paired)", art, gtext[:90])
                    continue
                q = preds[match[gi]]
                if not has_names:
                    # Train has the speaker only as written: check surnames of proper-name mentions.
                    if g["source_kind"] in ("proper_1tok", "proper_multi") and g["source"]:
                        spk["proper"] += 1
                        written = g["source"][0]["text"]
                        if _names_same(written, q.speaker):
                            spk["proper_ok"] += 1
                        else:
                            err("ours: speaker surname differs from the annotated proper-name mention", art,
                                f"{q.speaker!r} vs {written!r}")
                    continue
                if not g.get("named"):
                    continue
                spk["named"] += 1
                gold_key, pred_key = name_key(g["speaker_name"]), name_key(q.speaker)
                if gold_key == pred_key:
                    spk["exact"] += 1
                if surname_key(g["speaker_name"]) == surname_key(q.speaker):
                    spk["surname"] += 1
                elif g.get("comment", "").startswith("uncertain"):
                    err("annotation: uncertain speaker (gold comment)", art, f"{q.speaker!r} vs {g['speaker_name']!r}")
                else:
                    kind = g["source_kind"]
                    why = "no speaker" if not q.speaker else ("description instead of name" if q.speaker_kind == "description" else "wrong person")
                    err(f"ours: speaker {why} (gold mention {kind}; rule {q.rule})", art,
                        f"{q.speaker!r} vs {g['speaker_name']!r} for {q.text[:50]!r}")
                if gold_key != pred_key and surname_key(g["speaker_name"]) == surname_key(q.speaker):
                    err("ours: surname right, full name not established", art, f"{q.speaker!r} vs {g['speaker_name']!r}")
            for pi, q in enumerate(preds):
                if pi in match.values():
                    continue
                if any(pchars[pi] & gc for gc in gchars):
                    continue  # counted as a split/merge on the gold side
                if q.is_scare_quote:
                    err("flagged: scare quote or title row, not a gold quotation", art, q.text[:80])
                elif q.is_partial:
                    err("flagged: partial quote row (is_partial unpublished), not a gold quotation", art, q.text[:80])
                elif any(s <= q.start_char and q.end_char <= e for a in attributions.get(art, [])
                         for s, e in [(a["content"][0][0], a["content"][-1][1])]):
                    # `Of course, Clinton said, "I didn't ..."` annotated with content `Of course, "I
                    # didn't ..."`: the annotators took the quotation into a content that starts in
                    # the narration, which the gold file does not count as a direct quotation.
                    err("annotation: quotation inside an annotated content that starts in the narration", art,
                        f"{q.speaker}: {q.text[:70]}")
                elif q.rule and q.rule.startswith(("cue_", "according", "dash", "colon")) and q.speaker:
                    err("annotation: attributed quotation the annotators skipped", art, f"{q.speaker}: {q.text[:70]}")
                else:
                    err(f"unclear: unannotated quotation without its own attribution (rule {q.rule})", art, q.text[:80])
    return {"res": res, "spk": spk, "errors": errors, "examples": examples, "n_pred_all": n_pred_all}


def _runs_into_narration(text: str, spans) -> bool:
    """A gold span with words outside any quote marks (`"A," she said of it, adding "B"`)."""
    for s, e in spans:
        seg = text[s:e].strip()
        if not seg:
            continue
        inner = re.sub(r"[\"“][^\"“”]*[\"”]", "", seg)
        if re.search(r"[A-Za-z]{3,}", inner) and seg[0] in '"“' and seg.count('"') + seg.count("“") + seg.count("”") >= 2:
            return True
    return False


def prf(c) -> tuple[float, float, float]:
    p = c["tp"] / max(1, c["pred"])
    r = c["tp"] / max(1, c["gold"])
    return p, r, 2 * p * r / max(1e-9, p + r)


def report_variant(name: str, out: dict) -> None:
    """One line a variant of which rows count: F1 at both overlaps and speaker accuracy."""
    (p8, r8, f8), (p3, r3, f3) = prf(out["res"][0.8]), prf(out["res"][0.3])
    s = out["spk"]
    spk = f"; speaker exact {s['exact'] / s['named']:.3f} surname {s['surname'] / s['named']:.3f}" if s["named"] else ""
    print(f"  {name}: @80% P {p8:.3f} R {r8:.3f} F1 {f8:.3f}; @30% F1 {f3:.3f} ({out['res'][0.8]['pred']} rows){spk}")


def report(split: str, out: dict, n_errors: int) -> None:
    print(f"== {split} ==")
    for thr, c in out["res"].items():
        p, r, f = prf(c)
        print(f"quotes @{int(thr * 100)}% overlap: P {p:.3f}  R {r:.3f}  F1 {f:.3f}  "
              f"(gold {c['gold']}, {c['pred']} rows of the published quotes table)")
    # The same at 80% without the two disagreements with the annotation we can name: gold spans
    # that run into narration (not direct quotations) and attributed quotations nobody annotated.
    c, e = out["res"][0.8], out["errors"]
    skipped = e["annotation: attributed quotation the annotators skipped"] + \
        e["annotation: quotation inside an annotated content that starts in the narration"]
    narration = e["annotation: gold span runs into narration"]
    p = c["tp"] / max(1, c["pred"] - skipped)
    r = c["tp"] / max(1, c["gold"] - narration)
    print(f"  without those disagreements ({skipped} attributed quotations the gold does not count, {narration} gold spans "
          f"running into narration): P {p:.3f}  R {r:.3f}  F1 {2 * p * r / max(1e-9, p + r):.3f}")
    s = out["spk"]
    if s["named"]:
        print(f"speaker accuracy over {s['named']} matched named quotes: exact {s['exact'] / s['named']:.3f}  "
              f"surname {s['surname'] / s['named']:.3f}")
    if s["proper"]:
        print(f"speaker agreement over {s['proper']} matched quotes whose annotated speaker mention "
              f"is a proper name: {s['proper_ok'] / s['proper']:.3f} (this split has no resolved names)")
    by_class = collections.Counter()
    for kind, n in out["errors"].items():
        by_class[kind.split(":")[0]] += n
    print("errors by class: " + ", ".join(f"{k} {n}" for k, n in by_class.most_common()))
    print(f"most common error kinds ('ours' = our error, 'annotation' = disagreement with the annotation):")
    for kind, n in out["errors"].most_common(n_errors):
        print(f"  {n:4d}  {kind}")
        for ex in out["examples"][kind]:
            print(f"          e.g. {ex[:150]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", default="dev", choices=["dev", "train", "both"])
    ap.add_argument("--model", default=None)
    ap.add_argument("--errors", type=int, default=12, help="how many error kinds to print")
    ap.add_argument("--examples", type=int, default=1, help="examples printed per error kind")
    ap.add_argument("--parse-only", action="store_true")
    ap.add_argument("--reparse", action="store_true", help="parse again even if a cached parse exists")
    args = ap.parse_args()
    from quotewire import quote_spans
    from quotewire.quotes import extract_quotes
    from quotewire.settings import Settings

    global EXAMPLES
    EXAMPLES = args.examples
    model = args.model or Settings.from_env().model
    for split in (["dev", "train"] if args.split == "both" else [args.split]):
        texts = load_split(split)
        docs = parsed_docs(split, texts, model, args.reparse)
        if args.parse_only:
            continue
        extracted: dict = {}
        # The gold follows the extractor's setting: the files as shipped (the measure) by
        # default; completed with the quotations typed as two apostrophes when those are read.
        complete = quote_spans.READ_TWO_APOSTROPHES
        outs = {name: evaluate(split, texts, docs, extract_quotes, counted, extracted, complete)
                for name, counted in VARIANTS.items()}
        n_added = sum(1 for gs in load_gold(split).values() for g in gs if g.get("added"))
        print(f"gold: direct_quotes_{split}.jsonl " + (
            f"completed with the {n_added} quotations typed with two apostrophes it leaves out "
            "(QUOTEWIRE_TWO_APOSTROPHE_QUOTES=1)" if complete else
            f"as shipped (it leaves out {n_added} quotations typed with two apostrophes, which the extractor "
            "does not read by default; QUOTEWIRE_TWO_APOSTROPHE_QUOTES=1 reads them and completes the gold)"))
        report(split, next(iter(outs.values())), args.errors)
        if complete:
            shipped = evaluate(split, texts, docs, extract_quotes, VARIANTS["published quotes table"], extracted, False)
            (p8, r8, f8), (_, _, f3) = prf(shipped["res"][0.8]), prf(shipped["res"][0.3])
            c = outs["published quotes table"]["res"][0.8]
            print(f"  recall @80% on the {c['gold_added']} quotations typed with two apostrophes: "
                  f"{c['tp_added'] / max(1, c['gold_added']):.3f}")
            print(f"against direct_quotes_{split}.jsonl as shipped: @80% P {p8:.3f} R {r8:.3f} F1 {f8:.3f}; "
                  f"@30% F1 {f3:.3f}")
        print("which rows count as predictions (headline first):")
        for name, out in outs.items():
            report_variant(name, out)


if __name__ == "__main__":
    main()
