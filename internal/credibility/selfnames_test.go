package credibility

import (
	"slices"
	"testing"

	"github.com/sitrep/sitrep/internal/text"
)

func TestNamesFromDomain(t *testing.T) {
	tests := []struct {
		source, text string
		want         []string
	}{
		{"eastsyriamonitor.org", "East Syria Monitor has documented the killing. According to the Monitor's sources, gunmen fled.",
			[]string{"East Syria Monitor", "the Monitor"}},
		{"https://www.rafidainpost.com/x", "A security source told Rafidain Post on Tuesday.", []string{"Rafidain Post"}},
		{"syriamonitoringnetwork.org", "SMN documented the strikes. The SDF denied it.", []string{"SMN"}},
		{"example.org", "Example said nothing. EX did too.", []string{"Example"}},
		{"bbc.com", "The BBC reported.", nil}, // a label under four letters is no guide
		{"hornrightsmonitor.org", "Horn Rights said. Horn Rights Monitor interviewed nine people.", []string{"Horn Rights Monitor"}},
	}
	for _, tc := range tests {
		got := namesFromDomain(flatten(text.Parse(tc.text)), tc.source)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s in %q: names %q, want %q", tc.source, tc.text, got, tc.want)
		}
	}
}

func TestAcronymOf(t *testing.T) {
	for _, tc := range []struct {
		acr, label string
		want       bool
	}{
		{"SMN", "syriamonitoringnetwork", true},
		{"SDF", "syriamonitoringnetwork", false},
		{"SM", "syriamonitoringnetwork", true},
		{"smn", "syriamonitoringnetwork", false}, // not capitals
		{"SMNX", "syriamonitoringnetwork", false},
		{"HRM", "hornrightsmonitor", true},
	} {
		if got := acronymOf(tc.acr, tc.label); got != tc.want {
			t.Errorf("acronymOf(%q, %q) = %v, want %v", tc.acr, tc.label, got, tc.want)
		}
	}
}
