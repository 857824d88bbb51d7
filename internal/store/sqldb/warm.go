package sqldb

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/sitrep/sitrep/internal/store"
)

// The warm cache keeps, across write transactions, the clustered events
// that fusion asked about: every clustered event of one kind whose date
// span meets one week (a cell), and every member of one cluster. A
// transaction answers Tx.Candidates and Tx.ClusterEvents from it, loading
// what it lacks, and keeps it in step with what it writes itself.
//
// It is right only while nobody else writes: each write transaction runs on
// the one connection the store keeps for writing, and starts by reading the
// database's data version (Dialect.DataVersion), which changes when
// another connection (another process, or this store's own readers
// recording a failure) commits. Then, and after any rolled-back
// transaction, the cache is emptied.

// warmEvent is a clustered event with the columns the filters read.
type warmEvent struct {
	rid      int64
	ev       store.Event
	lat, lon float64
	hasPoint bool
	country  string
}

type cellKey struct {
	kind string
	week int
}

type warmCache struct {
	version  int64 // the data version the cache agrees with
	byRID    map[int64]*warmEvent
	cells    map[cellKey]map[int64]*warmEvent // complete cells
	clusters map[string]map[int64]*warmEvent  // complete clusters
}

const (
	// maxWarmEvents bounds the cache (a few KB per event); it is emptied
	// when it holds more.
	maxWarmEvents = 50_000
	// maxWarmWeeks is the widest date span (in weeks) the cache answers
	// for; wider queries and events go to the database.
	maxWarmWeeks = 60
	// shortSpan is the widest date span (days) of a short event; the
	// queries below and the partial index events_long_span agree on it.
	shortSpan = 31
)

func week(day int) int {
	if day < 0 {
		return (day - 6) / 7
	}
	return day / 7
}

func (c *warmCache) reset() {
	c.byRID = map[int64]*warmEvent{}
	c.cells = map[cellKey]map[int64]*warmEvent{}
	c.clusters = map[string]map[int64]*warmEvent{}
}

// sync empties the cache unless the database is as the cache knows it.
func (c *warmCache) sync(version int64) {
	if c.byRID == nil || version != c.version || len(c.byRID) > maxWarmEvents {
		c.reset()
		c.version = version
	}
}

// add records an event stored (or found) in the database: in every
// complete cell it belongs to, and in its cluster when that is complete.
// It returns the one entry kept for the row.
func (c *warmCache) add(w *warmEvent) *warmEvent {
	if old, ok := c.byRID[w.rid]; ok {
		return old
	}
	c.byRID[w.rid] = w
	e := w.ev
	if e.DayTo-e.DayFrom <= 7*maxWarmWeeks {
		for wk := week(e.DayFrom); wk <= week(e.DayTo); wk++ {
			if cell, ok := c.cells[cellKey{e.Kind, wk}]; ok {
				cell[w.rid] = w
			}
		}
	} else {
		// Too wide to list by week: forget this kind's cells instead.
		for k := range c.cells {
			if k.kind == e.Kind {
				delete(c.cells, k)
			}
		}
	}
	if m, ok := c.clusters[e.ClusterID]; ok {
		m[w.rid] = w
	}
	return w
}

// remove forgets a deleted row.
func (c *warmCache) remove(rid int64) {
	w, ok := c.byRID[rid]
	if !ok {
		return
	}
	delete(c.byRID, rid)
	e := w.ev
	if e.DayTo-e.DayFrom <= 7*maxWarmWeeks {
		for wk := week(e.DayFrom); wk <= week(e.DayTo); wk++ {
			if cell, ok := c.cells[cellKey{e.Kind, wk}]; ok {
				delete(cell, rid)
			}
		}
	}
	if m, ok := c.clusters[e.ClusterID]; ok {
		delete(m, rid)
	}
}

const warmCols = `e.rid, e.lat, e.lon, e.has_point, e.country, ` + eventCols

// loadWarm reads rows of warmCols into the cache.
func (t *Tx) loadWarm(ctx context.Context, query string, args ...any) ([]*warmEvent, error) {
	rows, err := t.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	c := &t.s.warm
	var out []*warmEvent
	var data []byte
	for rows.Next() {
		w := &warmEvent{}
		e := &w.ev
		var hasPoint int
		if err := rows.Scan(&w.rid, &w.lat, &w.lon, &hasPoint, &w.country, &e.ArticleID, &e.Source, &e.Origin, &e.Published, &e.Kind, &e.DayFrom, &e.DayTo, &e.ClusterID, &data); err != nil {
			return nil, fmt.Errorf("scan event: %w", err)
		}
		if old, ok := c.byRID[w.rid]; ok {
			out = append(out, old) // known: no need to decode it again
			continue
		}
		w.hasPoint = hasPoint != 0
		if err := t.s.decoded.decode(data, &e.Event); err != nil {
			return nil, fmt.Errorf("event %s: %w", e.ArticleID, err)
		}
		out = append(out, c.add(w))
	}
	return out, rows.Err()
}

