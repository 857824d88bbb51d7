package when

import (
	"testing"
	"time"

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

// TestGoldDates: for the gold events dated to a single day, some date the
// article names is that day.
func TestGoldDates(t *testing.T) {
	total, hit := 0, 0
	for _, gold := range goldArticles(t) {
		pub, err := time.Parse("2006-01-02", gold.Article.Published[:min(10, len(gold.Article.Published))])
		if err != nil {
			continue
		}
		ms := Find(text.Parse(gold.Article.Text), pub)
		for _, e := range gold.Events {
			if !e.Required || e.Date == nil || e.Date.From != e.Date.To {
				continue
			}
			total++
			found := false
			for _, m := range ms {
				if m.Precision == Day && m.Date == e.Date.From {
					found = true
				}
			}
			if !found {
				t.Logf("%s %s: no date %s among %d mentions", gold.Article.ID, e.ID, e.Date.From, len(ms))
				continue
			}
			hit++
		}
	}
	t.Logf("gold single-day dates: %d/%d", hit, total)
	if total > 0 && float64(hit) < 0.8*float64(total) {
		t.Errorf("got %d/%d gold dates, want at least 80%%", hit, total)
	}
}
