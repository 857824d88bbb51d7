package petrarch

import (
	"slices"
	"strings"
)

// verbMatch is a verb of the dictionary found at a word, with the words it
// spans (the particles of a multi-word verb).
type verbMatch struct {
	v     *Verb
	words []int
}

// findVerbs returns the dictionary verbs at word i, multi-word verbs first.
func (s *sent) findVerbs(i int) []verbMatch {
	cands := append([]*Verb(nil), s.c.verbs[s.up[i]]...)
	if s.ul[i] != s.up[i] {
		for _, v := range s.c.verbs[s.ul[i]] {
			dup := false
			for _, x := range cands {
				dup = dup || x == v
			}
			if !dup && s.ul[i] == v.Words[v.Head] {
				cands = append(cands, v)
			}
		}
	}
	var multi, single []verbMatch
	for _, v := range cands {
		if len(v.Words) == 1 {
			single = append(single, verbMatch{v, []int{i}})
			continue
		}
		if ws, ok := s.particles(i, v); ok {
			multi = append(multi, verbMatch{v, ws})
		}
	}
	return append(multi, single...)
}

// particles checks the other words of a multi-word verb near word i.
func (s *sent) particles(i int, v *Verb) ([]int, bool) {
	ws := []int{i}
	pos := i
	for k := v.Head + 1; k < len(v.Words); k++ {
		found := -1
		for j := pos + 1; j < len(s.up) && j <= pos+3; j++ {
			if s.up[j] == v.Words[k] {
				found = j
				break
			}
		}
		if found < 0 {
			return nil, false
		}
		ws, pos = append(ws, found), found
	}
	pos = i
	for k := v.Head - 1; k >= 0; k-- {
		found := -1
		for j := pos - 1; j >= 0 && j >= pos-3; j-- {
			if s.up[j] == v.Words[k] {
				found = j
				break
			}
		}
		if found < 0 {
			return nil, false
		}
		ws, pos = append(ws, found), found
	}
	return ws, true
}

// subject returns the subject words of verb v (a parse may split one noun
// phrase into several subjects) and whether the clause is passive; nil when
// none is found. Controlled verbs take the object of their head, or its
// subject; coordinated verbs share their head's subject; pronoun subjects
// take the subject of the clause they are embedded in.
func (s *sent) subject(v int) ([]int, bool) {
	inherited := false
	for depth := 0; v >= 0 && depth < 6; depth++ {
		var subj []int
		passive := true
		cands := append([]int(nil), s.kids[v]...)
		for _, c := range s.kids[v] {
			if s.base(c) == "aux" {
				// "Bree ... did not clash": the subject hung on the auxiliary
				cands = append(cands, s.kids[c]...)
			}
		}
		for _, c := range cands {
			r := s.rel(c)
			if r != "nsubj" && r != "nsubj:pass" && r != "nsubj:xsubj" {
				continue
			}
			if r != "nsubj:pass" {
				passive = false
			}
			if s.w[c].UPOS == "PRON" && s.mention[c] < 0 {
				if p := s.pronoun(v, c); p >= 0 {
					subj = append(subj, p)
				}
				continue
			}
			subj = append(subj, c)
		}
		if len(subj) > 1 {
			subj = s.nearestSubjects(v, subj)
		}
		if len(subj) > 0 {
			return subj, (passive || s.passiveForm(v)) && !inherited
		}
		switch {
		case s.base(v) == "xcomp" || s.infinitival(v) || s.base(v) == "csubj" && s.hasTo(v):
			h := s.head(v)
			var objs []int
			for _, c := range s.kids[h] {
				if (s.rel(c) == "obj" || s.rel(c) == "iobj") && c < v {
					if s.w[c].UPOS == "PRON" && s.mention[c] < 0 {
						if p := s.pronoun(v, c); p >= 0 {
							objs = append(objs, p)
						}
						continue
					}
					objs = append(objs, c)
				}
			}
			if len(objs) > 0 {
				return objs, false
			}
			v, inherited = h, true
		case s.base(v) == "conj":
			// parsers attach a coordinated verb to a noun now and then:
			// take the nearest verb above
			h := s.head(v)
			for k := 0; h >= 0 && s.w[h].UPOS != "VERB" && k < 4; k++ {
				h = s.head(h)
			}
			if h < 0 {
				return nil, false
			}
			v = h
		case s.base(v) == "ccomp" || s.base(v) == "advcl":
			// "Ethiopia indicated it would act": the pronoun went to the head
			h := s.head(v)
			for _, c := range s.kids[h] {
				if s.rel(c) == "obj" && s.w[c].UPOS == "PRON" && c < v {
					if p := s.pronoun(v, c); p >= 0 {
						return []int{p}, false
					}
				}
			}
			return nil, false
		case s.base(v) == "acl":
			return []int{s.head(v)}, false
		default:
			return nil, false
		}
	}
	return nil, false
}

