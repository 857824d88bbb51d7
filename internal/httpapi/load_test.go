package httpapi

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/store/sqlite"
)

var (
	loadEvents  = flag.Int("load", 0, "TestLoad: store this many synthetic events and load-test the map and timeline endpoints (0: skip)")
	loadDB      = flag.String("loaddb", "", "TestLoad: SQLite file to reuse (filled when empty)")
	loadFor     = flag.Duration("loadfor", 20*time.Second, "TestLoad: how long each endpoint is loaded")
	loadClients = flag.Int("loadclients", 4, "TestLoad: concurrent clients")
	loadNoCache = flag.Bool("loadnocache", false, "TestLoad: disable the answer cache")
)

// TestLoad is the load test of the map and timeline queries:
//
//	go test ./internal/httpapi -run TestLoad -load 1000000 -loaddb /tmp/load.db -v
//
// It inserts the events with BulkEvents (once per -loaddb file), serves them
// on 127.0.0.1 and runs -loadclients clients for -loadfor per endpoint,
// each request with a random filter, and reports requests/s and latency
// percentiles.
func TestLoad(t *testing.T) {
	if *loadEvents == 0 {
		t.Skip("load test: run with -load N (e.g. -load 1000000)")
	}
	ctx := context.Background()
	path := *loadDB
	if path == "" {
		path = filepath.Join(t.TempDir(), "load.db")
	}
	st, err := sqlite.Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	stats, err := st.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Events < *loadEvents {
		start := time.Now()
		const batch = 50000
		for done := stats.Events; done < *loadEvents; done += batch {
			evs := synthEvents(min(batch, *loadEvents-done), uint64(done+1))
			for i := range evs {
				evs[i].ArticleID = fmt.Sprintf("load-%08d", (done+i)/7)
				evs[i].Event.ID = fmt.Sprintf("e%d", (done+i)%7)
			}
			if err := st.BulkEvents(ctx, evs); err != nil {
				t.Fatal(err)
			}
		}
		t.Logf("inserted %d events with BulkEvents in %s", *loadEvents-stats.Events, time.Since(start).Round(time.Millisecond))
	}
	srv, err := New(Config{Store: st, DB: st.DB, Loopback: true})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if err := srv.Start(cctx); err != nil {
		t.Fatal(err)
	}
	ix, _ := srv.ix.get(ctx)
	if *loadNoCache {
		ix.cache.max = 0
	}
	t.Logf("index of %d events built in %s", len(ix.hot), time.Since(start).Round(time.Millisecond))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := &http.Server{Handler: srv.Handler()}
	go hs.Serve(ln)
	defer hs.Close()
	base := "http://" + ln.Addr().String()

	countries := []string{"", "", "SYR", "SDN", "YEM", "MLI", "UKR"}
	typeNames := []string{"", "", "Battles", "Protests", "Violence against civilians"}
	filter := func(r *rand.Rand) string {
		q := ""
		if c := countries[r.IntN(len(countries))]; c != "" {
			q += "&country=" + c
		}
		if ty := typeNames[r.IntN(len(typeNames))]; ty != "" {
			q += "&event_type=" + url.QueryEscape(ty)
		}
		if r.IntN(2) == 0 {
			from := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(600))
			q += "&from=" + from.Format("2006-01-02") + "&to=" + from.AddDate(0, 0, 30+r.IntN(120)).Format("2006-01-02")
		}
		return q
	}
	endpoints := []struct {
		name string
		url  func(r *rand.Rand) string
	}{
		{"map (world, zoom 2)", func(r *rand.Rand) string { return "/api/map?zoom=2" + filter(r) }},
		{"map (bbox, zoom 6)", func(r *rand.Rand) string {
			lat, lon := -10+r.Float64()*50, -10+r.Float64()*50
			return fmt.Sprintf("/api/map?zoom=6&bbox=%.2f,%.2f,%.2f,%.2f%s", lon, lat, lon+12, lat+8, filter(r))
		}},
		{"timeline", func(r *rand.Rand) string { return "/api/timeline?" + filter(r) }},
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: *loadClients, DisableCompression: false}}
	for _, ep := range endpoints {
		var mu sync.Mutex
		var lat []time.Duration
		failed := 0
		end := time.Now().Add(*loadFor)
		var wg sync.WaitGroup
		t0 := time.Now()
		for c := 0; c < *loadClients; c++ {
			wg.Add(1)
			go func(seed uint64) {
				defer wg.Done()
				r := rand.New(rand.NewPCG(seed, 7))
				for time.Now().Before(end) {
					u := base + ep.url(r)
					s := time.Now()
					res, err := client.Get(u)
					if err == nil {
						io.Copy(io.Discard, res.Body)
						res.Body.Close()
					}
					d := time.Since(s)
					mu.Lock()
					if err != nil || res.StatusCode != 200 {
						failed++
					}
					lat = append(lat, d)
					mu.Unlock()
				}
			}(uint64(c + 1))
		}
		wg.Wait()
		el := time.Since(t0)
		slices.Sort(lat)
		pct := func(p float64) time.Duration {
			return lat[min(len(lat)-1, int(p*float64(len(lat))))].Round(100 * time.Microsecond)
		}
		line := fmt.Sprintf("%-20s %d events, %d clients: %d requests in %s = %.1f req/s; p50 %s p95 %s p99 %s max %s; %d failed",
			ep.name, len(ix.hot), *loadClients, len(lat), el.Round(time.Millisecond), float64(len(lat))/el.Seconds(), pct(0.5), pct(0.95), pct(0.99), lat[len(lat)-1].Round(time.Millisecond), failed)
		t.Log(line)
		fmt.Fprintln(os.Stderr, line)
		if failed > 0 {
			t.Errorf("%s: %d requests failed", ep.name, failed)
		}
	}
}
