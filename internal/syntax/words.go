package syntax

import (
	"strings"
	"unicode"

	"github.com/sitrep/sitrep/internal/text"
)

// hyphenPrefixes are prefixes that UD English EWT keeps attached with their
// hyphen ("co-workers", "pre-war", "e-mail"); other hyphenated compounds
// between letters are split into word, "-", word.
var hyphenPrefixes = map[string]bool{
	"e": true, "non": true, "pre": true, "anti": true, "re": true, "mid": true, "post": true,
	"co": true, "over": true, "pro": true, "multi": true, "ex": true, "sub": true, "semi": true,
	"neo": true, "cross": true, "vice": true, "un": true, "socio": true, "micro": true, "intra": true,
	"counter": true, "inter": true, "psycho": true, "macro": true, "mini": true, "ultra": true,
	"trans": true, "pseudo": true, "quasi": true, "bi": true, "tri": true, "uni": true, "de": true,
}

// SplitWords turns text tokens into UD English words: web addresses, e-mail
// addresses, slashed dates and runs of one symbol ("***") that the
// tokeniser split are joined again; hyphenated compounds
// are split at their hyphens ("al-Qaeda-affiliated" → "al" "-" "Qaeda" "-"
// "affiliated") unless the first part is a prefix kept attached in UD
// English or the parts are numbers ("1-800"). Offsets stay rune offsets
// into the same text. Tokens needing no change are returned as they are.
func SplitWords(toks []text.Token) []text.Token {
	toks = mergeRuns(toks)
	var out []text.Token
	for i, t := range toks {
		parts := splitFused(t)
		if parts == nil {
			parts = splitHyphens(t)
		}
		if parts == nil {
			if out != nil {
				out = append(out, t)
			}
			continue
		}
		if out == nil {
			out = append(make([]text.Token, 0, len(toks)+4), toks[:i]...)
		}
		out = append(out, parts...)
	}
	if out == nil {
		return toks
	}
	return out
}

func isHyphen(r rune) bool { return r == '-' || r == '\u2010' || r == '\u2011' }

func splitHyphens(t text.Token) []text.Token {
	rs := []rune(t.Text)
	if len(rs) < 3 || !strings.ContainsFunc(t.Text, isHyphen) {
		return nil
	}
	// Find split points: hyphens with a letter on at least one side.
	var cuts []int
	for i := 1; i < len(rs)-1; i++ {
		if !isHyphen(rs[i]) {
			continue
		}
		l, r := rs[i-1], rs[i+1]
		if !(unicode.IsLetter(l) || unicode.IsDigit(l)) || !(unicode.IsLetter(r) || unicode.IsDigit(r)) {
			continue
		}
		if unicode.IsDigit(l) && unicode.IsDigit(r) {
			continue
		}
		// the part before this hyphen
		start := 0
		if len(cuts) > 0 {
			start = cuts[len(cuts)-1] + 1
		}
		if len(cuts) == 0 && hyphenPrefixes[strings.ToLower(string(rs[start:i]))] {
			continue
		}
		cuts = append(cuts, i)
	}
	if len(cuts) == 0 {
		return nil
	}
	var out []text.Token
	mk := func(a, b int) {
		s := string(rs[a:b])
		out = append(out, text.Token{Text: s, Norm: text.Fold(s), Start: t.Start + a, End: t.Start + b})
	}
	prev := 0
	for _, c := range cuts {
		mk(prev, c)
		mk(c, c+1)
		prev = c + 1
	}
	mk(prev, len(rs))
	return out
}

// fused are words UD English writes as two syntactic words: the length of
// the first part.
var fused = map[string]int{"cannot": 3, "gonna": 3, "wanna": 3, "gotta": 3}

func splitFused(t text.Token) []text.Token {
	k, ok := fused[strings.ToLower(t.Text)]
	if !ok {
		return nil
	}
	rs := []rune(t.Text)
	mk := func(a, b int) text.Token {
		s := string(rs[a:b])
		return text.Token{Text: s, Norm: text.Fold(s), Start: t.Start + a, End: t.Start + b}
	}
	return []text.Token{mk(0, k), mk(k, len(rs))}
}

// mergeRuns joins runs of adjacent tokens (no space between them) that UD
// English writes as one word: URLs, e-mail addresses, slashed dates or
// fractions ("01/24/2001") and runs of one repeated symbol ("====").
func mergeRuns(toks []text.Token) []text.Token {
	var out []text.Token
	for i := 0; i < len(toks); {
		j := i + 1
		for j < len(toks) && toks[j].Start == toks[j-1].End {
			j++
		}
		if j-i < 2 {
			if out != nil {
				out = append(out, toks[i])
			}
			i = j
			continue
		}
		run := toks[i:j]
		merged := mergeRun(run)
		if len(merged) != len(run) && out == nil {
			out = append(make([]text.Token, 0, len(toks)), toks[:i]...)
		}
		if out != nil {
			out = append(out, merged...)
		}
		i = j
	}
	if out == nil {
		return toks
	}
	return out
}

// mergeRun merges a run of adjacent tokens where a pattern applies.
func mergeRun(run []text.Token) []text.Token {
	var b strings.Builder
	for _, t := range run {
		b.WriteString(t.Text)
	}
	all := b.String()
	join := func(ts []text.Token) text.Token {
		var sb strings.Builder
		for _, t := range ts {
			sb.WriteString(t.Text)
		}
		s := sb.String()
		return text.Token{Text: s, Norm: text.Fold(s), Start: ts[0].Start, End: ts[len(ts)-1].End}
	}
	lower := strings.ToLower(all)
	// A web or e-mail address: keep trailing sentence punctuation apart.
	if strings.HasPrefix(lower, "http") || strings.HasPrefix(lower, "www.") ||
		(strings.Contains(all, "@") && strings.Contains(all[strings.Index(all, "@"):], ".")) {
		k := len(run)
		for k > 1 && strings.ContainsAny(run[k-1].Text, ".,;:!?)\"'") && len(run[k-1].Text) <= 3 {
			k--
		}
		return append([]text.Token{join(run[:k])}, run[k:]...)
	}
	// Slashed dates and fractions.
	if isSlashedNumber(all) {
		return []text.Token{join(run)}
	}
	// Runs of one repeated symbol.
	var out []text.Token
	for i := 0; i < len(run); {
		j := i + 1
		for j < len(run) && run[j].Text == run[i].Text && isRepeatSymbol(run[i].Text) {
			j++
		}
		if j-i > 1 {
			out = append(out, join(run[i:j]))
		} else {
			out = append(out, run[i])
		}
		i = j
	}
	return out
}

func isSlashedNumber(s string) bool {
	parts := strings.Split(s, "/")
	if len(parts) < 2 || len(parts) > 3 {
		return false
	}
	for _, p := range parts {
		if p == "" || len(p) > 4 {
			return false
		}
		for _, r := range p {
			if r < '0' || r > '9' {
				return false
			}
		}
	}
	return true
}

func isRepeatSymbol(s string) bool {
	return len(s) == 1 && strings.ContainsAny(s, "*=_~#+")
}
