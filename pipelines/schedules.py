import dagster as dg

from pipelines.jobs import nightly
from quotewire.settings import Settings

nightly_schedule = dg.ScheduleDefinition(
    name="nightly_schedule",
    job=nightly,
    cron_schedule="0 2 * * *",
    execution_timezone=Settings.from_env().schedule_time_zone,
    tags={"quotewire/trigger": "schedule"},
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Every night at 02:00 (time zone: QUOTEWIRE_SCHEDULE_TZ, default UTC).",
)
