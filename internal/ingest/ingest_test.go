package ingest

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/model"
)

// result is one yielded pair, reduced for comparison.
type result struct {
	ID, Title, Source, Published, Language string
	Text                                   string // a substring the text must contain
	Err                                    string // a substring the error must contain; "" = no error
}

func collect(t *testing.T, path string, opt Options) []result {
	t.Helper()
	var got []result
	for a, err := range ReadPath(context.Background(), path, opt) {
		got = append(got, toResult(a, err))
	}
	return got
}

func toResult(a model.Article, err error) result {
	r := result{ID: a.ID, Title: a.Title, Source: a.Source, Published: a.Published, Language: a.Language, Text: a.Text}
	if err != nil {
		r = result{ID: a.ID, Err: err.Error()}
	}
	return r
}

func check(t *testing.T, name string, got, want []result) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: got %d results, want %d:\n%+v", name, len(got), len(want), got)
	}
	for i := range want {
		g, w := got[i], want[i]
		switch {
		case w.Err != "":
			if g.Err == "" || !strings.Contains(g.Err, w.Err) {
				t.Errorf("%s #%d: got error %q, want one containing %q", name, i, g.Err, w.Err)
			}
		case g.Err != "":
			t.Errorf("%s #%d: got error %q, want none", name, i, g.Err)
		default:
			if g.ID != w.ID || g.Title != w.Title || g.Source != w.Source || g.Published != w.Published || g.Language != w.Language {
				t.Errorf("%s #%d: got %+v, want %+v", name, i, g, w)
			}
			if !strings.Contains(g.Text, w.Text) {
				t.Errorf("%s #%d: got text %q, want it to contain %q", name, i, g.Text, w.Text)
			}
		}
	}
}

func TestReadPath(t *testing.T) {
	defaults := Options{Defaults: model.Article{Published: "2018-07-06", URL: "https://www.smmsyria.com/x"}}
	tests := []struct {
		name string
		path string
		opt  Options
		want []result
	}{
		{"txt", "testdata/strike.txt", Options{}, []result{{ID: "strike", Text: "killing at least seven people"}}},
		{"txt with defaults", "testdata/strike.txt", defaults, []result{{ID: "strike", Source: "smmsyria.com",
			Published: "2018-07-06", Text: "rescue teams"}}},
		{"txt with explicit source", "testdata/strike.txt", Options{Defaults: model.Article{Source: "Monitor", URL: "http://x.org/"}},
			[]result{{ID: "strike", Source: "Monitor", Text: "Warplanes"}}},
		{"html", "testdata/page.html", Options{}, []result{{ID: "page", Title: "Shelling hits Example town | Example News",
			Published: "2021-03-04T08:30:00Z", Language: "en", Text: "wounding twelve civilians"}}},
		{"html defaults win", "testdata/page.html", defaults, []result{{ID: "page", Title: "Shelling hits Example town | Example News",
			Source: "smmsyria.com", Published: "2018-07-06", Language: "en", Text: "Neither claim could be independently verified."}}},
		{"json", "testdata/article.json", Options{}, []result{{ID: "json-article", Title: "Clashes near the border",
			Source: "example.org", Published: "2020-05-01T12:00:00+02:00", Text: "Fighting broke out"}}},
		{"gold file", "testdata/gold-like.json", Options{}, []result{{ID: "gold-article", Source: "example.net",
			Published: "2019-11-28", Text: "Protesters gathered"}}},
		{"empty", "testdata/empty.txt", Options{}, []result{{Err: "testdata/empty.txt: empty file"}}},
		{"blank", "testdata/blank.txt", Options{}, []result{{Err: "testdata/blank.txt: empty file"}}},
		{"absent", "testdata/absent.txt", Options{}, []result{{Err: "no such file"}}},
		{"jsonl", "testdata/articles.jsonl", Options{}, []result{
			{ID: "a1", Source: "news.example.com", Published: "2022-01-27", Text: "Rebels attacked a checkpoint."},
			{ID: "a2", Title: "Air raid", Source: "example.net", Text: "Jets bombed a bridge."},
			{Err: "testdata/articles.jsonl:4: invalid JSON"},
			{Err: `testdata/articles.jsonl:5: missing field "id"`},
			{Err: `testdata/articles.jsonl:6: article "a5": missing field "text" (or "html")`},
			{Err: `testdata/articles.jsonl:7: article "a6": field "published": "July 6, 2018" is neither YYYY-MM-DD nor RFC 3339`},
			{Err: `testdata/articles.jsonl:8: field "id": want string, got number`},
			{Err: "testdata/articles.jsonl:9: not a JSON object"},
			{ID: "a9", Text: "last one, no newline at end"},
		}},
		{"directory", "testdata/dir", Options{}, []result{
			{ID: "a", Title: "Shelling hits Example town | Example News", Published: "2021-03-04T08:30:00Z", Language: "en",
				Text: "wounding twelve civilians"},
			{ID: "b", Text: "Second file in the directory."},
			{ID: "c1", Text: "From a sub-directory."},
			{ID: "c2", Text: "Another one."},
		}},
		{"bad published default", "testdata/strike.txt", Options{Defaults: model.Article{Published: "yesterday"}},
			[]result{{Err: `testdata/strike.txt: field "published": "yesterday"`}}},
	}
	for _, tt := range tests {
		check(t, tt.name, collect(t, tt.path, tt.opt), tt.want)
	}
}

