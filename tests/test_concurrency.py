"""Runs and readers at the same time, for real: an analyst's long query on the published file
while a run publishes; two runs started together; the nightly schedule firing during a manual
run. Neither blocks the other where it must not, and nothing is corrupted.

The runs are held at a named point (`QUOTEWIRE_HOLD_AT`, see quotewire/faults.py) so that "at
the same time" is a fact of the test, not a race against the clock.
"""
from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

from quotewire.settings import CHECKOUT, state_dir
from warehouse.publish import PUBLISHED_TABLES

pytestmark = pytest.mark.slow

PAGES = {
    "ferry.txt": (
        "Ferry service cut as fuel costs rise\n\nReuters\nMarch 4, 2024 / 9:10 AM GMT\n\n"
        "OSLO (Reuters) - The coastal ferry operator will cut winter sailings by a fifth, it said on "
        "Monday, blaming the price of marine diesel.\n\n"
        "“We had no other choice,” said Ingrid Dahl, the company's chief executive.\n"),
    "dam.txt": (
        "Dam project approved after long review\n\nAFP\nPublished: 5 March 2024 at 10:30 CET\n\n"
        "LISBON (AFP) - The government approved a new dam on the Tagus river on Tuesday after a "
        "three-year environmental review.\n\n"
        "“This water will serve two million people,” Environment Minister Duarte Cordeiro said.\n"),
    "strike.txt": (
        "Teachers strike over pay\n\nAP\nMarch 6, 2024 8:15 AM EST\n\n"
        "CHICAGO (AP) - Thousands of teachers walked out on Wednesday after talks over a new contract "
        "broke down, the union said.\n\n"
        "“We are fighting for our students,” said union president Stacy Davis Gates.\n"),
}
LATE = ("late.txt",
        "Airport reopens after snowstorm\n\nReuters\nMarch 7, 2024 / 6:45 AM GMT\n\n"
        "HELSINKI (Reuters) - The main airport reopened on Thursday after heavy snow halted all "
        "flights for 14 hours, the operator said.\n\n"
        "“Crews worked through the night,” said Petri Vainio, a spokesman for the operator.\n")


def write_inbox(inbox: Path, pages: dict[str, str]) -> None:
    inbox.mkdir(parents=True, exist_ok=True)
    for name, text in pages.items():
        (inbox / name).write_text(text)


def start(args: list[str], env: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, *args], cwd=CHECKOUT, env={**os.environ, **env},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def start_run(inbox: Path, warehouse: Path, dagster_home: Path, **env: str) -> subprocess.Popen:
    return start(["-m", "quotewire.cli", "run", "--inbox", str(inbox), "--warehouse", str(warehouse)],
                 {"DAGSTER_HOME": str(dagster_home), **env})


def held(release: Path, point: str) -> dict[str, str]:
    return {"QUOTEWIRE_HOLD_AT": point, "QUOTEWIRE_HOLD_FILE": str(release)}


def wait_for(path: Path, *procs: subprocess.Popen, timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        for proc in procs:
            if proc.poll() is not None:
                out, err = proc.communicate()
                raise AssertionError(f"a run ended (exit {proc.returncode}) before reaching {path.name}:\n{err[-3000:]}")
        assert time.monotonic() < deadline, f"nothing reached {path.name} in {timeout} s"
        time.sleep(0.1)


def finish(proc: subprocess.Popen, timeout: float = 900) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out, err


def integrity(warehouse: Path) -> dict[str, int]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        for table in PUBLISHED_TABLES:
            con.execute(f"SELECT * FROM {table}").fetchall()
        assert con.execute("""SELECT count(*) FROM quotes WHERE article_id NOT IN (SELECT article_id FROM articles)""").fetchone()[0] == 0
        assert con.execute("SELECT count(*) - count(DISTINCT article_id) FROM articles").fetchone()[0] == 0
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in PUBLISHED_TABLES}
    finally:
        con.close()


