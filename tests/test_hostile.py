"""Hostile files in the inbox: each ends as an article or as a `rejected_files` row with a reason
a person can act on, the run completes, and every other file is processed.

All the hostile files share ONE inbox and ONE real run (`quotewire run`, default checks); each
test then asserts on its own files. Ordinary pages sit beside them, as on a real night. Cases
that need a moment between listing and reading call the ingest functions directly.
"""
from __future__ import annotations

import gzip
import os
import re
import socket
from pathlib import Path

import duckdb
import ftfy.bad_codecs  # noqa: F401  (registers sloppy-windows-1252)
import pytest

from quotewire.ingest import REJECTION_REASONS, Rejected, list_inbox, read_page

SIZE_LIMIT = 6 * 1024 * 1024  # QUOTEWIRE_MAX_FILE_BYTES for the run


def page(headline: str, *paragraphs: str, credit: str = "Reuters", date: str = "March 4, 2024 / 9:10 AM GMT",
         city: str = "LONDON") -> str:
    """A short wire story, as saved by the scraper: headline, credit, date, dateline, paragraphs."""
    first, *rest = paragraphs
    return "\n\n".join([headline, f"{credit}\n{date}", f"{city} ({credit}) - {first}", *rest]) + "\n"


def story(n: int, topic: str) -> str:
    """An ordinary page, different for each n (distinct content is a distinct article)."""
    return page(f"{topic} talks resume for round {n}",
                f"Negotiators met again on Monday for round {n} of the talks on {topic.lower()}, officials said.",
                f"“We are closer than we were,” said Helen Carter, who leads the delegation.")


ORDINARY = {f"ordinary/page-{n:02d}.txt": story(n, topic).encode()
            for n, topic in enumerate(["Trade", "Fishing", "Border", "Climate", "Water", "Tariff", "Energy",
                                       "Transit", "Housing", "Pension", "Farming", "Mining"])}

MOJIBAKE_SOURCE = page("Port workers accept new contract",
                       "Dock workers voted to accept the offer on Tuesday. “This is a fair deal,” said union leader "
                       "Maria Lopez. The café on the quay stayed open – as it always does.")
TEN_THOUSAND = page("Parliament publishes full list of petitions", "The list was released on Friday.",
                    *["Agreed."] * 10_000, date="March 8, 2024 / 4:00 PM GMT")
QUOTE_CHAOS = page(
    "Minister quotes letter in heated debate",
    "“The letter said ‘we will not wait,’ and ‘we cannot wait’ either,” the minister said, quoting “from memory.",
    "He added: “Nobody « reads » the „annexes‟ anyway",
    " ".join(["“”"] * 150 + ['"'] * 101 + ["‘"] * 77),
    "“Done,” said the Speaker.” ”” “")
RTL_EMOJI = page(
    "وزير الخارجية يزور عمان 🇯🇴 for border talks",
    "Foreign Minister Ayman Safadi\u200b met his counterpart on Sunday, the ministry said 👍🏽.",
    "“שלום, and welcome,” he said\u200d, in a statement \u202ereversed text\u202c that ran in Arabic: "
    "«نحن مستعدون».")
FEB_30 = page("Budget vote set for Feb 30", "The vote was planned for Feb 30, 2024, a date that does not exist.",
              date="Feb 30, 2024 / 10:00 AM GMT")
YEAR_1 = page("Museum shows oldest coin", "The coin bears the date 0001-01-01.", date="0001-01-01 09:00 GMT")
YEAR_9999 = page("Time capsule sealed", "It is to be opened on 31 December 9999.", date="December 31, 9999 / 11:59 PM GMT")
CONTRADICTS = page("Floods close schools", "Schools in the valley stayed shut on Tuesday, officials said.",
                   date="March 4, 2024 / 9:10 AM GMT", city="LONDON, June 18, 2021")
DUPLICATE = page("Dairy prices climb", "Milk prices rose for the fourth month running, farmers said on Monday.")
HOSTILE_NAMES = ["with spaces in it.txt", "new\nline.txt", "it's \"quoted\".txt", "semi;colon;.txt",
                 "日本語の記事.txt", "статья о выборах.txt", "'; DROP TABLE articles; --"]

