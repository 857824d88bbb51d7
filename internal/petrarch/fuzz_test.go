package petrarch

import (
	"strings"
	"testing"
)

func FuzzReadVerbs(f *testing.F) {
	f.Add(testVerbs)
	f.Add("--- X [01:02] ---\nA_+B {C_+D}\n- ( { * } ) [x]\n&S\n+&S\n")
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ReadVerbs(strings.NewReader(s))
		if err != nil {
			return
		}
		for _, b := range v.Blocks {
			for _, vb := range b.Verbs {
				if len(vb.Words) == 0 || vb.Head < 0 || vb.Head >= len(vb.Words) {
					t.Fatalf("bad verb %+v", vb)
				}
			}
			for _, p := range b.Patterns {
				if p.Code == "" {
					t.Fatalf("pattern without code %+v", p)
				}
			}
		}
	})
}

func FuzzReadActors(f *testing.F) {
	f.Add(testActors)
	f.Add("A [B 1-2]\n\t[C >] [D <x]\n+\n")
	f.Fuzz(func(t *testing.T, s string) {
		as, err := ReadActors(strings.NewReader(s))
		if err != nil {
			return
		}
		for _, a := range as {
			a.CodeOn(20200101)
			for _, p := range a.Phrases {
				if len(p) == 0 {
					t.Fatalf("empty phrase")
				}
			}
		}
	})
}

func FuzzReadAgents(f *testing.F) {
	f.Add(testAgents)
	f.Add("!A! = B, !A!\nX!A!Y {} [~Z]\n[~]\nQ {R [S~]\n")
	f.Fuzz(func(t *testing.T, s string) {
		as, err := ReadAgents(strings.NewReader(s))
		if err != nil {
			return
		}
		for _, a := range as {
			if a.Code == "" || len(a.Phrases) == 0 {
				t.Fatalf("bad agent %+v", a)
			}
		}
	})
}

func FuzzReadDiscards(f *testing.F) {
	f.Add(testDiscards)
	f.Fuzz(func(t *testing.T, s string) {
		ds, err := ReadDiscards(strings.NewReader(s))
		if err != nil {
			return
		}
		for _, d := range ds {
			if len(d.Words) == 0 {
				t.Fatalf("empty discard")
			}
		}
	})
}

func FuzzReadOntology(f *testing.F) {
	f.Add(testOntology)
	f.Add("1:-0xFFFF+0x2040+0x300#x\n2:0x\n3:--1\n")
	f.Fuzz(func(t *testing.T, s string) {
		o, err := ReadOntology(strings.NewReader(s))
		if err != nil {
			return
		}
		for c := range o.value {
			o.Negate(c)
		}
	})
}

func FuzzReadRecords(f *testing.F) {
	f.Add(testRecords)
	f.Add("<Sentence id=\"a\n<Text>x</Text><Text>\n<!--\n<Parse>\n</Sentence>")
	f.Fuzz(func(t *testing.T, s string) {
		rs, err := ReadRecords(strings.NewReader(s))
		if err != nil {
			return
		}
		coded := make([][]Event, len(rs.Records))
		per, total := Score(rs, coded)
		n := 0
		for _, p := range per {
			n += p.Records
		}
		if n != total.Records {
			t.Fatalf("categories sum to %d, total %d", n, total.Records)
		}
	})
}
