package lexicon

import (
	"slices"
	"strings"
	"unicode"

	"github.com/sitrep/sitrep/internal/model"
	"github.com/sitrep/sitrep/internal/text"
)

// Mention is one actor mention in a document.
type Mention struct {
	Sent, TokStart, TokEnd int        // sentence index and token range [TokStart,TokEnd) in doc.Sentences[Sent].Tokens
	Span                   model.Span // rune offsets into the article
	Actor                  Actor      // resolved actor; role nouns without a country word have Country ""
	Head                   string     // folded role word as written ("terrorists", "fighter jets"), "" for a bare name
	Generic                bool       // true for role nouns (agents), false for named actors and countries
	Person                 string     // canonical name of the person named, when the mention names one
}

// Options tune FindWith.
type Options struct {
	// Date is the article's publication date (YYYY-MM-DD or a prefix). People
	// are then only recognised while they held the role their entry names,
	// and where several entries share a name the one valid on Date wins.
	Date string
	// Country (ISO3) is preferred where named actors of several countries
	// share a name ("SNA"). When empty, DocCountry(doc) is used.
	Country string
}

// Find returns every actor mention in doc, left to right, non-overlapping,
// the longest match winning at each position. Date-bounded entries are not
// filtered; where entries share a name, the one of the article's main
// country, then the most recent, wins.
func (l *Lexicon) Find(doc *text.Doc) []Mention {
	return l.FindWith(doc, Options{})
}

// FindAt is Find for an article published on date.
func (l *Lexicon) FindAt(doc *text.Doc, date string) []Mention {
	return l.FindWith(doc, Options{Date: date})
}

// FindWith is Find with options.
func (l *Lexicon) FindWith(doc *text.Doc, o Options) []Mention {
	sents := make([][]word, len(doc.Sentences))
	for si, s := range doc.Sentences {
		sents[si] = words(s.Tokens)
	}
	home := o.Country
	if home == "" {
		home = l.docCountry(sents)
	}
	out := make([]Mention, 0, len(doc.Runes)/60+4)
	for si, s := range doc.Sentences {
		ws := sents[si]
		for i := 0; i < len(ws); {
			if !ws[i].first {
				i++
				continue
			}
			r, ok := l.best(s.Tokens, ws, i, o.Date, home)
			if !ok {
				i++
				continue
			}
			if r.skip {
				i = r.end
				continue
			}
			m := r.m
			m.Sent = si
			m.TokStart = ws[i].tok
			// A dropped article before the first word belongs to the name
			// ("al Qaeda", "Al Arabiya").
			if t := m.TokStart - 1; t >= 0 && (i == 0 || ws[i-1].tok < t) && isArticle(s.Tokens[t].Norm) {
				m.TokStart = t
			}
			m.TokEnd = ws[r.end-1].tok + 1
			start, end := s.Tokens[m.TokStart].Start, s.Tokens[m.TokEnd-1].End
			m.Span = model.Span{Start: start, End: end, Text: doc.Slice(start, end)}
			out = append(out, m)
			i = r.end
		}
	}
	return joinSameActor(doc, laterSurnames(doc, defineAcronyms(doc, out)))
}

// joinSameActor makes one mention of two that name one actor side by side:
// "Radaa Special Deterrence Force" (two aliases), "the Stability Support
// Apparatus (SSA)" (a name and the acronym it defines).
func joinSameActor(doc *text.Doc, ms []Mention) []Mention {
	out := ms[:0]
	for _, m := range ms {
		if n := len(out); n > 0 {
			p := &out[n-1]
			toks := doc.Sentences[m.Sent].Tokens
			gap := m.TokStart - p.TokEnd
			paren := gap == 1 && toks[p.TokEnd].Text == "("
			if p.Sent == m.Sent && !p.Generic && !m.Generic && p.Actor.Name == m.Actor.Name && p.Person == m.Person && (gap == 0 || paren) {
				end := m.TokEnd
				if paren && end < len(toks) && toks[end].Text == ")" {
					end++
				}
				p.TokEnd = end
				start, stop := toks[p.TokStart].Start, toks[end-1].End
				p.Span = model.Span{Start: start, End: stop, Text: doc.Slice(start, stop)}
				if m.Head != "" {
					p.Head = m.Head
				}
				continue
			}
		}
		out = append(out, m)
	}
	return out
}

