package geo

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// articles are the Arabic (and French) definite articles as they appear in
// transliterations; they are dropped when they precede another word.
var articles = map[string]bool{
	"al": true, "el": true, "ul": true, "ad": true, "adh": true, "ag": true, "ak": true, "an": true,
	"ar": true, "as": true, "ash": true, "at": true, "ath": true, "az": true, "ed": true, "en": true,
	"er": true, "es": true, "esh": true, "et": true, "ez": true, "il": true, "l": true, "le": true,
	"la": true, "les": true,
}

// NormName maps a place name to the key under which the gazetteer stores it.
// The key survives the usual transliteration noise: case, diacritics,
// apostrophes and ‘ ’ ʿ ʾ, hyphens and spaces, the al-/ash-/an-/ad- articles,
// doubled letters and common vowel spellings (ou/u, ee/i, ei/ay/ai, aw/o,
// final -ah/-eh), so that "Ma'arrat an-Nu'man", "Maarrat al-Numan" and
// "Maarat al Numan" share one key, as do "Deir ez-Zor" and "Dayr az Zawr".
func NormName(s string) string {
	words := normWords(s)
	if len(words) == 0 {
		return ""
	}
	var b strings.Builder
	for i, w := range words {
		if len(words) > 1 && i < len(words)-1 && articles[w] {
			continue
		}
		b.WriteString(normWord(w))
	}
	return collapse(b.String())
}

// normWords lower-cases s, strips diacritics and apostrophes and splits it
// into words at anything that is not a letter or digit.
func normWords(s string) []string {
	s = norm.NFD.String(s)
	var words []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			words = append(words, cur.String())
			cur.Reset()
		}
	}
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case isApostrophe(r):
			continue
		case r == 'ـ': // Arabic tatweel
			continue
		}
		r = unicode.ToLower(r)
		if m, ok := special[r]; ok {
			cur.WriteString(m)
			continue
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			cur.WriteRune(arabicFold(r))
			continue
		}
		flush()
	}
	flush()
	// Arabic article glued to the word: "الرقة" → "رقة".
	for i, w := range words {
		if strings.HasPrefix(w, "ال") && len([]rune(w)) > 3 {
			words[i] = strings.TrimPrefix(w, "ال")
		}
	}
	return words
}

func isApostrophe(r rune) bool {
	switch r {
	case '\'', '\u2018', '\u2019', '\u201B', '\u02BC', '\u02BB', '\u02BF', '\u02BE', '`', '\u00B4', '\u2032', '\u02B9', '\u02C8':
		return true
	}
	return false
}

var special = map[rune]string{
	'ı': "i", 'ø': "o", 'ß': "ss", 'đ': "d", 'ð': "d", 'ł': "l", 'æ': "ae", 'œ': "oe", 'ħ': "h",
	'þ': "th", 'ŀ': "l", 'ŧ': "t", 'ƒ': "f",
}

func arabicFold(r rune) rune {
	switch r {
	case 'أ', 'إ', 'آ', 'ٱ':
		return 'ا'
	case 'ة':
		return 'ه'
	case 'ى':
		return 'ي'
	}
	return r
}

// digraphs are rewritten left to right, longest first.
var digraphs = []struct{ from, to string }{
	{"ou", "u"}, {"oo", "u"}, {"ee", "i"}, {"ei", "ai"}, {"ey", "ai"}, {"ay", "ai"},
	{"aw", "o"}, {"ow", "o"}, {"au", "o"}, {"ph", "f"}, {"dj", "j"}, {"ck", "k"}, {"q", "k"},
}

// normWord applies the spelling rules to one lower-case word.
func normWord(w string) string {
	if !isLatinWord(w) {
		return w
	}
	var b strings.Builder
	for i := 0; i < len(w); {
		done := false
		for _, d := range digraphs {
			if strings.HasPrefix(w[i:], d.from) {
				b.WriteString(d.to)
				i += len(d.from)
				done = true
				break
			}
		}
		if !done {
			b.WriteByte(w[i])
			i++
		}
	}
	w = b.String()
	if len(w) > 3 && (strings.HasSuffix(w, "ah") || strings.HasSuffix(w, "eh")) {
		w = w[:len(w)-2] + "a"
	}
	return w
}

func isLatinWord(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] >= 0x80 {
			return false
		}
	}
	return true
}

// collapse replaces runs of the same rune by one.
func collapse(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	var prev rune = -1
	for _, r := range s {
		if r != prev {
			b.WriteRune(r)
		}
		prev = r
	}
	return b.String()
}

// skeleton is the looser key used when the normal key finds nothing: the
// first letter, then consonants only ("Kafr Nabl" and "Kafranbel" →
// "kfrnbl"). Keys shorter than 5 consonants are too ambiguous and give "".
func skeleton(key string) string {
	if len(key) < 6 || !isLatinWord(key) {
		return ""
	}
	var buf [64]byte
	out := buf[:0]
	out = append(out, key[0])
	for i := 1; i < len(key); i++ {
		switch c := key[i]; c {
		case 'a', 'e', 'i', 'o', 'u', 'y', 'h':
		default:
			if c != out[len(out)-1] {
				out = append(out, c)
			}
		}
	}
	if len(out) < 5 {
		return ""
	}
	return string(out)
}

// plainFold lower-cases s and strips diacritics and apostrophes only: the
// spelling check for places abroad ("Saree" is not "Sari").
func plainFold(s string) string {
	return strings.Join(normWords(s), " ")
}
