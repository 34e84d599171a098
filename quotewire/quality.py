"""The data-quality gate: Great Expectations suites over the tables about to be published.

The suites are data, one YAML file per published table in `schemas/expectations/` (see its
README). This module has no Dagster in it; the pipeline calls three functions:

    tables, flagged = quarantine(tables, run_date=day)            # row-level repair first
    results = validate(tables, run_date=day)                      # one SuiteResult per table
    if any(not r.success for r in results): block publishing, naming r.failed_blocking()
    index_html = build_data_docs(results, folder)                 # GX Data Docs HTML; also
                                                                  # sets each r.docs_page

- `tables` is a dict of pandas DataFrames named as in `../shared/CONTRACT.md` (`sources`,
  `articles`, `quotes`, `parties`, `party_mentions`, `rejected_files`), with at least the
  contract's columns. Extra columns are carried along and ignored.
- `quarantine` corrects what one bad page can break, so that it never blocks a night's load: an
  impossible `published_date` (or a `published_at` that disagrees with it) becomes NULL and the
  article's `quality_flag` column (added by quarantine) says why; blank titles and speakers become
  NULL; a quote or mention whose offsets do not hold its text is removed. It returns the repaired
  tables and one DataFrame `flagged` (columns `FLAGGED_COLUMNS`) listing every change with a
  reason. Offset repairs are capped (`Thresholds.max_share_quarantined` of the articles): past
  that, the fault is systematic, nothing is removed and the gate blocks.
- `validate(tables, run_date=, thresholds=, batch_paths=)` returns a `SuiteResult` per table:
  `success` is False when a blocking expectation failed; `expectations` lists every
  `ExpectationOutcome` (name, GX type, kwargs, success, blocking, unexpected_count, observed share,
  a few failing rows). `to_metadata()` / `markdown()` format it for Dagster check metadata.
  `failure_report(results)` is one line per failed expectation, for stderr.
  Batch-level shares (undated, unsourced, unattributed, rejected, files without articles) are
  computed over `batch_paths` (the files this run read) when given, else over all rows.
- `Thresholds` holds the batch limits; `Thresholds.from_env()` reads `QUOTEWIRE_MAX_SHARE_*`.

Great Expectations is imported inside the functions that need it: importing this module stays
cheap (a code location loads it), and GX's progress bars are switched off.
"""
from __future__ import annotations

import datetime as dt
import math
import os
import re
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Collection
from zoneinfo import ZoneInfo, available_timezones

import pandas as pd
import yaml

from quotewire.settings import CHECKOUT

SUITES_DIR = CHECKOUT / "schemas" / "expectations"
TABLES = ("sources", "articles", "quotes", "parties", "party_mentions", "rejected_files")
FLAGGED_COLUMNS = ["table", "key", "action", "column", "reason", "value"]
FAILING_ROWS_SHOWN = 5


@dataclass(frozen=True)
class Thresholds:
    """Batch-level limits. Each field has an environment variable: QUOTEWIRE_<FIELD in capitals>."""

    max_share_undated: float = 0.3  # articles without published_date
    max_share_unsourced: float = 0.3  # articles without source_id
    max_share_unattributed: float = 0.5  # quotes without speaker
    max_share_rejected: float = 0.5  # files that did not become an article
    # Offsets repaired by quarantine: past this share of the articles the fault is systematic.
    max_share_quarantined: float = 0.05
    earliest_date: dt.date = dt.date(1990, 1, 1)
    # Batch shares are judged only when the run read at least this many files: one undated page
    # on a quiet night is a row to flag, not a source whose layout changed.
    min_batch_files: int = 10

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name.startswith("max_share") and not 0 <= value <= 1:
                raise ValueError(f"{f.name} is a share between 0 and 1, not {value!r} (write 0.3 for 30%)")

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> "Thresholds":
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(f"QUOTEWIRE_{f.name.upper()}")
            if raw:
                values[f.name] = (dt.date.fromisoformat(raw) if f.name == "earliest_date"
                                  else int(raw) if f.name == "min_batch_files" else float(raw))
        return cls(**values)


