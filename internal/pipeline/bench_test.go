package pipeline_test

import (
	"context"
	"testing"

	"github.com/sitrep/sitrep/data/samples"
	"github.com/sitrep/sitrep/internal/eval"
	"github.com/sitrep/sitrep/internal/model"
	"github.com/sitrep/sitrep/internal/pipeline"
	"github.com/sitrep/sitrep/internal/sharedtest"
)

// benchCorpus is the embedded samples plus, when present, the dev gold
// articles: real-length conflict reports.
func benchCorpus(b *testing.B) []model.Article {
	arts, err := samples.Articles()
	if err != nil {
		b.Fatal(err)
	}
	if gold := sharedtest.Path("gold", "dev"); gold != "" {
		if golds, err := eval.LoadGold(gold); err == nil {
			for _, g := range golds {
				arts = append(arts, g.Article)
			}
		}
	}
	return arts
}

// BenchmarkAnalyze reports articles/s and MB/s of the whole analysis.
func BenchmarkAnalyze(b *testing.B) {
	arts := benchCorpus(b)
	p, err := pipeline.New()
	if err != nil {
		b.Fatal(err)
	}
	size := 0
	for _, a := range arts {
		size += len(a.Text)
	}
	ctx := context.Background()
	b.SetBytes(int64(size))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, a := range arts {
			if _, err := p.Analyze(ctx, a); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.N*len(arts))/b.Elapsed().Seconds(), "articles/s")
}
