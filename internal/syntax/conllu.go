package syntax

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Row is one line of a CoNLL-U sentence: a word ("3"), a multiword token
// ("3-4") or an empty node ("3.1"). Head is -1 when the column is "_".
type Row struct {
	ID     string
	Form   string
	Lemma  string
	UPOS   string
	XPOS   string
	Feats  string
	Head   int
	Deprel string
	Deps   string
	Misc   string
}

// IsWord reports whether the row is a syntactic word (integer ID).
func (r Row) IsWord() bool {
	return !strings.ContainsAny(r.ID, "-.")
}

// IsMultiword reports whether the row is a multiword token range ("3-4").
func (r Row) IsMultiword() bool { return strings.Contains(r.ID, "-") }

// Sentence is one CoNLL-U sentence: its comment lines (without the leading
// "#") in order and its rows.
type Sentence struct {
	Comments []string
	Rows     []Row
}

// Words returns the syntactic words, skipping multiword tokens and empty
// nodes, in order; Head indexes this slice 1-based.
func (s *Sentence) Words() []Row {
	out := make([]Row, 0, len(s.Rows))
	for _, r := range s.Rows {
		if r.IsWord() {
			out = append(out, r)
		}
	}
	return out
}

// Comment returns the value of a "# key = value" comment, or "".
func (s *Sentence) Comment(key string) string {
	for _, c := range s.Comments {
		c = strings.TrimSpace(c)
		k, v, ok := strings.Cut(c, "=")
		if ok && strings.TrimSpace(k) == key {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// ReadCoNLLU reads all sentences of a CoNLL-U stream.
func ReadCoNLLU(r io.Reader) ([]Sentence, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<16), 1<<24)
	var out []Sentence
	var cur Sentence
	line := 0
	flush := func() {
		if len(cur.Rows) > 0 || len(cur.Comments) > 0 {
			out = append(out, cur)
		}
		cur = Sentence{}
	}
	for sc.Scan() {
		line++
		l := strings.TrimRight(sc.Text(), "\r")
		switch {
		case strings.TrimSpace(l) == "":
			flush()
		case strings.HasPrefix(l, "#"):
			if len(cur.Rows) > 0 {
				return nil, fmt.Errorf("line %d: comment inside a sentence", line)
			}
			cur.Comments = append(cur.Comments, l[1:])
		default:
			row, err := parseRow(l)
			if err != nil {
				return nil, fmt.Errorf("line %d: %w", line, err)
			}
			cur.Rows = append(cur.Rows, row)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read conllu: %w", err)
	}
	flush()
	return out, nil
}

func parseRow(l string) (Row, error) {
	f := strings.Split(l, "\t")
	if len(f) != 10 {
		return Row{}, fmt.Errorf("want 10 tab-separated columns, got %d", len(f))
	}
	for i, c := range f {
		if c == "" {
			return Row{}, fmt.Errorf("column %d is empty", i+1)
		}
	}
	if !validID(f[0]) {
		return Row{}, fmt.Errorf("bad id %q", f[0])
	}
	r := Row{ID: f[0], Form: f[1], Lemma: f[2], UPOS: f[3], XPOS: f[4], Feats: f[5], Head: -1,
		Deprel: f[7], Deps: f[8], Misc: f[9]}
	if f[6] != "_" {
		h, err := strconv.Atoi(f[6])
		if err != nil || h < 0 || strconv.Itoa(h) != f[6] {
			return Row{}, fmt.Errorf("bad head %q", f[6])
		}
		r.Head = h
	}
	return r, nil
}

func validID(id string) bool {
	isNum := func(s string) bool {
		if s == "" || (len(s) > 1 && s[0] == '0') || len(s) > 6 {
			return false
		}
		for _, c := range s {
			if c < '0' || c > '9' {
				return false
			}
		}
		return true
	}
	if a, b, ok := strings.Cut(id, "-"); ok {
		return isNum(a) && isNum(b)
	}
	if a, b, ok := strings.Cut(id, "."); ok {
		return isNum(a) && isNum(b)
	}
	return isNum(id)
}

// WriteCoNLLU writes sentences in CoNLL-U format, each followed by a blank line.
func WriteCoNLLU(w io.Writer, sents []Sentence) error {
	bw := bufio.NewWriter(w)
	for _, s := range sents {
		for _, c := range s.Comments {
			bw.WriteString("#")
			bw.WriteString(c)
			bw.WriteByte('\n')
		}
		for _, r := range s.Rows {
			head := "_"
			if r.Head >= 0 {
				head = strconv.Itoa(r.Head)
			}
			cols := [10]string{r.ID, r.Form, r.Lemma, r.UPOS, r.XPOS, r.Feats, head, r.Deprel, r.Deps, r.Misc}
			for i, c := range cols {
				if i > 0 {
					bw.WriteByte('\t')
				}
				if c == "" {
					c = "_"
				}
				bw.WriteString(c)
			}
			bw.WriteByte('\n')
		}
		bw.WriteByte('\n')
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write conllu: %w", err)
	}
	return nil
}
