// Package httpapi is sitrep's REST API: one route table over the standard
// library's router serving events (with the shared filters: bounding box,
// dates, country, event type and sub-type, actor, modality, minimum
// independent sources, free text), map and timeline aggregates, the actor
// graph, clusters, articles with their evidence and technique spans, actors,
// outlets, exports and article submission, plus /healthz, /readyz and the
// OpenAPI 3 document at /api/openapi.json.
//
// In: a store.Store (and its *sql.DB, read through an in-memory index of the
// events that is rebuilt when the store's counts change), the outlet
// registry, the actor dictionary and a function that analyses and stores one
// article. Out: JSON, validation errors as RFC 9457 problem details, cursor
// pagination, gzip.
//
// Safe by default: writes need the configured token, and without a token
// they are refused unless the server listens on loopback; request bodies and
// query strings are bounded; user input reaches the database only as query
// parameters.
package httpapi

import (
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/sitrep/sitrep/internal/credibility/outlets"
	"github.com/sitrep/sitrep/internal/lexicon"
	"github.com/sitrep/sitrep/internal/model"
	"github.com/sitrep/sitrep/internal/store"
)

// IngestFunc analyses one article and stores it with its events.
type IngestFunc func(ctx context.Context, a model.Article) (model.Analysis, error)

// Config is what a Server needs. Store and DB are required.
type Config struct {
	Store store.Store
	// DB is the store's database, read by the event index.
	DB *sql.DB
	// Postgres selects $n placeholders for the index's own queries.
	Postgres bool
	// Outlets is the outlet registry; nil serves an empty one.
	Outlets *outlets.Registry
	// Lexicon is the actor dictionary; nil serves no dictionary actors.
	Lexicon *lexicon.Lexicon
	// Ingest analyses and stores a posted article; nil refuses posts.
	Ingest IngestFunc
	// Token, when set, is required on writes.
	Token string
	// Loopback says the server listens on loopback only.
	Loopback bool
	// MaxBody bounds request bodies (default 4 MiB).
	MaxBody int64
	// Web serves the dashboard at "/"; nil serves nothing there.
	Web http.Handler
	// Refresh is how often the event index checks the store for changes
	// (default 2 s).
	Refresh time.Duration
	Log     *slog.Logger
}

// Server is the API. Build it with New; it is safe for concurrent use.
type Server struct {
	st       store.Store
	db       *sql.DB
	postgres bool
	reg      *outlets.Registry
	lex      *lexicon.Lexicon
	ingest   IngestFunc
	token    string
	loopback bool
	maxBody  int64
	web      http.Handler
	log      *slog.Logger
	ix       *indexHolder
	gzPool   sync.Pool
	writeMu  sync.Mutex
}

// New builds a server.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil || cfg.DB == nil {
		return nil, errors.New("httpapi: a store and its database are required")
	}
	s := &Server{st: cfg.Store, db: cfg.DB, postgres: cfg.Postgres, reg: cfg.Outlets, lex: cfg.Lexicon, ingest: cfg.Ingest,
		token: cfg.Token, loopback: cfg.Loopback, maxBody: cfg.MaxBody, web: cfg.Web, log: cfg.Log}
	if s.maxBody <= 0 {
		s.maxBody = 4 << 20
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.reg == nil {
		s.reg = outlets.New(nil)
	}
	every := cfg.Refresh
	if every <= 0 {
		every = 2 * time.Second
	}
	s.ix = &indexHolder{db: cfg.DB, st: cfg.Store, every: every}
	s.gzPool.New = func() any { w, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed); return w }
	return s, nil
}

// Start builds the event index and keeps it up to date until ctx ends.
func (s *Server) Start(ctx context.Context) error {
	if _, err := s.ix.refresh(ctx, true); err != nil {
		return fmt.Errorf("httpapi: %w", err)
	}
	go s.ix.watch(ctx, func(err error) { s.log.Warn("index refresh failed", "error", err) })
	return nil
}

