// Package lexicon holds sitrep's actor dictionary and finds actor mentions in
// tokenised articles.
//
// In: the three dictionary files of data/lexicon (actors.txt, agents.txt,
// countries.txt; formats in data/README.md), embedded in the binary, and a
// *text.Doc. Out: Mentions, each a whole-token span with the resolved Actor:
// named actors ("Hayat Tahrir al-Sham" from "HTS terrorists"), role nouns
// ("civilians", "warplanes") localised when a country word precedes them
// ("Russian jets" → "Military Forces of Russia"), and bare country names.
// Matching folds case, diacritics, apostrophes, hyphens and the Arabic
// article; acronyms (HTS, FSA) match case-sensitively. The package never
// reads files at run time beyond what its caller hands it, and a built
// Lexicon is immutable and safe for concurrent use.
package lexicon

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	lexicondata "github.com/sitrep/sitrep/data/lexicon"
)

// Actor is a resolved actor.
type Actor struct {
	Name    string   // canonical name ("Hayat Tahrir al-Sham", "Civilians (Syria)")
	Code    string   // CAMEO-style code ("SYRREBIMG", "SYRCVL")
	Type    int      // ACLED inter code 1..8
	Country string   // ISO3, "" when unknown or international
	Kind    string   // group, state, org, person, media; "agent" for role nouns, "country" for bare countries
	Role    string   // role nouns: civilians, military, police, government, rebels, ...; named state actors: military, police or government by code; bare countries: "country"/"capital"
	Aliases []string // other names (named actors only)
	From    string   // date bounds of the entry, "" when open
	To      string
}

// Lexicon is an indexed dictionary. Build one with Load or Build.
type Lexicon struct {
	dict      *Dict // the entries it was built from
	actors    []ActorEntry
	canon     map[string][]int // folded canonical name → non-person actor entries
	alias     map[string][]int // folded alias → non-person actor entries
	roles     map[string]*role
	countries []CountryEntry
	iso       map[string]int
	cword     map[string]int        // folded country name, alias or demonym → country
	cexact    map[string]int        // acronym aliases ("US", "UK", "DRC") as written
	local     map[string]Actor      // folded localised name → actor
	byRole    map[[2]string]Actor   // {role, iso3} → localised actor ("" iso3: bare)
	index     map[string][]*pattern // first word → patterns, longest first
}

type role struct {
	name, suffix, template string
	typ                    int
}

type patKind uint8

const (
	pAgent patKind = iota
	pCountry
	pActor
	pModifier
	pNoun // blocks a role noun before it
	pStop // never an actor: skipped whole ("Sadr City")
)

// Country forms.
const (
	formName uint8 = iota
	formDemonym
	formCapital
	formPeople // plural demonym: "Syrians"
)

type pattern struct {
	words       []string
	exact       []string // set for acronyms: the words as written
	kind        patKind
	id          int    // actor entry, country, or unused
	role        string // agents
	form        uint8  // countries
	needCountry bool   // agents written "^term"
}

var (
	loadOnce sync.Once
	loaded   *Lexicon
	loadErr  error
)

// Load returns the lexicon built from the embedded dictionaries. It parses
// them once; the result is shared and read-only.
func Load() (*Lexicon, error) {
	loadOnce.Do(func() {
		d := &Dict{}
		for _, f := range []struct{ name, kind string }{
			{"countries.txt", KindCountries}, {"agents.txt", KindAgents}, {"actors.txt", KindActors},
		} {
			b, err := lexicondata.FS.ReadFile(f.name)
			if err != nil {
				loadErr = fmt.Errorf("lexicon: %w", err)
				return
			}
			part, err := Parse(bytes.NewReader(b), f.kind)
			if err != nil {
				loadErr = fmt.Errorf("lexicon: %s: %w", f.name, err)
				return
			}
			d.Add(part)
		}
		loaded, loadErr = Build(d)
	})
	return loaded, loadErr
}

