package lexicon

import (
	"fmt"
	"os"
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
