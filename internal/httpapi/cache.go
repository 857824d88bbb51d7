package httpapi

import (
	"net/http"
	"sync"
)

// cache keeps recent aggregate answers (map, timeline, graph) of one index
// by request URL; a new index starts with an empty cache, so answers never
// outlive the data they were computed from.
type cache struct {
	mu    sync.Mutex
	max   int
	items map[string][]byte
	order []string // insertion order, for first-in first-out eviction
}

func newCache(max int) *cache { return &cache{max: max, items: map[string][]byte{}} }

func (c *cache) get(k string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	b, ok := c.items[k]
	return b, ok
}

func (c *cache) put(k string, b []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.items[k]; ok || c.max == 0 {
		return
	}
	if len(c.order) >= c.max {
		delete(c.items, c.order[0])
		c.order = c.order[1:]
	}
	c.items[k] = b
	c.order = append(c.order, k)
}

// writeCached writes a cached JSON answer.
func writeCached(w http.ResponseWriter, b []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Cache", "hit")
	w.Write(b)
}
