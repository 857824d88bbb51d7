// Package eval scores sitrep's event output against annotated gold files, as
// spec §4 (../shared/spec/README.md) defines it.
//
// In: gold files (*.gold.json, model.Gold) and one model.Analysis per article,
// keyed by article id. Out: a Report with recall, precision, F1, attribute
// accuracy over matched pairs, the misses and extra predictions, credibility
// flag accuracy, and the closing line "N passed, M failed". It never runs the
// analysis itself and never touches the network.
//
// Matching (spec §4). A prediction matches a gold event of the same article
// when all of these hold:
//   - kind: where gold has an event_type, the prediction's event_type equals
//     it; otherwise the prediction's CAMEO root equals cameo_root or its
//     plover equals plover;
//   - place: where gold has a location, the prediction's location name equals
//     one of the gold names under NormName, or its point lies within 25 km of
//     the gold point (DistanceKM); for gold geo_precision 3 the same admin1
//     (under NormName, and not in another country) also matches. A point at
//     exactly (0, 0) counts as "no coordinates";
//   - actors: where gold names actors, the name or text of the prediction's
//     actor1 or actor2 is, under NormName, among the gold actor1 ∪ actor2 names;
//   - modality: a prediction that is not asserted (negated, hypothetical,
//     future, generic) only matches a gold event of the same modality. An
//     empty modality counts as asserted.
//
// Matching is one-to-one and greedy, best first: every matching pair is scored
// by the number of its correct attributes (below) plus one when the
// modalities agree; pairs are taken by falling score, required gold before
// optional gold, then in file order.
//
// Figures:
//   - recall = matched required gold / required gold;
//   - precision = correct predictions / counted predictions, where asserted
//     predictions are always counted (correct when matched to any gold event,
//     required or not), and a non-asserted prediction is counted, as correct,
//     only when it matched (necessarily a gold event of its own modality);
//     unmatched non-asserted predictions are ignored;
//   - F1 is their harmonic mean; any figure with a zero denominator is 0;
//   - attribute accuracy over matched pairs, each attribute counted only
//     where gold has a value: sub_event_type (equal); actor1 (the prediction's
//     actor1 name or text among gold actor1); actor2 (likewise); location
//     (name equal under NormName, or within 5 km); date (see dateInside);
//     fatalities (see fatalitiesRight: the only attribute also counted when
//     gold has none, because "no deaths reported" is a checkable claim);
//   - credibility flags per article with gold: propaganda = score ≥ 0.5,
//     self_citation = any sourcing.self_citations, anonymous_sourcing = any
//     sourcing.anonymous, each compared with the gold flag;
//   - passed = matched required gold; failed = missed required gold +
//     unmatched asserted predictions.
//
// An article with no prediction is scored as an analysis with no events and
// a zero credibility.
package eval

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/sitrep/sitrep/internal/model"
)

// Attribute names, in report order.
var attrNames = []string{"sub_event_type", "actor1", "actor2", "location", "date", "fatalities"}

// Credibility flag names, in report order.
var flagNames = []string{"propaganda", "self_citation", "anonymous_sourcing"}

const (
	matchKM = 25.0 // place matches within this distance of the gold point
	exactKM = 5.0  // location attribute is exact within this distance
	// PropagandaThreshold is the credibility score from which an article is
	// taken as flagged as propaganda.
	PropagandaThreshold = 0.5
)

// Ratio is k right out of n.
type Ratio struct{ K, N int }

// Value is K/N, or 0 when N is 0.
func (r Ratio) Value() float64 {
	if r.N == 0 {
		return 0
	}
	return float64(r.K) / float64(r.N)
}

// String renders the ratio as "0.83 (10/12)".
func (r Ratio) String() string { return fmt.Sprintf("%.2f (%d/%d)", r.Value(), r.K, r.N) }

// ArticleResult is the result for one gold article.
type ArticleResult struct {
	ID               string
	Required         int  // required gold events
	Found            int  // of which matched
	Predicted        int  // predicted events
	Counted          int  // predictions counted for precision
	Correct          int  // of which correct
	NoPrediction     bool // no analysis was given for the article
	PredictionError  string
	Pairs            []Pair
	UnmatchedAsserts int
}

// Pair is one matched gold event and prediction.
type Pair struct {
	GoldID, PredID string
	Score          int
	// Attr holds, for each attribute counted for this pair, whether the
	// prediction got it right.
	Attr map[string]bool
}

