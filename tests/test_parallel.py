"""Extraction in parallel: batches side by side, and the model in worker processes, publish exactly
what one process publishes working through them in sequence."""
import re
import shutil

import dagster as dg
import pytest

from quotewire.extraction import ExtractedArticle, extract_article
from quotewire.ingest import decode
from quotewire.page import parse_page
from quotewire.parallel import ArticleExtractor
from quotewire.settings import CHECKOUT, DEFAULT_MODEL
from warehouse import handoff


def _sample_articles() -> list[tuple[str, str]]:
    articles = []
    for path in sorted((CHECKOUT / "sample_inbox").rglob("*")):
        if not path.is_file() or "rejected" in path.parts:
            continue
        body = parse_page(decode(path.read_bytes())[0]).body
        if body.strip():
            articles.append((path.stem, body))
    return articles


def test_batches_split_in_order_and_a_quiet_night_still_has_one(tmp_path):
    rows = [(f"a{n:02d}", f"Body {n}.") for n in range(45)]
    batches = handoff.write_batches(iter(rows), tmp_path / "run", per_batch=20)
    assert [n for _, n in batches] == [20, 20, 5]
    assert [r for batch, _ in batches for r in handoff.read_articles(batch)] == rows

    empty = handoff.write_batches(iter([]), tmp_path / "quiet", per_batch=20)
    assert [n for _, n in empty] == [0]
    assert handoff.read_articles(empty[0][0]) == []


def test_worker_processes_extract_what_one_process_extracts(nlp):
    articles = _sample_articles()
    assert len(articles) >= 40
    expected = ExtractedArticle.frames([extract_article(a, nlp(body)) for a, body in articles])

    results = []
    with ArticleExtractor(DEFAULT_MODEL, processes=2) as extractor:
        for outcome in extractor.extract(handoff.chunks(articles, size=8)):
            assert outcome.failures == []
            results.extend(outcome.results)
    assert [r.article_id for r in results] == [a for a, _ in articles]  # order kept
    for got, want in zip(ExtractedArticle.frames(results), expected):
        assert got.equals(want)
    assert len(expected[0]) > 20  # the comparison covered real quotes


@pytest.mark.slow
def test_two_batches_in_parallel_publish_the_same_tables_as_in_sequence(tmp_path, run_quotewire, read_tables,
                                                                         dagster_home):
    inbox = tmp_path / "inbox"
    shutil.copytree(CHECKOUT / "sample_inbox", inbox)
    batches_of_20 = {"QUOTEWIRE_ARTICLES_PER_BATCH": "20"}  # 45 articles: three batches
    sequential, parallel = tmp_path / "sequential.duckdb", tmp_path / "parallel.duckdb"

    run_quotewire(inbox, sequential, "--processes", "1", env=batches_of_20)
    done = run_quotewire(inbox, parallel, "--executor", "multiprocess", "--processes", "2", env=batches_of_20)

    tables = read_tables(parallel)
    assert tables == read_tables(sequential)
    assert len(tables["quotes"]) > 20 and len(tables["party_mentions"]) > 100

    # ...and the batches did run at once, each in its own step process.
    run_id = re.search(r"^run (\S+)", done.stdout, re.M).group(1)
    with dg.DagsterInstance.from_config(str(dagster_home)) as instance:
        spans: dict[str, list[float]] = {}
        for record in instance.all_logs(run_id, of_type={dg.DagsterEventType.STEP_START,
                                                         dg.DagsterEventType.STEP_SUCCESS}):
            if "extract_batch[" in (record.step_key or ""):
                spans.setdefault(record.step_key, []).append(record.timestamp)
    assert len(spans) == 3, spans
    (start_a, end_a), (start_b, end_b) = sorted(sorted(times) for times in spans.values())[:2]
    assert start_b < end_a, "the first two batches did not overlap"
