from __future__ import annotations

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
