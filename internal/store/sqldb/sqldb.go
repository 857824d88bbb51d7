// Package sqldb is the part of the SQL stores that SQLite and PostgreSQL
// share: hand-written, parameterised queries over database/sql, a migration
// runner for embedded *.sql files, and the store.Store implementation. What
// differs between the databases (placeholders, the spatial and full-text
// predicates, how writers are serialised) comes in through Dialect.
//
// Queries are written with '?' placeholders; Dialect.Rebind turns them into
// the database's own.
package sqldb

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/sitrep/sitrep/internal/model"
	"github.com/sitrep/sitrep/internal/store"
)

// Dialect is what one database does its own way.
type Dialect struct {
	Name string
	// Rebind turns '?' placeholders into the database's.
	Rebind func(q string) string
	// Box returns a predicate (with '?' placeholders and its arguments)
	// keeping events of table alias e inside a box and day span.
	Box func(f store.EventFilter) (string, []any)
	// Search returns the full-text query: columns id, title, snippet.
	Search string
	// LockWriters is run first in every write transaction ("" for none).
	LockWriters string
	// BulkEvents inserts events fast; nil uses plain inserts.
	BulkEvents func(ctx context.Context, tx *sql.Tx, events []store.Event) error
	// DataVersion is a query, run in a write transaction on the store's
	// writing connection, whose result changes whenever another
	// connection has committed ("" for none). With it, write transactions
	// keep fusion's candidate events in memory between them (see warm.go).
	DataVersion string
}

// Store is a store.Store over database/sql.
type Store struct {
	DB  *sql.DB
	d   Dialect
	log *slog.Logger
	mu  sync.Mutex // one writer per process

	// What write transactions reuse (guarded by mu): statements prepared
	// once per query text, decoded events by their stored JSON, the
	// connection that writes (when Dialect.DataVersion is set) and the
	// clustered events it knows.
	stmts   map[string]*sql.Stmt
	decoded eventCache
	wconn   *sql.Conn
	warm    warmCache
	// Statements of the readers (FindArticle), by query text.
	rstmts sync.Map
}

// maxStmts bounds the prepared statements kept (queries with a variable
// number of placeholders have many texts).
const maxStmts = 128

// New wraps an open database whose schema is migrated.
func New(db *sql.DB, d Dialect, log *slog.Logger) *Store {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Store{DB: db, d: d, log: log}
}

