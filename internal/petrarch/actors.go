package petrarch

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// DatedCode is one actor code, valid between From and To (yyyymmdd,
// inclusive; 0 means open). A code without restriction has both zero and
// Dated false.
type DatedCode struct {
	Code     string
	From, To int
	Dated    bool
}

// Actor is one entry of a TABARI actor dictionary: every phrase that names
// it and its codes in file order.
type Actor struct {
	Phrases [][]string
	Codes   []DatedCode
}

// CodeOn returns the actor's code on a date (yyyymmdd): the first dated
// code whose restriction holds, else the first undated code. ok is false
// when no code applies.
func (a *Actor) CodeOn(date int) (string, bool) {
	for _, c := range a.Codes {
		if c.Dated && date > 0 && (c.From == 0 || date >= c.From) && (c.To == 0 || date <= c.To) {
			return c.Code, true
		}
	}
	for _, c := range a.Codes {
		if !c.Dated {
			return c.Code, true
		}
	}
	return "", false
}

// ReadActors reads a TABARI-format actor dictionary. Lines it cannot make
// sense of are skipped.
func ReadActors(r io.Reader) ([]*Actor, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<16), 1<<22)
	var (
		out []*Actor
		cur *Actor
		ct  commentTracker
	)
	for sc.Scan() {
		raw := sc.Text()
		if ct.skip(raw) {
			continue
		}
		line := stripComment(raw)
		if line == "" {
			continue
		}
		codes, rest := bracketCodes(line)
		switch {
		case strings.HasPrefix(rest, "+"):
			if cur != nil {
				if w := phraseWords(rest[1:]); w != nil {
					cur.Phrases = append(cur.Phrases, w)
				}
			}
		case rest == "":
			// a code line for the current actor
		default:
			cur = &Actor{}
			if w := phraseWords(rest); w != nil {
				cur.Phrases = append(cur.Phrases, w)
			}
			out = append(out, cur)
		}
		if cur != nil {
			for _, c := range codes {
				if dc, ok := parseDatedCode(c); ok {
					cur.Codes = append(cur.Codes, dc)
				}
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read actors: %w", err)
	}
	return out, nil
}

// parseDatedCode reads "CODE", "CODE <D", "CODE >D" or "CODE D1-D2".
func parseDatedCode(s string) (DatedCode, bool) {
	s = strings.TrimSpace(s)
	i := strings.IndexAny(s, " \t<>")
	if i < 0 {
		if s == "" || strings.ContainsAny(s, "0123456789") && strings.Trim(s, "0123456789-") == "" {
			return DatedCode{}, false
		}
		return DatedCode{Code: s}, true
	}
	code, restr := s[:i], strings.Join(strings.Fields(s[i:]), "")
	if code == "" {
		return DatedCode{}, false
	}
	dc := DatedCode{Code: code, Dated: true}
	switch {
	case restr == "":
		dc.Dated = false
	case restr[0] == '<':
		d, ok := parseDate(restr[1:])
		if !ok {
			return DatedCode{Code: code}, true
		}
		dc.To = d - 1
	case restr[0] == '>':
		d, ok := parseDate(restr[1:])
		if !ok {
			return DatedCode{Code: code}, true
		}
		dc.From = d + 1
	default:
		a, b, found := strings.Cut(restr, "-")
		da, ok1 := parseDate(a)
		db, ok2 := parseDate(b)
		if !found || !ok1 || !ok2 {
			return DatedCode{Code: code}, true
		}
		dc.From, dc.To = da, db
	}
	return dc, true
}

// parseDate reads yyyymmdd or yymmdd (years before 30 are 20yy).
func parseDate(s string) (int, bool) {
	s = strings.TrimSpace(s)
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, false
	}
	switch len(s) {
	case 8:
		return n, true
	case 6:
		if n/10000 < 30 {
			return 20000000 + n, true
		}
		return 19000000 + n, true
	}
	return 0, false
}

// Agent is one entry of an agent dictionary: its phrases (singular and
// plural) and its code; Prefix is true for "[CODE~]" entries, which go
// before the actor code instead of after it.
type Agent struct {
	Phrases [][]string
	Code    string
	Prefix  bool
}