// LoadWith builds a lexicon from the embedded dictionaries plus extra files
// (a user's own actors, agents or countries); kinds[i] is the kind of
// extra[i].
func LoadWith(extra []io.Reader, kinds []string) (*Lexicon, error) {
	if len(extra) != len(kinds) {
		return nil, fmt.Errorf("lexicon: %d files but %d kinds", len(extra), len(kinds))
	}
	base, err := Load()
	if err != nil {
		return nil, err
	}
	d := &Dict{}
	d.Add(base.dict)
	for i, r := range extra {
		part, err := Parse(r, kinds[i])
		if err != nil {
			return nil, fmt.Errorf("lexicon: extra file %d: %w", i+1, err)
		}
		d.Add(part)
	}
	return Build(d)
}

// Build indexes parsed dictionaries.
func Build(d *Dict) (*Lexicon, error) {
	l := &Lexicon{
		canon: map[string][]int{}, alias: map[string][]int{}, roles: map[string]*role{},
		iso: map[string]int{}, cword: map[string]int{}, cexact: map[string]int{},
		local: map[string]Actor{}, index: map[string][]*pattern{}, byRole: map[[2]string]Actor{},
	}
	l.dict = &Dict{}
	l.dict.Add(d)
	for _, c := range d.Countries {
		if _, dup := l.iso[c.ISO3]; dup {
			return nil, fmt.Errorf("line %d: country %s listed twice", c.Line, c.ISO3)
		}
		i := len(l.countries)
		l.countries = append(l.countries, c)
		l.iso[c.ISO3] = i
		for _, f := range [][]string{{c.Name}, c.Aliases, c.Demonyms} {
			for _, w := range f {
				if isAcronym(w) {
					l.cexact[stripMarks(w)] = i
				} else if k := foldPhrase(w); k != "" {
					if _, taken := l.cword[k]; !taken {
						l.cword[k] = i
					}
				}
			}
		}
		l.add(c.Name, &pattern{kind: pCountry, id: i, form: formName})
		for _, a := range c.Aliases {
			l.add(a, &pattern{kind: pCountry, id: i, form: formName})
		}
		singular := map[string]bool{}
		for _, a := range c.Demonyms {
			singular[foldPhrase(a)] = true
		}
		for _, a := range c.Demonyms {
			form := formDemonym
			if k := foldPhrase(a); strings.HasSuffix(k, "s") && singular[strings.TrimSuffix(k, "s")] {
				form = formPeople
			}
			l.add(a, &pattern{kind: pCountry, id: i, form: form})
		}
		for _, a := range c.Capitals {
			l.add(a, &pattern{kind: pCountry, id: i, form: formCapital})
		}
	}
	for _, a := range d.Agents {
		kind := pAgent
		if a.Role == "modifier" {
			kind = pModifier
		} else if a.Role == "noun" || a.Role == "civnoun" {
			kind = pNoun
		} else if a.Role == "stop" {
			kind = pStop
		} else if r := l.roles[a.Role]; r == nil {
			l.roles[a.Role] = &role{name: a.Role, suffix: a.Suffix, template: a.Template, typ: a.Type}
		} else if r.template != a.Template || r.suffix != a.Suffix || r.typ != a.Type {
			return nil, fmt.Errorf("line %d: role %q defined twice with different templates", a.Line, a.Role)
		}
		for _, t := range a.Terms {
			need := strings.HasPrefix(t, "^")
			l.add(strings.TrimPrefix(t, "^"), &pattern{kind: kind, role: a.Role, needCountry: need})
		}
	}
	for _, r := range l.roles {
		l.byRole[[2]string{r.name, ""}] = l.localise(r, "")
		for _, c := range l.countries {
			a := l.localise(r, c.ISO3)
			l.byRole[[2]string{r.name, c.ISO3}] = a
			if _, taken := l.local[foldPhrase(a.Name)]; !taken {
				l.local[foldPhrase(a.Name)] = a
			}
		}
	}
	l.actors = make([]ActorEntry, len(d.Actors))
	copy(l.actors, d.Actors)
	for i := range l.actors {
		e := &l.actors[i]
		if e.Kind != "person" {
			k := foldPhrase(e.Name)
			l.canon[k] = append(l.canon[k], i)
		}
	}
	for i := range l.actors {
		e := &l.actors[i]
		if e.Kind == "person" {
			if len(l.canon[foldPhrase(e.For)]) == 0 {
				return nil, fmt.Errorf("line %d: person %q speaks for unknown actor %q", e.Line, e.Name, e.For)
			}
		} else {
			e.Actor.From, e.Actor.To = e.From, e.To
			shown := make([]string, len(e.Aliases))
			for j, a := range e.Aliases {
				shown[j] = strings.TrimPrefix(a, "=")
			}
			e.Actor.Aliases = shown
			e.Actor.Role = stateRole(e.Actor)
			for _, a := range e.Aliases {
				k := foldPhrase(a)
				l.alias[k] = append(l.alias[k], i)
			}
		}
		l.add(e.Name, &pattern{kind: pActor, id: i})
		for _, a := range d.Actors[i].Aliases { // as written, with "=" marks
			l.add(a, &pattern{kind: pActor, id: i})
		}
	}
	for _, ps := range l.index {
		sort.SliceStable(ps, func(i, j int) bool { return len(ps[i].words) > len(ps[j].words) })
	}
	return l, nil
}

