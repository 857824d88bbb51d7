// Package when finds date expressions in an article and turns them into
// dates with ACLED time precision.
//
// In: a tokenised article (text.Doc) and its publication date. Out: every
// date mention with its rune span, the most specific date it names
// (YYYY-MM-DD, YYYY-MM or YYYY), the ACLED precision (1 day, 2 week, 3 month,
// 4 year) and the inclusive span of days it covers. Relative expressions ("on
// Tuesday", "two days ago", "last week", "earlier this month", "in April this
// year", "last October") are anchored on the publication date: a weekday
// means the last such day on or before publication. With a zero publication
// date only absolute dates are found. English month names, their
// abbreviations, Arabic (Egyptian and Levantine) month names and Levantine
// names in Latin letters ("15 Adhar 2011", "Tishreen al-Awwal 2016") are known.
// It never guesses a date from nothing and never panics on odd input.
package when

import (
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/sitrep/sitrep/internal/model"
	"github.com/sitrep/sitrep/internal/text"
)

// Precisions, as ACLED's time_precision (4 is our extension).
const (
	Day   = 1
	Week  = 2
	Month = 3
	Year  = 4
)

// Mention is one date expression.
type Mention struct {
	Span             model.Span
	Sent             int // sentence index
	TokStart, TokEnd int // token range [TokStart, TokEnd) in that sentence
	Date             string
	Precision        int
	From, To         time.Time // inclusive span of days
	Relative         bool      // anchored on the publication date
}

var months = map[string]time.Month{
	"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
	"may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
	"sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
	// Arabic, Egyptian / Gulf usage.
	"يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "ابريل": 4, "إبريل": 4, "مايو": 5, "يونيو": 6, "يونيه": 6,
	"يوليو": 7, "يوليه": 7, "أغسطس": 8, "اغسطس": 8, "سبتمبر": 9, "أكتوبر": 10, "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
	// Levantine / Iraqi (single-word names).
	"شباط": 2, "آذار": 3, "اذار": 3, "نيسان": 4, "أيار": 5, "ايار": 5, "حزيران": 6, "تموز": 7, "آب": 8, "اب": 8, "أيلول": 9, "ايلول": 9,
}

// levantine two-word months: كانون الثاني (January), تشرين الأول (October),
// تشرين الثاني (November), كانون الأول (December).
var levantine = map[string]time.Month{
	"كانون الثاني": 1, "تشرين الأول": 10, "تشرين الاول": 10, "تشرين الثاني": 11, "كانون الأول": 12, "كانون الاول": 12,
}

// translit are Levantine month names in Latin letters ("15 Adhar 2011");
// they are taken only next to a day number or a year, since several are
// also words or names.
var translit = map[string]time.Month{
	"shubat": 2, "shbat": 2, "adhar": 3, "azar": 3, "athar": 3, "nisan": 4, "neesan": 4, "ayyar": 5, "ayar": 5,
	"haziran": 6, "hzeiran": 6, "huzayran": 6, "tammuz": 7, "tamouz": 7, "tammouz": 7, "tamuz": 7, "ab": 8, "aab": 8,
	"aylul": 9, "ailoul": 9, "ayloul": 9, "eylul": 9,
}

// translit2 are the two-word ones: Tishrin/Kanun al-Awwal/al-Thani.
func translit2(a, b string) (time.Month, bool) {
	first := map[string]time.Month{"tishrin": 10, "tishreen": 10, "teshreen": 10, "kanun": 12, "kanoun": 12, "kanoon": 12}
	m, ok := first[a]
	if !ok {
		return 0, false
	}
	b = strings.NewReplacer("el-", "", "al-", "", "-", "").Replace(b)
	switch b {
	case "awwal", "awal", "aual", "ouwal":
		return m, true // October, December
	case "thani", "tani", "sani", "thany":
		if m == 10 {
			return 11, true
		}
		return 1, true
	}
	return 0, false
}

