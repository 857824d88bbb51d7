// Package text splits an article into sentences and tokens that keep rune
// offsets back into the original text.
//
// In: the article body as a Go string (UTF-8, possibly with curly quotes,
// non-breaking spaces, Arabic script). Out: a Doc whose sentences and tokens
// carry Start/End offsets counted in runes, end exclusive, so that
// Doc.Slice(t.Start, t.End) == t.Text always holds. The original text is never
// modified; normalised forms live beside it (Token.Norm).
package text

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Token is one word or punctuation mark.
type Token struct {
	Text  string // exactly as in the article
	Norm  string // lower case, quotes and dashes folded to ASCII
	Start int    // rune offset, inclusive
	End   int    // rune offset, exclusive
}

// Sentence is a run of tokens ending in a sentence boundary.
type Sentence struct {
	Start, End int // rune offsets of the first and past the last token
	Tokens     []Token
}

// Doc is a tokenised article.
type Doc struct {
	Text      string
	Runes     []rune
	Sentences []Sentence
}

// Slice returns the text between two rune offsets.
func (d *Doc) Slice(start, end int) string {
	if start < 0 {
		start = 0
	}
	if end > len(d.Runes) {
		end = len(d.Runes)
	}
	if start >= end {
		return ""
	}
	return string(d.Runes[start:end])
}

// Parse splits text into sentences and tokens.
func Parse(s string) *Doc {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	d := &Doc{Text: s, Runes: []rune(s)}
	toks := Tokenize(d.Runes)
	d.Sentences = splitSentences(d.Runes, toks)
	return d
}

// Fold maps a string to the comparison form used everywhere in sitrep:
// lower case, typographic quotes and dashes replaced by ASCII.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		b.WriteRune(foldRune(r))
	}
	return b.String()
}

func foldRune(r rune) rune {
	switch r {
	case '\u2018', '\u2019', '\u201B', '\u02BC', '\u02BB', '\u02BF', '\u02BE', '`', '\u00B4', '\u2032':
		return '\''
	case '\u201C', '\u201D', '\u201E', '\u201F', '\u00AB', '\u00BB', '\u2033':
		return '"'
	case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212':
		return '-'
	case '\u00A0', '\u2009', '\u202F', '\u200A', '\u2002', '\u2003':
		return ' '
	}
	return unicode.ToLower(r)
}

func isApos(r rune) bool {
	return r == '\'' || r == '\u2019' || r == '\u2018' || r == '\u02BC'
}

