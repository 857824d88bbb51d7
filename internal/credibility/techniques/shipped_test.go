package techniques

import (
	"path/filepath"
	"testing"

	credibilitydata "github.com/sitrep/sitrep/data/credibility"
)

// TestShippedModelDev scores the embedded model on PTC dev (SemEval-2020
// task 11 definitions) and guards the figures reported in data/README.md.
func TestShippedModelDev(t *testing.T) {
	p := sharedPTC(t)
	m, err := Load(credibilitydata.Techniques())
	if err != nil {
		t.Fatal(err)
	}
	dev, err := ReadCorpus(filepath.Join(p, "dev"))
	if err != nil {
		t.Fatal(err)
	}
	var gs, gt []Label
	for _, a := range dev {
		gs = append(gs, a.SI...)
		gt = append(gt, a.TC...)
	}
	si := SpanScore(gs, m.PredictSpans(dev))
	tc := TechniqueScore(gt, m.PredictTechniques(dev))
	t.Logf("dev span P %.4f R %.4f F1 %.4f; technique micro-F1 %.4f", si.P, si.R, si.F1, tc.F1)
	if si.F1 < 0.42 {
		t.Errorf("dev span F1 = %.4f, want at least 0.42", si.F1)
	}
	if tc.F1 < 0.58 {
		t.Errorf("dev technique micro-F1 = %.4f, want at least 0.58", tc.F1)
	}
}
