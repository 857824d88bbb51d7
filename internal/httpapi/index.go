package httpapi

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sitrep/sitrep/internal/store"
)

// hot is the part of a stored event that filters and aggregates read on
// every query, packed small so that a scan of a million events stays in a
// few tens of megabytes.
type hot struct {
	lat, lon       float32
	dayFrom, dayTo int32
	fat            int32  // best fatalities; -1 when unknown
	country        uint16 // ids into the index's small dictionaries
	typ, sub       uint16
	mod            uint8
	point          bool
	origins        uint16 // the cluster's independent origins; 0 when not clustered
	fx, fy         uint16 // the point's fine grid cell (see fine)
}

// cold is the rest of an event's index entry: ids into the string table.
type cold struct {
	article, event, source, cluster uint32
	a1, a1c, a2, a2c                uint32
}

// index is an immutable in-memory read model of the events table: what the
// map, timeline, graph and event list filter and aggregate. Events are in
// date, article, event id order. It is rebuilt from the database whenever
// the store's counts change.
type index struct {
	hot  []hot
	cold []cold
	strs []string // string table of cold
	// Small dictionaries of hot.
	countries, types, subs, mods []string
	minDay, maxDay               int32
	// maxSpan is the longest date span of an event (days), which bounds how
	// far before a date range a matching event may start.
	maxSpan int32
	// Posting lists: the positions (ascending) of the events of each
	// country, each event type and each tile of tileDeg degrees.
	byCountry, byType, byTile [][]int32
	stats                     store.Stats
	fingerprint               string
	built                     time.Time
	cache                     *cache
}

// tileDeg is the size of the tiles of the spatial posting lists.
const tileDeg = 2

func tileOf(lat, lon float32) int {
	x := clamp(int((lon+180)/tileDeg), 360/tileDeg)
	y := clamp(int((lat+90)/tileDeg), 180/tileDeg)
	return y*(360/tileDeg) + x
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

// small interns into a dictionary of at most 65535 values (the rest share
// the last id).
func (in *interner) small(s string) uint16 {
	i := in.id(s)
	if i > 65535 {
		return 65535
	}
	return uint16(i)
}

// loadIndex reads every event (a few columns) and every cluster's origin
// count.
func loadIndex(ctx context.Context, db *sql.DB, st store.Stats) (*index, error) {
	origins := map[string]int64{}
	crows, err := db.QueryContext(ctx, `SELECT id, origins FROM clusters`)
	if err != nil {
		return nil, fmt.Errorf("load clusters: %w", err)
	}
	for crows.Next() {
		var id string
		var n int64
		if err := crows.Scan(&id, &n); err != nil {
			crows.Close()
			return nil, fmt.Errorf("load clusters: %w", err)
		}
		origins[id] = n
	}
	crows.Close()
	if err := crows.Err(); err != nil {
		return nil, fmt.Errorf("load clusters: %w", err)
	}

	in, countries, types, subs, mods := newInterner(), newInterner(), newInterner(), newInterner(), newInterner()
	ix := &index{stats: st, built: time.Now()}
	rows, err := db.QueryContext(ctx, `SELECT article_id, event_id, source, event_type, sub_event_type, actor1, actor1_code, actor2, actor2_code,
		country, lat, lon, has_point, day_from, day_to, fatalities, modality, cluster_id FROM events`)
	if err != nil {
		return nil, fmt.Errorf("load events: %w", err)
	}
	defer rows.Close()
	hs := make([]hot, 0, st.Events)
	cs := make([]cold, 0, st.Events)
	var art, ev, src, typ, sub, a1, a1c, a2, a2c, country, mod, cluster string
	var lat, lon float64
	var hasPoint, dayFrom, dayTo int64
	var fat sql.NullInt64
	for rows.Next() {
		if err := rows.Scan(&art, &ev, &src, &typ, &sub, &a1, &a1c, &a2, &a2c, &country, &lat, &lon, &hasPoint, &dayFrom, &dayTo, &fat, &mod, &cluster); err != nil {
			return nil, fmt.Errorf("load events: %w", err)
		}
		h := hot{lat: float32(lat), lon: float32(lon), dayFrom: int32(dayFrom), dayTo: int32(dayTo), fat: -1, point: hasPoint != 0,
			country: countries.small(country), typ: types.small(typ), sub: subs.small(sub), mod: uint8(min(255, mods.id(mod)))}
		if fat.Valid {
			h.fat = int32(fat.Int64)
		}
		h.fx, h.fy = uint16(fine(h.lon)), uint16(fine(h.lat+90-180))
		if cluster != "" {
			h.origins = uint16(min(65535, max(1, origins[cluster])))
		}
		hs = append(hs, h)
		cs = append(cs, cold{article: in.id(art), event: in.id(ev), source: in.id(src), cluster: in.id(cluster),
			a1: in.id(a1), a1c: in.id(a1c), a2: in.id(a2), a2c: in.id(a2c)})
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load events: %w", err)
	}
	rows.Close()
	ix.strs, ix.countries, ix.types, ix.subs, ix.mods = in.strs, countries.strs, types.strs, subs.strs, mods.strs

	order := make([]int32, len(hs))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		if c := cmp.Compare(hs[a].dayFrom, hs[b].dayFrom); c != 0 {
			return c
		}
		if c := strings.Compare(ix.strs[cs[a].article], ix.strs[cs[b].article]); c != 0 {
			return c
		}
		return strings.Compare(ix.strs[cs[a].event], ix.strs[cs[b].event])
	})
	ix.hot = make([]hot, len(hs))
	ix.cold = make([]cold, len(cs))
	for i, j := range order {
		ix.hot[i], ix.cold[i] = hs[j], cs[j]
	}
	ix.byCountry = make([][]int32, len(ix.countries))
	ix.byType = make([][]int32, len(ix.types))
	ix.byTile = make([][]int32, (360/tileDeg)*(180/tileDeg))
	for i, h := range ix.hot {
		ix.byCountry[h.country] = append(ix.byCountry[h.country], int32(i))
		ix.byType[h.typ] = append(ix.byType[h.typ], int32(i))
		if h.point {
			t := tileOf(h.lat, h.lon)
			ix.byTile[t] = append(ix.byTile[t], int32(i))
		}
	}
	ix.cache = newCache(512)
	for _, h := range ix.hot {
		if h.dayFrom <= 0 {
			continue
		}
		if ix.minDay == 0 || h.dayFrom < ix.minDay {
			ix.minDay = h.dayFrom
		}
		ix.maxDay = max(ix.maxDay, h.dayTo)
		ix.maxSpan = max(ix.maxSpan, h.dayTo-h.dayFrom)
	}
	return ix, nil
}

