package export

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/sitrep/sitrep/internal/model"
)

type feature struct {
	Type       string         `json:"type"`
	Geometry   *point         `json:"geometry"`
	Properties map[string]any `json:"properties"`
}

type point struct {
	Type        string     `json:"type"`
	Coordinates [2]float64 `json:"coordinates"`
}

// properties are the GeoJSON properties of a row.
func properties(r Row) map[string]any {
	p := map[string]any{
		"id": r.ID, "date": r.Date, "date_to": r.DateTo, "date_precision": r.DatePrecision,
		"event_type": r.EventType, "sub_event_type": r.SubEventType, "cameo": r.CAMEO, "plover": r.PLOVER,
		"modality": r.Modality, "sources": nonNil(r.Sources), "articles": nonNil(r.ArticleIDs),
		"independent_sources": r.Origins,
	}
	if r.ClusterID != "" {
		p["cluster_id"] = r.ClusterID
	}
	if r.Corroboration != "" {
		p["corroboration"] = r.Corroboration
	}
	if r.Actor1 != nil {
		p["actor1"] = r.Actor1.Name
	}
	if r.Actor2 != nil {
		p["actor2"] = r.Actor2.Name
	}
	if r.Fatalities != nil {
		p["fatalities"] = r.Fatalities.Best
		p["fatalities_low"] = r.Fatalities.Low
		p["fatalities_high"] = r.Fatalities.High
	}
	if l := r.Location; l != nil {
		p["location"], p["admin1"], p["country"], p["geo_precision"] = l.Name, l.Admin1, l.Country, l.GeoPrecision
	}
	if r.Notes != "" {
		p["notes"] = r.Notes
	}
	return p
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// writeGeoJSON writes a FeatureCollection of the rows that have a point.
func writeGeoJSON(w io.Writer, rows []Row) error {
	if _, err := io.WriteString(w, `{"type":"FeatureCollection","features":[`); err != nil {
		return err
	}
	first := true
	for _, r := range rows {
		l := r.Location
		if l == nil || (l.Lat == 0 && l.Lon == 0) {
			continue
		}
		f := feature{Type: "Feature", Geometry: &point{Type: "Point", Coordinates: [2]float64{l.Lon, l.Lat}}, Properties: properties(r)}
		data, err := json.Marshal(f)
		if err != nil {
			return err
		}
		if !first {
			io.WriteString(w, ",")
		}
		first = false
		io.WriteString(w, "\n")
		if _, err := w.Write(data); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, "\n]}\n")
	return err
}

// eventLine is one JSON line of an event.
type eventLine struct {
	ArticleID string `json:"article_id"`
	Source    string `json:"source"`
	Published string `json:"published"`
	ClusterID string `json:"cluster_id,omitempty"`
	model.Event
}

// writeJSONL writes one JSON object per row: the event (with its article,
// source and cluster) or the cluster.
func writeJSONL(w io.Writer, rows []Row) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, r := range rows {
		var v any
		switch {
		case r.Cluster != nil:
			v = r.Cluster
		case r.Event != nil:
			v = eventLine{ArticleID: r.Event.ArticleID, Source: r.Event.Source, Published: r.Event.Published, ClusterID: r.ClusterID, Event: r.Event.Event}
		default:
			v = properties(r)
		}
		if err := enc.Encode(v); err != nil {
			return err
		}
	}
	return nil
}

// quadClass is the CAMEO quad class of a root: 1 verbal cooperation,
// 2 material cooperation, 3 verbal conflict, 4 material conflict.
func quadClass(cameo string) int {
	root := model.CAMEORoot(cameo)
	switch {
	case root == "":
		return 0
	case root <= "05":
		return 1
	case root <= "08":
		return 2
	case root <= "13":
		return 3
	}
	return 4
}

// cameoColumns are the columns of the CAMEO TSV, one event per line.
var cameoColumns = []string{"id", "date", "source_code", "source_name", "target_code", "target_name", "cameo", "root_code", "quad_class",
	"location", "admin1", "country", "latitude", "longitude", "fatalities", "sources", "articles"}

func tsv(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '\t' || r == '\n' || r == '\r' }), " ")
}