@dataclass(frozen=True)
class ExpectationOutcome:
    name: str  # stable name from the suite file, e.g. 'article_id_unique'
    type: str  # the GX expectation, e.g. 'expect_column_values_to_be_unique'
    kwargs: dict[str, Any]
    success: bool
    blocking: bool
    unexpected_count: int | None  # None for aggregate expectations and errors
    unexpected_share: float | None  # of the rows the expectation applies to (non-NULL)
    failing_rows: list[dict[str, Any]]  # a few offending rows, with the suite's `show` columns
    why: str = ""
    error: str | None = None  # the exception when GX could not evaluate it (a missing column)


@dataclass
class SuiteResult:
    table: str
    success: bool  # no blocking expectation failed
    expectations: list[ExpectationOutcome]
    row_count: int
    # GX objects, kept for build_data_docs.
    gx_result: Any = field(default=None, repr=False, compare=False)
    gx_suite: Any = field(default=None, repr=False, compare=False)
    docs_page: Path | None = None  # this validation's Data Docs page, set by build_data_docs

    @property
    def suite_name(self) -> str:
        return self.table

    def failed_blocking(self) -> list[str]:
        """`table.expectation` names of the blocking expectations that failed."""
        return [f"{self.table}.{e.name}" for e in self.expectations if e.blocking and not e.success]

    def failed_warnings(self) -> list[str]:
        return [f"{self.table}.{e.name}" for e in self.expectations if not e.blocking and not e.success]

    def markdown(self) -> str:
        """A table of every expectation, then a few failing rows per failure: for the Dagster UI."""
        lines = ["| expectation | blocking | success | unexpected | share |", "|---|---|---|---|---|"]
        for e in self.expectations:
            share = "" if e.unexpected_share is None else f"{e.unexpected_share:.1%}"
            count = "" if e.unexpected_count is None else str(e.unexpected_count)
            mark = "pass" if e.success else ("**FAIL**" if e.blocking else "warn")
            lines.append(f"| {e.name} | {'yes' if e.blocking else 'no'} | {mark} | {count} | {share} |")
        for e in self.expectations:
            if e.success:
                continue
            lines.append(f"\n**{e.name}** ({e.type}): {e.error or e.why}")
            for row in e.failing_rows:
                lines.append(f"- `{_short(row)}`")
        return "\n".join(lines)

    def to_metadata(self) -> dict[str, Any]:
        """Plain JSON-able values, one entry per expectation, for AssetCheckResult metadata."""
        return {
            "row_count": self.row_count,
            "failed_blocking": self.failed_blocking(),
            "failed_warnings": self.failed_warnings(),
            "data_docs": None if self.docs_page is None else str(self.docs_page),
            "expectations": [
                {
                    "name": e.name,
                    "type": e.type,
                    "kwargs": _jsonable(e.kwargs),
                    "success": e.success,
                    "blocking": e.blocking,
                    "unexpected_count": e.unexpected_count,
                    "unexpected_share": e.unexpected_share,
                    "failing_rows": _jsonable(e.failing_rows),
                    "error": e.error,
                }
                for e in self.expectations
            ],
        }


def import_in_background() -> None:
    """Imports Great Expectations (about 2 s) in a daemon thread: for a run that is about to wait
    on the language model's workers and will check its tables after. Importing this module still
    imports nothing of GX."""
    import importlib
    import threading

    threading.Thread(target=importlib.import_module, args=("great_expectations",), daemon=True,
                     name="import-great-expectations").start()


