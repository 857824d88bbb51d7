// Package coder turns the mentions found in one article (actors, places,
// dates, counts) and its tokens into coded events: CAMEO code, PLOVER type,
// ACLED event type and sub-type, actor1/actor2, place, date, fatalities,
// modality, evidence and the pattern that coded each event.
//
// This is the token-level coder of the foundation: triggers from our
// dictionary (data/coder/triggers.txt) anchor each event; actors are taken
// from the trigger's clause (subject to the left, target to the right,
// passive agents after "by"); weapon words pick the ACLED sub-type. It never
// reads files or the network: everything comes in through Input.
package coder

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	coderdata "github.com/sitrep/sitrep/data/coder"
	"github.com/sitrep/sitrep/internal/model"
	"github.com/sitrep/sitrep/internal/syntax"
	"github.com/sitrep/sitrep/internal/text"
)

// ActorRef is one actor mention found in the text.
type ActorRef struct {
	Sent, TokStart, TokEnd int
	Span                   model.Span
	Actor                  model.Actor
	Role                   string // agent role ("civilians", "military", ...); "" for named actors
	Kind                   string // lexicon kind: group, state, org, person, media, agent
	Generic                bool
	Head                   string
}

// PlaceRef is one resolved place mention.
type PlaceRef struct {
	Sent, TokStart, TokEnd int
	Loc                    model.Location
}

// DateRef is one resolved date expression.
type DateRef struct {
	Sent, TokStart, TokEnd int
	Date                   string
	Precision              int
	From, To               time.Time
}

// CountRef is one number expression and what it counts.
type CountRef struct {
	Sent, TokStart, TokEnd int
	Best, Low, High        int
	Text                   string
	Kind                   string // killed, wounded, people, other
}

// Input is everything the coder needs about one article.
type Input struct {
	Doc       *text.Doc
	Published time.Time // zero when unknown
	Actors    []ActorRef
	Places    []PlaceRef
	Dates     []DateRef
	Counts    []CountRef
	// Focus is the article's main place (dateline or most mentioned), used
	// with precision 3 when an event has no place of its own; may be nil.
	Focus *model.Location
	// Dateline is the place the report was filed from, if given.
	Dateline *model.Location
	// Tree returns a sentence's dependency parse (UD words with rune
	// offsets); the coder asks only for sentences that hold a trigger. Nil
	// when syntax is not available.
	Tree func(sent int) []syntax.Word
	// Localise fills the country of a country-less agent (e.g. "civilians"
	// in Syria → "Civilians (Syria)"); may be nil.
	Localise func(a model.Actor, role, iso3 string) model.Actor
}

// Coder codes events. It is safe for concurrent use.
type Coder struct {
	triggers *triggerIndex
}

// New loads the embedded trigger dictionary.
func New() (*Coder, error) {
	ts, err := ParseTriggers(coderdata.Triggers)
	if err != nil {
		return nil, fmt.Errorf("triggers.txt: %w", err)
	}
	return &Coder{triggers: newTriggerIndex(ts)}, nil
}

// violent families are merged into one event per clause group.
var violent = map[string]bool{"airstrike": true, "attack": true, "clash": true, "kill": true, "ied": true,
	"suicide": true, "chemical": true, "capture": true, "repress": true}

// cand is an event under construction.
type cand struct {
	family   string
	hits     []hit
	sent     int
	tokStart int // first trigger token
	tokEnd   int
	actor1   *ActorRef
	actor2   *ActorRef
	place    *PlaceRef
	fallback bool // place is the article focus, not from the text
	date     *DateRef
	counts   []CountRef
	modality string
	cues     map[string]bool
	evidence []model.Span
	pattern  string
	refOnly  bool // only attaches to an existing event, never stands alone
	blamed   bool // the object of an accusation or condemnation
	merged   bool
	lastSent int  // the last sentence whose mention was merged in
	sides    bool // a truce whose sides the sentence does not name
}

// Code returns the events of one article.
func (c *Coder) Code(in Input) []model.Event {
	ix := newIndex(in)
	var cands []*cand
	protestHits := 0
	perSent := make([][]hit, len(in.Doc.Sentences))
	ix.raw = make([][]hit, len(in.Doc.Sentences))
	for si, s := range in.Doc.Sentences {
		ix.raw[si] = c.triggers.find(s.Tokens)
		// keepHits filters in place: give it a copy, the raw hits are kept.
		perSent[si] = dropProtestDemands(keepHits(append([]hit(nil), ix.raw[si]...), s.Tokens), s.Tokens)
		for _, h := range perSent[si] {
			if h.Family == "protest" || h.Family == "riot" {
				protestHits++
			}
		}
	}
	for si := range in.Doc.Sentences {
		for _, g := range groupHits(perSent[si], in.Doc.Sentences[si].Tokens, ix.actors[si]) {
			cands = append(cands, c.build(in, ix, si, g)...)
		}
	}
	truceSides(cands)
	// A headline retells the body in telegraphic words ("Beni: at least 30
	// civilians killed in ADF attack near Oicha") that code badly: when the
	// body has events of its own, the headline only adds to them.
	if ix.headline {
		body := false
		for _, cd := range cands {
			body = body || (cd.sent > 0 && !cd.refOnly)
		}
		for _, cd := range cands {
			if cd.sent == 0 && body {
				cd.refOnly = true
			}
		}
	}
	cands = mergeCands(cands, protestHits >= 2)
	inheritPlaces(cands, ix)
	day := ledeDay(cands)
	var events []model.Event
	var weaponLed []int // events whose actor1 is only a weapon ("Drones also struck …")
	for _, cd := range cands {
		if cd.merged || cd.refOnly {
			continue
		}
		ev, ok := finish(in, cd, protestHits, day)
		if !ok {
			continue
		}
		ev.ID = fmt.Sprintf("e%d", len(events)+1)
		if cd.actor1 != nil && weaponOnly(in.Doc.Sentences[cd.actor1.Sent].Tokens, cd.actor1) {
			weaponLed = append(weaponLed, len(events))
		}
		events = append(events, ev)
	}
	if events == nil {
		events = []model.Event{}
	}
	weaponOwners(events, weaponLed)
	claimTargets(events)
	inferOpponents(events)
	return events
}

// weaponNouns name a weapon, not who fired it.
var weaponNouns = set("drone", "drones", "missile", "missiles", "rocket", "rockets", "shell", "shells", "artillery", "jets", "jet",
	"warplanes", "warplane", "aircraft", "planes", "helicopters", "helicopter", "uav", "uavs", "mortars", "mortar")

// weaponOnly reports an actor that is a weapon without a country or an
// owner: "drones struck Izmail".
func weaponOnly(toks []text.Token, a *ActorRef) bool {
	return a != nil && a.Generic && a.Actor.Country == "" && weaponNouns[a.Head] && !possessed(toks, a)
}

// possessed reports "its artillery", "their drones": the owner is told
// (the possessive stands before the mention, outside its span).
func possessed(toks []text.Token, a *ActorRef) bool {
	if a.TokStart == 0 || a.TokStart > len(toks) {
		return false
	}
	switch toks[a.TokStart-1].Norm {
	case "its", "their", "our":
		return true
	}
	return false
}

// weaponOwners gives an event led by a weapon alone ("Drones also struck
// the port of Izmail") the actor of the nearest violent event before it
// when that actor is foreign to the place ("Russian forces launched 31
// drones at Ukraine"): otherwise the weapon would be given to the forces
// of the country it fell on. Where the earlier attacker is local, the
// local forces stay.
func weaponOwners(evs []model.Event, idx []int) {
	for _, i := range idx {
		ev := &evs[i]
		if ev.Location == nil || ev.Location.Country == "" {
			continue
		}
		for j := i - 1; j >= 0; j-- {
			o := &evs[j]
			if o.Actor1 == nil || !violentType(o) || slices.Contains(idx, j) {
				continue
			}
			if o.Actor1.Country == "" || o.Actor1.Country == ev.Location.Country {
				break
			}
			a := *o.Actor1
			a.Text, a.Start, a.End = "", 0, 0 // from the earlier event, not this one's words
			ev.Actor1 = &a
			ev.Pattern += " | A1 from the earlier attack: the weapon's owner"
			if ev.Actor2 != nil && ev.Actor2.Name == a.Name {
				ev.Actor2 = nil
			}
			if ev.Actor2 != nil {
				ev.Interaction = Interaction(a.Type, ev.Actor2.Type)
			} else {
				ev.Interaction = Interaction(a.Type, 0)
			}
			break
		}
	}
}

// violentType reports an event of political violence: a battle, an
// explosion or remote violence, violence against civilians.
func violentType(ev *model.Event) bool {
	return ev.EventType == Battles || ev.EventType == Explosions || ev.EventType == VAC
}

