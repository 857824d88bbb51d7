package credibility

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/sitrep/sitrep/internal/model"
	"github.com/sitrep/sitrep/internal/sharedtest"
	"github.com/sitrep/sitrep/internal/text"
)

// sharedDir finds ../shared next to the repository root, or skips.
func sharedDir(t testing.TB) string {
	t.Helper()
	return sharedtest.Require(t)
}

func readGold(t testing.TB) []model.Gold {
	shared := sharedDir(t)
	files, _ := filepath.Glob(filepath.Join(shared, "gold", "dev", "*.gold.json"))
	if len(files) == 0 {
		t.Skip("no gold files under ../shared/gold/dev")
	}
	sort.Strings(files)
	var out []model.Gold
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var g model.Gold
		if err := json.Unmarshal(b, &g); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out = append(out, g)
	}
	return out
}

// TestGoldFlags runs the Analyzer over the gold dev articles and checks the
// three flags the eval command derives from the credibility block.
func TestGoldFlags(t *testing.T) {
	golds := readGold(t)
	a, err := NewWith(Config{NoUserRegistry: true})
	if err != nil {
		t.Fatal(err)
	}
	var prop, self, anon int
	for _, g := range golds {
		c := a.Analyze(Input{Doc: text.Parse(g.Article.Text), Article: g.Article})
		p := c.Score >= 0.5
		s := len(c.Sourcing.SelfCitations) > 0
		n := len(c.Sourcing.Anonymous) > 0
		if p == g.Credibility.Propaganda {
			prop++
		}
		if s == g.Credibility.SelfCitation {
			self++
		}
		if n == g.Credibility.AnonymousSourcing {
			anon++
		}
		t.Logf("%s: score %.3f (%q) propaganda %v/%v self %v/%v anon %v/%v", g.Article.ID, c.Score, c.Label,
			p, g.Credibility.Propaganda, s, g.Credibility.SelfCitation, n, g.Credibility.AnonymousSourcing)
		for _, e := range c.Explanation {
			t.Logf("    - %s", e)
		}
		for _, sp := range c.Sourcing.Anonymous {
			t.Logf("    anon %q", sp.Text)
		}
		for _, sp := range c.Sourcing.SelfCitations {
			t.Logf("    self %q", sp.Text)
		}
		for _, l := range c.Labels {
			t.Logf("    labels %s %v", l.Actor, l.Terms)
		}
	}
	t.Logf("propaganda %d/%d, self-citation %d/%d, anonymous %d/%d", prop, len(golds), self, len(golds), anon, len(golds))
	for _, c := range []struct {
		name      string
		got, want int
	}{{"propaganda", prop, 9}, {"self-citation", self, 9}, {"anonymous sourcing", anon, 9}} {
		if c.got < c.want {
			t.Errorf("%s flag right on %d of %d articles, want at least %d", c.name, c.got, len(golds), c.want)
		}
	}
}
