package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sitrep/sitrep/internal/export"
	"github.com/sitrep/sitrep/internal/geo"
	"github.com/sitrep/sitrep/internal/model"
	"github.com/sitrep/sitrep/internal/store"
)

// runExport writes stored events or clusters in one of the export formats,
// filtered by date range, place, country, event type, actor and the number
// of independent sources.
func runExport(ctx context.Context, stdio Stdio, args []string) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stdio.Err)
	sf := addStoreFlags(fs)
	format := fs.String("format", "jsonl", "output format: "+strings.Join(export.Formats, ", "))
	clusters := fs.Bool("clusters", false, "export fused clusters (one row per real-world event) instead of single-report events")
	from := fs.String("from", "", "first day, YYYY-MM-DD")
	to := fs.String("to", "", "last day, YYYY-MM-DD")
	country := fs.String("country", "", "ISO 3166 alpha-3 code of the event's country, e.g. SYR")
	eventType := fs.String("event-type", "", "ACLED event type, e.g. Battles")
	actor := fs.String("actor", "", "actor name or code (actor1 or actor2)")
	minSources := fs.Int("min-sources", 0, "keep events whose cluster has at least this many independent sources")
	bbox := fs.String("bbox", "", "bounding box min_lon,min_lat,max_lon,max_lat")
	all := fs.Bool("all", false, "also export events that are not asserted (negated, hypothetical, future, generic)")
	out := fs.String("o", "", "output file (default: standard output)")
	fs.Usage = func() {
		fmt.Fprintln(stdio.Err, "usage: sitrep export [--db sitrep.db | --postgres DSN] --format acled-csv|geojson|jsonl|cameo-tsv|plover-json [filters]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errUsage
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return errUsage
	}
	f := store.EventFilter{Country: *country, EventType: *eventType, Actor: *actor, MinSources: *minSources}
	for _, d := range []struct {
		name, val string
		day       *int
	}{{"--from", *from, &f.DayFrom}, {"--to", *to, &f.DayTo}} {
		if d.val == "" {
			continue
		}
		if *d.day = store.Day(d.val); *d.day == 0 {
			return fmt.Errorf("%s: %q is not a date YYYY-MM-DD", d.name, d.val)
		}
	}
	if *bbox != "" {
		var err error
		if f.MinLon, f.MinLat, f.MaxLon, f.MaxLat, err = parseBBox(*bbox); err != nil {
			return fmt.Errorf("--bbox: %w", err)
		}
		f.HasBox = true
	}
	if !slices.Contains(export.Formats, *format) {
		return fmt.Errorf("--format: unknown format %q (want one of %s)", *format, strings.Join(export.Formats, ", "))
	}
	st, err := sf.open(ctx, nil)
	if err != nil {
		return err
	}
	defer st.Close()
	rows, err := exportRows(ctx, st, f, *clusters, *all)
	if err != nil {
		return err
	}
	opt := export.Options{Timestamp: time.Now().Unix()}
	if *format == "acled-csv" {
		if gaz, err := geo.Load(); err == nil {
			opt.CountryName = gaz.CountryName
		}
	}
	var w io.Writer = stdio.Out
	if *out != "" {
		file, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer file.Close()
		w = file
	}
	bw := bufio.NewWriter(w)
	if err := export.Write(bw, *format, rows, opt); err != nil {
		return fmt.Errorf("write %s: %w", *format, err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", *format, err)
	}
	fmt.Fprintf(stdio.Err, "sitrep export: %d %s\n", len(rows), map[bool]string{true: "clusters", false: "events"}[*clusters])
	return nil
}

// exportRows reads the events (or clusters) that pass f.
func exportRows(ctx context.Context, st store.Store, f store.EventFilter, clusters, all bool) ([]export.Row, error) {
	if !clusters {
		evs, err := st.Events(ctx, f)
		if err != nil {
			return nil, err
		}
		cls, err := st.Clusters(ctx, f)
		if err != nil {
			return nil, err
		}
		byID := make(map[string]model.Cluster, len(cls))
		for _, c := range cls {
			byID[c.ID] = c
		}
		rows := make([]export.Row, 0, len(evs))
		for _, e := range evs {
			if !all && e.Event.Modality != "" && e.Event.Modality != model.Asserted {
				continue
			}
			r := export.FromEvent(e)
			if c, ok := byID[e.ClusterID]; ok {
				r.Origins, r.Corroboration = c.Origins, c.Corroboration
			}
			rows = append(rows, r)
		}
		return rows, nil
	}
	cls, err := st.Clusters(ctx, f)
	if err != nil {
		return nil, err
	}
	members, err := st.Events(ctx, store.EventFilter{DayFrom: f.DayFrom, DayTo: f.DayTo, ClusteredOnly: true})
	if err != nil {
		return nil, err
	}
	byCluster := map[string][]store.Event{}
	for _, e := range members {
		byCluster[e.ClusterID] = append(byCluster[e.ClusterID], e)
	}
	rows := make([]export.Row, 0, len(cls))
	for _, c := range cls {
		rows = append(rows, export.FromCluster(c, byCluster[c.ID]))
	}
	return rows, nil
}

func parseBBox(s string) (minLon, minLat, maxLon, maxLat float64, err error) {
	parts := strings.Split(s, ",")
	if len(parts) != 4 {
		return 0, 0, 0, 0, fmt.Errorf("%q: want min_lon,min_lat,max_lon,max_lat", s)
	}
	var v [4]float64
	for i, p := range parts {
		if v[i], err = strconv.ParseFloat(strings.TrimSpace(p), 64); err != nil {
			return 0, 0, 0, 0, fmt.Errorf("%q: %w", s, err)
		}
	}
	if v[0] > v[2] || v[1] > v[3] {
		return 0, 0, 0, 0, fmt.Errorf("%q: minimum above maximum", s)
	}
	return v[0], v[1], v[2], v[3], nil
}
