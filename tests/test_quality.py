"""The quality gate, run for real: Great Expectations suites over synthetic contract-shaped tables."""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from quotewire import quality
from quotewire.quality import Thresholds, build_data_docs, quarantine, validate
from quotewire.quality_sample import make_batch
from quotewire.settings import CHECKOUT

RUN_DATE = dt.date(2026, 11, 27)
DEFAULTS = Thresholds()  # tests must not depend on the caller's QUOTEWIRE_* environment


def run(tables, **kwargs):
    kwargs.setdefault("thresholds", DEFAULTS)
    return {r.table: r for r in validate(tables, run_date=RUN_DATE, **kwargs)}


def blocking_failures(results) -> list[str]:
    return sorted(name for r in results.values() for name in r.failed_blocking())


@pytest.fixture
def batch():
    return make_batch(n_articles=12, quotes_per_article=6, run_date=RUN_DATE)


def test_a_good_batch_passes_every_expectation(batch):
    results = run(batch)
    assert set(results) == set(quality.TABLES)
    for r in results.values():
        failed = [e.name for e in r.expectations if not e.success]
        assert r.success and not failed, (r.table, failed)
        assert r.row_count == len(batch[r.table])
    # The sample holds a quotation over two paragraphs: judged 'pieces', not a mismatch.
    assert "quotes" in results and batch["quotes"]["text"].str.contains("Talks resume").any()


def test_every_suite_covers_what_the_issue_lists():
    suites = quality.load_suites()
    names = {t: {e["name"] for e in s["expectations"]} for t, s in suites.items()}
    for table, key in [("sources", "source_id"), ("articles", "article_id"), ("quotes", "quote_id"), ("parties", "party_id")]:
        assert {f"{key}_not_null", f"{key}_unique"} <= names[table]
    assert {"source_id_resolves", "published_date_in_range", "published_date_matches_published_at",
            "batch_share_undated", "batch_share_unsourced", "title_not_blank", "body_not_blank"} <= names["articles"]
    assert {"article_id_resolves", "speaker_party_id_resolves", "offsets_within_body", "text_at_offsets",
            "batch_share_unattributed", "text_not_blank"} <= names["quotes"]
    assert {"article_id_resolves", "party_id_resolves", "offsets_within_body", "mention_at_offsets"} <= names["party_mentions"]
    assert {"party_type_allowed", "name_not_blank"} <= names["parties"]
    assert {"kind_allowed", "name_not_blank"} <= names["sources"]
    assert {"reason_allowed", "batch_share_rejected", "batch_has_articles"} <= names["rejected_files"]


def _dup_article(b):
    b["articles"] = pd.concat([b["articles"], b["articles"].iloc[[2]]], ignore_index=True)


def _dup_quote(b):
    b["quotes"].loc[5, "quote_id"] = b["quotes"].loc[4, "quote_id"]


def _dangling_quote_article(b):
    b["quotes"].loc[3, "article_id"] = "0000000000000000"


def _dangling_mention_party(b):
    b["party_mentions"].loc[8, "party_id"] = "person:nobody-known"


def _dangling_source(b):
    b["articles"].loc[1, "source_id"] = "gazette-that-is-not-registered"


def _dangling_speaker_party(b):
    b["quotes"].loc[0, "speaker_party_id"] = "person:someone-else"


def _shifted_quote(b):
    b["quotes"].loc[2, ["start_char", "end_char"]] += 3


def _shifted_mention(b):
    b["party_mentions"].loc[6, ["start_char", "end_char"]] -= 1


def _offsets_past_body(b):
    q = b["quotes"].loc[9]
    body = b["articles"].set_index("article_id").loc[q["article_id"], "body"]
    b["quotes"].loc[9, "end_char"] = len(body) + 5


def _half_undated(b):
    b["articles"].loc[b["articles"].index[::2], "published_date"] = None


def _half_unsourced(b):
    b["articles"].loc[b["articles"].index[::2], "source_id"] = None


def _most_quotes_unattributed(b):
    b["quotes"].loc[b["quotes"].index[:50], ["speaker", "speaker_party_id", "cue"]] = None