// key is an event's position in the index order, used as a pagination
// cursor.
func (ix *index) key(i int) string {
	return strconv.Itoa(int(ix.hot[i].dayFrom)) + "\x00" + ix.strs[ix.cold[i].article] + "\x00" + ix.strs[ix.cold[i].event]
}

// after returns the position of the first event whose key follows the
// cursor key k.
func (ix *index) after(k string) int {
	parts := strings.SplitN(k, "\x00", 3)
	if len(parts) != 3 {
		return 0
	}
	day, _ := strconv.Atoi(parts[0])
	return sort.Search(len(ix.hot), func(i int) bool {
		if d := int(ix.hot[i].dayFrom); d != day {
			return d > day
		}
		if a := ix.strs[ix.cold[i].article]; a != parts[1] {
			return a > parts[1]
		}
		return ix.strs[ix.cold[i].event] > parts[2]
	})
}

// set is a set of dictionary ids; nil matches everything.
type set []bool

func (s set) has(id uint32) bool { return int(id) < len(s) && s[id] }

// fold returns the ids of the dictionary's strings equal to v under Unicode
// case folding; nil when v is empty (no filter).
func fold(dict []string, v string) set {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil
	}
	s := make(set, len(dict))
	for i, str := range dict {
		if str != "" && strings.EqualFold(str, v) {
			s[i] = true
		}
	}
	return s
}

// query is a filter compiled against one index.
type query struct {
	box                            bool
	minLat, maxLat, minLon, maxLon float32
	dayFrom, dayTo                 int32
	country, typ, sub, mod         set
	actor, articles                set
	minSources                     uint16
	cold                           bool // some filter reads cold
}

func (ix *index) compile(f Filter, articleIDs []string, textFilter bool) query {
	q := query{box: f.HasBox, minLat: float32(f.MinLat), maxLat: float32(f.MaxLat), minLon: float32(f.MinLon), maxLon: float32(f.MaxLon),
		dayFrom: int32(f.DayFrom), dayTo: int32(f.DayTo), minSources: uint16(min(f.MinSources, 65535))}
	q.country = fold(ix.countries, f.Country)
	q.typ = fold(ix.types, f.EventType)
	q.sub = fold(ix.subs, f.SubEventType)
	q.mod = fold(ix.mods, f.Modality)
	q.actor = fold(ix.strs, f.Actor)
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
	q.cold = q.actor != nil || q.articles != nil
	return q
}

// span is the range of positions a query must scan: events are in date
// order, and none lasts more than maxSpan days.
func (ix *index) span(q *query) (lo, hi int) {
	lo, hi = 0, len(ix.hot)
	if q.dayFrom != 0 {
		from := q.dayFrom - ix.maxSpan
		lo = sort.Search(len(ix.hot), func(i int) bool { return ix.hot[i].dayFrom >= from })
	}
	if q.dayTo != 0 {
		hi = sort.Search(len(ix.hot), func(i int) bool { return ix.hot[i].dayFrom > q.dayTo })
	}
	return lo, max(lo, hi)
}

