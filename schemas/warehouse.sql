-- The published warehouse: the tables of ../shared/CONTRACT.md, with their descriptions.
-- Executed on a fresh build file on every run; the file is then swapped in over the published one.
-- Foreign keys are documented here and enforced by the quality gate (not declared, so that a
-- dangling key is reported by the gate with its rows rather than aborting the build).

CREATE TABLE sources (
    source_id   VARCHAR PRIMARY KEY,
    name        VARCHAR NOT NULL,
    kind        VARCHAR,
    time_zone   VARCHAR,
    wikidata_id VARCHAR
);
COMMENT ON TABLE sources IS 'One row per canonical news source (agency or publisher) credited by a published article.';
COMMENT ON COLUMN sources.source_id IS 'Stable id of the source, e.g. pti.';
COMMENT ON COLUMN sources.name IS 'Canonical name, e.g. Press Trust of India.';
COMMENT ON COLUMN sources.kind IS 'agency, publisher, or unknown (a credit not in our registry, kept under its own name).';
COMMENT ON COLUMN sources.time_zone IS 'IANA time zone the source prints its times in (Asia/Kolkata), when known.';
COMMENT ON COLUMN sources.wikidata_id IS 'Wikidata item of the source (Q130879 for Reuters), when known.';

CREATE TABLE articles (
    article_id     VARCHAR PRIMARY KEY,
    source_path    VARCHAR NOT NULL,
    title          VARCHAR,
    source_id      VARCHAR,
    published_date DATE,
    published_at   TIMESTAMPTZ,
    body           VARCHAR NOT NULL,
    credit         VARCHAR,
    byline         VARCHAR,
    date_text      VARCHAR,
    date_method    VARCHAR,
    quality_flag   VARCHAR,
    encoding       VARCHAR
);
COMMENT ON TABLE articles IS 'One row per distinct article: the same page saved twice, or in another encoding, is one article.';
COMMENT ON COLUMN articles.article_id IS 'Stable id derived from the page text after decoding and newline normalisation.';
COMMENT ON COLUMN articles.source_path IS 'Path of the file the article came from, relative to the inbox, /-separated (the first in name order when several files hold the same page).';
COMMENT ON COLUMN articles.title IS 'Headline.';
COMMENT ON COLUMN articles.source_id IS 'Who the page credits (references sources.source_id): the originating agency when it credits one, else the publisher.';
COMMENT ON COLUMN articles.published_date IS 'Calendar date of first publication as printed, in the source''s own time zone.';
COMMENT ON COLUMN articles.published_at IS 'Instant of first publication when a time of day is printed (a time with no zone is read in the source''s time zone); else NULL.';
COMMENT ON COLUMN articles.body IS 'Article text without page furniture (headline, byline, dateline, navigation).';
COMMENT ON COLUMN articles.credit IS 'The credit as printed on the page (PTI, Reuters, With inputs from PTI).';
COMMENT ON COLUMN articles.byline IS 'Author line as printed, without By.';
COMMENT ON COLUMN articles.date_text IS 'The string the publication date was read from.';
COMMENT ON COLUMN articles.date_method IS 'Where on the page the date was found (dateline, header, byline, ...).';
COMMENT ON COLUMN articles.quality_flag IS 'Set when the quality gate corrected this row before publishing (e.g. an impossible date set to NULL): the reason.';
COMMENT ON COLUMN articles.encoding IS 'Text encoding the file was decoded from.';

CREATE TABLE parties (
    party_id   VARCHAR PRIMARY KEY,
    name       VARCHAR NOT NULL,
    party_type VARCHAR NOT NULL
);
COMMENT ON TABLE parties IS 'One row per canonical person, organisation, country or other place mentioned or quoted.';
COMMENT ON COLUMN parties.party_id IS 'Stable id: the type and the canonical name, e.g. person:joe-biden; the same in every run.';
COMMENT ON COLUMN parties.name IS 'Canonical name (Joe Biden, United States, National Security Council).';
COMMENT ON COLUMN parties.party_type IS 'person, organization, country, or location.';

CREATE TABLE quotes (
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
    attribution_confidence DOUBLE
);
COMMENT ON TABLE quotes IS 'One row per direct quotation in a published article, with its speaker. Quoted fragments woven into the reporter''s sentence and scare quotes are not direct quotations: they are in quote_fragments.';
COMMENT ON COLUMN quotes.quote_id IS 'Stable id derived from the article and the quotation''s span.';
COMMENT ON COLUMN quotes.article_id IS 'The article quoting (references articles.article_id).';
COMMENT ON COLUMN quotes.text IS 'The quoted words without the outer quote marks; a quotation over several paragraphs is one row, its paragraphs joined.';
COMMENT ON COLUMN quotes.speaker IS 'Full name of who said it as the article establishes it (titles dropped); for an unnamed speaker, the description; NULL when unknown.';
COMMENT ON COLUMN quotes.speaker_party_id IS 'The speaker as a party (references parties.party_id), when the speaker is a named party.';
COMMENT ON COLUMN quotes.cue IS 'The reporting verb (said, told), when there is one.';
COMMENT ON COLUMN quotes.start_char IS 'Offset in articles.body of the first quoted character.';
COMMENT ON COLUMN quotes.end_char IS 'Offset in articles.body just after the last quoted character; for a quotation in one piece body[start_char:end_char] = text.';
COMMENT ON COLUMN quotes.speaker_kind IS 'person, organization, or description (an unnamed speaker).';
COMMENT ON COLUMN quotes.speaker_role IS 'The speaker''s role or title as the article gives it (Coordinator for Strategic Communications ...).';
COMMENT ON COLUMN quotes.attribution_rule IS 'Which attribution rule found the speaker (for filtering and error analysis).';
COMMENT ON COLUMN quotes.attribution_confidence IS 'Confidence of the attribution, 0 to 1.';

