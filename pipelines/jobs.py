"""The one job: every asset and check, from the inbox to the published warehouse."""
import dagster as dg

# In-process: the steps of a run share one process, so the run lock taken at ingest holds until
# publish, and DuckDB's one-writer rule is never raced by steps of the same run. The spaCy parse
# inside `extractions` is where the cores go.
nightly = dg.define_asset_job(
    "nightly",
    selection=dg.AssetSelection.all(),
    executor_def=dg.in_process_executor,
    description="Ingest the inbox, normalise, extract quotes and parties, check, and publish the "
                "warehouse atomically. Incremental: only new or changed files are processed.",
)
