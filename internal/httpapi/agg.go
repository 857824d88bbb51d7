package httpapi

import (
	"cmp"
	"math"
	"slices"

	"github.com/sitrep/sitrep/internal/store"
)

// MapPoint is one marker of the map: a single event or a server-side
// cluster of the events in one grid cell.
type MapPoint struct {
	Lat   float64 `json:"lat"`
	Lon   float64 `json:"lon"`
	Count int     `json:"count"`
	// Fatalities sums the best figures of the events that give one.
	Fatalities int `json:"fatalities"`
	// EventType is the most frequent event type in the cell.
	EventType string         `json:"event_type"`
	Types     map[string]int `json:"types,omitempty"`
	// ArticleID and EventID identify the event of a single-event marker.
	ArticleID string `json:"article_id,omitempty"`
	EventID   string `json:"event_id,omitempty"`
}

// MapResult is the answer of the map endpoint.
type MapResult struct {
	// Cell is the grid cell size in degrees the events were grouped by (0:
	// not grouped, every point is one event).
	Cell   float64    `json:"cell"`
	Total  int        `json:"total"`
	Points []MapPoint `json:"points"`
}

type cellAcc struct {
	n        int
	lat, lon float64
	fat      int
	first    int // position of the first event
	types    []int32
}

// maxDenseCells bounds the dense grid a map query allocates; larger grids
// use a hash map of the occupied cells.
const maxDenseCells = 1 << 18

// mapPoints groups the matching events with a point into grid cells sized
// for zoom so that at most max markers come back (coarsening the grid when
// needed). Cells with one event carry its ids.
func (ix *index) mapPoints(q *query, zoom, max int) MapResult {
	lo, hi, list := ix.candidates(q, false)
	// A grid of roughly 64 px cells at this zoom (256 px tiles): 2^(zoom+2)
	// cells around the world, each fineBits-shift fine cells wide.
	shift := uint(0)
	if zoom+2 < fineBits {
		shift = uint(fineBits - (zoom + 2))
	}
	minLat, maxLat, minLon, maxLon := float32(-90), float32(90), float32(-180), float32(180)
	if q.box {
		minLat, maxLat, minLon, maxLon = q.minLat, q.maxLat, q.minLon, q.maxLon
	}
	for {
		res, ok := ix.grid(q, lo, hi, list, shift, fine(minLon), fine(maxLon), fine(minLat+90-180), fine(maxLat+90-180), max)
		if ok {
			return res
		}
		shift++
	}
}

// fineBits is the resolution of the events' fine grid: 2^fineBits cells
// around the world (about 600 m).
const fineBits = 16

// fine is the fine grid coordinate of a longitude (or of a latitude shifted
// by -90, so that both axes share the cell size).
func fine(deg float32) int32 {
	v := int32((float64(deg) + 180) / 360 * (1 << fineBits))
	return min(max(v, 0), 1<<fineBits-1)
}

// grid aggregates one grid of cells 2^shift fine cells wide over the fine
// coordinates x0..x1, y0..y1; ok is false when it has more than max cells.
func (ix *index) grid(q *query, lo, hi int, list []int32, shift uint, fx0, fx1, fy0, fy1 int32, max int) (MapResult, bool) {
	x0, y0 := int(fx0>>shift), int(fy0>>shift)
	nx, ny := int(fx1>>shift)-x0+1, int(fy1>>shift)-y0+1
	cell := 360 / float64(int(1)<<(fineBits-shift))
	var dense []int32
	var sparse map[int64]int32
	if nx*ny <= maxDenseCells {
		dense = make([]int32, nx*ny)
	} else {
		sparse = map[int64]int32{}
	}
	nt := len(ix.types)
	var accs []cellAcc
	var typeCounts []int32
	total := 0
	n := hi - lo
	if list != nil {
		n = len(list)
	}
	for k := 0; k < n; k++ {
		i := lo + k
		if list != nil {
			i = int(list[k])
		}
		h := &ix.hot[i]
		if !h.point || !q.match(ix, i) {
			continue
		}
		total++
		cx := clamp(int(h.fx>>shift)-x0, nx)
		cy := clamp(int(h.fy>>shift)-y0, ny)
		var id int32
		if dense != nil {
			id = dense[cy*nx+cx]
		} else {
			id = sparse[int64(cy)*int64(nx)+int64(cx)]
		}
		if id == 0 {
			if len(accs) >= max {
				return MapResult{}, false
			}
			typeCounts = append(typeCounts, make([]int32, nt)...)
			accs = append(accs, cellAcc{first: i})
			id = int32(len(accs))
			if dense != nil {
				dense[cy*nx+cx] = id
			} else {
				sparse[int64(cy)*int64(nx)+int64(cx)] = id
			}
		}
		a := &accs[id-1]
		a.n++
		a.lat += float64(h.lat)
		a.lon += float64(h.lon)
		if h.fat > 0 {
			a.fat += int(h.fat)
		}
		typeCounts[int(id-1)*nt+int(h.typ)]++
	}
	res := MapResult{Total: total, Points: make([]MapPoint, 0, len(accs)), Cell: round(cell, 6)}
	for k := range accs {
		c := &accs[k]
		c.types = typeCounts[k*nt : (k+1)*nt]
		p := MapPoint{Lat: round(c.lat/float64(c.n), 4), Lon: round(c.lon/float64(c.n), 4), Count: c.n, Fatalities: c.fat}
		p.EventType = ix.dominant(c.types)
		if c.n == 1 {
			p.ArticleID, p.EventID = ix.strs[ix.cold[c.first].article], ix.strs[ix.cold[c.first].event]
		} else {
			named := 0
			for _, n := range c.types {
				if n > 0 {
					named++
				}
			}
			if named > 1 {
				p.Types = map[string]int{}
				for t, n := range c.types {
					if n > 0 {
						p.Types[ix.types[t]] = int(n)
					}
				}
			}
		}
		res.Points = append(res.Points, p)
	}
	slices.SortFunc(res.Points, func(a, b MapPoint) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Lat, b.Lat); c != 0 {
			return c
		}
		return cmp.Compare(a.Lon, b.Lon)
	})
	return res, true
}

