package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/sitrep/sitrep/internal/fuse"
	"github.com/sitrep/sitrep/internal/ingest"
	"github.com/sitrep/sitrep/internal/model"
	"github.com/sitrep/sitrep/internal/pipeline"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/store/postgres"
	"github.com/sitrep/sitrep/internal/store/sqlite"
	"golang.org/x/term"
)

// storeFlags are the flags that choose a store.
type storeFlags struct {
	db, pg *string
}

func addStoreFlags(fs *flag.FlagSet) storeFlags {
	return storeFlags{
		db: fs.String("db", "sitrep.db", "SQLite database file"),
		pg: fs.String("postgres", "", "PostgreSQL DSN (postgres://...); used instead of --db when given"),
	}
}

func (f storeFlags) open(ctx context.Context, log *slog.Logger) (store.Store, error) {
	if *f.pg != "" {
		return postgres.Open(ctx, *f.pg, log)
	}
	return sqlite.Open(ctx, *f.db, log)
}

// IngestSummary counts what one ingest run did.
type IngestSummary struct {
	New, Updated, Unchanged, Failed int
	Events                          int
	Clusters                        map[string]bool // clusters created or changed
	NewClusters                     int
}

// runIngest reads articles from files, directories, web pages and feeds,
// analyses the new ones, fuses their events and stores everything.
func runIngest(ctx context.Context, stdio Stdio, args []string) error {
	fs := flag.NewFlagSet("ingest", flag.ContinueOnError)
	fs.SetOutput(stdio.Err)
	sf := addStoreFlags(fs)
	var feeds multiFlag
	fs.Var(&feeds, "feed", "RSS or Atom feed URL; its item links are fetched (repeatable)")
	published := fs.String("published", "", "publication date (YYYY-MM-DD or RFC 3339) for articles that lack one")
	source := fs.String("source", "", "outlet name or domain for articles that lack one")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "analysis workers")
	quiet := fs.Bool("q", false, "no progress output")
	verbose := fs.Bool("v", false, "log every article")
	fs.Usage = func() {
		fmt.Fprintln(stdio.Err, "usage: sitrep ingest [--db sitrep.db | --postgres DSN] [--feed URL]... [PATH|URL ...]")
		fmt.Fprintln(stdio.Err, "Stores articles (.txt, .html, .json, .jsonl files, directories, web pages, feeds) with their events and clusters.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errUsage
	}
	if fs.NArg() == 0 && len(feeds) == 0 {
		fs.Usage()
		return errUsage
	}
	if *published != "" {
		if err := ingest.CheckPublished(*published); err != nil {
			return fmt.Errorf("--published: %w", err)
		}
	}
	level := slog.LevelWarn
	if *verbose {
		level = slog.LevelInfo
	}
	log := slog.New(slog.NewTextHandler(stdio.Err, &slog.HandlerOptions{Level: level}))
	st, err := sf.open(ctx, log)
	if err != nil {
		return err
	}
	defer st.Close()
	p, err := pipeline.New()
	if err != nil {
		return fmt.Errorf("load pipeline: %w", err)
	}
	ing := &Ingester{
		Store: st, Pipeline: p, Log: log, Workers: *workers,
		Options: ingest.Options{
			Defaults: model.Article{Published: *published, Source: *source},
			Stdin:    stdio.In,
			Warn:     func(err error) { log.Warn("input repaired", "err", err) },
		},
		Fetcher: ingest.NewFetcher(nil),
	}
	var prog *progress
	if !*quiet {
		prog = newProgress(stdio.Err)
		ing.Progress = prog.update
	}
	sum, err := ing.Run(ctx, fs.Args(), feeds)
	if prog != nil {
		prog.done()
	}
	stats, serr := st.Stats(ctx)
	fmt.Fprintf(stdio.Out, "articles: %d new, %d updated, %d unchanged, %d failed\n", sum.New, sum.Updated, sum.Unchanged, sum.Failed)
	fmt.Fprintf(stdio.Out, "events: %d stored; clusters: %d new, %d changed\n", sum.Events, sum.NewClusters, len(sum.Clusters)-sum.NewClusters)
	if serr == nil {
		fmt.Fprintf(stdio.Out, "store: %d articles, %d events, %d clusters, %d failures recorded\n", stats.Articles, stats.Events, stats.Clusters, stats.Failures)
	}
	if err != nil {
		return err
	}
	if sum.Failed > 0 {
		return errFailed
	}
	return nil
}