func TestReadPathHTMLText(t *testing.T) {
	got := collect(t, "testdata/page.html", Options{})
	if len(got) != 1 {
		t.Fatalf("got %d articles, want 1", len(got))
	}
	for _, junk := range []string{"Subscribe now", "Copyright", "tracking", "Celebrity weds"} {
		if strings.Contains(got[0].Text, junk) {
			t.Errorf("extracted text contains clutter %q:\n%s", junk, got[0].Text)
		}
	}
	if !strings.Contains(got[0].Text, "civilians, according to the regional health office, which said two of the wounded were children.\n\nGovernment forces") {
		t.Errorf("got text %q, want paragraphs separated by a blank line", got[0].Text)
	}
}

func TestReadStdin(t *testing.T) {
	tests := []struct {
		name  string
		input string
		opt   Options
		want  []result
	}{
		{"plain text", "  Troops entered the city.\n", Options{}, []result{{ID: "stdin", Text: "Troops entered the city."}}},
		{"plain text, id from defaults", "Troops entered the city.", Options{Defaults: model.Article{ID: "mine", Source: "x.org"}},
			[]result{{ID: "mine", Source: "x.org", Text: "Troops entered the city."}}},
		{"json lines", "\n {\"id\":\"s1\",\"text\":\"One.\"}\n{\"id\":\"s2\",\"text\":\"Two.\"}\n", Options{},
			[]result{{ID: "s1", Text: "One."}, {ID: "s2", Text: "Two."}}},
		{"bad json line", "{\"id\":\"s1\",\"text\":\"One.\"}\n{oops}\n", Options{},
			[]result{{ID: "s1", Text: "One."}, {Err: "stdin:2: invalid JSON"}}},
		{"empty", " \n\t", Options{}, []result{{Err: "stdin: empty file"}}},
		{"binary", "\x00\x01\x02binary", Options{}, []result{{Err: "stdin: binary file"}}},
	}
	for _, tt := range tests {
		tt.opt.Stdin = strings.NewReader(tt.input)
		check(t, tt.name, collect(t, "-", tt.opt), tt.want)
	}
}

