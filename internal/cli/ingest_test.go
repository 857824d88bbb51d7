package cli

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/ingest"
	"github.com/sitrep/sitrep/internal/model"
	"github.com/sitrep/sitrep/internal/pipeline"
	"github.com/sitrep/sitrep/internal/sharedtest"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/store/sqlite"
)

// places and actors for generated articles: real places, so that the
// pipeline finds events with coordinates.
var genPlaces = []string{"Idlib", "Aleppo", "Homs", "Hama", "Raqqa", "Deir ez-Zor", "Mosul", "Kirkuk", "Marib", "Taiz", "Gao", "Mopti"}

// writeArticles writes n small, distinct articles as .txt files in dir.
func writeArticles(t *testing.T, dir string, n int) {
	t.Helper()
	for i := range n {
		place := genPlaces[i%len(genPlaces)]
		text := fmt.Sprintf("Government forces shelled the town of %s on Monday, killing %d civilians, residents said. "+
			"Rebels attacked an army checkpoint near %s the same day and %d soldiers were wounded, according to report number %d. "+
			"Aid groups said %d families had fled the area.\n", place, 2+i%17, place, 1+i%5, i, 10+i)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("art%03d.txt", i)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func runSitrep(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(context.Background(), args, Stdio{In: strings.NewReader(""), Out: &out, Err: &errb})
	return out.String(), errb.String(), code
}

// checkComplete asserts that every article is stored once with all the
// events of its stored analysis, and that clusters and events agree.
func checkComplete(t *testing.T, dbPath string, wantArticles int) store.Stats {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, dbPath, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	stats, err := st.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Articles != wantArticles {
		t.Errorf("articles stored = %d, want %d", stats.Articles, wantArticles)
	}
	var distinct int
	if err := st.DB.QueryRow(`SELECT COUNT(DISTINCT hash) FROM articles`).Scan(&distinct); err != nil {
		t.Fatal(err)
	}
	if distinct != stats.Articles {
		t.Errorf("distinct texts = %d, articles = %d: an article is stored twice", distinct, stats.Articles)
	}
	rows, err := st.DB.Query(`SELECT id FROM articles ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for rows.Next() {
		var id string
		rows.Scan(&id)
		ids = append(ids, id)
	}
	rows.Close()
	events := 0
	for _, id := range ids {
		a, err := st.Article(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		var n int
		st.DB.QueryRow(`SELECT COUNT(*) FROM events WHERE article_id = ?`, id).Scan(&n)
		if n != len(a.Analysis.Events) {
			t.Errorf("article %s: %d events stored, analysis has %d", id, n, len(a.Analysis.Events))
		}
		events += n
	}
	if events != stats.Events {
		t.Errorf("events of articles = %d, events stored = %d", events, stats.Events)
	}
	var orphans, empty int
	st.DB.QueryRow(`SELECT COUNT(*) FROM events WHERE cluster_id <> '' AND cluster_id NOT IN (SELECT id FROM clusters)`).Scan(&orphans)
	st.DB.QueryRow(`SELECT COUNT(*) FROM clusters WHERE id NOT IN (SELECT cluster_id FROM events)`).Scan(&empty)
	if orphans != 0 || empty != 0 {
		t.Errorf("%d events point to missing clusters, %d clusters have no events", orphans, empty)
	}
	return stats
}

func TestIngestTwiceAndFailures(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	os.Mkdir(in, 0o755)
	writeArticles(t, in, 12)
	os.WriteFile(filepath.Join(in, "broken.txt"), []byte("\x00\x01\x02binary"), 0o644)
	os.WriteFile(filepath.Join(in, "empty.txt"), nil, 0o644)
	db := filepath.Join(dir, "s.db")
	out, errs, code := runSitrep(t, "ingest", "-q", "--db", db, "--published", "2024-03-04", in)
	if code != 1 {
		t.Errorf("exit status with 2 bad files = %d, want 1 (stderr %s)", code, errs)
	}
	if !strings.Contains(out, "12 new, 0 updated, 0 unchanged, 2 failed") {
		t.Errorf("summary = %q, want 12 new and 2 failed", out)
	}
	stats := checkComplete(t, db, 12)
	if stats.Failures != 2 || stats.Events == 0 || stats.Clusters == 0 {
		t.Errorf("stats = %+v, want 2 failures and some events and clusters", stats)
	}
	out, _, _ = runSitrep(t, "ingest", "-q", "--db", db, "--published", "2024-03-04", in)
	if !strings.Contains(out, "0 new, 0 updated, 12 unchanged, 2 failed") {
		t.Errorf("second summary = %q, want 12 unchanged", out)
	}
	again := checkComplete(t, db, 12)
	if again.Events != stats.Events || again.Clusters != stats.Clusters {
		t.Errorf("after the second run: %+v, want %+v", again, stats)
	}
	// A changed text under the same id replaces the article.
	os.WriteFile(filepath.Join(in, "art000.txt"), []byte("Protesters marched in Khartoum on Sunday and police fired tear gas, witnesses said.\n"), 0o644)
	out, _, _ = runSitrep(t, "ingest", "-q", "--db", db, "--published", "2024-03-04", in)
	if !strings.Contains(out, "0 new, 1 updated, 11 unchanged") {
		t.Errorf("third summary = %q, want 1 updated", out)
	}
	checkComplete(t, db, 12)
}

func TestIngestDevGoldTwice(t *testing.T) {
	gold := sharedGoldDir(t)
	db := filepath.Join(t.TempDir(), "s.db")
	for run := range 2 {
		out, errs, code := runSitrep(t, "ingest", "-q", "--db", db, gold)
		if code != 0 {
			t.Fatalf("run %d: exit %d: %s", run, code, errs)
		}
		want := "10 new, 0 updated, 0 unchanged"
		if run == 1 {
			want = "0 new, 0 updated, 10 unchanged"
		}
		if !strings.Contains(out, want) {
			t.Errorf("run %d: summary %q, want %q", run, out, want)
		}
	}
	checkComplete(t, db, 10)
}

// sharedGoldDir finds ../shared/gold/dev beside the repository, or skips.
func sharedGoldDir(t *testing.T) string {
	t.Helper()
	return sharedtest.Require(t, "gold", "dev")
}

// TestIngestKill9 kills an ingest with SIGKILL in the middle, runs it again,
// and checks that every article is stored exactly once with all its events.
func TestIngestKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "sitrep")
	build := exec.Command("go", "build", "-o", bin, "github.com/sitrep/sitrep/cmd/sitrep")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	in := filepath.Join(dir, "in")
	os.Mkdir(in, 0o755)
	const n = 200
	writeArticles(t, in, n)
	db := filepath.Join(dir, "kill.db")
	args := []string{"ingest", "-q", "--workers", "2", "--db", db, "--published", "2024-03-04", in}

	cmd := exec.Command(bin, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	// Kill once some articles are stored, but not all.
	deadline := time.Now().Add(60 * time.Second)
	killedAt := -1
	for killedAt < 0 && time.Now().Before(deadline) {
		select {
		case err := <-exited:
			t.Fatalf("ingest finished before it could be killed (%v): %s", err, stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
		if c := countArticles(db); c >= 15 {
			cmd.Process.Signal(syscall.SIGKILL)
			<-exited
			killedAt = countArticles(db)
		}
	}
	if killedAt < 0 {
		cmd.Process.Kill()
		t.Fatalf("no article stored within 60 s: %s", stderr.String())
	}
	t.Logf("killed with %d of %d articles stored", killedAt, n)
	if killedAt >= n {
		t.Fatalf("all %d articles were stored before the kill: make the test input larger", n)
	}

	out, err := exec.Command(bin, args...).Output()
	if err != nil {
		t.Fatalf("second run: %v", err)
	}
	want := fmt.Sprintf("%d unchanged", killedAt)
	if !strings.Contains(string(out), want) {
		t.Errorf("second run summary = %q, want %q", out, want)
	}
	checkComplete(t, db, n)
}

// countArticles reads the number of stored articles from another process's
// database, read-only; -1 when it cannot be read yet.
func countArticles(path string) int {
	if _, err := os.Stat(path); err != nil {
		return -1
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		return -1
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT COUNT(*) FROM articles`).Scan(&n); err != nil {
		return -1
	}
	return n
}

// TestIngestFeedAndPage ingests a web page and an RSS feed served by a local
// HTTP server: the feed's item links are followed, a page given twice is
// stored once, and an item with neither page nor content is a failure.
func TestIngestFeedAndPage(t *testing.T) {
	fixtures := filepath.Join("..", "ingest", "testdata", "feeds")
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := filepath.Base(r.URL.Path)
		data, err := os.ReadFile(filepath.Join(fixtures, name))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		if strings.HasSuffix(name, ".xml") {
			w.Header().Set("Content-Type", "application/rss+xml")
		} else {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
		}
		w.Write([]byte(strings.ReplaceAll(string(data), "http://HOST", srv.URL)))
	}))
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "feed.db")
	out, errs, code := runSitrep(t, "ingest", "-q", "--db", db, "--feed", srv.URL+"/rss.xml", srv.URL+"/news/protest.html")
	if code != 1 {
		t.Errorf("exit status = %d, want 1 (one item failed); stderr %s", code, errs)
	}
	if !strings.Contains(out, "3 new, 0 updated, 1 unchanged, 1 failed") {
		t.Errorf("summary = %q, want 3 new, 1 unchanged, 1 failed", out)
	}
	checkComplete(t, db, 3)
	st, err := sqlite.Open(context.Background(), db, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	hits, err := st.Search(context.Background(), "market", 5)
	if err != nil || len(hits) != 1 || hits[0].Title != "Shelling hits market in northern town" {
		t.Errorf("search market = %+v, %v; want the shelling page", hits, err)
	}
	fails, _ := st.Failures(context.Background())
	if len(fails) != 1 || !strings.Contains(fails[0].Reason, "404") {
		t.Errorf("failures = %+v, want the 404 item", fails)
	}
}

