package syntax

// The parser is a greedy arc-hybrid transition system (Kuhlmann et al.
// 2011) with the root at the end of the buffer, unlabelled actions scored by
// an averaged perceptron, a second perceptron choosing each arc's relation,
// and, in training, the dynamic oracle of Goldberg and Nivre (2013) with
// exploration on projectivised trees.

// pstate is a parser configuration over words 1..n; index n+1 is the root,
// which sits at the end of the buffer.
type pstate struct {
	n      int
	stack  []int
	b      int // front of the buffer, 1..n+1
	heads  []int
	labels []int
	l1, l2 []int // leftmost and second leftmost child (0 = none)
	r1, r2 []int
	nl, nr []int
	ls, rs []uint64 // label sets of left/right children
	inStk  []bool
}

func (s *pstate) reset(n int) {
	s.n = n
	s.stack = s.stack[:0]
	s.b = 1
	grow := func(a []int) []int {
		if cap(a) < n+2 {
			return make([]int, n+2)
		}
		a = a[:n+2]
		clear(a)
		return a
	}
	s.heads, s.labels = grow(s.heads), grow(s.labels)
	s.l1, s.l2, s.r1, s.r2 = grow(s.l1), grow(s.l2), grow(s.r1), grow(s.r2)
	s.nl, s.nr = grow(s.nl), grow(s.nr)
	if cap(s.ls) < n+2 {
		s.ls, s.rs, s.inStk = make([]uint64, n+2), make([]uint64, n+2), make([]bool, n+2)
	} else {
		s.ls, s.rs, s.inStk = s.ls[:n+2], s.rs[:n+2], s.inStk[:n+2]
		clear(s.ls)
		clear(s.rs)
		clear(s.inStk)
	}
	for i := range s.heads {
		s.heads[i] = -1
	}
}

func (s *pstate) terminal() bool { return len(s.stack) == 0 && s.b == s.n+1 }

func (s *pstate) addArc(h, d, lab int) {
	if h == s.n+1 {
		s.heads[d] = 0
	} else {
		s.heads[d] = h
	}
	s.labels[d] = lab
	if d < h {
		s.nl[h]++
		s.ls[h] |= 1 << (uint(lab) & 63)
		if s.l1[h] == 0 || d < s.l1[h] {
			s.l2[h] = s.l1[h]
			s.l1[h] = d
		} else if s.l2[h] == 0 || d < s.l2[h] {
			s.l2[h] = d
		}
	} else {
		s.nr[h]++
		s.rs[h] |= 1 << (uint(lab) & 63)
		if d > s.r1[h] {
			s.r2[h] = s.r1[h]
			s.r1[h] = d
		} else if d > s.r2[h] {
			s.r2[h] = d
		}
	}
}

// Unlabelled actions; the label of an arc is chosen by a separate
// classifier once the arc is decided.
const (
	actShift = iota
	actLeft
	actRight
	numActs
)

// valid reports the legality of shift, left and right arcs; rootLab is the
// label id of "root", which is legal exactly for left-arcs onto the root.
func (s *pstate) valid() (shift, left, right bool) {
	shift = s.b <= s.n
	left = len(s.stack) > 0 && (s.b <= s.n || len(s.stack) == 1)
	right = len(s.stack) > 1
	return
}

// forced returns the one valid action when there is only one (a shift onto
// an empty stack; right arcs once the buffer holds only the root): one
// transition in six, which need not be scored.
func (s *pstate) forced() (int, bool) {
	shift, left, right := s.valid()
	switch {
	case shift && !left && !right:
		return actShift, true
	case left && !shift && !right:
		return actLeft, true
	case right && !shift && !left:
		return actRight, true
	}
	return 0, false
}

// arc returns the head and dependent of a left or right arc.
func (s *pstate) arc(a int) (h, d int) {
	d = s.stack[len(s.stack)-1]
	if a == actLeft {
		return s.b, d
	}
	return s.stack[len(s.stack)-2], d
}

func (s *pstate) apply(a, lab int) {
	switch a {
	case actShift:
		s.stack = append(s.stack, s.b)
		s.inStk[s.b] = true
		s.b++
	case actLeft:
		s0 := s.stack[len(s.stack)-1]
		s.stack = s.stack[:len(s.stack)-1]
		s.inStk[s0] = false
		s.addArc(s.b, s0, lab)
	default:
		s0 := s.stack[len(s.stack)-1]
		s1 := s.stack[len(s.stack)-2]
		s.stack = s.stack[:len(s.stack)-1]
		s.inStk[s0] = false
		s.addArc(s1, s0, lab)
	}
}

