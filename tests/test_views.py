"""The analysts' views (schemas/views.sql) on the warehouse the sample inbox publishes: each one
carries its descriptions and agrees with the same figure computed here, in Python, from the
published tables; and the published file opens read-only in the DuckDB CLI analysts install."""
import json
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import duckdb
import pytest

from quotewire.settings import CHECKOUT

SAMPLE_INBOX = CHECKOUT / "sample_inbox"

pytestmark = pytest.mark.slow

VIEWS = ("quote_feed", "speakers", "speaker_days", "party_cooccurrence", "party_timeline", "source_volume")
DUCKDB_CLI = Path(sys.executable).with_name("duckdb")  # the duckdb-cli package's command, in the venv


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory, run_quotewire) -> Path:
    published = tmp_path_factory.mktemp("views") / "warehouse.duckdb"
    run_quotewire(SAMPLE_INBOX, published)
    return published


@pytest.fixture(scope="module")
def con(warehouse):
    connection = duckdb.connect(str(warehouse), read_only=True)
    yield connection
    connection.close()


def rows(con, sql: str) -> list[dict]:
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


@pytest.fixture(scope="module")
def tables(con) -> dict[str, list[dict]]:
    return {t: rows(con, f"SELECT * FROM {t}") for t in ("sources", "articles", "parties", "quotes", "party_mentions")}


def is_named_speaker(q: dict) -> bool:
    return q["speaker"] is not None and q["speaker_kind"] != "description"


def test_every_view_and_every_view_column_is_described(con):
    described = dict(con.execute("SELECT view_name, comment FROM duckdb_views() WHERE NOT internal").fetchall())
    assert set(VIEWS) <= set(described)
    assert all(described[v] for v in VIEWS), described
    undescribed = con.execute(f"""SELECT table_name, column_name FROM duckdb_columns()
        WHERE table_name IN {VIEWS} AND coalesce(comment, '') = ''""").fetchall()
    assert undescribed == []


def test_quote_feed_has_every_real_quote_with_its_speaker_article_and_source(con, tables):
    articles = {a["article_id"]: a for a in tables["articles"]}
    sources = {s["source_id"]: s["name"] for s in tables["sources"]}
    parties = {p["party_id"]: p["name"] for p in tables["parties"]}
    expected = {}
    for q in tables["quotes"]:
        a = articles[q["article_id"]]
        expected[q["quote_id"]] = (q["text"], parties.get(q["speaker_party_id"], q["speaker"]), q["speaker_role"],
                                   a["title"], sources.get(a["source_id"]), a["published_date"])
    feed = rows(con, "SELECT * FROM quote_feed")
    got = {r["quote_id"]: (r["quote"], r["speaker"], r["speaker_role"], r["article_title"], r["source"],
                           r["published_date"]) for r in feed}
    assert len(feed) == len(got) and got == expected
    assert len(expected) > 20  # the sample inbox quotes people on most pages
    dates = [r["published_date"] for r in feed if r["published_date"] is not None]
    assert dates == sorted(dates, reverse=True), "newest first"


def test_speakers_count_quotes_and_first_and_last_seen(con, tables):
    articles = {a["article_id"]: a for a in tables["articles"]}
    parties = {p["party_id"]: p["name"] for p in tables["parties"]}
    quotes, dates = Counter(), defaultdict(list)
    for q in filter(is_named_speaker, tables["quotes"]):
        key = (parties.get(q["speaker_party_id"], q["speaker"]), q["speaker_party_id"])
        quotes[key] += 1
        if articles[q["article_id"]]["published_date"] is not None:
            dates[key].append(articles[q["article_id"]]["published_date"])
    got = {(r["speaker"], r["speaker_party_id"]): (r["quotes"], r["first_seen"], r["last_seen"])
           for r in rows(con, "SELECT * FROM speakers")}
    assert got == {k: (n, min(dates[k], default=None), max(dates[k], default=None)) for k, n in quotes.items()}


def test_speaker_days_add_up_to_each_speakers_total(con):
    mismatched = con.execute("""
        SELECT s.speaker, s.quotes, sum(d.quotes) FROM speakers s
        JOIN speaker_days d ON d.speaker = s.speaker AND d.speaker_party_id IS NOT DISTINCT FROM s.speaker_party_id
        GROUP BY s.speaker, s.quotes HAVING s.quotes <> sum(d.quotes)""").fetchall()
    assert mismatched == []
    assert con.execute("SELECT sum(quotes) FROM speaker_days").fetchone() == con.execute(
        "SELECT sum(quotes) FROM speakers").fetchone()