func isDash(r rune) bool {
	return r == '-' || r == '\u2010' || r == '\u2011'
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// clitics split off the end of a word, UD English style ("don't" → "do" "n't").
var clitics = []string{"n't", "'s", "'re", "'ll", "'ve", "'d", "'m"}

// Tokenize splits runes into tokens. Words keep inner hyphens, apostrophes
// ("Ma'arrat", "al-Qaeda-affiliated"), dots of abbreviations ("U.N.") and
// number punctuation ("5.5", "1,000"); English clitics are split off.
func Tokenize(rs []rune) []Token {
	var out []Token
	n := len(rs)
	i := 0
	for i < n {
		r := rs[i]
		if unicode.IsSpace(r) || r == '\u200B' || r == '\uFEFF' {
			i++
			continue
		}
		start := i
		if !isWordRune(r) {
			// Runs of the same punctuation ("...", "--") form one token.
			j := i + 1
			for j < n && rs[j] == r && (r == '.' || r == '-' || r == '!' || r == '?') {
				j++
			}
			out = append(out, mkToken(rs, start, j))
			i = j
			continue
		}
		j := i + 1
		for j < n {
			c := rs[j]
			if isWordRune(c) {
				j++
				continue
			}
			// Inner joiners: followed by a word rune.
			if j+1 < n && isWordRune(rs[j+1]) {
				if isDash(c) || isApos(c) || c == '&' {
					j++
					continue
				}
				if (c == '.' || c == ',' || c == ':') && unicode.IsDigit(rs[j-1]) && unicode.IsDigit(rs[j+1]) {
					j++
					continue
				}
				if c == '.' && unicode.IsLetter(rs[j+1]) && j-start <= 3 && isAbbrevShape(rs[start:j+2]) {
					j++
					continue
				}
			}
			break
		}
		// Trailing dot of an abbreviation: "U.N." "Oct." "Gen."
		if j < n && rs[j] == '.' && isAbbreviation(rs[start:j]) {
			j++
		}
		// Possessive after s: "rebels'" keeps the apostrophe separate.
		word := rs[start:j]
		if k := cliticSplit(word); k > 0 {
			out = append(out, mkToken(rs, start, start+k), mkToken(rs, start+k, j))
		} else {
			out = append(out, mkToken(rs, start, j))
		}
		i = j
	}
	return out
}

func mkToken(rs []rune, start, end int) Token {
	s := string(rs[start:end])
	return Token{Text: s, Norm: Fold(s), Start: start, End: end}
}

// cliticSplit returns where a clitic starts inside word, or 0.
func cliticSplit(word []rune) int {
	if len(word) < 3 {
		return 0
	}
	f := Fold(string(word))
	for _, c := range clitics {
		if strings.HasSuffix(f, c) && len([]rune(f)) > len(c) {
			k := len(word) - utf8.RuneCountInString(c)
			if c == "'s" || c == "'d" || c == "'m" || c == "'re" || c == "'ll" || c == "'ve" {
				// Only when the part before is a plain word (not "Ma'arrat"-like names ending in 'd').
				if k < 1 || !unicode.IsLetter(word[k-1]) {
					return 0
				}
			}
			if c == "'d" || c == "'m" {
				// "Mu'd" style transliterations: only split common pronoun forms.
				p := strings.ToLower(string(word[:k]))
				if p != "i" && p != "you" && p != "he" && p != "she" && p != "we" && p != "they" && p != "it" {
					return 0
				}
			}
			return k
		}
	}
	return 0
}

// isAbbrevShape reports whether rs looks like the start of a dotted
// abbreviation such as "U.N" or "U.S".
func isAbbrevShape(rs []rune) bool {
	for i, r := range rs {
		if i%2 == 1 {
			if r != '.' {
				return false
			}
		} else if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "gen": true, "brig": true,
	"col": true, "lt": true, "maj": true, "capt": true, "sgt": true, "adm": true, "gov": true,
	"sen": true, "rep": true, "pres": true, "st": true, "jr": true, "sr": true, "no": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "vs": true, "etc": true,
	"inc": true, "corp": true, "co": true, "ltd": true, "approx": true, "km": false, "u.s": true,
	"u.n": true, "u.k": true, "e.g": true, "i.e": true, "a.m": true, "p.m": true,
}

func isAbbreviation(word []rune) bool {
	w := strings.ToLower(string(word))
	if abbreviations[w] {
		return true
	}
	// Single capital letter initials: "J." in "George W. Bush".
	if len(word) == 1 && unicode.IsUpper(word[0]) {
		return true
	}
	return strings.Contains(w, ".") && isAbbrevShape(word)
}

// splitSentences groups tokens into sentences. A sentence ends at ".", "!",
// "?" (followed by closing quotes or brackets) when the next token starts a
// new sentence, and always at a blank line.
func splitSentences(rs []rune, toks []Token) []Sentence {
	var out []Sentence
	begin := 0
	flush := func(end int) {
		if end > begin {
			ts := toks[begin:end]
			out = append(out, Sentence{Start: ts[0].Start, End: ts[len(ts)-1].End, Tokens: ts})
		}
		begin = end
	}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		// Blank line (paragraph break) before the next token ends a sentence.
		if i+1 < len(toks) && hasBlankLine(rs[t.End:toks[i+1].Start]) {
			flush(i + 1)
			continue
		}
		last := t.Text
		if last != "." && last != "!" && last != "?" && last != "..." && !strings.HasSuffix(t.Text, ".") {
			continue
		}
		if strings.HasSuffix(t.Text, ".") && len(t.Text) > 1 && !isTerminalAbbrev(t, toks, i) {
			continue
		}
		end := i + 1
		for end < len(toks) && isCloser(toks[end].Text) && toks[end].Start == toks[end-1].End {
			end++
		}
		if end >= len(toks) {
			break
		}
		next := []rune(toks[end].Text)[0]
		if unicode.IsUpper(next) || unicode.IsDigit(next) || isOpener(toks[end].Text) || !unicode.IsLetter(next) {
			// A lone abbreviation like "Dec." followed by a number does not end a sentence.
			if strings.HasSuffix(t.Text, ".") && len(t.Text) > 1 && unicode.IsDigit(next) {
				continue
			}
			flush(end)
			i = end - 1
		}
	}
	flush(len(toks))
	return out
}

// isTerminalAbbrev decides whether a token that ends in a dot (an
// abbreviation such as "U.S.") also ends its sentence: only when the next
// token is a capitalised function word that usually starts sentences.
func isTerminalAbbrev(t Token, toks []Token, i int) bool {
	if i+1 >= len(toks) {
		return true
	}
	switch toks[i+1].Norm {
	case "the", "a", "an", "he", "she", "it", "they", "we", "i", "in", "on", "but", "this", "that", "there":
		return []rune(toks[i+1].Text)[0] != []rune(toks[i+1].Norm)[0]
	}
	return false
}

func hasBlankLine(rs []rune) bool {
	nl := 0
	for _, r := range rs {
		if r == '\n' {
			nl++
			if nl >= 2 {
				return true
			}
		}
	}
	return false
}

func isCloser(s string) bool {
	switch s {
	case "\"", "'", "\u201D", "\u2019", ")", "]", "\u00BB":
		return true
	}
	return false
}

func isOpener(s string) bool {
	switch s {
	case "\"", "'", "\u201C", "\u2018", "(", "[", "\u00AB", "-", "\u2013", "\u2014":
		return true
	}
	return false
}
