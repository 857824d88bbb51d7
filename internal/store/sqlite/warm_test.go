package sqlite_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/sitrep/sitrep/internal/model"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/store/sqlite"
)

// The write side keeps clustered events in memory between transactions
// (sqldb's warm cache). These tests check that what Candidates and
// ClusterEvents answer is what the database holds, whoever wrote it.

const day0 = 18400 // 2020-05-18

func warmEvent(articleID, id, kind, cluster string, lat, lon float64, from, to int, country string) store.Event {
	return store.Event{
		ArticleID: articleID, Source: "example.org", Origin: articleID, Published: "2020-05-20",
		Kind: kind, DayFrom: from, DayTo: to, ClusterID: cluster,
		Event: model.Event{
			ID: id, EventType: kind, Modality: model.Asserted, Date: store.Date(from),
			Location: &model.Location{Name: "P" + id, Country: country, Lat: lat, Lon: lon},
		},
	}
}

func putArticle(t *testing.T, s store.Store, id string, events ...store.Event) {
	t.Helper()
	err := s.Update(context.Background(), func(tx store.Tx) error {
		a := store.Article{
			Article:  model.Article{ID: id, Text: "text of " + id, Published: "2020-05-20"},
			Hash:     "hash-" + id + fmt.Sprint(len(events)),
			Analysis: model.Analysis{ArticleID: id, Events: []model.Event{}},
		}
		if _, err := tx.PutArticle(context.Background(), a); err != nil {
			return err
		}
		return tx.PutEvents(context.Background(), events)
	})
	if err != nil {
		t.Fatalf("put %s: %v", id, err)
	}
}

// ids lists article/event ids of events.
func ids(evs []store.Event) []string {
	out := []string{}
	for _, e := range evs {
		out = append(out, e.ArticleID+"/"+e.Event.ID+"@"+e.Event.Location.Name)
	}
	return out
}

var boxFilter = store.EventFilter{Kind: "Battles", HasBox: true, MinLat: 34.5, MaxLat: 35.5, MinLon: 35.5, MaxLon: 36.5, DayFrom: day0 - 1, DayTo: day0 + 1}

