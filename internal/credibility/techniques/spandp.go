package techniques

import "math"

// calibBins is the number of probability bins of the calibration table.
const calibBins = 40

// calibrate maps a token probability to the share of tokens inside gold
// spans among the tokens of its probability bin, over the articles idx
// (smoothed by half a token in a span over one more token; adjacent bins
// that break the order pooled, so that the map never decreases; a bin
// without tokens takes the value of the bin below it, or of the first bin
// with tokens).
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
	type block struct {
		in, n float64
		bins  []int
	}
	var bs []block
	for b := 0; b < calibBins; b++ {
		if n[b] == 0 {
			continue
		}
		bs = append(bs, block{in[b] + 0.5, n[b] + 1, []int{b}})
		for len(bs) > 1 {
			x, y := bs[len(bs)-2], bs[len(bs)-1]
			if x.in/x.n <= y.in/y.n {
				break
			}
			bs = append(bs[:len(bs)-2], block{x.in + y.in, x.n + y.n, append(x.bins, y.bins...)})
		}
	}
	out := make([]float32, calibBins)
	set := make([]bool, calibBins)
	for _, b := range bs {
		for _, k := range b.bins {
			out[k], set[k] = float32(b.in/b.n), true
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
//	mean q + beta × sum q − gamma
//
// where q is the calibrated probability that a token is inside a gold span
// (cal maps token probabilities to it). The first term is the expected
// share of the span in the precision sum of SpanScore, the second stands
// for its share in the recall sum, and gamma is what one more span costs:
// the score averages over spans, not tokens, so a span is chosen whole or
// not at all. Spans start and end on words that are not function words,
// hold at most maxLen tokens and stand at least sep tokens apart (closer
// ones would be one span).
func decodeDP(d *docFeats, probs []float64, cal []float32, beta, gamma float64, sep, maxLen int) []Span {
	n := len(d.toks)
	q := make([]float64, n)
	for i, p := range probs {
		q[i] = float64(cal[calibBin(p)])
	}
	var out []Span
	for _, s := range d.sents {
		out = dpSentence(d, probs, q, s.first, s.last, beta, gamma, sep, maxLen, out)
	}
	return out
}

// dpSentence appends the best spans of the tokens [a, b) to out.
func dpSentence(d *docFeats, probs, q []float64, a, b int, beta, gamma float64, sep, maxLen int, out []Span) []Span {
	m := b - a
	if m <= 0 {
		return out
	}
	pre := make([]float64, m+1)
	for k := 0; k < m; k++ {
		pre[k+1] = pre[k] + q[a+k]
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
			sum := pre[k] - pre[s]
			if v := prev + sum/float64(k-s) + beta*sum - gamma; v > best[k] {
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
	// Found last to first.
	for i, j := start, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}
