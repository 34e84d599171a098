"""A compact console logger: one line per message, so long CLI runs read as progress."""
import logging
import sys

import dagster as dg


@dg.logger(
    config_schema={"log_level": dg.Field(str, is_required=False, default_value="INFO")},
    description="Messages of the assets (progress, counts) on stderr, one short line each.",
)
def compact_console(init_context: dg.InitLoggerContext) -> logging.Logger:
    log = logging.Logger("quotewire", level=init_context.logger_config["log_level"])
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Formatter())
    log.addHandler(handler)
    return log


class _Formatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        meta = getattr(record, "dagster_meta", {}) or {}
        step = meta.get("step_key") or "run"
        message = meta.get("orig_message") or record.getMessage()
        return f"{self.formatTime(record, '%H:%M:%S')} {record.levelname.lower():<7} {step}: {message}"
