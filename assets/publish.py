"""Write, audit, publish: stage a complete warehouse file, check it, swap it in."""
import datetime as dt

import dagster as dg

from assets.extract import extractions
from assets.normalise import articles
from assets.ingest import raw_pages
from assets.reporting import preview
from pipelines.resources import WarehouseResource
from quotewire.quality import quarantine
from quotewire.faults import checkpoint
from warehouse import state
from warehouse.publish import build_path_for, published_summary, read_publishable, swap_in, write_build


@dg.asset(
    group_name="publish",
    kinds={"duckdb"},
    deps=[raw_pages, articles, *extractions.keys],
    description="The next warehouse, written as a build file beside the published one: every "
                "published table of the contract, with its comments. Audited by the quality gate "
                "before it is published.",
)
def staged_warehouse(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    with warehouse.state.connect() as con:
        tables = read_publishable(con)
    checkpoint("stage:after_read")
    # One bad row (an impossible date, a quote whose offsets do not hold its text) is corrected or
    # set aside here, and counted, so that it never holds back a night's load at the gate.
    tables, flagged = quarantine(tables, run_date=dt.date.today())
    tables["quarantined_rows"] = flagged
    build = build_path_for(warehouse.published)
    write_build(tables, build)
    checkpoint("stage:after_build")
    counts = {name: len(frame) for name, frame in tables.items()}
    context.log.info(f"staged {build}: {counts}")
    return dg.MaterializeResult(metadata={
        "dagster/row_count": counts["articles"],
        "build_file": dg.MetadataValue.path(str(build)),
        **{f"rows_{name}": count for name, count in counts.items()},
        "quarantined": preview(flagged, 20),
    })


@dg.asset(
    group_name="publish",
    kinds={"duckdb"},
    deps=[staged_warehouse],
    description="The warehouse analysts query: the audited build swapped in over the published "
                "file with one atomic rename. Open sessions keep their snapshot and never block it.",
)
def published_warehouse(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    build = build_path_for(warehouse.published)
    counts, latest = published_summary(build)
    swap_in(build, warehouse.published)
    # Recorded after the swap: a crash between the two only makes the next run judge this batch
    # again, never lets an unjudged batch through.
    with warehouse.state.connect() as con:
        state.record_publication(con, context.run.run_id, dt.datetime.now(dt.timezone.utc))
    warehouse.state.release_run_lock()
    context.log.info(f"published {warehouse.published}: {counts}")
    return dg.MaterializeResult(metadata={
        "dagster/row_count": counts["articles"],
        "path": dg.MetadataValue.path(str(warehouse.published)),
        **{f"rows_{name}": count for name, count in counts.items()},
        "latest_articles": preview(latest),
    })