// nearestSubjects keeps, of several subjects found for verb v, those in
// the stretch nearest the verb: a parse that hangs on one verb two noun
// phrases separated by another verb, or by a comma and a preposition, has
// misplaced one.
func (s *sent) nearestSubjects(v int, subj []int) []int {
	near := subj[0]
	for _, x := range subj {
		if abs(x-v) < abs(near-v) {
			near = x
		}
	}
	var out []int
	for _, x := range subj {
		lo, hi := min(x, near), max(x, near)
		verb, comma, prep := false, false, false
		for j := lo + 1; j < hi; j++ {
			switch {
			case s.w[j].UPOS == "VERB":
				verb = true
			case s.up[j] == "," || s.up[j] == ";":
				comma = true
			case s.w[j].UPOS == "ADP" || s.w[j].UPOS == "SCONJ":
				prep = true
			}
		}
		// "the US, Russia, and Switzerland met" is a list; "X ... after
		// a rift, the agency said" is not
		if !verb && !(comma && prep) {
			out = append(out, x)
		}
	}
	return out
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// hasComplement reports a clausal complement of v.
func (s *sent) hasComplement(v int) bool {
	for _, c := range s.kids[v] {
		if b := s.base(c); b == "ccomp" || b == "xcomp" {
			return true
		}
	}
	return false
}

// linearPassive reports a past participle shortly after a form of "be".
func (s *sent) linearPassive(v int) bool {
	if s.w[v].XPOS != "VBN" {
		return false
	}
	for j := v - 1; j >= 0 && j >= v-4; j-- {
		switch s.up[j] {
		case "WAS", "WERE", "IS", "ARE", "BE", "BEEN", "BEING":
			return true
		}
	}
	return false
}

// attribution reports a verb whose complement clause comes before it
// ("Arnor will ..., officials said").
func (s *sent) attribution(v int) bool {
	for _, c := range s.kids[v] {
		if c < v && (s.base(c) == "ccomp" || s.base(c) == "parataxis") {
			return true
		}
	}
	return false
}

// passiveForm reports a participle with a passive auxiliary.
func (s *sent) passiveForm(v int) bool {
	for _, c := range s.kids[v] {
		if s.rel(c) == "aux:pass" {
			return true
		}
		if s.w[v].XPOS == "VBN" && s.base(c) == "aux" && s.ul[c] == "BE" {
			return true
		}
	}
	return false
}

// hasTo reports a "to" marker of v.
func (s *sent) hasTo(v int) bool {
	for _, c := range s.kids[v] {
		if s.rel(c) == "mark" && s.ul[c] == "TO" {
			return true
		}
	}
	return false
}

// verbConj reports a verb coordinated with a verb; a "verb" coordinated
// with a noun ("a bombing and shelling offensive") is a mis-tagged noun.
func (s *sent) verbConj(c int) bool {
	h := s.head(c)
	return s.base(c) == "conj" && s.w[c].UPOS == "VERB" && h >= 0 && s.w[h].UPOS != "NOUN"
}

// infinitival reports an adverbial clause introduced by "to".
func (s *sent) infinitival(v int) bool {
	if s.base(v) != "advcl" {
		return false
	}
	for _, c := range s.kids[v] {
		if s.rel(c) == "mark" && s.ul[c] == "TO" {
			return true
		}
	}
	return false
}

// pronoun resolves a pronoun subject: the relative clause's noun, or the
// subject of an enclosing clause.
func (s *sent) pronoun(v, p int) int {
	if s.base(v) == "acl" {
		return s.head(v)
	}
	switch s.ul[p] {
	case "IT", "THEY", "HE", "SHE", "WE":
	default:
		return -1
	}
	for h := s.head(v); h >= 0; h = s.head(h) {
		if subj, _ := s.subject(h); len(subj) > 0 && subj[0] != p {
			return subj[0]
		}
		if s.head(h) == h {
			break
		}
	}
	return -1
}

// byAgent returns the "by" phrase of a passive verb, searched among its
// dependents and theirs (parsers often attach it to an adverb), -1 if none.
func (s *sent) byAgent(v int) int {
	level := []int{v}
	for depth := 0; depth < 2; depth++ {
		var next []int
		for _, n := range level {
			for _, c := range s.kids[n] {
				switch s.base(c) {
				case "ccomp", "xcomp", "advcl", "acl", "parataxis", "conj", "nsubj", "punct":
					continue
				}
				for _, g := range s.kids[c] {
					if s.rel(g) == "case" && s.ul[g] == "BY" {
						return c
					}
				}
				next = append(next, c)
			}
		}
		level = next
	}
	return -1
}

// targetEdge reports dependents of a verb not searched for its target.
func targetEdge(rel string) bool {
	switch rel {
	case "nsubj", "nsubj:pass", "nsubj:xsubj", "csubj", "punct", "cc", "mark", "aux", "aux:pass", "cop", "advmod",
		"parataxis", "discourse", "expl", "vocative", "dep", "list", "reparandum":
		return true
	}
	return false
}

// targets searches the dependents of v breadth first for the nearest noun
// phrase naming an actor, skipping the words in skip. Clauses before the
// verb ("..., officials said") and adverbial clauses other than "to"
// infinitives are not searched.
func (s *sent) targets(v int, skip map[int]bool) []string {
	var queue []int
	for _, c := range s.kids[v] {
		if s.rel(c) == "advmod" && !skip[c] {
			// "act now with Libya": a phrase the parse hung on an adverb
			for _, g := range s.kids[c] {
				if b := s.base(g); (b == "obl" || b == "nmod") && g > v {
					queue = append(queue, g)
				}
			}
			continue
		}
		if targetEdge(s.rel(c)) || skip[c] || s.timeExpr(c) || s.rel(c) == "nmod:poss" || s.commaBetween(c, v) {
			continue
		}
		switch s.base(c) {
		case "conj":
			if s.w[c].UPOS == "VERB" || s.w[v].UPOS == "VERB" {
				continue
			}
		case "ccomp", "xcomp":
			if c < v {
				continue
			}
		case "advcl":
			if !s.infinitival(c) {
				continue
			}
		}
		queue = append(queue, c)
	}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		if codes := s.npCodes([]int{n}, true); len(codes) > 0 {
			return codes
		}
		for _, c := range s.kids[n] {
			r := s.rel(c)
			if skip[c] || r == "punct" || r == "parataxis" || r == "cc" || s.base(c) == "advcl" && !s.infinitival(c) || s.timeExpr(c) {
				continue
			}
			if s.base(c) == "conj" && s.w[c].UPOS == "VERB" {
				continue
			}
			queue = append(queue, c)
		}
	}
	return nil
}

