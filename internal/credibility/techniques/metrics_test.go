package techniques

import (
	"bufio"
	"math"
	"strings"
	"testing"
)

func TestSpanScore(t *testing.T) {
	mk := func(spans ...[2]int) []Label {
		var out []Label
		for _, s := range spans {
			out = append(out, Label{Article: "1", Start: s[0], End: s[1]})
		}
		return out
	}
	tests := []struct {
		name       string
		gold, pred []Label
		p, r, f    float64
	}{
		{
			name: "hand-made case",
			gold: mk([2]int{0, 59}, [2]int{171, 181}, [2]int{0, 9}, [2]int{115, 167}, [2]int{740, 759}),
			pred: mk([2]int{0, 50}, [2]int{161, 172}, [2]int{0, 10}, [2]int{115, 167}),
			p:    0.964912, r: 0.486864, f: 0.647181,
		},
		{name: "exact", gold: mk([2]int{3, 9}), pred: mk([2]int{3, 9}), p: 1, r: 1, f: 1},
		{name: "disjoint", gold: mk([2]int{0, 5}), pred: mk([2]int{5, 9}), p: 0, r: 0, f: 0},
		{name: "no prediction", gold: mk([2]int{0, 5}), pred: nil, p: 0, r: 0, f: 0},
		{name: "half", gold: mk([2]int{0, 10}), pred: mk([2]int{5, 15}), p: 0.5, r: 0.5, f: 0.5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := SpanScore(tc.gold, tc.pred)
			if math.Abs(got.P-tc.p) > 5e-7 || math.Abs(got.R-tc.r) > 5e-7 || math.Abs(got.F1-tc.f) > 5e-7 {
				t.Errorf("SpanScore = P %.6f R %.6f F1 %.6f, want P %.6f R %.6f F1 %.6f", got.P, got.R, got.F1, tc.p, tc.r, tc.f)
			}
		})
	}
}

func TestTechniqueScore(t *testing.T) {
	gold := []Label{
		{"1", "Loaded_Language", 0, 5}, {"1", "Name_Calling,Labeling", 0, 5}, {"1", "Doubt", 10, 20}, {"2", "Repetition", 0, 4},
	}
	pred := []Label{
		{"1", "Loaded_Language", 0, 5}, {"1", "Loaded_Language", 0, 5}, {"1", "Doubt", 10, 20}, {"2", "Slogans", 0, 4},
	}
	got := TechniqueScore(gold, pred)
	if got.F1 != 0.5 || got.P != 0.5 || got.R != 0.5 {
		t.Errorf("TechniqueScore = %+v, want P R F1 0.5 (a label is matched once)", got)
	}
}

func TestParseLabels(t *testing.T) {
	tests := []struct {
		in      string
		tc      bool
		want    int
		wantErr bool
	}{
		{"1\t0\t5\n1\t7\t9\n", false, 2, false},
		{"1\tDoubt\t0\t5\n\n", true, 1, false},
		{"1\t0\n", false, 0, true},
		{"1\t9\t5\n", false, 0, true},
	}
	for _, tc := range tests {
		got, err := ParseLabels(bufio.NewScanner(strings.NewReader(tc.in)), tc.tc)
		if (err != nil) != tc.wantErr || len(got) != tc.want {
			t.Errorf("ParseLabels(%q) = %d labels, err %v; want %d, error %v", tc.in, len(got), err, tc.want, tc.wantErr)
		}
	}
}

func FuzzParseLabels(f *testing.F) {
	f.Add("111\t0\t59\n111\t171\t181\n", false)
	f.Add("111\tLoaded_Language\t0\t9\n", true)
	f.Fuzz(func(t *testing.T, s string, tc bool) {
		ls, err := ParseLabels(bufio.NewScanner(strings.NewReader(s)), tc)
		if err != nil {
			return
		}
		for _, l := range ls {
			if l.Start < 0 || l.End < l.Start {
				t.Fatalf("bad label %+v", l)
			}
		}
	})
}
