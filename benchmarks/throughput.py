"""Throughput: the pipeline against its floor, the language model alone (issue 8, first slice).

    .venv/bin/python benchmarks/throughput.py [--runs 3] [--corpus ../shared/corpora/bbc]

Prints, as medians of --runs runs:
- floor: `nlp.pipe` over the article bodies with the model and components the pipeline uses,
  in one process, in words per second;
- full: `quotewire run` from an empty state over the same files as raw pages (wall time, words
  per second, peak RSS of the whole process tree), and the ratio floor time / pipeline time;
- quiet night: a second run with nothing new;
- 1% new: a run after adding 1% new files (each an existing page with a line that changes its hash).
The BBC pages carry no dates or credits, so runs use `--checks warn` (the batch shares fail).
Not yet measured here: growth at 4x the corpus (issue 8).
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

CHECKOUT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(CHECKOUT))

from quotewire.ingest import decode  # noqa: E402
from quotewire.nlp import load_language_model  # noqa: E402
from quotewire.page import parse_page  # noqa: E402
from quotewire.settings import Settings  # noqa: E402


def floor(bodies: list[str]) -> float:
    nlp = load_language_model(Settings.from_env().model)
    started = time.perf_counter()
    for _ in nlp.pipe(bodies, batch_size=64):
        pass
    return time.perf_counter() - started


def run_pipeline(inbox: Path, workdir: Path) -> tuple[float, int]:
    """Wall time and peak RSS (bytes) of the whole process tree of one `quotewire run`."""
    command = [sys.executable, "-m", "quotewire.cli", "run", "--inbox", str(inbox),
               "--warehouse", str(workdir / "w.duckdb"), "--checks", "warn"]
    env = {**os.environ, "DAGSTER_HOME": str(workdir / "dagster")}
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=CHECKOUT, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    peak = [0]

    def sample() -> None:
        root = psutil.Process(process.pid)
        while process.poll() is None:
            try:
                tree = [root, *root.children(recursive=True)]
                peak[0] = max(peak[0], sum(p.memory_info().rss for p in tree))
            except psutil.Error:
                pass
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    sampler.join()
    if process.returncode != 0:
        sys.exit(f"quotewire run failed ({process.returncode}):\n{stderr[-3000:]}")
    return time.perf_counter() - started, peak[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CHECKOUT.parent / "shared" / "corpora" / "bbc")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    files = sorted(p for p in args.corpus.rglob("*") if p.is_file() and not p.name.startswith("."))
    if not files:
        sys.exit(f"no files under {args.corpus}")
    bodies = [parse_page(decode(p.read_bytes())[0]).body for p in files]
    words = sum(len(b.split()) for b in bodies)
    print(f"corpus: {args.corpus} ({len(files)} files, {words:,} words); cores: {os.cpu_count()}; "
          f"runs: {args.runs} (medians); checks: warn (these pages carry no dates or credits)")

    floors, fulls, peaks, quiets, increments = [], [], [], [], []
    for _ in range(args.runs):
        floors.append(floor(bodies))
        with tempfile.TemporaryDirectory() as tmp:
            workdir = Path(tmp)
            inbox = workdir / "inbox"
            shutil.copytree(args.corpus, inbox)
            seconds, peak = run_pipeline(inbox, workdir)
            fulls.append(seconds)
            peaks.append(peak)
            quiets.append(run_pipeline(inbox, workdir)[0])
            for n, page in enumerate(files[: max(1, len(files) // 100)]):
                (inbox / "new").mkdir(exist_ok=True)
                (inbox / "new" / f"{n}.txt").write_bytes(page.read_bytes() + f"\nUpdate {n}.\n".encode())
            increments.append(run_pipeline(inbox, workdir)[0])

    f, p = statistics.median(floors), statistics.median(fulls)
    print(f"{'measure':<28}{'seconds':>10}{'words/s':>10}")
    print(f"{'floor (nlp.pipe alone)':<28}{f:>10.1f}{words / f:>10,.0f}")
    print(f"{'pipeline, empty state':<28}{p:>10.1f}{words / p:>10,.0f}")
    print(f"{'quiet night (nothing new)':<28}{statistics.median(quiets):>10.1f}")
    print(f"{'1% new files':<28}{statistics.median(increments):>10.1f}")
    print(f"pipeline / floor throughput: {f / p:.2f} (target >= 0.8)")
    print(f"peak RSS of the run's process tree: {statistics.median(peaks) / 2**30:.2f} GiB (target <= 1.5)")
    print(f"1% new / full run: {statistics.median(increments) / p:.1%} (target < 10%)")


if __name__ == "__main__":
    main()
