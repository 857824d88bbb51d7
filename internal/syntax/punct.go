package syntax

// The punctuation attacher is the last pass over a finished tree. The
// greedy parser attaches a punctuation mark as soon as it leaves the
// stack, before it has seen the clause or phrase the mark belongs to; here
// each mark (relation punct, no dependents) is attached again to the best
// of the words it can hang from without crossing an arc: the word before
// it and that word's ancestors, the word after it and that word's
// ancestors. A linear ranker scores each candidate seeing the whole tree
// (its relation, the relation of its child next to the mark, which side
// it is on, whether the parser chose it). It is trained, like the
// relabeller, on the trees the parser built for the training sentences in
// an early epoch, with jackknifed tags.

// punctTreeEpoch is the parser epoch (counted from 0: the seventh) whose
// trees train the punctuation attacher: by then the parser, exploring its
// own errors, gets about one mark in thirteen wrong on the training
// sentences (dev: one in five); the trees of earlier epochs have more and
// easier errors, and train an attacher that fixes fewer on dev (UAS +0.05
// with the trees of epoch 1, +0.14 with those of epoch 6, one parser).
const punctTreeEpoch = 6

// punctCand is one candidate head h of a punctuation mark, with its child
// on the path to the word left of the mark (0 when h is not on that side)
// and to the word right of it.
type punctCand struct {
	h, left, right int
	rank           int // steps up from the neighbour of the mark (0 = the neighbour itself)
}

// punctCandidates appends the candidate heads of the mark p in the tree
// heads[1..n] (0 = root): ancestors of p-1 and of p+1 (inclusive), once
// each, whose arc to p crosses no other arc.
func punctCandidates(heads []int, n, p int, out []punctCand) []punctCand {
	out = out[:0]
	add := func(h, below int, right bool, rank int) {
		i := 0
		for i < len(out) && out[i].h != h {
			i++
		}
		if i == len(out) {
			out = append(out, punctCand{h: h, rank: rank})
		}
		if right {
			out[i].right = below
		} else {
			out[i].left = below
		}
	}
	for _, start := range [2]int{p - 1, p + 1} {
		if start < 1 || start > n {
			continue
		}
		below := start
		for x, steps := start, 0; x != 0 && steps <= n; x, steps = heads[x], steps+1 {
			if x == p {
				break // p's own subtree (p has no dependents, so only a bad tree)
			}
			add(x, below, start > p, steps)
			below = x
		}
	}
	// Keep the candidates whose arc to p crosses no other arc.
	k := 0
	for _, c := range out {
		lo, hi := min(c.h, p), max(c.h, p)
		ok := true
		for d := 1; d <= n && ok; d++ {
			if d == p {
				continue
			}
			a, b := d, heads[d]
			inA, inB := a > lo && a < hi, b > lo && b < hi
			outA, outB := a < lo || a > hi, b < lo || b > hi
			if inA && outB || inB && outA {
				ok = false
			}
		}
		if ok {
			out[k] = c
			k++
		}
	}
	return out[:k]
}

