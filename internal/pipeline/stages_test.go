package pipeline

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/sitrep/sitrep/data/samples"
	"github.com/sitrep/sitrep/internal/benchclock"
	"github.com/sitrep/sitrep/internal/credibility"
	"github.com/sitrep/sitrep/internal/eval"
	"github.com/sitrep/sitrep/internal/model"
	"github.com/sitrep/sitrep/internal/sharedtest"
	"github.com/sitrep/sitrep/internal/syntax"
	"github.com/sitrep/sitrep/internal/text"
)

// BenchCorpus is the benchmarks' articles: the embedded samples plus, when
// present, the dev gold articles — real-length conflict reports.
func BenchCorpus(b testing.TB) []model.Article {
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

// BenchmarkStages times each stage of the analysis separately over the
// same articles and reports, per stage, its share of an analysis that
// parses every sentence:
//
//	text      tokenising and sentence splitting
//	mentions  actors, places, dates and counts
//	parse     tagging and parsing every sentence
//	coder     event coding, given the parses (its own cost only)
//	cred      credibility
//
// and the sentences per second of the whole path from raw text to events
// with every sentence parsed (text + mentions + parse + coder), and of
// the analysis as it runs (parsing only the sentences the coder asks
// for). Times are the benchmark thread's CPU time where the system has
// such a clock (Linux), so that the figures hold on a busy machine; run
// it with -cpu 1.
func BenchmarkStages(b *testing.B) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	b.Logf("stages timed in %s", benchclock.Name)
	arts := BenchCorpus(b)
	p, err := New()
	if err != nil {
		b.Fatal(err)
	}
	var dur [5]time.Duration
	var lazy time.Duration
	sentences := 0
	ctx := context.Background()
	for b.Loop() {
		for _, a := range arts {
			t0 := benchclock.Now()
			doc := text.Parse(a.Text)
			t1 := benchclock.Now()
			in := p.mentions(doc, parsePublished(a.Published))
			t2 := benchclock.Now()
			trees := make([][]syntax.Word, len(doc.Sentences))
			for si := range doc.Sentences {
				trees[si] = p.syn.ParseTree(syntax.SplitWords(doc.Sentences[si].Tokens))
			}
			t3 := benchclock.Now()
			in.Tree = func(si int) []syntax.Word { return trees[si] }
			p.coder.Code(in)
			t4 := benchclock.Now()
			p.cred.Analyze(credibility.Input{Doc: doc, Article: a})
			t5 := benchclock.Now()
			if _, err := p.Analyze(ctx, a); err != nil {
				b.Fatal(err)
			}
			lazy += benchclock.Now() - t5
			for i, d := range []time.Duration{t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4} {
				dur[i] += d
			}
			sentences += len(doc.Sentences)
		}
	}
	var all time.Duration
	for _, d := range dur {
		all += d
	}
	for i, name := range []string{"text", "mentions", "parse", "coder", "cred"} {
		b.ReportMetric(100*dur[i].Seconds()/all.Seconds(), name+"-%")
	}
	path := dur[0] + dur[1] + dur[2] + dur[3]
	b.ReportMetric(float64(sentences)/path.Seconds(), "path-sentences/s")
	b.ReportMetric(float64(sentences)/lazy.Seconds(), "analysis-sentences/s")
}