def failure_report(results: list[SuiteResult]) -> str:
    """One line per failed expectation, blocking ones first: what `quotewire run` prints on stderr."""
    lines = []
    for blocking in (True, False):
        for r in results:
            for e in r.expectations:
                if e.success or e.blocking != blocking:
                    continue
                if e.error:
                    detail = f"could not be evaluated: {e.error}"
                elif e.unexpected_count is not None:
                    share = "" if e.unexpected_share is None else f" ({e.unexpected_share:.1%})"
                    detail = f"{e.unexpected_count} of {r.row_count} rows{share}"
                else:
                    detail = "failed"
                label = "blocking" if blocking else "warning"
                lines.append(f"{label}: {r.table}.{e.name} {detail}; {e.why}")
                # What to do: the rows to look at, and the setting when it is a batch threshold.
                examples = [row.get("source_path") or _short(row) for row in e.failing_rows[:3]]
                if examples:
                    lines.append(f"    e.g. {'; '.join(str(x) for x in examples)}")
                threshold = e.name.replace("batch_share_", "max_share_")
                if threshold in {f.name for f in fields(Thresholds)}:
                    lines.append(f"    threshold: QUOTEWIRE_{threshold.upper()}="
                                 f"{getattr(Thresholds.from_env(), threshold)}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Suites


def load_suites(folder: Path = SUITES_DIR) -> dict[str, dict]:
    suites = {}
    for table in TABLES:
        spec = yaml.safe_load((folder / f"{table}.yaml").read_text(encoding="utf-8"))
        if spec.get("table") != table:
            raise ValueError(f"{folder / table}.yaml describes {spec.get('table')!r}, not {table!r}")
        names = [e["name"] for e in spec["expectations"]]
        if len(names) != len(set(names)):
            raise ValueError(f"{table}.yaml repeats an expectation name")
        suites[table] = spec
    return suites


def _parameters(run_date: dt.date, t: Thresholds) -> dict[str, Any]:
    return {
        "earliest_date": t.earliest_date,
        "latest_date": run_date + dt.timedelta(days=1),
        "min_share_dated": round(1 - t.max_share_undated, 6),
        "min_share_sourced": round(1 - t.max_share_unsourced, 6),
        "min_share_attributed": round(1 - t.max_share_unattributed, 6),
        "max_share_rejected": t.max_share_rejected,
    }


_PARAM = re.compile(r"^\$\{(\w+)\}$")


def _fill(value: Any, params: dict[str, Any]) -> Any:
    if isinstance(value, str) and (m := _PARAM.match(value)):
        return params[m.group(1)]
    if isinstance(value, list):
        return [_fill(v, params) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, params) for k, v in value.items()}
    return value


# ---------------------------------------------------------------------------------------------
# Helper columns: cross-table and batch facts computed in pandas, judged by GX.


def _blank(value: Any) -> bool:
    return isinstance(value, str) and not value.strip()


def _isnull(value: Any) -> bool:
    return value is None or (not isinstance(value, (str, list, dict)) and bool(pd.isna(value)))


def _as_date(value: Any) -> dt.date | None:
    if _isnull(value):
        return None
    if isinstance(value, dt.datetime):  # includes pd.Timestamp
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _as_instant(value: Any) -> dt.datetime | None:
    if _isnull(value):
        return None
    ts = pd.Timestamp(value)
    # TIMESTAMPTZ comes back zoned; an instant with no zone attached is taken as UTC.
    return (ts.tz_localize("UTC") if ts.tzinfo is None else ts).to_pydatetime()


_ZONES = None


def _zone(name: Any) -> ZoneInfo | None:
    global _ZONES
    if _ZONES is None:
        _ZONES = available_timezones()
    if isinstance(name, str) and name in _ZONES:
        return ZoneInfo(name)
    return None


def _date_matches_instant(day: dt.date | None, instant: dt.datetime | None, zone: ZoneInfo | None) -> bool | None:
    """published_at seen in the source's zone falls on published_date. Without a known zone, any
    real zone (UTC-12 to UTC+14) may be the source's, so the UTC day or its neighbours pass."""
    if day is None or instant is None:
        return None
    if zone is not None:
        return instant.astimezone(zone).date() == day
    utc_day = instant.astimezone(dt.timezone.utc).date()
    return abs((day - utc_day).days) <= 1


def _offsets_ok(body: str | None, start: Any, end: Any) -> bool | None:
    if not isinstance(body, str) or _isnull(start) or _isnull(end):
        return None
    return 0 <= int(start) < int(end) <= len(body)


_WORD = re.compile(r"\w+")


def _quote_span(body: str | None, start: Any, end: Any, text: Any) -> str | None:
    """'exact' when body[start:end] is the text. 'pieces' for a quotation stored joined from
    several pieces (paragraphs that reopen the quote mark, or `"A," he said, "B."`): the span
    starts with the text's first character and ends with its last, and the text's words appear
    in it in order, with no more words between them than an attribution takes. Else 'mismatch'.
    A span shifted by even one character fails the first-and-last-character test."""
    if not _offsets_ok(body, start, end) or _isnull(text):
        return None
    span = body[int(start) : int(end)]
    if span == text:
        return "exact"
    if not text or span[0] != text[0] or span[-1] != text[-1]:
        return "mismatch"
    words, span_words = _WORD.findall(text), _WORD.findall(span)
    if not words or len(span_words) > 2 * len(words) + 30:
        return "mismatch"
    it = iter(span_words)
    in_order = all(any(w == x for x in it) for w in words)  # consumes `it`: a subsequence test
    return "pieces" if in_order and span_words[0] == words[0] and span_words[-1] == words[-1] else "mismatch"


