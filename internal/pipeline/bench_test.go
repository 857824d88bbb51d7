package pipeline_test

import (
	"context"
	"testing"

	"github.com/sitrep/sitrep/internal/pipeline"
)

// BenchmarkAnalyze reports articles/s and MB/s of the whole analysis.
func BenchmarkAnalyze(b *testing.B) {
	arts := pipeline.BenchCorpus(b)
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