// route is one entry of the route table.
type route struct {
	method, path string
	handler      http.HandlerFunc
	write        bool
}

// routes is the one route table. The OpenAPI document lists the same
// method and path pairs (checked by the tests).
func (s *Server) routes() []route {
	return []route{
		{"GET", "/healthz", s.healthz, false},
		{"GET", "/readyz", s.readyz, false},
		{"GET", "/api/openapi.json", s.openapi, false},
		{"GET", "/api/stats", s.stats, false},
		{"GET", "/api/events", s.events, false},
		{"GET", "/api/map", s.mapPoints, false},
		{"GET", "/api/timeline", s.timeline, false},
		{"GET", "/api/graph", s.graph, false},
		{"GET", "/api/clusters", s.clusters, false},
		{"GET", "/api/articles", s.searchArticles, false},
		{"POST", "/api/articles", s.postArticle, true},
		{"GET", "/api/articles/{id}", s.article, false},
		{"GET", "/api/actors", s.actors, false},
		{"GET", "/api/actors/{name}", s.actor, false},
		{"GET", "/api/outlets", s.outlets, false},
		{"GET", "/api/outlets/{name}", s.outlet, false},
		{"GET", "/api/export", s.export, false},
	}
}

// Handler returns the HTTP handler: the route table, the dashboard, and
// the middleware (panic recovery, limits, gzip, logging).
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	for _, r := range s.routes() {
		h := r.handler
		if r.write {
			h = func(w http.ResponseWriter, req *http.Request) {
				if s.authorize(w, req) {
					r.handler(w, req)
				}
			}
		}
		mux.HandleFunc(r.method+" "+r.path, h)
	}
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		problem(w, http.StatusNotFound, "no such API route: "+r.URL.Path)
	})
	if s.web != nil {
		mux.Handle("/", onlyGet(s.web))
	}
	var h http.Handler = mux
	h = s.gzip(h)
	h = s.limits(h)
	h = s.recoverPanics(h)
	h = s.logRequests(h)
	return securityHeaders(h)
}

// onlyGet refuses methods other than GET and HEAD.
func onlyGet(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			problem(w, http.StatusMethodNotAllowed, "method not allowed")
			return
		}
		next.ServeHTTP(w, r)
	})
}

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'")
		next.ServeHTTP(w, r)
	})
}

//go:embed openapi.json
var openapiDoc []byte

