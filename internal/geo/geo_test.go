package geo

import (
	"bytes"
	"compress/gzip"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/internal/text"
)

func TestNormNameVariants(t *testing.T) {
	groups := [][]string{
		{"Maarat al-Numan", "Ma'arrat an-Nu'man", "Maarrat al-Numan", "Ma‘arrat an Nu‘mān", "Maarat al Numan"},
		{"Deir ez-Zor", "Dayr az Zawr", "Deir al-Zor"},
		{"Douma", "Duma", "Dūmā"},
		{"Hasakah", "al-Hasakah", "Hassakeh", "Al Ḩasakah"},
		{"Ain al-Fijeh", "Ayn al-Fijah", "‘Ayn al Fījah"},
		{"Niafunké", "Niafounke", "NIAFUNKE"},
		{"Ma'rib", "Marib", "Ma’rib"},
		{"Hareeb", "Harib", "Ḩarīb"},
		{"Jisr al-Shughur", "Jisr ash Shughūr", "Jisr al-Shughour"},
		{"Pa Zi Gyi", "Pazigyi"},
	}
	for _, g := range groups {
		want := NormName(g[0])
		for _, s := range g[1:] {
			if got := NormName(s); got != want {
				t.Errorf("NormName(%q) = %q, want %q (as %q)", s, got, want, g[0])
			}
		}
	}
	distinct := [][2]string{{"Maarrat", "Ma'arratmisrin"}, {"Harim", "Kafr Takharim"}, {"Idlib", "Aleppo"}}
	for _, d := range distinct {
		if NormName(d[0]) == NormName(d[1]) {
			t.Errorf("NormName(%q) == NormName(%q) = %q, want different", d[0], d[1], NormName(d[0]))
		}
	}
	if got, want := skeleton(NormName("Kafr Nabl")), skeleton(NormName("Kafranbel")); got != want || got == "" {
		t.Errorf("skeleton(Kafr Nabl) = %q, skeleton(Kafranbel) = %q, want equal and non-empty", got, want)
	}
}

// resolveOne returns the resolved mention whose text is name.
func resolveOne(t *testing.T, g *Gazetteer, s, name string) (Resolved, bool) {
	t.Helper()
	doc := text.Parse(s)
	for _, r := range g.Resolve(doc, g.Mentions(doc)) {
		if r.Span.Text == name {
			return r, true
		}
	}
	return Resolved{}, false
}

func TestResolveCasesAndPrecision(t *testing.T) {
	g := gazetteer(t)
	tests := []struct {
		sent, name  string
		wantName    string // "" to check only precision
		wantCountry string
		wantPrec    int
	}{
		{"Children were killed in the village of Has in Idlib province.", "Has", "Has", "SYR", 1},
		{"Clashes continued in Idlib province on Monday.", "Idlib", "Idlib", "SYR", 3},
		{"Shelling hit the southern Idlib countryside.", "Idlib", "", "SYR", 2},
		{"Shelling hit the countryside of Idlib, activists said.", "Idlib", "", "SYR", 2},
		{"Warplanes struck near Saraqib in Idlib province.", "Saraqib", "Sarāqib", "SYR", 2},
		{"Warplanes struck Saraqib in Idlib province.", "Saraqib", "Sarāqib", "SYR", 1},
		{"The war in Syria has lasted a decade.", "Syria", "Syria", "SYR", 3},
		{"Houthi forces advanced in Marib governorate, Yemen.", "Marib", "Marib", "YEM", 3},
		{"The army bombed Pa Zi Gyi village in Sagaing Region, Myanmar.", "Pa Zi Gyi", "Pa Zi Gyi", "MMR", 1},
		{"Militants attacked Goundam in the Timbuktu region of Mali.", "Goundam", "Goundam", "MLI", 1},
		{"Protesters gathered in Khartoum, Sudan's capital.", "Khartoum", "Khartoum", "SDN", 1},
		{"Fighting spread across Deir ez-Zor province in Syria.", "Deir ez-Zor", "Deir ez-Zor", "SYR", 3},
		{"The UN commission met in Geneva on Tuesday to discuss Syria.", "Geneva", "Genève", "CHE", 1},
		{"Lebanon and Iran condemned the strike.", "Lebanon", "Lebanon", "LBN", 3},
		{"Lebanon and Iran condemned the strike.", "Iran", "Iran", "IRN", 3},
		{"Protesters marched in Alabama and New Jersey.", "Alabama", "Alabama", "USA", 3},
		{"Protesters marched in Alabama and New Jersey.", "New Jersey", "New Jersey", "USA", 3},
		{"Fighting in North Kivu displaced thousands in Congo.", "North Kivu", "North Kivu", "COD", 3},
		{"Fighting in North Kivu displaced thousands in Congo.", "Congo", "Democratic Republic of the Congo", "COD", 3},
		{"Police opened fire in Samawah, Iraq.", "Samawah", "", "IRQ", 1},
		{"Missiles hit positions near Damascus International Airport in Syria.", "Damascus", "Damascus", "SYR", 2},
		{"Guerrillas attacked a police station in Argelia, Cauca, in Colombia.", "Argelia", "Argelia", "COL", 1},
		{"After the town fell, refugees reached Sennar in Sudan.", "Sennar", "", "SDN", 1},
		{"قصفت الطائرات مدينة إدلب وقتل مدنيون في معرة النعمان.", "إدلب", "Idlib", "SYR", 1},
		{"قصفت الطائرات مدينة إدلب وقتل مدنيون في معرة النعمان.", "معرة النعمان", "", "SYR", 1},
		{"اشتباكات في ريف حلب الشمالي.", "حلب", "Aleppo", "SYR", 2},
	}
	for _, tc := range tests {
		r, ok := resolveOne(t, g, tc.sent, tc.name)
		if !ok {
			t.Errorf("%q: no resolved mention %q", tc.sent, tc.name)
			continue
		}
		if tc.wantName != "" && r.Place.Name != tc.wantName {
			t.Errorf("%q: %q resolved to %q, want %q", tc.sent, tc.name, r.Place.Name, tc.wantName)
		}
		if r.Place.Country != tc.wantCountry {
			t.Errorf("%q: %q in %s, want %s", tc.sent, tc.name, r.Place.Country, tc.wantCountry)
		}
		if loc := r.Location(); loc.GeoPrecision != tc.wantPrec {
			t.Errorf("%q: %q precision %d, want %d (cue %q)", tc.sent, tc.name, loc.GeoPrecision, tc.wantPrec, r.Cue)
		}
	}
}

