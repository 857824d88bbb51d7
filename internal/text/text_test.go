package text

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTokenize(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"HTS and FSA agreed.", "HTS|and|FSA|agreed|."},
		{"The rebels didn't leave.", "The|rebels|did|n't|leave|."},
		{"Syria's al-Qaeda-affiliated group", "Syria|'s|al-Qaeda-affiliated|group"},
		{"Syria’s army", "Syria|’s|army"},
		{"U.N. investigators said 5.5 million, 1,200 dead", "U.N.|investigators|said|5.5|million|,|1,200|dead"},
		{"on Dec. 23 in Ma'arrat an-Nu'man", "on|Dec.|23|in|Ma'arrat|an-Nu'man"},
		{"“murtadeen” (renegades)", "“|murtadeen|”|(|renegades|)"},
		{"a day – towns", "a|day|–|towns"},
		{"قصف الميادين اليوم", "قصف|الميادين|اليوم"},
	}
	for _, tt := range tests {
		var got []string
		for _, tok := range Tokenize([]rune(tt.in)) {
			got = append(got, tok.Text)
		}
		if g := strings.Join(got, "|"); g != tt.want {
			t.Errorf("Tokenize(%q) = %s, want %s", tt.in, g, tt.want)
		}
	}
}

func TestSentences(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"Jets struck the town. Five were killed.", 2},
		{"U.N. investigators said so. The army denied it.", 2},
		{"It happened on Dec. 23 in the valley.", 1},
		{"He said “Jihad.”However they left.", 2},
		{"First paragraph without a stop\n\nSecond paragraph", 2},
		{"Brig. Gen. Yahya Saree announced it.", 1},
		{"", 0},
	}
	for _, tt := range tests {
		d := Parse(tt.in)
		if len(d.Sentences) != tt.want {
			var ss []string
			for _, s := range d.Sentences {
				ss = append(ss, d.Slice(s.Start, s.End))
			}
			t.Errorf("Parse(%q): got %d sentences %q, want %d", tt.in, len(d.Sentences), ss, tt.want)
		}
	}
}

func TestFold(t *testing.T) {
	tests := map[string]string{"Syria’s": "syria's", "“Jihad”": "\"jihad\"", "Deir ez–Zor": "deir ez-zor", "HTS": "hts"}
	for in, want := range tests {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

// checkDoc asserts the invariants every consumer relies on.
func checkDoc(t *testing.T, s string) {
	d := Parse(s)
	rs := []rune(d.Text)
	prev := 0
	for _, sent := range d.Sentences {
		if len(sent.Tokens) == 0 {
			t.Fatalf("empty sentence in %q", s)
		}
		for _, tok := range sent.Tokens {
			if tok.Start < prev || tok.End <= tok.Start || tok.End > len(rs) {
				t.Fatalf("token %+v out of order or range in %q", tok, s)
			}
			if string(rs[tok.Start:tok.End]) != tok.Text {
				t.Fatalf("token %+v does not slice the text of %q", tok, s)
			}
			prev = tok.End
		}
	}
}

func TestOffsetsNonASCII(t *testing.T) {
	checkDoc(t, "Deir ez-Zor – “The regime’s militias shelled al-Mayadin (الميادين) at dawn,” Muḥammad said.")
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"Jets struck Umm Jalal. Dozens were killed.", "U.S.-led “strikes” – 5.5m", "\xff\xfe bad utf8", "a'b-c.d,e"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			s = strings.ToValidUTF8(s, "\uFFFD")
		}
		checkDoc(t, s)
	})
}
