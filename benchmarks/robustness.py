"""What a night survives, in figures: the hostile inbox of tests/test_hostile.py through one real
`quotewire run`, each file's fate, and whether files in = articles + rejected; with --kill-points,
a run SIGKILLed at every named point of quotewire/faults.py, then run again.

    .venv/bin/python benchmarks/robustness.py                # hostile inbox: 1-2 runs, about a minute
    .venv/bin/python benchmarks/robustness.py --kill-points  # + 2 runs per kill point (10+ minutes)

Fuzz figures come from the property tests: `pytest tests/test_properties.py -s` prints how many
examples ran (QUOTEWIRE_FUZZ_EXAMPLES=2000 for a longer fuzz).
"""
from __future__ import annotations

import argparse
import collections
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import duckdb  # noqa: E402

from test_hostile import HOSTILE, ORDINARY, SIZE_LIMIT, SPECIAL, build_inbox, expected_article_id  # noqa: E402


def run(inbox: Path, warehouse: Path, home: Path, *args: str, **env: str) -> tuple[subprocess.CompletedProcess, float]:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "quotewire.cli", "run", "--inbox", str(inbox), "--warehouse",
                           str(warehouse), *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "DAGSTER_HOME": str(home), **env})
    return done, time.perf_counter() - start


def tables(warehouse: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        con.execute("SET TimeZone = 'UTC'")
        return {t: sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
                for t in ("sources", "articles", "parties", "quotes", "party_mentions", "rejected_files")}
    finally:
        con.close()


def hostile(work: Path, home: Path) -> None:
    inbox, warehouse = work / "inbox", work / "w.duckdb"
    build_inbox(inbox, work / "outside")
    env = {"QUOTEWIRE_MAX_FILE_BYTES": str(SIZE_LIMIT)}
    done, seconds = run(inbox, warehouse, home, **env)
    print(f"hostile inbox, default checks: exit {done.returncode} in {seconds:.0f} s")
    if done.returncode != 0:
        print("  " + "\n  ".join(line for line in done.stderr.splitlines() if line.startswith("  - ")))
        done, seconds = run(inbox, warehouse, home, "--checks", "warn", **env)
        print(f"hostile inbox, --checks warn: exit {done.returncode} in {seconds:.0f} s")
    con = duckdb.connect(str(warehouse), read_only=True)
    article_ids = {row[0] for row in con.execute("SELECT article_id FROM articles").fetchall()}
    rejected = dict(con.execute("SELECT source_path, reason FROM rejected_files").fetchall())
    con.close()
    files = {**{n: (d, "article") for n, d in ORDINARY.items()}, **HOSTILE}
    fates = collections.Counter()
    wrong = []
    for name, (data, want) in files.items():
        got = rejected.get(name) or ("article" if expected_article_id(data) in article_ids else "LOST")
        fates[got] += 1
        if got != want:
            wrong.append(f"{name!r}: {got}, expected {want}")
    for name, want in SPECIAL.items():
        got = rejected.get(name, "LOST")
        fates[got] += 1
        if got != want:
            wrong.append(f"{name!r}: {got}, expected {want}")
    n_files = len(files) + len(SPECIAL)
    article_files = fates["article"]
    print(f"files in: {n_files} ({len(HOSTILE) + len(SPECIAL)} hostile, {len(ORDINARY)} ordinary)")
    print(f"fates: {dict(sorted(fates.items()))}")
    print(f"articles: {len(article_ids)} distinct from {article_files} files; rejected: {len(rejected)}")
    print(f"files in = article files + rejected: {n_files} = {article_files} + {len(rejected)}: "
          f"{'yes' if n_files == article_files + len(rejected) and not fates['LOST'] else 'NO'}")
    print("unexpected fates: " + ("; ".join(wrong) if wrong else "none"))


def kill_points(work: Path, home: Path) -> None:
    from quotewire.faults import POINTS
    from test_crashes import PAGES, apply_changes, integrity, write

    base = work / "base"
    write(base / "inbox", PAGES)
    run(base / "inbox", base / "w.duckdb", home)
    reference = work / "reference"
    shutil.copytree(base, reference)
    apply_changes(reference / "inbox")
    run(reference / "inbox", reference / "w.duckdb", home)
    before, after = tables(base / "w.duckdb"), tables(reference / "w.duckdb")
    survived = 0
    for point in POINTS:
        here = work / point.replace(":", "-")
        shutil.copytree(base, here)
        apply_changes(here / "inbox")
        killed, _ = run(here / "inbox", here / "w.duckdb", home, QUOTEWIRE_KILL_AT=point)
        counts = integrity(here / "w.duckdb")
        published = tables(here / "w.duckdb")
        state = "previous" if published == before else "new" if published == after else "MIXED"
        rerun, seconds = run(here / "inbox", here / "w.duckdb", home)
        same = tables(here / "w.duckdb") == after
        ok = killed.returncode == -9 and state != "MIXED" and rerun.returncode == 0 and same
        survived += ok
        print(f"  {point:<24} killed {killed.returncode == -9}, published file: {state} "
              f"({counts['articles']} articles), next run exit {rerun.returncode}, equal to uninterrupted: {same}")
    print(f"kill points survived: {survived}/{len(POINTS)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kill-points", action="store_true", help="also kill a run at every named point")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work, home = Path(tmp), Path(tmp) / "dagster"
        home.mkdir()
        (work / "hostile").mkdir()
        hostile(work / "hostile", home)
        if args.kill_points:
            (work / "kill").mkdir()
            kill_points(work / "kill", home)


if __name__ == "__main__":
    main()
