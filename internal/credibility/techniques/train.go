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
	SIBits, TCBits  uint    // hash table sizes (log2)
	Epochs          int     // passes over the span data
	TCEpochs        int     // passes over the technique data
	Rate            float64 // AdaGrad learning rate
	Seed            int64   // fixed seed: training is deterministic
	Folds           int     // cross-validation folds to choose the thresholds (1: keep 0.5)
	TCRate          float64 // AdaGrad learning rate of the technique model
	TCOnly          bool    // skip the span model (for experiments)
	NoAverage       bool    // keep the last weights instead of their average over the updates
	SILast          bool    // keep the last span model weights instead of their average
	TCSeeds         int     // technique models (shuffles) averaged
	SISeeds         int     // first-stage span models (shuffles) averaged
	StackBits       uint    // hash size (log2) of the second stage; above 16 it also sees the word features
	SpanWeight      float64 // first stage: a token in a gold span of n tokens weighs n^-SpanWeight (0: default 1; below 0: all tokens weigh 1)
	StackSpanWeight float64 // the same for the second stage (0: default 0.5)
	Thresholds      bool    // decode with thresholds, clause cuts and edge margin (format 6) instead of decodeDP (format 8)
	Log             io.Writer
}

func (o *TrainOptions) defaults() {
	if o.SIBits == 0 {
		o.SIBits = 20
	}
	if o.TCBits == 0 {
		o.TCBits = 17
	}
	if o.Epochs == 0 {
		o.Epochs = 5
	}
	if o.SISeeds == 0 {
		o.SISeeds = 2
	}
	if o.SpanWeight == 0 {
		o.SpanWeight = 1
	}
	if o.StackSpanWeight == 0 {
		o.StackSpanWeight = 0.5
	}
	if o.TCEpochs == 0 {
		o.TCEpochs = 20
	}
	if o.Rate == 0 {
		o.Rate = 0.1
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.TCRate == 0 {
		o.TCRate = 0.03
	}
	if o.StackBits == 0 {
		o.StackBits = 16
	}
	if o.TCSeeds == 0 {
		o.TCSeeds = 3
	}
	if o.Folds == 0 {
		o.Folds = 4
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
}

// Train fits both models on the articles. Out-of-fold token probabilities
// (opt.Folds-fold cross-validation over the articles) first serve to
// calibrate the span decoder and choose its parameters for the best span
// F1; the final models are then trained on every article.
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
	// Cross-validation over articles (fold = index mod Folds): each fold is
	// predicted by a model trained on the others; the decoding thresholds
	// are chosen on these out-of-fold predictions of the whole corpus.
	m := &Model{siBits: opt.SIBits, tcBits: opt.TCBits, stBits: opt.StackBits, lex: lex, threshold: 0.5, clauses: true}
	if opt.Folds > 1 {
		probs := make([][]float64, len(arts))
		var tg, tp []Label
		for f := 0; f < opt.Folds; f++ {
			var tr, te []int
			for i := range arts {
				if i%opt.Folds == f {
					te = append(te, i)
				} else {
					tr = append(tr, i)
				}
			}
			fm := &Model{siBits: opt.SIBits, tcBits: opt.TCBits, stBits: opt.StackBits, lex: lex}
			fm.tc = trainTC(arts, docs, tr, opt)
			if !opt.TCOnly {
				fm.si, fm.st = fitSI(arts, docs, tr, opt)
			}
			for _, i := range te {
				if !opt.TCOnly {
					probs[i] = fm.tokenProbs(docs[i])
				}
				tg = append(tg, arts[i].TC...)
				tp = append(tp, fm.predictTechniques(docs[i], arts[i].TC)...)
			}
			fmt.Fprintf(opt.Log, "fold %d of %d done\n", f+1, opt.Folds)
		}
		fmt.Fprintf(opt.Log, "cross-validated technique micro-F1 %.4f\n", TechniqueScore(tg, tp).F1)
		if opt.TCOnly {
			m.tc = trainTC(arts, docs, all(len(arts)), opt)
			m.si, m.st = make([]float32, 1<<opt.SIBits), nil
			return m, nil
		}
		if opt.Thresholds {
			m.threshold, m.keepShort, m.peak, m.gap, m.edge = chooseThresholds(arts, docs, probs, opt)
		} else {
			m.cal, m.rec, m.beta, m.gamma = chooseDP(arts, docs, probs, opt)
			m.sep, m.maxLen = dpSep, dpMaxLen
		}
	}
	m.si, m.st = fitSI(arts, docs, all(len(arts)), opt)
	m.tc = trainTC(arts, docs, all(len(arts)), opt)
	return m, nil
}

// chooseThresholds picks the decoding thresholds (token threshold, mean
// probability of short spans, peak probability, gap, edge margin) that
// maximise span F1 on out-of-fold probabilities.
func chooseThresholds(arts []Article, docs []*docFeats, probs [][]float64, opt TrainOptions) (th, short, peak float32, gap uint32, edge float32) {
	gold := make([][][2]int, len(arts))
	ng := 0
	for i := range arts {
		gold[i] = mergeSpans(labelSpans(arts[i].SI))
		ng += len(gold[i])
	}
	type cand struct {
		th, short, peak, edge, f float64
		gap                      int
	}
	// A decoded span with its share of the precision and recall sums of
	// SpanScore (decoded spans of an article never overlap, so the score
	// of a subset is the sum over its spans).
	type scored struct {
		s      Span
		ps, rs float64
	}
	best := cand{th: 0.5, short: 0.5, peak: 0.5, f: -1}
	for _, e := range []float64{0, 0.05, 0.1, 0.15} {
		for g := 0; g <= 2; g++ {
			for t := 0.04; t <= 0.401; t += 0.02 {
				var all []scored
				for i := range arts {
					for _, s := range decode(docs[i], probs[i], t, g, e, true) {
						x := scored{s: s}
						for _, b := range gold[i] {
							lo, hi := max(s.Start, b[0]), min(s.End, b[1])
							if hi > lo {
								x.ps += float64(hi-lo) / float64(s.End-s.Start)
								x.rs += float64(hi-lo) / float64(b[1]-b[0])
							}
						}
						all = append(all, x)
					}
				}
				for pk := t; pk <= 0.701; pk += 0.05 {
					for sh := t; sh <= 0.701; sh += 0.05 {
						var ps, rs float64
						np := 0
						for _, x := range all {
							if x.s.Max >= pk && (x.s.n > 2 || x.s.Prob >= sh) {
								ps += x.ps
								rs += x.rs
								np++
							}
						}
						var sc Scores
						if np > 0 {
							sc.P = ps / float64(np)
						}
						if ng > 0 {
							sc.R = rs / float64(ng)
						}
						sc.F1 = f1(sc.P, sc.R)
						if sc.F1 > best.f {
							best = cand{t, sh, pk, e, sc.F1, g}
							fmt.Fprintf(opt.Log, "cv edge %.2f gap %d threshold %.2f short %.2f peak %.2f: span P %.4f R %.4f F1 %.4f\n", e, g, t, sh, pk, sc.P, sc.R, sc.F1)
						}
					}
				}
			}
		}
	}
	fmt.Fprintf(opt.Log, "chosen edge %.2f, gap %d, threshold %.2f, short %.2f, peak %.2f (cross-validated span F1 %.4f)\n", best.edge, best.gap, best.th, best.short, best.peak, best.f)
	return float32(best.th), float32(best.short), float32(best.peak), uint32(best.gap), float32(best.edge)
}

// The span decoder's fixed parameters: spans at least dpSep tokens apart
// (as the threshold decoder's bridge of two tokens left them; closer spans
// would split one passage to weigh more in the precision average) and at
// most dpMaxLen tokens long.
const (
	dpSep    = 3
	dpMaxLen = 100
)

// chooseDP calibrates the out-of-fold token probabilities, tabulates their
// expected share in the recall sum and picks the decodeDP parameters
// (beta, gamma) that maximise span F1 on them.
func chooseDP(arts []Article, docs []*docFeats, probs [][]float64, opt TrainOptions) (cal, rec []float32, beta, gamma float32) {
	cal = calibrate(arts, docs, probs, all(len(arts)))
	rec = recallWeights(arts, docs, probs, all(len(arts)))
	fmt.Fprintf(opt.Log, "calibration %.3f\nrecall weights %.3f\n", cal, rec)
	var gold []Label
	for i := range arts {
		gold = append(gold, arts[i].SI...)
	}
	bestF := -1.0
	for b := 30; b <= 100; b += 5 {
		for g := 24; g <= 50; g += 2 {
			var pred []Label
			for i := range arts {
				for _, s := range decodeDP(docs[i], probs[i], cal, rec, float64(b)/100, float64(g)/100, dpSep, dpMaxLen) {
					pred = append(pred, Label{Article: arts[i].ID, Start: s.Start, End: s.End})
				}
			}
			sc := SpanScore(gold, pred)
			if sc.F1 > bestF {
				bestF, beta, gamma = sc.F1, float32(b)/100, float32(g)/100
				fmt.Fprintf(opt.Log, "cv beta %.2f gamma %.2f: span P %.4f R %.4f F1 %.4f (%d spans)\n", beta, gamma, sc.P, sc.R, sc.F1, sc.Pred)
			}
		}
	}
	fmt.Fprintf(opt.Log, "chosen beta %.2f, gamma %.2f (cross-validated span F1 %.4f)\n", beta, gamma, bestF)
	return cal, rec, beta, gamma
}

func all(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
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

// tokenWeights gives each token its training weight: 1 outside gold
// spans; inside a (merged) gold span of n tokens n^-alpha (normalised
// later so that the inside tokens of the corpus keep their total weight).
// The span score averages over spans, not tokens: a gold span of two
// words counts as much as one of forty, and so it does here.
func tokenWeights(y []bool, alpha float64) []float32 {
	w := make([]float32, len(y))
	for i := range w {
		w[i] = 1
	}
	if alpha <= 0 {
		return w
	}
	for i := 0; i < len(y); {
		if !y[i] {
			i++
			continue
		}
		j := i
		for j < len(y) && y[j] {
			j++
		}
		x := float32(math.Pow(float64(j-i), -alpha))
		for k := i; k < j; k++ {
			w[k] = x
		}
		i = j
	}
	return w
}

// normaliseWeights scales the weights of the positive examples so that
// their sum is the number of positive examples.
func normaliseWeights(ys []bool, ws []float32) {
	var sum float64
	n := 0
	for k, y := range ys {
		if y {
			sum += float64(ws[k])
			n++
		}
	}
	if sum == 0 {
		return
	}
	f := float32(float64(n) / sum)
	for k, y := range ys {
		if y {
			ws[k] *= f
		}
	}
}

// fitSI trains the first-stage token model on idx and, on out-of-fold
// probabilities of the first stage (4 folds), the second-stage model that
// looks at the probabilities of the neighbouring tokens, the sentence and
// the article.
func fitSI(arts []Article, docs []*docFeats, idx []int, opt TrainOptions) (si, st []float32) {
	const folds = 4
	oof := map[int][]float64{}
	for f := 0; f < folds; f++ {
		var tr, te []int
		for k, i := range idx {
			if k%folds == f {
				te = append(te, i)
			} else {
				tr = append(tr, i)
			}
		}
		m := &Model{siBits: opt.SIBits, si: trainSI(arts, docs, tr, opt)}
		for _, i := range te {
			oof[i] = m.firstProbs(docs[i])
		}
	}
	si = trainSI(arts, docs, idx, opt)
	st = trainStack(arts, docs, idx, oof, opt)
	return si, st
}

func trainStack(arts []Article, docs []*docFeats, idx []int, oof map[int][]float64, opt TrainOptions) []float32 {
	size := 1 << opt.StackBits
	mask := uint32(size - 1)
	w := make([]float32, size)
	g2 := make([]float32, size)
	u := make([]float32, size)
	step := float32(1)
	var feats []uint32
	var offs []int
	var ys []bool
	var ws []float32
	buf := make([]uint32, 0, 128)
	for _, i := range idx {
		d := docs[i]
		y := tokenLabels(&arts[i], d)
		tw := tokenWeights(y, opt.StackSpanWeight)
		ctx := newStackCtx(d, oof[i])
		for t := range d.toks {
			buf = ctx.features(t, opt.StackBits > 16, buf[:0])
			offs = append(offs, len(feats))
			for _, h := range buf {
				feats = append(feats, h&mask)
			}
			ys = append(ys, y[t])
			ws = append(ws, tw[t])
		}
	}
	offs = append(offs, len(feats))
	normaliseWeights(ys, ws)
	n := len(ys)
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewSource(opt.Seed + 3))
	lr := float32(opt.Rate)
	for ep := 0; ep < 3; ep++ {
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
			g := float32(p-y) * ws[k]
			step++
			for _, h := range fs {
				g2[h] += g * g
				dw := lr * g / float32(math.Sqrt(float64(g2[h]))+1e-6)
				w[h] -= dw
				u[h] -= step * dw
			}
		}
		fmt.Fprintf(opt.Log, "stack epoch %d: loss %.4f\n", ep+1, loss/float64(n))
	}
	if !opt.SILast {
		for j := range w {
			w[j] -= u[j] / step
		}
	}
	return w
}