// Migrate applies the *.sql files of fsys (in name order, each named
// NNNN_what.sql) that the database has not seen, each in its own
// transaction, and records the schema version.
func Migrate(ctx context.Context, db *sql.DB, fsys fs.FS, rebind func(string) string, log *slog.Logger) error {
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("create schema_version: %w", err)
	}
	names, err := fs.Glob(fsys, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		base := path.Base(name)
		num, _, _ := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if err != nil {
			return fmt.Errorf("migration %s: name must start with a number", base)
		}
		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("migration %s: %w", base, err)
		}
		// Read the version inside the transaction, which holds the write
		// lock: another process may have migrated meanwhile.
		var cur sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_version`).Scan(&cur); err != nil {
			tx.Rollback()
			return fmt.Errorf("read schema version: %w", err)
		}
		if cur.Valid && int64(v) <= cur.Int64 {
			tx.Rollback()
			continue
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: %w", base, err)
		}
		if _, err := tx.ExecContext(ctx, rebind(`INSERT INTO schema_version (version, applied_at) VALUES (?, ?)`), v, time.Now().UTC().Format(time.RFC3339)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: %w", base, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migration %s: %w", base, err)
		}
		log.Info("schema migrated", "version", v, "file", base)
	}
	return nil
}

func (s *Store) q(query string) string { return s.d.Rebind(query) }

// Close closes the database.
func (s *Store) Close() error {
	s.mu.Lock()
	for _, st := range s.stmts {
		st.Close()
	}
	s.stmts = nil
	if s.wconn != nil {
		s.wconn.Close()
		s.wconn = nil
	}
	s.warm = warmCache{}
	s.mu.Unlock()
	s.rstmts.Range(func(k, v any) bool {
		v.(*sql.Stmt).Close()
		s.rstmts.Delete(k)
		return true
	})
	return s.DB.Close()
}

// FindArticle implements store.Store.
func (s *Store) FindArticle(ctx context.Context, id, hash, url string) (store.Known, error) {
	for _, c := range []struct{ col, val string }{{"id", id}, {"hash", hash}, {"url", url}} {
		if c.val == "" {
			continue
		}
		var k store.Known
		var sig []byte
		st, err := s.readStmt(ctx, `SELECT id, url, hash, origin, language, signature FROM articles WHERE `+c.col+` = ? LIMIT 1`)
		if err != nil {
			return store.Known{}, fmt.Errorf("find article: %w", err)
		}
		err = st.QueryRowContext(ctx, c.val).Scan(&k.ID, &k.URL, &k.Hash, &k.Origin, &k.Language, &sig)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return store.Known{}, fmt.Errorf("find article: %w", err)
		}
		k.Signature = decodeSig(sig)
		return k, nil
	}
	return store.Known{}, store.ErrNotFound
}

// readStmt returns a prepared statement for the readers (safe for
// concurrent use), preparing it once.
func (s *Store) readStmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := s.rstmts.Load(query); ok {
		return st.(*sql.Stmt), nil
	}
	st, err := s.DB.PrepareContext(ctx, s.q(query))
	if err != nil {
		return nil, err
	}
	if old, loaded := s.rstmts.LoadOrStore(query, st); loaded {
		st.Close()
		return old.(*sql.Stmt), nil
	}
	return st, nil
}

// Update implements store.Store.
func (s *Store) Update(ctx context.Context, fn func(store.Tx) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	tx, err := s.beginWrite(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if s.d.LockWriters != "" {
		if _, err := tx.ExecContext(ctx, s.d.LockWriters); err != nil {
			tx.Rollback()
			return fmt.Errorf("lock writers: %w", err)
		}
	}
	warm, err := s.warmBegin(ctx, tx)
	if err != nil {
		tx.Rollback()
		return err
	}
	done := false
	defer func() {
		if !done { // fn panicked
			tx.Rollback()
			s.warm = warmCache{}
		}
	}()
	err = fn(&Tx{tx: tx, s: s, warmOn: warm})
	done = true
	if err != nil {
		tx.Rollback()
		s.warm = warmCache{} // it may hold rows that are gone now
		return err
	}
	if err := tx.Commit(); err != nil {
		s.warm = warmCache{}
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// beginWrite begins a write transaction: on the store's own writing
// connection when the dialect can tell others' commits from its own.
func (s *Store) beginWrite(ctx context.Context) (*sql.Tx, error) {
	if s.d.DataVersion == "" {
		return s.DB.BeginTx(ctx, nil)
	}
	for try := 0; ; try++ {
		if s.wconn == nil {
			c, err := s.DB.Conn(ctx)
			if err != nil {
				return nil, err
			}
			s.wconn = c
			s.warm = warmCache{}
		}
		tx, err := s.wconn.BeginTx(ctx, nil)
		if err == nil || try > 0 || ctx.Err() != nil {
			return tx, err
		}
		// The connection may be broken: take a new one, once.
		s.wconn.Close()
		s.wconn = nil
	}
}

// Article implements store.Store.
func (s *Store) Article(ctx context.Context, id string) (store.Article, error) {
	var a store.Article
	var sig []byte
	var analysis string
	err := s.DB.QueryRowContext(ctx, s.q(`SELECT id, url, source, title, published, language, body, hash, origin, signature, analysis FROM articles WHERE id = ?`), id).
		Scan(&a.ID, &a.URL, &a.Source, &a.Title, &a.Published, &a.Language, &a.Text, &a.Hash, &a.Origin, &sig, &analysis)
	if errors.Is(err, sql.ErrNoRows) {
		return a, fmt.Errorf("article %s: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return a, fmt.Errorf("article %s: %w", id, err)
	}
	a.Signature = decodeSig(sig)
	if err := json.Unmarshal([]byte(analysis), &a.Analysis); err != nil {
		return a, fmt.Errorf("article %s: analysis: %w", id, err)
	}
	rows, err := s.DB.QueryContext(ctx, s.q(`SELECT band FROM article_bands WHERE article_id = ? ORDER BY band`), id)
	if err != nil {
		return a, fmt.Errorf("article %s: bands: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var b int64
		if err := rows.Scan(&b); err != nil {
			return a, err
		}
		a.Bands = append(a.Bands, b)
	}
	return a, rows.Err()
}

const eventCols = `e.article_id, e.source, e.origin, e.published, e.kind, e.day_from, e.day_to, e.cluster_id, e.data`

// where builds the WHERE clause of an event filter over alias e (and c for
// clusters when MinSources is set).
func (s *Store) where(f store.EventFilter) (string, []any) {
	var conds []string
	var args []any
	if f.HasBox {
		c, a := s.d.Box(f)
		conds = append(conds, c)
		args = append(args, a...)
	}
	if !f.HasBox || s.d.Name == "postgres" {
		if f.DayFrom != 0 {
			conds = append(conds, "e.day_to >= ?")
			args = append(args, f.DayFrom)
		}
		if f.DayTo != 0 {
			conds = append(conds, "e.day_from <= ?")
			args = append(args, f.DayTo)
		}
	}
	if f.Country != "" {
		conds = append(conds, "e.country = ?")
		args = append(args, strings.ToUpper(f.Country))
	}
	if f.EventType != "" {
		conds = append(conds, "lower(e.event_type) = lower(?)")
		args = append(args, f.EventType)
	}
	if f.Kind != "" {
		conds = append(conds, "e.kind = ?")
		args = append(args, f.Kind)
	}
	if f.Actor != "" {
		conds = append(conds, "(lower(e.actor1) = lower(?) OR lower(e.actor2) = lower(?) OR e.actor1_code = ? OR e.actor2_code = ?)")
		args = append(args, f.Actor, f.Actor, strings.ToUpper(f.Actor), strings.ToUpper(f.Actor))
	}
	if f.ClusteredOnly || f.MinSources > 0 {
		conds = append(conds, "e.cluster_id <> ''")
	}
	if f.MinSources > 0 {
		conds = append(conds, "e.cluster_id IN (SELECT c.id FROM clusters c WHERE c.origins >= ?)")
		args = append(args, f.MinSources)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// limit appends a parameterised LIMIT clause when n > 0.
func limit(q string, args []any, n int) (string, []any) {
	if n > 0 {
		return q + " LIMIT ?", append(args, n)
	}
	return q, args
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func (s *Store) events(ctx context.Context, db querier, f store.EventFilter) ([]store.Event, error) {
	w, args := s.where(f)
	q, args := limit(`SELECT `+eventCols+` FROM events e`+w+` ORDER BY e.day_from, e.article_id, e.event_id`, args, f.Limit)
	rows, err := db.QueryContext(ctx, s.q(q), args...)
	if err != nil {
		return nil, fmt.Errorf("query events: %w", err)
	}
	return scanEvents(rows, nil)
}

// scanEvents reads rows of eventCols. With a cache, events whose stored
// JSON was decoded before are not decoded again; they share their
// pointers and slices with earlier results, which callers must not change.
func scanEvents(rows *sql.Rows, cache *eventCache) ([]store.Event, error) {
	defer rows.Close()
	var out []store.Event
	var data []byte
	for rows.Next() {
		var e store.Event
		if err := rows.Scan(&e.ArticleID, &e.Source, &e.Origin, &e.Published, &e.Kind, &e.DayFrom, &e.DayTo, &e.ClusterID, &data); err != nil {
			return nil, fmt.Errorf("scan event: %w", err)
		}
		if err := cache.decode(data, &e.Event); err != nil {
			return nil, fmt.Errorf("event %s: %w", e.ArticleID, err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// eventCache keeps decoded events by their stored JSON text: the same
// text always decodes to the same event, so an entry is never stale,
// whoever wrote the row. It is emptied when full. The zero value is ready;
// a nil cache keeps nothing.
type eventCache struct {
	m map[string]model.Event
}

// maxCachedEvents bounds the cache (about 2 KB of JSON and its decoded
// event per entry).
const maxCachedEvents = 1 << 13

// decode decodes an event's stored JSON, or takes it from the cache.
func (c *eventCache) decode(data []byte, ev *model.Event) error {
	if c != nil {
		if e, ok := c.m[string(data)]; ok {
			*ev = e
			return nil
		}
	}
	if err := json.Unmarshal(data, ev); err != nil {
		return err
	}
	if c != nil {
		if c.m == nil || len(c.m) >= maxCachedEvents {
			c.m = make(map[string]model.Event, 1024)
		}
		c.m[string(data)] = *ev
	}
	return nil
}

// Events implements store.Store.
func (s *Store) Events(ctx context.Context, f store.EventFilter) ([]store.Event, error) {
	return s.events(ctx, s.DB, f)
}

// CountEvents implements store.Store.
func (s *Store) CountEvents(ctx context.Context, f store.EventFilter) (int, error) {
	w, args := s.where(f)
	var n int
	if err := s.DB.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM events e`+w), args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count events: %w", err)
	}
	return n, nil
}

