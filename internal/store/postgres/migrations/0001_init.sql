-- sitrep store, PostgreSQL: articles with their analyses, near-duplicate bands,
-- events (with a GiST index over their point), clusters, failures, and a
-- full-text index over article title and text.
CREATE TABLE articles (
	id          TEXT NOT NULL PRIMARY KEY,
	url         TEXT NOT NULL DEFAULT '',
	source      TEXT NOT NULL DEFAULT '',
	title       TEXT NOT NULL DEFAULT '',
	published   TEXT NOT NULL DEFAULT '',
	language    TEXT NOT NULL DEFAULT '',
	body        TEXT NOT NULL,
	hash        TEXT NOT NULL,
	origin      TEXT NOT NULL,
	signature   BYTEA,
	analysis    TEXT NOT NULL,
	ingested_at TEXT NOT NULL
);
CREATE INDEX articles_hash ON articles (hash);
CREATE INDEX articles_url ON articles (url) WHERE url <> '';

CREATE TABLE article_bands (
	band       BIGINT NOT NULL,
	article_id TEXT NOT NULL,
	PRIMARY KEY (band, article_id)
);
CREATE INDEX article_bands_article ON article_bands (article_id);

CREATE TABLE events (
	rid            BIGSERIAL PRIMARY KEY,
	article_id     TEXT NOT NULL,
	event_id       TEXT NOT NULL,
	source         TEXT NOT NULL DEFAULT '',
	origin         TEXT NOT NULL DEFAULT '',
	published      TEXT NOT NULL DEFAULT '',
	kind           TEXT NOT NULL DEFAULT '',
	event_type     TEXT NOT NULL DEFAULT '',
	sub_event_type TEXT NOT NULL DEFAULT '',
	cameo          TEXT NOT NULL DEFAULT '',
	plover         TEXT NOT NULL DEFAULT '',
	actor1         TEXT NOT NULL DEFAULT '',
	actor1_code    TEXT NOT NULL DEFAULT '',
	actor2         TEXT NOT NULL DEFAULT '',
	actor2_code    TEXT NOT NULL DEFAULT '',
	country        TEXT NOT NULL DEFAULT '',
	admin1         TEXT NOT NULL DEFAULT '',
	location       TEXT NOT NULL DEFAULT '',
	lat            DOUBLE PRECISION NOT NULL DEFAULT 0,
	lon            DOUBLE PRECISION NOT NULL DEFAULT 0,
	has_point      INTEGER NOT NULL DEFAULT 0,
	day_from       INTEGER NOT NULL DEFAULT 0,
	day_to         INTEGER NOT NULL DEFAULT 0,
	fatalities     INTEGER,
	modality       TEXT NOT NULL DEFAULT '',
	cluster_id     TEXT NOT NULL DEFAULT '',
	data           TEXT NOT NULL,
	UNIQUE (article_id, event_id)
);
CREATE INDEX events_cluster ON events (cluster_id) WHERE cluster_id <> '';
CREATE INDEX events_kind_day ON events (kind, day_from);
CREATE INDEX events_day ON events (day_from);
CREATE INDEX events_country_day ON events (country, day_from);

CREATE TABLE clusters (
	id         TEXT NOT NULL PRIMARY KEY,
	event_type TEXT NOT NULL DEFAULT '',
	country    TEXT NOT NULL DEFAULT '',
	lat        DOUBLE PRECISION NOT NULL DEFAULT 0,
	lon        DOUBLE PRECISION NOT NULL DEFAULT 0,
	day_from   INTEGER NOT NULL DEFAULT 0,
	day_to     INTEGER NOT NULL DEFAULT 0,
	origins    INTEGER NOT NULL DEFAULT 0,
	data       TEXT NOT NULL
);
CREATE INDEX clusters_day ON clusters (day_from);

CREATE TABLE failures (
	id     BIGSERIAL PRIMARY KEY,
	input  TEXT NOT NULL,
	reason TEXT NOT NULL,
	at     TEXT NOT NULL
);

-- Bounding-box queries read a GiST index on the event's point.
CREATE INDEX events_point ON events USING gist (point(lon, lat)) WHERE has_point = 1;

-- Full-text search over title and text.
ALTER TABLE articles ADD COLUMN fts tsvector GENERATED ALWAYS AS (to_tsvector('simple', title || ' ' || body)) STORED;
CREATE INDEX articles_fts ON articles USING gin (fts);