def _date_in_future(b):
    b["articles"].loc[0, "published_date"] = RUN_DATE + dt.timedelta(days=30)


def _date_before_1990(b):
    b["articles"].loc[0, "published_date"] = dt.date(1989, 12, 31)


def _published_at_other_day(b):
    # A Kolkata source printed 13 Nov; the instant was read in the wrong zone and lands on the 12th.
    i = b["articles"].index[b["articles"]["source_id"] == "pti"][0]
    b["articles"].loc[i, "published_date"] = dt.date(2026, 11, 13)
    b["articles"].loc[i, "published_at"] = pd.Timestamp("2026-11-12T18:00:00Z")


def _bad_party_type(b):
    b["parties"].loc[0, "party_type"] = "people"


def _bad_source_kind(b):
    b["sources"].loc[0, "kind"] = "wire"


def _bad_reason(b):
    b["rejected_files"].loc[0, "reason"] = "weird"


def _blank_title(b):
    b["articles"].loc[0, "title"] = "  "


def _empty_quote(b):
    b["quotes"].loc[0, "text"] = ""


def _empty_party_name(b):
    b["parties"].loc[0, "name"] = " "


def _null_body(b):
    b["articles"].loc[0, "body"] = None


def _most_files_rejected(b):
    paths = [f"inbox/broken-{i}.bin" for i in range(40)]
    b["rejected_files"] = pd.DataFrame({"source_path": paths, "reason": "binary", "detail": "The file is not text."})


def _files_but_no_articles(b):
    for table in ("articles", "quotes", "party_mentions"):
        b[table] = b[table].iloc[0:0]


BREAKS = [
    (_dup_article, "articles.article_id_unique"),
    (_dup_quote, "quotes.quote_id_unique"),
    (_dangling_quote_article, "quotes.article_id_resolves"),
    (_dangling_mention_party, "party_mentions.party_id_resolves"),
    (_dangling_source, "articles.source_id_resolves"),
    (_dangling_speaker_party, "quotes.speaker_party_id_resolves"),
    (_shifted_quote, "quotes.text_at_offsets"),
    (_shifted_mention, "party_mentions.mention_at_offsets"),
    (_offsets_past_body, "quotes.offsets_within_body"),
    (_half_undated, "articles.batch_share_undated"),
    (_half_unsourced, "articles.batch_share_unsourced"),
    (_most_quotes_unattributed, "quotes.batch_share_unattributed"),
    # Row 0 prints a time of day too, so its published_at no longer matches either.
    (_date_in_future, "articles.published_date_in_range", "articles.published_date_matches_published_at"),
    (_date_before_1990, "articles.published_date_in_range", "articles.published_date_matches_published_at"),
    (_published_at_other_day, "articles.published_date_matches_published_at"),
    (_bad_party_type, "parties.party_type_allowed"),
    (_bad_source_kind, "sources.kind_allowed"),
    (_bad_reason, "rejected_files.reason_allowed"),
    (_blank_title, "articles.title_not_blank"),
    (_empty_quote, "quotes.text_not_blank", "quotes.text_at_offsets"),
    (_empty_party_name, "parties.name_not_blank"),
    (_most_files_rejected, "rejected_files.batch_share_rejected"),
]


@pytest.mark.parametrize("breaker,expected,also", [(b[0], b[1], b[2:]) for b in BREAKS], ids=[b[1] for b in BREAKS])
def test_a_batch_built_to_break_an_expectation_fails_naming_it(batch, breaker, expected, also):
    breaker(batch)
    results = run(batch)
    assert blocking_failures(results) == sorted([expected, *also])
    table, name = expected.split(".")
    outcome = next(e for e in results[table].expectations if e.name == name)
    assert not results[table].success and outcome.blocking
    if outcome.unexpected_count is not None and name not in ("batch_share_rejected",):
        assert outcome.failing_rows, "an engineer needs to see which rows failed"


