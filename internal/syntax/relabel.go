package syntax

// The relabeller is a second pass over the finished tree: it chooses the
// relation of every arc again, now seeing the whole tree (all children of
// the head and of the dependent, the grandparent, the siblings and their
// relations). It walks the tree top-down and each head's children left to
// right, so the relation of the head and of the left siblings are already
// its own decisions. It is trained on the trees the parser builds for the
// training sentences in its second epoch (errors like those on unseen
// text), with jackknifed tags; the online labeller stays, as the parser's
// features use the labels of children while the tree is built, and the two
// scores are added.

// rtree is the child index of a finished tree over words 1..n (0 = root).
type rtree struct {
	n     int
	heads []int // 1..n
	off   []int // children of x are kids[off[x]:off[x+1]], ascending
	kids  []int
	queue []int
}

func (t *rtree) build(heads []int, n int) {
	t.n, t.heads = n, heads
	if cap(t.off) < n+2 {
		t.off = make([]int, n+2)
	}
	t.off = t.off[:n+2]
	clear(t.off)
	for d := 1; d <= n; d++ {
		t.off[heads[d]+1]++
	}
	for x := 1; x <= n+1; x++ {
		t.off[x] += t.off[x-1]
	}
	t.kids = append(t.kids[:0], make([]int, n)...)
	// Fill back to front so that each child list comes out ascending.
	next := t.queue[:0]
	next = append(next, t.off[1:]...)
	for d := n; d >= 1; d-- {
		h := heads[d]
		next[h]--
		t.kids[next[h]] = d
	}
	t.queue = next[:0]
}

func (t *rtree) children(x int) []int { return t.kids[t.off[x]:t.off[x+1]] }

var punctUPOS = strHash("PUNCT")

// relabelSure is the margin (in weight units) between the online
// labeller's two best relations above which the relabeller is not asked:
// on dev it changes almost nothing there, and skipping it leaves about one
// arc in ten to score. relabelWeight scales the relabeller's scores before
// they are added to the online labeller's. Both were chosen on dev (LAS
// 81.61 without the relabeller, 81.86 with it).
const (
	relabelSure   = 16
	relabelWeight = 0.75
)

// relabel overwrites labels[1..n] for the tree heads[1..n]. The relation
// chosen is the best by the sum of the online labeller's scores (kept in
// sc.olab) and the relabeller's.
func (m *Model) relabel(heads, labels []int, in *pinput, sc *scratch) {
	n := len(heads) - 2
	t := &sc.tree
	t.build(heads, n)
	all := sc.scores[:256]
	scores := all[:len(m.labels)]
	nl := len(m.labels)
	a, b := m.labeler.scale, m.relabeler.scale*relabelWeight
	sure := func(d int) bool {
		if in.u[d] == punctUPOS && labels[d] == m.punctLab {
			return true // never scored (bestLabel)
		}
		var b1, b2 int32 = -1 << 30, -1 << 30
		for l, v := range sc.olab[d*nl : (d+1)*nl] {
			if l == m.rootLab {
				continue
			}
			if v > b1 {
				b1, b2 = v, b1
			} else if v > b2 {
				b2 = v
			}
		}
		return float32(b1-b2)*a > relabelSure
	}
	m.walkTree(t, labels, in, &sc.lkeys, sure, func(keys []uint64, _, d int) int {
		on := sc.olab[d*nl : (d+1)*nl]
		clear(scores)
		m.relabeler.score(keys, all)
		best, bestV := -1, float32(0)
		for l, v := range scores {
			x := float32(on[l])*a + float32(v)*b
			if l != m.rootLab && (best < 0 || x > bestV) {
				best, bestV = l, x
			}
		}
		return best
	})
}

// walkTree visits the arcs top-down, each head's children left to right,
// and sets the relation of each non-root arc d to choose(features, cur, d)
// unless keep(d) (keep may be nil); cur is the arc's current relation (gold
// in training).
func (m *Model) walkTree(t *rtree, labels []int, in *pinput, keys *[]uint64, keep func(d int) bool, choose func(keys []uint64, cur, d int) int) {
	q := append(t.queue[:0], 0)
	for i := 0; i < len(q); i++ {
		h := q[i]
		var sibs uint64
		prev := 0
		for _, d := range t.children(h) {
			switch {
			case h == 0:
				labels[d] = m.rootLab
			case keep != nil && keep(d):
				sibs |= 1 << (uint(labels[d]) & 63)
			default:
				*keys = relabelFeatures(t, in, labels, h, d, sibs, prev, (*keys)[:0])
				labels[d] = choose(*keys, labels[d], d)
				sibs |= 1 << (uint(labels[d]) & 63)
			}
			prev = d
			q = append(q, d)
		}
	}
	t.queue = q[:0]
}