def test_party_cooccurrence_counts_each_pair_once_per_article(con, tables):
    present = defaultdict(set)
    for m in tables["party_mentions"]:
        present[m["article_id"]].add(m["party_id"])
    expected = Counter()
    for parties in present.values():
        ordered = sorted(parties)
        expected.update((a, b) for i, a in enumerate(ordered) for b in ordered[i + 1:])
    got = {(r["party_a_id"], r["party_b_id"]): r["articles"] for r in rows(con, "SELECT * FROM party_cooccurrence")}
    assert got == dict(expected)
    assert max(got.values()) > 1, "the sample inbox has parties that appear together more than once"


def test_party_timeline_counts_mentions_per_party_per_day(con, tables):
    dates = {a["article_id"]: a["published_date"] for a in tables["articles"]}
    expected = Counter((m["party_id"], dates[m["article_id"]]) for m in tables["party_mentions"])
    got = {(r["party_id"], r["published_date"]): r["mentions"] for r in rows(con, "SELECT * FROM party_timeline")}
    assert got == dict(expected)


def test_source_volume_counts_articles_quotes_and_mentions_per_source_per_day(con, tables):
    articles = {a["article_id"]: a for a in tables["articles"]}
    key = lambda article_id: (articles[article_id]["source_id"], articles[article_id]["published_date"])  # noqa: E731
    expected = defaultdict(lambda: [0, 0, 0])
    for a in articles:
        expected[key(a)][0] += 1
    for q in tables["quotes"]:
        expected[key(q["article_id"])][1] += 1
    for m in tables["party_mentions"]:
        expected[key(m["article_id"])][2] += 1
    got = {(r["source_id"], r["published_date"]): [r["articles"], r["quotes"], r["party_mentions"]]
           for r in rows(con, "SELECT * FROM source_volume")}
    assert got == dict(expected)


# duckdb 2.0.1 writes storage version 69 unless told otherwise; the CLI (1.5.6) reads up to 68.


def test_the_duckdb_cli_opens_the_published_warehouse_read_only(warehouse, con):
    assert DUCKDB_CLI.exists(), f"{DUCKDB_CLI} is missing: the dev group installs duckdb-cli (uv sync)"
    done = subprocess.run(
        [str(DUCKDB_CLI), "-readonly", "-csv", "-noheader", str(warehouse),
         "-c", "SELECT count(*) FROM quote_feed", "-c", "SELECT speaker FROM speakers ORDER BY speaker LIMIT 1"],
        capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    count, first_speaker = done.stdout.split("\n")[:2]
    assert int(count) == con.execute("SELECT count(*) FROM quote_feed").fetchone()[0]
    assert first_speaker == con.execute("SELECT speaker FROM speakers ORDER BY speaker LIMIT 1").fetchone()[0]
    # Read-only means read-only: an analyst's session cannot change what the pipeline published.
    write = subprocess.run([str(DUCKDB_CLI), "-readonly", str(warehouse), "-c", "CREATE TABLE notes (x INT)"],
                           capture_output=True, text=True, timeout=60)
    assert write.returncode != 0 and "read-only" in (write.stdout + write.stderr).lower()


HARLEQUIN_SESSION = """
import json, sys
from harlequin.exception import HarlequinQueryError
from harlequin_duckdb.adapter import DuckDbAdapter

connection = DuckDbAdapter((sys.argv[1],), read_only=True, no_init=True).connect()
catalog = {r.item.label: r.item.type_name for r in connection.search_catalog("speaker")}
count = connection.execute("SELECT count(*) AS n FROM quote_feed").fetchall().column("n").to_pylist()
try:
    connection.execute("CREATE TABLE notes (x INT)")
    write = "allowed"
except HarlequinQueryError as error:
    write = str(error)
print(json.dumps({"catalog": catalog, "count": count, "write": write}))
"""


def test_harlequin_opens_the_published_warehouse_read_only(warehouse, con):
    """What `harlequin -r FILE` does on start, through its own DuckDB adapter, in a process of its
    own as harlequin would be (the screen itself was checked by hand in tmux: README)."""
    done = subprocess.run([sys.executable, "-c", HARLEQUIN_SESSION, str(warehouse)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert seen["catalog"].get("speakers") == "VIEW" and seen["catalog"].get("speaker_days") == "VIEW", seen
    assert seen["count"] == [con.execute("SELECT count(*) FROM quote_feed").fetchone()[0]]
    assert "read-only" in seen["write"], seen["write"]
