package lexicon

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/sitrep/sitrep/internal/text"
)

// word is one matching unit: a token, or one part of a hyphenated token.
// Dictionary entries and article tokens are turned into words the same way,
// so that "Hay'at Tahrir al-Sham", "Hayat Tahrir al Sham" and
// "hayat tahrir al-sham" all become ["hayat" "tahrir" "sham"].
type word struct {
	s     string // folded: lower case, no diacritics, apostrophes or dots
	exact string // the same part as written (case kept), for acronyms
	tok   int    // index of the token it comes from
	first bool   // first word of its token
	last  bool   // last word of its token
	glued bool   // its token is glued to a following "-word" ("U.S.-backed")
	shout bool   // a common English word in an all-caps sentence ("IT IS"): no acronym match
}

// shoutWords are English words that look like acronyms when a sentence is
// written in capitals ("THE ARMY IS" is not the Islamic State).
var shoutWords = map[string]bool{
	"is": true, "us": true, "it": true, "as": true, "at": true, "an": true, "or": true, "in": true,
	"on": true, "no": true, "so": true, "to": true, "we": true, "he": true, "be": true, "do": true,
	"go": true, "me": true, "my": true, "up": true, "am": true, "who": true, "can": true, "all": true,
	"may": true, "new": true, "now": true, "one": true, "sac": true, "aa": true, "pa": true, "mit": true,
	"fan": true, "tip": true, "spa": true, "car": true, "ana": true, "err": true, "jim": true,
}

// shouting reports whether most words of a sentence are in capitals.
func shouting(toks []text.Token) bool {
	words, caps := 0, 0
	for _, t := range toks {
		letters, upper := 0, 0
		for _, r := range t.Text {
			if unicode.IsLetter(r) {
				letters++
				if unicode.IsUpper(r) {
					upper++
				}
			}
		}
		if letters < 2 {
			continue
		}
		words++
		if upper == letters {
			caps++
		}
	}
	return words >= 3 && caps*10 >= words*7
}

// hyphenArticles are the Arabic article and its assimilated forms; they are
// dropped when attached to the next word by a hyphen ("ash-Sham" = "Sham").
// The bare "al"/"el" is dropped everywhere ("al Qaeda" = "al-Qaeda" = "Qaeda").
var hyphenArticles = map[string]bool{
	"al": true, "el": true, "ash": true, "as": true, "ad": true, "an": true, "ar": true,
	"at": true, "az": true, "ath": true, "adh": true, "ul": true, "es": true, "ez": true, "ed": true, "en": true, "er": true,
}

// words turns tokens into matching words. Tokens that fold to nothing (a bare
// "al") produce no word; matches may span them.
func words(toks []text.Token) []word {
	out := make([]word, 0, len(toks)+4)
	shout := shouting(toks)
	for i, t := range toks {
		parts := splitToken(t.Text)
		start := len(out)
		for j, p := range parts {
			f := foldWord(p)
			if f == "" {
				continue
			}
			attached := j < len(parts)-1
			if f == "al" || attached && hyphenArticles[f] {
				continue
			}
			out = append(out, word{s: f, exact: stripMarks(p), tok: i, shout: shout && shoutWords[f]})
		}
		if len(out) > start {
			out[start].first = true
			out[len(out)-1].last = true
			if i+2 < len(toks) && toks[i+1].Start == t.End && toks[i+2].Start == toks[i+1].End && isDashToken(toks[i+1].Text) {
				out[len(out)-1].glued = true
			}
		}
	}
	return out
}

// splitToken splits a token at hyphens and dashes ("al-Qaeda-linked" →
// "al" "Qaeda" "linked"). A token that is only dashes stays whole.
func splitToken(s string) []string {
	parts := strings.FieldsFunc(s, isDashRune)
	if len(parts) == 0 {
		return []string{s}
	}
	return parts
}

func isDashToken(s string) bool {
	return s != "" && strings.TrimFunc(s, isDashRune) == ""
}

func isDashRune(r rune) bool {
	switch r {
	case '-', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212':
		return true
	}
	return false
}

func isMark(r rune) bool {
	switch r {
	case '\'', '.', '\u2018', '\u2019', '\u201B', '\u02BC', '\u02BB', '\u02BF', '\u02BE', '`', '\u00B4', '\u2032':
		return true
	}
	return false
}

// stripMarks removes apostrophes, ayn/hamza signs and dots ("U.N." → "UN",
// "Hay'at" → "Hayat"), unless nothing would be left.
func stripMarks(s string) string {
	if !strings.ContainsFunc(s, isMark) {
		return s
	}
	r := strings.Map(func(r rune) rune {
		if isMark(r) {
			return -1
		}
		return r
	}, s)
	if r == "" {
		return s
	}
	return r
}

// foldWord lower-cases, removes diacritics and apostrophes/dots.
func foldWord(s string) string {
	s = stripMarks(s)
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 || 'A' <= s[i] && s[i] <= 'Z' {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// phraseWords folds a dictionary phrase into words.
func phraseWords(phrase string) []word {
	return words(text.Tokenize([]rune(phrase)))
}

// foldPhrase is the folded key of a phrase: its words joined by spaces.
func foldPhrase(phrase string) string {
	ws := phraseWords(phrase)
	parts := make([]string, len(ws))
	for i, w := range ws {
		parts[i] = w.s
	}
	return strings.Join(parts, " ")
}

// isAcronym reports whether a dictionary phrase is an acronym matched case
// sensitively: one token of 2 to 5 letters with at least two capitals
// ("HTS", "U.N.", "FAMa", "IDPs").
func isAcronym(phrase string) bool {
	toks := text.Tokenize([]rune(phrase))
	if len(toks) != 1 {
		return false
	}
	letters, upper := 0, 0
	for _, r := range toks[0].Text {
		switch {
		case unicode.IsUpper(r):
			upper++
			letters++
		case unicode.IsLetter(r):
			letters++
		case r == '.' || r == '-':
		default:
			return false
		}
	}
	return letters >= 2 && letters <= 5 && upper >= 2
}