// look returns the candidates of boxFilter and the members of cluster c1,
// in one write transaction of s.
func look(t *testing.T, s store.Store) (cands, members []string) {
	t.Helper()
	err := s.Update(context.Background(), func(tx store.Tx) error {
		c, err := tx.Candidates(context.Background(), boxFilter)
		if err != nil {
			return err
		}
		m, err := tx.ClusterEvents(context.Background(), "c1")
		if err != nil {
			return err
		}
		cands, members = ids(c), ids(m)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return cands, members
}

func TestWarmCacheSeesOtherWriters(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.db")
	a, err := sqlite.Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := sqlite.Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()

	putArticle(t, a, "a1", warmEvent("a1", "e1", "Battles", "c1", 35, 36, day0, day0, "SYR"))
	check := func(step string, wantCands, wantMembers []string) {
		t.Helper()
		c, m := look(t, a)
		if !reflect.DeepEqual(c, wantCands) || !reflect.DeepEqual(m, wantMembers) {
			t.Errorf("%s: candidates %v, members %v; want %v, %v", step, c, m, wantCands, wantMembers)
		}
	}
	check("own write", []string{"a1/e1@Pe1"}, []string{"a1/e1@Pe1"})

	// Another store (as another process would) adds to the cell and the
	// cluster.
	putArticle(t, b, "b1", warmEvent("b1", "e1", "Battles", "c1", 35.1, 36, day0, day0, "SYR"))
	check("other's insert", []string{"a1/e1@Pe1", "b1/e1@Pe1"}, []string{"a1/e1@Pe1", "b1/e1@Pe1"})

	// The other store replaces a1: its event row goes, a new one comes
	// (SQLite may give it the same rowid).
	putArticle(t, b, "a1", warmEvent("a1", "e1", "Battles", "c1", 35, 36.2, day0, day0, "SYR"), warmEvent("a1", "e2", "Battles", "c1", 35, 36.1, day0, day0, "SYR"))
	check("other's replace", []string{"a1/e1@Pe1", "a1/e2@Pe2", "b1/e1@Pe1"}, []string{"a1/e1@Pe1", "a1/e2@Pe2", "b1/e1@Pe1"})
	c, _ := look(t, a)
	var lon float64
	a.Update(ctx, func(tx store.Tx) error {
		evs, err := tx.Candidates(ctx, boxFilter)
		if err == nil && len(evs) > 0 {
			lon = evs[0].Event.Location.Lon
		}
		return err
	})
	if lon != 36.2 {
		t.Errorf("a1/e1 longitude after the other's replace = %v, want 36.2 (candidates %v)", lon, c)
	}

	// A failure recorded through the store's readers' connections.
	if err := a.RecordFailure(ctx, "x", "y"); err != nil {
		t.Fatal(err)
	}
	check("after a failure", []string{"a1/e1@Pe1", "a1/e2@Pe2", "b1/e1@Pe1"}, []string{"a1/e1@Pe1", "a1/e2@Pe2", "b1/e1@Pe1"})
}

func TestWarmCacheRollback(t *testing.T) {
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "w.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	putArticle(t, s, "a1", warmEvent("a1", "e1", "Battles", "c1", 35, 36, day0, day0, "SYR"))
	look(t, s) // warm

	errBoom := errors.New("boom")
	err = s.Update(ctx, func(tx store.Tx) error {
		a := store.Article{Article: model.Article{ID: "x1", Text: "x"}, Hash: "hx", Analysis: model.Analysis{Events: []model.Event{}}}
		if _, err := tx.PutArticle(ctx, a); err != nil {
			return err
		}
		if err := tx.PutEvents(ctx, []store.Event{warmEvent("x1", "e1", "Battles", "c1", 35.2, 36, day0, day0, "SYR")}); err != nil {
			return err
		}
		c, err := tx.Candidates(ctx, boxFilter)
		if err != nil {
			return err
		}
		if got := ids(c); !reflect.DeepEqual(got, []string{"a1/e1@Pe1", "x1/e1@Pe1"}) {
			t.Errorf("candidates inside the transaction = %v, want a1/e1 and x1/e1", got)
		}
		return errBoom
	})
	if !errors.Is(err, errBoom) {
		t.Fatalf("update = %v, want boom", err)
	}
	if c, m := look(t, s); !reflect.DeepEqual(c, []string{"a1/e1@Pe1"}) || !reflect.DeepEqual(m, []string{"a1/e1@Pe1"}) {
		t.Errorf("after rollback: candidates %v, members %v; want a1/e1 only", c, m)
	}
	// A transaction that panics is rolled back too.
	func() {
		defer func() { recover() }()
		s.Update(ctx, func(tx store.Tx) error {
			a := store.Article{Article: model.Article{ID: "x2", Text: "x"}, Hash: "hx2", Analysis: model.Analysis{Events: []model.Event{}}}
			if _, err := tx.PutArticle(ctx, a); err != nil {
				return err
			}
			if err := tx.PutEvents(ctx, []store.Event{warmEvent("x2", "e1", "Battles", "c1", 35.2, 36, day0, day0, "SYR")}); err != nil {
				return err
			}
			panic("boom")
		})
	}()
	if c, m := look(t, s); !reflect.DeepEqual(c, []string{"a1/e1@Pe1"}) || !reflect.DeepEqual(m, []string{"a1/e1@Pe1"}) {
		t.Errorf("after a panic: candidates %v, members %v; want a1/e1 only", c, m)
	}
	// The rolled-back row's id is taken again by another event.
	putArticle(t, s, "y1", warmEvent("y1", "e9", "Battles", "c1", 35.3, 36, day0, day0, "SYR"))
	if c, _ := look(t, s); !reflect.DeepEqual(c, []string{"a1/e1@Pe1", "y1/e9@Pe9"}) {
		t.Errorf("after the next insert: candidates %v, want a1/e1 and y1/e9", c)
	}
}

// TestWarmCandidatesMatchQuery compares the write side's answers with the
// same filters run as queries (Store.Events), over random events, own
// replacements and another store's writes.
func TestWarmCandidatesMatchQuery(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.db")
	s, err := sqlite.Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	other, err := sqlite.Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	r := rand.New(rand.NewPCG(7, 8))
	kinds := []string{"Battles", "Protests", "cameo:19"}
	countries := []string{"SYR", "SDN", ""}
	randomEvent := func(art string, i int) store.Event {
		from := day0 + r.IntN(60) - 30
		to := from
		switch r.IntN(5) {
		case 0:
			to = from + r.IntN(31)
		case 1:
			to = from + 364
		case 2:
			to = from + 31 + r.IntN(2) // about the short/long limit
		}
		lat, lon := 35+r.Float64()*2-1, 36+r.Float64()*2-1
		if r.IntN(5) == 0 {
			lat, lon = 0, 0
		}
		cluster := fmt.Sprintf("c%d", r.IntN(8))
		if r.IntN(6) == 0 {
			cluster = ""
		}
		return warmEvent(art, fmt.Sprintf("e%d", i), kinds[r.IntN(len(kinds))], cluster, lat, lon, from, to, countries[r.IntN(len(countries))])
	}
	compare := func(round int) {
		t.Helper()
		for q := range 40 {
			f := store.EventFilter{Kind: kinds[r.IntN(len(kinds))]}
			f.DayFrom = day0 + r.IntN(80) - 40
			f.DayTo = f.DayFrom + r.IntN(10)
			switch r.IntN(3) {
			case 0:
				lat, lon := 35+r.Float64()*2-1, 36+r.Float64()*2-1
				f.HasBox, f.MinLat, f.MaxLat, f.MinLon, f.MaxLon = true, lat-0.5, lat+0.5, lon-0.7, lon+0.7
			case 1:
				f.Country = countries[r.IntN(2)]
			}
			var got []store.Event
			var members []store.Event
			cluster := fmt.Sprintf("c%d", r.IntN(8))
			if err := s.Update(ctx, func(tx store.Tx) error {
				var err error
				if got, err = tx.Candidates(ctx, f); err != nil {
					return err
				}
				members, err = tx.ClusterEvents(ctx, cluster)
				return err
			}); err != nil {
				t.Fatal(err)
			}
			qf := f
			qf.ClusteredOnly = true
			want, err := s.Events(ctx, qf)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(eventKeys(got), eventKeys(want)) {
				t.Fatalf("round %d query %d %+v: candidates %v, query %v", round, q, f, eventKeys(got), eventKeys(want))
			}
			all, err := s.Events(ctx, store.EventFilter{ClusteredOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			var inCluster []store.Event
			for _, e := range all {
				if e.ClusterID == cluster {
					inCluster = append(inCluster, e)
				}
			}
			if got, want := memberKeys(members), memberKeys(inCluster); !reflect.DeepEqual(got, want) {
				t.Fatalf("round %d: members of %s %v, want %v", round, cluster, got, want)
			}
		}
	}
	for round := range 12 {
		w := store.Store(s)
		if round%3 == 2 {
			w = other
		}
		for range 10 {
			art := fmt.Sprintf("a%d", r.IntN(40)) // some are replaced
			var evs []store.Event
			for i := range r.IntN(4) {
				evs = append(evs, randomEvent(art, i))
			}
			putArticle(t, w, art, evs...)
		}
		compare(round)
	}
}

// eventKeys lists article/event ids with the fields the filters read.
func eventKeys(evs []store.Event) []string {
	out := []string{}
	for _, e := range evs {
		l := e.Event.Location
		out = append(out, fmt.Sprintf("%s/%s %s %d-%d %s %.4f,%.4f %s", e.ArticleID, e.Event.ID, e.Kind, e.DayFrom, e.DayTo, e.ClusterID, l.Lat, l.Lon, l.Country))
	}
	return out
}

// memberKeys lists article/event ids in that order.
func memberKeys(evs []store.Event) []string {
	out := eventKeys(evs)
	slices.Sort(out)
	return out
}