// laterSurnames finds people named again by surname alone: after "Zabihullah
// Mujahid", a later "Mujahid denied …" is the same person, speaking for
// the same organisation.
func laterSurnames(doc *text.Doc, ms []Mention) []Mention {
	type who struct {
		m    Mention
		sent int
	}
	surnames := map[string]who{}
	for _, m := range ms {
		if m.Person == "" || m.TokEnd-m.TokStart < 2 {
			continue
		}
		last := doc.Sentences[m.Sent].Tokens[m.TokEnd-1].Text
		if len([]rune(last)) < 4 || !unicode.IsUpper([]rune(last)[0]) {
			continue
		}
		if _, seen := surnames[last]; !seen {
			surnames[last] = who{m, m.Sent}
		}
	}
	if len(surnames) == 0 {
		return ms
	}
	taken := takenTokens(ms)
	added := false
	for si, s := range doc.Sentences {
		for ti, t := range s.Tokens {
			w, ok := surnames[t.Text]
			if !ok || taken[[2]int{si, ti}] || si < w.sent {
				continue
			}
			m := w.m
			m.Sent, m.TokStart, m.TokEnd, m.Head = si, ti, ti+1, ""
			m.Span = model.Span{Start: t.Start, End: t.End, Text: t.Text}
			ms = append(ms, m)
			added = true
		}
	}
	if added {
		sortMentions(ms)
	}
	return ms
}

// takenTokens is the set of (sentence, token) positions mentions cover.
func takenTokens(ms []Mention) map[[2]int]bool {
	taken := map[[2]int]bool{}
	for _, m := range ms {
		for t := m.TokStart; t < m.TokEnd; t++ {
			taken[[2]int{m.Sent, t}] = true
		}
	}
	return taken
}

func sortMentions(ms []Mention) {
	slices.SortStableFunc(ms, func(x, y Mention) int {
		if x.Sent != y.Sent {
			return x.Sent - y.Sent
		}
		return x.TokStart - y.TokStart
	})
}

// defineAcronyms applies the acronyms an article defines: after "The
// Ambazonia Defence Forces (ADF)", every "ADF" of the article names that
// actor, whatever the dictionary says "ADF" is elsewhere (the Allied
// Democratic Forces of Congo), and an acronym the dictionary lacks is
// found at all.
func defineAcronyms(doc *text.Doc, ms []Mention) []Mention {
	defs := map[string]Actor{}
	for _, m := range ms {
		if m.Generic || m.Actor.Kind == "country" || m.Actor.Name == "" {
			continue
		}
		toks := doc.Sentences[m.Sent].Tokens
		k := m.TokEnd
		if k+2 < len(toks) && toks[k].Text == "(" && toks[k+2].Text == ")" && isAcronym(toks[k+1].Text) && toks[k+1].Text != m.Span.Text {
			if _, seen := defs[toks[k+1].Text]; !seen {
				defs[toks[k+1].Text] = m.Actor
			}
		}
	}
	if len(defs) == 0 {
		return ms
	}
	covered := map[[2]int]int{} // (sentence, token) → index of a one-token mention
	for i, m := range ms {
		if m.TokEnd == m.TokStart+1 {
			covered[[2]int{m.Sent, m.TokStart}] = i
		}
	}
	taken := takenTokens(ms)
	added := false
	for si, s := range doc.Sentences {
		for ti, t := range s.Tokens {
			a, ok := defs[t.Text]
			if !ok {
				continue
			}
			key := [2]int{si, ti}
			if i, ok := covered[key]; ok {
				ms[i].Actor, ms[i].Generic, ms[i].Person, ms[i].Head = a, false, "", ""
				continue
			}
			if taken[key] {
				continue // part of a longer name
			}
			ms = append(ms, Mention{Sent: si, TokStart: ti, TokEnd: ti + 1, Actor: a,
				Span: model.Span{Start: t.Start, End: t.End, Text: t.Text}})
			added = true
		}
	}
	if added {
		sortMentions(ms)
	}
	return ms
}

