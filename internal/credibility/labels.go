package credibility

import (
	"sort"
	"strings"

	"github.com/sitrep/sitrep/internal/model"
	"github.com/sitrep/sitrep/internal/text"
)

// Tone of a label.
const (
	toneNeutral = iota
	tonePejorative
	tonePositive
)

// labelTerms are the words used to name an armed actor, with their tone.
// Multi-word terms are written with single spaces and matched on folded
// tokens; the longest match wins.
var labelTerms = map[string]int{
	"terrorist": tonePejorative, "terrorists": tonePejorative, "terrorist group": tonePejorative,
	"terrorist groups": tonePejorative, "terrorist organization": tonePejorative, "terrorist organisation": tonePejorative,
	"terrorist organizations": tonePejorative, "terrorist organisations": tonePejorative,
	"mercenaries": tonePejorative, "mercenary": tonePejorative, "thugs": tonePejorative, "thug": tonePejorative,
	"gangs": tonePejorative, "gang": tonePejorative, "bandits": tonePejorative, "criminals": tonePejorative,
	"regime": tonePejorative, "junta": tonePejorative, "dictatorship": tonePejorative, "military regime": tonePejorative,
	"occupiers": tonePejorative, "occupation forces": tonePejorative, "invaders": tonePejorative,
	"aggressors": tonePejorative, "aggression": tonePejorative, "nazis": tonePejorative, "neo-nazis": tonePejorative,
	"takfiris": tonePejorative, "takfiri": tonePejorative, "khawarij": tonePejorative, "infidels": tonePejorative,
	"crusaders": tonePejorative, "apostates": tonePejorative, "puppet": tonePejorative, "puppets": tonePejorative,
	"jihadists": tonePejorative, "jihadist": tonePejorative, "extremists": tonePejorative, "terror group": tonePejorative,
	"death squads": tonePejorative, "militias": toneNeutral, "militia": toneNeutral, "gunmen": tonePejorative,
	"zionist entity": tonePejorative, "savages": tonePejorative, "murderers": tonePejorative, "killers": tonePejorative,
	"militants": toneNeutral, "militant": toneNeutral, "rebels": toneNeutral, "rebel": toneNeutral,
	"insurgents": toneNeutral, "factions": toneNeutral, "faction": toneNeutral, "armed groups": toneNeutral,
	"armed group": toneNeutral, "fighters": toneNeutral, "armed men": toneNeutral, "assailants": toneNeutral,
	"attackers": toneNeutral, "separatists": toneNeutral, "paramilitaries": toneNeutral, "opposition": toneNeutral,
	"resistance": tonePositive, "resistance movement": tonePositive, "freedom fighters": tonePositive,
	"mujahideen": tonePositive, "martyrs": tonePositive, "heroes": tonePositive, "liberators": tonePositive,
	"defenders": tonePositive, "heroic": tonePositive,
}

// mildTerms are pejorative but common in mainstream coverage ("the Assad
// regime", "the junta"); they count half.
var mildTerms = wordSet(`regime junta dictatorship aggression aggressors gunmen jihadists jihadist extremists`)

func severity(term string) float64 {
	if mildTerms[term] || strings.HasSuffix(term, " regime") {
		return 0.5
	}
	return 1
}

// labelMatch is one label term found in the text.
type labelMatch struct {
	i, j   int // token range
	term   string
	tone   int
	quoted bool
	actor  string
}

func maxTermLen() int {
	n := 1
	for t := range labelTerms {
		if k := len(strings.Fields(t)); k > n {
			n = k
		}
	}
	return n
}

// findLabels finds label terms and attaches each to an actor:
//  1. an actor mention whose Head is the term, or which ends right before it
//     ("HTS terrorists", "Saudi mercenaries");
//  2. a capitalised name right before it ("Jaish al-Islam terrorists") or
//     "of/in X" right after it ("the regime in Riyadh");
//  3. the actor the same term was last attached to ("the terrorists");
//  4. otherwise the nearest actor mention in the same or previous sentence
//     when the term is definite ("the terrorists"); else "(unattributed)".
func findLabels(f *flat, actors []ActorMention, quoted []bool) []labelMatch {
	// Only mentions that name someone can take a label; keep them sorted by
	// position so that each label looks at its neighbours only.
	var named []ActorMention
	for _, a := range actors {
		if a.Name != "" && !generic(a) {
			named = append(named, a)
		}
	}
	sort.SliceStable(named, func(i, j int) bool { return named[i].Span.Start < named[j].Span.Start })
	actors = named
	var out []labelMatch
	maxN := maxTermLen()
	lastFor := map[string]string{}
	for i := 0; i < len(f.toks); i++ {
		var best labelMatch
		for n := maxN; n >= 1; n-- {
			if i+n > len(f.toks) {
				continue
			}
			parts := make([]string, n)
			for k := 0; k < n; k++ {
				parts[k] = f.toks[i+k].Norm
			}
			term := strings.Join(parts, " ")
			if tone, ok := labelTerms[term]; ok {
				best = labelMatch{i: i, j: i + n, term: term, tone: tone, quoted: quoted[i]}
				break
			}
		}
		if best.term == "" {
			continue
		}
		// "Assad regime" is a label; "regime change" or "sanctions regime" is not.
		if best.term == "regime" && (f.norm(best.j) == "change" || f.norm(i-1) == "sanctions" || f.norm(i-1) == "visa") {
			continue
		}
		if best.term == "opposition" && f.norm(best.j) != "fighters" && f.norm(best.j) != "groups" {
			continue
		}
		best.actor = attachActor(f, actors, best, lastFor)
		if best.actor != unattributed {
			lastFor[best.term] = best.actor
		}
		out = append(out, best)
		i = best.j - 1
	}
	return out
}

