package credibility

import (
	"strings"
	"unicode"

	"github.com/sitrep/sitrep/internal/credibility/outlets"
)

// namesFromDomain finds how an outlet the registry does not know names
// itself in its own article, from its domain: "eastsyriamonitor.org" is
// "East Syria Monitor" (capitalised words whose letters spell the domain's
// first label), then also "the Monitor" (its last word, where the article
// writes it with an article)
// and "SMN" for "syriamonitoringnetwork.org" (an acronym whose letters
// start consecutive pieces of the label).
func namesFromDomain(f *flat, source string) []string {
	dom := outlets.Domain(source)
	label, _, _ := strings.Cut(dom, ".")
	if len(label) < 4 || !strings.Contains(dom, ".") {
		return nil
	}
	var names []string
	seen := map[string]bool{}
	add := func(n string) {
		if !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	for i := range f.toks {
		if !capitalised(f.toks[i]) {
			continue
		}
		var b strings.Builder
		for j := i; j < len(f.toks) && j < i+5 && f.sent[j] == f.sent[i] && capitalised(f.toks[j]); j++ {
			b.WriteString(lettersOf(f.toks[j].Text))
			if b.Len() > len(label) || !strings.HasPrefix(label, b.String()) {
				break
			}
			if b.String() == label {
				words := make([]string, 0, j-i+1)
				for k := i; k <= j; k++ {
					words = append(words, f.toks[k].Text)
				}
				add(strings.Join(words, " "))
				if j > i && theUsed(f, f.toks[j].Text) {
					add("the " + f.toks[j].Text)
				}
				break
			}
		}
		if t := f.toks[i].Text; acronymOf(t, label) {
			add(t)
		}
	}
	return names
}

// lettersOf is the lower-case letters and digits of a word.
func lettersOf(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// acronymOf reports whether the all-capital word t (2 to 5 letters) spells
// label as the initials of consecutive pieces of at least three letters:
// "SMN" and "syriamonitoringnetwork".
func acronymOf(t, label string) bool {
	if len(t) < 2 || len(t) > 5 {
		return false
	}
	for _, r := range t {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	// ok[p] says whether acr[i:] spells label[p:], for i from the last
	// letter back; reach[p] whether some q >= p does (a later piece may
	// start anywhere from three letters on). Linear in the label, whatever
	// the input: a source's domain is outside input.
	acr := strings.ToLower(t)
	n := len(label)
	ok := make([]bool, n+1)
	reach := make([]bool, n+2)
	for i := len(acr) - 1; i >= 0; i-- {
		next := make([]bool, n+1)
		for p := 0; p < n; p++ {
			if label[p] != acr[i] {
				continue
			}
			if i == len(acr)-1 {
				next[p] = n-p >= 3
			} else {
				next[p] = p+3 < n && reach[p+3]
			}
		}
		ok = next
		for p := n; p >= 0; p-- {
			reach[p] = ok[p] || reach[p+1]
		}
	}
	return n > 0 && ok[0]
}

// theUsed reports whether the article writes "the W" with W capitalised
// ("the Monitor's sources").
func theUsed(f *flat, w string) bool {
	for i := 1; i < len(f.toks); i++ {
		if f.toks[i].Text == w && f.toks[i-1].Norm == "the" {
			return true
		}
	}
	return false
}
