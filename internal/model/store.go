package model

// Cluster is one real-world event as reported by one or more articles: the
// events of the same kind, at the same or a nearby place, in overlapping date
// spans, with compatible actors, fused across articles (internal/fuse).
type Cluster struct {
	ID           string `json:"id"`
	EventType    string `json:"event_type"`
	SubEventType string `json:"sub_event_type"`
	CAMEO        string `json:"cameo"`
	PLOVER       string `json:"plover"`
	// Location is the most precise place any member gives.
	Location *Location `json:"location"`
	// DateFrom and DateTo span the members' dates, YYYY-MM-DD.
	DateFrom string `json:"date_from"`
	DateTo   string `json:"date_to"`
	// Actors are the distinct canonical actor names of the members.
	Actors  []string        `json:"actors"`
	Members []ClusterMember `json:"members"`
	// Sources are the distinct outlets that reported it.
	Sources []string `json:"sources"`
	// Origins counts independent origins: copies and rewrites of one report
	// (near-duplicate articles) count once.
	Origins int `json:"independent_sources"`
	// Fatalities across reports: low is the lowest figure any report gives,
	// high the highest, best the median of the independent reports' best
	// figures (the lower one of the middle two); nil when no report gives one.
	Fatalities *Fatalities `json:"fatalities"`
	// Corroboration is "single source", "corroborated" (2 independent
	// origins) or "well corroborated" (3 or more).
	Corroboration string `json:"corroboration"`
}

// ClusterMember is one event of a cluster.
type ClusterMember struct {
	ArticleID string `json:"article_id"`
	EventID   string `json:"event_id"`
	Source    string `json:"source"`
	// Origin is the article this one copies or rewrites (its own id when it
	// is an original report).
	Origin string `json:"origin"`
}

// Corroboration levels of a Cluster.
const (
	SingleSource     = "single source"
	Corroborated     = "corroborated"
	WellCorroborated = "well corroborated"
)
