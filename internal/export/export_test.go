package export_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/internal/export"
	"github.com/sitrep/sitrep/internal/model"
	"github.com/sitrep/sitrep/internal/store"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func sample() []export.Row {
	strike := store.Event{ArticleID: "sohr-1", Source: "syriahr.com", Origin: "sohr-1", Published: "2016-10-28",
		Kind: "Explosions/Remote violence", DayFrom: store.Day("2016-10-26"), DayTo: store.Day("2016-10-26"), ClusterID: "c-1",
		Event: model.Event{ID: "e3", CAMEO: "195", PLOVER: "ASSAULT", EventType: "Explosions/Remote violence", SubEventType: "Air/drone strike",
			Actor1:   &model.Actor{Name: "Military Forces of Syria", Code: "SYRMIL", Type: 1, Country: "SYR"},
			Actor2:   &model.Actor{Name: "Civilians (Syria)", Code: "SYRCVL", Type: 7, Country: "SYR"},
			Location: &model.Location{Name: "Has", Admin1: "Idlib", Country: "SYR", Lat: 35.6, Lon: 36.6, GeoPrecision: 1},
			Date:     "2016-10-26", DatePrecision: 1, Modality: model.Asserted,
			Fatalities: &model.Fatalities{Best: 35, Low: 35, High: 37},
			Evidence:   []model.Span{{Start: 0, End: 30, Text: "warplanes struck the school,\n killing 35"}}}}
	other := strike
	other.ArticleID, other.Source, other.Origin = "reuters-1", "reuters.com", "reuters-1"
	other.Event.ID, other.Event.Date, other.Event.DatePrecision = "e5", "2016-10", 3
	other.Event.Fatalities = &model.Fatalities{Best: 21, Low: 21, High: 21}
	protest := store.Event{ArticleID: "bs-1", Source: "business-standard.com", Kind: "Protests", DayFrom: store.Day("2019-06-03"), DayTo: store.Day("2019-06-03"),
		Event: model.Event{ID: "e1", CAMEO: "145", PLOVER: "PROTEST", EventType: "Protests", SubEventType: "Excessive force against protesters",
			Actor1:   &model.Actor{Name: "Rapid Support Forces", Code: "SDNMIL", Type: 1},
			Actor2:   &model.Actor{Name: "Protesters (Sudan)", Type: 6},
			Location: &model.Location{Name: "Khartoum", Country: "SDN", Lat: 15.55, Lon: 32.53, GeoPrecision: 1},
			Date:     "2019-06-03", DatePrecision: 1, Modality: model.Asserted}}
	cluster := model.Cluster{ID: "c-1", EventType: "Explosions/Remote violence", SubEventType: "Air/drone strike", CAMEO: "195", PLOVER: "ASSAULT",
		Location: strike.Event.Location, DateFrom: "2016-10-26", DateTo: "2016-10-26",
		Actors:  []string{"Military Forces of Syria", "Civilians (Syria)"},
		Members: []model.ClusterMember{{ArticleID: "reuters-1", EventID: "e5", Source: "reuters.com", Origin: "reuters-1"}, {ArticleID: "sohr-1", EventID: "e3", Source: "syriahr.com", Origin: "sohr-1"}},
		Sources: []string{"reuters.com", "syriahr.com"}, Origins: 2, Corroboration: model.Corroborated,
		Fatalities: &model.Fatalities{Best: 21, Low: 21, High: 37}}
	return []export.Row{export.FromEvent(strike), export.FromEvent(protest), export.FromCluster(cluster, []store.Event{strike, other})}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s: got\n%s\nwant\n%s", name, got, want)
	}
}

func TestFormats(t *testing.T) {
	names := map[string]string{"SYR": "Syria", "SDN": "Sudan"}
	opt := export.Options{Timestamp: 1700000000, CountryName: func(c string) string { return names[c] }}
	for _, f := range export.Formats {
		var b bytes.Buffer
		if err := export.Write(&b, f, sample(), opt); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		ext := map[string]string{"acled-csv": ".csv", "geojson": ".geojson", "jsonl": ".jsonl", "cameo-tsv": ".tsv", "plover-json": ".jsonl"}[f]
		golden(t, f+ext, b.Bytes())
	}
	if err := export.Write(&bytes.Buffer{}, "xml", nil, opt); err == nil {
		t.Error("unknown format: no error")
	}
}

func TestACLEDColumns(t *testing.T) {
	var b bytes.Buffer
	if err := export.Write(&b, "acled-csv", sample(), export.Options{}); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	head := map[string]int{}
	for i, c := range recs[0] {
		head[c] = i
	}
	tests := []struct {
		row       int
		col, want string
	}{
		{1, "event_date", "2016-10-26"},
		{1, "disorder_type", "Political violence"},
		{1, "interaction", "17"},
		{1, "civilian_targeting", "Civilian targeting"},
		{1, "iso", "760"},
		{1, "region", "Middle East"},
		{1, "fatalities", "35"},
		{1, "latitude", "35.6000"},
		{2, "disorder_type", "Political violence; Demonstrations"},
		{2, "interaction", "16"},
		{2, "inter2", "6"},
		{3, "source", "reuters.com; syriahr.com"},
		{3, "fatalities", "21"},
	}
	for _, tc := range tests {
		if got := recs[tc.row][head[tc.col]]; got != tc.want {
			t.Errorf("row %d %s = %q, want %q", tc.row, tc.col, got, tc.want)
		}
	}
	if len(recs[0]) != 31 || recs[0][0] != "event_id_cnty" || recs[0][30] != "timestamp" {
		t.Errorf("header = %v, want ACLED's 31 columns", recs[0])
	}
}

func TestGeoJSONValid(t *testing.T) {
	var b bytes.Buffer
	if err := export.Write(&b, "geojson", sample(), export.Options{}); err != nil {
		t.Fatal(err)
	}
	var fc struct {
		Type     string
		Features []struct {
			Geometry struct {
				Type        string
				Coordinates []float64
			}
			Properties map[string]any
		}
	}
	if err := json.Unmarshal(b.Bytes(), &fc); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if fc.Type != "FeatureCollection" || len(fc.Features) != 3 {
		t.Fatalf("got %s with %d features, want a FeatureCollection of 3", fc.Type, len(fc.Features))
	}
	f := fc.Features[0]
	if f.Geometry.Type != "Point" || f.Geometry.Coordinates[0] != 36.6 || f.Geometry.Coordinates[1] != 35.6 {
		t.Errorf("geometry = %+v, want Point [36.6, 35.6] (lon, lat)", f.Geometry)
	}
	if c := fc.Features[2].Properties["corroboration"]; c != model.Corroborated {
		t.Errorf("cluster corroboration = %v, want %q", c, model.Corroborated)
	}
	if strings.Contains(b.String(), "\n killing") {
		t.Error("notes keep a raw line break")
	}
}
