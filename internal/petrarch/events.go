package petrarch

import (
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

// subject returns the subject of verb v and whether the clause is passive;
// -1 when none is found. Controlled and coordinated verbs inherit the
// subject of their head; pronoun subjects take the subject of the clause
// they are embedded in.
func (s *sent) subject(v int) (int, bool) {
	for depth := 0; v >= 0 && depth < 6; depth++ {
		for _, c := range s.kids[v] {
			switch s.rel(c) {
			case "nsubj", "nsubj:xsubj":
				if s.w[c].UPOS == "PRON" && s.mention[c] < 0 {
					return s.pronoun(v, c), false
				}
				return c, false
			case "nsubj:pass":
				if s.w[c].UPOS == "PRON" && s.mention[c] < 0 {
					return s.pronoun(v, c), true
				}
				return c, true
			}
		}
		switch s.base(v) {
		case "xcomp", "conj":
			v = s.head(v)
		case "acl":
			return s.head(v), false
		default:
			return -1, false
		}
	}
	return -1, false
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
		if subj, _ := s.subject(h); subj >= 0 && subj != p {
			return subj
		}
		if s.head(h) == h {
			break
		}
	}
	return -1
}

// byAgent returns the "by" phrase of a passive verb, -1 if none.
func (s *sent) byAgent(v int) int {
	for _, c := range s.kids[v] {
		if s.base(c) != "obl" && s.base(c) != "nmod" {
			continue
		}
		for _, g := range s.kids[c] {
			if s.rel(g) == "case" && s.ul[g] == "BY" {
				return c
			}
		}
	}
	return -1
}

// targetEdge reports dependents of a verb not searched for its target.
func targetEdge(rel string) bool {
	switch rel {
	case "nsubj", "nsubj:pass", "csubj", "punct", "cc", "mark", "aux", "aux:pass", "cop", "advmod",
		"parataxis", "discourse", "advcl", "expl", "vocative", "dep", "appos", "list":
		return true
	}
	return false
}