HOSTILE: dict[str, tuple[bytes, str]] = {
    # name: (bytes, expected: 'article' or the rejection reason)
    "empty.txt": (b"", "empty"),
    "whitespace-only.txt": (b" \n\t  \r\n   \n", "empty"),
    "controls-only.txt": (b"\x0b\x0c\x0b\x0c", "empty"),
    "photo.jpg": (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256)) * 8, "binary"),
    "chart.png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "binary"),
    "report.pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + bytes(100), "binary"),
    "setup.exe": (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(300), "binary"),
    "tool": (b"\x7fELF\x02\x01\x01\x00" + bytes(400), "binary"),
    "page.txt.gz": (gzip.compress(story(99, "Archive").encode()), "binary"),
    "nul-and-controls.txt": (page("Rail strike called off \x07after late offer",
                                  "Unions\x00 called off the strike\x1b[0m on Sunday after a late pay offer, a "
                                  "spokesman said.\x00").encode(), "article"),
    "invalid-utf8.txt": (page("Copper price hits record", "Copper rose 3% on Monday").encode()
                         + b"\xff\xfe\xc3\x28 traders said \xe2\x82 the rally would last.\n", "article"),
    "utf16-bom.txt": (story(101, "Ferry").encode("utf-16"), "article"),
    "utf16-le-no-bom.txt": (story(102, "Canal").encode("utf-16-le"), "article"),
    "utf16-be-no-bom.txt": (story(103, "Tunnel").encode("utf-16-be"), "article"),
    "mixed-encodings.txt": (page("Café owners protest rent rise", "Owners of the café “Le Coin” marched on Monday.").encode()
                            + "Señor Muñoz said prices rose 5€ – “too much”.\n".encode("cp1252"), "article"),
    # UTF-8 read as Windows-1252 and saved again as UTF-8: “ becomes â€œ.
    "mojibake.txt": (MOJIBAKE_SOURCE.encode("utf-8").decode("sloppy-windows-1252").encode("utf-8"), "article"),
    "over-the-limit.txt": ((story(104, "Bulk") * 60_000).encode()[: SIZE_LIMIT + 10], "too_large"),
    "one-5MB-line.txt": (("Markets rallied on Monday. " * 200_000).encode()[: 5 * 1024 * 1024], "too_large"),
    "ten-thousand-paragraphs.txt": (TEN_THOUSAND.encode(), "article"),
    "quote-chaos.txt": (QUOTE_CHAOS.encode(), "article"),
    "rtl-emoji-zero-width.txt": (RTL_EMOJI.encode(), "article"),
    "date-feb-30.txt": (FEB_30.encode(), "article"),
    "date-year-0001.txt": (YEAR_1.encode(), "article"),
    "date-year-9999.txt": (YEAR_9999.encode(), "article"),
    "dateline-contradicts-header.txt": (CONTRADICTS.encode(), "article"),
    "same/one.txt": (DUPLICATE.encode(), "article"),
    "same/two.txt": (DUPLICATE.encode("utf-16"), "article"),  # the same text in another encoding
    "headline-only.txt": (b"Breaking: more to follow\n", "no_body"),
    **{f"names/{name}": (story(200 + i, "Name").encode(), "article") for i, name in enumerate(HOSTILE_NAMES)},
}
SECRET = page("Outside the inbox", "This page lives outside the inbox and must never be read.")
SPECIAL = {"link-to-outside.txt": "symlink", "linked-folder": "symlink", "a-fifo": "not_regular_file",
           "a-socket": "not_regular_file"}

slow = pytest.mark.slow  # the tests of the real run


def build_inbox(inbox: Path, outside: Path) -> None:
    for name, data in {**{n: d for n, d in ORDINARY.items()}, **{n: d for n, (d, _) in HOSTILE.items()}}.items():
        path = inbox / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET)
    (inbox / "link-to-outside.txt").symlink_to(outside / "secret.txt")
    (inbox / "linked-folder").symlink_to(outside, target_is_directory=True)
    os.mkfifo(inbox / "a-fifo")
    # A socket path must be short (108 bytes): bind from inside the inbox with a relative name.
    here = os.getcwd()
    os.chdir(inbox)
    try:
        sock = socket.socket(socket.AF_UNIX)
        sock.bind("a-socket")
        sock.close()
    finally:
        os.chdir(here)


