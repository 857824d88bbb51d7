package lexicon

import (
	"io"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/data/samples"
	"github.com/sitrep/sitrep/internal/text"
)

func mustLoad(t testing.TB) *Lexicon {
	t.Helper()
	l, err := Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return l
}

// found is what a test expects of one mention.
type found struct {
	text, name, head string
	generic          bool
}

func TestFind(t *testing.T) {
	l := mustLoad(t)
	tests := []struct {
		in   string
		want []found
	}{
		{"Warplanes of the Syrian air force struck Kafr Nabl on Monday.",
			[]found{{"Warplanes of the Syrian air force", "Military Forces of Syria", "warplanes", false}}},
		{"Russian and Syrian warplanes pounded the area.",
			[]found{{"Russian", "Military Forces of Russia", "warplanes", true}, {"Syrian warplanes", "Military Forces of Syria", "warplanes", true}}},
		{"Russian and regime warplanes pounded the area.",
			[]found{{"Russian", "Military Forces of Russia", "warplanes", true}, {"regime warplanes", "Military Forces", "warplanes", true}}},
		{"Militiamen loyal to Khalifa Haftar shelled the airport.",
			[]found{{"Militiamen loyal to Khalifa Haftar", "Libyan National Army", "militiamen", false}}},
		{"Residents of Idlib and fighters of HTS.",
			[]found{{"Residents", "Civilians", "residents", true}, {"fighters of HTS", "Hayat Tahrir al-Sham", "fighters", false}}},
		{"The army launched a military operation; civilian areas were hit.",
			[]found{{"army", "Military Forces", "army", true}}},
		{"Air strikes killed 30 Palestinians, and the Syrians said so.",
			[]found{{"Palestinians", "Civilians (Palestine)", "palestinians", true}, {"Syrians", "Civilians (Syria)", "syrians", true}}},
		{"In Ukraine, Russian forces advanced.",
			[]found{{"Ukraine", "Government of Ukraine", "", false}, {"Russian forces", "Military Forces of Russia", "forces", false}}},
		{"Clashes in Sadr City; Lake Assad.",
			nil},
		{"THE ARMY IS READY, HTS SAID.",
			[]found{{"ARMY", "Military Forces", "army", true}, {"HTS", "Hayat Tahrir al-Sham", "", false}}},
		{"An army spokesman said.",
			[]found{{"army spokesman", "Military Forces", "spokesman", true}}},
		{"Russian jets and Syrian government forces shelled the town.",
			[]found{{"Russian jets", "Military Forces of Russia", "jets", false}, {"Syrian government forces", "Military Forces of Syria", "government forces", false}}},
		{"HTS terrorists attacked the checkpoint, the agency said.",
			[]found{{"HTS terrorists", "Hayat Tahrir al-Sham", "terrorists", false}}},
		{"Fighters from Hay'at Tahrir al-Sham and Hayat Tahrir al Sham militants met.",
			[]found{{"Fighters", "Rebels", "fighters", true}, {"Hay'at Tahrir al-Sham", "Hayat Tahrir al-Sham", "", false}, {"Hayat Tahrir al Sham militants", "Hayat Tahrir al-Sham", "militants", false}}},
		{"They call it Syria's al Qaeda.",
			[]found{{"Syria's al Qaeda", "Hayat Tahrir al-Sham", "", false}}},
		{"Hts is not an acronym here, but HTS is.",
			[]found{{"HTS", "Hayat Tahrir al-Sham", "", false}}},
		{"Syria's ambassador told the council that the claims were false.",
			[]found{{"Syria's ambassador", "Government of Syria", "ambassador", true}}},
		{"Iraqi security forces opened fire on protesters in Nasiriyah.",
			[]found{{"Iraqi security forces", "Military Forces of Iraq", "security forces", false}, {"protesters", "Protesters", "protesters", true}}},
		{"Iraqi riot police dispersed demonstrators.",
			[]found{{"Iraqi riot police", "Police Forces of Iraq", "riot police", false}, {"demonstrators", "Protesters", "demonstrators", true}}},
		{"The Saudi-led coalition said Saudi fighter jets intercepted a drone.",
			[]found{{"Saudi-led coalition", "Saudi-led coalition", "", false}, {"Saudi fighter jets", "Military Forces of Saudi Arabia", "fighter jets", false}, {"drone", "Military Forces", "drone", true}}},
		{"Iran-backed militias fired rockets.",
			[]found{{"militias", "Militias", "militias", true}}},
		{"Gunmen stormed a village and the Malian army later arrived.",
			[]found{{"Gunmen", "Unidentified Armed Group", "gunmen", true}, {"Malian army", "Military Forces of Mali", "army", false}}},
		{"The Nigerien junta expelled French troops.",
			[]found{{"Nigerien junta", "Government of Niger", "junta", false}, {"French troops", "Military Forces of France", "troops", false}}},
		{"Yemeni rebels and Syrian rebels.",
			[]found{{"Yemeni rebels", "Yemeni rebels", "rebels", true}, {"Syrian rebels", "Syrian rebels", "rebels", true}}},
		{"The Houthis' spokesman Yahya Saree said.",
			[]found{{"Houthis' spokesman", "Houthi movement", "spokesman", false}, {"Yahya Saree", "Houthi movement", "", false}}},
		{"Russian Foreign Minister Sergei Lavrov and HTS leader Abu Mohammad al-Jolani spoke.",
			[]found{{"Russian Foreign Minister", "Government of Russia", "foreign minister", true},
				{"Sergei Lavrov", "Government of Russia", "", false},
				{"HTS leader", "Hayat Tahrir al-Sham", "leader", false},
				{"Abu Mohammad al-Jolani", "Government of Syria", "", false}}},
		{"Russian President Vladimir Putin and Brigadier General Yahya Saree spoke.",
			[]found{{"Russian President", "Government of Russia", "president", true},
				{"Vladimir Putin", "Government of Russia", "", false},
				{"Yahya Saree", "Houthi movement", "", false}}},
		{"The U.S.-backed SDF and U.N.-run schools; the U.S. said.",
			[]found{{"SDF", "Syrian Democratic Forces", "", false}, {"U.S.", "Government of the United States", "", false}}},
		{"Assad regime forces advanced.",
			[]found{{"Assad regime forces", "Military Forces of Syria", "forces", false}}},
		{"The U.N. and the UN Security Council met in Russia.",
			[]found{{"U.N.", "United Nations", "", false}, {"UN Security Council", "UN Security Council", "", false}, {"Russia", "Government of Russia", "", false}}},
		{"Sudanese protesters held a sit-in outside the army headquarters.",
			[]found{{"Sudanese protesters", "Protesters (Sudan)", "protesters", true}, {"sit-in", "Protesters", "sit-in", true}, {"army", "Military Forces", "army", true}}},
		{"An amnesty was declared, Amnesty said.",
			[]found{{"Amnesty", "Amnesty International", "", false}}},
		{"Rebels of the al-Qaeda-linked group.",
			[]found{{"Rebels", "Rebels", "rebels", true}}},
	}
	for _, tc := range tests {
		doc := text.Parse(tc.in)
		got := l.Find(doc)
		if len(got) != len(tc.want) {
			t.Errorf("Find(%q): got %d mentions %v, want %d", tc.in, len(got), describe(got), len(tc.want))
			continue
		}
		for i, w := range tc.want {
			g := got[i]
			if g.Span.Text != w.text || g.Actor.Name != w.name || g.Head != w.head || g.Generic != w.generic {
				t.Errorf("Find(%q)[%d]: got %q → %q head %q generic %v, want %q → %q head %q generic %v",
					tc.in, i, g.Span.Text, g.Actor.Name, g.Head, g.Generic, w.text, w.name, w.head, w.generic)
			}
			if runes := []rune(tc.in); string(runes[g.Span.Start:g.Span.End]) != g.Span.Text {
				t.Errorf("Find(%q)[%d]: span %d..%d is %q, want %q", tc.in, i, g.Span.Start, g.Span.End,
					string(runes[g.Span.Start:g.Span.End]), g.Span.Text)
			}
			toks := doc.Sentences[g.Sent].Tokens
			if toks[g.TokStart].Start != g.Span.Start || toks[g.TokEnd-1].End != g.Span.End {
				t.Errorf("Find(%q)[%d]: tokens %d..%d do not cover the span", tc.in, i, g.TokStart, g.TokEnd)
			}
		}
	}
}