// commaBetween reports a dependent c before its head v with a comma in
// between ("..., officials said"): not a target of v.
func (s *sent) commaBetween(c, v int) bool {
	if c > v {
		return false
	}
	for _, n := range s.subtree(c, nil) {
		if n > v {
			return false
		}
	}
	for j := c + 1; j < v; j++ {
		if s.up[j] == "," && s.head(j) != c {
			if h := s.head(j); h >= 0 && h < c {
				continue
			}
			return true
		}
	}
	return false
}

// timeWord reports nouns heading bare noun phrases of time ("five years
// after ...").
func timeWord(w string) bool {
	switch w {
	case "YEAR", "MONTH", "WEEK", "DAY", "HOUR", "MINUTE", "DECADE", "CENTURY", "TIME",
		"MORNING", "AFTERNOON", "EVENING", "NIGHT", "WEEKEND", "TODAY", "YESTERDAY", "TOMORROW",
		"MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY":
		return true
	}
	return false
}

// timeExpr reports a bare noun phrase of time attached to its head.
func (s *sent) timeExpr(c int) bool {
	r := s.rel(c)
	switch r {
	case "obl:tmod", "obl:unmarked", "nmod:tmod", "nmod:unmarked", "obl:npmod", "nmod:npmod":
		return timeWord(s.ul[c])
	}
	return false
}

