// Package store defines where sitrep keeps its dataset: articles with their
// analyses, events, near-duplicate links, event clusters and ingest failures.
//
// Two implementations satisfy Store: sqlite (the default: one file, WAL,
// FTS5 over article text) and postgres (pgx, for larger deployments); both
// embed their own migrations and pass the one shared suite in storetest.
//
// Contract: every write happens inside Update, in one transaction, so an
// article, its analysis, its events and the clusters they change are stored
// together or not at all. Writers are serialised (one Update at a time per
// database). Every query is parameterised. The store never analyses text and
// never fuses events itself: it keeps what internal/fuse decides.
package store

import (
	"context"
	"errors"
	"time"

	"github.com/sitrep/sitrep/internal/model"
)

// ErrNotFound is returned when a looked-up record does not exist.
var ErrNotFound = errors.New("not found")

// Article is a stored article with its analysis.
type Article struct {
	model.Article
	// Hash is the hex SHA-256 of the article text (ContentHash).
	Hash string
	// Signature is the article's MinHash fingerprint (fuse.Fingerprint),
	// used for near-duplicate look-ups; Bands are its LSH band keys.
	Signature []uint32
	Bands     []int64
	// Origin is the id of the article this one copies or rewrites; its own
	// id when it is an original report.
	Origin   string
	Analysis model.Analysis
}

// Event is a stored event with what the store needs to find it.
type Event struct {
	ArticleID string
	Source    string
	Origin    string // the article's Origin
	Published string
	// Kind is the fusion key: the ACLED event type, else "cameo:" + root.
	Kind string
	// DayFrom and DayTo are the event's date span in days since 1970-01-01.
	DayFrom, DayTo int
	// ClusterID is the cluster the event belongs to; "" when it is not
	// clustered (a statement, a negated or hypothetical event).
	ClusterID string
	Event     model.Event
}

// Known identifies a stored article.
type Known struct {
	ID, URL, Hash, Origin, Language string
	Signature                       []uint32
}

// EventFilter selects events (or clusters) for queries and exports. Zero
// fields do not filter.
type EventFilter struct {
	DayFrom, DayTo int // inclusive; 0 means open
	// Bounding box; used when HasBox.
	HasBox                         bool
	MinLat, MaxLat, MinLon, MaxLon float64
	Country                        string // ISO 3166 alpha-3 of the location
	EventType                      string
	Kind                           string
	Actor                          string // canonical name or code of actor1 or actor2
	// MinSources keeps events whose cluster has at least this many
	// independent origins.
	MinSources int
	// ClusteredOnly keeps events that belong to a cluster.
	ClusteredOnly bool
	Limit         int // 0: no limit
}

// Stats counts what the store holds.
type Stats struct {
	Articles, Events, Clusters, Failures int
}

// SearchHit is one full-text search result.
type SearchHit struct {
	ArticleID, Title, Snippet string
}

// Failure is an input that could not be ingested.
type Failure struct {
	Input, Reason string
	At            time.Time
}

// Store is sitrep's dataset.
type Store interface {
	// FindArticle returns a stored article with this id, else one with this
	// content hash, else one with this URL (each argument may be "").
	FindArticle(ctx context.Context, id, hash, url string) (Known, error)
	// Update runs fn in one transaction; fn's error rolls it back.
	Update(ctx context.Context, fn func(Tx) error) error
	// Article returns one stored article.
	Article(ctx context.Context, id string) (Article, error)
	// Events returns the events that pass f, ordered by date then article.
	Events(ctx context.Context, f EventFilter) ([]Event, error)
	// CountEvents counts the events that pass f.
	CountEvents(ctx context.Context, f EventFilter) (int, error)
	// Clusters returns the clusters with at least one member event that
	// passes f, ordered by date.
	Clusters(ctx context.Context, f EventFilter) ([]model.Cluster, error)
	// Search finds articles whose title or text matches a full-text query.
	Search(ctx context.Context, query string, limit int) ([]SearchHit, error)
	// RecordFailure records an input that failed, with the reason.
	RecordFailure(ctx context.Context, input, reason string) error
	// Failures lists the recorded failures, oldest first.
	Failures(ctx context.Context) ([]Failure, error)
	// Stats counts what the store holds.
	Stats(ctx context.Context) (Stats, error)
	// BulkEvents inserts events without clustering or articles of their
	// own, as fast as the database allows (benchmarks and imports).
	BulkEvents(ctx context.Context, events []Event) error
	Close() error
}

// Tx is one write transaction.
type Tx interface {
	// FindArticle is Store.FindArticle inside the transaction: it sees the
	// articles the transaction has put.
	FindArticle(ctx context.Context, id, hash, url string) (Known, error)
	// PutArticle stores an article and its analysis, replacing a stored
	// article with the same id together with its events (whose clusters the
	// caller must then refresh: see PutArticle's returned cluster ids).
	PutArticle(ctx context.Context, a Article) (staleClusters []string, err error)
	// PutEvents stores events of an article already put.
	PutEvents(ctx context.Context, events []Event) error
	// SimilarArticles returns articles sharing at least one LSH band key.
	SimilarArticles(ctx context.Context, bands []int64) ([]Known, error)
	// Candidates returns clustered events that pass f (a kind, a date span
	// and, when the event has a place, a box around it). The events it and
	// ClusterEvents return may share pointers and slices with the store's
	// cache: callers must not change them.
	Candidates(ctx context.Context, f EventFilter) ([]Event, error)
	// ClusterEvents returns the member events of a cluster.
	ClusterEvents(ctx context.Context, clusterID string) ([]Event, error)
	// PutCluster inserts or replaces a cluster summary.
	PutCluster(ctx context.Context, c model.Cluster) error
	// DeleteCluster removes a cluster that has no members left.
	DeleteCluster(ctx context.Context, id string) error
}

// Epoch day helpers.

// Day returns the days since 1970-01-01 of a YYYY-MM-DD date, or 0.
func Day(date string) int {
	t, err := time.Parse("2006-01-02", date)
	if err != nil {
		return 0
	}
	return int(t.Unix() / 86400)
}

// Date renders a day number as YYYY-MM-DD ("" for 0).
func Date(day int) string {
	if day == 0 {
		return ""
	}
	return time.Unix(int64(day)*86400, 0).UTC().Format("2006-01-02")
}
