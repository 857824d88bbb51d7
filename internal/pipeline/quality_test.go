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
	"github.com/sitrep/sitrep/internal/sharedtest"
)

// floor is the quality the pipeline has reached on one gold set. Raise it
// whenever quality rises; never lower it.
type floor struct {
	Recall    float64 `json:"recall"`
	Precision float64 `json:"precision"`
	F1        float64 `json:"f1"`
}

// TestQualityFloor scores the pipeline on every gold set it can find —
// the shared dev set (developer and CI machines only) and the sets kept in
// testdata/ — and fails when a score falls below testdata/floor.json.
func TestQualityFloor(t *testing.T) {
	root, err := sharedtest.Root()
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join("testdata", "floor.json"))
	if err != nil {
		t.Fatal(err)
	}
	var floors map[string]floor
	if err := json.Unmarshal(b, &floors); err != nil {
		t.Fatalf("testdata/floor.json: %v", err)
	}
	p, err := pipeline.New()
	if err != nil {
		t.Fatal(err)
	}
	for name, f := range floors {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(root, name)
			if name == "shared-dev" {
				dir = sharedtest.Require(t, "gold", "dev")
			}
			golds, err := eval.LoadGold(dir)
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
			t.Logf("%s: recall %.3f precision %.3f F1 %.3f", name, r.Recall, r.Precision, r.F1)
			if r.Recall < f.Recall || r.Precision < f.Precision || r.F1 < f.F1 {
				t.Errorf("quality fell below the floor: got recall %.3f precision %.3f F1 %.3f, want at least %.3f / %.3f / %.3f",
					r.Recall, r.Precision, r.F1, f.Recall, f.Precision, f.F1)
			}
		})
	}
}
