package eval

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/internal/model"
	"github.com/sitrep/sitrep/internal/sharedtest"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

const kmPerDegreeLat = 111.195

// airstrike is a gold event used by most tests: Russian jets strike Umm Jalal.
func airstrike() model.GoldEvent {
	return model.GoldEvent{
		ID: "strike", Required: true, Note: "jets strike Umm Jalal",
		EventType: "Explosions/Remote violence", SubEventType: "Air/drone strike",
		CAMEORoot: "19", PLOVER: "ASSAULT",
		Actor1: []string{"Military Forces of Russia", "Russia", "Russian jets"},
		Actor2: []string{"Hayat Tahrir al-Sham", "HTS"},
		Location: &model.GoldLocation{Names: []string{"Umm Jalal", "Um Jilal"}, Admin1: "Idlib", Country: "SYR",
			Lat: 35.5, Lon: 36.83, GeoPrecision: 1},
		Date:       &model.DateSpan{From: "2018-01-01", To: "2018-07-06"},
		Fatalities: &model.Range{Low: 12, High: 12},
		Modality:   model.Asserted,
	}
}

// strikePred is a prediction that gets every attribute of airstrike() right.
func strikePred(id string) model.Event {
	return model.Event{
		ID: id, CAMEO: "195", PLOVER: "ASSAULT",
		EventType: "Explosions/Remote violence", SubEventType: "Air/drone strike",
		Actor1:     &model.Actor{Name: "Military Forces of Russia", Text: "Russian jets"},
		Actor2:     &model.Actor{Name: "Hayat Tahrir al-Sham", Text: "HTS terrorists"},
		Location:   &model.Location{Name: "Umm Jalal", Admin1: "Idlib", Country: "SYR", Lat: 35.5, Lon: 36.83},
		Date:       "2018-07-05",
		Fatalities: &model.Fatalities{Best: 12, Low: 12, High: 12},
		Modality:   model.Asserted,
		Evidence:   []model.Span{{Start: 0, End: 20, Text: "Russian jets struck"}},
	}
}

func gold(id string, events ...model.GoldEvent) model.Gold {
	return model.Gold{Article: model.Article{ID: id, Text: "..."}, Events: events}
}

func preds(id string, events ...model.Event) map[string]model.Analysis {
	return map[string]model.Analysis{id: {ArticleID: id, Events: events}}
}

