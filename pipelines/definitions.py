"""The quotewire code location: the whole graph on one screen.

    inbox files -> raw_pages -> articles -> quotes / parties / party_mentions
                -> staged_warehouse (+ one blocking suite per published table) -> published_warehouse
"""
import dagster as dg

from assets.checks import staged_warehouse_suites
from assets.extract import extractions
from assets.ingest import raw_pages
from assets.normalise import articles
from assets.publish import published_warehouse, staged_warehouse
from pipelines.jobs import nightly
from pipelines.resources import resources_from
from pipelines.schedules import nightly_schedule
from pipelines.sensors import inbox_sensor
from quotewire.settings import Settings

defs = dg.Definitions(
    assets=[raw_pages, articles, extractions, staged_warehouse, published_warehouse],
    asset_checks=[staged_warehouse_suites],
    jobs=[nightly],
    schedules=[nightly_schedule],
    sensors=[inbox_sensor],
    resources=resources_from(Settings.from_env()),
)
