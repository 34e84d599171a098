"""What the quality gate costs: import time, and validate/quarantine/Data Docs on a night's batch.

Builds a synthetic batch shaped like the published tables (default 50 articles, 300 quotes,
about 1,000 mentions: `quotewire/quality_sample.py`) and times, each in the same process:
  - importing quotewire.quality (fresh interpreter; must not pull in great_expectations)
  - importing great_expectations (fresh interpreter)
  - quarantine(), validate() on the first call (GX import included) and warm (median of --repeat),
  - build_data_docs() into a temporary folder.

With --inbox DIR it also reads real files the way the pipeline does (page parser, quote and
party extractors on the real spaCy model; a stand-in for the ingest step, which is the lead's),
then runs quarantine and validate over them and prints what was flagged and which expectations
fail: how the gate judges our own extraction, page by page. DIR may be `sample_inbox` or
`../shared/corpora/datesinwild-dev` (its gold.jsonl is skipped).

    .venv/bin/python benchmarks/quality.py [--articles 50] [--quotes-per-article 6] [--repeat 3]
    .venv/bin/python benchmarks/quality.py --inbox sample_inbox
"""
from __future__ import annotations

import argparse
import collections
import datetime as dt
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

RUN_DATE = dt.date(2026, 11, 27)


def import_seconds(statement: str) -> float:
    """Wall time of an import in a fresh interpreter, with the interpreter's own start removed."""
    code = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return float(done.stdout.strip().splitlines()[-1])


_NLP = None


def read_inbox(inbox: Path, run_date: dt.date):
    """Tables for every file under `inbox`, built with the real parsers and extractors."""
    import pandas as pd

    from quotewire import ids
    from quotewire.nlp import load_language_model
    from quotewire.page import parse_page
    from quotewire.parties import extract_mentions
    from quotewire.quotes import extract_quotes
    from quotewire.settings import Settings

    rejected, pages = [], []
    for path in sorted(p for p in inbox.rglob("*") if p.is_file() and not any(x.startswith(".") for x in p.relative_to(inbox).parts)):
        rel = path.relative_to(inbox).as_posix()
        if path.suffix in (".jsonl", ".tsv") or path.name == "README.md":
            continue
        raw = path.read_bytes()
        if not raw.strip():
            rejected.append((rel, "empty", "The file holds no text."))
            continue
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = raw.decode("utf-16")
        elif b"\x00" in raw[:1024]:
            rejected.append((rel, "binary", "The file is not text."))
            continue
        else:
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = raw.decode("cp1252", errors="replace")
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        fields = parse_page(text)
        if not fields.body.strip():
            rejected.append((rel, "no_body", "No article text was found under the headline."))
            continue
        pages.append((rel, ids.article_id(text), fields))

    global _NLP
    if _NLP is None:  # once per process, whatever the number of inboxes
        _NLP = load_language_model(Settings.from_env().model)
    nlp = _NLP
    sources, articles, quotes, parties, mentions, seen = {}, [], [], {}, [], set()
    for (rel, article_id, f), doc in zip(pages, nlp.pipe([p[2].body for p in pages])):
        if article_id in seen:
            continue
        seen.add(article_id)
        if f.source:
            sources[f.source.source_id] = (f.source.source_id, f.source.name, f.source.kind, f.source.time_zone)
        articles.append((article_id, rel, f.title, f.source.source_id if f.source else None,
                         f.published_date, f.published_at, f.body))
        found = extract_mentions(doc)
        for m in found:
            pid = ids.party_id(m.name, m.party_type)
            parties.setdefault(pid, (pid, m.name, m.party_type))
            mentions.append((article_id, pid, m.mention, m.start_char, m.end_char))
        for q in extract_quotes(doc):
            if q.is_scare_quote:
                continue
            pid = ids.party_id(q.speaker, q.speaker_kind) if q.speaker and q.speaker_kind in ("person", "organization") else None
            quotes.append((ids.quote_id(article_id, q.start_char, q.end_char), article_id, q.text, q.speaker,
                           pid if pid in parties else None, q.cue, q.start_char, q.end_char))
    frame = pd.DataFrame
    return {
        "sources": frame(list(sources.values()), columns=["source_id", "name", "kind", "time_zone"]),
        "articles": frame(articles, columns=["article_id", "source_path", "title", "source_id", "published_date", "published_at", "body"]),
        "quotes": frame(quotes, columns=["quote_id", "article_id", "text", "speaker", "speaker_party_id", "cue", "start_char", "end_char"]).drop_duplicates("quote_id"),
        "parties": frame(list(parties.values()), columns=["party_id", "name", "party_type"]),
        "party_mentions": frame(mentions, columns=["article_id", "party_id", "mention", "start_char", "end_char"]).drop_duplicates(),
        "rejected_files": frame(rejected, columns=["source_path", "reason", "detail"]),
    }


