// Package model holds the plain data types of sitrep's contracts
// (../shared/spec/README.md): the input Article, the output Analysis with its
// Events and Credibility, and the Gold files used for evaluation.
//
// It has no behaviour beyond small helpers on these values and imports nothing
// from the project; every other package may import it. Field names and JSON
// tags are the contract: add fields, never rename or remove them.
package model

// Article is one input article (spec §1).
type Article struct {
	ID        string `json:"id"`
	Text      string `json:"text,omitempty"`
	HTML      string `json:"html,omitempty"`
	Title     string `json:"title,omitempty"`
	URL       string `json:"url,omitempty"`
	Source    string `json:"source,omitempty"`
	Published string `json:"published,omitempty"`
	Language  string `json:"language,omitempty"`
}

// Span is a piece of the article text. Start and End count runes (Unicode code
// points) from the start of the article text; End is exclusive.
type Span struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

// Analysis is the output for one article (spec §2).
type Analysis struct {
	ArticleID   string      `json:"article_id"`
	Source      string      `json:"source"`
	Published   string      `json:"published"`
	Language    string      `json:"language"`
	Title       string      `json:"title,omitempty"`
	Events      []Event     `json:"events"`
	Credibility Credibility `json:"credibility"`
	Entities    []Entity    `json:"entities"`
	// Error is set when the article could not be analysed; the run goes on.
	Error string `json:"error,omitempty"`
}

// Entity is something named in the article, with every mention.
type Entity struct {
	Name     string `json:"name"`
	Kind     string `json:"kind"` // actor | place | person
	Code     string `json:"code,omitempty"`
	Mentions []Span `json:"mentions"`
}

// Event is one coded event (spec §2).
type Event struct {
	ID            string      `json:"id"`
	CAMEO         string      `json:"cameo"`
	PLOVER        string      `json:"plover"`
	EventType     string      `json:"event_type"`
	SubEventType  string      `json:"sub_event_type"`
	Interaction   int         `json:"interaction,omitempty"`
	Actor1        *Actor      `json:"actor1"`
	Actor2        *Actor      `json:"actor2"`
	AssocActor1   []Actor     `json:"assoc_actor1"`
	AssocActor2   []Actor     `json:"assoc_actor2"`
	Location      *Location   `json:"location"`
	Date          string      `json:"date"`
	DatePrecision int         `json:"date_precision"`
	Fatalities    *Fatalities `json:"fatalities"`
	Modality      string      `json:"modality"`
	Evidence      []Span      `json:"evidence"`
	Pattern       string      `json:"pattern"`
	Confidence    float64     `json:"confidence"`
	// Credibility is the score of the article the event came from.
	Credibility *float64 `json:"credibility,omitempty"`
}

// Actor is who acted or was acted upon.
type Actor struct {
	Name    string `json:"name"`
	Text    string `json:"text"`
	Code    string `json:"code"`
	Type    int    `json:"type"`
	Country string `json:"country"`
	// Start and End locate Text in the article (runes), when known.
	Start int `json:"start,omitempty"`
	End   int `json:"end,omitempty"`
}

// Location is where an event happened.
type Location struct {
	Name         string  `json:"name"`
	Admin1       string  `json:"admin1"`
	Country      string  `json:"country"`
	Lat          float64 `json:"lat"`
	Lon          float64 `json:"lon"`
	GeoPrecision int     `json:"geo_precision"`
	GeonamesID   int     `json:"geonames_id"`
	Text         string  `json:"text,omitempty"`
	Start        int     `json:"start,omitempty"`
	End          int     `json:"end,omitempty"`
}

// Fatalities is a death toll following ACLED's rules.
type Fatalities struct {
	Best int    `json:"best"`
	Low  int    `json:"low"`
	High int    `json:"high"`
	Text string `json:"text"`
}

// Modalities of an event.
const (
	Asserted     = "asserted"
	Negated      = "negated"
	Hypothetical = "hypothetical"
	Future       = "future"
	Generic      = "generic"
)

// Credibility is how far to trust one article (spec §2).
type Credibility struct {
	Score        float64       `json:"score"`
	Label        string        `json:"label"`
	Techniques   []Technique   `json:"techniques"`
	Sourcing     Sourcing      `json:"sourcing"`
	Labels       []ActorLabels `json:"labels"`
	SourceRating *SourceRating `json:"source_rating"`
	Explanation  []string      `json:"explanation"`
}

// Technique is one propaganda technique found in the text.
type Technique struct {
	Technique  string  `json:"technique"`
	Start      int     `json:"start"`
	End        int     `json:"end"`
	Text       string  `json:"text"`
	Confidence float64 `json:"confidence"`
}

// Sourcing lists who the article cites.
type Sourcing struct {
	Attributions  []Span `json:"attributions"`
	Anonymous     []Span `json:"anonymous"`
	SelfCitations []Span `json:"self_citations"`
}

// ActorLabels counts the words used to name one actor.
type ActorLabels struct {
	Actor string         `json:"actor"`
	Terms map[string]int `json:"terms"`
}

// SourceRating is what the outlet registry knows of the outlet.
type SourceRating struct {
	Outlet      string `json:"outlet"`
	Domain      string `json:"domain"`
	Country     string `json:"country,omitempty"`
	Affiliation string `json:"affiliation,omitempty"`
	Reliability string `json:"reliability"` // e.g. high, mixed, low, unrated
	Reason      string `json:"reason"`
	Date        string `json:"date,omitempty"`
}

// Gold is one annotated article (spec §3).
type Gold struct {
	Article     Article         `json:"article"`
	Events      []GoldEvent     `json:"events"`
	Credibility GoldCredibility `json:"credibility"`
}

// GoldEvent is one annotated event.
type GoldEvent struct {
	ID           string        `json:"id"`
	Required     bool          `json:"required"`
	Note         string        `json:"note"`
	EventType    string        `json:"event_type"`
	SubEventType string        `json:"sub_event_type"`
	CAMEORoot    string        `json:"cameo_root"`
	PLOVER       string        `json:"plover"`
	Actor1       []string      `json:"actor1"`
	Actor2       []string      `json:"actor2"`
	Location     *GoldLocation `json:"location"`
	Date         *DateSpan     `json:"date"`
	Fatalities   *Range        `json:"fatalities"`
	Modality     string        `json:"modality"`
	Cluster      string        `json:"cluster,omitempty"`
}

// GoldLocation is an annotated place.
type GoldLocation struct {
	Names        []string `json:"names"`
	Admin1       string   `json:"admin1"`
	Country      string   `json:"country"`
	Lat          float64  `json:"lat"`
	Lon          float64  `json:"lon"`
	GeoPrecision int      `json:"geo_precision"`
}

// DateSpan is an inclusive span of days, YYYY-MM-DD.
type DateSpan struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// Range is an inclusive integer range.
type Range struct {
	Low  int `json:"low"`
	High int `json:"high"`
}

// GoldCredibility is the annotated credibility verdict of an article.
type GoldCredibility struct {
	Propaganda        bool     `json:"propaganda"`
	LoadedTerms       []string `json:"loaded_terms"`
	SelfCitation      bool     `json:"self_citation"`
	AnonymousSourcing bool     `json:"anonymous_sourcing"`
	Note              string   `json:"note,omitempty"`
}

// CAMEORoot returns the two-digit root of a CAMEO code ("195" → "19").
func CAMEORoot(code string) string {
	if len(code) < 2 {
		return code
	}
	return code[:2]
}
