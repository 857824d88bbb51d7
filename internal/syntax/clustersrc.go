package syntax

import (
	"bufio"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/sitrep/sitrep/internal/text"
)

// ClusterFiles is a ClusterSource over files and directories: *.txt files
// are read as running text (split into sentences and tokens by the text
// package), *.conllu files give their sentences' word forms, and WordNet
// data files (data.noun, data.verb, data.adj, data.adv) give the glosses
// and examples of their synsets. Directories are walked in lexical order.
func ClusterFiles(paths []string) (ClusterSource, error) {
	var files []string
	for _, p := range paths {
		err := filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && clusterFileKind(path) != "" {
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("clusters: %w", err)
		}
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("clusters: no .txt, .conllu or WordNet data files under %s", strings.Join(paths, ", "))
	}
	slices.Sort(files)
	files = slices.Compact(files) // a file named and also inside a named directory
	return func(yield func([]string)) error {
		for _, f := range files {
			if err := readClusterFile(f, yield); err != nil {
				return err
			}
		}
		return nil
	}, nil
}

func clusterFileKind(path string) string {
	base := filepath.Base(path)
	switch {
	case strings.HasSuffix(base, ".txt"):
		return "text"
	case strings.HasSuffix(base, ".conllu"):
		return "conllu"
	case base == "data.noun" || base == "data.verb" || base == "data.adj" || base == "data.adv":
		return "wordnet"
	}
	return ""
}

func readClusterFile(path string, yield func([]string)) error {
	var forms []string
	yieldText := func(s string) {
		d := text.Parse(s)
		for _, sent := range d.Sentences {
			forms = forms[:0]
			for _, t := range sent.Tokens {
				forms = append(forms, t.Text)
			}
			yield(forms)
		}
	}
	switch clusterFileKind(path) {
	case "text":
		b, err := os.ReadFile(path)
		if err != nil {
			return fmt.Errorf("clusters: %w", err)
		}
		yieldText(string(b))
	case "conllu":
		f, err := os.Open(path)
		if err != nil {
			return fmt.Errorf("clusters: %w", err)
		}
		defer f.Close()
		sents, err := ReadCoNLLU(f)
		if err != nil {
			return fmt.Errorf("clusters: %s: %w", path, err)
		}
		for _, s := range sents {
			forms = forms[:0]
			for _, w := range s.Words() {
				forms = append(forms, w.Form)
			}
			yield(forms)
		}
	case "wordnet":
		f, err := os.Open(path)
		if err != nil {
			return fmt.Errorf("clusters: %w", err)
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<16), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			if strings.HasPrefix(line, "  ") {
				continue // licence header
			}
			if i := strings.Index(line, " | "); i >= 0 {
				for _, part := range strings.Split(line[i+3:], "; ") {
					yieldText(strings.Trim(strings.TrimSpace(part), `"`))
				}
			}
		}
		if err := sc.Err(); err != nil {
			return fmt.Errorf("clusters: %s: %w", path, err)
		}
	}
	return nil
}