// DocCountry returns the ISO3 code of the country a document is most about,
// or "": country names count 3, capitals 2, demonyms and the country of each
// named actor 1 ("Russian jets" over Idlib do not make an article Russian
// when it names the Syrian Observatory five times). The coder uses it to
// localise role nouns ("civilians" → "Civilians (Syria)").
func (l *Lexicon) DocCountry(doc *text.Doc) string {
	sents := make([][]word, len(doc.Sentences))
	for si, s := range doc.Sentences {
		sents[si] = words(s.Tokens)
	}
	return l.docCountry(sents)
}

func (l *Lexicon) docCountry(sents [][]word) string {
	score := map[string]int{}
	first := map[string]int{}
	n := 0
	for _, ws := range sents {
		for i := 0; i < len(ws); i++ {
			if !ws[i].first {
				continue
			}
			ps := l.matches(ws, i, func(p *pattern) bool { return p.kind == pCountry || p.kind == pActor })
			if len(ps) == 0 {
				continue
			}
			// The longest match; a named actor wins ties ("Syrian Observatory").
			p := ps[0]
			for _, q := range ps[1:] {
				if len(q.words) == len(p.words) && q.kind == pActor {
					p = q
				}
			}
			iso, w := "", 0
			switch {
			case p.kind == pActor:
				e := l.actors[p.id]
				iso, w = e.Country, 1
				if e.Kind == "person" {
					if org, ok := l.org(e.For, ""); ok {
						iso = org.Country
					}
				}
			case p.form == formName:
				iso, w = l.countries[p.id].ISO3, 3
			case p.form == formCapital:
				iso, w = l.countries[p.id].ISO3, 2
			default:
				iso, w = l.countries[p.id].ISO3, 1
			}
			if iso != "" {
				if _, seen := first[iso]; !seen {
					first[iso] = n
				}
				n++
				score[iso] += w
			}
			i += len(p.words) - 1
		}
	}
	best, bestScore := "", 0
	for iso, sc := range score {
		if sc > bestScore || sc == bestScore && first[iso] < first[best] {
			best, bestScore = iso, sc
		}
	}
	return best
}

// result is one candidate reading at a position.
type result struct {
	m        Mention
	end      int // word index past the match
	inBounds bool
	prio     int  // named 3, country+agent 2, country 1, agent 0
	home     bool // a named actor of the document's country
	skip     bool // a stop phrase or a person outside their role: consumed, not reported
	to       string
}

func better(a, b result) bool {
	if a.end != b.end {
		return a.end > b.end
	}
	if a.inBounds != b.inBounds {
		return a.inBounds
	}
	if a.prio != b.prio {
		return a.prio > b.prio
	}
	if a.home != b.home {
		return a.home
	}
	return a.to > b.to
}

// matches returns the patterns of the given kinds that match at word i and
// end on a token boundary, longest first.
func (l *Lexicon) matches(ws []word, i int, want func(*pattern) bool) []*pattern {
	var out []*pattern
	for _, p := range l.index[ws[i].s] {
		n := len(p.words)
		if i+n > len(ws) || !ws[i+n-1].last || ws[i+n-1].glued || !want(p) {
			continue
		}
		ok := true
		for k := 1; k < n && ok; k++ {
			ok = ws[i+k].s == p.words[k] && ws[i+k].tok-ws[i+k-1].tok <= 2
		}
		for k := 0; k < n && ok && p.exact != nil; k++ {
			ok = ws[i+k].exact == p.exact[k] && !ws[i+k].shout
		}
		if ok {
			out = append(out, p)
		}
	}
	return out
}

