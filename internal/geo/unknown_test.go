package geo

import (
	"strings"
	"testing"

	"github.com/sitrep/sitrep/internal/text"
)

func TestUnknownPlaces(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Insurgents attacked the village of Mucojo in Cabo Delgado.", []string{"Mucojo"}},
		{"Troops retook Bambui village on Monday.", []string{"Bambui"}},
		{"Shells hit the Abu Shouk camp.", []string{"Abu Shouk"}},
		{"Clashes erupted in the Bwito Kibi area late on Tuesday.", []string{"Bwito Kibi"}},
		{"Fighting near the Ali area stopped.", nil}, // a common given name is not a place on its own
		{"Gunmen struck in Kibirizi, Rutshuru territory.", []string{"Kibirizi"}},
		{"Village elders met on Monday.", nil},                // capital at the start proves nothing
		{"The town of the dead was quiet.", nil},              // no capitalised name
		{"Fighters entered the city of Kharkiv.", []string{}}, // taken: Kharkiv is known below
	}
	for _, tt := range tests {
		doc := text.Parse(tt.in)
		known := map[string]bool{"Kharkiv": true, "Cabo": true, "Delgado": true, "Rutshuru": true}
		taken := func(s, k int) bool { return known[doc.Sentences[s].Tokens[k].Text] }
		var got []string
		for _, u := range UnknownPlaces(doc, taken, taken) {
			got = append(got, u.Span.Text)
			rs := []rune(tt.in)
			if string(rs[u.Span.Start:u.Span.End]) != u.Span.Text {
				t.Errorf("%q: span %d-%d does not slice to %q", tt.in, u.Span.Start, u.Span.End, u.Span.Text)
			}
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("UnknownPlaces(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
