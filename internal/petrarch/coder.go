package petrarch

import (
	"sort"
	"strings"

	"github.com/sitrep/sitrep/internal/syntax"
	"github.com/sitrep/sitrep/internal/text"
)

// Dictionaries bundles everything the coder reads.
type Dictionaries struct {
	Verbs    *Verbs
	Actors   []*Actor
	Agents   []*Agent
	Discards []Discard
	Ontology *Ontology // optional: without it negated verbs are not coded
}

// Coder codes sentences with PETRARCH dictionaries over sitrep's own parse.
// It is safe for concurrent use.
type Coder struct {
	d       *Dictionaries
	syn     *syntax.Model
	phrases map[string][]phraseRef // first word → phrases, longest first
	verbs   map[string][]*Verb     // inflected form of the head word → verbs
}

type phraseRef struct {
	words []string
	actor *Actor
	agent *Agent
}

// NewCoder indexes the dictionaries.
func NewCoder(d *Dictionaries, syn *syntax.Model) *Coder {
	c := &Coder{d: d, syn: syn, phrases: map[string][]phraseRef{}, verbs: map[string][]*Verb{}}
	for _, a := range d.Actors {
		for _, p := range a.Phrases {
			c.phrases[p[0]] = append(c.phrases[p[0]], phraseRef{words: p, actor: a})
		}
	}
	for _, a := range d.Agents {
		for _, p := range a.Phrases {
			c.phrases[p[0]] = append(c.phrases[p[0]], phraseRef{words: p, agent: a})
		}
	}
	for k, ps := range c.phrases {
		sort.SliceStable(ps, func(i, j int) bool { return len(ps[i].words) > len(ps[j].words) })
		c.phrases[k] = ps
	}
	if d.Verbs != nil {
		for _, b := range d.Verbs.Blocks {
			for _, v := range b.Verbs {
				seen := map[string]bool{}
				add := func(f string) {
					if !seen[f] {
						seen[f] = true
						c.verbs[f] = append(c.verbs[f], v)
					}
				}
				for _, f := range inflections(v.Words[v.Head]) {
					add(f)
				}
				for _, f := range v.Forms {
					if v.Head < len(f) {
						add(f[v.Head])
					} else {
						add(f[0])
					}
				}
			}
		}
	}
	return c
}

// inflections returns an upper-case verb and its regular inflections.
func inflections(w string) []string {
	out := []string{w}
	if len(w) < 2 {
		return out
	}
	last := w[len(w)-1]
	vowel := func(b byte) bool { return strings.IndexByte("AEIOU", b) >= 0 }
	switch {
	case last == 'E':
		out = append(out, w+"S", w+"D", w[:len(w)-1]+"ING")
	case last == 'Y' && !vowel(w[len(w)-2]):
		out = append(out, w[:len(w)-1]+"IES", w[:len(w)-1]+"IED", w+"ING")
	default:
		s := w + "S"
		if strings.HasSuffix(w, "S") || strings.HasSuffix(w, "X") || strings.HasSuffix(w, "Z") ||
			strings.HasSuffix(w, "CH") || strings.HasSuffix(w, "SH") || last == 'O' {
			s = w + "ES"
		}
		out = append(out, s, w+"ED", w+"ING")
		if len(w) >= 3 && !vowel(last) && vowel(w[len(w)-2]) && !vowel(w[len(w)-3]) && strings.IndexByte("WXY", last) < 0 {
			out = append(out, w+string(last)+"ED", w+string(last)+"ING")
		}
	}
	return out
}

// sent is one parsed sentence with its mentions.
type sent struct {
	c        *Coder
	w        []syntax.Word
	up       []string // upper-case forms
	ul       []string // upper-case lemmas
	kids     [][]int
	mention  []int // word → index in ms, -1
	ms       []mention
	date     int
	coded    map[int]bool // verbs that yielded an event
	negation map[int]bool
}

type mention struct {
	start, end, head int
	actor            *Actor
	agent            *Agent
}

// Code codes a text (one or more sentences) published on date (yyyymmdd).
func (c *Coder) Code(txt string, date int) []Event {
	evs, _ := c.CodeCount(txt, date)
	return evs
}

// CodeCount is Code that also returns the number of sentences parsed.
func (c *Coder) CodeCount(txt string, date int) ([]Event, int) {
	doc := text.Parse(txt)
	var out []Event
	seen := map[Event]bool{}
	for _, s := range doc.Sentences {
		toks := syntax.SplitWords(s.Tokens)
		ws := c.syn.Parse(toks)
		st := c.newSent(ws, date)
		if d, story := st.discarded(); d {
			if story {
				return nil, len(doc.Sentences)
			}
			continue
		}
		for _, e := range st.events() {
			if !seen[e] {
				seen[e] = true
				out = append(out, e)
			}
		}
	}
	return out, len(doc.Sentences)
}