func (l *Lexicon) best(toks []text.Token, ws []word, i int, date, home string) (result, bool) {
	var best result
	found := false
	consider := func(r result) {
		if !found || better(r, best) {
			best, found = r, true
		}
	}
	for _, p := range l.matches(ws, i, func(*pattern) bool { return true }) {
		end := i + len(p.words)
		switch p.kind {
		case pActor:
			e := l.actors[p.id]
			r := result{end: end, prio: 3, inBounds: inBounds(e.From, e.To, date), to: endOf(e.To), home: home != "" && e.Country == home}
			if e.Kind == "person" {
				// "President Vladimir Putin": the person's mention is the name
				// alone ("Vladimir Putin"), the title is read on its own.
				if l.titled(ws, i, end, e.Name) {
					continue
				}
				if !r.inBounds {
					// A person outside the role named ("Hafez al-Assad" in
					// 2018): consume the name so that no shorter alias of
					// someone else matches inside it.
					consider(result{end: end, prio: 3, skip: true, to: "0000"})
					continue
				}
				org, ok := l.org(e.For, date)
				if !ok {
					continue
				}
				r.m.Actor, r.m.Person = org, e.Name
				r.home = home != "" && org.Country == home
			} else {
				r.m.Actor = e.Actor
			}
			r.m.Head = l.tailHead(toks, ws, i, end, p.id)
			// A named actor followed by a role noun: "HTS terrorists",
			// "Assad regime forces" (a government's forces are its military).
			j := end
			if j < len(ws) && ws[j].first && ws[j].last && (ws[j].s == "s" && toks[ws[j].tok].Norm == "'s" || ws[j].s == "'") {
				j++ // "Hezbollah's fighters", "the Houthis' leader"
			}
			if cend, crole, head, ok := l.chain(toks, ws, j, true); ok && !personal(crole) {
				r.end, r.m.Head = cend, head
				if r.m.Actor.Kind == "state" && r.m.Actor.Country != "" && strings.HasPrefix(r.m.Actor.Name, "Government of") &&
					(crole == "military" || crole == "police") {
					r.m.Actor = l.roleActor(crole, r.m.Actor.Country)
				}
			}
			consider(r)
		case pCountry:
			c := l.countries[p.id]
			// Country word + optional 's + modifiers + role noun.
			if cend, crole, head, ok := l.countryAgent(toks, ws, end); ok {
				r := result{end: cend, prio: 2, inBounds: true, to: endOf("")}
				r.m.Actor = l.roleActor(crole, c.ISO3)
				r.m.Head, r.m.Generic = head, true
				consider(r)
			}
			// "Russian and Syrian warplanes", "Russian and regime warplanes":
			// the first country word shares the role noun of the second.
			if end+1 < len(ws) && ws[end].first && ws[end].last && (ws[end].s == "and" || ws[end].s == "or") && ws[end+1].first {
				k := end + 1
				var crole, head string
				ok := false
				for _, q := range l.matches(ws, k, func(q *pattern) bool { return q.kind == pCountry }) {
					if _, crole, head, ok = l.countryAgent(toks, ws, k+len(q.words)); ok {
						break
					}
				}
				if !ok {
					_, crole, head, ok = l.chain(toks, ws, k, false)
				}
				if ok && !personal(crole) {
					r := result{end: end, prio: 2, inBounds: true, to: endOf("")}
					r.m.Actor = l.roleActor(crole, c.ISO3)
					r.m.Head, r.m.Generic = head, true
					consider(r)
				}
			}
			if p.form == formPeople && l.roles["civilians"] != nil {
				// "killing 30 Palestinians"
				r := result{end: end, prio: 1, inBounds: true, to: endOf("")}
				r.m.Actor = l.roleActor("civilians", c.ISO3)
				r.m.Head, r.m.Generic = toks[ws[end-1].tok].Norm, true
				consider(r)
			}
			if p.form != formDemonym && p.form != formPeople {
				r := result{end: end, prio: 1, inBounds: true, to: endOf("")}
				if l.roles["government"] != nil {
					r.m.Actor = l.roleActor("government", c.ISO3)
				} else {
					r.m.Actor = Actor{Name: c.Name, Code: c.ISO3, Type: 1, Country: c.ISO3}
				}
				r.m.Actor.Kind = "country"
				r.m.Actor.Role = "country"
				if p.form == formCapital {
					r.m.Actor.Role = "capital"
				}
				consider(r)
			}
		case pStop:
			consider(result{end: end, prio: 4, inBounds: true, skip: true, to: endOf("")})
		case pAgent:
			if p.needCountry {
				continue
			}
			if cend, crole, head, ok := l.chain(toks, ws, i, false); ok {
				r := result{end: cend, prio: 0, inBounds: true, to: endOf("")}
				r.m.Actor = l.roleActor(crole, "")
				r.m.Head, r.m.Generic = head, true
				// "forces loyal to Khalifa Haftar", "fighters of HTS".
				if !personal(crole) {
					if a, person, oend, ok := l.ofActor(ws, cend, date); ok {
						r.end, r.prio, r.m.Generic, r.m.Person = oend, 3, false, person
						r.m.Actor = a
						if a.Kind == "state" && a.Country != "" && strings.HasPrefix(a.Name, "Government of") &&
							(crole == "military" || crole == "police") {
							r.m.Actor = l.roleActor(crole, a.Country)
						}
					}
				}
				consider(r)
			}
		}
	}
	return best, found
}

