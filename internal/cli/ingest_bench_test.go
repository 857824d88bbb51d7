package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/sitrep/sitrep/data/samples"
	"github.com/sitrep/sitrep/internal/benchclock"
	"github.com/sitrep/sitrep/internal/eval"
	"github.com/sitrep/sitrep/internal/fuse"
	"github.com/sitrep/sitrep/internal/ingest"
	"github.com/sitrep/sitrep/internal/model"
	"github.com/sitrep/sitrep/internal/pipeline"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/store/sqlite"
)

// benchArticles are real-length conflict reports: the embedded samples and,
// when present, the dev gold articles.
func benchArticles(b *testing.B) []model.Article {
	arts, err := samples.Articles()
	if err != nil {
		b.Fatal(err)
	}
	if wd, err := os.Getwd(); err == nil {
		if golds, err := eval.LoadGold(filepath.Join(wd, "..", "..", "..", "shared", "gold", "dev")); err == nil {
			for _, g := range golds {
				if g.Article.Text != "" {
					arts = append(arts, g.Article)
				}
			}
		}
	}
	return arts
}

// variant makes article a new (a distinct id and text) for round i.
func variant(a model.Article, i int) model.Article {
	a.ID = fmt.Sprintf("%s-r%d", a.ID, i)
	if a.URL != "" {
		a.URL = fmt.Sprintf("%s?r=%d", a.URL, i)
	}
	a.Text += fmt.Sprintf("\n\nUpdated report %d.", i)
	return a
}

// benchIngester is an ingester with the embedded pipeline, GOMAXPROCS
// workers and a new SQLite store in a temporary folder, which it returns.
func benchIngester(b *testing.B) (*Ingester, string) {
	p, err := pipeline.New()
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	st, err := sqlite.Open(context.Background(), filepath.Join(dir, "bench.db"), nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	return &Ingester{Store: st, Pipeline: p, Log: slog.New(slog.DiscardHandler), Workers: runtime.GOMAXPROCS(0), Fetcher: ingest.NewFetcher(nil)}, dir
}

// writeRounds writes the variants of rounds [from, to) of arts to a JSON
// lines file at path.
func writeRounds(b *testing.B, path string, arts []model.Article, from, to int) {
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	enc := json.NewEncoder(f)
	for round := from; round < to; round++ {
		for _, a := range arts {
			if err := enc.Encode(variant(a, round)); err != nil {
				b.Fatal(err)
			}
		}
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkIngestSQLite measures sitrep ingest end to end into SQLite:
// reading JSON lines, full analysis on GOMAXPROCS workers, near-duplicate
// linking, event fusion and storing. Each iteration is one ingest run of
// one round of the articles (each a new variant), into a store that keeps
// the earlier rounds: every round's copies join the clusters of the
// earlier ones, which grow with b.N.
func BenchmarkIngestSQLite(b *testing.B) {
	arts := benchArticles(b)
	ing, dir := benchIngester(b)
	n := 0
	round := 0
	var cpu time.Duration
	for b.Loop() {
		b.StopTimer()
		path := filepath.Join(dir, fmt.Sprintf("round%d.jsonl", round))
		writeRounds(b, path, arts, round, round+1)
		round++
		b.StartTimer()
		cpu0 := benchclock.Process()
		sum, err := ing.Run(context.Background(), []string{path}, nil)
		cpu += benchclock.Process() - cpu0
		if err != nil {
			b.Fatal(err)
		}
		if sum.New != len(arts) {
			b.Fatalf("new articles = %d, want %d (failed %d)", sum.New, len(arts), sum.Failed)
		}
		n += sum.New
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "articles/s")
	b.ReportMetric(cpu.Seconds()*1000/float64(n), "cpu-ms/article")
}

// BenchmarkIngestSQLiteOneRun is BenchmarkIngestSQLite with all b.N rounds
// in one JSON lines file and one ingest run, as a large input is ingested:
// no run starts or ends between rounds.
func BenchmarkIngestSQLiteOneRun(b *testing.B) {
	arts := benchArticles(b)
	ing, dir := benchIngester(b)
	path := filepath.Join(dir, "rounds.jsonl")
	writeRounds(b, path, arts, 0, b.N)
	b.ResetTimer()
	cpu0 := benchclock.Process()
	sum, err := ing.Run(context.Background(), []string{path}, nil)
	cpu := benchclock.Process() - cpu0
	b.StopTimer()
	if err != nil {
		b.Fatal(err)
	}
	if n := b.N * len(arts); sum.New != n {
		b.Fatalf("new articles = %d, want %d (failed %d)", sum.New, n, sum.Failed)
	}
	b.ReportMetric(float64(sum.New)/b.Elapsed().Seconds(), "articles/s")
	b.ReportMetric(cpu.Seconds()*1000/float64(sum.New), "cpu-ms/article")
}

// BenchmarkStoreSQLite measures what ingest adds to the analysis: content
// hash, MinHash, near-duplicate look-up, event fusion and the transaction
// per article, on pre-analysed articles.
func BenchmarkStoreSQLite(b *testing.B) {
	arts := benchArticles(b)
	p, err := pipeline.New()
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	analyses := make([]model.Analysis, len(arts))
	for i, a := range arts {
		if analyses[i], err = p.Analyze(ctx, a); err != nil {
			b.Fatal(err)
		}
	}
	st, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bench.db"), nil)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	fu := fuse.New()
	n := 0
	for i := 0; b.Loop(); i++ {
		k := i % len(arts)
		a := variant(arts[k], i)
		an := analyses[k]
		an.ArticleID = a.ID
		// Each round is another week of news: the events of a round
		// cluster with each other, not with every earlier round.
		an.Events = shiftDates(an.Events, 7*(i/len(arts)))
		if t, err := time.Parse("2006-01-02", a.Published[:min(10, len(a.Published))]); err == nil {
			a.Published = t.AddDate(0, 0, 7*(i/len(arts))).Format("2006-01-02")
			an.Published = a.Published
		}
		rec := store.Article{Article: a, Analysis: an}
		fuse.Prepare(&rec)
		if err := st.Update(ctx, func(tx store.Tx) error {
			_, err := fu.Add(ctx, tx, rec)
			return err
		}); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "articles/s")
}

// shiftDates moves day-precise event dates days later.
func shiftDates(evs []model.Event, days int) []model.Event {
	out := make([]model.Event, len(evs))
	for i, e := range evs {
		if t, err := time.Parse("2006-01-02", e.Date); err == nil {
			e.Date = t.AddDate(0, 0, days).Format("2006-01-02")
		}
		out[i] = e
	}
	return out
}