def expected_article_id(data: bytes) -> str:
    from quotewire import ids
    from quotewire.ingest import decode

    return ids.article_id(decode(data)[0])


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, run_quotewire):
    """The one real run over the hostile inbox: (inbox, warehouse, completed process, tables by name
    as lists of dicts)."""
    root = tmp_path_factory.mktemp("hostile")
    inbox, warehouse = root / "inbox", root / "w.duckdb"
    build_inbox(inbox, root / "outside")
    env = {"QUOTEWIRE_MAX_FILE_BYTES": str(SIZE_LIMIT)}
    done = run_quotewire(inbox, warehouse, env=env, check=False)
    first = done
    if done.returncode == 2 and not warehouse.exists():
        # The gate blocked it (see test_the_gate_lets_a_hostile_night_publish): publish anyway so
        # that the other tests still see what each file became.
        done = run_quotewire(inbox, warehouse, "--checks", "warn", env=env, check=False)
    assert done.returncode == 0, f"the run did not publish:\n{done.stdout}\n{done.stderr[-5000:]}"
    return inbox, warehouse, done, tables(warehouse), first


def tables(warehouse: Path) -> dict[str, list[dict]]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        out = {}
        for table in ("articles", "rejected_files", "quotes", "party_mentions", "parties", "sources"):
            cursor = con.execute(f"SELECT * FROM {table}")
            names = [d[0] for d in cursor.description]
            out[table] = [dict(zip(names, row)) for row in cursor.fetchall()]
        return out
    finally:
        con.close()


@slow
def test_every_file_is_an_article_or_a_rejection_with_an_actionable_reason(hostile):
    inbox, _, done, t, _ = hostile
    articles = {a["article_id"]: a for a in t["articles"]}
    rejected = {r["source_path"]: r for r in t["rejected_files"]}
    files = {**{n: (d, "article") for n, d in ORDINARY.items()}, **HOSTILE}
    for name, (data, want) in files.items():
        if want == "article":
            assert name not in rejected, f"{name!r} was rejected: {rejected.get(name)}"
            assert expected_article_id(data) in articles, f"{name!r} did not become an article"
        else:
            assert name in rejected, f"{name!r} should have been rejected as {want}"
            assert rejected[name]["reason"] == want, (name, rejected[name])
    for name, reason in SPECIAL.items():
        assert rejected[name]["reason"] == reason, (name, rejected.get(name))
    for row in rejected.values():
        assert row["reason"] in REJECTION_REASONS
        assert len(row["detail"] or "") > 25, f"{row['source_path']!r}: the detail says too little to act on"
    # Nothing lost: files in = distinct articles (one per distinct content) + rejected files.
    article_files = {n for n, (_, want) in files.items() if want == "article"}
    distinct = {expected_article_id(files[n][0]) for n in article_files}
    assert len(articles) == len(distinct)
    assert len(files) + len(SPECIAL) == len(article_files) + len(rejected)
    assert len(rejected) == len(SPECIAL) + sum(want != "article" for _, want in HOSTILE.values())
    print(f"\nhostile inbox: {len(files) + len(SPECIAL)} files in ({len(HOSTILE) + len(SPECIAL)} hostile), "
          f"{len(articles)} articles from {len(article_files)} files, {len(rejected)} rejected")


@slow
def test_the_gate_lets_a_hostile_night_publish(hostile):
    """One bad file never holds back the night: the default checks publish this inbox."""
    *_, first = hostile
    assert first.returncode == 0, first.stderr[-3000:]


@slow
def test_the_run_reports_rejections_by_reason(hostile):
    _, _, done, t, _ = hostile
    assert "rejected by reason:" in done.stdout
    for reason in ("binary", "empty", "too_large", "symlink", "not_regular_file", "no_body"):
        assert reason in done.stdout


