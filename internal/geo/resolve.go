package geo

import (
	"math"
	"sort"
	"unicode"

	"github.com/sitrep/sitrep/internal/text"
)

// Resolved is a mention with the place chosen for it. Precision (from the
// embedded Mention) is the final ACLED geo_precision.
type Resolved struct {
	Mention
	Place Place
	Score float64
}

// Context is what the resolver learnt about the article as a whole.
type Context struct {
	Focus     string             // ISO3 of the country the article is about, "" when unknown
	Countries map[string]float64 // ISO3 → weight of evidence (names, demonyms, places)
}

// ArticleContext weighs the countries an article talks about: country names
// and demonyms, admin-1 names and the countries of place candidates.
func (g *Gazetteer) ArticleContext(doc *text.Doc, ms []Mention) Context {
	c := Context{Countries: map[string]float64{}}
	for _, s := range doc.Sentences {
		for _, t := range s.Tokens {
			if !isWordTok(t.Text) || !hasUpper(t.Text) {
				continue
			}
			k := NormName(t.Text)
			if g.demonym[k] {
				c.Countries[g.countryWord[k]] += 1
			}
		}
	}
	for _, m := range ms {
		if m.Common || m.Loose {
			continue
		}
		// A country named by its name or alias is strong evidence; an
		// admin-1 unit somewhat; a name found in one country only, a little.
		if iso3, ok := g.countryWord[NormName(m.Span.Text)]; ok && !g.demonym[NormName(m.Span.Text)] {
			c.Countries[iso3] += 2
			continue
		}
		ctry := map[string]bool{}
		adm := ""
		for _, p := range m.Candidates {
			ctry[p.Country] = true
			if p.Feature == FeatureAdmin1 {
				adm = p.Country
			}
		}
		switch {
		case len(ctry) == 1 && adm != "":
			c.Countries[adm] += 1
		case len(ctry) == 1:
			for k := range ctry {
				c.Countries[k] += 0.5
			}
		case adm != "":
			c.Countries[adm] += 0.5
		}
	}
	best := 0.0
	keys := make([]string, 0, len(c.Countries))
	for k := range c.Countries {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if v := c.Countries[k]; v > best {
			best, c.Focus = v, k
		}
	}
	return c
}

// Resolve picks one place per mention, using the article's focus country,
// the admin-1 units named in the article ("Saraqib in Idlib province"),
// the cue words next to the name, population and the distance to the other
// places of the article. Mentions whose candidates are implausible (a small
// foreign village sharing an English word's name) are dropped.
func (g *Gazetteer) Resolve(doc *text.Doc, ms []Mention) []Resolved {
	if g == nil || len(ms) == 0 {
		return nil
	}
	ctx := g.ArticleContext(doc, ms)
	type admKey struct{ iso3, name string }
	// Admin-1 units named in the article, by the mentions that name them.
	admBy := map[admKey][]int{}
	for mi, m := range ms {
		for _, p := range m.Candidates {
			if p.Feature == FeatureAdmin1 {
				k := admKey{p.Country, p.Admin1}
				admBy[k] = append(admBy[k], mi)
			}
		}
	}
	score := func(mi int, m Mention, p Place) float64 {
		s := 0.4 * math.Log10(float64(p.Population)+1)
		if dominant(m.Candidates, p) {
			s += 2
		}
		if plainFold(p.Name) == plainFold(m.Span.Text) {
			s += 1.5 // named by its own name, not an alternate one
		}
		switch p.Feature {
		case FeatureCountry:
			s += 3
		case FeatureAdmin1:
			s += 1.5
			if m.Precision != 3 && seatNamesake(m.Candidates, p) {
				s -= 1.5 // bare "Sennar": the town, not the state named after it
			}
		case FeatureRegion:
			s += 1.2
		}
		switch p.Code {
		case "PPLC":
			s += 2.5
		case "PPLA":
			s += 0.8
		case "PPLA2":
			s += 0.4
		case "PPLA3":
			s += 0.2
		}
		if p.Country == ctx.Focus && ctx.Focus != "" {
			s += 3
		} else if ctx.Countries[p.Country] >= 1 {
			s += 1.5
		}
		if p.Feature != FeatureAdmin1 && p.Admin1 != "" {
			// Another mention names this place's admin-1 unit ("Saraqib in
			// Idlib province"): more so in the same sentence.
			doc, sent := false, false
			for _, o := range admBy[admKey{p.Country, p.Admin1}] {
				if o == mi {
					continue
				}
				doc = true
				if ms[o].Sent == m.Sent {
					sent = true
				}
			}
			if doc {
				s += 1
			}
			if sent {
				s += 1
			}
		}
		switch m.Precision {
		case 3:
			if p.Feature == FeatureAdmin1 {
				s += 5
			} else if p.Feature == FeatureRegion {
				s += 2
			}
		case 1:
			if (m.Cue == "village" || m.Cue == "hamlet") && (p.Feature == FeatureVillage || p.Feature == FeatureTown) {
				s += 0.6
			}
			if m.Cue == "city" && p.Feature == FeatureCity {
				s += 0.6
			}
			if p.Feature == FeatureAdmin1 || p.Feature == FeatureCountry {
				s -= 2
			}
		}
		if m.Loose {
			s -= 1.5
		}
		return s
	}
	out := make([]Resolved, 0, len(ms))
	for mi, m := range ms {
		r := Resolved{Mention: m, Score: math.Inf(-1)}
		if p, ok := g.countryNamed(m); ok {
			r.Place, r.Score = p, 10
			out = append(out, r)
			continue
		}
		for _, p := range m.Candidates {
			if s := score(mi, m, p); s > r.Score {
				r.Score, r.Place = s, p
			}
		}
		out = append(out, r)
	}
	// Second pass: places near the article's other places are likelier.
	anchors := make([]Place, 0, len(out))
	for _, r := range out {
		if len(r.Candidates) == 1 && r.Place.Feature != FeatureCountry && r.Place.Feature != FeatureAdmin1 && !r.Common && !r.Loose {
			anchors = append(anchors, r.Place)
		}
	}
	for i := range out {
		m := out[i].Mention
		if len(m.Candidates) < 2 || out[i].Place.Feature == FeatureCountry && out[i].Score == 10 {
			continue
		}
		best, bestS := out[i].Place, math.Inf(-1)
		prev := prevWord(doc, m)
		for _, p := range m.Candidates {
			if !g.plausible(ctx, Resolved{Mention: m, Place: p}, prev) {
				continue // an implausible namesake never wins over a plausible one
			}
			s := score(i, m, p)
			for _, a := range anchors {
				if a.ID == p.ID && a.Name == p.Name {
					continue
				}
				d := Distance(a.Lat, a.Lon, p.Lat, p.Lon)
				if d < 100 {
					s += 1
					break
				} else if d < 300 {
					s += 0.5
					break
				}
			}
			if s > bestS {
				best, bestS = p, s
			}
		}
		out[i].Place, out[i].Score = best, bestS
	}
	surnames := personNames(doc)
	kept := out[:0]
	for _, r := range out {
		if !g.plausible(ctx, r, prevWord(doc, r.Mention)) || g.personLike(doc, r, surnames) {
			continue
		}
		r.Precision = finalPrecision(r)
		kept = append(kept, r)
	}
	return kept
}

