package syntax

import (
	"strings"
	"testing"
)

func TestFiniteVerb(t *testing.T) {
	m, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		sentence string
		verb     string
		xpos     string
		root     bool // the verb heads the sentence
	}{
		{"Israeli jets struck targets in Gaza .", "struck", "VBD", true},
		{"Russian forces shelled Kharkiv overnight .", "shelled", "VBD", true},
		{"The group attacked an army base .", "attacked", "VBD", true},
		// No object: a participle may stay one.
		{"Five civilians killed in Gaza strike", "killed", "VBN", true},
		{"Villages were shelled overnight .", "shelled", "VBN", true},
	}
	for _, tt := range tests {
		ws := m.ParseForms(strings.Fields(tt.sentence))
		found := false
		for _, w := range ws {
			if w.Form != tt.verb {
				continue
			}
			found = true
			if w.XPOS != tt.xpos || (w.Head == 0) != tt.root {
				t.Errorf("%q: %s tagged %s head %d, want %s root %v", tt.sentence, w.Form, w.XPOS, w.Head, tt.xpos, tt.root)
			}
		}
		if !found {
			t.Fatalf("%q: no %q", tt.sentence, tt.verb)
		}
	}
}

func TestFiniteVerbTags(t *testing.T) {
	m := &Model{}
	m.setTags([]string{"NOUN\tNNS", "VERB\tVBN", "VERB\tVBD", "DET\tDT", "ADP\tIN", "AUX\tVBD", "VERB\tVBZ"})
	const nns, vbn, vbd, dt, in, aux, vbz = 0, 1, 2, 3, 4, 5, 6
	tests := []struct {
		in, want []int
	}{
		{[]int{nns, vbn, dt, nns}, []int{nns, vbd, dt, nns}},
		{[]int{nns, vbn, in, nns}, []int{nns, vbn, in, nns}},           // no object
		{[]int{nns, aux, vbn, dt, nns}, []int{nns, aux, vbn, dt, nns}}, // auxiliary
		{[]int{nns, vbn, dt, nns, vbz}, []int{nns, vbn, dt, nns, vbz}}, // finite verb
		{[]int{vbn, dt, nns}, []int{vbn, dt, nns}},                     // no subject
		{[]int{nns, vbn, nns, vbn, dt}, []int{nns, vbd, nns, vbn, dt}}, // the first only
	}
	for _, tt := range tests {
		got := append([]int(nil), tt.in...)
		m.finiteVerb(got)
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("finiteVerb(%v) = %v, want %v", tt.in, got, tt.want)
				break
			}
		}
	}
}
