// Package techniques finds propaganda technique spans in an article and names
// their technique, following the 14 classes of the Propaganda Techniques
// Corpus (SemEval-2020 task 11).
//
// In: a tokenised article (*text.Doc). Out: spans with rune offsets into the
// article text, each with a technique name and a confidence. Two linear
// models over hashed features of our own (words, stems, shapes, our own
// lexicons, context windows, quotation and repetition cues): a token-level
// logistic regression (stacked) gives each token the probability that it is
// inside a propaganda span, a decoder picks whole spans from these (the set
// of spans per sentence with the best expected span score, see decodeDP),
// and a multinomial logistic regression names the technique of a span. Training
// (Train) and scoring (SpanScore, TechniqueScore) live here too; the corpus
// itself never ships, only the quantised, gzip'd weights.
package techniques

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"

	"github.com/sitrep/sitrep/internal/model"
	"github.com/sitrep/sitrep/internal/text"
)

// Classes are the 14 technique names as scored in SemEval-2020 task 11.
var classNames = []string{
	"Appeal_to_Authority", "Appeal_to_fear-prejudice", "Bandwagon,Reductio_ad_hitlerum",
	"Black-and-White_Fallacy", "Causal_Oversimplification", "Doubt", "Exaggeration,Minimisation",
	"Flag-Waving", "Loaded_Language", "Name_Calling,Labeling", "Repetition", "Slogans",
	"Thought-terminating_Cliches", "Whataboutism,Straw_Men,Red_Herring",
}

// Classes returns the technique names in model order.
func Classes() []string { return append([]string(nil), classNames...) }

// Model holds the weights of both models. It is read-only after Load or
// Train and safe for concurrent use.
type Model struct {
	siBits    uint
	si        []float32 // token-in-span weights, 1<<siBits
	threshold float32   // token probability above which a token is in a span
	keepShort float32   // mean probability a span of one or two tokens needs
	peak      float32   // probability at least one token of a span needs
	gap       uint32    // tokens below the threshold bridged inside a span
	edge      float32   // a span's end tokens need threshold+edge
	clauses   bool      // spans never cross clause punctuation (format 6)
	// Formats 7 and 8 decode with decodeDP instead: cal maps token
	// probabilities to calibrated ones, rec (format 8) to their expected
	// share in the recall sum; beta, gamma, sep and maxLen are its
	// parameters. The threshold fields above are then unused.
	cal, rec    []float32
	beta, gamma float32
	sep, maxLen uint32
	stBits      uint
	st          []float32 // second-stage token weights over first-stage probabilities, 1<<stBits
	tcBits      uint
	tc          []float32 // span technique weights, (1<<tcBits)*len(classNames)
	lex         map[string]uint16
}

// Span is a detected propaganda span.
type Span struct {
	Start, End int     // rune offsets
	Prob       float64 // mean token probability
	Max        float64 // highest token probability
	n          int     // tokens
}

// ErrNoModel is returned by Load for empty model data.
var ErrNoModel = errors.New("no technique model")

// magic heads the model data. Formats 5 (threshold decoder), 6 (threshold
// decoder with clause cuts and edge margin) and 7 (decodeDP without the
// recall table) still load and decode as they were trained.
const (
	magic  = "sitrep-techniques-8"
	magic7 = "sitrep-techniques-7"
	magic6 = "sitrep-techniques-6"
	magic5 = "sitrep-techniques-5"
)

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// Spans finds the propaganda spans of doc.
func (m *Model) Spans(doc *text.Doc) []Span {
	d := analyse(doc, m.lex)
	return m.spans(d)
}

// tokenProbs returns the probability that each token is in a span: the
// second stage over the first stage's probabilities when present.
func (m *Model) tokenProbs(d *docFeats) []float64 {
	p := m.firstProbs(d)
	if m.st == nil {
		return p
	}
	ctx := newStackCtx(d, p)
	out := make([]float64, len(p))
	mask := uint32(1)<<m.stBits - 1
	buf := make([]uint32, 0, 128)
	for i := range p {
		buf = ctx.features(i, m.stBits > 16, buf[:0])
		var s float32
		for _, h := range buf {
			s += m.st[h&mask]
		}
		out[i] = sigmoid(float64(s))
	}
	return out
}

func (m *Model) firstProbs(d *docFeats) []float64 {
	mask := uint32(1)<<m.siBits - 1
	probs := make([]float64, len(d.toks))
	buf := make([]uint32, 0, 96)
	for i := range d.toks {
		buf = d.tokenFeatures(i, buf[:0])
		var s float32
		for _, h := range buf {
			s += m.si[h&mask]
		}
		probs[i] = sigmoid(float64(s))
	}
	return probs
}

func (m *Model) spans(d *docFeats) []Span {
	return m.decodeSpans(d, m.tokenProbs(d))
}