func TestWholeNamesAndCommonWords(t *testing.T) {
	g := gazetteer(t)
	tests := []struct {
		sent    string
		notText []string // no resolved mention may have these texts
		notName []string // no resolved place may have these names
	}{
		{"Rebels in Maarrat fled the bombing of Idlib in Syria.", nil, []string{"Ma‘arratmişrīn"}},
		{"Drones hit Kafr Takharim in Idlib, Syria.", []string{"Harim", "Takharim"}, []string{"Ḩārim"}},
		{"On Tuesday, Reuters reported that Allah was invoked by the Force commander in Syria.", []string{"Tuesday", "Reuters", "Allah", "Force"}, nil},
		{"Police said the man has fled to Syria, where Hayat Tahrir al-Sham operates.", []string{"Police", "has", "Sham"}, nil},
		{"Nour al-Din al-Zenki fighters clashed with Ahrar al-Sham near Aleppo.", []string{"Nour", "Sham"}, nil},
		{"Brigadier General Yahya Saree said the missile hit Riyadh.", []string{"Saree"}, nil},
		{"According to Saree, the missile hit its target in Yemen.", []string{"Saree"}, nil},
		{"Hillary Clinton spoke in Ohio; Clinton said the vote mattered to America.", []string{"Clinton"}, nil},
		{"Senator Ford told reporters that the United States would act.", []string{"Ford"}, nil},
		{"How To Buy Gold And Use It In America", []string{"Buy", "Use", "And I"}, nil},
		{"And I said that the United States must act.", []string{"And I"}, nil},
		{"The Syrian Observatory for Human Rights said SANA had lied.", []string{"SANA", "Syrian"}, nil},
	}
	for _, tc := range tests {
		doc := text.Parse(tc.sent)
		for _, r := range g.Resolve(doc, g.Mentions(doc)) {
			for _, s := range tc.notText {
				if r.Span.Text == s {
					t.Errorf("%q: got place mention %q (%s, %s), want none", tc.sent, s, r.Place.Name, r.Place.Country)
				}
			}
			for _, n := range tc.notName {
				if r.Place.Name == n {
					t.Errorf("%q: %q resolved to %q, want not", tc.sent, r.Span.Text, n)
				}
			}
		}
	}
}

func TestCountry(t *testing.T) {
	g := gazetteer(t)
	tests := map[string]string{
		"Syria": "SYR", "Syrian": "SYR", "Iraqi": "IRQ", "Myanmar": "MMR", "Burmese": "MMR", "Burma": "MMR",
		"Malian": "MLI", "Yemeni": "YEM", "DRC": "COD", "Sudanese": "SDN", "Ukrainians": "UKR", "Hungary": "HUN",
	}
	for w, want := range tests {
		if got, ok := g.Country(w); !ok || got != want {
			t.Errorf("Country(%q) = %q, %v, want %q", w, got, ok, want)
		}
	}
	if got, want := g.CountryName("SYR"), "Syria"; got != want {
		t.Errorf("CountryName(SYR) = %q, want %q", got, want)
	}
	if p, ok := g.Admin1("SYR", "Idleb"); !ok || p.Name != "Idlib" {
		t.Errorf("Admin1(SYR, Idleb) = %+v, %v, want Idlib", p, ok)
	}
	if p, ok := g.Admin1("MLI", "Tombouctou"); !ok || p.Name != "Timbuktu" {
		t.Errorf("Admin1(MLI, Tombouctou) = %+v, %v, want Timbuktu", p, ok)
	}
}