// sentence-level inputs of the parser feature function.
type pinput struct {
	w  []uint64 // word hash per index 0..n+1 (0 unused, n+1 root)
	p  []uint64 // tag per index
	u  []uint64 // coarse tag (UPOS) per index
	a  []uint64 // ambiguity class of the word
	x  []uint64 // suffix of 3 runes
	c  []uint64 // fine word cluster
	k  []uint64 // coarse word cluster
	nv []int32  // nv[i]: the first verb after i (n+1 = none)
	vc []int32  // vc[i]: verbs among 1..i
	pc []int32  // pc[i]: punctuation words among 1..i
}

const (
	noneVal = 0x5a5a
	dist1   = 1 << 8
)

// valAt returns v[i] for a word 1..n, noneVal outside.
func valAt(v []uint64, i, n int) uint64 {
	if i <= 0 || i > n {
		return noneVal
	}
	return v[i]
}

// labelAt returns the relation of word i (1..n) as a feature value,
// noneVal outside.
func labelAt(labels []int, i, n int) uint64 {
	if i <= 0 || i > n {
		return noneVal
	}
	return uint64(labels[i])
}

func distBucket(d int) uint64 {
	switch {
	case d <= 4:
		return uint64(d)
	case d <= 7:
		return 5
	case d <= 10:
		return 6
	case d <= 15:
		return 7
	default:
		return 8
	}
}

