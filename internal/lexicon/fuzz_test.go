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
