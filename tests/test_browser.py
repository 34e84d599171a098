"""The Dagster UI in a real browser: `quotewire ui` (dagster dev) serves the asset graph and the
page of the run that `quotewire run` started, as an engineer sees them; screenshots are kept in
test-artifacts/browser/ for a person to look at."""
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from quotewire.settings import CHECKOUT

pytestmark = pytest.mark.slow

ARTIFACTS = CHECKOUT / "test-artifacts" / "browser"
# NOTES.md: the flags headless Chromium needs here (no sandbox as root, no GPU, small /dev/shm).
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--no-first-run", "--window-size=1600,1000", "--virtual-time-budget=15000"]

PAGES = {
    "harbour.txt": "Harbour reopens after storm\n\nReuters\nFeb 2, 2024 / 08:30 AM GMT\n\n"
                   "The harbour in Gdansk reopened on Friday after two days of gales, port director Anna Berg said.\n\n"
                   "“Ships are moving again and the cranes are back at work,” Berg said.\n",
    "council.txt": "Council backs new bus lanes\n\nAssociated Press\nMarch 5, 2024 / 10:15 AM EST\n\n"
                   "The city council voted 31 to 12 on Tuesday to build bus lanes on four main roads.\n\n"
                   "“Buses carry more people than cars on every one of these roads,” "
                   "transport committee chair Maria Lopez told reporters.\n",
}


def _graphql(port: int, query: str) -> dict:
    request = urllib.request.Request(f"http://127.0.0.1:{port}/graphql", data=json.dumps({"query": query}).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)["data"]


@pytest.fixture(scope="module")
def chromium() -> str:
    found = shutil.which("chromium")
    if found:
        return found
    message = "chromium is not installed: apt-get install -y chromium (.ci/run installs it)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def ui(start_ui, free_port, tmp_path):
    """`quotewire ui`, i.e. dagster dev, on 127.0.0.1 (started and stopped by conftest's `start_ui`)."""
    port = free_port
    log = tmp_path / "ui.log"
    with start_ui(log, "--host", "127.0.0.1", "--port", str(port)) as server:
        deadline = time.monotonic() + 180
        while True:  # up when the webserver answers and the code location has loaded
            try:
                entries = _graphql(port, """{ workspaceOrError { ... on Workspace { locationEntries {
                    locationOrLoadError { __typename } } } } }""")["workspaceOrError"]["locationEntries"]
                if entries and all(e["locationOrLoadError"] for e in entries):
                    break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"dagster dev did not start: {log.read_text()[-2000:]}")
            time.sleep(1)
        yield port


def _browse(chromium: str, url: str, screenshot: Path) -> str:
    """The page's DOM after its scripts ran, and a screenshot of it."""
    for output in (["--dump-dom"], [f"--screenshot={screenshot}"]):
        with tempfile.TemporaryDirectory() as profile:
            done = subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *output, url],
                                  capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr[-2000:]
        if output == ["--dump-dom"]:
            dom = done.stdout
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert screenshot.stat().st_size > 20_000, f"{screenshot} looks blank"
    return dom


def test_the_asset_graph_and_the_run_page_show_the_assets_and_a_successful_run(
        tmp_path, run_quotewire, dagster_home, ui, chromium):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name, text in PAGES.items():
        (inbox / name).write_text(text)
    done = run_quotewire(inbox, tmp_path / "warehouse.duckdb")
    run_id = done.stdout.split("run ", 1)[1].split()[0]

    [entry] = _graphql(ui, """{ workspaceOrError { ... on Workspace { locationEntries {
        locationOrLoadError { __typename ... on PythonError { message } } } } } }""")["workspaceOrError"]["locationEntries"]
    assert entry["locationOrLoadError"]["__typename"] == "RepositoryLocation", entry  # loaded, no error
    [run] = [r for r in _graphql(ui, "{ runsOrError { ... on Runs { results { runId status jobName tags { key value } } } } }")
             ["runsOrError"]["results"] if r["runId"] == run_id]
    assert (run["status"], run["jobName"]) == ("SUCCESS", "nightly")
    assert {"key": "quotewire/trigger", "value": "cli"} in run["tags"]
    assets = {tuple(a["assetKey"]["path"]): a["groupName"] for a in
              _graphql(ui, "{ assetNodes { assetKey { path } groupName } }")["assetNodes"]}
    assert ("published_warehouse",) in assets and len(assets) >= 5

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    # The whole graph, every asset drawn (the global lineage page folds groups until clicked).
    graph = _browse(chromium, f"http://127.0.0.1:{ui}/assets/published_warehouse?view=lineage"
                              "&lineageScope=upstream&lineageDepth=20", ARTIFACTS / "asset-graph.png")
    for key, group in assets.items():
        assert f">{key[-1]}</div>" in graph, f"the asset graph does not draw {key[-1]}"
        assert f">{group}<" in graph, f"the asset graph does not show the group {group}"

    page = _browse(chromium, f"http://127.0.0.1:{ui}/runs/{urllib.parse.quote(run_id)}", ARTIFACTS / "run.png")
    assert run_id.split("-")[0] in page, "the run page is not the run's"
    assert ">Success<" in page and "RUN_SUCCESS" in page, "the run page does not show a successful run"
    assert "published_warehouse" in page
