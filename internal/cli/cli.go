// Package cli implements sitrep's subcommands, one file each. It parses
// flags, wires the stages together (pipeline, eval, ...) and reports errors;
// it holds no analysis logic of its own.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
)

// Stdio carries the process's standard streams so that commands can be tested.
type Stdio struct {
	In  io.Reader
	Out io.Writer
	Err io.Writer
}

// command is one subcommand.
type command struct {
	summary string
	run     func(ctx context.Context, io Stdio, args []string) error
}

// errUsage marks a usage error; the message has already been printed.
var errUsage = errors.New("usage")

// errFailed means the command ran but some inputs failed; details were printed.
var errFailed = errors.New("some inputs failed")

// commands is the one table of subcommands.
func commands() map[string]command {
	return map[string]command{
		"analyze": {"analyse articles and write one JSON line of events and credibility per article", runAnalyze},
		"demo":    {"analyse the sample articles built into sitrep and print a readable report", runDemo},
		"eval":    {"score events against gold files (spec §4) and print recall, precision and misses", runEval},
		"train":   {"train a model from data (train syntax | train techniques)", runTrain},
		"syntax":  {"tag, lemmatise and parse CoNLL-U (syntax parse | syntax eval)", runSyntax},
		// More subcommands are registered below, one line each.
		"ptc":     {"evaluate the propaganda technique model on a PTC directory (ptc eval)", runPTC},
		"sources": {"manage the outlet registry (sources import FILE.csv | sources list)", runSources},

		"gazetteer": {"build the embedded gazetteer from GeoNames (gazetteer build --cities PATH)", runGazetteer},
		"ingest":    {"store articles (files, directories, web pages, feeds) with their events and clusters", runIngest},
		"export":    {"write stored events or clusters as ACLED CSV, GeoJSON, JSON lines, CAMEO TSV or PLOVER JSON", runExport},
		"serve":     {"serve the REST API and the web dashboard (serve --demo: the sample articles, no setup)", runServe},
		"petrarch":  {"code and score PETRARCH validation records (petrarch validate --records FILE --dictionaries DIR)", runPetrarch},
	}
}

// Run executes one sitrep invocation and returns the process exit status.
func Run(ctx context.Context, args []string, stdio Stdio) int {
	cmds := commands()
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stdio.Err, cmds)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	c, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(stdio.Err, "sitrep: unknown command %q\n\n", args[0])
		usage(stdio.Err, cmds)
		return 2
	}
	err := c.run(ctx, stdio, args[1:])
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errUsage):
		return 2
	case errors.Is(err, errFailed):
		return 1
	default:
		fmt.Fprintf(stdio.Err, "sitrep %s: %v\n", args[0], err)
		return 1
	}
}

func usage(w io.Writer, cmds map[string]command) {
	fmt.Fprintln(w, "usage: sitrep <command> [flags] [args]")
	fmt.Fprintln(w, "\ncommands:")
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, cmds[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'sitrep <command> -h' for a command's flags.")
}

// subcommands dispatches a command with sub-commands such as "train syntax".
func subcommands(ctx context.Context, stdio Stdio, name string, args []string, subs map[string]command) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		fmt.Fprintf(stdio.Err, "usage: sitrep %s <sub-command>\n", name)
		for n, c := range subs {
			fmt.Fprintf(stdio.Err, "  %-12s %s\n", n, c.summary)
		}
		return errUsage
	}
	c, ok := subs[args[0]]
	if !ok {
		fmt.Fprintf(stdio.Err, "sitrep %s: unknown sub-command %q\n", name, args[0])
		return errUsage
	}
	return c.run(ctx, stdio, args[1:])
}

func sortedStrings(ss []string) []string {
	out := append([]string(nil), ss...)
	sort.Strings(out)
	return out
}
