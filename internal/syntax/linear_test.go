package syntax

import (
	"bufio"
	"bytes"
	"math/rand"
	"slices"
	"testing"
)

// buildTable makes a linear model over n fingerprints (those given
// first, then random ones), each with random weights on some
// classes, and returns it with the sorted fingerprints and their rows.
func buildTable(n, nclass int, fps []uint32) (*linear, []uint32, [][]int16) {
	// Random fingerprints whose check values differ from those of all
	// features homed near them, so that no two share weights.
	r := rand.New(rand.NewSource(int64(n)))
	probe := &linear{mask: uint64(bucketsFor(n) - 1)}
	type hc struct {
		home  uint64
		check uint16
	}
	taken := map[hc]bool{}
	free := func(f uint32) bool {
		for d := uint64(0); d < 3; d++ {
			if taken[hc{(probe.home(f) - d) & probe.mask, check(f)}] || taken[hc{(probe.home(f) + d) & probe.mask, check(f)}] {
				return false
			}
		}
		return true
	}
	for _, f := range fps {
		taken[hc{probe.home(f), check(f)}] = true
	}
	for len(fps) < n {
		f := r.Uint32()
		if f != 0 && free(f) {
			taken[hc{probe.home(f), check(f)}] = true
			fps = append(fps, f)
		}
	}
	slices.Sort(fps)
	var counts []uint32
	var cls []uint8
	var w []int16
	rows := make([][]int16, len(fps))
	for i := range fps {
		rows[i] = make([]int16, nclass)
		k := 0
		for c := range nclass {
			v := int16(r.Intn(2001) - 1000)
			if r.Intn(2) == 0 || v == 0 {
				continue
			}
			rows[i][c] = v
			cls = append(cls, uint8(c))
			w = append(w, v)
			k++
		}
		counts = append(counts, uint32(k))
	}
	return newLinear(nclass, 1, fps, counts, cls, w), fps, rows
}

// TestLinearTable checks that every stored feature scores its own row and
// that absent features score nothing, for the in-bucket table of three
// classes and the row table of many, including buckets that overflow.
func TestLinearTable(t *testing.T) {
	for _, tc := range []struct {
		name   string
		n      int
		nclass int
		crowd  bool // twenty fingerprints with one home bucket
	}{
		{"3 classes", 20000, 3, false},
		{"2 classes", 5000, 2, false},
		{"51 classes", 20000, 51, false},
		{"3 classes overflowing", 3000, 3, true},
		{"40 classes overflowing", 3000, 40, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var crowd []uint32
			if tc.crowd {
				probe := &linear{mask: 1<<10 - 1}
				checks := map[uint16]bool{}
				for f := uint32(2); len(crowd) < 20; f++ {
					if probe.home(f) == 5 && !checks[check(f)] {
						checks[check(f)] = true
						crowd = append(crowd, f)
					}
				}
			}
			m, fps, rows := buildTable(tc.n, tc.nclass, crowd)
			if tc.crowd && m.mask != 1<<10-1 {
				t.Fatalf("table has %d buckets, the crowded case needs 1024", m.mask+1)
			}
			got := make([]int32, 256)
			for i, f := range fps {
				clear(got)
				m.score([]uint64{uint64(f)<<32 | 99}, got)
				for c, want := range rows[i] {
					if got[c] != int32(want) {
						t.Fatalf("feature %08x class %d: score %d, want %d", f, c, got[c], want)
					}
				}
			}
			// Keys absent from the table score nothing, unless their
			// 16-bit check meets a stored one in their bucket chain.
			r := rand.New(rand.NewSource(3))
			stored := map[uint32]bool{}
			for _, f := range fps {
				stored[f] = true
			}
			nonzero := 0
			for range 20000 {
				f := r.Uint32()
				if f == 0 || stored[f] {
					continue
				}
				clear(got)
				m.score([]uint64{uint64(f) << 32}, got)
				if slices.ContainsFunc(got, func(v int32) bool { return v != 0 }) {
					nonzero++
				}
			}
			if nonzero > 20 {
				t.Errorf("%d of 20000 absent keys scored", nonzero)
			}
			// A batch scores the sum of its keys.
			clear(got)
			batch := []uint64{uint64(fps[0]) << 32, 0, uint64(fps[1]) << 32}
			m.score(batch, got)
			for c := range tc.nclass {
				if want := int32(rows[0][c]) + int32(rows[1][c]); got[c] != want {
					t.Fatalf("batch class %d: score %d, want %d", c, got[c], want)
				}
			}
		})
	}
}

// TestLinearRoundTrip serialises a trained-like model and checks that the
// inference table scores each feature as the rows say (up to the 8-bit
// quantisation) and absent features as zero.
func TestLinearRoundTrip(t *testing.T) {
	for _, nclass := range []int{3, 17} {
		p := newPerceptron(nclass)
		r := rand.New(rand.NewSource(7))
		keys := make([]uint64, 3000)
		for i := range keys {
			keys[i] = r.Uint64() | 1<<40
		}
		for range 20000 {
			k := keys[r.Intn(len(keys))]
			p.tick()
			p.update([]uint64{k}, r.Intn(nclass), int32(r.Intn(7)-3))
		}
		m, b, err := p.compile(0)
		if err != nil {
			t.Fatal(err)
		}
		m2, err := readLinear(bufio.NewReader(bytes.NewReader(b)))
		if err != nil {
			t.Fatal(err)
		}
		ak, rows := p.averaged()
		for i, k := range ak {
			want := make([]float64, nclass)
			for _, e := range rows[i] {
				want[e.c] = e.w
			}
			got := make([]int32, max(nclass, 256))
			m.score([]uint64{k}, got)
			got2 := make([]int32, max(nclass, 256))
			m2.score([]uint64{k}, got2)
			for c := range nclass {
				if got[c] != got2[c] {
					t.Fatalf("class %d: compiled and re-read models differ", c)
				}
				g := float64(got[c]) * float64(m.scale)
				if d := g - want[c]; d > 0.05*abs64(want[c])+0.02 || d < -0.05*abs64(want[c])-0.02 {
					t.Fatalf("nclass %d key %x class %d: score %.3f, want %.3f", nclass, k, c, g, want[c])
				}
			}
		}
		// Absent keys score nothing (a 16-bit check collision could add a
		// row; with these few keys none is expected).
		got := make([]int32, max(nclass, 256))
		for range 2000 {
			m.score([]uint64{r.Uint64() | 1<<41}, got)
		}
		for c, v := range got[:nclass] {
			if v != 0 {
				t.Fatalf("nclass %d: absent keys scored %d on class %d", nclass, v, c)
			}
		}
	}
}

func abs64(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// The mean of copies of one perceptron is that perceptron.
func TestCompileMergedOfCopies(t *testing.T) {
	p := newPerceptron(3)
	for i := range 200 {
		keys := []uint64{uint64(i%17 + 1), uint64(i%5 + 100), 999}
		p.update(keys, i%3, 1)
		p.update(keys, (i+1)%3, -1)
		p.tick()
	}
	_, want, err := p.compile(0.5)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []int{1, 2, 4} {
		ps := make([]*perceptron, k)
		for i := range ps {
			ps[i] = p
		}
		_, got, err := compileMerged(ps, 0.5)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("mean of %d copies differs from the perceptron", k)
		}
	}
}
