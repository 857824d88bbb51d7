package coder

import (
	"strings"

	"github.com/sitrep/sitrep/internal/model"
	"github.com/sitrep/sitrep/internal/text"
)

// kind is the ACLED classification and CAMEO code of a candidate.
type kind struct {
	eventType, subType, cameo string
}

// classify picks the CAMEO code and ACLED type of a candidate from its family,
// weapon cues and the types of its actors.
func classify(cd *cand, protestContext bool) kind {
	t1, t2 := actorType(cd.actor1), actorType(cd.actor2)
	switch cd.family {
	case "attack":
		if cd.cues["repress"] && !cd.cues["kill"] && (t1 == 1 || t1 == 0) {
			return kind{Protests, Intervention, "175"}
		}
		switch {
		case cd.cues["chemical"]:
			return kind{Explosions, Chemical, "2041"}
		case cd.cues["suicide"]:
			return kind{Explosions, SuicideBomb, "1831"}
		case cd.cues["ied"]:
			return kind{Explosions, IED, "1833"}
		case cd.cues["air"] || cd.cues["airstrike"]:
			return kind{Explosions, AirStrike, "195"}
		case cd.cues["clash"] && !cd.cues["remote"]:
			return kind{Battles, ArmedClash, "190"} // fighting with heavy weapons is still a battle
		case cd.cues["shell"]:
			return kind{Explosions, Shelling, "194"}
		case cd.cues["capture"]:
			if t1 == 1 {
				return kind{Battles, GovRegains, "190"}
			}
			return kind{Battles, NSOvertakes, "190"}
		}
		if t1 == 1 && (t2 == 6 || (protestContext && (t2 == 7 || t2 == 0))) && (cd.cues["kill"] || cd.cues["ground"]) {
			return kind{Protests, Excessive, "175"}
		}
		if cd.cues["strike"] && !cd.cues["ground"] {
			// "an Israeli strike", "jets struck": from the air, unless ground
			// units ("army units responded by striking") did it.
			if (t1 == 1 || t1 == 8) && !groundUnit(cd.actor1) {
				return kind{Explosions, AirStrike, "195"}
			}
			return kind{Explosions, Shelling, "194"}
		}
		if cd.cues["remote"] && !cd.cues["ground"] && t2 != 7 {
			return kind{Explosions, Shelling, "194"}
		}
		if t2 == 7 || (t2 == 0 && cd.cues["kill"] && !cd.cues["clash"]) {
			return kind{VAC, Attack, "180"}
		}
		return kind{Battles, ArmedClash, "190"}
	case "protest":
		if cd.cues["riot"] {
			return kind{Riots, ViolentDemo, "145"}
		}
		return kind{Protests, Peaceful, "141"}
	case "riot":
		if cd.actor1 != nil && (cd.actor1.Role == "protesters" || cd.actor1.Role == "civilians" || cd.actor1.Role == "rioters") {
			return kind{Riots, ViolentDemo, "145"}
		}
		return kind{Strategic, Looting, "1712"}
	case "abduct":
		return kind{VAC, Abduction, "181"}
	case "arrest":
		return kind{Strategic, Arrests, "173"}
	case "truce":
		return kind{Strategic, Agreement, "0871"}
	case "agree":
		return kind{Strategic, Agreement, "057"}
	case "retreat":
		return kind{Strategic, Transfer, "0874"}
	case "loot":
		return kind{Strategic, Looting, "171"}
	}
	if len(cd.hits) > 0 {
		code := cd.hits[0].Code
		if cd.family == "accuse" {
			switch cd.hits[0].Words[0] {
			case "condemn", "condemned", "condemns", "denounced", "criticised", "criticized":
				code = "111"
			}
		}
		return kind{"", "", code}
	}
	return kind{}
}

// groundUnit reports whether a state actor is named by a ground unit word.
func groundUnit(a *ActorRef) bool {
	if a == nil {
		return false
	}
	for _, w := range strings.Fields(text.Fold(a.Span.Text)) {
		switch w {
		case "army", "troops", "units", "soldiers", "artillery", "forces", "brigade", "battalion", "division", "tanks", "gunners":
			return true
		}
	}
	return false
}

func actorType(a *ActorRef) int {
	if a == nil {
		return 0
	}
	if a.Actor.Type == 0 {
		switch a.Role {
		case "civilians":
			return 7
		case "protesters":
			return 6
		case "rioters":
			return 5
		}
	}
	return a.Actor.Type
}

// statement families are never split by place; speech families take the
// dateline as their place, since where words are said is not in the sentence.
var (
	statement = set("claim", "deny", "accuse", "demand", "appeal", "threaten", "intel", "promise")
	speech    = set("claim", "deny", "accuse", "threaten", "promise")
)