func TestReadBytes(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	random := make([]byte, 4096)
	for i := range random {
		random[i] = byte(0x80 + (i*7919)%0x40) // continuation bytes: never valid UTF-8
	}
	tests := []struct {
		name     string
		path     string
		want     []result
		wantWarn string
	}{
		{"NUL bytes", write("nul.txt", []byte("text\x00with NUL")), []result{{Err: "nul.txt: binary file (NUL bytes)"}}, ""},
		{"not text", write("noise.txt", random), []result{{Err: "noise.txt: binary file (mostly non-text bytes)"}}, ""},
		{"pdf", write("doc.txt", []byte("%PDF-1.7\n...")), []result{{Err: "doc.txt: binary file (PDF)"}}, ""},
		{"binary jsonl", write("x.jsonl", []byte("{\"id\":\x00}")), []result{{Err: "x.jsonl: binary file"}}, ""},
		{"latin-1", write("latin1.txt", []byte("Niafunk\xe9 was attacked.")),
			[]result{{ID: "latin1", Text: "Niafunk\uFFFD was attacked."}}, "latin1.txt: invalid UTF-8 repaired"},
		{"latin-1 in jsonl", write("l.jsonl", []byte("{\"id\":\"l\",\"text\":\"Niafunk\xe9\"}\n")),
			[]result{{ID: "l", Text: "Niafunk\uFFFD"}}, "l.jsonl:1: invalid UTF-8 repaired"},
		{"windows-1252 page", write("cp.html", []byte("<html><head><meta charset=\"windows-1252\"></head><body><p>Niafunk\xe9 was attacked.</p></body></html>")),
			[]result{{ID: "cp", Text: "Niafunké was attacked."}}, ""},
		{"json list", write("list.json", []byte(`[{"id":"x","text":"y"}]`)), []result{{Err: "list.json: not a JSON object"}}, ""},
		{"UTF-8 BOM", write("bom.txt", []byte("\xEF\xBB\xBFHello.")), []result{{ID: "bom", Text: "Hello."}}, ""},
		{"UTF-16 LE", write("u16.txt", []byte{0xFF, 0xFE, 'H', 0, 'i', 0, '.', 0}), []result{{ID: "u16", Text: "Hi."}}, ""},
		{"no extension, sniffed JSON", write("feed", []byte(`{"id":"f","text":"From a feed."}`)), []result{{ID: "f", Text: "From a feed."}}, ""},
		{"no extension, sniffed HTML", write("page", []byte(`<html><body><p>Sniffed page.</p></body></html>`)),
			[]result{{ID: "page", Text: "Sniffed page."}}, ""},
	}
	for _, tt := range tests {
		var warns []string
		opt := Options{Warn: func(err error) { warns = append(warns, err.Error()) }}
		check(t, tt.name, collect(t, tt.path, opt), tt.want)
		if tt.wantWarn == "" && len(warns) > 0 || tt.wantWarn != "" && (len(warns) != 1 || !strings.Contains(warns[0], tt.wantWarn)) {
			t.Errorf("%s: got warnings %q, want %q", tt.name, warns, tt.wantWarn)
		}
		if got := collect(t, tt.path, opt); len(got) == 1 && got[0].Err == "" && strings.Contains(got[0].Text, "\uFFFD") != strings.Contains(tt.want[0].Text, "\uFFFD") {
			t.Errorf("%s: got text %q", tt.name, got[0].Text)
		}
	}
}

// TestBigText reads a 20 MB text file and a JSON lines file with a 20 MB line.
func TestBigText(t *testing.T) {
	if testing.Short() {
		t.Skip("short mode")
	}
	dir := t.TempDir()
	para := "Shelling was reported in the north of the town on Tuesday, residents said. "
	big := strings.Repeat(para, 20<<20/len(para)+1)
	txt := filepath.Join(dir, "big.txt")
	if err := os.WriteFile(txt, []byte(big), 0o644); err != nil {
		t.Fatal(err)
	}
	jsonl := filepath.Join(dir, "big.jsonl")
	line := `{"id":"big","text":"` + big + `"}` + "\n" + `{"id":"small","text":"x"}`
	if err := os.WriteFile(jsonl, []byte(line), 0o644); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	for _, p := range []string{txt, jsonl} {
		n := 0
		for a, err := range ReadPath(context.Background(), p, Options{}) {
			if err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			if n == 0 && len(a.Text) != len(big) {
				t.Errorf("%s: got %d bytes of text, want %d", p, len(a.Text), len(big))
			}
			n++
		}
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("reading 2×20 MB took %v", d)
	}
}

func TestReadPathCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var errs []error
	for _, err := range ReadPath(ctx, "testdata/dir", Options{}) {
		errs = append(errs, err)
	}
	if len(errs) != 1 || !errors.Is(errs[0], context.Canceled) {
		t.Errorf("got %v, want one context.Canceled", errs)
	}
}

func TestReadPathStopEarly(t *testing.T) {
	n := 0
	for range ReadPath(context.Background(), "testdata/articles.jsonl", Options{}) {
		n++
		if n == 2 {
			break
		}
	}
	if n != 2 {
		t.Errorf("got %d, want 2", n)
	}
}

func TestSourceFromURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://www.smmsyria.com/2018/07/06/x", "smmsyria.com"},
		{"http://News.Example.COM:8080/a", "news.example.com"},
		{"https://wwwexample.com/", "wwwexample.com"},
		{"not a url", ""},
		{"", ""},
		{"/relative/path", ""},
	}
	for _, tt := range tests {
		if got := SourceFromURL(tt.in); got != tt.want {
			t.Errorf("SourceFromURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCheckPublished(t *testing.T) {
	tests := []struct {
		in   string
		good bool
	}{
		{"", true},
		{"2018-07-06", true},
		{"2018-07-06T10:00:00Z", true},
		{"2018-07-06T10:00:00+03:00", true},
		{"2018-07", false},
		{"06/07/2018", false},
		{"2018-02-30", false},
		{"2018-07-06 10:00", false},
	}
	for _, tt := range tests {
		if err := CheckPublished(tt.in); (err == nil) != tt.good {
			t.Errorf("CheckPublished(%q) = %v, want good %v", tt.in, err, tt.good)
		}
	}
}

func TestExtractHTMLFallback(t *testing.T) {
	tests := []struct {
		name, page, want, err string
	}{
		{"short page", "<p>Only a line.</p>", "Only a line.", ""},
		{"plain text", "no tags at all", "no tags at all", ""},
		{"empty body", "<html><body>  </body></html>", "", "no text found"},
		{"script only", "<script>alert(1)</script>", "", "no text found"},
	}
	for _, tt := range tests {
		ex, err := ExtractHTML(tt.page, "")
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%s: got error %v, want %q", tt.name, err, tt.err)
			}
			continue
		}
		if err != nil || ex.Text != tt.want {
			t.Errorf("%s: got %q, %v, want %q", tt.name, ex.Text, err, tt.want)
		}
	}
}

func FuzzReadJSONL(f *testing.F) {
	seed, err := os.ReadFile("testdata/articles.jsonl")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add([]byte(`{"id":"x","html":"<p>hi</p>"}`))
	f.Add([]byte("{\"id\":\"x\",\"text\":\"\xff\"}\n\n{"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for a, err := range ReadReader(context.Background(), bytes.NewReader(data), "fuzz", Options{}) {
			if err != nil {
				continue
			}
			if a.ID == "" || strings.TrimSpace(a.Text) == "" || a.HTML != "" {
				t.Errorf("article without id or text, or with html left: %+v", a)
			}
			if CheckPublished(a.Published) != nil {
				t.Errorf("bad published %q let through", a.Published)
			}
		}
	})
}

func FuzzExtractHTML(f *testing.F) {
	seed, err := os.ReadFile("testdata/page.html")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(seed))
	f.Add("<p>x</p>")
	f.Add("<table><tr><td>a<td>b</table><!-- c --><![CDATA[d]]>")
	f.Fuzz(func(t *testing.T, page string) {
		ex, err := ExtractHTML(page, "https://example.org/")
		if err == nil && strings.TrimSpace(ex.Text) == "" {
			t.Errorf("no error but empty text")
		}
		if ex.Text != strings.TrimSpace(ex.Text) {
			t.Errorf("text not trimmed: %q", ex.Text)
		}
	})
}

func BenchmarkExtractHTML(b *testing.B) {
	page, err := os.ReadFile("testdata/page.html")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := ExtractHTML(string(page), ""); err != nil {
			b.Fatal(err)
		}
	}
}
