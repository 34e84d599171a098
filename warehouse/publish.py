"""Write, audit, publish: the published warehouse is built as a fresh file beside the published
one, checked, then swapped in with one `os.replace`.

A reader holding the old file keeps a consistent snapshot (POSIX rename keeps the old inode
alive); a new reader sees the new file; a crash at any point leaves the old file whole.
"""
from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pandas as pd

from quotewire.faults import checkpoint
from warehouse.state import SCHEMAS

PUBLISHED_TABLES = ("sources", "articles", "parties", "quotes", "quote_fragments", "party_mentions",
                    "rejected_files")

# What a run publishes: the whole current state, not only this run's batch. An article is live
# while some inbox file's latest version decodes to it and was not rejected.
_LIVE = """
WITH live AS (
    SELECT f.article_id, min(f.source_path) AS source_path
    FROM inbox_files f JOIN articles a USING (article_id)
    WHERE f.reason IS NULL
    GROUP BY f.article_id
)
"""
PUBLISHABLE = {
    "articles": _LIVE + """
        SELECT a.article_id, live.source_path, a.title, a.source_id, a.published_date,
               a.published_at, a.body, a.credit, a.byline, a.date_text, a.date_method,
               NULL::VARCHAR AS quality_flag, p.encoding
        FROM articles a JOIN live USING (article_id) JOIN pages p USING (article_id)
        ORDER BY a.article_id""",
    "sources": _LIVE + """
        SELECT s.* FROM sources s
        WHERE s.source_id IN (SELECT a.source_id FROM articles a JOIN live USING (article_id))
        ORDER BY s.source_id""",
    # The state keeps every quoted span with its flags; analysts get direct quotations in
    # `quotes` and the fragments and scare quotes apart, in `quote_fragments`.
    "quotes": _LIVE + """
        SELECT q.* EXCLUDE (is_scare_quote, is_partial) FROM quotes q JOIN live USING (article_id)
        WHERE NOT coalesce(q.is_scare_quote, false) AND NOT coalesce(q.is_partial, false)
        ORDER BY q.article_id, q.start_char, q.quote_id""",
    "quote_fragments": _LIVE + """
        SELECT q.* EXCLUDE (is_scare_quote, is_partial),
               CASE WHEN q.is_scare_quote THEN 'scare_quote' ELSE 'partial' END AS kind
        FROM quotes q JOIN live USING (article_id)
        WHERE coalesce(q.is_scare_quote, false) OR coalesce(q.is_partial, false)
        ORDER BY q.article_id, q.start_char, q.quote_id""",
    "party_mentions": _LIVE + """
        SELECT m.* FROM party_mentions m JOIN live USING (article_id)
        ORDER BY m.article_id, m.start_char, m.party_id""",
    "parties": _LIVE + """
        SELECT p.* FROM parties p
        WHERE p.party_id IN (SELECT m.party_id FROM party_mentions m JOIN live USING (article_id))
           OR p.party_id IN (SELECT q.speaker_party_id FROM quotes q JOIN live USING (article_id))
        ORDER BY p.party_id""",
    "rejected_files": """
        SELECT source_path, reason, detail FROM inbox_files
        WHERE reason IS NOT NULL ORDER BY source_path""",
}


def read_publishable(state: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
    """The tables a run would publish, read from the state store."""
    return {name: state.execute(PUBLISHABLE[name]).df() for name in PUBLISHED_TABLES}


def build_path_for(published: Path) -> Path:
    return published.with_name(f".{published.name}.build")


def write_build(tables: dict[str, pd.DataFrame], build: Path) -> None:
    """A complete warehouse file with the contract's DDL and comments, from `tables` (named as
    the tables of schemas/warehouse.sql; a table missing from `tables` is published empty)."""
    build.parent.mkdir(parents=True, exist_ok=True)
    for leftover in (build, build.with_name(build.name + ".wal")):
        leftover.unlink(missing_ok=True)
    # Written in the storage format of DuckDB 1.5, so that the analysts' DuckDB CLI (duckdb-cli,
    # 1.5) and harlequin open it: duckdb 2.0's default format is newer than they read.
    con = duckdb.connect(str(build), config={"storage_compatibility_version": "v1.5.0"})
    try:
        con.execute("BEGIN")
        con.execute((SCHEMAS / "warehouse.sql").read_text())
        for name, frame in tables.items():
            con.register("frame", frame)
            con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM frame")  # names are ours, not data
            con.unregister("frame")
        views = SCHEMAS / "views.sql"  # analysts' views over the tables, with their comments
        if views.exists():
            con.execute(views.read_text())
        checkpoint("stage:before_commit")
        con.execute("COMMIT")
        con.execute("CHECKPOINT")
    finally:
        con.close()
    _fsync(build)


def read_build(build: Path) -> dict[str, pd.DataFrame]:
    """The tables of a build (or published) file, read-only: what the audit checks see."""
    con = duckdb.connect(str(build), read_only=True)
    try:
        return {name: con.execute(f"SELECT * FROM {name}").df() for name in PUBLISHED_TABLES}
    finally:
        con.close()


def published_summary(path: Path) -> tuple[dict[str, int], pd.DataFrame]:
    """Row counts of a warehouse file's tables, and its latest articles with their sources."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        counts = {name: con.execute(f"SELECT count(*) FROM {name}").fetchone()[0] for name in PUBLISHED_TABLES}
        latest = con.execute("""
            SELECT a.title, s.name AS source, a.published_date,
                   (SELECT count(*) FROM quotes q WHERE q.article_id = a.article_id) AS quotes
            FROM articles a LEFT JOIN sources s USING (source_id)
            ORDER BY a.published_date DESC NULLS LAST, a.title LIMIT 10""").df()
    finally:
        con.close()
    return counts, latest


def swap_in(build: Path, published: Path) -> None:
    """Make the build the published warehouse, atomically."""
    checkpoint("publish:before_replace")
    os.replace(build, published)
    _fsync(published.parent)
    checkpoint("publish:after_replace")


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
