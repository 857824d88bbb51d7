// Package storetest is the one test suite every store.Store implementation
// must pass: SQLite and PostgreSQL run the same checks.
package storetest

import (
	"context"
	"errors"
	"testing"

	"github.com/sitrep/sitrep/internal/model"
	"github.com/sitrep/sitrep/internal/store"
)

// Run runs the suite. open returns a new, empty store for each sub-test.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s store.Store)
	}{
		{"ArticleRoundTrip", testArticleRoundTrip},
		{"ReplaceArticle", testReplaceArticle},
		{"Rollback", testRollback},
		{"EventFilters", testEventFilters},
		{"Clusters", testClusters},
		{"SimilarArticles", testSimilar},
		{"Search", testSearch},
		{"Failures", testFailures},
		{"BulkEvents", testBulk},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() { s.Close() })
			tc.fn(t, s)
		})
	}
}

func article(id, text string) store.Article {
	return store.Article{
		Article:   model.Article{ID: id, Text: text, Title: "Title of " + id, URL: "https://example.org/" + id, Source: "example.org", Published: "2020-05-01", Language: "en"},
		Hash:      "hash-" + id,
		Signature: []uint32{1, 2, 3, 4},
		Bands:     []int64{int64(len(id)), 100},
		Analysis:  model.Analysis{ArticleID: id, Source: "example.org", Published: "2020-05-01", Language: "en", Events: []model.Event{}},
	}
}

func event(articleID, id, kind string, lat, lon float64, day int, actor string) store.Event {
	return store.Event{
		ArticleID: articleID, Source: "example.org", Origin: articleID, Published: "2020-05-01",
		Kind: kind, DayFrom: day, DayTo: day,
		Event: model.Event{
			ID: id, CAMEO: "190", PLOVER: "ASSAULT", EventType: kind, SubEventType: "Armed clash",
			Actor1:   &model.Actor{Name: actor, Code: "SYRMIL"},
			Location: &model.Location{Name: "Place " + id, Country: "SYR", Lat: lat, Lon: lon, GeoPrecision: 1},
			Date:     store.Date(day), DatePrecision: 1, Modality: model.Asserted,
			Fatalities: &model.Fatalities{Best: 3, Low: 3, High: 3},
		},
	}
}

func put(t *testing.T, s store.Store, a store.Article, events ...store.Event) []string {
	t.Helper()
	var stale []string
	err := s.Update(context.Background(), func(tx store.Tx) error {
		var err error
		stale, err = tx.PutArticle(context.Background(), a)
		if err != nil {
			return err
		}
		return tx.PutEvents(context.Background(), events)
	})
	if err != nil {
		t.Fatalf("put %s: %v", a.ID, err)
	}
	return stale
}

func testArticleRoundTrip(t *testing.T, s store.Store) {
	ctx := context.Background()
	a := article("a1", "Shelling killed three people in Idlib on Monday.")
	a.Analysis.Events = []model.Event{{ID: "e1", CAMEO: "195"}}
	put(t, s, a, event("a1", "e1", "Battles", 35.9, 36.6, 18400, "Syrian Army"))
	for _, c := range []struct{ id, hash, url string }{{"a1", "", ""}, {"", "hash-a1", ""}, {"", "", "https://example.org/a1"}, {"zz", "hash-a1", ""}} {
		k, err := s.FindArticle(ctx, c.id, c.hash, c.url)
		if err != nil || k.ID != "a1" || k.Origin != "a1" || len(k.Signature) != 4 {
			t.Errorf("FindArticle(%q, %q, %q) = %+v, %v; want a1 with origin a1 and 4 signature values", c.id, c.hash, c.url, k, err)
		}
	}
	if _, err := s.FindArticle(ctx, "nope", "nope", ""); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("FindArticle(nope) error = %v, want ErrNotFound", err)
	}
	got, err := s.Article(ctx, "a1")
	if err != nil {
		t.Fatal(err)
	}
	if got.Text != a.Text || got.Title != a.Title || got.Published != a.Published || len(got.Analysis.Events) != 1 || len(got.Bands) != 2 {
		t.Errorf("Article(a1) = %+v, want the stored fields back", got)
	}
	if _, err := s.Article(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Article(nope) error = %v, want ErrNotFound", err)
	}
	evs, err := s.Events(ctx, store.EventFilter{})
	if err != nil || len(evs) != 1 {
		t.Fatalf("Events = %d, %v; want 1", len(evs), err)
	}
	e := evs[0]
	if e.Event.Location == nil || e.Event.Location.Lat != 35.9 || e.DayFrom != 18400 || e.Event.Actor1.Name != "Syrian Army" || e.Kind != "Battles" {
		t.Errorf("event back = %+v, want the stored event", e)
	}
	st, err := s.Stats(ctx)
	if err != nil || st.Articles != 1 || st.Events != 1 {
		t.Errorf("Stats = %+v, %v; want 1 article, 1 event", st, err)
	}
}

