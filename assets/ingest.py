"""Ingest: every inbox file read once and accounted for, as a page or a rejection."""

import datetime as dt
import time

import dagster as dg
import pandas as pd
from pydantic import Field

from assets.reporting import preview
from pipelines.resources import InboxResource, WarehouseResource
from quotewire import ids
from quotewire.faults import checkpoint
from quotewire.ingest import Rejected, list_inbox, read_page
from warehouse import state

CHUNK = 500  # files per transaction: memory stays flat however large the inbox


class IngestConfig(dg.Config):
    reprocess: str = Field(
        default="",
        description="Re-run a batch: 'all', or a batch id (the run id shown in raw_pages' metadata). "
                    "Its pages are parsed and extracted again, replacing their rows.")


@dg.asset(
    group_name="ingest",
    kinds={"duckdb"},
    description="Every regular file under the inbox, decoded to text (or rejected with a reason), "
                "kept in the pipeline's state store so any article can be re-derived without the inbox.",
)
def raw_pages(context: dg.AssetExecutionContext, config: IngestConfig, inbox: InboxResource,
              warehouse: WarehouseResource) -> dg.MaterializeResult:
    store = warehouse.state
    store.acquire_run_lock()
    batch_id = context.run_id
    counts = {"new": 0, "changed": 0, "unchanged": 0, "rejected": 0}
    rejected_rows: list[dict] = []
    with store.connect() as con:
        known = state.known_files(con)
        files: list[dict] = []
        pages: list[dict] = []
        read, started = [0], time.monotonic()

        def flush() -> None:
            checkpoint("ingest:after_read")
            state.record_files(con, pd.DataFrame(files, columns=_FILE_COLUMNS),
                               pd.DataFrame(pages, columns=_PAGE_COLUMNS))
            read[0] += len(files)
            files.clear()
            pages.clear()
            checkpoint("ingest:after_write")
            if read[0]:
                context.log.info(f"read {read[0]} new or changed files ({read[0] / (time.monotonic() - started):.0f}/s)")

        for entry in list_inbox(inbox.directory):
            before = known.get(entry.source_path)
            if before and before[:2] == (entry.size, entry.mtime_ns) and _same_fate(before[3], entry):
                counts["unchanged"] += 1
                continue
            row = {"source_path": entry.source_path, "size_bytes": entry.size, "mtime_ns": entry.mtime_ns,
                   "batch_id": batch_id, "read_at": dt.datetime.now(dt.timezone.utc),
                   "sha256": None, "article_id": None, "reason": None, "detail": None}
            try:
                page = read_page(entry, inbox.max_file_bytes)
            except Rejected as rejection:
                row.update(reason=rejection.reason, detail=rejection.detail)
                counts["rejected"] += 1
                rejected_rows.append({"source_path": entry.source_path, "reason": rejection.reason,
                                      "detail": rejection.detail})
            else:
                if before and before[2] == page.sha256 and before[3] is None:
                    counts["unchanged"] += 1  # touched, not changed
                else:
                    counts["changed" if before else "new"] += 1
                article = ids.article_id(page.text)
                row.update(sha256=page.sha256, article_id=article)
                pages.append({"article_id": article, "text": page.text, "encoding": page.encoding,
                              "batch_id": batch_id, "parsed_version": None, "extracted_version": None})
            files.append(row)
            if len(files) >= CHUNK:
                flush()
        flush()
        forgotten = state.forget_orphans(con)
        checkpoint("ingest:after_forget")
        reprocessed = state.mark_for_reprocessing(con, config.reprocess) if config.reprocess else 0
        total = con.execute("SELECT count(*) FROM inbox_files").fetchone()[0]
    context.log.info(f"inbox {inbox.directory}: {counts}")
    return dg.MaterializeResult(metadata={
        "dagster/row_count": total,
        "batch_id": batch_id,
        "new_files": counts["new"],
        "changed_files": counts["changed"],
        "unchanged_files": counts["unchanged"],
        "rejected_files": counts["rejected"],
        "replaced_versions": forgotten,
        "reprocessed_pages": reprocessed,
        "rejected_preview": preview(pd.DataFrame(rejected_rows, columns=["source_path", "reason", "detail"]), 20),
    })


def _same_fate(reason_before: str | None, entry) -> bool:
    """An entry listed as before needs no new reading: a page or a rejected file unchanged, or a
    link or FIFO still a link or FIFO. A file that could not be read is always tried again."""
    if reason_before == "unreadable":
        return False
    return entry.problem is None or entry.problem.reason == reason_before


_FILE_COLUMNS = ["source_path", "size_bytes", "mtime_ns", "sha256", "article_id", "reason", "detail",
                 "batch_id", "read_at"]
_PAGE_COLUMNS = ["article_id", "text", "encoding", "batch_id", "parsed_version", "extracted_version"]