def test_the_failing_rows_point_at_the_bad_row(batch):
    _dup_quote(batch)
    _dangling_mention_party(batch)
    results = run(batch)
    assert blocking_failures(results) == ["party_mentions.party_id_resolves", "quotes.quote_id_unique"]
    dup = next(e for e in results["quotes"].expectations if e.name == "quote_id_unique")
    assert dup.unexpected_count == 2
    assert {r["quote_id"] for r in dup.failing_rows} == {batch["quotes"].loc[4, "quote_id"]}
    dangling = next(e for e in results["party_mentions"].expectations if e.name == "party_id_resolves")
    assert [r["party_id"] for r in dangling.failing_rows] == ["person:nobody-known"]


def test_a_null_body_fails_and_a_missing_column_fails_instead_of_raising(batch):
    _null_body(batch)
    batch["parties"] = batch["parties"].drop(columns=["party_type"])
    results = run(batch)
    assert "articles.body_not_null" in blocking_failures(results)
    assert "parties.party_type_allowed" in blocking_failures(results)
    broken = next(e for e in results["parties"].expectations if e.name == "party_type_allowed")
    assert broken.error


def test_a_run_that_read_files_but_made_no_article_fails(batch):
    _files_but_no_articles(batch)
    assert "rejected_files.batch_has_articles" in blocking_failures(run(batch))


def test_an_empty_run_passes():
    empty = {t: f.iloc[0:0] for t, f in make_batch(1).items()}
    assert blocking_failures(run(empty)) == []


def test_warnings_do_not_block(batch):
    batch["articles"].loc[1, "source_path"] = batch["articles"].loc[0, "source_path"]
    batch["sources"].loc[3, "time_zone"] = "Mars/Olympus_Mons"
    results = run(batch)
    assert blocking_failures(results) == []
    assert results["articles"].failed_warnings() == ["articles.source_path_unique"]
    assert results["sources"].failed_warnings() == ["sources.time_zone_known"]


def test_batch_shares_count_only_this_runs_files():
    # Old articles without dates stay in the warehouse; tonight's are all dated: no alarm.
    batch = make_batch(n_articles=24, quotes_per_article=2, run_date=RUN_DATE)  # tonight: 16 + 1 files
    articles = batch["articles"]
    old = articles.index[:8]
    articles.loc[old, "published_date"] = None
    tonight = set(articles.loc[articles.index[8:], "source_path"]) | {"wire/photo.jpg"}
    assert "articles.batch_share_undated" in blocking_failures(run(batch))
    assert blocking_failures(run(batch, batch_paths=tonight)) == []
    # A night with no new files judges no batch share at all.
    assert blocking_failures(run(batch, batch_paths=[])) == []
    # And tonight's files all undated is caught even when history dilutes it.
    articles.loc[old, "published_date"] = RUN_DATE
    articles.loc[articles.index[8:], "published_date"] = None
    assert "articles.batch_share_undated" in blocking_failures(run(batch, batch_paths=tonight))


def test_thresholds_are_settings_read_from_the_environment(batch):
    t = Thresholds.from_env({"QUOTEWIRE_MAX_SHARE_UNDATED": "0.6", "QUOTEWIRE_EARLIEST_DATE": "2000-01-01"})
    assert t.max_share_undated == 0.6 and t.earliest_date == dt.date(2000, 1, 1)
    assert t.max_share_rejected == DEFAULTS.max_share_rejected
    _half_undated(batch)
    assert "articles.batch_share_undated" in blocking_failures(run(batch))
    assert blocking_failures(run(batch, thresholds=t)) == []
    with pytest.raises(ValueError, match="between 0 and 1"):
        Thresholds.from_env({"QUOTEWIRE_MAX_SHARE_REJECTED": "30"})


def test_check_metadata_is_json_and_names_each_expectation(batch):
    _shifted_quote(batch)
    results = run(batch)
    meta = results["quotes"].to_metadata()
    text = json.dumps(meta)  # what Dagster metadata needs: plain values
    assert meta["failed_blocking"] == ["quotes.text_at_offsets"]
    assert [e["name"] for e in meta["expectations"]] == [e["name"] for e in quality.load_suites()["quotes"]["expectations"]]
    assert "mismatch" in text
    md = results["quotes"].markdown()
    assert "| text_at_offsets | yes | **FAIL** | 1 |" in md
    report = quality.failure_report(list(results.values())).splitlines()
    assert report[0].startswith(f"blocking: quotes.text_at_offsets 1 of {len(batch['quotes'])} rows")
    assert [line for line in report if not line.startswith("    ")] == report[:1]  # one failure
    assert report[1].startswith("    e.g. ")  # and the row to look at