def _article(t, name: str) -> dict:
    files = {**{n: (d, "article") for n, d in ORDINARY.items()}, **HOSTILE}
    wanted = expected_article_id(files[name][0])
    [row] = [a for a in t["articles"] if a["article_id"] == wanted]
    return row


@slow
def test_damaged_text_is_repaired_not_lost(hostile):
    _, _, _, t, _ = hostile
    controls = _article(t, "nul-and-controls.txt")
    assert controls["title"] == "Rail strike called off after late offer"
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", controls["body"])
    assert "Unions called off the strike" in controls["body"]
    mixed = _article(t, "mixed-encodings.txt")
    assert "“Le Coin”" in mixed["body"] and "Señor Muñoz said prices rose 5€ – “too much”." in mixed["body"]
    mojibake = _article(t, "mojibake.txt")
    assert "“This is a fair deal,” said union leader Maria Lopez" in mojibake["body"]
    assert "â€" not in mojibake["body"] and "Ã" not in mojibake["body"]
    assert "Copper rose 3% on Monday" in _article(t, "invalid-utf8.txt")["body"]
    for name, title in [("utf16-bom.txt", "Ferry"), ("utf16-le-no-bom.txt", "Canal"), ("utf16-be-no-bom.txt", "Tunnel")]:
        assert _article(t, name)["title"].startswith(f"{title} talks resume"), name
    rtl = _article(t, "rtl-emoji-zero-width.txt")
    assert rtl["title"] == "وزير الخارجية يزور عمان 🇯🇴 for border talks"
    assert "«نحن مستعدون»" in rtl["body"]


@slow
def test_a_page_of_ten_thousand_paragraphs_is_one_article(hostile):
    _, _, _, t, _ = hostile
    body = _article(t, "ten-thousand-paragraphs.txt")["body"]
    assert body.count("Agreed.") == 10_000


@slow
def test_every_quote_and_mention_points_at_its_words_even_on_hostile_pages(hostile):
    _, _, _, t, _ = hostile
    from quotewire.quality import _quote_span

    bodies = {a["article_id"]: a["body"] for a in t["articles"]}
    for q in t["quotes"]:
        assert _quote_span(bodies[q["article_id"]], q["start_char"], q["end_char"], q["text"]) in ("exact", "pieces"), q
    for m in t["party_mentions"]:
        assert bodies[m["article_id"]][m["start_char"]:m["end_char"]] == m["mention"], m
    chaos = _article(t, "quote-chaos.txt")["article_id"]
    assert any(q["article_id"] == chaos for q in t["quotes"]), "the balanced quotes on the chaotic page were lost"


@slow
def test_impossible_dates_are_null_and_a_contradicted_date_is_one_of_those_printed(hostile):
    import datetime as dt

    _, _, _, t, _ = hostile
    for name in ("date-feb-30.txt", "date-year-0001.txt", "date-year-9999.txt"):
        row = _article(t, name)
        assert row["published_date"] is None and row["published_at"] is None, (name, row["published_date"])
    row = _article(t, "dateline-contradicts-header.txt")
    assert row["published_date"] in (dt.date(2024, 3, 4), dt.date(2021, 6, 18))
    if row["published_at"] is not None:
        assert row["published_at"].astimezone(dt.timezone.utc).date() == row["published_date"]


@slow
def test_the_same_content_under_two_names_is_one_article(hostile):
    _, _, _, t, _ = hostile
    row = _article(t, "same/one.txt")
    assert row["source_path"] == "same/one.txt"  # the first name in order
    assert sum(a["title"] == "Dairy prices climb" for a in t["articles"]) == 1


@slow
def test_hostile_file_names_go_through_intact(hostile):
    """Names with spaces, newlines, quotes, semicolons, other scripts and SQL reach the warehouse
    as data: the tables are all there and each name is stored exactly."""
    _, _, _, t, _ = hostile
    paths = {a["source_path"] for a in t["articles"]}
    for name in HOSTILE_NAMES:
        assert f"names/{name}" in paths, f"{name!r} did not arrive intact"
    assert len(t["articles"]) > 30  # DROP TABLE articles dropped nothing


