package lexicon

import (
	"bytes"
	"strings"
	"testing"

	lexicondata "github.com/sitrep/sitrep/data/lexicon"
	"github.com/sitrep/sitrep/data/samples"
	"github.com/sitrep/sitrep/internal/text"
)

// fuzzParse checks that Parse never panics, that errors name a line, and that
// whatever parses also builds and matches.
func fuzzParse(f *testing.F, kind, file string, seeds ...string) {
	b, err := lexicondata.FS.ReadFile(file)
	if err != nil {
		f.Fatal(err)
	}
	lines := strings.Split(string(b), "\n")
	for i := 0; i < len(lines); i += 37 {
		f.Add(lines[i])
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		d, err := Parse(strings.NewReader(in), kind)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "line ") {
				t.Fatalf("Parse(%q): error %q does not name a line", in, err)
			}
			return
		}
		l, err := Build(d)
		if err != nil {
			return // e.g. a person for an unknown organisation
		}
		doc := text.Parse(in + " " + strings.ReplaceAll(in, "|", " "))
		for _, m := range l.Find(doc) {
			if m.Span.Start < 0 || m.Span.End > len(doc.Runes) || m.Span.Start >= m.Span.End {
				t.Fatalf("Find on %q: bad span %+v", in, m.Span)
			}
		}
	})
}

func FuzzParseActors(f *testing.F) {
	fuzzParse(f, KindActors, "actors.txt",
		"X | C | 2 | SYR | group | A; B; =Cc | 2019..2020",
		"P | | | | person | Q | 2019-01-01.. | X",
		"Hay'at | | 1 | | org | al-Sham; al Sham; - ; ;;",
		"\xff | x | 1 | | org")
}

func FuzzParseAgents(f *testing.F) {
	fuzzParse(f, KindAgents, "agents.txt",
		"civilians; ^people | civilians | CVL | 7 | Civilians ({country})",
		"elite | modifier | | |",
		"a-b; 'c | r | X | 1 | {adj} r")
}

func FuzzParseCountries(f *testing.F) {
	fuzzParse(f, KindCountries, "countries.txt",
		"Syria | SYR | Syrian Arab Republic | Syrian; Syrians | Damascus",
		"X | XXX",
		"Côte d'Ivoire | CIV | ; ; | Ivorian |")
}

// BenchmarkFind runs Find over the longest demo article (about 400 words).
func BenchmarkFind(b *testing.B) {
	l := mustLoad(b)
	as, err := samples.Articles()
	if err != nil {
		b.Fatal(err)
	}
	longest := as[0].Text
	for _, a := range as {
		if len(a.Text) > len(longest) {
			longest = a.Text
		}
	}
	doc := text.Parse(longest)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		l.Find(doc)
	}
}

// BenchmarkLoad measures building the lexicon from the embedded files.
func BenchmarkLoad(b *testing.B) {
	d := &Dict{}
	for _, f := range []struct{ name, kind string }{
		{"countries.txt", KindCountries}, {"agents.txt", KindAgents}, {"actors.txt", KindActors},
	} {
		raw, err := lexicondata.FS.ReadFile(f.name)
		if err != nil {
			b.Fatal(err)
		}
		part, err := Parse(bytes.NewReader(raw), f.kind)
		if err != nil {
			b.Fatal(err)
		}
		d.Add(part)
	}
	for b.Loop() {
		if _, err := Build(d); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzFind runs the matcher over arbitrary text: no panic, spans inside the
// text and equal to the tokens they cover, mentions in order and disjoint.
func FuzzFind(f *testing.F) {
	for _, s := range []string{
		"HTS terrorists shelled Syria's al Qaeda positions near Umm Jalal.",
		"Russian and Syrian warplanes; the U.S.-backed SDF; al-",
		"Al Al al- al-al ' 's -- Hay'at Tahrir al-Sham's fighters of",
		"Sudan's military rulers and forces loyal to",
	} {
		f.Add(s)
	}
	l, err := Load()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, in string) {
		doc := text.Parse(in)
		prevSent, prevEnd := -1, -1
		for _, m := range l.FindAt(doc, "2019-06-03") {
			toks := doc.Sentences[m.Sent].Tokens
			if m.TokStart < 0 || m.TokEnd > len(toks) || m.TokStart >= m.TokEnd {
				t.Fatalf("bad token range %d..%d", m.TokStart, m.TokEnd)
			}
			if m.Span.Start != toks[m.TokStart].Start || m.Span.End != toks[m.TokEnd-1].End || m.Span.Text != doc.Slice(m.Span.Start, m.Span.End) {
				t.Fatalf("span %+v does not match its tokens", m.Span)
			}
			if m.Sent == prevSent && m.TokStart < prevEnd {
				t.Fatalf("overlapping mentions at token %d", m.TokStart)
			}
			prevSent, prevEnd = m.Sent, m.TokEnd
			if m.Actor.Name == "" {
				t.Fatalf("mention %q without an actor name", m.Span.Text)
			}
		}
	})
}