// relabelFeatures appends the relabeller's features of the arc h -> d
// (1 <= h <= n); sibs is the set of relations of d's left siblings, prev
// the nearest left sibling (0 = none).
func relabelFeatures(t *rtree, in *pinput, labels []int, h, d int, sibs uint64, prev int, keys []uint64) []uint64 {
	n := t.n
	var dir, dist uint64
	lo, hi := d, h
	if h > d {
		dist = distBucket(h - d)
	} else {
		dir, dist = 1, 10+distBucket(d-h)
		lo, hi = h, d
	}
	hw, hp, dw, dp := in.w[h], in.p[h], in.w[d], in.p[d]
	hd := mix(hp, dp)
	g := t.heads[h]
	var gp uint64 = 0x600d
	if g > 0 {
		gp = in.p[g]
	}
	kidsD := t.children(d)
	kidsH := t.children(h)
	var nl, nr uint64
	dl1 := 0
	for _, c := range kidsD {
		if c < d {
			nl++
			if dl1 == 0 {
				dl1 = c
			}
		} else {
			nr++
		}
	}
	next := 0
	for _, c := range kidsH {
		if c > d {
			next = c
			break
		}
	}
	punct := uint64(min(in.pc[hi-1]-in.pc[lo], 2))
	var pos uint64
	if d == 1 {
		pos = 1
	} else if d == n || d == n-1 && in.u[n] == punctUPOS {
		pos = 2
	}
	keys = append(keys,
		key1(301, dir),
		key2(302, dir, hw), key2(303, dir, hp), key2(304, dir, dw), key2(305, dir, dp),
		key3(306, dir, hw, dp), key3(307, dir, hp, dw), key3(308, dir, hp, dp), key3(309, dir, hw, dw),
		key3(310, dir, dist, hd), key3(311, dir, dist, dw),
		key3(312, labelAt(labels, h, n), hp, mix(dp, dir)), key3(313, labelAt(labels, h, n), dir, dw),
		key3(314, gp, hp, mix(dp, dir)),
		key3(315, sibs, hp, mix(dp, dir)), key3(316, labelAt(labels, prev, n), valAt(in.p, prev, n), mix(hd, dir)),
		key3(317, valAt(in.p, next, n), hp, mix(dp, dir)),
		key3(320, mix(hd, dir), valAt(in.w, dl1, n), 1), key3(321, dw, valAt(in.w, dl1, n), dir),
		key3(322, dp, min(nl, 3), min(nr, 3)),
		key3(325, dir, hd, valAt(in.p, d-1, n)), key3(326, dir, hd, valAt(in.p, d+1, n)),
		key3(327, dir, hd, valAt(in.p, h-1, n)), key3(328, dir, hd, valAt(in.p, h+1, n)),
		key3(329, dir, in.x[d], hp), key3(330, dir, in.a[d], hp), key3(331, dir, in.x[d], in.x[h]),
		key3(332, dir, hd, punct), key3(333, dp, hp, mix(pos, dir)),
		key3(334, dir, dw, valAt(in.w, d-1, n)), key3(335, dir, dw, valAt(in.w, d+1, n)),
		key3(336, dir, in.u[h], in.u[d]),
		key3(337, dir, mix(hw, dp), dist),
		key3(338, dir, in.c[h], in.c[d]), key3(339, dir, in.c[d], hp), key3(340, dir, hw, in.k[d]),
	)
	for _, c := range kidsD {
		side := uint64(0)
		if c > d {
			side = 1
		}
		keys = append(keys, key3(318, mix(dp, dir), in.p[c], side), key3(319, dp, in.w[c], side))
	}
	for _, c := range kidsH {
		if c == d {
			continue
		}
		side := uint64(0)
		if c > d {
			side = 1
		}
		keys = append(keys, key3(323, mix(dp, dir), in.p[c], mix(side, hp)), key3(324, hd, in.w[c], side))
	}
	return keys
}
