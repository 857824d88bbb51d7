package httpapi

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/sitrep/sitrep/internal/credibility/outlets"
	"github.com/sitrep/sitrep/internal/export"
	"github.com/sitrep/sitrep/internal/model"
	"github.com/sitrep/sitrep/internal/store"
)

// ErrInvalid marks an article an IngestFunc refuses as malformed (answered
// with 422).
var ErrInvalid = errors.New("invalid article")

// offsetCursor reads an offset cursor ("o:N").
func offsetCursor(p *params) int {
	c := p.cursor()
	if c == "" {
		return 0
	}
	n, err := strconv.Atoi(strings.TrimPrefix(c, "o:"))
	if err != nil || n < 0 || !strings.HasPrefix(c, "o:") {
		p.fail("cursor", "is not a cursor this API returned")
		return 0
	}
	return n
}

func pageOf[T any](all []T, off, limit int) Page[T] {
	out := Page[T]{Items: []T{}}
	if off < len(all) {
		end := min(len(all), off+limit)
		out.Items = all[off:end]
		if end < len(all) {
			out.NextCursor = encodeCursor("o:" + strconv.Itoa(end))
		}
	}
	return out
}

func (s *Server) clusters(w http.ResponseWriter, r *http.Request) {
	p := &params{v: r.URL.Query()}
	limit := p.integer("limit", 100, 1, 1000)
	off := offsetCursor(p)
	f := p.filter()
	if len(p.errs) > 0 {
		invalid(w, p.errs)
		return
	}
	sf := f.storeFilter()
	sf.Limit = off + limit + 1
	cs, err := s.st.Clusters(r.Context(), sf)
	if err != nil {
		s.fail(w, err)
		return
	}
	if cs == nil {
		cs = []model.Cluster{}
	}
	writeJSON(w, http.StatusOK, pageOf(cs, off, limit))
}

func (s *Server) searchArticles(w http.ResponseWriter, r *http.Request) {
	p := &params{v: r.URL.Query()}
	q := p.str("q", 200)
	limit := p.integer("limit", 20, 1, 200)
	if q == "" {
		p.fail("q", "is required")
	}
	if len(p.errs) > 0 {
		invalid(w, p.errs)
		return
	}
	out := Page[store.SearchHit]{Items: []store.SearchHit{}}
	if fq := ftsQuery(q); fq != "" {
		hits, err := s.st.Search(r.Context(), fq, limit)
		if err != nil {
			s.fail(w, err)
			return
		}
		out.Items = append(out.Items, hits...)
	}
	writeJSON(w, http.StatusOK, searchPage{Items: toHits(out.Items)})
}

// Hit is one search result.
type Hit struct {
	ArticleID string `json:"article_id"`
	Title     string `json:"title"`
	Snippet   string `json:"snippet"`
}

type searchPage struct {
	Items []Hit `json:"items"`
}

func toHits(hs []store.SearchHit) []Hit {
	out := make([]Hit, len(hs))
	for i, h := range hs {
		out[i] = Hit{ArticleID: h.ArticleID, Title: h.Title, Snippet: h.Snippet}
	}
	return out
}

// Highlight is a span of the article text to mark in the reader: an event's
// evidence or a propaganda technique. Start and End count runes.
type Highlight struct {
	Kind       string  `json:"kind"` // evidence | technique
	Start      int     `json:"start"`
	End        int     `json:"end"`
	Text       string  `json:"text"`
	Label      string  `json:"label"`
	EventID    string  `json:"event_id,omitempty"`
	Confidence float64 `json:"confidence,omitempty"`
}

// Outlet is an outlet registry entry.
type Outlet struct {
	Name        string   `json:"name"`
	Domains     []string `json:"domains"`
	Aliases     []string `json:"aliases"`
	Country     string   `json:"country"`
	Affiliation string   `json:"affiliation"`
	Reliability string   `json:"reliability"`
	Reason      string   `json:"reason"`
	Date        string   `json:"date"`
}