def failure_reasons(dagster_home: Path, run_id: str) -> str:
    """Every error message, causes included, that the Dagster instance recorded for a run: what
    an engineer sees in the UI."""
    import dagster as dg

    messages = []
    with dg.DagsterInstance.from_config(str(dagster_home)) as instance:
        for record in instance.all_logs(run_id):
            event = record.dagster_event
            error = event.step_failure_data.error if event and event.is_step_failure else None
            while error is not None:
                messages.append(error.message)
                error = error.cause
    return "\n".join(messages)


@pytest.fixture(scope="module")
def published(tmp_path_factory, run_quotewire):
    """A warehouse published from three pages, to copy for each test."""
    root = tmp_path_factory.mktemp("concurrency")
    write_inbox(root / "inbox", PAGES)
    run_quotewire(root / "inbox", root / "w.duckdb")
    return root


def copy_of(published: Path, tmp_path: Path) -> tuple[Path, Path]:
    import shutil

    work = tmp_path / "work"
    shutil.copytree(published, work)
    return work / "inbox", work / "w.duckdb"


def test_an_analysts_long_query_runs_through_a_publish(published, tmp_path, dagster_home):
    inbox, warehouse = copy_of(published, tmp_path)
    (inbox / LATE[0]).write_text(LATE[1])
    release = tmp_path / "release"
    run = start_run(inbox, warehouse, dagster_home, **held(release, "publish:before_replace"))
    wait_for(release.with_name("release.reached"), run)

    # The analyst's session: read-only, one long query whose scan of `articles` is still going on
    # when the run swaps the new warehouse in and ends (a function in the query waits for that).
    analyst = duckdb.connect(str(warehouse), read_only=True)
    before = analyst.execute("SELECT count(*) FROM articles").fetchall()[0][0]
    scanning = threading.Event()

    def until_the_run_ends(body: str) -> int:
        scanning.set()
        deadline = time.monotonic() + 600
        while run.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        return len(body)

    analyst.create_function("until_the_run_ends", until_the_run_ends, ["VARCHAR"], "BIGINT",
                            side_effects=True)
    answer: dict = {}

    def long_query():
        try:
            answer["rows"] = analyst.execute(
                "SELECT count(*), sum(until_the_run_ends(body)) FROM articles").fetchone()
        except Exception as err:  # reported below, in the test's thread
            answer["error"] = err

    reader = threading.Thread(target=long_query)
    reader.start()
    assert scanning.wait(60), "the analyst's query did not start"
    release.touch()
    code, out, err = finish(run)
    reader.join(120)
    assert code == 0, f"the run failed while an analyst's query was open:\n{err[-3000:]}"
    assert "error" not in answer, answer.get("error")
    assert answer["rows"][0] == before, "the analyst saw rows of the new warehouse mid-query"
    assert analyst.execute("SELECT count(*) FROM articles").fetchone()[0] == before  # the session keeps its snapshot
    analyst.close()
    assert integrity(warehouse)["articles"] == before + 1


def test_two_runs_started_together_one_runs_the_other_stops_with_a_clear_message(published, tmp_path, dagster_home, read_tables):
    inbox, warehouse = copy_of(published, tmp_path)
    (inbox / LATE[0]).write_text(LATE[1])
    before = read_tables(warehouse)
    release = tmp_path / "release"
    # Both held just after taking the run lock: whichever gets the lock waits there, so the
    # other one meets it held, whatever the timing.
    runs = [start_run(inbox, warehouse, dagster_home, **held(release, "ingest:after_read")) for _ in range(2)]
    deadline = time.monotonic() + 600
    while all(r.poll() is None for r in runs):
        assert time.monotonic() < deadline, "neither run stopped"
        time.sleep(0.1)
    [loser] = [r for r in runs if r.poll() is not None]
    [winner] = [r for r in runs if r is not loser]
    code, out, err = finish(loser)
    assert code == 1, err[-3000:]
    assert "already running" in failure_reasons(dagster_home, err.split("\nrun ")[-1].split()[0]), "the stopped run does not say why"
    assert read_tables(warehouse) == before, "the run that stopped changed the warehouse"
    assert release.with_name("release.reached").exists()
    release.touch()
    code, out, err = finish(winner)
    assert code == 0, err[-3000:]
    counts = integrity(warehouse)
    assert counts["articles"] == len(PAGES) + 1
    # The stopped run, started again, finds nothing new: the same articles and rejections
    # (quotes and parties may be re-derived if someone changed the extractors meanwhile).
    after = read_tables(warehouse)
    again = start_run(inbox, warehouse, dagster_home)
    assert finish(again)[0] == 0
    final = read_tables(warehouse)
    assert (final["articles"], final["rejected_files"]) == (after["articles"], after["rejected_files"])


