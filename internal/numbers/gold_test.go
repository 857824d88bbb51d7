package numbers

import (
	"testing"

	"github.com/sitrep/sitrep/internal/eval"
	"github.com/sitrep/sitrep/internal/model"
	"github.com/sitrep/sitrep/internal/sharedtest"
	"github.com/sitrep/sitrep/internal/text"
)

// goldArticles loads the shared dev gold set, or skips.
func goldArticles(t *testing.T) []model.Gold {
	t.Helper()
	golds, err := eval.LoadGold(sharedtest.Require(t, "gold", "dev"))
	if err != nil {
		t.Fatal(err)
	}
	return golds
}

// TestGoldTolls: every non-zero gold death toll is matched by a "killed"
// count of its article.
func TestGoldTolls(t *testing.T) {
	total, hit := 0, 0
	for _, gold := range goldArticles(t) {
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
				t.Logf("%s %s: no killed count in [%d, %d]", gold.Article.ID, e.ID, e.Fatalities.Low, e.Fatalities.High)
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