// decodeSpans turns token probabilities into spans with the model's decoder.
func (m *Model) decodeSpans(d *docFeats, probs []float64) []Span {
	if m.cal != nil {
		return decodeDP(d, probs, m.cal, m.rec, float64(m.beta), float64(m.gamma), int(m.sep), int(m.maxLen))
	}
	return filterSpans(d, decode(d, probs, float64(m.threshold), int(m.gap), float64(m.edge), m.clauses), float64(m.keepShort), float64(m.peak))
}

// filterSpans keeps the spans that have a token at or above peak and, for
// spans of one or two tokens (the least reliable), a mean probability at or
// above short.
func filterSpans(d *docFeats, spans []Span, short, peak float64) []Span {
	out := spans[:0:0]
	for _, s := range spans {
		if s.Max >= peak && (s.n > 2 || s.Prob >= short) {
			out = append(out, s)
		}
	}
	return out
}

// decode turns token probabilities into spans: runs of tokens at or above
// the threshold within one clause (with clauses: a sentence cut at commas,
// semicolons, colons, brackets, quotation marks and dashes; else the
// sentence), bridging up to gap tokens below it between two above it. The
// ends of a run are then cut back to tokens at or above th+edge, and
// punctuation and function words are trimmed from both ends; spans left
// empty are dropped.
func decode(d *docFeats, probs []float64, th float64, gap int, edge float64, clauses bool) []Span {
	n := len(d.toks)
	// cut[k]: tokens k-1 and k never share a span.
	cut := make([]bool, n+1)
	for k := 0; k < n; k++ {
		if k > 0 && d.toks[k].sent != d.toks[k-1].sent {
			cut[k] = true
		}
		if clauses && clauseBreak[d.toks[k].norm] {
			cut[k], cut[k+1] = true, true
		}
	}
	var out []Span
	i := 0
	for i < n {
		if probs[i] < th {
			i++
			continue
		}
		j := i + 1
		for j < n && !cut[j] {
			if probs[j] >= th {
				j++
				continue
			}
			k := j
			for k < n && k-j < gap && !cut[k] && probs[k] < th {
				k++
			}
			if k > j && k < n && !cut[k] && probs[k] >= th {
				j = k + 1
				continue
			}
			break
		}
		a, b := i, j
		for a < b-1 && probs[a] < th+edge {
			a++
		}
		for b > a+1 && probs[b-1] < th+edge {
			b--
		}
		// Trim punctuation and function words at both ends: a span
		// neither starts nor ends on "the", "of", "against" …
		for a < b && edgeTrim(d.toks[a].norm) {
			a++
		}
		for b > a && edgeTrim(d.toks[b-1].norm) {
			b--
		}
		if a < b {
			var sum, mx float64
			for k := a; k < b; k++ {
				sum += probs[k]
				mx = math.Max(mx, probs[k])
			}
			out = append(out, Span{Start: d.toks[a].Start, End: d.toks[b-1].End, Prob: sum / float64(b-a), Max: mx, n: b - a})
		}
		i = j
	}
	return out
}

// clauseBreak are the punctuation tokens a span of a format-6 model never
// crosses; with the edge margin, cutting there raised cross-validated span
// F1 on PTC train from 0.405 to 0.417 (dev 0.388 to 0.395).
var clauseBreak = map[string]bool{",": true, ";": true, ":": true, "(": true, ")": true, "\"": true,
	"“": true, "”": true, "-": true, "--": true, "–": true, "—": true}

func edgeTrim(s string) bool { return !wordTok(s) || edgeWords[s] }

func wordTok(s string) bool {
	for _, r := range s {
		if r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r > 127 {
			return true
		}
	}
	return false
}

// Classify returns the technique names for the span [start, end) of doc,
// most likely first, with their probabilities.
func (m *Model) Classify(doc *text.Doc, start, end int) ([]string, []float64) {
	return m.classify(analyse(doc, m.lex), start, end)
}

func (m *Model) classify(d *docFeats, start, end int) ([]string, []float64) {
	p := m.classProbs(d, start, end, nil, nil)
	idx := make([]int, len(p))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return p[idx[a]] > p[idx[b]] })
	names := make([]string, len(idx))
	probs := make([]float64, len(idx))
	for k, i := range idx {
		names[k] = classNames[i]
		probs[k] = p[i]
	}
	return names, probs
}

func (m *Model) classProbs(d *docFeats, start, end int, ss *spanSet, buf []uint32) []float64 {
	K := len(classNames)
	buf = d.spanFeatures(start, end, ss, buf[:0])
	mask := uint32(1)<<m.tcBits - 1
	sc := make([]float64, K)
	for _, h := range buf {
		base := int(h&mask) * K
		for k := 0; k < K; k++ {
			sc[k] += float64(m.tc[base+k])
		}
	}
	softmax(sc)
	return sc
}

