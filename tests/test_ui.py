"""The Dagster UI, for real: the webserver loads the code location without errors, and shows
the run that `quotewire run` started."""
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from quotewire.settings import CHECKOUT

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _graphql(port: int, query: str) -> dict:
    request = urllib.request.Request(f"http://127.0.0.1:{port}/graphql", data=json.dumps({"query": query}).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)["data"]


@pytest.fixture
def webserver(dagster_home):
    port = _free_port()
    # Its own process group, stopped with SIGTERM to the group (NOTES.md: it ignores SIGINT).
    server = subprocess.Popen(
        [sys.executable, "-m", "dagster_webserver", "-m", "pipelines.definitions", "-h", "127.0.0.1", "-p", str(port)],
        cwd=CHECKOUT, env={**os.environ, "DAGSTER_HOME": str(dagster_home)}, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/server_info", timeout=2)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"the webserver did not start: {server.stderr.read().decode()[-2000:]}")
            time.sleep(0.5)
    yield port
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


def test_the_ui_loads_the_code_location_and_shows_the_cli_run(tmp_path, run_quotewire, webserver):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "page.txt").write_text(
        "Harbour reopens after storm\n\nReuters\nFeb 2, 2024 / 08:30 AM GMT\n\n"
        "The harbour reopened on Friday, port director Anna Berg said.\n\n"
        "“Ships are moving again,” Berg said.\n")
    done = run_quotewire(inbox, tmp_path / "w.duckdb")
    run_id = done.stdout.split("run ", 1)[1].split()[0]

    workspace = _graphql(webserver, """{ workspaceOrError { ... on Workspace { locationEntries {
        name locationOrLoadError { __typename ... on PythonError { message } } } } } }""")
    [entry] = workspace["workspaceOrError"]["locationEntries"]
    assert entry["locationOrLoadError"]["__typename"] == "RepositoryLocation", entry

    runs = _graphql(webserver, """{ runsOrError { ... on Runs { results {
        runId status jobName tags { key value } } } } }""")["runsOrError"]["results"]
    [run] = [r for r in runs if r["runId"] == run_id]
    assert (run["status"], run["jobName"]) == ("SUCCESS", "nightly")
    assert {"key": "quotewire/trigger", "value": "cli"} in run["tags"]
