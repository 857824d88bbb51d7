package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/sitrep/sitrep/internal/eval"
	"github.com/sitrep/sitrep/internal/fuse"
	"github.com/sitrep/sitrep/internal/model"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/store/sqlite"
)

// writeClusterScore fuses the analyses of the gold articles, in file order,
// into a scratch SQLite store, and prints the pairwise clustering score
// against the gold cluster fields (sitrep eval --clusters).
func writeClusterScore(ctx context.Context, w io.Writer, golds []model.Gold, preds map[string]model.Analysis) error {
	assign, err := fuseAnalyses(ctx, golds, preds)
	if err != nil {
		return fmt.Errorf("clusters: %w", err)
	}
	eval.ScoreClusters(golds, preds, assign).Write(w)
	fmt.Fprintln(w)
	return nil
}

// fuseAnalyses clusters the events of the analyses and returns the cluster
// of each event (eval.ClusterKey → cluster id).
func fuseAnalyses(ctx context.Context, golds []model.Gold, preds map[string]model.Analysis) (map[string]string, error) {
	dir, err := os.MkdirTemp("", "sitrep-clusters-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	st, err := sqlite.Open(ctx, filepath.Join(dir, "clusters.db"), nil)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	f := fuse.New()
	for _, g := range golds {
		an, ok := preds[g.Article.ID]
		if !ok {
			continue
		}
		a := g.Article
		a.HTML = ""
		if an.Published != "" && a.Published == "" {
			a.Published = an.Published
		}
		if a.Source == "" {
			a.Source = an.Source
		}
		err := st.Update(ctx, func(tx store.Tx) error {
			_, err := f.Add(ctx, tx, store.Article{Article: a, Analysis: an})
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	evs, err := st.Events(ctx, store.EventFilter{ClusteredOnly: true})
	if err != nil {
		return nil, err
	}
	assign := make(map[string]string, len(evs))
	for _, e := range evs {
		assign[eval.ClusterKey(e.ArticleID, e.Event.ID)] = e.ClusterID
	}
	return assign, nil
}