@slow
def test_links_out_of_the_inbox_are_not_followed(hostile):
    inbox, _, _, t, _ = hostile
    rejected = {r["source_path"]: r for r in t["rejected_files"]}
    assert "not followed" in rejected["link-to-outside.txt"]["detail"]
    everything = repr(t)
    assert "Outside the inbox" not in everything and "must never be read" not in everything
    assert not any(p.startswith("linked-folder/") for p in {a["source_path"] for a in t["articles"]})


# --- Between listing and reading: the ingest functions called directly, at that moment.

def _listed(inbox: Path, name: str):
    [entry] = [e for e in list_inbox(inbox) if e.source_path == name]
    return entry


def test_a_file_rewritten_between_listing_and_reading_is_read_whole(tmp_path):
    (tmp_path / "late.txt").write_text(story(1, "Draft"))
    entry = _listed(tmp_path, "late.txt")
    fresh = tmp_path / "late.txt.tmp"
    fresh.write_text(story(2, "Final") * 3)
    fresh.replace(tmp_path / "late.txt")  # how scrapers save: a whole new file renamed over it
    page_read = read_page(entry, 1_000_000)
    assert page_read.text == story(2, "Final") * 3  # the new version, whole, never a mix


@pytest.mark.parametrize("swap", ["symlink", "fifo", "directory", "deleted"])
def test_a_file_swapped_between_listing_and_reading_is_reported_not_followed(tmp_path, swap):
    secret = tmp_path.parent / f"{tmp_path.name}-secret.txt"
    secret.write_text(SECRET)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    target = inbox / "page.txt"
    target.write_text(story(3, "Swap"))
    entry = _listed(inbox, "page.txt")
    target.unlink()
    if swap == "symlink":
        target.symlink_to(secret)
    elif swap == "fifo":
        os.mkfifo(target)
    elif swap == "directory":
        target.mkdir()
    with pytest.raises(Rejected) as rejection:
        read_page(entry, 1_000_000)  # never blocks on the FIFO, never reads the link's target
    assert rejection.value.reason in ("unreadable", "not_regular_file")
    assert rejection.value.detail


# --- The second run: a changed file replaces its old version; a rejected file, fixed, becomes an article.

@pytest.fixture(scope="module")
def second_run(hostile, run_quotewire):
    inbox, warehouse, _, before, _ = hostile
    changed = story(0, "Trade").replace("officials said.", "officials said, and agreed to meet again in May.")
    (inbox / "ordinary/page-00.txt").write_text(changed)
    (inbox / "empty.txt").write_text(story(300, "Late"))
    env = {"QUOTEWIRE_MAX_FILE_BYTES": str(SIZE_LIMIT)}
    first = run_quotewire(inbox, warehouse, env=env, check=False)
    done = first
    if first.returncode == 2:  # see test_a_second_night_over_the_same_hostile_inbox_publishes...
        done = run_quotewire(inbox, warehouse, "--checks", "warn", env=env)
    return before, tables(warehouse), first, done


@slow
def test_a_second_night_over_the_same_hostile_inbox_publishes_with_default_checks(second_run):
    *_, first, _ = second_run
    assert first.returncode == 0, first.stderr[-3000:]


@slow
def test_links_left_in_the_inbox_are_not_rejected_again_each_night(second_run):
    *_, first, _ = second_run
    assert "'rejected': 0" in first.stderr, first.stderr[-3000:]


@slow
def test_a_second_run_replaces_a_changed_file_and_takes_in_a_fixed_one(second_run):
    before, after, first, _ = second_run
    assert "'changed': 2" in first.stderr  # page-00 and the fixed empty.txt, nothing else re-read
    old = _article(before, "ordinary/page-00.txt")
    ids = [a["article_id"] for a in after["articles"]]
    assert len(ids) == len(set(ids)) == len(before["articles"]) + 1
    assert old["article_id"] not in ids, "the old version of the changed file is still published"
    paths = [a["source_path"] for a in after["articles"]]
    assert paths.count("ordinary/page-00.txt") == 1
    assert "agreed to meet again in May" in next(a["body"] for a in after["articles"]
                                                 if a["source_path"] == "ordinary/page-00.txt")
    assert "empty.txt" in paths and "empty.txt" not in {r["source_path"] for r in after["rejected_files"]}
    assert len(after["rejected_files"]) == len(before["rejected_files"]) - 1
    assert not any(q["article_id"] == old["article_id"] for q in after["quotes"])
    assert not any(m["article_id"] == old["article_id"] for m in after["party_mentions"])