// finish turns a candidate into a contract Event. It drops candidates with
// no actor at all: without a who or a whom nothing can be coded.
func finish(in Input, cd *cand, protestHits int, articleDay *DateRef) (model.Event, bool) {
	if cd.actor1 == nil && cd.actor2 == nil && cd.family != "curfew" && cd.family != "protest" {
		return model.Event{}, false
	}
	k := classify(cd, protestHits >= 2)
	ev := model.Event{
		CAMEO: k.cameo, EventType: k.eventType, SubEventType: k.subType,
		AssocActor1: []model.Actor{}, AssocActor2: []model.Actor{},
		Modality: cd.modality, Evidence: cd.evidence, Pattern: cd.pattern,
	}
	ev.PLOVER = PLOVER(ev.CAMEO)
	// Tear gas with nobody to fire it is a crowd dispersing, not an event.
	if k.subType == Intervention && (cd.actor1 == nil || actorType(cd.actor1) != 1) {
		return model.Event{}, false
	}
	// Place.
	switch {
	case cd.place != nil:
		loc := cd.place.Loc
		ev.Location = &loc
	case speech[cd.family] && in.Dateline != nil:
		loc := *in.Dateline
		ev.Location = &loc
	case in.Focus != nil:
		loc := *in.Focus
		loc.GeoPrecision = 3
		loc.Text, loc.Start, loc.End = "", 0, 0
		ev.Location = &loc
	}
	// Agents take the country of the event's place, except where the place
	// is only where words were spoken (the dateline): then the article's.
	country := ""
	if ev.Location != nil && (cd.place != nil || !speech[cd.family]) {
		country = ev.Location.Country
	}
	if country == "" && in.Focus != nil {
		country = in.Focus.Country
	}
	// Actors, with agents given the event's country.
	role1 := ""
	switch {
	case ev.EventType == Protests && ev.SubEventType != Excessive:
		role1 = "protesters"
	case ev.EventType == Riots:
		role1 = "rioters"
	}
	ev.Actor1 = contractActor(in, cd.actor1, country, role1)
	ev.Actor2 = contractActor(in, cd.actor2, country, "")
	if k.subType == Intervention {
		// ACLED codes a protest first by its protesters, the force that
		// intervened second.
		ev.Actor1, ev.Actor2 = contractActor(in, cd.actor2, country, "protesters"), ev.Actor1
		if ev.Actor1 == nil {
			ev.Actor1 = implicitActor(in, "protesters", country)
		}
	}
	if ev.EventType == Protests && ev.SubEventType == Excessive && ev.Actor2 != nil && cd.actor2.Role == "civilians" {
		ev.Actor2 = contractActor(in, cd.actor2, country, "protesters")
	}
	if ev.Actor1 != nil && ev.Actor2 != nil && ev.Actor1.Name == ev.Actor2.Name {
		ev.Actor2 = nil // "the army" acting on "its positions"
	}
	// A protest always has protesters, named or not.
	if cd.family == "protest" && ev.Actor1 == nil {
		ev.Actor1 = implicitActor(in, role1, country)
		if ev.Actor1 == nil {
			return model.Event{}, false
		}
	}
	if cd.family == "curfew" {
		if ev.Actor1 == nil {
			ev.Actor1 = implicitActor(in, "government", country)
		}
		if ev.Actor2 == nil {
			ev.Actor2 = implicitActor(in, "civilians", country)
		}
	}
	if ev.Actor1 != nil && ev.Actor2 != nil {
		ev.Interaction = Interaction(ev.Actor1.Type, ev.Actor2.Type)
	} else if ev.Actor1 != nil {
		ev.Interaction = Interaction(ev.Actor1.Type, 0)
	}
	// Date.
	switch {
	case cd.date != nil:
		ev.Date, ev.DatePrecision = cd.date.Date, cd.date.Precision
	case articleDay != nil && !speech[cd.family]:
		// Undated events in a report share the day of its lede.
		ev.Date, ev.DatePrecision = articleDay.Date, articleDay.Precision
	case !in.Published.IsZero():
		ev.Date, ev.DatePrecision = in.Published.Format("2006-01-02"), 2
	}
	// Fatalities.
	if cd.family == "attack" || cd.family == "protest" || cd.family == "riot" || cd.family == "abduct" {
		ev.Fatalities = fatalities(cd)
	}
	ev.Confidence = confidence(cd, ev)
	return ev, true
}

