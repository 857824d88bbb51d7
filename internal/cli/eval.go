package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"

	"github.com/sitrep/sitrep/internal/eval"
	"github.com/sitrep/sitrep/internal/ingest"
	"github.com/sitrep/sitrep/internal/model"
	"github.com/sitrep/sitrep/internal/pipeline"
)

// runEval scores events against gold files (spec §4). It exits 0 whatever the
// score: failures are part of the report. Only unreadable input is an error.
func runEval(ctx context.Context, stdio Stdio, args []string) error {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(stdio.Err)
	goldDir := fs.String("gold", "", "directory of *.gold.json files (required)")
	predPath := fs.String("pred", "", "JSON lines of analyses (sitrep analyze output); default: analyse the gold articles now")
	verbose := fs.Bool("v", false, "also print every matched pair with its attribute grades")
	clusters := fs.Bool("clusters", false, "also fuse the events across articles and score the clusters against the gold cluster fields (pairwise precision, recall, F1)")
	fs.Usage = func() {
		fmt.Fprintln(stdio.Err, "usage: sitrep eval --gold DIR [--pred FILE.jsonl] [-v]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errUsage
	}
	if *goldDir == "" || fs.NArg() > 0 {
		fs.Usage()
		return errUsage
	}
	golds, err := eval.LoadGold(*goldDir)
	if err != nil {
		return err
	}
	var preds map[string]model.Analysis
	if *predPath != "" {
		preds, err = eval.ReadPredictionsFile(*predPath)
		if err != nil {
			return err
		}
		inGold := map[string]bool{}
		for _, g := range golds {
			inGold[g.Article.ID] = true
		}
		extra := 0
		for id := range preds {
			if !inGold[id] {
				extra++
			}
		}
		if extra > 0 {
			fmt.Fprintf(stdio.Err, "sitrep eval: %d analyses in %s have no gold file; ignored\n", extra, *predPath)
		}
	} else {
		p, err := pipeline.New()
		if err != nil {
			return fmt.Errorf("load pipeline: %w", err)
		}
		preds = make(map[string]model.Analysis, len(golds))
		for _, g := range golds {
			if err := ctx.Err(); err != nil {
				return err
			}
			a := g.Article
			if a.Text == "" && a.HTML != "" {
				ex, err := ingest.ExtractHTML(a.HTML, a.URL)
				if err != nil {
					return fmt.Errorf("gold %s: %w", a.ID, err)
				}
				a.Text, a.HTML = ex.Text, ""
			}
			an, err := p.Analyze(ctx, a)
			if err != nil {
				fmt.Fprintf(stdio.Err, "sitrep eval: %s: %v\n", g.Article.ID, err)
				an = model.Analysis{ArticleID: g.Article.ID, Error: err.Error()}
			}
			preds[g.Article.ID] = an
		}
	}
	if *clusters {
		if err := writeClusterScore(ctx, stdio.Out, golds, preds); err != nil {
			return err
		}
	}
	r := eval.Score(golds, preds)
	if *verbose {
		r.WriteDetails(stdio.Out)
	}
	r.Write(stdio.Out)
	return nil
}