# --- Security: SQL is never built from data; the UI listens only on this machine.

SQL_CALLS = {"execute", "executemany", "sql", "query"}
SHIPPED_FILES = {"SCHEMAS"}  # paths of files in the repository: their text is ours
# Reviewed by hand: write_build's table names are the keys of the dict the staging asset builds
# from PUBLISHED_TABLES (plus 'quarantined_rows'), never data; a name that is not a table of
# schemas/warehouse.sql fails the INSERT. Listed by file and SQL text, not line.
REVIEWED = {("publish.py", "f'INSERT INTO {name} BY NAME SELECT * FROM frame'")}
CODE = [p for folder in ("warehouse", "assets", "quotewire", "pipelines")
        for p in sorted((Path(__file__).resolve().parents[1] / folder).glob("*.py"))]


class _SqlTaint:
    """Decides whether a SQL argument is built only from our own constants: string literals,
    module constants, names bound only to such values (loop variables over literal tuples
    included), f-strings and concatenations of those, and text of files we ship. Anything else
    (a parameter, a value read from a file or a row) is data."""

    def __init__(self, path: Path):
        import ast

        self.ast = ast
        self.path = path
        self.tree = ast.parse(path.read_text(), str(path))
        self.module = self._bindings(self.tree, top=True)

    def _bindings(self, scope, top=False) -> dict[str, list]:
        ast = self.ast
        out: dict[str, list] = {}
        nodes = ast.iter_child_nodes(scope) if top else ast.walk(scope)
        for node in nodes:
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    self._bind(out, target, node.value)
            elif isinstance(node, (ast.AnnAssign, ast.AugAssign)) and node.value is not None:
                self._bind(out, node.target, node.value)
            elif isinstance(node, (ast.For, ast.comprehension)):
                self._bind(out, node.target, ("element", node.iter))
            elif isinstance(node, (ast.ImportFrom, ast.Import)):
                for alias in node.names:
                    out.setdefault(alias.asname or alias.name, []).append(("import", node, alias.name))
            elif isinstance(node, (ast.FunctionDef, ast.arguments)) and not top:
                args = node.args if isinstance(node, ast.FunctionDef) else node
                for a in [*args.args, *args.kwonlyargs, *args.posonlyargs]:
                    out.setdefault(a.arg, []).append(None)  # a parameter: data
        return out

    def _bind(self, out, target, value):
        ast = self.ast
        if isinstance(target, ast.Name):
            out.setdefault(target.id, []).append(value)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for i, element in enumerate(target.elts):
                if isinstance(value, ast.Tuple) and len(value.elts) == len(target.elts):
                    self._bind(out, element, value.elts[i])
                elif isinstance(value, tuple) and value[0] == "element":
                    self._bind(out, element, ("element", ("position", value[1], i)))
                else:
                    self._bind(out, element, None)
        else:
            pass  # attributes and subscripts bind no name

    def safe(self, node, scope: dict, depth: int = 0) -> bool:
        ast = self.ast
        if depth > 30 or node is None:
            return False
        s = lambda n: self.safe(n, scope, depth + 1)  # noqa: E731
        if isinstance(node, tuple):
            kind = node[0]
            if kind == "import":
                return self._imported_safe(node[1], node[2])
            if kind == "element":
                it = node[1]
                if isinstance(it, tuple) and it[0] == "position":
                    seq, i = it[1], it[2]
                    if isinstance(seq, (ast.Tuple, ast.List)):
                        return all(isinstance(e, ast.Tuple) and i < len(e.elts) and s(e.elts[i]) for e in seq.elts)
                    return s(seq)
                if isinstance(it, (ast.Tuple, ast.List, ast.Set)):
                    return all(s(e) for e in it.elts)
                return s(it)
            return False
        if isinstance(node, ast.Constant):
            return isinstance(node.value, (str, int, float, bool)) or node.value is None
        if isinstance(node, ast.JoinedStr):
            return all(s(v.value) if isinstance(v, ast.FormattedValue) else True for v in node.values)
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Div)):
            return s(node.left) and s(node.right)
        if isinstance(node, ast.IfExp):
            return s(node.body) and s(node.orelse)
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            return all(s(e) for e in node.elts)
        if isinstance(node, ast.Dict):
            return all(s(v) for v in node.values)
        if isinstance(node, ast.Subscript):
            return s(node.value)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "read_text":
            return self._shipped(node.func.value, scope)
        if isinstance(node, ast.Name):
            if node.id in SHIPPED_FILES:
                return False  # a path, not text: only its read_text() is SQL
            values = scope.get(node.id) or self.module.get(node.id)
            return bool(values) and all(s(v) for v in values)
        return False

    def _shipped(self, node, scope) -> bool:
        ast = self.ast
        if isinstance(node, ast.Name):
            if node.id in SHIPPED_FILES:
                return True
            values = scope.get(node.id) or self.module.get(node.id)
            return bool(values) and all(v is not None and not isinstance(v, tuple) and self._shipped(v, scope) for v in values)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            return self._shipped(node.left, scope) and self.safe(node.right, scope)
        return False

    def _imported_safe(self, node, name: str) -> bool:
        if not node.module or node.module.split(".")[0] not in ("warehouse", "assets", "quotewire", "pipelines"):
            return False
        source = Path(__file__).resolve().parents[1] / (node.module.replace(".", "/") + ".py")
        other = _SqlTaint(source)
        values = other.module.get(name)
        return bool(values) and all(other.safe(v, {}) for v in values)

    def unsafe_calls(self) -> list[str]:
        ast = self.ast
        found = []
        functions = [n for n in ast.walk(self.tree) if isinstance(n, (ast.FunctionDef, ast.Lambda))]
        for function in functions:
            scope = self._bindings(function)
            for node in ast.walk(function):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                        and node.func.attr in SQL_CALLS and node.args):
                    if not self.safe(node.args[0], scope) and \
                            (self.path.name, ast.unparse(node.args[0])) not in REVIEWED:
                        found.append(f"{self.path.name}:{node.lineno}: {ast.unparse(node.args[0])[:80]}")
        return sorted(set(found))


