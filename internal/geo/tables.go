package geo

import (
	"fmt"
	"strconv"
	"strings"
)

// admin1Row is one line of data/geo/admin1.tsv.
type admin1Row struct {
	ISO2, Name string
	Aliases    []string
	Seat       string
	Lat, Lon   float64
}

// countryRow is one line of data/geo/countries.tsv.
type countryRow struct {
	ISO3, ISO2, Name string
	Aliases          []string
	Demonyms         []string
	Lat, Lon         float64
}

// supplementRow is one line of data/geo/supplement.tsv.
type supplementRow struct {
	Name       string
	Aliases    []string
	ISO2       string
	Admin1     string
	Lat, Lon   float64
	Feature    string
	Population int
}

// tsvLines calls fn with the tab-separated fields of every non-comment line.
func tsvLines(name string, data []byte, want int, fn func(f []string) error) error {
	for i, l := range strings.Split(string(data), "\n") {
		l = strings.TrimRight(l, "\r")
		if strings.TrimSpace(l) == "" || strings.HasPrefix(l, "#") {
			continue
		}
		f := strings.Split(l, "\t")
		if len(f) != want {
			return fmt.Errorf("%s line %d: %d fields, want %d", name, i+1, len(f), want)
		}
		if err := fn(f); err != nil {
			return fmt.Errorf("%s line %d: %w", name, i+1, err)
		}
	}
	return nil
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	var out []string
	for _, p := range strings.Split(s, "|") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func parseLatLon(a, b string) (float64, float64, error) {
	lat, err1 := strconv.ParseFloat(a, 64)
	lon, err2 := strconv.ParseFloat(b, 64)
	if err := firstErr(err1, err2); err != nil {
		return 0, 0, err
	}
	if !validLatLon(lat, lon) {
		return 0, 0, fmt.Errorf("coordinates %v,%v out of range", lat, lon)
	}
	return lat, lon, nil
}

func parseAdmin1(data []byte) ([]admin1Row, error) {
	var out []admin1Row
	err := tsvLines("admin1.tsv", data, 6, func(f []string) error {
		lat, lon, err := parseLatLon(f[4], f[5])
		if err != nil {
			return err
		}
		out = append(out, admin1Row{ISO2: f[0], Name: f[1], Aliases: splitList(f[2]), Seat: f[3], Lat: lat, Lon: lon})
		return nil
	})
	return out, err
}

func parseCountries(data []byte) ([]countryRow, error) {
	var out []countryRow
	err := tsvLines("countries.tsv", data, 7, func(f []string) error {
		lat, lon, err := parseLatLon(f[5], f[6])
		if err != nil {
			return err
		}
		out = append(out, countryRow{ISO3: f[0], ISO2: f[1], Name: f[2], Aliases: splitList(f[3]),
			Demonyms: splitList(f[4]), Lat: lat, Lon: lon})
		return nil
	})
	return out, err
}

func parseSupplement(data []byte) ([]supplementRow, error) {
	var out []supplementRow
	err := tsvLines("supplement.tsv", data, 8, func(f []string) error {
		lat, lon, err := parseLatLon(f[4], f[5])
		if err != nil {
			return err
		}
		pop, err := strconv.Atoi(f[7])
		if err != nil {
			return err
		}
		out = append(out, supplementRow{Name: f[0], Aliases: splitList(f[1]), ISO2: f[2], Admin1: f[3],
			Lat: lat, Lon: lon, Feature: f[6], Population: pop})
		return nil
	})
	return out, err
}

// parseAliases reads data/geo/aliases.tsv into GeoNames id → NormName keys.
func parseAliases(data []byte) (map[int][]string, error) {
	out := map[int][]string{}
	err := tsvLines("aliases.tsv", data, 2, func(f []string) error {
		id, err := strconv.Atoi(f[0])
		if err != nil {
			return err
		}
		for _, a := range splitList(f[1]) {
			out[id] = append(out[id], NormName(a))
		}
		return nil
	})
	return out, err
}