func (c *Coder) newSent(ws []syntax.Word, date int) *sent {
	s := &sent{c: c, w: ws, date: date, kids: make([][]int, len(ws)), mention: make([]int, len(ws))}
	for i, w := range ws {
		s.up = append(s.up, strings.ToUpper(w.Form))
		s.ul = append(s.ul, strings.ToUpper(w.Lemma))
		if h := w.Head - 1; h >= 0 && h < len(ws) {
			s.kids[h] = append(s.kids[h], i)
		}
		s.mention[i] = -1
	}
	for i := 0; i < len(ws); {
		best, bestEnd := phraseRef{}, 0
		for _, p := range c.phrases[s.firstKey(i)] {
			if end, ok := s.matchSeq(i, p.words); ok && end > bestEnd {
				best, bestEnd = p, end
			}
		}
		if best.words == nil {
			i++
			continue
		}
		m := mention{start: i, end: bestEnd, head: -1, actor: best.actor, agent: best.agent}
		for j := m.start; j < m.end; j++ {
			h := ws[j].Head - 1
			if h < m.start || h >= m.end {
				m.head = j
				break
			}
		}
		if m.head < 0 {
			m.head = m.end - 1
		}
		for j := m.start; j < m.end; j++ {
			s.mention[j] = len(s.ms)
		}
		s.ms = append(s.ms, m)
		i = m.end
	}
	return s
}

// firstKey is the index key of word i: its form, or the hyphenated word
// the tokeniser split ("Barad" "-" "dur" → "BARAD-DUR").
func (s *sent) firstKey(i int) string {
	if i+2 < len(s.up) && s.up[i+1] == "-" && s.w[i+1].Start == s.w[i].End && s.w[i+2].Start == s.w[i+1].End {
		if _, ok := s.c.phrases[s.up[i]]; !ok {
			return s.up[i] + "-" + s.up[i+2]
		}
	}
	return s.up[i]
}

// matchSeq matches dictionary words from word i; a hyphenated dictionary
// word also matches the pieces the word splitter made of it. It returns the
// position after the match.
func (s *sent) matchSeq(i int, words []string) (int, bool) {
	pos := i
	for _, w := range words {
		if pos >= len(s.up) {
			return 0, false
		}
		if s.up[pos] == w {
			pos++
			continue
		}
		if !strings.Contains(w, "-") {
			return 0, false
		}
		acc := ""
		for pos < len(s.up) && len(acc) < len(w) {
			acc += s.up[pos]
			pos++
		}
		if acc != w {
			return 0, false
		}
	}
	return pos, true
}

func (s *sent) discarded() (bool, bool) {
	for _, d := range s.c.d.Discards {
		for i := range s.up {
			if _, ok := s.matchSeq(i, d.Words); ok {
				return true, d.Story
			}
		}
	}
	return false, false
}

func (s *sent) rel(i int) string { return s.w[i].Deprel }

func (s *sent) base(i int) string {
	r := s.w[i].Deprel
	if j := strings.IndexByte(r, ':'); j >= 0 {
		return r[:j]
	}
	return r
}

func (s *sent) head(i int) int { return s.w[i].Head - 1 }

// clauseEdge reports dependents that start a new clause or are not part of
// a noun phrase's reference.
func clauseEdge(rel string) bool {
	switch rel {
	case "acl", "advcl", "ccomp", "xcomp", "parataxis", "appos", "punct", "cc", "conj", "dep", "csubj", "list", "discourse", "vocative", "reparandum", "orphan":
		return true
	}
	return false
}

// conjuncts returns i and the words coordinated with it, in text order.
func (s *sent) conjuncts(i int) []int {
	out := []int{i}
	for k := 0; k < len(out); k++ {
		for _, c := range s.kids[out[k]] {
			if s.base(c) == "conj" {
				out = append(out, c)
			}
		}
	}
	sort.Ints(out)
	return out
}

