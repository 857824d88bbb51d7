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
	return collect(zr)
}

// parseFile decodes the uncompressed gazetteer text.
func parseFile(raw []byte) ([]record, []countryRecord, error) {
	return collect(bytes.NewReader(raw))
}

func collect(r io.Reader) ([]record, []countryRecord, error) {
	var recs []record
	var cs []countryRecord
	err := scanFile(r, 4096, func(rb []record, cb []countryRecord) {
		recs = append(recs, rb...)
		cs = append(cs, cb...)
	})
	if err != nil {
		return nil, nil, err
	}
	return recs, cs, nil
}

// scanFile reads the gazetteer text line by line and hands records to emit
// in batches of about n, in file order.
func scanFile(r io.Reader, n int, emit func([]record, []countryRecord)) error {
	br := bufio.NewReaderSize(r, 1<<16)
	first, err := br.ReadString('\n')
	if strings.TrimRight(first, "\r\n") != fileHeader {
		if err != nil && err != io.EOF {
			return fmt.Errorf("gazetteer: %w", err)
		}
		return fmt.Errorf("gazetteer: missing header %q", fileHeader)
	}
	recs := make([]record, 0, n)
	var countries []countryRecord
	line := 1
	for {
		l, err := br.ReadString('\n')
		if err != nil && err != io.EOF {
			return fmt.Errorf("gazetteer: %w", err)
		}
		if l == "" && err == io.EOF {
			break
		}
		line++
		l = strings.TrimSuffix(l, "\n")
		if l != "" && l[0] != '#' {
			kind, rec, c, perr := parseLine(l)
			if perr != nil {
				return fmt.Errorf("gazetteer line %d: %w", line, perr)
			}
			if kind == 'P' {
				recs = append(recs, rec)
			} else {
				countries = append(countries, c)
			}
			if len(recs) >= n {
				emit(recs, countries)
				recs, countries = make([]record, 0, n), nil
			}
		}
		if err == io.EOF {
			break
		}
	}
	if len(recs) > 0 || len(countries) > 0 {
		emit(recs, countries)
	}
	return nil
}

// parseLine decodes one P or C line.
func parseLine(l string) (byte, record, countryRecord, error) {
	var fa [10]string
	nf := splitTabs(l, fa[:])
	f := fa[:min(nf, len(fa))]
	switch f[0] {
	case "P":
		if nf != 10 {
			return 0, record{}, countryRecord{}, fmt.Errorf("%d fields, want 10", nf)
		}
		id, err1 := strconv.Atoi(f[1])
		lat, err2 := strconv.ParseFloat(f[3], 64)
		lon, err3 := strconv.ParseFloat(f[4], 64)
		pop, err4 := strconv.Atoi(f[8])
		if err := firstErr(err1, err2, err3, err4); err != nil {
			return 0, record{}, countryRecord{}, err
		}
		if !validLatLon(lat, lon) {
			return 0, record{}, countryRecord{}, fmt.Errorf("coordinates %v,%v out of range", lat, lon)
		}
		var keys []string
		if f[9] != "" {
			keys = make([]string, strings.Count(f[9], "|")+1)
			splitOn(f[9], '|', keys)
		}
		return 'P', record{ID: id, Name: f[2], Lat: lat, Lon: lon, Country: f[5], Admin1: f[6],
			FCode: f[7], Population: pop, Keys: keys}, countryRecord{}, nil
	case "C":
		if nf != 6 {
			return 0, record{}, countryRecord{}, fmt.Errorf("%d fields, want 6", nf)
		}
		lat, err1 := strconv.ParseFloat(f[4], 64)
		lon, err2 := strconv.ParseFloat(f[5], 64)
		if err := firstErr(err1, err2); err != nil {
			return 0, record{}, countryRecord{}, err
		}
		if !validLatLon(lat, lon) {
			return 0, record{}, countryRecord{}, fmt.Errorf("coordinates %v,%v out of range", lat, lon)
		}
		return 'C', record{}, countryRecord{ISO3: f[1], ISO2: f[2], Name: f[3], Lat: lat, Lon: lon}, nil
	}
	return 0, record{}, countryRecord{}, fmt.Errorf("unknown record type %q", f[0])
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
