package export

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"github.com/sitrep/sitrep/internal/model"
)

// acledColumns are ACLED's export columns, in ACLED's order.
var acledColumns = []string{
	"event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
	"actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
	"iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
	"source", "source_scale", "notes", "fatalities", "tags", "timestamp",
}

// country is what ACLED's iso and region columns need of a country.
type country struct {
	iso    int
	region string
}

// countries maps ISO3 to the ISO 3166 numeric code and ACLED's region.
var countries = map[string]country{
	"AFG": {4, "South Asia"}, "AGO": {24, "Middle Africa"}, "ALB": {8, "Europe"}, "ARE": {784, "Middle East"},
	"ARM": {51, "Caucasus and Central Asia"}, "AZE": {31, "Caucasus and Central Asia"}, "BDI": {108, "Eastern Africa"},
	"BEN": {204, "Western Africa"}, "BFA": {854, "Western Africa"}, "BGD": {50, "South Asia"}, "BHR": {48, "Middle East"},
	"BLR": {112, "Europe"}, "BRA": {76, "South America"}, "CAF": {140, "Middle Africa"}, "CHN": {156, "East Asia"},
	"CIV": {384, "Western Africa"}, "CMR": {120, "Middle Africa"}, "COD": {180, "Middle Africa"}, "COG": {178, "Middle Africa"},
	"COL": {170, "South America"}, "DEU": {276, "Europe"}, "DZA": {12, "Northern Africa"}, "EGY": {818, "Northern Africa"},
	"ERI": {232, "Eastern Africa"}, "ETH": {231, "Eastern Africa"}, "FRA": {250, "Europe"}, "GBR": {826, "Europe"},
	"GEO": {268, "Caucasus and Central Asia"}, "GHA": {288, "Western Africa"}, "GIN": {324, "Western Africa"},
	"GMB": {270, "Western Africa"}, "HTI": {332, "Caribbean"}, "IDN": {360, "Southeast Asia"}, "IND": {356, "South Asia"},
	"IRN": {364, "Middle East"}, "IRQ": {368, "Middle East"}, "ISR": {376, "Middle East"}, "JOR": {400, "Middle East"},
	"KAZ": {398, "Caucasus and Central Asia"}, "KEN": {404, "Eastern Africa"}, "KGZ": {417, "Caucasus and Central Asia"},
	"KWT": {414, "Middle East"}, "LBN": {422, "Middle East"}, "LBR": {430, "Western Africa"}, "LBY": {434, "Northern Africa"},
	"LKA": {144, "South Asia"}, "MAR": {504, "Northern Africa"}, "MDG": {450, "Eastern Africa"}, "MEX": {484, "Central America"},
	"MLI": {466, "Western Africa"}, "MMR": {104, "Southeast Asia"}, "MOZ": {508, "Southern Africa"}, "MRT": {478, "Western Africa"},
	"MWI": {454, "Southern Africa"}, "NER": {562, "Western Africa"}, "NGA": {566, "Western Africa"}, "NPL": {524, "South Asia"},
	"OMN": {512, "Middle East"}, "PAK": {586, "South Asia"}, "PHL": {608, "Southeast Asia"}, "PSE": {275, "Middle East"},
	"QAT": {634, "Middle East"}, "RUS": {643, "Europe"}, "RWA": {646, "Eastern Africa"}, "SAU": {682, "Middle East"},
	"SDN": {729, "Northern Africa"}, "SEN": {686, "Western Africa"}, "SLE": {694, "Western Africa"}, "SOM": {706, "Eastern Africa"},
	"SSD": {728, "Eastern Africa"}, "SYR": {760, "Middle East"}, "TCD": {148, "Middle Africa"}, "TGO": {768, "Western Africa"},
	"THA": {764, "Southeast Asia"}, "TJK": {762, "Caucasus and Central Asia"}, "TUN": {788, "Northern Africa"},
	"TUR": {792, "Middle East"}, "TZA": {834, "Eastern Africa"}, "UGA": {800, "Eastern Africa"}, "UKR": {804, "Europe"},
	"USA": {840, "North America"}, "UZB": {860, "Caucasus and Central Asia"}, "VEN": {862, "South America"},
	"YEM": {887, "Middle East"}, "ZAF": {710, "Southern Africa"}, "ZMB": {894, "Southern Africa"}, "ZWE": {716, "Southern Africa"},
}