def _in(values: pd.Series, known: set) -> list[bool | None]:
    return [None if _isnull(v) else v in known for v in values]


def _prepare(tables: dict[str, pd.DataFrame], batch_paths: Collection[str] | None,
             min_batch_files: int = 0) -> dict[str, pd.DataFrame]:
    missing = [t for t in TABLES if t not in tables]
    if missing:
        raise ValueError(f"validate needs every published table; missing: {', '.join(missing)}")
    # Positional index: GX reports failing rows by index label, which we map back to rows.
    df = {t: tables[t].reset_index(drop=True).copy() for t in TABLES}
    sources, articles, quotes = df["sources"], df["articles"], df["quotes"]
    parties, mentions, rejected = df["parties"], df["party_mentions"], df["rejected_files"]

    source_ids = set(sources["source_id"].dropna())
    party_ids = set(parties["party_id"].dropna())
    bodies = dict(zip(articles["article_id"], articles["body"]))
    zones = {s: _zone(z) for s, z in zip(sources["source_id"], sources["time_zone"])}

    sources["qc_time_zone_known"] = [None if _isnull(z) else _zone(z) is not None for z in sources["time_zone"]]

    in_batch = (
        pd.Series(True, index=articles.index)
        if batch_paths is None
        else articles["source_path"].isin(set(batch_paths))
    )
    r_batch = (
        pd.Series(True, index=rejected.index)
        if batch_paths is None
        else rejected["source_path"].isin(set(batch_paths))
    )
    # Shares need enough files to mean something; a batch with files but no article is judged
    # whatever its size (qc_batch_articles below).
    judge_shares = int(in_batch.sum()) + int(r_batch.sum()) >= min_batch_files
    days = [_as_date(v) for v in articles["published_date"]]
    articles["qc_published_date"] = pd.Series(days, index=articles.index, dtype="object")
    articles["qc_source_resolves"] = _in(articles["source_id"], source_ids)
    articles["qc_date_matches_published_at"] = [
        _date_matches_instant(day, _as_instant(at), zones.get(src))
        for day, at, src in zip(days, articles["published_at"], articles["source_id"])
    ]
    articles["qc_batch_dated"] = [d is not None if b and judge_shares else None for d, b in zip(days, in_batch)]
    articles["qc_batch_sourced"] = [
        (not _isnull(s)) if b and judge_shares else None for s, b in zip(articles["source_id"], in_batch)
    ]

    batch_articles = set(articles.loc[in_batch, "article_id"])
    quotes["qc_article_resolves"] = _in(quotes["article_id"], set(bodies))
    quotes["qc_speaker_party_resolves"] = _in(quotes["speaker_party_id"], party_ids)
    q_bodies = [bodies.get(a) for a in quotes["article_id"]]
    quotes["qc_offsets_in_body"] = [
        _offsets_ok(b, s, e) for b, s, e in zip(q_bodies, quotes["start_char"], quotes["end_char"])
    ]
    quotes["qc_text_at_offsets"] = [
        _quote_span(b, s, e, t)
        for b, s, e, t in zip(q_bodies, quotes["start_char"], quotes["end_char"], quotes["text"])
    ]
    quotes["qc_batch_attributed"] = [
        (not _isnull(sp)) if a in batch_articles and judge_shares else None
        for sp, a in zip(quotes["speaker"], quotes["article_id"])
    ]

    mentions["qc_article_resolves"] = _in(mentions["article_id"], set(bodies))
    mentions["qc_party_resolves"] = _in(mentions["party_id"], party_ids)
    m_bodies = [bodies.get(a) for a in mentions["article_id"]]
    mentions["qc_offsets_in_body"] = [
        _offsets_ok(b, s, e) for b, s, e in zip(m_bodies, mentions["start_char"], mentions["end_char"])
    ]
    mentions["qc_mention_at_offsets"] = [
        None if not ok or _isnull(m) else b[int(s) : int(e)] == m
        for ok, b, s, e, m in zip(
            mentions["qc_offsets_in_body"], m_bodies, mentions["start_char"], mentions["end_char"], mentions["mention"]
        )
    ]

    n_rejected, n_articles = int(r_batch.sum()), int(in_batch.sum())
    share = n_rejected / (n_rejected + n_articles) if n_rejected + n_articles else 0.0
    rejected["qc_batch_share_rejected"] = pd.Series(
        [share if b and judge_shares else None for b in r_batch], index=rejected.index, dtype="Float64"
    )
    rejected["qc_batch_articles"] = pd.Series(
        [n_articles if b else None for b in r_batch], index=rejected.index, dtype="Int64"
    )
    return df


