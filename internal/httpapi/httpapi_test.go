package httpapi

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/internal/credibility/outlets"
	"github.com/sitrep/sitrep/internal/fuse"
	"github.com/sitrep/sitrep/internal/model"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/store/sqldb"
	"github.com/sitrep/sitrep/internal/store/sqlite"
)

// places the synthetic events happen at.
var places = []model.Location{
	{Name: "Aleppo", Country: "SYR", Lat: 36.2, Lon: 37.16, GeoPrecision: 1},
	{Name: "El Fasher", Country: "SDN", Lat: 13.63, Lon: 25.35, GeoPrecision: 1},
	{Name: "Marib", Country: "YEM", Lat: 15.46, Lon: 45.32, GeoPrecision: 1},
	{Name: "Mopti", Country: "MLI", Lat: 14.49, Lon: -4.2, GeoPrecision: 1},
	{Name: "Kharkiv", Country: "UKR", Lat: 49.99, Lon: 36.23, GeoPrecision: 1},
}

var types = [][2]string{
	{"Battles", "Armed clash"},
	{"Explosions/Remote violence", "Air/drone strike"},
	{"Violence against civilians", "Attack"},
	{"Protests", "Peaceful protest"},
}

var actorPairs = [][2]model.Actor{
	{{Name: "Military Forces of Syria", Code: "SYRMIL"}, {Name: "Hayat Tahrir al-Sham", Code: "SYRREBIMG"}},
	{{Name: "Rapid Support Forces", Code: "SDNREB"}, {Name: "Civilians (Sudan)", Code: "SDNCVL"}},
	{{Name: "Houthi movement", Code: "YEMREB"}, {Name: "Military Forces of Yemen", Code: "YEMMIL"}},
	{{Name: "JNIM", Code: "MLIREBIMG"}, {Name: "Military Forces of Mali", Code: "MLIMIL"}},
}

// synthEvents makes n events spread over places, types, actors and days
// from 2024-01-01 (deterministic for a seed).
func synthEvents(n int, seed uint64) []store.Event {
	r := rand.New(rand.NewPCG(seed, 1))
	base := store.Day("2024-01-01")
	out := make([]store.Event, n)
	for i := range out {
		pl := places[i%len(places)]
		pl.Lat += r.Float64()*2 - 1
		pl.Lon += r.Float64()*2 - 1
		ty := types[(i/len(places))%len(types)]
		ap := actorPairs[i%len(actorPairs)]
		day := base + r.IntN(730)
		ev := model.Event{ID: fmt.Sprintf("e%d", i%7), CAMEO: "190", EventType: ty[0], SubEventType: ty[1], Actor1: &ap[0], Actor2: &ap[1],
			Location: &pl, Date: store.Date(day), Modality: model.Asserted, Confidence: 0.8,
			Evidence: []model.Span{{Start: 0, End: 5, Text: "Heavy"}}}
		if i%3 == 0 {
			ev.Fatalities = &model.Fatalities{Best: i % 11, Low: i % 11, High: i % 11}
		}
		if i%10 == 9 {
			ev.Modality = model.Hypothetical
		}
		out[i] = store.Event{ArticleID: fmt.Sprintf("bulk-%07d", i/7), Source: "example.org", Origin: fmt.Sprintf("bulk-%07d", i/7),
			Published: store.Date(day), Kind: ty[0], DayFrom: day, DayTo: day, Event: ev}
	}
	return out
}

// articleText is written for these tests.
const articleText = "Heavy shelling hit eastern Aleppo on Monday, killing four people, the monitor said. The so-called liberators were blamed."

