"""What the quality gate costs: import time, and validate/quarantine/Data Docs on a night's batch.

Builds a synthetic batch shaped like the published tables (default 50 articles, 300 quotes,
about 1,000 mentions: `quotewire/quality_sample.py`) and times, each in the same process:
  - importing quotewire.quality (fresh interpreter; must not pull in great_expectations)
  - importing great_expectations (fresh interpreter)
  - quarantine(), validate() on the first call (GX import included) and warm (median of --repeat),
  - build_data_docs() into a temporary folder.

    .venv/bin/python benchmarks/quality.py [--articles 50] [--quotes-per-article 6] [--repeat 3]
"""
from __future__ import annotations

import argparse
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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=50)
    ap.add_argument("--quotes-per-article", type=int, default=6)
    ap.add_argument("--repeat", type=int, default=3)
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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
