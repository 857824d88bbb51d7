// Package numbers finds counts in an article and says what they count,
// following ACLED's rules for fatalities.
//
// In: a tokenised article (text.Doc). Out: every number expression (digits,
// number words, "dozens", "several hundred", "5.5 million") with its rune
// span, a best/low/high value and the kind of thing counted: "killed" only
// when its clause reports deaths (killed, dead, died, deaths, death toll, lost
// their lives, shot dead), "wounded" for injuries and casualties (which are
// never deaths), "people" for other counts of persons, "other" otherwise.
// Vague quantities follow ACLED: "tens" 10, "dozens" 12, "hundreds" 100;
// "at least 15" is 15, "more than a hundred" 100, "around fifty" 50. It never
// panics on odd input.
package numbers

import (
	"math"
	"strconv"
	"strings"

	"github.com/sitrep/sitrep/internal/model"
	"github.com/sitrep/sitrep/internal/text"
)

// Count is one number expression and what it counts.
type Count struct {
	Span             model.Span
	Sent             int // sentence index
	TokStart, TokEnd int // token range [TokStart, TokEnd) in that sentence
	Best, Low, High  int
	Text             string
	Kind             string // killed, wounded, people, other
	Vague            bool   // a vague quantity ("dozens") or a bound ("at least")
}

var units = map[string]int{
	"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
	"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
	"seventeen": 17, "eighteen": 18, "nineteen": 19,
}

