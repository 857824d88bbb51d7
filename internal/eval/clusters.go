package eval

import (
	"fmt"
	"io"

	"github.com/sitrep/sitrep/internal/model"
)

// ClusterReport scores event clustering against the gold `cluster` fields
// (spec §3), pairwise over gold events.
//
// Every gold event takes part. Two gold events form a gold pair when they
// carry the same non-empty cluster value. Two gold events form a predicted
// pair when both matched a prediction (spec §4 matching, as Score does) and
// the two predictions were assigned the same cluster. Then precision =
// predicted pairs that are gold pairs / predicted pairs, recall = gold pairs
// that are predicted pairs / gold pairs, and F1 their harmonic mean. A gold
// event whose prediction was not found cannot be in a predicted pair, so a
// missed event costs recall.
type ClusterReport struct {
	Precision, Recall Ratio
	F1                float64
	// GoldClusters counts the distinct gold cluster values; Events the gold
	// events scored, Matched those with a matched prediction.
	GoldClusters, Events, Matched int
	// Pairs lists each gold pair and whether it was recovered, and each
	// predicted pair that is not a gold pair.
	Pairs []string
}

// ClusterKey is the key of a predicted event in a cluster assignment.
func ClusterKey(articleID, eventID string) string { return articleID + "/" + eventID }

// ScoreClusters scores a cluster assignment (ClusterKey(article, event) →
// cluster id; events absent or with "" are in no cluster) of the predictions
// preds against the gold clusters.
func ScoreClusters(golds []model.Gold, preds map[string]model.Analysis, assign map[string]string) ClusterReport {
	type ge struct {
		key, gold, pred string // "article/gold-id", gold cluster, predicted cluster
	}
	var events []ge
	var r ClusterReport
	goldClusters := map[string]bool{}
	byArticle := map[string]ArticleResult{}
	for _, a := range Score(golds, preds).Articles {
		byArticle[a.ID] = a
	}
	for _, g := range golds {
		matched := map[string]string{}
		for _, p := range byArticle[g.Article.ID].Pairs {
			matched[p.GoldID] = p.PredID
		}
		for _, e := range g.Events {
			x := ge{key: g.Article.ID + "/" + e.ID, gold: e.Cluster}
			if e.Cluster != "" {
				goldClusters[e.Cluster] = true
			}
			if pid, ok := matched[e.ID]; ok {
				r.Matched++
				x.pred = assign[ClusterKey(g.Article.ID, pid)]
			}
			events = append(events, x)
		}
	}
	r.Events = len(events)
	r.GoldClusters = len(goldClusters)
	for i := range events {
		for j := i + 1; j < len(events); j++ {
			a, b := events[i], events[j]
			gold := a.gold != "" && a.gold == b.gold
			pred := a.pred != "" && a.pred == b.pred
			if gold {
				r.Recall.N++
				mark := "missed"
				if pred {
					r.Recall.K++
					mark = "found"
				}
				r.Pairs = append(r.Pairs, fmt.Sprintf("PAIR %s %s ~ %s (%s)", mark, a.key, b.key, a.gold))
			}
			if pred {
				r.Precision.N++
				if gold {
					r.Precision.K++
				} else {
					r.Pairs = append(r.Pairs, fmt.Sprintf("PAIR wrong %s ~ %s", a.key, b.key))
				}
			}
		}
	}
	if p, q := r.Precision.Value(), r.Recall.Value(); p+q > 0 {
		r.F1 = 2 * p * q / (p + q)
	}
	return r
}

// Write prints the clustering figures and the pairs.
func (r ClusterReport) Write(w io.Writer) {
	fmt.Fprintf(w, "clusters: %d gold clusters over %d gold events (%d matched)\n", r.GoldClusters, r.Events, r.Matched)
	for _, p := range r.Pairs {
		fmt.Fprintln(w, p)
	}
	fmt.Fprintf(w, "cluster pairwise precision %s\n", r.Precision)
	fmt.Fprintf(w, "cluster pairwise recall %s\n", r.Recall)
	fmt.Fprintf(w, "cluster pairwise F1 %.2f\n", r.F1)
}
