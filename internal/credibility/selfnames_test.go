package credibility

import (
	"slices"
	"strings"
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

// acronymRef is the definition acronymOf implements, by plain recursion.
func acronymRef(acr, rest string) bool {
	if acr == "" {
		return rest == ""
	}
	if rest == "" || rest[0] != acr[0] {
		return false
	}
	if len(acr) == 1 {
		return len(rest) >= 3
	}
	for k := 3; k < len(rest); k++ {
		if acronymRef(acr[1:], rest[k:]) {
			return true
		}
	}
	return false
}

// FuzzAcronymOf checks acronymOf against the recursive definition, and
// namesFromDomain on any source and text: a source is outside input.
func FuzzAcronymOf(f *testing.F) {
	f.Add("SMN", "syriamonitoringnetwork", "SMN documented the strikes.")
	f.Add("AAAAC", "aaaaaaaaaaaaaaaaaaaab", "AAAAC said.")
	f.Add("HR", "hornrightsmonitor", "Horn Rights Monitor said.")
	f.Fuzz(func(t *testing.T, acr, label, body string) {
		if len(label) <= 40 {
			want := false
			if len(acr) >= 2 && len(acr) <= 5 && strings.ToUpper(acr) == acr && strings.Trim(acr, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == "" {
				want = acronymRef(strings.ToLower(acr), label)
			}
			if got := acronymOf(acr, label); got != want {
				t.Fatalf("acronymOf(%q, %q) = %v, want %v", acr, label, got, want)
			}
		}
		namesFromDomain(flatten(text.Parse(body)), label+".org")
	})
}

// TestAcronymOfLongLabel: a long crafted domain label costs linear time
// (the recursive definition would take hours).
func TestAcronymOfLongLabel(t *testing.T) {
	label := strings.Repeat("a", 5000) + "b"
	if acronymOf("AAAAC", label) {
		t.Fatal("no piece starts with c")
	}
	if !acronymOf("AAAAB", strings.Repeat("a", 5000)+"bbb") {
		t.Fatal("the last piece bbb starts with b")
	}
}
