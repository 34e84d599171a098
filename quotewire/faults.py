"""Named points where a test can kill or hold the run, to prove that a crash anywhere loses
nothing and that concurrent runs and readers are safe.

`QUOTEWIRE_KILL_AT=<point>` makes the process SIGKILL itself when it reaches that point: no
cleanup handler runs, exactly as when the machine dies.

`QUOTEWIRE_HOLD_AT=<point>` with `QUOTEWIRE_HOLD_FILE=<path>` makes the run stop at that point,
write `<path>.reached`, and wait until `<path>` exists: a test can then start a second run or a
reader at a known moment instead of racing the clock.

Unset (always, outside tests), a checkpoint costs two dictionary lookups.
"""
from __future__ import annotations

import os
import signal
import time
from pathlib import Path

POINTS = (
    "ingest:after_read",        # files read, nothing written to the state yet
    "ingest:after_write",       # pages written to the state
    "ingest:after_forget",      # replaced versions of changed files forgotten
    "normalise:before_write",   # pages parsed, no article written yet
    "normalise:after_write",    # articles written
    "extract:model_loaded",     # the model started (its workers, or in process), nothing extracted yet
    "extract:after_batch",      # one batch of quotes and mentions written
    "stage:after_read",         # the publishable tables read from the state, no build file yet
    "stage:before_commit",      # the build file half written (its transaction not committed)
    "stage:after_build",        # the build file written, not yet checked
    "checks:before_validate",   # the build read by the quality gate, not yet validated
    "checks:after_validate",    # every suite run, results not yet reported
    "publish:before_replace",   # checks passed, the build file about to replace the published one
    "publish:after_replace",    # the new warehouse in place, the run not yet recorded as done
)

HOLD_TIMEOUT_S = 600  # a held run gives up waiting (and goes on) after this long


def checkpoint(point: str) -> None:
    if os.environ.get("QUOTEWIRE_KILL_AT") == point:
        os.kill(os.getpid(), signal.SIGKILL)
    if os.environ.get("QUOTEWIRE_HOLD_AT") == point:
        _hold(Path(os.environ["QUOTEWIRE_HOLD_FILE"]))


def _hold(release: Path) -> None:
    release.with_name(release.name + ".reached").write_text(f"pid {os.getpid()}")
    deadline = time.monotonic() + HOLD_TIMEOUT_S
    while not release.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
