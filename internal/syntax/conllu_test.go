package syntax

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

const sampleCoNLLU = `# sent_id = s1
# text = I don't know.
1	I	I	PRON	PRP	Case=Nom	4	nsubj	4:nsubj	_
2-3	don't	_	_	_	_	_	_	_	_
2	do	do	AUX	VBP	_	4	aux	4:aux	_
3	n't	not	PART	RB	_	4	advmod	4:advmod	_
4	know	know	VERB	VB	_	0	root	0:root	SpaceAfter=No
4.1	knows	know	VERB	VBZ	_	_	_	4:conj	_
5	.	.	PUNCT	.	_	4	punct	4:punct	_

`

func TestReadCoNLLU(t *testing.T) {
	sents, err := ReadCoNLLU(strings.NewReader(sampleCoNLLU))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(sents), 1; got != want {
		t.Fatalf("sentences: got %d want %d", got, want)
	}
	s := sents[0]
	if got, want := s.Comment("text"), "I don't know."; got != want {
		t.Errorf("text: got %q want %q", got, want)
	}
	var forms []string
	for _, w := range s.Words() {
		forms = append(forms, w.Form)
	}
	if got, want := strings.Join(forms, " "), "I do n't know ."; got != want {
		t.Errorf("words: got %q want %q", got, want)
	}
	if got, want := s.Rows[5].Head, -1; got != want {
		t.Errorf("empty node head: got %d want %d", got, want)
	}
	var buf bytes.Buffer
	if err := WriteCoNLLU(&buf, sents); err != nil {
		t.Fatal(err)
	}
	if got := buf.String(); got != sampleCoNLLU {
		t.Errorf("round trip:\ngot\n%s\nwant\n%s", got, sampleCoNLLU)
	}
}

func TestReadCoNLLUErrors(t *testing.T) {
	for _, tc := range []struct{ name, in string }{
		{"columns", "1\tx\n"},
		{"id", "a\tx\tx\tX\tX\t_\t0\troot\t_\t_\n"},
		{"head", "1\tx\tx\tX\tX\t_\tz\troot\t_\t_\n"},
		{"empty column", "1\t\tx\tX\tX\t_\t0\troot\t_\t_\n"},
		{"comment inside", "1\tx\tx\tX\tX\t_\t0\troot\t_\t_\n# c\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := ReadCoNLLU(strings.NewReader(tc.in)); err == nil {
				t.Errorf("got no error for %q", tc.in)
			}
		})
	}
}

func FuzzReadCoNLLU(f *testing.F) {
	f.Add(sampleCoNLLU)
	f.Add("# x\n\n1\ta\tb\tc\td\te\t_\tf\tg\th\n")
	f.Add("1-2\tab\t_\t_\t_\t_\t_\t_\t_\t_\n1\ta\ta\tX\tX\t_\t0\troot\t_\t_\n2\tb\tb\tX\tX\t_\t1\tdep\t_\t_\n")
	f.Fuzz(func(t *testing.T, in string) {
		sents, err := ReadCoNLLU(strings.NewReader(in))
		if err != nil {
			return
		}
		for i := range sents {
			sents[i].Words()
		}
		var buf bytes.Buffer
		if err := WriteCoNLLU(&buf, sents); err != nil {
			t.Fatal(err)
		}
		again, err := ReadCoNLLU(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatalf("re-read of written output failed: %v\n%q", err, buf.String())
		}
		if !reflect.DeepEqual(sents, again) {
			t.Errorf("round trip changed sentences:\ngot  %#v\nwant %#v", again, sents)
		}
	})
}