// subtree returns the words below i (i included), not following edges
// rejected by stop.
func (s *sent) subtree(i int, stop func(int) bool) []int {
	out := []int{i}
	for k := 0; k < len(out); k++ {
		for _, c := range s.kids[out[k]] {
			if stop == nil || !stop(c) {
				out = append(out, c)
			}
		}
	}
	return out
}

// negated reports a "not"/"never" modifier of the verb or its auxiliaries.
func (s *sent) negated(v int) bool {
	for _, c := range s.kids[v] {
		if s.rel(c) == "advmod" || s.rel(c) == "neg" || s.base(c) == "aux" {
			switch s.ul[c] {
			case "NOT", "N'T", "NEVER":
				return true
			}
			if s.up[c] == "N'T" || s.up[c] == "NOT" {
				return true
			}
		}
	}
	// contractions split from the auxiliary ("didn't", "won't")
	for j := v - 1; j >= 0 && j >= v-5; j-- {
		if s.up[j] == "N'T" || s.up[j] == "NOT" || s.up[j] == "NEVER" {
			h := s.head(j)
			if h == v || h >= 0 && s.head(h) == v {
				return true
			}
		}
	}
	return false
}

// events codes every dictionary verb of the sentence. A verb inside the
// complement of a verb already coded is not coded again (PETRARCH codes
// the governing event). When the parse yields nothing, a linear reading of
// the sentence is tried.
func (s *sent) events() []Event {
	var out []Event
	coded := map[int]bool{}
	order := make([]int, 0, len(s.w))
	for v := range s.w {
		if s.w[v].UPOS == "VERB" {
			order = append(order, v)
		}
	}
	depth := func(v int) int {
		d := 0
		for h := s.head(v); h >= 0 && d < len(s.w); h = s.head(h) {
			d++
		}
		return d
	}
	sortByDepth(order, depth)
	for _, v := range order {
		if s.insideCoded(v, coded) {
			continue
		}
		vms := s.findVerbs(v)
		if len(vms) == 0 {
			continue
		}
		evs := s.codeVerb(v, vms, false)
		if len(evs) > 0 {
			coded[v] = true
		}
		out = append(out, evs...)
	}
	if len(out) == 0 {
		out = s.linearEvents()
	}
	return out
}

func sortByDepth(vs []int, depth func(int) int) {
	d := make(map[int]int, len(vs))
	for _, v := range vs {
		d[v] = depth(v)
	}
	for i := 1; i < len(vs); i++ {
		for j := i; j > 0 && (d[vs[j]] < d[vs[j-1]] || d[vs[j]] == d[vs[j-1]] && vs[j] < vs[j-1]); j-- {
			vs[j], vs[j-1] = vs[j-1], vs[j]
		}
	}
}

// insideCoded reports whether v sits in a complement clause of a coded verb.
func (s *sent) insideCoded(v int, coded map[int]bool) bool {
	for n, k := v, 0; n >= 0 && k < len(s.w); k++ {
		switch s.base(n) {
		case "xcomp", "ccomp", "csubj":
		case "advcl":
			if !s.infinitival(n) {
				return false
			}
		default:
			return false
		}
		n = s.head(n)
		if n >= 0 && coded[n] {
			return true
		}
	}
	return false
}

