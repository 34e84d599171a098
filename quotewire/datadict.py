"""The data dictionary of a published warehouse, in Markdown, from the warehouse's own comments.

    python -m quotewire.datadict WAREHOUSE > docs/warehouse.md

The descriptions live once, as `COMMENT ON` in schemas/warehouse.sql and schemas/views.sql;
this page is generated from a published file (read-only), so it says what analysts actually get.
"""
from __future__ import annotations

import sys
from pathlib import Path

import duckdb

HEADER = """\
# The warehouse: data dictionary

Every table and view of the published warehouse (schema `main`), with its columns, as the
warehouse itself describes them. Generated from a published file, do not edit by hand: change the
`COMMENT ON` statements in `schemas/warehouse.sql` (tables) or `schemas/views.sql` (views), then

    python -m quotewire.datadict var/warehouse.duckdb > docs/warehouse.md

(`tests/test_docs.py` fails while this page and the warehouse disagree). The tables and columns
fixed by the public contract never change meaning; see `../shared/CONTRACT.md`. Example questions
with their SQL: [analyst-questions.md](analyst-questions.md).
"""


def describe(warehouse: Path) -> str:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return render(con)
    finally:
        con.close()


def render(con: duckdb.DuckDBPyConnection) -> str:
    tables = con.execute("""
        SELECT table_name, comment FROM duckdb_tables()
        WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal AND NOT temporary
        ORDER BY table_name""").fetchall()
    views = con.execute("""
        SELECT view_name, comment FROM duckdb_views()
        WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal AND NOT temporary
        ORDER BY view_name""").fetchall()
    columns: dict[str, list[tuple]] = {}
    for table, column, data_type, nullable, comment in con.execute("""
            SELECT table_name, column_name, data_type, is_nullable, comment FROM duckdb_columns()
            WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal
            ORDER BY table_name, column_index""").fetchall():
        columns.setdefault(table, []).append((column, data_type, nullable, comment))
    primary_keys = {(table, column) for table, names in con.execute("""
            SELECT table_name, constraint_column_names FROM duckdb_constraints()
            WHERE database_name = current_database() AND schema_name = 'main' AND constraint_type = 'PRIMARY KEY'
            """).fetchall() for column in names}

    out = [HEADER, "## Tables\n", _index(tables)]
    for name, comment in tables:
        out.append(_section(name, comment))
        out.append("| column | type | constraint | description |\n|---|---|---|---|")
        for column, data_type, nullable, description in columns.get(name, []):
            constraint = "primary key" if (name, column) in primary_keys else ("" if nullable else "not null")
            out.append(f"| `{column}` | {data_type} | {constraint} | {_cell(description)} |")
        out.append("")
    out += ["## Views\n", _index(views)]
    for name, comment in views:
        out.append(_section(name, comment))
        out.append("| column | type | description |\n|---|---|---|")
        for column, data_type, _, description in columns.get(name, []):
            out.append(f"| `{column}` | {data_type} | {_cell(description)} |")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _index(entries: list[tuple]) -> str:
    return "\n".join(f"- [`{name}`](#{name}): {_cell(comment)}" for name, comment in entries) + "\n"


def _section(name: str, comment: str | None) -> str:
    return f"### {name}\n\n{comment or '(no description)'}\n"


def _cell(text: str | None) -> str:
    # One line per row of a Markdown table: a pipe or newline in a comment would break it.
    return (text or "(no description)").replace("|", "\\|").replace("\n", " ")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or not Path(args[0]).is_file():
        print("usage: python -m quotewire.datadict WAREHOUSE > docs/warehouse.md", file=sys.stderr)
        return 2
    sys.stdout.write(describe(Path(args[0])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