# ---------------------------------------------------------------------------------------------
# Row-level repair before the gate


def quarantine(
    tables: dict[str, pd.DataFrame],
    *,
    run_date: dt.date,
    thresholds: Thresholds | None = None,
) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """Correct or set aside what one bad page breaks, so that it never blocks a night's load.

    Returns new tables (the input is not modified) and `flagged`, one row per change:
    table, key (article_id, quote_id, or article_id:start:end for a mention), action ('nulled' or
    'removed'), column (the one nulled; NULL for a removed row), reason, value (the value before
    the change, or the removed row's span and words, as text).

    - articles: a published_date outside [earliest_date, run_date + 1 day] is an impossible date:
      published_date and published_at become NULL. A published_at that falls on another day than
      published_date in the source's zone becomes NULL (the printed date is what analysts count
      by). Blank titles become NULL. The reasons are joined in the new `quality_flag` column.
      Nulled dates still count as undated, so the batch threshold catches a source-wide fault.
    - quotes: blank speaker or cue becomes NULL.
    - quotes and party_mentions whose offsets fall outside the body or do not hold their text are
      removed, as long as they come from no more than max(1, max_share_quarantined x articles)
      articles: one bad page. Past that, nothing is removed and the gate blocks: a systematic
      offset bug must be fixed, not hidden.
    Keys, foreign keys and empty required columns are not repaired here: those are pipeline bugs
    and the gate must name them.
    """
    t = thresholds or Thresholds.from_env()
    out = {name: frame.copy() for name, frame in tables.items()}
    flagged: list[dict[str, Any]] = []
    articles, quotes = out["articles"], out["quotes"]
    latest = run_date + dt.timedelta(days=1)
    zones = {s: _zone(z) for s, z in zip(out["sources"]["source_id"], out["sources"]["time_zone"])}

    flags: list[str | None] = []
    for i, row in zip(articles.index, articles.itertuples(index=False)):
        reasons = []
        day, at = _as_date(row.published_date), _as_instant(row.published_at)
        if day is not None and not (t.earliest_date <= day <= latest):
            reasons.append("impossible_date")
            flagged.append(_flag("articles", row.article_id, "nulled", "published_date", "impossible_date", day))
            articles.loc[i, "published_date"] = None
            if at is not None:
                flagged.append(_flag("articles", row.article_id, "nulled", "published_at", "impossible_date", at))
                articles.loc[i, "published_at"] = None
        elif _date_matches_instant(day, at, zones.get(row.source_id)) is False:
            reasons.append("published_at_mismatch")
            flagged.append(_flag("articles", row.article_id, "nulled", "published_at", "published_at_mismatch", at))
            articles.loc[i, "published_at"] = None
        if _blank(row.title):
            reasons.append("blank_title")
            flagged.append(_flag("articles", row.article_id, "nulled", "title", "blank_title", row.title))
            articles.loc[i, "title"] = None
        flags.append(",".join(reasons) or None)
    previous = articles["quality_flag"] if "quality_flag" in articles else pd.Series(None, index=articles.index)
    articles["quality_flag"] = [
        ",".join(x for x in (p if isinstance(p, str) else None, f) if x) or None
        for p, f in zip(previous, flags)
    ]

    for column in ("speaker", "cue"):
        blank = quotes[column].map(_blank).astype(bool)
        for key, value in zip(quotes.loc[blank, "quote_id"], quotes.loc[blank, column]):
            flagged.append(_flag("quotes", key, "nulled", column, f"blank_{column}", value))
        quotes.loc[blank, column] = None

    bodies = dict(zip(articles["article_id"], articles["body"]))
    bad_quotes = _bad_spans(quotes, bodies, "text", exact=False)
    bad_mentions = _bad_spans(out["party_mentions"], bodies, "mention", exact=True)
    pages = {quotes.loc[i, "article_id"] for i in bad_quotes} | {
        out["party_mentions"].loc[i, "article_id"] for i in bad_mentions
    }
    if pages and len(pages) <= max(1, int(t.max_share_quarantined * len(articles))):
        for i, reason in bad_quotes.items():
            flagged.append(_flag("quotes", quotes.loc[i, "quote_id"], "removed", None, reason, _span_text(quotes.loc[i])))
        mentions = out["party_mentions"]
        for i, reason in bad_mentions.items():
            r = mentions.loc[i]
            key = f"{r['article_id']}:{r['start_char']}:{r['end_char']}"
            flagged.append(_flag("party_mentions", key, "removed", None, reason, _span_text(r)))
        out["quotes"] = quotes.drop(index=list(bad_quotes))
        out["party_mentions"] = mentions.drop(index=list(bad_mentions))
    return out, pd.DataFrame(flagged, columns=FLAGGED_COLUMNS)