def test_one_bad_row_is_repaired_and_the_batch_then_passes(batch):
    before = {t: f.copy() for t, f in batch.items()}
    batch["articles"].loc[3, "published_date"] = dt.date(2206, 1, 1)  # a misread year
    batch["articles"].loc[4, "title"] = ""
    _shifted_quote(batch)
    bad_quote = batch["quotes"].loc[2, "quote_id"]
    assert blocking_failures(run(batch)) == [
        "articles.published_date_in_range", "articles.title_not_blank", "quotes.text_at_offsets"
    ]
    fixed, flagged = quarantine(batch, run_date=RUN_DATE, thresholds=DEFAULTS)
    assert blocking_failures(run(fixed)) == []
    assert list(flagged.columns) == quality.FLAGGED_COLUMNS
    assert sorted(zip(flagged["table"], flagged["action"], flagged["reason"])) == [
        ("articles", "nulled", "blank_title"),
        ("articles", "nulled", "impossible_date"),
        ("quotes", "removed", "text_not_at_offsets"),
    ]
    assert bad_quote not in set(fixed["quotes"]["quote_id"])
    assert len(fixed["quotes"]) == len(before["quotes"]) - 1
    a = fixed["articles"]
    assert pd.isna(a.loc[3, "published_date"]) and a.loc[3, "quality_flag"] == "impossible_date"
    assert a.loc[4, "quality_flag"] == "blank_title" and pd.isna(a.loc[4, "title"])
    assert a["quality_flag"].isna().sum() == len(a) - 2
    assert batch["articles"].loc[3, "published_date"] == dt.date(2206, 1, 1), "input left untouched"


def test_a_published_at_on_another_day_is_nulled_not_the_date(batch):
    _published_at_other_day(batch)
    fixed, flagged = quarantine(batch, run_date=RUN_DATE, thresholds=DEFAULTS)
    assert flagged["reason"].tolist() == ["published_at_mismatch"]
    row = fixed["articles"].set_index("article_id").loc[flagged["key"][0]]
    assert row["published_date"] == dt.date(2026, 11, 13) and pd.isna(row["published_at"])
    assert blocking_failures(run(fixed)) == []


def test_a_systematic_offset_fault_is_not_hidden_by_quarantine(batch):
    # Half the pages' mentions shifted: a layout or tokeniser change, not one bad page.
    m = batch["party_mentions"]
    ids = set(batch["articles"]["article_id"][::2])
    m.loc[m["article_id"].isin(ids), ["start_char", "end_char"]] += 1
    fixed, flagged = quarantine(batch, run_date=RUN_DATE, thresholds=DEFAULTS)
    assert flagged.empty and len(fixed["party_mentions"]) == len(m)
    assert "party_mentions.mention_at_offsets" in blocking_failures(run(fixed))


def test_nulled_impossible_dates_still_trip_the_undated_threshold(batch):
    a = batch["articles"]
    a.loc[a.index[::2], "published_date"] = dt.date(2096, 3, 1)
    fixed, _ = quarantine(batch, run_date=RUN_DATE, thresholds=DEFAULTS)
    assert blocking_failures(run(fixed)) == ["articles.batch_share_undated"]


def test_quarantine_leaves_dangling_keys_for_the_gate(batch):
    _dangling_quote_article(batch)
    fixed, flagged = quarantine(batch, run_date=RUN_DATE, thresholds=DEFAULTS)
    assert flagged.empty
    assert blocking_failures(run(fixed)) == ["quotes.article_id_resolves"]


