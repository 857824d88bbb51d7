package syntax

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// script is an edit script turning a form into its lemma: change its case
// (keep, lower case, or upper-case the first letter), cut strip runes off
// the end, then append add.
type script struct {
	lower bool
	title bool
	strip int
	add   string
}

func (s script) String() string {
	l := "-"
	switch {
	case s.lower:
		l = "L"
	case s.title:
		l = "T"
	}
	return l + strconv.Itoa(s.strip) + "|" + s.add
}

func parseScript(v string) (script, error) {
	if len(v) < 3 {
		return script{}, fmt.Errorf("bad script %q", v)
	}
	num, add, ok := strings.Cut(v[1:], "|")
	n, err := strconv.Atoi(num)
	if !ok || err != nil || n < 0 || (v[0] != 'L' && v[0] != '-' && v[0] != 'T') {
		return script{}, fmt.Errorf("bad script %q", v)
	}
	return script{lower: v[0] == 'L', title: v[0] == 'T', strip: n, add: add}, nil
}

func (s script) apply(form string) (string, bool) {
	base := form
	if s.lower {
		base = strings.ToLower(form)
	} else if s.title {
		r, sz := utf8.DecodeRuneInString(form)
		base = string(unicode.ToUpper(r)) + form[sz:]
	}
	n := utf8.RuneCountInString(base)
	if s.strip > n || (s.strip == n && s.add == "") {
		return "", false
	}
	i := len(base)
	for k := 0; k < s.strip; k++ {
		_, sz := utf8.DecodeLastRuneInString(base[:i])
		i -= sz
	}
	return base[:i] + s.add, true
}

func learnScript(form, lemma string) script {
	base := form
	lower := strings.ToLower(lemma) == lemma
	title := false
	fr, _ := utf8.DecodeRuneInString(form)
	lr0, _ := utf8.DecodeRuneInString(lemma)
	if lower {
		base = strings.ToLower(form)
	} else if unicode.IsLower(fr) && unicode.IsUpper(lr0) {
		title = true
		_, sz := utf8.DecodeRuneInString(form)
		base = string(unicode.ToUpper(fr)) + form[sz:]
	}
	br, lr := []rune(base), []rune(lemma)
	k := 0
	for k < len(br) && k < len(lr) && br[k] == lr[k] {
		k++
	}
	return script{lower: lower, title: title, strip: len(br) - k, add: string(lr[k:])}
}

// lemmatizer predicts lemmas from form and XPOS: an exception table learned
// from the treebank for words the suffix rules get wrong, then the suffix
// rules, then a default by tag.
type lemmatizer struct {
	scripts []script
	cased   map[string]int  // form + "\x00" + xpos
	exact   map[string]int  // lower(form) + "\x00" + xpos
	rules   map[string]int  // xpos + "\x00" + suffix
	known   map[uint32]bool // 32-bit hashes of lemmas seen in training
}

func lemmaHash(l string) uint32 { return uint32(strHash(strings.ToLower(l)) >> 32) }

const maxLemmaSuffix = 6

func (lz *lemmatizer) lemma(form, xpos string) string {
	if i, ok := lz.cased[form+"\x00"+xpos]; ok {
		if l, ok := lz.scripts[i].apply(form); ok {
			return l
		}
	}
	return lz.uncasedLemma(form, xpos)
}

func (lz *lemmatizer) uncasedLemma(form, xpos string) string {
	lw := strings.ToLower(form)
	if i, ok := lz.exact[lw+"\x00"+xpos]; ok {
		if l, ok := lz.scripts[i].apply(form); ok {
			return l
		}
	}
	return lz.ruleLemma(form, lw, xpos)
}

func (lz *lemmatizer) ruleLemma(form, lw, xpos string) string {
	n := utf8.RuneCountInString(lw)
	// The longest matching suffix rule whose lemma is a known word, else
	// the longest matching rule.
	first := ""
	for k := min(maxLemmaSuffix, n); k >= 1; k-- {
		if i, ok := lz.rules[xpos+"\x00"+suffix(lw, k)]; ok {
			if l, ok := lz.scripts[i].apply(form); ok {
				if len(lz.known) == 0 || lz.known[lemmaHash(l)] {
					return l
				}
				if first == "" {
					first = l
				}
			}
		}
	}
	if first != "" {
		return first
	}
	if xpos == "NNP" || xpos == "NNPS" || form == "I" {
		return form
	}
	return lw
}

