package syntax

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// wordInfo holds the hashed string features of one word, computed once per
// sentence and shared by the tagger and the parser.
type wordInfo struct {
	lw, form, shape, amb uint64
	famb                 uint64 // ambiguity class of the exact (case-sensitive) form
	suf                  [4]uint64
	pre                  [3]uint64
	flags                uint64
	lex                  uint32 // word lexicon entry (0 = not in the lexicon)
	cc, cf               uint64 // coarse and fine word cluster (0 = none)
	dict                 int32  // tag from the tag dictionary (-1 = none)
}

// wordIndex gathers what the model knows of a word so that a word costs
// two hash lookups, one by its lower-cased form and one by its exact form,
// instead of five (ambiguity classes of both, lexicon, clusters, tag
// dictionary).
type wordIndex struct {
	lower map[uint64]lowerEntry // by hash of the lower-cased form
	exact map[uint64]exactEntry // by formKey of the hash of the exact form
}

type lowerEntry struct {
	amb    uint64
	lex    uint32
	clus   uint32
	hasAmb bool
}

type exactEntry struct {
	famb    uint64
	dict    int32
	hasFamb bool
}

// newWordIndex builds the index of an ambiguity table (keyed by both kinds
// of hash), a lexicon, clusters and a tag dictionary (keyed by exact-form
// hash); any may be nil.
func newWordIndex(amb map[uint64]uint64, lex map[uint64]uint32, clus wordClusters, tagdict map[uint64]int) *wordIndex {
	ix := &wordIndex{lower: make(map[uint64]lowerEntry, len(amb)+len(lex)), exact: make(map[uint64]exactEntry, len(amb))}
	for k, v := range amb {
		ix.lower[k] = lowerEntry{amb: v, hasAmb: true}
		ix.exact[k] = exactEntry{famb: v, hasFamb: true, dict: -1}
	}
	for k, v := range lex {
		e := ix.lower[k]
		e.lex = v
		ix.lower[k] = e
	}
	for k, v := range clus {
		e := ix.lower[k]
		e.clus = v
		ix.lower[k] = e
	}
	for k, t := range tagdict {
		e, ok := ix.exact[formKey(k)]
		if !ok {
			e.dict = -1
		}
		e.dict = int32(t)
		ix.exact[formKey(k)] = e
	}
	return ix
}

const (
	flagUpper = 1 << iota
	flagAllUpper
	flagDigit
	flagHyphen
	flagFirst
)

