// Package export writes stored events or clusters in the formats analysts
// load elsewhere: ACLED CSV (ACLED's column names and codes), GeoJSON points
// with properties, JSON lines, CAMEO TSV and PLOVER JSON lines.
//
// In: rows built from stored events (FromEvent) or clusters with their
// member events (FromCluster). Out: the bytes of one format on an
// io.Writer. It never reads the store or the network itself; selecting what
// to export (dates, country, type, actor, sources) is the store's filter.
package export

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/sitrep/sitrep/internal/model"
	"github.com/sitrep/sitrep/internal/store"
)

// Formats are the names Write accepts.
var Formats = []string{"acled-csv", "geojson", "jsonl", "cameo-tsv", "plover-json"}

// Row is one exported event: a single report's event, or a cluster of them.
type Row struct {
	ID            string // event id: article/event, or the cluster id
	ClusterID     string
	ArticleIDs    []string
	Date          string // YYYY-MM-DD (the first day of a wider span)
	DateTo        string // last day of the span
	DatePrecision int    // ACLED time precision
	EventType     string
	SubEventType  string
	CAMEO, PLOVER string
	Modality      string
	Actor1        *model.Actor
	Actor2        *model.Actor
	Assoc1        []model.Actor
	Assoc2        []model.Actor
	Interaction   int
	Location      *model.Location
	Fatalities    *model.Fatalities
	Sources       []string
	Origins       int
	Corroboration string
	Notes         string
	// Event is the stored event of a single-report row (nil for clusters).
	Event *store.Event `json:"-"`
	// Cluster is the cluster of a cluster row (nil for events).
	Cluster *model.Cluster `json:"-"`
}

// FromEvent makes a row of one stored event.
func FromEvent(e store.Event) Row {
	ev := e.Event
	date := ev.Date
	if len(date) != 10 {
		date = store.Date(e.DayFrom)
	}
	r := Row{
		ID: e.ArticleID + "/" + ev.ID, ClusterID: e.ClusterID, ArticleIDs: []string{e.ArticleID},
		Date: date, DateTo: store.Date(e.DayTo), DatePrecision: cmp.Or(ev.DatePrecision, 1),
		EventType: ev.EventType, SubEventType: ev.SubEventType, CAMEO: ev.CAMEO, PLOVER: ev.PLOVER, Modality: ev.Modality,
		Actor1: ev.Actor1, Actor2: ev.Actor2, Assoc1: ev.AssocActor1, Assoc2: ev.AssocActor2, Interaction: ev.Interaction,
		Location: ev.Location, Fatalities: ev.Fatalities, Origins: 1,
		Notes: evidence(ev), Event: &e,
	}
	if e.Source != "" {
		r.Sources = []string{e.Source}
	}
	return r
}

func evidence(ev model.Event) string {
	var parts []string
	for _, s := range ev.Evidence {
		parts = append(parts, strings.Join(strings.Fields(s.Text), " "))
	}
	return strings.Join(parts, " … ")
}

// FromCluster makes a row of a cluster; members are its stored events (the
// most frequent actor1 and actor2 among them name the cluster's actors).
func FromCluster(c model.Cluster, members []store.Event) Row {
	r := Row{
		ID: c.ID, ClusterID: c.ID, Date: c.DateFrom, DateTo: c.DateTo, DatePrecision: 1,
		EventType: c.EventType, SubEventType: c.SubEventType, CAMEO: c.CAMEO, PLOVER: c.PLOVER, Modality: model.Asserted,
		Location: c.Location, Fatalities: c.Fatalities, Sources: c.Sources, Origins: c.Origins, Corroboration: c.Corroboration,
		Cluster: &c,
	}
	if c.DateFrom != c.DateTo {
		r.DatePrecision = 2
		if store.Day(c.DateTo)-store.Day(c.DateFrom) > 7 {
			r.DatePrecision = 3
		}
	}
	for _, m := range c.Members {
		if !slices.Contains(r.ArticleIDs, m.ArticleID) {
			r.ArticleIDs = append(r.ArticleIDs, m.ArticleID)
		}
	}
	a1, a2 := map[string]int{}, map[string]int{}
	byName := map[string]*model.Actor{}
	var notes []string
	for i := range members {
		ev := members[i].Event
		if ev.Actor1 != nil {
			a1[ev.Actor1.Name]++
			byName[ev.Actor1.Name] = ev.Actor1
		}
		if ev.Actor2 != nil {
			a2[ev.Actor2.Name]++
			byName[ev.Actor2.Name] = ev.Actor2
		}
		if ev.Interaction != 0 && r.Interaction == 0 {
			r.Interaction = ev.Interaction
		}
		if n := evidence(ev); n != "" && len(notes) < 3 {
			notes = append(notes, n)
		}
	}
	if n := topName(a1); n != "" {
		r.Actor1 = byName[n]
	}
	if n := topName(a2); n != "" && (r.Actor1 == nil || n != r.Actor1.Name) {
		r.Actor2 = byName[n]
	}
	r.Notes = strings.Join(notes, " | ")
	return r
}

func topName(m map[string]int) string {
	best, n := "", 0
	for k, c := range m {
		if k != "" && (c > n || (c == n && k < best)) {
			best, n = k, c
		}
	}
	return best
}

// Options tune the output.
type Options struct {
	// CountryName names a country from its ISO3 code ("SYR" → "Syria");
	// nil leaves ACLED's country column with the code.
	CountryName func(iso3 string) string
	// Timestamp fills ACLED's timestamp column (Unix seconds).
	Timestamp int64
}

// Write writes rows in a format (one of Formats).
func Write(w io.Writer, format string, rows []Row, opt Options) error {
	switch format {
	case "acled-csv":
		return writeACLED(w, rows, opt)
	case "geojson":
		return writeGeoJSON(w, rows)
	case "jsonl":
		return writeJSONL(w, rows)
	case "cameo-tsv":
		return writeCAMEO(w, rows)
	case "plover-json":
		return writePLOVER(w, rows)
	}
	return fmt.Errorf("unknown export format %q (want one of %s)", format, strings.Join(Formats, ", "))
}