# The contract's column types, as the pipeline's build file holds them.
CONTRACT_DDL = {
    "sources": "source_id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, kind VARCHAR, time_zone VARCHAR",
    "articles": "article_id VARCHAR PRIMARY KEY, source_path VARCHAR NOT NULL, title VARCHAR, source_id VARCHAR, "
    "published_date DATE, published_at TIMESTAMPTZ, body VARCHAR NOT NULL",
    "quotes": "quote_id VARCHAR PRIMARY KEY, article_id VARCHAR NOT NULL, text VARCHAR NOT NULL, speaker VARCHAR, "
    "speaker_party_id VARCHAR, cue VARCHAR, start_char INTEGER, end_char INTEGER",
    "parties": "party_id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, party_type VARCHAR NOT NULL",
    "party_mentions": "article_id VARCHAR NOT NULL, party_id VARCHAR NOT NULL, mention VARCHAR NOT NULL, "
    "start_char INTEGER, end_char INTEGER",
    "rejected_files": "source_path VARCHAR NOT NULL, reason VARCHAR NOT NULL, detail VARCHAR",
}


def test_tables_read_back_from_duckdb_are_judged_the_same(batch, tmp_path):
    """The pipeline hands over DuckDB query results: string dtypes, datetime64 dates, zoned
    timestamps in the session's zone. The gate and quarantine must read those as well."""
    import duckdb

    batch["articles"].loc[3, "published_date"] = dt.date(2206, 1, 1)
    _shifted_mention(batch)
    with duckdb.connect(str(tmp_path / "build.duckdb")) as con:
        con.execute("SET TimeZone = 'Asia/Kolkata'")
        for table, ddl in CONTRACT_DDL.items():
            con.execute(f"CREATE TABLE {table} ({ddl})")
            con.register("frame", batch[table])
            con.execute(f"INSERT INTO {table} SELECT * FROM frame")
            con.unregister("frame")
        back = {table: con.execute(f"SELECT * FROM {table}").df() for table in CONTRACT_DDL}
    assert str(back["articles"]["published_at"].dtype).startswith("datetime64")
    assert blocking_failures(run(back)) == ["articles.published_date_in_range", "party_mentions.mention_at_offsets"]
    fixed, flagged = quarantine(back, run_date=RUN_DATE, thresholds=DEFAULTS)
    assert sorted(flagged["reason"]) == ["impossible_date", "text_not_at_offsets"]
    assert blocking_failures(run(fixed)) == []


def test_an_interrupted_quote_stored_as_one_row_passes():
    body = '"We have the votes," the senator said, "and we will use them next week."'
    text = "We have the votes, and we will use them next week."
    assert quality._quote_span(body, 1, len(body) - 1, text) == "pieces"
    assert quality._quote_span(body, 2, len(body), text) == "mismatch"
    assert quality._quote_span(body, 1, 18, "We have the votes") == "exact"
    assert quality._quote_span(body, 0, len(body) - 2, text) == "mismatch", "shifted left by one"
    # Interrupted after a short first piece: the stored text starts with a word, not 12 letters.
    body = '"Um," she said, "do you know how I got here?"'
    assert quality._quote_span(body, 1, len(body) - 1, "Um, do you know how I got here?") == "pieces"
    assert quality._quote_span(body, 1, len(body) - 1, "Um, do you know how we got here?") == "mismatch"


def test_data_docs_are_built_and_list_each_suite(batch, tmp_path):
    _shifted_quote(batch)
    results = list(run(batch).values())
    index = build_data_docs(results, tmp_path / "docs")
    assert index.name == "index.html" and index.is_file()
    assert index.is_relative_to(tmp_path / "docs")
    html = index.read_text(encoding="utf-8")
    for table in quality.TABLES:
        assert f"expectations/{table}.html" in html, table
        assert f"validations/{table}/" in html, table
    # The quotes validation page shows the failed expectation's description.
    pages = list((index.parent / "validations" / "quotes").rglob("*.html"))
    assert len(pages) == 1 and "text_at_offsets" in pages[0].read_text(encoding="utf-8")
    # Each result links its own page, for the check's metadata.
    assert [r.docs_page for r in results if r.table == "quotes"] == pages
    assert all(r.docs_page.is_file() for r in results)
    # A second run adds its results beside the first.
    build_data_docs(list(run(make_batch(3, run_date=RUN_DATE)).values()), tmp_path / "docs")
    assert len(list((index.parent / "validations" / "quotes").rglob("*.html"))) == 2


