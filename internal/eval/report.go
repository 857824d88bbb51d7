package eval

import (
	"fmt"
	"io"
	"strings"
)

// Write prints the report: one line per article, the totals (recall,
// precision, F1, attribute accuracy), each miss and each extra prediction,
// the credibility flags, and last the closing line "N passed, M failed".
func (r Report) Write(w io.Writer) {
	for _, a := range r.Articles {
		fmt.Fprintf(w, "%s: found %d/%d required, %d/%d predictions correct (%d predicted)%s\n",
			a.ID, a.Found, a.Required, a.Correct, a.Counted, a.Predicted, articleNote(a))
	}
	fmt.Fprintf(w, "\nrecall %s\n", r.RecallRatio)
	fmt.Fprintf(w, "precision %s\n", r.PrecisionRatio)
	fmt.Fprintf(w, "F1 %.2f\n", r.F1)
	for _, name := range attrNames {
		fmt.Fprintf(w, "%s %s\n", name, r.Attr[name])
	}
	if len(r.Misses)+len(r.Extras) > 0 {
		fmt.Fprintln(w)
	}
	for _, m := range r.Misses {
		fmt.Fprintln(w, m)
	}
	for _, e := range r.Extras {
		fmt.Fprintln(w, e)
	}
	fmt.Fprintln(w)
	for _, name := range flagNames {
		f := r.Flags[name]
		fmt.Fprintf(w, "credibility %s %d/%d\n", name, f.K, f.N)
	}
	fmt.Fprintf(w, "\n%d passed, %d failed\n", r.Passed, r.Failed)
}

func articleNote(a ArticleResult) string {
	switch {
	case a.PredictionError != "":
		return " [error: " + oneLine(a.PredictionError, 120) + "]"
	case a.NoPrediction:
		return " [no prediction]"
	}
	return ""
}

// WriteDetails prints every matched pair with its attribute grades, one line
// each: "MATCH article gold-id ← pred-id score 5: actor1 ok, date WRONG, ...".
func (r Report) WriteDetails(w io.Writer) {
	for _, a := range r.Articles {
		for _, p := range a.Pairs {
			var parts []string
			for _, name := range attrNames {
				ok, counted := p.Attr[name]
				switch {
				case !counted:
				case ok:
					parts = append(parts, name+" ok")
				default:
					parts = append(parts, name+" WRONG")
				}
			}
			fmt.Fprintf(w, "MATCH %s %s ← %s score %d: %s\n", a.ID, p.GoldID, p.PredID, p.Score, strings.Join(parts, ", "))
		}
	}
}