// ReadAgents reads a TABARI/PETRARCH agent dictionary, expanding "!NAME!"
// substitutions and generating regular plurals unless the entry gives its
// own ("{...}", "{}" meaning none).
func ReadAgents(r io.Reader) ([]*Agent, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<16), 1<<22)
	subs := map[string][]string{}
	var (
		out []*Agent
		ct  commentTracker
	)
	for sc.Scan() {
		raw := sc.Text()
		if ct.skip(raw) {
			continue
		}
		line := stripComment(raw)
		if line == "" {
			continue
		}
		if strings.HasPrefix(line, "!") {
			if name, vals, ok := strings.Cut(line, "="); ok {
				name = strings.TrimSpace(name)
				var vs []string
				for _, v := range strings.Split(vals, ",") {
					if v = strings.TrimSpace(strings.ToUpper(v)); v != "" {
						vs = append(vs, v)
					}
				}
				subs[strings.ToUpper(name)] = vs
				continue
			}
		}
		codes, rest := bracketCodes(line)
		if len(codes) == 0 {
			continue
		}
		code := strings.Join(strings.Fields(codes[0]), "")
		a := &Agent{}
		switch {
		case strings.HasPrefix(code, "~"):
			a.Code = code[1:]
		case strings.HasSuffix(code, "~"):
			a.Code, a.Prefix = code[:len(code)-1], true
		default:
			a.Code = code
		}
		if a.Code == "" {
			continue
		}
		plurals, phrase, explicit := braces(rest)
		for _, p := range expandSubs(strings.ToUpper(phrase), subs) {
			w := phraseWords(p)
			if w == nil {
				continue
			}
			a.Phrases = append(a.Phrases, w)
			if !explicit {
				for _, pl := range plurals1(w[len(w)-1]) {
					pw := append(append([]string(nil), w[:len(w)-1]...), pl)
					a.Phrases = append(a.Phrases, pw)
				}
			}
		}
		if explicit {
			for _, p := range strings.Fields(plurals) {
				for _, q := range expandSubs(strings.ToUpper(strings.TrimPrefix(p, "+")), subs) {
					if w := phraseWords(q); w != nil {
						a.Phrases = append(a.Phrases, w)
					}
				}
			}
		}
		if len(a.Phrases) > 0 {
			out = append(out, a)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read agents: %w", err)
	}
	return out, nil
}

// expandSubs replaces every "!NAME!" by each of its values. Values are
// inserted as they are (never expanded again) and at most maxExpansions
// phrases are produced.
func expandSubs(p string, subs map[string][]string) []string {
	const maxExpansions = 64
	i := strings.Index(p, "!")
	if i < 0 {
		return []string{p}
	}
	j := strings.Index(p[i+1:], "!")
	if j < 0 {
		return []string{strings.ReplaceAll(p, "!", "")}
	}
	name, rest := p[i:i+j+2], p[i+j+2:]
	vals, ok := subs[name]
	if !ok {
		vals = []string{""}
	}
	var out []string
	for _, tail := range expandSubs(rest, subs) {
		for _, v := range vals {
			if len(out) == maxExpansions {
				return out
			}
			out = append(out, p[:i]+v+tail)
		}
	}
	return out
}

// plurals1 returns the regular plural forms of an upper-case noun.
func plurals1(w string) []string {
	switch {
	case strings.HasSuffix(w, "MAN"):
		return []string{w[:len(w)-3] + "MEN"}
	case strings.HasSuffix(w, "Y") && len(w) > 1 && !strings.ContainsRune("AEIOU", rune(w[len(w)-2])):
		return []string{w[:len(w)-1] + "IES"}
	case strings.HasSuffix(w, "S"), strings.HasSuffix(w, "X"), strings.HasSuffix(w, "Z"),
		strings.HasSuffix(w, "CH"), strings.HasSuffix(w, "SH"):
		return []string{w + "ES"}
	}
	return []string{w + "S"}
}

// Discards lists phrases whose presence discards a sentence (Story false)
// or a whole story (Story true).
type Discard struct {
	Words []string
	Story bool
}

// ReadDiscards reads a discard list.
func ReadDiscards(r io.Reader) ([]Discard, error) {
	sc := bufio.NewScanner(r)
	var (
		out []Discard
		ct  commentTracker
	)
	for sc.Scan() {
		raw := sc.Text()
		if ct.skip(raw) {
			continue
		}
		line := stripComment(raw)
		if line == "" {
			continue
		}
		_, line = bracketCodes(line)
		story := strings.HasPrefix(line, "+")
		if w := phraseWords(strings.TrimPrefix(line, "+")); w != nil {
			out = append(out, Discard{Words: w, Story: story})
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read discards: %w", err)
	}
	return out, nil
}