// Report is the outcome of scoring a set of gold articles.
type Report struct {
	Recall, Precision, F1 float64
	// RecallRatio and PrecisionRatio are the counts behind Recall and Precision.
	RecallRatio, PrecisionRatio Ratio
	Passed, Failed              int
	// Attr is the accuracy of each attribute over matched pairs
	// (sub_event_type, actor1, actor2, location, date, fatalities).
	Attr map[string]Ratio
	// Flags is the accuracy of each credibility flag over articles
	// (propaganda, self_citation, anonymous_sourcing).
	Flags map[string]Ratio
	// Misses has one line per missed required gold event:
	// "MISS article gold-id: note".
	Misses []string
	// Extras has one line per unmatched asserted prediction:
	// "EXTRA article cameo type actor1→actor2 @place: evidence".
	Extras   []string
	Articles []ArticleResult
}

// LoadGold reads every *.gold.json file in dir, sorted by file name.
func LoadGold(dir string) ([]model.Gold, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("read gold dir: %w", err)
	}
	var golds []model.Gold
	seen := map[string]string{}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".gold.json") {
			continue
		}
		path := filepath.Join(dir, e.Name())
		g, err := readGold(path)
		if err != nil {
			return nil, err
		}
		if prev, ok := seen[g.Article.ID]; ok {
			return nil, fmt.Errorf("%s: article id %q already used by %s", path, g.Article.ID, prev)
		}
		seen[g.Article.ID] = path
		golds = append(golds, g)
	}
	if len(golds) == 0 {
		return nil, fmt.Errorf("%s: no *.gold.json files", dir)
	}
	return golds, nil
}

func readGold(path string) (model.Gold, error) {
	var g model.Gold
	data, err := os.ReadFile(path)
	if err != nil {
		return g, fmt.Errorf("read gold: %w", err)
	}
	if err := json.Unmarshal(data, &g); err != nil {
		return g, fmt.Errorf("%s:%d: %w", path, errorLine(data, err), err)
	}
	if g.Article.ID == "" {
		return g, fmt.Errorf("%s: article has no id", path)
	}
	ids := map[string]bool{}
	for i, e := range g.Events {
		if e.ID == "" {
			return g, fmt.Errorf("%s: event %d has no id", path, i+1)
		}
		if ids[e.ID] {
			return g, fmt.Errorf("%s: event id %q used twice", path, e.ID)
		}
		ids[e.ID] = true
	}
	return g, nil
}

// errorLine finds the 1-based line of a JSON decoding error in data, or 1.
func errorLine(data []byte, err error) int {
	var off int64
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		off = se.Offset
	case errors.As(err, &te):
		off = te.Offset
	default:
		return 1
	}
	off = min(off, int64(len(data)))
	return 1 + strings.Count(string(data[:off]), "\n")
}

// Score scores predictions (keyed by article id) against the gold articles.
func Score(golds []model.Gold, preds map[string]model.Analysis) Report {
	r := Report{Attr: map[string]Ratio{}, Flags: map[string]Ratio{}}
	for _, name := range attrNames {
		r.Attr[name] = Ratio{}
	}
	for _, name := range flagNames {
		r.Flags[name] = Ratio{}
	}
	var recall, precision Ratio
	for _, g := range golds {
		an, ok := preds[g.Article.ID]
		a := scoreArticle(g, an, &r)
		a.NoPrediction = !ok
		r.Articles = append(r.Articles, a)
		recall.K += a.Found
		recall.N += a.Required
		precision.K += a.Correct
		precision.N += a.Counted
		r.Passed += a.Found
		r.Failed += a.Required - a.Found + a.UnmatchedAsserts
		scoreFlags(g.Credibility, an.Credibility, &r)
	}
	r.RecallRatio, r.PrecisionRatio = recall, precision
	r.Recall, r.Precision = recall.Value(), precision.Value()
	if r.Recall+r.Precision > 0 {
		r.F1 = 2 * r.Recall * r.Precision / (r.Recall + r.Precision)
	}
	return r
}

func scoreFlags(g model.GoldCredibility, c model.Credibility, r *Report) {
	got := map[string]bool{
		"propaganda":         c.Score >= PropagandaThreshold,
		"self_citation":      len(c.Sourcing.SelfCitations) > 0,
		"anonymous_sourcing": len(c.Sourcing.Anonymous) > 0,
	}
	want := map[string]bool{
		"propaganda":         g.Propaganda,
		"self_citation":      g.SelfCitation,
		"anonymous_sourcing": g.AnonymousSourcing,
	}
	for _, name := range flagNames {
		x := r.Flags[name]
		x.N++
		if got[name] == want[name] {
			x.K++
		}
		r.Flags[name] = x
	}
}