func TestMentionOffsets(t *testing.T) {
	g := gazetteer(t)
	s := "«Shelling» hit Ma‘arrat an-Nu‘man and Kafranbel in Idlib, Syria — and Dayr az Zawr."
	doc := text.Parse(s)
	ms := g.Mentions(doc)
	if len(ms) < 4 {
		t.Fatalf("got %d mentions, want at least 4: %+v", len(ms), ms)
	}
	for _, m := range ms {
		if got := doc.Slice(m.Span.Start, m.Span.End); got != m.Span.Text {
			t.Errorf("span %d..%d is %q, text %q", m.Span.Start, m.Span.End, got, m.Span.Text)
		}
		toks := doc.Sentences[m.Sent].Tokens
		if toks[m.TokStart].Start != m.Span.Start || toks[m.TokEnd-1].End != m.Span.End {
			t.Errorf("tokens %d..%d do not cover span %q", m.TokStart, m.TokEnd, m.Span.Text)
		}
	}
}

func TestFileRoundTrip(t *testing.T) {
	recs := []record{{ID: 1, Name: "Idlib", Lat: 35.93, Lon: 36.63, Country: "SYR", Admin1: "Idlib", FCode: "PPLA", Population: 128840, Keys: []string{"idlib", "idleb"}}}
	cs := []countryRecord{{ISO3: "SYR", ISO2: "SY", Name: "Syria", Lat: 33.5, Lon: 36.3}}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if err := writeFile(zw, recs, cs); err != nil {
		t.Fatal(err)
	}
	zw.Close()
	gotR, gotC, err := readFile(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if len(gotR) != 1 || gotR[0].Name != "Idlib" || strings.Join(gotR[0].Keys, ",") != "idlib,idleb" || gotR[0].Population != 128840 {
		t.Errorf("got records %+v, want %+v", gotR, recs)
	}
	if len(gotC) != 1 || gotC[0] != cs[0] {
		t.Errorf("got countries %+v, want %+v", gotC, cs)
	}
}

func FuzzParseFile(f *testing.F) {
	f.Add([]byte(fileHeader + "\nC\tSYR\tSY\tSyria\t35\t38\nP\t1\tIdlib\t35.9\t36.6\tSYR\tIdlib\tPPLA\t100\tidlib|idleb\n"))
	f.Add([]byte(fileHeader + "\nP\t1\t\t91\t0\t\t\t\t0\t\n"))
	f.Add([]byte("garbage\tP\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		recs, cs, err := parseFile(data)
		if err != nil {
			return
		}
		for _, r := range recs {
			if !validLatLon(r.Lat, r.Lon) {
				t.Errorf("record %+v has invalid coordinates", r)
			}
		}
		for _, c := range cs {
			if !validLatLon(c.Lat, c.Lon) {
				t.Errorf("country %+v has invalid coordinates", c)
			}
		}
	})
}

func FuzzMentions(f *testing.F) {
	f.Add("Shelling hit Ma'arrat an-Nu'man in Idlib province, Syria, on Tuesday.")
	f.Add("al- al al-Sham Umm")
	f.Add("ﻻ الرقة Raqqa — «Deir ez-Zor»")
	g, err := Load()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		doc := text.Parse(s)
		ms := g.Mentions(doc)
		for _, r := range g.Resolve(doc, ms) {
			if r.Span.Start < 0 || r.Span.End > len(doc.Runes) || r.Span.Start >= r.Span.End {
				t.Errorf("span %d..%d out of range (%d runes)", r.Span.Start, r.Span.End, len(doc.Runes))
			}
			if p := r.Location().GeoPrecision; p < 1 || p > 3 {
				t.Errorf("precision %d out of range", p)
			}
		}
	})
}

func TestConcurrentUse(t *testing.T) {
	g := gazetteer(t)
	doc := text.Parse(benchArticle)
	want := len(g.Resolve(doc, g.Mentions(doc)))
	done := make(chan int)
	for k := 0; k < 4; k++ {
		go func() {
			d := text.Parse(benchArticle)
			done <- len(g.Resolve(d, g.Mentions(d)))
		}()
	}
	for k := 0; k < 4; k++ {
		if got := <-done; got != want {
			t.Errorf("concurrent run resolved %d places, want %d", got, want)
		}
	}
}