var tens = map[string]int{
	"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}

var scales = map[string]int{"hundred": 100, "thousand": 1000, "million": 1000000, "billion": 1000000000}

// vague quantities: ACLED's values.
var vague = map[string]int{
	"dozen": 12, "dozens": 12, "tens": 10, "scores": 20, "score": 20, "hundreds": 100, "thousands": 1000,
	"millions": 1000000, "several": 3, "few": 3, "handful": 3, "couple": 2, "numerous": 10,
}

// hedges before a number: "at least 15" → 15 (low 15), "up to 20" → 20.
var hedges = []struct {
	words []string
	kind  string // min, max, about
}{
	{[]string{"at", "least"}, "min"}, {[]string{"more", "than"}, "min"}, {[]string{"over"}, "min"},
	{[]string{"no", "fewer", "than"}, "min"}, {[]string{"no", "less", "than"}, "min"}, {[]string{"upwards", "of"}, "min"},
	{[]string{"up", "to"}, "max"}, {[]string{"as", "many", "as"}, "max"}, {[]string{"nearly"}, "max"},
	{[]string{"almost"}, "max"}, {[]string{"fewer", "than"}, "max"}, {[]string{"less", "than"}, "max"}, {[]string{"at", "most"}, "max"},
	{[]string{"about"}, "about"}, {[]string{"around"}, "about"}, {[]string{"approximately"}, "about"},
	{[]string{"some"}, "about"}, {[]string{"roughly"}, "about"}, {[]string{"an", "estimated"}, "about"},
	{[]string{"estimated"}, "about"}, {[]string{"nearly"}, "about"},
}

// Parse reads a number expression: "Fourteen", "twenty-one", "5.5 million",
// "1,200", "dozens", "several dozen", "hundreds", "about 500", "a hundred".
func Parse(words []string) (int, bool) {
	ws := make([]string, 0, len(words))
	for _, w := range words {
		w = strings.ToLower(strings.TrimSpace(w))
		if w == "" || w == "and" || w == "of" {
			continue
		}
		ws = append(ws, w)
	}
	// Drop hedges.
	for _, h := range hedges {
		if len(ws) > len(h.words) && equalWords(ws[:len(h.words)], h.words) {
			ws = ws[len(h.words):]
			break
		}
	}
	if len(ws) == 3 && (ws[0] == "a" || ws[0] == "an") && ws[1] == "few" {
		ws = ws[1:] // "a few hundred"
	}
	if len(ws) == 0 {
		return 0, false
	}
	if len(ws) == 1 {
		if v, ok := vague[ws[0]]; ok {
			return v, true
		}
	}
	// "several dozen", "a few hundred", "many thousands".
	if len(ws) == 2 && (ws[0] == "several" || ws[0] == "few" || ws[0] == "many" || ws[0] == "some") {
		switch ws[1] {
		case "dozen", "dozens":
			return 12, true
		case "hundred", "hundreds":
			return 100, true
		case "thousand", "thousands":
			return 1000, true
		}
	}
	if len(ws) == 2 && (ws[0] == "a" || ws[0] == "an") && (ws[1] == "dozen" || scales[ws[1]] > 0) {
		if ws[1] == "dozen" {
			return 12, true
		}
		return scales[ws[1]], true
	}
	total, cur, any := 0.0, 0.0, false
	for _, w := range ws {
		if n, ok := digits(w); ok {
			cur += float64(n)
			any = true
			continue
		}
		if f, ok := decimal(w); ok {
			cur += f // "5.5 million": the scale comes next
			any = true
			continue
		}
		if n, ok := units[w]; ok {
			cur += float64(n)
			any = true
			continue
		}
		if n, ok := tens[w]; ok {
			cur += float64(n)
			any = true
			continue
		}
		if i := strings.IndexByte(w, '-'); i > 0 {
			a, ok1 := tens[w[:i]]
			b, ok2 := units[w[i+1:]]
			if ok1 && ok2 && b < 10 {
				cur += float64(a + b)
				any = true
				continue
			}
			return 0, false
		}
		if s, ok := scales[w]; ok {
			if cur == 0 {
				cur = 1
			}
			cur *= float64(s)
			if s >= 1000 {
				total += cur
				cur = 0
			}
			any = true
			continue
		}
		if w == "a" || w == "an" {
			continue
		}
		return 0, false
	}
	v := total + cur
	if !any || v > 2e9 {
		return 0, false
	}
	return int(math.Round(v)), true
}

func equalWords(a, b []string) bool {
	for i := range b {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func digits(w string) (int, bool) {
	if w == "" {
		return 0, false
	}
	c := strings.Map(func(r rune) rune {
		switch {
		case r >= '٠' && r <= '٩':
			return '0' + (r - '٠')
		case r >= '۰' && r <= '۹':
			return '0' + (r - '۰')
		case r == ',' || r == '٬':
			return -1
		}
		return r
	}, w)
	for _, r := range c {
		if r < '0' || r > '9' {
			return 0, false
		}
	}
	if len(c) > 9 {
		return 0, false
	}
	n, err := strconv.Atoi(c)
	return n, err == nil
}

func decimal(w string) (float64, bool) {
	if !strings.Contains(w, ".") {
		return 0, false
	}
	f, err := strconv.ParseFloat(w, 64)
	if err != nil || f < 0 || f > 1e6 {
		return 0, false
	}
	return f, true
}

// isNumWord reports whether w can be part of a number expression.
func isNumWord(w string) bool {
	if _, ok := digits(w); ok {
		return true
	}
	if _, ok := decimal(w); ok {
		return true
	}
	if _, ok := units[w]; ok {
		return true
	}
	if _, ok := tens[w]; ok {
		return true
	}
	if _, ok := scales[w]; ok {
		return true
	}
	if _, ok := vague[w]; ok {
		return true
	}
	if i := strings.IndexByte(w, '-'); i > 0 {
		_, ok1 := tens[w[:i]]
		_, ok2 := units[w[i+1:]]
		return ok1 && ok2
	}
	return false
}

// Find returns the number expressions of doc with what they count.
func Find(doc *text.Doc) []Count {
	if doc == nil {
		return nil
	}
	var out []Count
	for si, s := range doc.Sentences {
		ts := s.Tokens
		for i := 0; i < len(ts); {
			c, n := numberAt(ts, i)
			if n == 0 {
				i++
				continue
			}
			c.Sent, c.TokStart, c.TokEnd = si, i, i+n
			c.Span = model.Span{Start: ts[i].Start, End: ts[i+n-1].End, Text: doc.Slice(ts[i].Start, ts[i+n-1].End)}
			c.Text = c.Span.Text
			c.Kind = kindOf(ts, i, i+n)
			out = append(out, c)
			i += n
		}
	}
	return out
}

// numberAt reads a number expression starting at token i.
func numberAt(ts []text.Token, i int) (Count, int) {
	// Hedge first.
	start, hedge := i, ""
	for _, h := range hedges {
		if i+len(h.words) < len(ts) && tokWords(ts[i:i+len(h.words)], h.words) {
			hedge = h.kind
			start = i + len(h.words)
			break
		}
	}
	j := start
	if j < len(ts) && (ts[j].Norm == "a" || ts[j].Norm == "an") && j+1 < len(ts) &&
		(ts[j+1].Norm == "dozen" || ts[j+1].Norm == "hundred" || ts[j+1].Norm == "thousand" || ts[j+1].Norm == "million") {
		j++
	}
	if j < len(ts) && (ts[j].Norm == "several" || ts[j].Norm == "few" || ts[j].Norm == "many") && j+1 < len(ts) &&
		(strings.HasPrefix(ts[j+1].Norm, "dozen") || strings.HasPrefix(ts[j+1].Norm, "hundred") || strings.HasPrefix(ts[j+1].Norm, "thousand")) {
		j++
	}
	e := j
	for e < len(ts) && (isNumWord(ts[e].Norm) || (ts[e].Norm == "and" && e > j && e+1 < len(ts) && isNumWord(ts[e+1].Norm) && !isDigitTok(ts[e+1].Norm))) {
		if _, isV := vague[ts[e].Norm]; isV && e > j {
			// "several dozen" is handled above; "5 dozen" is rare.
			if ts[e].Norm != "dozen" {
				break
			}
		}
		e++
		if e-j >= 6 {
			break
		}
	}
	if e == j {
		return Count{}, 0
	}
	words := make([]string, 0, e-i)
	for _, t := range ts[i:e] {
		words = append(words, t.Norm)
	}
	n, ok := Parse(words)
	if !ok {
		return Count{}, 0
	}
	first := ts[j].Norm
	// Lone vague words that are not quantities here: "several" alone, "few"
	// without a noun is still a count; "score" as a verb; years.
	if e-j == 1 {
		if first == "score" || first == "couple" {
			return Count{}, 0
		}
		if isDigitTok(first) && len(first) == 4 && n >= 1900 && n <= 2100 {
			return Count{}, 0 // a year
		}
	}
	// "no one", "any one", "Air Force One": not counts.
	if e-j == 1 && first == "one" {
		if j > 0 {
			switch ts[j-1].Norm {
			case "no", "every", "any", "some", "the", "this", "that", "which", "each":
				return Count{}, 0
			}
			if isCapWord(ts[j].Text) && isCapWord(ts[j-1].Text) {
				return Count{}, 0
			}
		}
	}
	c := Count{Best: n, Low: n, High: n}
	if _, isV := vague[first]; isV || strings.Contains(strings.Join(words, " "), "dozen") || strings.HasSuffix(ts[e-1].Norm, "s") && vague[ts[e-1].Norm] > 0 {
		c.Vague = true
	}
	switch hedge {
	case "min":
		c.Vague = true
		c.High = n
	case "max":
		c.Vague = true
		c.Low = n
	case "about":
		c.Vague = true
	}
	return c, e - i
}

func isDigitTok(w string) bool {
	_, ok := digits(w)
	return ok
}

func tokWords(ts []text.Token, ws []string) bool {
	for k, w := range ws {
		if ts[k].Norm != w {
			return false
		}
	}
	return true
}

var personNouns = map[string]bool{
	"people": true, "persons": true, "person": true, "civilians": true, "civilian": true, "soldiers": true, "soldier": true,
	"fighters": true, "fighter": true, "militants": true, "rebels": true, "troops": true, "members": true, "children": true,
	"child": true, "women": true, "men": true, "protesters": true, "demonstrators": true, "policemen": true, "officers": true,
	"police": true, "insurgents": true, "gunmen": true, "jihadists": true, "terrorists": true, "villagers": true,
	"residents": true, "worshippers": true, "students": true, "farmers": true, "refugees": true, "migrants": true,
	"individuals": true, "bodies": true, "victims": true, "others": true, "of": true, "servicemen": true, "personnel": true,
}

var deathWords = map[string]bool{
	"killed": true, "dead": true, "died": true, "deaths": true, "death": true, "dying": true, "die": true,
	"fatalities": true, "slain": true, "massacred": true, "executed": true, "perished": true, "kill": true, "killing": true,
	"bodies": true, "lives": true, "beheaded": true, "murdered": true, "assassinated": true,
}

var woundWords = map[string]bool{
	"wounded": true, "injured": true, "injuries": true, "injuring": true, "wounding": true, "hurt": true,
	"casualties": true, "injury": true, "wounds": true,
}

// kindOf reads the clause around a number for what it counts. Deaths only
// when the words say so; "killed or wounded" and "casualties" are injuries.
func kindOf(ts []text.Token, s, e int) string {
	// Ages ("Eric Joering, 39, died") and measures ("41 years", "a 911
	// call", "5 km") count nothing that can die.
	if s >= 2 && ts[s-1].Norm == "," && e < len(ts) && ts[e].Norm == "," && isCapWord(ts[s-2].Text) {
		return "other"
	}
	if e < len(ts) && unitWords[strings.TrimSuffix(ts[e].Norm, ".")] {
		return "other"
	}
	if e < len(ts) && strings.HasPrefix(ts[e].Norm, "-") {
		return "other"
	}
	// Clause window: up to the next clause boundary on the right, a few
	// words on the left ("the death toll rose to 15").
	right := e
	for right < len(ts) && right < e+8 {
		w := ts[right].Norm
		if w == ";" || w == "." || (w == "," && right > e+1) || w == "while" || w == "but" {
			break
		}
		if isNumWord(w) && right > e {
			break
		}
		right++
	}
	left := s - 1
	for left >= 0 && left >= s-6 {
		w := ts[left].Norm
		if w == ";" || w == "." || w == "," || isNumWord(w) && left < s-1 {
			break
		}
		left--
	}
	var ws []string
	for k := left + 1; k < right; k++ {
		if k >= s && k < e {
			continue
		}
		ws = append(ws, ts[k].Norm)
	}
	joined := " " + strings.Join(ws, " ") + " "
	killed, wounded := false, false
	for idx, w := range ws {
		if deathWords[w] {
			if w == "lives" && !strings.Contains(joined, " lost their lives ") && !strings.Contains(joined, " claimed the lives ") {
				continue
			}
			if w == "death" && !(strings.Contains(joined, " death toll ") || strings.Contains(joined, " to death ")) {
				continue
			}
			// "killed or wounded", "killed and injured" as one figure.
			if idx+2 < len(ws) && (ws[idx+1] == "or" || ws[idx+1] == "and") && woundWords[ws[idx+2]] {
				wounded = true
				continue
			}
			killed = true
		}
		if woundWords[w] {
			if idx >= 2 && (ws[idx-1] == "or" || ws[idx-1] == "and") && deathWords[ws[idx-2]] {
				wounded = true
				continue
			}
			wounded = true
		}
	}
	// "shot dead", "found dead".
	near := func(k int) string {
		if k >= 0 && k < len(ts) {
			return ts[k].Norm
		}
		return ""
	}
	nextNoun := near(e)
	switch {
	case killed && wounded:
		// Both words: the one right after the number (or its noun) decides.
		for k := e; k < right; k++ {
			if deathWords[ts[k].Norm] {
				return "killed"
			}
			if woundWords[ts[k].Norm] {
				return "wounded"
			}
		}
		for k := s - 1; k > left; k-- {
			if deathWords[ts[k].Norm] {
				return "killed"
			}
			if woundWords[ts[k].Norm] {
				return "wounded"
			}
		}
		return "wounded"
	case killed:
		return "killed"
	case wounded:
		return "wounded"
	}
	if personNouns[nextNoun] || personNouns[near(e+1)] {
		return "people"
	}
	return "other"
}

// Combine merges several figures reported for one event, ACLED style: the
// most conservative figure is Best, Low and High span all of them.
func Combine(cs []Count) (Count, bool) {
	if len(cs) == 0 {
		return Count{}, false
	}
	out := cs[0]
	for _, c := range cs[1:] {
		if c.Best < out.Best {
			out.Best, out.Text, out.Span = c.Best, c.Text, c.Span
			out.Sent, out.TokStart, out.TokEnd = c.Sent, c.TokStart, c.TokEnd
		}
		out.Low = min(out.Low, c.Low, c.Best)
		out.High = max(out.High, c.High, c.Best)
		out.Vague = out.Vague || c.Vague
	}
	return out, true
}

// unitWords after a number make it a measure, not a count of people.
var unitWords = map[string]bool{
	"year": true, "years": true, "month": true, "months": true, "week": true, "weeks": true, "day": true, "days": true,
	"hour": true, "hours": true, "minute": true, "minutes": true, "second": true, "seconds": true, "km": true,
	"kilometres": true, "kilometers": true, "miles": true, "mile": true, "metres": true, "meters": true, "percent": true,
	"%": true, "per": true, "dollars": true, "euros": true, "pounds": true, "tonnes": true, "tons": true, "kg": true,
	"hang-up": true, "call": true, "calls": true, "am": true, "pm": true, "a.m": true, "p.m": true, "o'clock": true,
	"times": true, "rounds": true, "points": true, "votes": true, "seats": true, "kilograms": true, "litres": true,
	"liters": true, "barrels": true, "mm": true, "cm": true, "m": true,
}

func isCapWord(s string) bool {
	for _, r := range s {
		return r >= 'A' && r <= 'Z'
	}
	return false
}