func softmax(sc []float64) {
	mx := math.Inf(-1)
	for _, v := range sc {
		mx = math.Max(mx, v)
	}
	var z float64
	for i, v := range sc {
		sc[i] = math.Exp(v - mx)
		z += sc[i]
	}
	for i := range sc {
		sc[i] /= z
	}
}

// Detect finds the propaganda spans of doc and names the technique of each.
// Confidence is the span probability times the technique probability.
func (m *Model) Detect(doc *text.Doc) []model.Technique {
	t, _ := m.DetectProbs(doc)
	return t
}

// DetectProbs is Detect that also returns, for every token of doc in order
// (sentence by sentence), the probability that it is inside a propaganda span.
func (m *Model) DetectProbs(doc *text.Doc) ([]model.Technique, []float64) {
	d := analyse(doc, m.lex)
	probs := m.tokenProbs(d)
	spans := m.decodeSpans(d, probs)
	out := make([]model.Technique, 0, len(spans))
	var buf []uint32
	all := make([][2]int, len(spans))
	for i, s := range spans {
		all[i] = [2]int{s.Start, s.End}
	}
	ss := d.newSpanSet(all)
	for _, s := range spans {
		p := m.classProbs(d, s.Start, s.End, ss, buf)
		best := 0
		for k := range p {
			if p[k] > p[best] {
				best = k
			}
		}
		out = append(out, model.Technique{Technique: classNames[best], Start: s.Start, End: s.End,
			Text: doc.Slice(s.Start, s.End), Confidence: round3(s.Prob * p[best])})
	}
	return out, probs
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

// Save writes the model quantised to int8 and gzip'd, in the format of its
// decoder (8 with decodeDP and its recall table, 7 without; else 6 with
// clause cuts, 5 without), so that it decodes the same once reloaded.
func (m *Model) Save(w io.Writer) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return fmt.Errorf("save model: %w", err)
	}
	bw := bufio.NewWriter(zw)
	hdr := []uint32{uint32(m.siBits), math.Float32bits(m.threshold), uint32(m.tcBits), uint32(len(classNames)),
		math.Float32bits(m.keepShort), math.Float32bits(m.peak), uint32(m.stBits), m.gap, math.Float32bits(m.edge)}
	switch {
	case m.cal != nil:
		if len(m.cal) != calibBins || m.rec != nil && len(m.rec) != calibBins {
			return fmt.Errorf("save model: decoder tables of %d and %d bins, want %d", len(m.cal), len(m.rec), calibBins)
		}
		if m.rec != nil {
			bw.WriteString(magic)
		} else {
			bw.WriteString(magic7)
		}
		hdr = []uint32{uint32(m.siBits), uint32(m.tcBits), uint32(len(classNames)), uint32(m.stBits),
			math.Float32bits(m.beta), math.Float32bits(m.gamma), m.sep, m.maxLen}
		for _, c := range append(m.cal[:len(m.cal):len(m.cal)], m.rec...) {
			hdr = append(hdr, math.Float32bits(c))
		}
	case m.clauses:
		bw.WriteString(magic6)
	default:
		bw.WriteString(magic5)
		hdr = hdr[:8]
	}
	bw.WriteByte('\n')
	binary.Write(bw, binary.LittleEndian, hdr)
	writeQuant(bw, m.si)
	writeQuant(bw, m.tc)
	if m.stBits > 0 {
		writeQuant(bw, m.st)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("save model: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("save model: %w", err)
	}
	return nil
}

// writeQuant writes a weight vector as scale, count of non-zeros, then
// (varint index delta, int8 value) pairs.
func writeQuant(w *bufio.Writer, ws []float32) {
	var mx float64
	for _, v := range ws {
		mx = math.Max(mx, math.Abs(float64(v)))
	}
	scale := float32(mx / 127)
	if scale == 0 {
		scale = 1
	}
	var nz []int
	q := make([]int8, len(ws))
	for i, v := range ws {
		x := math.Round(float64(v / scale))
		if x != 0 {
			q[i] = int8(x)
			nz = append(nz, i)
		}
	}
	binary.Write(w, binary.LittleEndian, math.Float32bits(scale))
	binary.Write(w, binary.LittleEndian, uint32(len(nz)))
	var tmp [binary.MaxVarintLen64]byte
	prev := 0
	for _, i := range nz {
		n := binary.PutUvarint(tmp[:], uint64(i-prev))
		w.Write(tmp[:n])
		w.WriteByte(byte(q[i]))
		prev = i
	}
}

