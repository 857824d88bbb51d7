// Package geo finds and resolves place names in article text.
//
// In: a tokenised article (text.Doc). Out: place mentions with rune spans and
// candidate places from the embedded gazetteer (GeoNames cities1000, CC BY
// 4.0, plus admin-1 names, countries and a supplement written by us), and one
// resolved place per mention with its ACLED geo_precision. Matching is on
// whole names only, through NormName keys that survive transliteration. It
// never touches the network; the gazetteer is decoded once by Load.
package geo

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"strings"
	"sync"

	geodata "github.com/sitrep/sitrep/data/geo"
	"github.com/sitrep/sitrep/internal/model"
)

// Feature classes of a Place.
const (
	FeatureCountry  = "country"
	FeatureAdmin1   = "admin1"
	FeatureRegion   = "region"   // a large named region (Darfur, Donbas)
	FeatureDistrict = "district" // district, valley, mountain, area, base
	FeatureCity     = "city"
	FeatureTown     = "town"
	FeatureVillage  = "village"
)

// Place is one gazetteer entry.
type Place struct {
	ID         int // GeoNames id, 0 for our own entries
	Name       string
	Admin1     string
	Country    string // ISO3
	Lat, Lon   float64
	Population int
	Feature    string // country, admin1, region, district, city, town, village
	Code       string // GeoNames feature code (PPLA, PPL, ...) or our own feature word
}

// Precision is the ACLED geo_precision a bare mention of the place has.
func (p Place) Precision() int {
	switch p.Feature {
	case FeatureCountry, FeatureAdmin1, FeatureRegion:
		return 3
	case FeatureDistrict:
		return 2
	}
	return 1
}

type countryInfo struct {
	ISO3, ISO2, Name string
	place            int32 // index of the country's Place
}

func (c *countryInfo) iso2() string {
	if c == nil {
		return ""
	}
	return c.ISO2
}

// Gazetteer is the decoded gazetteer. It is read-only after Load and safe
// for concurrent use.
type Gazetteer struct {
	places []Place
	keys   map[string][]int32 // NormName key → places
	// The skeleton index (looser fallback keys) is built on first use from
	// skelSrc, which keeps load time down.
	skelOnce  sync.Once
	skelSrc   []skelEntry
	skel      map[string][]int32
	countries map[string]*countryInfo
	iso2      map[string]string // ISO2 → ISO3
	// countryWord maps NormName of country names, aliases and demonyms to ISO3.
	countryWord map[string]string
	// countryPlain maps plainFold of country names and aliases to ISO3.
	countryPlain map[string]string
	demonym      map[string]bool // NormName keys that are demonyms only
	// admin1 maps ISO3 + "/" + NormName(admin-1 name or alias) to its Place.
	admin1 map[string]int32
	// focusCountry: the countries of the admin-1 table (ISO3), where the
	// resolver accepts small places without a locative word.
	focusCountry map[string]bool
	maxWords     int
}

// Load decodes the embedded gazetteer. Call it once and share the result.
func Load() (*Gazetteer, error) {
	return load(geodata.Gazetteer, geodata.Admin1, geodata.Countries, geodata.Supplement, geodata.Aliases, geodata.Admin1Other)
}

// batch is a run of gazetteer file records decoded by the reading goroutine.
type batch struct {
	recs      []record
	countries []countryRecord
}