// claimTargets gives an armed group's claim of responsibility with no
// target the target of the attack it claims: the nearest violent event of
// the same actor
// ("ISIS claimed responsibility for the attack" after "ISIS cells ambushed
// an SDF vehicle").
func claimTargets(evs []model.Event) {
	for i := range evs {
		c := &evs[i]
		if c.CAMEO != "015" || c.Actor1 == nil || c.Actor2 != nil || side(c.Actor1.Type) != 2 {
			continue // a state "acknowledging" a strike names its own target
		}
		best := -1
		for j := range evs {
			a := &evs[j]
			if j == i || !violentType(a) || a.Actor1 == nil || a.Actor2 == nil || a.Actor1.Name != c.Actor1.Name || a.Modality != model.Asserted {
				continue
			}
			if best < 0 || abs(j-i) < abs(best-i) {
				best = j
			}
		}
		if best >= 0 {
			t := *evs[best].Actor2
			t.Text, t.Start, t.End = "", 0, 0 // taken from the attack, not from the claim's words
			c.Actor2 = &t
			c.Pattern += " | A2 from the claimed attack"
		}
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// truceSides gives a ceasefire whose sentence names no two sides the
// sides of the latest fighting told before it ("The government said a
// ceasefire had been reached" after clashes between the SSA and Radaa);
// without such fighting it is dropped.
func truceSides(cands []*cand) {
	for i, cd := range cands {
		if !cd.sides {
			continue
		}
		cd.refOnly = true
		for j := i - 1; j >= 0; j-- {
			o := cands[j]
			if o.family != "attack" && o.family != "clash" {
				continue
			}
			if o.actor1 == nil || o.actor2 == nil || side(actorType(o.actor1)) == 0 || side(actorType(o.actor2)) == 0 || o.actor1.Actor.Name == o.actor2.Actor.Name {
				continue
			}
			cd.actor1, cd.actor2, cd.refOnly = o.actor1, o.actor2, false
			// The truce holds where they fought.
			for k := j; k >= 0 && cd.place == nil; k-- {
				if (cands[k].family == "attack" || cands[k].family == "clash") && cands[k].place != nil {
					cd.place = cands[k].place
				}
			}
			break
		}
	}
}

// headline reports whether the article opens with a headline: a first
// line that ends without a full stop before a line break.
func headline(doc *text.Doc) bool {
	if len(doc.Sentences) < 2 {
		return false
	}
	toks := doc.Sentences[0].Tokens
	if len(toks) == 0 {
		return false
	}
	last := toks[len(toks)-1]
	switch last.Text {
	case ".", "!", "?", "\"", "\u201d", "'":
		return false
	}
	next := doc.Sentences[1].Tokens
	if len(next) == 0 {
		return false
	}
	between := doc.Slice(last.End, next[0].Start)
	return strings.Contains(between, "\n")
}

// side groups ACLED inter types into the two sides of most wars: state
// forces (1, 8) against non-state armed groups (2, 3, 4); 0 for the rest.
func side(t int) int {
	switch t {
	case 1, 8:
		return 1
	case 2, 3, 4:
		return 2
	}
	return 0
}

// inferOpponents fills the missing target of a battle, strike, claim, denial or
// threat with the armed actor of the other side that the article names
// most: "fighting on the outskirts of Maungdaw" in a report on the Arakan
// Army and the junta is between those two.
func inferOpponents(evs []model.Event) {
	count := map[string]int{}
	byName := map[string]model.Actor{}
	for _, ev := range evs {
		for _, a := range []*model.Actor{ev.Actor1, ev.Actor2} {
			if a != nil && side(a.Type) != 0 {
				count[a.Name]++
				if _, ok := byName[a.Name]; !ok {
					byName[a.Name] = *a
				}
			}
		}
	}
	for i := range evs {
		ev := &evs[i]
		if ev.Actor1 == nil || ev.Actor2 != nil || side(ev.Actor1.Type) == 0 {
			continue
		}
		switch {
		case ev.EventType == Battles || ev.EventType == Explosions && ev.SubEventType != IED && ev.SubEventType != SuicideBomb:
		case ev.CAMEO == "015" || ev.CAMEO == "016" || strings.HasPrefix(ev.CAMEO, "13"):
		default:
			continue
		}
		best, bestN := "", 0
		for name, n := range count {
			a := byName[name]
			if side(a.Type) == side(ev.Actor1.Type) || side(a.Type) == 0 || name == ev.Actor1.Name ||
				n < 2 || strings.HasPrefix(name, "Unidentified") {
				continue // only a named side the article keeps coming back to
			}
			if n > bestN || (n == bestN && name < best) {
				best, bestN = name, n
			}
		}
		if best != "" {
			a := byName[best]
			a.Text, a.Start, a.End = "", 0, 0 // inferred: not in this event's words
			ev.Actor2 = &a
			ev.Pattern += " | A2 inferred: the other side"
		}
	}
}

// verbal families are only events as verbs; "the protesters' demands" is not.
var verbal = set("demand", "appeal", "threaten", "claim", "deny", "accuse", "promise")

var determiners = set("the", "a", "an", "their", "its", "his", "her", "our", "'s", "'", "these", "those", "this", "that")

// notEventAfter are nouns that make "protest" a modifier: "protest camp".
var notEventAfter = set("camp", "camps", "movement", "movements", "site", "leaders", "leader", "organisers", "organizers", "group", "groups", "song", "songs", "slogans", "sit-in")

// notWeaponAfter are nouns that make a weapon word a modifier.
var notWeaponAfter = set("plant", "plants", "factory", "factories", "workshop", "workshops", "depot", "depots", "maker", "makers",
	"making", "cache", "caches", "production", "stockpile", "stockpiles", "storage", "programme", "program", "expert", "experts", "cell", "cells")

// keepHits drops hits that are not events in their context.
func keepHits(hs []hit, toks []text.Token) []hit {
	out := hs[:0]
	for _, h := range hs {
		prev, next := "", ""
		if h.start > 0 {
			prev = toks[h.start-1].Norm
		}
		if h.end < len(toks) {
			next = toks[h.end].Norm
		}
		if verbal[h.Family] && determiners[prev] {
			continue
		}
		// A capitalised word inside a sentence is a name: "the Russian Air
		// Force to target" holds no "force _ to".
		if h.start > 0 && isTitle(toks[h.start].Text) && !opensQuote(prev) {
			continue
		}
		if h.Family == "demand" && prev == "in" {
			continue // "in order to"
		}
		if (h.Family == "protest" || h.Family == "riot") && notEventAfter[next] {
			continue
		}
		if (h.Family == "ied" || h.Family == "suicide" || h.Family == "chemical") && notWeaponAfter[next] {
			continue // "IEDs plants", "chemical weapons depot": things, not attacks
		}
		if violent[h.Family] && determiners[prev] && h.start >= 2 && temporalRef[toks[h.start-2].Norm] && len(hs) > 1 {
			continue // "after the strike, Hezbollah said it had fired": the strike is another event
		}
		if violent[h.Family] && characterised(toks, h.start) {
			continue // "what it described as a massacre": a word for it, not an act
		}
		if h.Family == "capture" && (materiel[next] || prev == "with" || (h.end+1 < len(toks) && materiel[toks[h.end+1].Norm] && !determiners[next])) {
			continue // "returned with captured weapons", "captured two tanks": booty, not ground
		}
		out = append(out, h)
	}
	return out
}

// temporalRef words place an event relative to another one told
// elsewhere: "after the strike", "since the attack".
var temporalRef = set("after", "before", "since", "following", "despite", "amid")

// characterised reports a trigger that only names how someone described
// something: "what it described as a massacre", "called it a massacre".
func characterised(toks []text.Token, at int) bool {
	for k := at - 1; k >= 0 && k >= at-4; k-- {
		switch toks[k].Norm {
		case "described", "describes", "termed", "terms", "dubbed", "branded", "labelled", "labeled", "calling", "called", "calls":
			return true
		case ".", ";", ",":
			return false
		}
	}
	return false
}

// materiel is what can be captured without taking ground.
var materiel = set("weapons", "weapon", "arms", "ammunition", "ammo", "rifles", "guns", "vehicles", "vehicle", "tanks", "tank", "equipment",
	"drones", "drone", "documents", "materiel", "motorbikes", "motorcycles", "trucks", "pickups", "pick-ups", "supplies", "munitions")

func isTitle(s string) bool {
	rs := []rune(s)
	if len(rs) < 2 || !unicode.IsUpper(rs[0]) {
		return false
	}
	for _, r := range rs[1:] {
		if unicode.IsUpper(r) {
			return false // an acronym such as "IEDs"
		}
	}
	return true
}

func opensQuote(s string) bool {
	return s == "\"" || s == "'" || s == ":" || s == "(" || s == "-"
}

// dropProtestDemands removes requests that are the protest's own slogans:
// "protested on Wednesday, demanding news of missing soldiers".
func dropProtestDemands(hs []hit, toks []text.Token) []hit {
	protest := -1
	for _, h := range hs {
		if h.Family == "protest" {
			protest = h.start
		}
	}
	for k, t := range toks {
		switch t.Norm {
		case "protesters", "protestors", "demonstrators", "marchers", "crowds", "crowd":
			if protest < 0 || k < protest {
				protest = k
			}
		}
	}
	if protest < 0 {
		return hs
	}
	out := hs[:0]
	for _, h := range hs {
		if (h.Family == "demand" || h.Family == "appeal") && h.start > protest && strings.HasSuffix(toks[h.start].Norm, "ing") {
			continue
		}
		out = append(out, h)
	}
	return out
}

// ledeDay is the day of the first dated, non-speech event in the first
// two sentences: the day the report is about.
func ledeDay(cs []*cand) *DateRef {
	for _, c := range cs {
		if c.sent > 1 {
			break
		}
		if c.date != nil && !speech[c.family] && c.date.Precision == 1 {
			return c.date
		}
	}
	return nil
}

// groupHits joins a sentence's violent hits into one group and keeps every
// other hit on its own.
//
// A new violent group starts after a main-clause boundary ("while", ";",
// ", and", "but") when an actor stands between the boundary and the hit:
// "Regime forces fired rockets on X, while Russian warplanes struck Y".
func groupHits(hs []hit, toks []text.Token, actors []ActorRef) [][]hit {
	var out [][]hit
	vi := -1
	lastEnd := 0
	for _, h := range hs {
		if violent[h.Family] {
			if vi >= 0 && newClauseSubject(toks, actors, lastEnd, h.start) {
				vi = -1
			}
			if vi < 0 {
				vi = len(out)
				out = append(out, nil)
			}
			out[vi] = append(out[vi], h)
			lastEnd = h.end
			continue
		}
		// Same family twice in a sentence is one event.
		dup := false
		for k := range out {
			if out[k][0].Family == h.Family {
				dup = true
			}
		}
		if !dup {
			out = append(out, []hit{h})
		}
	}
	return out
}

// possessor is the named actor that "its"/"their" at token k most likely
// points to: the nearest named actor before it in the sentence, else the
// article's salient armed group.
func possessor(ix *index, si, k int) *ActorRef {
	as := ix.actors[si]
	for i := len(as) - 1; i >= 0; i-- {
		a := &as[i]
		if a.TokEnd <= k && !a.Generic && a.Kind != "media" && a.Kind != "country" {
			return a
		}
	}
	return ix.salient[si]
}

func isSpokesman(head string) bool {
	switch head {
	case "spokesman", "spokesperson", "spokeswoman", "spokesmen":
		return true
	}
	return false
}

// lastNamed is the actor a definite "the spokesman" belongs to: the first
// named actor (the usual subject) of the sentence, else of the one or two
// sentences before.
func lastNamed(ix *index, si, k int) *ActorRef {
	for s := si; s >= 0 && s >= si-2; s-- {
		for i := range ix.actors[s] {
			a := &ix.actors[s][i]
			if (s < si || a.TokEnd <= k) && !a.Generic && a.Kind != "media" && a.Kind != "country" {
				return a
			}
		}
	}
	return nil
}

// standIn is the actor ante named by the words of mention a ("its
// forces", "the spokesman", "our fighters", "the group"): ante's actor at
// a's place.
func standIn(ante, a *ActorRef) ActorRef {
	r := *ante
	r.Sent, r.TokStart, r.TokEnd, r.Span, r.Head = a.Sent, a.TokStart, a.TokEnd, a.Span, a.Head
	r.Actor.Text = a.Span.Text
	return r
}

// sameBefore reports "the same" right before token k: "attacks by the same
// armed group".
func sameBefore(toks []text.Token, k int) bool {
	for j := k - 1; j >= 1 && j >= k-3; j-- {
		if toks[j].Norm == "same" && toks[j-1].Norm == "the" {
			return true
		}
	}
	return false
}

// ourBefore reports "our" up to three words before token k: "our
// gallant Restoration Forces".
func ourBefore(toks []text.Token, k int) bool {
	for j := k - 1; j >= 0 && j >= k-3; j-- {
		n := toks[j].Norm
		if n == "our" {
			return true
		}
		if !isWordToken(toks[j].Text) {
			return false
		}
	}
	return false
}

func isWordToken(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r)
}

// newClauseSubject reports whether tokens [from, to) hold a main-clause
// boundary followed by an actor.
func newClauseSubject(toks []text.Token, actors []ActorRef, from, to int) bool {
	for k := from; k < to; k++ {
		n := toks[k].Norm
		strong := n == ";" || n == "while" || n == "whereas" || n == "but" ||
			(n == "," && k+1 < len(toks) && toks[k+1].Norm == "and")
		if !strong {
			continue
		}
		for _, a := range actors {
			if a.TokStart > k && a.TokEnd <= to && a.Role != "civilians" {
				return true
			}
		}
	}
	return false
}

// index holds the mentions by sentence.
type index struct {
	raw    [][]hit // each sentence's trigger hits, unfiltered, found once
	actors map[int][]ActorRef
	places map[int][]PlaceRef
	dates  map[int][]DateRef
	counts map[int][]CountRef
	// salient[si] is the named armed group most mentioned up to sentence
	// si, the antecedent of "the group", "they", "its men".
	salient []*ActorRef
	// headline: the article opens with a headline line (see headline).
	headline bool
}

func newIndex(in Input) *index {
	ix := &index{actors: map[int][]ActorRef{}, places: map[int][]PlaceRef{}, dates: map[int][]DateRef{}, counts: map[int][]CountRef{},
		headline: headline(in.Doc)}
	for _, a := range in.Actors {
		ix.actors[a.Sent] = append(ix.actors[a.Sent], a)
	}
	dlEnd := 0
	if len(in.Doc.Sentences) > 0 {
		dlEnd = datelineEnd(in.Doc.Sentences[0].Tokens)
	}
	for _, p := range in.Places {
		if overlapsActor(ix.actors[p.Sent], p.Sent, p.TokStart, p.TokEnd) {
			continue
		}
		if p.Sent == 0 && p.TokStart < dlEnd {
			continue // the dateline: where the report was filed
		}
		ix.places[p.Sent] = append(ix.places[p.Sent], p)
	}
	for _, ps := range ix.places {
		sort.Slice(ps, func(i, j int) bool { return ps[i].TokStart < ps[j].TokStart })
	}
	for _, d := range in.Dates {
		ix.dates[d.Sent] = append(ix.dates[d.Sent], d)
	}
	for _, n := range in.Counts {
		ix.counts[n.Sent] = append(ix.counts[n.Sent], n)
	}
	sorted := append([]ActorRef(nil), in.Actors...)
	sort.SliceStable(sorted, func(i, j int) bool {
		if sorted[i].Sent != sorted[j].Sent {
			return sorted[i].Sent < sorted[j].Sent
		}
		return sorted[i].TokStart < sorted[j].TokStart
	})
	ix.salient = salience(sorted, len(in.Doc.Sentences))
	return ix
}

// speakerBefore returns the subject of a speech verb just before token k
// ("X said it …", "X said that they …").
func speakerBefore(actors []ActorRef, toks []text.Token, k int) *ActorRef {
	j := k - 1
	if j >= 0 && toks[j].Norm == "that" {
		j--
	}
	if j < 0 || !speechVerbs[toks[j].Norm] {
		return nil
	}
	for i := range actors {
		a := &actors[i]
		if a.TokEnd <= j && a.TokStart >= strongStart(toks, j) && eligibleSubject(a, toks, nil) {
			return a
		}
	}
	return nil
}

// salience computes, for every sentence, the named non-state group
// mentioned most often up to and including it (ties: the most recent).
func salience(all []ActorRef, nsent int) []*ActorRef {
	out := make([]*ActorRef, nsent)
	count := map[string]int{}
	var best *ActorRef
	bestN := 0
	k := 0
	for si := 0; si < nsent; si++ {
		for ; k < len(all) && all[k].Sent <= si; k++ {
			a := &all[k]
			if a.Generic || a.Kind == "media" || a.Actor.Type != 2 {
				continue // rebel groups: "the militants", "the group", "they"
			}
			count[a.Actor.Name]++
			if n := count[a.Actor.Name]; n >= bestN {
				best, bestN = a, n
			}
		}
		out[si] = best
	}
	return out
}

// overlapsActor reports whether a place mention [s, e) overlaps an actor
// mention that is not a bare country ("al-Shabaab" is a group, not the
// village of Shabāb); a country's name is its place as much as its actor.
func overlapsActor(as []ActorRef, sent, s, e int) bool {
	for _, a := range as {
		if a.Sent != sent || a.TokStart >= e || s >= a.TokEnd {
			continue
		}
		if a.Kind != "country" || (a.TokEnd-a.TokStart) > (e-s) {
			return true
		}
	}
	return false
}

// Word lists that shape the clause analysis.
var (
	beForms       = set("was", "were", "been", "being", "is", "are", "be", "got", "get")
	objectPreps   = set("of", "to", "for", "with", "against", "on", "at", "in", "from", "into", "about", "toward", "towards", "over", "behind", "according")
	speechVerbs   = set("said", "says", "say", "saying", "told", "reported", "added", "stated", "announced", "claimed", "claims", "alleged", "stressed", "confirmed", "acknowledged", "reveals", "revealed", "showed", "shows", "noted", "insisted", "affirmed", "explained", "warned", "documented", "accused", "alleged", "argued", "declared")
	boundaries    = set(";", ":", "while", "whereas", "although", "though", "but", "because", "after", "before", "when", "whom")
	relatives     = set("which", "who", "where", "whose")
	thingNouns    = set("positions", "position", "hq", "headquarters", "base", "bases", "camp", "camps", "depots", "depot", "coordinates", "territory", "areas", "area", "stronghold", "strongholds", "checkpoint", "checkpoints", "media", "consulate", "embassy", "office")
	negations     = set("not", "n't", "no", "never", "without", "nor", "neither", "none", "nobody", "denied", "denies", "deny", "failed")
	hypotheticals = set("stop", "halt", "would", "could", "may", "might", "can", "should", "if", "unless", "whether", "possible", "possibly", "allegedly", "alleged", "claims", "claim", "allegations", "accusations", "rumours", "rumors", "reportedly")
	futures       = set("will", "vowed", "vow", "vows", "threatened", "threatens", "threaten", "plans", "planned", "plan", "intends", "intend", "intended", "going", "warned", "pledged", "promised", "aims", "seeks", "seeking", "want", "wants")
	generics      = set("often", "usually", "regularly", "routinely", "frequently", "repeatedly", "generally", "typically", "sometimes", "always", "systematically")
	pronouns      = set("it", "they", "its", "their", "them", "he", "his", "she", "her")
	groupNouns    = set("group", "groups", "militants", "organisation", "organization", "movement", "fighters", "men", "members", "militia", "jihadists", "terrorists", "insurgents", "rebels", "faction", "assailants", "attackers", "gunmen")
)

func set(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// build turns one group of hits in sentence si into candidate events (one per
// coordinated place).
func (c *Coder) build(in Input, ix *index, si int, g []hit) []*cand {
	s := in.Doc.Sentences[si]
	toks := s.Tokens
	// The parse is asked for only when a decision needs it.
	tree := func() []syntax.Word {
		if in.Tree == nil {
			return nil
		}
		return in.Tree(si)
	}
	head := g[0]
	fam := head.Family
	cd := &cand{family: fam, hits: g, sent: si, lastSent: si, tokStart: head.start, tokEnd: g[len(g)-1].end, cues: map[string]bool{}}
	// The most specific violent family names the group.
	if violent[fam] {
		cd.family = "attack"
		for _, h := range g {
			cd.cues[h.Family] = true
		}
	}
	segStart, segEnd := segment(toks, head.start)
	var actors []ActorRef
	for _, a := range ix.actors[si] {
		if cd.family == "attack" && overlapsHits(a, g) {
			continue // "suicide bomber" is the weapon here, not an actor
		}
		if a.Generic && a.TokStart > 0 && (toks[a.TokStart-1].Norm == "its" || toks[a.TokStart-1].Norm == "their") {
			// "The Houthi movement said its forces fired": the forces are the movement's.
			if ante := possessor(ix, si, a.TokStart); ante != nil {
				actors = append(actors, standIn(ante, &a))
				continue
			}
		}
		if a.Generic && ourBefore(toks, a.TokStart) {
			// "our gallant Restoration Forces" in a group's own statement:
			// the forces of the group that speaks.
			if ante := lastNamed(ix, si, a.TokStart); ante != nil && side(ante.Actor.Type) == 2 {
				actors = append(actors, standIn(ante, &a))
				continue
			}
		}
		if a.Generic && a.Actor.Country == "" && isSpokesman(a.Head) && a.TokStart > 0 && toks[a.TokStart-1].Norm == "the" {
			// "The spokesman warned …": the spokesman of whoever spoke last.
			if ante := lastNamed(ix, si, a.TokStart); ante != nil {
				actors = append(actors, standIn(ante, &a))
				continue
			}
		}
		if a.Generic && (a.Role == "rebels" || sameBefore(toks, a.TokStart)) && a.Actor.Country == "" {
			// "the group", "the militants", "the same armed group": the
			// armed group the article is about.
			if ante := ix.salient[si]; ante != nil {
				a = standIn(ante, &a)
			}
		}
		actors = append(actors, a)
	}
	actors = append(actors, pronounRefs(in, ix, si)...)
	sort.Slice(actors, func(i, j int) bool { return actors[i].TokStart < actors[j].TokStart })

	passive := isPassive(toks, head.start) || participle(tree, toks, head)
	// "came under" / "come under" makes the subject the target.
	if head.Words[0] == "came" || head.Words[0] == "come" {
		passive = true
	}
	byAgent := agentAfterBy(actors, toks, head.end, segEnd)
	switch {
	case passive:
		cd.actor1 = byAgent
		cd.actor2 = nearestLeft(actors, toks, tree, segStart, head.start)
	default:
		cd.actor1 = subject(actors, toks, tree, segStart, head.start)
		if cd.actor1 == nil {
			// Outside the clause: the sentence's own subject, not crossing
			// ", and" or ";" into another main clause.
			cd.actor1 = subject(actors, toks, tree, strongStart(toks, segStart), head.start)
		}
		if violent[fam] && cd.actor1 != nil && reportedBy(toks, cd.actor1, head.start) {
			// "Residents said the strikes hit homes": the speaker reports
			// the violence, it did not commit it.
			cd.actor1 = nil
		}
		if cd.actor1 == nil && byAgent != nil {
			cd.actor1 = byAgent // nominal: "airstrikes on X by Y"
		}
		cd.actor2 = target(actors, toks, fam, head.end, segEnd, byAgent)
	}
	// "Moscow denies …", "Kyiv accused …": a capital speaks for its
	// government (as a subject of acts it is only a place).
	if statement[fam] && cd.actor1 == nil {
		for i := len(actors) - 1; i >= 0; i-- {
			a := &actors[i]
			if a.Role == "capital" && a.TokEnd <= head.start && a.TokStart >= segStart && head.start-a.TokEnd <= 3 {
				cd.actor1 = a
				break
			}
		}
	}
	// "The army repelled an attack (by JNIM)": the subject defended itself.
	if cd.family == "attack" && !passive && repelled(toks, head.start) {
		cd.actor2 = cd.actor1
		cd.actor1 = byAgent
	}
	// A curfew is imposed by the authorities, not by whoever stands near.
	if fam == "curfew" {
		cd.actor1 = byAgent
		if cd.actor1 == nil {
			if a := nearestRole(actors, head.start, "government", "military", "police"); a != nil && a.Sent == si {
				cd.actor1 = a
			}
		}
	}
	// "clashes broke out between X and Y".
	if fam == "clash" || (cd.family == "attack" && cd.cues["clash"]) {
		if a1, a2 := between(actors, toks, head.end, segEnd); a1 != nil {
			cd.actor1, cd.actor2 = a1, a2
		}
	}
	// Symmetric events: "HTS and FSA agreed", "X and Y clashed".
	if (fam == "truce" || fam == "clash" || fam == "agree") && cd.actor1 != nil && cd.actor2 == nil {
		cd.actor2 = coordinated(actors, toks, cd.actor1)
	}
	// Protests: the protesters are actor1 wherever they stand.
	if fam == "protest" || fam == "riot" {
		roles := []string{"protesters", "civilians"}
		if fam == "riot" && passive {
			// "Several houses were set on fire": whoever stands near is
			// more likely a victim than a rioter.
			roles = []string{"protesters", "rioters"}
		}
		if p := nearestRole(actors, head.start, roles...); p != nil {
			if cd.actor1 != nil && cd.actor1 != p && (cd.actor1.Kind == "media" || cd.actor1.Role != "protesters") {
				cd.actor2 = nil
			}
			cd.actor1 = p
		}
		if cd.actor1 != nil && cd.actor1.Kind == "media" {
			cd.actor1 = nil
		}
		cd.actor2 = afterWord(actors, toks, "against", head.end, len(toks))
	}
	// Violence blamed on someone: "blamed X for the deaths", "accused X of shelling".
	if cd.family == "attack" {
		for _, h := range ix.raw[si] {
			if h.Family == "accuse" && h.end <= head.start {
				if a := target(actors, toks, "accuse", h.end, head.start, nil); a != nil {
					cd.actor1 = a
				}
				if !hasKilled(ix.counts[si]) && len(ix.dates[si]) == 0 {
					cd.refOnly, cd.blamed = true, true
				}
			}
		}
	}
	// Fallback: the subject or agent of another trigger of the group, in
	// its own clause ("12 people were killed when shells fired by the RSF hit").
	if cd.family == "attack" && cd.actor1 == nil {
		for _, h := range g[1:] {
			hs, he := segment(toks, h.start)
			if a := agentAfterBy(actors, toks, h.end, he); a != nil {
				cd.actor1 = a
				break
			}
			if passive && hs <= segStart {
				// In the same clause the subject is the victim: "soldiers
				// … had been captured during the assault"; in a clause of
				// its own ("… were killed when FARC dissidents attacked")
				// it is the attacker.
				continue
			}
			if a := subject(actors, toks, tree, hs, h.start); a != nil && a != cd.actor2 && !reportedBy(toks, a, h.start) {
				cd.actor1 = a
				break
			}
		}
	}
	if cd.family == "attack" && cd.actor1 != nil {
		switch {
		case cd.actor1.Role == "protesters" || cd.actor1.Role == "rioters":
			// Protesters who storm or burn riot.
			cd.family = "riot"
			cd.cues["riot"] = true
		case cd.actor1.Role == "civilians":
			// Civilians suffer strikes; they do not carry them out.
			if cd.actor2 == nil {
				cd.actor2 = cd.actor1
			}
			cd.actor1 = nil
		case cd.actor1.Kind == "media" || cd.actor1.Kind == "org":
			cd.actor1 = nil
		}
	}
	if cd.actor1 != nil && cd.actor2 != nil && cd.actor1.Actor.Name == cd.actor2.Actor.Name {
		cd.actor2 = nil
	}
	// A truce or deal needs two parties.
	if (fam == "truce" || fam == "agree") && (cd.actor1 == nil || cd.actor2 == nil) {
		if fam != "truce" {
			return nil
		}
		// "A ceasefire had been reached": between the sides of the
		// fighting told before (see truceSides).
		cd.sides = true
	}
	// Soldiers taken prisoner in a battle are not an abduction of civilians.
	if fam == "abduct" && cd.actor2 != nil && actorType(cd.actor2) >= 1 && actorType(cd.actor2) <= 3 {
		return nil
	}
	// Weapon cues in the clause and in the actors' words.
	if cd.family == "attack" {
		for _, h := range g {
			lo, hi := segment(toks, h.start)
			for k := lo; k < hi; k++ {
				addCue(cd.cues, toks[k].Norm)
			}
		}
		for _, a := range []*ActorRef{cd.actor1} {
			if a != nil {
				for _, w := range strings.Fields(text.Fold(a.Span.Text)) {
					addCue(cd.cues, w)
				}
			}
		}
		for _, h := range g {
			addCue(cd.cues, h.Words[0])
		}
	}
	cd.modality = modality(ix.raw[si], toks, segStart, head, fam)
	if last := g[len(g)-1]; len(g) > 1 && cd.modality == model.Asserted && (last.start == 0 || toks[last.start-1].Norm != "to") {
		ls, _ := segment(toks, last.start)
		if m := modality(ix.raw[si], toks, ls, last, last.Family); m != model.Asserted {
			cd.modality = m
		}
	}
	// "the attack", "the sit-in": a reference to an event told elsewhere
	// (unless another trigger of the group tells something new: "Hours
	// after the strike, Hezbollah said it had fired rockets").
	if head.start > 0 && (cd.family == "attack" || fam == "protest") && allReferences(g, toks) {
		switch toks[head.start-1].Norm {
		case "the", "this", "that", "these":
			if !hasKilled(ix.counts[si]) && len(ix.dates[si]) == 0 {
				cd.refOnly = true
			}
		}
	}
	// Date: nearest in the clause, else in the sentence; the dateline's
	// date ("PORT-AU-PRINCE, Dec 3 –") is when the report was filed, so a
	// day the sentence names ("on Monday") comes first.
	ds := ix.dates[si]
	if si == 0 || (si == 1 && ix.headline) {
		if de := datelineEnd(toks); de > 0 {
			var told []DateRef
			for _, d := range ds {
				if d.TokStart >= de {
					told = append(told, d)
				}
			}
			if len(told) > 0 {
				ds = told
			}
		}
	}
	// "since May" starts a period; it does not date the act.
	var dated []DateRef
	for _, d := range ds {
		if d.TokStart == 0 || toks[d.TokStart-1].Norm != "since" {
			dated = append(dated, d)
		}
	}
	cd.date = nearestDate(dated, head.start, segStart, segEnd)
	// Fatalities in the same sentence belong to violent events.
	if cd.family == "attack" {
		for _, n := range ix.counts[si] {
			if n.Kind == "killed" {
				cd.counts = append(cd.counts, n)
			}
		}
	}
	cd.evidence = []model.Span{{Start: s.Start, End: s.End, Text: in.Doc.Slice(s.Start, s.End)}}
	cd.pattern = patternOf(cd, toks)
	// Place: the most specific place to the right in the clause, else left in
	// the clause, else elsewhere in the sentence outside relative clauses.
	if speech[fam] {
		return []*cand{cd}
	}
	var extra []*cand
	sentHits := ix.raw[si]
	if cl := ownClaim(cd, actors, toks, tree, head.start); cl != nil && !hasFamily(sentHits, "claim") {
		extra = append(extra, cl)
	}
	if th := statedIntent(cd, toks, head.start); th != nil && !hasFamily(sentHits, "threaten") {
		extra = append(extra, th)
	}
	sentPlaces := ix.places[si]
	if si == 0 {
		// The dateline ("EL FASHER, Sudan (Nile Dispatch) —") says where the
		// report was filed, not where the event happened.
		if end := datelineEnd(toks); end > 0 {
			var ps []PlaceRef
			for _, p := range sentPlaces {
				if p.TokStart >= end {
					ps = append(ps, p)
				}
			}
			sentPlaces = ps
		}
	}
	places := pickPlaces(sentPlaces, toks, head.start, segStart, segEnd)
	for _, h := range g[1:] {
		if len(places) > 0 && places[0].TokStart >= segStart && places[0].TokStart < segEnd {
			break
		}
		hs, he := segment(toks, h.start)
		if ps := pickPlaces(sentPlaces, toks, h.start, hs, he); len(ps) > 0 && ps[0].TokStart >= hs && ps[0].TokStart < he {
			places = ps // "… were killed when a roadside bomb hit their convoy outside Afgooye"
		}
	}
	if statement[fam] {
		if len(places) > 0 {
			cd.place = &places[0]
		}
		return []*cand{cd}
	}
	if len(places) <= 1 {
		if len(places) == 1 {
			cd.place = &places[0]
		}
		return append([]*cand{cd}, extra...)
	}
	out := make([]*cand, 0, len(places))
	for i := range places {
		cp := *cd
		cp.cues = map[string]bool{}
		for k, v := range cd.cues {
			cp.cues[k] = v
		}
		cp.place = &places[i]
		cp.counts = nil // a shared toll cannot be split between places
		out = append(out, &cp)
	}
	return append(out, extra...)
}

// statedIntent returns a threat (CAMEO 138, future) when an attack is
// announced rather than reported: "the Houthis would keep targeting ships",
// "the group will strike Riyadh". The attack itself stays non-asserted.
func statedIntent(cd *cand, toks []text.Token, at int) *cand {
	if cd.family != "attack" || cd.actor1 == nil || (cd.modality != model.Future && cd.modality != model.Hypothetical) {
		return nil
	}
	for k := at - 1; k >= 0 && k >= at-4; k-- {
		switch toks[k].Norm {
		case "will", "would", "'ll", "shall":
			h := hit{Trigger: Trigger{Family: "threaten", Code: "138", Words: []string{toks[k].Norm}, Phrase: toks[k].Norm + " (announced attack)"}, start: k, end: k + 1}
			return &cand{family: "threaten", hits: []hit{h}, sent: cd.sent, lastSent: cd.sent, tokStart: k, tokEnd: k + 1,
				actor1: cd.actor1, actor2: cd.actor2, modality: model.Future, cues: map[string]bool{}, evidence: cd.evidence,
				pattern: "A1 threaten: " + h.Phrase + " → A2", date: cd.date}
		case "if", "could", "might", "may", "not", "n't", "never":
			return nil
		}
	}
	return nil
}

// ownClaim returns a claim of responsibility (CAMEO 015) when an armed
// actor reports its own attack: "Al-Shabaab said its fighters had destroyed
// the convoy", "JNIM said it was behind …".
func ownClaim(cd *cand, actors []ActorRef, toks []text.Token, tree treeFn, at int) *cand {
	if cd.family != "attack" || cd.actor1 == nil || cd.actor1.Generic || (cd.modality != model.Asserted && cd.modality != model.Hypothetical) {
		return nil
	}
	if t := cd.actor1.Actor.Type; t < 2 || t > 4 {
		return nil // a state reporting its own operations claims nothing
	}
	for k := at - 1; k >= 0; k-- {
		switch toks[k].Norm {
		case "said", "says", "announced", "stated", "claimed", "claims", "declared":
		default:
			continue
		}
		sp := subject(actors, toks, tree, strongStart(toks, k), k)
		if sp == nil || sp.Actor.Name != cd.actor1.Actor.Name || sp.TokStart == cd.actor1.TokStart {
			return nil
		}
		h := hit{Trigger: Trigger{Family: "claim", Code: "015", Words: []string{toks[k].Norm}, Phrase: toks[k].Norm + " (own attack)"}, start: k, end: k + 1}
		return &cand{family: "claim", hits: []hit{h}, sent: cd.sent, lastSent: cd.sent, tokStart: k, tokEnd: k + 1,
			actor1: sp, actor2: cd.actor2, modality: model.Asserted, cues: map[string]bool{}, evidence: cd.evidence,
			pattern: "A1 claim: " + h.Phrase + " → attack", date: cd.date}
	}
	return nil
}

// allReferences reports whether every hit of a group is a noun after a
// determiner ("the strike", "this attack").
func allReferences(g []hit, toks []text.Token) bool {
	for _, h := range g {
		if h.start == 0 || !determiners[toks[h.start-1].Norm] {
			return false
		}
	}
	return true
}

func hasKilled(ns []CountRef) bool {
	for _, n := range ns {
		if n.Kind == "killed" {
			return true
		}
	}
	return false
}

// overlapsHits reports whether an actor mention lies inside a trigger
// ("suicide bomber"); "Russian air strikes" reaches beyond it and stays.
// datelineEnd returns the index of the token that closes a dateline at the
// start of an article ("(", "-", "—", "–" within its first eight tokens), or 0.
func datelineEnd(toks []text.Token) int {
	for k := 1; k < len(toks) && k < 8; k++ {
		switch toks[k].Text {
		case "(", "-", "—", "–", "--":
			return k
		}
	}
	return 0
}

func hasFamily(hs []hit, fam string) bool {
	for _, h := range hs {
		if h.Family == fam {
			return true
		}
	}
	return false
}

func overlapsHits(a ActorRef, g []hit) bool {
	for _, h := range g {
		if a.TokStart >= h.start && a.TokEnd <= h.end {
			return true
		}
	}
	return false
}

// segment returns the clause around token i: between hard boundaries.
func segment(toks []text.Token, i int) (int, int) {
	start, end := 0, len(toks)
	for k := i - 1; k >= 0; k-- {
		if isBoundary(toks, k) {
			// A relative clause closed by a comma before i is skipped:
			// "the al-Balaq area, which lies east of Sana'a, was bombed".
			if relatives[toks[k].Norm] && k > 0 && toks[k-1].Norm == "," && commaBetween(toks, k+1, i) {
				continue
			}
			start = k + 1
			break
		}
	}
	for k := i + 1; k < len(toks); k++ {
		if isBoundary(toks, k) {
			end = k
			break
		}
	}
	return start, end
}

// strongStart is where the main clause holding token i starts.
func commaBetween(toks []text.Token, from, to int) bool {
	for k := from; k < to; k++ {
		if toks[k].Norm == "," {
			return true
		}
	}
	return false
}

func strongStart(toks []text.Token, i int) int {
	for k := i - 1; k >= 0; k-- {
		n := toks[k].Norm
		if n == ";" || n == ":" || (n == "," && k+1 < len(toks) && (toks[k+1].Norm == "and" || toks[k+1].Norm == "but")) {
			return k + 1
		}
	}
	return 0
}

// isBoundary reports whether token k opens a new clause: a conjunction such
// as "while" or "after", a relative pronoun, ", and" / ", but", or a "that"
// that follows a noun rather than a speech verb.
func isBoundary(toks []text.Token, k int) bool {
	n := toks[k].Norm
	if boundaries[n] || relatives[n] {
		return true
	}
	if n == "," && k+1 < len(toks) && (toks[k+1].Norm == "and" || toks[k+1].Norm == "but") {
		return true
	}
	if n == "that" && k > 0 {
		p := toks[k-1].Norm
		return !speechVerbs[p] && p != "so" && p != "such" && p != "," && !strings.HasSuffix(p, "ed")
	}
	return false
}

// between finds "between X and Y" after a trigger.
func between(actors []ActorRef, toks []text.Token, from, to int) (*ActorRef, *ActorRef) {
	for k := from; k < to && k < from+10; k++ {
		if toks[k].Norm != "between" {
			continue
		}
		var a1, a2 *ActorRef
		for i := range actors {
			a := &actors[i]
			if a.TokStart <= k || a.TokStart >= to {
				continue
			}
			if a1 == nil {
				a1 = a
			} else if a2 == nil && a.TokStart > a1.TokEnd {
				a2 = a
				break
			}
		}
		return a1, a2
	}
	return nil, nil
}

// repelled reports whether the trigger at i is the object of a defence
// verb: "repelled a large-scale attack", "foiled an assault".
func repelled(toks []text.Token, i int) bool {
	for k := i - 1; k >= 0 && k >= i-4; k-- {
		switch toks[k].Norm {
		case "repelled", "repulsed", "foiled", "thwarted", "repel", "repulse", "foil", "thwart", "averted":
			return true
		}
	}
	return false
}

// participle reports whether the parse reads a trigger as a participle
// modifying a noun: "six soldiers killed", "shells fired by the RSF".
//
// Only when no object follows: "soldiers killed, along with", "shells fired
// by the RSF"; never "Police arrested 45 …" or "rebels killed at least 40".
func participle(tree treeFn, toks []text.Token, h hit) bool {
	if h.end >= len(toks) {
		return false
	}
	switch toks[h.end].Norm {
	case ",", ".", ";", "by", "in", "on", "during", "near", "along", "when", "while", "after":
	default:
		return false
	}
	if tree == nil || !participleForm(toks[h.start].Norm) {
		return false
	}
	t := toks[h.start]
	for _, w := range tree() {
		if w.Start >= t.Start && w.End <= t.End {
			return w.Deprel == "acl" && w.XPOS == "VBN"
		}
	}
	return false
}

// participleForm reports whether a word can be a past participle: only
// those need the parse to tell "soldiers killed in the attack" from a verb
// ("attack", "clashes" never can).
func participleForm(w string) bool {
	if strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "en") {
		return true
	}
	switch w {
	case "shot", "hit", "struck", "set", "held", "caught", "burnt", "built", "thrown", "blown", "stolen", "driven", "beaten", "fought", "overrun", "shot dead", "put", "sent", "kept", "left", "lost", "brought", "taken", "seen":
		return true
	}
	return false
}

func isPassive(toks []text.Token, i int) bool {
	for k := i - 1; k >= 0 && k >= i-3; k-- {
		n := toks[k].Norm
		if beForms[n] {
			return true
		}
		if n != "not" && n != "also" && n != "reportedly" && n != "allegedly" && n != "been" && n != "later" && !strings.HasSuffix(n, "ly") {
			return false
		}
	}
	return false
}

// subject picks the leftmost actor of the clause part [from, to) that is not
// the object of a preposition nor a modifier of a thing noun, restarting
// after the last speech verb ("X said Y shelled Z" → Y).
func subject(actors []ActorRef, toks []text.Token, tree treeFn, from, to int) *ActorRef {
	for k := to - 1; k >= from; k-- {
		n := toks[k].Norm
		if speechVerbs[n] || (n == "that" && k > 0 && speechVerbs[toks[k-1].Norm]) {
			// Only restart when the reported clause has an actor of its own.
			for i := range actors {
				a := &actors[i]
				if a.TokStart > k && a.TokEnd <= to && eligibleSubject(a, toks, tree) {
					from = k + 1
					break
				}
			}
			break
		}
	}
	for i := range actors {
		a := &actors[i]
		if a.TokStart < from || a.TokEnd > to {
			continue
		}
		if eligibleSubject(a, toks, tree) {
			// A title followed by a name ("the spokesperson Zaw Min Tun",
			// "Russian President Vladimir Putin"): the name says more.
			if a.Generic && i+1 < len(actors) && actors[i+1].TokStart == a.TokEnd && !actors[i+1].Generic && actors[i+1].TokEnd <= to {
				return &actors[i+1]
			}
			return a
		}
	}
	return nil
}

// reportingVerbs only report what others did ("said", "told"), unlike
// speech acts that are events of their own ("claimed", "accused").
var reportingVerbs = set("said", "says", "say", "told", "tells", "reported", "reports", "added", "stated", "stressed", "noted", "explained", "insisted", "affirmed", "argued", "documented", "quoted")

// reportedBy reports whether actor a is the speaker of a reporting verb
// that stands between it and the trigger at token at: "Mujahid said the
// strikes hit homes".
func reportedBy(toks []text.Token, a *ActorRef, at int) bool {
	for k := a.TokEnd; k < at && k < len(toks); k++ {
		if reportingVerbs[toks[k].Norm] {
			return true
		}
	}
	return false
}

// nearestLeft is the closest eligible actor left of the trigger: the patient
// of a passive ("Fourteen protesters were shot dead").
func nearestLeft(actors []ActorRef, toks []text.Token, tree treeFn, from, to int) *ActorRef {
	for i := len(actors) - 1; i >= 0; i-- {
		a := &actors[i]
		if a.TokStart >= from && a.TokEnd <= to && eligible(a, toks, tree, true) {
			return a
		}
	}
	return nil
}

func eligibleSubject(a *ActorRef, toks []text.Token, tree treeFn) bool {
	return eligible(a, toks, tree, false)
}

// eligible decides whether an actor can be the subject (or, with patient
// set, the patient of a passive: "dozens of terrorists were killed").
func eligible(a *ActorRef, toks []text.Token, tree treeFn, patient bool) bool {
	if a.Kind == "media" || a.Role == "capital" {
		return false
	}
	if a.Kind == "country" && a.TokEnd < len(toks) {
		switch toks[a.TokEnd].Norm {
		case ",", "(", ")", "-", ":":
			return false // a dateline: "NAJAF, Iraq (Reuters) -"
		}
	}
	if a.TokStart > 0 {
		p := toks[a.TokStart-1].Norm
		quantity := patient && p == "of" && a.TokStart > 1 && isQuantity(toks[a.TokStart-2].Norm)
		if (objectPreps[p] || p == "by") && !quantity {
			return false
		}
	}
	if a.TokEnd < len(toks) && thingNouns[toks[a.TokEnd].Norm] {
		return false
	}
	// The parse knows objects and possessors: "to retaliate HTS", "Assad's ally".
	// Only an actor after a lower-case word (a possible verb) that does not
	// open a clause, before "'s", or a bare country needs the parse;
	// skipping it elsewhere saves most of the parsing.
	needTree := a.Kind == "country" || (a.TokStart > 0 && isLowerWord(toks[a.TokStart-1].Text) && !clauseOpening(toks, a.TokStart)) ||
		(a.TokEnd < len(toks) && toks[a.TokEnd].Norm == "'s")
	if !needTree {
		return true
	}
	var words []syntax.Word
	if tree != nil {
		words = tree()
	}
	rel, headVerbLeft := relation(words, a.Span.Start, a.Span.End)
	switch {
	case (rel == "obj" || rel == "iobj") && headVerbLeft:
		return false // the object of a verb before it: "to retaliate HTS"
	case rel == "nmod:poss" && a.TokEnd < len(toks) && toks[a.TokEnd].Norm == "'s" && !isPersonRole(toks, a.TokEnd+1):
		return false // a possessor: "Assad's major ally"
	case a.Kind == "country" && words != nil && !strings.HasPrefix(rel, "nsubj"):
		return false // a country acts only as the subject of a verb: "Saudi Arabia unleashed"
	}
	return true
}

// clauseOpening reports an actor that opens a clause, after at most an
// article: "…, the army said", "said that the militants". It cannot be the
// object of a verb before it, so no parse is needed to say so.
func clauseOpening(toks []text.Token, k int) bool {
	j := k - 1
	for j >= 0 && (toks[j].Norm == "the" || toks[j].Norm == "a" || toks[j].Norm == "an") {
		j--
	}
	if j < 0 {
		return true
	}
	switch toks[j].Norm {
	case ",", ";", ":", "(", "that", "said", "says", "told", "added", "stated", "reported", "announced":
		return true
	}
	return false
}

// quantities head "dozens of terrorists", "scores of civilians".
var quantities = set("dozens", "hundreds", "thousands", "scores", "tens", "number", "some", "many", "most", "several", "dozen", "hundred", "thousand", "millions", "all", "none", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")

func isQuantity(w string) bool {
	if quantities[w] {
		return true
	}
	for _, r := range w {
		if r < '0' || r > '9' {
			return r == ',' || r == '.'
		}
	}
	return w != ""
}

// treeFn returns the parse of the sentence being coded, computing it on
// first use; nil without syntax.
type treeFn func() []syntax.Word

func isLowerWord(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}

// relation returns the dependency relation of the words in [start, end)
// (rune offsets) to the rest of the sentence: the relation of the word whose
// head lies outside the span, "" without a parse.
func relation(tree []syntax.Word, start, end int) (rel string, headVerbLeft bool) {
	for _, w := range tree {
		if w.Start < start || w.End > end {
			continue
		}
		h := w.Head - 1
		if h < 0 || tree[h].Start < start || tree[h].End > end {
			if rel != "" {
				return rel, headVerbLeft // several heads: keep the first
			}
			rel = w.Deprel
			headVerbLeft = h >= 0 && tree[h].End <= start && tree[h].UPOS == "VERB"
		}
	}
	return rel, headVerbLeft
}

// isPersonRole reports whether token k names someone who speaks or acts for
// the possessor: "the regime's spokesperson", "Syria's ambassador".
func isPersonRole(toks []text.Token, k int) bool {
	if k >= len(toks) {
		return false
	}
	switch toks[k].Norm {
	case "spokesman", "spokesperson", "spokeswoman", "ambassador", "minister", "envoy", "leader", "commander", "forces", "troops", "fighters", "army", "military", "men", "members":
		return true
	}
	return false
}

// target picks the first actor right of the trigger in [from, to), skipping
// the passive agent; intelligence sharing wants the recipient after to/for/with.
func target(actors []ActorRef, toks []text.Token, fam string, from, to int, byAgent *ActorRef) *ActorRef {
	for i := range actors {
		a := &actors[i]
		if a.TokStart < from || a.TokStart >= to || a == byAgent || a.Kind == "media" || a.Kind == "country" {
			continue
		}
		if byAgent != nil && a.TokStart == byAgent.TokStart {
			continue
		}
		if a.TokEnd < len(toks) && speechVerbs[toks[a.TokEnd].Norm] {
			continue // "…, the Observatory documented": a source, not a target
		}
		prev := ""
		if a.TokStart > 0 {
			prev = toks[a.TokStart-1].Norm
		}
		if prev == "by" {
			continue
		}
		if fam == "intel" && prev != "to" && prev != "for" && prev != "with" && prev != "the" {
			continue
		}
		return a
	}
	return nil
}

// agentFillers may stand between "by" and the agent.
var agentFillers = set("the", "a", "an", "same", "suspected", "alleged", "unidentified", "unknown")

func agentAfterBy(actors []ActorRef, toks []text.Token, from, to int) *ActorRef {
	for i := range actors {
		a := &actors[i]
		if a.TokStart >= from && a.TokStart < to && a.TokStart > 0 {
			k := a.TokStart - 1
			for n := 0; n < 3 && k > 0 && agentFillers[toks[k].Norm]; n++ {
				k-- // "by the same armed group", "by suspected rebels"
			}
			if toks[k].Norm == "by" {
				return a
			}
		}
	}
	return nil
}

func coordinated(actors []ActorRef, toks []text.Token, a1 *ActorRef) *ActorRef {
	for i := range actors {
		a := &actors[i]
		if a.TokStart == a1.TokEnd+1 && (toks[a1.TokEnd].Norm == "and" || toks[a1.TokEnd].Norm == ",") {
			return a
		}
		if a.TokStart == a1.TokEnd+2 && toks[a1.TokEnd].Norm == "and" && toks[a1.TokEnd+1].Norm == "the" {
			return a
		}
	}
	return nil
}

func nearestRole(actors []ActorRef, at int, roles ...string) *ActorRef {
	var best *ActorRef
	bestD := 1 << 30
	for i := range actors {
		a := &actors[i]
		for _, r := range roles {
			if a.Role == r {
				d := a.TokStart - at
				if d < 0 {
					d = -d
				}
				if d < bestD {
					best, bestD = a, d
				}
			}
		}
	}
	return best
}

func afterWord(actors []ActorRef, toks []text.Token, word string, from, to int) *ActorRef {
	for k := from; k < to; k++ {
		if toks[k].Norm != word {
			continue
		}
		for i := range actors {
			a := &actors[i]
			if a.TokStart > k && a.TokStart <= k+4 {
				return a
			}
		}
	}
	return nil
}

// pronounRefs turns "the group", "its members", "they", "the militants" into
// references to the most mentioned named armed group before sentence si.
func pronounRefs(in Input, ix *index, si int) []ActorRef {
	s := in.Doc.Sentences[si]
	ante := ix.salient[si]
	var out []ActorRef
	toks := s.Tokens
	covered := func(k int) bool {
		for _, a := range ix.actors[si] {
			if k >= a.TokStart && k < a.TokEnd {
				return true
			}
		}
		return false
	}
	for k := 0; k < len(toks); k++ {
		if covered(k) {
			continue
		}
		n := toks[k].Norm
		end := -1
		switch {
		case (n == "the" || n == "this") && k+1 < len(toks) && groupNouns[toks[k+1].Norm] && !covered(k+1):
			end = k + 2
			if k+2 < len(toks) && (toks[k+2].Norm == "'s" || toks[k+2].Norm == "'") {
				end = k + 3
			}
		case (n == "its" || n == "their") && k+1 < len(toks) && groupNouns[toks[k+1].Norm]:
			end = k + 2
		case n == "they" || n == "it":
			// Only as the subject of what follows: "it was behind", "they fired".
			if k+1 < len(toks) && (toks[k+1].Norm == "was" || toks[k+1].Norm == "had" || toks[k+1].Norm == "fired" || toks[k+1].Norm == "were" || toks[k+1].Norm == "have" || toks[k+1].Norm == "also") {
				end = k + 1
			}
		}
		if end < 0 {
			continue
		}
		var r ActorRef
		switch {
		case (n == "it" || n == "they") && speakerBefore(ix.actors[si], toks, k) != nil:
			// "The Israeli military said it had targeted …": "it" is the speaker.
			r = *speakerBefore(ix.actors[si], toks, k)
		case ante != nil:
			r = *ante
		default:
			continue
		}
		r.Sent, r.TokStart, r.TokEnd = si, k, end
		r.Span = model.Span{Start: toks[k].Start, End: toks[end-1].End, Text: in.Doc.Slice(toks[k].Start, toks[end-1].End)}
		r.Actor.Text = r.Span.Text
		r.Head = toks[end-1].Norm
		out = append(out, r)
		k = end - 1
	}
	return out
}

// Weapon cue words.
var cueWords = map[string]string{
	"jets": "air", "jet": "air", "warplane": "air", "warplanes": "air", "aircraft": "air", "plane": "air", "planes": "air",
	"helicopter": "air", "helicopters": "air", "gunship": "air", "drone": "air", "drones": "air", "sukhoi": "air",
	"sukhoi-22": "air", "mig": "air", "airstrike": "air", "airstrikes": "air", "aerial": "air", "sorties": "air",
	"bombs": "air", "bomb": "air", "force": "", "air": "air", "uav": "air", "uavs": "air", "shahed": "air",
	"kamikaze": "air", "loitering": "air", "quadcopter": "air", "quadcopters": "air",
	"missile": "shell", "missiles": "shell", "rocket": "shell", "rockets": "shell", "mortar": "shell", "mortars": "shell",
	"shell": "shell", "shells": "shell", "shelled": "shell", "shelling": "shell", "artillery": "shell", "howitzer": "shell",
	"rounds": "shell", "ballistic": "shell", "grad": "shell", "katyusha": "shell", "tank": "shell", "tanks": "shell",
	"pounded": "shell", "bombarded": "shell", "bombardment": "shell", "struck": "strike", "strike": "strike",
	"strikes": "strike", "striking": "strike", "hit": "remote", "targeted": "remote",
	"shot": "ground", "gunfire": "ground", "opened": "ground", "ambush": "ground", "ambushed": "ground", "stormed": "ground",
	"clashes": "ground", "clashed": "ground", "fighting": "ground", "attack": "ground", "attacks": "ground",
	"attacked": "ground", "assault": "ground", "offensive": "ground", "bombed": "air", "bombing": "air",
}

func addCue(cues map[string]bool, w string) {
	if c, ok := cueWords[w]; ok && c != "" {
		cues[c] = true
	}
}

// raw holds the sentence's trigger hits before any filtering.
func modality(raw []hit, toks []text.Token, segStart int, head hit, fam string) string {
	switch fam {
	case "threaten":
		return model.Future
	}
	lo := head.start - 6
	if lo < segStart {
		lo = segStart
	}
	if head.start > 0 && toks[head.start-1].Norm == "to" && fam != "claim" && fam != "deny" && fam != "accuse" &&
		!(fam == "protest" && pastBefore(toks, segStart, head.start-1)) {
		// "vowed to attack"; but "had blocked the road to protest against
		// water shortages" tells a protest that happened.
		return model.Future
	}
	mod := model.Asserted
	for k := 0; k+1 < head.start; k++ {
		// "found no evidence that armed groups had poisoned the water"
		if n := toks[k].Norm; (n == "no" || n == "without") && (toks[k+1].Norm == "evidence" || toks[k+1].Norm == "proof" || toks[k+1].Norm == "sign") {
			return model.Negated
		}
	}
	for k := segStart; k < head.start; k++ {
		n := toks[k].Norm
		if generics[n] || (n == "most" && k+1 < len(toks) && toks[k+1].Norm == "cases") {
			return model.Generic
		}
		// "a series of attacks", "a wave of strikes": many acts, none told.
		if (n == "series" || n == "spate" || n == "wave" || n == "string") && k+2 == head.start && toks[k+1].Norm == "of" {
			return model.Generic
		}
		if (n == "weeks" || n == "months" || n == "years" || n == "days") && k+1 < len(toks) && toks[k+1].Norm == "of" && k+1 >= head.start-3 {
			return model.Generic
		}
	}
	day := namedDay(toks)
	if head.Family == "kill" && !day {
		// A running total ("have been killed since October", "has risen to
		// 41 since the beginning of 2023") is not one event; one that names
		// its day ("four men were shot dead over the weekend, the 29th
		// massacre so far this year") is.
		for k := segStart; k < len(toks); k++ {
			if n := toks[k].Norm; n == "since" || (n == "so" && k+1 < len(toks) && toks[k+1].Norm == "far") {
				return model.Generic
			}
		}
	}
	if !statement[fam] && habitual(toks, segStart) {
		// "protests over water shortages erupt almost every year"
		return model.Generic
	}
	if !statement[fam] && foiled(toks, segStart, head.start) {
		// "The attempt by the Kiev regime to carry out a terrorist attack
		// with drones has been thwarted": it did not happen.
		return model.Negated
	}
	if perfectInRelative(toks, segStart, head) || (!statement[fam] && !day && cumulative(toks, segStart, head)) {
		return model.Generic
	}
	if (fam == "truce" || fam == "agree") && endedBefore(toks, head.start) {
		// "suspended its ceasefire", "ended a ceasefire": the agreement is
		// what was given up, not an agreement reached.
		return model.Negated
	}
	if !statement[fam] {
		for k := segStart; k < head.start; k++ {
			switch toks[k].Norm {
			case "claimed", "alleged", "claims", "allegations", "accusations", "alleging", "claiming":
				if k+1 < len(toks) && toks[k+1].Norm == "responsibility" {
					continue
				}
				return model.Hypothetical
			}
		}
	}
	for k := lo; k < head.start; k++ {
		n := toks[k].Norm
		switch {
		case generics[n]:
			mod = model.Generic
		case n == "most" && k+1 < len(toks) && toks[k+1].Norm == "cases":
			mod = model.Generic
		case negations[n]:
			if fam != "deny" {
				mod = model.Negated
			}
		case futures[n]:
			if fam != "claim" && fam != "deny" && fam != "accuse" {
				mod = model.Future
			}
		case hypotheticals[n]:
			if fam != "claim" && fam != "deny" && fam != "accuse" {
				mod = model.Hypothetical
			}
		}
	}
	// A violent act reported inside a denial is negated ("rejected
	// accusations that it had targeted civilians").
	if mod == model.Asserted && fam != "deny" {
		for _, h := range raw {
			if h.Family == "deny" && h.end <= head.start && head.start-h.end <= 12 {
				mod = model.Negated
			}
		}
	}
	for k := head.end; k < len(toks); k++ {
		if toks[k].Norm == "?" {
			return model.Hypothetical
		}
	}
	return mod
}

// perfectAround reports a "has" or "have" in the clause of head: before it
// ("has killed", "have been hit") or after a subject noun ("attacks …
// have risen").
func perfectAround(toks []text.Token, segStart int, head hit) bool {
	for k := max(segStart, head.start-4); k < len(toks); k++ {
		n := toks[k].Norm
		if auxHave(toks[k]) {
			return true
		}
		if k > head.end && (n == ";" || n == ":" || (n == "," && k+1 < len(toks) && toks[k+1].Norm == "and")) {
			break
		}
	}
	return false
}

// perfectInRelative is background told in a relative clause: "ADF rebels,
// who have pledged allegiance to the Islamic State group, …".
func perfectInRelative(toks []text.Token, segStart int, head hit) bool {
	for k := max(segStart, head.start-3); k < head.start; k++ {
		if auxHave(toks[k]) {
			return inRelative(toks, head.start)
		}
	}
	return false
}

// auxHave is the auxiliary "has"/"have" (lower case: "Has" is a village in
// Idlib).
func auxHave(t text.Token) bool { return t.Text == "has" || t.Text == "have" }

// cumulative reports a statement about many acts over time rather than one
// event: a perfect tense ("has killed", "have been hit", "attacks … have
// risen") with a span or total ("since July", "so far this year", "more
// than 6,000").
func cumulative(toks []text.Token, segStart int, head hit) bool {
	if !perfectAround(toks, segStart, head) {
		return false
	}
	for k := segStart; k < len(toks); k++ {
		n := toks[k].Norm
		switch {
		case n == "since" || n == "hundreds" || n == "thousands":
			return true
		case n == "so" && k+1 < len(toks) && toks[k+1].Norm == "far":
			return true
		case n == "this" && k+1 < len(toks) && toks[k+1].Norm == "year":
			return true
		case n == "to" && k+1 < len(toks) && toks[k+1].Norm == "date":
			return true
		case (n == "than" || n == "over") && k+1 < len(toks) && bigNumber(toks[k+1].Norm):
			return true
		}
	}
	return false
}

// habitual reports a clause about what happens time and again: "every
// year", "each summer", "annually".
func habitual(toks []text.Token, segStart int) bool {
	for k := segStart; k < len(toks); k++ {
		switch toks[k].Norm {
		case "annually", "yearly":
			return true
		case "every", "each":
			if k+1 < len(toks) {
				switch toks[k+1].Norm {
				case "year", "summer", "winter", "week", "month", "day", "time", "season", "friday":
					return true
				}
			}
		case ";", ":":
			if k > segStart {
				return false
			}
		}
	}
	return false
}

// foiled reports an act told as attempted and stopped: "attempt", "tried"
// before it and "thwarted", "foiled" in the sentence.
func foiled(toks []text.Token, segStart, at int) bool {
	tried := false
	for k := segStart; k < at; k++ {
		switch toks[k].Norm {
		case "attempt", "attempts", "attempted", "tried", "trying", "plot", "plotted", "plotting":
			tried = true
		}
	}
	if !tried {
		return false
	}
	for _, t := range toks {
		switch t.Norm {
		case "thwarted", "foiled", "prevented", "averted", "failed", "repelled", "repulsed":
			return true
		}
	}
	return false
}

// namedDay reports a sentence that names the day of what it tells: a
// weekday, "yesterday", "today", "last night", "the weekend".
func namedDay(toks []text.Token) bool {
	for k, t := range toks {
		switch t.Norm {
		case "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "yesterday", "today", "weekend", "overnight":
			return true
		case "night":
			if k > 0 && toks[k-1].Norm == "last" {
				return true
			}
		}
	}
	return false
}

// pastBefore reports a past-tense verb in [from, to): "had blocked the
// road to protest".
func pastBefore(toks []text.Token, from, to int) bool {
	for k := max(from, to-14); k < to; k++ {
		n := toks[k].Norm
		if (strings.HasSuffix(n, "ed") && isLowerWord(toks[k].Text)) || n == "took" || n == "went" || n == "came" || n == "gathered" || n == "marched" {
			return true
		}
	}
	return false
}

// bigNumber reports a figure of at least 100 ("6,000", "150").
func bigNumber(w string) bool {
	d := 0
	for _, r := range w {
		switch {
		case r >= '0' && r <= '9':
			d++
		case r == ',':
		default:
			return false
		}
	}
	return d >= 3
}

// endingVerbs give up an agreement: "suspended its ceasefire".
var endingVerbs = set("suspended", "suspends", "suspend", "ended", "ends", "end", "broke", "breaks", "violated", "violates", "breached", "abandoned", "scrapped", "collapsed", "cancelled", "canceled", "revoked", "withdrew", "tore", "rejected")

// endedBefore reports an ending verb shortly before token at.
func endedBefore(toks []text.Token, at int) bool {
	for k := at - 1; k >= 0 && k >= at-4; k-- {
		if endingVerbs[toks[k].Norm] {
			return true
		}
	}
	return false
}

func nearestDate(ds []DateRef, at, segStart, segEnd int) *DateRef {
	var best *DateRef
	bestD := 1 << 30
	for i := range ds {
		d := &ds[i]
		dist := d.TokStart - at
		if dist < 0 {
			dist = -dist
		}
		if d.TokStart < segStart || d.TokStart >= segEnd {
			dist += 1000
		}
		if dist < bestD {
			best, bestD = d, dist
		}
	}
	return best
}

// pickPlaces chooses the event's place in sentence tokens: the most specific
// place right of the trigger in its clause (with places coordinated to it by
// "and"), else the nearest place left in the clause, else the nearest place
// of the sentence outside relative clauses.
func pickPlaces(ps []PlaceRef, toks []text.Token, at, segStart, segEnd int) []PlaceRef {
	if len(ps) == 0 {
		return nil
	}
	var right, left []PlaceRef
	for _, p := range ps {
		switch {
		case p.TokStart >= at && p.TokStart < segEnd:
			right = append(right, p)
		case p.TokStart < at && p.TokStart >= segStart && !inRelative(toks, p.TokStart):
			left = append(left, p)
		}
	}
	if len(right) > 0 {
		// The nearest place, or a more specific one that follows it closely
		// ("in the Timbuktu region, at Niafunké"; not "…, as Moscow pressed").
		best := 0
		for i := 1; i < len(right); i++ {
			if right[i].Loc.GeoPrecision < right[best].Loc.GeoPrecision && right[i].TokStart-right[i-1].TokEnd <= 4 {
				best = i
			} else if right[i].TokStart-right[i-1].TokEnd > 4 {
				break
			}
		}
		out := []PlaceRef{right[best]}
		// Coordinated places: "on Safohin and al-Mozara", "on X, Y and Z".
		for j := best + 1; j < len(right); j++ {
			prevEnd := out[len(out)-1].TokEnd
			if right[j].TokStart < prevEnd {
				break // overlapping mentions
			}
			gap := toks[prevEnd:right[j].TokStart]
			if !isCoordination(gap) || right[j].Loc.GeoPrecision != right[best].Loc.GeoPrecision {
				break
			}
			out = append(out, right[j])
		}
		return out
	}
	if len(left) > 0 {
		return []PlaceRef{left[len(left)-1]}
	}
	// Elsewhere in the sentence, skipping relative clauses.
	var best *PlaceRef
	bestD := 1 << 30
	for i := range ps {
		p := &ps[i]
		if inRelative(toks, p.TokStart) {
			continue
		}
		d := p.TokStart - at
		if d < 0 {
			d = -d
		}
		if d < bestD {
			best, bestD = p, d
		}
	}
	if best == nil {
		return nil
	}
	return []PlaceRef{*best}
}

func isCoordination(gap []text.Token) bool {
	if len(gap) == 0 || len(gap) > 3 {
		return false
	}
	for _, t := range gap {
		switch t.Norm {
		case "and", ",", "or", "the", "in":
		default:
			return false
		}
	}
	return gap[0].Norm != "in"
}

// inRelative reports whether token i sits in a relative clause ("which lies
// in the countryside of X, south of Y"): a relative pronoun before it with no
// main-clause boundary between.
func inRelative(toks []text.Token, i int) bool {
	for k := i - 1; k >= 0; k-- {
		n := toks[k].Norm
		if relatives[n] || (n == "that" && isBoundary(toks, k)) {
			return true
		}
		if n == ";" || n == ":" || (n == "," && k+1 < len(toks) && (toks[k+1].Norm == "and" || toks[k+1].Norm == "but")) {
			return false
		}
	}
	return false
}

func patternOf(cd *cand, toks []text.Token) string {
	var ws []string
	for _, h := range cd.hits {
		ws = append(ws, h.Phrase)
	}
	p := cd.family + ": " + strings.Join(ws, " + ")
	if cd.actor1 != nil {
		p = "A1 " + p
	}
	if cd.actor2 != nil {
		p += " → A2"
	}
	return p
}