def test_importing_the_module_does_not_import_gx_and_gx_prints_no_progress_bars():
    script = (
        "import sys, datetime\n"
        "import quotewire.quality as q\n"
        "assert 'great_expectations' not in sys.modules, 'imported at module level'\n"
        "from quotewire.quality_sample import make_batch\n"
        "r = q.validate(make_batch(4), run_date=datetime.date(2026, 11, 27), thresholds=q.Thresholds())\n"
        "assert 'great_expectations' in sys.modules\n"
        "print(all(x.success for x in r))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=CHECKOUT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "True"
    assert "Calculating Metrics" not in done.stderr and "it/s]" not in done.stderr, done.stderr[-500:]


def test_the_gate_accepts_what_our_extractors_produce(nlp):
    """Quotes in pieces (interrupted, or over two paragraphs) and mentions as the real
    extractors emit them pass the offset expectations; shifting them does not."""
    from quotewire import ids
    from quotewire.parties import extract_mentions
    from quotewire.quotes import extract_quotes

    body = (
        "NAIROBI (Reuters) - Kenya's central bank held its main lending rate on Tuesday.\n\n"
        '"Inflation has come down faster than we projected, and the shilling is stable," '
        "Governor Kamau Thugge told reporters in Nairobi.\n\n"
        '"We will keep watching food prices closely," he said, "because the rains were poor in the north."\n\n'
        'Finance Minister Njuguna Ndung\'u said the Treasury would borrow less next year. "The budget gap is narrowing.\n\n'
        '"We expect to meet the targets agreed with the International Monetary Fund," he said.'
    )
    doc = nlp(body)
    quotes, mentions = extract_quotes(doc), extract_mentions(doc)
    assert len(quotes) >= 2 and len(mentions) >= 3
    article = ids.article_id(body)
    tables = {t: f.iloc[0:0] for t, f in make_batch(1).items()}
    tables["sources"] = make_batch(1)["sources"]
    tables["articles"] = pd.DataFrame([{
        "article_id": article, "source_path": "inbox/kenya-rates.txt", "title": "Kenya holds rates",
        "source_id": "reuters", "published_date": RUN_DATE, "published_at": None, "body": body,
    }])
    tables["quotes"] = pd.DataFrame([{
        "quote_id": ids.quote_id(article, q.start_char, q.end_char), "article_id": article, "text": q.text,
        "speaker": q.speaker, "speaker_party_id": None, "cue": q.cue, "start_char": q.start_char, "end_char": q.end_char,
    } for q in quotes])
    # One row per party id, as the pipeline publishes it ('NAIROBI' and 'Nairobi' share an id).
    tables["parties"] = pd.DataFrame(
        sorted({(ids.party_id(m.name, m.party_type), m.name, m.party_type) for m in mentions}),
        columns=["party_id", "name", "party_type"],
    ).drop_duplicates("party_id")
    tables["party_mentions"] = pd.DataFrame([{
        "article_id": article, "party_id": ids.party_id(m.name, m.party_type), "mention": m.mention,
        "start_char": m.start_char, "end_char": m.end_char,
    } for m in mentions]).drop_duplicates()
    results = run(tables)
    assert blocking_failures(results) == []
    spans = next(e for e in results["quotes"].expectations if e.name == "text_at_offsets")
    assert spans.success and spans.unexpected_count == 0
    tables["quotes"][["start_char", "end_char"]] += 2
    assert "quotes.text_at_offsets" in blocking_failures(run(tables))


def test_a_small_batch_is_not_judged_by_its_shares_but_by_its_rows():
    """One undated page on a quiet night must not hold back the load; ten do."""
    from quotewire.quality_sample import make_batch

    tables = make_batch(n_articles=20, run_date=RUN_DATE)
    paths = list(tables["articles"]["source_path"])
    tables["articles"]["published_date"] = None
    tables["articles"]["published_at"] = None
    small = run(tables, batch_paths=paths[:1])
    assert "articles.batch_share_undated" not in blocking_failures(small)
    large = run(tables, batch_paths=paths[:12])
    assert "articles.batch_share_undated" in blocking_failures(large)
