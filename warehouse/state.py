"""The pipeline's own DuckDB store, a sibling of the published file."""
from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd

SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"


class RunInProgress(RuntimeError):
    """Another run holds the state store."""


class StateStore:
    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self.path = self.directory / "state.duckdb"

    @contextlib.contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-write connection, the schema ensured. Only one process at a time may hold it:
        a second run gets a clear `RunInProgress` instead of DuckDB's lock error."""
        self.directory.mkdir(parents=True, exist_ok=True)
        try:
            con = duckdb.connect(str(self.path))
        except duckdb.IOException as err:
            if "lock" in str(err).lower():
                raise RunInProgress(
                    f"another quotewire run is using {self.path}; wait for it to finish "
                    f"(only one run at a time writes a warehouse)") from err
            raise
        try:
            con.execute((SCHEMAS / "state.sql").read_text())
            yield con
        finally:
            con.close()

    def acquire_run_lock(self) -> None:
        """Taken by the first step of a run and held until publish (or the process ends, even by
        SIGKILL: the kernel drops a flock with its process). A second run started meanwhile stops
        at once with `RunInProgress` instead of interleaving its steps with ours. Re-entrant
        within one process, since every step of a run executes in the run's process."""
        if self.path in _HELD_LOCKS:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        handle = open(self.directory / "run.lock", "a+")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as err:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            handle.close()
            raise RunInProgress(
                f"a quotewire run ({holder}) is already running on {self.directory}; this run "
                "stops without changing anything: start it again when that one ends") from err
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        _HELD_LOCKS[self.path] = handle

    def release_run_lock(self) -> None:
        handle = _HELD_LOCKS.pop(self.path, None)
        if handle is not None:
            handle.close()


_HELD_LOCKS: dict[Path, object] = {}


# --- The state store's operations, used by the assets. Data reaches DuckDB only as parameters
# or registered DataFrames, never pasted into SQL text.

def known_files(con: duckdb.DuckDBPyConnection) -> dict[str, tuple]:
    """source_path -> (size_bytes, mtime_ns, sha256, reason) of each file seen before."""
    rows = con.execute("SELECT source_path, size_bytes, mtime_ns, sha256, reason FROM inbox_files").fetchall()
    return {row[0]: row[1:] for row in rows}


def record_files(con: duckdb.DuckDBPyConnection, files: "pd.DataFrame", pages: "pd.DataFrame") -> None:
    """Upsert what files became, and the new pages, in one transaction."""
    con.execute("BEGIN")
    try:
        if len(files):
            con.register("files_frame", files)
            con.execute("INSERT OR REPLACE INTO inbox_files BY NAME SELECT * FROM files_frame")
            con.unregister("files_frame")
        if len(pages):
            con.register("pages_frame", pages)
            # The same page under two names in one batch is one page.
            con.execute("""INSERT INTO pages BY NAME SELECT DISTINCT ON (article_id) * FROM pages_frame
                           WHERE article_id NOT IN (SELECT article_id FROM pages)""")
            con.unregister("pages_frame")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def forget_orphans(con: duckdb.DuckDBPyConnection) -> int:
    """Drop derived rows of pages no file decodes to any more (a file changed under its name:
    the new version replaces the old). Files that left the inbox keep their articles."""
    orphans = "SELECT article_id FROM pages WHERE article_id NOT IN (SELECT article_id FROM inbox_files WHERE article_id IS NOT NULL)"
    count = con.execute(f"SELECT count(*) FROM ({orphans})").fetchone()[0]
    if count:
        con.execute("BEGIN")
        for table in ("quotes", "party_mentions", "articles"):
            con.execute(f"DELETE FROM {table} WHERE article_id IN ({orphans})")
        con.execute(f"DELETE FROM pages WHERE article_id IN ({orphans})")
        con.execute("COMMIT")
    return count


def mark_for_reprocessing(con: duckdb.DuckDBPyConnection, batch: str) -> int:
    """Make a batch ('all', or a run's batch id) be parsed and extracted again."""
    if batch == "all":
        where, params = "TRUE", []
    else:
        where = "batch_id = ? OR article_id IN (SELECT article_id FROM inbox_files WHERE batch_id = ?)"
        params = [batch, batch]
    count = con.execute(f"SELECT count(*) FROM pages WHERE {where}", params).fetchone()[0]
    con.execute(f"UPDATE pages SET parsed_version = NULL, extracted_version = NULL WHERE {where}", params)
    return count


