"""The analysts' documents against the warehouse the sample inbox publishes: docs/warehouse.md is
what `python -m quotewire.datadict` says about it today, and every question of
docs/analyst-questions.md runs and answers something, in Python's duckdb and in the DuckDB CLI."""
import datetime as dt
import difflib
import json
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from quotewire.datadict import describe
from quotewire.settings import CHECKOUT

pytestmark = pytest.mark.slow

DICTIONARY = CHECKOUT / "docs" / "warehouse.md"
QUESTIONS_PAGE = CHECKOUT / "docs" / "analyst-questions.md"
DUCKDB_CLI = Path(sys.executable).with_name("duckdb")


def questions() -> dict[str, list[str]]:
    """Each `## ` question of the page with its SQL blocks, in page order."""
    sections = re.split(r"^## ", QUESTIONS_PAGE.read_text(), flags=re.M)[1:]
    return {s.splitlines()[0]: re.findall(r"```sql\n(.*?)```", s, flags=re.S) for s in sections}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory, run_quotewire) -> Path:
    published = tmp_path_factory.mktemp("docs") / "warehouse.duckdb"
    run_quotewire(CHECKOUT / "sample_inbox", published)
    return published


def test_the_data_dictionary_is_what_the_warehouse_says(warehouse):
    generated, committed = describe(warehouse), DICTIONARY.read_text()
    diff = "".join(difflib.unified_diff(committed.splitlines(True), generated.splitlines(True),
                                        "docs/warehouse.md", "the warehouse"))
    assert generated == committed, (
        "docs/warehouse.md and the warehouse's comments differ; regenerate it with "
        f"`python -m quotewire.datadict var/warehouse.duckdb > docs/warehouse.md`:\n{diff}")


def test_the_data_dictionary_describes_every_table_view_and_column(warehouse):
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        columns = con.execute("""SELECT table_name, column_name, coalesce(comment, '') FROM duckdb_columns()
            WHERE database_name = current_database() AND schema_name = 'main'""").fetchall()
        relations = con.execute("""
            SELECT table_name, coalesce(comment, '') FROM duckdb_tables() WHERE database_name = current_database()
            UNION ALL
            SELECT view_name, coalesce(comment, '') FROM duckdb_views() WHERE database_name = current_database() AND NOT internal
            """).fetchall()
    finally:
        con.close()
    page = DICTIONARY.read_text()
    assert {"quotes", "quote_feed", "party_cooccurrence"} <= {name for name, _ in relations}
    assert [name for name, comment in relations if not comment] == []
    assert [(t, c) for t, c, comment in columns if not comment] == []
    for name, _ in relations:
        assert f"\n### {name}\n" in page
    for table, column, comment in columns:
        assert f"| `{column}` |" in page and comment.replace("|", "\\|") in page, (table, column)


@pytest.mark.parametrize("question", list(questions()))
def test_every_question_runs_and_answers(warehouse, question):
    blocks = questions()[question]
    assert blocks, f"{question!r} has no SQL"
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        for block in blocks:
            result = con.execute(block)
        answer = result.fetchall()
    finally:
        con.close()
    assert answer, f"{question!r} answers nothing on the sample warehouse"


def test_who_was_quoted_about_japan_counts_quotes_in_that_months_articles_that_mention_japan(warehouse):
    [set_month, query] = questions()["Who was quoted most about Japan last month?"]
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        assert con.execute(query).fetchall() is not None  # last calendar month: runs, whatever it finds
        con.execute(set_month)
        month = con.execute("SELECT getvariable('month')").fetchone()[0]
        answer = {speaker: quotes for speaker, quotes, *_ in con.execute(query).fetchall()}
        expected = {}
        for speaker, party_id, published, article_id in con.execute("""
                SELECT q.speaker, q.speaker_party_id, a.published_date, q.article_id
                FROM quotes q JOIN articles a USING (article_id)
                WHERE q.speaker IS NOT NULL""").fetchall():
            mentions = {name for (name,) in con.execute(
                "SELECT p.name FROM party_mentions m JOIN parties p USING (party_id) WHERE m.article_id = ?",
                [article_id]).fetchall()}
            if published and (published.year, published.month) == (month.year, month.month) and "Japan" in mentions:
                name = con.execute("SELECT name FROM parties WHERE party_id = ?", [party_id]).fetchone() if party_id else None
                key = name[0] if name else speaker
                expected[key] = expected.get(key, 0) + 1
    finally:
        con.close()
    assert month == dt.date(2023, 2, 1)
    assert answer == expected and answer


@pytest.mark.parametrize("question", list(questions()))
def test_every_question_gives_the_same_answer_in_the_duckdb_cli(warehouse, question):
    """Analysts paste these into the CLI, an older DuckDB than the one that writes the file."""
    blocks = questions()[question]
    done = subprocess.run([str(DUCKDB_CLI), "-readonly", "-bail", "-json", str(warehouse)], input="\n".join(blocks),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and not done.stderr.strip(), done.stderr
    answers, text, position = [], done.stdout, 0
    decoder = json.JSONDecoder()
    while text[position:].strip():
        answer, position = decoder.raw_decode(text, len(text) - len(text[position:].lstrip()))
        answers.append(answer)
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        for block in blocks:
            result = con.execute(block)
        expected = result.fetchall()
    finally:
        con.close()
    assert answers and len(answers[-1]) == len(expected)