// linearEvents codes the sentence without the tree: the first dictionary
// verb after an actor, the nearest actor before it as source and the first
// actor after it as target. It rescues sentences whose parse failed.
func (s *sent) linearEvents() []Event {
	for v := range s.w {
		if s.mention[v] >= 0 || v == 0 {
			continue
		}
		afterActor := s.mention[v-1] >= 0 && s.ms[s.mention[v-1]].actor != nil
		switch s.w[v].UPOS {
		case "NOUN", "PROPN", "ADJ", "ADV":
		case "AUX":
			// "Ethiopia broken down ...": a verb form taken for an auxiliary
			if !afterActor || !strings.HasPrefix(s.w[v].XPOS, "VB") {
				continue
			}
		case "VERB":
			// verbs were tried on the tree; retry those it left without subject
			if subj, _ := s.subject(v); subj != nil || s.base(v) == "acl" || s.base(v) == "advcl" {
				continue
			}
		default:
			continue
		}
		if p := s.w[v-1].UPOS; p == "DET" || p == "ADP" || p == "ADJ" || p == "NUM" || p == "PRON" && s.ul[v-1] != "IT" {
			continue
		}
		vms := s.findVerbs(v)
		if len(vms) == 0 || !afterActor && s.ul[v] != vms[0].v.Words[vms[0].v.Head] && s.up[v] == s.ul[v] && len(vms[0].v.Forms) == 0 && s.w[v].UPOS != "VERB" {
			continue
		}
		if evs := s.codeVerb(v, vms, true); len(evs) > 0 {
			return evs
		}
	}
	return nil
}

// nearestActor returns the head of the actor mention nearest to v in the
// given direction (-1 before, +1 after), or -1.
func (s *sent) nearestActor(v, dir int) int {
	for j := v + dir; j >= 0 && j < len(s.w); j += dir {
		if m := s.mention[j]; m >= 0 && s.ms[m].actor != nil {
			return s.ms[m].head
		}
		if s.w[j].UPOS == "VERB" && dir < 0 {
			return -1
		}
	}
	return -1
}

// listBefore returns the heads of the actor mentions listed before the
// subject word x when x ends a comma list at the start of the sentence
// ("Mordor, the Arnor, and Gondor"): each member is an actor mention with
// determiners and modifiers, and the last is joined by a conjunction. Nil
// when the words before x do not form such a list.
func (s *sent) listBefore(x int) []int {
	m := s.mention[x]
	if m < 0 || s.ms[m].actor == nil {
		return nil
	}
	mod := func(j int) bool { u := s.w[j].UPOS; return u == "DET" || u == "ADJ" }
	j := s.ms[m].start - 1
	for j >= 0 && mod(j) {
		j--
	}
	if j < 0 || s.w[j].UPOS != "CCONJ" {
		return nil
	}
	j--
	if j >= 0 && s.up[j] == "," {
		j--
	}
	var out []int
	for {
		for j >= 0 && mod(j) {
			j--
		}
		if j < 0 {
			return nil
		}
		k := s.mention[j]
		if k < 0 || s.ms[k].actor == nil || s.ms[k].end-1 != j {
			return nil
		}
		out = append(out, s.ms[k].head)
		j = s.ms[k].start - 1
		for j >= 0 && (mod(j) || s.w[j].UPOS == "PROPN" && s.mention[j] < 0) {
			j--
		}
		if j < 0 {
			return out
		}
		if s.up[j] != "," {
			return nil
		}
		j--
	}
}

// adjacentActor returns the head of the first actor mention after v
// reached without crossing punctuation, another verb or a subordinator, or -1.
func (s *sent) adjacentActor(v int) int {
	for j := v + 1; j < len(s.w); j++ {
		if m := s.mention[j]; m >= 0 && s.ms[m].actor != nil {
			return s.ms[m].head
		}
		switch s.w[j].UPOS {
		case "PUNCT", "VERB", "SCONJ", "AUX", "PRON":
			return -1
		}
	}
	return -1
}

