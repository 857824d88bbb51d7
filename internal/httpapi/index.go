package httpapi

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sitrep/sitrep/internal/store"
)

// row is one stored event as the index keeps it: numbers and ids into the
// index's string table, no text.
type row struct {
	lat, lon       float32
	dayFrom, dayTo int32
	fat            int32 // best fatalities; -1 when unknown
	hasPoint       bool
	typ, sub, mod  uint32
	country        uint32
	a1, a1c        uint32
	a2, a2c        uint32
	article, event uint32
	source         uint32
	cluster        uint32 // 0: not clustered
}

// index is an immutable in-memory read model of the events table: what the
// map, timeline, graph and event list filter and aggregate. It is rebuilt
// from the database whenever the store's counts change.
type index struct {
	rows    []row // ordered by day, article, event id
	strs    []string
	origins []int32 // independent origins by cluster string id (0 when unknown)
	minDay  int32
	maxDay  int32
	stats   store.Stats
	built   time.Time
}

type interner struct {
	strs []string
	ids  map[string]uint32
}

func newInterner() *interner {
	return &interner{strs: []string{""}, ids: map[string]uint32{"": 0}}
}

func (in *interner) id(s string) uint32 {
	if i, ok := in.ids[s]; ok {
		return i
	}
	i := uint32(len(in.strs))
	in.strs = append(in.strs, s)
	in.ids[s] = i
	return i
}

