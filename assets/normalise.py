"""Normalise: each decoded page parsed into an article (headline, body, date, source)."""
import dagster as dg
import pandas as pd

from assets.ingest import raw_pages
from assets.reporting import preview
from pipelines.resources import LanguageModelResource, WarehouseResource
from quotewire.faults import checkpoint
from quotewire.page import parse_page
from quotewire.parallel import CHUNK, prestart
from quotewire.versions import parser_version
from warehouse import state

_ARTICLE_COLUMNS = ["article_id", "title", "source_id", "published_date", "published_at", "body",
                    "credit", "byline", "date_text", "date_method"]
_SOURCE_COLUMNS = ["source_id", "name", "kind", "time_zone", "wikidata_id"]


@dg.asset(
    group_name="normalise",
    kinds={"duckdb"},
    deps=[raw_pages],
    description="Articles: headline, body without page furniture, publication date and instant, "
                "and the credited source under its canonical name. Only pages not yet parsed by "
                "this version of the parser are parsed.",
)
def articles(context: dg.AssetExecutionContext, warehouse: WarehouseResource,
             language_model: LanguageModelResource) -> dg.MaterializeResult:
    version = parser_version()
    rows, sources, no_body = [], {}, []
    with warehouse.state.connect() as con:
        todo = state.pages_to_parse(con, version)
        # The model's workers load it on the other cores while this step parses pages.
        prestart(language_model.model, min(language_model.processes, -(-len(todo) // CHUNK)))
        for article_id, text in todo:
            try:
                fields = parse_page(text)
            except Exception as err:  # a parser bug must not stop the night: reject, say why
                context.log.error(f"page parser failed on {article_id}: {err!r}")
                no_body.append({"article_id": article_id, "detail": f"the page parser failed ({err!r}); "
                                "report it with this file"})
                continue
            if not fields.body.strip():
                no_body.append({"article_id": article_id, "detail": "the page parser found a headline or "
                                "furniture but no article text; check the file holds the article body"})
                continue
            source = fields.source
            if source is not None:
                sources[source.source_id] = {c: getattr(source, c) for c in _SOURCE_COLUMNS}
            rows.append({
                "article_id": article_id, "title": fields.title,
                "source_id": source.source_id if source else None,
                "published_date": fields.published_date, "published_at": fields.published_at,
                "body": fields.body, "credit": fields.credit, "byline": fields.byline,
                "date_text": fields.date_text, "date_method": fields.date_method,
            })
        frame = _articles_frame(rows)
        checkpoint("normalise:before_write")
        state.record_articles(con, frame, pd.DataFrame(list(sources.values()), columns=_SOURCE_COLUMNS),
                              pd.DataFrame(no_body, columns=["article_id", "detail"]), version)
        checkpoint("normalise:after_write")
        total = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    context.log.info(f"parsed {len(todo)} pages: {len(rows)} articles, {len(no_body)} without a body")
    return dg.MaterializeResult(metadata={
        "dagster/row_count": total,
        "parsed_pages": len(todo),
        "new_or_reparsed_articles": len(rows),
        "pages_without_body": len(no_body),
        "undated": int(frame["published_date"].isna().sum()),
        "without_source": int(frame["source_id"].isna().sum()),
        "parser_version": version,
        "preview": preview(frame[["title", "source_id", "published_date", "published_at"]]),
    })


def _articles_frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=_ARTICLE_COLUMNS)
    # Explicit types, so that an all-NULL column in a small batch still lands as DATE/TIMESTAMPTZ.
    frame["published_date"] = pd.to_datetime(frame["published_date"]).dt.date if len(frame) else frame["published_date"]
    frame["published_at"] = pd.to_datetime(frame["published_at"], utc=True)
    return frame