// parseFeatures appends the feature keys of configuration s.
func parseFeatures(s *pstate, in *pinput, keys []uint64) []uint64 {
	n := s.n
	word := func(i int) uint64 {
		if i <= 0 {
			return noneVal
		}
		return in.w[i]
	}
	tag := func(i int) uint64 {
		if i <= 0 {
			return noneVal
		}
		return in.p[i]
	}
	lab := func(i int) uint64 {
		if i <= 0 {
			return noneVal
		}
		return uint64(s.labels[i])
	}
	st := func(k int) int {
		if len(s.stack) > k {
			return s.stack[len(s.stack)-1-k]
		}
		return 0
	}
	buf := func(k int) int {
		if s.b+k <= n+1 {
			return s.b + k
		}
		return 0
	}
	child := func(a []int, i int) int {
		if i <= 0 || i > n {
			return 0
		}
		return a[i]
	}
	at := func(a []uint64, i int) uint64 {
		if i <= 0 {
			return noneVal
		}
		return a[i]
	}
	s0, s1, s2 := st(0), st(1), st(2)
	b0, b1, b2 := buf(0), buf(1), buf(2)
	s0w, s0p, s1w, s1p, s2p := word(s0), tag(s0), word(s1), tag(s1), tag(s2)
	b0w, b0p, b1w, b1p, b2w, b2p := word(b0), tag(b0), word(b1), tag(b1), word(b2), tag(b2)
	s0L1, s0L2, s0R1, s0R2 := child(s.l1, s0), child(s.l2, s0), child(s.r1, s0), child(s.r2, s0)
	s1L1, s1R1, s1R2 := child(s.l1, s1), child(s.r1, s1), child(s.r2, s1)
	b0L1, b0L2 := child(s.l1, b0), child(s.l2, b0)
	var d, d2 uint64 = noneVal, noneVal
	if s0 > 0 && b0 > 0 {
		if b0 == n+1 {
			d = 20
		} else {
			d = distBucket(b0 - s0)
		}
	}
	if s1 > 0 {
		d2 = distBucket(s0 - s1)
	}
	var s0vl, s0vr, s1vl, s1vr, b0vl uint64 = noneVal, noneVal, noneVal, noneVal, noneVal
	var s0ls, s0rs, s1rs, b0ls uint64 = noneVal, noneVal, noneVal, noneVal
	if s0 > 0 {
		s0vl, s0vr, s0ls, s0rs = uint64(s.nl[s0]), uint64(s.nr[s0]), s.ls[s0], s.rs[s0]
	}
	if s1 > 0 {
		s1vl, s1vr, s1rs = uint64(s.nl[s1]), uint64(s.nr[s1]), s.rs[s1]
	}
	if b0 > 0 && b0 <= n {
		b0vl, b0ls = uint64(s.nl[b0]), s.ls[b0]
	}
	var nvp, vleft, bw1, sw1 uint64 = noneVal, noneVal, noneVal, noneVal
	if b0 > 0 && b0 <= n {
		if v := int(in.nv[b0]); v <= n {
			nvp = in.p[v]
		}
		vleft = uint64(min(in.vc[n]-in.vc[b0-1], 3))
		if b0-1 > s0 && s0 > 0 {
			bw1 = in.w[b0-1]
		}
	}
	if s0 > 0 && s1 > 0 && s0-1 > s1 {
		sw1 = in.w[s0-1]
	}
	keys = append(keys,
		key1(1, 0),
		key1(2, s0w), key1(3, s0p), key2(4, s0w, s0p),
		key1(5, s1w), key1(6, s1p), key2(7, s1w, s1p),
		key1(8, b0w), key1(9, b0p), key2(10, b0w, b0p),
		key1(11, b1w), key1(12, b1p), key2(13, b1w, b1p),
		key1(14, b2w), key1(15, b2p), key1(16, s2p),
		// pairs
		key3(17, s0w, s0p, mix(b0w, b0p)), key3(18, s0w, s0p, b0w), key3(19, s0w, b0w, b0p),
		key3(20, s0w, s0p, b0p), key3(21, s0p, b0w, b0p), key2(22, s0w, b0w), key2(23, s0p, b0p),
		key2(24, b0p, b1p),
		key3(25, s1w, s1p, mix(s0w, s0p)), key3(26, s1w, s1p, s0w), key3(27, s1w, s0w, s0p),
		key3(28, s1w, s1p, s0p), key3(29, s1p, s0w, s0p), key2(30, s1w, s0w), key2(31, s1p, s0p),
		key2(32, s1p, b0p), key2(33, s1w, b0w), key2(34, s0w, b1w),
		// triples
		key3(35, b0p, b1p, b2p), key3(36, s0p, b0p, b1p), key3(37, s1p, s0p, b0p), key3(38, s2p, s1p, s0p),
		key3(39, s0p, tag(s0L1), b0p), key3(40, s0p, tag(s0R1), b0p), key3(41, s0p, b0p, tag(b0L1)),
		key3(42, s1p, tag(s1L1), s0p), key3(43, s1p, tag(s1R1), s0p), key3(44, s1p, s0p, tag(s0L1)),
		key3(45, s1p, s0p, tag(s0R1)), key3(46, s1p, s0p, b1p),
		// distance
		key2(47, s0w, d), key2(48, s0p, d), key2(49, b0w, d), key2(50, b0p, d),
		key3(51, s0w, b0w, d), key3(52, s0p, b0p, d),
		key2(53, s1w, d2), key2(54, s1p, d2), key2(55, s0w, d2), key2(56, s0p, d2),
		key3(57, s1w, s0w, d2), key3(58, s1p, s0p, d2),
		// valency
		key2(59, s0w, s0vr), key2(60, s0p, s0vr), key2(61, s0w, s0vl), key2(62, s0p, s0vl),
		key2(63, b0w, b0vl), key2(64, b0p, b0vl), key2(65, s1w, s1vr), key2(66, s1p, s1vr),
		key2(67, s1w, s1vl), key2(68, s1p, s1vl),
		// children
		key1(69, word(s0L1)), key1(70, tag(s0L1)), key1(71, lab(s0L1)),
		key1(72, word(s0R1)), key1(73, tag(s0R1)), key1(74, lab(s0R1)),
		key1(75, word(b0L1)), key1(76, tag(b0L1)), key1(77, lab(b0L1)),
		key1(78, word(s1L1)), key1(79, tag(s1L1)), key1(80, lab(s1L1)),
		key1(81, word(s1R1)), key1(82, tag(s1R1)), key1(83, lab(s1R1)),
		key1(84, word(s0L2)), key1(85, tag(s0L2)), key1(86, lab(s0L2)),
		key1(87, word(s0R2)), key1(88, tag(s0R2)), key1(89, lab(s0R2)),
		key1(90, word(b0L2)), key1(91, tag(b0L2)), key1(92, lab(b0L2)),
		key3(93, s0p, lab(s0L1), lab(s0L2)), key3(94, s0p, lab(s0R1), lab(s0R2)),
		key3(95, b0p, lab(b0L1), lab(b0L2)), key3(96, s1p, lab(s1R1), lab(s1R2)),
		// label sets
		key2(97, s0w, s0ls), key2(98, s0p, s0ls), key2(99, s0w, s0rs), key2(100, s0p, s0rs),
		key2(101, b0w, b0ls), key2(102, b0p, b0ls), key2(103, s1w, s1rs), key2(104, s1p, s1rs),
		// extra lexical context
		key3(105, s0p, b0p, lab(s0R1)), key3(106, s1p, s0p, lab(s0L1)),
		key3(107, s0w, b0p, b1p), key3(108, s0p, b0w, b1p),
		// back-off for tagging errors: ambiguity classes, suffixes, coarse tags
		key1(109, at(in.a, s0)), key1(110, at(in.a, b0)), key1(111, at(in.a, b1)), key1(112, at(in.a, s1)),
		key2(113, at(in.a, s0), at(in.a, b0)), key2(114, at(in.a, s1), at(in.a, s0)),
		key1(115, at(in.x, s0)), key1(116, at(in.x, b0)), key2(117, at(in.x, s0), b0p), key2(118, s0p, at(in.x, b0)),
		key2(119, at(in.u, s0), at(in.u, b0)), key3(120, at(in.u, s0), at(in.u, b0), at(in.u, b1)),
		key3(121, at(in.u, s1), at(in.u, s0), at(in.u, b0)), key3(122, at(in.u, s0), at(in.u, b0), d),
		key3(123, at(in.a, s0), at(in.a, b0), d),
		// word clusters (clusters.go)
		key1(124, at(in.c, s0)), key1(125, at(in.c, b0)), key1(126, at(in.c, b1)), key1(127, at(in.c, s1)),
		key2(128, at(in.c, s0), at(in.c, b0)), key2(129, at(in.c, s1), at(in.c, s0)),
		key3(130, at(in.k, s0), at(in.k, b0), d), key3(131, s0p, at(in.c, b0), b0p),
		key3(132, at(in.c, s0), s0p, b0p), key3(133, at(in.k, s1), at(in.k, s0), d2),
		// look-ahead: the next verb after b0 and how many verbs are left
		// (does the clause of s0 go on, is another one coming?); the word
		// before b0 (the end of s0's subtree: a comma, a conjunction) and
		// the word before s0 when it is after s1
		key3(134, b0p, nvp, vleft), key2(135, s0p, vleft),
		key3(136, s0p, b0p, bw1), key3(137, s1p, s0p, sw1),
	)
	return keys
}