// candidate is a matching (prediction, gold) pair.
type candidate struct {
	pred, gold int
	score      int
	required   bool
	attr       map[string]bool
}

func scoreArticle(g model.Gold, an model.Analysis, r *Report) ArticleResult {
	a := ArticleResult{ID: g.Article.ID, Predicted: len(an.Events), PredictionError: an.Error}
	for _, ge := range g.Events {
		if ge.Required {
			a.Required++
		}
	}
	var cands []candidate
	for i, pe := range an.Events {
		for j, ge := range g.Events {
			if !Matches(pe, ge) {
				continue
			}
			attr := attributes(pe, ge)
			score := 0
			for _, ok := range attr {
				if ok {
					score++
				}
			}
			if modality(pe.Modality) == modality(ge.Modality) {
				score++
			}
			cands = append(cands, candidate{pred: i, gold: j, score: score, required: ge.Required, attr: attr})
		}
	}
	slices.SortStableFunc(cands, func(x, y candidate) int {
		if c := cmp.Compare(y.score, x.score); c != 0 {
			return c
		}
		if x.required != y.required {
			if x.required {
				return -1
			}
			return 1
		}
		if c := cmp.Compare(x.gold, y.gold); c != 0 {
			return c
		}
		return cmp.Compare(x.pred, y.pred)
	})
	predUsed := make([]bool, len(an.Events))
	goldUsed := make([]bool, len(g.Events))
	for _, c := range cands {
		if predUsed[c.pred] || goldUsed[c.gold] {
			continue
		}
		predUsed[c.pred], goldUsed[c.gold] = true, true
		a.Pairs = append(a.Pairs, Pair{GoldID: g.Events[c.gold].ID, PredID: an.Events[c.pred].ID, Score: c.score, Attr: c.attr})
		for name, ok := range c.attr {
			x := r.Attr[name]
			x.N++
			if ok {
				x.K++
			}
			r.Attr[name] = x
		}
	}
	for j, ge := range g.Events {
		switch {
		case !ge.Required:
		case goldUsed[j]:
			a.Found++
		default:
			r.Misses = append(r.Misses, fmt.Sprintf("MISS %s %s: %s", g.Article.ID, ge.ID, oneLine(ge.Note, 200)))
		}
	}
	for i, pe := range an.Events {
		asserted := modality(pe.Modality) == model.Asserted
		switch {
		case predUsed[i]:
			a.Counted++
			a.Correct++
		case asserted:
			a.Counted++
			a.UnmatchedAsserts++
			r.Extras = append(r.Extras, "EXTRA "+g.Article.ID+" "+describe(pe))
		}
	}
	return a
}

// Matches reports whether prediction p matches gold event g under the rules
// of spec §4 (kind, place, actors) and the modality rule of this package.
func Matches(p model.Event, g model.GoldEvent) bool {
	if pm := modality(p.Modality); pm != model.Asserted && pm != modality(g.Modality) {
		return false
	}
	return kindMatches(p, g) && placeMatches(p.Location, g.Location) && actorsMatch(p, g)
}

func modality(m string) string {
	m = strings.ToLower(strings.TrimSpace(m))
	if m == "" {
		return model.Asserted
	}
	return m
}

func kindMatches(p model.Event, g model.GoldEvent) bool {
	if g.EventType != "" {
		return p.EventType == g.EventType
	}
	if g.CAMEORoot != "" && p.CAMEO != "" && model.CAMEORoot(p.CAMEO) == g.CAMEORoot {
		return true
	}
	return g.PLOVER != "" && strings.EqualFold(p.PLOVER, g.PLOVER)
}

func placeMatches(p *model.Location, g *model.GoldLocation) bool {
	if g == nil {
		return true
	}
	if p == nil {
		return false
	}
	if nameIn(p.Name, g.Names) || within(p, g, matchKM) {
		return true
	}
	if g.GeoPrecision == 3 && g.Admin1 != "" && NormName(p.Admin1) == NormName(g.Admin1) {
		return p.Country == "" || g.Country == "" || strings.EqualFold(p.Country, g.Country)
	}
	return false
}

func locationExact(p *model.Location, g *model.GoldLocation) bool {
	return p != nil && (nameIn(p.Name, g.Names) || within(p, g, exactKM))
}

func within(p *model.Location, g *model.GoldLocation, km float64) bool {
	if (p.Lat == 0 && p.Lon == 0) || (g.Lat == 0 && g.Lon == 0) {
		return false
	}
	return DistanceKM(p.Lat, p.Lon, g.Lat, g.Lon) <= km
}