// patMatch is a successful pattern match.
type patMatch struct {
	p      *Pattern
	score  int
	plus   []int // words naming the target ("+"), nil when the pattern has none
	dollar []int // words naming the source ("$")
	prep   []int // the noun phrase of the last prepositional group, a likely target
	first  int   // position of the first word matched after the verb
}

// better prefers the pattern whose words start nearest the verb, then the
// one matching more words.
func (pm *patMatch) better(o *patMatch) bool {
	if o == nil {
		return true
	}
	if pm.first != o.first {
		return pm.first < o.first
	}
	return pm.score > o.score
}

func (s *sent) codeVerb(v int, vms []verbMatch, linear bool) []Event {
	// a coordinated verb the parser hung on a noun: read its words linearly
	loose := linear || s.base(v) == "conj" && s.head(v) >= 0 && s.w[s.head(v)].UPOS != "VERB"
	var (
		best *patMatch
		vm   = vms[0]
	)
	// "%" patterns are for coordinated subjects ("A and B met")
	multi := false
	if !linear {
		subj, _ := s.subject(v)
		multi = len(s.npCodes(subj, false)) > 1
	}
	for _, m := range vms {
		for _, p := range m.v.Block.Patterns {
			if p.Compound && !multi && !linear {
				continue
			}
			if pm, ok := s.matchPattern(v, m.words, p, loose); ok && pm.better(best) {
				best, vm = pm, m
			}
		}
		if best != nil && len(m.words) > 1 {
			break
		}
	}
	code := vm.v.Code
	if code == "" {
		code = vm.v.Block.Code
	}
	code, code2, _ := strings.Cut(code, ":")
	if best != nil {
		code, code2 = best.p.Code, best.p.Code2
	}
	if code == "---" || code == "" && code2 == "" {
		return nil
	}
	if best == nil && !linear && (s.rel(v) == "parataxis" || s.attribution(v)) {
		// "..., a senior official said": attribution, not an event
		return nil
	}
	if s.negated(v) {
		if code == "" {
			return nil
		}
		n, ok := s.c.d.Ontology.Negate(code)
		if !ok {
			return nil
		}
		code, code2 = n, ""
	}
	skip := map[int]bool{}
	for _, w := range vm.words {
		skip[w] = true
	}
	var (
		src, tgt []string
		subj     []int
		passive  bool
	)
	if linear {
		if a := s.nearestActor(vm.words[0], -1); a >= 0 {
			subj = []int{a}
		}
		passive = s.linearPassive(v)
	} else {
		subj, passive = s.subject(v)
	}
	for _, x := range subj {
		skip[x] = true
	}
	findTargets := func() []string {
		if linear {
			last := v
			for _, w := range vm.words {
				last = max(last, w)
			}
			if a := s.nearestActor(last, 1); a >= 0 {
				return s.npCodes([]int{a}, true)
			}
			return nil
		}
		return s.targets(v, skip)
	}
	switch {
	case best != nil && best.dollar != nil:
		src = s.npCodes(best.dollar, false)
		if best.plus != nil {
			tgt = s.npCodes(best.plus, true)
		} else {
			tgt = s.npCodes(subj, true)
		}
	case passive && linear:
		src, tgt = findTargets(), s.npCodes(subj, true)
	case passive:
		if by := s.byAgent(v); by >= 0 {
			src = s.npCodes([]int{by}, false)
			skip[by] = true
		} else {
			for _, c := range s.kids[v] {
				if b := s.base(c); b == "xcomp" || b == "ccomp" || b == "advcl" {
					skip[c] = true
				}
			}
			src = s.targets(v, skip)
		}
		tgt = s.npCodes(subj, true)
	default:
		src = s.npCodes(subj, false)
		if !linear && len(subj) > 0 {
			// "A, the B, and C met": list members the parse hung elsewhere
			for _, a := range s.listBefore(subj[len(subj)-1]) {
				for _, c := range s.npCodes([]int{a}, false) {
					if !slices.Contains(src, c) {
						src = append(src, c)
					}
				}
			}
		}
		if best != nil && best.plus != nil {
			tgt = s.npCodes(best.plus, true)
		}
		if len(tgt) == 0 && best != nil && best.prep != nil {
			tgt = s.npCodes(best.prep, true)
		}
		if len(tgt) == 0 {
			tgt = findTargets()
		}
		if len(tgt) == 0 && !linear && (loose || best != nil && !(best.p.Compound && len(src) > 1)) {
			// last resort: the first actor after the verb, within its
			// clause unless the parse misplaced the verb
			var within map[int]bool
			if !loose {
				within = map[int]bool{}
				for _, n := range s.subtree(v, nil) {
					within[n] = true
				}
			}
			if a := s.nextActor(v+1, within); a >= 0 {
				tgt = s.npCodes([]int{a}, true)
			}
		}
	}
	if len(tgt) == 0 && !linear && len(src) > 1 && best == nil {
		// a target the parse detached: the first actor after the verb in
		// the same stretch of words
		if a := s.adjacentActor(v); a >= 0 {
			tgt = s.npCodes([]int{a}, true)
		}
	}
	var out []Event
	if len(tgt) == 0 && code != "" && len(src) > 1 && (best != nil && best.p.Compound || code2 != "" || !s.hasComplement(v)) {
		// "Gondor and Osgiliath delayed their meeting": events among the conjuncts
		for _, a := range src {
			for _, b := range src {
				if a != b {
					out = append(out, Event{a, b, code})
				}
			}
		}
		return out
	}
	for _, a := range src {
		for _, b := range tgt {
			if a == b {
				continue
			}
			if code != "" {
				out = append(out, Event{a, b, code})
			}
			if code2 != "" {
				out = append(out, Event{b, a, code2})
			}
		}
	}
	return out
}

