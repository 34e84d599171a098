"""The quotewire code location: the whole graph on one screen.

    inbox files -> raw_pages -> articles -> quotes / parties / party_mentions
                -> staged_warehouse (+ one blocking GX suite per published table)
                -> published_warehouse
"""
import warnings

import dagster as dg

from assets.checks import staged_warehouse_suites
from assets.extract import extractions
from assets.ingest import raw_pages
from assets.normalise import articles
from assets.publish import published_warehouse, staged_warehouse
from pipelines.jobs import nightly
from pipelines.loggers import compact_console
from pipelines.resources import resources_from
from pipelines.schedules import nightly_schedule
from pipelines.sensors import inbox_sensor
from quotewire.settings import Settings

# Who answers for each group of assets, applied in one place rather than on every asset.
OWNERS = {
    "ingest": ["team:data-engineering"],
    "normalise": ["team:data-engineering"],
    "extract": ["team:nlp"],
    "publish": ["team:data-engineering"],
}


def _with_policies(assets: list) -> list:
    owned = dg.map_asset_specs(lambda spec: spec.replace_attributes(owners=OWNERS[spec.group_name]), assets)
    with warnings.catch_warnings():  # code references are a beta feature; its warning is noise here
        warnings.simplefilter("ignore", dg.BetaWarning)
        return dg.with_source_code_references(owned)


defs = dg.Definitions(
    assets=_with_policies([raw_pages, articles, extractions, staged_warehouse, published_warehouse]),
    asset_checks=[staged_warehouse_suites],
    jobs=[nightly],
    schedules=[nightly_schedule],
    sensors=[inbox_sensor],
    resources=resources_from(Settings.from_env()),
    loggers={"console": compact_console},
)


def nightly_job() -> dg.JobDefinition:
    """The nightly job, importable by name: Dagster's multiprocess executor reloads it in every
    step process (`dg.reconstructable(nightly_job)`)."""
    return defs.resolve_job_def("nightly")