func toOutlet(o outlets.Outlet) Outlet {
	return Outlet{Name: o.Name, Domains: nonNil(o.Domains), Aliases: nonNil(o.Aliases), Country: o.Country, Affiliation: o.Affiliation,
		Reliability: o.Reliability, Reason: o.Reason, Date: o.Date}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// ArticleView is a stored article as the reader shows it.
type ArticleView struct {
	ID         string         `json:"id"`
	Title      string         `json:"title"`
	URL        string         `json:"url"`
	Source     string         `json:"source"`
	Published  string         `json:"published"`
	Language   string         `json:"language"`
	Text       string         `json:"text"`
	Origin     string         `json:"origin"`
	Analysis   model.Analysis `json:"analysis"`
	Highlights []Highlight    `json:"highlights"`
	// Outlet is the registry entry of the article's source (nil when the
	// outlet is not in the registry).
	Outlet *Outlet `json:"outlet"`
}

func (s *Server) article(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if id == "" || len(id) > 500 {
		invalid(w, []ParamError{{Param: "id", Message: "must be 1 to 500 characters"}})
		return
	}
	a, err := s.st.Article(r.Context(), id)
	if err != nil {
		s.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, s.view(a))
}

func (s *Server) view(a store.Article) ArticleView {
	v := ArticleView{ID: a.ID, Title: a.Title, URL: a.URL, Source: a.Source, Published: a.Published, Language: a.Language, Text: a.Text,
		Origin: a.Origin, Analysis: a.Analysis, Highlights: []Highlight{}}
	for _, ev := range a.Analysis.Events {
		label := ev.EventType
		if label == "" {
			label = "CAMEO " + ev.CAMEO
		}
		if ev.SubEventType != "" {
			label += ": " + ev.SubEventType
		}
		for _, sp := range ev.Evidence {
			v.Highlights = append(v.Highlights, Highlight{Kind: "evidence", Start: sp.Start, End: sp.End, Text: sp.Text, Label: label, EventID: ev.ID, Confidence: ev.Confidence})
		}
	}
	for _, t := range a.Analysis.Credibility.Techniques {
		v.Highlights = append(v.Highlights, Highlight{Kind: "technique", Start: t.Start, End: t.End, Text: t.Text, Label: t.Technique, Confidence: t.Confidence})
	}
	slices.SortStableFunc(v.Highlights, func(x, y Highlight) int {
		if c := cmp.Compare(x.Start, y.Start); c != 0 {
			return c
		}
		return cmp.Compare(y.End, x.End)
	})
	src := a.Source
	if src == "" {
		src = a.URL
	}
	if o, ok := s.reg.Lookup(src); ok {
		out := toOutlet(o)
		v.Outlet = &out
	}
	return v
}

// Posted is the answer to a posted article.
type Posted struct {
	ArticleID string         `json:"article_id"`
	Events    int            `json:"events"`
	Analysis  model.Analysis `json:"analysis"`
}

func (s *Server) postArticle(w http.ResponseWriter, r *http.Request) {
	if s.ingest == nil {
		problem(w, http.StatusMethodNotAllowed, "this server does not accept articles")
		return
	}
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		problem(w, http.StatusUnsupportedMediaType, "send the article as application/json (spec §1)")
		return
	}
	var a model.Article
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&a); err != nil {
		var mb *http.MaxBytesError
		if errors.As(err, &mb) {
			problem(w, http.StatusRequestEntityTooLarge, "the request body is too large")
			return
		}
		invalid(w, []ParamError{{Param: "body", Message: "not a JSON article: " + err.Error()}})
		return
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		invalid(w, []ParamError{{Param: "body", Message: "one JSON article per request"}})
		return
	}
	var errs []ParamError
	if strings.TrimSpace(a.Text) == "" && strings.TrimSpace(a.HTML) == "" {
		errs = append(errs, ParamError{Param: "text", Message: "text or html is required"})
	}
	if len(a.ID) > 200 {
		errs = append(errs, ParamError{Param: "id", Message: "at most 200 characters"})
	}
	if len(errs) > 0 {
		invalid(w, errs)
		return
	}
	s.writeMu.Lock()
	an, err := s.ingest(r.Context(), a)
	s.writeMu.Unlock()
	if errors.Is(err, ErrInvalid) {
		writeProblem(w, Problem{Status: http.StatusUnprocessableEntity, Detail: err.Error()})
		return
	}
	if err != nil {
		s.fail(w, err)
		return
	}
	if _, err := s.ix.refresh(r.Context(), true); err != nil {
		s.log.Warn("index refresh failed", "error", err)
	}
	w.Header().Set("Location", "/api/articles/"+an.ArticleID)
	writeJSON(w, http.StatusCreated, Posted{ArticleID: an.ArticleID, Events: len(an.Events), Analysis: an})
}

// ActorItem is an actor: from the dictionary, from the stored events, or
// both.
type ActorItem struct {
	Name    string   `json:"name"`
	Code    string   `json:"code"`
	Country string   `json:"country"`
	Type    int      `json:"type"`
	Kind    string   `json:"kind"`
	Aliases []string `json:"aliases"`
	// Events counts stored events with the actor as actor1 or actor2.
	Events int `json:"events"`
}

