"""`quotewire run`: the whole pipeline, through the same Dagster job the nightly schedule runs,
recorded in the Dagster instance so the run shows in the UI (see ../shared/CONTRACT.md).

    quotewire run [--inbox DIR] [--warehouse FILE] [--checks block|warn] [--reprocess BATCH|all]
    quotewire ui  [--host 127.0.0.1] [--port 3000]
"""
from __future__ import annotations

import argparse
import gc
import os
import subprocess
import sys
from pathlib import Path

from quotewire.settings import CHECKOUT, DEFAULT_DAGSTER_HOME, Settings

EXIT_BLOCKED = 2  # the quality gate blocked publishing
EXIT_FAILED = 1   # the run failed (a step raised, or another run holds the warehouse)

DAGSTER_YAML = """\
# Written by quotewire for a checkout-local Dagster instance.
telemetry:
  enabled: false
nux:
  enabled: false
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="quotewire", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="ingest the inbox and publish the warehouse")
    run.add_argument("--inbox", type=Path, help="folder of raw pages (default: QUOTEWIRE_INBOX or sample_inbox/)")
    run.add_argument("--warehouse", type=Path, help="published DuckDB file (default: QUOTEWIRE_WAREHOUSE or var/warehouse.duckdb)")
    run.add_argument("--checks", choices=["block", "warn"], default=None,
                     help="block (default): never publish past a failed blocking check; warn: report and publish")
    run.add_argument("--reprocess", default="", metavar="BATCH",
                     help="parse and extract again the pages of a batch (a run id) or 'all', replacing their rows")
    run.add_argument("--processes", type=int, default=None, metavar="N",
                     help="language-model processes (default: QUOTEWIRE_PROCESSES or the cores, at most 4)")
    run.add_argument("--executor", choices=["in_process", "multiprocess"], default="in_process",
                     help="in_process (default): one run process, the model in N worker processes; "
                          "multiprocess: every step in its own process, N extraction batches at once "
                          "(see docs/scaling.md)")
    ui = commands.add_parser("ui", help="open the Dagster UI on this checkout's instance")
    ui.add_argument("--host", default="127.0.0.1")
    ui.add_argument("--port", default="3000")
    args = parser.parse_args(argv)

    ensure_dagster_home()
    if args.command == "ui":
        return subprocess.call([sys.executable, "-m", "dagster", "dev", "-m", "pipelines.definitions",
                                "-h", args.host, "-p", args.port], cwd=CHECKOUT)
    status = run_pipeline(args.inbox, args.warehouse, args.checks, args.reprocess, args.processes, args.executor)
    # Everything is written and closed. Without this the interpreter's final garbage collection
    # walks every object Dagster, pandas and Great Expectations made: 1.5 s of a quiet night.
    gc.freeze()
    return status


def ensure_dagster_home() -> Path:
    home = Path(os.environ.setdefault("DAGSTER_HOME", str(DEFAULT_DAGSTER_HOME))).resolve()
    os.environ["DAGSTER_HOME"] = str(home)
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        config.write_text(DAGSTER_YAML)
    return home


def run_pipeline(inbox: Path | None, warehouse: Path | None, checks: str | None, reprocess: str = "",
                 processes: int | None = None, executor: str = "in_process") -> int:
    # The code location reads its settings from the environment, as it does under the schedule.
    if inbox is not None:
        os.environ["QUOTEWIRE_INBOX"] = str(inbox.resolve())
    if warehouse is not None:
        os.environ["QUOTEWIRE_WAREHOUSE"] = str(warehouse.resolve())
    if checks is not None:
        os.environ["QUOTEWIRE_CHECKS"] = checks
    if processes is not None:
        os.environ["QUOTEWIRE_PROCESSES"] = str(processes)
    settings = Settings.from_env()
    execution: dict = {"in_process": {}}
    if executor == "multiprocess":
        # The steps are the processes now: each extraction batch step runs the model in its own.
        execution = {"multiprocess": {"max_concurrent": settings.processes}}
        os.environ["QUOTEWIRE_PROCESSES"] = "1"
    if not settings.inbox.is_dir():
        print(f"quotewire: the inbox {settings.inbox} is not a folder (set --inbox or QUOTEWIRE_INBOX)",
              file=sys.stderr)
        return EXIT_FAILED

    import dagster as dg

    from pipelines.definitions import nightly_job

    gc.freeze()  # the code location's objects live as long as the run: no collection need scan them

    print(f"quotewire: reading {settings.inbox} -> {settings.warehouse} (checks: {settings.checks}, "
          f"executor: {executor}, processes: {settings.processes})", file=sys.stderr)
    run_config = {"loggers": {"console": {"config": {"log_level": "INFO"}}},
                  "ops": {"raw_pages": {"config": {"reprocess": reprocess}}},
                  "execution": {"config": execution}}
    tags = {"quotewire/trigger": "cli", "quotewire/inbox": str(settings.inbox),
            "quotewire/warehouse": str(settings.warehouse)}
    if executor == "in_process":
        result = nightly_job().execute_in_process(instance=dg.DagsterInstance.get(), run_config=run_config,
                                                  tags=tags, raise_on_error=False)
        return report_run(result, settings)
    # The multiprocess executor reloads the job in every step process: it needs a reconstructable job.
    with dg.execute_job(dg.reconstructable(nightly_job), instance=dg.DagsterInstance.get(),
                        run_config=run_config, raise_on_error=False, tags=tags) as result:
        return report_run(result, settings)


def report_run(result, settings: Settings) -> int:
    """Print what the run did; return the exit status the contract fixes."""
    failed_checks = [c for c in result.get_asset_check_evaluations() if not c.passed]
    check_lines = [f"  - {c.check_name} ({c.severity.value}):\n" + _indent(_metadata_text(c, "failures"))
                   for c in failed_checks]
    published = any(e.asset_key.path == ["published_warehouse"] for e in result.get_asset_materialization_events())
    run_line = f"run {result.run_id} (in the Dagster UI: quotewire ui, then Runs)"
    if result.success and published:
        if failed_checks:
            print("quotewire: published despite failed checks (--checks warn):", *check_lines, sep="\n", file=sys.stderr)
        print(summary(settings.warehouse))
        passed = sum(c.passed for c in result.get_asset_check_evaluations())
        print(f"checks: {passed}/{len(result.get_asset_check_evaluations())} passed; "
              f"report: {data_docs_index(result)}")
        print(f"{run_line}\nwarehouse: {settings.warehouse}")
        return 0
    blocking = [c for c in failed_checks if c.severity.value == "ERROR"]
    if blocking:
        print(f"quotewire: the quality gate blocked publishing; {settings.warehouse} is unchanged.",
              "Failed checks (their expectations are listed in the run's check results):",
              *check_lines, f"Every expectation and failing row: {data_docs_index(result)}",
              f"To publish anyway (backfills of sources known to lack dates or credits): "
              "quotewire run --checks warn", run_line, sep="\n", file=sys.stderr)
        return EXIT_BLOCKED
    print(f"quotewire: the run failed; {settings.warehouse} is unchanged.", file=sys.stderr)
    for event in result.get_step_failure_events():
        error = event.step_failure_data.error
        # Dagster wraps what our code raised; name that, not the wrapper (nor what it was raised from).
        while error is not None and error.cause is not None and (error.cls_name or "").startswith("Dagster"):
            error = error.cause
        message = error.message.strip() if error else "unknown error"
        print(f"  - step {event.step_key}: {message}", file=sys.stderr)
    print(run_line, file=sys.stderr)
    return EXIT_FAILED


def _metadata_text(evaluation, key: str) -> str:
    value = evaluation.metadata.get(key)
    return str(value.value) if value is not None else (evaluation.description or "failed")


def _indent(text: str) -> str:
    return "\n".join("      " + line for line in text.splitlines())


def data_docs_index(result) -> str:
    """Where the checks wrote Great Expectations' Data Docs (the HTML report of every suite)."""
    for evaluation in result.get_asset_check_evaluations():
        if "data_docs" in evaluation.metadata:
            return str(evaluation.metadata["data_docs"].value)
    return "not built (the checks did not run)"


def summary(warehouse: Path) -> str:
    """Row counts per published table, and rejected files by reason (read-only, like an analyst)."""
    import duckdb

    from warehouse.publish import published_summary

    counts, _ = published_summary(warehouse)
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        reasons = con.execute("SELECT reason, count(*) FROM rejected_files GROUP BY reason ORDER BY reason").fetchall()
    finally:
        con.close()
    lines = ["published:"] + [f"  {table:<15} {count:>7,}" for table, count in counts.items()]
    if reasons:
        lines.append("rejected by reason: " + ", ".join(f"{r} {n}" for r, n in reasons))
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