def _flag(table: str, key: Any, action: str, column: str | None, reason: str, value: Any) -> dict[str, Any]:
    text = None if _isnull(value) else (value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else str(value))
    return dict(zip(FLAGGED_COLUMNS, (table, str(key), action, column, reason, text)))


def _span_text(row: pd.Series) -> str:
    words = row.get("text", row.get("mention"))
    return f"[{row['start_char']}:{row['end_char']}] {words!r}"[:200]


def _bad_spans(frame: pd.DataFrame, bodies: dict[str, str], column: str, exact: bool) -> dict[Any, str]:
    """Index -> reason for rows of a known article whose offsets do not hold their text."""
    bad = {}
    for i, a, s, e, words in zip(frame.index, frame["article_id"], frame["start_char"], frame["end_char"], frame[column]):
        body = bodies.get(a)
        if not isinstance(body, str) or _isnull(s) or _isnull(e) or _isnull(words):
            continue  # a dangling article or a missing value is the gate's to name
        if not _offsets_ok(body, s, e):
            bad[i] = "offsets_outside_body"
        elif (body[int(s) : int(e)] != words) if exact else (_quote_span(body, s, e, words) == "mismatch"):
            bad[i] = "text_not_at_offsets"
    return bad


# ---------------------------------------------------------------------------------------------
# Great Expectations


def _gx_context(mode: str = "ephemeral", root: Path | None = None):
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode=mode, project_root_dir=root) if root else gx.get_context(mode=mode)
    # tqdm bars would otherwise land in every run log.
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    return context


def _build_suite(table: str, spec: dict, params: dict[str, Any]):
    import great_expectations as gx
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

    suite = gx.ExpectationSuite(name=table)
    for item in spec["expectations"]:
        config = ExpectationConfiguration(
            type=item["type"],
            kwargs=_fill(item["kwargs"], params),
            description=f"{item['name']}: {item.get('why', '')}",
            meta={"name": item["name"], "blocking": bool(item["blocking"])},
        )
        suite.add_expectation_configuration(config)
    return suite


def validate(
    tables: dict[str, pd.DataFrame],
    *,
    run_date: dt.date,
    thresholds: Thresholds | None = None,
    batch_paths: Collection[str] | None = None,
    suites_dir: Path = SUITES_DIR,
) -> list[SuiteResult]:
    """Run every suite over its table. Never raises on bad data: failures are in the results."""
    import great_expectations as gx
    from great_expectations.core.run_identifier import RunIdentifier

    thresholds = thresholds or Thresholds.from_env()
    specs = load_suites(suites_dir)
    params = _parameters(run_date, thresholds)
    frames = _prepare(tables, batch_paths, thresholds.min_batch_files)
    context = _gx_context()
    datasource = context.data_sources.add_pandas("quotewire")
    run_id = RunIdentifier(run_name=f"quotewire-{run_date.isoformat()}", run_time=dt.datetime.now(dt.timezone.utc))
    results = []
    for table in TABLES:
        spec, frame = specs[table], frames[table]
        batch = datasource.add_dataframe_asset(table).add_batch_definition_whole_dataframe("whole")
        suite = context.suites.add(_build_suite(table, spec, params))
        definition = context.validation_definitions.add(gx.ValidationDefinition(name=table, data=batch, suite=suite))
        gx_result = definition.run(
            batch_parameters={"dataframe": frame},
            result_format={"result_format": "SUMMARY", "partial_unexpected_count": FAILING_ROWS_SHOWN},
            run_id=run_id,
        )
        outcomes = [_outcome(r, spec, frame) for r in gx_result.results]
        order = {e["name"]: i for i, e in enumerate(spec["expectations"])}
        outcomes.sort(key=lambda o: order[o.name])
        results.append(
            SuiteResult(
                table=table,
                success=not any(o.blocking and not o.success for o in outcomes),
                expectations=outcomes,
                row_count=len(frame),
                gx_result=gx_result,
                gx_suite=suite,
            )
        )
    return results