// matchPattern matches a pattern around verb v; the score is the number of
// words matched. Words before the verb are matched only when they form a
// "{...}" phrase right before it.
func (s *sent) matchPattern(v int, vwords []int, p *Pattern, linear bool) (*patMatch, bool) {
	in := map[int]bool{}
	first, last := v, v
	for _, w := range vwords {
		in[w] = true
		first, last = min(first, w), max(last, w)
	}
	allowed := map[int]bool{}
	if linear {
		for n := last + 1; n < len(s.w); n++ {
			allowed[n] = true
		}
	} else {
		for _, n := range s.subtree(v, func(c int) bool {
			r := s.rel(c)
			return strings.HasPrefix(r, "nsubj") || strings.HasPrefix(r, "csubj") || r == "parataxis" ||
				s.verbConj(c) || s.base(c) == "advcl" && !s.infinitival(c)
		}) {
			if n > last && !in[n] {
				allowed[n] = true
			}
		}
	}
	pm := &patMatch{p: p, first: len(s.w)}
	pos := last + 1
	items := p.Post
	for k := 0; k < len(items); {
		it := items[k]
		g := []PItem{it}
		if it.Group != 0 {
			for k+len(g) < len(items) && items[k+len(g)].Group == it.Group {
				g = append(g, items[k+len(g)])
			}
		}
		k += len(g)
		var words []PItem
		var marks []byte
		skips := 0
		for _, x := range g {
			switch x.Kind {
			case 'w', 's':
				words = append(words, x)
			case '+', '$':
				marks = append(marks, x.Kind)
			case '^':
				skips++
			}
		}
		at := -1
		if len(words) > 0 {
			found := false
			for start := pos; start < len(s.up); start++ {
				if !allowed[start] {
					continue
				}
				if end, n, ok := s.matchRun(start, words, allowed); ok {
					at, pos, found = start, end, true
					pm.first = min(pm.first, start)
					pm.score += n
					break
				}
			}
			if !found {
				return nil, false
			}
			if it.Group != 0 && it.Paren && s.rel(at) == "case" && s.head(at) > at {
				pm.prep = []int{s.head(at)}
			}
		}
		pos += skips
		for _, mk := range marks {
			var ref []int
			if at >= 0 && it.Group != 0 {
				// the noun phrase governed by the group's preposition
				h := at
				if s.rel(at) == "case" && s.head(at) >= 0 {
					h = s.head(at)
				}
				if h != at {
					ref = []int{h}
				} else if a := s.nextActor(pos, allowed); a >= 0 {
					ref = []int{a}
				}
			} else if a := s.nextActor(pos, allowed); a >= 0 {
				ref = []int{a}
			}
			if ref == nil {
				continue
			}
			if mk == '+' {
				pm.plus = ref
			} else {
				pm.dollar = ref
			}
		}
	}
	if len(p.Pre) > 0 {
		var words []PItem
		for _, it := range p.Pre {
			if it.Kind == 'w' || it.Kind == 's' {
				if it.Group == 0 || it.Paren {
					return nil, false
				}
				words = append(words, it)
			}
		}
		if len(words) > 0 {
			ok := false
			for start := first - 1; start >= 0 && start >= first-len(words)-3; start-- {
				if end, n, good := s.matchRun(start, words, nil); good && end >= first-1 && end <= first {
					pm.score += n
					ok = true
					break
				}
			}
			if !ok {
				return nil, false
			}
		}
	}
	return pm, true
}

