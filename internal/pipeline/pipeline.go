// Package pipeline analyses one article: it is the one place where text,
// mentions (actors, places, dates, counts), the event coder and credibility
// are wired together.
//
// In: a model.Article whose Text is plain text (HTML already extracted by
// ingest). Out: a model.Analysis with every contract field present (empty
// slices, never nil). It never touches the network or a store, and it is safe
// for concurrent use.
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/sitrep/sitrep/internal/coder"
	"github.com/sitrep/sitrep/internal/credibility"
	"github.com/sitrep/sitrep/internal/geo"
	"github.com/sitrep/sitrep/internal/lexicon"
	"github.com/sitrep/sitrep/internal/model"
	"github.com/sitrep/sitrep/internal/numbers"
	"github.com/sitrep/sitrep/internal/syntax"
	"github.com/sitrep/sitrep/internal/text"
	"github.com/sitrep/sitrep/internal/when"
)

// Pipeline analyses articles.
type Pipeline struct {
	syn   *syntax.Model
	lex   *lexicon.Lexicon
	gaz   *geo.Gazetteer
	coder *coder.Coder
	cred  *credibility.Analyzer
}

// New builds a pipeline from the dictionaries and models embedded in the
// binary.
func New() (*Pipeline, error) {
	syn, err := syntax.Load()
	if err != nil {
		return nil, fmt.Errorf("syntax models: %w", err)
	}
	lex, err := lexicon.Load()
	if err != nil {
		return nil, fmt.Errorf("actor dictionary: %w", err)
	}
	gaz, err := geo.Load()
	if err != nil {
		return nil, fmt.Errorf("gazetteer: %w", err)
	}
	cd, err := coder.New()
	if err != nil {
		return nil, fmt.Errorf("event coder: %w", err)
	}
	cred, err := credibility.New()
	if err != nil {
		return nil, fmt.Errorf("credibility: %w", err)
	}
	return &Pipeline{syn: syn, lex: lex, gaz: gaz, coder: cd, cred: cred}, nil
}

// ErrEmpty is returned for an article with no text.
var ErrEmpty = errors.New("article has no text")

// Analyze analyses one article.
func (p *Pipeline) Analyze(ctx context.Context, a model.Article) (model.Analysis, error) {
	an := model.Analysis{ArticleID: a.ID, Source: a.Source, Published: a.Published, Language: a.Language,
		Title: a.Title, Events: []model.Event{}, Entities: []model.Entity{}}
	if an.Language == "" {
		an.Language = "en"
	}
	an.Credibility = emptyCredibility()
	if strings.TrimSpace(a.Text) == "" {
		return an, ErrEmpty
	}
	if err := ctx.Err(); err != nil {
		return an, err
	}
	doc := text.Parse(a.Text)
	pub := parsePublished(a.Published)
	in := p.mentions(doc, pub)
	an.Events = p.coder.Code(in)

	// Credibility.
	var am []credibility.ActorMention
	for _, r := range in.Actors {
		if r.Kind == "country" {
			continue
		}
		am = append(am, credibility.ActorMention{Name: r.Actor.Name, Span: r.Span, Head: r.Head})
	}
	an.Credibility = p.cred.Analyze(credibility.Input{Doc: doc, Article: a, Actors: am})
	score := an.Credibility.Score
	for i := range an.Events {
		an.Events[i].Credibility = &score
	}
	an.Entities = entities(in)
	return an, nil
}

// mentions finds actors, places, dates and counts and builds the coder's
// input.
func (p *Pipeline) mentions(doc *text.Doc, pub time.Time) coder.Input {
	date := ""
	if !pub.IsZero() {
		date = pub.Format("2006-01-02")
	}
	lm := p.lex.FindAt(doc, date)
	gm := p.gaz.Mentions(doc)
	resolved := p.gaz.Resolve(doc, gm)
	dates := when.Find(doc, pub)
	counts := numbers.Find(doc)

	in := coder.Input{Doc: doc, Published: pub, Localise: p.localise}
	for _, m := range lm {
		if m.Actor.Kind == "country" && locative(doc, m.Sent, m.TokStart) {
			continue // "in Syria" is a place, not an actor
		}
		in.Actors = append(in.Actors, coder.ActorRef{
			Sent: m.Sent, TokStart: m.TokStart, TokEnd: m.TokEnd, Span: m.Span,
			Actor: model.Actor{Name: m.Actor.Name, Text: m.Span.Text, Code: m.Actor.Code, Type: m.Actor.Type,
				Country: m.Actor.Country, Start: m.Span.Start, End: m.Span.End},
			Role: m.Actor.Role, Kind: m.Actor.Kind, Generic: m.Generic, Head: m.Head,
		})
	}
	for _, r := range resolved {
		if r.Place.Name == "" {
			continue
		}
		in.Places = append(in.Places, coder.PlaceRef{Sent: r.Sent, TokStart: r.TokStart, TokEnd: r.TokEnd, Loc: r.Location()})
	}
	for _, d := range dates {
		in.Dates = append(in.Dates, coder.DateRef{Sent: d.Sent, TokStart: d.TokStart, TokEnd: d.TokEnd,
			Date: d.Date, Precision: d.Precision, From: d.From, To: d.To})
	}
	for _, n := range counts {
		in.Counts = append(in.Counts, coder.CountRef{Sent: n.Sent, TokStart: n.TokStart, TokEnd: n.TokEnd,
			Best: n.Best, Low: n.Low, High: n.High, Text: n.Text, Kind: n.Kind})
	}
	// The coder works sentence by sentence: keep the last parse only, so a
	// huge article does not hold every tree in memory.
	lastSent, lastTree := -1, []syntax.Word(nil)
	in.Tree = func(si int) []syntax.Word {
		if si != lastSent {
			lastSent, lastTree = si, p.syn.ParseTree(syntax.SplitWords(doc.Sentences[si].Tokens))
		}
		return lastTree
	}
	in.Dateline = dateline(doc, in.Places)
	if in.Dateline == nil {
		in.Dateline = p.datelineLookup(doc)
	}
	in.Focus = p.focus(withoutDateline(in.Places), in.Dateline)
	in.Places = append(in.Places, p.unknownPlaces(doc, in)...)
	return in
}

