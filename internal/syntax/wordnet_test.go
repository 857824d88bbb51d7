package syntax

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestInflections(t *testing.T) {
	tests := []struct {
		name string
		f    func(string) []string
		in   string
		want []string
	}{
		{"plural", plurals, "box", []string{"boxes"}},
		{"plural", plurals, "city", []string{"cities"}},
		{"plural", plurals, "day", []string{"days"}},
		{"plural", plurals, "church", []string{"churches"}},
		{"plural", plurals, "policeman", []string{"policemans", "policemen"}},
		{"plural", plurals, "hero", []string{"heros", "heroes"}},
		{"ed", edForms, "stop", []string{"stoped", "stopped"}},
		{"ed", edForms, "bake", []string{"baked"}},
		{"ed", edForms, "carry", []string{"carried"}},
		{"ed", edForms, "play", []string{"played"}},
		{"ed", edForms, "panic", []string{"paniced", "panicked"}},
		{"ing", ingForms, "make", []string{"making"}},
		{"ing", ingForms, "die", []string{"dying"}},
		{"ing", ingForms, "see", []string{"seeing"}},
		{"ing", ingForms, "carry", []string{"carrying"}},
		{"ing", ingForms, "run", []string{"runing", "running"}},
		{"er", func(w string) []string { return gradeForms(w, "er") }, "happy", []string{"happier"}},
		{"est", func(w string) []string { return gradeForms(w, "est") }, "big", []string{"bigest", "biggest"}},
		{"est", func(w string) []string { return gradeForms(w, "est") }, "late", []string{"latest"}},
	}
	for _, tt := range tests {
		if got := tt.f(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("%s(%q) = %q, want %q", tt.name, tt.in, got, tt.want)
		}
	}
}

