from __future__ import annotations

import contextlib
import functools
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from quotewire.settings import CHECKOUT, Settings

SHARED = CHECKOUT.parent / "shared"


@pytest.fixture(scope="session")
def nlp():
    """The real spaCy pipeline, loaded once for the whole test session."""
    from quotewire.nlp import load_language_model

    return load_language_model(Settings.from_env().model)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"../shared is absent ({SHARED}): this test needs the shared data")
    return SHARED


@pytest.fixture(scope="session")
def seed_page(shared_dir) -> Path:
    pages = sorted((shared_dir / "seed").glob("*"))
    if not pages:
        pytest.skip("../shared/seed holds no page")
    return pages[0]


REPO_SAMPLE_INBOX = CHECKOUT / "sample_inbox"


@pytest.fixture(scope="session")
def dagster_home(tmp_path_factory) -> Path:
    """One real Dagster instance (sqlite storage) for every CLI run of the test session."""
    return tmp_path_factory.mktemp("dagster_home")


@pytest.fixture(scope="session")
def run_quotewire(dagster_home):
    """Run `quotewire run` for real, in a subprocess, as a user or the scheduler would."""
    import os
    import subprocess
    import sys

    def run(inbox: Path, warehouse: Path, *args: str, env: dict | None = None, check: bool = True):
        environment = {**os.environ, "DAGSTER_HOME": str(dagster_home), **(env or {})}
        done = subprocess.run(
            [sys.executable, "-m", "quotewire.cli", "run", "--inbox", str(inbox), "--warehouse", str(warehouse), *args],
            cwd=CHECKOUT, env=environment, capture_output=True, text=True, timeout=900)
        if check and done.returncode != 0:
            raise AssertionError(f"quotewire run exited {done.returncode}\n{done.stdout}\n{done.stderr}")
        return done

    return run


@pytest.fixture(scope="session")
def read_tables():
    """Every published table, rows sorted, read through a read-only connection as an analyst would."""
    import duckdb

    from warehouse.publish import PUBLISHED_TABLES

    def read(warehouse: Path) -> dict[str, list[tuple]]:
        con = duckdb.connect(str(warehouse), read_only=True)
        try:
            con.execute("SET TimeZone = 'UTC'")
            return {t: sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in PUBLISHED_TABLES}
        finally:
            con.close()

    return read


@pytest.fixture
def free_port() -> int:
    """A TCP port on 127.0.0.1 nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def start_ui(dagster_home):
    """`start_ui(log_path, *args)`: a context manager running `quotewire ui *args` (dagster dev)
    in its own process group, its logs in log_path. On exit it stops it as a user does (Ctrl-C to
    the group, then SIGTERM) and fails if any of its processes is left: dagster dev ignores
    signals sent only to it and leaves its webserver and daemon behind (NOTES.md)."""
    return functools.partial(_dagster_dev, dagster_home)


@contextlib.contextmanager
def _dagster_dev(dagster_home: Path, log_path: Path, *args: str):
    log = log_path.open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "quotewire.cli", "ui", *args],
        cwd=CHECKOUT, env={**os.environ, "DAGSTER_HOME": str(dagster_home)}, start_new_session=True,
        # Its logs go to a file: a pipe nobody reads fills up and blocks dagster dev's processes
        # mid-write, where they can no longer stop on a signal.
        stdout=subprocess.DEVNULL, stderr=log,
        # A suite started in the background inherits SIGINT ignored, and so would dagster dev:
        # give it the terminal's Ctrl-C back.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    log.close()
    try:
        yield server
    finally:
        for sent in (signal.SIGINT, signal.SIGTERM):
            os.killpg(server.pid, sent)
            deadline = time.monotonic() + 45
            while _running_in_group(server.pid) and time.monotonic() < deadline:
                time.sleep(0.5)
            if not _running_in_group(server.pid):
                break
        server.wait(timeout=30)
        left = _running_in_group(server.pid)
        if left:
            os.killpg(server.pid, signal.SIGKILL)
            raise AssertionError(f"dagster dev left processes running after Ctrl-C and SIGTERM: {left}\n"
                                 f"{log_path.read_text(errors='replace')[-2000:]}")


def _running_in_group(pgid: int) -> list[str]:
    """The group's live processes. Zombies do not count: orphans are re-parented to this
    machine's init, which may be slow to reap them, and a zombie holds nothing (no port, no file)."""
    import psutil

    running = []
    for process in psutil.process_iter(["pid", "status", "cmdline"]):
        try:
            if os.getpgid(process.pid) == pgid and process.info["status"] != psutil.STATUS_ZOMBIE:
                running.append(" ".join(process.info["cmdline"] or [])[:120])
        except (ProcessLookupError, psutil.Error):
            continue
    return running
