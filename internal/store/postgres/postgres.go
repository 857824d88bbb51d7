// Package postgres is sitrep's store for larger deployments: PostgreSQL
// through pgx (its database/sql driver), with a GiST index over event points
// for bounding-box queries and a tsvector index for full-text search. Its
// migrations are embedded (migrations/*.sql).
//
// Writers are serialised across processes with a transaction-scoped
// advisory lock, so concurrent ingesters cluster consistently.
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"log/slog"
	"strconv"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/store/sqldb"
)

//go:embed migrations/*.sql
var migrations embed.FS

// writerLock is the advisory lock key that serialises writers.
const writerLock = 0x5173726570 // "sitrep"-ish

// Open connects to the database named by dsn (a postgres:// URL or a
// key=value string) and migrates its schema.
func Open(ctx context.Context, dsn string, log *slog.Logger) (*sqldb.Store, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	db.SetMaxOpenConns(8)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	// Migrations run under the writers' lock so that two processes do not
	// migrate at once.
	conn, err := db.Conn(ctx)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(`+strconv.Itoa(writerLock)+`)`); err != nil {
		db.Close()
		return nil, fmt.Errorf("lock for migration: %w", err)
	}
	err = sqldb.Migrate(ctx, db, migrations, Rebind, log)
	conn.ExecContext(ctx, `SELECT pg_advisory_unlock(`+strconv.Itoa(writerLock)+`)`)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("migrate postgres: %w", err)
	}
	return sqldb.New(db, dialect(), log), nil
}

// Rebind turns '?' placeholders into $1, $2, ...
func Rebind(q string) string {
	if !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func dialect() sqldb.Dialect {
	return sqldb.Dialect{
		Name:   "postgres",
		Rebind: Rebind,
		Box: func(f store.EventFilter) (string, []any) {
			return `e.has_point = 1 AND point(e.lon, e.lat) <@ box(point(?::float8, ?::float8), point(?::float8, ?::float8))`,
				[]any{f.MinLon, f.MinLat, f.MaxLon, f.MaxLat}
		},
		Search: `WITH q AS (SELECT plainto_tsquery('simple', ?) AS q)
			SELECT a.id, a.title, ts_headline('simple', a.body, q.q, 'StartSel=[, StopSel=], MaxWords=20, MinWords=6')
			FROM articles a, q WHERE a.fts @@ q.q ORDER BY ts_rank(a.fts, q.q) DESC, a.id LIMIT ?`,
		LockWriters: `SELECT pg_advisory_xact_lock(` + strconv.Itoa(writerLock) + `)`,
	}
}
