package syntax

import (
	"slices"
	"testing"
)

func TestRtree(t *testing.T) {
	for _, c := range []struct {
		name  string
		heads []int // 1..n, index 0 unused
		kids  map[int][]int
		order []int // arcs in the order walkTree visits them
	}{
		{"single", []int{0, 0}, map[int][]int{0: {1}, 1: nil}, []int{1}},
		{"chain", []int{0, 2, 0, 2}, map[int][]int{0: {2}, 2: {1, 3}, 1: nil}, []int{2, 1, 3}},
		{"deep", []int{0, 3, 3, 0, 5, 3}, map[int][]int{0: {3}, 3: {1, 2, 5}, 5: {4}}, []int{3, 1, 2, 5, 4}},
	} {
		t.Run(c.name, func(t *testing.T) {
			n := len(c.heads) - 1
			tr := &rtree{}
			tr.build(append(slices.Clone(c.heads), 0), n)
			for x, want := range c.kids {
				if got := tr.children(x); !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
					t.Errorf("children(%d) = %v, want %v", x, got, want)
				}
			}
			m := &Model{}
			m.setLabels([]string{"dep", "root"})
			labels := make([]int, n+2)
			in := &pinput{}
			ws := makeWordInfos(make([]string, n), newWordIndex(nil, nil, nil, nil), nil)
			in.fill(ws, make([]int, n), make([]uint64, 1))
			var order []int
			var keys []uint64
			m.walkTree(tr, labels, in, &keys, nil, func(k []uint64, cur, d int) int {
				order = append(order, d)
				return 0
			})
			var want []int
			for _, d := range c.order {
				if c.heads[d] != 0 {
					want = append(want, d)
				}
			}
			if !slices.Equal(order, want) {
				t.Errorf("walk order %v, want %v", order, want)
			}
			for d := 1; d <= n; d++ {
				if c.heads[d] == 0 && labels[d] != m.rootLab {
					t.Errorf("word %d: root arc labelled %d", d, labels[d])
				}
			}
		})
	}
}
