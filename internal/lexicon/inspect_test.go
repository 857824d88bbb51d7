package lexicon

// Inspection helpers for dictionary authors; they print mentions and are
// skipped unless asked for:
//
//	LEXDBG="Russian jets struck Idlib." [LEXDATE=2018-07-06] go test ./internal/lexicon -run Inspect/text -v
//	LEXSAMPLES=1 go test ./internal/lexicon -run Inspect/samples -v
//	LEXGOLD='../shared/gold/dev/*.gold.json' go test ./internal/lexicon -run Inspect/gold -v

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/sitrep/sitrep/data/samples"
	"github.com/sitrep/sitrep/internal/model"
	"github.com/sitrep/sitrep/internal/text"
)

func TestInspect(t *testing.T) {
	l := mustLoad(t)
	show := func(name, body, date string) {
		doc := text.Parse(body)
		c := l.DocCountry(doc)
		fmt.Println("==", name, c)
		for _, m := range l.FindAt(doc, date) {
			a := l.Localise(m.Actor, c)
			fmt.Printf("%-40q %-45s %-10s role=%-10s head=%q generic=%v person=%q\n", m.Span.Text, a.Name, a.Code, m.Actor.Role, m.Head, m.Generic, m.Person)
		}
	}
	t.Run("text", func(t *testing.T) {
		s := os.Getenv("LEXDBG")
		if s == "" {
			t.Skip("set LEXDBG to a text")
		}
		show("text", s, os.Getenv("LEXDATE"))
	})
	t.Run("samples", func(t *testing.T) {
		if os.Getenv("LEXSAMPLES") == "" {
			t.Skip("set LEXSAMPLES=1")
		}
		as, err := samples.Articles()
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range as {
			show(a.ID, a.Text, a.Published)
		}
	})
	t.Run("gold", func(t *testing.T) {
		if os.Getenv("LEXGOLD") == "" {
			t.Skip("set LEXGOLD to a glob of gold files")
		}
		files, _ := filepath.Glob(os.Getenv("LEXGOLD"))
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var g model.Gold
			if err := json.Unmarshal(b, &g); err != nil {
				t.Fatal(err)
			}
			show(filepath.Base(f), g.Article.Text, g.Article.Published)
		}
	})
}
