"""The one job: every asset and check, from the inbox to the published warehouse."""
import dagster as dg

# In process by default: the steps of a run share one process, so the run lock taken at ingest
# holds until publish and a quiet night costs no process start-ups; the language model still
# gets every core through the worker processes of the extraction step (quotewire.parallel).
# The multiprocess executor (run config `execution: {config: {multiprocess: ...}}`, or
# `quotewire run --executor multiprocess`) runs each step in its own process instead, several
# extraction batches at once: the shape a cluster executor takes (docs/scaling.md).
nightly = dg.define_asset_job(
    "nightly",
    selection=dg.AssetSelection.all(),
    executor_def=dg.multi_or_in_process_executor,
    config={"execution": {"config": {"in_process": {}}}},
    description="Ingest the inbox, normalise, extract quotes and parties, check, and publish the "
                "warehouse atomically. Incremental: only new or changed files are processed.",
)