func (s *Server) actorList(ix *index) []ActorItem {
	byName := map[string]*ActorItem{}
	var out []*ActorItem
	add := func(name string) *ActorItem {
		k := strings.ToLower(name)
		if it := byName[k]; it != nil {
			return it
		}
		it := &ActorItem{Name: name, Aliases: []string{}}
		byName[k] = it
		out = append(out, it)
		return it
	}
	if s.lex != nil {
		for _, e := range s.lex.Actors() {
			it := add(e.Name)
			if it.Code == "" {
				it.Code, it.Country, it.Type, it.Kind = e.Code, e.Country, e.Type, e.Kind
			}
			for _, al := range e.Aliases {
				if !slices.Contains(it.Aliases, al) {
					it.Aliases = append(it.Aliases, al)
				}
			}
		}
	}
	counts := make([]int, len(ix.strs))
	codes := make([]uint32, len(ix.strs))
	for i := range ix.cold {
		r := &ix.cold[i]
		if r.a1 != 0 {
			counts[r.a1]++
			codes[r.a1] = r.a1c
		}
		if r.a2 != 0 && r.a2 != r.a1 {
			counts[r.a2]++
			codes[r.a2] = r.a2c
		}
	}
	for id, n := range counts {
		if n == 0 {
			continue
		}
		it := add(ix.strs[id])
		it.Events += n
		if it.Code == "" {
			it.Code = ix.strs[codes[id]]
		}
	}
	res := make([]ActorItem, len(out))
	for i, it := range out {
		res[i] = *it
	}
	slices.SortStableFunc(res, func(a, b ActorItem) int {
		if c := cmp.Compare(b.Events, a.Events); c != 0 {
			return c
		}
		return cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	})
	return res
}

func (s *Server) actors(w http.ResponseWriter, r *http.Request) {
	ix, ok := s.index(w, r)
	if !ok {
		return
	}
	p := &params{v: r.URL.Query()}
	q := strings.ToLower(p.str("q", 200))
	limit := p.integer("limit", 100, 1, 1000)
	off := offsetCursor(p)
	if len(p.errs) > 0 {
		invalid(w, p.errs)
		return
	}
	all := s.actorList(ix)
	if q != "" {
		all = slices.DeleteFunc(all, func(a ActorItem) bool {
			if strings.Contains(strings.ToLower(a.Name), q) || strings.EqualFold(a.Code, q) {
				return false
			}
			for _, al := range a.Aliases {
				if strings.Contains(strings.ToLower(al), q) {
					return false
				}
			}
			return true
		})
	}
	writeJSON(w, http.StatusOK, pageOf(all, off, limit))
}

// OutletLabels is how one outlet names an actor: the words it uses, with
// counts, over the articles read.
type OutletLabels struct {
	Source   string         `json:"source"`
	Outlet   string         `json:"outlet"`
	Articles int            `json:"articles"`
	Terms    map[string]int `json:"terms"`
}

// ActorView is one actor with how each outlet labels it.
type ActorView struct {
	ActorItem
	AsActor1 int            `json:"as_actor1"`
	AsActor2 int            `json:"as_actor2"`
	Labels   []OutletLabels `json:"labels"`
	// ArticlesRead is how many of the actor's articles the labels come
	// from (the most recent ones, at most maxLabelArticles).
	ArticlesRead int `json:"articles_read"`
}

const maxLabelArticles = 200

func (s *Server) actor(w http.ResponseWriter, r *http.Request) {
	ix, ok := s.index(w, r)
	if !ok {
		return
	}
	name := r.PathValue("name")
	if name == "" || len(name) > 200 {
		invalid(w, []ParamError{{Param: "name", Message: "must be 1 to 200 characters"}})
		return
	}
	var v ActorView
	found := false
	for _, a := range s.actorList(ix) {
		if strings.EqualFold(a.Name, name) || strings.EqualFold(a.Code, name) {
			v.ActorItem, found = a, true
			break
		}
	}
	if !found {
		problem(w, http.StatusNotFound, "no such actor: "+name)
		return
	}
	match := fold(ix.strs, v.Name)
	var arts []uint32
	seen := map[uint32]bool{}
	for i := len(ix.cold) - 1; i >= 0; i-- {
		r := &ix.cold[i]
		in1, in2 := match.has(r.a1), match.has(r.a2)
		if in1 {
			v.AsActor1++
		}
		if in2 {
			v.AsActor2++
		}
		if (in1 || in2) && !seen[r.article] && len(arts) < maxLabelArticles {
			seen[r.article] = true
			arts = append(arts, r.article)
		}
	}
	bySource := map[string]*OutletLabels{}
	for _, id := range arts {
		a, err := s.st.Article(r.Context(), ix.strs[id])
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			s.fail(w, err)
			return
		}
		v.ArticlesRead++
		for _, l := range a.Analysis.Credibility.Labels {
			if !strings.EqualFold(l.Actor, v.Name) {
				continue
			}
			ol := bySource[a.Source]
			if ol == nil {
				ol = &OutletLabels{Source: a.Source, Outlet: a.Source, Terms: map[string]int{}}
				if o, ok := s.reg.Lookup(a.Source); ok {
					ol.Outlet = o.Name
				}
				bySource[a.Source] = ol
			}
			ol.Articles++
			for t, n := range l.Terms {
				ol.Terms[t] += n
			}
		}
	}
	v.Labels = []OutletLabels{}
	for _, ol := range bySource {
		v.Labels = append(v.Labels, *ol)
	}
	slices.SortFunc(v.Labels, func(a, b OutletLabels) int {
		if c := cmp.Compare(b.Articles, a.Articles); c != 0 {
			return c
		}
		return cmp.Compare(a.Source, b.Source)
	})
	writeJSON(w, http.StatusOK, v)
}

