package geo

import (
	"strings"
	"unicode"

	"github.com/sitrep/sitrep/internal/model"
	"github.com/sitrep/sitrep/internal/text"
)

// Mention is one place name found in the text.
type Mention struct {
	Span             model.Span
	Sent             int // sentence index
	TokStart, TokEnd int // token range [TokStart, TokEnd) in that sentence
	Candidates       []Place
	// Cue is the feature or proximity word next to the name: "village",
	// "town", "city", "province", "countryside", "near", "outskirts",
	// "district", "area", ... or "".
	Cue string
	// Precision is ACLED's geo_precision: from Mentions, the one the cue
	// implies (0 when the cue says nothing); in a Resolved, the final one
	// from cue and feature (1 town or village, 2 near / countryside /
	// district / area, 3 admin-1 unit, large region or country).
	Precision int
	// Loose is set when the name matched only through the consonant skeleton.
	Loose bool
	// Common is set when the name is also a common English word, so that
	// the resolver wants more evidence.
	Common bool
}

// stopNames are capitalised words that are never place mentions on their
// own, although the gazetteer holds places of that name.
var stopNames = setOf(`monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
september october november december jan feb mar apr jun jul aug sep sept oct nov dec today yesterday tomorrow reuters afp ap allah god president minister king queen prince
general colonel major captain sergeant army force forces police state states government council ministry office union
national international united islamic arab muslim christian sunni shia shiite kurd kurds kurdish alawite druze
hezbollah hizbollah hamas taliban isis isil daesh houthi houthis wagner nusra qaeda
ally allies mr mrs dr sir lord saint mount new north south east west northern southern eastern western central upper lower
the a an and or of in on at to for by with from as is was are were be been this that these those it its he she they we you i
his her their our my your said says say told tell report reports reported according also but if so not no yes all any some
one two three four five six seven eight nine ten first second third last next many more most much few other such only
after before during since until while when where who what which why how there here then than very just now still even
people man men woman women child children family group groups media news press agency observatory rights human
human syrian iraqi amnesty watch un eu nato us uk usa uae
spring summer autumn winter christmas easter ramadan eid day week month year
congress senate parliament pentagon cabinet assembly court english
مدينة بلدة قرية مخيم ريف منطقة محافظة في من على الى إلى
video photo photos image images source sources official officials spokesman spokeswoman statement
mosque hospital school church market bridge road street square airport base camp prison university
victory liberty justice freedom hope peace progress unity independence republic democracy
bashar assad putin zelensky zelenskyy biden trump erdogan obama macron hafez ali mohammed muhammad ahmed ahmad hassan
hussein omar umar khalid abdullah abdul abu ibrahim ismail mahmoud mustafa yusuf salman faisal saleh hadi
john james david michael paul peter george mark
`)

// commonWords are English words that are also place names; as a single
// word they need a cue ("in", "village of") before the resolver takes them.
var commonWords = setOf(`has hass man best can may will well bath reading eagle sale split nice mobile
police fort port bar bay cape cliff hill hills lake falls river rock springs valley wells field fields
mine mines victoria regina grand big little green white black red blue gold golden silver
lincoln washington jackson
de la le el al san santa sao los las
use buy see give back home never follow route court mission reserve branch diamond herald ward center centre
post page college metro casino defense defence marines far tea pay harvest winner eminence atlantic ridge bay
mars son advance mentor drain hide circa loyal needless victory union liberty independence progress
`)

// functionWords may stand capitalised before a place name without being
// part of a longer name.
var functionWords = setOf(`in on at the a an from near to of and or but for by with into outside inside across around
between within towards toward through throughout over under about after before since during while when where as
both either neither nor than then so if that this these those its their his her our said says told
northern southern eastern western central north south east west northeast northwest southeast southwest
rural greater old new upper lower
`)

// notNameStart are words that never begin a multi-word place name.
var notNameStart = setOf(`and or but if as at in on of to the a an all any some this that these those it its he she they
we you i his her their our my your by for from with into so not no yes then than when where who what which why how
there here while since until after before during said says told according also even just only`)

