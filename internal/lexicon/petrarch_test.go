package lexicon

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/internal/text"
)

// TestPetrarchGSRCountries measures, on the PETRARCH-2 GSR validation
// sentences (real news, silver codes; only in ../shared), how often the
// country part of a coded source or target actor ("USA" of "USAGOV") is the
// country of some actor Find reports in the sentence. It reports the figure;
// the sentences are test input only and nothing of them is kept.
func TestPetrarchGSRCountries(t *testing.T) {
	dir := sharedDir(t)
	b, err := os.ReadFile(filepath.Join(dir, "data", "petrarch", "gsr", "PETR2_GSR_validation.xml"))
	if err != nil {
		t.Skip("PETRARCH GSR file absent")
	}
	l := mustLoad(t)
	rec := regexp.MustCompile(`(?s)<Sentence [^>]*/>\s*((?:<EventCoding[^>]*/>\s*)+)<Text>(.*?)</Text>`)
	code := regexp.MustCompile(`(sourcecode|targetcode)="([A-Z]{3})[A-Z]*"`)
	total, hit := 0, 0
	for _, m := range rec.FindAllStringSubmatch(string(b), -1) {
		doc := text.Parse(strings.TrimSpace(m[2]))
		have := map[string]bool{}
		for _, mm := range l.Find(doc) {
			have[mm.Actor.Country] = true
		}
		for _, c := range code.FindAllStringSubmatch(m[1], -1) {
			iso := c[2]
			if l.CountryName(iso) == "" {
				continue // IGO, NGO and other non-country codes
			}
			total++
			if have[iso] {
				hit++
			} else if testing.Verbose() {
				t.Logf("missed %s in %.120q", iso, strings.Join(strings.Fields(m[2]), " "))
			}
		}
	}
	if total == 0 {
		t.Skip("no coded records found")
	}
	t.Logf("GSR coded actor countries found among mentions: %d/%d (%.1f%%)", hit, total, 100*float64(hit)/float64(total))
}