func testReplaceArticle(t *testing.T, s store.Store) {
	ctx := context.Background()
	e := event("a1", "e1", "Battles", 35, 36, 18400, "X")
	e.ClusterID = "c1"
	put(t, s, article("a1", "first text"), e, event("a1", "e2", "Battles", 35, 36, 18400, "X"))
	stale := put(t, s, article("a1", "second text"), event("a1", "e3", "Battles", 35, 36, 18401, "X"))
	if len(stale) != 1 || stale[0] != "c1" {
		t.Errorf("stale clusters = %v, want [c1]", stale)
	}
	evs, err := s.Events(ctx, store.EventFilter{})
	if err != nil || len(evs) != 1 || evs[0].Event.ID != "e3" {
		t.Errorf("events after replace = %+v, %v; want only e3", evs, err)
	}
	a, err := s.Article(ctx, "a1")
	if err != nil || a.Text != "second text" {
		t.Errorf("text after replace = %q, %v; want %q", a.Text, err, "second text")
	}
	st, _ := s.Stats(ctx)
	if st.Articles != 1 {
		t.Errorf("articles after replace = %d, want 1", st.Articles)
	}
}

func testRollback(t *testing.T, s store.Store) {
	ctx := context.Background()
	boom := errors.New("boom")
	err := s.Update(ctx, func(tx store.Tx) error {
		if _, err := tx.PutArticle(ctx, article("a1", "text")); err != nil {
			return err
		}
		if err := tx.PutEvents(ctx, []store.Event{event("a1", "e1", "Battles", 1, 1, 18400, "X")}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Update error = %v, want boom", err)
	}
	st, err := s.Stats(ctx)
	if err != nil || st.Articles != 0 || st.Events != 0 {
		t.Errorf("Stats after rollback = %+v, %v; want nothing stored", st, err)
	}
	// A duplicate event id inside one article fails the whole transaction.
	err = s.Update(ctx, func(tx store.Tx) error {
		if _, err := tx.PutArticle(ctx, article("a2", "text")); err != nil {
			return err
		}
		e := event("a2", "e1", "Battles", 1, 1, 18400, "X")
		return tx.PutEvents(ctx, []store.Event{e, e})
	})
	if err == nil {
		t.Error("duplicate event ids: no error")
	}
	if st, _ := s.Stats(ctx); st.Articles != 0 {
		t.Errorf("articles after failed transaction = %d, want 0", st.Articles)
	}
}

func testEventFilters(t *testing.T, s store.Store) {
	ctx := context.Background()
	a := event("a1", "idlib", "Battles", 35.93, 36.63, 18400, "Syrian Army")
	b := event("a1", "aleppo", "Explosions/Remote violence", 36.2, 37.16, 18410, "Russian Air Force")
	b.Event.Actor1.Code = "RUSMIL"
	c := event("a1", "kyiv", "Battles", 50.45, 30.52, 18420, "Russian Army")
	c.Event.Location.Country = "UKR"
	c.ClusterID = "c-kyiv"
	noPlace := event("a1", "noplace", "Protests", 0, 0, 18400, "Protesters")
	noPlace.Event.Location = nil
	put(t, s, article("a1", "text"), a, b, c, noPlace)
	if err := s.Update(ctx, func(tx store.Tx) error {
		return tx.PutCluster(ctx, model.Cluster{ID: "c-kyiv", EventType: "Battles", DateFrom: store.Date(18420), DateTo: store.Date(18420), Origins: 3})
	}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		f    store.EventFilter
		want []string
	}{
		{"all", store.EventFilter{}, []string{"idlib", "noplace", "aleppo", "kyiv"}},
		{"box syria", store.EventFilter{HasBox: true, MinLat: 32, MaxLat: 37.5, MinLon: 35, MaxLon: 42.5}, []string{"idlib", "aleppo"}},
		{"box and date", store.EventFilter{HasBox: true, MinLat: 32, MaxLat: 37.5, MinLon: 35, MaxLon: 42.5, DayFrom: 18405, DayTo: 18500}, []string{"aleppo"}},
		{"date only", store.EventFilter{DayFrom: 18401, DayTo: 18415}, []string{"aleppo"}},
		{"open end", store.EventFilter{DayFrom: 18401}, []string{"aleppo", "kyiv"}},
		{"country", store.EventFilter{Country: "ukr"}, []string{"kyiv"}},
		{"event type", store.EventFilter{EventType: "battles"}, []string{"idlib", "kyiv"}},
		{"actor name", store.EventFilter{Actor: "russian air force"}, []string{"aleppo"}},
		{"actor code", store.EventFilter{Actor: "rusmil"}, []string{"aleppo"}},
		{"min sources", store.EventFilter{MinSources: 2}, []string{"kyiv"}},
		{"min sources too many", store.EventFilter{MinSources: 4}, nil},
		{"limit", store.EventFilter{Limit: 1}, []string{"idlib"}},
	}
	for _, tc := range tests {
		got, err := s.Events(ctx, tc.f)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		var ids []string
		for _, e := range got {
			ids = append(ids, e.Event.ID)
		}
		if !sameStrings(ids, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, ids, tc.want)
		}
		n, err := s.CountEvents(ctx, tc.f)
		if tc.f.Limit == 0 && (err != nil || n != len(tc.want)) {
			t.Errorf("%s: CountEvents = %d, %v; want %d", tc.name, n, err, len(tc.want))
		}
	}
}

func sameStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func testClusters(t *testing.T, s store.Store) {
	ctx := context.Background()
	e1 := event("a1", "e1", "Battles", 35, 36, 18400, "X")
	e1.ClusterID = "c1"
	e2 := event("a2", "e1", "Battles", 35.01, 36.01, 18401, "X")
	e2.ClusterID = "c1"
	put(t, s, article("a1", "one"), e1)
	put(t, s, article("a2", "two"), e2)
	c := model.Cluster{ID: "c1", EventType: "Battles", DateFrom: "2020-05-18", DateTo: "2020-05-19", Origins: 2, Corroboration: model.Corroborated,
		Location: &model.Location{Name: "P", Country: "SYR", Lat: 35, Lon: 36},
		Members:  []model.ClusterMember{{ArticleID: "a1", EventID: "e1"}, {ArticleID: "a2", EventID: "e1"}}}
	err := s.Update(ctx, func(tx store.Tx) error {
		if err := tx.PutCluster(ctx, c); err != nil {
			return err
		}
		c.Origins = 2
		if err := tx.PutCluster(ctx, c); err != nil { // replace
			return err
		}
		members, err := tx.ClusterEvents(ctx, "c1")
		if err != nil {
			return err
		}
		if len(members) != 2 {
			t.Errorf("ClusterEvents = %d, want 2", len(members))
		}
		cand, err := tx.Candidates(ctx, store.EventFilter{Kind: "Battles", HasBox: true, MinLat: 34.5, MaxLat: 35.5, MinLon: 35.5, MaxLon: 36.5, DayFrom: 18399, DayTo: 18402})
		if err != nil {
			return err
		}
		if len(cand) != 2 {
			t.Errorf("Candidates = %d, want 2", len(cand))
		}
		cand, err = tx.Candidates(ctx, store.EventFilter{Kind: "Protests", DayFrom: 18399, DayTo: 18402})
		if err != nil {
			return err
		}
		if len(cand) != 0 {
			t.Errorf("Candidates of another kind = %d, want 0", len(cand))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Clusters(ctx, store.EventFilter{Country: "SYR"})
	if err != nil || len(got) != 1 || got[0].ID != "c1" || len(got[0].Members) != 2 || got[0].Corroboration != model.Corroborated {
		t.Errorf("Clusters = %+v, %v; want c1 with 2 members", got, err)
	}
	if got, _ := s.Clusters(ctx, store.EventFilter{Country: "UKR"}); len(got) != 0 {
		t.Errorf("Clusters(UKR) = %d, want 0", len(got))
	}
	if err := s.Update(ctx, func(tx store.Tx) error { return tx.DeleteCluster(ctx, "c1") }); err != nil {
		t.Fatal(err)
	}
	if st, _ := s.Stats(ctx); st.Clusters != 0 {
		t.Errorf("clusters after delete = %d, want 0", st.Clusters)
	}
}

func testSimilar(t *testing.T, s store.Store) {
	ctx := context.Background()
	a := article("a1", "one")
	a.Bands = []int64{11, 12}
	b := article("b2", "two")
	b.Bands = []int64{12, 13}
	b.Origin = "a1"
	c := article("c3", "three")
	c.Bands = []int64{14}
	put(t, s, a)
	put(t, s, b)
	put(t, s, c)
	err := s.Update(ctx, func(tx store.Tx) error {
		got, err := tx.SimilarArticles(ctx, []int64{12, 99})
		if err != nil {
			return err
		}
		if len(got) != 2 || got[0].ID != "a1" || got[1].ID != "b2" || got[1].Origin != "a1" {
			t.Errorf("SimilarArticles(12) = %+v, want a1 and b2 (origin a1)", got)
		}
		got, err = tx.SimilarArticles(ctx, []int64{98})
		if err != nil || len(got) != 0 {
			t.Errorf("SimilarArticles(98) = %+v, %v; want none", got, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func testSearch(t *testing.T, s store.Store) {
	ctx := context.Background()
	put(t, s, article("a1", "Artillery shelling hit the market in Idlib."))
	put(t, s, article("a2", "Protesters gathered in Khartoum."))
	hits, err := s.Search(ctx, "shelling", 10)
	if err != nil || len(hits) != 1 || hits[0].ArticleID != "a1" || hits[0].Snippet == "" {
		t.Errorf("Search(shelling) = %+v, %v; want a1 with a snippet", hits, err)
	}
	// Replacing the article replaces its index entry.
	put(t, s, article("a1", "A quiet day."))
	hits, err = s.Search(ctx, "shelling", 10)
	if err != nil || len(hits) != 0 {
		t.Errorf("Search(shelling) after replace = %+v, %v; want none", hits, err)
	}
}

func testFailures(t *testing.T, s store.Store) {
	ctx := context.Background()
	if err := s.RecordFailure(ctx, "bad.bin", "binary file"); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordFailure(ctx, "empty.txt", "empty file"); err != nil {
		t.Fatal(err)
	}
	got, err := s.Failures(ctx)
	if err != nil || len(got) != 2 || got[0].Input != "bad.bin" || got[1].Reason != "empty file" || got[0].At.IsZero() {
		t.Errorf("Failures = %+v, %v; want bad.bin then empty.txt", got, err)
	}
}

func testBulk(t *testing.T, s store.Store) {
	ctx := context.Background()
	var evs []store.Event
	for i := range 500 {
		evs = append(evs, event("bulk", "e"+itoa(i), "Battles", float64(i%90), float64(i%180)+0.5, 18000+i, "X"))
	}
	if err := s.BulkEvents(ctx, evs); err != nil {
		t.Fatal(err)
	}
	n, err := s.CountEvents(ctx, store.EventFilter{HasBox: true, MinLat: 0, MaxLat: 9.5, MinLon: 0, MaxLon: 180, DayFrom: 18000, DayTo: 18099})
	// i in 0..99 with i%90 <= 9: 0..9 and 90..99.
	if err != nil || n != 20 {
		t.Errorf("CountEvents(box, days) = %d, %v; want 20", n, err)
	}
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}