// normWord lower-cases a form and maps digits to 0.
func normWord(form string) string {
	hasUpperOrDigit := false
	for i := 0; i < len(form); i++ {
		c := form[i]
		if c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80 {
			hasUpperOrDigit = true
			break
		}
	}
	if !hasUpperOrDigit {
		return form
	}
	var b strings.Builder
	b.Grow(len(form))
	for _, r := range form {
		switch {
		case r >= '0' && r <= '9':
			b.WriteByte('0')
		case r == '\u2019' || r == '\u2018':
			b.WriteByte('\'')
		case r == '\u201C' || r == '\u201D':
			b.WriteByte('"')
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

func wordShape(form string) string {
	var b []byte
	var last byte
	for _, r := range form {
		var c byte
		switch {
		case unicode.IsUpper(r):
			c = 'X'
		case unicode.IsLower(r):
			c = 'x'
		case unicode.IsDigit(r):
			c = 'd'
		case r < 0x80:
			c = byte(r)
		default:
			c = '*'
		}
		if c != last {
			b = append(b, c)
			last = c
		}
		if len(b) > 8 {
			break
		}
	}
	return string(b)
}

// suffix and prefix return the last/first n runes of s.
func suffix(s string, n int) string {
	i := len(s)
	for k := 0; k < n && i > 0; k++ {
		_, sz := utf8.DecodeLastRuneInString(s[:i])
		i -= sz
	}
	return s[i:]
}

func prefix(s string, n int) string {
	i := 0
	for k := 0; k < n && i < len(s); k++ {
		_, sz := utf8.DecodeRuneInString(s[i:])
		i += sz
	}
	return s[:i]
}

func makeWordInfos(forms []string, ix *wordIndex, out []wordInfo) []wordInfo {
	out = out[:0]
	for i, f := range forms {
		lw := normWord(f)
		wi := wordInfo{lw: strHash(lw), form: strHash(f), shape: strHash(wordShape(f))}
		for k := range wi.suf {
			wi.suf[k] = strHash(suffix(lw, k+1))
		}
		for k := range wi.pre {
			wi.pre[k] = strHash(prefix(lw, k+1))
		}
		le := ix.lower[wi.lw]
		wi.lex = le.lex
		wi.cc, wi.cf = uint64(le.clus>>16), uint64(le.clus&0xffff)
		if le.hasAmb {
			wi.amb = le.amb
		} else if wi.lex != 0 {
			// A word the treebank has too few examples of: its readings
			// in the lexicon stand for its ambiguity class.
			wi.amb = mix(0x1e8, uint64(wi.lex&lexReadings))
		} else {
			wi.amb = 7
		}
		if fe, ok := ix.exact[formKey(wi.form)]; ok {
			wi.famb, wi.dict = fe.famb, fe.dict
			if !fe.hasFamb {
				wi.famb = 7
			}
		} else {
			wi.famb, wi.dict = 7, -1
		}
		r, _ := utf8.DecodeRuneInString(f)
		if unicode.IsUpper(r) {
			wi.flags |= flagUpper
			if utf8.RuneCountInString(f) > 1 && !strings.ContainsFunc(f, unicode.IsLower) {
				wi.flags |= flagAllUpper
			}
		}
		if strings.ContainsAny(f, "0123456789") {
			wi.flags |= flagDigit
		}
		if strings.Contains(f, "-") {
			wi.flags |= flagHyphen
		}
		if i == 0 {
			wi.flags |= flagFirst
		}
		out = append(out, wi)
	}
	return out
}

// formKey is the ambiguity-table key of a case-sensitive form hash.
func formKey(h uint64) uint64 { return mix(h, 0xF0F0) }

var padWord = wordInfo{famb: 11, lw: 11, form: 11, shape: 11, amb: 11, suf: [4]uint64{11, 11, 11, 11}, pre: [3]uint64{11, 11, 11}, cc: 1 << 20, cf: 1 << 20}

const tagStart = 1 << 20 // pseudo tag id before the sentence

// tagFeatures appends the tagger's feature keys for word i given the two
// previous tags (tagStart at the sentence start) and, when right is non-nil,
// first-pass guesses for the words to the right.
func tagFeatures(ws []wordInfo, i int, p1, p2 int, right []int, keys []uint64) []uint64 {
	at := func(j int) *wordInfo {
		if j < 0 || j >= len(ws) {
			return &padWord
		}
		return &ws[j]
	}
	w, l1, l2, r1, r2 := at(i), at(i-1), at(i-2), at(i+1), at(i+2)
	t1, t2 := uint64(p1), uint64(p2)
	wl := uint64(w.lex & lexReadings)
	keys = append(keys,
		key1(1, 0),
		key1(2, w.lw),
		key1(3, w.form),
		key1(4, w.suf[0]),
		key1(5, w.suf[1]),
		key1(6, w.suf[2]),
		key1(7, w.suf[3]),
		key1(8, w.pre[0]),
		key1(9, w.pre[1]),
		key1(10, w.pre[2]),
		key1(11, w.shape),
		key1(12, l1.lw),
		key1(13, l2.lw),
		key1(14, r1.lw),
		key1(15, r2.lw),
		key1(16, t1),
		key1(17, t2),
		key2(18, t1, t2),
		key2(19, t1, w.lw),
		key2(20, l1.lw, w.lw),
		key2(21, w.lw, r1.lw),
		key1(22, l1.suf[2]),
		key1(23, r1.suf[2]),
		key1(24, w.amb),
		key1(25, r1.amb),
		key1(26, r2.amb),
		key2(27, r1.amb, r2.amb),
		key2(28, t1, r1.amb),
		key2(29, t1, w.amb),
		key1(30, r1.shape),
		key1(31, w.flags),
		key2(32, t1, w.suf[2]),
		key2(33, l1.lw, r1.lw),
		key2(34, w.amb, r1.lw),
		key2(35, w.amb, l1.lw),
		key2(36, w.shape, w.suf[1]),
		key3(37, t1, w.amb, r1.amb),
		key1(38, l1.shape),
		key2(39, w.flags, w.suf[2]),
		key1(40, r1.suf[1]),
		key2(41, t1, r1.lw),
		key1(42, r1.form),
		key1(43, l1.form),
		key2(44, l1.flags, w.flags),
		key2(45, w.flags, r1.flags),
		key1(46, l1.amb),
		key2(47, r1.lw, r2.lw),
		key2(48, w.lw, r1.suf[2]),
		key2(49, l1.suf[2], w.suf[2]),
		key3(50, t1, t2, w.suf[2]),
		key1(51, w.famb),
		key2(52, t1, w.famb),
		// The word lexicon's readings (parts of speech, inflection, proper
		// name) of the word and its neighbours: most use for words the
		// treebank has few or no examples of.
		key1(71, wl),
		key2(72, t1, wl),
		key2(73, wl, w.flags),
		key1(74, uint64(r1.lex&lexReadings)),
		key1(75, uint64(l1.lex&lexReadings)),
	)
	if right == nil {
		return keys
	}
	rt := func(j int) uint64 {
		if j >= len(right) {
			return tagStart + 1
		}
		return uint64(right[j])
	}
	c0, c1, c2 := rt(i), rt(i+1), rt(i+2)
	keys = append(keys,
		key1(60, c0),
		key1(61, c1),
		key1(62, c2),
		key2(63, c1, c2),
		key2(64, t1, c1),
		key2(65, w.lw, c1),
		key3(66, t1, c0, c1),
		key2(67, c0, w.lw),
		key2(68, c1, r1.lw),
		key3(69, c0, c1, c2),
		key2(70, w.suf[2], c1),
	)
	return keys
}
