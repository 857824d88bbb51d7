package techniques

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/internal/sharedtest"
)

func sharedPTC(t testing.TB) string {
	t.Helper()
	return sharedtest.Require(t, "data", "ptc")
}

// TestTrainDev trains on PTC train and scores on PTC dev. It takes a few
// seconds of CPU, so it only runs with SITREP_PTC_TRAIN=1; with
// SITREP_PTC_OUT=FILE it also writes the model.
func TestTrainDev(t *testing.T) {
	if os.Getenv("SITREP_PTC_TRAIN") == "" {
		t.Skip("set SITREP_PTC_TRAIN=1 to train on PTC train and score PTC dev")
	}
	p := sharedPTC(t)
	train, err := ReadCorpus(filepath.Join(p, "train"))
	if err != nil {
		t.Fatal(err)
	}
	dev, err := ReadCorpus(filepath.Join(p, "dev"))
	if err != nil {
		t.Fatal(err)
	}
	opt := TrainOptions{Log: testWriter{t}}
	for _, kv := range strings.Split(os.Getenv("SITREP_PTC_OPTS"), ",") {
		k, v, _ := strings.Cut(kv, "=")
		n, _ := strconv.ParseFloat(v, 64)
		switch k {
		case "si":
			opt.SIBits = uint(n)
		case "tc":
			opt.TCBits = uint(n)
		case "ep":
			opt.Epochs = int(n)
		case "tce":
			opt.TCEpochs = int(n)
		case "rate":
			opt.Rate = n
		case "tcrate":
			opt.TCRate = n
		case "tconly":
			opt.TCOnly = n > 0
		case "avg":
			opt.NoAverage = n == 0
		case "siseeds":
			opt.SISeeds = int(n)
		case "st":
			opt.StackBits = uint(n)
		case "tcseeds":
			opt.TCSeeds = int(n)
		case "siavg":
			opt.SILast = n == 0
		case "folds":
			opt.Folds = int(n)
		case "sw":
			opt.SpanWeight = n
		case "ssw":
			opt.StackSpanWeight = n
		case "seed":
			opt.Seed = int64(n)
		case "thresholds":
			opt.Thresholds = n > 0
		}
	}
	m, err := Train(train, opt)
	if err != nil {
		t.Fatal(err)
	}
	q, saved := reload(t, m)
	var gs, gt []Label
	for _, a := range dev {
		gs = append(gs, a.SI...)
		gt = append(gt, a.TC...)
	}
	for name, mm := range map[string]*Model{"float": m, "quantised": q} {
		si := SpanScore(gs, mm.PredictSpans(dev))
		tc := TechniqueScore(gt, mm.PredictTechniques(dev))
		t.Logf("%s: dev span P %.4f R %.4f F1 %.4f (pred %d); technique F1 %.4f", name, si.P, si.R, si.F1, si.Pred, tc.F1)
	}
	t.Logf("model size %d bytes", len(saved))
	if out := os.Getenv("SITREP_PTC_PRED"); out != "" {
		var b strings.Builder
		for _, l := range q.PredictSpans(dev) {
			b.WriteString(l.Article + "\t" + strconv.Itoa(l.Start) + "\t" + strconv.Itoa(l.End) + "\n")
		}
		if err := os.WriteFile(out, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		b.Reset()
		for _, l := range q.PredictTechniques(dev) {
			b.WriteString(l.Article + "\t" + l.Technique + "\t" + strconv.Itoa(l.Start) + "\t" + strconv.Itoa(l.End) + "\n")
		}
		if err := os.WriteFile(out+".tc", []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if out := os.Getenv("SITREP_PTC_OUT"); out != "" {
		if err := os.WriteFile(out, saved, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	if os.Getenv("SITREP_PTC_VERBOSE") != "" {
		w.t.Log(string(bytes.TrimRight(p, "\n")))
	}
	return len(p), nil
}