// warmCandidates answers Candidates from the cache; ok is false when the
// filter is not one the cache can answer.
func (t *Tx) warmCandidates(ctx context.Context, f store.EventFilter) (out []store.Event, ok bool, err error) {
	if !t.warmOn || f.Kind == "" || f.DayFrom == 0 || f.DayTo < f.DayFrom || week(f.DayTo)-week(f.DayFrom) > maxWarmWeeks ||
		f.EventType != "" || f.Actor != "" || f.MinSources > 0 || f.Limit > 0 || (f.HasBox && f.Country != "") {
		return nil, false, nil
	}
	c := &t.s.warm
	country := strings.ToUpper(f.Country)
	var found []*warmEvent
	for wk := week(f.DayFrom); wk <= week(f.DayTo); wk++ {
		key := cellKey{f.Kind, wk}
		cell, loaded := c.cells[key]
		if !loaded {
			lo, hi := 7*wk, 7*wk+6
			cell = map[int64]*warmEvent{}
			// Events spanning up to shortSpan days start at most that
			// long before the week (a bounded range of the kind's events
			// by start day); longer ones are found by their end
			// (events_long_span, a partial index of the SQLite schema).
			for _, q := range []struct {
				sql  string
				args []any
			}{
				{`SELECT ` + warmCols + ` FROM events e WHERE e.kind = ? AND e.day_from BETWEEN ? AND ? AND e.day_to >= ? AND e.day_to - e.day_from <= 31 AND e.cluster_id <> ''`,
					[]any{f.Kind, lo - shortSpan, hi, lo}},
				{`SELECT ` + warmCols + ` FROM events e WHERE e.kind = ? AND e.day_to >= ? AND e.day_to - e.day_from > 31 AND e.day_from <= ? AND e.cluster_id <> ''`,
					[]any{f.Kind, lo, hi}},
			} {
				ws, err := t.loadWarm(ctx, q.sql, q.args...)
				if err != nil {
					return nil, true, fmt.Errorf("cluster candidates: %w", err)
				}
				for _, w := range ws {
					cell[w.rid] = w
				}
			}
			c.cells[key] = cell
		}
		for _, w := range cell {
			e := &w.ev
			if e.DayTo < f.DayFrom || e.DayFrom > f.DayTo {
				continue
			}
			if f.HasBox {
				if !w.hasPoint || w.lon < f.MinLon || w.lon > f.MaxLon || w.lat < f.MinLat || w.lat > f.MaxLat {
					continue
				}
			} else if country != "" && w.country != country {
				continue
			}
			found = append(found, w)
		}
	}
	// An event whose span meets several weeks is in several cells: once
	// sorted, its copies are neighbours.
	slices.SortFunc(found, func(a, b *warmEvent) int {
		return cmp.Or(cmp.Compare(a.ev.DayFrom, b.ev.DayFrom), cmp.Compare(a.ev.ArticleID, b.ev.ArticleID), cmp.Compare(a.ev.Event.ID, b.ev.Event.ID), cmp.Compare(a.rid, b.rid))
	})
	found = slices.Compact(found)
	out = make([]store.Event, len(found))
	for i, w := range found {
		out[i] = w.ev
	}
	return out, true, nil
}

// warmCluster answers ClusterEvents from the cache.
func (t *Tx) warmCluster(ctx context.Context, id string) ([]store.Event, error) {
	c := &t.s.warm
	m, ok := c.clusters[id]
	if !ok {
		ws, err := t.loadWarm(ctx, `SELECT `+warmCols+` FROM events e WHERE e.cluster_id = ?`, id)
		if err != nil {
			return nil, fmt.Errorf("cluster events: %w", err)
		}
		m = make(map[int64]*warmEvent, len(ws))
		for _, w := range ws {
			m[w.rid] = w
		}
		c.clusters[id] = m
	}
	out := make([]store.Event, 0, len(m))
	for _, w := range m {
		out = append(out, w.ev)
	}
	slices.SortFunc(out, func(a, b store.Event) int {
		return cmp.Or(cmp.Compare(a.ArticleID, b.ArticleID), cmp.Compare(a.Event.ID, b.Event.ID))
	})
	return out, nil
}

// warmPut records events this transaction inserted (rids in order).
func (t *Tx) warmPut(events []store.Event, rids []int64) {
	if !t.warmOn {
		return
	}
	for i, e := range events {
		if e.ClusterID == "" {
			continue
		}
		var lat, lon float64
		var country string
		if l := e.Event.Location; l != nil {
			lat, lon, country = l.Lat, l.Lon, l.Country
		}
		t.s.warm.add(&warmEvent{rid: rids[i], ev: e, lat: lat, lon: lon, hasPoint: lat != 0 || lon != 0, country: country})
	}
}

// warmBegin checks the cache against the database at the start of a write
// transaction.
func (s *Store) warmBegin(ctx context.Context, tx *sql.Tx) (bool, error) {
	if s.d.DataVersion == "" {
		return false, nil
	}
	var v int64
	if err := tx.QueryRowContext(ctx, s.d.DataVersion).Scan(&v); err != nil {
		return false, fmt.Errorf("data version: %w", err)
	}
	s.warm.sync(v)
	return true, nil
}
