package coder

import (
	"bufio"
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/sitrep/sitrep/internal/text"
)

// Trigger is one phrase of the trigger dictionary.
type Trigger struct {
	Family string
	Code   string
	Words  []string // folded words; "_" is a gap of up to three tokens
	Phrase string
}

// ParseTriggers reads the trigger dictionary format documented at the top of
// data/coder/triggers.txt. Errors name the line.
func ParseTriggers(b []byte) ([]Trigger, error) {
	var out []Trigger
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		s := sc.Text()
		if i := strings.IndexByte(s, '#'); i >= 0 {
			s = s[:i]
		}
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		parts := strings.Split(s, "|")
		if len(parts) != 3 {
			return nil, fmt.Errorf("line %d: want 3 |-separated fields, got %d", line, len(parts))
		}
		fam := strings.TrimSpace(parts[0])
		code := strings.TrimSpace(parts[1])
		if fam == "" {
			return nil, fmt.Errorf("line %d: empty family", line)
		}
		if len(code) < 2 || len(code) > 4 || strings.Trim(code, "0123456789") != "" {
			return nil, fmt.Errorf("line %d: CAMEO code %q is not 2-4 digits", line, code)
		}
		for _, ph := range strings.Split(parts[2], ";") {
			ph = strings.TrimSpace(ph)
			if ph == "" {
				continue
			}
			words := strings.Fields(text.Fold(ph))
			if words[0] == "_" || words[len(words)-1] == "_" {
				return nil, fmt.Errorf("line %d: phrase %q may not start or end with a gap", line, ph)
			}
			out = append(out, Trigger{Family: fam, Code: code, Words: words, Phrase: ph})
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("line %d: %w", line, err)
	}
	return out, nil
}

// triggerIndex finds trigger phrases in token sequences.
type triggerIndex struct {
	byFirst map[string][]Trigger
}

func newTriggerIndex(ts []Trigger) *triggerIndex {
	ix := &triggerIndex{byFirst: map[string][]Trigger{}}
	for _, t := range ts {
		ix.byFirst[t.Words[0]] = append(ix.byFirst[t.Words[0]], t)
	}
	for k, v := range ix.byFirst {
		sort.SliceStable(v, func(i, j int) bool { return len(v[i].Words) > len(v[j].Words) })
		ix.byFirst[k] = v
	}
	return ix
}

// maxGap is how many tokens a "_" in a phrase may stand for.
const maxGap = 5

// hit is one trigger found in a sentence: tokens [start, end).
type hit struct {
	Trigger
	start, end int
}

// find returns the non-overlapping trigger hits of a sentence, left to right,
// longest phrase first at each position.
func (ix *triggerIndex) find(toks []text.Token) []hit {
	var out []hit
	for i := 0; i < len(toks); i++ {
		for _, t := range ix.byFirst[toks[i].Norm] {
			if end, ok := matchAt(toks, i, t.Words); ok {
				out = append(out, hit{Trigger: t, start: i, end: end})
				i = end - 1
				break
			}
		}
	}
	return out
}

func matchAt(toks []text.Token, i int, words []string) (int, bool) {
	j := i
	for w := 0; w < len(words); w++ {
		if words[w] == "_" {
			next := words[w+1]
			found := false
			for k := j; k < len(toks) && k <= j+maxGap; k++ {
				if toks[k].Norm == next {
					j = k
					found = true
					break
				}
			}
			if !found {
				return 0, false
			}
			continue
		}
		if j >= len(toks) || toks[j].Norm != words[w] {
			return 0, false
		}
		j++
	}
	return j, true
}
