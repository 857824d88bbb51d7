package eval

import (
	"testing"

	"github.com/sitrep/sitrep/internal/model"
)

func TestScoreClusters(t *testing.T) {
	g := func(article, cluster string) model.Gold {
		e := airstrike()
		e.Cluster = cluster
		return gold(article, e)
	}
	golds := []model.Gold{g("a", "c1"), g("b", "c1"), g("c", "c1"), g("d", "")}
	preds := map[string]model.Analysis{}
	for _, id := range []string{"a", "b", "c", "d"} {
		preds[id] = model.Analysis{ArticleID: id, Events: []model.Event{strikePred("p")}}
	}
	tests := []struct {
		name                     string
		assign                   map[string]string
		precK, precN, recK, recN int
	}{
		{"perfect", map[string]string{"a/p": "x", "b/p": "x", "c/p": "x", "d/p": "y"}, 3, 3, 3, 3},
		{"split", map[string]string{"a/p": "x", "b/p": "x", "c/p": "z", "d/p": "y"}, 1, 1, 1, 3},
		{"all in one", map[string]string{"a/p": "x", "b/p": "x", "c/p": "x", "d/p": "x"}, 3, 6, 3, 3},
		{"none", map[string]string{}, 0, 0, 0, 3},
	}
	for _, tc := range tests {
		r := ScoreClusters(golds, preds, tc.assign)
		if r.Precision != (Ratio{tc.precK, tc.precN}) || r.Recall != (Ratio{tc.recK, tc.recN}) {
			t.Errorf("%s: precision %v recall %v, want %d/%d and %d/%d", tc.name, r.Precision, r.Recall, tc.precK, tc.precN, tc.recK, tc.recN)
		}
		if r.GoldClusters != 1 || r.Events != 4 || r.Matched != 4 {
			t.Errorf("%s: %d gold clusters, %d events, %d matched; want 1, 4, 4", tc.name, r.GoldClusters, r.Events, r.Matched)
		}
	}
}