def pages_to_parse(con: duckdb.DuckDBPyConnection, version: str) -> list[tuple[str, str]]:
    return con.execute(
        "SELECT article_id, text FROM pages WHERE parsed_version IS DISTINCT FROM ? ORDER BY article_id",
        [version]).fetchall()


def record_articles(con: duckdb.DuckDBPyConnection, articles: "pd.DataFrame", sources: "pd.DataFrame",
                    no_body: "pd.DataFrame", version: str) -> None:
    """Replace the articles of the parsed pages; files whose page has no body become rejections
    (and stop being rejections when a newer parser finds one)."""
    con.execute("BEGIN")
    try:
        con.register("articles_frame", articles)
        con.register("sources_frame", sources)
        con.register("no_body_frame", no_body)
        con.execute("DELETE FROM articles WHERE article_id IN (SELECT article_id FROM articles_frame)"
                    " OR article_id IN (SELECT article_id FROM no_body_frame)")
        con.execute("INSERT INTO articles BY NAME SELECT * FROM articles_frame")
        con.execute("INSERT OR REPLACE INTO sources BY NAME SELECT * FROM sources_frame")
        con.execute("""UPDATE inbox_files SET reason = 'no_body', detail = no_body_frame.detail
                       FROM no_body_frame WHERE inbox_files.article_id = no_body_frame.article_id""")
        con.execute("""UPDATE inbox_files SET reason = NULL, detail = NULL
                       WHERE reason = 'no_body'
                         AND article_id IN (SELECT article_id FROM articles_frame)""")
        con.execute("""UPDATE pages SET parsed_version = ?, extracted_version = NULL
                       WHERE article_id IN (SELECT article_id FROM articles_frame)
                          OR article_id IN (SELECT article_id FROM no_body_frame)""", [version])
        for name in ("articles_frame", "sources_frame", "no_body_frame"):
            con.unregister(name)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def articles_to_extract(con: duckdb.DuckDBPyConnection, version: str, fetch: int = 500) -> Iterator[tuple[str, str]]:
    """(article_id, body) of every article this extractor version has not extracted, streamed
    (`fetch` rows at a time) so that memory does not grow with the inbox."""
    cursor = con.execute("""
        SELECT a.article_id, a.body FROM articles a JOIN pages p USING (article_id)
        WHERE p.extracted_version IS DISTINCT FROM ?
          AND a.article_id IN (SELECT article_id FROM inbox_files WHERE reason IS NULL)
        ORDER BY a.article_id""", [version])
    while rows := cursor.fetchmany(fetch):
        yield from rows


def record_extractions(con: duckdb.DuckDBPyConnection, article_ids: list[str], quotes: "pd.DataFrame",
                       parties: "pd.DataFrame", mentions: "pd.DataFrame", version: str) -> None:
    """Replace the quotes and mentions of a batch of articles, in one transaction."""
    con.execute("BEGIN")
    try:
        ids = pd.DataFrame({"article_id": article_ids}, dtype="string")
        con.register("batch_ids", ids)
        for table in ("quotes", "party_mentions"):
            con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT article_id FROM batch_ids)")
        for table, frame in (("quotes", quotes), ("party_mentions", mentions), ("parties", parties)):
            if len(frame):
                con.register("frame", frame)
                verb = "INSERT OR IGNORE" if table == "parties" else "INSERT"
                con.execute(f"{verb} INTO {table} BY NAME SELECT * FROM frame")
                con.unregister("frame")
        con.execute("UPDATE pages SET extracted_version = ? WHERE article_id IN (SELECT article_id FROM batch_ids)",
                    [version])
        con.unregister("batch_ids")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def unpublished_paths(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Files read since the last publication: the batch the quality gate judges. A batch the gate
    blocked stays in it, so running again does not slip it past the gate."""
    return [row[0] for row in con.execute("""
        SELECT source_path FROM inbox_files
        WHERE read_at > coalesce((SELECT max(published_at) FROM publications), '-infinity'::TIMESTAMPTZ)
        ORDER BY source_path""").fetchall()]


def record_publication(con: duckdb.DuckDBPyConnection, run_id: str, published_at) -> None:
    con.execute("INSERT OR REPLACE INTO publications VALUES (?, ?)", [run_id, published_at])
