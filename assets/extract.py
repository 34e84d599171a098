"""Extract: one spaCy parse per article, shared by quote and party extraction.

The work fans out in batches (Dagster's dynamic mapping):

    plan_batches  -> extract_batch (one step per batch) -> record_extractions
    (state -> Parquet)  (Parquet -> Parquet, pure)         (Parquet -> state)

`extract_batch` touches no warehouse: it reads its batch's articles from a Parquet file and
writes what it extracted next to it. So batches can run side by side, in the worker processes of
one step (the nightly default: `in_process` executor, the model on every core), in separate step
processes (`multiprocess` executor), or on other machines (the Kubernetes and Celery executors,
with the hand-off folder on shared storage): see docs/scaling.md. Only `plan_batches` and
`record_extractions` open the state store.
"""
import time
from pathlib import Path

import dagster as dg

from assets.normalise import articles
from assets.reporting import preview
from pipelines.resources import LanguageModelResource, WarehouseResource
from quotewire import quality
from quotewire.faults import checkpoint
from quotewire.versions import extractor_version
from warehouse import handoff, state


@dg.op(ins={"articles": dg.In(dg.Nothing)}, out=dg.DynamicOut(str))
def plan_batches(context: dg.OpExecutionContext, warehouse: WarehouseResource,
                 language_model: LanguageModelResource):
    """Writes the articles this extractor version has not extracted yet as Parquet batches, and
    yields one batch folder per batch (always at least one, maybe empty, so the steps downstream
    run and report even on a quiet night)."""
    version = extractor_version(language_model.model)
    folder = handoff.run_folder(warehouse.state.directory, context.run.run_id)
    with warehouse.state.connect() as con:
        batches = handoff.write_batches(state.articles_to_extract(con, version), folder,
                                        language_model.articles_per_batch)
    context.log.info(f"{sum(n for _, n in batches)} articles to extract in {len(batches)} batch(es) "
                     f"of at most {language_model.articles_per_batch}")
    for batch, _ in batches:
        yield dg.DynamicOutput(str(batch), mapping_key=batch.name)


@dg.op
def extract_batch(context: dg.OpExecutionContext, language_model: LanguageModelResource, batch: str) -> str:
    """Parses and extracts one batch: its articles in, its quotes, parties and mentions out."""
    folder = Path(batch)
    todo = handoff.read_articles(folder)
    if not todo:  # a quiet night's empty batch loads neither the model nor spaCy
        handoff.write_extractions(folder, None, None, None, [], [])
        return batch
    from quotewire.extraction import ExtractedArticle
    from quotewire.parallel import CHUNK, shared_extractor

    results, failures = [], []
    started = time.monotonic()
    # Workers pay off only when there are chunks to share: a small batch stays in this process.
    # The extractor stays open for the run's next batch; record_extractions closes it.
    extractor = shared_extractor(language_model.model, min(language_model.processes, -(-len(todo) // CHUNK)))
    checkpoint("extract:model_loaded")
    if extractor.processes > 1:  # this process only waits on the workers now: use the time
        quality.import_in_background()
    for outcome in extractor.extract(handoff.chunks(todo)):
        results.extend(outcome.results)
        failures.extend(outcome.failures)
        for article_id, reason in outcome.failures:
            context.log.error(f"article {article_id}: {reason}")
    handoff.write_extractions(folder, *ExtractedArticle.frames(results), [r.article_id for r in results],
                              [article_id for article_id, _ in failures])
    elapsed = time.monotonic() - started
    context.log.info(f"{folder.name}: extracted {len(results)} articles ({len(failures)} failed) in "
                     f"{elapsed:.1f} s with {extractor.processes} process(es)")
    return batch


@dg.op(out={name: dg.Out(dg.Nothing) for name in ("quotes", "parties", "party_mentions")})
def record_extractions(context: dg.OpExecutionContext, warehouse: WarehouseResource,
                       language_model: LanguageModelResource, batches: list[str]):
    """Writes each batch's extractions into the state store, one transaction per batch (a crash
    loses at most one batch of work, never a row), then clears the hand-off folder."""
    from quotewire.parallel import close_shared

    close_shared()  # the model's workers are done: their memory is freed before staging and checks
    version = extractor_version(language_model.model)
    new = {"quotes": 0, "party_mentions": 0, "without_speaker": 0, "extracted": 0, "failed": 0}
    with warehouse.state.connect() as con:
        for batch in sorted(batches):
            extracted = handoff.read_extractions(Path(batch))
            if extracted is None:
                continue  # an empty batch
            state.record_extractions(con, extracted.article_ids, extracted.quotes, extracted.parties,
                                     extracted.mentions, version)
            checkpoint("extract:after_batch")
            new["quotes"] += len(extracted.quotes)
            new["party_mentions"] += len(extracted.mentions)
            new["without_speaker"] += int(extracted.quotes["speaker"].isna().sum())
            new["extracted"] += len(extracted.article_ids)
            new["failed"] += len(extracted.failed_ids)
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
        mention_preview = con.execute("""
            SELECT mention, party_id, start_char, end_char FROM party_mentions
            ORDER BY article_id, start_char LIMIT 10""").df()
    if batches:
        handoff.clear(Path(batches[0]).parent)
    context.log.info(f"extracted {new['extracted']} articles ({new['failed']} failed) in {len(batches)} "
                     f"batch(es): {new['quotes']} quotes, {new['party_mentions']} mentions")
    common = {"extracted_articles": new["extracted"], "failed_articles": new["failed"],
              "batches": len(batches), "extractor_version": version}
    yield dg.Output(None, "quotes", metadata={
        **common, "dagster/row_count": totals["quotes"], "new_quotes": new["quotes"],
        "without_speaker": new["without_speaker"], "preview": preview(quote_preview)})
    yield dg.Output(None, "parties", metadata={
        **common, "dagster/row_count": totals["parties"], "most_mentioned": preview(top_parties, 15)})
    yield dg.Output(None, "party_mentions", metadata={
        **common, "dagster/row_count": totals["party_mentions"], "new_mentions": new["party_mentions"],
        "preview": preview(mention_preview)})


@dg.graph_multi_asset(
    group_name="extract",
    ins={"articles": dg.AssetIn(articles.key, dagster_type=dg.Nothing)},
    outs={
        "quotes": dg.AssetOut(kinds={"spacy", "duckdb"},
                              description="Direct quotations with their speakers resolved to full names."),
        "parties": dg.AssetOut(kinds={"spacy", "duckdb"},
                               description="Canonical people, organisations, countries and places."),
        "party_mentions": dg.AssetOut(kinds={"spacy", "duckdb"},
                                      description="Every mention of a party in an article body, with offsets."),
    },
)
def extractions(articles):
    batches = plan_batches(articles).map(extract_batch)
    quotes, parties, party_mentions = record_extractions(batches.collect())
    return {"quotes": quotes, "parties": parties, "party_mentions": party_mentions}