def test_no_sql_is_built_from_data():
    """Every string given to DuckDB is built from our own constants only; data (file names, page
    text, values) reaches it as parameters or registered DataFrames."""
    assert len(CODE) > 20
    unsafe = [hit for path in CODE for hit in _SqlTaint(path).unsafe_calls()]
    assert not unsafe, "SQL built from something that is not a constant of ours:\n" + "\n".join(unsafe)


def test_the_sql_check_catches_a_file_name_pasted_into_sql(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text(
        "TABLES = ('articles', 'quotes')\n"
        "def ok(con):\n"
        "    for t in TABLES:\n"
        "        con.execute(f'SELECT count(*) FROM {t}')\n"
        "def forget(con, source_path):\n"
        "    con.execute(f\"DELETE FROM inbox_files WHERE source_path = '{source_path}'\")\n"
        "def concat(con, rows):\n"
        "    for row in rows:\n"
        "        sql = 'SELECT * FROM articles WHERE title = ' + row.title\n"
        "        con.sql(sql)\n")
    found = _SqlTaint(bad).unsafe_calls()
    assert sorted(int(hit.split(":")[1]) for hit in found) == [6, 10], found


@slow
def test_the_ui_listens_only_on_this_machine_unless_told_otherwise(tmp_path, start_ui, free_port):
    import time
    import urllib.request

    import psutil

    port = free_port
    with start_ui(tmp_path / "ui.log", "--port", str(port)) as ui:
        deadline = time.monotonic() + 180
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/server_info", timeout=2)
                break
            except OSError:
                assert ui.poll() is None and time.monotonic() < deadline, "the UI did not start"
                time.sleep(0.5)
        listening = {c.laddr.ip for c in psutil.net_connections("inet")
                     if c.status == psutil.CONN_LISTEN and c.laddr.port == port}
        assert listening == {"127.0.0.1"}, listening
