package eval

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/sitrep/sitrep/internal/model"
)

// ReadPredictionsFile reads a JSON lines file of model.Analysis (the output
// of `sitrep analyze`), keyed by article_id.
func ReadPredictionsFile(path string) (map[string]model.Analysis, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read predictions: %w", err)
	}
	defer f.Close()
	return ReadPredictions(f, path)
}

// ReadPredictions reads JSON lines of model.Analysis from r, keyed by
// article_id; name labels errors ("name:line: reason"). Blank lines are
// skipped; a bad line, a line without article_id or an article_id given twice
// is an error.
func ReadPredictions(r io.Reader, name string) (map[string]model.Analysis, error) {
	preds := map[string]model.Analysis{}
	firstLine := map[string]int{}
	br := bufio.NewReader(r)
	for n := 1; ; n++ {
		line, err := br.ReadBytes('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s:%d: %w", name, n, err)
		}
		if trimmed := bytes.TrimSpace(line); len(trimmed) > 0 {
			var an model.Analysis
			if uerr := json.Unmarshal(trimmed, &an); uerr != nil {
				return nil, fmt.Errorf("%s:%d: %w", name, n, uerr)
			}
			if an.ArticleID == "" {
				return nil, fmt.Errorf("%s:%d: missing article_id", name, n)
			}
			if prev, ok := firstLine[an.ArticleID]; ok {
				return nil, fmt.Errorf("%s:%d: article_id %q already given on line %d", name, n, an.ArticleID, prev)
			}
			firstLine[an.ArticleID] = n
			preds[an.ArticleID] = an
		}
		if err != nil { // io.EOF
			return preds, nil
		}
	}
}
