"""The quality gate: one blocking check per published table, run on the staged build.

Each check is the Great Expectations suite of its table (`schemas/expectations/<table>.yaml`,
run by `quotewire.quality`). A failed blocking expectation fails its check at severity ERROR,
which stops `published_warehouse` in the same run: the analysts' file stays exactly as it was.
With the gate in `warn` mode the same suites run and report at severity WARN, and the warehouse
is published anyway. Great Expectations is imported only here, when checks run.
"""
import datetime as dt

import dagster as dg

from assets.publish import staged_warehouse
from pipelines.resources import QualityGateResource, WarehouseResource
from quotewire.faults import checkpoint
from warehouse import state
from quotewire.quality import TABLES as GUARDED_TABLES
from warehouse.publish import build_path_for, read_build


@dg.multi_asset_check(
    specs=[dg.AssetCheckSpec(f"{table}_suite", asset=staged_warehouse, blocking=True,
                             description=f"Great Expectations suite schemas/expectations/{table}.yaml "
                                         f"over the staged {table} table.")
           for table in GUARDED_TABLES],
    compute_kind="great_expectations",
)
def staged_warehouse_suites(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource,
                            quality_gate: QualityGateResource):
    from quotewire import quality

    tables = read_build(build_path_for(warehouse.published))
    with warehouse.state.connect() as con:
        batch_paths = state.unpublished_paths(con)
    checkpoint("checks:before_validate")
    results = quality.validate(tables, run_date=dt.date.today(), batch_paths=batch_paths)
    checkpoint("checks:after_validate")
    docs = quality.build_data_docs(results, warehouse.data_docs)
    failed = [name for r in results for name in r.failed_blocking()]
    context.log.info(f"{sum(r.success for r in results)}/{len(results)} suites passed"
                     + (f"; failed: {', '.join(failed)}" if failed else "") + f"; report: {docs}")
    severity = dg.AssetCheckSeverity.ERROR if quality_gate.blocking else dg.AssetCheckSeverity.WARN
    for result in results:
        failed = result.failed_blocking() + result.failed_warnings()
        yield dg.AssetCheckResult(
            asset_key=staged_warehouse.key,
            check_name=f"{result.table}_suite",
            passed=result.success,
            severity=severity,
            description=("failed: " + ", ".join(failed)) if failed else None,
            metadata={
                "expectations": dg.MetadataValue.md(result.markdown()),
                "failed_blocking": ", ".join(result.failed_blocking()) or "none",
                "failed_warnings": ", ".join(result.failed_warnings()) or "none",
                "evaluated": len(result.expectations),
                "dagster/row_count": result.row_count,
                "data_docs": dg.MetadataValue.path(str(docs)),
                "failures": quality.failure_report([result]) or "none",
            },
        )