var weekdays = map[string]time.Weekday{
	"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
	"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday,
	"الأحد": time.Sunday, "الاثنين": time.Monday, "الإثنين": time.Monday, "الثلاثاء": time.Tuesday,
	"الأربعاء": time.Wednesday, "الاربعاء": time.Wednesday, "الخميس": time.Thursday, "الجمعة": time.Friday, "السبت": time.Saturday,
}

var smallNumbers = map[string]int{
	"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
	"nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": 3, "few": 3, "couple": 2,
}

// Find returns the date mentions of doc in text order.
func Find(doc *text.Doc, published time.Time) []Mention {
	if doc == nil {
		return nil
	}
	pub := day(published)
	var out []Mention
	for si, s := range doc.Sentences {
		ts := s.Tokens
		for i := 0; i < len(ts); {
			m, n := match(ts, i, pub)
			if n == 0 {
				i++
				continue
			}
			m.Sent, m.TokStart, m.TokEnd = si, i, i+n
			m.Span = model.Span{Start: ts[i].Start, End: ts[i+n-1].End, Text: doc.Slice(ts[i].Start, ts[i+n-1].End)}
			out = append(out, m)
			i += n
		}
	}
	return out
}

func day(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func norm(t text.Token) string { return strings.TrimSuffix(t.Norm, ".") }

func isCap(s string) bool {
	for _, r := range s {
		return unicode.IsUpper(r) || (unicode.IsLetter(r) && !unicode.IsLower(r))
	}
	return false
}

// monthAt reads a month name at i (two tokens for Levantine names).
func monthAt(ts []text.Token, i int) (time.Month, int) {
	if i >= len(ts) {
		return 0, 0
	}
	if i+1 < len(ts) {
		if m, ok := levantine[ts[i].Text+" "+ts[i+1].Text]; ok {
			return m, 2
		}
	}
	w := norm(ts[i])
	text := ts[i].Text
	if strings.HasPrefix(w, "mid-") && len(w) > 4 { // "mid-April"
		w, text = w[4:], text[4:]
	}
	m, ok := months[w]
	if !ok {
		m, ok = months[text]
	}
	if !ok && isCap(text) {
		// Transliterated Levantine names, next to a number only.
		numAround := func(k int) bool {
			return k >= 0 && k < len(ts) && (dayNum(ts[k].Text) > 0 || yearNum(ts[k].Text) > 0)
		}
		if i+1 < len(ts) {
			if tm, ok2 := translit2(w, ts[i+1].Norm); ok2 && (numAround(i-1) || numAround(i+2)) {
				return tm, 2
			}
		}
		if tm, ok2 := translit[w]; ok2 && (numAround(i-1) || numAround(i+1)) {
			return tm, 1
		}
	}
	if !ok {
		return 0, 0
	}
	// English month names must be capitalised ("may", "march" are verbs),
	// and the three-letter "Mar"/"Jun" forms need their dot or a number after.
	if isLatin(w) && !isCap(text) {
		return 0, 0
	}
	if w == "may" && !strings.HasSuffix(ts[i].Text, ".") && text == ts[i].Text {
		if i+1 >= len(ts) || (dayNum(ts[i+1].Text) == 0 && yearNum(ts[i+1].Text) == 0) {
			if i == 0 || !monthPrep(ts[i-1].Norm) {
				return 0, 0
			}
		}
	}
	return m, 1
}

func monthPrep(w string) bool {
	switch w {
	case "in", "since", "until", "till", "during", "of", "by", "early", "late", "mid", "mid-", "last", "next", "from", "through", "between", "before", "after":
		return true
	}
	return false
}

func isLatin(s string) bool {
	for _, r := range s {
		if r >= 0x250 {
			return false
		}
	}
	return true
}

// dayNum parses "23", "23rd", "1st" as a day of month, else 0.
func dayNum(s string) int {
	s = strings.TrimRight(strings.ToLower(s), ",")
	for _, suf := range []string{"st", "nd", "rd", "th"} {
		s = strings.TrimSuffix(s, suf)
	}
	s = arabicDigits(s)
	if len(s) == 0 || len(s) > 2 {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 31 {
		return 0
	}
	return n
}

// yearNum parses a four-digit year between 1900 and 2100, else 0.
func yearNum(s string) int {
	s = arabicDigits(s)
	if len(s) != 4 {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1900 || n > 2100 {
		return 0
	}
	return n
}

func arabicDigits(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '٠' && r <= '٩':
			return '0' + (r - '٠')
		case r >= '۰' && r <= '۹':
			return '0' + (r - '۰')
		}
		return r
	}, s)
}

