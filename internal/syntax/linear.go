package syntax

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
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

func key1(t, a uint64) uint64       { return fin(mix(mix(t, a), 1)) }
func key2(t, a, b uint64) uint64    { return fin(mix(mix(mix(t, a), b), 2)) }
func key3(t, a, b, c uint64) uint64 { return fin(mix(mix(mix(mix(t, a), b), c), 3)) }

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
// from 32-bit feature fingerprints to sparse rows of (class, weight) pairs
// with int16 weights (weight = int16 * scale). On disk the weights are 8-bit
// codes into a logarithmic codebook. It is read-only and safe for
// concurrent use.
type linear struct {
	nclass int
	scale  float32
	mask   uint64
	slots  []slot
	ent    []uint32 // class in the low 8 bits, int16 weight in the high 16
	// Models of at most three classes keep their weights inside the table
	// (one memory access per feature instead of two).
	slots3 []slot3
}

type slot3 struct {
	key uint32
	w   [3]int16
}

type slot struct {
	key uint32
	n   uint32
	off uint32
}

// fp is the 32-bit fingerprint of a feature key (never 0).
func fp(k uint64) uint32 {
	f := uint32(k >> 32)
	if f == 0 {
		f = 1
	}
	return f
}

func (m *linear) lookup(k uint64) (uint32, uint32) {
	f := fp(k)
	i := (uint64(f) * mulA) >> 24 & m.mask
	for {
		s := &m.slots[i]
		if s.key == f {
			return s.off, s.n
		}
		if s.key == 0 {
			return 0, 0
		}
		i = (i + 1) & m.mask
	}
}

// score adds the weights of keys into scores (len nclass). The table
// probes of all keys are done first so that their cache misses overlap.
func (m *linear) score(keys []uint64, scores []int32) {
	if m.slots3 != nil {
		m.score3(keys, scores)
		return
	}
	var buf [256][2]uint32
	for len(keys) > 0 {
		chunk := keys[:min(len(keys), len(buf))]
		keys = keys[len(chunk):]
		rows := buf[:0]
		for _, k := range chunk {
			if k == 0 {
				continue
			}
			if off, n := m.lookup(k); n > 0 {
				rows = append(rows, [2]uint32{off, n})
			}
		}
		if len(scores) >= 256 {
			// Fixed-size view: class indexes need no bounds checks.
			sc := (*[256]int32)(scores)
			for _, r := range rows {
				for _, e := range m.ent[r[0] : r[0]+r[1]] {
					sc[uint8(e)] += int32(int16(e >> 16))
				}
			}
			continue
		}
		for _, r := range rows {
			for _, e := range m.ent[r[0] : r[0]+r[1]] {
				scores[e&0xff] += int32(int16(e >> 16))
			}
		}
	}
}

func (m *linear) score3(keys []uint64, scores []int32) {
	var s0, s1, s2 int32
	for _, k := range keys {
		if k == 0 {
			continue
		}
		f := fp(k)
		i := (uint64(f) * mulA) >> 24 & m.mask
		for {
			sl := &m.slots3[i]
			if sl.key == f {
				s0 += int32(sl.w[0])
				s1 += int32(sl.w[1])
				s2 += int32(sl.w[2])
				break
			}
			if sl.key == 0 {
				break
			}
			i = (i + 1) & m.mask
		}
	}
	scores[0] += s0
	scores[1] += s1
	if len(scores) > 2 {
		scores[2] += s2
	}
}

// newLinear builds the table from sorted distinct fingerprints and rows.
func newLinear(nclass int, scale float32, keys []uint32, counts []uint32, cls []uint8, w []int16) *linear {
	ent := make([]uint32, len(cls))
	for i, c := range cls {
		ent[i] = uint32(c) | uint32(uint16(w[i]))<<16
	}
	size := 1
	for size < len(keys)*3/2+16 {
		size <<= 1
	}
	m := &linear{nclass: nclass, scale: scale, mask: uint64(size - 1), slots: make([]slot, size), ent: ent}
	off := uint32(0)
	for i, k := range keys {
		j := (uint64(k) * mulA) >> 24 & m.mask
		for m.slots[j].key != 0 {
			j = (j + 1) & m.mask
		}
		m.slots[j] = slot{key: k, off: off, n: counts[i]}
		off += counts[i]
	}
	if nclass <= 3 {
		m.slots3 = make([]slot3, size)
		for j, sl := range m.slots {
			m.slots3[j].key = sl.key
			for _, e := range ent[sl.off : sl.off+sl.n] {
				m.slots3[j].w[e&0xff] = int16(e >> 16)
			}
		}
		m.slots, m.ent = nil, nil
	}
	return m
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