// trainSI trains the first-stage span model opt.SISeeds times with
// different shuffles and averages the weights.
func trainSI(arts []Article, docs []*docFeats, idx []int, opt TrainOptions) []float32 {
	n := max(1, opt.SISeeds)
	var avg []float32
	for k := 0; k < n; k++ {
		o := opt
		o.Seed = opt.Seed + int64(211*k)
		w := trainSI1(arts, docs, idx, o)
		if avg == nil {
			avg = w
			continue
		}
		for j := range avg {
			avg[j] += w[j]
		}
	}
	for j := range avg {
		avg[j] /= float32(n)
	}
	return avg
}

func trainSI1(arts []Article, docs []*docFeats, idx []int, opt TrainOptions) []float32 {
	size := 1 << opt.SIBits
	mask := uint32(size - 1)
	w := make([]float32, size)
	g2 := make([]float32, size)
	u := make([]float32, size)
	step := float32(1)
	// Flatten features once.
	var feats []uint32
	var offs []int
	var ys []bool
	var ws []float32
	buf := make([]uint32, 0, 128)
	for _, i := range idx {
		d := docs[i]
		y := tokenLabels(&arts[i], d)
		tw := tokenWeights(y, opt.SpanWeight)
		for t := range d.toks {
			buf = d.tokenFeatures(t, buf[:0])
			offs = append(offs, len(feats))
			for _, h := range buf {
				feats = append(feats, h&mask)
			}
			ys = append(ys, y[t])
			ws = append(ws, tw[t])
		}
	}
	offs = append(offs, len(feats))
	normaliseWeights(ys, ws)
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
			g := float32(p-y) * ws[k]
			step++
			for _, h := range fs {
				g2[h] += g * g
				dw := lr * g / float32(math.Sqrt(float64(g2[h]))+1e-6)
				w[h] -= dw
				u[h] -= step * dw
			}
		}
		fmt.Fprintf(opt.Log, "span epoch %d: %d tokens, loss %.4f\n", ep+1, n, loss/float64(n))
	}
	if !opt.SILast {
		for j := range w {
			w[j] -= u[j] / step
		}
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

// trainTC trains the technique model opt.TCSeeds times with different
// shuffles and averages the weights (an ensemble of the same size).
func trainTC(arts []Article, docs []*docFeats, idx []int, opt TrainOptions) []float32 {
	n := max(1, opt.TCSeeds)
	var avg []float32
	for k := 0; k < n; k++ {
		o := opt
		o.Seed = opt.Seed + int64(101*k)
		w := trainTC1(arts, docs, idx, o)
		if avg == nil {
			avg = w
			continue
		}
		for j := range avg {
			avg[j] += w[j]
		}
	}
	for j := range avg {
		avg[j] /= float32(n)
	}
	return avg
}

func trainTC1(arts []Article, docs []*docFeats, idx []int, opt TrainOptions) []float32 {
	K := len(classNames)
	size := 1 << opt.TCBits
	mask := uint32(size - 1)
	w := make([]float32, size*K)
	g2 := make([]float32, size*K)
	u := make([]float32, size*K) // for the averaged weights: sum of step × update
	step := float32(1)
	var ex []tcExample
	for _, i := range idx {
		ss := docs[i].newSpanSet(labelSpans(arts[i].TC))
		for _, l := range arts[i].TC {
			y := classIndex(l.Technique)
			if y < 0 {
				continue
			}
			fs := docs[i].spanFeatures(l.Start, l.End, ss, nil)
			for j := range fs {
				fs[j] &= mask
			}
			ex = append(ex, tcExample{fs, y})
		}
	}
	rng := rand.New(rand.NewSource(opt.Seed + 7))
	lr := float32(opt.TCRate)
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
			step++
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
					dw := lr * g / float32(math.Sqrt(float64(g2[j]))+1e-6)
					w[j] -= dw
					u[j] -= step * dw
				}
			}
		}
		fmt.Fprintf(opt.Log, "technique epoch %d: %d spans, loss %.4f\n", ep+1, len(ex), loss/float64(max(1, len(ex))))
	}
	if !opt.NoAverage {
		for j := range w {
			w[j] -= u[j] / step
		}
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
	ss := d.newSpanSet(labelSpans(gold))
	for _, k := range keys {
		p := m.classProbs(d, k.s, k.e, ss, nil)
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

func labelSpans(ls []Label) [][2]int {
	out := make([][2]int, len(ls))
	for i, l := range ls {
		out[i] = [2]int{l.Start, l.End}
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