func mkDay(t time.Time, rel bool) Mention {
	return Mention{Date: t.Format("2006-01-02"), Precision: Day, From: t, To: t, Relative: rel}
}

func mkMonth(y int, m time.Month, rel bool) Mention {
	from := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	return Mention{Date: from.Format("2006-01"), Precision: Month, From: from, To: from.AddDate(0, 1, -1), Relative: rel}
}

func mkYear(y int, rel bool) Mention {
	from := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	return Mention{Date: strconv.Itoa(y), Precision: Year, From: from, To: time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC), Relative: rel}
}

// mkSpan is a span of days with the given precision; Date is the first day
// of a week span, the month of a month span.
func mkSpan(from, to time.Time, prec int) Mention {
	m := Mention{Precision: prec, From: from, To: to, Relative: true}
	switch prec {
	case Week:
		m.Date = from.Format("2006-01-02")
	case Month:
		m.Date = from.Format("2006-01")
	case Year:
		m.Date = from.Format("2006")
	default:
		m.Date = from.Format("2006-01-02")
	}
	return m
}

func validDate(y int, m time.Month, d int) (time.Time, bool) {
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return t, t.Month() == m && t.Day() == d
}

// inferYear picks the year of a day and month given without one: the
// publication year, or the year before when that would be more than a week
// after publication.
func inferYear(pub time.Time, m time.Month, d int) (time.Time, bool) {
	t, ok := validDate(pub.Year(), m, d)
	if !ok {
		return t, false
	}
	if t.After(pub.AddDate(0, 0, 7)) {
		t, ok = validDate(pub.Year()-1, m, d)
	}
	return t, ok
}

// lastWeekday is the last day with weekday wd on or before pub.
func lastWeekday(pub time.Time, wd time.Weekday) time.Time {
	diff := (int(pub.Weekday()) - int(wd) + 7) % 7
	return pub.AddDate(0, 0, -diff)
}

func weekStart(t time.Time) time.Time {
	diff := (int(t.Weekday()) + 6) % 7 // Monday-based weeks
	return t.AddDate(0, 0, -diff)
}