func load(gz, admin1, countries, supplement, aliases, admin1Other []byte) (*Gazetteer, error) {
	// One goroutine decompresses and decodes the file while this one indexes.
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("gazetteer: %w", err)
	}
	batches := make(chan batch, 8)
	scanErr := make(chan error, 1)
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		defer close(batches)
		scanErr <- scanFile(zr, 2048, func(r []record, c []countryRecord) {
			select {
			case batches <- batch{r, c}:
			case <-stop:
			}
		})
	}()
	adm, err := parseAdmin1(admin1)
	if err != nil {
		return nil, err
	}
	other, err := parseAdmin1(admin1Other)
	if err != nil {
		return nil, err
	}
	cts, err := parseCountries(countries)
	if err != nil {
		return nil, err
	}
	sup, err := parseSupplement(supplement)
	if err != nil {
		return nil, err
	}
	extra, err := parseAliases(aliases)
	if err != nil {
		return nil, err
	}
	// Sizes of the embedded file, to allocate once (a guess is fine).
	const wantPlaces, wantKeys = 150000, 230000
	g := &Gazetteer{
		places:       make([]Place, 0, wantPlaces+len(adm)+len(other)+len(sup)+300),
		keys:         make(map[string][]int32, wantKeys),
		skelSrc:      make([]skelEntry, 0, 1<<17),
		countries:    map[string]*countryInfo{},
		iso2:         map[string]string{},
		countryWord:  map[string]string{},
		countryPlain: map[string]string{},
		demonym:      map[string]bool{},
		admin1:       map[string]int32{},
		maxWords:     5,
	}
	focus := map[string]bool{}
	for _, a := range adm {
		focus[a.ISO2] = true
	}
	g.focusCountry = map[string]bool{}
	add := func(p Place, keys []string) {
		i := int32(len(g.places))
		g.places = append(g.places, p)
		for j, k := range keys {
			if k != "" && !containsKey(keys[:j], k) {
				g.keys[k] = append(g.keys[k], i)
			}
		}
		// The looser skeleton index covers the conflict countries of the
		// admin-1 table and large places elsewhere.
		if p.Population >= 100000 || p.ID == 0 || focus[g.countries[p.Country].iso2()] {
			for _, k := range keys {
				if len(k) >= 6 {
					g.skelSrc = append(g.skelSrc, skelEntry{k, i})
				}
			}
		}
	}
	// Countries: the file's list (all GeoNames countries) overridden by
	// ours; the file's C lines come before its places.
	ours := map[string]countryRow{}
	for _, c := range cts {
		ours[c.ISO3] = c
	}
	addFileCountry := func(c countryRecord) {
		g.iso2[c.ISO2] = c.ISO3
		if _, ok := ours[c.ISO3]; ok {
			return
		}
		name := c.Name
		if i := strings.Index(name, " ("); i > 0 { // "Myanmar (Burma)"
			name = name[:i]
		}
		g.countries[c.ISO3] = &countryInfo{ISO3: c.ISO3, ISO2: c.ISO2, Name: name, place: int32(len(g.places))}
		k := NormName(name)
		g.countryWord[k] = c.ISO3
		g.countryPlain[plainFold(name)] = c.ISO3
		add(Place{Name: name, Country: c.ISO3, Lat: c.Lat, Lon: c.Lon, Feature: FeatureCountry, Code: "PCLI"}, []string{k})
	}
	for _, c := range cts {
		g.iso2[c.ISO2] = c.ISO3
		g.countries[c.ISO3] = &countryInfo{ISO3: c.ISO3, ISO2: c.ISO2, Name: c.Name, place: -1}
	}
	// GeoNames places, as the reading goroutine decodes them.
	for b := range batches {
		for _, c := range b.countries {
			addFileCountry(c)
		}
		for _, r := range b.recs {
			if more, ok := extra[r.ID]; ok {
				r.Keys = append(append([]string(nil), r.Keys...), more...)
			}
			add(Place{ID: r.ID, Name: r.Name, Admin1: r.Admin1, Country: r.Country, Lat: r.Lat, Lon: r.Lon,
				Population: r.Population, Feature: featureOf(r.FCode, r.Population), Code: r.FCode}, r.Keys)
		}
	}
	if err := <-scanErr; err != nil {
		return nil, err
	}
	for _, c := range cts {
		keys := []string{NormName(c.Name)}
		for _, a := range c.Aliases {
			keys = append(keys, NormName(a))
		}
		for _, k := range keys {
			g.countryWord[k] = c.ISO3
		}
		g.countryPlain[plainFold(c.Name)] = c.ISO3
		for _, a := range c.Aliases {
			g.countryPlain[plainFold(a)] = c.ISO3
		}
		for _, d := range c.Demonyms {
			k := NormName(d)
			if _, ok := g.countryWord[k]; !ok {
				g.countryWord[k] = c.ISO3
				g.demonym[k] = true
			}
		}
		g.countries[c.ISO3].place = int32(len(g.places))
		add(Place{Name: c.Name, Country: c.ISO3, Lat: c.Lat, Lon: c.Lon, Feature: FeatureCountry, Code: "PCLI"}, keys)
	}
	// Admin-1 units.
	for ai, a := range append(append([]admin1Row(nil), adm...), other...) {
		iso3 := g.iso2[a.ISO2]
		if iso3 == "" {
			return nil, fmt.Errorf("admin1 tables: unknown country %q", a.ISO2)
		}
		if ai < len(adm) {
			g.focusCountry[iso3] = true
		}
		keys := []string{NormName(a.Name)}
		for _, al := range a.Aliases {
			keys = append(keys, NormName(al))
		}
		for _, k := range keys {
			if _, dup := g.admin1[iso3+"/"+k]; !dup {
				g.admin1[iso3+"/"+k] = int32(len(g.places))
			}
		}
		add(Place{Name: a.Name, Admin1: a.Name, Country: iso3, Lat: a.Lat, Lon: a.Lon, Feature: FeatureAdmin1, Code: "ADM1"}, keys)
	}
	// Our supplement.
	for _, s := range sup {
		iso3 := g.iso2[s.ISO2]
		if iso3 == "" {
			return nil, fmt.Errorf("supplement.tsv: unknown country %q", s.ISO2)
		}
		keys := []string{NormName(s.Name)}
		for _, al := range s.Aliases {
			keys = append(keys, NormName(al))
		}
		add(Place{Name: s.Name, Admin1: s.Admin1, Country: iso3, Lat: s.Lat, Lon: s.Lon, Population: s.Population,
			Feature: supplementFeature(s.Feature), Code: s.Feature}, keys)
	}
	return g, nil
}