CREATE TABLE quote_fragments (
    quote_id               VARCHAR PRIMARY KEY,
    article_id             VARCHAR NOT NULL,
    kind                   VARCHAR NOT NULL,
    text                   VARCHAR NOT NULL,
    speaker                VARCHAR,
    speaker_party_id       VARCHAR,
    cue                    VARCHAR,
    start_char             INTEGER,
    end_char               INTEGER,
    speaker_kind           VARCHAR,
    speaker_role           VARCHAR,
    attribution_rule       VARCHAR,
    attribution_confidence DOUBLE
);
COMMENT ON TABLE quote_fragments IS 'Quoted words that are not a direct quotation: a fragment of someone''s words woven into the reporter''s sentence (he called it "a fair deal"), a quotation finishing or continuing a statement the reporter began in paraphrase (the plan may slip, she said. "Nobody wants that."), or a scare-quoted word or title. Same columns as quotes, plus kind.';
COMMENT ON COLUMN quote_fragments.quote_id IS 'Stable id derived from the article and the span.';
COMMENT ON COLUMN quote_fragments.article_id IS 'The article (references articles.article_id).';
COMMENT ON COLUMN quote_fragments.kind IS 'partial (a speaker''s words inside, finishing or continuing the reporter''s paraphrase of them) or scare_quote (a scare-quoted word or a title, nobody''s statement).';
COMMENT ON COLUMN quote_fragments.text IS 'The quoted words without the quote marks.';
COMMENT ON COLUMN quote_fragments.speaker IS 'Whose words a partial fragment is, as for quotes.speaker; usually NULL for scare quotes.';
COMMENT ON COLUMN quote_fragments.speaker_party_id IS 'The speaker as a party (references parties.party_id).';
COMMENT ON COLUMN quote_fragments.cue IS 'The reporting verb, when there is one.';
COMMENT ON COLUMN quote_fragments.start_char IS 'Offset in articles.body of the first quoted character.';
COMMENT ON COLUMN quote_fragments.end_char IS 'Offset in articles.body just after the last quoted character.';
COMMENT ON COLUMN quote_fragments.speaker_kind IS 'person, organization, or description.';
COMMENT ON COLUMN quote_fragments.speaker_role IS 'The speaker''s role as the article gives it.';
COMMENT ON COLUMN quote_fragments.attribution_rule IS 'Which attribution rule found the speaker.';
COMMENT ON COLUMN quote_fragments.attribution_confidence IS 'Confidence of the attribution, 0 to 1.';

CREATE TABLE party_mentions (
    article_id VARCHAR NOT NULL,
    party_id   VARCHAR NOT NULL,
    mention    VARCHAR NOT NULL,
    start_char INTEGER,
    end_char   INTEGER
);
COMMENT ON TABLE party_mentions IS 'One row per mention of a party in a published article body.';
COMMENT ON COLUMN party_mentions.article_id IS 'The article (references articles.article_id).';
COMMENT ON COLUMN party_mentions.party_id IS 'The party mentioned (references parties.party_id).';
COMMENT ON COLUMN party_mentions.mention IS 'The words as written (Biden, U.S., Tokyo).';
COMMENT ON COLUMN party_mentions.start_char IS 'Offset of the mention in articles.body.';
COMMENT ON COLUMN party_mentions.end_char IS 'Offset just after the mention in articles.body: body[start_char:end_char] = mention.';

CREATE TABLE rejected_files (
    source_path VARCHAR NOT NULL,
    reason      VARCHAR NOT NULL,
    detail      VARCHAR
);
COMMENT ON TABLE rejected_files IS 'One row per inbox file that did not become an article, with the reason.';
COMMENT ON COLUMN rejected_files.source_path IS 'Path of the file relative to the inbox, /-separated.';
COMMENT ON COLUMN rejected_files.reason IS 'Short code: empty, binary, undecodable, too_large, no_body, symlink, not_regular_file, unreadable.';
COMMENT ON COLUMN rejected_files.detail IS 'A sentence a person can act on.';

CREATE TABLE quarantined_rows (
    "table"  VARCHAR NOT NULL,
    key      VARCHAR NOT NULL,
    action   VARCHAR NOT NULL,
    "column" VARCHAR,
    reason   VARCHAR NOT NULL,
    value    VARCHAR
);
COMMENT ON TABLE quarantined_rows IS 'Rows the quality gate corrected or set aside before publishing, so that one bad page never blocks a load: one row per change.';
COMMENT ON COLUMN quarantined_rows."table" IS 'The published table the row belongs to.';
COMMENT ON COLUMN quarantined_rows.key IS 'The row: article_id, quote_id, or article_id:start:end for a mention.';
COMMENT ON COLUMN quarantined_rows.action IS 'nulled (a value set to NULL, the row kept) or removed (the row not published).';
COMMENT ON COLUMN quarantined_rows."column" IS 'The column corrected, for nulled values.';
COMMENT ON COLUMN quarantined_rows.reason IS 'Why, in words an engineer can act on.';
COMMENT ON COLUMN quarantined_rows.value IS 'The value before the change, as text.';
