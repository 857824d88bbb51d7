// Package samples embeds the demo articles that `sitrep demo` analyses: four
// short articles written by the sitrep project (fictional events in real
// places, in the styles conflict reporting comes in: a wire report, a
// monitor's bulletin, a one-sided statement, a Sahel report). Each file is a
// spec §1 Article in JSON. They are demo input, never evaluation data.
package samples

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"sort"

	"github.com/sitrep/sitrep/internal/model"
)

//go:embed *.json
var files embed.FS

// Articles returns the sample articles, ordered by file name.
func Articles() ([]model.Article, error) {
	names, err := fs.Glob(files, "*.json")
	if err != nil {
		return nil, fmt.Errorf("samples: %w", err)
	}
	sort.Strings(names)
	out := make([]model.Article, 0, len(names))
	for _, n := range names {
		b, err := files.ReadFile(n)
		if err != nil {
			return nil, fmt.Errorf("samples: %s: %w", n, err)
		}
		var a model.Article
		if err := json.Unmarshal(b, &a); err != nil {
			return nil, fmt.Errorf("samples: %s: %w", n, err)
		}
		if a.ID == "" || a.Text == "" {
			return nil, fmt.Errorf("samples: %s: missing id or text", n)
		}
		out = append(out, a)
	}
	return out, nil
}
