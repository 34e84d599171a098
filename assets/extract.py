"""Extract: one spaCy parse per article, shared by quote and party extraction."""
import time

import dagster as dg

from assets.normalise import articles
from assets.reporting import preview
from pipelines.resources import LanguageModelResource, WarehouseResource
from quotewire.faults import checkpoint
from quotewire.versions import extractor_version
from warehouse import state

BATCH = 64  # articles per transaction: a crash loses at most one batch of work, never a row


@dg.multi_asset(
    group_name="extract",
    specs=[
        dg.AssetSpec("quotes", kinds={"spacy", "duckdb"}, deps=[articles],
                     description="Direct quotations with their speakers resolved to full names."),
        dg.AssetSpec("parties", kinds={"spacy", "duckdb"}, deps=[articles],
                     description="Canonical people, organisations, countries and places."),
        dg.AssetSpec("party_mentions", kinds={"spacy", "duckdb"}, deps=[articles],
                     description="Every mention of a party in an article body, with offsets."),
    ],
)
def extractions(context: dg.AssetExecutionContext, warehouse: WarehouseResource,
                language_model: LanguageModelResource):
    # The language modules (spaCy and our rule tables) load when a run extracts, not when the
    # code location loads.
    from quotewire.extraction import ExtractedArticle, extract_article

    version = extractor_version(language_model.model)
    done: list[ExtractedArticle] = []
    failed: list[str] = []
    with warehouse.state.connect() as con:
        todo = state.articles_to_extract(con, version)
        nlp = language_model.load() if todo else None
        checkpoint("extract:model_loaded")
        started = time.monotonic()
        for start in range(0, len(todo), BATCH):
            batch = todo[start:start + BATCH]
            results = []
            for article_id, doc in _parsed(nlp, batch, language_model.batch_size, context.log):
                try:
                    if doc is None:
                        raise RuntimeError("the language model could not parse it")
                    results.append(extract_article(article_id, doc))
                except Exception as err:  # left to do: retried next run, never half-written
                    context.log.error(f"extraction failed on article {article_id}: {err!r}")
                    failed.append(article_id)
            quotes, parties, mentions = ExtractedArticle.frames(results)
            state.record_extractions(con, [r.article_id for r in results], quotes, parties, mentions, version)
            done.extend(results)
            checkpoint("extract:after_batch")
            rate = len(done) / (time.monotonic() - started)
            context.log.info(f"extracted {len(done) + len(failed)}/{len(todo)} articles ({rate:.1f}/s)")
        totals = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("quotes", "parties", "party_mentions")}
        top_parties = con.execute("""
            SELECT p.name, p.party_type, count(*) AS mentions, count(DISTINCT m.article_id) AS articles
            FROM party_mentions m JOIN parties p USING (party_id)
            GROUP BY ALL ORDER BY mentions DESC, p.name LIMIT 15""").df()
        quote_preview = con.execute("""
            SELECT q.text AS quote, q.speaker, a.title AS article
            FROM quotes q JOIN articles a USING (article_id)
            ORDER BY q.article_id, q.start_char LIMIT 10""").df()
    quotes, parties, mentions = ExtractedArticle.frames(done)
    context.log.info(f"extracted {len(done)} articles ({len(failed)} failed): {len(quotes)} quotes, "
                     f"{len(mentions)} mentions")
    common = {"extracted_articles": len(done), "failed_articles": len(failed), "extractor_version": version}
    yield dg.MaterializeResult(asset_key="quotes", metadata={
        **common, "dagster/row_count": totals["quotes"], "new_quotes": len(quotes),
        "without_speaker": int(quotes["speaker"].isna().sum()) if len(quotes) else 0,
        "preview": preview(quote_preview)})
    yield dg.MaterializeResult(asset_key="parties", metadata={
        **common, "dagster/row_count": totals["parties"], "most_mentioned": preview(top_parties, 15)})
    yield dg.MaterializeResult(asset_key="party_mentions", metadata={
        **common, "dagster/row_count": totals["party_mentions"], "new_mentions": len(mentions),
        "preview": preview(mentions[["mention", "party_id", "start_char", "end_char"]] if len(mentions) else mentions)})


def _parsed(nlp, batch: list[tuple[str, str]], batch_size: int, log):
    """(article_id, Doc) for a batch, parsed together; when the model fails on the batch, each
    article is parsed alone so that one bad body costs only itself (its Doc is then None)."""
    try:
        docs = list(nlp.pipe((body for _, body in batch), batch_size=batch_size))
    except Exception as err:
        log.warning(f"the model failed on a batch of {len(batch)} ({err!r}); parsing them one by one")
    else:
        yield from zip((article_id for article_id, _ in batch), docs)
        return
    for article_id, body in batch:
        try:
            yield article_id, nlp(body)
        except Exception as err:
            log.error(f"the model failed on article {article_id}: {err!r}")
            yield article_id, None
