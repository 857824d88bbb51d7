package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/sitrep/sitrep/internal/petrarch"
	"github.com/sitrep/sitrep/internal/syntax"
)

// runPetrarch dispatches `sitrep petrarch <sub-command>`.
func runPetrarch(ctx context.Context, stdio Stdio, args []string) error {
	return subcommands(ctx, stdio, "petrarch", args, map[string]command{
		"validate": {"code PETRARCH validation records from their text and score them (TP/FP per category)", runPetrarchValidate},
	})
}

// runPetrarchValidate codes the <Text> of every record with our own parser
// and the PETRARCH dictionaries and prints the validation table.
func runPetrarchValidate(ctx context.Context, stdio Stdio, args []string) error {
	fs := flag.NewFlagSet("petrarch validate", flag.ContinueOnError)
	fs.SetOutput(stdio.Err)
	recs := fs.String("records", "", "validation records file (PETRARCH XML-like format)")
	dicts := fs.String("dictionaries", "", "directory holding the verb, actor, agent and discard dictionaries")
	out := fs.String("out", "", "write one JSON line of coded events per record to this file")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if *recs == "" || *dicts == "" || fs.NArg() > 0 {
		fmt.Fprintln(stdio.Err, "usage: sitrep petrarch validate --records FILE --dictionaries DIR [--out PRED.jsonl]")
		return errUsage
	}
	f, err := os.Open(*recs)
	if err != nil {
		return err
	}
	rs, err := petrarch.ReadRecords(f)
	f.Close()
	if err != nil {
		return err
	}
	d, err := petrarch.LoadDictionaries(*dicts, rs.Env)
	if err != nil {
		return err
	}
	syn, err := syntax.Load()
	if err != nil {
		return err
	}
	c := petrarch.NewCoder(d, syn)
	coded := make([][]petrarch.Event, len(rs.Records))
	start := time.Now()
	n, sents := 0, 0
	for i := range rs.Records {
		if err := ctx.Err(); err != nil {
			return err
		}
		var k int
		coded[i], k = c.CodeCount(rs.Records[i].Text, rs.Records[i].Date)
		n++
		sents += k
	}
	elapsed := time.Since(start)
	if *out != "" {
		if err := writePetrarchOut(*out, rs, coded); err != nil {
			return err
		}
	}
	per, total := petrarch.Score(rs, coded)
	if err := petrarch.WriteTable(stdio.Out, per, total); err != nil {
		return err
	}
	if elapsed > 0 {
		fmt.Fprintf(stdio.Err, "coded %d records (%d sentences) in %v: %.0f sentences/s\n", n, sents, elapsed.Round(time.Millisecond), float64(sents)/elapsed.Seconds())
	}
	return nil
}

func writePetrarchOut(path string, rs *petrarch.RecordSet, coded [][]petrarch.Event) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	for i, r := range rs.Records {
		evs := coded[i]
		if evs == nil {
			evs = []petrarch.Event{}
		}
		if err := enc.Encode(struct {
			ID     string           `json:"id"`
			Events []petrarch.Event `json:"events"`
		}{r.ID, evs}); err != nil {
			f.Close()
			return err
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
