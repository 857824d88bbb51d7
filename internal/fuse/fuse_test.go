package fuse_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/internal/fuse"
	"github.com/sitrep/sitrep/internal/model"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/store/sqlite"
)

const report = `Government warplanes struck the village of Hass in southern Idlib on Wednesday, hitting a school complex and killing at least 22 children and six teachers, a monitoring group said. Rescue workers pulled bodies from the rubble for hours after the raids, which also damaged a nearby market. The monitor said the death toll was likely to rise because many of the wounded were in critical condition.`

func TestSimilarity(t *testing.T) {
	copyText := strings.Replace(report, "Wednesday", "Wednesday morning", 1) + " Local officials called for an inquiry."
	other := `Protesters gathered outside the central bank in the capital on Sunday to demand the release of frozen salaries, and police fired tear gas to disperse the crowd after several hours of chanting and speeches by union leaders.`
	tests := []struct {
		name   string
		a, b   string
		lo, hi float64
	}{
		{"identical", report, report, 1, 1},
		{"light edit", report, copyText, fuse.NearDuplicate, 1},
		{"unrelated", report, other, 0, 0.2},
	}
	for _, tc := range tests {
		got := fuse.Similarity(fuse.Signature(tc.a), fuse.Signature(tc.b))
		if got < tc.lo || got > tc.hi {
			t.Errorf("%s: similarity = %.2f, want in [%.2f, %.2f]", tc.name, got, tc.lo, tc.hi)
		}
	}
	if fuse.Signature("one") != nil {
		t.Error("Signature of one word: want nil")
	}
	if got := fuse.ContentHash("a  b\nc"); got != fuse.ContentHash("a b c") {
		t.Errorf("ContentHash ignores white space: got %s", got)
	}
}

func TestSpan(t *testing.T) {
	tests := []struct {
		date, pub string
		from, to  string
	}{
		{"2016-10-26", "2016-10-28", "2016-10-26", "2016-10-26"},
		{"2016-10", "2017-03-14", "2016-10-01", "2016-10-31"},
		{"2016", "", "2016-01-01", "2016-12-31"},
		{"", "2016-10-28T10:00:00Z", "2016-10-25", "2016-10-28"},
		{"", "", "", ""},
	}
	for _, tc := range tests {
		f, to := fuse.Span(tc.date, tc.pub)
		if store.Date(f) != tc.from || store.Date(to) != tc.to {
			t.Errorf("Span(%q, %q) = %s..%s, want %s..%s", tc.date, tc.pub, store.Date(f), store.Date(to), tc.from, tc.to)
		}
	}
}

func strike(id, place string, lat, lon float64, date string, best int, actor string) model.Event {
	e := model.Event{ID: id, CAMEO: "195", PLOVER: "ASSAULT", EventType: "Explosions/Remote violence", SubEventType: "Air/drone strike",
		Location: &model.Location{Name: place, Country: "SYR", Admin1: "Idlib", Lat: lat, Lon: lon, GeoPrecision: 1},
		Date:     date, DatePrecision: 1, Modality: model.Asserted,
		Fatalities: &model.Fatalities{Best: best, Low: best, High: best}}
	if actor != "" {
		e.Actor1 = &model.Actor{Name: actor, Code: "SYRMIL"}
	}
	return e
}

func art(id, source, pub, text string, events ...model.Event) store.Article {
	return store.Article{Article: model.Article{ID: id, Source: source, Published: pub, Text: text},
		Analysis: model.Analysis{ArticleID: id, Source: source, Published: pub, Events: events}}
}

func openStore(t *testing.T) store.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "f.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func add(t *testing.T, s store.Store, a store.Article) fuse.Result {
	t.Helper()
	f := fuse.New()
	var res fuse.Result
	err := s.Update(context.Background(), func(tx store.Tx) error {
		var err error
		res, err = f.Add(context.Background(), tx, a)
		return err
	})
	if err != nil {
		t.Fatalf("add %s: %v", a.ID, err)
	}
	return res
}