// candidates chooses how a query reads the index: the positions lo..hi-1
// (the date span) when list is nil, else the positions in list (within the
// date span; ascending when ordered is set) taken from the smallest posting
// lists that cover every match: the filter's countries, its event types or
// the tiles of its box.
func (ix *index) candidates(q *query, ordered bool) (lo, hi int, list []int32) {
	lo, hi = ix.span(q)
	best := hi - lo
	var pick [][]int32
	consider := func(lists [][]int32) {
		n := 0
		for _, l := range lists {
			n += countIn(l, lo, hi)
		}
		if len(lists) > 1 && ordered {
			n += n / 2 // merging costs
		}
		if n < best {
			best, pick = n, lists
		}
	}
	if q.country != nil {
		consider(selected(ix.byCountry, q.country))
	}
	if q.typ != nil {
		consider(selected(ix.byType, q.typ))
	}
	if q.box {
		var tiles [][]int32
		x0, x1 := int((q.minLon+180)/tileDeg), int((q.maxLon+180)/tileDeg)
		y0, y1 := int((q.minLat+90)/tileDeg), int((q.maxLat+90)/tileDeg)
		for y := max(0, y0); y <= min(y1, 180/tileDeg-1); y++ {
			for x := max(0, x0); x <= min(x1, 360/tileDeg-1); x++ {
				if l := ix.byTile[y*(360/tileDeg)+x]; len(l) > 0 {
					tiles = append(tiles, l)
				}
			}
		}
		consider(tiles)
	}
	if pick == nil {
		return lo, hi, nil
	}
	if len(pick) == 1 {
		l := pick[0]
		a, b := lowerBound(l, lo), lowerBound(l, hi)
		return lo, hi, l[a:b:b]
	}
	out := make([]int32, 0, best)
	for _, l := range pick {
		out = append(out, l[lowerBound(l, lo):lowerBound(l, hi)]...)
	}
	if ordered {
		slices.Sort(out)
	}
	return lo, hi, out
}

func selected(lists [][]int32, s set) [][]int32 {
	var out [][]int32
	for id, ok := range s {
		if ok && id < len(lists) && len(lists[id]) > 0 {
			out = append(out, lists[id])
		}
	}
	if out == nil {
		out = [][]int32{} // nothing matches: an empty path
	}
	return out
}

func lowerBound(l []int32, pos int) int {
	return sort.Search(len(l), func(i int) bool { return int(l[i]) >= pos })
}

func countIn(l []int32, lo, hi int) int { return lowerBound(l, hi) - lowerBound(l, lo) }

func (q *query) match(ix *index, i int) bool {
	h := &ix.hot[i]
	if q.box && (!h.point || h.lat < q.minLat || h.lat > q.maxLat || h.lon < q.minLon || h.lon > q.maxLon) {
		return false
	}
	if q.dayFrom != 0 && h.dayTo < q.dayFrom || q.dayTo != 0 && h.dayFrom > q.dayTo {
		return false
	}
	if q.country != nil && !q.country[h.country] || q.typ != nil && !q.typ[h.typ] || q.sub != nil && !q.sub[h.sub] || q.mod != nil && !q.mod[h.mod] {
		return false
	}
	if q.minSources > 0 && h.origins < q.minSources {
		return false
	}
	if q.cold {
		c := &ix.cold[i]
		if q.actor != nil && !q.actor.has(c.a1) && !q.actor.has(c.a2) && !q.actor.has(c.a1c) && !q.actor.has(c.a2c) {
			return false
		}
		if q.articles != nil && !q.articles.has(c.article) {
			return false
		}
	}
	return true
}

// indexHolder keeps the current index and rebuilds it when the store
// changes: it polls a cheap fingerprint (the highest event row id), and
// the full counts every statsEvery polls.
type indexHolder struct {
	db    *sql.DB
	st    store.Store
	cur   atomic.Pointer[index]
	mu    sync.Mutex // one rebuild at a time
	every time.Duration
	polls int
}

const statsEvery = 15

// fingerprint changes whenever events are added or replaced (replaced
// events get new row ids, except when they were the newest rows; the
// periodic count check catches the rest).
func (h *indexHolder) fingerprint(ctx context.Context) (string, error) {
	var maxRid sql.NullInt64
	if err := h.db.QueryRowContext(ctx, `SELECT MAX(rid) FROM events`).Scan(&maxRid); err != nil {
		return "", fmt.Errorf("index fingerprint: %w", err)
	}
	return fmt.Sprint(maxRid.Int64), nil
}

// refresh rebuilds the index when the store changed since it was built
// (or when force is set).
func (h *indexHolder) refresh(ctx context.Context, force bool) (*index, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	fp, err := h.fingerprint(ctx)
	if err != nil {
		return nil, err
	}
	cur := h.cur.Load()
	h.polls++
	if cur != nil && !force && cur.fingerprint == fp {
		if h.polls%statsEvery != 0 {
			return cur, nil
		}
		// Deletions and cluster changes show in the counts.
		st, err := h.st.Stats(ctx)
		if err != nil {
			return nil, fmt.Errorf("stats: %w", err)
		}
		if st == cur.stats {
			return cur, nil
		}
	}
	st, err := h.st.Stats(ctx)
	if err != nil {
		return nil, fmt.Errorf("stats: %w", err)
	}
	ix, err := loadIndex(ctx, h.db, st)
	if err != nil {
		return nil, err
	}
	ix.fingerprint = fp
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
