-- The analysts' views: the questions they ask first, over the published tables of
-- ../shared/CONTRACT.md and the extra columns of warehouse.sql. Executed by warehouse/publish.py
-- on every build, after the tables are loaded and in the same transaction, so a published file
-- always has views that match its tables.
--
-- "Day" is articles.published_date: the calendar date as the source printed it, in its own time
-- zone (not a UTC day). Quotes and mentions of undated articles count under a NULL date, so that
-- the per-day views add up to the totals. Views about quotes read `quotes`, the direct
-- quotations; fragments and scare quotes are in `quote_fragments`.
-- Only SQL that the DuckDB CLI analysts use (duckdb-cli, see README) can bind: nothing newer.

CREATE VIEW quote_feed AS
SELECT q.quote_id,
       a.published_date,
       a.published_at,
       a.source_id,
       s.name                   AS source,
       a.title                  AS article_title,
       coalesce(p.name, q.speaker) AS speaker,
       q.speaker_role,
       q.speaker_kind,
       q.speaker_party_id,
       q.cue,
       q.text                   AS quote,
       q.attribution_confidence,
       q.article_id
FROM quotes q
JOIN articles a USING (article_id)
LEFT JOIN sources s ON s.source_id = a.source_id
LEFT JOIN parties p ON p.party_id = q.speaker_party_id
ORDER BY a.published_date DESC NULLS LAST, a.published_at DESC NULLS LAST, q.article_id, q.start_char;

COMMENT ON VIEW quote_feed IS 'Every direct quotation with who said it and where it was published, newest first.';
COMMENT ON COLUMN quote_feed.quote_id IS 'The quotation (quotes.quote_id).';
COMMENT ON COLUMN quote_feed.published_date IS 'Date the article was first published, as the source printed it; NULL when the page gives none.';
COMMENT ON COLUMN quote_feed.published_at IS 'Instant of first publication when the page prints a time; else NULL.';
COMMENT ON COLUMN quote_feed.source_id IS 'Who the article credits (sources.source_id); NULL when it credits nobody we could read.';
COMMENT ON COLUMN quote_feed.source IS 'Canonical name of the credited source (Press Trust of India).';
COMMENT ON COLUMN quote_feed.article_title IS 'Headline of the quoting article.';
COMMENT ON COLUMN quote_feed.speaker IS 'Who said it: the canonical party name when the speaker is a known party, else the name or description the article gives; NULL when unknown.';
COMMENT ON COLUMN quote_feed.speaker_role IS 'The speaker''s role or title as the article gives it, when it does.';
COMMENT ON COLUMN quote_feed.speaker_kind IS 'person, organization, or description (an unnamed speaker such as a spokesman).';
COMMENT ON COLUMN quote_feed.speaker_party_id IS 'The speaker as a party (parties.party_id), when named.';
COMMENT ON COLUMN quote_feed.cue IS 'The reporting verb (said, told), when there is one.';
COMMENT ON COLUMN quote_feed.quote IS 'The quoted words, without the outer quote marks.';
COMMENT ON COLUMN quote_feed.attribution_confidence IS 'Confidence of the speaker attribution, 0 to 1: filter on it to trade recall for precision.';
COMMENT ON COLUMN quote_feed.article_id IS 'The quoting article (articles.article_id).';

-- A speaker is the party when the speaker resolved to one, else the name as written; unnamed
-- speakers ("a spokesman") are different people in different articles, so they are left out.
CREATE VIEW speaker_days AS
SELECT coalesce(p.name, q.speaker) AS speaker,
       q.speaker_party_id,
       a.published_date,
       count(*)                     AS quotes,
       count(DISTINCT q.article_id) AS articles
FROM quotes q
JOIN articles a USING (article_id)
LEFT JOIN parties p ON p.party_id = q.speaker_party_id
WHERE q.speaker IS NOT NULL
  AND coalesce(q.speaker_kind, '') <> 'description'
