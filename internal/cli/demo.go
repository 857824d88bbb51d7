package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/sitrep/sitrep/data/samples"
	"github.com/sitrep/sitrep/internal/model"
	"github.com/sitrep/sitrep/internal/pipeline"
)

// runDemo analyses the sample articles embedded in the binary and prints a
// readable report: one table of events, then each article's credibility.
func runDemo(ctx context.Context, stdio Stdio, args []string) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(stdio.Err)
	fs.Usage = func() {
		fmt.Fprintln(stdio.Err, "usage: sitrep demo")
		fmt.Fprintln(stdio.Err, "Analyses the sample articles built into sitrep and prints their events and credibility.")
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errUsage
	}
	arts, err := samples.Articles()
	if err != nil {
		return fmt.Errorf("load samples: %w", err)
	}
	p, err := pipeline.New()
	if err != nil {
		return fmt.Errorf("load pipeline: %w", err)
	}
	var ans []model.Analysis
	for _, a := range arts {
		an, err := p.Analyze(ctx, a)
		if err != nil {
			return fmt.Errorf("%s: %w", a.ID, err)
		}
		ans = append(ans, an)
	}
	writeDemo(stdio.Out, arts, ans)
	return nil
}

func writeDemo(w io.Writer, arts []model.Article, ans []model.Analysis) {
	fmt.Fprintf(w, "sitrep demo: %d sample articles analysed\n\n", len(ans))
	fmt.Fprintln(w, "EVENTS")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "article\tdate\tplace\twho → whom\ttype\tCAMEO\tkilled\tmodality")
	for _, an := range ans {
		for _, ev := range an.Events {
			place := "?"
			if ev.Location != nil {
				place = ev.Location.Name
				if ev.Location.Country != "" {
					place += " (" + ev.Location.Country + ")"
				}
			}
			kind := ev.SubEventType
			if kind == "" {
				kind = ev.PLOVER
			}
			killed := "-"
			if ev.Fatalities != nil {
				killed = fmt.Sprint(ev.Fatalities.Best)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s → %s\t%s\t%s\t%s\t%s\n", short(an.ArticleID, 18), ev.Date, short(place, 24),
				actorName(ev.Actor1), actorName(ev.Actor2), kind, ev.CAMEO, killed, ev.Modality)
		}
	}
	tw.Flush()
	fmt.Fprintln(w, "\nCREDIBILITY")
	for i, an := range ans {
		c := an.Credibility
		fmt.Fprintf(w, "\n%s — %s (%s, %s)\n", an.ArticleID, arts[i].Title, an.Source, an.Published)
		fmt.Fprintf(w, "  score %.2f: %s\n", c.Score, c.Label)
		if c.SourceRating != nil {
			fmt.Fprintf(w, "  outlet: %s — %s (%s)\n", c.SourceRating.Outlet, c.SourceRating.Reliability, c.SourceRating.Reason)
		}
		for _, e := range c.Explanation {
			fmt.Fprintf(w, "  - %s\n", e)
		}
		for _, l := range c.Labels {
			var terms []string
			for t, n := range l.Terms {
				terms = append(terms, fmt.Sprintf("%q×%d", t, n))
			}
			if len(terms) > 0 {
				name := l.Actor
				if name == "" {
					name = "(unattributed)"
				}
				fmt.Fprintf(w, "  labels for %s: %s\n", name, strings.Join(sortedStrings(terms), ", "))
			}
		}
	}
}

func actorName(a *model.Actor) string {
	if a == nil {
		return "—"
	}
	return short(a.Name, 30)
}

func short(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
