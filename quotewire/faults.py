"""Named points where a test can kill the run, to prove that a crash anywhere loses nothing.

`QUOTEWIRE_KILL_AT=<point>` makes the process SIGKILL itself when it reaches that point: no
cleanup handler runs, exactly as when the machine dies. Unset (always, outside tests), it costs
one dictionary lookup.
"""
from __future__ import annotations

import os
import signal

POINTS = (
    "ingest:after_read",        # files read, nothing written to the state yet
    "ingest:after_write",       # pages written to the state
    "normalise:after_write",    # articles written
    "extract:after_batch",      # one batch of quotes and mentions written
    "stage:after_build",        # the build file written, not yet checked
    "publish:before_replace",   # checks passed, the build file about to replace the published one
    "publish:after_replace",    # the new warehouse in place, the run not yet recorded as done
)


def checkpoint(point: str) -> None:
    if os.environ.get("QUOTEWIRE_KILL_AT") == point:
        os.kill(os.getpid(), signal.SIGKILL)