// writeDict writes a miniature WordNet database: synsets per part of
// speech as (lexicographer file, words), index lines pointing at them.
func writeDict(t *testing.T, dir string, pos string, synsets [][2]string, index []string) {
	t.Helper()
	var data bytes.Buffer
	data.WriteString("  1 licence header line\n")
	var offs []int
	for _, s := range synsets {
		offs = append(offs, data.Len())
		ws := strings.Fields(s[1])
		fmt.Fprintf(&data, "%08d %s %s %02x", data.Len(), s[0], pos[:1], len(ws))
		for _, w := range ws {
			fmt.Fprintf(&data, " %s 0", w)
		}
		data.WriteString(" 000 | a gloss\n")
	}
	var idx bytes.Buffer
	idx.WriteString("  1 licence header line\n")
	for _, l := range index {
		// "lemma tagged synset#": one synset, no pointers.
		var lemma string
		var tagged, syn int
		fmt.Sscan(l, &lemma, &tagged, &syn)
		fmt.Fprintf(&idx, "%s %s 1 0 1 %d %08d  \n", lemma, pos[:1], tagged, offs[syn])
	}
	if err := os.WriteFile(filepath.Join(dir, "data."+pos), data.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "index."+pos), idx.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestBuildLexicon(t *testing.T) {
	dir := t.TempDir()
	writeDict(t, dir, "noun", [][2]string{{"15", "Paris"}, {"04", "run running"}, {"18", "dog"}}, []string{"paris 3 0", "run 2 1", "dog 5 2"})
	writeDict(t, dir, "verb", [][2]string{{"38", "run"}, {"38", "walk_out"}}, []string{"run 9 0", "walk_out 1 1"})
	writeDict(t, dir, "adj", [][2]string{{"00", "happy"}}, []string{"happy 4 0"})
	writeDict(t, dir, "adv", [][2]string{{"02", "fast"}}, []string{"fast 1 0"})
	var b bytes.Buffer
	st, err := BuildLexicon(dir, &b)
	if err != nil {
		t.Fatal(err)
	}
	if st.Lemmas != 6 {
		t.Errorf("lemmas = %d, want 6 (multi-word lemmas skipped)", st.Lemmas)
	}
	lex, err := readLexicon(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	get := func(w string) uint32 { return lex[strHash(normWord(w))] }
	tests := []struct {
		form            string
		readings        uint32
		noun, verb, dom uint32
		absent, notProp bool
	}{
		{form: "paris", readings: lexNN | lexProper, noun: 16, dom: 1},
		{form: "run", readings: lexNN | lexVB, noun: 5, verb: 39, dom: 2},
		{form: "runs", readings: lexNNS | lexVBZ, noun: 5, verb: 39, dom: 2},
		{form: "running", readings: lexVBG, verb: 39, dom: 2},
		{form: "runned", readings: lexVBD, verb: 39, dom: 2},
		{form: "dogs", readings: lexNNS, noun: 19, dom: 1},
		{form: "happier", readings: lexJJR, dom: 3},
		{form: "happiest", readings: lexJJS, dom: 3},
		{form: "fast", readings: lexRB, dom: 4},
		{form: "walk_out", absent: true},
	}
	for _, tt := range tests {
		e := get(tt.form)
		if tt.absent {
			if e != 0 {
				t.Errorf("%s: entry %x, want none", tt.form, e)
			}
			continue
		}
		if e&lexReadings != tt.readings || lexNounClass(e) != tt.noun || lexVerbClass(e) != tt.verb || e>>lexDomShift != tt.dom {
			t.Errorf("%s: readings %x noun %d verb %d dom %d, want %x %d %d %d", tt.form,
				e&lexReadings, lexNounClass(e), lexVerbClass(e), e>>lexDomShift, tt.readings, tt.noun, tt.verb, tt.dom)
		}
	}
	// Rebuilding gives the same bytes.
	var b2 bytes.Buffer
	if _, err := BuildLexicon(dir, &b2); err != nil || !bytes.Equal(b.Bytes(), b2.Bytes()) {
		t.Errorf("rebuild differs (err %v)", err)
	}
}

func TestBuildLexiconErrors(t *testing.T) {
	dir := t.TempDir()
	writeDict(t, dir, "noun", [][2]string{{"15", "Paris"}}, []string{"paris 3 0"})
	if _, err := BuildLexicon(dir, &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "data.verb") {
		t.Errorf("missing verb files: err %v", err)
	}
	for _, pos := range []string{"verb", "adj", "adv"} {
		writeDict(t, dir, pos, [][2]string{{"00", "x"}}, []string{"x 0 0"})
	}
	os.WriteFile(filepath.Join(dir, "index.adv"), []byte("x r 1 0 1 0 00000099\n"), 0o644)
	if _, err := BuildLexicon(dir, &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "index.adv line 1") {
		t.Errorf("bad offset: err %v", err)
	}
}

func FuzzParseIndexLine(f *testing.F) {
	f.Add("dog n 7 5 @ ~ #m #p %p 7 1 02086723 10133978 10042764 09905672 07692347 03907626 02712903  ")
	f.Add("run v 41 7 ! @ ~ ^ $ + ; 41 29 01930264")
	f.Add("x n 1 -3 1 1 00000000")
	f.Add("x n 1 9223372036854775807 1 1 00000000")
	f.Fuzz(func(t *testing.T, l string) {
		w, tagged, off, err := parseIndexLine(l)
		if err == nil && (w == "" || tagged < 0 || off < 0) {
			t.Errorf("%q: accepted %q %d %d", l, w, tagged, off)
		}
	})
}

// The embedded lexicon knows inflected forms, names and classes.
func TestEmbeddedLexicon(t *testing.T) {
	m := loadModel(t)
	if m.lex == nil {
		t.Fatal("the shipped tagger is trained with the word lexicon but loaded none")
	}
	get := func(w string) uint32 { return m.lex[strHash(normWord(w))] }
	if e := get("runs"); e&(lexNNS|lexVBZ) != lexNNS|lexVBZ {
		t.Errorf("runs: %x", e)
	}
	if e := get("Paris"); e&lexProper == 0 || lexFiles[lexNounClass(e)-1] != "noun.location" {
		t.Errorf("Paris: %x", e)
	}
	if e := get("walked"); e&lexVBD == 0 || lexFiles[lexVerbClass(e)-1] != "verb.motion" {
		t.Errorf("walked: %x", e)
	}
	if e := get("the"); e != 0 {
		t.Errorf("the: %x, want none", e)
	}
}

// FuzzReadLexicon: a lexicon file passed to train syntax --wordnet may be
// anything; reading it fails cleanly or yields entries the tagger can use.
func FuzzReadLexicon(f *testing.F) {
	gz := func(s string) []byte {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write([]byte(s))
		zw.Close()
		return b.Bytes()
	}
	f.Add(gz("# WordNet 3.1 Copyright 2011 by Princeton University.\nrun\t1a2\nParis\tffffffff\n"))
	f.Add(gz("zz\n"))
	f.Add(gz("a\tnothex\n"))
	f.Add([]byte("plain text"))
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, in := range [][]byte{b, gz(string(b))} {
			lex, err := readLexicon(bytes.NewReader(in))
			if err != nil {
				continue
			}
			if len(lex) == 0 {
				t.Fatal("empty lexicon accepted")
			}
			makeWordInfos([]string{"run", "Paris", "7", ""}, newWordIndex(nil, lex, nil, nil), nil)
		}
	})
}
