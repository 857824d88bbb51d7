package techniques

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/sitrep/sitrep/internal/text"
)

func TestDecode(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		probs    []float64 // one per token; missing tokens get 0
		th       float64
		gap      int
		edge     float64
		sentOnly bool // format 5: cut at sentences only
		want     []string
	}{
		{"run", "They are corrupt liars today.", []float64{0, 0.1, 0.5, 0.6, 0, 0}, 0.3, 0, 0,
			false, []string{"corrupt liars"}},
		{"function words trimmed", "They are the corrupt liars of today.", []float64{0, 0.4, 0.4, 0.5, 0.6, 0.4, 0, 0}, 0.3, 0, 0,
			false, []string{"corrupt liars"}},
		{"gap bridged", "corrupt and evil liars", []float64{0.5, 0.1, 0.5, 0.5}, 0.3, 1, 0,
			false, []string{"corrupt and evil liars"}},
		{"gap too wide", "corrupt and so evil", []float64{0.5, 0.1, 0.1, 0.5}, 0.3, 1, 0,
			false, []string{"corrupt", "evil"}},
		{"comma cuts", "corrupt, evil liars", []float64{0.5, 0.5, 0.5, 0.5}, 0.3, 2, 0,
			false, []string{"corrupt", "evil liars"}},
		{"format 5: comma inside", "corrupt, evil liars", []float64{0.5, 0.5, 0.5, 0.5}, 0.3, 2, 0,
			true, []string{"corrupt, evil liars"}},
		{"quote cuts", `he said "evil liars"`, []float64{0.5, 0.5, 0.5, 0.5, 0.5, 0.5}, 0.3, 0, 0,
			false, []string{"he said", "evil liars"}},
		{"sentence cuts", "Evil liars. Corrupt thieves.", []float64{0.5, 0.5, 0.5, 0.5, 0.5, 0.5}, 0.3, 2, 0,
			false, []string{"Evil liars", "Corrupt thieves"}},
		{"edge margin", "truly evil corrupt liars", []float64{0.35, 0.6, 0.7, 0.35}, 0.3, 0, 0.1,
			false, []string{"evil corrupt"}},
		{"edge margin keeps one token", "truly evil", []float64{0.35, 0.35}, 0.3, 0, 0.1,
			false, []string{"evil"}},
	}
	lex := buildLexicon()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := text.Parse(tt.in)
			d := analyse(doc, lex)
			probs := make([]float64, len(d.toks))
			copy(probs, tt.probs)
			var got []string
			for _, s := range decode(d, probs, tt.th, tt.gap, tt.edge, !tt.sentOnly) {
				got = append(got, doc.Slice(s.Start, s.End))
			}
			if !reflect.DeepEqual(got, tt.want) {
				var toks []string
				for _, k := range d.toks {
					toks = append(toks, k.norm)
				}
				t.Errorf("decode(%q) = %q, want %q (tokens %q)", tt.in, got, tt.want, toks)
			}
		})
	}
}

// TestSaveLoadFormats checks that a model keeps its decoding settings
// through Save and Load in both formats: 6 (clause cuts, edge margin) and
// 5 (neither).
func TestSaveLoadFormats(t *testing.T) {
	for _, tt := range []struct {
		name    string
		clauses bool
		edge    float32
	}{{"format 6", true, 0.1}, {"format 5", false, 0}} {
		t.Run(tt.name, func(t *testing.T) {
			m := &Model{siBits: 4, si: make([]float32, 16), tcBits: 3, tc: make([]float32, 8*len(classNames)),
				threshold: 0.2, keepShort: 0.3, peak: 0.4, gap: 2, edge: tt.edge, clauses: tt.clauses}
			m.si[3] = 1.5
			q, _ := reload(t, m)
			if q.clauses != m.clauses || q.edge != m.edge || q.threshold != m.threshold || q.gap != m.gap ||
				q.keepShort != m.keepShort || q.peak != m.peak || q.si[3] != m.si[3] {
				t.Errorf("reloaded clauses %v edge %v threshold %v gap %d short %v peak %v si[3] %v, want %v %v %v %d %v %v %v",
					q.clauses, q.edge, q.threshold, q.gap, q.keepShort, q.peak, q.si[3],
					m.clauses, m.edge, m.threshold, m.gap, m.keepShort, m.peak, m.si[3])
			}
		})
	}
}

// reload saves m and loads it back, as the shipped model is read, and
// returns the saved bytes too.
func reload(t testing.TB, m *Model) (*Model, []byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		t.Fatal(err)
	}
	q, err := Load(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return q, buf.Bytes()
}
