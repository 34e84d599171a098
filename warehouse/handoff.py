"""The Parquet hand-off between the state store and the extraction batches.

A run's batches live in `<state>/work/<run_id>/batch_NNNN/`: `articles.parquet` in, and
`quotes.parquet`, `parties.parquet`, `mentions.parquet`, `outcome.json` out. Files, not a
database, so a batch step needs no connection and any number of them can run at once; on a
cluster the folder is shared or object storage. The folder is removed once its rows are in the
state store; a crashed run leaves it behind for inspection, and the next run starts its own.
"""
from __future__ import annotations

import json
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from quotewire.parallel import CHUNK

_ARTICLES = "articles.parquet"
_OUTCOME = "outcome.json"


def run_folder(state_directory: Path, run_id: str) -> Path:
    return Path(state_directory) / "work" / run_id


def write_batches(rows: Iterable[tuple[str, str]], folder: Path, per_batch: int) -> list[tuple[Path, int]]:
    """Splits (article_id, body) rows, in the order given, into batch folders of at most
    `per_batch` articles, streaming. Always at least one batch (empty when there is nothing to do)."""
    folder.mkdir(parents=True, exist_ok=True)
    batches: list[tuple[Path, int]] = []
    pending: list[tuple[str, str]] = []

    def flush() -> None:
        batch = folder / f"batch_{len(batches):04d}"
        batch.mkdir()
        frame = pd.DataFrame(pending, columns=["article_id", "body"], dtype="string")
        frame.to_parquet(batch / _ARTICLES, index=False)
        batches.append((batch, len(pending)))
        pending.clear()

    for row in rows:
        pending.append(row)
        if len(pending) >= per_batch:
            flush()
    if pending or not batches:
        flush()
    return batches


def read_articles(batch: Path) -> list[tuple[str, str]]:
    frame = pd.read_parquet(batch / _ARTICLES)
    return list(zip(frame["article_id"].tolist(), frame["body"].tolist()))


def chunks(rows: list[tuple[str, str]], size: int = CHUNK) -> Iterator[list[tuple[str, str]]]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def write_extractions(batch: Path, quotes: pd.DataFrame | None, parties: pd.DataFrame | None,
                      mentions: pd.DataFrame | None, article_ids: list[str], failed_ids: list[str]) -> None:
    """What a batch extracted (the frames are None for an empty batch)."""
    for name, frame in (("quotes", quotes), ("parties", parties), ("mentions", mentions)):
        if frame is not None:
            frame.to_parquet(batch / f"{name}.parquet", index=False)
    # Written last: a batch folder with its outcome is complete.
    (batch / _OUTCOME).write_text(json.dumps({"article_ids": article_ids, "failed_ids": failed_ids}))


@dataclass
class Extracted:
    quotes: pd.DataFrame
    parties: pd.DataFrame
    mentions: pd.DataFrame
    article_ids: list[str]
    failed_ids: list[str]


def read_extractions(batch: Path) -> Extracted | None:
    """A batch's extractions; None for an empty batch. Raises when the batch never finished."""
    outcome = json.loads((batch / _OUTCOME).read_text())
    if not (batch / "quotes.parquet").exists():
        return None
    return Extracted(pd.read_parquet(batch / "quotes.parquet"), pd.read_parquet(batch / "parties.parquet"),
                     pd.read_parquet(batch / "mentions.parquet"), outcome["article_ids"], outcome["failed_ids"])


def clear(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