GROUP BY ALL
ORDER BY speaker, a.published_date NULLS LAST;

COMMENT ON VIEW speaker_days IS 'Quotes per named speaker per publication day (unnamed speakers and scare quotes left out).';
COMMENT ON COLUMN speaker_days.speaker IS 'Canonical name of the speaker (the party name when resolved to a party).';
COMMENT ON COLUMN speaker_days.speaker_party_id IS 'The speaker as a party (parties.party_id), when resolved.';
COMMENT ON COLUMN speaker_days.published_date IS 'Publication date of the quoting articles, as printed; NULL for undated articles.';
COMMENT ON COLUMN speaker_days.quotes IS 'Direct quotations of the speaker published that day.';
COMMENT ON COLUMN speaker_days.articles IS 'Articles quoting the speaker that day.';

CREATE VIEW speakers AS
SELECT coalesce(p.name, q.speaker) AS speaker,
       q.speaker_party_id,
       any_value(q.speaker_kind)    AS speaker_kind,
       arg_max(q.speaker_role, a.published_date) FILTER (WHERE q.speaker_role IS NOT NULL) AS latest_role,
       count(*)                     AS quotes,
       count(DISTINCT q.article_id) AS articles,
       count(DISTINCT a.source_id)  AS sources,
       count(DISTINCT a.published_date) AS days_quoted,
       min(a.published_date)        AS first_seen,
       max(a.published_date)        AS last_seen
FROM quotes q
JOIN articles a USING (article_id)
LEFT JOIN parties p ON p.party_id = q.speaker_party_id
WHERE q.speaker IS NOT NULL
  AND coalesce(q.speaker_kind, '') <> 'description'
GROUP BY coalesce(p.name, q.speaker), q.speaker_party_id
ORDER BY quotes DESC, speaker;

COMMENT ON VIEW speakers IS 'One row per named speaker: how often, how widely and between which dates they were quoted; most quoted first.';
COMMENT ON COLUMN speakers.speaker IS 'Canonical name of the speaker (the party name when resolved to a party).';
COMMENT ON COLUMN speakers.speaker_party_id IS 'The speaker as a party (parties.party_id), when resolved.';
COMMENT ON COLUMN speakers.speaker_kind IS 'person or organization.';
COMMENT ON COLUMN speakers.latest_role IS 'The role or title the most recent article quoting them gives, when one does.';
COMMENT ON COLUMN speakers.quotes IS 'Direct quotations of the speaker in all published articles.';
COMMENT ON COLUMN speakers.articles IS 'Articles quoting the speaker.';
COMMENT ON COLUMN speakers.sources IS 'Distinct credited sources of those articles.';
COMMENT ON COLUMN speakers.days_quoted IS 'Distinct publication dates on which they were quoted.';
COMMENT ON COLUMN speakers.first_seen IS 'Earliest publication date of an article quoting them; NULL when every such article is undated.';
COMMENT ON COLUMN speakers.last_seen IS 'Latest publication date of an article quoting them; NULL when every such article is undated.';

-- Pairs counted once, the party with the smaller id first, so a self-join gives each pair one row.
CREATE VIEW party_cooccurrence AS
WITH present AS (
    SELECT DISTINCT m.article_id, m.party_id FROM party_mentions m
)
SELECT x.party_id    AS party_a_id,
       pa.name       AS party_a,
       pa.party_type AS party_a_type,
       y.party_id    AS party_b_id,
       pb.name       AS party_b,
       pb.party_type AS party_b_type,
       count(*)      AS articles,
       min(a.published_date) AS first_seen,
       max(a.published_date) AS last_seen
FROM present x
JOIN present y ON y.article_id = x.article_id AND x.party_id < y.party_id
JOIN articles a ON a.article_id = x.article_id
JOIN parties pa ON pa.party_id = x.party_id
JOIN parties pb ON pb.party_id = y.party_id
GROUP BY ALL
ORDER BY articles DESC, party_a, party_b;

