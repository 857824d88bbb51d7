package pipeline_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/sitrep/sitrep/internal/eval"
	"github.com/sitrep/sitrep/internal/model"
	"github.com/sitrep/sitrep/internal/pipeline"
)

// floor is the quality the pipeline has reached on ../shared/gold/dev. Raise
// it whenever quality rises; never lower it.
type floor struct {
	Recall    float64 `json:"recall"`
	Precision float64 `json:"precision"`
	F1        float64 `json:"f1"`
}

// sharedDir returns ../shared seen from the repository root, or skips.
func sharedDir(t testing.TB) string {
	t.Helper()
	root, err := repoRoot()
	if err != nil {
		t.Skip("repository root not found")
	}
	shared := filepath.Join(root, "..", "shared")
	if _, err := os.Stat(filepath.Join(shared, "gold", "dev")); err != nil {
		t.Skipf("skipping: %s not present (the shared gold data is only on developer and CI machines)", shared)
	}
	return shared
}

func TestQualityFloor(t *testing.T) {
	shared := sharedDir(t)
	golds, err := eval.LoadGold(filepath.Join(shared, "gold", "dev"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := pipeline.New()
	if err != nil {
		t.Fatal(err)
	}
	preds := map[string]model.Analysis{}
	for _, g := range golds {
		an, err := p.Analyze(context.Background(), g.Article)
		if err != nil {
			t.Fatalf("%s: %v", g.Article.ID, err)
		}
		preds[g.Article.ID] = an
	}
	r := eval.Score(golds, preds)
	b, err := os.ReadFile(filepath.Join("testdata", "floor.json"))
	if err != nil {
		t.Fatal(err)
	}
	var f floor
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatalf("testdata/floor.json: %v", err)
	}
	t.Logf("dev gold: recall %.3f precision %.3f F1 %.3f", r.Recall, r.Precision, r.F1)
	if r.Recall < f.Recall || r.Precision < f.Precision || r.F1 < f.F1 {
		t.Errorf("quality fell below the floor: got recall %.3f precision %.3f F1 %.3f, want at least %.3f / %.3f / %.3f",
			r.Recall, r.Precision, r.F1, f.Recall, f.Precision, f.F1)
	}
}