func clamp(v, n int) int {
	if v < 0 {
		return 0
	}
	if v >= n {
		return n - 1
	}
	return v
}

func round(x float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(x*p) / p
}

// Series is the daily count of one event type.
type Series struct {
	EventType string `json:"event_type"`
	Total     int    `json:"total"`
	Counts    []int  `json:"counts"`
}

// Timeline counts events per day (of their first day) by event type.
type Timeline struct {
	From   string   `json:"from"`
	To     string   `json:"to"`
	Days   int      `json:"days"`
	Total  int      `json:"total"`
	Series []Series `json:"series"`
}

// maxTimelineDays bounds the timeline's length (about 30 years).
const maxTimelineDays = 11000

func (ix *index) timeline(q *query) Timeline {
	lo, hi := ix.minDay, ix.maxDay
	if q.dayFrom != 0 {
		lo = q.dayFrom
	}
	if q.dayTo != 0 {
		hi = q.dayTo
	}
	tl := Timeline{Series: []Series{}}
	if lo == 0 || hi < lo {
		return tl
	}
	if hi-lo+1 > maxTimelineDays {
		lo = hi - maxTimelineDays + 1
	}
	n := int(hi - lo + 1)
	nt := len(ix.types)
	counts := make([]int32, nt*n)
	seen := make([]bool, nt)
	from, to, list := ix.candidates(q, false)
	m := to - from
	if list != nil {
		m = len(list)
	}
	for k := 0; k < m; k++ {
		i := from + k
		if list != nil {
			i = int(list[k])
		}
		h := &ix.hot[i]
		if h.dayFrom < lo || h.dayFrom > hi || !q.match(ix, i) {
			continue
		}
		counts[int(h.typ)*n+int(h.dayFrom-lo)]++
		seen[h.typ] = true
		tl.Total++
	}
	tl.From, tl.To, tl.Days = store.Date(int(lo)), store.Date(int(hi)), n
	for t, ok := range seen {
		if !ok {
			continue
		}
		s := Series{EventType: ix.types[t], Counts: make([]int, n)}
		for d, k := range counts[t*n : (t+1)*n] {
			s.Counts[d] = int(k)
			s.Total += int(k)
		}
		tl.Series = append(tl.Series, s)
	}
	slices.SortFunc(tl.Series, func(a, b Series) int {
		if c := cmp.Compare(b.Total, a.Total); c != 0 {
			return c
		}
		return cmp.Compare(a.EventType, b.EventType)
	})
	return tl
}

// Node is an actor of the graph.
type Node struct {
	ID     string `json:"id"`
	Code   string `json:"code,omitempty"`
	Events int    `json:"events"`
}

// Edge is "source acts on target" with the number of events.
type Edge struct {
	Source     string         `json:"source"`
	Target     string         `json:"target"`
	Weight     int            `json:"weight"`
	Fatalities int            `json:"fatalities"`
	Types      map[string]int `json:"types"`
}

