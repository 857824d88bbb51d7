// Package sqlite is sitrep's default store: one SQLite file (pure Go driver,
// modernc.org/sqlite), in WAL mode, with an FTS5 index over article title
// and text and an R*Tree over event place and date for bounding-box + date
// queries. Its migrations are embedded (migrations/*.sql).
//
// Writers are serialised inside a process by the store and across processes
// by SQLite's write lock (transactions begin IMMEDIATE, with a busy timeout).
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"log/slog"
	"net/url"
	"strings"

	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/store/sqldb"
	_ "modernc.org/sqlite" // database/sql driver "sqlite"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Open opens (creating it when absent) the SQLite database at path and
// migrates its schema.
func Open(ctx context.Context, path string, log *slog.Logger) (*sqldb.Store, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	q := url.Values{}
	// temp_store(MEMORY) keeps statement journals (which the triggers'
	// writes need) off temporary files: a write per page saved.
	for _, p := range []string{"busy_timeout(30000)", "journal_mode(WAL)", "synchronous(NORMAL)", "foreign_keys(ON)", "cache_size(-65536)", "temp_store(MEMORY)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if err := sqldb.Migrate(ctx, db, migrations, func(s string) string { return s }, log); err != nil {
		db.Close()
		return nil, fmt.Errorf("migrate %s: %w", path, err)
	}
	return sqldb.New(db, dialect(), log), nil
}

func dialect() sqldb.Dialect {
	return sqldb.Dialect{
		Name:   "sqlite",
		Rebind: func(s string) string { return s },
		Box: func(f store.EventFilter) (string, []any) {
			lo, hi := f.DayFrom, f.DayTo
			if hi == 0 {
				hi = 1 << 30
			}
			// The R*Tree keeps 32-bit bounds, rounded outwards: it selects
			// overlapping boxes, and the exact test follows on the row.
			return `e.rid IN (SELECT id FROM events_rtree WHERE max_lon >= ? AND min_lon <= ? AND max_lat >= ? AND min_lat <= ? AND max_day >= ? AND min_day <= ?)
				AND e.lon BETWEEN ? AND ? AND e.lat BETWEEN ? AND ? AND e.day_to >= ? AND e.day_from <= ?`,
				[]any{f.MinLon, f.MaxLon, f.MinLat, f.MaxLat, lo, hi, f.MinLon, f.MaxLon, f.MinLat, f.MaxLat, lo, hi}
		},
		Search: `SELECT a.id, a.title, snippet(articles_fts, 1, '[', ']', '…', 12) FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid
			WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?`,
		BulkEvents:  bulkEvents,
		DataVersion: `PRAGMA data_version`,
	}
}

// bulkEvents inserts events in multi-row statements of bulkRows rows inside
// the caller's transaction; the triggers keep the R*Tree in step.
func bulkEvents(ctx context.Context, tx *sql.Tx, events []store.Event) error {
	const cols = `INSERT INTO events (article_id, event_id, source, origin, published, kind, event_type, sub_event_type, cameo, plover,
		actor1, actor1_code, actor2, actor2_code, country, admin1, location, lat, lon, has_point, day_from, day_to, fatalities, modality, cluster_id, data) VALUES `
	const row = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	const bulkRows = 250
	var full *sql.Stmt
	defer func() {
		if full != nil {
			full.Close()
		}
	}()
	args := make([]any, 0, 26*bulkRows)
	for len(events) > 0 {
		n := min(len(events), bulkRows)
		args = args[:0]
		for _, e := range events[:n] {
			args = append(args, sqldb.EventArgs(e)...)
		}
		q := cols + strings.TrimSuffix(strings.Repeat(row+", ", n), ", ")
		var err error
		if n == bulkRows {
			if full == nil {
				if full, err = tx.PrepareContext(ctx, q); err != nil {
					return err
				}
			}
			_, err = full.ExecContext(ctx, args...)
		} else {
			_, err = tx.ExecContext(ctx, q, args...)
		}
		if err != nil {
			return err
		}
		events = events[n:]
	}
	return nil
}
