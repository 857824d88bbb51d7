package syntax

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// script is an edit script turning a form into its lemma: optionally lower
// case it, cut strip runes off the end, then append add.
type script struct {
	lower bool
	strip int
	add   string
}

func (s script) String() string {
	l := "-"
	if s.lower {
		l = "L"
	}
	return l + strconv.Itoa(s.strip) + "|" + s.add
}

func parseScript(v string) (script, error) {
	if len(v) < 3 {
		return script{}, fmt.Errorf("bad script %q", v)
	}
	num, add, ok := strings.Cut(v[1:], "|")
	n, err := strconv.Atoi(num)
	if !ok || err != nil || n < 0 || (v[0] != 'L' && v[0] != '-') {
		return script{}, fmt.Errorf("bad script %q", v)
	}
	return script{lower: v[0] == 'L', strip: n, add: add}, nil
}

func (s script) apply(form string) (string, bool) {
	base := form
	if s.lower {
		base = strings.ToLower(form)
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
	if lower {
		base = strings.ToLower(form)
	}
	br, lr := []rune(base), []rune(lemma)
	k := 0
	for k < len(br) && k < len(lr) && br[k] == lr[k] {
		k++
	}
	return script{lower: lower, strip: len(br) - k, add: string(lr[k:])}
}

// lemmatizer predicts lemmas from form and XPOS: an exception table learned
// from the treebank for words the suffix rules get wrong, then the suffix
// rules, then a default by tag.
type lemmatizer struct {
	scripts []script
	exact   map[string]int // lower(form) + "\x00" + xpos
	rules   map[string]int // xpos + "\x00" + suffix
}

const maxLemmaSuffix = 6

func (lz *lemmatizer) lemma(form, xpos string) string {
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
	for k := min(maxLemmaSuffix, n); k >= 1; k-- {
		if i, ok := lz.rules[xpos+"\x00"+suffix(lw, k)]; ok {
			if l, ok := lz.scripts[i].apply(form); ok {
				return l
			}
		}
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
	for i := range forms {
		k := strings.ToLower(forms[i]) + "\x00" + xposs[i]
		if byWord[k] == nil {
			byWord[k] = cnt{}
		}
		byWord[k][learnScript(forms[i], lemmas[i])]++
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
	lz := &lemmatizer{exact: map[string]int{}, rules: map[string]int{}}
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
	}{{"R", lz.rules}, {"E", lz.exact}} {
		keys := make([]string, 0, len(m.m))
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
	lz := &lemmatizer{exact: map[string]int{}, rules: map[string]int{}}
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
		case (f[0] == "R" || f[0] == "E") && len(f) == 4:
			i, err := strconv.Atoi(f[3])
			if err != nil || i < 0 || i >= len(lz.scripts) {
				return nil, fmt.Errorf("bad lemmatizer line %q", sc.Text())
			}
			if f[0] == "R" {
				lz.rules[f[1]+"\x00"+f[2]] = i
			} else {
				lz.exact[f[1]+"\x00"+f[2]] = i
			}
		default:
			return nil, fmt.Errorf("bad lemmatizer line %q", sc.Text())
		}
	}
	return lz, sc.Err()
}