// articleWords may be part of a name in lower case ("Ma'arrat an-Nu'man",
// "Dayr az Zawr", "Jisr al Shughur").
var articleWords = setOf(`al el ul ad adh ag ak an ar as ash at ath az ed en er es esh et ez il de du des da do dos das di del della
of la le les bin ibn bint bani beni abu um umm ain ayn wadi`)

// placeCues follow a name: "Idlib province", "Pa Zi Gyi village".
var placeCues = map[string]int{
	"village": 1, "town": 1, "city": 1, "camp": 1, "township": 2, "neighbourhood": 2, "neighborhood": 2,
	"district": 2, "area": 2, "valley": 2, "countryside": 2, "outskirts": 2, "suburbs": 2, "countryside's": 2,
	"plain": 2, "plains": 2, "mountains": 2, "mountain": 2,
	"province": 3, "governorate": 3, "region": 3, "state": 3, "oblast": 3, "prefecture": 3, "division": 3,
}

// preCues precede a name ("the village of Has", "near Saraqib").
var preCues = map[string]int{
	"near": 2, "nearby": 2, "outside": 2, "outskirts": 2, "around": 2, "vicinity": 2, "countryside": 2,
	"suburbs": 2, "suburb": 2, "west": 2, "east": 2, "north": 2, "south": 2, "northwest": 2, "northeast": 2,
	"southwest": 2, "southeast": 2, "km": 2, "kilometres": 2, "kilometers": 2, "miles": 2, "district": 2,
	"area": 2, "region": 3, "province": 3, "governorate": 3, "state": 3, "village": 1, "town": 1, "city": 1,
	"camp": 1, "hamlet": 1, "in": 0, "at": 0, "from": 0, "into": 0, "of": 0,
	// Arabic feature words precede the name: مدينة إدلب, ريف حلب.
	"مدينة": 1, "بلدة": 1, "قرية": 1, "مخيم": 1, "ريف": 2, "منطقة": 2, "محافظة": 3, "في": 0,
}

// arabicCue names the Arabic feature words in English.
var arabicCue = map[string]string{
	"مدينة": "city", "بلدة": "town", "قرية": "village", "مخيم": "camp", "ريف": "countryside", "منطقة": "area",
	"محافظة": "governorate",
}