// targets searches the dependents of v breadth first for the nearest noun
// phrase naming an actor, skipping the words in skip.
func (s *sent) targets(v int, skip map[int]bool) []string {
	queue := []int{}
	for _, c := range s.kids[v] {
		if targetEdge(s.rel(c)) || skip[c] {
			continue
		}
		if s.base(c) == "conj" && (s.w[c].UPOS == "VERB" || s.w[v].UPOS == "VERB") {
			continue
		}
		queue = append(queue, c)
	}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		if codes := s.npCodes(n, true); len(codes) > 0 {
			return codes
		}
		for _, c := range s.kids[n] {
			r := s.rel(c)
			if skip[c] || r == "punct" || r == "advcl" || r == "parataxis" || r == "appos" || r == "cc" {
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

// events codes every dictionary verb of the sentence.
func (s *sent) events() []Event {
	var out []Event
	for v := range s.w {
		if s.w[v].UPOS != "VERB" {
			continue
		}
		vms := s.findVerbs(v)
		if len(vms) == 0 {
			continue
		}
		out = append(out, s.codeVerb(v, vms)...)
	}
	return out
}

func (s *sent) codeVerb(v int, vms []verbMatch) []Event {
	// choose the best pattern among the candidate verbs' blocks
	var (
		best      *Pattern
		bestScore = -1
		vm        = vms[0]
	)
	for _, m := range vms {
		for _, p := range m.v.Block.Patterns {
			if sc, ok := s.matchPattern(v, m.words, p); ok && sc > bestScore {
				best, bestScore, vm = p, sc, m
			}
		}
		if best != nil && len(m.words) > 1 {
			break
		}
	}
	code, code2 := vm.v.Code, ""
	if code == "" {
		code = vm.v.Block.Code
	}
	if best != nil {
		code, code2 = best.Code, best.Code2
	}
	if code == "" || code == "---" {
		return nil
	}
	if s.negated(v) {
		n, ok := s.c.d.Ontology.Negate(code)
		if !ok {
			return nil
		}
		code, code2 = n, ""
	}
	subj, passive := s.subject(v)
	skip := map[int]bool{}
	for _, w := range vm.words {
		skip[w] = true
	}
	var src, tgt []string
	if passive {
		if by := s.byAgent(v); by >= 0 {
			src = s.npCodes(by, false)
			skip[by] = true
		}
		if subj >= 0 {
			tgt = s.npCodes(subj, true)
		}
		if len(tgt) == 0 {
			tgt = s.targets(v, skip)
		}
	} else {
		if subj >= 0 {
			src = s.npCodes(subj, false)
		}
		tgt = s.targets(v, skip)
	}
	if best != nil && best.swapped() && subj >= 0 && !passive {
		src, tgt = tgt, s.npCodes(subj, true)
	}
	var out []Event
	if len(tgt) == 0 && (best != nil && best.Compound || code2 != "") && len(src) > 1 {
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
			out = append(out, Event{a, b, code})
			if code2 != "" {
				out = append(out, Event{b, a, code2})
			}
		}
	}
	return out
}

// swapped reports patterns that put the target before the verb and the
// source after it ("- + * (FROM $)").
func (p *Pattern) swapped() bool {
	pre, post := false, false
	for _, it := range p.Pre {
		pre = pre || it.Kind == '+'
	}
	for _, it := range p.Post {
		post = post || it.Kind == '$'
	}
	return pre && post
}

// matchPattern matches a pattern around verb v; the score is the number of
// words matched.
func (s *sent) matchPattern(v int, vwords []int, p *Pattern) (int, bool) {
	in := map[int]bool{}
	for _, w := range vwords {
		in[w] = true
	}
	last := v
	for _, w := range vwords {
		if w > last {
			last = w
		}
	}
	// post-verb words: the verb's subtree without its subject
	allowed := map[int]bool{}
	for _, n := range s.subtree(v, func(c int) bool {
		r := s.rel(c)
		return strings.HasPrefix(r, "nsubj") || strings.HasPrefix(r, "csubj") || r == "parataxis" || (s.base(c) == "conj" && s.w[c].UPOS == "VERB")
	}) {
		if n > last && !in[n] {
			allowed[n] = true
		}
	}
	score := 0
	pos := last + 1
	items := p.Post
	for k := 0; k < len(items); {
		it := items[k]
		if it.Kind != 'w' && it.Kind != 's' {
			k++
			continue
		}
		// a group is matched as a run of words
		g := []PItem{it}
		if it.Group != 0 {
			for k+len(g) < len(items) && items[k+len(g)].Group == it.Group {
				g = append(g, items[k+len(g)])
			}
		}
		found := false
		for start := pos; start < len(s.up); start++ {
			if !allowed[start] {
				continue
			}
			if end, n, ok := s.matchRun(start, g, allowed); ok {
				pos, found = end, true
				score += n
				break
			}
		}
		if !found {
			return 0, false
		}
		k += len(g)
	}
	// pre-verb words: the words before the verb, nearest first
	first := v
	for _, w := range vwords {
		if w < first {
			first = w
		}
	}
	pos = first - 1
	for k := len(p.Pre) - 1; k >= 0; k-- {
		it := p.Pre[k]
		if it.Kind != 'w' && it.Kind != 's' {
			continue
		}
		found := false
		for j := pos; j >= 0 && j >= first-6; j-- {
			if end, n, ok := s.matchRun(j, []PItem{it}, nil); ok && end > j {
				pos, found = j-1, true
				score += n
				break
			}
		}
		if !found {
			return 0, false
		}
	}
	return score, true
}

// matchRun matches consecutive pattern items from word start, skipping
// determiners and, inside prepositional groups, modifiers. It returns the
// position after the run and the number of words matched.
func (s *sent) matchRun(start int, g []PItem, allowed map[int]bool) (int, int, bool) {
	pos, n := start, 0
	for k, it := range g {
		if k > 0 {
			for pos < len(s.up) && (allowed == nil || allowed[pos]) && s.skippable(pos, it.Paren) {
				pos++
			}
		}
		if pos >= len(s.up) || allowed != nil && !allowed[pos] {
			return 0, 0, false
		}
		var end int
		var ok bool
		if it.Kind == 's' {
			end, ok = s.matchSynset(pos, it.Text, 0)
		} else if s.wordIs(pos, it.Text) {
			end, ok = pos+1, true
		}
		if !ok {
			return 0, 0, false
		}
		n += end - pos
		pos = end
	}
	return pos, n, true
}

func (s *sent) skippable(i int, paren bool) bool {
	switch s.w[i].UPOS {
	case "DET":
		return true
	case "ADJ", "NUM", "ADV":
		return paren
	}
	return false
}

// wordIs compares word i with a dictionary word (form, lemma or regular plural).
func (s *sent) wordIs(i int, w string) bool {
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