const unattributed = "(unattributed)"

// notName are capitalised words at the start of a sentence that are not names.
var notName = wordSet(`the a an several many some these those other two three four five dozens hundreds
	all both most armed local foreign more few numerous militant hostile enemy however but and meanwhile
	also then thus moreover in on at when while after before since yet so still instead although though
	according as if with by for from of to that this it they he she we`)

// actors are the mentions that name someone, sorted by start.
func attachActor(f *flat, actors []ActorMention, m labelMatch, lastFor map[string]string) string {
	start, end := f.toks[m.i].Start, f.toks[m.j-1].End
	// Mentions starting at or before the term, nearest last.
	upto := sort.Search(len(actors), func(i int) bool { return actors[i].Span.Start > start })
	// 1. A mention that contains the term with a name ("HTS terrorists"),
	// or ends just before it. A mention that is only the term ("the
	// terrorists") names no one in particular and was left out.
	for k := upto - 1; k >= 0 && start-actors[k].Span.Start <= 200; k-- {
		if a := actors[k]; a.Span.End >= end {
			return a.Name
		}
	}
	for k := upto - 1; k >= 0 && start-actors[k].Span.Start <= 200; k-- {
		if a := actors[k]; a.Span.End <= start && start-a.Span.End <= 2 {
			return a.Name
		}
	}
	// 2. A capitalised name right before ("HTS terrorists", "Saudi-paid militants").
	k := m.i - 1
	for k >= 0 && f.sent[k] == f.sent[m.i] && m.i-k <= 5 && (capitalised(f.toks[k]) || f.toks[k].Norm == "al") {
		k--
	}
	first := k + 1
	for first < m.i && (notName[f.toks[first].Norm] || labelTerms[f.toks[first].Norm] != 0 || labelTerms[f.toks[first].Norm+"s"] != 0 || isLabelWord(f.toks[first].Norm)) {
		first++
	}
	if first < m.i {
		name := f.doc.Slice(f.toks[first].Start, f.toks[m.i-1].End)
		for _, suf := range []string{"-paid", "-backed", "-led", "-affiliated", "-linked", "-allied", "-aligned", "-sponsored", "-funded"} {
			name = strings.TrimSuffix(name, suf)
		}
		return name
	}
	// "the regime in Riyadh", "the junta of Myanmar".
	if (m.term == "regime" || m.term == "junta" || m.term == "dictatorship") && (f.norm(m.j) == "in" || f.norm(m.j) == "of") && m.j+1 < len(f.toks) && capitalised(f.toks[m.j+1]) {
		e := m.j + 1
		for e < len(f.toks) && e < m.j+5 && capitalised(f.toks[e]) {
			e++
		}
		return f.doc.Slice(f.toks[m.j+1].Start, f.toks[e-1].End)
	}
	// 3. The actor this term was last used for.
	if a, ok := lastFor[m.term]; ok {
		return a
	}
	// 4. A definite label refers back to the nearest actor mention.
	if d := f.norm(m.i - 1); d == "the" || d == "these" || d == "those" {
		bestD := -1
		name := ""
		for k := upto - 1; k >= 0 && start-actors[k].Span.Start <= 800; k-- {
			a := actors[k]
			if a.Span.End > start {
				continue
			}
			if d := start - a.Span.End; bestD < 0 || d < bestD {
				bestD, name = d, a.Name
			}
		}
		if name != "" && bestD < 600 {
			return name
		}
	}
	return unattributed
}

// actorLabels counts the terms per actor; quoted uses are kept apart with a
// " (quoted)" suffix, since they are someone else's words.
func actorLabels(ms []labelMatch) []model.ActorLabels {
	by := map[string]map[string]int{}
	for _, m := range ms {
		if by[m.actor] == nil {
			by[m.actor] = map[string]int{}
		}
		t := m.term
		if m.quoted {
			t += " (quoted)"
		}
		by[m.actor][t]++
	}
	out := make([]model.ActorLabels, 0, len(by))
	for a, t := range by {
		out = append(out, model.ActorLabels{Actor: a, Terms: t})
	}
	sort.Slice(out, func(i, j int) bool {
		ni, nj := total(out[i].Terms), total(out[j].Terms)
		if ni != nj {
			return ni > nj
		}
		return out[i].Actor < out[j].Actor
	})
	return out
}

func total(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

func isLabelWord(w string) bool {
	_, ok := labelTerms[w]
	return ok
}

// generic reports whether an actor mention is only a label or role noun
// ("terrorists", "the rebels", "gunmen"): it tells nothing of who is meant.
func generic(a ActorMention) bool {
	words := strings.Fields(text.Fold(a.Span.Text))
	for len(words) > 0 && notName[words[0]] {
		words = words[1:]
	}
	if len(words) == 0 {
		return true
	}
	t := strings.Join(words, " ")
	if _, ok := labelTerms[t]; ok {
		return true
	}
	return a.Head != "" && t == a.Head
}
