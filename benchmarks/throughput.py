"""Throughput: the pipeline against its floor, the language model alone (issue 8).

    .venv/bin/python benchmarks/throughput.py [--runs 3] [--growth 4] [--corpus ../shared/corpora/bbc]

Prints one table, each figure the median of --runs runs:
- floor: the model alone over the article bodies, with the model, components and worker
  processes the pipeline uses (`quotewire.parallel.ArticleExtractor(parse_only=True)`);
- pipeline: `quotewire run` from an empty state over the same files as raw pages: wall time,
  words per second, peak RSS of the whole process tree (the run and its model workers);
- growth: the same at --growth times the corpus (every copy's pages end with a line naming the
  copy, so each is a distinct file with its own hash);
- quiet night: a second run with nothing new; 1% new: a run after adding 1% new files.
Then where the time of the 1x run went, step by step (from the run's Dagster event log), and the
figures against the targets. The BBC pages carry no dates or credits, so the runs use
`--checks warn` (the batch shares of undated and uncredited articles fail otherwise).
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import psutil

CHECKOUT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(CHECKOUT))

from quotewire.ingest import decode  # noqa: E402
from quotewire.page import parse_page  # noqa: E402
from quotewire.parallel import ArticleExtractor  # noqa: E402
from quotewire.settings import Settings  # noqa: E402
from warehouse.handoff import chunks  # noqa: E402


def floor(bodies: list[str], settings: Settings) -> float:
    """Seconds for the model alone, in as many worker processes as the pipeline starts (model
    loading excluded, as the pipeline's start-up is small against a night's parsing)."""
    with ArticleExtractor(settings.model, settings.processes, parse_only=True) as extractor:
        list(extractor.extract(chunks([("warm-up", "A short text.")] * settings.processes, size=1)))
        started = time.perf_counter()
        for _ in extractor.extract(chunks(list(enumerate(bodies)))):
            pass
        return time.perf_counter() - started


def run_pipeline(inbox: Path, workdir: Path) -> tuple[float, int, str]:
    """Wall time, peak RSS (bytes) of the whole process tree, and the run id of one `quotewire run`."""
    command = [sys.executable, "-m", "quotewire.cli", "run", "--inbox", str(inbox),
               "--warehouse", str(workdir / "w.duckdb"), "--checks", "warn"]
    env = {**os.environ, "DAGSTER_HOME": str(workdir / "dagster")}
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=CHECKOUT, env=env, stdout=subprocess.PIPE,
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
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - started
    sampler.join()
    if process.returncode != 0:
        sys.exit(f"quotewire run failed ({process.returncode}):\n{stderr[-3000:]}")
    run_id = next(line.split()[1] for line in stdout.splitlines() if line.startswith("run "))
    return seconds, peak[0], run_id


def step_seconds(dagster_home: Path, run_id: str) -> dict[str, float]:
    """Wall seconds per step of a run (mapped batch steps summed), from its event log."""
    import dagster as dg

    with dg.DagsterInstance.from_config(str(dagster_home)) as instance:
        starts, totals = {}, defaultdict(float)
        for record in instance.all_logs(run_id, of_type={dg.DagsterEventType.STEP_START,
                                                         dg.DagsterEventType.STEP_SUCCESS}):
            if record.dagster_event.event_type == dg.DagsterEventType.STEP_START:
                starts[record.step_key] = record.timestamp
            else:
                totals[record.step_key.split("[")[0]] += record.timestamp - starts[record.step_key]
    return dict(totals)


def make_inbox(files: list[Path], inbox: Path, copies: int) -> None:
    for copy in range(copies):
        for n, page in enumerate(files):
            target = inbox / f"copy{copy}" / page.parent.name / page.name
            target.parent.mkdir(parents=True, exist_ok=True)
            data = page.read_bytes()
            target.write_bytes(data if copy == 0 else data + f"\nCopy {copy} of page {n}.\n".encode())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CHECKOUT.parent / "shared" / "corpora" / "bbc")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--growth", type=int, default=4)
    args = parser.parse_args()
    settings = Settings.from_env()
    # The articles: files inside the corpus's folders (its README.TXT is not a page).
    files = sorted(p for p in args.corpus.glob("*/*") if p.is_file() and not p.name.startswith("."))
    if not files:
        sys.exit(f"no files under {args.corpus}")
    bodies = [parse_page(decode(p.read_bytes())[0]).body for p in files]
    words = sum(len(b.split()) for b in bodies)
    print(f"corpus: {args.corpus} ({len(files)} pages, {words:,} words); cores: {os.cpu_count()}; "
          f"model: {settings.model} in {settings.processes} worker processes; runs: {args.runs} (medians); "
          f"checks: warn (these pages carry no dates or credits)", flush=True)

    figures: dict[str, list[float]] = defaultdict(list)
    steps: list[dict[str, float]] = []
    for run in range(args.runs):
        figures["floor"].append(floor(bodies, settings))
        with tempfile.TemporaryDirectory() as tmp:
            workdir = Path(tmp)
            inbox = workdir / "inbox"
            make_inbox(files, inbox, 1)
            seconds, peak, run_id = run_pipeline(inbox, workdir)
            figures["full"].append(seconds)
            figures["peak"].append(peak)
            steps.append(step_seconds(workdir / "dagster", run_id))
            figures["quiet"].append(run_pipeline(inbox, workdir)[0])
            new = inbox / "new"
            new.mkdir()
            for n, page in enumerate(files[: max(1, len(files) // 100)]):
                (new / f"{n}.txt").write_bytes(page.read_bytes() + f"\nUpdate {n}.\n".encode())
            figures["increment"].append(run_pipeline(inbox, workdir)[0])
        with tempfile.TemporaryDirectory() as tmp:
            workdir = Path(tmp)
            make_inbox(files, workdir / "inbox", args.growth)
            seconds, peak, _ = run_pipeline(workdir / "inbox", workdir)
            figures["grown"].append(seconds)
            figures["grown_peak"].append(peak)
        print(f"run {run + 1}/{args.runs}: " + ", ".join(f"{k} {v[-1] / 1e9:.2f} GB" if "peak" in k
                                                        else f"{k} {v[-1]:.1f} s" for k, v in figures.items()),
              flush=True)

    m = {k: statistics.median(v) for k, v in figures.items()}
    gb = 1e9  # the targets are in GB
    rows = [
        ("floor: the model alone", m["floor"], len(files), words, None),
        ("pipeline, empty state", m["full"], len(files), words, m["peak"]),
        (f"pipeline, {args.growth}x corpus", m["grown"], args.growth * len(files), args.growth * words, m["grown_peak"]),
        ("quiet night (nothing new)", m["quiet"], 0, 0, None),
        ("1% new files", m["increment"], max(1, len(files) // 100), None, None),
    ]
    print(f"\n{'measure':<30}{'seconds':>9}{'articles/s':>12}{'words/s':>10}{'peak RSS':>10}")
    for name, seconds, n, w, peak in rows:
        rate = f"{n / seconds:>12.1f}" if n else f"{'':>12}"
        wps = f"{w / seconds:>10,.0f}" if w else f"{'':>10}"
        rss = f"{peak / gb:>7.2f} GB" if peak else ""
        print(f"{name:<30}{seconds:>9.1f}{rate}{wps}{rss}")

    print("\nwhere the 1x run's time goes (median seconds per step):")
    for step in sorted({s for run in steps for s in run}, key=lambda s: -statistics.median(r.get(s, 0) for r in steps)):
        print(f"  {step:<40}{statistics.median(r.get(step, 0.0) for r in steps):>7.1f}")

    print("\nagainst the targets:")
    print(f"  pipeline / floor throughput: {m['floor'] / m['full']:.2f} (target >= 0.8)")
    print(f"  peak RSS: {m['peak'] / gb:.2f} GB at 1x, {m['grown_peak'] / gb:.2f} GB at {args.growth}x "
          f"(target <= 1.5 GB; {args.growth}x at most 20% above 1x: {m['grown_peak'] / m['peak'] - 1:+.0%})")
    print(f"  growth: {args.growth}x the pages took {m['grown'] / m['full']:.2f}x the time (linear: {args.growth:.2f}x)")
    print(f"  quiet night: {m['quiet']:.1f} s (target < 10 s)")
    print(f"  1% new / full run: {m['increment'] / m['full']:.1%} (target < 10%)")


if __name__ == "__main__":
    main()