COMMENT ON VIEW party_cooccurrence IS 'Pairs of parties mentioned in the same article, with the number of such articles; each pair once (party_a_id < party_b_id), most frequent first.';
COMMENT ON COLUMN party_cooccurrence.party_a_id IS 'The first party of the pair (parties.party_id), the smaller id.';
COMMENT ON COLUMN party_cooccurrence.party_a IS 'Canonical name of the first party.';
COMMENT ON COLUMN party_cooccurrence.party_a_type IS 'person, organization, country, or location.';
COMMENT ON COLUMN party_cooccurrence.party_b_id IS 'The second party of the pair (parties.party_id), the larger id.';
COMMENT ON COLUMN party_cooccurrence.party_b IS 'Canonical name of the second party.';
COMMENT ON COLUMN party_cooccurrence.party_b_type IS 'person, organization, country, or location.';
COMMENT ON COLUMN party_cooccurrence.articles IS 'Articles whose body mentions both parties.';
COMMENT ON COLUMN party_cooccurrence.first_seen IS 'Earliest publication date of such an article (NULL when all are undated).';
COMMENT ON COLUMN party_cooccurrence.last_seen IS 'Latest publication date of such an article (NULL when all are undated).';

CREATE VIEW party_timeline AS
SELECT m.party_id,
       p.name,
       p.party_type,
       a.published_date,
       count(*)                     AS mentions,
       count(DISTINCT m.article_id) AS articles
FROM party_mentions m
JOIN parties p USING (party_id)
JOIN articles a USING (article_id)
GROUP BY ALL
ORDER BY p.name, m.party_id, a.published_date NULLS LAST;

COMMENT ON VIEW party_timeline IS 'Mentions per party per publication day.';
COMMENT ON COLUMN party_timeline.party_id IS 'The party (parties.party_id).';
COMMENT ON COLUMN party_timeline.name IS 'Canonical name of the party.';
COMMENT ON COLUMN party_timeline.party_type IS 'person, organization, country, or location.';
COMMENT ON COLUMN party_timeline.published_date IS 'Publication date of the mentioning articles, as printed; NULL for undated articles.';
COMMENT ON COLUMN party_timeline.mentions IS 'Mentions of the party in articles published that day.';
COMMENT ON COLUMN party_timeline.articles IS 'Articles mentioning the party that day.';

CREATE VIEW source_volume AS
WITH per_article AS (
    SELECT a.article_id, a.source_id, a.published_date,
           (SELECT count(*) FROM quotes q
            WHERE q.article_id = a.article_id) AS quotes,
           (SELECT count(*) FROM party_mentions m WHERE m.article_id = a.article_id) AS mentions
    FROM articles a
)
SELECT x.source_id,
       s.name AS source,
       s.kind AS source_kind,
       x.published_date,
       count(*)        AS articles,
       sum(x.quotes)::BIGINT   AS quotes,
       sum(x.mentions)::BIGINT AS party_mentions
FROM per_article x
LEFT JOIN sources s ON s.source_id = x.source_id
GROUP BY ALL
ORDER BY x.published_date DESC NULLS LAST, source NULLS LAST;

COMMENT ON VIEW source_volume IS 'Articles, quotes and party mentions per credited source per publication day.';
COMMENT ON COLUMN source_volume.source_id IS 'The credited source (sources.source_id); NULL for articles that credit nobody we could read.';
COMMENT ON COLUMN source_volume.source IS 'Canonical name of the source.';
COMMENT ON COLUMN source_volume.source_kind IS 'agency, publisher, or unknown.';
COMMENT ON COLUMN source_volume.published_date IS 'Publication date as printed; NULL for undated articles.';
COMMENT ON COLUMN source_volume.articles IS 'Articles published that day crediting the source.';
COMMENT ON COLUMN source_volume.quotes IS 'Direct quotations in those articles (scare quotes left out).';
COMMENT ON COLUMN source_volume.party_mentions IS 'Party mentions in those articles.';
