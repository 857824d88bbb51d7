package techniques

import (
	"fmt"
	"io"
	"math"
	"math/rand"
	"sort"
)

// TrainOptions controls Train. The zero value is filled with defaults.
type TrainOptions struct {
	SIBits, TCBits uint    // hash table sizes (log2)
	Epochs         int     // passes over the span data
	TCEpochs       int     // passes over the technique data
	Rate           float64 // AdaGrad learning rate
	Seed           int64   // fixed seed: training is deterministic
	Holdout        float64 // share of articles held out to choose the threshold
	Log            io.Writer
}

func (o *TrainOptions) defaults() {
	if o.SIBits == 0 {
		o.SIBits = 20
	}
	if o.TCBits == 0 {
		o.TCBits = 17
	}
	if o.Epochs == 0 {
		o.Epochs = 6
	}
	if o.TCEpochs == 0 {
		o.TCEpochs = 12
	}
	if o.Rate == 0 {
		o.Rate = 0.1
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.Holdout == 0 {
		o.Holdout = 0.15
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
}

// Train fits both models on the articles. A share of the articles
// (opt.Holdout) first serves to choose the token threshold that maximises
// span F1; the final model is then trained on every article.
func Train(arts []Article, opt TrainOptions) (*Model, error) {
	opt.defaults()
	if len(arts) == 0 {
		return nil, fmt.Errorf("train techniques: no articles")
	}
	lex := buildLexicon()
	docs := make([]*docFeats, len(arts))
	for i := range arts {
		docs[i] = analyse(arts[i].Doc, lex)
	}
	// Hold out every k-th article (deterministic).
	nHold := int(math.Round(opt.Holdout * float64(len(arts))))
	var trainIdx, holdIdx []int
	for i := range arts {
		if nHold > 0 && i%max(1, len(arts)/nHold) == 0 && len(holdIdx) < nHold {
			holdIdx = append(holdIdx, i)
		} else {
			trainIdx = append(trainIdx, i)
		}
	}
	m := &Model{siBits: opt.SIBits, tcBits: opt.TCBits, lex: lex, threshold: 0.5}
	if len(holdIdx) > 0 {
		m.si = trainSI(arts, docs, trainIdx, opt)
		var gold []Label
		for _, i := range holdIdx {
			gold = append(gold, arts[i].SI...)
		}
		probs := make([][]float64, len(holdIdx))
		for k, i := range holdIdx {
			probs[k] = m.tokenProbs(docs[i])
		}
		best, bestF := 0.5, -1.0
		for th := 0.10; th <= 0.701; th += 0.02 {
			var pred []Label
			for k, i := range holdIdx {
				for _, s := range decode(docs[i], probs[k], th) {
					pred = append(pred, Label{Article: arts[i].ID, Start: s.Start, End: s.End})
				}
			}
			sc := SpanScore(gold, pred)
			fmt.Fprintf(opt.Log, "holdout threshold %.2f: span P %.4f R %.4f F1 %.4f\n", th, sc.P, sc.R, sc.F1)
			if sc.F1 > bestF {
				best, bestF = th, sc.F1
			}
		}
		m.threshold = float32(best)
		fmt.Fprintf(opt.Log, "chosen threshold %.2f (holdout span F1 %.4f)\n", best, bestF)
		m.tc = trainTC(arts, docs, trainIdx, opt)
		var tg, tp []Label
		for _, i := range holdIdx {
			tg = append(tg, arts[i].TC...)
			tp = append(tp, m.predictTechniques(docs[i], arts[i].TC)...)
		}
		sc := TechniqueScore(tg, tp)
		fmt.Fprintf(opt.Log, "holdout technique micro-F1 %.4f\n", sc.F1)
	}
	all := make([]int, len(arts))
	for i := range all {
		all[i] = i
	}
	m.si = trainSI(arts, docs, all, opt)
	m.tc = trainTC(arts, docs, all, opt)
	return m, nil
}

// tokenLabels marks the tokens covered (at least half) by a gold span.
func tokenLabels(a *Article, d *docFeats) []bool {
	spans := make([][2]int, len(a.SI))
	for i, l := range a.SI {
		spans[i] = [2]int{l.Start, l.End}
	}
	spans = mergeSpans(spans)
	y := make([]bool, len(d.toks))
	for i, t := range d.toks {
		for _, s := range spans {
			lo, hi := max(s[0], t.Start), min(s[1], t.End)
			if hi > lo && 2*(hi-lo) >= t.End-t.Start {
				y[i] = true
				break
			}
		}
	}
	return y
}

func trainSI(arts []Article, docs []*docFeats, idx []int, opt TrainOptions) []float32 {
	size := 1 << opt.SIBits
	mask := uint32(size - 1)
	w := make([]float32, size)
	g2 := make([]float32, size)
	// Flatten features once.
	var feats []uint32
	var offs []int
	var ys []bool
	buf := make([]uint32, 0, 128)
	for _, i := range idx {
		d := docs[i]
		y := tokenLabels(&arts[i], d)
		for t := range d.toks {
			buf = d.tokenFeatures(t, buf[:0])
			offs = append(offs, len(feats))
			for _, h := range buf {
				feats = append(feats, h&mask)
			}
			ys = append(ys, y[t])
		}
	}
	offs = append(offs, len(feats))
	n := len(ys)
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewSource(opt.Seed))
	lr := float32(opt.Rate)
	for ep := 0; ep < opt.Epochs; ep++ {
		rng.Shuffle(n, func(i, j int) { order[i], order[j] = order[j], order[i] })
		var loss float64
		for _, k := range order {
			fs := feats[offs[k]:offs[k+1]]
			var s float32
			for _, h := range fs {
				s += w[h]
			}
			p := sigmoid(float64(s))
			y := 0.0
			if ys[k] {
				y = 1
			}
			loss -= y*math.Log(p+1e-12) + (1-y)*math.Log(1-p+1e-12)
			g := float32(p - y)
			for _, h := range fs {
				g2[h] += g * g
				w[h] -= lr * g / float32(math.Sqrt(float64(g2[h]))+1e-6)
			}
		}
		fmt.Fprintf(opt.Log, "span epoch %d: %d tokens, loss %.4f\n", ep+1, n, loss/float64(n))
	}
	return w
}

type tcExample struct {
	feats []uint32
	y     int
}

func classIndex(name string) int {
	for i, c := range classNames {
		if c == name {
			return i
		}
	}
	return -1
}

func trainTC(arts []Article, docs []*docFeats, idx []int, opt TrainOptions) []float32 {
	K := len(classNames)
	size := 1 << opt.TCBits
	mask := uint32(size - 1)
	w := make([]float32, size*K)
	g2 := make([]float32, size*K)
	var ex []tcExample
	for _, i := range idx {
		for _, l := range arts[i].TC {
			y := classIndex(l.Technique)
			if y < 0 {
				continue
			}
			fs := docs[i].spanFeatures(l.Start, l.End, nil)
			for j := range fs {
				fs[j] &= mask
			}
			ex = append(ex, tcExample{fs, y})
		}
	}
	rng := rand.New(rand.NewSource(opt.Seed + 7))
	lr := float32(opt.Rate)
	sc := make([]float64, K)
	for ep := 0; ep < opt.TCEpochs; ep++ {
		rng.Shuffle(len(ex), func(i, j int) { ex[i], ex[j] = ex[j], ex[i] })
		var loss float64
		for _, e := range ex {
			for k := range sc {
				sc[k] = 0
			}
			for _, h := range e.feats {
				base := int(h) * K
				for k := 0; k < K; k++ {
					sc[k] += float64(w[base+k])
				}
			}
			softmax(sc)
			loss -= math.Log(sc[e.y] + 1e-12)
			for k := 0; k < K; k++ {
				g := float32(sc[k])
				if k == e.y {
					g -= 1
				}
				if g > -1e-4 && g < 1e-4 {
					continue
				}
				for _, h := range e.feats {
					j := int(h)*K + k
					g2[j] += g * g
					w[j] -= lr * g / float32(math.Sqrt(float64(g2[j]))+1e-6)
				}
			}
		}
		fmt.Fprintf(opt.Log, "technique epoch %d: %d spans, loss %.4f\n", ep+1, len(ex), loss/float64(max(1, len(ex))))
	}
	return w
}

// predictTechniques names the technique(s) of each gold span: a span that
// carries k gold labels gets the k most likely distinct techniques.
func (m *Model) predictTechniques(d *docFeats, gold []Label) []Label {
	type key struct{ s, e int }
	count := map[key]int{}
	var keys []key
	var art string
	for _, l := range gold {
		k := key{l.Start, l.End}
		if count[k] == 0 {
			keys = append(keys, k)
		}
		count[k]++
		art = l.Article
	}
	var out []Label
	for _, k := range keys {
		p := m.classProbs(d, k.s, k.e, nil)
		idx := make([]int, len(p))
		for i := range idx {
			idx[i] = i
		}
		sort.SliceStable(idx, func(a, b int) bool { return p[idx[a]] > p[idx[b]] })
		for j := 0; j < count[k] && j < len(idx); j++ {
			out = append(out, Label{Article: art, Technique: classNames[idx[j]], Start: k.s, End: k.e})
		}
	}
	return out
}

// PredictSpans returns the span identification predictions for a corpus.
func (m *Model) PredictSpans(arts []Article) []Label {
	var out []Label
	for i := range arts {
		for _, s := range m.Spans(arts[i].Doc) {
			out = append(out, Label{Article: arts[i].ID, Start: s.Start, End: s.End})
		}
	}
	return out
}

// PredictTechniques names the technique of every gold technique span of the
// corpus (the SemEval technique classification setting).
func (m *Model) PredictTechniques(arts []Article) []Label {
	var out []Label
	for i := range arts {
		d := analyse(arts[i].Doc, m.lex)
		out = append(out, m.predictTechniques(d, arts[i].TC)...)
	}
	return out
}