func TestIngestStoreFailureGoesOn(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	os.Mkdir(in, 0o755)
	writeArticles(t, in, 5)
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(dir, "s.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	p, err := pipeline.New()
	if err != nil {
		t.Fatal(err)
	}
	ing := &Ingester{Store: rejectStore{Store: st, reject: "art002"}, Pipeline: p, Log: slog.New(slog.DiscardHandler), Workers: 2,
		Options: ingest.Options{Defaults: model.Article{Published: "2024-03-04"}}}
	sum, err := ing.Run(ctx, []string{in}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.New != 4 || sum.Failed != 1 {
		t.Errorf("summary = %+v, want 4 new and 1 failed", sum)
	}
	fails, _ := st.Failures(ctx)
	if len(fails) != 1 || !strings.Contains(fails[0].Input, "art002") || !strings.Contains(fails[0].Reason, "rejected") {
		t.Errorf("failures = %+v, want art002 rejected", fails)
	}
	if _, err := st.FindArticle(ctx, "art002", "", ""); err == nil {
		t.Error("the rejected article was stored")
	}
}

// rejectStore rolls back the transaction of one article.
type rejectStore struct {
	store.Store
	reject string
}

func (r rejectStore) Update(ctx context.Context, fn func(store.Tx) error) error {
	return r.Store.Update(ctx, func(tx store.Tx) error {
		return fn(rejectTx{Tx: tx, reject: r.reject})
	})
}

type rejectTx struct {
	store.Tx
	reject string
}

func (r rejectTx) PutArticle(ctx context.Context, a store.Article) ([]string, error) {
	if a.ID == r.reject {
		return nil, fmt.Errorf("article %s rejected", a.ID)
	}
	return r.Tx.PutArticle(ctx, a)
}
