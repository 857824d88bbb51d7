package techniques

import (
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep/sitrep/internal/text"
)

// tok is a token with the per-document facts the features need.
type tok struct {
	text.Token
	norm    string // folded, digits collapsed
	shape   string
	lex     uint16
	sent    int  // sentence index
	pos     int  // index within the sentence
	quoted  bool // inside quotation marks
	docFreq int  // occurrences of norm in the document
}

// sentInfo holds sentence-level facts.
type sentInfo struct {
	first, last int // token index range [first, last)
	lex         uint16
	excl, quest bool
	hasQuote    bool
	n           int
}

// docFeats is a tokenised document with its feature facts.
type docFeats struct {
	toks   []tok
	sents  []sentInfo
	bigram map[[2]string]int // counts of adjacent content-word pairs
	at     map[string][]int  // word → the token positions holding it, built on first use
}

// positions returns where a word stands in the article, in order.
func (d *docFeats) positions(w string) []int {
	if d.at == nil {
		d.at = make(map[string][]int, len(d.toks)/2)
		for i := range d.toks {
			d.at[d.toks[i].norm] = append(d.at[d.toks[i].norm], i)
		}
	}
	return d.at[w]
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func hashStr(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

// fh hashes a feature made of a prefix and up to two values.
func fh(prefix string, vals ...string) uint32 {
	h := hashStr(fnvOffset, prefix)
	for _, v := range vals {
		h ^= 0xff
		h *= fnvPrime
		h = hashStr(h, v)
	}
	return uint32(h ^ h>>32)
}

func normWord(s string) string {
	hasDigit := false
	for _, r := range s {
		if unicode.IsDigit(r) {
			hasDigit = true
			break
		}
	}
	if !hasDigit {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unicode.IsDigit(r) {
			b.WriteByte('0')
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func shapeOf(s string) string {
	var b []byte
	var last byte
	n := 0
	for _, r := range s {
		var c byte
		switch {
		case unicode.IsUpper(r):
			c = 'X'
		case unicode.IsLower(r):
			c = 'x'
		case unicode.IsDigit(r):
			c = 'd'
		default:
			if r < utf8.RuneSelf {
				c = byte(r)
			} else {
				c = '*'
			}
		}
		if c == last {
			n++
			if n > 2 {
				continue
			}
		} else {
			n = 1
		}
		last = c
		b = append(b, c)
	}
	return string(b)
}

func isQuoteTok(s string) bool {
	switch s {
	case "\"", "\u201C", "\u201D", "\u00AB", "\u00BB", "\u201E":
		return true
	}
	return false
}

// analyse computes the token and sentence facts of a document.
func analyse(doc *text.Doc, lex map[string]uint16) *docFeats {
	d := &docFeats{bigram: map[[2]string]int{}}
	freq := map[string]int{}
	for si, s := range doc.Sentences {
		info := sentInfo{first: len(d.toks), n: len(s.Tokens)}
		quoted := false
		for j, t := range s.Tokens {
			n := normWord(t.Norm)
			if isQuoteTok(t.Text) {
				quoted = !quoted
				info.hasQuote = true
			}
			k := tok{Token: t, norm: n, shape: shapeOf(t.Text), lex: lex[n], sent: si, pos: j, quoted: quoted}
			if k.lex == 0 {
				k.lex = lex[stem(n)]
			}
			info.lex |= k.lex
			switch t.Text {
			case "!":
				info.excl = true
			case "?":
				info.quest = true
			}
			freq[n]++
			d.toks = append(d.toks, k)
		}
		info.last = len(d.toks)
		d.sents = append(d.sents, info)
	}
	for i := range d.toks {
		d.toks[i].docFreq = freq[d.toks[i].norm]
		if i+1 < len(d.toks) && content(d.toks[i].norm) && content(d.toks[i+1].norm) {
			d.bigram[[2]string{d.toks[i].norm, d.toks[i+1].norm}]++
		}
	}
	return d
}

func content(w string) bool {
	if stopwords[w] || len(w) < 2 {
		return false
	}
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsLetter(r)
}

// stem is a crude English suffix stripper, enough to share weights between
// "terrorist" and "terrorists", "destroy" and "destroyed".
func stem(w string) string {
	n := len(w)
	switch {
	case n > 5 && strings.HasSuffix(w, "ing"):
		return w[:n-3]
	case n > 4 && strings.HasSuffix(w, "ied"):
		return w[:n-3] + "y"
	case n > 4 && strings.HasSuffix(w, "ies"):
		return w[:n-3] + "y"
	case n > 4 && strings.HasSuffix(w, "ed"):
		return w[:n-2]
	case n > 4 && strings.HasSuffix(w, "ly"):
		return w[:n-2]
	case n > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss"):
		return w[:n-1]
	}
	return w
}

func bucket(n int, cuts ...int) string {
	for _, c := range cuts {
		if n <= c {
			return strconv.Itoa(c)
		}
	}
	return "+"
}

func (d *docFeats) word(i int) string {
	if i < 0 {
		return "<s>"
	}
	if i >= len(d.toks) {
		return "</s>"
	}
	return d.toks[i].norm
}

// Feature prefixes of the context window ("w-3" … "w3"; "st-1", "sh-1", "lx-1" and the same for +1).
var (
	ctxPrefix  = [7]string{"w-3", "w-2", "w-1", "w0", "w1", "w2", "w3"}
	ctxPrefix1 = [2][3]string{{"st-1", "sh-1", "lx-1"}, {"st1", "sh1", "lx1"}}
)

// tokenFeatures appends the span-identification features of token i.
func (d *docFeats) tokenFeatures(i int, out []uint32) []uint32 {
	t := &d.toks[i]
	s := &d.sents[t.sent]
	w := t.norm
	out = append(out, fh("b"), fh("w", w), fh("st", stem(w)), fh("sh", t.shape))
	if len(w) > 3 {
		out = append(out, fh("s3", w[len(w)-3:]))
	}
	for k := -3; k <= 3; k++ {
		if k == 0 {
			continue
		}
		j := i + k
		ww := "<x>"
		if j >= s.first && j < s.last {
			ww = d.toks[j].norm
		} else if j < s.first {
			ww = "<s>"
		} else {
			ww = "</s>"
		}
		out = append(out, fh(ctxPrefix[k+3], ww))
		if k == -1 || k == 1 {
			if j >= s.first && j < s.last {
				pre := ctxPrefix1[(k+1)/2]
				out = append(out, fh(pre[0], stem(ww)), fh(pre[1], d.toks[j].shape))
				for b := 0; b < numLex; b++ {
					if d.toks[j].lex&(1<<b) != 0 {
						out = append(out, fh(pre[2], lexNames[b]))
					}
				}
			}
		}
	}
	out = append(out, fh("bg-", d.word(i-1), w), fh("bg+", w, d.word(i+1)), fh("tg", d.word(i-1), w+" "+d.word(i+1)))
	for b := 0; b < numLex; b++ {
		if t.lex&(1<<b) != 0 {
			out = append(out, fh("lx", lexNames[b]))
		}
		if s.lex&(1<<b) != 0 {
			out = append(out, fh("slx", lexNames[b]))
		}
	}
	// Lexicon hits in a window of 5 either side.
	var win uint16
	for j := max(s.first, i-5); j < min(s.last, i+6); j++ {
		if j != i {
			win |= d.toks[j].lex
		}
	}
	for b := 0; b < numLex; b++ {
		if win&(1<<b) != 0 {
			out = append(out, fh("wlx", lexNames[b]))
		}
	}
	rel := 0
	if s.n > 1 {
		rel = 4 * t.pos / s.n
	}
	out = append(out, fh("pos", strconv.Itoa(rel)), fh("slen", bucket(s.n, 3, 6, 10, 20, 35, 60)))
	if t.pos == 0 {
		out = append(out, fh("first"))
	}
	if t.pos == s.n-1 {
		out = append(out, fh("last"))
	}
	if t.sent == 0 {
		out = append(out, fh("title"))
	}
	if t.quoted {
		out = append(out, fh("q"), fh("qw", w))
	}
	if s.hasQuote {
		out = append(out, fh("sq"))
	}
	if s.excl {
		out = append(out, fh("sx"))
	}
	if s.quest {
		out = append(out, fh("s?"))
	}
	if content(w) {
		out = append(out, fh("df", bucket(t.docFreq, 1, 2, 4, 8)))
		if i+1 < s.last && d.bigram[[2]string{w, d.toks[i+1].norm}] > 1 {
			out = append(out, fh("rep2+"))
		}
		if i-1 >= s.first && d.bigram[[2]string{d.toks[i-1].norm, w}] > 1 {
			out = append(out, fh("rep2-"))
		}
	}
	if len(t.Text) > 2 && strings.ToUpper(t.Text) == t.Text && strings.ToLower(t.Text) != t.Text {
		out = append(out, fh("caps"))
	}
	return out
}

// spanSet is the set of spans found (or given) in one article: the
// technique of a span depends on its neighbours (a text marked several
// times is often Repetition; a short span inside a long one is often a
// label within a larger claim).
type spanSet struct {
	spans  [][2]int       // sorted by start
	texts  map[string]int // normalised span text → number of spans with it
	starts map[string][]int
	maxLen int
}

func (d *docFeats) newSpanSet(spans [][2]int) *spanSet {
	ss := &spanSet{texts: map[string]int{}}
	seen := map[[2]int]bool{}
	for _, s := range spans {
		if seen[s] {
			continue
		}
		seen[s] = true
		ss.spans = append(ss.spans, s)
	}
	sort.Slice(ss.spans, func(i, j int) bool { return ss.spans[i][0] < ss.spans[j][0] })
	ss.starts = map[string][]int{}
	for _, s := range ss.spans {
		key := d.spanText(s[0], s[1])
		ss.texts[key]++
		ss.starts[key] = append(ss.starts[key], s[0]) // sorted, as spans are
		ss.maxLen = max(ss.maxLen, s[1]-s[0])
	}
	return ss
}

// firstTok is the index of the first token that ends after rune offset start.
func (d *docFeats) firstTok(start int) int {
	return sort.Search(len(d.toks), func(i int) bool { return d.toks[i].End > start })
}

func (d *docFeats) spanText(start, end int) string {
	var b strings.Builder
	for i := d.firstTok(start); i < len(d.toks); i++ {
		t := &d.toks[i]
		if t.End <= start {
			continue
		}
		if t.Start >= end {
			break
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.norm)
	}
	return b.String()
}

// spanFeatures appends the technique-classification features of the span
// [start, end) (rune offsets); ss may be nil.
func (d *docFeats) spanFeatures(start, end int, ss *spanSet, out []uint32) []uint32 {
	first, last := -1, -1
	for i := d.firstTok(start); i < len(d.toks); i++ {
		t := &d.toks[i]
		if t.End <= start {
			continue
		}
		if t.Start >= end {
			break
		}
		if first < 0 {
			first = i
		}
		last = i + 1
	}
	out = append(out, fh("b"))
	if first < 0 {
		return append(out, fh("empty"))
	}
	n := last - first
	out = append(out, fh("len", bucket(n, 1, 2, 3, 5, 8, 12, 20, 30)), fh("clen", bucket(end-start, 5, 10, 20, 40, 80, 160)))
	var lx uint16
	var lxCount [numLex]int
	words := make([]string, 0, n)
	for i := first; i < last; i++ {
		t := &d.toks[i]
		out = append(out, fh("w", t.norm), fh("st", stem(t.norm)))
		if n <= 6 && len(t.norm) > 4 {
			out = append(out, fh("sfx", suffix(t.norm, 3)), fh("pfx", t.norm[:4]))
		}
		if n <= 6 && i > first && capitalised(t.Text) {
			out = append(out, fh("capin"))
		}
		if i+1 < last {
			out = append(out, fh("bg", t.norm, d.toks[i+1].norm))
		}
		lx |= t.lex
		for b := 0; b < numLex; b++ {
			if t.lex&(1<<b) != 0 {
				lxCount[b]++
			}
		}
		words = append(words, t.norm)
		switch t.Text {
		case "!":
			out = append(out, fh("excl"))
		case "?":
			out = append(out, fh("quest"))
		}
		if len(t.Text) > 2 && strings.ToUpper(t.Text) == t.Text && strings.ToLower(t.Text) != t.Text {
			out = append(out, fh("caps"))
		}
	}
	for b := 0; b < numLex; b++ {
		if lx&(1<<b) != 0 {
			out = append(out, fh("lx", lexNames[b]), fh("lxn", lexNames[b], bucket(lxCount[b], 1, 2, 4)))
			if n <= 3 {
				out = append(out, fh("lxshort", lexNames[b]))
			}
		}
	}
	ft, lt := &d.toks[first], &d.toks[last-1]
	out = append(out, fh("fw", ft.norm), fh("lw", lt.norm), fh("fsh", ft.shape), fh("lsh", lt.shape),
		fh("lenlw", bucket(n, 1, 2, 4, 8), suffix(lt.norm, 2)), fh("prevlen", d.word(first-1), bucket(n, 1, 3, 8)))
	if ft.pos > 0 && capitalised(ft.Text) {
		out = append(out, fh("capstart"))
	}
	if n == 1 {
		out = append(out, fh("one", ft.norm), fh("onest", stem(ft.norm)), fh("s3", suffix(ft.norm, 3)))
	}
	for k := 1; k <= 3; k++ {
		out = append(out, fh("c-"+strconv.Itoa(k), d.word(first-k)), fh("c+"+strconv.Itoa(k), d.word(last-1+k)))
	}
	s := &d.sents[ft.sent]
	if first == s.first && last >= s.last-1 {
		out = append(out, fh("wholesent"))
	} else if float64(n) >= 0.6*float64(s.n) {
		out = append(out, fh("mostsent"))
	}
	if ft.sent != lt.sent {
		out = append(out, fh("multisent"))
	}
	if ft.sent == 0 {
		out = append(out, fh("title"))
	}
	if ft.quoted || (first > 0 && isQuoteTok(d.toks[first-1].Text)) {
		out = append(out, fh("quoted"))
	}
	if s.excl {
		out = append(out, fh("sx"))
	}
	if s.quest {
		out = append(out, fh("s?"))
	}
	for b := 0; b < numLex; b++ {
		if s.lex&(1<<b) != 0 {
			out = append(out, fh("slx", lexNames[b]))
		}
	}
	// Repetition: does the span's text (or its main word) recur in the article?
	key := strings.Join(words, " ")
	rep, repBefore := 0, 0
	if n <= 6 {
		for _, i := range d.positions(words[0]) {
			if i == first || i+n > len(d.toks) {
				continue
			}
			ok := true
			for k := 0; k < n; k++ {
				if d.toks[i+k].norm != words[k] {
					ok = false
					break
				}
			}
			if ok {
				rep++
				if i < first {
					repBefore++
				}
			}
		}
	}
	out = append(out, fh("rep", bucket(rep, 0, 1, 2, 4)), fh("repbefore", bucket(repBefore, 0, 1, 2)),
		fh("repafter", bucket(rep-repBefore, 0, 1, 2)))
	maxDF := 0
	for i := first; i < last; i++ {
		if content(d.toks[i].norm) && d.toks[i].docFreq > maxDF {
			maxDF = d.toks[i].docFreq
		}
	}
	out = append(out, fh("maxdf", bucket(maxDF, 1, 2, 3, 5, 8)))
	nc, rc := 0, 0
	for i := first; i < last; i++ {
		if content(d.toks[i].norm) {
			nc++
			if d.toks[i].docFreq > 1 {
				rc++
			}
		}
	}
	if nc > 0 {
		out = append(out, fh("repfrac", strconv.Itoa(4*rc/nc)), fh("repfraclen", strconv.Itoa(4*rc/nc), bucket(n, 1, 3, 6)))
	}
	if rep > 0 && n <= 3 {
		out = append(out, fh("repshort"))
	}
	if ss != nil {
		same := ss.texts[key] - 1
		out = append(out, fh("samespan", bucket(same, 0, 1, 2, 4)))
		inside, contains := 0, 0
		// The same words as a span earlier in the article.
		before := sort.SearchInts(ss.starts[key], start)
		// Only spans that can overlap this one: starting at most maxLen before it.
		from := sort.Search(len(ss.spans), func(i int) bool { return ss.spans[i][0] >= start-ss.maxLen })
		for _, o := range ss.spans[from:] {
			if o[0] > end {
				break
			}
			if o[0] == start && o[1] == end {
				continue
			}
			if o[0] <= start && o[1] >= end {
				inside++
			} else if o[0] >= start && o[1] <= end {
				contains++
			}
		}
		out = append(out, fh("inside", bucket(inside, 0, 1, 2)), fh("contains", bucket(contains, 0, 1, 2)),
			fh("samebefore", bucket(before, 0, 1, 2)))
		if same > 0 && n <= 4 {
			out = append(out, fh("samespanshort"))
		}
	}
	return out
}

func capitalised(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

func suffix(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[len(s)-n:]
}
