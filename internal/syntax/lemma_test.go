package syntax

import (
	"bytes"
	"testing"
)

func TestScripts(t *testing.T) {
	for _, tc := range []struct{ form, lemma, script string }{
		{"killed", "kill", "L2|"},
		{"went", "go", "L4|go"},
		{"The", "the", "L0|"},
		{"Iraq", "Iraq", "-0|"},
		{"i", "I", "T0|"},
		{"kerala", "Kerala", "T0|"},
		{"studies", "study", "L3|y"},
	} {
		s := learnScript(tc.form, tc.lemma)
		if got := s.String(); got != tc.script {
			t.Errorf("learnScript(%q, %q): got %s want %s", tc.form, tc.lemma, got, tc.script)
		}
		back, err := parseScript(s.String())
		if err != nil || back != s {
			t.Errorf("parseScript(%s): got %v, %v", s, back, err)
		}
		if got, ok := s.apply(tc.form); !ok || got != tc.lemma {
			t.Errorf("apply %s to %q: got %q want %q", s, tc.form, got, tc.lemma)
		}
	}
}

func TestLemmatizerRoundTrip(t *testing.T) {
	forms := []string{"killed", "killed", "attacked", "shelled", "went", "i", "I", "forces", "troops"}
	xpos := []string{"VBD", "VBD", "VBD", "VBD", "VBD", "PRP", "PRP", "NNS", "NNS"}
	lemmas := []string{"kill", "kill", "attack", "shell", "go", "I", "I", "force", "troop"}
	lz := trainLemmatizer(forms, xpos, lemmas)
	var buf bytes.Buffer
	if err := writeLemmatizer(&buf, lz); err != nil {
		t.Fatal(err)
	}
	lz2, err := readLemmatizer(&buf)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ form, xpos, want string }{
		{"went", "VBD", "go"},
		{"i", "PRP", "I"},
		{"Killed", "VBD", "kill"},
		{"bombed", "VBD", "bomb"},
		{"Aleppo", "NNP", "Aleppo"},
	} {
		if got := lz2.lemma(tc.form, tc.xpos); got != tc.want {
			t.Errorf("lemma(%q, %s): got %q want %q", tc.form, tc.xpos, got, tc.want)
		}
	}
}
