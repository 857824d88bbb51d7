-- sitrep store, SQLite: articles with their analyses, near-duplicate bands,
-- events (with an R*Tree over place and date), clusters, failures, and an
-- FTS5 index over article title and text.
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
	signature   BLOB,
	analysis    TEXT NOT NULL,
	ingested_at TEXT NOT NULL
);
CREATE INDEX articles_hash ON articles (hash);
CREATE INDEX articles_url ON articles (url) WHERE url <> '';

CREATE TABLE article_bands (
	band       INTEGER NOT NULL,
	article_id TEXT NOT NULL,
	PRIMARY KEY (band, article_id)
) WITHOUT ROWID;
CREATE INDEX article_bands_article ON article_bands (article_id);

CREATE TABLE events (
	rid            INTEGER PRIMARY KEY,
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
	lat            REAL NOT NULL DEFAULT 0,
	lon            REAL NOT NULL DEFAULT 0,
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

-- Place and date of events that have coordinates: bounding-box + date
-- queries read this index.
CREATE VIRTUAL TABLE events_rtree USING rtree (id, min_lon, max_lon, min_lat, max_lat, min_day, max_day);
CREATE TRIGGER events_rtree_ins AFTER INSERT ON events WHEN new.has_point = 1 BEGIN
	INSERT INTO events_rtree (id, min_lon, max_lon, min_lat, max_lat, min_day, max_day)
	VALUES (new.rid, new.lon, new.lon, new.lat, new.lat, new.day_from, new.day_to);
END;
CREATE TRIGGER events_rtree_del AFTER DELETE ON events WHEN old.has_point = 1 BEGIN
	DELETE FROM events_rtree WHERE id = old.rid;
END;

CREATE TABLE clusters (
	id         TEXT NOT NULL PRIMARY KEY,
	event_type TEXT NOT NULL DEFAULT '',
	country    TEXT NOT NULL DEFAULT '',
	lat        REAL NOT NULL DEFAULT 0,
	lon        REAL NOT NULL DEFAULT 0,
	day_from   INTEGER NOT NULL DEFAULT 0,
	day_to     INTEGER NOT NULL DEFAULT 0,
	origins    INTEGER NOT NULL DEFAULT 0,
	data       TEXT NOT NULL
);
CREATE INDEX clusters_day ON clusters (day_from);

CREATE TABLE failures (
	id     INTEGER PRIMARY KEY,
	input  TEXT NOT NULL,
	reason TEXT NOT NULL,
	at     TEXT NOT NULL
);

CREATE VIRTUAL TABLE articles_fts USING fts5 (title, body, content = 'articles', content_rowid = 'rowid');
CREATE TRIGGER articles_fts_ins AFTER INSERT ON articles BEGIN
	INSERT INTO articles_fts (rowid, title, body) VALUES (new.rowid, new.title, new.body);
END;
CREATE TRIGGER articles_fts_del AFTER DELETE ON articles BEGIN
	INSERT INTO articles_fts (articles_fts, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
END;
CREATE TRIGGER articles_fts_upd AFTER UPDATE ON articles BEGIN
	INSERT INTO articles_fts (articles_fts, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
	INSERT INTO articles_fts (rowid, title, body) VALUES (new.rowid, new.title, new.body);
END;