SCHEDULE_TICK = """
import datetime as dt, sys
import dagster as dg
from pipelines.definitions import defs
from pipelines.schedules import nightly_schedule

instance = dg.DagsterInstance.get()
context = dg.build_schedule_context(instance=instance,
                                    scheduled_execution_time=dt.datetime.now(dt.timezone.utc))
[request] = nightly_schedule.evaluate_tick(context).run_requests
result = defs.resolve_job_def(nightly_schedule.job_name).execute_in_process(
    instance=instance, tags={**nightly_schedule.tags, **(request.tags or {})},
    run_config=request.run_config or None, raise_on_error=False)
print("SCHEDULED RUN", "succeeded" if result.success else "failed", result.run_id)
sys.exit(0 if result.success else 1)
"""


def test_the_schedule_firing_during_a_manual_run_stops_cleanly(published, tmp_path, dagster_home, read_tables):
    inbox, warehouse = copy_of(published, tmp_path)
    (inbox / LATE[0]).write_text(LATE[1])
    before = read_tables(warehouse)
    release = tmp_path / "release"
    manual = start_run(inbox, warehouse, dagster_home, **held(release, "extract:model_loaded"))
    wait_for(release.with_name("release.reached"), manual)
    assert (state_dir(warehouse) / "run.lock").read_text() == f"pid {manual.pid}"

    # The nightly schedule's tick, evaluated and run as its own process, as the daemon would.
    tick = start(["-c", SCHEDULE_TICK], {"DAGSTER_HOME": str(dagster_home), "QUOTEWIRE_INBOX": str(inbox),
                                         "QUOTEWIRE_WAREHOUSE": str(warehouse)})
    code, out, err = finish(tick)
    assert code == 1 and "SCHEDULED RUN failed" in out, out + err[-3000:]
    run_id = out.split("SCHEDULED RUN failed ")[1].split()[0]
    assert "already running" in failure_reasons(dagster_home, run_id)
    assert read_tables(warehouse) == before

    release.touch()
    code, out, err = finish(manual)
    assert code == 0, err[-3000:]
    assert integrity(warehouse)["articles"] == len(PAGES) + 1

    # The Dagster instance records the scheduled run as failed, under the schedule's tag.
    import dagster as dg

    with dg.DagsterInstance.from_config(str(dagster_home)) as instance:
        record = instance.get_run_by_id(run_id)
        assert record.status == dg.DagsterRunStatus.FAILURE
        assert record.tags.get("quotewire/trigger") == "schedule"


def test_a_run_that_meets_a_held_lock_says_why_on_stderr(tmp_path, dagster_home):
    from warehouse.state import StateStore

    inbox = tmp_path / "inbox"
    write_inbox(inbox, {LATE[0]: LATE[1]})
    warehouse = tmp_path / "w.duckdb"
    store = StateStore(state_dir(warehouse))
    store.acquire_run_lock()  # this process is "the other run"
    try:
        code, out, err = finish(start_run(inbox, warehouse, dagster_home))
    finally:
        store.release_run_lock()
    assert code == 1 and not warehouse.exists()
    assert "already running" in err and "start it again" in err, err[-2000:]