// nameIn reports whether name, normalised, is one of names, normalised.
func nameIn(name string, names []string) bool {
	n := NormName(name)
	if n == "" {
		return false
	}
	for _, x := range names {
		if NormName(x) == n {
			return true
		}
	}
	return false
}

// actorIn reports whether the actor's name or text is among names.
func actorIn(a *model.Actor, names []string) bool {
	return a != nil && (nameIn(a.Name, names) || nameIn(a.Text, names))
}

func actorsMatch(p model.Event, g model.GoldEvent) bool {
	if len(g.Actor1)+len(g.Actor2) == 0 {
		return true
	}
	names := append(slices.Clip(g.Actor1), g.Actor2...)
	return actorIn(p.Actor1, names) || actorIn(p.Actor2, names)
}

// attributes grades a matched pair on each attribute for which gold has a
// value.
func attributes(p model.Event, g model.GoldEvent) map[string]bool {
	attr := map[string]bool{}
	if g.SubEventType != "" {
		attr["sub_event_type"] = p.SubEventType == g.SubEventType
	}
	if len(g.Actor1) > 0 {
		attr["actor1"] = actorIn(p.Actor1, g.Actor1)
	}
	if len(g.Actor2) > 0 {
		attr["actor2"] = actorIn(p.Actor2, g.Actor2)
	}
	if g.Location != nil {
		attr["location"] = locationExact(p.Location, g.Location)
	}
	if g.Date != nil {
		attr["date"] = dateInside(p.Date, *g.Date)
	}
	attr["fatalities"] = fatalitiesRight(p.Fatalities, g.Fatalities)
	return attr
}

const day = "2006-01-02"

// datePeriod is the inclusive span of days a predicted date stands for:
// "2018-07-06" one day, "2018-07" the month, "2018" the year. A longer
// RFC 3339 value counts by its date part.
func datePeriod(s string) (from, to time.Time, ok bool) {
	s = strings.TrimSpace(s)
	switch {
	case len(s) >= 10:
		t, err := time.Parse(day, s[:10])
		return t, t, err == nil
	case len(s) == 7:
		t, err := time.Parse("2006-01", s)
		return t, t.AddDate(0, 1, -1), err == nil
	case len(s) == 4:
		t, err := time.Parse("2006", s)
		return t, t.AddDate(1, 0, -1), err == nil
	}
	return time.Time{}, time.Time{}, false
}

// dateInside reports whether a predicted date falls in the gold span. A
// partial date (month or year) is inside when its period intersects the span
// (the prediction is not contradicted by it). An empty or unreadable date is
// wrong. An empty or unreadable end of the gold span leaves that end open.
func dateInside(pred string, span model.DateSpan) bool {
	from, to, ok := datePeriod(pred)
	if !ok {
		return false
	}
	if f, err := time.Parse(day, span.From); err == nil && to.Before(f) {
		return false
	}
	if t, err := time.Parse(day, span.To); err == nil && from.After(t) {
		return false
	}
	return true
}

// fatalitiesRight grades the predicted toll against gold:
//   - gold [low, high]: right when the prediction's best is in the range; no
//     prediction counts as 0, so it is right only when low is 0;
//   - gold null (no toll reported): right when the prediction is null or its
//     best is 0; a positive best is wrong.
func fatalitiesRight(p *model.Fatalities, g *model.Range) bool {
	best := 0
	if p != nil {
		best = p.Best
	}
	if g == nil {
		return best == 0
	}
	return best >= g.Low && best <= g.High
}

// describe renders an unmatched prediction for an EXTRA line:
// "cameo type actor1→actor2 @place: evidence".
func describe(e model.Event) string {
	kind := e.SubEventType
	if kind == "" {
		kind = e.PLOVER
	}
	if kind == "" {
		kind = "-"
	}
	cameo := e.CAMEO
	if cameo == "" {
		cameo = "-"
	}
	place := "?"
	if e.Location != nil && e.Location.Name != "" {
		place = e.Location.Name
	}
	var ev []string
	for _, s := range e.Evidence {
		ev = append(ev, s.Text)
	}
	return fmt.Sprintf("%s %s %s→%s @%s: %s", cameo, kind, actorLabel(e.Actor1), actorLabel(e.Actor2), place,
		oneLine(strings.Join(ev, " … "), 160))
}

func actorLabel(a *model.Actor) string {
	switch {
	case a == nil:
		return "?"
	case a.Name != "":
		return a.Name
	case a.Text != "":
		return a.Text
	}
	return "?"
}

// oneLine collapses white space and cuts s to at most n runes.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