// labelFeatures appends the feature keys of the labeller for an arc from h
// to d (h = n+1 is the root) made by action a in configuration s.
func labelFeatures(s *pstate, in *pinput, a, h, d int, keys []uint64) []uint64 {
	n := s.n
	at := func(v []uint64, i int) uint64 {
		if i <= 0 || i > n+1 {
			return noneVal
		}
		return v[i]
	}
	kid := func(v []int, i int) int {
		if i <= 0 || i > n {
			return 0
		}
		return v[i]
	}
	dir := uint64(a)
	hw, hp, dw, dp := at(in.w, h), at(in.p, h), at(in.w, d), at(in.p, d)
	var dist uint64
	if h > d {
		dist = distBucket(h - d)
	} else {
		dist = 10 + distBucket(d-h)
	}
	dl1, dr1 := kid(s.l1, d), kid(s.r1, d)
	hl1, hr1 := kid(s.l1, h), kid(s.r1, h)
	var dls, drs, hls, hrs uint64 = noneVal, noneVal, noneVal, noneVal
	if d <= n {
		dls, drs = s.ls[d], s.rs[d]
	}
	if h <= n {
		hls, hrs = s.ls[h], s.rs[h]
	}
	keys = append(keys,
		key1(mix(201, dir), 0),
		key2(202, dir, hw), key2(203, dir, hp), key2(204, dir, dw), key2(205, dir, dp),
		key3(206, dir, hw, dp), key3(207, dir, hp, dw), key3(208, dir, hp, dp), key3(209, dir, hw, dw),
		key3(210, dir, dist, mix(hp, dp)), key3(211, dir, dist, dw),
		key3(212, dir, dp, dls), key3(213, dir, dp, drs), key3(214, dir, hp, hls), key3(215, dir, hp, hrs),
		key3(216, dir, dp, mix(labelAt(s.labels, dl1, n), labelAt(s.labels, dr1, n))), key3(217, dir, hp, mix(labelAt(s.labels, hl1, n), labelAt(s.labels, hr1, n))),
		key3(218, dir, dp, at(in.p, dl1)), key3(219, dir, dp, at(in.p, dr1)),
		key3(220, dir, mix(hp, dp), at(in.p, d-1)), key3(221, dir, mix(hp, dp), at(in.p, d+1)),
		key3(222, dir, mix(hp, dp), at(in.p, h-1)), key3(223, dir, mix(hp, dp), at(in.p, h+1)),
		key3(224, dir, at(in.x, d), hp), key3(225, dir, at(in.a, d), hp), key3(226, dir, dw, at(in.w, dl1)),
		key3(227, dir, mix(hw, dp), dist), key3(228, dir, dp, uint64(min(s.nl[d], 3)*4+min(s.nr[d], 3))),
		key3(229, dir, at(in.u, h), at(in.u, d)), key3(230, dir, dw, at(in.w, d+1)),
		key3(231, dir, at(in.p, d), mix(at(in.w, d-1), hp)), key3(232, dir, at(in.x, d), at(in.x, h)),
		key3(233, dir, at(in.c, h), at(in.c, d)), key3(234, dir, at(in.c, d), hp), key3(235, dir, hw, at(in.k, d)),
	)
	return keys
}