// unknownPlaces keeps places the text names but the gazetteer lacks ("the
// village of Mucojo"): the article's name, placed at the known place named
// next to it (precision 2) or at the article's focus (precision 3).
func (p *Pipeline) unknownPlaces(doc *text.Doc, in coder.Input) []coder.PlaceRef {
	type key struct{ s, t int }
	taken := map[key]bool{}
	placeAt := map[key]model.Location{}
	for _, pl := range in.Places {
		for t := pl.TokStart; t < pl.TokEnd; t++ {
			taken[key{pl.Sent, t}] = true
			placeAt[key{pl.Sent, t}] = pl.Loc
		}
	}
	for _, a := range in.Actors {
		for t := a.TokStart; t < a.TokEnd; t++ {
			taken[key{a.Sent, t}] = true
		}
	}
	for _, d := range in.Dates {
		for t := d.TokStart; t < d.TokEnd; t++ {
			taken[key{d.Sent, t}] = true
		}
	}
	var out []coder.PlaceRef
	isTaken := func(s, t int) bool { return taken[key{s, t}] }
	isPlace := func(s, t int) bool { _, ok := placeAt[key{s, t}]; return ok }
	for _, u := range geo.UnknownPlaces(doc, isTaken, isPlace) {
		var loc model.Location
		if ctx, ok := placeAt[key{u.Sent, u.AdminHintTokenAt}]; ok && u.AdminHintTokenAt >= 0 {
			loc = ctx
			loc.GeoPrecision = 2
		} else if in.Focus != nil {
			loc = *in.Focus
			loc.GeoPrecision = 3
		} else {
			continue
		}
		loc.Name, loc.GeonamesID = u.Span.Text, 0
		loc.Text, loc.Start, loc.End = u.Span.Text, u.Span.Start, u.Span.End
		out = append(out, coder.PlaceRef{Sent: u.Sent, TokStart: u.TokStart, TokEnd: u.TokEnd, Loc: loc})
	}
	return out
}

// datelineLookup reads a dateline the mention finder passed over
// ("GENEVA (Reuters) -"): the words before the first comma, bracket or dash
// of the article, looked up whole in the gazetteer, most populous first.
func (p *Pipeline) datelineLookup(doc *text.Doc) *model.Location {
	if len(doc.Sentences) == 0 {
		return nil
	}
	toks := doc.Sentences[0].Tokens
	for k := 1; k < len(toks) && k <= 4; k++ {
		switch toks[k].Norm {
		case ",", "(", "-", "--":
		default:
			continue
		}
		if toks[k].Norm == "-" && k+1 < len(toks) && toks[k+1].Start == toks[k].End {
			return nil
		}
		name := doc.Slice(toks[0].Start, toks[k-1].End)
		var best *geo.Place
		for _, c := range p.gaz.Lookup(name) {
			if best == nil || c.Population > best.Population {
				c := c
				best = &c
			}
		}
		if best == nil || best.Population < 100000 {
			return nil
		}
		loc := geo.Resolved{Place: *best}.Location()
		loc.Text, loc.Start, loc.End = name, toks[0].Start, toks[k-1].End
		loc.GeoPrecision = 1
		return &loc
	}
	return nil
}

// localise gives a role actor ("civilians", "military") a country.
func (p *Pipeline) localise(a model.Actor, role, iso3 string) model.Actor {
	la := p.lex.Localise(lexicon.Actor{Kind: "agent", Role: role}, iso3)
	if la.Name == "" {
		return a
	}
	return model.Actor{Name: la.Name, Code: la.Code, Type: la.Type, Country: la.Country, Text: a.Text, Start: a.Start, End: a.End}
}

func parsePublished(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t
	}
	return time.Time{}
}