// npParts collects the actor and agent mentions of the noun phrase headed
// by the roots (their conjuncts excluded): the actors nearest the root and
// those coordinated with them, and every agent.
func (s *sent) npParts(roots []int) (actors []int, agents []int) {
	type item struct{ n, d, up int }
	seenM := map[int]bool{}
	best, bestD := -1, 1<<30
	var agentAt []item
	parent := map[int]int{}
	var stack []item
	for _, r := range roots {
		stack = append(stack, item{r, 0, -1})
		parent[r] = -1
	}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		d := it.d
		if m := s.mention[it.n]; m >= 0 && !seenM[m] {
			seenM[m] = true
			if s.ms[m].actor != nil {
				if d < bestD || d == bestD && s.ms[m].start < s.ms[best].start {
					best, bestD = m, d
				}
			} else {
				agentAt = append(agentAt, item{m, it.d, it.n})
				// an agent and the actor below it name one actor
				d--
			}
		}
		for _, c := range s.kids[it.n] {
			if clauseEdge(s.base(c)) {
				continue
			}
			parent[c] = it.n
			stack = append(stack, item{c, d + 1, it.n})
		}
	}
	if best < 0 {
		for _, g := range agentAt {
			agents = append(agents, g.n)
		}
	} else {
		ah := s.ms[best].head
		bestCode, _ := s.ms[best].actor.CodeOn(s.date)
		// an agent goes with the chosen actor unless another actor, with
		// another code, sits above or below it
		other := func(n int) bool {
			m := s.mention[n]
			if m < 0 || s.ms[m].actor == nil || m == best {
				return false
			}
			c, _ := s.ms[m].actor.CodeOn(s.date)
			return c != bestCode
		}
		for _, g := range agentAt {
			gh := s.ms[g.n].head
			ok := true
			for n, k := parent[gh], 0; n >= 0 && k < len(s.w); n, k = parent[n], k+1 {
				if other(n) {
					ok = false
				}
				if _, found := parent[n]; !found {
					break
				}
			}
			for _, n := range s.subtree(gh, func(c int) bool { return clauseEdge(s.base(c)) }) {
				if other(n) {
					ok = false
				}
			}
			if ok {
				agents = append(agents, g.n)
			}
		}
		for _, c := range s.conjuncts(ah) {
			if m := s.mention[c]; m >= 0 && s.ms[m].actor != nil {
				actors = append(actors, m)
			}
		}
		if len(actors) == 0 {
			actors = []int{best}
		}
	}
	sort.Slice(agents, func(a, b int) bool { return s.ms[agents[a]].start < s.ms[agents[b]].start })
	return actors, agents
}

// npCodes returns the codes of the noun phrase headed by roots and of the
// noun phrases coordinated with it. needActor drops phrases naming agents
// only.
func (s *sent) npCodes(roots []int, needActor bool) (out []string) {
	if len(roots) == 0 {
		return nil
	}
	type part struct{ actors, agents []int }
	var parts []part
	// the first root and the roots sharing its phrase form one part;
	// coordinated phrases form one part each
	var extra []int
	// a root right after "and" is a conjunct the parser missed
	var keep []int
	for k, r := range roots {
		if k > 0 && r > 0 && s.w[r-1].UPOS == "CCONJ" {
			extra = append(extra, r)
			continue
		}
		keep = append(keep, r)
	}
	roots = keep
	for _, r := range roots {
		cs := s.conjuncts(r)
		for _, c := range cs {
			if c != r {
				extra = append(extra, c)
			}
		}
	}
	a, g := s.npParts(roots)
	parts = append(parts, part{a, g})
	for _, c := range extra {
		a, g := s.npParts([]int{c})
		parts = append(parts, part{a, g})
	}
	var shared []int
	for _, p := range parts {
		if len(p.actors) > 0 {
			shared = p.actors
			break
		}
	}
	seen := map[string]bool{}
	defer func() {
		if len(out) > 0 {
			return
		}
		// "Old foe Gondor and Osgiliath": the actors sit in an apposition
		var appos []int
		for _, r := range roots {
			for _, c := range s.kids[r] {
				if s.base(c) == "appos" {
					appos = append(appos, c)
				}
			}
		}
		if len(appos) > 0 {
			out = s.npCodes(appos, needActor)
		}
	}()
	for _, p := range parts {
		actors := p.actors
		if len(actors) == 0 && len(p.agents) > 0 {
			actors = shared
		}
		if len(actors) == 0 {
			if needActor || len(p.agents) == 0 {
				continue
			}
			code := s.combine("---", p.agents)
			if !seen[code] {
				seen[code] = true
				out = append(out, code)
			}
			continue
		}
		for _, a := range actors {
			ac, ok := s.ms[a].actor.CodeOn(s.date)
			if !ok {
				continue
			}
			code := s.combine(ac, p.agents)
			if !seen[code] {
				seen[code] = true
				out = append(out, code)
			}
		}
	}
	return out
}

// combine adds agent codes to an actor code: prefix agents before it,
// suffix agents after it, skipping codes it already ends with.
func (s *sent) combine(actor string, agents []int) string {
	pre, code := "", actor
	for _, g := range agents {
		ag := s.ms[g].agent
		if ag.Prefix {
			if !strings.HasPrefix(code, ag.Code) && !strings.Contains(pre, ag.Code) {
				pre += ag.Code
			}
			continue
		}
		if !strings.HasSuffix(code, ag.Code) {
			code += ag.Code
		}
	}
	return pre + code
}
