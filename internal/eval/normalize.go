package eval

import (
	"math"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// NormName is the name normalisation of spec §4, used for place and actor
// names alike. It
//   - removes diacritics (NFD, then drops combining marks): "Niafunké" → "niafunke";
//   - lower-cases;
//   - deletes apostrophes and ayn/hamza marks (' ’ ‘ ʼ ʿ ʾ ` ´): "Ma'rib" → "marib";
//   - deletes full stops ("U.N." → "un");
//   - turns hyphens, dashes and every other non-letter, non-digit into a space;
//   - drops the Arabic article when hyphen-attached (al-, el-, and the
//     assimilated ash-, an-, ad-, as-, at-, ar-, az-) anywhere in the name,
//     and the word "al" standing alone anywhere ("al Qaeda", "Tahrir al Sham");
//   - collapses runs of spaces.
//
// When dropping articles would leave nothing (the name "Al"), the name keeps
// them. So "Hay'at Tahrir al-Sham" and "Hayat Tahrir al Sham" both give
// "hayat tahrir sham", and "ash-Shaddadi" gives "shaddadi".
func NormName(s string) string {
	s = norm.NFD.String(s)
	var b strings.Builder
	b.Grow(len(s))
	// Words are separated by ' '; a hyphen is kept as '-' for now so that
	// hyphen-attached articles can be told from English words ("as", "at").
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r):
			// combining mark: diacritic
		case isApostrophe(r), r == '.':
			// deleted
		case isHyphen(r):
			b.WriteByte('-')
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		default:
			b.WriteByte(' ')
		}
	}
	var kept, all []string
	for _, field := range strings.Fields(b.String()) {
		parts := strings.Split(field, "-")
		for i, p := range parts {
			if p == "" {
				continue
			}
			all = append(all, p)
			attached := i < len(parts)-1 // followed by a hyphen
			if p == "al" || (attached && hyphenArticles[p]) {
				continue
			}
			kept = append(kept, p)
		}
	}
	if len(kept) == 0 {
		return strings.Join(all, " ")
	}
	return strings.Join(kept, " ")
}

// hyphenArticles are forms of the Arabic definite article that count as an
// article only when joined to the next word by a hyphen.
var hyphenArticles = map[string]bool{
	"al": true, "el": true, "ash": true, "an": true, "ad": true, "as": true,
	"at": true, "ar": true, "az": true, "ath": true, "adh": true,
}

func isApostrophe(r rune) bool {
	switch r {
	case '\'', '\u2018', '\u2019', '\u201B', '\u02BC', '\u02BB', '\u02BF', '\u02BE', '`', '\u00B4', '\u2032':
		return true
	}
	return false
}

func isHyphen(r rune) bool {
	switch r {
	case '-', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\u00AD':
		return true
	}
	return false
}

// earthRadiusKM is the mean Earth radius used by DistanceKM.
const earthRadiusKM = 6371.0088

// DistanceKM is the great-circle (haversine) distance in kilometres between
// two points given in decimal degrees.
func DistanceKM(lat1, lon1, lat2, lon2 float64) float64 {
	rad := math.Pi / 180
	dLat := (lat2 - lat1) * rad
	dLon := (lon2 - lon1) * rad
	a := math.Sin(dLat/2)*math.Sin(dLat/2) +
		math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * earthRadiusKM * math.Asin(math.Min(1, math.Sqrt(a)))
}