// multiFlag is a repeatable string flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(s string) error { *m = append(*m, s); return nil }

// Ingester stores articles: reading, analysis on a pool of workers, then one
// writer that fuses and stores the analysed articles, each with all its
// events and clusters in one transaction (several articles share one when
// the writer lags behind the workers).
type Ingester struct {
	Store    store.Store
	Pipeline *pipeline.Pipeline
	Fetcher  *ingest.Fetcher
	Options  ingest.Options
	Log      *slog.Logger
	Workers  int
	// Progress, when set, is called by the writer after each article with
	// the number of inputs done and the estimated total (0 when unknown).
	Progress func(done, total int, sum *IngestSummary)
}

type item struct {
	input string
	art   model.Article
	err   error
	prior store.Known // the stored article this one replaces, when any
	an    model.Analysis
	rec   store.Article
}

// Run ingests every input (paths, page URLs) and feed.
func (ing *Ingester) Run(ctx context.Context, inputs, feeds []string) (IngestSummary, error) {
	sum := IngestSummary{Clusters: map[string]bool{}}
	workers := max(ing.Workers, 1)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	read := make(chan item, 4*workers)
	analysed := make(chan item, 4*workers)
	go func() {
		defer close(read)
		send := func(it item) bool {
			select {
			case read <- it:
				return true
			case <-ctx.Done():
				return false
			}
		}
		for _, in := range inputs {
			if ingest.IsURL(in) {
				a, err := ing.Fetcher.Page(ctx, in, ing.Options)
				if !send(item{input: in, art: a, err: err}) {
					return
				}
				continue
			}
			for a, err := range ingest.ReadPath(ctx, in, ing.Options) {
				if !send(item{input: in, art: a, err: err}) {
					return
				}
			}
		}
		for _, f := range feeds {
			for a, err := range ing.Fetcher.Feed(ctx, f, ing.Options) {
				if !send(item{input: f, art: a, err: err}) {
					return
				}
			}
		}
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range read {
				ing.analyse(ctx, &it)
				select {
				case analysed <- it:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() { wg.Wait(); close(analysed) }()

	total := 0
	if ing.Progress != nil {
		total = countInputs(inputs)
	}
	f := fuse.New()
	done := 0
	var fatal error
	batch := make([]item, 0, maxBatch)
	for it := range analysed {
		if fatal != nil {
			continue
		}
		// Take what else the workers finish within batchWait: commits
		// cost the writer more than the articles' rows, so several
		// articles share one transaction.
		batch = append(batch[:0], it)
		wait := time.NewTimer(batchWait)
	more:
		for len(batch) < maxBatch {
			select {
			case it, ok := <-analysed:
				if !ok {
					break more
				}
				batch = append(batch, it)
			case <-wait.C:
				break more
			}
		}
		wait.Stop()
		if err := ing.writeBatch(ctx, f, batch, &sum, func() {
			done++
			if ing.Progress != nil {
				ing.Progress(done, max(total, done), &sum)
			}
		}); err != nil {
			fatal = err
			cancel()
		}
	}
	if fatal != nil {
		return sum, fatal
	}
	return sum, ctx.Err()
}

// maxBatch is the most articles stored in one transaction, batchWait how
// long the writer waits for more before it writes a smaller batch. A crash
// loses at most the batch being written; the next run stores it again.
const (
	maxBatch  = 16
	batchWait = 20 * time.Millisecond
)

// analyse checks whether the article is already stored and, when it is new
// or changed, analyses it and computes its fingerprints.
func (ing *Ingester) analyse(ctx context.Context, it *item) {
	if it.err != nil {
		return
	}
	a := it.art
	hash := fuse.ContentHash(a.Text)
	k, err := ing.Store.FindArticle(ctx, a.ID, hash, a.URL)
	switch {
	case err == nil && k.Hash == hash:
		it.prior = k
		return // unchanged: nothing to do
	case err == nil:
		it.prior = k
	case !errors.Is(err, store.ErrNotFound):
		it.err = err
		return
	}
	an, err := ing.Pipeline.Analyze(ctx, a)
	if err != nil {
		it.err = fmt.Errorf("%s: %w", a.ID, err)
		return
	}
	it.an = an
	it.rec = store.Article{Article: a, Hash: hash, Analysis: an}
	fuse.Prepare(&it.rec)
}

// writeBatch stores analysed articles: failures are recorded, unchanged
// articles skipped, and the others fused and stored together in one
// transaction. When that transaction fails, each article is written again
// in its own, so that one bad article does not keep the others out.
// stored is called after each input is done with.
func (ing *Ingester) writeBatch(ctx context.Context, f *fuse.Fuser, batch []item, sum *IngestSummary, stored func()) error {
	var todo []*item
	for i := range batch {
		it := &batch[i]
		if it.err != nil || it.rec.ID == "" {
			if err := ing.write(ctx, f, it, sum); err != nil {
				return err
			}
			stored()
			continue
		}
		todo = append(todo, it)
	}
	if len(todo) == 0 {
		return nil
	}
	if len(todo) > 1 {
		res := make([]fuse.Result, len(todo))
		put := make([]bool, len(todo))
		err := ing.Store.Update(ctx, func(tx store.Tx) error {
			for i, it := range todo {
				var err error
				res[i], put[i], err = ing.add(ctx, f, tx, it)
				if err != nil {
					return err
				}
			}
			return nil
		})
		if err == nil {
			for i, it := range todo {
				ing.count(sum, it, put[i], res[i])
				stored()
			}
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		// Rolled back: nothing of the batch is stored. Try one by one.
	}
	for _, it := range todo {
		if err := ing.write(ctx, f, it, sum); err != nil {
			return err
		}
		stored()
	}
	return nil
}

// write records a failure, skips an unchanged article, or fuses and stores
// the article in one transaction.
func (ing *Ingester) write(ctx context.Context, f *fuse.Fuser, it *item, sum *IngestSummary) error {
	if it.err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		name := it.input
		if it.art.ID != "" && !strings.Contains(it.err.Error(), it.art.ID) {
			name += " (" + it.art.ID + ")"
		}
		sum.Failed++
		ing.Log.Warn("input failed", "input", name, "err", it.err)
		return ing.Store.RecordFailure(ctx, name, it.err.Error())
	}
	if it.rec.ID == "" {
		sum.Unchanged++
		return nil
	}
	var res fuse.Result
	var put bool
	err := ing.Store.Update(ctx, func(tx store.Tx) error {
		var err error
		res, put, err = ing.add(ctx, f, tx, it)
		return err
	})
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		// The transaction was rolled back: nothing of the article is
		// stored. Record it and go on; a store that fails to record the
		// failure too is broken, and the run stops.
		id := it.record().ID
		sum.Failed++
		ing.Log.Warn("store failed", "article_id", id, "err", err)
		if rerr := ing.Store.RecordFailure(ctx, it.input+" ("+id+")", "store: "+err.Error()); rerr != nil {
			return fmt.Errorf("store %s: %w (and recording the failure: %v)", id, err, rerr)
		}
		return nil
	}
	ing.count(sum, it, put, res)
	return nil
}

// add fuses and stores one analysed article inside tx, unless an
// identical article is stored already (put is then false).
func (ing *Ingester) add(ctx context.Context, f *fuse.Fuser, tx store.Tx, it *item) (res fuse.Result, put bool, err error) {
	// Check again, inside the transaction: an identical article may have
	// been stored by this run after the worker looked.
	k, err := tx.FindArticle(ctx, it.rec.ID, it.rec.Hash, "")
	if err == nil && k.Hash == it.rec.Hash {
		return fuse.Result{}, false, nil
	}
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return fuse.Result{}, false, err
	}
	res, err = f.Add(ctx, tx, it.record())
	if err != nil {
		return fuse.Result{}, false, err
	}
	return res, true, nil
}

// record is what is stored for an analysed item.
func (it *item) record() store.Article {
	rec := it.rec
	if it.prior.ID != "" && it.prior.ID != rec.ID && it.prior.URL == rec.URL && rec.URL != "" {
		// Same address, new text: the stored article is updated in place.
		rec.ID = it.prior.ID
		rec.Analysis.ArticleID = rec.ID
	}
	return rec
}

// count adds what storing one article did to the summary.
func (ing *Ingester) count(sum *IngestSummary, it *item, put bool, res fuse.Result) {
	if !put {
		sum.Unchanged++
		return
	}
	if it.prior.ID != "" {
		sum.Updated++
	} else {
		sum.New++
	}
	sum.Events += res.Events
	sum.NewClusters += res.New
	for _, c := range res.Clusters {
		sum.Clusters[c] = true
	}
	ing.Log.Info("stored", "article_id", it.record().ID, "origin", res.Origin, "events", res.Events, "clusters", len(res.Clusters))
}

// countInputs estimates how many articles the inputs hold: one per file
// or URL, one per non-empty line of a JSON lines file.
func countInputs(inputs []string) int {
	n := 0
	for _, in := range inputs {
		if ingest.IsURL(in) || in == "-" {
			n++
			continue
		}
		filepath.WalkDir(in, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if p != in && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				return nil
			}
			switch strings.ToLower(filepath.Ext(p)) {
			case ".jsonl":
				if data, err := os.ReadFile(p); err == nil {
					for line := range bytes.Lines(data) {
						if len(bytes.TrimSpace(line)) > 0 {
							n++
						}
					}
				}
			case ".txt", ".html", ".htm", ".json":
				n++
			default:
				if p == in {
					n++
				}
			}
			return nil
		})
	}
	return n
}