func writeCAMEO(w io.Writer, rows []Row) error {
	if _, err := fmt.Fprintln(w, strings.Join(cameoColumns, "\t")); err != nil {
		return err
	}
	for _, r := range rows {
		var c1, n1, c2, n2 string
		if r.Actor1 != nil {
			c1, n1 = r.Actor1.Code, r.Actor1.Name
		}
		if r.Actor2 != nil {
			c2, n2 = r.Actor2.Code, r.Actor2.Name
		}
		var loc, adm, ctry, lat, lon string
		if l := r.Location; l != nil {
			loc, adm, ctry = l.Name, l.Admin1, l.Country
			if l.Lat != 0 || l.Lon != 0 {
				lat, lon = fmt.Sprintf("%.4f", l.Lat), fmt.Sprintf("%.4f", l.Lon)
			}
		}
		fat := ""
		if r.Fatalities != nil {
			fat = fmt.Sprint(r.Fatalities.Best)
		}
		rec := []string{r.ID, strings.ReplaceAll(r.Date, "-", ""), c1, n1, c2, n2, r.CAMEO, model.CAMEORoot(r.CAMEO), fmt.Sprint(quadClass(r.CAMEO)),
			loc, adm, ctry, lat, lon, fat, strings.Join(r.Sources, ";"), strings.Join(r.ArticleIDs, ";")}
		for i := range rec {
			rec[i] = tsv(rec[i])
		}
		if _, err := fmt.Fprintln(w, strings.Join(rec, "\t")); err != nil {
			return err
		}
	}
	return nil
}

// ploverRecord is one event in PLOVER's JSON shape.
type ploverRecord struct {
	ID               string         `json:"id"`
	Date             string         `json:"date"`
	EventType        string         `json:"event_type"`
	Mode             string         `json:"mode"`
	Context          []string       `json:"context"`
	Actor            string         `json:"actor"`
	ActorCountry     string         `json:"actor_country"`
	Recipient        string         `json:"recipient"`
	RecipientCountry string         `json:"recipient_country"`
	Location         *ploverPlace   `json:"location"`
	Fatalities       *int           `json:"fatalities,omitempty"`
	Modality         string         `json:"modality,omitempty"`
	Sources          []string       `json:"sources"`
	Articles         []string       `json:"articles"`
	Text             string         `json:"text,omitempty"`
	Extra            map[string]any `json:"sitrep,omitempty"`
}

type ploverPlace struct {
	Name    string  `json:"name"`
	Admin1  string  `json:"admin1,omitempty"`
	Country string  `json:"country"`
	Lat     float64 `json:"lat"`
	Lon     float64 `json:"lon"`
}

// ploverContext derives PLOVER contexts from the ACLED type of an event.
func ploverContext(r Row) []string {
	switch r.EventType {
	case "Protests", "Riots":
		return []string{"protest"}
	case "Battles", "Explosions/Remote violence":
		return []string{"military"}
	case "Violence against civilians":
		return []string{"human_rights"}
	}
	return []string{}
}

func writePLOVER(w io.Writer, rows []Row) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, r := range rows {
		if r.PLOVER == "" {
			continue
		}
		p := ploverRecord{ID: r.ID, Date: r.Date, EventType: r.PLOVER, Mode: r.SubEventType, Context: ploverContext(r),
			Modality: r.Modality, Sources: nonNil(r.Sources), Articles: nonNil(r.ArticleIDs), Text: r.Notes}
		if r.Actor1 != nil {
			p.Actor, p.ActorCountry = r.Actor1.Name, r.Actor1.Country
		}
		if r.Actor2 != nil {
			p.Recipient, p.RecipientCountry = r.Actor2.Name, r.Actor2.Country
		}
		if l := r.Location; l != nil {
			p.Location = &ploverPlace{Name: l.Name, Admin1: l.Admin1, Country: l.Country, Lat: l.Lat, Lon: l.Lon}
		}
		if r.Fatalities != nil {
			b := r.Fatalities.Best
			p.Fatalities = &b
		}
		if r.ClusterID != "" {
			p.Extra = map[string]any{"cluster_id": r.ClusterID, "independent_sources": r.Origins, "corroboration": r.Corroboration}
		}
		if err := enc.Encode(p); err != nil {
			return err
		}
	}
	return nil
}
