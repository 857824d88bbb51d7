package lexicon

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
)

// File kinds accepted by Parse.
const (
	KindActors    = "actors"
	KindAgents    = "agents"
	KindCountries = "countries"
)

// Actor kinds in actors.txt.
var actorKinds = map[string]bool{"group": true, "state": true, "org": true, "person": true, "media": true}

// specialRoles in agents.txt are word lists, not actors: "modifier" words may
// stand between a country word and a role noun; "noun" and "civnoun" words
// after a role noun show it was an adjective ("military operation"); "stop"
// phrases are never actors ("Sadr City") and are skipped whole.
var specialRoles = map[string]bool{"modifier": true, "noun": true, "civnoun": true, "stop": true}

// ActorEntry is one line of actors.txt.
type ActorEntry struct {
	Actor
	From, To string // date bounds, "" when open; YYYY, YYYY-MM or YYYY-MM-DD
	// For names the organisation a person leads or speaks for (kind person);
	// a mention of the person resolves to that actor.
	For  string
	Line int
}

// AgentEntry is one line of agents.txt: role nouns and the template actor
// they stand for.
type AgentEntry struct {
	Terms    []string // as written; a leading "^" means "only after a country word"
	Role     string   // civilians, military, police, government, rebels, ...
	Suffix   string   // code suffix: CVL, MIL, ...
	Type     int      // ACLED inter code; 0 for the modifier role
	Template string   // "Civilians ({country})", "Military Forces of {country}", "{adj} rebels"
	Line     int
}

// CountryEntry is one line of countries.txt.
type CountryEntry struct {
	Name     string
	The      bool // the name takes "the" after "of" ("Government of the United States")
	ISO3     string
	Aliases  []string
	Demonyms []string
	Capitals []string
	Line     int
}

// Dict is the parsed content of dictionary files, before indexing.
type Dict struct {
	Actors    []ActorEntry
	Agents    []AgentEntry
	Countries []CountryEntry
}

// Add appends the entries of o to d.
func (d *Dict) Add(o *Dict) {
	d.Actors = append(d.Actors, o.Actors...)
	d.Agents = append(d.Agents, o.Agents...)
	d.Countries = append(d.Countries, o.Countries...)
}

// Parse reads one dictionary file of the given kind ("actors", "agents",
// "countries"). Lines are "|"-separated fields; blank lines and lines starting
// with "#" are skipped. Errors name the line number.
func Parse(r io.Reader, kind string) (*Dict, error) {
	var parse func(fields []string, line int, d *Dict) error
	switch kind {
	case KindActors:
		parse = parseActor
	case KindAgents:
		parse = parseAgent
	case KindCountries:
		parse = parseCountry
	default:
		return nil, fmt.Errorf("unknown dictionary kind %q", kind)
	}
	d := &Dict{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\uFEFF"))
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if !validText(line) {
			return nil, fmt.Errorf("line %d: invalid UTF-8 or control character", n)
		}
		fields := strings.Split(line, "|")
		for i := range fields {
			fields[i] = strings.TrimSpace(fields[i])
		}
		if err := parse(fields, n, d); err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("line %d: %w", n+1, err)
	}
	return d, nil
}

func validText(s string) bool {
	for _, r := range s {
		if r == unicode.ReplacementChar || unicode.IsControl(r) && r != '\t' {
			return false
		}
	}
	return true
}

// list splits a ";"-separated field, dropping empty items.
func list(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func hasWord(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) })
}

func parseType(s string, allowZero bool) (int, error) {
	if s == "" && allowZero {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 8 {
		return 0, fmt.Errorf("inter type %q: want 1..8", s)
	}
	return n, nil
}

func parseISO(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	if len(s) != 3 || strings.ToUpper(s) != s || !strings.ContainsFunc(s, unicode.IsUpper) {
		return "", fmt.Errorf("country %q: want an ISO 3166 alpha-3 code", s)
	}
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return "", fmt.Errorf("country %q: want an ISO 3166 alpha-3 code", s)
		}
	}
	return s, nil
}

// parseActor: name | code | type | country | kind | aliases | from..to | for
func parseActor(f []string, line int, d *Dict) error {
	if len(f) < 5 || len(f) > 8 {
		return fmt.Errorf("want 5 to 8 fields (name | code | type | country | kind | aliases | from..to | for), got %d", len(f))
	}
	for len(f) < 8 {
		f = append(f, "")
	}
	e := ActorEntry{Line: line}
	e.Name, e.Code, e.Kind, e.For = f[0], f[1], f[4], f[7]
	if !hasWord(e.Name) {
		return fmt.Errorf("empty actor name")
	}
	if !actorKinds[e.Kind] {
		return fmt.Errorf("kind %q: want group, state, org, person or media", e.Kind)
	}
	person := e.Kind == "person"
	if person && e.For == "" {
		return fmt.Errorf("person %q: the last field must name the organisation", e.Name)
	}
	if !person && e.For != "" {
		return fmt.Errorf("only a person has an organisation field")
	}
	var err error
	if e.Type, err = parseType(f[2], person); err != nil {
		return err
	}
	if e.Country, err = parseISO(f[3]); err != nil {
		return err
	}
	if strings.ContainsFunc(e.Code, unicode.IsSpace) {
		return fmt.Errorf("code %q has spaces", e.Code)
	}
	for _, a := range list(f[5]) {
		if hasWord(a) {
			e.Aliases = append(e.Aliases, a)
		}
	}
	if e.From, e.To, err = parseBounds(f[6]); err != nil {
		return err
	}
	d.Actors = append(d.Actors, e)
	return nil
}