func setOf(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// Mentions finds every place name in doc: whole-name matches only, the
// longest name first at each position, in text order.
func (g *Gazetteer) Mentions(doc *text.Doc) []Mention {
	if g == nil || doc == nil {
		return nil
	}
	lowerWords := map[string]bool{}
	for _, s := range doc.Sentences {
		for _, t := range s.Tokens {
			if t.Text == t.Norm && isWordTok(t.Text) && hasLower(t.Text) {
				lowerWords[t.Norm] = true
			}
		}
	}
	var out []Mention
	for si, s := range doc.Sentences {
		ts := s.Tokens
		title := isTitleCase(ts)
		lastEnd := -1 // token end of the previous mention in this sentence
		for i := 0; i < len(ts); {
			listed := lastEnd >= 0 && i == lastEnd+1 && (ts[lastEnd].Norm == "and" || ts[lastEnd].Norm == "," || ts[lastEnd].Norm == "or")
			m, ok := g.matchAt(doc, ts, si, i, lowerWords, listed)
			if !ok {
				i++
				continue
			}
			if title && m.TokEnd-m.TokStart == 1 {
				m.Common = true // a headline capitalises every word
			}
			out = append(out, m)
			i = m.TokEnd
			lastEnd = i
		}
	}
	return out
}

// matchAt matches the longest name at token i. listed says the name follows
// another place in a list ("Haditha and Hit"), which is cue enough for a
// name that is also an English word.
func (g *Gazetteer) matchAt(doc *text.Doc, ts []text.Token, si, i int, lowerWords map[string]bool, listed bool) (Mention, bool) {
	if !isWordTok(ts[i].Text) || !nameStart(ts[i].Text) {
		return Mention{}, false
	}
	maxN := g.maxWords
	if len(ts)-i < maxN {
		maxN = len(ts) - i
	}
	for n := maxN; n >= 1; n-- {
		win := ts[i : i+n]
		if !windowOK(win) {
			continue
		}
		parts := make([]string, n)
		for j, t := range win {
			parts[j] = t.Text
		}
		key := NormName(strings.Join(parts, " "))
		if key == "" || g.demonym[key] {
			continue
		}
		idx, loose := g.keys[key], false
		if len(idx) == 0 {
			if sk := skeleton(key); sk != "" && n >= 1 && hasUpper(win[0].Text) {
				idx, loose = g.skeletonIndex()[sk], true
			}
		}
		if len(idx) == 0 {
			continue
		}
		first := strings.TrimSuffix(strings.ToLower(stripArticle(win[0].Norm)), ".")
		common := false
		if n == 1 {
			if stopNames[first] || stopNames[strings.TrimSuffix(win[0].Norm, ".")] {
				continue
			}
			common = commonWords[first] || lowerWords[win[0].Norm] || (i == 0 && lowerWords[strings.ToLower(first)])
		}
		if loose && (n == 1 && len([]rune(win[0].Text)) < 7) {
			continue
		}
		// A capitalised neighbour means a longer name (person, group).
		if leftBlocked(ts, i) || rightBlocked(ts, i+n) {
			continue
		}
		// Short all-capital words are acronyms ("SANA", "IS"), not places.
		if n == 1 && isAcronym(win[0].Text) && g.countryWord[key] == "" {
			continue
		}
		m := Mention{
			Span:     model.Span{Start: win[0].Start, End: win[n-1].End, Text: doc.Slice(win[0].Start, win[n-1].End)},
			Sent:     si,
			TokStart: i, TokEnd: i + n,
			Loose:  loose,
			Common: common,
		}
		for _, k := range idx {
			m.Candidates = append(m.Candidates, g.places[k])
		}
		m.Cue, m.Precision = cueAround(ts, i, i+n)
		if common && m.Cue == "" && !listed && !(i > 0 && preCueWord(ts[i-1].Norm)) {
			continue
		}
		return m, true
	}
	return Mention{}, false
}

// isOfficialWord lists capitalised words that may follow a place name
// without making it part of a longer name ("Idlib Governorate", "Aleppo
// Province", "Khartoum State", "Damascus International Airport").
func isOfficialWord(w string) bool {
	switch w {
	case "governorate", "province", "region", "state", "oblast", "district", "city", "village", "town", "countryside",
		"valley", "camp", "airport", "area", "subdistrict", "sub-district", "municipality", "township",
		"international", "air", "airbase", "port", "harbour", "harbor", "crossing", "refinery":
		return true
	}
	return false
}

// leftBlocked reports whether the word before position i (skipping
// articles: "Tahrir al Sham") is a capitalised word that makes the name part
// of a longer one.
func leftBlocked(ts []text.Token, i int) bool {
	j := i - 1
	for j >= 0 && articles[ts[j].Norm] && ts[j].Text == ts[j].Norm {
		j--
	}
	if j < 0 {
		return false
	}
	p := ts[j]
	return isWordTok(p.Text) && hasUpper(p.Text) && !functionWords[p.Norm] && !preCueWord(p.Norm) &&
		placeCues[p.Norm] == 0 && !stopNames[p.Norm]
}

// rightBlocked reports whether the name ending before position e continues
// with capitalised words ("Nour al Din", "Aleppo University").
func rightBlocked(ts []text.Token, e int) bool {
	j := e
	for j < len(ts) && articles[ts[j].Norm] && ts[j].Text == ts[j].Norm {
		j++
	}
	if j >= len(ts) {
		return false
	}
	nx := ts[j]
	if !isWordTok(nx.Text) || !nameStart(nx.Text) || !hasUpper(nx.Text) {
		return false // caseless scripts (Arabic) say nothing here
	}
	if j > e {
		return true
	}
	return placeCues[nx.Norm] == 0 && !functionWords[nx.Norm] && !isOfficialWord(nx.Norm)
}

func isAcronym(s string) bool {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			n++
		}
	}
	return n > 0 && n <= 4
}

