package numbers

import (
	"encoding/json"
	"github.com/sitrep/sitrep/internal/sharedtest"
	"os"
	"path/filepath"
	"testing"

	"github.com/sitrep/sitrep/internal/model"
	"github.com/sitrep/sitrep/internal/text"
)

func goldFiles(t *testing.T) []string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(sharedtest.Require(t, "gold", "dev"), "*.gold.json"))
	if len(files) == 0 {
		t.Skip("gold files absent (../shared/gold/dev): skipping")
	}
	return files
}

// TestGoldTolls: every non-zero gold death toll is matched by a "killed"
// count of its article.
func TestGoldTolls(t *testing.T) {
	total, hit := 0, 0
	for _, f := range goldFiles(t) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var gold model.Gold
		if err := json.Unmarshal(b, &gold); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		cs := Find(text.Parse(gold.Article.Text))
		for _, e := range gold.Events {
			if e.Fatalities == nil || e.Fatalities.High == 0 {
				continue
			}
			total++
			found := false
			for _, c := range cs {
				if c.Kind == "killed" && c.Best >= e.Fatalities.Low && c.Best <= e.Fatalities.High {
					found = true
				}
			}
			if !found {
				t.Logf("%s %s: no killed count in [%d, %d]", filepath.Base(f), e.ID, e.Fatalities.Low, e.Fatalities.High)
				continue
			}
			hit++
		}
	}
	t.Logf("gold tolls: %d/%d", hit, total)
	if total > 0 && float64(hit) < 0.8*float64(total) {
		t.Errorf("got %d/%d gold tolls, want at least 80%%", hit, total)
	}
}
