package geo

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// The gazetteer file (data/geo/gazetteer.bin.gz) is gzip'd UTF-8 text, one
// record per line, fields separated by tabs:
//
//	#sitrep-gazetteer 1
//	P  geonames-id  name  lat  lon  ISO3  admin1-name  feature-code  population  keys
//	C  ISO3  ISO2  English-name  lat  lon
//
// keys are the NormName keys of the name, the ASCII name and the selected
// alternate names (Latin and Arabic script), separated by '|'. Lines starting
// with '#' other than the header are comments.
const fileHeader = "#sitrep-gazetteer 1"

// record is one P line.
type record struct {
	ID         int
	Name       string
	Lat, Lon   float64
	Country    string // ISO3
	Admin1     string
	FCode      string
	Population int
	Keys       []string
}

// countryRecord is one C line.
type countryRecord struct {
	ISO3, ISO2, Name string
	Lat, Lon         float64
}

// writeFile writes records in the gazetteer file format (not compressed).
func writeFile(w io.Writer, recs []record, countries []countryRecord) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, fileHeader)
	for _, c := range countries {
		fmt.Fprintf(bw, "C\t%s\t%s\t%s\t%s\t%s\n", c.ISO3, c.ISO2, clean(c.Name),
			strconv.FormatFloat(c.Lat, 'f', -1, 64), strconv.FormatFloat(c.Lon, 'f', -1, 64))
	}
	for _, r := range recs {
		fmt.Fprintf(bw, "P\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\n", r.ID, clean(r.Name),
			strconv.FormatFloat(r.Lat, 'f', -1, 64), strconv.FormatFloat(r.Lon, 'f', -1, 64),
			r.Country, clean(r.Admin1), r.FCode, r.Population, strings.Join(r.Keys, "|"))
	}
	return bw.Flush()
}

func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' || r == '|' {
			return ' '
		}
		return r
	}, s)
}

// readFile decodes a gzip'd gazetteer file.
func readFile(data []byte) ([]record, []countryRecord, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, nil, fmt.Errorf("gazetteer: %w", err)
	}
	// The gzip trailer holds the uncompressed size: read in one allocation.
	var buf bytes.Buffer
	if n := len(data); n >= 4 {
		size := int(uint32(data[n-4]) | uint32(data[n-3])<<8 | uint32(data[n-2])<<16 | uint32(data[n-1])<<24)
		if size > 0 && size < 1<<30 {
			buf.Grow(size + 1)
		}
	}
	if _, err := io.Copy(&buf, zr); err != nil {
		return nil, nil, fmt.Errorf("gazetteer: %w", err)
	}
	return parseFile(buf.Bytes())
}

// parseFile decodes the uncompressed gazetteer text.
func parseFile(raw []byte) ([]record, []countryRecord, error) {
	text := string(raw)
	if !strings.HasPrefix(text, fileHeader) {
		return nil, nil, fmt.Errorf("gazetteer: missing header %q", fileHeader)
	}
	recs := make([]record, 0, strings.Count(text, "\nP\t"))
	var countries []countryRecord
	line := 0
	for len(text) > 0 {
		var l string
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			l, text = text[:i], text[i+1:]
		} else {
			l, text = text, ""
		}
		line++
		if l == "" || l[0] == '#' {
			continue
		}
		var fa [10]string
		nf := splitTabs(l, fa[:])
		f := fa[:min(nf, len(fa))]
		switch f[0] {
		case "P":
			if nf != 10 {
				return nil, nil, fmt.Errorf("gazetteer line %d: %d fields, want 10", line, len(f))
			}
			id, err1 := strconv.Atoi(f[1])
			lat, err2 := strconv.ParseFloat(f[3], 64)
			lon, err3 := strconv.ParseFloat(f[4], 64)
			pop, err4 := strconv.Atoi(f[8])
			if err := firstErr(err1, err2, err3, err4); err != nil {
				return nil, nil, fmt.Errorf("gazetteer line %d: %w", line, err)
			}
			if !validLatLon(lat, lon) {
				return nil, nil, fmt.Errorf("gazetteer line %d: coordinates %v,%v out of range", line, lat, lon)
			}
			var keys []string
			if f[9] != "" {
				keys = make([]string, strings.Count(f[9], "|")+1)
				splitOn(f[9], '|', keys)
			}
			recs = append(recs, record{ID: id, Name: f[2], Lat: lat, Lon: lon, Country: f[5], Admin1: f[6],
				FCode: f[7], Population: pop, Keys: keys})
		case "C":
			if nf != 6 {
				return nil, nil, fmt.Errorf("gazetteer line %d: %d fields, want 6", line, len(f))
			}
			lat, err1 := strconv.ParseFloat(f[4], 64)
			lon, err2 := strconv.ParseFloat(f[5], 64)
			if err := firstErr(err1, err2); err != nil {
				return nil, nil, fmt.Errorf("gazetteer line %d: %w", line, err)
			}
			if !validLatLon(lat, lon) {
				return nil, nil, fmt.Errorf("gazetteer line %d: coordinates %v,%v out of range", line, lat, lon)
			}
			countries = append(countries, countryRecord{ISO3: f[1], ISO2: f[2], Name: f[3], Lat: lat, Lon: lon})
		default:
			return nil, nil, fmt.Errorf("gazetteer line %d: unknown record type %q", line, f[0])
		}
	}
	return recs, countries, nil
}

func validLatLon(lat, lon float64) bool {
	return lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// splitTabs splits l at tabs into out and returns the number of fields; a
// line with more fields than out has reports len(out)+1.
func splitTabs(l string, out []string) int {
	n := 0
	for {
		i := strings.IndexByte(l, '\t')
		if n == len(out) {
			return n + 1
		}
		if i < 0 {
			out[n] = l
			return n + 1
		}
		out[n] = l[:i]
		l = l[i+1:]
		n++
	}
}

func splitOn(s string, sep byte, out []string) {
	for k := range out {
		i := strings.IndexByte(s, sep)
		if i < 0 || k == len(out)-1 {
			out[k] = s
			return
		}
		out[k] = s[:i]
		s = s[i+1:]
	}
}
