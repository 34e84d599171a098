"""The plain records that flow between the language modules and the pipeline.

Offsets are always character offsets into the article body (`articles.body`), half-open.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    """A canonical news source (a row of the published `sources` table)."""

    source_id: str
    name: str
    kind: str  # 'agency', 'publisher' or 'unknown'
    time_zone: str | None = None  # IANA zone the source prints its times in
    wikidata_id: str | None = None


@dataclass(frozen=True)
class PageFields:
    """What the page parser reads off one page: the fields of an `articles` row."""

    title: str | None
    body: str
    source: Source | None = None
    credit: str | None = None  # the credit as printed ('PTI', 'Reuters', 'With inputs from PTI')
    byline: str | None = None  # author line without 'By'
    published_date: dt.date | None = None  # as printed, in the source's own zone
    published_at: dt.datetime | None = None  # aware datetime, when a time of day is printed
    date_text: str | None = None  # the string the date was read from
    date_method: str | None = None  # how it was found ('dateline', 'header', 'byline', ...)


@dataclass(frozen=True)
class Quote:
    """One direct quotation in a body, with its attribution."""

    text: str  # the quoted words without the outer quote marks
    start_char: int
    end_char: int
    speaker: str | None = None  # full name, or a description ('a White House spokesman')
    speaker_kind: str | None = None  # 'person', 'organization', 'description', or None
    speaker_role: str | None = None  # 'Coordinator for Strategic Communications at the NSC'
    cue: str | None = None  # reporting verb as written ('said', 'told')
    rule: str | None = None  # which attribution rule decided the speaker
    confidence: float | None = None
    is_scare_quote: bool = False  # a scare-quoted word or title, not a speaker's words
    is_partial: bool = False  # the reporter's paraphrase runs into it ('called it "a disaster"', 'the plan may slip, she said. "..."')
    parts: tuple[tuple[int, int], ...] = ()  # offsets of each piece (interrupted or multi-paragraph)


@dataclass(frozen=True)
class Mention:
    """One mention of a canonical party in a body."""

    name: str  # canonical name of the party ('Joe Biden', 'United States')
    party_type: str  # 'person', 'organization', 'country' or 'location'
    mention: str  # the words as written, == body[start_char:end_char]
    start_char: int
    end_char: int
