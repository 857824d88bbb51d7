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
	types    map[uint32]int
	first    int // row of the first event
}

// mapPoints groups the matching events with a point into grid cells sized
// for zoom so that at most max markers come back (coarsening the grid when
// needed). Cells with one event carry its ids.
func (ix *index) mapPoints(q *query, zoom, max int) MapResult {
	var hits []int32
	for i := range ix.rows {
		r := &ix.rows[i]
		if r.hasPoint && q.match(ix, r) {
			hits = append(hits, int32(i))
		}
	}
	res := MapResult{Total: len(hits), Points: []MapPoint{}}
	// A grid of roughly 64 px cells at this zoom (256 px tiles).
	cell := 360 / (math.Pow(2, float64(zoom)) * 4)
	for {
		cells := make(map[[2]int32]*cellAcc, min(len(hits), max+1))
		over := false
		for _, i := range hits {
			r := &ix.rows[i]
			k := [2]int32{int32(math.Floor(float64(r.lat) / cell)), int32(math.Floor(float64(r.lon) / cell))}
			c := cells[k]
			if c == nil {
				if len(cells) >= max {
					over = true
					break
				}
				c = &cellAcc{types: map[uint32]int{}, first: int(i)}
				cells[k] = c
			}
			c.n++
			c.lat += float64(r.lat)
			c.lon += float64(r.lon)
			if r.fat > 0 {
				c.fat += int(r.fat)
			}
			c.types[r.typ]++
		}
		if over {
			cell *= 2
			continue
		}
		for _, c := range cells {
			p := MapPoint{Lat: round(c.lat/float64(c.n), 4), Lon: round(c.lon/float64(c.n), 4), Count: c.n, Fatalities: c.fat}
			p.EventType = ix.dominant(c.types)
			if c.n == 1 {
				r := ix.rows[c.first]
				p.ArticleID, p.EventID = ix.strs[r.article], ix.strs[r.event]
			} else if len(c.types) > 1 {
				p.Types = map[string]int{}
				for t, n := range c.types {
					p.Types[ix.strs[t]] = n
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
		res.Cell = round(cell, 6)
		return res
	}
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
	byType := map[uint32][]int{}
	for i := range ix.rows {
		r := &ix.rows[i]
		if r.dayFrom < lo || r.dayFrom > hi || !q.match(ix, r) {
			continue
		}
		c := byType[r.typ]
		if c == nil {
			c = make([]int, n)
			byType[r.typ] = c
		}
		c[r.dayFrom-lo]++
		tl.Total++
	}
	tl.From, tl.To, tl.Days = store.Date(int(lo)), store.Date(int(hi)), n
	for t, c := range byType {
		s := Series{EventType: ix.strs[t], Counts: c}
		for _, k := range c {
			s.Total += k
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
		types  map[uint32]int
	}
	edges := map[[2]uint32]*acc{}
	for i := range ix.rows {
		r := &ix.rows[i]
		if r.a1 == 0 || r.a2 == 0 || r.a1 == r.a2 || !q.match(ix, r) {
			continue
		}
		k := [2]uint32{r.a1, r.a2}
		a := edges[k]
		if a == nil {
			a = &acc{types: map[uint32]int{}}
			edges[k] = a
		}
		a.n++
		if r.fat > 0 {
			a.fat += int(r.fat)
		}
		a.types[r.typ]++
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
			e.Types[ix.strs[t]] = n
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

// page returns up to limit matching rows after the cursor key, and the
// cursor of the next page ("" at the end).
func (ix *index) page(q *query, after string, limit int) ([]row, string) {
	start := 0
	if after != "" {
		start = ix.after(after)
	}
	var out []row
	for i := start; i < len(ix.rows); i++ {
		r := &ix.rows[i]
		if !q.match(ix, r) {
			continue
		}
		if len(out) == limit {
			return out, ix.key(out[len(out)-1])
		}
		out = append(out, *r)
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
	seen := [3]map[uint32]bool{{}, {}, {}}
	for i := range ix.rows {
		r := &ix.rows[i]
		seen[0][r.typ] = true
		seen[1][r.country] = true
		seen[2][r.mod] = true
	}
	list := func(m map[uint32]bool) []string {
		out := []string{}
		for id := range m {
			if s := ix.strs[id]; s != "" {
				out = append(out, s)
			}
		}
		slices.Sort(out)
		return out
	}
	return facets{EventTypes: list(seen[0]), Countries: list(seen[1]), Modalities: list(seen[2])}
}

// dominant is the most frequent type of a count map, preferring a named
// type over "" (events with a CAMEO code only) and then the first name.
func (ix *index) dominant(types map[uint32]int) string {
	best, name := -1, ""
	for t, n := range types {
		s := ix.strs[t]
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