func describe(ms []Mention) string {
	var b strings.Builder
	for _, m := range ms {
		b.WriteString(m.Span.Text + "→" + m.Actor.Name + "; ")
	}
	return b.String()
}

func TestFindAt(t *testing.T) {
	l := mustLoad(t)
	tests := []struct {
		in, date, want, person string
	}{
		{"President Bashar al-Assad said", "2018-07-06", "Government of Syria", "Bashar al-Assad"},
		{"Abu Mohammad al-Jolani said", "2015-03-01", "Jabhat al-Nusra", "Abu Mohammad al-Jolani"},
		{"Abu Mohammad al-Jolani said", "2019-03-01", "Hayat Tahrir al-Sham", "Abu Mohammad al-Jolani"},
		{"Abu Mohammad al-Jolani said", "2025-03-01", "Government of Syria", "Ahmed al-Sharaa"},
		{"the RSF said", "2019-06-03", "Rapid Support Forces", ""},
		{"Sudan's military rulers said", "2019-06-03", "Transitional Military Council", ""},
		{"Sudan's military rulers said", "2024-06-03", "Military Forces of Sudan", ""},
	}
	for _, tc := range tests {
		got := l.FindAt(text.Parse(tc.in), tc.date)
		if len(got) == 0 {
			t.Errorf("FindAt(%q, %s): no mention, want %q", tc.in, tc.date, tc.want)
			continue
		}
		last := got[len(got)-1] // the name, after any title
		if last.Actor.Name != tc.want || last.Person != tc.person {
			t.Errorf("FindAt(%q, %s): got %q (person %q), want %q (person %q)", tc.in, tc.date, last.Actor.Name, last.Person, tc.want, tc.person)
		}
	}
	// RSF changed from a state force to a rebel group in April 2023.
	for date, want := range map[string]int{"2019-06-03": 1, "2024-01-10": 2} {
		got := l.FindAt(text.Parse("RSF fighters looted the market."), date)
		if len(got) != 1 || got[0].Actor.Type != want {
			t.Errorf("FindAt(RSF, %s): got %v, want type %d", date, describe(got), want)
		}
	}
	// A person outside their role is not matched.
	if got := l.FindAt(text.Parse("Omar al-Bashir spoke."), "2024-01-01"); len(got) != 0 {
		t.Errorf("FindAt(Bashir, 2024): got %v, want nothing", describe(got))
	}
}

