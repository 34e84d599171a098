"""How often the page parser finds the right day of first publication on real pages.

Runs `parse_page` (the same normalisation the pipeline runs) over the visible text of the 133
real news pages in ../shared/corpora/datesinwild-dev/ and compares `published_date` with the
gold day. A wrong date is worse than none, so wrong and NULL are counted apart.

    .venv/bin/python benchmarks/dates.py [--corpus DIR] [--show wrong|null|all]
"""
from __future__ import annotations

import argparse
import collections
import json
import sys
import time
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from quotewire.dates import find_dates  # noqa: E402
from quotewire.page import parse_page  # noqa: E402

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "datesinwild-dev"


def read_text(path: Path) -> str:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _error_kind(text: str, gold: str, fields) -> str:
    """Why a page missed: is the gold day printed on the page at all (in either day order)?"""
    printed = any(str(v.date) == gold for line in text.split("\n") if any(c.isdigit() for c in line)
                  for order in ("DMY", "MDY") for v in find_dates(line, date_order=order))
    if not printed:
        return "gold_day_not_printed"
    if fields.date_method and "updated" in fields.date_method:
        return "took_updated_date"
    return "printed_but_not_chosen"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--show", choices=["wrong", "null", "all"], help="list pages of this outcome")
    args = ap.parse_args()
    gold_path = args.corpus / "gold.jsonl"
    if not gold_path.exists():
        print(f"corpus not found: {gold_path}", file=sys.stderr)
        return 2
    gold = [json.loads(line) for line in gold_path.read_text("utf-8").splitlines() if line.strip()]

    outcomes = collections.Counter()
    methods = collections.Counter()
    kinds = collections.Counter()
    started = time.perf_counter()
    for row in gold:
        text = read_text(args.corpus / row["file"])
        fields = parse_page(text)
        got = fields.published_date.isoformat() if fields.published_date else None
        outcome = "right" if got == row["published_date"] else ("null" if got is None else "wrong")
        outcomes[outcome] += 1
        if outcome != "right":
            kinds[(outcome, _error_kind(text, row["published_date"], fields))] += 1
        methods[(fields.date_method, outcome)] += 1
        if args.show in (outcome, "all"):
            print(f"{outcome:5} {row['file']:28} gold={row['published_date']} got={got} "
                  f"method={fields.date_method} text={fields.date_text!r}")
    elapsed = time.perf_counter() - started

    n = len(gold)
    print(f"pages: {n}")
    print(f"right: {outcomes['right']}  wrong: {outcomes['wrong']}  null: {outcomes['null']}")
    print(f"share right: {outcomes['right'] / n:.3f}  (target 0.85)")
    print(f"precision (right among dated): {outcomes['right'] / max(1, n - outcomes['null']):.3f}")
    print("by method: " + ", ".join(f"{m or 'none'}/{o}={c}" for (m, o), c in sorted(
        methods.items(), key=lambda kv: (str(kv[0][0]), kv[0][1]))))
    print("errors by kind: " + ", ".join(f"{o}/{k}={c}" for (o, k), c in kinds.most_common()))
    print(f"time: {elapsed:.2f} s ({1000 * elapsed / n:.1f} ms a page)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
