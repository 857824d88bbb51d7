package coder

import (
	"strings"
	"testing"

	coderdata "github.com/sitrep/sitrep/data/coder"
	"github.com/sitrep/sitrep/internal/text"
)

func TestParseTriggersErrors(t *testing.T) {
	tests := []struct {
		name, in, wantErr string
	}{
		{"ok", "attack | 190 | struck; hit\n", ""},
		{"comment and blank", "# c\n\nkill | 180 | killed # trailing\n", ""},
		{"fields", "attack | 190\n", "line 1: want 3"},
		{"code", "attack | 19x | struck\n", "line 1: CAMEO code"},
		{"gap at start", "\nattack | 190 | _ struck\n", "line 2: phrase"},
		{"empty family", " | 190 | struck\n", "line 1: empty family"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseTriggers([]byte(tt.in))
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("got error %v, want none", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("got error %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestEmbeddedTriggersParse(t *testing.T) {
	ts, err := ParseTriggers(coderdata.Triggers)
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) < 200 {
		t.Errorf("got %d trigger phrases, want at least 200", len(ts))
	}
	for _, tr := range ts {
		if PLOVER(tr.Code) == "" && tr.Code[:2] != "01" && tr.Code[:2] != "09" {
			t.Errorf("trigger %q: CAMEO %s has no PLOVER type", tr.Phrase, tr.Code)
		}
	}
}

func FuzzParseTriggers(f *testing.F) {
	f.Add(coderdata.Triggers)
	f.Add([]byte("a | 19 | x _ y\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		ts, err := ParseTriggers(b)
		if err != nil {
			return
		}
		ix := newTriggerIndex(ts)
		doc := text.Parse("They told the army to strike the base, and jets struck it.")
		for _, s := range doc.Sentences {
			for _, h := range ix.find(s.Tokens) {
				if h.start < 0 || h.end > len(s.Tokens) || h.start >= h.end {
					t.Fatalf("hit %+v out of range", h)
				}
			}
		}
	})
}

func TestFind(t *testing.T) {
	ts, err := ParseTriggers([]byte("demand | 100 | told _ to; ordered\nattack | 190 | opened fire; fired\n"))
	if err != nil {
		t.Fatal(err)
	}
	ix := newTriggerIndex(ts)
	tests := []struct {
		in   string
		want []string
	}{
		{"They told the local residents to leave.", []string{"demand:told _ to"}},
		{"Troops opened fire and fired again.", []string{"attack:opened fire", "attack:fired"}},
		{"They told everyone in the whole wide and open town to go.", nil}, // gap longer than five
	}
	for _, tt := range tests {
		doc := text.Parse(tt.in)
		var got []string
		for _, h := range ix.find(doc.Sentences[0].Tokens) {
			got = append(got, h.Family+":"+h.Phrase)
		}
		if strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("find(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestPLOVER(t *testing.T) {
	tests := map[string]string{
		"195": "ASSAULT", "0871": "RETREAT", "057": "AGREE", "015": "AGREE", "016": "REJECT",
		"1723": "COERCE", "175": "ASSAULT", "141": "PROTEST", "138": "THREATEN", "064": "COOPERATE",
		"100": "REQUEST", "020": "REQUEST", "112": "ACCUSE", "154": "MOBILIZE", "010": "",
	}
	for code, want := range tests {
		if got := PLOVER(code); got != want {
			t.Errorf("PLOVER(%s) = %q, want %q", code, got, want)
		}
	}
}

func TestInteraction(t *testing.T) {
	tests := []struct{ a, b, want int }{{1, 7, 17}, {7, 1, 17}, {2, 0, 20}, {0, 6, 60}, {0, 0, 0}, {8, 2, 28}}
	for _, tt := range tests {
		if got := Interaction(tt.a, tt.b); got != tt.want {
			t.Errorf("Interaction(%d, %d) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestHeadline(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"Beni: at least 30 civilians killed in ADF attack near Oicha\n\nBENI - Suspected ADF rebels killed 30 people.", true},
		{"Bamenda, 4 September 2022\n\nThe group said it attacked.", true},
		{"Rebels attacked the town. The army said it repelled them.", false},
		{"Rebels attacked the town\nThe army said it repelled them.", false}, // one line break does not end a sentence
		{"\"We will retaliate.\"\n\nThe army spokesman said so.", false},
		{"One line only", false},
	}
	for _, tt := range tests {
		if got := headline(text.Parse(tt.in)); got != tt.want {
			t.Errorf("headline(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// TestModalityBackground: cumulative statements, background in relative
// clauses and a ceasefire given up are not asserted events.
func TestModalityBackground(t *testing.T) {
	c, err := New()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		in, phrase, want string
	}{
		{"Israel has struck more than a dozen schools used as shelters since July.", "struck", "generic"},
		{"The insurgency, which began in 2017, has killed more than 6,000 people.", "killed", "generic"},
		{"ADF rebels, who have pledged allegiance to the Islamic State group, attacked Oicha.", "pledged", "generic"},
		{"The government suspended its ceasefire with the rebels in March.", "ceasefire", "negated"},
		{"Rebels have captured the town of Kalaa, the army said on Tuesday.", "captured", "asserted"},
		{"Jets struck the school in Has village on Monday.", "struck", "asserted"},
		{"Four men were shot dead over the weekend, the 29th massacre so far this year.", "shot dead", "asserted"},
		{"Residents had blocked the main road for hours to protest against water shortages.", "protest", "asserted"},
		{"The group vowed to attack the town.", "attack", "future"},
		{"Protests over water shortages erupt almost every year in Basra.", "protests", "generic"},
		{"The attempt by the regime to carry out a terrorist attack with drones has been thwarted.", "attack", "negated"},
	}
	for _, tt := range tests {
		doc := text.Parse(tt.in)
		toks := doc.Sentences[0].Tokens
		var head *hit
		for _, h := range c.triggers.find(toks) {
			if h.Phrase == tt.phrase {
				h := h
				head = &h
			}
		}
		if head == nil {
			t.Fatalf("%q: no trigger %q", tt.in, tt.phrase)
		}
		if got := modality(c.triggers.find(toks), toks, 0, *head, head.Family); got != tt.want {
			t.Errorf("%q: modality %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestWeaponOnly: a bare weapon noun without a country is a weapon alone;
// "its artillery" tells its owner, even though "its" stands outside the
// mention's span.
func TestWeaponOnly(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"Drones also struck the port.", true},
		{"Its artillery struck the post.", false},
		{"Their drones hit the port.", false},
	}
	for _, tt := range tests {
		toks := text.Parse(tt.in).Sentences[0].Tokens
		k := 0
		for k < len(toks) && !weaponNouns[toks[k].Norm] {
			k++
		}
		a := &ActorRef{TokStart: k, TokEnd: k + 1, Generic: true, Head: toks[k].Norm}
		if got := weaponOnly(toks, a); got != tt.want {
			t.Errorf("%q: weaponOnly = %v, want %v", tt.in, got, tt.want)
		}
	}
}
