package techniques

import (
	"bytes"
	"math"
	"reflect"
	"strconv"
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
			checkDecoded(t, "decode", tt.in, tt.probs, lex, tt.want, func(d *docFeats, probs []float64) []Span {
				return decode(d, probs, tt.th, tt.gap, tt.edge, !tt.sentOnly)
			})
		})
	}
}

// identityCal is a calibration table that keeps probabilities as they are
// (up to their bin).
func identityCal() []float32 {
	c := make([]float32, calibBins)
	for b := range c {
		c[b] = (float32(b) + 0.5) / calibBins
	}
	return c
}

// TestDecodeDP checks the span decoder with an identity calibration and the
// shipped model's beta and gamma (0.06, 0.38) unless a case says otherwise.
func TestDecodeDP(t *testing.T) {
	const hi, lo = 0.6, 0.01
	tests := []struct {
		name        string
		in          string
		probs       []float64 // one per token; missing tokens get 0
		rec         []float32 // nil: the recall term sums q
		beta, gamma float64
		sep, maxLen int
		want        []string
	}{
		{"whole span", "They are corrupt evil liars today.", []float64{lo, lo, hi, hi, hi, lo, lo}, nil, 0.06, 0.38, 3, 100,
			[]string{"corrupt evil liars"}},
		{"function words never at the ends", "the corrupt liars of today", []float64{hi, hi, hi, hi, lo}, nil, 0.06, 0.38, 3, 100,
			[]string{"corrupt liars"}},
		{"a less likely word inside", "corrupt and evil liars", []float64{hi, 0.5, hi, hi}, nil, 0.06, 0.38, 3, 100,
			[]string{"corrupt and evil liars"}},
		{"nothing likely enough", "They are corrupt evil liars today.", []float64{0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1}, nil, 0.06, 0.38, 3, 100,
			nil},
		{"every span costs gamma", "They are corrupt evil liars today.", []float64{lo, lo, hi, hi, hi, lo, lo}, nil, 0.06, 1.2, 3, 100,
			nil},
		{"a larger beta takes in the less likely words", "They are corrupt evil liars today.", []float64{0.3, 0.3, hi, hi, hi, 0.3, lo}, nil, 0.3, 0.38, 3, 100,
			[]string{"They are corrupt evil liars today"}},
		{"two spans apart", "corrupt liars said that many people were evil traitors", []float64{hi, hi, lo, lo, lo, lo, lo, hi, hi}, nil, 0.06, 0.38, 3, 100,
			[]string{"corrupt liars", "evil traitors"}},
		{"spans stand sep tokens apart", "corrupt liars , evil traitors", []float64{hi, hi, lo, hi, hi}, nil, 0.06, 0.38, 3, 100,
			// Two spans of one word each weigh more in the precision
			// average than one span over the passage.
			[]string{"corrupt", "traitors"}},
		{"sep 1", "corrupt liars , evil traitors", []float64{hi, hi, lo, hi, hi}, nil, 0.06, 0.38, 1, 100,
			[]string{"corrupt liars", "evil traitors"}},
		{"never across sentences", "Evil liars. Corrupt thieves.", []float64{hi, hi, hi, hi, hi, hi}, nil, 0.06, 0.38, 3, 100,
			[]string{"Evil liars", "Corrupt thieves"}},
		{"at most maxLen tokens", "evil corrupt lying", []float64{hi, hi, hi}, nil, 0.06, 0.38, 3, 2,
			[]string{"evil corrupt"}},
		// With a recall table, the recall term sums r instead of q: here
		// a word of probability 0.3 adds 0.02 to it, one of 0.6 adds 0.3,
		// and the less likely words no longer pay for themselves.
		{"recall table", "They are corrupt evil liars today.", []float64{0.3, 0.3, hi, hi, hi, 0.3, lo}, recTable(0.5, 0.02, 0.3), 1, 0.38, 3, 100,
			[]string{"corrupt evil liars"}},
		{"recall table, no table", "They are corrupt evil liars today.", []float64{0.3, 0.3, hi, hi, hi, 0.3, lo}, nil, 1, 0.38, 3, 100,
			[]string{"They are corrupt evil liars today"}},
	}
	lex := buildLexicon()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkDecoded(t, "decodeDP", tt.in, tt.probs, lex, tt.want, func(d *docFeats, probs []float64) []Span {
				return decodeDP(d, probs, identityCal(), tt.rec, tt.beta, tt.gamma, tt.sep, tt.maxLen)
			})
		})
	}
}

