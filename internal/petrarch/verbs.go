package petrarch

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// Verbs is a PETRARCH-2 verb dictionary.
type Verbs struct {
	Synsets map[string][][]string // "&NAME" → member phrases (members may name other synsets)
	Blocks  []*VerbBlock
}

// VerbBlock is one "--- NAME [code] ---" block: its verbs and patterns.
type VerbBlock struct {
	Name     string
	Code     string
	Verbs    []*Verb
	Patterns []*Pattern
}

// Verb is one verb of a block. Words holds the words of a multi-word verb
// ("BREAK DOWN"); Head is the index of the inflected word in Words. Forms
// are the irregular forms given for the head word (whole phrases for
// multi-word verbs). Code, when set, overrides the block code.
type Verb struct {
	Words []string
	Head  int
	Forms [][]string
	Code  string
	Block *VerbBlock
}

// PItem is one element of a pattern.
type PItem struct {
	Kind byte   // 'w' word, 's' synset, '$' source, '+' target, '^' skip, '%' compound, '*' verb
	Text string // the word or synset name
	// Group numbers the "{...}" or "(...)" group the item belongs to (0 none);
	// Paren is true for "(...)" groups (prepositional phrases).
	Group int
	Paren bool
}

// Pattern is one "- ... * ... [code]" line.
type Pattern struct {
	Pre, Post []PItem // before and after the verb, in text order
	Code      string  // "---" is the null code; "" with Code2 set ("[:b]") codes the reciprocal event only
	Code2     string  // second code of "[a:b]" (reciprocal event), else ""
	Compound  bool    // the pattern starts with "%"
	Line      int
}

// ReadVerbs reads a verb dictionary.
func ReadVerbs(r io.Reader) (*Verbs, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<16), 1<<22)
	v := &Verbs{Synsets: map[string][][]string{}}
	var (
		block   *VerbBlock
		synset  string
		lineNo  int
		inVerbs bool
		ct      commentTracker
	)
	for sc.Scan() {
		lineNo++
		raw := sc.Text()
		if strings.Contains(raw, "VERB PATTERNS") {
			inVerbs, synset = true, ""
			continue
		}
		if ct.skip(raw) {
			continue
		}
		line := stripComment(raw)
		if line == "" {
			continue
		}
		switch {
		case strings.HasPrefix(line, "---"):
			inVerbs, synset = true, ""
			inner := strings.Trim(line, "- \t")
			codes, name := bracketCodes(inner)
			block = &VerbBlock{Name: strings.ToUpper(strings.TrimSpace(name))}
			if len(codes) > 0 {
				block.Code = normCode(codes[0])
			}
			v.Blocks = append(v.Blocks, block)
		case !inVerbs && strings.HasPrefix(line, "&"):
			synset = strings.ToUpper(strings.Fields(line)[0])
			if _, ok := v.Synsets[synset]; !ok {
				v.Synsets[synset] = nil
			}
		case !inVerbs && strings.HasPrefix(line, "+"):
			if synset != "" {
				if w := patternPhrase(line[1:]); w != nil {
					v.Synsets[synset] = append(v.Synsets[synset], w)
				}
			}
		case block == nil:
		case strings.HasPrefix(line, "-") || strings.HasPrefix(line, "*"):
			if p := parsePattern(strings.TrimPrefix(line, "-"), lineNo); p != nil {
				block.Patterns = append(block.Patterns, p)
			}
		default:
			if vb := parseVerb(line); vb != nil {
				vb.Block = block
				block.Verbs = append(block.Verbs, vb)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read verbs: %w", err)
	}
	return v, nil
}

// patternPhrase reads a synset member: words, parentheses dropped.
func patternPhrase(s string) []string {
	s = strings.NewReplacer("(", " ", ")", " ", "{", " ", "}", " ").Replace(s)
	return phraseWords(s)
}

func normCode(c string) string {
	return strings.Join(strings.Fields(c), "")
}

// parseVerb reads "WORD {FORMS} [CODE]", "+GO_BY {+WENT_BY ...}" or
// "WIRE_+TAP {...}".
func parseVerb(line string) *Verb {
	codes, rest := bracketCodes(line)
	forms, rest, _ := braces(rest)
	words, head := verbWords(rest)
	if words == nil {
		return nil
	}
	vb := &Verb{Words: words, Head: head}
	if len(codes) > 0 {
		vb.Code = normCode(codes[0])
	}
	for _, f := range strings.Fields(forms) {
		if fw, _ := verbWords(f); fw != nil {
			vb.Forms = append(vb.Forms, fw)
		}
	}
	return vb
}

// verbWords splits a verb phrase and finds the word marked with "+" (the
// first word when none is marked).
func verbWords(s string) ([]string, int) {
	s = strings.ReplaceAll(s, "_", " ")
	f := strings.Fields(strings.ToUpper(s))
	head := 0
	for i, w := range f {
		if strings.HasPrefix(w, "+") {
			head = i
			f[i] = strings.TrimPrefix(w, "+")
		}
	}
	var out []string
	for i, w := range f {
		if w == "" {
			if i < head {
				head--
			}
			continue
		}
		out = append(out, w)
	}
	if len(out) == 0 {
		return nil, 0
	}
	if head >= len(out) {
		head = 0
	}
	return out, head
}

// parsePattern reads the part of a pattern line after the leading "-".
func parsePattern(s string, lineNo int) *Pattern {
	codes, rest := bracketCodes(s)
	if len(codes) == 0 {
		return nil
	}
	p := &Pattern{Line: lineNo}
	c := normCode(codes[0])
	if a, b, ok := strings.Cut(c, ":"); ok {
		p.Code, p.Code2 = a, b
	} else {
		p.Code = c
	}
	if p.Code == "" && p.Code2 == "" {
		return nil
	}
	rest = strings.NewReplacer("(", " ( ", ")", " ) ", "{", " { ", "}", " } ").Replace(rest)
	var (
		group, ngroups int
		paren, seenV   bool
	)
	for _, t := range strings.Fields(strings.ToUpper(rest)) {
		switch t {
		case "(", "{":
			ngroups++
			group, paren = ngroups, t == "("
			continue
		case ")", "}":
			group, paren = 0, false
			continue
		}
		var it PItem
		switch t {
		case "*":
			seenV = true
			continue
		case "$", "+", "^", "%":
			it = PItem{Kind: t[0]}
			if t == "%" && !seenV && len(p.Pre) == 0 {
				p.Compound = true
				continue
			}
		default:
			if strings.HasPrefix(t, "&") {
				it = PItem{Kind: 's', Text: t}
			} else {
				w := strings.Trim(strings.ReplaceAll(t, "_", " "), " ")
				if w == "" {
					continue
				}
				for _, x := range strings.Fields(w) {
					wi := PItem{Kind: 'w', Text: x, Group: group, Paren: paren}
					if seenV {
						p.Post = append(p.Post, wi)
					} else {
						p.Pre = append(p.Pre, wi)
					}
				}
				continue
			}
		}
		it.Group, it.Paren = group, paren
		if seenV {
			p.Post = append(p.Post, it)
		} else {
			p.Pre = append(p.Pre, it)
		}
	}
	if !seenV {
		return nil
	}
	return p
}