// plausible rejects resolutions that rest on too little: small places
// abroad, English words, loose spellings outside the focus country.
func (g *Gazetteer) plausible(ctx Context, r Resolved, prev string) bool {
	p := r.Place
	mentioned := ctx.Countries[p.Country] >= 1 || p.Country == ctx.Focus
	switch {
	case r.Loose:
		return p.Country == ctx.Focus && ctx.Focus != ""
	case r.Common:
		return mentioned
	case p.Feature == FeatureCountry:
		return true
	}
	// Small places outside the conflict countries of the admin-1 table need
	// a locative word, a cue or a list around them ("in Clinton", "the town
	// of Clinton"): elsewhere a surname or an English word is likelier.
	if !g.focusCountry[p.Country] && p.ID != 0 && p.Feature != FeatureCountry && p.Feature != FeatureAdmin1 &&
		!(p.Population >= 100000 || p.Code == "PPLC" || (p.Code == "PPLA" && p.Population >= 20000)) {
		// Named only by an alternate name ("Cauca", once a name of Coca in
		// Spain), a small place abroad is a namesake of something else.
		if plainFold(p.Name) != plainFold(r.Span.Text) && p.Country != ctx.Focus {
			return false
		}
		switch prev {
		case "in", "at", "near", "outside", "from", "into", "of", "around", "across":
		default:
			if r.Cue == "" {
				return false
			}
		}
	}
	if mentioned {
		return true
	}
	// Abroad: only well-known places, named by their own name or, after a
	// locative preposition, by an exonym ("in Geneva" for Genève).
	big := p.Population >= 100000 || p.Code == "PPLC" || (p.Code == "PPLA" && p.Population >= 20000)
	if plainFold(p.Name) == plainFold(r.Span.Text) {
		return big
	}
	switch prev {
	case "in", "at", "near", "outside", "from":
		return big && p.Population >= 150000
	}
	return false
}

// prevWord is the lower-case word before a mention, or "".
func prevWord(doc *text.Doc, m Mention) string {
	if m.Sent < 0 || m.Sent >= len(doc.Sentences) || m.TokStart <= 0 {
		return ""
	}
	toks := doc.Sentences[m.Sent].Tokens
	if m.TokStart > len(toks) {
		return ""
	}
	return toks[m.TokStart-1].Norm
}