func TestLocalise(t *testing.T) {
	l := mustLoad(t)
	doc := text.Parse("Civilians and rebels fled as jets circled.")
	ms := l.Find(doc)
	want := []struct{ name, code string }{{"Civilians (Syria)", "SYRCVL"}, {"Syrian rebels", "SYRREB"}, {"Military Forces of Syria", "SYRMIL"}}
	if len(ms) != len(want) {
		t.Fatalf("Find: got %v, want %d mentions", describe(ms), len(want))
	}
	for i, w := range want {
		got := l.Localise(ms[i].Actor, "SYR")
		if got.Name != w.name || got.Code != w.code || got.Country != "SYR" {
			t.Errorf("Localise(%q, SYR): got %q %q %q, want %q %q SYR", ms[i].Actor.Name, got.Name, got.Code, got.Country, w.name, w.code)
		}
	}
	hts, _ := l.ByName("HTS")
	if got := l.Localise(hts, "IRQ"); got.Name != "Hayat Tahrir al-Sham" {
		t.Errorf("Localise(HTS, IRQ): got %q, want unchanged", got.Name)
	}
}

func TestCountry(t *testing.T) {
	l := mustLoad(t)
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"Syria", "SYR", true}, {"Syrian", "SYR", true}, {"Syria's", "SYR", true}, {"syrian", "SYR", true},
		{"Burma", "MMR", true}, {"Burmese", "MMR", true}, {"U.S.", "USA", true}, {"US", "USA", true},
		{"us", "", false}, {"Burkinabè", "BFA", true}, {"South Sudan", "SSD", true}, {"Sudanese", "SDN", true},
		{"Côte d'Ivoire", "CIV", true}, {"Atlantis", "", false},
	}
	for _, tc := range tests {
		got, ok := l.Country(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("Country(%q): got %q %v, want %q %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
	if got := l.CountryName("MMR"); got != "Myanmar" {
		t.Errorf("CountryName(MMR): got %q, want Myanmar", got)
	}
}

func TestByName(t *testing.T) {
	l := mustLoad(t)
	tests := []struct{ in, want string }{
		{"Hayat Tahrir al-Sham", "Hayat Tahrir al-Sham"},
		{"hayat tahrir al sham", "Hayat Tahrir al-Sham"},
		{"Civilians (Syria)", "Civilians (Syria)"},
		{"Protesters (Iraq)", "Protesters (Iraq)"},
		{"Ansar Allah", "Houthi movement"},
		{"Military Forces of Mali", "Military Forces of Mali"},
	}
	for _, tc := range tests {
		got, ok := l.ByName(tc.in)
		if !ok || got.Name != tc.want {
			t.Errorf("ByName(%q): got %q %v, want %q", tc.in, got.Name, ok, tc.want)
		}
	}
	if _, ok := l.ByName("Nobody at all"); ok {
		t.Errorf("ByName(Nobody at all): found, want not found")
	}
}

func TestDocCountry(t *testing.T) {
	l := mustLoad(t)
	doc := text.Parse("The SNA said Syrian jets hit Idlib. Turkish officials and Syrian rebels met in Syria.")
	if got := l.DocCountry(doc); got != "SYR" {
		t.Errorf("DocCountry: got %q, want SYR", got)
	}
	ms := l.Find(doc)
	if len(ms) == 0 || ms[0].Actor.Name != "Syrian National Army" {
		t.Errorf("Find: SNA in a Syrian article resolved to %v, want Syrian National Army", describe(ms))
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ kind, in, want string }{
		{KindActors, "# c\nX | C | 9 | SYR | group", "line 2: inter type"},
		{KindActors, "X | C | 2 | Syria | group", "line 1: country"},
		{KindActors, "X | C | 2 | SYR | gang", "line 1: kind"},
		{KindActors, "X | | | | person | Y", "line 1: person"},
		{KindActors, "X | C | 2 | SYR | group | a | 2020..2019", "line 1: date bounds"},
		{KindActors, "X | C | 2", "line 1: want 5 to 8 fields"},
		{KindAgents, "a; b | civilians | CVL | 7 | Civilians", "line 1: template"},
		{KindAgents, "a | civilians | CVL | 7", "line 1: want 5 fields"},
		{KindCountries, "Syria", "line 1: want 2 to 5 fields"},
		{KindCountries, "Syria | sy", "line 1: country"},
		{"verbs", "", "unknown dictionary kind"},
	}
	for _, tc := range tests {
		_, err := Parse(strings.NewReader(tc.in), tc.kind)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Parse(%q, %s): got error %v, want one containing %q", tc.in, tc.kind, err, tc.want)
		}
	}
}

func TestLoadWith(t *testing.T) {
	extra := "Free Idlib Brigade | SYRREB | 2 | SYR | group | FIB; Idlib Free Brigade\n"
	l, err := LoadWith([]io.Reader{strings.NewReader(extra)}, []string{KindActors})
	if err != nil {
		t.Fatalf("LoadWith: %v", err)
	}
	ms := l.Find(text.Parse("The FIB and HTS fought."))
	if len(ms) != 2 || ms[0].Actor.Name != "Free Idlib Brigade" || ms[1].Actor.Name != "Hayat Tahrir al-Sham" {
		t.Errorf("Find with extra actors: got %v", describe(ms))
	}
}

// TestSamples checks the demo articles (our own texts) for the actors the
// demo is meant to show.
func TestSamples(t *testing.T) {
	l := mustLoad(t)
	as, err := samples.Articles()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"sudan-north-darfur-2025-01-21":    {"Sudan Doctors Network", "Military Forces of Sudan", "Rapid Support Forces", "Joint Darfur Force", "UN Office for the Coordination of Humanitarian Affairs", "Civilians (Sudan)"},
		"idlib-jabal-zawiya-2024-10-16":    {"Syrian Observatory for Human Rights", "Military Forces of Syria", "Military Forces of Russia", "Hayat Tahrir al-Sham", "Al-Fath al-Mubin", "Civilians (Syria)"},
		"yemen-marib-statement-2025-03-09": {"Houthi movement", "Saudi-led coalition", "Military Forces of Yemen (Hadi government)", "Government of Saudi Arabia"},
		"mali-lere-attack-2025-02-12":      {"JNIM", "Military Forces of Mali", "Africa Corps", "Protesters (Mali)", "Unidentified Armed Group (Mali)", "Government of Mali"},
	}
	for _, a := range as {
		doc := text.Parse(a.Text)
		c := l.DocCountry(doc)
		have := map[string]bool{}
		for _, m := range l.FindAt(doc, a.Published) {
			have[l.Localise(m.Actor, c).Name] = true
		}
		for _, n := range want[a.ID] {
			if !have[n] {
				t.Errorf("%s: no mention of %q", a.ID, n)
			}
		}
	}
}