// trainLemmatizer learns scripts from (form, xpos, lemma) triples.
func trainLemmatizer(forms, xposs, lemmas []string) *lemmatizer {
	type cnt map[script]int
	byWord := map[string]cnt{}
	byForm := map[string]cnt{}
	for i := range forms {
		k := strings.ToLower(forms[i]) + "\x00" + xposs[i]
		if byWord[k] == nil {
			byWord[k] = cnt{}
		}
		sc := learnScript(forms[i], lemmas[i])
		byWord[k][sc]++
		kf := forms[i] + "\x00" + xposs[i]
		if byForm[kf] == nil {
			byForm[kf] = cnt{}
		}
		byForm[kf][sc]++
	}
	best := func(c cnt) (script, int) {
		var bs script
		bn := -1
		for s, n := range c {
			if n > bn || (n == bn && s.String() < bs.String()) {
				bs, bn = s, n
			}
		}
		return bs, bn
	}
	words := make([]string, 0, len(byWord))
	for k := range byWord {
		words = append(words, k)
	}
	slices.Sort(words)
	// Suffix rules from word types.
	ruleCnt := map[string]cnt{}
	for _, k := range words {
		s, _ := best(byWord[k])
		lw, xpos, _ := strings.Cut(k, "\x00")
		n := utf8.RuneCountInString(lw)
		for j := 1; j <= min(maxLemmaSuffix, n); j++ {
			rk := xpos + "\x00" + suffix(lw, j)
			if ruleCnt[rk] == nil {
				ruleCnt[rk] = cnt{}
			}
			ruleCnt[rk][s]++
		}
	}
	lz := &lemmatizer{cased: map[string]int{}, exact: map[string]int{}, rules: map[string]int{}, known: map[uint32]bool{}}
	for _, l := range lemmas {
		lz.known[lemmaHash(l)] = true
	}
	idx := map[script]int{}
	intern := func(s script) int {
		if i, ok := idx[s]; ok {
			return i
		}
		idx[s] = len(lz.scripts)
		lz.scripts = append(lz.scripts, s)
		return idx[s]
	}
	rkeys := make([]string, 0, len(ruleCnt))
	for k := range ruleCnt {
		rkeys = append(rkeys, k)
	}
	slices.Sort(rkeys)
	for _, k := range rkeys {
		s, n := best(ruleCnt[k])
		if n >= 2 {
			lz.rules[k] = intern(s)
		}
	}
	// Exceptions: words whose majority script the rules do not reproduce.
	for _, k := range words {
		s, _ := best(byWord[k])
		lw, xpos, _ := strings.Cut(k, "\x00")
		want, ok := s.apply(lw)
		if !ok {
			continue
		}
		if lz.ruleLemma(lw, lw, xpos) != want {
			lz.exact[k] = intern(s)
		}
	}
	// Case-sensitive exceptions ("i" → "I").
	fkeys := make([]string, 0, len(byForm))
	for k := range byForm {
		fkeys = append(fkeys, k)
	}
	slices.Sort(fkeys)
	for _, k := range fkeys {
		s, _ := best(byForm[k])
		form, xpos, _ := strings.Cut(k, "\x00")
		want, ok := s.apply(form)
		if ok && lz.uncasedLemma(form, xpos) != want {
			lz.cased[k] = intern(s)
		}
	}
	return lz
}

func writeLemmatizer(w io.Writer, lz *lemmatizer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "lemmatizer 1\n")
	for _, s := range lz.scripts {
		fmt.Fprintf(bw, "S\t%s\n", s)
	}
	for _, m := range []struct {
		tag string
		m   map[string]int
	}{{"R", lz.rules}, {"E", lz.exact}, {"C", lz.cased}} {
		keys := make([]string, 0, len(m.m))
		if m.tag == "R" {
			hs := make([]uint32, 0, len(lz.known))
			for h := range lz.known {
				hs = append(hs, h)
			}
			slices.Sort(hs)
			for _, h := range hs {
				fmt.Fprintf(bw, "K\t%x\n", h)
			}
		}
		for k := range m.m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			a, b, _ := strings.Cut(k, "\x00")
			fmt.Fprintf(bw, "%s\t%s\t%s\t%d\n", m.tag, a, b, m.m[k])
		}
	}
	return bw.Flush()
}

func readLemmatizer(r io.Reader) (*lemmatizer, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<16), 1<<20)
	lz := &lemmatizer{cased: map[string]int{}, exact: map[string]int{}, rules: map[string]int{}, known: map[uint32]bool{}}
	if !sc.Scan() || sc.Text() != "lemmatizer 1" {
		return nil, fmt.Errorf("bad lemmatizer header")
	}
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		switch {
		case f[0] == "S" && len(f) == 2:
			s, err := parseScript(f[1])
			if err != nil {
				return nil, err
			}
			lz.scripts = append(lz.scripts, s)
		case f[0] == "K" && len(f) == 2:
			h, err := strconv.ParseUint(f[1], 16, 32)
			if err != nil {
				return nil, fmt.Errorf("bad lemmatizer line %q", sc.Text())
			}
			lz.known[uint32(h)] = true
		case (f[0] == "R" || f[0] == "E" || f[0] == "C") && len(f) == 4:
			i, err := strconv.Atoi(f[3])
			if err != nil || i < 0 || i >= len(lz.scripts) {
				return nil, fmt.Errorf("bad lemmatizer line %q", sc.Text())
			}
			switch f[0] {
			case "R":
				lz.rules[f[1]+"\x00"+f[2]] = i
			case "E":
				lz.exact[f[1]+"\x00"+f[2]] = i
			default:
				lz.cased[f[1]+"\x00"+f[2]] = i
			}
		default:
			return nil, fmt.Errorf("bad lemmatizer line %q", sc.Text())
		}
	}
	return lz, sc.Err()
}
