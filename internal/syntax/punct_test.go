package syntax

import (
	"reflect"
	"testing"
)

func TestPunctCandidates(t *testing.T) {
	for _, tc := range []struct {
		name  string
		heads []int // 1..n (index 0 unused)
		p     int
		want  []punctCand
	}{
		{
			// He said , we left: the comma may hang from "said" (whose
			// child "left" is to its right), "we" or "left".
			name:  "clause boundary",
			heads: []int{0, 2, 0, 2, 5, 2},
			p:     3,
			want:  []punctCand{{h: 2, left: 2, right: 5}, {h: 4, right: 4}, {h: 5, right: 4, rank: 1}},
		},
		{
			// 1 <- root, 2 <- 1, 4 <- 2 over the mark: an arc from 1 to the
			// mark would cross 2 -> 4.
			name:  "crossing arc excluded",
			heads: []int{0, 0, 1, 2, 2},
			p:     3,
			want:  []punctCand{{h: 2, left: 2, right: 4}, {h: 4, right: 4}},
		},
		{
			name:  "final mark",
			heads: []int{0, 2, 0, 2},
			p:     3,
			want:  []punctCand{{h: 2, left: 2}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := len(tc.heads) - 1
			got := punctCandidates(tc.heads, n, tc.p, nil)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestSubtreeSpans(t *testing.T) {
	// 1 <- 2, 2 root, 3 <- 2, 4 <- 5, 5 <- 2
	heads := []int{0, 2, 0, 2, 5, 2}
	got := subtreeSpans(heads, 5, nil)
	want := []int32{0, 0, 1, 1, 1, 5, 3, 3, 4, 4, 4, 5}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestIsTop(t *testing.T) {
	heads := []int{0, 2, 0, 2, 5, 2}
	cands := []punctCand{{h: 2, left: 2, right: 5}, {h: 4, right: 4}, {h: 5, right: 4, rank: 1}}
	for i, want := range []bool{true, false, false} {
		if got := isTop(heads, 5, cands, cands[i].h); got != want {
			t.Errorf("isTop(%+v) = %v, want %v", cands[i], got, want)
		}
	}
}

// The attacher keeps a tree: one root, no cycles, no crossing arcs, and
// only punctuation marks move.
func TestReattachPunctKeepsProjectiveTree(t *testing.T) {
	m := loadModel(t)
	if m.punct == nil {
		t.Fatal("shipped models have no punctuation attacher")
	}
	sents := [][]string{
		{"He", "said", ",", "\"", "we", "left", ".", "\""},
		{"(", "yes", ")", ",", "they", "came", ";", "we", "stayed", "-", "all", "of", "us", "."},
		{"Rebels", ",", "who", "seized", "the", "town", ",", "fled", "."},
		{".", ",", "!"},
		{"a", ",", "b", ",", "and", "c", "."},
	}
	sc := &scratch{}
	for _, forms := range sents {
		sc.ws = makeWordInfos(forms, m.ix, sc.ws)
		sc.tags = m.tagWords(sc.ws, sc.tags[:0], sc)
		n := len(forms)
		// Parse without the attacher, then run it on a copy.
		pu := m.punct
		m.punct = nil
		heads, labels := m.parseWords(sc.ws, sc.tags, sc)
		m.punct = pu
		before := append([]int(nil), heads...)
		after := append([]int(nil), heads...)
		m.reattachPunct(after, labels, &sc.in, sc)
		roots := 0
		for d := 1; d <= n; d++ {
			if after[d] != before[d] && labels[d] != m.punctLab {
				t.Errorf("%q: word %d (not punctuation) moved", forms, d)
			}
			if after[d] == 0 {
				roots++
			}
			for x, steps := after[d], 0; x != 0; x, steps = after[x], steps+1 {
				if steps > n {
					t.Fatalf("%q: cycle through %d", forms, d)
				}
			}
			for e := 1; e <= n; e++ {
				a, b := min(d, after[d]), max(d, after[d])
				c, f := min(e, after[e]), max(e, after[e])
				if a < c && c < b && b < f || c < a && a < f && f < b {
					t.Errorf("%q: arcs %d->%d and %d->%d cross", forms, after[d], d, after[e], e)
				}
			}
		}
		if roots != 1 {
			t.Errorf("%q: %d roots", forms, roots)
		}
	}
}
