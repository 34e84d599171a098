-- The pipeline's own store (never read by analysts): what each inbox file became, the decoded
-- pages (so any article can be re-derived without the inbox) and the derived rows.
-- Idempotent: executed at every connection.

CREATE TABLE IF NOT EXISTS inbox_files (
    source_path VARCHAR PRIMARY KEY,
    size_bytes  BIGINT,
    mtime_ns    BIGINT,
    sha256      VARCHAR,
    article_id  VARCHAR,          -- the page this file's latest version decoded to
    reason      VARCHAR,          -- rejection code, NULL when the file is an article
    detail      VARCHAR,
    batch_id    VARCHAR,          -- the run that last read this file
    read_at     TIMESTAMPTZ
);

CREATE TABLE IF NOT EXISTS pages (
    article_id        VARCHAR PRIMARY KEY,
    text              VARCHAR NOT NULL,
    encoding          VARCHAR,
    batch_id          VARCHAR,
    parsed_version    VARCHAR,    -- parser version that produced the articles row (NULL: to do)
    extracted_version VARCHAR     -- extractor version that produced quotes and mentions
);

CREATE TABLE IF NOT EXISTS articles (
    article_id     VARCHAR PRIMARY KEY,
    title          VARCHAR,
    source_id      VARCHAR,
    published_date DATE,
    published_at   TIMESTAMPTZ,
    body           VARCHAR NOT NULL,
    credit         VARCHAR,
    byline         VARCHAR,
    date_text      VARCHAR,
    date_method    VARCHAR
);

CREATE TABLE IF NOT EXISTS sources (
    source_id   VARCHAR PRIMARY KEY,
    name        VARCHAR NOT NULL,
    kind        VARCHAR,
    time_zone   VARCHAR,
    wikidata_id VARCHAR
);

CREATE TABLE IF NOT EXISTS quotes (
    quote_id               VARCHAR PRIMARY KEY,
    article_id             VARCHAR NOT NULL,
    text                   VARCHAR NOT NULL,
    speaker                VARCHAR,
    speaker_party_id       VARCHAR,
    cue                    VARCHAR,
    start_char             INTEGER,
    end_char               INTEGER,
    speaker_kind           VARCHAR,
    speaker_role           VARCHAR,
    attribution_rule       VARCHAR,
    attribution_confidence DOUBLE,
    is_scare_quote         BOOLEAN,
    is_partial             BOOLEAN
);

CREATE TABLE IF NOT EXISTS parties (
    party_id   VARCHAR PRIMARY KEY,
    name       VARCHAR NOT NULL,
    party_type VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS party_mentions (
    article_id VARCHAR NOT NULL,
    party_id   VARCHAR NOT NULL,
    mention    VARCHAR NOT NULL,
    start_char INTEGER,
    end_char   INTEGER
);

-- One row per run that published: the files read since the last one are the batch the gate
-- judges (a blocked batch stays under judgement until a run publishes it).
CREATE TABLE IF NOT EXISTS publications (
    run_id       VARCHAR PRIMARY KEY,
    published_at TIMESTAMPTZ NOT NULL
);

-- Columns added after a table was first created: a state store from an older version gains them.
ALTER TABLE quotes ADD COLUMN IF NOT EXISTS is_partial BOOLEAN;
