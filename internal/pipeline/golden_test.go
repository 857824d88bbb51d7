package pipeline_test

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/internal/model"
	"github.com/sitrep/sitrep/internal/pipeline"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

// TestGoldenEvents analyses short reports we wrote (testdata/articles/*.txt)
// and compares a readable summary of their events with testdata/*.golden.
func TestGoldenEvents(t *testing.T) {
	p, err := pipeline.New()
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join("testdata", "articles", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no test articles: %v", err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".txt")
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			an, err := p.Analyze(context.Background(), model.Article{ID: name, Text: string(b), Published: "2024-05-08"})
			if err != nil {
				t.Fatal(err)
			}
			got := summarise(an)
			golden := filepath.Join("testdata", name+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("events of %s changed:\n--- got\n%s\n--- want\n%s", name, got, want)
			}
			checkOffsets(t, string(b), an)
		})
	}
}

func summarise(an model.Analysis) string {
	var b bytes.Buffer
	name := func(a *model.Actor) string {
		if a == nil {
			return "-"
		}
		return a.Name
	}
	for _, ev := range an.Events {
		place := "-"
		if ev.Location != nil {
			place = fmt.Sprintf("%s/%s/p%d", ev.Location.Name, ev.Location.Country, ev.Location.GeoPrecision)
		}
		killed := "-"
		if ev.Fatalities != nil {
			killed = fmt.Sprint(ev.Fatalities.Best)
		}
		fmt.Fprintf(&b, "%s %s|%s|%s %s -> %s @ %s %s killed=%s %s\n", ev.CAMEO, ev.PLOVER, ev.EventType, ev.SubEventType,
			name(ev.Actor1), name(ev.Actor2), place, ev.Date, killed, ev.Modality)
	}
	return b.String()
}

// checkOffsets asserts that every span in the analysis slices the article
// text to exactly its own text, counting runes.
func checkOffsets(t *testing.T, text string, an model.Analysis) {
	t.Helper()
	rs := []rune(text)
	check := func(what string, s model.Span) {
		if s.Start < 0 || s.End > len(rs) || s.Start > s.End {
			t.Errorf("%s span [%d,%d) out of range", what, s.Start, s.End)
			return
		}
		if got := string(rs[s.Start:s.End]); got != s.Text {
			t.Errorf("%s span [%d,%d) = %q, want %q", what, s.Start, s.End, got, s.Text)
		}
	}
	for _, ev := range an.Events {
		for _, s := range ev.Evidence {
			check("evidence", s)
		}
	}
	for _, e := range an.Entities {
		for _, s := range e.Mentions {
			check("entity "+e.Name, s)
		}
	}
	for _, tq := range an.Credibility.Techniques {
		check("technique", model.Span{Start: tq.Start, End: tq.End, Text: tq.Text})
	}
	for _, s := range an.Credibility.Sourcing.Attributions {
		check("attribution", s)
	}
	for _, s := range an.Credibility.Sourcing.Anonymous {
		check("anonymous", s)
	}
	for _, s := range an.Credibility.Sourcing.SelfCitations {
		check("self-citation", s)
	}
}
