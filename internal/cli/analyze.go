package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"iter"
	"os"
	"runtime"
	"sync"
	"time"

	"golang.org/x/term"

	"github.com/sitrep/sitrep/internal/ingest"
	"github.com/sitrep/sitrep/internal/model"
	"github.com/sitrep/sitrep/internal/pipeline"
)

// runAnalyze reads articles (files, directories, JSON lines or standard
// input) and writes one analysis per article as a JSON line. A failure on one
// input is reported on standard error and the run goes on; the exit status
// is non-zero when anything failed.
func runAnalyze(ctx context.Context, stdio Stdio, args []string) error {
	fs := flag.NewFlagSet("analyze", flag.ContinueOnError)
	fs.SetOutput(stdio.Err)
	published := fs.String("published", "", "publication date (YYYY-MM-DD or RFC 3339) for articles that lack one")
	source := fs.String("source", "", "outlet name or domain for articles that lack one")
	url := fs.String("url", "", "canonical address for articles that lack one")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "articles analysed at once (output keeps the input order)")
	fs.Usage = func() {
		fmt.Fprintln(stdio.Err, "usage: sitrep analyze [--published DATE] [--source NAME] [--url URL] [--workers N] [FILE|DIR ... | -]")
		fmt.Fprintln(stdio.Err, "Reads .txt, .html, .json and .jsonl files (or standard input) and writes one JSON line per article, in input order.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errUsage
	}
	if *workers < 1 {
		return fmt.Errorf("--workers: want at least 1, got %d", *workers)
	}
	if *published != "" {
		if err := ingest.CheckPublished(*published); err != nil {
			return fmt.Errorf("--published: %w", err)
		}
	}
	paths := fs.Args()
	if len(paths) == 0 {
		paths = []string{"-"}
	}
	p, err := pipeline.New()
	if err != nil {
		return fmt.Errorf("load pipeline: %w", err)
	}
	opt := ingest.Options{
		Defaults: model.Article{Published: *published, Source: *source, URL: *url},
		Stdin:    stdio.In,
		Warn:     func(err error) { fmt.Fprintf(stdio.Err, "sitrep analyze: warning: %v\n", err) },
	}
	out := bufio.NewWriter(stdio.Out)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	failed, done := 0, 0
	prog := newAnalyzeProgress(stdio.Err)
	for j := range analyseAll(ctx, p, paths, opt, *workers) {
		if j.readErr != nil {
			prog.clear()
			fmt.Fprintf(stdio.Err, "sitrep analyze: %v\n", j.readErr)
			failed++
			continue
		}
		done++
		prog.tick(done, failed)
		if j.err != nil {
			prog.clear()
			fmt.Fprintf(stdio.Err, "sitrep analyze: %s: %v\n", j.article.ID, j.err)
			failed++
			continue
		}
		if err := enc.Encode(j.an); err != nil {
			return fmt.Errorf("write output: %w", err)
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := out.Flush(); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	prog.finish(done, failed)
	if failed > 0 {
		fmt.Fprintf(stdio.Err, "sitrep analyze: %d input(s) failed\n", failed)
		return errFailed
	}
	return nil
}

// analyseJob is one input of analyseAll: an article read (or the reason it
// could not be), then its analysis once done is closed.
type analyseJob struct {
	article model.Article
	readErr error
	an      model.Analysis
	err     error
	done    chan struct{}
}

// analyseAll reads every path and analyses the articles on a pool of
// workers, yielding them in input order; at most a few articles per worker
// are held at once. It stops reading when ctx ends or the caller stops.
func analyseAll(ctx context.Context, p *pipeline.Pipeline, paths []string, opt ingest.Options, workers int) iter.Seq[*analyseJob] {
	return func(yield func(*analyseJob) bool) {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		work := make(chan *analyseJob, workers)
		order := make(chan *analyseJob, 4*workers)
		go func() {
			defer close(order)
			defer close(work)
			for _, path := range paths {
				for a, err := range ingest.ReadPath(ctx, path, opt) {
					j := &analyseJob{article: a, readErr: err, done: make(chan struct{})}
					if err != nil {
						close(j.done)
					}
					select {
					case order <- j:
					case <-ctx.Done():
						return
					}
					if err != nil {
						if ctx.Err() != nil {
							return
						}
						continue
					}
					select {
					case work <- j:
					case <-ctx.Done():
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
				for j := range work {
					j.an, j.err = p.Analyze(ctx, j.article)
					close(j.done)
				}
			}()
		}
		defer wg.Wait()
		for j := range order {
			<-j.done
			if ctx.Err() != nil || !yield(j) {
				cancel()
				for j := range order {
					_ = j // drain so that the reader can finish
				}
				return
			}
		}
	}
}

// analyzeProgress shows, on a terminal only, how many articles have been
// analysed; standard output stays pure JSON lines.
type analyzeProgress struct {
	w     io.Writer
	on    bool
	start time.Time
	last  time.Time
	shown bool
}

func newAnalyzeProgress(w io.Writer) *analyzeProgress {
	on := false
	if f, ok := w.(*os.File); ok {
		on = term.IsTerminal(int(f.Fd()))
	}
	return &analyzeProgress{w: w, on: on, start: time.Now()}
}

func (p *analyzeProgress) tick(done, failed int) {
	if !p.on || time.Since(p.last) < 200*time.Millisecond {
		return
	}
	p.last = time.Now()
	rate := float64(done) / max(time.Since(p.start).Seconds(), 1e-9)
	fmt.Fprintf(p.w, "\r\x1b[Kanalysed %d article(s), %d failed, %.0f/s", done, failed, rate)
	p.shown = true
}

// clear removes the status line before an error message is printed.
func (p *analyzeProgress) clear() {
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.shown = false
	}
}

func (p *analyzeProgress) finish(done, failed int) {
	if p.on {
		p.clear()
		fmt.Fprintf(p.w, "sitrep analyze: %d article(s) analysed, %d failed, in %.1fs\n", done, failed, time.Since(p.start).Seconds())
	}
}
