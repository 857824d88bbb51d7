// Package e2e runs the dashboard's browser tests: it builds sitrep, starts
// `sitrep serve` (the demo, then a store of 10,000 events) on loopback and
// drives Debian's chromium through playwright-core (dashboard.test.mjs).
// Screenshots go to out/ (or $SITREP_E2E_OUT). The tests skip, saying why,
// when chromium, node or node_modules (npm ci) are missing.
package e2e

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/model"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/store/sqlite"
)

func chromium() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	return "/usr/bin/chromium"
}

// requirements skips the test when the browser tooling is absent.
func requirements(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("browser tests: skipped in -short mode")
	}
	if _, err := os.Stat(chromium()); err != nil {
		t.Skipf("browser tests: no chromium at %s (apt-get install chromium, or set CHROMIUM)", chromium())
	}
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("browser tests: node is not installed")
	}
	if _, err := os.Stat("node_modules/playwright-core/package.json"); err != nil {
		t.Skip("browser tests: run `npm ci` in internal/web/e2e first (playwright-core is missing)")
	}
}

// build compiles sitrep once per test binary run.
func build(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "sitrep")
	cmd := exec.Command("go", "build", "-o", bin, "github.com/sitrep/sitrep/cmd/sitrep")
	cmd.Env = append(os.Environ(), "GOFLAGS=-buildvcs=false")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

var openLine = regexp.MustCompile(`open (http://127\.0\.0\.1:\d+)/`)

// serve starts `sitrep serve args...` and returns its address.
func serve(t *testing.T, bin string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, bin, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	cmd.Stderr = &testWriter{t: t, prefix: "serve: "}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); cmd.Wait() })
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := openLine.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
		io.Copy(io.Discard, stdout)
	}()
	select {
	case a := <-addr:
		return a
	case <-time.After(3 * time.Minute):
		t.Fatal("sitrep serve did not print its address within 3 minutes")
	}
	return ""
}

type testWriter struct {
	t      *testing.T
	prefix string
}

func (w *testWriter) Write(b []byte) (int, error) {
	for _, l := range strings.Split(strings.TrimRight(string(b), "\n"), "\n") {
		w.t.Log(w.prefix + l)
	}
	return len(b), nil
}

func outDir(t *testing.T) string {
	dir := os.Getenv("SITREP_E2E_OUT")
	if dir == "" {
		dir, _ = filepath.Abs("out")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// browse runs dashboard.test.mjs against url in the given mode and returns
// its output.
func browse(t *testing.T, url, mode string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", "dashboard.test.mjs")
	cmd.Env = append(os.Environ(), "SITREP_URL="+url, "SITREP_E2E_OUT="+outDir(t), "SITREP_E2E_MODE="+mode, "CHROMIUM="+chromium())
	out, err := cmd.CombinedOutput()
	t.Logf("dashboard.test.mjs (%s):\n%s", mode, out)
	if err != nil {
		t.Fatalf("dashboard.test.mjs (%s): %v", mode, err)
	}
	t.Logf("screenshots in %s", outDir(t))
	return string(out)
}

// TestDashboardDemo opens the demo: markers match the API, a filter drives
// every view and the URL, an article shows its highlights.
func TestDashboardDemo(t *testing.T) {
	requirements(t)
	bin := build(t)
	url := serve(t, bin, "--demo")
	browse(t, url, "demo")
}

// TestDashboardOpens10k opens the dashboard with 10,000 events in view and
// checks they are all there. How long it took is logged as a measurement
// (the target is ≤ 1 s), never asserted: wall-clock time on a shared
// machine is noise, and a test must not fail on it.
func TestDashboardOpens10k(t *testing.T) {
	requirements(t)
	bin := build(t)
	db := filepath.Join(t.TempDir(), "10k.db")
	st, err := sqlite.Open(context.Background(), db, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.BulkEvents(context.Background(), events(10000)); err != nil {
		t.Fatal(err)
	}
	st.Close()
	url := serve(t, bin, "--db", db)
	out := browse(t, url, "perf")
	var got struct {
		OpenMS       int `json:"open_ms"`
		EventsInView int `json:"events_in_view"`
		Markers      int `json:"markers"`
	}
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "{") {
			json.Unmarshal([]byte(l), &got)
		}
	}
	t.Logf("dashboard opened in %d ms with %d events in view (%d markers)", got.OpenMS, got.EventsInView, got.Markers)
	if got.EventsInView != 10000 {
		t.Errorf("events in view: got %d, want 10000", got.EventsInView)
	}
	if got.OpenMS <= 0 {
		t.Errorf("dashboard reported no opening time: %q", out)
	}
}

// events makes n synthetic events around the Sahel, the Horn and the Levant.
func events(n int) []store.Event {
	r := rand.New(rand.NewPCG(3, 4))
	centres := []model.Location{
		{Name: "Mopti", Country: "MLI", Lat: 14.5, Lon: -4.2}, {Name: "El Fasher", Country: "SDN", Lat: 13.6, Lon: 25.3},
		{Name: "Aleppo", Country: "SYR", Lat: 36.2, Lon: 37.2}, {Name: "Marib", Country: "YEM", Lat: 15.5, Lon: 45.3},
		{Name: "Goma", Country: "COD", Lat: -1.7, Lon: 29.2}, {Name: "Mogadishu", Country: "SOM", Lat: 2.0, Lon: 45.3},
	}
	kinds := []string{"Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots", "Strategic developments"}
	actors := []model.Actor{{Name: "Military Forces of Mali", Code: "MLIMIL"}, {Name: "JNIM", Code: "MLIREB"}, {Name: "Rapid Support Forces", Code: "SDNREB"},
		{Name: "Civilians (Sudan)", Code: "SDNCVL"}, {Name: "Hayat Tahrir al-Sham", Code: "SYRREB"}, {Name: "Houthi movement", Code: "YEMREB"}}
	base := store.Day("2024-01-01")
	out := make([]store.Event, n)
	for i := range out {
		loc := centres[r.IntN(len(centres))]
		loc.Lat += r.NormFloat64() * 1.5
		loc.Lon += r.NormFloat64() * 1.5
		a1, a2 := actors[r.IntN(len(actors))], actors[r.IntN(len(actors))]
		day := base + r.IntN(365)
		ev := model.Event{ID: fmt.Sprintf("e%d", i%10), EventType: kinds[r.IntN(len(kinds))], Actor1: &a1, Actor2: &a2, Location: &loc,
			Date: store.Date(day), Modality: model.Asserted, Confidence: 0.7, Fatalities: &model.Fatalities{Best: r.IntN(20)}}
		id := fmt.Sprintf("synthetic-%05d", i/10)
		out[i] = store.Event{ArticleID: id, Source: "example.org", Origin: id, Published: store.Date(day), Kind: ev.EventType, DayFrom: day, DayTo: day, Event: ev}
	}
	return out
}