// TestDefinedAcronyms: an acronym the article defines names the defined
// actor everywhere in the article, over the dictionary's meaning, and
// undefined acronyms keep theirs.
func TestDefinedAcronyms(t *testing.T) {
	l := mustLoad(t)
	tests := []struct {
		in   string
		want []string // actor names of the mentions whose text is the acronym
	}{
		// The defining "(ADF)" joins the name's own mention.
		{"The Ambazonia Defence Forces (ADF) ambushed a convoy. The ADF claims responsibility.",
			[]string{"Ambazonia Defence Forces"}},
		{"ADF rebels killed 30 civilians near Beni. The ADF denied it.",
			[]string{"Allied Democratic Forces", "Allied Democratic Forces"}},
		{"Hayat Tahrir al-Sham (HTS) said HTS fighters hold Idlib.",
			[]string{"Hayat Tahrir al-Sham"}},
		{"The Radaa Special Deterrence Force said.", nil},
	}
	for _, tc := range tests {
		doc := text.Parse(tc.in)
		var got []string
		for _, m := range l.FindAt(doc, "2022-09-04") {
			toks := doc.Sentences[m.Sent].Tokens
			if isAcronym(toks[m.TokStart].Text) {
				got = append(got, m.Actor.Name)
			}
		}
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("%q: acronym mentions name %q, want %q", tc.in, got, tc.want)
		}
	}
	// Two aliases side by side are one mention.
	doc := text.Parse("The Radaa Special Deterrence Force said.")
	if got := l.FindAt(doc, "2024-06-05"); len(got) != 1 || got[0].Span.Text != "Radaa Special Deterrence Force" {
		t.Errorf("Radaa Special Deterrence Force: mentions %v, want one", describe(got))
	}
}

// TestLaterSurnames: a person named in full is found again by surname
// alone later in the article, never before the full name.
func TestLaterSurnames(t *testing.T) {
	l := mustLoad(t)
	doc := text.Parse("Mujahid spoke first. Zabihullah Mujahid, the Taliban's chief spokesman, said the strikes hit homes. Mujahid denied it.")
	var got []string
	for _, m := range l.FindAt(doc, "2023-09-07") {
		got = append(got, m.Span.Text+"="+m.Actor.Name)
	}
	want := "Zabihullah Mujahid=Taliban|Taliban=Taliban|spokesman=Government|Mujahid=Taliban"
	if strings.Join(got, "|") != want {
		t.Errorf("mentions %q, want %q", strings.Join(got, "|"), want)
	}
}
