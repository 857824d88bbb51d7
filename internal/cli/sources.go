package cli

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"text/tabwriter"

	credibilitydata "github.com/sitrep/sitrep/data/credibility"
	"github.com/sitrep/sitrep/internal/credibility/outlets"
)

// runSources dispatches `sitrep sources <sub-command>`.
//
// The user's own ratings live in one CSV file in the registry format
// (columns domains,name,aliases,country,affiliation,reliability,reason,date;
// "|" separates several domains or aliases): $SITREP_SOURCES when set, else
// os.UserConfigDir()/sitrep/sources.csv (~/.config/sitrep/sources.csv on
// Linux), or the file named by --registry. Its rows override the built-in
// registry for the same domain or name.
func runSources(ctx context.Context, stdio Stdio, args []string) error {
	return subcommands(ctx, stdio, "sources", args, map[string]command{
		"import": {"merge a CSV file of outlet ratings into the user registry", runSourcesImport},
		"list":   {"list the outlets known to the registry (built-in and user)", runSourcesList},
	})
}

func registryPath(flagValue string) (string, error) {
	if flagValue != "" {
		return flagValue, nil
	}
	return outlets.UserFile()
}

func runSourcesImport(ctx context.Context, stdio Stdio, args []string) error {
	fs := flag.NewFlagSet("sources import", flag.ContinueOnError)
	fs.SetOutput(stdio.Err)
	reg := fs.String("registry", "", "user registry file (default: $SITREP_SOURCES or <user config dir>/sitrep/sources.csv)")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stdio.Err, "usage: sitrep sources import [--registry FILE] FILE.csv")
		return errUsage
	}
	path, err := registryPath(*reg)
	if err != nil {
		return err
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return fmt.Errorf("open %s: %w", fs.Arg(0), err)
	}
	defer f.Close()
	n, err := outlets.Import(path, f)
	if err != nil {
		return fmt.Errorf("import %s: %w", fs.Arg(0), err)
	}
	fmt.Fprintf(stdio.Out, "imported %d outlets into %s\n", n, path)
	return nil
}

func runSourcesList(ctx context.Context, stdio Stdio, args []string) error {
	fs := flag.NewFlagSet("sources list", flag.ContinueOnError)
	fs.SetOutput(stdio.Err)
	reg := fs.String("registry", "", "user registry file (default: $SITREP_SOURCES or <user config dir>/sitrep/sources.csv)")
	asCSV := fs.Bool("csv", false, "print the merged registry as CSV")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	builtin, err := outlets.ReadCSV(bytes.NewReader(credibilitydata.Outlets()))
	if err != nil {
		return fmt.Errorf("built-in registry: %w", err)
	}
	path, err := registryPath(*reg)
	if err != nil {
		return err
	}
	user, err := outlets.ReadFile(path)
	if err != nil {
		return err
	}
	r := outlets.New(builtin).Merge(outlets.New(user))
	if *asCSV {
		return outlets.WriteCSV(stdio.Out, r.Outlets())
	}
	tw := tabwriter.NewWriter(stdio.Out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tDOMAINS\tCOUNTRY\tRELIABILITY\tFROM\tREASON")
	for _, o := range r.Outlets() {
		from := "built-in"
		if o.User {
			from = "user"
		}
		dom := ""
		if len(o.Domains) > 0 {
			dom = o.Domains[0]
			if len(o.Domains) > 1 {
				dom += fmt.Sprintf(" (+%d)", len(o.Domains)-1)
			}
		}
		reason := o.Reason
		if len(reason) > 70 {
			reason = reason[:67] + "..."
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", o.Name, dom, o.Country, o.Reliability, from, reason)
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("list: %w", err)
	}
	fmt.Fprintf(stdio.Out, "%d outlets (user file: %s)\n", r.Len(), path)
	return nil
}
