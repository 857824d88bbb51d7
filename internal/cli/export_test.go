package cli

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/internal/fuse"
	"github.com/sitrep/sitrep/internal/model"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/store/sqlite"
)

// exportStore makes a store with three reports of one strike in Idlib (two
// outlets and a copy), one protest in Khartoum and one negated event.
func exportStore(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "x.db")
	ctx := context.Background()
	st, err := sqlite.Open(ctx, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	strike := func(id string, best int) model.Event {
		return model.Event{ID: id, CAMEO: "195", PLOVER: "ASSAULT", EventType: "Explosions/Remote violence", SubEventType: "Air/drone strike",
			Actor1:   &model.Actor{Name: "Military Forces of Syria", Code: "SYRMIL", Type: 1, Country: "SYR"},
			Location: &model.Location{Name: "Maarat al-Numan", Admin1: "Idlib", Country: "SYR", Lat: 35.6476, Lon: 36.6717, GeoPrecision: 1},
			Date:     "2024-03-04", DatePrecision: 1, Modality: model.Asserted, Fatalities: &model.Fatalities{Best: best, Low: best, High: best}}
	}
	protest := model.Event{ID: "p1", CAMEO: "141", PLOVER: "PROTEST", EventType: "Protests", SubEventType: "Peaceful protest",
		Actor1:   &model.Actor{Name: "Protesters (Sudan)", Type: 6, Country: "SDN"},
		Location: &model.Location{Name: "Khartoum", Country: "SDN", Lat: 15.5518, Lon: 32.5324, GeoPrecision: 1},
		Date:     "2024-03-10", DatePrecision: 1, Modality: model.Asserted}
	denied := strike("d1", 0)
	denied.Modality = model.Negated
	arts := []store.Article{
		{Article: model.Article{ID: "a", Source: "wirea.example", Published: "2024-03-05", Text: "Warplanes struck the market of Maarat al-Numan on Monday, killing 12 people, rescuers said, as the toll rose through the evening."},
			Analysis: model.Analysis{Events: []model.Event{strike("e1", 12)}}},
		{Article: model.Article{ID: "b", Source: "dailyb.example", Published: "2024-03-05", Text: "Syrian jets bombed Maarat al-Numan, a war monitor reported, saying fourteen civilians died in the raid on the market."},
			Analysis: model.Analysis{Events: []model.Event{strike("e1", 14), denied}}},
		{Article: model.Article{ID: "c", Source: "copy.example", Published: "2024-03-05", Text: "Warplanes struck the market of Maarat al-Numan on Monday, killing 12 people, rescuers said, as the toll rose through the night."},
			Analysis: model.Analysis{Events: []model.Event{strike("e1", 12)}}},
		{Article: model.Article{ID: "d", Source: "wirea.example", Published: "2024-03-10", Text: "Thousands marched peacefully in Khartoum on Sunday to demand civilian rule, organisers said."},
			Analysis: model.Analysis{Events: []model.Event{protest}}},
	}
	f := fuse.New()
	for _, a := range arts {
		if err := st.Update(ctx, func(tx store.Tx) error { _, err := f.Add(ctx, tx, a); return err }); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

func TestExport(t *testing.T) {
	db := exportStore(t)
	tests := []struct {
		name  string
		args  []string
		lines int    // output lines (with the header, where there is one)
		want  string // in the output
	}{
		{"events jsonl", []string{"--format", "jsonl"}, 4, `"article_id":"a"`},
		{"all modalities", []string{"--format", "jsonl", "--all"}, 5, `"modality":"negated"`},
		{"clusters jsonl", []string{"--format", "jsonl", "--clusters"}, 2, `"independent_sources":2`},
		{"min sources", []string{"--format", "acled-csv", "--clusters", "--min-sources", "2"}, 2, "corroborated; 2 independent sources"},
		{"country", []string{"--format", "acled-csv", "--country", "sdn"}, 2, "Peaceful protest"},
		{"event type", []string{"--format", "cameo-tsv", "--event-type", "Protests"}, 2, "141"},
		{"actor", []string{"--format", "plover-json", "--actor", "SYRMIL"}, 3, `"actor":"Military Forces of Syria"`},
		{"date range", []string{"--format", "jsonl", "--from", "2024-03-09", "--to", "2024-03-31"}, 1, "Khartoum"},
		{"bbox", []string{"--format", "geojson", "--bbox", "35,34,38,37"}, 5, `"coordinates":[36.6717,35.6476]`},
	}
	for _, tc := range tests {
		out, errs, code := runSitrep(t, append([]string{"export", "--db", db}, tc.args...)...)
		if code != 0 {
			t.Errorf("%s: exit %d: %s", tc.name, code, errs)
			continue
		}
		if n := strings.Count(out, "\n"); n != tc.lines {
			t.Errorf("%s: %d lines, want %d:\n%s", tc.name, n, tc.lines, out)
		}
		if !strings.Contains(out, tc.want) {
			t.Errorf("%s: output lacks %q:\n%s", tc.name, tc.want, out)
		}
	}
	out, _, _ := runSitrep(t, "export", "--db", db, "--format", "acled-csv", "--clusters")
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(recs) != 3 {
		t.Fatalf("acled clusters: %d records, %v", len(recs), err)
	}
	if recs[1][0] != "SYR1" || recs[1][17] != "Syria" || recs[1][28] != "12" || recs[1][25] != "copy.example; dailyb.example; wirea.example" {
		t.Errorf("acled cluster row = %v", recs[1])
	}
	out, _, _ = runSitrep(t, "export", "--db", db, "--format", "jsonl", "--clusters", "--country", "SYR")
	var c model.Cluster
	if err := json.Unmarshal([]byte(out), &c); err != nil {
		t.Fatal(err)
	}
	if len(c.Members) != 3 || c.Origins != 2 || c.Fatalities == nil || c.Fatalities.Low != 12 || c.Fatalities.High != 14 {
		t.Errorf("cluster = %+v, want 3 members, 2 origins, fatalities 12..14", c)
	}
}

func TestExportUsage(t *testing.T) {
	db := exportStore(t)
	for _, args := range [][]string{
		{"--format", "xml"},
		{"--bbox", "1,2,3"},
		{"--bbox", "5,5,1,1"},
		{"--from", "March"},
	} {
		if _, _, code := runSitrep(t, append([]string{"export", "--db", db}, args...)...); code == 0 {
			t.Errorf("export %v: exit 0, want an error", args)
		}
	}
}