func preCueWord(w string) bool {
	_, ok := preCues[w]
	return ok
}

// cueAround reads the words next to a name for a feature or proximity cue.
func cueAround(ts []text.Token, start, end int) (string, int) {
	if end < len(ts) {
		w := ts[end].Norm
		if p, ok := placeCues[w]; ok {
			return strings.TrimSuffix(w, "'s"), p
		}
	}
	// "the village of X", "the countryside of X", "near X", "10 km north of X".
	j := start - 1
	if j >= 0 && ts[j].Norm == "of" {
		j--
	}
	if j >= 0 && (ts[j].Norm == "the" || ts[j].Norm == "a") {
		j--
	}
	if j >= 0 {
		w := ts[j].Norm
		if p, ok := preCues[w]; ok && p > 0 {
			switch w {
			case "west", "east", "north", "south", "northwest", "northeast", "southwest", "southeast":
				if start-1 >= 0 && ts[start-1].Norm != "of" {
					return "", 0
				}
				return "near", 2
			case "km", "kilometres", "kilometers", "miles":
				return "near", 2
			case "nearby", "around", "vicinity":
				return "near", 2
			}
			if en, ok := arabicCue[w]; ok {
				return en, p
			}
			return w, p
		}
		// "in the Idlib countryside": handled by placeCues after the name.
	}
	return "", 0
}

func stripArticle(w string) string {
	for _, a := range []string{"al-", "el-", "ad-", "an-", "ar-", "as-", "ash-", "at-", "az-", "ez-", "al ", "el "} {
		if strings.HasPrefix(w, a) && len(w) > len(a) {
			return w[len(a):]
		}
	}
	return w
}

func isWordTok(s string) bool {
	for _, r := range s {
		return unicode.IsLetter(r)
	}
	return false
}

func hasLower(s string) bool {
	for _, r := range s {
		if unicode.IsLower(r) {
			return true
		}
	}
	return false
}

func hasUpper(s string) bool {
	for _, r := range s {
		if unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

// nameStart: a name starts with a capital, an article before a capital
// ("al-Mozara"), or a letter of a script without case (Arabic).
func nameStart(s string) bool {
	rs := []rune(s)
	if len(rs) == 0 {
		return false
	}
	if unicode.IsUpper(rs[0]) || (unicode.IsLetter(rs[0]) && !unicode.IsLower(rs[0]) && !unicode.IsUpper(rs[0])) {
		return true
	}
	if i := strings.IndexAny(s, "-\u2010\u2011"); i > 0 && articleWords[strings.ToLower(s[:i])] {
		rest := []rune(s[i+1:])
		return len(rest) > 0 && unicode.IsUpper(rest[0])
	}
	return false
}

// windowOK: every token is a word; lower-case words inside a name are
// articles or connectors; the last word is capitalised.
func windowOK(win []text.Token) bool {
	for j, t := range win {
		if !isWordTok(t.Text) {
			return false
		}
		if j > 0 && !nameStart(t.Text) && !articleWords[t.Norm] {
			return false
		}
	}
	if len(win) > 1 && notNameStart[strings.TrimSuffix(win[0].Norm, ".")] {
		return false // "And I", "As Gonzalez"
	}
	for _, t := range win {
		switch t.Text {
		case "I", "II", "III", "IV", "VI", "Jr.", "Sr.":
			return false
		}
	}
	last := win[len(win)-1].Text
	return nameStart(last) || len(win) == 1
}

// isTitleCase reports a headline-style sentence: most of its words (four
// or more) start with a capital.
func isTitleCase(ts []text.Token) bool {
	words, caps := 0, 0
	for _, t := range ts {
		if !isWordTok(t.Text) {
			continue
		}
		words++
		if hasUpper(string([]rune(t.Text)[:1])) {
			caps++
		}
	}
	return words >= 4 && caps*10 >= words*7
}
