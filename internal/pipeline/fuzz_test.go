package pipeline_test

import (
	"context"
	"testing"
	"unicode/utf8"

	"github.com/sitrep/sitrep/internal/model"
	"github.com/sitrep/sitrep/internal/pipeline"
)

// FuzzAnalyze feeds arbitrary text through the whole analysis: it must never
// panic, and every span it returns must slice the text to its own words.
func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{
		"Russian jets carried out airstrikes on Umm Jalal village on Tuesday, killing dozens.",
		"EL FASHER, Sudan (Wire) — At least 12 people were killed when shells fired by the RSF hit the village of Abu Shouk.",
		"Protesters stormed parliament; police fired tear gas to disperse crowds in Mombasa and Kisumu.",
		"The AA said its forces had taken complete control of the town of Buthidaung, a spokesman said.",
		"“Regime forces shelled al-Mayadin (الميادين) at dawn,” a resident said – five killed.",
		"", "..", "between and between the village of", "In the area of Of Of Of area village town",
	} {
		f.Add(s, "2024-05-08")
	}
	p, err := pipeline.New()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s, published string) {
		if !utf8.ValidString(s) {
			return // ingest repairs invalid UTF-8 before analysis
		}
		an, err := p.Analyze(context.Background(), model.Article{ID: "fuzz", Text: s, Published: published})
		if err != nil {
			return
		}
		checkOffsets(t, s, an)
	})
}
