import hashlib

import dagster as dg

from pipelines.jobs import nightly
from quotewire.ingest import list_inbox
from quotewire.settings import Settings


@dg.sensor(
    job=nightly,
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.STOPPED,
    description="Starts a run when files in the inbox appear or change (off by default: the "
                "nightly schedule is the normal trigger).",
)
def inbox_sensor(context: dg.SensorEvaluationContext):
    # Only names, sizes and times: the sensor never opens the state store a run may be writing.
    listing = hashlib.sha256()
    count = 0
    for entry in list_inbox(Settings.from_env().inbox):
        listing.update(f"{entry.source_path}\0{entry.size}\0{entry.mtime_ns}\n".encode())
        count += 1
    fingerprint = listing.hexdigest()
    if fingerprint == context.cursor:
        return dg.SkipReason(f"no new or changed files among {count}")
    context.update_cursor(fingerprint)
    return dg.RunRequest(run_key=fingerprint, tags={"quotewire/trigger": "sensor"})