// progress draws a status line on a terminal, or prints a plain line every
// few seconds otherwise.
type progress struct {
	w     io.Writer
	tty   bool
	start time.Time
	last  time.Time
	n     int
	total int
	sum   IngestSummary
}

func newProgress(w io.Writer) *progress {
	tty := false
	if f, ok := w.(*os.File); ok {
		tty = term.IsTerminal(int(f.Fd()))
	}
	return &progress{w: w, tty: tty, start: time.Now()}
}

func (p *progress) update(done, total int, sum *IngestSummary) {
	p.n, p.total, p.sum = done, total, *sum
	now := time.Now()
	every := 5 * time.Second
	if p.tty {
		every = 100 * time.Millisecond
	}
	if now.Sub(p.last) < every {
		return
	}
	p.last = now
	p.draw(false)
}

func (p *progress) draw(final bool) {
	el := time.Since(p.start).Seconds()
	rate := 0.0
	if el > 0 {
		rate = float64(p.n) / el
	}
	s := p.sum
	line := fmt.Sprintf("%d/%d articles (%d new, %d updated, %d unchanged, %d failed), %d events, %.0f/s",
		p.n, p.total, s.New, s.Updated, s.Unchanged, s.Failed, s.Events, rate)
	if !p.tty {
		fmt.Fprintln(p.w, "ingest:", line)
		return
	}
	const width = 30
	spin := `|/-\`[p.n%4]
	filled := 0
	if p.total > 0 {
		filled = min(width, width*p.n/p.total)
	}
	bar := strings.Repeat("#", filled) + strings.Repeat("-", width-filled)
	end := ""
	if final {
		spin, end = ' ', "\n"
	}
	fmt.Fprintf(p.w, "\r\x1b[K%c [%s] %s%s", spin, bar, line, end)
}

func (p *progress) done() {
	if p.n > 0 || p.tty {
		p.draw(true)
	}
}