// match tries every pattern at token i; it returns the mention and the
// number of tokens it covers (0 for no match).
func match(ts []text.Token, i int, pub time.Time) (Mention, int) {
	w := norm(ts[i])
	rel := !pub.IsZero()

	// ISO and numeric dates: 2016-12-23, 23/12/2016, 23.12.2016 (the
	// tokeniser splits at "/": rejoin adjacent tokens).
	if m, ok := numericDate(ts[i].Text); ok {
		return m, 1
	}
	if i+4 < len(ts) && (ts[i+1].Text == "/" || ts[i+1].Text == "-") && ts[i+3].Text == ts[i+1].Text {
		adjacent := true
		var b strings.Builder
		for k := i; k <= i+4; k++ {
			if k > i && ts[k].Start != ts[k-1].End {
				adjacent = false
			}
			b.WriteString(ts[k].Text)
		}
		if adjacent {
			if m, ok := numericDate(strings.ReplaceAll(b.String(), "-", "/")); ok {
				return m, 5
			}
		}
	}

	// Day Month [Year]: "23 December 2016", "23rd of March", "٢٣ آذار".
	if d := dayNum(ts[i].Text); d > 0 {
		j := i + 1
		if j < len(ts) && ts[j].Norm == "of" {
			j++
		}
		if mo, k := monthAt(ts, j); k > 0 {
			j += k
			if j < len(ts) && ts[j].Norm == "," {
				j++
			}
			if j < len(ts) {
				if y := yearNum(ts[j].Text); y > 0 {
					if t, ok := validDate(y, mo, d); ok {
						return mkDay(t, false), j + 1 - i
					}
				}
			}
			if rel {
				if t, ok := inferYear(pub, mo, d); ok {
					end := i + 1 + k
					if ts[i+1].Norm == "of" {
						end++
					}
					return mkDay(t, true), end - i
				}
			}
		}
	}

	// Month Day[,] [Year] | Month Year | Month (this year / last year) | Month.
	if mo, k := monthAt(ts, i); k > 0 {
		j := i + k
		if j < len(ts) {
			if d := dayNum(ts[j].Text); d > 0 && !(j+1 < len(ts) && (ts[j+1].Norm == "%" || ts[j+1].Norm == "percent")) {
				e := j + 1
				if e < len(ts) && ts[e].Norm == "," {
					e++
				}
				if e < len(ts) {
					if y := yearNum(ts[e].Text); y > 0 {
						if t, ok := validDate(y, mo, d); ok {
							return mkDay(t, false), e + 1 - i
						}
					}
				}
				if rel {
					if t, ok := inferYear(pub, mo, d); ok {
						return mkDay(t, true), j + 1 - i
					}
				}
				return Mention{}, 0
			}
			if y := yearNum(ts[j].Text); y > 0 {
				return mkMonth(y, mo, false), j + 1 - i
			}
			if j+1 < len(ts) && (ts[j].Norm == "this" || ts[j].Norm == "last") && ts[j+1].Norm == "year" && rel {
				y := pub.Year()
				if ts[j].Norm == "last" {
					y--
				}
				return mkMonth(y, mo, true), j + 2 - i
			}
		}
		if rel {
			// "last October": the most recent October before this month.
			y := pub.Year()
			if i > 0 && ts[i-1].Norm == "last" {
				if mo >= pub.Month() {
					y--
				}
				return mkMonth(y, mo, true), k
			}
			midToken := strings.HasPrefix(ts[i].Norm, "mid-")
			if !midToken && (i == 0 || !monthPrep(ts[i-1].Norm) || ts[i-1].Norm == "next") {
				return Mention{}, 0 // a bare "March" may be a verb or a name
			}
			if mo > pub.Month() {
				y--
			}
			return mkMonth(y, mo, true), k
		}
		return Mention{}, 0
	}

	// "in 2015", "since 2011", "2015's": a year alone.
	if y := yearNum(ts[i].Text); y > 0 && i > 0 && monthPrep(ts[i-1].Norm) {
		return mkYear(y, false), 1
	}

	if !rel {
		return Mention{}, 0
	}

	// Weekdays: "on Tuesday", "late on Wednesday", "Tuesday night", "last Tuesday".
	if wd, ok := weekdays[w]; ok && (isCap(ts[i].Text) || !isLatin(w)) {
		t := lastWeekday(pub, wd)
		if i > 0 && ts[i-1].Norm == "last" && t.Equal(pub) {
			t = t.AddDate(0, 0, -7)
		}
		if i > 0 && ts[i-1].Norm == "next" {
			return Mention{}, 0
		}
		return mkDay(t, true), 1
	}

	switch w {
	case "today", "tonight", "اليوم":
		return mkDay(pub, true), 1
	case "yesterday", "أمس", "امس":
		return mkDay(pub.AddDate(0, 0, -1), true), 1
	}
	next := func(k int) string {
		if i+k < len(ts) {
			return norm(ts[i+k])
		}
		return ""
	}
	switch {
	case w == "this" && (next(1) == "morning" || next(1) == "afternoon" || next(1) == "evening"):
		return mkDay(pub, true), 2
	case w == "last" && next(1) == "night":
		return mkDay(pub.AddDate(0, 0, -1), true), 2
	case w == "the" && (next(1) == "previous" || next(1) == "preceding") && next(2) == "day":
		return mkDay(pub.AddDate(0, 0, -1), true), 3
	case w == "the" && next(1) == "day" && next(2) == "before":
		return mkDay(pub.AddDate(0, 0, -1), true), 3
	case w == "last" && next(1) == "week", w == "past" && next(1) == "week":
		from := weekStart(pub).AddDate(0, 0, -7)
		if w == "past" {
			from = pub.AddDate(0, 0, -7)
			return mkSpan(from, pub, Week), 2
		}
		return mkSpan(from, from.AddDate(0, 0, 6), Week), 2
	case w == "this" && next(1) == "week":
		return mkSpan(weekStart(pub), pub, Week), 2
	case (w == "the" || w == "this" || w == "last") && next(1) == "weekend":
		// The latest Saturday and Sunday up to the report ("over the
		// weekend" in a Monday story); "last weekend" on a Sunday is
		// still the one before.
		sat := pub
		for sat.Weekday() != time.Saturday {
			sat = sat.AddDate(0, 0, -1)
		}
		if w == "last" && (pub.Weekday() == time.Saturday || pub.Weekday() == time.Sunday) {
			sat = sat.AddDate(0, 0, -7)
		}
		sun := sat.AddDate(0, 0, 1)
		if sun.After(pub) {
			sun = pub
		}
		return mkSpan(sat, sun, Week), 2
	case w == "earlier" && next(1) == "this" && next(2) == "week":
		return mkSpan(weekStart(pub), pub, Week), 3
	case w == "earlier" && next(1) == "this" && next(2) == "month", w == "this" && next(1) == "month":
		n := 2
		if w == "earlier" {
			n = 3
		}
		from := time.Date(pub.Year(), pub.Month(), 1, 0, 0, 0, 0, time.UTC)
		return mkSpan(from, pub, Month), n
	case w == "last" && next(1) == "month":
		from := time.Date(pub.Year(), pub.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -1, 0)
		return mkSpan(from, from.AddDate(0, 1, -1), Month), 2
	case (w == "earlier" && next(1) == "this" && next(2) == "year") || (w == "this" && next(1) == "year"):
		n := 2
		if w == "earlier" {
			n = 3
		}
		from := time.Date(pub.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
		return mkSpan(from, pub, Year), n
	case w == "last" && next(1) == "year":
		return mkYear(pub.Year()-1, true), 2
	}
	// "two days ago", "a week ago", "three months ago".
	if n, ok := countWord(w); ok && i+2 < len(ts) && norm(ts[i+2]) == "ago" {
		switch strings.TrimSuffix(norm(ts[i+1]), "s") {
		case "day":
			return mkDay(pub.AddDate(0, 0, -n), true), 3
		case "week":
			t := pub.AddDate(0, 0, -7*n)
			return mkSpan(weekStart(t), weekStart(t).AddDate(0, 0, 6), Week), 3
		case "month":
			t := pub.AddDate(0, -n, 0)
			from := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
			return mkSpan(from, from.AddDate(0, 1, -1), Month), 3
		case "year":
			return mkYear(pub.Year()-n, true), 3
		}
	}
	return Mention{}, 0
}

func countWord(w string) (int, bool) {
	if n, ok := smallNumbers[w]; ok {
		return n, true
	}
	n, err := strconv.Atoi(w)
	if err != nil || n <= 0 || n > 100 {
		return 0, false
	}
	return n, true
}

// numericDate parses 2016-12-23, 23/12/2016 and 23.12.2016 (day first
// unless the first number cannot be a month... or the second cannot be).
func numericDate(s string) (Mention, bool) {
	s = arabicDigits(s)
	if len(s) == 10 && s[4] == '-' && s[7] == '-' {
		if t, err := time.Parse("2006-01-02", s); err == nil {
			return mkDay(t, false), true
		}
		return Mention{}, false
	}
	for _, sep := range []string{"/", "."} {
		p := strings.Split(s, sep)
		if len(p) != 3 || len(p[2]) != 4 {
			continue
		}
		a, e1 := strconv.Atoi(p[0])
		b, e2 := strconv.Atoi(p[1])
		y := yearNum(p[2])
		if e1 != nil || e2 != nil || y == 0 {
			continue
		}
		d, m := a, b
		if m > 12 && d <= 12 {
			d, m = b, a // US order, 12/23/2016
		}
		if m < 1 || m > 12 {
			continue
		}
		if t, ok := validDate(y, time.Month(m), d); ok {
			return mkDay(t, false), true
		}
	}
	return Mention{}, false
}