// recTable is a recall table of value lo below probability split, hi from it on.
func recTable(split, lo, hi float64) []float32 {
	r := make([]float32, calibBins)
	for b := range r {
		r[b] = float32(lo)
		if b >= calibBin(split) {
			r[b] = float32(hi)
		}
	}
	return r
}

// TestCalibrate checks that the calibration table follows the share of gold
// tokens per probability bin and never decreases.
func TestCalibrate(t *testing.T) {
	// Two articles: "corrupt liars" is the gold span of each.
	var arts []Article
	var docs []*docFeats
	var probs [][]float64
	lex := buildLexicon()
	for i, p := range [][]float64{{0.1, 0.1, 0.9, 0.9, 0.6, 0.1}, {0.1, 0.6, 0.9, 0.3, 0.95, 0.1}} {
		txt := "They are corrupt liars today ."
		doc := text.Parse(txt)
		a := Article{ID: strconv.Itoa(i), Text: txt, Doc: doc, SI: []Label{{Article: strconv.Itoa(i), Start: 9, End: 22}}}
		arts = append(arts, a)
		docs = append(docs, analyse(doc, lex))
		probs = append(probs, p)
	}
	cal := calibrate(arts, docs, probs, []int{0, 1})
	if len(cal) != calibBins {
		t.Fatalf("calibrate gave %d bins, want %d", len(cal), calibBins)
	}
	for b := 1; b < len(cal); b++ {
		if cal[b] < cal[b-1] {
			t.Errorf("calibration decreases at bin %d: %v", b, cal)
		}
	}
	// Smoothed shares per bin: 0.1: 0 of 5 tokens → 0.5/6; 0.3: 1 of 1 →
	// 1.5/2, 0.6: 0 of 2 → 0.5/3, pooled (2/5); 0.9: 3 of 3 → 3.5/4, 0.95:
	// 0 of 1 → 0.5/2, pooled (4/6); empty bins copy the bin below.
	for _, c := range []struct{ p, want float64 }{{0, 0.5 / 6}, {0.1, 0.5 / 6}, {0.2, 0.5 / 6}, {0.3, 0.4}, {0.6, 0.4},
		{0.9, 4.0 / 6}, {0.95, 4.0 / 6}, {1, 4.0 / 6}} {
		if got := cal[calibBin(c.p)]; math.Abs(float64(got)-c.want) > 1e-6 {
			t.Errorf("calibrated %v = %v, want %v", c.p, got, c.want)
		}
	}
	// Recall weights: tokens of the two-token gold span count 1/2, others
	// 0, plus 0.05 over one more token: 0.1: 0.05/6; 0.3: 0.55/2, 0.6:
	// 0.05/3, pooled (0.6/5); 0.9: 1.55/4, 0.95: 0.05/2, pooled (1.6/6).
	rec := recallWeights(arts, docs, probs, []int{0, 1})
	for _, c := range []struct{ p, want float64 }{{0.1, 0.05 / 6}, {0.3, 0.6 / 5}, {0.6, 0.6 / 5}, {0.9, 1.6 / 6}, {1, 1.6 / 6}} {
		if got := rec[calibBin(c.p)]; math.Abs(float64(got)-c.want) > 1e-6 {
			t.Errorf("recall weight of %v = %v, want %v", c.p, got, c.want)
		}
	}
}