// add indexes one phrase.
func (l *Lexicon) add(phrase string, p *pattern) {
	exact := strings.HasPrefix(phrase, "=") // "=Amnesty": match as written only
	phrase = strings.TrimPrefix(phrase, "=")
	ws := phraseWords(phrase)
	if len(ws) == 0 {
		return
	}
	p.words = make([]string, len(ws))
	for i, w := range ws {
		p.words[i] = w.s
	}
	if exact || isAcronym(phrase) {
		p.exact = make([]string, len(ws))
		for i, w := range ws {
			p.exact[i] = w.exact
		}
	}
	for _, q := range l.index[p.words[0]] {
		if q.kind == p.kind && q.id == p.id && q.role == p.role && q.form == p.form &&
			q.needCountry == p.needCountry && equal(q.words, p.words) && equal(q.exact, p.exact) {
			return // duplicate
		}
	}
	l.index[p.words[0]] = append(l.index[p.words[0]], p)
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// stateRole gives named state actors the role their code says, so that
// "Syrian Arab Army" (named) and "Syrian army" (role noun) both read as
// "military": codes ISO3 + MIL/COP/GOV.
func stateRole(a Actor) string {
	if a.Kind != "state" || len(a.Code) < 6 || a.Country == "" || a.Code[:3] != a.Country {
		return ""
	}
	switch a.Code[3:6] {
	case "MIL":
		return "military"
	case "COP":
		return "police"
	case "GOV":
		return "government"
	}
	return ""
}

// roleActor returns the prebuilt actor of a role, localised when iso3 is a
// known country.
func (l *Lexicon) roleActor(role, iso3 string) Actor {
	if a, ok := l.byRole[[2]string{role, iso3}]; ok {
		return a
	}
	return l.byRole[[2]string{role, ""}]
}

// localise fills a role template for a country.
func (l *Lexicon) localise(r *role, iso3 string) Actor {
	a := Actor{Code: r.suffix, Type: r.typ, Kind: "agent", Role: r.name}
	c, ok := l.iso[iso3]
	if !ok {
		a.Name = bareName(r.template)
		return a
	}
	ce := l.countries[c]
	adj := ce.Name
	if len(ce.Demonyms) > 0 {
		adj = ce.Demonyms[0]
	}
	t := r.template
	if ce.The {
		t = strings.ReplaceAll(t, " of {country}", " of the {country}")
	}
	a.Name = strings.ReplaceAll(strings.ReplaceAll(t, "{country}", ce.Name), "{adj}", adj)
	a.Code = iso3 + r.suffix
	a.Country = iso3
	return a
}

// bareName is a template without its country: "Civilians ({country})" →
// "Civilians", "Military Forces of {country}" → "Military Forces",
// "{adj} rebels" → "Rebels".
func bareName(t string) string {
	s := strings.NewReplacer(" ({country})", "", "({country})", "", " of {country}", "",
		"{adj} ", "", "{country} ", "", "{adj}", "", "{country}", "").Replace(t)
	s = strings.TrimSpace(s)
	if r, n := utf8.DecodeRuneInString(s); n > 0 {
		s = string(unicode.ToUpper(r)) + s[n:]
	}
	return s
}

// Localise fills a country-less role actor with a country: "Civilians" with
// "SYR" → "Civilians (Syria)", code "SYRCVL". Named actors, actors that
// already have a country, unknown countries and roles come back unchanged.
func (l *Lexicon) Localise(a Actor, iso3 string) Actor {
	if a.Country != "" || iso3 == "" || a.Kind != "agent" {
		return a
	}
	r := l.roles[a.Role]
	if r == nil {
		return a
	}
	if _, ok := l.iso[iso3]; !ok {
		return a
	}
	return l.roleActor(a.Role, iso3)
}

// Country maps a country name, alias or demonym, with or without a
// possessive, to its ISO3 code: "Syria", "Syrian", "Syria's" → "SYR".
func (l *Lexicon) Country(word string) (string, bool) {
	w := strings.TrimSpace(word)
	for _, suf := range []string{"'s", "’s", "'", "’"} {
		if strings.HasSuffix(w, suf) {
			w = strings.TrimSuffix(w, suf)
			break
		}
	}
	if i, ok := l.cexact[stripMarks(w)]; ok {
		return l.countries[i].ISO3, true
	}
	if i, ok := l.cword[foldPhrase(w)]; ok {
		return l.countries[i].ISO3, true
	}
	return "", false
}

// CountryName returns the name of a country ("SYR" → "Syria"), or "".
func (l *Lexicon) CountryName(iso3 string) string {
	if i, ok := l.iso[iso3]; ok {
		return l.countries[i].Name
	}
	return ""
}

// ByName finds an actor by its canonical name, then by alias, then as a
// localised role name ("Civilians (Syria)"). When several entries share the
// name, the most recent one wins.
func (l *Lexicon) ByName(name string) (Actor, bool) {
	k := foldPhrase(name)
	if k == "" {
		return Actor{}, false
	}
	if ids := l.canon[k]; len(ids) > 0 {
		return l.actors[l.latest(ids)].Actor, true
	}
	if a, ok := l.local[k]; ok {
		return a, true
	}
	if ids := l.alias[k]; len(ids) > 0 {
		return l.actors[l.latest(ids)].Actor, true
	}
	return Actor{}, false
}

// Actors returns every named actor entry (persons included), in file order.
func (l *Lexicon) Actors() []ActorEntry {
	out := make([]ActorEntry, len(l.actors))
	copy(out, l.actors)
	return out
}

func (l *Lexicon) latest(ids []int) int {
	best := ids[0]
	for _, i := range ids[1:] {
		if endOf(l.actors[i].To) > endOf(l.actors[best].To) {
			best = i
		}
	}
	return best
}

func endOf(to string) string {
	if to == "" {
		return "9999-12-31"
	}
	return upperDay(to)
}

func startOf(from string) string {
	if from == "" {
		return "0000-01-01"
	}
	return lowerDay(from)
}

// inBounds reports whether an entry's bounds overlap date ("" = any date).
func inBounds(from, to, date string) bool {
	if date == "" {
		return true
	}
	if len(date) > 10 {
		date = date[:10]
	}
	if !validDate(date) {
		return true
	}
	return startOf(from) <= upperDay(date) && lowerDay(date) <= endOf(to)
}