// disorderType is ACLED's disorder_type of an event type and sub-event type.
func disorderType(eventType, sub string) string {
	switch eventType {
	case "Battles", "Explosions/Remote violence", "Violence against civilians":
		return "Political violence"
	case "Protests", "Riots":
		if sub == "Excessive force against protesters" || sub == "Mob violence" {
			return "Political violence; Demonstrations"
		}
		return "Demonstrations"
	case "Strategic developments":
		return "Strategic developments"
	}
	return ""
}

// interaction is ACLED's two-digit interaction code: the two inter codes,
// the lower first; a lone actor gives its code followed by 0.
func interaction(i1, i2 int) int {
	if i1 == 0 && i2 == 0 {
		return 0
	}
	if i1 == 0 || i2 == 0 {
		return 10 * max(i1, i2)
	}
	return 10*min(i1, i2) + max(i1, i2)
}

func actorName(a *model.Actor) (string, int) {
	if a == nil {
		return "", 0
	}
	return a.Name, a.Type
}

func assoc(as []model.Actor) string {
	names := make([]string, 0, len(as))
	for _, a := range as {
		if a.Name != "" {
			names = append(names, a.Name)
		}
	}
	return strings.Join(names, "; ")
}

func writeACLED(w io.Writer, rows []Row, opt Options) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(acledColumns); err != nil {
		return err
	}
	for i, r := range rows {
		a1, i1 := actorName(r.Actor1)
		a2, i2 := actorName(r.Actor2)
		inter := r.Interaction
		if inter == 0 {
			inter = interaction(i1, i2)
		}
		civ := ""
		if i2 == 7 && r.EventType != "Protests" {
			civ = "Civilian targeting"
		}
		var iso3, admin1, loc, lat, lon, geoPrec, ctryName, region, iso string
		if l := r.Location; l != nil {
			iso3, admin1, loc = l.Country, l.Admin1, l.Name
			if l.Lat != 0 || l.Lon != 0 {
				lat, lon = strconv.FormatFloat(l.Lat, 'f', 4, 64), strconv.FormatFloat(l.Lon, 'f', 4, 64)
			}
			if l.GeoPrecision > 0 {
				geoPrec = strconv.Itoa(l.GeoPrecision)
			}
		}
		ctryName = iso3
		if opt.CountryName != nil && iso3 != "" {
			if n := opt.CountryName(iso3); n != "" {
				ctryName = n
			}
		}
		if c, ok := countries[iso3]; ok {
			iso, region = strconv.Itoa(c.iso), c.region
		}
		fat := "0"
		if r.Fatalities != nil {
			fat = strconv.Itoa(r.Fatalities.Best)
		}
		year := ""
		if len(r.Date) >= 4 {
			year = r.Date[:4]
		}
		prec := min(max(r.DatePrecision, 1), 3)
		tags := []string{"sitrep " + r.ID}
		if r.Corroboration != "" {
			tags = append(tags, r.Corroboration, strconv.Itoa(r.Origins)+" independent sources")
		}
		if r.Modality != "" && r.Modality != model.Asserted {
			tags = append(tags, r.Modality)
		}
		idPrefix := iso3
		if idPrefix == "" {
			idPrefix = "XXX"
		}
		rec := []string{
			idPrefix + strconv.Itoa(i+1), r.Date, year, strconv.Itoa(prec), disorderType(r.EventType, r.SubEventType), r.EventType, r.SubEventType,
			a1, assoc(r.Assoc1), itoaNonZero(i1), a2, assoc(r.Assoc2), itoaNonZero(i2), strconv.Itoa(inter), civ,
			iso, region, ctryName, admin1, "", "", loc, lat, lon, geoPrec,
			strings.Join(r.Sources, "; "), "", r.Notes, fat, strings.Join(tags, "; "), strconv.FormatInt(opt.Timestamp, 10),
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func itoaNonZero(i int) string {
	if i == 0 {
		return ""
	}
	return strconv.Itoa(i)
}