// TestSaveLoadFormats checks that a model keeps its decoding settings
// through Save and Load in every format: 8 (decodeDP with a recall table),
// 7 (without), 6 (thresholds, clause cuts, edge margin) and 5 (thresholds
// only).
func TestSaveLoadFormats(t *testing.T) {
	for _, tt := range []struct {
		name    string
		clauses bool
		edge    float32
		cal     []float32
		rec     []float32
	}{{"format 8", false, 0, identityCal(), recTable(0.5, 0.02, 0.3)}, {"format 7", false, 0, identityCal(), nil},
		{"format 6", true, 0.1, nil, nil}, {"format 5", false, 0, nil, nil}} {
		t.Run(tt.name, func(t *testing.T) {
			m := &Model{siBits: 4, si: make([]float32, 16), tcBits: 3, tc: make([]float32, 8*len(classNames)),
				threshold: 0.2, keepShort: 0.3, peak: 0.4, gap: 2, edge: tt.edge, clauses: tt.clauses}
			if tt.cal != nil {
				*m = Model{siBits: 4, si: make([]float32, 16), tcBits: 3, tc: make([]float32, 8*len(classNames)),
					cal: tt.cal, rec: tt.rec, beta: 0.06, gamma: 0.38, sep: 3, maxLen: 100}
			}
			m.si[3] = 1.5
			q, _ := reload(t, m)
			if q.clauses != m.clauses || q.edge != m.edge || q.threshold != m.threshold || q.gap != m.gap ||
				q.keepShort != m.keepShort || q.peak != m.peak || q.si[3] != m.si[3] {
				t.Errorf("reloaded clauses %v edge %v threshold %v gap %d short %v peak %v si[3] %v, want %v %v %v %d %v %v %v",
					q.clauses, q.edge, q.threshold, q.gap, q.keepShort, q.peak, q.si[3],
					m.clauses, m.edge, m.threshold, m.gap, m.keepShort, m.peak, m.si[3])
			}
			if !reflect.DeepEqual(q.cal, m.cal) || !reflect.DeepEqual(q.rec, m.rec) || q.beta != m.beta || q.gamma != m.gamma || q.sep != m.sep || q.maxLen != m.maxLen {
				t.Errorf("reloaded decoder cal %v rec %v beta %v gamma %v sep %d maxLen %d, want %v %v %v %v %d %d",
					q.cal, q.rec, q.beta, q.gamma, q.sep, q.maxLen, m.cal, m.rec, m.beta, m.gamma, m.sep, m.maxLen)
			}
		})
	}
}

// FuzzLoad feeds Load model files (a --model file is outside input): it
// must fail cleanly, never panic, and a model it accepts must run.
func FuzzLoad(f *testing.F) {
	for _, m := range []*Model{
		{siBits: 4, si: make([]float32, 16), tcBits: 3, tc: make([]float32, 8*len(classNames)), cal: identityCal(), rec: recTable(0.5, 0.02, 0.3), beta: 0.6, gamma: 0.38, sep: 3, maxLen: 100},
		{siBits: 4, si: make([]float32, 16), tcBits: 3, tc: make([]float32, 8*len(classNames)), cal: identityCal(), beta: 0.06, gamma: 0.38, sep: 3, maxLen: 100},
		{siBits: 4, si: make([]float32, 16), tcBits: 3, tc: make([]float32, 8*len(classNames)), threshold: 0.2, clauses: true},
	} {
		var buf bytes.Buffer
		if err := m.Save(&buf); err != nil {
			f.Fatal(err)
		}
		f.Add(buf.Bytes())
	}
	doc := text.Parse("They are corrupt liars. The corrupt liars lie.")
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Load(data)
		if err != nil || m.siBits > 12 || m.tcBits > 12 || m.stBits > 12 {
			return // large tables: valid, but too slow to run here
		}
		m.Detect(doc)
	})
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

// checkDecoded decodes in with token probabilities probs (padded with
// zeros) by dec and compares the texts of the spans with want.
func checkDecoded(t *testing.T, name, in string, probs []float64, lex map[string]uint16, want []string, dec func(*docFeats, []float64) []Span) {
	t.Helper()
	doc := text.Parse(in)
	d := analyse(doc, lex)
	p := make([]float64, len(d.toks))
	copy(p, probs)
	var got []string
	for _, s := range dec(d, p) {
		got = append(got, doc.Slice(s.Start, s.End))
	}
	if !reflect.DeepEqual(got, want) {
		var toks []string
		for _, k := range d.toks {
			toks = append(toks, k.norm)
		}
		t.Errorf("%s(%q) = %q, want %q (tokens %q)", name, in, got, want, toks)
	}
}
