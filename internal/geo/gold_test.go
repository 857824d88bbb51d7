package geo

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/sitrep/sitrep/internal/model"
	"github.com/sitrep/sitrep/internal/sharedtest"
	"github.com/sitrep/sitrep/internal/text"
)

// goldDir finds ../shared/gold/dev beside the repository root.
func goldDir(t *testing.T) string {
	t.Helper()
	return sharedtest.Require(t, "gold", "dev")
}

// TestGoldPlaces: the places of the gold events are among the places the
// gazetteer resolves in their articles (name or within 25 km, as the scorer).
func TestGoldPlaces(t *testing.T) {
	dir := goldDir(t)
	files, _ := filepath.Glob(filepath.Join(dir, "*.gold.json"))
	g := gazetteer(t)
	total, hit := 0, 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var gold model.Gold
		if err := json.Unmarshal(b, &gold); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		doc := text.Parse(gold.Article.Text)
		rs := g.Resolve(doc, g.Mentions(doc))
		for _, e := range gold.Events {
			if e.Location == nil || !e.Required {
				continue
			}
			total++
			found := false
			for _, r := range rs {
				if Distance(r.Place.Lat, r.Place.Lon, e.Location.Lat, e.Location.Lon) <= 25 {
					found = true
					break
				}
				for _, n := range e.Location.Names {
					if NormName(n) == NormName(r.Place.Name) {
						found = true
					}
				}
			}
			if !found {
				t.Logf("%s %s: gold place %v not resolved", filepath.Base(f), e.ID, e.Location.Names)
				continue
			}
			hit++
		}
	}
	t.Logf("gold places: %d/%d found", hit, total)
	if total > 0 && float64(hit) < 0.9*float64(total) {
		t.Errorf("got %d/%d gold places, want at least 90%%", hit, total)
	}
}