// nextActor returns the head of the first actor mention at or after pos
// among the allowed words, or -1.
func (s *sent) nextActor(pos int, allowed map[int]bool) int {
	for j := pos; j < len(s.w); j++ {
		if m := s.mention[j]; m >= 0 && s.ms[m].actor != nil && (allowed == nil || allowed[j]) {
			return s.ms[m].head
		}
	}
	return -1
}

// matchRun matches consecutive pattern items from word start, skipping
// determiners and, inside prepositional groups, modifiers. It returns the
// position after the run and the number of words matched.
func (s *sent) matchRun(start int, g []PItem, allowed map[int]bool) (int, int, bool) {
	pos, n := start, 0
	for k, it := range g {
		for {
			if pos >= len(s.up) || allowed != nil && !allowed[pos] {
				return 0, 0, false
			}
			end, ok := s.matchItem(pos, it)
			if ok {
				n += end - pos
				pos = end
				break
			}
			if k == 0 || !s.skippable(pos, it) {
				return 0, 0, false
			}
			pos++
		}
	}
	return pos, n, true
}

func (s *sent) matchItem(pos int, it PItem) (int, bool) {
	if it.Kind == 's' {
		return s.matchSynset(pos, it.Text, 0)
	}
	if s.wordIs(pos, it.Text) {
		return pos + 1, true
	}
	return 0, false
}

func (s *sent) skippable(i int, next PItem) bool {
	switch s.w[i].UPOS {
	case "DET":
		return true
	case "ADJ", "ADV":
		return next.Kind == 's' && !next.Paren
	}
	return false
}

// wordIs compares word i with a dictionary word (form, lemma or regular
// plural); "A/B" gives alternatives.
func (s *sent) wordIs(i int, w string) bool {
	if strings.Contains(w, "/") && len(w) > 1 {
		for _, alt := range strings.Split(w, "/") {
			if alt != "" && s.wordIs(i, alt) {
				return true
			}
		}
		return false
	}
	u := s.up[i]
	if u == w || s.ul[i] == w {
		return true
	}
	return u == w+"S" || u == w+"ES" || strings.HasSuffix(w, "Y") && u == w[:len(w)-1]+"IES"
}

// matchSynset matches any member of a synset at word i.
func (s *sent) matchSynset(i int, name string, depth int) (int, bool) {
	if depth > 5 || s.c.d.Verbs == nil {
		return 0, false
	}
	best := -1
	for _, mem := range s.c.d.Verbs.Synsets[name] {
		pos, ok := i, true
		for _, w := range mem {
			if pos >= len(s.up) {
				ok = false
				break
			}
			if strings.HasPrefix(w, "&") {
				end, ok2 := s.matchSynset(pos, w, depth+1)
				if !ok2 {
					ok = false
					break
				}
				pos = end
				continue
			}
			if !s.wordIs(pos, w) {
				ok = false
				break
			}
			pos++
		}
		if ok && pos > best {
			best = pos
		}
	}
	return best, best > i
}
