package geo

import (
	"bytes"
	"strings"
	"testing"
)

// geonamesRow writes one row in the GeoNames dump layout (19 columns).
func geonamesRow(id, name, ascii, alts, lat, lon, fcode, cc, adm1, pop, modified string) string {
	f := []string{id, name, ascii, alts, lat, lon, "P", fcode, cc, "", adm1, "", "", "", pop, "", "", "Asia/Damascus", modified}
	return strings.Join(f, "\t") + "\n"
}

func TestBuild(t *testing.T) {
	cities := geonamesRow("169389", "Idlib", "Idlib", "Idleb,ادلب,MRW,Идлиб", "35.93062", "36.63393", "PPLA", "SY", "12", "128840", "2019-01-01") +
		geonamesRow("164816", "Sarāqib", "Saraqib", "Saraqeb", "35.86447", "36.80591", "PPLA3", "SY", "12", "34231", "2019-01-01") +
		geonamesRow("2660646", "Genève", "Geneve", "Geneva,Ginevra", "46.20222", "6.14569", "PPLA", "CH", "GE", "183981", "2019-01-01")
	extra := geonamesRow("164816", "Saraqib", "Saraqib", "", "35.8645", "36.8059", "PPLA3", "SY", "12", "35000", "2024-01-01") +
		geonamesRow("999", "Kafr Nubl", "Kafr Nubl", "", "35.614", "36.561", "PPL", "SY", "12", "0", "2024-01-01")
	admin1 := []byte("SY\tIdlib\tIdleb\tIdlib\t35.83\t36.63\n")
	var out bytes.Buffer
	st, err := Build(strings.NewReader(cities), admin1, &out, strings.NewReader(extra))
	if err != nil {
		t.Fatal(err)
	}
	if st.Places != 4 || st.Admin1Mapped != 1 {
		t.Errorf("got %+v, want 4 places and 1 admin-1 code named", st)
	}
	recs, cs, err := readFile(out.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	byID := map[int]record{}
	for _, r := range recs {
		byID[r.ID] = r
	}
	idlib := byID[169389]
	if idlib.Country != "SYR" || idlib.Admin1 != "Idlib" || idlib.Lat != 35.9306 {
		t.Errorf("Idlib record %+v, want SYR, admin-1 Idlib, lat 35.9306", idlib)
	}
	if !containsKey(idlib.Keys, "idleb") || !containsKey(idlib.Keys, "ادلب") || containsKey(idlib.Keys, "mrw") || containsKey(idlib.Keys, "идлиб") {
		t.Errorf("Idlib keys %v: want Latin and Arabic alternates only, no airport code", idlib.Keys)
	}
	if s := byID[164816]; s.Population != 35000 || !containsKey(s.Keys, NormName("Saraqeb")) {
		t.Errorf("Saraqib %+v: want the newer row (population 35000) keeping the old names", s)
	}
	if g := byID[2660646]; g.Country != "CHE" || !containsKey(g.Keys, "geneva") {
		t.Errorf("Geneva %+v: want CHE and the key geneva", g)
	}
	if len(cs) != 2 {
		t.Errorf("got %d countries, want 2 (SYR, CHE)", len(cs))
	}
}