func finalPrecision(r Resolved) int {
	p := r.Place
	switch r.Cue {
	case "province", "governorate", "region", "state", "oblast", "prefecture", "division":
		if p.Feature == FeatureAdmin1 || p.Feature == FeatureRegion || p.Feature == FeatureCountry {
			return 3
		}
		return 2
	}
	if r.Precision == 2 {
		if p.Feature == FeatureCountry {
			return 3
		}
		return 2
	}
	if r.Precision == 1 && p.Precision() == 1 {
		return 1
	}
	return p.Precision()
}

// dominant reports whether p is at least five times as populous as every
// other candidate of the same name (Geneva in Switzerland, not Illinois).
func dominant(cands []Place, p Place) bool {
	if len(cands) < 2 || p.Population == 0 {
		return false
	}
	others := 0
	for _, c := range cands {
		if c == p || c.Population == 0 {
			continue // unknown populations (our entries, admin-1 units) say nothing
		}
		others++
		if c.Population*5 > p.Population {
			return false
		}
	}
	return others > 0
}

// countryNamed returns the country a mention names by its name or alias
// ("Lebanon" is the country, not Lebanon, Pennsylvania), unless a cue says
// it is a town.
func (g *Gazetteer) countryNamed(m Mention) (Place, bool) {
	if m.Cue == "village" || m.Cue == "town" || m.Cue == "city" {
		return Place{}, false
	}
	iso3, ok := g.countryPlain[plainFold(m.Span.Text)]
	if !ok {
		return Place{}, false
	}
	for _, p := range m.Candidates {
		if p.Feature == FeatureCountry && p.Country == iso3 {
			return p, true
		}
	}
	return Place{}, false
}

// speechVerbs follow a person far more often than a place.
var speechVerbs = setOf(`said says told added wrote tweeted argued claimed announced stated noted explained insisted
warned asked replied responded admitted denied suggested believes believed thinks thought wants wanted`)

// personNames collects the last words of capitalised name sequences such
// as "Hillary Clinton" or "Pope Francis": in this article those words are
// people.
func personNames(doc *text.Doc) map[string]bool {
	out := map[string]bool{}
	for _, s := range doc.Sentences {
		ts := s.Tokens
		for i := 1; i < len(ts); i++ {
			p, t := ts[i-1], ts[i]
			if !isWordTok(t.Text) || !isWordTok(p.Text) || !hasUpper(t.Text) || !hasUpper(p.Text) {
				continue
			}
			if functionWords[p.Norm] || placeCues[p.Norm] > 0 || preCueWord(p.Norm) || isOfficialWord(t.Norm) ||
				isAcronym(p.Text) || isAcronym(t.Text) {
				continue
			}
			if personTitles[p.Norm] || firstNameLike(p.Text) {
				out[t.Norm] = true
				if !personTitles[p.Norm] {
					out[p.Norm] = true
				}
			}
		}
	}
	return out
}

var personTitles = setOf(`mr mr. mrs mrs. ms ms. dr dr. president pope senator sen. sen gov. governor general gen. gen
colonel col. minister secretary judge justice rep. rep representative prince king queen sheikh imam father sister saint
st. lt. sgt. capt. maj. brig. adm. professor prof. ambassador mayor chancellor premier chairman commander spokesman`)

// firstNameLike: a short capitalised word followed by another capitalised
// word is taken as a given name when it is not itself a place key.
func firstNameLike(s string) bool {
	rs := []rune(s)
	return len(rs) >= 3 && len(rs) <= 9 && unicode.IsUpper(rs[0]) && !isAcronym(s)
}

// personLike rejects single-word places that the article uses as a
// person: followed by a speech verb, or the surname of a named person.
func (g *Gazetteer) personLike(doc *text.Doc, r Resolved, surnames map[string]bool) bool {
	p := r.Place
	toks0 := doc.Sentences[r.Sent].Tokens
	if r.Loose {
		// A spelling-tolerant match over words of a person's name.
		for k := r.TokStart; k < r.TokEnd && k < len(toks0); k++ {
			if surnames[toks0[k].Norm] {
				return true
			}
		}
	}
	if r.TokEnd-r.TokStart != 1 || p.Feature == FeatureCountry || p.Feature == FeatureAdmin1 || p.Code == "PPLC" {
		return false
	}
	big := p.Population >= 100000 || p.Code == "PPLA"
	toks := doc.Sentences[r.Sent].Tokens
	if r.TokEnd < len(toks) && speechVerbs[toks[r.TokEnd].Norm] && p.ID != 0 && !big {
		return true
	}
	// Outside the conflict countries, a word that is part of a person's
	// name in this article is that person.
	return surnames[toks[r.TokStart].Norm] && r.Cue == "" && !big && !g.focusCountry[p.Country]
}

// seatNamesake reports whether a populated place among the candidates lies
// in the admin-1 unit adm that shares its name (Idlib in Idlib, Sinnar in
// Sennar).
func seatNamesake(cands []Place, adm Place) bool {
	for _, c := range cands {
		if c.Country == adm.Country && c.Admin1 == adm.Name && (c.Feature == FeatureCity || c.Feature == FeatureTown) {
			return true
		}
	}
	return false
}