func TestClusters(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	add(t, s, art("sohr", "syriahr.com", "2016-10-28", report, strike("e1", "Hass", 35.62, 36.59, "2016-10-26", 28, "Syrian Army")))
	// A rewrite of the same report on another site: same origin.
	res := add(t, s, art("copy", "copysite.net", "2016-10-28", strings.Replace(report, "a monitoring group said", "the monitor reported", 1),
		strike("e1", "Hass", 35.62, 36.59, "2016-10-26", 28, "Syrian Army")))
	if res.Origin != "sohr" {
		t.Errorf("origin of the copy = %q, want sohr", res.Origin)
	}
	// An independent report: month precision, a spelling of its own, a
	// point 3 km away, a different toll, no actor.
	add(t, s, art("reuters", "reuters.com", "2017-03-14", "A different text entirely about water and war crimes in Syria, where investigators looked at many incidents.",
		strike("e7", "Haas", 35.64, 36.60, "2016-10", 35, "")))
	// Same day and kind, but 80 km away: another event.
	add(t, s, art("far", "x.org", "2016-10-27", "Another strike elsewhere hit a market, residents said, in a short dispatch with few details.",
		strike("e1", "Saraqib", 35.86, 37.4, "2016-10-26", 5, "")))
	// A statement is not clustered.
	st := model.Event{ID: "s1", CAMEO: "012", Modality: model.Asserted, Date: "2016-10-26"}
	add(t, s, art("stmt", "y.org", "2016-10-27", "The ministry issued a statement condemning the raids and demanding an investigation by the United Nations.", st))

	cls, err := s.Clusters(ctx, store.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(cls) != 2 {
		t.Fatalf("clusters = %d, want 2: %+v", len(cls), cls)
	}
	var hass model.Cluster
	for _, c := range cls {
		if len(c.Members) == 3 {
			hass = c
		}
	}
	if hass.ID == "" {
		t.Fatalf("no cluster with the 3 Hass reports: %+v", cls)
	}
	if hass.Origins != 2 || hass.Corroboration != model.Corroborated {
		t.Errorf("origins = %d (%s), want 2 (corroborated)", hass.Origins, hass.Corroboration)
	}
	if f := hass.Fatalities; f == nil || f.Low != 28 || f.High != 35 || f.Best != 28 {
		t.Errorf("fatalities = %+v, want low 28, best 28, high 35", f)
	}
	if hass.DateFrom != "2016-10-26" || hass.DateTo != "2016-10-26" {
		t.Errorf("dates = %s..%s, want 2016-10-26", hass.DateFrom, hass.DateTo)
	}
	if len(hass.Sources) != 3 {
		t.Errorf("sources = %v, want 3", hass.Sources)
	}
	// Ingesting an article again (same id) leaves the clusters as they were.
	add(t, s, art("reuters", "reuters.com", "2017-03-14", "A different text entirely about water and war crimes in Syria, where investigators looked at many incidents.",
		strike("e7", "Haas", 35.64, 36.60, "2016-10", 35, "")))
	again, _ := s.Clusters(ctx, store.EventFilter{})
	if len(again) != 2 {
		t.Errorf("clusters after re-adding = %d, want 2", len(again))
	}
	evs, _ := s.Events(ctx, store.EventFilter{})
	if len(evs) != 5 {
		t.Errorf("events = %d, want 5", len(evs))
	}
}

func TestCompatible(t *testing.T) {
	base := fuse.StoreEvent(store.Article{Article: model.Article{ID: "a"}}, strike("e1", "Hass", 35.62, 36.59, "2016-10-26", 1, "Syrian Army"))
	tests := []struct {
		name      string
		place     string
		lat, lon  float64
		precision int
		actor     string
		code      string
		date      string
		want      bool
	}{
		{"same town, other actor", "Haas", 35.621, 36.592, 1, "Russian Air Force", "RUSMIL", "2016-10-26", true},
		{"same town, a month", "Hass", 35.62, 36.59, 1, "", "", "2016-10", true},
		{"other town 8 km away", "Kafr Nabl", 35.58, 36.52, 1, "", "", "2016-10-26", false},
		{"near a town 8 km away", "Kafr Nabl", 35.58, 36.52, 2, "", "", "2016-10-26", true},
		{"near a town, other actors", "Kafr Nabl", 35.58, 36.52, 2, "Russian Air Force", "RUSMIL", "2016-10-26", false},
		{"same town, days apart", "Hass", 35.62, 36.59, 1, "", "", "2016-10-20", false},
	}
	for _, tc := range tests {
		ev := strike("e1", tc.place, tc.lat, tc.lon, tc.date, 1, tc.actor)
		ev.Location.GeoPrecision = tc.precision
		if ev.Actor1 != nil {
			ev.Actor1.Code = tc.code
		}
		b := fuse.StoreEvent(store.Article{Article: model.Article{ID: "b"}}, ev)
		if _, got := fuse.Compatible(base, b); got != tc.want {
			t.Errorf("%s: compatible = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestOneArticleTwoEvents(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	text := "Warplanes struck Hass and then Kafr Nabl on Wednesday, killing several people in both villages, residents said."
	// Two places 8 km apart in one article: two clusters. The same strike
	// coded twice at one place: one cluster.
	add(t, s, art("one", "a.org", "2016-10-27", text,
		strike("e1", "Hass", 35.62, 36.59, "2016-10-26", 5, ""),
		strike("e2", "Kafr Nabl", 35.58, 36.52, "2016-10-26", 3, ""),
		strike("e3", "Hass", 35.62, 36.59, "2016-10-26", 6, "Syrian Army")))
	cls, err := s.Clusters(ctx, store.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var sizes []int
	for _, c := range cls {
		sizes = append(sizes, len(c.Members))
		if c.Origins != 1 {
			t.Errorf("cluster %s: origins = %d, want 1", c.ID, c.Origins)
		}
	}
	if len(cls) != 2 || len(cls[0].Members)+len(cls[1].Members) != 3 {
		t.Errorf("cluster sizes = %v, want [2 1] in some order", sizes)
	}
	// A later report naming both places joins each to its own cluster.
	add(t, s, art("two", "b.org", "2016-10-28", "A monitor confirmed strikes on Hass and Kafr Nabl, with a toll rising in Hass.",
		strike("e1", "Kafr Nabl", 35.58, 36.52, "2016-10-26", 4, ""),
		strike("e2", "Hass", 35.62, 36.59, "2016-10-26", 8, "")))
	cls, _ = s.Clusters(ctx, store.EventFilter{})
	if len(cls) != 2 {
		t.Fatalf("clusters = %d, want 2", len(cls))
	}
	for _, c := range cls {
		if c.Origins != 2 {
			t.Errorf("cluster at %s: origins = %d, want 2", c.Location.Name, c.Origins)
		}
	}
}