func contractActor(in Input, a *ActorRef, country, role string) *model.Actor {
	if a == nil {
		return nil
	}
	act := a.Actor
	r := a.Role
	if role != "" && (r == "civilians" || r == "protesters" || r == "rioters") {
		r = role
	}
	if a.Generic && in.Localise != nil && (act.Country == "" || r != a.Role) {
		c := act.Country
		if c == "" {
			c = country
		}
		if c != "" {
			act = in.Localise(act, r, c)
		}
	}
	act.Text = a.Span.Text
	act.Start, act.End = a.Span.Start, a.Span.End
	// Foreign state forces are "external forces" in ACLED's scheme.
	if act.Type == 1 && country != "" && act.Country != "" && act.Country != country {
		act.Type = 8
	}
	return &act
}

func implicitActor(in Input, role, country string) *model.Actor {
	if in.Localise == nil || country == "" {
		return nil
	}
	a := in.Localise(model.Actor{}, role, country)
	if a.Name == "" {
		return nil
	}
	return &a
}

func fatalities(cd *cand) *model.Fatalities {
	if len(cd.counts) == 0 {
		if cd.cues["kill"] {
			best := 3
			for _, h := range cd.hits {
				if strings.HasPrefix(h.Words[0], "massacre") {
					best = 10
				}
			}
			return &model.Fatalities{Best: best, Low: best, High: best, Text: ""}
		}
		return &model.Fatalities{}
	}
	f := model.Fatalities{Best: cd.counts[0].Best, Low: cd.counts[0].Low, High: cd.counts[0].High}
	var texts []string
	for _, n := range cd.counts {
		f.Best = min(f.Best, n.Best)
		f.Low = min(f.Low, n.Low, n.Best)
		f.High = max(f.High, n.High, n.Best)
		texts = append(texts, n.Text)
	}
	f.Text = strings.Join(texts, "; ")
	return &f
}

func confidence(cd *cand, ev model.Event) float64 {
	c := 0.4
	if ev.Actor1 != nil {
		c += 0.2
	}
	if ev.Actor2 != nil {
		c += 0.1
	}
	if cd.place != nil {
		c += 0.15
	}
	if cd.date != nil {
		c += 0.1
	}
	return min(c, 0.95)
}

// mergeCands joins mentions of one real event within an article: a follow-up
// sentence with only a toll ("Twenty-one children were killed."), the same
// kind of strike at the same place, or a placeless mention of an event that
// is located elsewhere in the article.
func mergeCands(cs []*cand, protestContext bool) []*cand {
	for j, b := range cs {
		for i := j - 1; i >= 0; i-- {
			a := cs[i]
			if b.sent-a.lastSent > mergeWindow {
				break // candidates are in sentence order: nothing older can merge
			}
			if a.merged || !canMerge(a, b, protestContext) {
				continue
			}
			absorb(a, b)
			b.merged = true
			break
		}
	}
	return cs
}

// mergeWindow is how many sentences apart two mentions of one event may be.
const mergeWindow = 12

func canMerge(a, b *cand, protestContext bool) bool {
	req := func(f string) bool { return f == "demand" || f == "appeal" }
	if a.refOnly || (a.family != b.family && !(req(a.family) && req(b.family))) {
		return false
	}
	dist := b.sent - a.lastSent
	if a.family != "attack" {
		// Repeated requests, claims or denials by the same actor close
		// together; a placeless mention of a protest told just before.
		if a.modality != b.modality || !sameActor(a.actor1, b.actor1) {
			return false
		}
		if b.refOnly {
			return dist <= 3 && (b.place == nil || samePlace(a.place, b.place))
		}
		if a.family == "claim" || a.family == "deny" {
			return dist > 0 // one statement, told in several places
		}
		if statement[a.family] {
			return dist <= 2 && dist > 0
		}
		return dist <= 3 && dist > 0 && (b.place == nil || samePlace(a.place, b.place))
	}
	if a.modality != b.modality {
		return false
	}
	ka, kb := classify(a, protestContext), classify(b, protestContext)
	// The same toll told twice ("at least nine people had been killed" …
	// "blamed the forces for the deaths of at least nine people").
	if sameToll(a.counts, b.counts) && !hasWeapon(a) && !hasWeapon(b) && sameActor(a.actor1, b.actor1) &&
		(a.place == nil || b.place == nil || samePlace(a.place, b.place)) {
		return true
	}
	// Toll-only follow-up.
	if b.place == nil && b.actor1 == nil && b.cues["kill"] && !hasWeapon(b) && dist <= 2 && dist >= 0 {
		return true
	}
	if b.refOnly {
		return dist <= 3 && (b.place == nil || samePlace(a.place, b.place))
	}
	// Killings told twice, once without the perpetrator.
	if !hasWeapon(a) && !hasWeapon(b) && a.cues["kill"] && b.cues["kill"] && (a.actor1 == nil || b.actor1 == nil) &&
		dist <= 3 && (a.place == nil || b.place == nil || samePlace(a.place, b.place)) {
		return true
	}
	if !sameActor(a.actor1, b.actor1) {
		return false
	}
	switch {
	case a.place != nil && b.place != nil:
		if !samePlace(a.place, b.place) {
			return false
		}
		return ka == kb || (!hasWeapon(a) && (b.cues["air"] || b.cues["shell"])) || (!hasWeapon(b) && (a.cues["air"] || a.cues["shell"]))
	case b.place == nil:
		// The same strike told again, more vaguely ("it had targeted …").
		return (ka == kb || (!hasWeapon(b) && hasWeapon(a))) && dist <= 3
	default: // a has no place, b has one
		return ka == kb && dist <= 4 && datesCompatible(a.date, b.date)
	}
}

