"""A run killed (SIGKILL, no cleanup) at any of the named points of `quotewire.faults` loses
nothing: the published file opens and passes an integrity query, it is exactly the previous
warehouse or the new one, never a mix, and the next run publishes the same tables as a run that
was never interrupted (no lost and no duplicated rows).

One small inbox: three pages published before, then one changed, one new page saved under two
names, and an empty file. Each kill point costs two real runs (the killed one and the next).
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from quotewire.faults import POINTS
from quotewire.settings import CHECKOUT
from warehouse.publish import PUBLISHED_TABLES


PAGES = {
    "harbour.txt": (
        "Harbour dredging to start next month\n\nReuters\nMarch 4, 2024 / 9:10 AM GMT\n\n"
        "ROTTERDAM (Reuters) - Work to deepen the main shipping channel will begin in April, the port "
        "authority said on Monday, after two years of delays.\n\n"
        "“Bigger ships are already waiting outside,” said Pieter de Vries, the authority's director of "
        "operations. “Every month we lose counts.”\n"),
    "asia/rice.txt": (
        "Rice exports fall for a third month\n\nPTI\nUpdated: Mar 5, 2024, 11:30 AM IST\n\n"
        "NEW DELHI: India's rice shipments fell again in February as the export duty kept buyers away, "
        "trade data released on Tuesday showed.\n\n"
        "Commerce Minister Piyush Goyal told reporters the duty would stay “as long as prices at home "
        "need it”.\n"),
    "election.txt": (
        "Turnout record in regional vote\n\nBy Anna Berg\nAFP\nPublished: 3 March 2024 at 21:05 CET\n\n"
        "VIENNA (AFP) - More voters than ever cast a ballot in Sunday's regional election, officials "
        "said, with turnout above 72 percent.\n\n"
        "“People wanted to be heard,” said Klaus Weber, who chairs the electoral board.\n"),
    "bridge.txt": (
        "Bridge closed after cracks found\n\nAP\nMarch 6, 2024 8:15 AM EST\n\n"
        "PITTSBURGH (AP) - A river bridge carrying 30,000 cars a day was closed on Wednesday after "
        "inspectors found cracks in two of its steel beams.\n\n"
        "“We will not take any chances,” Mayor Ed Gainey said.\n"),
}
CHANGED = ("bridge.txt",
           "Bridge closed after cracks found\n\nAP\nMarch 6, 2024 8:15 AM EST\n\n"
           "PITTSBURGH (AP) - A river bridge carrying 30,000 cars a day was closed on Wednesday after "
           "inspectors found cracks in two of its steel beams, and will stay shut for weeks.\n\n"
           "“We will not take any chances,” Mayor Ed Gainey said. “Repairs start on Monday.”\n")
NEW_PAGE = (
    "Wheat harvest forecast raised\n\nReuters\nMarch 7, 2024 / 2:40 PM GMT\n\n"
    "PARIS (Reuters) - France's farm ministry raised its forecast for this year's wheat harvest on "
    "Thursday after a mild winter, citing good crop conditions in the north.\n\n"
    "“The fields have never looked better in March,” said Claire Martin, a grain analyst at Agritel.\n")
NEW_FILES = {"wheat.txt": NEW_PAGE, "copies/wheat (copy).txt": NEW_PAGE, "empty.txt": ""}


def write(inbox: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = inbox / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def integrity(warehouse: Path) -> dict[str, int]:
    """Opens the file read-only as an analyst would, reads every block of every table, and
    checks that every reference resolves. Returns the row counts."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in PUBLISHED_TABLES}
        for table in PUBLISHED_TABLES:
            con.execute(f"SELECT * FROM {table}").fetchall()  # every column of every row decodes
            con.execute("SELECT count(*) FROM pragma_storage_info(?)", [table]).fetchone()
        dangling = con.execute("""
            SELECT (SELECT count(*) FROM quotes WHERE article_id NOT IN (SELECT article_id FROM articles))
                 + (SELECT count(*) FROM party_mentions WHERE article_id NOT IN (SELECT article_id FROM articles))
                 + (SELECT count(*) FROM party_mentions WHERE party_id NOT IN (SELECT party_id FROM parties))
                 + (SELECT count(*) FROM articles WHERE source_id IS NOT NULL
                                                  AND source_id NOT IN (SELECT source_id FROM sources))
                 + (SELECT count(*) - count(DISTINCT article_id) FROM articles)
                 + (SELECT count(*) - count(DISTINCT quote_id) FROM quotes)""").fetchone()[0]
        assert dangling == 0, f"{warehouse}: {dangling} dangling or duplicated rows"
    finally:
        con.close()
    return counts