func appendUnique(s []int32, i int32) []int32 {
	if len(s) > 0 && s[len(s)-1] == i {
		return s
	}
	return append(s, i)
}

// featureOf classifies a GeoNames feature code.
func featureOf(code string, pop int) string {
	switch {
	case code == "PPLC" || code == "PPLA" || pop >= 100000:
		return FeatureCity
	case pop >= 10000 || code == "PPLA2":
		return FeatureTown
	case strings.HasPrefix(code, "PPL") || code == "STLMT":
		if pop == 0 && (code == "PPLA3" || code == "PPLA4") {
			return FeatureTown
		}
		return FeatureVillage
	}
	return FeatureDistrict
}

func supplementFeature(f string) string {
	switch f {
	case "village":
		return FeatureVillage
	case "town", "camp":
		return FeatureTown
	case "city":
		return FeatureCity
	case "region":
		return FeatureRegion
	}
	return FeatureDistrict
}

// Len is the number of places.
func (g *Gazetteer) Len() int { return len(g.places) }

// Lookup returns the places whose names have the same NormName key as name.
func (g *Gazetteer) Lookup(name string) []Place {
	var out []Place
	for _, i := range g.keys[NormName(name)] {
		out = append(out, g.places[i])
	}
	return out
}

// Country maps a country name, alias or demonym ("Syria", "Syrian",
// "Iraqi", "Myanmar", "Burmese") to its ISO3 code.
func (g *Gazetteer) Country(word string) (string, bool) {
	iso3, ok := g.countryWord[NormName(word)]
	if !ok {
		// Plural demonyms not listed: "Malians".
		iso3, ok = g.countryWord[NormName(strings.TrimSuffix(word, "s"))]
	}
	return iso3, ok
}

// CountryName returns the English name of a country ("SYR" → "Syria").
func (g *Gazetteer) CountryName(iso3 string) string {
	if c, ok := g.countries[iso3]; ok {
		return c.Name
	}
	return ""
}

// Admin1 returns the admin-1 unit of a country by name or alias.
func (g *Gazetteer) Admin1(iso3, name string) (Place, bool) {
	i, ok := g.admin1[iso3+"/"+NormName(name)]
	if !ok {
		return Place{}, false
	}
	return g.places[i], true
}

// Location converts a resolved mention to the contract's Location.
func (r Resolved) Location() model.Location {
	p := r.Place
	prec := r.Precision
	if prec == 0 {
		prec = p.Precision()
	}
	return model.Location{
		Name: p.Name, Admin1: p.Admin1, Country: p.Country,
		Lat: round4(p.Lat), Lon: round4(p.Lon), GeoPrecision: prec, GeonamesID: p.ID,
		Text: r.Span.Text, Start: r.Span.Start, End: r.Span.End,
	}
}

type skelEntry struct {
	key string
	i   int32
}

// skeletonIndex returns the skeleton key index, building it once.
func (g *Gazetteer) skeletonIndex() map[string][]int32 {
	g.skelOnce.Do(func() {
		g.skel = make(map[string][]int32, len(g.skelSrc))
		for _, e := range g.skelSrc {
			if s := skeleton(e.key); s != "" {
				g.skel[s] = appendUnique(g.skel[s], e.i)
			}
		}
		g.skelSrc = nil
	})
	return g.skel
}