// countryAgent reads what may follow a country word: an optional
// possessive, up to two modifiers, then a chain of role nouns ("Syria's
// ambassador", "Syrian regular army", "Syrian air force jets").
func (l *Lexicon) countryAgent(toks []text.Token, ws []word, j int) (end int, role, head string, ok bool) {
	if j < len(ws) && ws[j].s == "s" && toks[ws[j].tok].Norm == "'s" {
		j++
	}
	for k := 0; k < 2 && j < len(ws) && ws[j].first; k++ {
		mods := l.matches(ws, j, func(q *pattern) bool { return q.kind == pModifier })
		if len(mods) == 0 {
			break
		}
		// A modifier that is also a role noun ("military") is read as one.
		if len(l.matches(ws, j, func(q *pattern) bool { return q.kind == pAgent })) > 0 {
			break
		}
		j += len(mods[0].words)
	}
	return l.chain(toks, ws, j, true)
}

// titleWords may open a person's alias ("President", "Brigadier General").
var titleWords = map[string]bool{
	"president": true, "prime": true, "minister": true, "general": true, "brigadier": true, "major": true,
	"colonel": true, "lieutenant": true, "field": true, "marshal": true, "secretary": true, "spokesman": true,
	"sheikh": true, "ayatollah": true, "grand": true, "senior": true, "king": true, "crown": true, "prince": true,
	"captain": true, "commander": true, "admiral": true, "rear": true, "emir": true, "sayyed": true,
	"supreme": true, "leader": true, "chancellor": true, "foreign": true, "defence": true, "defense": true,
	"interior": true, "state": true, "counsellor": true, "mr": true, "mrs": true, "dr": true, "gen": true,
	"col": true, "daw": true, "syrian": true, "russian": true, "ukrainian": true, "iraqi": true, "israeli": true,
}

// titled reports whether the person alias at [i,end) starts with title
// words followed by a shorter alias of the same person.
func (l *Lexicon) titled(ws []word, i, end int, name string) bool {
	for k := i + 1; k < end && titleWords[ws[k-1].s]; k++ {
		if !ws[k].first {
			continue
		}
		for _, p := range l.matches(ws, k, func(q *pattern) bool { return q.kind == pActor }) {
			if k+len(p.words) == end && l.actors[p.id].Kind == "person" && l.actors[p.id].Name == name {
				return true
			}
		}
	}
	return false
}

// ofActor reads "loyal to X" or "of (the) X" at word j, where X is a named
// actor or a person, and returns X's actor.
func (l *Lexicon) ofActor(ws []word, j int, date string) (a Actor, person string, end int, ok bool) {
	switch {
	case j+2 < len(ws) && ws[j].s == "loyal" && ws[j+1].s == "to":
		j += 2
	case j+1 < len(ws) && ws[j].s == "of":
		j++
	default:
		return Actor{}, "", 0, false
	}
	if j < len(ws) && ws[j].s == "the" && ws[j].first && ws[j].last {
		j++
	}
	if j >= len(ws) || !ws[j].first {
		return Actor{}, "", 0, false
	}
	for _, p := range l.matches(ws, j, func(q *pattern) bool { return q.kind == pActor }) {
		e := l.actors[p.id]
		if !inBounds(e.From, e.To, date) {
			continue
		}
		if e.Kind == "person" {
			org, found := l.org(e.For, date)
			if !found {
				continue
			}
			return org, e.Name, j + len(p.words), true
		}
		return e.Actor, "", j + len(p.words), true
	}
	return Actor{}, "", 0, false
}