func (s *Server) outlets(w http.ResponseWriter, r *http.Request) {
	p := &params{v: r.URL.Query()}
	q := strings.ToLower(p.str("q", 200))
	limit := p.integer("limit", 100, 1, 1000)
	off := offsetCursor(p)
	if len(p.errs) > 0 {
		invalid(w, p.errs)
		return
	}
	var all []Outlet
	for _, o := range s.reg.Outlets() {
		if q != "" && !strings.Contains(strings.ToLower(strings.Join(append(o.Names(), o.Domains...), "\x00")), q) {
			continue
		}
		all = append(all, toOutlet(o))
	}
	writeJSON(w, http.StatusOK, pageOf(all, off, limit))
}

func (s *Server) outlet(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	o, ok := s.reg.Lookup(name)
	if !ok {
		problem(w, http.StatusNotFound, "the outlet is not in the registry: "+name)
		return
	}
	writeJSON(w, http.StatusOK, toOutlet(o))
}

// maxExport bounds one export.
const maxExport = 100000

var exportTypes = map[string]string{
	"acled-csv":   "text/csv; charset=utf-8",
	"geojson":     "application/geo+json",
	"jsonl":       "application/x-ndjson",
	"cameo-tsv":   "text/tab-separated-values; charset=utf-8",
	"plover-json": "application/x-ndjson",
}

var exportExt = map[string]string{"acled-csv": "csv", "geojson": "geojson", "jsonl": "jsonl", "cameo-tsv": "tsv", "plover-json": "jsonl"}

// export writes the events passing the filters (or, with clusters=true,
// their clusters) in one of the CLI's export formats (internal/export).
func (s *Server) export(w http.ResponseWriter, r *http.Request) {
	ix, ok := s.index(w, r)
	if !ok {
		return
	}
	p := &params{v: r.URL.Query()}
	format := p.str("format", 20)
	if format == "" {
		format = "jsonl"
	}
	if _, ok := exportTypes[format]; !ok {
		p.fail("format", "must be one of %s", strings.Join(export.Formats, ", "))
	}
	limit := p.integer("limit", maxExport, 1, maxExport)
	clusters := false
	switch c := p.v.Get("clusters"); c {
	case "", "false", "0":
	case "true", "1":
		clusters = true
	default:
		p.fail("clusters", "must be true or false")
	}
	f, q, ok := s.compile(w, r, p, ix)
	if !ok {
		return
	}
	var rows []export.Row
	if clusters {
		sf := f.storeFilter()
		sf.Limit = limit
		cs, err := s.st.Clusters(r.Context(), sf)
		if err != nil {
			s.fail(w, err)
			return
		}
		mf := f.storeFilter()
		mf.ClusteredOnly = true
		members, err := s.st.Events(r.Context(), mf)
		if err != nil {
			s.fail(w, err)
			return
		}
		byCluster := map[string][]store.Event{}
		for _, e := range members {
			byCluster[e.ClusterID] = append(byCluster[e.ClusterID], e)
		}
		for _, c := range cs {
			rows = append(rows, export.FromCluster(c, byCluster[c.ID]))
		}
	} else {
		pos, _ := ix.page(&q, "", limit)
		for len(pos) > 0 {
			n := min(len(pos), 500)
			evs, err := s.fetchStored(r.Context(), ix, pos[:n])
			if err != nil {
				s.fail(w, err)
				return
			}
			pos = pos[n:]
			for _, e := range evs {
				rows = append(rows, export.FromEvent(e))
			}
		}
	}
	opt := export.Options{Timestamp: ix.built.Unix()}
	if s.lex != nil {
		opt.CountryName = s.lex.CountryName
	}
	var buf bytes.Buffer
	if err := export.Write(&buf, format, rows, opt); err != nil {
		s.fail(w, err)
		return
	}
	w.Header().Set("Content-Type", exportTypes[format])
	w.Header().Set("Content-Disposition", `attachment; filename="sitrep-events.`+exportExt[format]+`"`)
	w.Write(buf.Bytes())
}