func TestMatchesPlace(t *testing.T) {
	north := func(km float64) *model.Location {
		return &model.Location{Name: "Somewhere", Admin1: "Hama", Lat: 35.5 + km/kmPerDegreeLat, Lon: 36.83}
	}
	region := airstrike()
	region.Location = &model.GoldLocation{Names: []string{"Idlib province"}, Admin1: "Idlib", Country: "SYR",
		Lat: 35.93, Lon: 36.63, GeoPrecision: 3}
	tests := []struct {
		name string
		gold model.GoldEvent
		loc  *model.Location
		want bool
	}{
		{"same name", airstrike(), &model.Location{Name: "Umm Jalal"}, true},
		{"alias, other spelling", airstrike(), &model.Location{Name: "um-jilal"}, true},
		{"24 km away", airstrike(), north(24), true},
		{"25 km away", airstrike(), north(24.99), true},
		{"26 km away", airstrike(), north(26), false},
		{"no location", airstrike(), nil, false},
		{"no coordinates, other name", airstrike(), &model.Location{Name: "Idlib"}, false},
		{"same admin1, gold is a town", airstrike(), &model.Location{Name: "Saraqib", Admin1: "Idlib", Lat: 35.86, Lon: 36.8}, false},
		{"same admin1, gold is a region", region, &model.Location{Name: "Saraqib", Admin1: "IDLIB", Lat: 35.86, Lon: 37.2}, true},
		{"other admin1, gold is a region", region, &model.Location{Name: "Hama", Admin1: "Hama", Lat: 35.13, Lon: 36.75}, false},
		{"same admin1, other country", region, &model.Location{Name: "X", Admin1: "Idlib", Country: "TUR"}, false},
	}
	for _, tt := range tests {
		p := strikePred("p")
		p.Location = tt.loc
		if got := Matches(p, tt.gold); got != tt.want {
			t.Errorf("%s: Matches = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestMatchesKindAndActors(t *testing.T) {
	statement := model.GoldEvent{ID: "g", CAMEORoot: "01", PLOVER: "REJECT", Actor1: []string{"Government of Syria", "Hussam Aala"}}
	syria := &model.Actor{Name: "Government of Syria"}
	tests := []struct {
		name string
		gold model.GoldEvent
		edit func(*model.Event)
		want bool
	}{
		{"all right", airstrike(), func(*model.Event) {}, true},
		{"other event type", airstrike(), func(e *model.Event) { e.EventType = "Battles" }, false},
		{"event type decides over cameo", airstrike(), func(e *model.Event) { e.CAMEO = "111" }, true},
		{"cameo root", statement, func(e *model.Event) { e.EventType, e.CAMEO, e.PLOVER, e.Actor1 = "", "012", "", syria }, true},
		{"plover", statement, func(e *model.Event) { e.EventType, e.CAMEO, e.PLOVER, e.Actor1 = "", "111", "reject", syria }, true},
		{"neither", statement, func(e *model.Event) { e.EventType, e.CAMEO, e.PLOVER, e.Actor1 = "", "111", "ACCUSE", syria }, false},
		{"actor2 among gold actor1", statement, func(e *model.Event) {
			e.EventType, e.CAMEO = "", "012"
			e.Actor1, e.Actor2 = nil, &model.Actor{Name: "Hussam Aala"}
		}, true},
		{"actor by text", airstrike(), func(e *model.Event) {
			e.Actor1 = &model.Actor{Name: "Unknown", Text: "Russian jets"}
			e.Actor2 = nil
		}, true},
		{"actor normalised", airstrike(), func(e *model.Event) {
			e.Actor1 = nil
			e.Actor2 = &model.Actor{Name: "Hay’at Tahrir al Sham"}
		}, true},
		{"no actor", airstrike(), func(e *model.Event) { e.Actor1, e.Actor2 = nil, nil }, false},
		{"wrong actors", airstrike(), func(e *model.Event) {
			e.Actor1, e.Actor2 = &model.Actor{Name: "FSA"}, &model.Actor{Name: "Civilians"}
		}, false},
		{"gold names no actors", model.GoldEvent{CAMEORoot: "19"}, func(e *model.Event) { e.Actor1, e.Actor2 = nil, nil }, true},
	}
	for _, tt := range tests {
		p := strikePred("p")
		tt.edit(&p)
		if got := Matches(p, tt.gold); got != tt.want {
			t.Errorf("%s: Matches = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestDateInside(t *testing.T) {
	span := model.DateSpan{From: "2018-06-15", To: "2018-07-06"}
	tests := []struct {
		date string
		want bool
	}{
		{"2018-06-15", true},
		{"2018-07-06", true},
		{"2018-06-14", false},
		{"2018-07-07", false},
		{"2018-07-06T23:00:00Z", true},
		{"2018-06", true}, // June overlaps the span
		{"2018-07", true},
		{"2018-05", false},
		{"2018-08", false},
		{"2018", true},
		{"2017", false},
		{"", false},
		{"yesterday", false},
		{"2018-13", false},
	}
	for _, tt := range tests {
		if got := dateInside(tt.date, span); got != tt.want {
			t.Errorf("dateInside(%q, %v) = %v, want %v", tt.date, span, got, tt.want)
		}
	}
	open := model.DateSpan{From: "2018-06-15"}
	if !dateInside("2030-01-01", open) || dateInside("2018-06-14", open) {
		t.Errorf("open-ended span: got wrong bounds")
	}
}

func TestFatalitiesRight(t *testing.T) {
	f := func(best int) *model.Fatalities { return &model.Fatalities{Best: best} }
	tests := []struct {
		name string
		pred *model.Fatalities
		gold *model.Range
		want bool
	}{
		{"inside", f(12), &model.Range{Low: 12, High: 50}, true},
		{"high end", f(50), &model.Range{Low: 12, High: 50}, true},
		{"below", f(11), &model.Range{Low: 12, High: 50}, false},
		{"above", f(51), &model.Range{Low: 12, High: 50}, false},
		{"none predicted, some in gold", nil, &model.Range{Low: 12, High: 12}, false},
		{"none predicted, zero in gold", nil, &model.Range{Low: 0, High: 0}, true},
		{"gold null, none predicted", nil, nil, true},
		{"gold null, zero predicted", f(0), nil, true},
		{"gold null, deaths predicted", f(3), nil, false},
	}
	for _, tt := range tests {
		if got := fatalitiesRight(tt.pred, tt.gold); got != tt.want {
			t.Errorf("%s: fatalitiesRight = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestScoreOneToOne(t *testing.T) {
	worse := strikePred("worse")
	worse.Date = "2017-01-01"
	worse.Fatalities = nil
	better := strikePred("better")
	r := Score([]model.Gold{gold("a", airstrike())}, preds("a", worse, better))
	if r.Passed != 1 || r.Failed != 1 {
		t.Errorf("got %d passed, %d failed, want 1 passed, 1 failed", r.Passed, r.Failed)
	}
	if got := r.Articles[0].Pairs; len(got) != 1 || got[0].PredID != "better" {
		t.Errorf("got pairs %+v, want the better prediction matched", got)
	}
	if r.PrecisionRatio != (Ratio{1, 2}) || r.RecallRatio != (Ratio{1, 1}) {
		t.Errorf("got precision %v recall %v, want 1/2 and 1/1", r.PrecisionRatio, r.RecallRatio)
	}
	if len(r.Extras) != 1 || !strings.HasPrefix(r.Extras[0], "EXTRA a 195 Air/drone strike Military Forces of Russia→Hayat Tahrir al-Sham @Umm Jalal: ") {
		t.Errorf("got extras %q", r.Extras)
	}
	for name, want := range map[string]Ratio{"sub_event_type": {1, 1}, "date": {1, 1}, "fatalities": {1, 1}} {
		if got := r.Attr[name]; got != want {
			t.Errorf("attr %s = %v, want %v", name, got, want)
		}
	}
}

func TestScoreModality(t *testing.T) {
	denied := airstrike()
	denied.ID, denied.Required, denied.Modality = "denied", false, model.Negated
	generic := airstrike()
	generic.ID, generic.Required, generic.Modality = "generic", false, model.Generic
	generic.Location, generic.Date, generic.Fatalities = nil, nil, nil

	negated := func(id string) model.Event {
		e := strikePred(id)
		e.Modality = model.Negated
		return e
	}
	future := strikePred("future")
	future.Modality = model.Future
	unrelatedNegated := negated("unrelated")
	unrelatedNegated.EventType = "Battles"

	tests := []struct {
		name          string
		gold          []model.GoldEvent
		preds         []model.Event
		wantPrecision Ratio
		wantRecall    Ratio
		wantFailed    int
	}{
		{"negated matches negated gold: counted, correct", []model.GoldEvent{denied}, []model.Event{negated("n")}, Ratio{1, 1}, Ratio{0, 0}, 0},
		{"negated matching nothing: ignored", []model.GoldEvent{denied}, []model.Event{unrelatedNegated}, Ratio{0, 0}, Ratio{0, 0}, 0},
		{"future cannot match a negated gold: ignored", []model.GoldEvent{denied}, []model.Event{future}, Ratio{0, 0}, Ratio{0, 0}, 0},
		{"negated cannot satisfy an asserted required gold", []model.GoldEvent{airstrike()}, []model.Event{negated("n")}, Ratio{0, 0}, Ratio{0, 1}, 1},
		{"asserted matching optional generic gold: correct", []model.GoldEvent{generic}, []model.Event{strikePred("p")}, Ratio{1, 1}, Ratio{0, 0}, 0},
		{"asserted prefers asserted gold", []model.GoldEvent{generic, airstrike()}, []model.Event{strikePred("p")}, Ratio{1, 1}, Ratio{1, 1}, 0},
		{"empty modality is asserted", []model.GoldEvent{airstrike()}, []model.Event{func() model.Event {
			e := strikePred("p")
			e.Modality = ""
			return e
		}()}, Ratio{1, 1}, Ratio{1, 1}, 0},
	}
	for _, tt := range tests {
		r := Score([]model.Gold{gold("a", tt.gold...)}, preds("a", tt.preds...))
		if r.PrecisionRatio != tt.wantPrecision || r.RecallRatio != tt.wantRecall || r.Failed != tt.wantFailed {
			t.Errorf("%s: got precision %v recall %v failed %d, want %v %v %d", tt.name,
				r.PrecisionRatio, r.RecallRatio, r.Failed, tt.wantPrecision, tt.wantRecall, tt.wantFailed)
		}
	}
}

func TestScoreFlagsAndMissingPrediction(t *testing.T) {
	g1 := gold("a", airstrike())
	g1.Credibility = model.GoldCredibility{Propaganda: true, SelfCitation: true, AnonymousSourcing: false}
	g2 := gold("b", airstrike())
	g2.Credibility = model.GoldCredibility{Propaganda: false, SelfCitation: false, AnonymousSourcing: true}
	p := map[string]model.Analysis{"a": {ArticleID: "a", Credibility: model.Credibility{
		Score:    0.5,
		Sourcing: model.Sourcing{SelfCitations: []model.Span{{Text: "we reported"}}},
	}}}
	r := Score([]model.Gold{g1, g2}, p)
	want := map[string]Ratio{"propaganda": {2, 2}, "self_citation": {2, 2}, "anonymous_sourcing": {1, 2}}
	for name, w := range want {
		if got := r.Flags[name]; got != w {
			t.Errorf("flag %s = %v, want %v", name, got, w)
		}
	}
	if !r.Articles[1].NoPrediction || r.Articles[0].NoPrediction {
		t.Errorf("got NoPrediction %v %v, want false true", r.Articles[0].NoPrediction, r.Articles[1].NoPrediction)
	}
	if r.Passed != 0 || r.Failed != 2 || len(r.Misses) != 2 {
		t.Errorf("got %d passed, %d failed, %d misses, want 0, 2, 2", r.Passed, r.Failed, len(r.Misses))
	}
}

// TestReportWrite is a golden test of the printed report.
func TestReportWrite(t *testing.T) {
	strike := airstrike()
	optional := airstrike()
	optional.ID, optional.Required, optional.Note = "clash", false, "fighting in the area"
	optional.EventType, optional.SubEventType = "Battles", "Armed clash"
	claim := model.GoldEvent{ID: "claim", Required: true, Note: "HTS claims the attack", CAMEORoot: "01",
		PLOVER: "AGREE", Actor1: []string{"HTS"}, Modality: model.Asserted}
	g := gold("idlib", strike, optional, claim)
	g.Credibility = model.GoldCredibility{Propaganda: true, SelfCitation: true, AnonymousSourcing: true}

	wrongPlace := strikePred("e2")
	wrongPlace.Location = &model.Location{Name: "Aleppo", Lat: 36.2, Lon: 37.16}
	wrongPlace.Evidence = []model.Span{{Text: "jets also\nhit Aleppo"}}
	right := strikePred("e1")
	right.Date = "2018-07"
	right.Fatalities = &model.Fatalities{Best: 10}
	an := model.Analysis{ArticleID: "idlib", Events: []model.Event{right, wrongPlace},
		Credibility: model.Credibility{Score: 0.7, Sourcing: model.Sourcing{Anonymous: []model.Span{{Text: "a source"}}}}}

	r := Score([]model.Gold{g, gold("empty")}, map[string]model.Analysis{"idlib": an})
	var buf bytes.Buffer
	r.WriteDetails(&buf)
	r.Write(&buf)
	golden(t, "report.golden", buf.Bytes())
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if last := lines[len(lines)-1]; last != "1 passed, 2 failed" {
		t.Errorf("closing line %q, want %q", last, "1 passed, 2 failed")
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs; got:\n%s\nwant:\n%s", path, got, want)
	}
}

func TestLoadGoldErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := LoadGold(dir); err == nil || !strings.Contains(err.Error(), "no *.gold.json") {
		t.Errorf("empty dir: got %v, want a 'no *.gold.json' error", err)
	}
	if _, err := LoadGold(filepath.Join(dir, "absent")); err == nil {
		t.Errorf("absent dir: got no error")
	}
	bad := "{\n  \"article\": {\"id\": \"x\"},\n  \"events\": [,]\n}\n"
	if err := os.WriteFile(filepath.Join(dir, "bad.gold.json"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := LoadGold(dir)
	if err == nil || !strings.Contains(err.Error(), "bad.gold.json:3:") {
		t.Errorf("bad JSON: got %v, want an error naming bad.gold.json:3", err)
	}
}

func TestReadPredictions(t *testing.T) {
	in := `{"article_id":"a","events":[{"id":"e1","cameo":"190"}]}

{"article_id":"b","events":[]}
`
	p, err := ReadPredictions(strings.NewReader(in), "p.jsonl")
	if err != nil || len(p) != 2 || p["a"].Events[0].CAMEO != "190" {
		t.Fatalf("got %v, %v, want two analyses", p, err)
	}
	for _, tt := range []struct{ in, want string }{
		{"{\"article_id\":\"a\"}\n{\"article_id\":\n", "p.jsonl:2:"},
		{"{\"events\":[]}\n", "p.jsonl:1: missing article_id"},
		{"{\"article_id\":\"a\"}\n{\"article_id\":\"a\"}", "p.jsonl:2: article_id \"a\" already given on line 1"},
	} {
		_, err := ReadPredictions(strings.NewReader(tt.in), "p.jsonl")
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ReadPredictions(%q) error = %v, want %q", tt.in, err, tt.want)
		}
	}
}

// TestPerfectOnDevGold scores predictions built from the gold events
// themselves against the shared development gold: everything must match.
func TestPerfectOnDevGold(t *testing.T) {
	dir := sharedGold(t)
	golds, err := LoadGold(dir)
	if err != nil {
		t.Fatal(err)
	}
	p := map[string]model.Analysis{}
	for _, g := range golds {
		an := model.Analysis{ArticleID: g.Article.ID}
		for _, ge := range g.Events {
			an.Events = append(an.Events, fromGold(ge))
		}
		p[g.Article.ID] = an
	}
	r := Score(golds, p)
	if r.Recall != 1 || r.Precision != 1 || r.Failed != 0 {
		var buf bytes.Buffer
		r.Write(&buf)
		t.Errorf("got recall %v precision %v failed %d, want 1 1 0:\n%s", r.Recall, r.Precision, r.Failed, buf.String())
	}
	for name, a := range r.Attr {
		if a.K != a.N {
			t.Errorf("attr %s = %v, want all right", name, a)
		}
	}
}

// fromGold builds the prediction a perfect system would make for ge.
func fromGold(ge model.GoldEvent) model.Event {
	e := model.Event{ID: ge.ID, CAMEO: ge.CAMEORoot, PLOVER: ge.PLOVER, EventType: ge.EventType,
		SubEventType: ge.SubEventType, Modality: ge.Modality}
	if len(ge.Actor1) > 0 {
		e.Actor1 = &model.Actor{Name: ge.Actor1[0]}
	}
	if len(ge.Actor2) > 0 {
		e.Actor2 = &model.Actor{Name: ge.Actor2[0]}
	}
	if l := ge.Location; l != nil {
		e.Location = &model.Location{Name: l.Names[0], Admin1: l.Admin1, Country: l.Country, Lat: l.Lat, Lon: l.Lon}
	}
	if ge.Date != nil {
		e.Date = ge.Date.To
	}
	if ge.Fatalities != nil {
		e.Fatalities = &model.Fatalities{Best: ge.Fatalities.Low, Low: ge.Fatalities.Low, High: ge.Fatalities.High}
	}
	return e
}

// sharedGold locates ../shared/gold/dev beside the repository root, or skips.
func sharedGold(t *testing.T) string {
	t.Helper()
	return sharedtest.Require(t, "gold", "dev")
}

func FuzzReadPredictions(f *testing.F) {
	f.Add([]byte(`{"article_id":"a","events":[{"id":"e1","cameo":"190","location":{"name":"X","lat":1}}]}` + "\n\n"))
	f.Add([]byte("{\"article_id\":\"a\"}\n{\"article_id\":\"a\"}"))
	f.Add([]byte("{broken"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ReadPredictions(bytes.NewReader(data), "fuzz")
		if err != nil {
			return
		}
		for id, an := range p {
			if id == "" || an.ArticleID != id {
				t.Errorf("analysis keyed %q has article_id %q", id, an.ArticleID)
			}
		}
		// Scoring whatever was read must not panic.
		Score([]model.Gold{gold("a", airstrike())}, p)
	})
}

func FuzzNormName(f *testing.F) {
	for _, s := range []string{"Hay'at Tahrir al-Sham", "ash-Shaddadi", "Niafunké", "al-", "-al-", "Al"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := NormName(s)
		if strings.Contains(got, "  ") || got != strings.TrimSpace(got) {
			t.Errorf("NormName(%q) = %q: stray spaces", s, got)
		}
		if strings.ContainsAny(got, "-'’.") {
			t.Errorf("NormName(%q) = %q: hyphen, apostrophe or full stop left", s, got)
		}
	})
}
