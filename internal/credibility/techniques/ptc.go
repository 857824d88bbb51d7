package techniques

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/sitrep/sitrep/internal/text"
)

// Label is one annotated (or predicted) span of the corpus.
type Label struct {
	Article    string
	Technique  string // "" for span identification labels
	Start, End int    // rune offsets, end exclusive
}

// Article is one corpus article with its labels.
type Article struct {
	ID   string
	Text string
	Doc  *text.Doc
	SI   []Label // span identification labels
	TC   []Label // technique classification labels
}

// ReadCorpus reads a directory in the PTC layout (SemEval-2020 task 11):
// articles/article<ID>.txt, labels-si/article<ID>.task-si.labels with
// "ID\tstart\tend" lines and labels-tc/article<ID>.task-flc-tc.labels with
// "ID\ttechnique\tstart\tend" lines. labels-si and labels-tc may also be
// single files holding the lines of every article, and either may be
// missing. Offsets count Unicode code points.
func ReadCorpus(dir string) ([]Article, error) {
	files, err := filepath.Glob(filepath.Join(dir, "articles", "article*.txt"))
	if err != nil {
		return nil, fmt.Errorf("read corpus: %w", err)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("read corpus: no articles/article*.txt under %s", dir)
	}
	sort.Strings(files)
	byID := map[string]*Article{}
	arts := make([]Article, len(files))
	for i, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("read corpus: %w", err)
		}
		id := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(f), "article"), ".txt")
		arts[i] = Article{ID: id, Text: string(b)}
	}
	for i := range arts {
		byID[arts[i].ID] = &arts[i]
	}
	for _, kind := range []string{"labels-si", "labels-tc"} {
		p := filepath.Join(dir, kind)
		st, err := os.Stat(p)
		if err != nil {
			continue
		}
		var paths []string
		if st.IsDir() {
			paths, _ = filepath.Glob(filepath.Join(p, "*"))
			sort.Strings(paths)
		} else {
			paths = []string{p}
		}
		for _, lp := range paths {
			labels, err := readLabels(lp, kind == "labels-tc")
			if err != nil {
				return nil, err
			}
			for _, l := range labels {
				a, ok := byID[l.Article]
				if !ok {
					continue
				}
				if kind == "labels-tc" {
					a.TC = append(a.TC, l)
				} else {
					a.SI = append(a.SI, l)
				}
			}
		}
	}
	for i := range arts {
		arts[i].Doc = text.Parse(arts[i].Text)
		if len(arts[i].SI) == 0 {
			for _, l := range arts[i].TC {
				arts[i].SI = append(arts[i].SI, Label{Article: l.Article, Start: l.Start, End: l.End})
			}
		}
	}
	return arts, nil
}

func readLabels(path string, withTechnique bool) ([]Label, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read labels: %w", err)
	}
	defer f.Close()
	out, err := ParseLabels(bufio.NewScanner(f), withTechnique)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return out, nil
}

// ParseLabels reads label lines: "ID\tstart\tend" or, withTechnique,
// "ID\ttechnique\tstart\tend". Blank lines are skipped.
func ParseLabels(sc *bufio.Scanner, withTechnique bool) ([]Label, error) {
	var out []Label
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		f := strings.Split(line, "\t")
		want := 3
		if withTechnique {
			want = 4
		}
		if len(f) < want {
			return nil, fmt.Errorf("line %d: want %d tab-separated fields, got %d", n, want, len(f))
		}
		l := Label{Article: f[0]}
		k := 1
		if withTechnique {
			l.Technique = f[1]
			k = 2
		}
		s, err1 := strconv.Atoi(strings.TrimSpace(f[k]))
		e, err2 := strconv.Atoi(strings.TrimSpace(f[k+1]))
		if err1 != nil || err2 != nil || s < 0 || e < s {
			return nil, fmt.Errorf("line %d: bad offsets %q %q", n, f[k], f[k+1])
		}
		l.Start, l.End = s, e
		out = append(out, l)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return out, nil
}
