package sqlite_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/model"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/store/sqldb"
	"github.com/sitrep/sitrep/internal/store/sqlite"
)

// benchEvents is the size of the synthetic event table.
var benchEvents = 1_000_000

var (
	bigOnce sync.Once
	bigDir  string
	bigErr  error
)

// hotspots are where synthetic events cluster (lat, lon), as real conflict
// data does.
var hotspots = [][2]float64{
	{35.9, 36.6}, {36.2, 37.2}, {33.5, 36.3}, {34.7, 36.7}, {35.0, 38.9}, {36.3, 43.1}, {33.3, 44.4}, {15.4, 44.2},
	{14.5, 45.3}, {13.6, 44.0}, {16.3, -3.0}, {14.5, -4.2}, {12.4, -1.5}, {11.8, 13.2}, {9.1, 7.4}, {2.0, 45.3},
	{4.9, 31.6}, {15.6, 32.5}, {13.6, 25.3}, {-1.7, 29.2}, {0.5, 25.2}, {31.5, 34.5}, {48.0, 37.8}, {47.8, 35.2},
	{50.4, 30.5}, {21.9, 96.1}, {20.0, 93.9}, {34.5, 69.2}, {31.6, 65.7}, {33.7, 73.1}, {6.4, 125.6}, {4.6, -74.1},
}

// bigStore returns a SQLite store holding benchEvents synthetic events over
// ten years around hotspots, built once per test binary.
func bigStore(b *testing.B) *sqldb.Store {
	b.Helper()
	bigOnce.Do(func() {
		bigDir, bigErr = os.MkdirTemp("", "sitrep-bench-")
		if bigErr != nil {
			return
		}
		start := time.Now()
		var s *sqldb.Store
		s, bigErr = sqlite.Open(context.Background(), filepath.Join(bigDir, "big.db"), nil)
		if bigErr != nil {
			return
		}
		defer s.Close()
		r := rand.New(rand.NewPCG(1, 2))
		day0 := store.Day("2015-01-01")
		kinds := []string{"Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots", "Strategic developments"}
		const batch = 50_000
		evs := make([]store.Event, 0, batch)
		for i := range benchEvents {
			h := hotspots[r.IntN(len(hotspots))]
			lat := h[0] + r.NormFloat64()*1.5
			lon := h[1] + r.NormFloat64()*1.5
			d := day0 + i*3650/benchEvents // in date order, as a feed arrives
			k := kinds[r.IntN(len(kinds))]
			evs = append(evs, store.Event{
				ArticleID: fmt.Sprintf("a%07d", i/3), Source: "bench.example", Origin: fmt.Sprintf("a%07d", i/3),
				Kind: k, DayFrom: d, DayTo: d,
				Event: model.Event{ID: fmt.Sprintf("e%d", i%3), EventType: k, CAMEO: "190", Modality: model.Asserted,
					Date:     store.Date(d),
					Location: &model.Location{Name: "P", Country: "XXX", Lat: math.Round(lat*1e4) / 1e4, Lon: math.Round(lon*1e4) / 1e4, GeoPrecision: 1}},
			})
			if len(evs) == batch {
				if bigErr = s.BulkEvents(context.Background(), evs); bigErr != nil {
					return
				}
				evs = evs[:0]
			}
		}
		if len(evs) > 0 {
			bigErr = s.BulkEvents(context.Background(), evs)
		}
		b.Logf("built %d events in %s", benchEvents, time.Since(start).Round(time.Millisecond))
	})
	if bigErr != nil {
		b.Fatal(bigErr)
	}
	s, err := sqlite.Open(context.Background(), filepath.Join(bigDir, "big.db"), nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// BenchmarkBoxDateQuery reads the events inside a 2°×2° box (north-west
// Syria) over 30 days out of 1,000,000 stored events.
func BenchmarkBoxDateQuery(b *testing.B) {
	s := bigStore(b)
	f := store.EventFilter{HasBox: true, MinLat: 35, MaxLat: 37, MinLon: 36, MaxLon: 38,
		DayFrom: store.Day("2020-03-01"), DayTo: store.Day("2020-03-30")}
	ctx := context.Background()
	n := 0
	b.ResetTimer()
	for b.Loop() {
		evs, err := s.Events(ctx, f)
		if err != nil {
			b.Fatal(err)
		}
		n = len(evs)
	}
	b.ReportMetric(float64(n), "events/query")
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/query")
}

// BenchmarkBoxDateCount counts the events of a larger box (Syria and Iraq)
// over a year.
func BenchmarkBoxDateCount(b *testing.B) {
	s := bigStore(b)
	f := store.EventFilter{HasBox: true, MinLat: 32, MaxLat: 38, MinLon: 35, MaxLon: 46,
		DayFrom: store.Day("2020-01-01"), DayTo: store.Day("2020-12-31")}
	ctx := context.Background()
	n := 0
	for b.Loop() {
		var err error
		n, err = s.CountEvents(ctx, f)
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n), "events/query")
}

func init() {
	if v := os.Getenv("SITREP_BENCH_EVENTS"); v != "" {
		fmt.Sscan(v, &benchEvents)
	}
}

// TestMain removes the benchmark database built by bigStore.
func TestMain(m *testing.M) {
	code := m.Run()
	if bigDir != "" {
		os.RemoveAll(bigDir)
	}
	os.Exit(code)
}

// BenchmarkFusionCandidates asks, in a write transaction, for the fusion
// candidates of one event (a kind, three days, a box) in a week not asked
// for before, out of benchEvents stored events: what fusing the first
// event of a new week into a large store costs.
func BenchmarkFusionCandidates(b *testing.B) {
	s := bigStore(b)
	ctx := context.Background()
	day := store.Day("2023-01-04")
	n := 0
	for b.Loop() {
		f := store.EventFilter{Kind: "Battles", HasBox: true, MinLat: 35, MaxLat: 37, MinLon: 36, MaxLon: 38, DayFrom: day - 1, DayTo: day + 1}
		day += 7 // a week not asked for before
		if err := s.Update(ctx, func(tx store.Tx) error {
			evs, err := tx.Candidates(ctx, f)
			n += len(evs)
			return err
		}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/query")
}
