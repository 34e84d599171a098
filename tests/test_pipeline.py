"""The whole pipeline, for real: `quotewire run` in a subprocess, a real Dagster instance, real
DuckDB files, the real spaCy model and Great Expectations suites."""
import datetime as dt
import json
import shutil
from pathlib import Path

import duckdb
import pytest

from quotewire.settings import CHECKOUT

pytestmark = pytest.mark.slow

EXPECTED = json.loads((CHECKOUT / "tests" / "fixtures" / "sample_inbox_expected.json").read_text())


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory, run_quotewire):
    """The README's main job: the bundled sample inbox, published once for this module."""
    workdir = tmp_path_factory.mktemp("sample")
    inbox = workdir / "inbox"
    shutil.copytree(CHECKOUT / "sample_inbox", inbox)
    warehouse = workdir / "warehouse.duckdb"
    done = run_quotewire(inbox, warehouse)
    return inbox, warehouse, done


def test_seed_page_becomes_one_article_with_every_field_right(seed_page, tmp_path, run_quotewire, read_tables):
    warehouse = tmp_path / "w.duckdb"
    run_quotewire(seed_page.parent, warehouse)
    con = duckdb.connect(str(warehouse), read_only=True)
    con.execute("SET TimeZone = 'UTC'")
    [(title, name, kind, day, instant, body)] = con.execute("""
        SELECT a.title, s.name, s.kind, a.published_date, a.published_at, a.body
        FROM articles a JOIN sources s USING (source_id)""").fetchall()
    con.close()
    assert title == ("Joe Biden, Fumio Kishida to meet at White House to announce steps to raise "
                     "US-Japan ties to new level")
    assert (name, kind) == ("Press Trust of India", "agency")
    assert day == dt.date(2023, 1, 13)
    assert instant == dt.datetime(2023, 1, 13, 4, 11, tzinfo=dt.timezone.utc)
    assert body.startswith("US President Joe Biden")
    assert "MARKET QUOTES" not in body and "GET LIVE" not in body

    con = duckdb.connect(str(warehouse), read_only=True)
    quotes = con.execute("""
        SELECT q.speaker, q.cue, q.speaker_role IS NOT NULL, p.name, p.party_type
        FROM quotes q LEFT JOIN parties p ON p.party_id = q.speaker_party_id
        ORDER BY q.start_char""").fetchall()
    parties = set(con.execute("SELECT name, party_type FROM parties").fetchall())
    kirby_mentions = con.execute("""
        SELECT DISTINCT p.name FROM party_mentions m JOIN parties p USING (party_id)
        WHERE m.mention LIKE '%Kirby%'""").fetchall()
    con.close()
    assert [(speaker, cue) for speaker, cue, *_ in quotes] == [
        ("John Kirby", "told"), ("John Kirby", "said"), ("John Kirby", "told")]
    assert quotes[0][2], "the role of the first attribution is kept"
    assert all(row[3:] == ("John Kirby", "person") for row in quotes)
    assert {("Joe Biden", "person"), ("Fumio Kishida", "person"), ("John Kirby", "person"),
            ("United States", "country"), ("Japan", "country"), ("China", "country"),
            ("South Korea", "country"), ("National Security Council", "organization")} <= parties
    assert kirby_mentions == [("John Kirby",)]

    before = read_tables(warehouse)
    again = run_quotewire(seed_page.parent, warehouse)
    assert read_tables(warehouse) == before, "a second run over the same inbox changed the warehouse"
    assert "articles              1" in again.stdout
    # Re-running a batch (here: every batch) replaces its rows, never duplicates them.
    run_quotewire(seed_page.parent, warehouse, "--reprocess", "all")
    assert read_tables(warehouse) == before


def test_sample_inbox_publishes_every_expected_field(sample_run):
    inbox, warehouse, done = sample_run
    con = duckdb.connect(str(warehouse), read_only=True)
    con.execute("SET TimeZone = 'UTC'")
    articles = {row[0]: row for row in con.execute("""
        SELECT a.source_path, a.title, a.source_id, s.name, s.kind, a.published_date,
               strftime(a.published_at, '%Y-%m-%dT%H:%M:%SZ'), a.body
        FROM articles a LEFT JOIN sources s USING (source_id)""").fetchall()}
    rejected = dict(con.execute("SELECT source_path, reason FROM rejected_files").fetchall())
    con.close()
    for path, want in EXPECTED["articles"].items():
        assert path in articles, f"{path} did not become an article"
        _, title, source_id, source_name, kind, day, instant, body = articles[path]
        got = {"title": title, "source_id": source_id, "source_name": source_name, "source_kind": kind,
               "published_date": day.isoformat() if day else None, "published_at": instant}
        assert got == {k: want[k] for k in got}, path
        assert body.startswith(want["body_starts"]), path
        for furniture in want.get("body_excludes", []):
            assert furniture not in body, f"{path}: {furniture!r} left in the body"
    assert rejected == EXPECTED["rejected"]
    # Nothing lost: every file is an article or a rejection.
    files = {p.relative_to(inbox).as_posix() for p in inbox.rglob("*") if p.is_file()
             and not any(part.startswith(".") for part in p.relative_to(inbox).parts)}
    assert files == set(articles) | set(rejected)


def test_sample_inbox_has_quotes_and_parties(sample_run):
    _, warehouse, _ = sample_run
    con = duckdb.connect(str(warehouse), read_only=True)
    quotes, speakers, mentions = con.execute("""
        SELECT (SELECT count(*) FROM quotes), (SELECT count(speaker) FROM quotes),
               (SELECT count(*) FROM party_mentions)""").fetchone()
    bad_offsets = con.execute("""
        SELECT count(*) FROM party_mentions m JOIN articles a USING (article_id)
        WHERE substr(a.body, m.start_char + 1, m.end_char - m.start_char) <> m.mention""").fetchone()[0]
    con.close()
    assert quotes >= 10 and speakers >= quotes // 2
    assert mentions >= 50 and bad_offsets == 0


