package techniques

import (
	"math"
	"slices"
)

// calibBins is the number of probability bins of the calibration table.
const calibBins = 40

// calibrate maps a token probability to the share of tokens inside gold
// spans among the tokens of its probability bin, over the articles idx.
func calibrate(arts []Article, docs []*docFeats, probs [][]float64, idx []int) []float32 {
	var in, n [calibBins]float64
	for _, i := range idx {
		y := tokenLabels(&arts[i], docs[i])
		for k, p := range probs[i] {
			b := calibBin(p)
			n[b]++
			if y[k] {
				in[b]++
			}
		}
	}
	return binTable(in[:], n[:], 0.5)
}

// recallWeights maps a token probability to the mean over the tokens of its
// probability bin of 1/n for a token inside a gold span of n tokens and 0
// outside: a token's expected share in the recall sum of SpanScore.
func recallWeights(arts []Article, docs []*docFeats, probs [][]float64, idx []int) []float32 {
	var sum, n [calibBins]float64
	for _, i := range idx {
		y := tokenLabels(&arts[i], docs[i])
		for k := 0; k < len(y); {
			j := k + 1
			if y[k] {
				for j < len(y) && y[j] && docs[i].toks[j].sent == docs[i].toks[k].sent {
					j++
				}
			}
			for x := k; x < j; x++ {
				b := calibBin(probs[i][x])
				n[b]++
				if y[x] {
					sum[b] += 1 / float64(j-k)
				}
			}
			k = j
		}
	}
	return binTable(sum[:], n[:], 0.05)
}

// binTable turns per-bin sums and counts into a table of per-bin means,
// smoothed by prior over one more count, with the adjacent bins that break
// the order pooled so that the table never decreases; a bin without counts
// takes the value of the bin below it (the first bin: of the first bin with
// counts).
func binTable(sum, n []float64, prior float64) []float32 {
	type block struct {
		sum, n float64
		bins   []int
	}
	var bs []block
	for b := range sum {
		if n[b] == 0 {
			continue
		}
		bs = append(bs, block{sum[b] + prior, n[b] + 1, []int{b}})
		for len(bs) > 1 {
			x, y := bs[len(bs)-2], bs[len(bs)-1]
			if x.sum/x.n <= y.sum/y.n {
				break
			}
			bs = append(bs[:len(bs)-2], block{x.sum + y.sum, x.n + y.n, append(x.bins, y.bins...)})
		}
	}
	out := make([]float32, len(sum))
	set := make([]bool, len(sum))
	for _, b := range bs {
		for _, k := range b.bins {
			out[k], set[k] = float32(b.sum/b.n), true
		}
	}
	first := float32(0)
	for k := range out {
		if set[k] {
			first = out[k]
			break
		}
	}
	for k := range out {
		switch {
		case set[k]:
		case k > 0:
			out[k] = out[k-1]
		default:
			out[k] = first
		}
	}
	return out
}

func calibBin(p float64) int {
	return max(0, min(int(p*calibBins), calibBins-1))
}

// decodeDP chooses, within each sentence, the spans that maximise the sum
// over the chosen spans of
//
//	mean q + beta × sum r − gamma
//
// where q is the calibrated probability that a token is inside a gold span
// (cal maps token probabilities to it) and r the token's expected share in
// the recall sum (rec maps token probabilities to it; without rec, r is q).
// The first term is the expected share of the span in the precision sum of
// SpanScore, the second its share in the recall sum weighed as a change of
// recall weighs against one of precision in F1, and gamma is what one more
// span costs: the score averages over spans, not tokens, so a span is
// chosen whole or not at all. Spans start and end on words that are not
// function words, hold at most maxLen tokens and stand at least sep tokens
// apart (closer ones would be one span).
func decodeDP(d *docFeats, probs []float64, cal, rec []float32, beta, gamma float64, sep, maxLen int) []Span {
	n := len(d.toks)
	q := make([]float64, n)
	r := q
	if rec != nil {
		r = make([]float64, n)
	}
	for i, p := range probs {
		q[i] = float64(cal[calibBin(p)])
		if rec != nil {
			r[i] = float64(rec[calibBin(p)])
		}
	}
	var out []Span
	for _, s := range d.sents {
		out = dpSentence(d, probs, q, r, s.first, s.last, beta, gamma, sep, maxLen, out)
	}
	return out
}

// dpSentence appends the best spans of the tokens [a, b) to out.
func dpSentence(d *docFeats, probs, q, r []float64, a, b int, beta, gamma float64, sep, maxLen int, out []Span) []Span {
	m := b - a
	if m <= 0 {
		return out
	}
	pre := make([]float64, m+1)  // prefix sums of q
	preR := make([]float64, m+1) // and of r
	for k := 0; k < m; k++ {
		pre[k+1] = pre[k] + q[a+k]
		preR[k+1] = preR[k] + r[a+k]
	}
	word := make([]bool, m)
	for k := range word {
		word[k] = !edgeTrim(d.toks[a+k].norm)
	}
	// best[k] is the best score of the tokens [a, a+k); from[k] the start
	// (relative to a) of the span that ends at a+k in it, or -1.
	best := make([]float64, m+1)
	from := make([]int, m+1)
	for k := 1; k <= m; k++ {
		best[k], from[k] = best[k-1], -1
		if !word[k-1] {
			continue
		}
		for s := k - 1; s >= 0 && k-s <= maxLen; s-- {
			if !word[s] {
				continue
			}
			prev := 0.0
			if s >= sep {
				prev = best[s-sep]
			}
			if v := prev + (pre[k]-pre[s])/float64(k-s) + beta*(preR[k]-preR[s]) - gamma; v > best[k] {
				best[k], from[k] = v, s
			}
		}
	}
	start := len(out)
	for k := m; k > 0; {
		s := from[k]
		if s < 0 {
			k--
			continue
		}
		var sum, mx float64
		for x := a + s; x < a+k; x++ {
			sum += probs[x]
			mx = math.Max(mx, probs[x])
		}
		out = append(out, Span{Start: d.toks[a+s].Start, End: d.toks[a+k-1].End, Prob: sum / float64(k-s), Max: mx, n: k - s})
		k = s - sep
	}
	slices.Reverse(out[start:]) // found last to first
	return out
}
