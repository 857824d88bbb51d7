package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
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
	fs.Usage = func() {
		fmt.Fprintln(stdio.Err, "usage: sitrep analyze [--published DATE] [--source NAME] [--url URL] [FILE|DIR ... | -]")
		fmt.Fprintln(stdio.Err, "Reads .txt, .html, .json and .jsonl files (or standard input) and writes one JSON line per article.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errUsage
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
	for _, path := range paths {
		for a, err := range ingest.ReadPath(ctx, path, opt) {
			if err != nil {
				prog.clear()
				fmt.Fprintf(stdio.Err, "sitrep analyze: %v\n", err)
				failed++
				if ctx.Err() != nil {
					return ctx.Err()
				}
				continue
			}
			an, err := p.Analyze(ctx, a)
			done++
			prog.tick(done, failed)
			if err != nil {
				prog.clear()
				fmt.Fprintf(stdio.Err, "sitrep analyze: %s: %v\n", a.ID, err)
				failed++
				continue
			}
			if err := enc.Encode(an); err != nil {
				return fmt.Errorf("write output: %w", err)
			}
		}
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
