"""Resources, configured from the environment (`quotewire.settings`), defaults inside the checkout."""
from __future__ import annotations

from pathlib import Path

import dagster as dg

from quotewire.settings import Settings, state_dir
from warehouse.state import StateStore


class InboxResource(dg.ConfigurableResource):
    """Where raw pages land."""

    path: str
    max_file_bytes: int = 8 * 1024 * 1024

    @property
    def directory(self) -> Path:
        return Path(self.path)


class WarehouseResource(dg.ConfigurableResource):
    """The published DuckDB file analysts read, and the pipeline's state beside it."""

    path: str

    @property
    def published(self) -> Path:
        return Path(self.path)

    @property
    def state(self) -> StateStore:
        return StateStore(state_dir(self.published))

    @property
    def data_docs(self) -> Path:
        """Great Expectations' HTML report of the last run's checks, beside the warehouse."""
        return self.published.with_name(self.published.stem + ".data_docs")


class LanguageModelResource(dg.ConfigurableResource):
    """The spaCy model (a setting, so a user with the official md/lg/trf models can switch). It
    is loaded in the extraction's worker processes (`quotewire.parallel`), never when the code
    location loads."""

    model: str
    processes: int = 1  # worker processes per extraction step, each with its own copy of the model
    articles_per_batch: int = 2000  # articles per extraction batch (one Dagster step each)


class QualityGateResource(dg.ConfigurableResource):
    """`block` (default): a failed blocking check stops publishing. `warn`: every check runs and
    reports, and the warehouse is published anyway (backfills of sources known to lack dates)."""

    mode: str = "block"

    @property
    def blocking(self) -> bool:
        return self.mode != "warn"


def resources_from(settings: Settings) -> dict[str, dg.ConfigurableResource]:
    return {
        "inbox": InboxResource(path=str(settings.inbox), max_file_bytes=settings.max_file_bytes),
        "warehouse": WarehouseResource(path=str(settings.warehouse)),
        "language_model": LanguageModelResource(model=settings.model, processes=settings.processes,
                                                articles_per_batch=settings.articles_per_batch),
        "quality_gate": QualityGateResource(mode=settings.checks),
    }