// Clusters implements store.Store.
func (s *Store) Clusters(ctx context.Context, f store.EventFilter) ([]model.Cluster, error) {
	f.ClusteredOnly = true
	lim := f.Limit
	f.Limit = 0
	w, args := s.where(f)
	q, args := limit(`SELECT c.data FROM clusters c WHERE c.id IN (SELECT e.cluster_id FROM events e`+w+`) ORDER BY c.day_from, c.id`, args, lim)
	rows, err := s.DB.QueryContext(ctx, s.q(q), args...)
	if err != nil {
		return nil, fmt.Errorf("query clusters: %w", err)
	}
	defer rows.Close()
	var out []model.Cluster
	for rows.Next() {
		var data string
		if err := rows.Scan(&data); err != nil {
			return nil, err
		}
		var c model.Cluster
		if err := json.Unmarshal([]byte(data), &c); err != nil {
			return nil, fmt.Errorf("cluster: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Search implements store.Store.
func (s *Store) Search(ctx context.Context, query string, limit int) ([]store.SearchHit, error) {
	if limit <= 0 {
		limit = 20
	}
	rows, err := s.DB.QueryContext(ctx, s.q(s.d.Search), query, limit)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	defer rows.Close()
	var out []store.SearchHit
	for rows.Next() {
		var h store.SearchHit
		if err := rows.Scan(&h.ArticleID, &h.Title, &h.Snippet); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// RecordFailure implements store.Store.
// It is a write transaction like any other: on the writing connection,
// which keeps the writer's cache (warm.go) valid.
func (s *Store) RecordFailure(ctx context.Context, input, reason string) error {
	err := s.Update(ctx, func(tx store.Tx) error {
		_, err := tx.(*Tx).exec(ctx, `INSERT INTO failures (input, reason, at) VALUES (?, ?, ?)`, input, reason, time.Now().UTC().Format(time.RFC3339Nano))
		return err
	})
	if err != nil {
		return fmt.Errorf("record failure: %w", err)
	}
	return nil
}

// Failures implements store.Store.
func (s *Store) Failures(ctx context.Context) ([]store.Failure, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT input, reason, at FROM failures ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("failures: %w", err)
	}
	defer rows.Close()
	var out []store.Failure
	for rows.Next() {
		var f store.Failure
		var at string
		if err := rows.Scan(&f.Input, &f.Reason, &at); err != nil {
			return nil, err
		}
		f.At, _ = time.Parse(time.RFC3339Nano, at)
		out = append(out, f)
	}
	return out, rows.Err()
}

// Stats implements store.Store.
func (s *Store) Stats(ctx context.Context) (store.Stats, error) {
	var st store.Stats
	for _, c := range []struct {
		table string
		n     *int
	}{{"articles", &st.Articles}, {"events", &st.Events}, {"clusters", &st.Clusters}, {"failures", &st.Failures}} {
		if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+c.table).Scan(c.n); err != nil {
			return st, fmt.Errorf("count %s: %w", c.table, err)
		}
	}
	return st, nil
}

// BulkEvents implements store.Store.
func (s *Store) BulkEvents(ctx context.Context, events []store.Event) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	tx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if s.d.BulkEvents != nil {
		err = s.d.BulkEvents(ctx, tx, events)
	} else {
		err = (&Tx{tx: tx, s: s}).PutEvents(ctx, events)
	}
	if err != nil {
		tx.Rollback()
		return fmt.Errorf("bulk events: %w", err)
	}
	return tx.Commit()
}

// Tx is one write transaction.
type Tx struct {
	tx     *sql.Tx
	s      *Store
	stmts  map[string]*sql.Stmt // the store's statements bound to tx
	warmOn bool                 // s.warm is in step with the database
}

// stmt returns the prepared statement of query ('?' placeholders) for this
// transaction, preparing it once per store (and per connection, which
// database/sql does itself). The caller holds s.mu.
func (t *Tx) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := t.stmts[query]; ok {
		return st, nil
	}
	s := t.s
	ps, ok := s.stmts[query]
	if !ok {
		if len(s.stmts) >= maxStmts {
			// Too many texts: prepare for this transaction only.
			st, err := t.tx.PrepareContext(ctx, s.q(query))
			if err != nil {
				return nil, err
			}
			if t.stmts == nil {
				t.stmts = map[string]*sql.Stmt{}
			}
			t.stmts[query] = st
			return st, nil
		}
		var err error
		if ps, err = s.DB.PrepareContext(ctx, s.q(query)); err != nil {
			return nil, err
		}
		if s.stmts == nil {
			s.stmts = map[string]*sql.Stmt{}
		}
		s.stmts[query] = ps
	}
	st := t.tx.StmtContext(ctx, ps)
	if t.stmts == nil {
		t.stmts = map[string]*sql.Stmt{}
	}
	t.stmts[query] = st
	return st, nil
}

// exec runs a statement of the transaction.
func (t *Tx) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, err := t.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

// query runs a query of the transaction.
func (t *Tx) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := t.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

// FindArticle implements store.Tx: like Store.FindArticle, but it sees
// what this transaction wrote.
func (t *Tx) FindArticle(ctx context.Context, id, hash, url string) (store.Known, error) {
	for _, c := range []struct{ col, val string }{{"id", id}, {"hash", hash}, {"url", url}} {
		if c.val == "" {
			continue
		}
		rows, err := t.query(ctx, `SELECT id, url, hash, origin, language, signature FROM articles WHERE `+c.col+` = ? LIMIT 1`, c.val)
		if err != nil {
			return store.Known{}, fmt.Errorf("find article: %w", err)
		}
		var k store.Known
		var sig []byte
		found := rows.Next()
		if found {
			err = rows.Scan(&k.ID, &k.URL, &k.Hash, &k.Origin, &k.Language, &sig)
		}
		rows.Close()
		if err == nil {
			err = rows.Err()
		}
		if err != nil {
			return store.Known{}, fmt.Errorf("find article: %w", err)
		}
		if found {
			k.Signature = decodeSig(sig)
			return k, nil
		}
	}
	return store.Known{}, store.ErrNotFound
}

// PutArticle implements store.Tx.
func (t *Tx) PutArticle(ctx context.Context, a store.Article) ([]string, error) {
	var stale []string
	var rids []int64
	rows, err := t.query(ctx, `SELECT rid, cluster_id FROM events WHERE article_id = ?`, a.ID)
	if err != nil {
		return nil, fmt.Errorf("put article %s: %w", a.ID, err)
	}
	for rows.Next() {
		var rid int64
		var c string
		if err := rows.Scan(&rid, &c); err != nil {
			rows.Close()
			return nil, err
		}
		rids = append(rids, rid)
		if c != "" && !slices.Contains(stale, c) {
			stale = append(stale, c)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("put article %s: %w", a.ID, err)
	}
	for _, stmt := range []string{`DELETE FROM events WHERE article_id = ?`, `DELETE FROM article_bands WHERE article_id = ?`, `DELETE FROM articles WHERE id = ?`} {
		if _, err := t.exec(ctx, stmt, a.ID); err != nil {
			return nil, fmt.Errorf("put article %s: %w", a.ID, err)
		}
	}
	if t.warmOn {
		for _, rid := range rids {
			t.s.warm.remove(rid)
		}
	}
	analysis, err := json.Marshal(a.Analysis)
	if err != nil {
		return nil, fmt.Errorf("put article %s: %w", a.ID, err)
	}
	origin := a.Origin
	if origin == "" {
		origin = a.ID
	}
	_, err = t.exec(ctx, `INSERT INTO articles (id, url, source, title, published, language, body, hash, origin, signature, analysis, ingested_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.ID, a.URL, a.Source, a.Title, a.Published, a.Language, a.Text, a.Hash, origin, encodeSig(a.Signature), string(analysis), time.Now().UTC().Format(time.RFC3339Nano))
	if err != nil {
		return nil, fmt.Errorf("put article %s: %w", a.ID, err)
	}
	bands := slices.Compact(slices.Sorted(slices.Values(a.Bands)))
	for len(bands) > 0 {
		// In statements of up to 64 rows.
		n := min(len(bands), 64)
		args := make([]any, 0, 2*n)
		for _, b := range bands[:n] {
			args = append(args, b, a.ID)
		}
		q := `INSERT INTO article_bands (band, article_id) VALUES ` + strings.TrimSuffix(strings.Repeat("(?, ?), ", n), ", ")
		if _, err := t.exec(ctx, q, args...); err != nil {
			return nil, fmt.Errorf("put article %s: band: %w", a.ID, err)
		}
		bands = bands[n:]
	}
	return stale, nil
}

// PutEvents implements store.Tx.
func (t *Tx) PutEvents(ctx context.Context, events []store.Event) error {
	if len(events) == 0 {
		return nil
	}
	stmt, err := t.stmt(ctx, `INSERT INTO events (article_id, event_id, source, origin, published, kind, event_type, sub_event_type, cameo, plover,
		actor1, actor1_code, actor2, actor2_code, country, admin1, location, lat, lon, has_point, day_from, day_to, fatalities, modality, cluster_id, data)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("put events: %w", err)
	}
	var rids []int64
	for _, e := range events {
		res, err := stmt.ExecContext(ctx, EventArgs(e)...)
		if err != nil {
			return fmt.Errorf("put event %s/%s: %w", e.ArticleID, e.Event.ID, err)
		}
		if t.warmOn {
			rid, err := res.LastInsertId()
			if err != nil {
				return fmt.Errorf("put event %s/%s: %w", e.ArticleID, e.Event.ID, err)
			}
			rids = append(rids, rid)
		}
	}
	t.warmPut(events, rids)
	return nil
}

// EventArgs are the column values of an event, in the order of the events
// table's insert.
func EventArgs(e store.Event) []any {
	ev := e.Event
	var a1, a1c, a2, a2c string
	if ev.Actor1 != nil {
		a1, a1c = ev.Actor1.Name, ev.Actor1.Code
	}
	if ev.Actor2 != nil {
		a2, a2c = ev.Actor2.Name, ev.Actor2.Code
	}
	var country, admin1, loc string
	var lat, lon float64
	hasPoint := 0
	if l := ev.Location; l != nil {
		country, admin1, loc, lat, lon = l.Country, l.Admin1, l.Name, l.Lat, l.Lon
		if lat != 0 || lon != 0 {
			hasPoint = 1
		}
	}
	var fat any
	if ev.Fatalities != nil {
		fat = ev.Fatalities.Best
	}
	data, _ := json.Marshal(ev)
	return []any{e.ArticleID, ev.ID, e.Source, e.Origin, e.Published, e.Kind, ev.EventType, ev.SubEventType, ev.CAMEO, ev.PLOVER,
		a1, a1c, a2, a2c, country, admin1, loc, lat, lon, hasPoint, e.DayFrom, e.DayTo, fat, ev.Modality, e.ClusterID, string(data)}
}

// SimilarArticles implements store.Tx.
func (t *Tx) SimilarArticles(ctx context.Context, bands []int64) ([]store.Known, error) {
	if len(bands) == 0 {
		return nil, nil
	}
	ph := strings.TrimSuffix(strings.Repeat("?, ", len(bands)), ", ")
	args := make([]any, len(bands))
	for i, b := range bands {
		args[i] = b
	}
	rows, err := t.query(ctx, `SELECT id, url, hash, origin, language, signature FROM articles WHERE id IN (SELECT DISTINCT article_id FROM article_bands WHERE band IN (`+ph+`)) ORDER BY id LIMIT 200`, args...)
	if err != nil {
		return nil, fmt.Errorf("similar articles: %w", err)
	}
	defer rows.Close()
	var out []store.Known
	for rows.Next() {
		var k store.Known
		var sig []byte
		if err := rows.Scan(&k.ID, &k.URL, &k.Hash, &k.Origin, &k.Language, &sig); err != nil {
			return nil, err
		}
		k.Signature = decodeSig(sig)
		out = append(out, k)
	}
	return out, rows.Err()
}

// Candidates implements store.Tx.
func (t *Tx) Candidates(ctx context.Context, f store.EventFilter) ([]store.Event, error) {
	if out, ok, err := t.warmCandidates(ctx, f); ok {
		return out, err
	}
	f.ClusteredOnly = true
	w, args := t.s.where(f)
	if f.Limit > 0 {
		q, args := limit(`SELECT `+eventCols+` FROM events e`+w+` ORDER BY e.day_from, e.article_id, e.event_id`, args, f.Limit)
		rows, err := t.query(ctx, q, args...)
		if err != nil {
			return nil, fmt.Errorf("query events: %w", err)
		}
		return scanEvents(rows, &t.s.decoded)
	}
	// Sorting here is cheaper than in the database, which would copy each
	// row's JSON through its sorter.
	rows, err := t.query(ctx, `SELECT `+eventCols+` FROM events e`+w, args...)
	if err != nil {
		return nil, fmt.Errorf("query events: %w", err)
	}
	out, err := scanEvents(rows, &t.s.decoded)
	slices.SortFunc(out, func(a, b store.Event) int {
		return cmp.Or(cmp.Compare(a.DayFrom, b.DayFrom), cmp.Compare(a.ArticleID, b.ArticleID), cmp.Compare(a.Event.ID, b.Event.ID))
	})
	return out, err
}

// ClusterEvents implements store.Tx.
func (t *Tx) ClusterEvents(ctx context.Context, id string) ([]store.Event, error) {
	if t.warmOn {
		return t.warmCluster(ctx, id)
	}
	rows, err := t.query(ctx, `SELECT `+eventCols+` FROM events e WHERE e.cluster_id = ?`, id)
	if err != nil {
		return nil, fmt.Errorf("cluster events: %w", err)
	}
	out, err := scanEvents(rows, &t.s.decoded)
	slices.SortFunc(out, func(a, b store.Event) int {
		return cmp.Or(cmp.Compare(a.ArticleID, b.ArticleID), cmp.Compare(a.Event.ID, b.Event.ID))
	})
	return out, err
}

// PutCluster implements store.Tx.
func (t *Tx) PutCluster(ctx context.Context, c model.Cluster) error {
	data, err := json.Marshal(c)
	if err != nil {
		return err
	}
	var lat, lon float64
	var country string
	if c.Location != nil {
		lat, lon, country = c.Location.Lat, c.Location.Lon, c.Location.Country
	}
	_, err = t.exec(ctx, `INSERT INTO clusters (id, event_type, country, lat, lon, day_from, day_to, origins, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET event_type = excluded.event_type, country = excluded.country, lat = excluded.lat, lon = excluded.lon,
		day_from = excluded.day_from, day_to = excluded.day_to, origins = excluded.origins, data = excluded.data`,
		c.ID, c.EventType, country, lat, lon, store.Day(c.DateFrom), store.Day(c.DateTo), c.Origins, string(data))
	if err != nil {
		return fmt.Errorf("put cluster %s: %w", c.ID, err)
	}
	return nil
}

// DeleteCluster implements store.Tx.
func (t *Tx) DeleteCluster(ctx context.Context, id string) error {
	if _, err := t.exec(ctx, `DELETE FROM clusters WHERE id = ?`, id); err != nil {
		return fmt.Errorf("delete cluster %s: %w", id, err)
	}
	return nil
}

func encodeSig(sig []uint32) []byte {
	b := make([]byte, 4*len(sig))
	for i, v := range sig {
		binary.LittleEndian.PutUint32(b[4*i:], v)
	}
	return b
}

func decodeSig(b []byte) []uint32 {
	if len(b) == 0 {
		return nil
	}
	out := make([]uint32, len(b)/4)
	for i := range out {
		out[i] = binary.LittleEndian.Uint32(b[4*i:])
	}
	return out
}
