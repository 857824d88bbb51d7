package lexicon

import (
	"sort"
	"strings"
	"testing"
)

// TestDictionaryLint checks the embedded dictionaries for entries that would
// misfire: a named alias that is also a bare role noun (it would hijack
// "civilians" or "forces" everywhere), and aliases shared by actors whose
// date bounds overlap (reported, since Find then has to guess).
func TestDictionaryLint(t *testing.T) {
	l := mustLoad(t)
	agents := map[string]bool{}
	for _, ps := range l.index {
		for _, p := range ps {
			if p.kind == pAgent && !p.needCountry {
				agents[strings.Join(p.words, " ")] = true
			}
		}
	}
	type use struct {
		name, from, to string
		exact          bool
	}
	uses := map[string][]use{}
	for _, ps := range l.index {
		for _, p := range ps {
			if p.kind != pActor {
				continue
			}
			k := strings.Join(p.words, " ")
			if p.exact != nil {
				k = strings.Join(p.exact, " ")
			}
			e := l.actors[p.id]
			name := e.Name
			if e.Kind == "person" {
				name = e.For
			}
			if p.exact == nil && agents[k] {
				t.Errorf("alias %q of %q is also a role noun in agents.txt", k, e.Name)
			}
			uses[k] = append(uses[k], use{name, e.From, e.To, p.exact != nil})
		}
	}
	var shared []string
	for k, us := range uses {
		for i := range us {
			for j := i + 1; j < len(us); j++ {
				a, b := us[i], us[j]
				if a.name != b.name && a.exact == b.exact && startOf(a.from) <= endOf(b.to) && startOf(b.from) <= endOf(a.to) {
					shared = append(shared, k+": "+a.name+" / "+b.name)
				}
			}
		}
	}
	sort.Strings(shared)
	for _, s := range shared {
		t.Logf("shared alias %s", s)
	}
}