// tailHead returns the role noun that ends a named match ("Saudi fighter
// jets" → "fighter jets", "Jaish al-Islam terrorists" → "terrorists"), or "".
func (l *Lexicon) tailHead(toks []text.Token, ws []word, i, end, id int) string {
	for k := i + 1; k < end; k++ {
		if !ws[k].first {
			continue
		}
		for _, p := range l.matches(ws, k, func(q *pattern) bool { return q.kind == pAgent }) {
			if k+len(p.words) == end && l.namesPrefix(ws, i, k, id, p.role) {
				var parts []string
				for t := ws[k].tok; t <= ws[end-1].tok; t++ {
					parts = append(parts, toks[t].Norm)
				}
				return strings.Join(parts, " ")
			}
		}
	}
	return ""
}

// namesPrefix reports whether words [i,k) are on their own a country word or
// a name of the actor of entry id, so that the role noun after them is a
// label ("Jaish al-Islam terrorists", "Saudi fighter jets") rather than part
// of a proper name ("Rapid Support Forces").
func (l *Lexicon) namesPrefix(ws []word, i, k, id int, role string) bool {
	if !ws[k-1].last {
		return false
	}
	if k-1 > i && ws[k-1].s == "s" && ws[k-1].first { // possessive: "Mali's military government"
		k--
	}
	name := l.actors[id].Name
	for _, p := range l.matches(ws, i, func(q *pattern) bool { return q.kind == pActor || q.kind == pCountry }) {
		if i+len(p.words) != k {
			continue
		}
		// After a name, only labels count: "Houthi rebels", but not
		// "Popular Mobilisation Forces".
		if p.kind == pCountry || l.actors[p.id].Name == name && !stateRoles[role] {
			return true
		}
	}
	return false
}

func isArticle(norm string) bool { return norm == "al" || norm == "el" }

// personal roles name other people than the actor before them ("Hamas
// supporters" are not Hamas fighters).
func personal(role string) bool {
	return role == "civilians" || role == "protesters" || role == "rioters"
}

// stateRoles may follow each other in a chain ("army officers", "government
// troops").
var stateRoles = map[string]bool{"military": true, "police": true, "government": true}

// chain reads up to three role nouns in a row from word j ("air force jets")
// and returns where they end, the role of the last one (the head) and the
// head as written. afterCountry allows terms marked "^".
func (l *Lexicon) chain(toks []text.Token, ws []word, j int, afterCountry bool) (end int, role, head string, ok bool) {
	end = j
	headStart := -1
	for k := 0; k < 3 && end < len(ws) && ws[end].first; k++ {
		var p *pattern
		for _, q := range l.matches(ws, end, func(q *pattern) bool { return q.kind == pAgent }) {
			if q.needCountry && !afterCountry && k == 0 {
				continue
			}
			if k > 0 && q.role != role && !(stateRoles[q.role] && stateRoles[role]) {
				continue
			}
			p = q
			break
		}
		if p == nil {
			break
		}
		headStart = end
		end += len(p.words)
		// "army spokesman", "military officials": the speaker belongs to the
		// force named first.
		if !(k > 0 && p.role == "government" && (role == "military" || role == "police")) {
			role = p.role
		}
		ok = true
	}
	if !ok {
		return j, "", "", false
	}
	// "military operation", "civilian areas": the role noun was an adjective.
	if end < len(ws) && ws[end].first {
		for _, q := range l.matches(ws, end, func(q *pattern) bool { return q.kind == pNoun }) {
			if q.role == "noun" || role == "civilians" {
				return j, "", "", false
			}
		}
	}
	var parts []string
	for t := ws[headStart].tok; t <= ws[end-1].tok; t++ {
		parts = append(parts, toks[t].Norm)
	}
	return end, role, strings.Join(parts, " "), true
}

// org resolves the organisation a person speaks for on date.
func (l *Lexicon) org(name, date string) (Actor, bool) {
	ids := l.canon[foldPhrase(name)]
	if len(ids) == 0 {
		return Actor{}, false
	}
	for _, i := range ids {
		if date != "" && inBounds(l.actors[i].From, l.actors[i].To, date) {
			return l.actors[i].Actor, true
		}
	}
	return l.actors[l.latest(ids)].Actor, true
}
