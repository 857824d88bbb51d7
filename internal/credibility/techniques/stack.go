package techniques

import "strconv"

// stackCtx holds the first-stage probabilities of one document and their
// sentence and document summaries, for the second-stage features.
type stackCtx struct {
	d        *docFeats
	p        []float64
	sentMax  []float64
	sentMean []float64
	sentHigh []int // tokens at or above 0.3
	docMean  float64
	word     map[string][2]float64 // norm → sum of probabilities, count
}

func newStackCtx(d *docFeats, p []float64) *stackCtx {
	c := &stackCtx{d: d, p: p, sentMax: make([]float64, len(d.sents)), sentMean: make([]float64, len(d.sents)),
		sentHigh: make([]int, len(d.sents))}
	var sum float64
	for si, s := range d.sents {
		var m, t float64
		for i := s.first; i < s.last; i++ {
			t += p[i]
			if p[i] > m {
				m = p[i]
			}
			if p[i] >= 0.3 {
				c.sentHigh[si]++
			}
		}
		c.sentMax[si] = m
		if s.last > s.first {
			c.sentMean[si] = t / float64(s.last-s.first)
		}
		sum += t
	}
	if len(p) > 0 {
		c.docMean = sum / float64(len(p))
	}
	c.word = map[string][2]float64{}
	for i := range p {
		w := d.toks[i].norm
		if content(w) {
			x := c.word[w]
			c.word[w] = [2]float64{x[0] + p[i], x[1] + 1}
		}
	}
	return c
}

func pbin(x float64, n int) string {
	k := int(x * float64(n))
	if k >= n {
		k = n - 1
	}
	return strconv.Itoa(k)
}

func (c *stackCtx) at(i, si int) float64 {
	if i < 0 || i >= len(c.p) || c.d.toks[i].sent != si {
		return -1
	}
	return c.p[i]
}

func (c *stackCtx) bin(i, si, n int) string {
	x := c.at(i, si)
	if x < 0 {
		return "x"
	}
	return pbin(x, n)
}

// features appends the second-stage features of token i; full adds the
// first stage's own features (a second stage as rich as the first).
func (c *stackCtx) features(i int, full bool, out []uint32) []uint32 {
	if full {
		out = c.d.tokenFeatures(i, out)
	}
	t := &c.d.toks[i]
	si := t.sent
	p0 := pbin(c.p[i], 20)
	sm := pbin(c.sentMax[si], 10)
	dm := pbin(c.docMean*2, 10)
	out = append(out, fh("b"), fh("p0", p0), fh("p-1", c.bin(i-1, si, 10)), fh("p+1", c.bin(i+1, si, 10)),
		fh("p-2", c.bin(i-2, si, 10)), fh("p+2", c.bin(i+2, si, 10)),
		fh("smax", sm), fh("smean", pbin(c.sentMean[si], 20)), fh("dmean", dm),
		fh("p0sm", p0, sm), fh("p0dm", p0, dm),
		fh("tri", c.bin(i-1, si, 5), c.bin(i, si, 5)+c.bin(i+1, si, 5)),
		fh("shigh", bucket(c.sentHigh[si], 0, 1, 2, 4, 8, 16)))
	// Runs of likely tokens to the left and right.
	l, r := 0, 0
	for k := i - 1; k >= 0 && c.d.toks[k].sent == si && c.p[k] >= 0.25; k-- {
		l++
	}
	for k := i + 1; k < len(c.p) && c.d.toks[k].sent == si && c.p[k] >= 0.25; k++ {
		r++
	}
	out = append(out, fh("runl", bucket(l, 0, 1, 2, 4, 8)), fh("runr", bucket(r, 0, 1, 2, 4, 8)),
		fh("p0len", p0, bucket(c.d.sents[si].n, 5, 10, 20, 40)))
	if x, ok := c.word[t.norm]; ok && x[1] > 1 {
		out = append(out, fh("wdoc", pbin((x[0]-c.p[i])/(x[1]-1), 10)))
	}
	if !wordTok(t.norm) {
		out = append(out, fh("punct", t.norm, p0))
	}
	return out
}