// parseBounds reads "from..to", "from..", "..to" or a single year.
func parseBounds(s string) (from, to string, err error) {
	if s == "" {
		return "", "", nil
	}
	from, to, ok := strings.Cut(s, "..")
	if !ok {
		from, to = s, s
	}
	from, to = strings.TrimSpace(from), strings.TrimSpace(to)
	for _, x := range []string{from, to} {
		if x != "" && !validDate(x) {
			return "", "", fmt.Errorf("date bound %q: want YYYY, YYYY-MM or YYYY-MM-DD", x)
		}
	}
	if from != "" && to != "" && lowerDay(from) > upperDay(to) {
		return "", "", fmt.Errorf("date bounds %q: start after end", s)
	}
	return from, to, nil
}

func validDate(s string) bool {
	if len(s) != 4 && len(s) != 7 && len(s) != 10 {
		return false
	}
	for i, r := range s {
		if i == 4 || i == 7 {
			if r != '-' {
				return false
			}
		} else if r < '0' || r > '9' {
			return false
		}
	}
	if len(s) >= 7 {
		m, _ := strconv.Atoi(s[5:7])
		if m < 1 || m > 12 {
			return false
		}
	}
	if len(s) == 10 {
		dd, _ := strconv.Atoi(s[8:10])
		if dd < 1 || dd > 31 {
			return false
		}
	}
	return true
}

// lowerDay and upperDay widen a partial date to the first and last day it
// covers, as comparable strings.
func lowerDay(s string) string {
	switch len(s) {
	case 4:
		return s + "-01-01"
	case 7:
		return s + "-01"
	}
	return s
}

func upperDay(s string) string {
	switch len(s) {
	case 4:
		return s + "-12-31"
	case 7:
		return s + "-31"
	}
	return s
}

// parseAgent: terms | role | code suffix | type | template
func parseAgent(f []string, line int, d *Dict) error {
	if len(f) != 5 {
		return fmt.Errorf("want 5 fields (terms | role | code suffix | type | template), got %d", len(f))
	}
	e := AgentEntry{Role: f[1], Suffix: f[2], Template: f[4], Line: line}
	for _, t := range list(f[0]) {
		if hasWord(t) {
			e.Terms = append(e.Terms, t)
		}
	}
	if len(e.Terms) == 0 {
		return fmt.Errorf("no terms")
	}
	if !hasWord(e.Role) || strings.ContainsFunc(e.Role, unicode.IsSpace) {
		return fmt.Errorf("role %q: want one word", e.Role)
	}
	modifier := specialRoles[e.Role]
	var err error
	if e.Type, err = parseType(f[3], modifier); err != nil {
		return err
	}
	if !modifier {
		if !strings.Contains(e.Template, "{country}") && !strings.Contains(e.Template, "{adj}") {
			return fmt.Errorf("template %q: want {country} or {adj}", e.Template)
		}
		if e.Suffix == "" || strings.ContainsFunc(e.Suffix, unicode.IsSpace) {
			return fmt.Errorf("code suffix %q: want one word", e.Suffix)
		}
	}
	d.Agents = append(d.Agents, e)
	return nil
}

// parseCountry: name | ISO3 | aliases | demonyms | capitals
func parseCountry(f []string, line int, d *Dict) error {
	if len(f) < 2 || len(f) > 5 {
		return fmt.Errorf("want 2 to 5 fields (name | ISO3 | aliases | demonyms | capitals), got %d", len(f))
	}
	for len(f) < 5 {
		f = append(f, "")
	}
	e := CountryEntry{Name: f[0], Line: line}
	if len(e.Name) > 4 && strings.EqualFold(e.Name[:4], "the ") {
		e.Name, e.The = strings.TrimSpace(e.Name[4:]), true
	}
	if !hasWord(e.Name) {
		return fmt.Errorf("empty country name")
	}
	var err error
	if e.ISO3, err = parseISO(f[1]); err != nil {
		return err
	}
	if e.ISO3 == "" {
		return fmt.Errorf("country %q has no ISO3 code", e.Name)
	}
	keep := func(s string) []string {
		var out []string
		for _, a := range list(s) {
			if hasWord(a) {
				out = append(out, a)
			}
		}
		return out
	}
	e.Aliases, e.Demonyms, e.Capitals = keep(f[2]), keep(f[3]), keep(f[4])
	d.Countries = append(d.Countries, e)
	return nil
}
