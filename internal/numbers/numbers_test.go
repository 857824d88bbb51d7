package numbers

import (
	"strings"
	"testing"

	"github.com/sitrep/sitrep/internal/text"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"Fourteen", 14}, {"twenty-one", 21}, {"Twenty-one", 21}, {"5.5 million", 5500000}, {"1,200", 1200},
		{"dozens", 12}, {"several dozen", 12}, {"hundreds", 100}, {"about 500", 500}, {"tens", 10},
		{"a hundred", 100}, {"more than a hundred", 100}, {"around fifty", 50}, {"at least 15", 15},
		{"one thousand two hundred", 1200}, {"two hundred and fifty", 250}, {"thousands", 1000},
		{"a dozen", 12}, {"nearly 40", 40}, {"3", 3}, {"a few hundred", 100}, {"١٢", 12}, {"١٬٢٠٠", 1200},
	}
	for _, tc := range tests {
		got, ok := Parse(strings.Fields(tc.in))
		if !ok || got != tc.want {
			t.Errorf("Parse(%q) = %d, %v, want %d", tc.in, got, ok, tc.want)
		}
	}
	for _, bad := range []string{"", "killed", "twenty-blue", "many"} {
		if got, ok := Parse(strings.Fields(bad)); ok {
			t.Errorf("Parse(%q) = %d, true, want false", bad, got)
		}
	}
}

func TestFind(t *testing.T) {
	tests := []struct {
		sent     string
		wantText string
		best     int
		kind     string
	}{
		{"At least 15 people were killed in the airstrike.", "At least 15", 15, "killed"},
		{"Dozens of civilians were wounded.", "Dozens", 12, "wounded"},
		{"Fourteen protesters were shot dead by police.", "Fourteen", 14, "killed"},
		{"The death toll rose to 21 on Sunday.", "21", 21, "killed"},
		{"Five soldiers were killed or wounded in the attack.", "Five", 5, "wounded"},
		{"The hospital reported 30 casualties.", "30", 30, "wounded"},
		{"Twelve people were injured.", "Twelve", 12, "wounded"},
		{"About 500 fighters gathered near the border.", "About 500", 500, "people"},
		{"More than a hundred people lost their lives.", "More than a hundred", 100, "killed"},
		{"Several dozen were killed in the raid.", "Several dozen", 12, "killed"},
		{"Hundreds of people died in the floods.", "Hundreds", 100, "killed"},
		{"Tens of civilians were killed.", "Tens", 10, "killed"},
		{"Around fifty villagers died.", "Around fifty", 50, "killed"},
		{"Twenty-one children were among the dead.", "Twenty-one", 21, "killed"},
		{"The army deployed 3 tanks.", "3", 3, "other"},
		{"5.5 million people need aid.", "5.5 million", 5500000, "people"},
		{"It was the first killing by police in 41 years.", "41", 41, "other"},
		{"The patrol was ambushed 5 km from the village, and troops were killed.", "5", 5, "other"},
	}
	for _, tc := range tests {
		doc := text.Parse(tc.sent)
		cs := Find(doc)
		if len(cs) != 1 {
			t.Errorf("%q: got %d counts %+v, want 1", tc.sent, len(cs), cs)
			continue
		}
		c := cs[0]
		if c.Text != tc.wantText || c.Best != tc.best || c.Kind != tc.kind {
			t.Errorf("%q: got %q best %d kind %s, want %q best %d kind %s", tc.sent, c.Text, c.Best, c.Kind, tc.wantText, tc.best, tc.kind)
		}
		if got := doc.Slice(c.Span.Start, c.Span.End); got != c.Span.Text {
			t.Errorf("%q: span %d..%d is %q, text %q", tc.sent, c.Span.Start, c.Span.End, got, c.Span.Text)
		}
	}
	// Ages are not deaths, "no one" is no count.
	for _, sent := range []string{"Officer Eric Joering, 39, died at the scene.", "No one was hurt, and the president killed time aboard Air Force One."} {
		for _, c := range Find(text.Parse(sent)) {
			if c.Kind == "killed" || c.Kind == "wounded" {
				t.Errorf("%q: got %+v, want no killed or wounded count", sent, c)
			}
		}
	}
	// Years are not counts.
	if cs := Find(text.Parse("The war began in 2011.")); len(cs) != 0 {
		t.Errorf("year: got %+v, want none", cs)
	}
}

func TestCombine(t *testing.T) {
	doc := text.Parse("Activists said 35 were killed; the ministry said 21 died and local sources said 37 were killed.")
	var killed []Count
	for _, c := range Find(doc) {
		if c.Kind == "killed" {
			killed = append(killed, c)
		}
	}
	c, ok := Combine(killed)
	if !ok || c.Best != 21 || c.Low != 21 || c.High != 37 {
		t.Errorf("Combine(%+v) = %+v, want best 21 low 21 high 37", killed, c)
	}
}

func FuzzFind(f *testing.F) {
	f.Add("At least 15 people were killed, dozens wounded and 5.5 million displaced.")
	f.Add("twenty-one thousand-two hundred and and 1,2,3 .5 million million")
	f.Add("٢٣ قتيلا more than a hundred")
	f.Fuzz(func(t *testing.T, s string) {
		doc := text.Parse(s)
		for _, c := range Find(doc) {
			if c.Span.Start < 0 || c.Span.End > len(doc.Runes) || c.Span.Start >= c.Span.End {
				t.Errorf("span %d..%d out of range (%d runes)", c.Span.Start, c.Span.End, len(doc.Runes))
			}
			if c.Best < 0 || c.Low > c.Best || c.High < c.Best {
				t.Errorf("%q: best %d low %d high %d inconsistent", c.Text, c.Best, c.Low, c.High)
			}
			switch c.Kind {
			case "killed", "wounded", "people", "other":
			default:
				t.Errorf("kind %q", c.Kind)
			}
		}
	})
}
