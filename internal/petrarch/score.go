package petrarch

import (
	"fmt"
	"io"
)

// Tally counts the outcome of validation records.
type Tally struct {
	Category string
	Records  int // records evaluated
	Correct  int // expected events coded
	Uncoded  int // expected events not coded
	Extra    int // coded events not expected
	Null     int // records for which nothing was coded
	Passed   int // records coded exactly as expected
}

// TP is the share of expected events that were coded.
func (t Tally) TP() float64 {
	if t.Correct+t.Uncoded == 0 {
		return 0
	}
	return float64(t.Correct) / float64(t.Correct+t.Uncoded)
}

// FP is the number of unexpected events per record.
func (t Tally) FP() float64 {
	if t.Records == 0 {
		return 0
	}
	return float64(t.Extra) / float64(t.Records)
}

func (t *Tally) add(u Tally) {
	t.Records += u.Records
	t.Correct += u.Correct
	t.Uncoded += u.Uncoded
	t.Extra += u.Extra
	t.Null += u.Null
	t.Passed += u.Passed
}

// Selected reports whether a record is evaluated: evaluate is not "false"
// and its category is in the <Include> list (every category when the list
// is empty).
func (rs *RecordSet) Selected(r *Record) bool {
	if !r.Evaluate {
		return false
	}
	if len(rs.Env.Include) == 0 {
		return true
	}
	for _, c := range rs.Env.Include {
		if c == r.Category {
			return true
		}
	}
	return false
}

// Score compares coded events (coded[i] belongs to rs.Records[i]) with the
// expected ones for the selected records. It returns one tally per
// category, in order of first appearance, and the total.
func Score(rs *RecordSet, coded [][]Event) ([]Tally, Tally) {
	byCat := map[string]*Tally{}
	var order []string
	total := Tally{Category: "TOTAL"}
	for i := range rs.Records {
		r := &rs.Records[i]
		if !rs.Selected(r) {
			continue
		}
		t := byCat[r.Category]
		if t == nil {
			t = &Tally{Category: r.Category}
			byCat[r.Category] = t
			order = append(order, r.Category)
		}
		var got []Event
		if i < len(coded) {
			got = coded[i]
		}
		u := scoreOne(r, got)
		t.add(u)
		total.add(u)
	}
	out := make([]Tally, 0, len(order))
	for _, c := range order {
		out = append(out, *byCat[c])
	}
	return out, total
}

func scoreOne(r *Record, got []Event) Tally {
	u := Tally{Records: 1}
	want := map[Event]int{}
	for _, e := range r.Events {
		want[e]++
	}
	have := map[Event]bool{}
	for _, e := range got {
		if have[e] {
			continue
		}
		have[e] = true
		if want[e] > 0 {
			u.Correct += want[e]
			want[e] = 0
		} else {
			u.Extra++
		}
	}
	for _, n := range want {
		u.Uncoded += n
	}
	if len(got) == 0 {
		u.Null = 1
	}
	if u.Uncoded == 0 && u.Extra == 0 {
		u.Passed = 1
	}
	return u
}

// WriteTable prints the tallies as a table followed by "N passed, M failed".
func WriteTable(w io.Writer, per []Tally, total Tally) error {
	rows := append(append([]Tally(nil), per...), total)
	if _, err := fmt.Fprintf(w, "%-10s %7s %7s %7s %7s %7s %7s %7s\n", "category", "records", "correct", "uncoded", "extra", "null", "TP%", "FP%"); err != nil {
		return err
	}
	for _, t := range rows {
		if _, err := fmt.Fprintf(w, "%-10s %7d %7d %7d %7d %7d %7.2f %7.2f\n", t.Category, t.Records, t.Correct, t.Uncoded, t.Extra, t.Null, 100*t.TP(), 100*t.FP()); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintf(w, "%d passed, %d failed\n", total.Passed, total.Records-total.Passed)
	return err
}
