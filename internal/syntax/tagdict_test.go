package syntax

import (
	"bufio"
	"bytes"
	"maps"
	"testing"
)

func TestBuildTagDict(t *testing.T) {
	rep := func(form string, tag, n int) tsent {
		s := tsent{}
		for range n {
			s.forms = append(s.forms, form)
			s.tags = append(s.tags, tag)
		}
		return s
	}
	upos := []string{"X", "PUNCT", "NOUN", "DET", "SCONJ", "PRON", "ADP", "VERB", "NOUN"}
	data := []tsent{
		rep("the", 3, 300),
		rep("that", 4, 150), rep("that", 5, 50), // ambiguous
		rep("of", 6, 199), rep("of", 8, 1), // 99.5 %
		rep("said", 7, 300),               // open class: may be anything in context
		rep("rare", 1, tagDictMinCount-1), // too few
		rep("The", 3, 40),                 // forms are case-sensitive
	}
	got := buildTagDict(data, upos)
	want := map[uint64]int{strHash("the"): 3, strHash("of"): 6, strHash("The"): 3}
	if !maps.Equal(got, want) {
		t.Fatalf("dict = %v, want %v", got, want)
	}
	var b bytes.Buffer
	writeHashTable(&b, got)
	back, err := readHashTable[int](bufio.NewReader(bytes.NewReader(b.Bytes())), 10, 9)
	if err != nil || !maps.Equal(back, got) {
		t.Fatalf("round trip = %v, %v, want %v", back, err, got)
	}
	if _, err := readHashTable[int](bufio.NewReader(bytes.NewReader(b.Bytes())), 10, 5); err == nil {
		t.Fatal("tag 6 of 6 tags accepted")
	}
	if _, err := readHashTable[int](bufio.NewReader(bytes.NewReader(b.Bytes())), 2, 9); err == nil {
		t.Fatal("three entries accepted where two may be")
	}
	if _, err := readHashTable[int](bufio.NewReader(bytes.NewReader(b.Bytes()[:3])), 10, 9); err == nil {
		t.Fatal("truncated table accepted")
	}
}

// The shipped tagger carries a dictionary of closed-class words, and
// dictionary words are not scored ("of" is left to the tagger: its tag
// varies more than 1 % in train).
func TestShippedTagDict(t *testing.T) {
	m, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(m.tagdict) < 50 {
		t.Fatalf("tag dictionary has %d words", len(m.tagdict))
	}
	forms := []string{"the", "and", ",", "rebels", "shelled", "of"}
	ws := makeWordInfos(forms, m.ix, nil)
	for i, f := range forms {
		tag, inDict := m.tagdict[ws[i].form]
		if want := i < 3; inDict != want {
			t.Errorf("%q in the dictionary: %v, want %v", f, inDict, want)
		}
		if inDict && openClass[m.upos[tag]] {
			t.Errorf("%q: open-class dictionary tag %s", f, m.tags[tag])
		}
	}
}
