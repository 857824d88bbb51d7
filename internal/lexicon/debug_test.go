package lexicon

import (
	"fmt"
	"os"
	"testing"

	"github.com/sitrep/sitrep/internal/text"
)

func TestDebugPrint(t *testing.T) {
	s := os.Getenv("LEXDBG")
	if s == "" {
		t.Skip()
	}
	l := mustLoad(t)
	doc := text.Parse(s)
	c := l.DocCountry(doc)
	fmt.Println("doc country:", c)
	for _, m := range l.FindAt(doc, os.Getenv("LEXDATE")) {
		a := l.Localise(m.Actor, c)
		fmt.Printf("%-40q %-45s %-10s role=%-10s head=%q gen=%v person=%q\n", m.Span.Text, a.Name, a.Code, m.Actor.Role, m.Head, m.Generic, m.Person)
	}
}