// Graph is who acts on whom.
type Graph struct {
	Nodes []Node `json:"nodes"`
	Edges []Edge `json:"edges"`
}

func (ix *index) graph(q *query, maxEdges int) Graph {
	type acc struct {
		n, fat int
		types  map[uint16]int
	}
	edges := map[[2]uint32]*acc{}
	lo, hi, list := ix.candidates(q, false)
	n := hi - lo
	if list != nil {
		n = len(list)
	}
	for k := 0; k < n; k++ {
		i := lo + k
		if list != nil {
			i = int(list[k])
		}
		c := &ix.cold[i]
		if c.a1 == 0 || c.a2 == 0 || c.a1 == c.a2 || !q.match(ix, i) {
			continue
		}
		h := &ix.hot[i]
		k := [2]uint32{c.a1, c.a2}
		a := edges[k]
		if a == nil {
			a = &acc{types: map[uint16]int{}}
			edges[k] = a
		}
		a.n++
		if h.fat > 0 {
			a.fat += int(h.fat)
		}
		a.types[h.typ]++
	}
	keys := make([][2]uint32, 0, len(edges))
	for k := range edges {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b [2]uint32) int {
		if c := cmp.Compare(edges[b].n, edges[a].n); c != 0 {
			return c
		}
		if c := cmp.Compare(ix.strs[a[0]], ix.strs[b[0]]); c != 0 {
			return c
		}
		return cmp.Compare(ix.strs[a[1]], ix.strs[b[1]])
	})
	if len(keys) > maxEdges {
		keys = keys[:maxEdges]
	}
	g := Graph{Nodes: []Node{}, Edges: []Edge{}}
	nodes := map[uint32]int{}
	for _, k := range keys {
		a := edges[k]
		e := Edge{Source: ix.strs[k[0]], Target: ix.strs[k[1]], Weight: a.n, Fatalities: a.fat, Types: map[string]int{}}
		for t, n := range a.types {
			e.Types[ix.types[t]] = n
		}
		g.Edges = append(g.Edges, e)
		for _, id := range k {
			if _, ok := nodes[id]; !ok {
				nodes[id] = len(g.Nodes)
				g.Nodes = append(g.Nodes, Node{ID: ix.strs[id]})
			}
			g.Nodes[nodes[id]].Events += a.n
		}
	}
	return g
}

// page returns the positions of up to limit matching events after the
// cursor key, and the cursor of the next page ("" at the end).
func (ix *index) page(q *query, after string, limit int) ([]int, string) {
	lo, hi, list := ix.candidates(q, true)
	if after != "" {
		a := ix.after(after)
		if list != nil {
			list = list[lowerBound(list, a):]
		}
		lo = max(lo, a)
	}
	n := max(0, hi-lo)
	if list != nil {
		n = len(list)
	}
	var out []int
	for k := 0; k < n; k++ {
		i := lo + k
		if list != nil {
			i = int(list[k])
		}
		if !q.match(ix, i) {
			continue
		}
		if len(out) == limit {
			return out, ix.key(out[len(out)-1])
		}
		out = append(out, i)
	}
	return out, ""
}

// facets lists the values the dashboard's filters offer.
type facets struct {
	EventTypes []string `json:"event_types"`
	Countries  []string `json:"countries"`
	Modalities []string `json:"modalities"`
}

func (ix *index) facets() facets {
	seen := [3][]bool{make([]bool, len(ix.types)), make([]bool, len(ix.countries)), make([]bool, len(ix.mods))}
	for i := range ix.hot {
		h := &ix.hot[i]
		seen[0][h.typ] = true
		seen[1][h.country] = true
		seen[2][h.mod] = true
	}
	list := func(dict []string, seen []bool) []string {
		out := []string{}
		for id, ok := range seen {
			if ok && dict[id] != "" {
				out = append(out, dict[id])
			}
		}
		slices.Sort(out)
		return out
	}
	return facets{EventTypes: list(ix.types, seen[0]), Countries: list(ix.countries, seen[1]), Modalities: list(ix.mods, seen[2])}
}

// dominant is the most frequent type of a count map, preferring a named
// type over "" (events with a CAMEO code only) and then the first name.
func (ix *index) dominant(types []int32) string {
	best, name := int32(-1), ""
	for t, n := range types {
		if n == 0 {
			continue
		}
		s := ix.types[t]
		better := n > best || n == best && s < name
		if s == "" && name != "" || name == "" && best >= 0 && s != "" {
			better = s != ""
		}
		if better {
			best, name = n, s
		}
	}
	return name
}