func sameToll(a, b []CountRef) bool {
	for _, x := range a {
		for _, y := range b {
			if x.Kind == "killed" && y.Kind == "killed" && x.Best == y.Best && x.Best > 1 {
				return true
			}
		}
	}
	return false
}

func hasWeapon(c *cand) bool {
	return c.cues["air"] || c.cues["shell"] || c.cues["ied"] || c.cues["suicide"] || c.cues["chemical"] || c.cues["airstrike"]
}

func sameActor(a, b *ActorRef) bool {
	if a == nil || b == nil {
		return true
	}
	if a.Actor.Name == b.Actor.Name {
		return true
	}
	// A country-less agent ("troops": "Military Forces") and a state actor
	// of that kind ("Iraqi security forces": "Military Forces of Iraq").
	if a.Generic && a.Actor.Country == "" && strings.HasPrefix(b.Actor.Name, a.Actor.Name+" ") {
		return true
	}
	if b.Generic && b.Actor.Country == "" && strings.HasPrefix(a.Actor.Name, b.Actor.Name+" ") {
		return true
	}
	// Agents of the same role ("the air force", "Syrian jets") in compatible countries.
	return a.Role != "" && a.Role == b.Role &&
		(a.Actor.Country == "" || b.Actor.Country == "" || a.Actor.Country == b.Actor.Country)
}

// inheritPlaces gives a placeless event the place of the event just before
// it (within two sentences), else a place named in the previous sentence:
// "its men took control of the base", "the rebels pulled out of the valley".
func inheritPlaces(cs []*cand, ix *index) {
	var prev *cand
	for _, c := range cs {
		if c.merged || c.refOnly {
			continue
		}
		if c.place == nil && !statement[c.family] {
			switch {
			case prev != nil && prev.place != nil && c.sent-prev.sent <= 2:
				c.place = prev.place
			case c.sent > 0 && len(ix.places[c.sent-1]) > 0:
				ps := ix.places[c.sent-1]
				best := ps[0]
				for _, p := range ps {
					if p.Loc.GeoPrecision < best.Loc.GeoPrecision {
						best = p
					}
				}
				c.place = &best
			}
		}
		if c.date == nil && !speech[c.family] && prev != nil && prev.date != nil && c.sent-prev.sent <= 2 {
			c.date = prev.date // the follow-up of an event keeps its day
		}
		if c.place != nil {
			prev = c
		}
	}
}

func samePlace(a, b *PlaceRef) bool {
	if a == nil || b == nil {
		return false
	}
	if a.Loc.GeonamesID != 0 && a.Loc.GeonamesID == b.Loc.GeonamesID {
		return true
	}
	return a.Loc.Name == b.Loc.Name && a.Loc.Country == b.Loc.Country
}

func datesCompatible(a, b *DateRef) bool {
	if a == nil || b == nil {
		return true
	}
	return !a.To.Before(b.From) && !b.To.Before(a.From)
}

func absorb(a, b *cand) {
	a.lastSent = max(a.lastSent, b.lastSent)
	a.evidence = append(a.evidence, b.evidence...)
	a.counts = append(a.counts, b.counts...)
	for k := range b.cues {
		if k == "air" || k == "shell" || k == "kill" || k == "airstrike" {
			a.cues[k] = true
		}
	}
	if a.actor1 == nil {
		a.actor1 = b.actor1
	}
	if a.actor2 == nil {
		a.actor2 = b.actor2
	}
	if a.place == nil && b.place != nil {
		a.place = b.place
	}
	if b.date != nil && (a.date == nil || (b.date.Precision < a.date.Precision && datesCompatible(a.date, b.date))) {
		a.date = b.date
	}
	a.pattern += " | " + b.pattern
}
