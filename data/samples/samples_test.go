package samples

import (
	"strings"
	"testing"
	"time"
)

func TestArticles(t *testing.T) {
	as, err := Articles()
	if err != nil {
		t.Fatalf("Articles: %v", err)
	}
	if len(as) != 4 {
		t.Fatalf("Articles: got %d, want 4", len(as))
	}
	seen := map[string]bool{}
	for _, a := range as {
		if seen[a.ID] {
			t.Errorf("%s: duplicate id", a.ID)
		}
		seen[a.ID] = true
		if _, err := time.Parse("2006-01-02", a.Published); err != nil {
			t.Errorf("%s: published %q: %v", a.ID, a.Published, err)
		}
		if a.Title == "" || a.Source == "" || a.URL == "" {
			t.Errorf("%s: missing title, source or url", a.ID)
		}
		if n := len(strings.Fields(a.Text)); n < 250 || n > 450 {
			t.Errorf("%s: %d words, want 250..450", a.ID, n)
		}
	}
}