func readQuant(r *bufio.Reader, n int) ([]float32, error) {
	var sb, cnt uint32
	if err := binary.Read(r, binary.LittleEndian, &sb); err != nil {
		return nil, err
	}
	if err := binary.Read(r, binary.LittleEndian, &cnt); err != nil {
		return nil, err
	}
	scale := math.Float32frombits(sb)
	ws := make([]float32, n)
	idx := 0
	for k := 0; k < int(cnt); k++ {
		d, err := binary.ReadUvarint(r)
		if err != nil {
			return nil, err
		}
		idx += int(d)
		b, err := r.ReadByte()
		if err != nil {
			return nil, err
		}
		if idx < 0 || idx >= n {
			return nil, fmt.Errorf("weight index %d out of range", idx)
		}
		ws[idx] = float32(int8(b)) * scale
	}
	return ws, nil
}

// Load reads a model written by Save. Empty data gives ErrNoModel.
func Load(data []byte) (*Model, error) {
	if len(data) == 0 {
		return nil, ErrNoModel
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("load technique model: %w", err)
	}
	r := bufio.NewReader(zr)
	line, err := r.ReadString('\n')
	if err != nil {
		return nil, fmt.Errorf("load technique model: bad header")
	}
	var m *Model
	switch line {
	case magic + "\n", magic7 + "\n":
		m, err = loadHeaderDP(r, line == magic+"\n")
	case magic6 + "\n", magic5 + "\n":
		m, err = loadHeader56(r, line == magic6+"\n")
	default:
		return nil, fmt.Errorf("load technique model: bad header")
	}
	if err != nil {
		return nil, err
	}
	if m.si, err = readQuant(r, 1<<m.siBits); err != nil {
		return nil, fmt.Errorf("load technique model: %w", err)
	}
	if m.tc, err = readQuant(r, (1<<m.tcBits)*len(classNames)); err != nil {
		return nil, fmt.Errorf("load technique model: %w", err)
	}
	if m.stBits > 0 {
		if m.st, err = readQuant(r, 1<<m.stBits); err != nil {
			return nil, fmt.Errorf("load technique model: %w", err)
		}
	}
	return m, nil
}

// loadHeader56 reads the header of a format-5 or format-6 model (threshold
// decoder).
func loadHeader56(r *bufio.Reader, v6 bool) (*Model, error) {
	var hdr [9]uint32
	nh := len(hdr)
	if !v6 {
		nh-- // no edge margin
	}
	if err := binary.Read(r, binary.LittleEndian, hdr[:nh]); err != nil {
		return nil, fmt.Errorf("load technique model: %w", err)
	}
	if e := math.Float32frombits(hdr[8]); hdr[0] > 24 || hdr[2] > 22 || hdr[6] > 22 || hdr[7] > 8 || int(hdr[3]) != len(classNames) || !(e >= 0 && e <= 1) {
		return nil, fmt.Errorf("load technique model: bad sizes")
	}
	return &Model{siBits: uint(hdr[0]), threshold: math.Float32frombits(hdr[1]), tcBits: uint(hdr[2]), lex: buildLexicon(),
		keepShort: math.Float32frombits(hdr[4]), peak: math.Float32frombits(hdr[5]), stBits: uint(hdr[6]), gap: hdr[7],
		edge: math.Float32frombits(hdr[8]), clauses: v6}, nil
}

// loadHeaderDP reads the header of a format-7 or format-8 model (span
// decoder of decodeDP): sizes, the decoder's parameters, its calibration
// table and (format 8) its recall table.
func loadHeaderDP(r *bufio.Reader, v8 bool) (*Model, error) {
	hdr := make([]uint32, 8+calibBins, 8+2*calibBins)
	if v8 {
		hdr = hdr[:8+2*calibBins]
	}
	if err := binary.Read(r, binary.LittleEndian, hdr); err != nil {
		return nil, fmt.Errorf("load technique model: %w", err)
	}
	beta, gamma := math.Float32frombits(hdr[4]), math.Float32frombits(hdr[5])
	if hdr[0] > 24 || hdr[1] > 22 || int(hdr[2]) != len(classNames) || hdr[3] > 22 || hdr[6] > 64 || hdr[7] < 1 || hdr[7] > 1000 ||
		!(beta >= 0 && beta <= 10) || !(gamma >= 0 && gamma <= 10) {
		return nil, fmt.Errorf("load technique model: bad sizes")
	}
	m := &Model{siBits: uint(hdr[0]), tcBits: uint(hdr[1]), stBits: uint(hdr[3]), lex: buildLexicon(),
		beta: beta, gamma: gamma, sep: hdr[6], maxLen: hdr[7]}
	tabs := make([]float32, len(hdr)-8)
	for k := range tabs {
		c := math.Float32frombits(hdr[8+k])
		if !(c >= 0 && c <= 1) {
			return nil, fmt.Errorf("load technique model: decoder table value %v out of [0, 1]", c)
		}
		tabs[k] = c
	}
	m.cal = tabs[:calibBins:calibBins]
	if v8 {
		m.rec = tabs[calibBins:]
	}
	return m, nil
}
