package when

import (
	"encoding/json"
	"github.com/sitrep/sitrep/internal/sharedtest"
	"os"
	"path/filepath"
	"testing"
	"time"

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

// TestGoldDates: for the gold events dated to a single day, some date the
// article names is that day.
func TestGoldDates(t *testing.T) {
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
				t.Logf("%s %s: no date %s among %d mentions", filepath.Base(f), e.ID, e.Date.From, len(ms))
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