@pytest.fixture(scope="module")
def code(tmp_path_factory) -> Path:
    """A copy of the code the runs use, taken once: other engineers change the extractors in
    this checkout while the module runs, and a run must be compared with one of the same code."""
    copy = tmp_path_factory.mktemp("code")
    for folder in ("quotewire", "assets", "warehouse", "pipelines", "schemas"):
        shutil.copytree(CHECKOUT / folder, copy / folder, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(CHECKOUT / "pyproject.toml", copy)
    return copy


@pytest.fixture(scope="module")
def run(code, dagster_home):
    """`quotewire run` for real, in a subprocess, from the module's copy of the code."""
    def run(inbox: Path, warehouse: Path, env: dict | None = None, check: bool = True):
        done = subprocess.run(
            [sys.executable, "-m", "quotewire.cli", "run", "--inbox", str(inbox), "--warehouse", str(warehouse)],
            cwd=code, env={**os.environ, "DAGSTER_HOME": str(dagster_home), **(env or {})},
            capture_output=True, text=True, timeout=900)
        if check and done.returncode != 0:
            raise AssertionError(f"quotewire run exited {done.returncode}\n{done.stdout}\n{done.stderr}")
        return done
    return run


@pytest.fixture(scope="module")
def scenario(tmp_path_factory, run, read_tables):
    """`before`: the published state of the first run (three pages); `after`: the tables of an
    uninterrupted second run over the changed inbox."""
    base = tmp_path_factory.mktemp("crash-base")
    write(base / "inbox", PAGES)
    run(base / "inbox", base / "w.duckdb")
    reference = tmp_path_factory.mktemp("crash-reference") / "run"
    shutil.copytree(base, reference)
    apply_changes(reference / "inbox")
    run(reference / "inbox", reference / "w.duckdb")
    before, after = read_tables(base / "w.duckdb"), read_tables(reference / "w.duckdb")
    assert before != after
    # Nothing lost: 5 files with 4 distinct texts, plus a changed one, plus an empty file.
    assert len(after["articles"]) == 5 and len(after["rejected_files"]) == 1
    return base, before, after


def apply_changes(inbox: Path) -> None:
    write(inbox, {CHANGED[0]: CHANGED[1], **NEW_FILES})


def test_every_kill_point_is_in_the_code_once():
    """Fast: a merge that drops a checkpoint line fails here, before the slow tests."""
    assert len(POINTS) >= 10
    stages = {p.split(":")[0] for p in POINTS}
    assert {"ingest", "normalise", "extract", "stage", "checks", "publish"} <= stages
    calls = [m for folder in ("assets", "warehouse", "quotewire") for path in (CHECKOUT / folder).glob("*.py")
             for m in re.findall(r'checkpoint\("([^"]+)"\)', path.read_text())]
    assert sorted(calls) == sorted(POINTS)


@pytest.mark.slow
@pytest.mark.parametrize("point", POINTS)
def test_a_run_killed_at_any_point_loses_nothing(point, scenario, tmp_path, run, read_tables):
    base, before, after = scenario
    work = tmp_path / "run"
    shutil.copytree(base, work)  # copy2 keeps mtimes: the state sees the same files as before
    inbox, warehouse = work / "inbox", work / "w.duckdb"
    apply_changes(inbox)

    killed = run(inbox, warehouse, env={"QUOTEWIRE_KILL_AT": point}, check=False)
    assert killed.returncode == -9, f"the run was not killed at {point}:\n{killed.stderr[-3000:]}"

    integrity(warehouse)
    published = read_tables(warehouse)
    if point == "publish:after_replace":
        assert published == after, "killed after the swap: the new warehouse must be in place"
    else:
        assert published == before, f"killed at {point}: the previous warehouse must be untouched"

    rerun = run(inbox, warehouse)
    assert rerun.returncode == 0
    integrity(warehouse)
    assert read_tables(warehouse) == after, f"the run after a kill at {point} differs from an uninterrupted one"
    leftovers = [p.name for p in warehouse.parent.iterdir() if p.name.startswith(".w.duckdb.build")]
    assert not leftovers, f"build files left behind: {leftovers}"