func testArticle(id, source string) store.Article {
	loc := places[0]
	a1 := actorPairs[0][0]
	a2 := model.Actor{Name: "Civilians (Syria)", Code: "SYRCVL"}
	ev := model.Event{ID: "e1", CAMEO: "195", PLOVER: "ATTACK", EventType: "Explosions/Remote violence", SubEventType: "Shelling/artillery/missile attack",
		Actor1: &a1, Actor2: &a2, Location: &loc, Date: "2025-01-20", DatePrecision: 1, Modality: model.Asserted, Confidence: 0.9,
		Fatalities: &model.Fatalities{Best: 4, Low: 4, High: 4, Text: "four"},
		Evidence:   []model.Span{{Start: 0, End: 14, Text: "Heavy shelling"}}}
	an := model.Analysis{ArticleID: id, Source: source, Published: "2025-01-21", Language: "en", Events: []model.Event{ev},
		Credibility: model.Credibility{Score: 0.6, Label: "mixed",
			Techniques:  []model.Technique{{Technique: "Name_Calling,Labeling", Start: 88, End: 108, Text: "so-called liberators", Confidence: 0.7}},
			Labels:      []model.ActorLabels{{Actor: a1.Name, Terms: map[string]int{"regime forces": 1}}},
			Explanation: []string{"one technique found"}}}
	return store.Article{Article: model.Article{ID: id, Text: articleText, Title: "Shelling in Aleppo", Source: source, Published: "2025-01-21", Language: "en"}, Analysis: an}
}

type fixture struct {
	srv  *Server
	ts   *httptest.Server
	st   *sqldb.Store
	bulk int
}

// newFixture opens a temporary SQLite store with bulk events and two
// articles (fused into one cluster) and serves it.
func newFixture(t testing.TB, bulk int, cfg Config) *fixture {
	t.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "t.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	return fill(t, st, bulk, cfg)
}

// fill stores bulk synthetic events and two articles in st and serves it.
func fill(t testing.TB, st *sqldb.Store, bulk int, cfg Config) *fixture {
	t.Helper()
	ctx := context.Background()
	t.Cleanup(func() { st.Close() })
	if bulk > 0 {
		if err := st.BulkEvents(ctx, synthEvents(bulk, 1)); err != nil {
			t.Fatal(err)
		}
	}
	fu := fuse.New()
	for _, a := range []store.Article{testArticle("art-1", "reuters.com"), testArticle("art-2", "apnews.com")} {
		if a.ID == "art-2" { // an independent report, not a near-duplicate
			a.Text = "Heavy shelling struck districts east of the old city at dawn; medics counted four dead. Officials in Damascus denounced what they called so-called liberators."
		}
		fuse.Prepare(&a)
		if err := st.Update(ctx, func(tx store.Tx) error { _, err := fu.Add(ctx, tx, a); return err }); err != nil {
			t.Fatal(err)
		}
	}
	cfg.Store, cfg.DB = st, st.DB
	if cfg.Outlets == nil {
		cfg.Outlets = outlets.New([]outlets.Outlet{{Domains: []string{"reuters.com"}, Name: "Reuters", Reliability: outlets.High, Reason: "wire service", Date: "2025-01-01"}})
	}
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	cctx, cancel := context.WithCancel(ctx)
	t.Cleanup(cancel)
	if err := srv.Start(cctx); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return &fixture{srv: srv, ts: ts, st: st, bulk: bulk}
}

