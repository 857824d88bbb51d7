package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	credibilitydata "github.com/sitrep/sitrep/data/credibility"
	"github.com/sitrep/sitrep/internal/credibility/techniques"
)

// runPTC dispatches `sitrep ptc <sub-command>`.
func runPTC(ctx context.Context, stdio Stdio, args []string) error {
	return subcommands(ctx, stdio, "ptc", args, map[string]command{
		"eval": {"score the technique model on a PTC directory (SemEval-2020 task 11 span and technique scores)", runPTCEval},
	})
}

// runPTCEval scores span identification and technique classification on a
// corpus in the PTC layout and optionally writes the predictions.
func runPTCEval(ctx context.Context, stdio Stdio, args []string) error {
	fs := flag.NewFlagSet("ptc eval", flag.ContinueOnError)
	fs.SetOutput(stdio.Err)
	data := fs.String("data", "", "corpus in the PTC layout (articles/, labels-si/, labels-tc/)")
	out := fs.String("out", "", "directory for the predictions (si.txt: ID start end; tc.txt: ID technique start end)")
	modelPath := fs.String("model", "", "technique model file (default: the built-in model)")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if *data == "" {
		fmt.Fprintln(stdio.Err, "usage: sitrep ptc eval --data DIR [--out DIR] [--model FILE]")
		return errUsage
	}
	raw := credibilitydata.Techniques()
	if *modelPath != "" {
		b, err := os.ReadFile(*modelPath)
		if err != nil {
			return fmt.Errorf("read model: %w", err)
		}
		raw = b
	}
	m, err := techniques.Load(raw)
	if err != nil {
		if *modelPath != "" {
			return fmt.Errorf("technique model %s: %w", *modelPath, err)
		}
		return err
	}
	arts, err := techniques.ReadCorpus(*data)
	if err != nil {
		return err
	}
	var goldSI, goldTC []techniques.Label
	for _, a := range arts {
		goldSI = append(goldSI, a.SI...)
		goldTC = append(goldTC, a.TC...)
	}
	predSI := m.PredictSpans(arts)
	predTC := m.PredictTechniques(arts)
	si := techniques.SpanScore(goldSI, predSI)
	tc := techniques.TechniqueScore(goldTC, predTC)
	fmt.Fprintf(stdio.Out, "articles %d\n", len(arts))
	fmt.Fprintf(stdio.Out, "span identification:      P %.6f R %.6f F1 %.6f (gold spans %d, predicted %d, merged)\n", si.P, si.R, si.F1, si.Gold, si.Pred)
	fmt.Fprintf(stdio.Out, "technique classification: P %.6f R %.6f F1 %.6f (micro, %d gold labels)\n", tc.P, tc.R, tc.F1, tc.Gold)
	// Per-technique recall helps to see where the model is weak.
	per := map[string][2]int{}
	right := map[string]int{}
	type key struct {
		a    string
		s, e int
	}
	want := map[key]map[string]int{}
	for _, l := range goldTC {
		k := key{l.Article, l.Start, l.End}
		if want[k] == nil {
			want[k] = map[string]int{}
		}
		want[k][l.Technique]++
		c := per[l.Technique]
		c[0]++
		per[l.Technique] = c
	}
	for _, l := range predTC {
		c := per[l.Technique]
		c[1]++
		per[l.Technique] = c
		k := key{l.Article, l.Start, l.End}
		if want[k][l.Technique] > 0 {
			want[k][l.Technique]--
			right[l.Technique]++
		}
	}
	names := make([]string, 0, len(per))
	for n := range per {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		c := per[n]
		fmt.Fprintf(stdio.Out, "  %-36s gold %4d predicted %4d right %4d\n", n, c[0], c[1], right[n])
	}
	if *out != "" {
		if err := os.MkdirAll(*out, 0o755); err != nil {
			return fmt.Errorf("write predictions: %w", err)
		}
		var b strings.Builder
		for _, l := range predSI {
			fmt.Fprintf(&b, "%s\t%d\t%d\n", l.Article, l.Start, l.End)
		}
		if err := os.WriteFile(filepath.Join(*out, "si.txt"), []byte(b.String()), 0o644); err != nil {
			return fmt.Errorf("write predictions: %w", err)
		}
		b.Reset()
		for _, l := range predTC {
			fmt.Fprintf(&b, "%s\t%s\t%d\t%d\n", l.Article, l.Technique, l.Start, l.End)
		}
		if err := os.WriteFile(filepath.Join(*out, "tc.txt"), []byte(b.String()), 0o644); err != nil {
			return fmt.Errorf("write predictions: %w", err)
		}
	}
	return nil
}