def _outcome(r, spec: dict, frame: pd.DataFrame) -> ExpectationOutcome:
    config = r.expectation_config
    name = config.meta["name"]
    item = next(e for e in spec["expectations"] if e["name"] == name)
    result = r.result or {}
    error = None
    info = r.exception_info or {}
    # exception_info is flat for the expectation, or keyed by metric when a metric raised.
    infos = [info] if "raised_exception" in info else list(info.values())
    for i in infos:
        if isinstance(i, dict) and (i.get("raised_exception") or i.get("exception_message")):
            error = (i.get("exception_message") or "GX raised").splitlines()[-1][:300]
            break
    shown = [c for c in spec.get("show", []) if c in frame.columns]
    columns = shown + [c for c in _columns_of(config.kwargs) if c in frame.columns and c not in shown]
    labels = result.get("partial_unexpected_index_list") or []
    rows = frame.loc[[i for i in labels if i in frame.index], columns].to_dict("records") if labels else []
    share = result.get("unexpected_percent_nonmissing", result.get("unexpected_percent"))
    return ExpectationOutcome(
        name=name,
        type=config.type,
        kwargs={k: v for k, v in config.kwargs.items() if k != "batch_id"},
        success=bool(r.success),
        blocking=bool(item["blocking"]),
        unexpected_count=result.get("unexpected_count"),
        unexpected_share=None if share is None else share / 100,
        failing_rows=[{k: _clip(v) for k, v in row.items()} for row in rows],
        why=item.get("why", ""),
        error=error,
    )


def _columns_of(kwargs: dict) -> list[str]:
    return ([kwargs["column"]] if "column" in kwargs else []) + list(kwargs.get("column_list", []))


def _clip(value: Any, limit: int = 120) -> Any:
    if isinstance(value, str) and len(value) > limit:
        return value[: limit - 1] + "…"
    return None if _isnull(value) else value


def _short(row: dict) -> str:
    return ", ".join(f"{k}={v}" for k, v in row.items())


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def build_data_docs(results: list[SuiteResult], folder: Path) -> Path:
    """Write GX Data Docs for these results into `folder` and return the site's index.html.

    `folder` becomes a file-backed GX project (Data Docs need one; an ephemeral context renders
    nothing). It keeps earlier runs' results, so the index lists the history of runs. Only this
    run's pages and the index are rendered, as a Checkpoint's UpdateDataDocsAction would.
    """
    import great_expectations as gx
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
        ValidationResultIdentifier,
    )

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    context = _gx_context("file", folder)
    identifiers: list = []
    for r in results:
        suite = gx.ExpectationSuite(
            name=r.suite_name,
            # Copies without ids: an expectation may belong to one suite only.
            expectations=[_copy_expectation(e) for e in r.gx_suite.expectations],
        )
        context.suites.add_or_update(suite)
        suite_id = ExpectationSuiteIdentifier(name=r.suite_name)
        result_id = ValidationResultIdentifier(
            expectation_suite_identifier=suite_id,
            run_id=r.gx_result.meta["run_id"],
            batch_identifier=r.gx_result.batch_id,
        )
        context.validation_results_store.store_validation_results(
            suite_validation_result=r.gx_result,
            suite_validation_result_identifier=result_id,
            expectation_suite_identifier=suite_id,
        )
        identifiers += [result_id, suite_id]
    sites = context.build_data_docs(resource_identifiers=identifiers)
    for r, result_id in zip(results, identifiers[::2]):
        urls = context.get_docs_sites_urls(resource_identifier=result_id, site_name="local_site")
        r.docs_page = _local_path(urls[0]["site_url"]) if urls and urls[0].get("site_url") else None
    return _local_path(sites.get("local_site") or next(iter(sites.values())))


def _local_path(url: str) -> Path:
    from urllib.parse import unquote, urlparse

    return Path(unquote(urlparse(url).path))


def _copy_expectation(expectation):
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

    c = expectation.configuration
    return ExpectationConfiguration(
        type=c.type, kwargs=dict(c.kwargs), meta=c.meta, description=c.description
    ).to_domain_obj()