func locative(doc *text.Doc, sent, tok int) bool {
	if tok == 0 {
		return false
	}
	switch doc.Sentences[sent].Tokens[tok-1].Norm {
	case "in", "of", "across", "throughout", "from", "near", "inside", "around", "over":
		return true
	}
	return false
}

// dateline finds "NAJAF, Iraq (Reuters) -", "GENEVA (Reuters) -",
// "Khartoum, Jun 3 (AFP)" or "Idlib province –": a place among the first
// tokens of the article followed by a comma, a bracket or a dash.
func dateline(doc *text.Doc, places []coder.PlaceRef) *model.Location {
	if len(doc.Sentences) == 0 {
		return nil
	}
	toks := doc.Sentences[0].Tokens
	for _, p := range places {
		if p.Sent != 0 || p.TokStart > 1 {
			continue
		}
		end := p.TokEnd
		for end < len(toks) && end < p.TokEnd+2 && (toks[end].Norm == "province" || toks[end].Norm == "city") {
			end++
		}
		if end < len(toks) {
			switch toks[end].Norm {
			case ",", "(", "-", "--", ":":
				loc := p.Loc
				return &loc
			}
		}
	}
	return nil
}

// withoutDateline drops the dateline's mention: where a report was filed
// says little about what it is about.
func withoutDateline(ps []coder.PlaceRef) []coder.PlaceRef {
	var out []coder.PlaceRef
	for _, pl := range ps {
		if pl.Sent == 0 && pl.TokStart == 0 {
			continue
		}
		out = append(out, pl)
	}
	return out
}

// focus is the article's main place: the country most of its places (and
// the dateline) lie in, and within it the admin-1 region named most often;
// the dateline itself when no other place is named.
func (p *Pipeline) focus(places []coder.PlaceRef, dl *model.Location) *model.Location {
	if len(places) == 0 {
		return dl
	}
	byCountry := map[string]int{}
	for _, pl := range places {
		byCountry[pl.Loc.Country] += 2
	}
	if dl != nil {
		byCountry[dl.Country]++
	}
	country := ""
	for c, n := range byCountry {
		if country == "" || n > byCountry[country] || (n == byCountry[country] && c < country) {
			country = c
		}
	}
	if dl != nil && dl.Country == country && !hasPlaceIn(places, country) {
		return dl
	}
	n := map[string]int{}
	first := map[string]model.Location{}
	for _, pl := range places {
		if pl.Loc.Country != country {
			continue
		}
		n[pl.Loc.Admin1]++
		if _, ok := first[pl.Loc.Admin1]; !ok || pl.Loc.GeoPrecision > first[pl.Loc.Admin1].GeoPrecision {
			first[pl.Loc.Admin1] = pl.Loc
		}
	}
	admin1 := ""
	for a, k := range n {
		if (a != "" && admin1 == "") || (a != "" && (k > n[admin1] || (k == n[admin1] && a < admin1))) {
			admin1 = a
		}
	}
	if admin1 != "" {
		if adm, ok := p.gaz.Admin1(country, admin1); ok {
			loc := geo.Resolved{Place: adm}.Location()
			loc.GeoPrecision = 3
			loc.Text, loc.Start, loc.End = "", 0, 0
			return &loc
		}
	}
	loc := first[admin1]
	loc.GeoPrecision = 3
	loc.Text, loc.Start, loc.End = "", 0, 0
	return &loc
}

func hasPlaceIn(places []coder.PlaceRef, country string) bool {
	for _, pl := range places {
		if pl.Loc.Country == country {
			return true
		}
	}
	return false
}

// entities lists every actor and place named in the article with its mentions.
func entities(in coder.Input) []model.Entity {
	byKey := map[string]*model.Entity{}
	var order []string
	add := func(name, kind, code string, sp model.Span) {
		k := kind + "\x00" + name
		e, ok := byKey[k]
		if !ok {
			e = &model.Entity{Name: name, Kind: kind, Code: code, Mentions: []model.Span{}}
			byKey[k] = e
			order = append(order, k)
		}
		e.Mentions = append(e.Mentions, sp)
	}
	for _, a := range in.Actors {
		kind := "actor"
		if a.Kind == "person" {
			kind = "person"
		}
		add(a.Actor.Name, kind, a.Actor.Code, a.Span)
	}
	for _, pl := range in.Places {
		add(pl.Loc.Name, "place", "", model.Span{Start: pl.Loc.Start, End: pl.Loc.End, Text: pl.Loc.Text})
	}
	out := make([]model.Entity, 0, len(order))
	for _, k := range order {
		out = append(out, *byKey[k])
	}
	return out
}

func emptyCredibility() model.Credibility {
	return model.Credibility{
		Label:       "unassessed",
		Techniques:  []model.Technique{},
		Sourcing:    model.Sourcing{Attributions: []model.Span{}, Anonymous: []model.Span{}, SelfCitations: []model.Span{}},
		Labels:      []model.ActorLabels{},
		Explanation: []string{},
	}
}
