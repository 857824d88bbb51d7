package geo

import (
	"runtime"
	"testing"

	"github.com/sitrep/sitrep/internal/benchclock"
	"github.com/sitrep/sitrep/internal/text"
)

// BenchmarkLoad measures decoding the embedded gazetteer; it reports the
// heap the loaded gazetteer keeps (heap-MB) besides time per load.
func BenchmarkLoad(b *testing.B) {
	var g *Gazetteer
	var err error
	cpu0 := benchclock.Process()
	for b.Loop() {
		g, err = Load()
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	// CPU time per load (all threads, GC included): wall time says little
	// on a shared machine.
	b.ReportMetric(float64(benchclock.Process()-cpu0)/float64(b.N)/1e6, "cpu-ms/op")
	runtime.GC()
	var before, after runtime.MemStats
	g = nil
	runtime.GC()
	runtime.ReadMemStats(&before)
	g, _ = Load()
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "heap-MB")
	runtime.KeepAlive(g)
}

const benchArticle = `Syrian government forces shelled the village of Umm Jalal in the southern Idlib countryside on Tuesday, killing at least 12 civilians, the Syrian Observatory for Human Rights said. Warplanes also struck Saraqib and Maarat al-Numan, while clashes continued near Khan Sheikhoun and in the Hama countryside. In Iraq, protesters in Nassiriya and Najaf burned tyres; in Yemen, Houthi forces advanced on Marib from al-Jubah district. Further away, Russian missiles hit Kharkiv and Mariupol, and in Myanmar the army bombed Pa Zi Gyi village in Sagaing Region.`

func BenchmarkMentions(b *testing.B) {
	g, err := Load()
	if err != nil {
		b.Fatal(err)
	}
	doc := text.Parse(benchArticle)
	g.Mentions(doc) // builds the skeleton index once
	b.ResetTimer()
	for b.Loop() {
		ms := g.Mentions(doc)
		_ = g.Resolve(doc, ms)
	}
}
