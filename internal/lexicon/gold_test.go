package lexicon

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/internal/model"
	"github.com/sitrep/sitrep/internal/sharedtest"
	"github.com/sitrep/sitrep/internal/text"
)

// sharedDir finds ../shared next to the module root, or skips.
func sharedDir(t *testing.T) string {
	t.Helper()
	sharedtest.Require(t, "gold", "dev")
	return sharedtest.Require(t)
}

// goldKey approximates the scorer's name normalisation without importing it
// (eval sits above lexicon).
func goldKey(s string) string {
	k := foldPhrase(s)
	return strings.TrimPrefix(k, "the ")
}

// TestGoldCoverage checks the dictionary against the dev gold files: every
// canonical actor name the gold uses must be known to ByName, and for each
// gold actor list, Find on the article should produce a mention whose name or
// text is in the list (reported, not enforced: some need coreference).
func TestGoldCoverage(t *testing.T) {
	dir := sharedDir(t)
	files, err := filepath.Glob(filepath.Join(dir, "gold", "dev", "*.gold.json"))
	if err != nil || len(files) == 0 {
		t.Skip("no gold files")
	}
	l := mustLoad(t)
	lists, hit := 0, 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var g model.Gold
		if err := json.Unmarshal(b, &g); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		doc := text.Parse(g.Article.Text)
		ms := l.FindAt(doc, g.Article.Published)
		country := l.DocCountry(doc)
		have := map[string]bool{}
		for _, m := range ms {
			a := l.Localise(m.Actor, country)
			have[goldKey(a.Name)] = true
			have[goldKey(m.Span.Text)] = true
		}
		for _, e := range g.Events {
			for _, names := range [][]string{e.Actor1, e.Actor2} {
				if len(names) == 0 {
					continue
				}
				if _, ok := l.ByName(names[0]); !ok {
					t.Errorf("%s %s: gold canonical name %q unknown to the lexicon", filepath.Base(f), e.ID, names[0])
				}
				lists++
				found := false
				for _, n := range names {
					found = found || have[goldKey(n)]
				}
				if found {
					hit++
				} else {
					t.Logf("%s %s: no mention among %q", filepath.Base(f), e.ID, names)
				}
			}
		}
	}
	t.Logf("gold actor lists with a matching mention in their article: %d/%d", hit, lists)
}
