package syntax

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"math/bits"
	"slices"
)

// Feature keys are 64-bit hashes of a template number and the values it
// combines; 0 is reserved for "no feature".

const (
	mulA = 0x9E3779B97F4A7C15
	mulB = 0xBF58476D1CE4E5B9
	mulC = 0x94D049BB133111EB
)

func mix(a, b uint64) uint64 {
	h := a*mulA + b
	h ^= h >> 31
	h *= mulB
	h ^= h >> 29
	return h
}

// The feature keys of templates: each value is xor-ed in and multiplied by
// an odd constant (t*mulA is folded at compile time for constant t), and
// fin mixes the result; one multiplication per value instead of the two of
// mix, which matters at some 300 keys per word parsed.
func key1(t, a uint64) uint64       { return fin((t*mulA ^ a) * mulB) }
func key2(t, a, b uint64) uint64    { return fin(((t*mulA^a)*mulB ^ b) * mulA) }
func key3(t, a, b, c uint64) uint64 { return fin((((t*mulA^a)*mulB^b)*mulA ^ c) * mulB) }

func fin(h uint64) uint64 {
	h *= mulC
	h ^= h >> 32
	if h == 0 {
		h = 1
	}
	return h
}

// strHash is FNV-1a over the bytes of s.
func strHash(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// linear is a compact multiclass linear model for inference: a hash table
// from feature fingerprints to sparse rows of (class, weight) pairs with
// int16 weights (weight = int16 * scale). On disk the weights are 8-bit
// codes into a logarithmic codebook and features are 32-bit fingerprints.
// It is read-only and safe for concurrent use.
//
// In memory the table is an array of 64-byte buckets (one cache line),
// each holding up to seven features under a 16-bit check value. A lookup
// reads one bucket and finds its lane with word-parallel compares and no
// data-dependent branch, so the CPU keeps many lookups in flight at once;
// the probing loop of an open-addressing table mispredicted on nearly
// every miss and ran several times slower. A bucket that overflowed says so
// in its eighth check value and the lookup goes on to the next bucket. Two
// features of one bucket chain with equal checks share their weights (the
// builder adds them up), like colliding hashes of a hashed model.
type linear struct {
	nclass int
	scale  float32
	mask   uint64 // bucket index mask
	// Models of at most three classes keep their weights inside the
	// buckets (one memory access per feature); others point into ent.
	b3  []bucket3
	bm  []bucketM
	ent []uint32 // class in the low 8 bits, int16 weight in the high 16
}

const (
	lanes    = 7 // features per bucket; lane 7 holds the overflow flag
	laneNone = 7 // the lane of "not found": its weights are always zero
)

// A bucket's checks are eight 16-bit lanes of two words; lane 7 (the top
// of k[1]) is the overflow flag.
type bucket3 struct {
	k [2]uint64
	w [8][3]int16
}

type bucketM struct {
	k   [2]uint64
	off [8]uint32
	n   [8]uint8
	_   [8]byte
}

// fp is the 32-bit fingerprint of a feature key (never 0).
func fp(k uint64) uint32 {
	f := uint32(k >> 32)
	if f == 0 {
		f = 1
	}
	return f
}

// home is the bucket of fingerprint f.
func (m *linear) home(f uint32) uint64 { return (uint64(f) * mulA) >> 24 & m.mask }

// check is the 16-bit check value of fingerprint f (never 0 or 1, the
// values of the overflow flag).
func check(f uint32) uint16 {
	c := uint16(f)
	if c < 2 {
		c += 2
	}
	return c
}

const (
	ones16 = 0x0001000100010001
	high16 = 0x8000800080008000
)

// findLane returns the lane of the check value broadcast in bc (c *
// ones16) among the bucket's checks, or laneNone.
func findLane(k *[2]uint64, bc uint64) int { return lane(k[0], k[1], bc) }

// lane is findLane given the bucket's two check words.
func lane(k0, k1, bc uint64) int {
	x, y := k0^bc, k1^bc
	// The lowest flagged lane of (v - 1s) &^ v is the first zero lane.
	t1 := bits.TrailingZeros64((x - ones16) &^ x & high16)
	t2 := bits.TrailingZeros64((y - ones16) &^ y & high16)
	lane := t1>>4 + (t1>>6)*(t2>>4) // 0..8; 8 = nowhere
	return lane - lane>>3
}

// goOn reports whether a lookup that found lane l must go on to the next
// bucket: nothing found in a bucket that overflowed. It is computed
// without branches (lane 7 has zero weights, so adding them is harmless).
func goOn(k *[2]uint64, l int) bool { return (k[1]>>48)&uint64((l+1)>>3) != 0 }

// laneCheck returns the check value in lane l of k.
func laneCheck(k *[2]uint64, l int) uint16 { return uint16(k[l>>2] >> (16 * (l & 3))) }

func setLane(k *[2]uint64, l int, c uint16) {
	k[l>>2] |= uint64(c) << (16 * (l & 3))
}

// score adds the weights of keys into scores, which has room for 256
// classes whatever nclass is (models of at most three classes need only
// nclass). The table probes of all keys are done first so that their cache
// misses overlap.
func (m *linear) score(keys []uint64, scores []int32) {
	if m.b3 != nil {
		m.score3(keys, scores)
		return
	}
	var at, lo [128]uint64
	var rows [128][2]uint32
	for len(keys) > 0 {
		chunk := keys[:min(len(keys), len(at))]
		keys = keys[len(chunk):]
		// Load the first word of every bucket first, as score3 does.
		for j, k := range chunk {
			i := m.home(fp(k))
			at[j] = i
			lo[j] = m.bm[i].k[0]
		}
		nr := 0
		for j, k := range chunk {
			if k == 0 {
				continue
			}
			bc := uint64(check(fp(k))) * ones16
			b := &m.bm[at[j]]
			l := lane(lo[j], b.k[1], bc)
			if goOn(&b.k, l) {
				b, l = m.overflowM(at[j], bc)
			}
			rows[nr] = [2]uint32{b.off[l&7], uint32(b.n[l&7])}
			nr++
		}
		if len(m.ent) == 0 {
			continue
		}
		// Load the first entry of every row, again so that the misses
		// overlap; the accumulation reads the rest of each row.
		var first [128]uint32
		for j, r := range rows[:nr] {
			first[j] = m.ent[min(r[0], uint32(len(m.ent)-1))]
		}
		// Fixed-size view: class indexes need no bounds checks.
		sc := (*[256]int32)(scores)
		for j, r := range rows[:nr] {
			if r[1] == 0 {
				continue
			}
			e := first[j]
			sc[uint8(e)] += int32(int16(e >> 16))
			for _, e := range m.ent[r[0]+1 : r[0]+r[1]] {
				sc[uint8(e)] += int32(int16(e >> 16))
			}
		}
	}
}

func (m *linear) score3(keys []uint64, scores []int32) {
	var s0, s1, s2 int32
	// The first loop, with a tiny body, loads the first word of every
	// key's bucket, so that many cache misses are in flight at once; the
	// scoring loop then finds the bucket's line in the cache.
	var at, lo [128]uint64
	for len(keys) > 0 {
		chunk := keys[:min(len(keys), len(at))]
		keys = keys[len(chunk):]
		for j, k := range chunk {
			i := m.home(fp(k))
			at[j] = i
			lo[j] = m.b3[i].k[0]
		}
		for j, k := range chunk {
			if k == 0 {
				continue
			}
			bc := uint64(check(fp(k))) * ones16
			b := &m.b3[at[j]]
			l := lane(lo[j], b.k[1], bc)
			w := &b.w[l&7]
			s0 += int32(w[0])
			s1 += int32(w[1])
			s2 += int32(w[2])
			if goOn(&b.k, l) {
				w := m.overflow3(at[j], bc)
				s0 += int32(w[0])
				s1 += int32(w[1])
				s2 += int32(w[2])
			}
		}
	}
	scores[0] += s0
	scores[1] += s1
	if len(scores) > 2 {
		scores[2] += s2
	}
}

// overflowM looks for a check value in the buckets after bucket i, which
// overflowed.
func (m *linear) overflowM(i, bc uint64) (*bucketM, int) {
	for {
		i = (i + 1) & m.mask
		b := &m.bm[i]
		l := findLane(&b.k, bc)
		if !goOn(&b.k, l) {
			return b, l
		}
	}
}

// overflow3 looks for a check value in the buckets after bucket i, which
// overflowed.
func (m *linear) overflow3(i, bc uint64) *[3]int16 {
	for {
		i = (i + 1) & m.mask
		b := &m.b3[i]
		l := findLane(&b.k, bc)
		if !goOn(&b.k, l) {
			return &b.w[l&7]
		}
	}
}

// bucketsFor is the number of buckets for n features: a power of two,
// about half full (four features per bucket of seven at most).
func bucketsFor(n int) int {
	nb := 1
	for nb*4 < n+16 {
		nb <<= 1
	}
	return nb
}

// newLinear builds the table from sorted distinct fingerprints and rows.
func newLinear(nclass int, scale float32, keys []uint32, counts []uint32, cls []uint8, w []int16) *linear {
	nb := bucketsFor(len(keys))
	m := &linear{nclass: nclass, scale: scale, mask: uint64(nb - 1)}
	// place returns the bucket and lane for fingerprint f: the lane that
	// already holds its check value (merged) or a free one; found reports
	// the first case.
	place := func(ks func(uint64) *[2]uint64, f uint32) (uint64, int, bool) {
		c := check(f)
		i := m.home(f)
		for {
			k := ks(i)
			for l := 0; l < lanes; l++ {
				switch laneCheck(k, l) {
				case c:
					return i, l, true
				case 0:
					setLane(k, l, c)
					return i, l, false
				}
			}
			setLane(k, 7, 1) // overflowed: lookups go on to the next bucket
			i = (i + 1) & m.mask
		}
	}
	if nclass <= 3 {
		m.b3 = hugeSlice[bucket3](nb, m)
		off := uint32(0)
		for i, f := range keys {
			bi, l, _ := place(func(j uint64) *[2]uint64 { return &m.b3[j].k }, f)
			for e := off; e < off+counts[i]; e++ {
				m.b3[bi].w[l][cls[e]] += w[e]
			}
			off += counts[i]
		}
		return m
	}
	m.bm = hugeSlice[bucketM](nb, m)
	ent := make([]uint32, 0, len(cls))
	off := uint32(0)
	for i, f := range keys {
		start := uint32(len(ent))
		for e := off; e < off+counts[i]; e++ {
			ent = append(ent, uint32(cls[e])|uint32(uint16(w[e]))<<16)
		}
		off += counts[i]
		bi, l, merged := place(func(j uint64) *[2]uint64 { return &m.bm[j].k }, f)
		b := &m.bm[bi]
		if merged {
			// A feature sharing its check value with an earlier one of
			// its bucket chain: the two rows become one, written anew.
			row := mergeRows(ent[b.off[l]:b.off[l]+uint32(b.n[l])], ent[start:])
			ent = append(ent[:start], row...)
		}
		ent = ent[:min(len(ent), int(start)+255)]
		b.off[l] = start
		b.n[l] = uint8(len(ent) - int(start))
	}
	m.ent = ent
	return m
}

// mergeRows adds two rows of packed (class, weight) entries.
func mergeRows(a, b []uint32) []uint32 {
	var acc [256]int32
	var seen [256]bool
	var order []uint8
	for _, r := range [][]uint32{a, b} {
		for _, e := range r {
			c := uint8(e)
			if !seen[c] {
				seen[c] = true
				order = append(order, c)
			}
			acc[c] += int32(int16(e >> 16))
		}
	}
	out := make([]uint32, 0, len(order))
	for _, c := range order {
		v := max(min(acc[c], math.MaxInt16), math.MinInt16)
		out = append(out, uint32(c)|uint32(uint16(int16(v)))<<16)
	}
	return out
}

const (
	linearMagic = "SRLIN2\n"
	codeLevels  = 127 // magnitudes per sign; code 0 is weight 0
)

// codebook returns the magnitudes of the 8-bit weight codes: log-spaced
// from lo to hi.
func codebook(lo, hi float64) []float64 {
	out := make([]float64, codeLevels+1)
	r := math.Pow(hi/lo, 1/float64(codeLevels-1))
	for i := 1; i <= codeLevels; i++ {
		out[i] = lo * math.Pow(r, float64(i-1))
	}
	return out
}

func encodeWeight(w float64, book []float64) uint8 {
	a := math.Abs(w)
	if a < book[1]/2 {
		return 0
	}
	// nearest level by ratio
	i, _ := slices.BinarySearch(book[1:], a)
	i++ // index into book
	if i > codeLevels {
		i = codeLevels
	}
	if i > 1 && a/book[i-1] < book[i]/a {
		i--
	}
	c := uint8(i)
	if w < 0 {
		c |= 0x80
	}
	return c
}

// writeLinear serialises a model given as sorted keys and float rows;
// weights with magnitude below minWeight are dropped.
func writeLinear(w io.Writer, nclass int, keys []uint64, rows [][]centry, minWeight float64) error {
	bw := bufio.NewWriter(w)
	maxAbs := 0.0
	for _, r := range rows {
		for _, e := range r {
			maxAbs = math.Max(maxAbs, math.Abs(e.w))
		}
	}
	if maxAbs == 0 {
		maxAbs = 1
	}
	lo := math.Max(minWeight, maxAbs/1e5)
	book := codebook(lo, maxAbs)
	// Merge rows by fingerprint, quantise, drop zero weights and empty rows.
	type frow struct {
		f   uint32
		row []centry
	}
	var frows []frow
	for i, r := range rows {
		frows = append(frows, frow{fp(keys[i]), r})
	}
	slices.SortStableFunc(frows, func(a, b frow) int {
		switch {
		case a.f < b.f:
			return -1
		case a.f > b.f:
			return 1
		}
		return 0
	})
	var qk []uint32
	var qn []uint32
	var qc []uint8
	var qw []uint8
	acc := make([]float64, nclass)
	for i := 0; i < len(frows); {
		j := i
		clear(acc)
		for ; j < len(frows) && frows[j].f == frows[i].f; j++ {
			for _, e := range frows[j].row {
				acc[e.c] += e.w
			}
		}
		n := 0
		for c, v := range acc {
			code := encodeWeight(v, book)
			if code&0x7f == 0 {
				continue
			}
			qc = append(qc, uint8(c))
			qw = append(qw, code)
			n++
		}
		if n > 0 {
			qk = append(qk, frows[i].f)
			qn = append(qn, uint32(n))
		}
		i = j
	}
	var buf [binary.MaxVarintLen64]byte
	put := func(v uint64) { bw.Write(buf[:binary.PutUvarint(buf[:], v)]) }
	bw.WriteString(linearMagic)
	put(uint64(nclass))
	put(math.Float64bits(lo))
	put(math.Float64bits(maxAbs))
	put(uint64(len(qk)))
	put(uint64(len(qc)))
	prev := uint32(0)
	for _, k := range qk {
		put(uint64(k - prev))
		prev = k
	}
	for _, n := range qn {
		put(uint64(n))
	}
	bw.Write(qc)
	bw.Write(qw)
	return bw.Flush()
}

func readLinear(r *bufio.Reader) (*linear, error) {
	magic := make([]byte, len(linearMagic))
	if _, err := io.ReadFull(r, magic); err != nil || string(magic) != linearMagic {
		return nil, errors.New("bad linear model header")
	}
	var err error
	get := func() uint64 {
		if err != nil {
			return 0
		}
		var v uint64
		v, err = binary.ReadUvarint(r)
		return v
	}
	nclass := int(get())
	lo := math.Float64frombits(get())
	hi := math.Float64frombits(get())
	nk := int(get())
	ne := int(get())
	if err != nil {
		return nil, fmt.Errorf("read linear model: %w", err)
	}
	if nclass > 256 || nk > 1<<28 || ne > 1<<30 || !(lo > 0) || !(hi >= lo) || math.IsInf(hi, 0) {
		return nil, errors.New("implausible linear model header")
	}
	keys := make([]uint32, nk)
	prev := uint32(0)
	for i := range keys {
		prev += uint32(get())
		keys[i] = prev
	}
	counts := make([]uint32, nk)
	total := 0
	for i := range counts {
		counts[i] = uint32(get())
		total += int(counts[i])
	}
	if err != nil {
		return nil, fmt.Errorf("read linear model: %w", err)
	}
	if total != ne {
		return nil, errors.New("row counts do not add up")
	}
	cls := make([]uint8, ne)
	if _, err := io.ReadFull(r, cls); err != nil {
		return nil, fmt.Errorf("read linear model: %w", err)
	}
	codes := make([]uint8, ne)
	if _, err := io.ReadFull(r, codes); err != nil {
		return nil, fmt.Errorf("read linear model: %w", err)
	}
	for _, c := range cls {
		if int(c) >= nclass {
			return nil, errors.New("class out of range")
		}
	}
	book := codebook(lo, hi)
	scale := hi / 32767
	var table [256]int16
	for c := range 256 {
		v := int16(math.Round(book[c&0x7f] / scale))
		if c&0x80 != 0 {
			v = -v
		}
		table[c] = v
	}
	w := make([]int16, ne)
	for i, c := range codes {
		w[i] = table[c]
	}
	return newLinear(nclass, float32(scale), keys, counts, cls, w), nil
}

// centry is one class weight of a finished (averaged) row.
type centry struct {
	c int
	w float64
}

// perceptron is an averaged multiclass perceptron with sparse rows, used
// for training only.
type perceptron struct {
	nclass int
	t      int64
	feats  map[uint64][]pentry
}

type pentry struct {
	c   int32
	w   int32
	ts  int64
	tot int64
}

func newPerceptron(nclass int) *perceptron {
	return &perceptron{nclass: nclass, feats: make(map[uint64][]pentry)}
}

func (p *perceptron) score(keys []uint64, scores []float64) {
	for i := range scores {
		scores[i] = 0
	}
	for _, k := range keys {
		if k == 0 {
			continue
		}
		for _, e := range p.feats[k] {
			scores[e.c] += float64(e.w)
		}
	}
}

// tick advances the averaging clock by one training instance.
func (p *perceptron) tick() { p.t++ }

// learn is the perceptron step for one decision: when the prediction is
// not gold, gold's weights of keys go up and pred's down. It reports
// whether the prediction was wrong.
func (p *perceptron) learn(keys []uint64, gold, pred int) bool {
	if pred == gold {
		return false
	}
	p.update(keys, gold, 1)
	p.update(keys, pred, -1)
	return true
}

// update adds delta to class c for all keys.
func (p *perceptron) update(keys []uint64, c int, delta int32) {
	for _, k := range keys {
		if k == 0 {
			continue
		}
		row := p.feats[k]
		j := -1
		for i := range row {
			if row[i].c == int32(c) {
				j = i
				break
			}
		}
		if j < 0 {
			row = append(row, pentry{c: int32(c), ts: p.t})
			j = len(row) - 1
		}
		e := &row[j]
		e.tot += int64(e.w) * (p.t - e.ts)
		e.ts = p.t
		e.w += delta
		p.feats[k] = row
	}
}

// averaged returns sorted keys and averaged rows.
func (p *perceptron) averaged() ([]uint64, [][]centry) {
	keys := make([]uint64, 0, len(p.feats))
	for k := range p.feats {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	rows := make([][]centry, len(keys))
	for i, k := range keys {
		row := p.feats[k]
		out := make([]centry, 0, len(row))
		for _, e := range row {
			tot := e.tot + int64(e.w)*(p.t-e.ts)
			if tot == 0 {
				continue
			}
			out = append(out, centry{c: int(e.c), w: float64(tot) / float64(p.t)})
		}
		slices.SortFunc(out, func(a, b centry) int { return a.c - b.c })
		rows[i] = out
	}
	return keys, rows
}

// compile turns the averaged perceptron into an inference model by
// serialising and reading it back, so training and shipping agree exactly.
func (p *perceptron) compile(minWeight float64) (*linear, []byte, error) {
	keys, rows := p.averaged()
	var buf bytes.Buffer
	if err := writeLinear(&buf, p.nclass, keys, rows, minWeight); err != nil {
		return nil, nil, err
	}
	b := buf.Bytes()
	m, err := readLinear(bufio.NewReader(bytes.NewReader(b)))
	if err != nil {
		return nil, nil, err
	}
	return m, b, nil
}