def judge_inbox(inbox: Path) -> None:
    from quotewire.quality import Thresholds, failure_report, quarantine, validate

    run_date = dt.date.today()
    t = time.perf_counter()
    tables = read_inbox(inbox, run_date)
    print(f"\n{inbox}: read, parsed and extracted in {time.perf_counter() - t:.1f} s: "
          + ", ".join(f"{name} {len(frame)}" for name, frame in tables.items()))
    thresholds = Thresholds()
    t = time.perf_counter()
    fixed, flagged = quarantine(tables, run_date=run_date, thresholds=thresholds)
    results = validate(fixed, run_date=run_date, thresholds=thresholds)
    print(f"quarantine + validate: {time.perf_counter() - t:.3f} s (GX already imported)")
    counts = collections.Counter(zip(flagged["table"], flagged["action"], flagged["reason"]))
    paths = dict(zip(tables["articles"]["article_id"], tables["articles"]["source_path"]))
    quote_articles = dict(zip(tables["quotes"]["quote_id"], tables["quotes"]["article_id"]))
    for (table, action, reason), n in counts.most_common():
        print(f"  quarantine {action} {n:4d} {table}: {reason}")
        rows = flagged[(flagged["table"] == table) & (flagged["reason"] == reason)].head(3)
        for key, value in zip(rows["key"], rows["value"]):
            article = quote_articles.get(key) or key.split(":")[0]
            print(f"      e.g. {paths.get(article, key)}: {value}"[:200])
    print(f"  would publish: {all(r.success for r in results)}")
    for line in failure_report(results).splitlines():
        print(f"  {line[:160]}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=50)
    ap.add_argument("--quotes-per-article", type=int, default=6)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--inbox", type=Path, action="append", help="also judge real files under DIR")
    args = ap.parse_args()

    check = "import sys, quotewire.quality; assert 'great_expectations' not in sys.modules"
    print(f"import quotewire.quality (no GX): {import_seconds(check):.3f} s")
    print(f"import great_expectations:        {import_seconds('import great_expectations'):.3f} s")

    from quotewire.quality import Thresholds, build_data_docs, quarantine, validate
    from quotewire.quality_sample import make_batch

    tables = make_batch(args.articles, args.quotes_per_article, run_date=RUN_DATE)
    sizes = ", ".join(f"{name} {len(frame)}" for name, frame in tables.items())
    print(f"batch: {sizes}")
    thresholds = Thresholds()

    t = time.perf_counter()
    tables, flagged = quarantine(tables, run_date=RUN_DATE, thresholds=thresholds)
    print(f"quarantine:                       {time.perf_counter() - t:.3f} s ({len(flagged)} rows flagged)")

    t = time.perf_counter()
    results = validate(tables, run_date=RUN_DATE, thresholds=thresholds)
    print(f"validate, first call (GX import): {time.perf_counter() - t:.3f} s")
    warm = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        results = validate(tables, run_date=RUN_DATE, thresholds=thresholds)
        warm.append(time.perf_counter() - t)
    n = sum(len(r.expectations) for r in results)
    print(f"validate, warm (median of {args.repeat}):   {statistics.median(warm):.3f} s "
          f"({n} expectations over {len(results)} suites, all blocking passed: {all(r.success for r in results)})")

    with tempfile.TemporaryDirectory() as folder:
        t = time.perf_counter()
        index = build_data_docs(results, Path(folder))
        first = time.perf_counter() - t
        t = time.perf_counter()
        build_data_docs(results, Path(folder))
        print(f"build_data_docs:                  {first:.3f} s first, {time.perf_counter() - t:.3f} s next run "
              f"({index.relative_to(folder)})")
    for inbox in args.inbox or []:
        judge_inbox(inbox)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