func (s *Server) openapi(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Write(openapiDoc)
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	if s.ix.cur.Load() == nil {
		problem(w, http.StatusServiceUnavailable, "the event index is not built yet")
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if _, err := s.st.Stats(ctx); err != nil {
		problem(w, http.StatusServiceUnavailable, "the store does not answer")
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}

// index returns the current event index, or writes a problem.
func (s *Server) index(w http.ResponseWriter, r *http.Request) (*index, bool) {
	ix, err := s.ix.get(r.Context())
	if err != nil {
		s.fail(w, err)
		return nil, false
	}
	return ix, true
}

func (s *Server) fail(w http.ResponseWriter, err error) {
	if errors.Is(err, store.ErrNotFound) {
		problem(w, http.StatusNotFound, "not found")
		return
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		problem(w, http.StatusServiceUnavailable, "the request was cancelled or timed out")
		return
	}
	s.log.Error("request failed", "error", err)
	problem(w, http.StatusInternalServerError, "internal error")
}

// compile reads the shared filters of a request and compiles them against
// the index; ok is false when a problem was written.
func (s *Server) compile(w http.ResponseWriter, r *http.Request, p *params, ix *index) (Filter, query, bool) {
	f := p.filter()
	if len(p.errs) > 0 {
		invalid(w, p.errs)
		return f, query{}, false
	}
	var ids []string
	if f.Text != "" {
		fq := ftsQuery(f.Text)
		if fq != "" {
			hits, err := s.st.Search(r.Context(), fq, 5000)
			if err != nil {
				s.fail(w, err)
				return f, query{}, false
			}
			for _, h := range hits {
				ids = append(ids, h.ArticleID)
			}
		}
	}
	return f, ix.compile(f, ids, f.Text != ""), true
}

// Stats is what the store holds and what the filters can offer.
type Stats struct {
	Articles   int      `json:"articles"`
	Events     int      `json:"events"`
	Clusters   int      `json:"clusters"`
	Failures   int      `json:"failures"`
	DateFrom   string   `json:"date_from"`
	DateTo     string   `json:"date_to"`
	EventTypes []string `json:"event_types"`
	Countries  []string `json:"countries"`
	Modalities []string `json:"modalities"`
	Writable   bool     `json:"writable"`
}

func (s *Server) stats(w http.ResponseWriter, r *http.Request) {
	ix, ok := s.index(w, r)
	if !ok {
		return
	}
	fc := ix.facets()
	writeJSON(w, http.StatusOK, Stats{Articles: ix.stats.Articles, Events: ix.stats.Events, Clusters: ix.stats.Clusters, Failures: ix.stats.Failures,
		DateFrom: store.Date(int(ix.minDay)), DateTo: store.Date(int(ix.maxDay)), EventTypes: fc.EventTypes, Countries: fc.Countries,
		Modalities: fc.Modalities, Writable: s.ingest != nil && (s.token != "" || s.loopback)})
}

// EventItem is one stored event with where it came from.
type EventItem struct {
	ArticleID string `json:"article_id"`
	Source    string `json:"source"`
	Published string `json:"published"`
	ClusterID string `json:"cluster_id"`
	// IndependentSources is the cluster's count of independent origins (1
	// when the event is not clustered).
	IndependentSources int         `json:"independent_sources"`
	Event              model.Event `json:"event"`
}

// Page is one page of a list.
type Page[T any] struct {
	Items []T `json:"items"`
	// NextCursor fetches the next page ("" on the last page).
	NextCursor string `json:"next_cursor"`
}

func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	ix, ok := s.index(w, r)
	if !ok {
		return
	}
	p := &params{v: r.URL.Query()}
	limit := p.integer("limit", 100, 1, 1000)
	after := p.cursor()
	_, q, ok := s.compile(w, r, p, ix)
	if !ok {
		return
	}
	rows, next := ix.page(&q, after, limit)
	items, err := s.fetchEvents(r.Context(), ix, rows)
	if err != nil {
		s.fail(w, err)
		return
	}
	out := Page[EventItem]{Items: items}
	if next != "" {
		out.NextCursor = encodeCursor(next)
	}
	writeJSON(w, http.StatusOK, out)
}

// fetchEvents reads the full events of index positions, in their order,
// with where they came from.
func (s *Server) fetchEvents(ctx context.Context, ix *index, pos []int) ([]EventItem, error) {
	evs, err := s.fetchStored(ctx, ix, pos)
	if err != nil {
		return nil, err
	}
	out := make([]EventItem, len(evs))
	for i, e := range evs {
		out[i] = EventItem{ArticleID: e.ArticleID, Source: e.Source, Published: e.Published, ClusterID: e.ClusterID,
			IndependentSources: 1, Event: e.Event}
	}
	// The index knows the clusters' origins.
	k := 0
	for _, p := range pos {
		if k < len(out) && out[k].ArticleID == ix.strs[ix.cold[p].article] && out[k].Event.ID == ix.strs[ix.cold[p].event] {
			out[k].IndependentSources = max(1, int(ix.hot[p].origins))
			k++
		}
	}
	return out, nil
}

// fetchStored reads the stored events of index positions, in their order
// (events deleted since the index was built are left out).
func (s *Server) fetchStored(ctx context.Context, ix *index, pos []int) ([]store.Event, error) {
	out := make([]store.Event, 0, len(pos))
	if len(pos) == 0 {
		return out, nil
	}
	arts := map[string]bool{}
	var args []any
	for _, p := range pos {
		if a := ix.strs[ix.cold[p].article]; !arts[a] {
			arts[a] = true
			args = append(args, a)
		}
	}
	q := `SELECT article_id, event_id, source, origin, published, kind, day_from, day_to, cluster_id, data FROM events WHERE article_id IN (` +
		strings.TrimSuffix(strings.Repeat("?, ", len(args)), ", ") + `)`
	res, err := s.db.QueryContext(ctx, s.rebind(q), args...)
	if err != nil {
		return nil, fmt.Errorf("fetch events: %w", err)
	}
	defer res.Close()
	type key struct{ a, e string }
	got := map[key]store.Event{}
	for res.Next() {
		var e store.Event
		var id, data string
		if err := res.Scan(&e.ArticleID, &id, &e.Source, &e.Origin, &e.Published, &e.Kind, &e.DayFrom, &e.DayTo, &e.ClusterID, &data); err != nil {
			return nil, fmt.Errorf("fetch events: %w", err)
		}
		if err := json.Unmarshal([]byte(data), &e.Event); err != nil {
			return nil, fmt.Errorf("fetch events: %s/%s: %w", e.ArticleID, id, err)
		}
		got[key{e.ArticleID, id}] = e
	}
	if err := res.Err(); err != nil {
		return nil, fmt.Errorf("fetch events: %w", err)
	}
	for _, p := range pos {
		if e, ok := got[key{ix.strs[ix.cold[p].article], ix.strs[ix.cold[p].event]}]; ok {
			out = append(out, e)
		}
	}
	return out, nil
}

// rebind turns '?' placeholders into $n for PostgreSQL.
func (s *Server) rebind(q string) string {
	if !s.postgres {
		return q
	}
	var b strings.Builder
	n := 0
	for _, c := range q {
		if c == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

func (s *Server) mapPoints(w http.ResponseWriter, r *http.Request) {
	ix, ok := s.index(w, r)
	if !ok {
		return
	}
	key, hit := s.cached(w, r, ix)
	if hit {
		return
	}
	p := &params{v: r.URL.Query()}
	zoom := p.integer("zoom", 2, 0, 20)
	limit := p.integer("limit", 1000, 1, 5000)
	_, q, ok := s.compile(w, r, p, ix)
	if !ok {
		return
	}
	s.respond(w, ix, key, ix.mapPoints(&q, zoom, limit))
}

func (s *Server) timeline(w http.ResponseWriter, r *http.Request) {
	ix, ok := s.index(w, r)
	if !ok {
		return
	}
	key, hit := s.cached(w, r, ix)
	if hit {
		return
	}
	p := &params{v: r.URL.Query()}
	_, q, ok := s.compile(w, r, p, ix)
	if !ok {
		return
	}
	s.respond(w, ix, key, ix.timeline(&q))
}

func (s *Server) graph(w http.ResponseWriter, r *http.Request) {
	ix, ok := s.index(w, r)
	if !ok {
		return
	}
	key, hit := s.cached(w, r, ix)
	if hit {
		return
	}
	p := &params{v: r.URL.Query()}
	limit := p.integer("limit", 60, 1, 500)
	_, q, ok := s.compile(w, r, p, ix)
	if !ok {
		return
	}
	s.respond(w, ix, key, ix.graph(&q, limit))
}

// cached answers an aggregate request from the index's cache; key is the
// request's normalised URL.
func (s *Server) cached(w http.ResponseWriter, r *http.Request, ix *index) (key string, hit bool) {
	key = r.URL.Path + "?" + r.URL.Query().Encode()
	if b, ok := ix.cache.get(key); ok {
		writeCached(w, b)
		return key, true
	}
	return key, false
}

// respond writes an aggregate answer and caches it.
func (s *Server) respond(w http.ResponseWriter, ix *index, key string, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		s.fail(w, err)
		return
	}
	ix.cache.put(key, buf.Bytes())
	w.Header().Set("Content-Type", "application/json")
	w.Write(buf.Bytes())
}