// punctFeatures appends the ranker's features of attaching mark p to
// candidate c, one of cands; orig is the parser's head for p.
func punctFeatures(in *pinput, heads, labels []int, span []int32, n, p int, c punctCand, cands []punctCand, orig int, keys []uint64) []uint64 {
	final := in.onlyPunctAfter(p, n)
	top := isTop(heads, n, cands, c.h)
	h := c.h
	pw := in.w[p]
	var side uint64
	dist := distBucket(p - h)
	if h > p {
		side, dist = 1, 10+distBucket(h-p)
	}
	var isOrig uint64
	if h == orig {
		isOrig = 1
	}
	var fin uint64
	if final {
		fin = 1
	}
	var rootH uint64
	if heads[h] == 0 {
		rootH = 1
	}
	hp, hl := in.p[h], labelAt(labels, h, n)
	sides := uint64(0)
	if c.left != 0 {
		sides |= 1
	}
	if c.right != 0 {
		sides |= 2
	}
	lc, rc := labelAt(labels, c.left, n), labelAt(labels, c.right, n)
	if c.left == h {
		lc = 0x1eaf // h is the word next to the mark
	}
	if c.right == h {
		rc = 0x1eaf
	}
	keys = append(keys,
		key2(401, pw, side), key3(402, pw, side, hp), key3(403, pw, side, hl),
		key3(404, pw, hl, sides), key3(405, pw, isOrig, fin), key3(406, hp, hl, side),
		key3(407, pw, side, dist), key3(408, pw, rc, side), key3(409, pw, lc, side),
		key3(410, pw, fin, mix(hl, rootH)), key3(411, pw, valAt(in.p, p+1, n), mix(hp, side)),
		key3(412, pw, valAt(in.p, p-1, n), mix(hp, side)), key3(413, hl, rc, side),
		key3(414, in.w[h], pw, side), key3(415, pw, isOrig, hl), key2(416, isOrig, dist),
		key3(417, pw, mix(lc, rc), hl), key3(418, pw, rootH, sides),
		key3(419, valAt(in.u, p+1, n), rc, mix(pw, hl)), key3(420, valAt(in.u, p-1, n), lc, mix(pw, hl)),
	)
	// How high the candidate is, and whether its phrase starts right after
	// the mark or ends right before it.
	var adj uint64
	lo, hi := int(span[2*h]), int(span[2*h+1])
	if lo == p+1 {
		adj |= 1
	}
	if hi == p-1 {
		adj |= 2
	}
	if hi == n || hi == n-1 && final {
		adj |= 4
	}
	var tp uint64
	if top {
		tp = 1
	}
	g := heads[h]
	keys = append(keys,
		key3(421, pw, uint64(min(c.rank, 4)), mix(side, tp)), key3(422, pw, adj, side),
		key3(423, pw, adj, hl), key3(424, pw, labelAt(labels, g, n), hl), key3(425, pw, valAt(in.p, g, n), mix(hp, side)),
		key3(426, pw, tp, hl), key3(427, pw, adj, mix(rc, lc)),
	)
	return keys
}

// isTop reports whether no other candidate is an ancestor of h.
func isTop(heads []int, n int, cands []punctCand, h int) bool {
	for x, steps := heads[h], 0; x != 0 && steps <= n; x, steps = heads[x], steps+1 {
		for _, c := range cands {
			if c.h == x {
				return false
			}
		}
	}
	return true
}

// subtreeSpans returns, for each word x, the first and last word of its
// subtree (span[2x], span[2x+1]) in the tree heads[1..n].
func subtreeSpans(heads []int, n int, span []int32) []int32 {
	span = append(span[:0], make([]int32, 2*(n+1))...)
	for x := 1; x <= n; x++ {
		span[2*x], span[2*x+1] = int32(x), int32(x)
	}
	for d := 1; d <= n; d++ {
		for x, steps := heads[d], 0; x != 0 && steps <= n; x, steps = heads[x], steps+1 {
			span[2*x] = min(span[2*x], int32(d))
			span[2*x+1] = max(span[2*x+1], int32(d))
		}
	}
	return span
}

// reattachPunct moves each punctuation mark to its best candidate head.
func (m *Model) reattachPunct(heads, labels []int, in *pinput, sc *scratch) {
	n := len(heads) - 2
	if m.punct == nil || n < 3 {
		return
	}
	kids := sc.kidCount[:0]
	kids = append(kids, make([]int32, n+2)...)
	for d := 1; d <= n; d++ {
		kids[heads[d]]++
	}
	sc.kidCount = kids
	sc.span = subtreeSpans(heads, n, sc.span)
	for p := 1; p <= n; p++ {
		if labels[p] != m.punctLab || kids[p] != 0 {
			continue
		}
		sc.cands = punctCandidates(heads, n, p, sc.cands)
		if len(sc.cands) < 2 {
			continue
		}
		orig := heads[p]
		best, bestV := orig, int32(-1<<31)
		for _, c := range sc.cands {
			sc.pkeys = punctFeatures(in, heads, labels, sc.span, n, p, c, sc.cands, orig, sc.pkeys[:0])
			var s [3]int32
			m.punct.score(sc.pkeys, s[:])
			if s[0] > bestV {
				best, bestV = c.h, s[0]
			}
		}
		if best != orig {
			kids[orig]--
			kids[best]++
			heads[p] = best
			// Later marks see the tree as it now is (a move is rare:
			// about one mark in a hundred).
			sc.span = subtreeSpans(heads, n, sc.span)
		}
	}
}
