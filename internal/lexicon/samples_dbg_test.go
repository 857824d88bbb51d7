package lexicon

import (
	"encoding/json"
	"fmt"
	"github.com/sitrep/sitrep/internal/model"
	"os"
	"path/filepath"
	"testing"

	"github.com/sitrep/sitrep/data/samples"
	"github.com/sitrep/sitrep/internal/text"
)

func TestDebugSamples(t *testing.T) {
	if os.Getenv("LEXDBG") == "" {
		t.Skip()
	}
	l := mustLoad(t)
	as, _ := samples.Articles()
	for _, a := range as {
		doc := text.Parse(a.Text)
		c := l.DocCountry(doc)
		fmt.Println("==", a.ID, c)
		for _, m := range l.FindAt(doc, a.Published) {
			ac := l.Localise(m.Actor, c)
			fmt.Printf("%-36q %-42s %-9s role=%-10s head=%q person=%q\n", m.Span.Text, ac.Name, ac.Code, m.Actor.Role, m.Head, m.Person)
		}
	}
}

func TestDebugGold(t *testing.T) {
	if os.Getenv("LEXGOLD") == "" {
		t.Skip()
	}
	l := mustLoad(t)
	files, _ := filepath.Glob(os.Getenv("LEXGOLD"))
	for _, f := range files {
		b, _ := os.ReadFile(f)
		var g model.Gold
		json.Unmarshal(b, &g)
		doc := text.Parse(g.Article.Text)
		c := l.DocCountry(doc)
		fmt.Println("==", filepath.Base(f), c)
		for _, m := range l.FindAt(doc, g.Article.Published) {
			ac := l.Localise(m.Actor, c)
			fmt.Printf("%-36q %-42s %-9s role=%-10s head=%q person=%q\n", m.Span.Text, ac.Name, ac.Code, m.Actor.Role, m.Head, m.Person)
		}
	}
}