// loadIndex reads every event (a few columns) and every cluster's origin
// count. rebind turns '?' placeholders into the database's own.
func loadIndex(ctx context.Context, db *sql.DB, st store.Stats) (*index, error) {
	in := newInterner()
	ix := &index{stats: st, built: time.Now()}
	rows, err := db.QueryContext(ctx, `SELECT article_id, event_id, source, event_type, sub_event_type, actor1, actor1_code, actor2, actor2_code,
		country, lat, lon, has_point, day_from, day_to, fatalities, modality, cluster_id FROM events`)
	if err != nil {
		return nil, fmt.Errorf("load events: %w", err)
	}
	defer rows.Close()
	ix.rows = make([]row, 0, st.Events)
	var art, ev, src, typ, sub, a1, a1c, a2, a2c, country, mod, cluster string
	var lat, lon float64
	var hasPoint, dayFrom, dayTo int64
	var fat sql.NullInt64
	for rows.Next() {
		if err := rows.Scan(&art, &ev, &src, &typ, &sub, &a1, &a1c, &a2, &a2c, &country, &lat, &lon, &hasPoint, &dayFrom, &dayTo, &fat, &mod, &cluster); err != nil {
			return nil, fmt.Errorf("load events: %w", err)
		}
		r := row{lat: float32(lat), lon: float32(lon), dayFrom: int32(dayFrom), dayTo: int32(dayTo), fat: -1, hasPoint: hasPoint != 0,
			typ: in.id(typ), sub: in.id(sub), mod: in.id(mod), country: in.id(country),
			a1: in.id(a1), a1c: in.id(a1c), a2: in.id(a2), a2c: in.id(a2c),
			article: in.id(art), event: in.id(ev), source: in.id(src), cluster: in.id(cluster)}
		if fat.Valid {
			r.fat = int32(fat.Int64)
		}
		ix.rows = append(ix.rows, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load events: %w", err)
	}
	rows.Close()
	ix.origins = make([]int32, len(in.strs))
	crows, err := db.QueryContext(ctx, `SELECT id, origins FROM clusters`)
	if err != nil {
		return nil, fmt.Errorf("load clusters: %w", err)
	}
	defer crows.Close()
	for crows.Next() {
		var id string
		var n int64
		if err := crows.Scan(&id, &n); err != nil {
			return nil, fmt.Errorf("load clusters: %w", err)
		}
		if i, ok := in.ids[id]; ok {
			ix.origins[i] = int32(n)
		}
	}
	if err := crows.Err(); err != nil {
		return nil, fmt.Errorf("load clusters: %w", err)
	}
	ix.strs = in.strs
	slices.SortFunc(ix.rows, func(a, b row) int {
		if c := cmp.Compare(a.dayFrom, b.dayFrom); c != 0 {
			return c
		}
		if c := strings.Compare(ix.strs[a.article], ix.strs[b.article]); c != 0 {
			return c
		}
		return strings.Compare(ix.strs[a.event], ix.strs[b.event])
	})
	ix.minDay, ix.maxDay = 0, 0
	for _, r := range ix.rows {
		if r.dayFrom <= 0 {
			continue
		}
		if ix.minDay == 0 || r.dayFrom < ix.minDay {
			ix.minDay = r.dayFrom
		}
		if r.dayTo > ix.maxDay {
			ix.maxDay = r.dayTo
		}
	}
	return ix, nil
}

// key is a row's position in the index order, used as a pagination cursor.
func (ix *index) key(r row) string {
	return strconv.Itoa(int(r.dayFrom)) + "\x00" + ix.strs[r.article] + "\x00" + ix.strs[r.event]
}

// after returns the position of the first row whose key follows the cursor
// key k.
func (ix *index) after(k string) int {
	parts := strings.SplitN(k, "\x00", 3)
	if len(parts) != 3 {
		return 0
	}
	day, _ := strconv.Atoi(parts[0])
	return sortSearch(len(ix.rows), func(i int) bool {
		r := ix.rows[i]
		if int(r.dayFrom) != day {
			return int(r.dayFrom) > day
		}
		if a := ix.strs[r.article]; a != parts[1] {
			return a > parts[1]
		}
		return ix.strs[r.event] > parts[2]
	})
}

func sortSearch(n int, f func(int) bool) int {
	lo, hi := 0, n
	for lo < hi {
		h := int(uint(lo+hi) >> 1)
		if !f(h) {
			lo = h + 1
		} else {
			hi = h
		}
	}
	return lo
}

// set is a set of string ids.
type set []bool

func (s set) has(id uint32) bool { return int(id) < len(s) && s[id] }

// fold returns the ids of the strings equal to any of vals under Unicode
// case folding; nil when vals is empty (no filter).
func (ix *index) fold(vals ...string) set {
	var want []string
	for _, v := range vals {
		if v = strings.TrimSpace(v); v != "" {
			want = append(want, v)
		}
	}
	if len(want) == 0 {
		return nil
	}
	s := make(set, len(ix.strs))
	for i, str := range ix.strs {
		if str == "" {
			continue
		}
		for _, w := range want {
			if strings.EqualFold(str, w) {
				s[i] = true
			}
		}
	}
	return s
}

// query is a compiled filter over the index.
type query struct {
	box                            bool
	minLat, maxLat, minLon, maxLon float32
	dayFrom, dayTo                 int32
	country, typ, sub, mod, actor  set
	articles                       set
	minSources                     int32
	none                           bool // some filter can match nothing
}

func (ix *index) compile(f Filter, articleIDs []string, textFilter bool) query {
	q := query{box: f.HasBox, minLat: float32(f.MinLat), maxLat: float32(f.MaxLat), minLon: float32(f.MinLon), maxLon: float32(f.MaxLon),
		dayFrom: int32(f.DayFrom), dayTo: int32(f.DayTo), minSources: int32(f.MinSources)}
	q.country = ix.fold(f.Country)
	q.typ = ix.fold(f.EventType)
	q.sub = ix.fold(f.SubEventType)
	q.mod = ix.fold(f.Modality)
	q.actor = ix.fold(f.Actor)
	if textFilter {
		q.articles = make(set, len(ix.strs))
		ids := make(map[string]bool, len(articleIDs))
		for _, a := range articleIDs {
			ids[a] = true
		}
		for i, s := range ix.strs {
			if ids[s] {
				q.articles[i] = true
			}
		}
	}
	return q
}

func (q *query) match(ix *index, r *row) bool {
	if q.box {
		if !r.hasPoint || r.lat < q.minLat || r.lat > q.maxLat || r.lon < q.minLon || r.lon > q.maxLon {
			return false
		}
	}
	if q.dayFrom != 0 && r.dayTo < q.dayFrom {
		return false
	}
	if q.dayTo != 0 && r.dayFrom > q.dayTo {
		return false
	}
	if q.country != nil && !q.country.has(r.country) {
		return false
	}
	if q.typ != nil && !q.typ.has(r.typ) {
		return false
	}
	if q.sub != nil && !q.sub.has(r.sub) {
		return false
	}
	if q.mod != nil && !q.mod.has(r.mod) {
		return false
	}
	if q.actor != nil && !q.actor.has(r.a1) && !q.actor.has(r.a2) && !q.actor.has(r.a1c) && !q.actor.has(r.a2c) {
		return false
	}
	if q.articles != nil && !q.articles.has(r.article) {
		return false
	}
	if q.minSources > 0 && (r.cluster == 0 || ix.origins[r.cluster] < q.minSources) {
		return false
	}
	return true
}

// indexHolder keeps the current index and rebuilds it when the store's
// counts change.
type indexHolder struct {
	db    *sql.DB
	st    store.Store
	cur   atomic.Pointer[index]
	mu    sync.Mutex // one rebuild at a time
	every time.Duration
}

// refresh rebuilds the index when the store's counts differ from the
// current index's (or force is set).
func (h *indexHolder) refresh(ctx context.Context, force bool) (*index, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	st, err := h.st.Stats(ctx)
	if err != nil {
		return nil, fmt.Errorf("stats: %w", err)
	}
	if cur := h.cur.Load(); cur != nil && !force && cur.stats == st {
		return cur, nil
	}
	ix, err := loadIndex(ctx, h.db, st)
	if err != nil {
		return nil, err
	}
	h.cur.Store(ix)
	return ix, nil
}

// get returns the current index, building it on first use.
func (h *indexHolder) get(ctx context.Context) (*index, error) {
	if ix := h.cur.Load(); ix != nil {
		return ix, nil
	}
	return h.refresh(ctx, false)
}

// watch refreshes the index every h.every until ctx ends.
func (h *indexHolder) watch(ctx context.Context, log func(error)) {
	t := time.NewTicker(h.every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := h.refresh(ctx, false); err != nil && ctx.Err() == nil {
				log(err)
			}
		}
	}
}