def test_an_open_reader_never_blocks_a_run_and_keeps_its_snapshot(sample_run, tmp_path, run_quotewire):
    inbox, _, _ = sample_run
    mine = tmp_path / "inbox"
    shutil.copytree(inbox, mine)
    warehouse = tmp_path / "w.duckdb"
    run_quotewire(mine, warehouse)
    analyst = duckdb.connect(str(warehouse), read_only=True)
    before = analyst.execute("SELECT count(*) FROM articles").fetchone()[0]
    (mine / "late.txt").write_text(
        "Port strike ends after three days\n\nReuters\nMar 3, 2024 / 10:05 AM GMT\n\nDock workers returned to work on Sunday after the union "
        "accepted a new pay offer, its leader Maria Lopez said.\n\n“This is a fair deal,” Lopez told reporters.\n")
    run_quotewire(mine, warehouse)  # raises if the analyst's session blocked it
    assert analyst.execute("SELECT count(*) FROM articles").fetchone()[0] == before
    analyst.close()
    fresh = duckdb.connect(str(warehouse), read_only=True)
    assert fresh.execute("SELECT count(*) FROM articles").fetchone()[0] == before + 1
    fresh.close()


def test_a_run_killed_before_publishing_leaves_the_previous_warehouse_whole(sample_run, tmp_path, run_quotewire, read_tables):
    inbox, _, _ = sample_run
    mine = tmp_path / "inbox"
    shutil.copytree(inbox, mine)
    warehouse = tmp_path / "w.duckdb"
    run_quotewire(mine, warehouse)
    published = warehouse.read_bytes()
    (mine / "late.txt").write_text("Rail link reopens\n\nLISBON, March 4, 2024 (Reuters) - The line between the two cities reopened on Monday.\n")
    killed = run_quotewire(mine, warehouse, env={"QUOTEWIRE_KILL_AT": "publish:before_replace"}, check=False)
    assert killed.returncode == -9, killed.stderr
    assert warehouse.read_bytes() == published
    run_quotewire(mine, warehouse)
    tables = read_tables(warehouse)
    assert any(row[1] == "late.txt" for row in tables["articles"])
    assert len({row[0] for row in tables["articles"]}) == len(tables["articles"])


def test_a_changed_file_replaces_its_old_version_and_a_copy_is_one_article(tmp_path, run_quotewire, read_tables):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    page = inbox / "talks.txt"
    page.write_text("Talks resume in Geneva\n\nGENEVA, May 7, 2024 (AFP) - Negotiators met again on Tuesday, officials said.\n")
    warehouse = tmp_path / "w.duckdb"
    run_quotewire(inbox, warehouse)
    page.write_text("Talks resume in Geneva\n\nGENEVA, May 7, 2024 (AFP) - Negotiators met again on Tuesday and agreed a timetable.\n")
    (inbox / "copy-in-utf16.txt").write_bytes(page.read_text().encode("utf-16"))
    run_quotewire(inbox, warehouse)
    articles = read_tables(warehouse)["articles"]
    assert len(articles) == 1
    assert "agreed a timetable" in articles[0][6]
    assert articles[0][1] == "copy-in-utf16.txt"  # the first name in order holds the same page


def test_the_gate_blocks_a_batch_of_undated_pages_unless_told_to_warn(tmp_path, run_quotewire):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for n in range(4):
        (inbox / f"undated-{n}.txt").write_text(f"Storm number {n} reaches the coast\n\nHeavy rain fell overnight.\n")
    warehouse = tmp_path / "w.duckdb"
    small_batches_count = {"QUOTEWIRE_MIN_BATCH_FILES": "3"}  # the default judges shares from 10 files
    blocked = run_quotewire(inbox, warehouse, env=small_batches_count, check=False)
    assert blocked.returncode == 2, blocked.stderr
    assert "articles" in blocked.stderr and "undated" in blocked.stderr
    assert not warehouse.exists()
    again = run_quotewire(inbox, warehouse, env=small_batches_count, check=False)
    assert again.returncode == 2, "running again slipped the blocked batch past the gate"
    warned = run_quotewire(inbox, warehouse, "--checks", "warn", env=small_batches_count)
    assert "published despite failed checks" in warned.stderr
    con = duckdb.connect(str(warehouse), read_only=True)
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 4
    con.close()


def test_deleting_the_state_and_running_again_rebuilds_the_same_tables(sample_run, tmp_path, run_quotewire, read_tables):
    inbox, warehouse, _ = sample_run
    before = read_tables(warehouse)
    mine = tmp_path / "w.duckdb"
    shutil.copy(warehouse, mine)
    run_quotewire(inbox, mine)  # no state beside this copy: everything is derived again
    assert (tmp_path / "w.quotewire").is_dir()
    assert read_tables(mine) == before


def test_the_main_job_builds_the_data_docs_with_every_suite(sample_run):
    _, warehouse, done = sample_run
    index = warehouse.with_name("warehouse.data_docs") / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"
    assert str(index) in done.stdout  # the summary says where the report is
    html = index.read_text()
    for suite in ("sources", "articles", "quotes", "parties", "party_mentions", "rejected_files"):
        assert suite in html, f"the Data Docs index lists no {suite} suite"
    assert "checks: 6/6 passed" in done.stdout
