package petrarch

import (
	"strings"
)

// stripComment removes a trailing "# ..." comment and an inline
// "<!-- ... -->" comment and trims the line.
func stripComment(line string) string {
	if i := strings.Index(line, "#"); i >= 0 {
		line = line[:i]
	}
	for {
		i := strings.Index(line, "<!--")
		if i < 0 {
			break
		}
		j := strings.Index(line[i:], "-->")
		if j < 0 {
			line = line[:i]
			break
		}
		line = line[:i] + line[i+j+3:]
	}
	return strings.TrimSpace(line)
}

// commentTracker skips multi-line "<!-- ... -->" blocks.
type commentTracker struct{ in bool }

// skip reports whether the raw line belongs to a comment block and must be
// ignored, updating the state.
func (c *commentTracker) skip(raw string) bool {
	t := strings.TrimSpace(raw)
	if c.in {
		if strings.Contains(t, "-->") {
			c.in = false
		}
		return true
	}
	if strings.HasPrefix(t, "<!") {
		if !strings.Contains(t, "-->") {
			c.in = true
		}
		return true
	}
	return false
}

// phraseWords turns a dictionary phrase ("NEW_ZEALAND", "CARAS GALADHON",
// "ARNOR_") into upper-case words. Trailing underscores (TABARI's "exact
// match" marks) are dropped: all matching is on whole words.
func phraseWords(p string) []string {
	p = strings.Map(func(r rune) rune {
		if r == '_' {
			return ' '
		}
		return r
	}, p)
	f := strings.Fields(strings.ToUpper(p))
	if len(f) == 0 {
		return nil
	}
	return f
}

// bracketCodes returns the contents of every "[...]" in s and s with them
// removed.
func bracketCodes(s string) (codes []string, rest string) {
	var b strings.Builder
	for {
		i := strings.Index(s, "[")
		if i < 0 {
			b.WriteString(s)
			break
		}
		j := strings.Index(s[i:], "]")
		if j < 0 {
			b.WriteString(s[:i])
			break
		}
		b.WriteString(s[:i])
		codes = append(codes, strings.TrimSpace(s[i+1:i+j]))
		s = s[i+j+1:]
	}
	return codes, strings.TrimSpace(b.String())
}

// braces returns the contents of the first "{...}" in s and s without it;
// ok reports whether braces were present.
func braces(s string) (inner, rest string, ok bool) {
	i := strings.Index(s, "{")
	if i < 0 {
		return "", s, false
	}
	j := strings.Index(s[i:], "}")
	if j < 0 {
		return strings.TrimSpace(s[i+1:]), strings.TrimSpace(s[:i]), true
	}
	return strings.TrimSpace(s[i+1 : i+j]), strings.TrimSpace(s[:i] + " " + s[i+j+1:]), true
}
