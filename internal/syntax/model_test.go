package syntax

import (
	"bufio"
	"bytes"
	"flag"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	syntaxdata "github.com/sitrep/sitrep/data/syntax"
	"github.com/sitrep/sitrep/internal/sharedtest"
	"github.com/sitrep/sitrep/internal/text"
)

var update = flag.Bool("update", false, "rewrite golden files")

// loadModel loads the shipped models, or those in the directory
// $SITREP_SYNTAX_MODELS (to benchmark models being trained).
func loadModel(t testing.TB) *Model {
	t.Helper()
	if dir := os.Getenv("SITREP_SYNTAX_MODELS"); dir != "" {
		m, err := LoadFS(os.DirFS(dir))
		if err != nil {
			t.Fatalf("load %s: %v", dir, err)
		}
		return m
	}
	m, err := Load()
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	return m
}

// parseText tokenises and parses every sentence of s.
func parseText(m *Model, s string) []Sentence {
	doc := text.Parse(s)
	var out []Sentence
	for _, sent := range doc.Sentences {
		words := m.Parse(SplitWords(sent.Tokens))
		cs := []string{" text = " + doc.Slice(sent.Start, sent.End)}
		out = append(out, ToSentence(cs, words))
	}
	return out
}

func TestGolden(t *testing.T) {
	m := loadModel(t)
	in, err := os.ReadFile("testdata/sentences.txt")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	for _, line := range strings.Split(strings.TrimSpace(string(in)), "\n") {
		if err := WriteCoNLLU(&buf, parseText(m, line)); err != nil {
			t.Fatal(err)
		}
	}
	golden := "testdata/sentences.golden.conllu"
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if got := buf.String(); got != string(want) {
		t.Errorf("parse differs from %s (run with -update after checking):\ngot\n%s", golden, got)
	}
}

func TestParseOffsetsAndShape(t *testing.T) {
	m := loadModel(t)
	s := "Fighters attacked an army post near Aleppo."
	doc := text.Parse(s)
	toks := doc.Sentences[0].Tokens
	words := m.Parse(toks)
	if got, want := len(words), len(toks); got != want {
		t.Fatalf("words: got %d want %d", got, want)
	}
	roots := 0
	for i, w := range words {
		if w.Start != toks[i].Start || w.End != toks[i].End {
			t.Errorf("word %d offsets: got %d-%d want %d-%d", i, w.Start, w.End, toks[i].Start, toks[i].End)
		}
		if w.Head < 0 || w.Head > len(words) || w.Head == i+1 {
			t.Errorf("word %d head: got %d", i, w.Head)
		}
		if w.Head == 0 {
			roots++
		}
	}
	if roots != 1 {
		t.Errorf("roots: got %d want 1", roots)
	}
	if got, want := words[1].UPOS, "VERB"; got != want {
		t.Errorf("UPOS of %q: got %s want %s", words[1].Form, got, want)
	}
	if got, want := words[1].Lemma, "attack"; got != want {
		t.Errorf("lemma of %q: got %s want %s", words[1].Form, got, want)
	}
	if got := m.ParseForms(nil); len(got) != 0 {
		t.Errorf("empty sentence: got %v", got)
	}
	// ParseTree is the same parse without lemmas.
	tree := m.ParseTree(toks)
	for i := range words {
		w := words[i]
		w.Lemma = ""
		if tree[i] != w {
			t.Errorf("ParseTree word %d: %+v, want %+v", i, tree[i], w)
		}
	}
}

func TestSplitWords(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"an al-Qaeda-affiliated group", "an|al|-|Qaeda|-|affiliated|group"},
		{"co-workers and e-mail", "co-workers|and|e-mail"},
		{"call 1-800-555", "call|1-800-555"},
		{"a 5-year-old boy", "a|5|-|year|-|old|boy"},
		{"plain words", "plain|words"},
		{"We cannot stay", "We|can|not|stay"},
		{"see http://www.example.com/a.html.", "see|http://www.example.com/a.html|."},
		{"mail a.b@example.com or ****", "mail|a.b@example.com|or|****"},
		{"on 01/24/2001 at", "on|01/24/2001|at"},
	} {
		rs := []rune(tc.in)
		toks := SplitWords(text.Tokenize(rs))
		var got []string
		for _, tk := range toks {
			if string(rs[tk.Start:tk.End]) != tk.Text {
				t.Errorf("%q: token %q has offsets %d-%d", tc.in, tk.Text, tk.Start, tk.End)
			}
			got = append(got, tk.Text)
		}
		if g := strings.Join(got, "|"); g != tc.want {
			t.Errorf("SplitWords(%q): got %q want %q", tc.in, g, tc.want)
		}
	}
}

func TestConcurrentParse(t *testing.T) {
	m := loadModel(t)
	s := "The army said it had killed five militants in an overnight raid."
	toks := text.Parse(s).Sentences[0].Tokens
	want := m.Parse(toks)
	done := make(chan []Word)
	for range 8 {
		go func() { done <- m.Parse(toks) }()
	}
	for range 8 {
		got := <-done
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("concurrent parse differs at %d: got %+v want %+v", i, got[i], want[i])
			}
		}
	}
}

// sharedDir returns ../shared relative to the repository root, or skips.
func sharedDir(t testing.TB) string {
	t.Helper()
	sharedtest.Require(t, "data", "ud", "en-ewt", "test.conllu")
	return sharedtest.Require(t)
}

