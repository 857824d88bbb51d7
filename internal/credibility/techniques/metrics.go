package techniques

import "sort"

// Scores are precision, recall and F1.
type Scores struct {
	P, R, F1 float64
	Gold     int // gold items (merged spans, or labels)
	Pred     int // predicted items
}

func f1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// mergeSpans sorts spans and merges those that overlap (share a character).
func mergeSpans(sp [][2]int) [][2]int {
	s := append([][2]int(nil), sp...)
	sort.Slice(s, func(i, j int) bool {
		if s[i][0] != s[j][0] {
			return s[i][0] < s[j][0]
		}
		return s[i][1] < s[j][1]
	})
	var out [][2]int
	for _, x := range s {
		if x[1] <= x[0] {
			continue
		}
		if n := len(out); n > 0 && x[0] < out[n-1][1] {
			if x[1] > out[n-1][1] {
				out[n-1][1] = x[1]
			}
			continue
		}
		out = append(out, x)
	}
	return out
}

// SpanScore scores span identification as in SemEval-2020 task 11: within
// each article, gold spans are merged where they overlap and so are
// predicted spans; every overlapping (predicted, gold) pair adds
// |overlap|/|pred| to the precision sum and |overlap|/|gold| to the recall
// sum; the sums, taken over the corpus, are divided by the number of
// predicted and of gold spans.
func SpanScore(gold, pred []Label) Scores {
	g := map[string][][2]int{}
	p := map[string][][2]int{}
	for _, l := range gold {
		g[l.Article] = append(g[l.Article], [2]int{l.Start, l.End})
	}
	for _, l := range pred {
		p[l.Article] = append(p[l.Article], [2]int{l.Start, l.End})
	}
	var ps, rs float64
	var ng, np int
	for id, gs := range g {
		g[id] = mergeSpans(gs)
		ng += len(g[id])
	}
	// Sum in article order so that the result does not depend on map order.
	ids := make([]string, 0, len(p))
	for id := range p {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		pm := mergeSpans(p[id])
		np += len(pm)
		for _, a := range pm {
			for _, b := range g[id] {
				lo, hi := max(a[0], b[0]), min(a[1], b[1])
				if hi <= lo {
					continue
				}
				ov := float64(hi - lo)
				ps += ov / float64(a[1]-a[0])
				rs += ov / float64(b[1]-b[0])
			}
		}
	}
	s := Scores{Gold: ng, Pred: np}
	if np > 0 {
		s.P = ps / float64(np)
	}
	if ng > 0 {
		s.R = rs / float64(ng)
	}
	s.F1 = f1(s.P, s.R)
	return s
}

// TechniqueScore scores technique classification given the gold spans
// (micro-averaged F1): at each span (article, start, end) the predicted
// techniques and the gold ones are compared as multisets; a prediction is
// right when it matches a gold technique of that span not yet matched.
func TechniqueScore(gold, pred []Label) Scores {
	type key struct {
		a    string
		s, e int
	}
	want := map[key]map[string]int{}
	for _, l := range gold {
		k := key{l.Article, l.Start, l.End}
		if want[k] == nil {
			want[k] = map[string]int{}
		}
		want[k][l.Technique]++
	}
	right := 0
	for _, l := range pred {
		k := key{l.Article, l.Start, l.End}
		if want[k][l.Technique] > 0 {
			want[k][l.Technique]--
			right++
		}
	}
	s := Scores{Gold: len(gold), Pred: len(pred)}
	if len(pred) > 0 {
		s.P = float64(right) / float64(len(pred))
	}
	if len(gold) > 0 {
		s.R = float64(right) / float64(len(gold))
	}
	s.F1 = f1(s.P, s.R)
	return s
}