func (f *fixture) get(t testing.TB, path string, v any) *http.Response {
	t.Helper()
	res, err := http.Get(f.ts.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if v != nil {
		if err := json.Unmarshal(body, v); err != nil {
			t.Fatalf("GET %s: %v in %.200s", path, err, body)
		}
	}
	return res
}

func TestEventFilters(t *testing.T) {
	testEventFilters(t, newFixture(t, 700, Config{Loopback: true}))
}

func testEventFilters(t *testing.T, f *fixture) {
	all := synthEvents(700, 1)
	count := func(keep func(e store.Event) bool) int {
		n := 0
		for _, e := range all {
			if keep(e) {
				n++
			}
		}
		return n
	}
	d := store.Day
	tests := []struct {
		query string
		want  int
	}{
		{"", 702},
		{"country=SDN", count(func(e store.Event) bool { return e.Event.Location.Country == "SDN" })},
		{"country=syr", count(func(e store.Event) bool { return e.Event.Location.Country == "SYR" }) + 2},
		{"event_type=battles", count(func(e store.Event) bool { return e.Event.EventType == "Battles" })},
		{"sub_event_type=Air%2Fdrone+strike", count(func(e store.Event) bool { return e.Event.SubEventType == "Air/drone strike" })},
		{"actor=JNIM", count(func(e store.Event) bool { return e.Event.Actor1.Name == "JNIM" })},
		{"actor=SDNCVL", count(func(e store.Event) bool { return e.Event.Actor2.Code == "SDNCVL" })},
		{"modality=hypothetical", count(func(e store.Event) bool { return e.Event.Modality == model.Hypothetical })},
		{"from=2024-03-01&to=2024-03-31", count(func(e store.Event) bool { return e.DayFrom >= d("2024-03-01") && e.DayFrom <= d("2024-03-31") })},
		{"bbox=20,10,30,20", count(func(e store.Event) bool {
			l := e.Event.Location
			return l.Lon >= 20 && l.Lon <= 30 && l.Lat >= 10 && l.Lat <= 20
		})},
		{"min_sources=2", 2},
		{"min_sources=3", 0},
		{"q=liberators", 2},
		{"q=liberators&country=SDN", 0},
		{"q=%22%29+OR", 0},
	}
	for _, tt := range tests {
		var got []EventItem
		next := ""
		for {
			var page Page[EventItem]
			u := "/api/events?limit=97&" + tt.query
			if next != "" {
				u += "&cursor=" + next
			}
			if res := f.get(t, u, &page); res.StatusCode != 200 {
				t.Fatalf("GET %s: status %d", u, res.StatusCode)
			}
			got = append(got, page.Items...)
			if next = page.NextCursor; next == "" {
				break
			}
		}
		if len(got) != tt.want {
			t.Errorf("events?%s: got %d events, want %d", tt.query, len(got), tt.want)
		}
		seen := map[string]bool{}
		for i, it := range got {
			k := it.ArticleID + "/" + it.Event.ID
			if seen[k] {
				t.Errorf("events?%s: %s twice", tt.query, k)
			}
			seen[k] = true
			if i > 0 && store.Day(got[i-1].Event.Date) > store.Day(it.Event.Date) && len(it.Event.Date) == 10 {
				t.Errorf("events?%s: %s before %s", tt.query, got[i-1].Event.Date, it.Event.Date)
			}
		}
		// The map, the timeline and the count agree.
		var m MapResult
		f.get(t, "/api/map?zoom=2&"+tt.query, &m)
		var tl Timeline
		f.get(t, "/api/timeline?"+tt.query, &tl)
		sum := 0
		for _, p := range m.Points {
			sum += p.Count
		}
		if m.Total != tt.want || sum != tt.want || tl.Total != tt.want {
			t.Errorf("map/timeline?%s: got map total %d (sum %d), timeline total %d, want %d", tt.query, m.Total, sum, tl.Total, tt.want)
		}
	}
}

func TestMapLimit(t *testing.T) {
	f := newFixture(t, 2000, Config{})
	for _, tt := range []struct{ zoom, limit int }{{0, 1000}, {8, 20}, {12, 3}, {18, 5000}} {
		var m MapResult
		f.get(t, fmt.Sprintf("/api/map?zoom=%d&limit=%d", tt.zoom, tt.limit), &m)
		sum := 0
		for _, p := range m.Points {
			sum += p.Count
			if p.Count == 1 && (p.ArticleID == "" || p.EventID == "") {
				t.Errorf("zoom %d: single-event marker without ids: %+v", tt.zoom, p)
			}
		}
		if len(m.Points) > tt.limit || sum != 2002 {
			t.Errorf("zoom %d limit %d: got %d markers for %d events, want at most %d markers for 2002", tt.zoom, tt.limit, len(m.Points), sum, tt.limit)
		}
	}
}

func TestValidation(t *testing.T) {
	f := newFixture(t, 10, Config{})
	tests := []struct {
		path   string
		status int
		params []string
	}{
		{"/api/events?bbox=1,2,3", 400, []string{"bbox"}},
		{"/api/events?bbox=10,0,0,10", 400, []string{"bbox"}},
		{"/api/events?from=2024-13-01&to=yesterday", 400, []string{"from", "to"}},
		{"/api/events?from=2024-02-01&to=2024-01-01", 400, []string{"to"}},
		{"/api/events?limit=0&min_sources=-1", 400, []string{"limit", "min_sources"}},
		{"/api/events?modality=maybe&country=SYRIA", 400, []string{"country", "modality"}},
		{"/api/events?cursor=!!", 400, []string{"cursor"}},
		{"/api/map?zoom=30", 400, []string{"zoom"}},
		{"/api/clusters?cursor=" + encodeCursor("x"), 400, []string{"cursor"}},
		{"/api/articles", 400, []string{"q"}},
		{"/api/export?format=xml", 400, []string{"format"}},
		{"/api/articles/nope", 404, nil},
		{"/api/actors/nobody", 404, nil},
		{"/api/nothing", 404, nil},
		{"/api/events?q=" + strings.Repeat("x", maxQuery), 414, nil},
	}
	for _, tt := range tests {
		var p Problem
		res := f.get(t, tt.path, &p)
		if res.StatusCode != tt.status || p.Status != tt.status {
			t.Errorf("GET %s: got status %d (body %d), want %d", tt.path, res.StatusCode, p.Status, tt.status)
		}
		if ct := res.Header.Get("Content-Type"); ct != "application/problem+json" {
			t.Errorf("GET %s: got Content-Type %q, want application/problem+json", tt.path, ct)
		}
		var got []string
		for _, e := range p.Errors {
			got = append(got, e.Param)
		}
		sort.Strings(got)
		if strings.Join(got, ",") != strings.Join(tt.params, ",") {
			t.Errorf("GET %s: got invalid params %v, want %v", tt.path, got, tt.params)
		}
	}
}

func TestArticle(t *testing.T) {
	f := newFixture(t, 0, Config{})
	var v ArticleView
	if res := f.get(t, "/api/articles/art-1", &v); res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	if v.Outlet == nil || v.Outlet.Name != "Reuters" {
		t.Errorf("outlet: got %+v, want Reuters", v.Outlet)
	}
	runes := []rune(v.Text)
	kinds := map[string]int{}
	for _, h := range v.Highlights {
		kinds[h.Kind]++
		if got := string(runes[h.Start:h.End]); got != h.Text {
			t.Errorf("highlight %s: text[%d:%d] = %q, want %q", h.Kind, h.Start, h.End, got, h.Text)
		}
	}
	if kinds["evidence"] != 1 || kinds["technique"] != 1 {
		t.Errorf("highlights: got %v, want one evidence and one technique", kinds)
	}
	var av ActorView
	f.get(t, "/api/actors/"+url.PathEscape("Military Forces of Syria"), &av)
	if av.AsActor1 < 2 || len(av.Labels) != 2 || av.Labels[0].Terms["regime forces"] != 1 {
		t.Errorf("actor view: got %+v, want 2 outlets labelling it 'regime forces'", av)
	}
	var hits searchPage
	f.get(t, "/api/articles?q=liberators", &hits)
	if len(hits.Items) != 2 {
		t.Errorf("search: got %d hits, want 2", len(hits.Items))
	}
}

func TestWrites(t *testing.T) {
	posted := 0
	ingest := func(ctx context.Context, a model.Article) (model.Analysis, error) {
		posted++
		if a.Published == "bad" {
			return model.Analysis{}, fmt.Errorf("%w: published: bad", ErrInvalid)
		}
		return model.Analysis{ArticleID: a.ID, Events: []model.Event{}}, nil
	}
	body := `{"id":"x1","text":"Clashes were reported."}`
	tests := []struct {
		name     string
		cfg      Config
		auth     string
		body     string
		ctype    string
		status   int
		ingested bool
	}{
		{"loopback without token", Config{Loopback: true}, "", body, "application/json", 201, true},
		{"non-loopback without token", Config{}, "", body, "application/json", 403, false},
		{"token missing", Config{Token: "s3cret"}, "", body, "application/json", 401, false},
		{"token wrong", Config{Token: "s3cret", Loopback: true}, "Bearer nope", body, "application/json", 401, false},
		{"token right", Config{Token: "s3cret"}, "Bearer s3cret", body, "application/json", 201, true},
		{"no text", Config{Loopback: true}, "", `{"id":"x"}`, "application/json", 400, false},
		{"unknown field", Config{Loopback: true}, "", `{"id":"x","txt":"a"}`, "application/json", 400, false},
		{"two articles", Config{Loopback: true}, "", body + body, "application/json", 400, false},
		{"not json", Config{Loopback: true}, "", body, "text/plain", 415, false},
		{"too large", Config{Loopback: true, MaxBody: 100}, "", `{"id":"x","text":"` + strings.Repeat("a", 200) + `"}`, "application/json", 413, false},
		{"refused by ingest", Config{Loopback: true}, "", `{"id":"x","text":"a","published":"bad"}`, "application/json", 422, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.cfg.Ingest = ingest
			f := newFixture(t, 0, tt.cfg)
			before := posted
			req, _ := http.NewRequest("POST", f.ts.URL+"/api/articles", strings.NewReader(tt.body))
			req.Header.Set("Content-Type", tt.ctype)
			if tt.auth != "" {
				req.Header.Set("Authorization", tt.auth)
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != tt.status {
				t.Errorf("got status %d, want %d", res.StatusCode, tt.status)
			}
			if got := posted > before; got != tt.ingested {
				t.Errorf("got ingested %v, want %v", got, tt.ingested)
			}
		})
	}
}

func TestGzip(t *testing.T) {
	f := newFixture(t, 100, Config{})
	req, _ := http.NewRequest("GET", f.ts.URL+"/api/events", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("got Content-Encoding %q, want gzip", res.Header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	var page Page[EventItem]
	if err := json.NewDecoder(zr).Decode(&page); err != nil || len(page.Items) != 100 {
		t.Errorf("gzip body: got %d items, err %v; want 100", len(page.Items), err)
	}
}

func TestExport(t *testing.T) {
	f := newFixture(t, 50, Config{})
	for _, tt := range []struct {
		query string
		check func(body string) error
	}{
		{"format=jsonl", lines(52)},
		{"format=acled-csv", lines(53)},
		{"format=cameo-tsv&country=SYR", lines(13)}, // with its header
		{"format=plover-json", lines(2)},            // the events with a PLOVER code
		{"format=jsonl&limit=5", lines(5)},
		{"format=jsonl&clusters=true", lines(1)},
		{"format=geojson", func(b string) error {
			var fc struct{ Features []json.RawMessage }
			if err := json.Unmarshal([]byte(b), &fc); err != nil {
				return err
			}
			if len(fc.Features) != 52 {
				return fmt.Errorf("got %d features, want 52", len(fc.Features))
			}
			return nil
		}},
	} {
		res, err := http.Get(f.ts.URL + "/api/export?" + tt.query)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 {
			t.Errorf("export?%s: status %d: %s", tt.query, res.StatusCode, b)
			continue
		}
		if err := tt.check(string(b)); err != nil {
			t.Errorf("export?%s: %v", tt.query, err)
		}
	}
}

func lines(n int) func(string) error {
	return func(b string) error {
		if got := strings.Count(b, "\n"); got != n {
			return fmt.Errorf("got %d lines, want %d", got, n)
		}
		return nil
	}
}

// TestOpenAPIRoutes checks that the OpenAPI document and the route table
// list the same operations.
func TestOpenAPIRoutes(t *testing.T) {
	var doc struct {
		Paths map[string]map[string]json.RawMessage
	}
	if err := json.Unmarshal(openapiDoc, &doc); err != nil {
		t.Fatal(err)
	}
	inDoc := map[string]bool{}
	for p, ops := range doc.Paths {
		for m := range ops {
			inDoc[strings.ToUpper(m)+" "+p] = true
		}
	}
	srv := &Server{}
	for _, r := range srv.routes() {
		k := r.method + " " + r.path
		if !inDoc[k] {
			t.Errorf("route %s is not in openapi.json", k)
		}
		delete(inDoc, k)
	}
	for k := range inDoc {
		t.Errorf("openapi.json has %s, which no route serves", k)
	}
}

// TestContract calls every GET operation of the OpenAPI document and checks
// the answer against its 200 schema.
func TestContract(t *testing.T) {
	f := newFixture(t, 200, Config{Loopback: true, Ingest: func(ctx context.Context, a model.Article) (model.Analysis, error) {
		return testArticle(a.ID, "reuters.com").Analysis, nil
	}})
	var doc map[string]any
	if err := json.Unmarshal(openapiDoc, &doc); err != nil {
		t.Fatal(err)
	}
	v := &validator{doc: doc}
	samplePath := map[string]string{"{id}": "art-1", "{name}": "reuters.com"}
	paths := doc["paths"].(map[string]any)
	for p, ops := range paths {
		get, ok := ops.(map[string]any)["get"].(map[string]any)
		if !ok || p == "/api/export" {
			continue
		}
		u := p
		for k, val := range samplePath {
			u = strings.ReplaceAll(u, k, val)
		}
		if p == "/api/actors/{name}" {
			u = "/api/actors/JNIM"
		}
		if p == "/api/articles" {
			u += "?q=shelling"
		}
		var body any
		res := f.get(t, u, &body)
		if res.StatusCode != 200 {
			t.Errorf("GET %s: status %d", u, res.StatusCode)
			continue
		}
		schema := get["responses"].(map[string]any)["200"].(map[string]any)["content"].(map[string]any)["application/json"].(map[string]any)["schema"]
		for _, err := range v.check(schema, body, u) {
			t.Errorf("GET %s: %v", u, err)
		}
	}
	// The post answer and the problem body too.
	res, err := http.Post(f.ts.URL+"/api/articles", "application/json", strings.NewReader(`{"id":"p1","text":"x"}`))
	if err != nil {
		t.Fatal(err)
	}
	var body any
	json.NewDecoder(res.Body).Decode(&body)
	res.Body.Close()
	for _, err := range v.check(map[string]any{"$ref": "#/components/schemas/Posted"}, body, "post") {
		t.Errorf("POST /api/articles: %v", err)
	}
	f.get(t, "/api/events?limit=x", &body)
	for _, err := range v.check(map[string]any{"$ref": "#/components/schemas/Problem"}, body, "problem") {
		t.Errorf("problem: %v", err)
	}
}

// validator checks JSON values against the OpenAPI schema subset the
// document uses: $ref, type, required, properties, items, oneOf, enum,
// additionalProperties, pattern.
type validator struct{ doc map[string]any }

func (v *validator) resolve(s map[string]any) map[string]any {
	for {
		ref, ok := s["$ref"].(string)
		if !ok {
			return s
		}
		var cur any = v.doc
		for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
			cur = cur.(map[string]any)[part]
		}
		s = cur.(map[string]any)
	}
}

func (v *validator) check(schema any, val any, at string) []error {
	s := v.resolve(schema.(map[string]any))
	var errs []error
	if alts, ok := s["oneOf"].([]any); ok {
		for _, a := range alts {
			if len(v.check(a, val, at)) == 0 {
				return nil
			}
		}
		return []error{fmt.Errorf("%s: %v matches no alternative", at, val)}
	}
	switch typ, _ := s["type"].(string); typ {
	case "object":
		obj, ok := val.(map[string]any)
		if !ok {
			return []error{fmt.Errorf("%s: got %T, want object", at, val)}
		}
		for _, r := range asList(s["required"]) {
			if _, ok := obj[r.(string)]; !ok {
				errs = append(errs, fmt.Errorf("%s: missing required %q", at, r))
			}
		}
		props, _ := s["properties"].(map[string]any)
		for k, x := range obj {
			if ps, ok := props[k]; ok {
				errs = append(errs, v.check(ps, x, at+"."+k)...)
			} else if ap, ok := s["additionalProperties"].(map[string]any); ok {
				errs = append(errs, v.check(ap, x, at+"."+k)...)
			} else if props != nil {
				errs = append(errs, fmt.Errorf("%s: property %q not in the schema", at, k))
			}
		}
	case "array":
		arr, ok := val.([]any)
		if !ok {
			return []error{fmt.Errorf("%s: got %T, want array", at, val)}
		}
		for i, x := range arr {
			errs = append(errs, v.check(s["items"], x, fmt.Sprintf("%s[%d]", at, i))...)
		}
	case "string":
		str, ok := val.(string)
		if !ok {
			return []error{fmt.Errorf("%s: got %T, want string", at, val)}
		}
		if e := asList(s["enum"]); e != nil && !contains(e, str) {
			errs = append(errs, fmt.Errorf("%s: %q not in %v", at, str, e))
		}
		if p, ok := s["pattern"].(string); ok && !regexp.MustCompile(p).MatchString(str) {
			errs = append(errs, fmt.Errorf("%s: %q does not match %s", at, str, p))
		}
	case "integer":
		n, ok := val.(float64)
		if !ok || n != float64(int64(n)) {
			return []error{fmt.Errorf("%s: got %v, want integer", at, val)}
		}
	case "number":
		if _, ok := val.(float64); !ok {
			return []error{fmt.Errorf("%s: got %T, want number", at, val)}
		}
	case "boolean":
		if _, ok := val.(bool); !ok {
			return []error{fmt.Errorf("%s: got %T, want boolean", at, val)}
		}
	case "null":
		if val != nil {
			return []error{fmt.Errorf("%s: got %v, want null", at, val)}
		}
	}
	return errs
}

func asList(x any) []any { l, _ := x.([]any); return l }

func contains(l []any, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

func FuzzFilterParams(f *testing.F) {
	for _, s := range []string{"bbox=1,2,3,4", "from=2024-01-01&to=2023-01-01", "country=syr&q=%22x", "min_sources=9999999999999", "cursor=AAAA"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		p := &params{v: v}
		fl := p.filter()
		p.cursor()
		if len(p.errs) > 0 {
			return
		}
		if fl.HasBox && (fl.MinLat > fl.MaxLat || fl.MinLon > fl.MaxLon) {
			t.Errorf("%q: box %+v accepted", raw, fl)
		}
		if fl.DayFrom != 0 && fl.DayTo != 0 && fl.DayFrom > fl.DayTo {
			t.Errorf("%q: dates %d > %d accepted", raw, fl.DayFrom, fl.DayTo)
		}
		if q := ftsQuery(fl.Text); strings.Count(q, `"`)%2 != 0 {
			t.Errorf("%q: unbalanced full-text query %s", raw, q)
		}
	})
}

func benchIndex(b *testing.B, n int) (*index, query) {
	f := newFixture(b, n, Config{})
	ix, err := f.srv.ix.get(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	return ix, ix.compile(Filter{}, nil, false)
}

func BenchmarkMap(b *testing.B) {
	ix, q := benchIndex(b, 100000)
	b.ResetTimer()
	for b.Loop() {
		ix.mapPoints(&q, 3, 1000)
	}
}

func BenchmarkTimeline(b *testing.B) {
	ix, q := benchIndex(b, 100000)
	b.ResetTimer()
	for b.Loop() {
		ix.timeline(&q)
	}
}