// Floors: the figures reached on UD English EWT test with gold
// tokenisation by the shipped models (rounded down).
var floors = struct{ UPOS, XPOS, Lemma, UAS, LAS float64 }{
	UPOS: 95.7, XPOS: 95.2, Lemma: 96.9, UAS: 86.1, LAS: 83.1,
}

// A model directory whose tagger says it needs the word clusters, without
// them, is refused with an error naming the file; a damaged cluster file is
// refused too.
func TestLoadNeedsClusters(t *testing.T) {
	full := fstest.MapFS{}
	for _, name := range []string{taggerFile, parserFile, lemmaFile, lexFile, clusterFile} {
		b, err := fs.ReadFile(syntaxdata.FS, name)
		if err != nil {
			t.Fatal(err)
		}
		full[name] = &fstest.MapFile{Data: b}
	}
	if _, err := LoadFS(full); err != nil {
		t.Fatalf("complete models: %v", err)
	}
	missing := maps.Clone(full)
	delete(missing, clusterFile)
	if _, err := LoadFS(missing); err == nil || !strings.Contains(err.Error(), clusterFile) {
		t.Errorf("without %s: %v", clusterFile, err)
	}
	damaged := maps.Clone(full)
	damaged[clusterFile] = &fstest.MapFile{Data: full[clusterFile].Data[:100]}
	if _, err := LoadFS(damaged); err == nil || !strings.Contains(err.Error(), clusterFile) {
		t.Errorf("damaged %s: %v", clusterFile, err)
	}
}

func TestEWTFloor(t *testing.T) {
	shared := sharedDir(t)
	m := loadModel(t)
	gold, err := readFile(filepath.Join(shared, "data", "ud", "en-ewt", "test.conllu"))
	if err != nil {
		t.Fatal(err)
	}
	sc, err := m.Evaluate(gold, false, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("EWT test, gold tokenisation:\n%s", sc.String())
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"UPOS", sc.UPOS, floors.UPOS}, {"XPOS", sc.XPOS, floors.XPOS}, {"lemma", sc.Lemma, floors.Lemma},
		{"UAS", sc.UAS, floors.UAS}, {"LAS", sc.LAS, floors.LAS},
	} {
		if c.got < c.want {
			t.Errorf("%s: got %.2f want >= %.2f", c.name, c.got, c.want)
		}
	}
}

func TestLoadCostLogged(t *testing.T) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	m, err := LoadFS(syntaxdata.FS)
	if err != nil {
		t.Fatal(err)
	}
	el := time.Since(start)
	runtime.GC()
	runtime.ReadMemStats(&after)
	t.Logf("load %s, heap %.1f MB", el, float64(after.HeapAlloc-before.HeapAlloc)/1e6)
	runtime.KeepAlive(m)
}

// benchSentences returns forms of EWT test sentences, or of the golden
// input when the treebank is absent.
func benchSentences(b *testing.B, m *Model) [][]string {
	var out [][]string
	if dir, err := os.Getwd(); err == nil {
		p := filepath.Join(dir, "..", "..", "..", "shared", "data", "ud", "en-ewt", "test.conllu")
		if f, err := os.Open(p); err == nil {
			defer f.Close()
			sents, err := ReadCoNLLU(bufio.NewReader(f))
			if err == nil {
				for _, s := range sents {
					var forms []string
					for _, w := range s.Words() {
						forms = append(forms, w.Form)
					}
					out = append(out, forms)
				}
				return out
			}
		}
	}
	in, err := os.ReadFile("testdata/sentences.txt")
	if err != nil {
		b.Fatal(err)
	}
	for _, s := range parseText(m, string(in)) {
		var forms []string
		for _, r := range s.Rows {
			forms = append(forms, r.Form)
		}
		out = append(out, forms)
	}
	return out
}

// BenchmarkParse is tagging, parsing and lemmatising (ParseForms).
func BenchmarkParse(b *testing.B) { benchParse(b, true) }

// BenchmarkTagParse is tagging and parsing alone (as ParseTree: no
// lemmas), the figure issue #3 asks for.
func BenchmarkTagParse(b *testing.B) { benchParse(b, false) }

func benchParse(b *testing.B, lemmas bool) {
	m := loadModel(b)
	sents := benchSentences(b, m)
	tokens := 0
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		s := sents[i%len(sents)]
		m.parseForms(s, lemmas)
		tokens += len(s)
	}
	reportTokens(b, tokens, cpuTime()-cpu0)
}

func BenchmarkTag(b *testing.B) {
	m := loadModel(b)
	sents := benchSentences(b, m)
	sc := &scratch{}
	tokens := 0
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		s := sents[i%len(sents)]
		sc.ws = makeWordInfos(s, m.ix, sc.ws)
		sc.tags = m.tagWords(sc.ws, sc.tags, sc)
		tokens += len(s)
	}
	reportTokens(b, tokens, cpuTime()-cpu0)
}

func BenchmarkLoad(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := LoadFS(syntaxdata.FS); err != nil {
			b.Fatal(err)
		}
	}
}

// reportTokens reports tokens per wall-clock second and, where measurable,
// per CPU second (run with -cpu 1 so that the two compare).
func reportTokens(b *testing.B, tokens int, cpu time.Duration) {
	b.ReportMetric(float64(tokens)/b.Elapsed().Seconds(), "tokens/s")
	if cpu > 0 {
		b.ReportMetric(float64(tokens)/cpu.Seconds(), "tokens/cpu-s")
	}
}
