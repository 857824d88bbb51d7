package fuse

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/sitrep/sitrep/internal/model"
	"github.com/sitrep/sitrep/internal/store"
)

// Distances (km) within which two events' places are the same place.
const (
	sameKM = 5.0   // two towns of different names: one place only this close
	nearKM = 25.0  // one is "near a town" (geo_precision 2)
	wideKM = 100.0 // one is a region (geo_precision 3)
	// slackDays widens date spans on each side when comparing them.
	slackDays = 1
	// undatedDays is how far before publication an undated event may lie.
	undatedDays = 3
)

// Result says what Add did with one article.
type Result struct {
	Origin   string   // the article's origin (its own id when original)
	Events   int      // events stored
	Clusters []string // clusters created or changed
	New      int      // of which created by this article
}

// Fuser links near-duplicates and clusters events. It holds no state of its
// own: everything it knows is in the store, so it is safe to use from one
// writer at a time (store.Store.Update serialises writers).
type Fuser struct{}

// New returns a Fuser.
func New() *Fuser { return &Fuser{} }

// Prepare fills in the fingerprints of an article (Hash, Signature, Bands)
// when they are missing. It is pure and may run on any goroutine.
func Prepare(a *store.Article) {
	if a.Hash == "" {
		a.Hash = ContentHash(a.Text)
	}
	if a.Signature == nil {
		a.Signature = Fingerprint(a.Text)
	}
	if a.Bands == nil {
		a.Bands = FingerprintBands(a.Signature)
	}
}

// Add stores an analysed article inside tx: it links the article to the
// origin of its nearest near-duplicate, stores it with its events, assigns
// every clusterable event to the best compatible stored cluster (or a new
// one) and re-summarises the clusters that changed.
func (f *Fuser) Add(ctx context.Context, tx store.Tx, a store.Article) (Result, error) {
	Prepare(&a)
	if a.Origin == "" || a.Origin == a.ID {
		a.Origin = a.ID
		similar, err := tx.SimilarArticles(ctx, a.Bands)
		if err != nil {
			return Result{}, err
		}
		lang := language(a)
		best := 0.0
		for _, k := range similar {
			if k.ID == a.ID || k.Origin == a.ID {
				continue
			}
			s := Similarity(textPart(a.Signature), textPart(k.Signature))
			if s < NearDuplicate && cmp.Or(k.Language, "en") != lang {
				// A translation: few shared words, shared names and numbers.
				if n := Similarity(namePart(a.Signature), namePart(k.Signature)); n >= NearTranslation {
					s = n
				}
			}
			if s >= min(NearDuplicate, NearTranslation) && s > best {
				best = s
				a.Origin = cmp.Or(k.Origin, k.ID)
			}
		}
	}
	stale, err := tx.PutArticle(ctx, a)
	if err != nil {
		return Result{}, err
	}
	res := Result{Origin: a.Origin}
	touched := map[string]bool{}
	for _, id := range stale {
		touched[id] = true
	}
	// The article's own events already placed, by cluster: PutArticle
	// removed its older events, so these are the only ones of this article
	// in any cluster.
	own := map[string][]store.Event{}
	for _, ev := range a.Analysis.Events {
		e := StoreEvent(a, ev)
		if Clusterable(e) {
			id, created, err := f.assign(ctx, tx, e, own)
			if err != nil {
				return Result{}, err
			}
			e.ClusterID = id
			own[id] = append(own[id], e)
			touched[id] = true
			if created {
				res.New++
			}
		}
		if err := tx.PutEvents(ctx, []store.Event{e}); err != nil {
			return Result{}, err
		}
		res.Events++
	}
	for _, id := range slices.Sorted(maps.Keys(touched)) {
		members, err := tx.ClusterEvents(ctx, id)
		if err != nil {
			return Result{}, err
		}
		if len(members) == 0 {
			if err := tx.DeleteCluster(ctx, id); err != nil {
				return Result{}, err
			}
			continue
		}
		if err := tx.PutCluster(ctx, Summarize(id, members)); err != nil {
			return Result{}, err
		}
		res.Clusters = append(res.Clusters, id)
	}
	return res, nil
}

// assign returns the cluster for e: the best compatible stored one, else a
// new id derived from e.
func (f *Fuser) assign(ctx context.Context, tx store.Tx, e store.Event, own map[string][]store.Event) (string, bool, error) {
	flt := store.EventFilter{Kind: e.Kind, DayFrom: e.DayFrom - slackDays, DayTo: e.DayTo + slackDays}
	if lat, lon, ok := point(e.Event); ok {
		dLat := wideKM / 111.0
		dLon := wideKM / (111.0 * math.Max(math.Cos(lat*math.Pi/180), 0.05))
		flt.HasBox = true
		flt.MinLat, flt.MaxLat, flt.MinLon, flt.MaxLon = lat-dLat, lat+dLat, lon-dLon, lon+dLon
	} else if e.Event.Location != nil && e.Event.Location.Country != "" {
		flt.Country = e.Event.Location.Country
	}
	cands, err := tx.Candidates(ctx, flt)
	if err != nil {
		return "", false, fmt.Errorf("cluster candidates: %w", err)
	}
	scores := map[string]float64{}
	for _, c := range cands {
		if c.ArticleID == e.ArticleID && c.Event.ID == e.Event.ID {
			continue
		}
		if s, ok := Compatible(e, c); ok && s > scores[c.ClusterID] {
			scores[c.ClusterID] = s
		}
	}
	ids := slices.Collect(maps.Keys(scores))
	slices.SortFunc(ids, func(a, b string) int { return cmp.Or(cmp.Compare(scores[b], scores[a]), cmp.Compare(a, b)) })
	// One article tells distinct events at distinct places: a cluster that
	// holds an event of the same article somewhere else is not this
	// event's. (Two events of one article at one place, one day, are one
	// event coded twice.)
	for _, id := range ids {
		if !slices.ContainsFunc(own[id], func(m store.Event) bool {
			_, same, _ := places(m.Event.Location, e.Event.Location)
			return !same
		}) {
			return id, false, nil
		}
	}
	return ClusterID(e), true, nil
}

// ClusterID is the id of a cluster founded by event e.
func ClusterID(e store.Event) string {
	h := sha256.Sum256([]byte(e.ArticleID + "\x00" + e.Event.ID))
	return "c-" + hex.EncodeToString(h[:8])
}

// StoreEvent makes the stored form of an event of article a.
func StoreEvent(a store.Article, ev model.Event) store.Event {
	from, to := Span(ev.Date, a.Published)
	return store.Event{
		ArticleID: a.ID, Source: a.Source, Origin: cmp.Or(a.Origin, a.ID), Published: a.Published,
		Kind: Kind(ev), DayFrom: from, DayTo: to, Event: ev,
	}
}

// Kind is the fusion key of an event: its ACLED event type, else
// "cameo:" and its CAMEO root.
func Kind(ev model.Event) string {
	if ev.EventType != "" {
		return ev.EventType
	}
	if r := model.CAMEORoot(ev.CAMEO); r != "" {
		return "cameo:" + r
	}
	return ""
}

// Span returns the day span of an event date (YYYY-MM-DD, YYYY-MM or
// YYYY); an undated event lies in the few days before publication. Both
// are 0 when neither date is known.
func Span(date, published string) (from, to int) {
	if len(published) > 10 {
		published = published[:10]
	}
	switch len(date) {
	case 10:
		if d := store.Day(date); d != 0 {
			return d, d
		}
	case 7:
		if t, err := time.Parse("2006-01", date); err == nil {
			d := int(t.Unix() / 86400)
			return d, int(t.AddDate(0, 1, -1).Unix() / 86400)
		}
	case 4:
		if t, err := time.Parse("2006", date); err == nil {
			d := int(t.Unix() / 86400)
			return d, int(t.AddDate(1, 0, -1).Unix() / 86400)
		}
	}
	if p := store.Day(published); p != 0 {
		return p - undatedDays, p
	}
	return 0, 0
}

// Clusterable says whether an event is a real-world occurrence that other
// reports may tell: asserted, of a known kind, with a date span, and an
// event on the ground rather than talk.
func Clusterable(e store.Event) bool {
	m := e.Event.Modality
	if m != "" && m != model.Asserted {
		return false
	}
	if e.Kind == "" || e.DayFrom == 0 {
		return false
	}
	if e.Event.EventType != "" {
		return true
	}
	// Without an ACLED type, only material conflict is an event on the
	// ground: protest, force posture, coercion, assault, fighting, mass
	// violence (CAMEO 14, 15, 17–20). Statements, appeals, talks and the
	// like are not fused.
	switch model.CAMEORoot(e.Event.CAMEO) {
	case "14", "15", "17", "18", "19", "20":
		return true
	}
	return false
}

func point(ev model.Event) (lat, lon float64, ok bool) {
	if l := ev.Location; l != nil && (l.Lat != 0 || l.Lon != 0) {
		return l.Lat, l.Lon, true
	}
	return 0, 0, false
}

// Compatible says whether two events of the same kind may be the same
// real-world event, and how alike they are (higher is closer): their places
// are the same or nearby, their date spans overlap, and their actors do not
// contradict each other.
func Compatible(a, b store.Event) (float64, bool) {
	if a.Kind != b.Kind {
		return 0, false
	}
	if a.DayFrom > b.DayTo+slackDays || b.DayFrom > a.DayTo+slackDays {
		return 0, false
	}
	placeScore, samePlace, ok := places(a.Event.Location, b.Event.Location)
	if !ok {
		return 0, false
	}
	actorScore, ok := actors(a.Event, b.Event)
	if !ok && !samePlace {
		return 0, false
	}
	if placeScore == 0 && actorScore == 0 {
		// Nothing ties them together but kind and date.
		return 0, false
	}
	// Closer dates score higher: 1 for the same day, less for wide spans.
	overlap := min(a.DayTo, b.DayTo) - max(a.DayFrom, b.DayFrom) + 1
	width := max(a.DayTo, b.DayTo) - min(a.DayFrom, b.DayFrom) + 1
	dateScore := math.Max(float64(overlap), 0.5) / float64(width)
	return placeScore + dateScore + actorScore, true
}

// places compares two places: a score, whether they are certainly the same
// place, and whether they may be.
func places(a, b *model.Location) (score float64, same, ok bool) {
	if a == nil || b == nil {
		return 0, false, true
	}
	if a.Country != "" && b.Country != "" && a.Country != b.Country {
		return 0, false, false
	}
	if na, nb := normPlace(a.Name), normPlace(b.Name); na != "" && na == nb {
		return 2, true, true
	}
	if (a.Lat != 0 || a.Lon != 0) && (b.Lat != 0 || b.Lon != 0) {
		d := distanceKM(a.Lat, a.Lon, b.Lat, b.Lon)
		limit := sameKM
		if a.GeoPrecision >= 3 || b.GeoPrecision >= 3 {
			limit = wideKM
		} else if a.GeoPrecision == 2 || b.GeoPrecision == 2 {
			limit = nearKM
		}
		if d > limit {
			return 0, false, false
		}
		return 2 * (1 - d/limit), d <= sameKM, true
	}
	if a.Admin1 != "" && normPlace(a.Admin1) == normPlace(b.Admin1) {
		return 0.5, false, true
	}
	return 0, false, a.Country != "" && a.Country == b.Country
}

// actors compares the actors of two events: a score for shared actors, and
// false when both name actors and none is shared.
func actors(a, b model.Event) (float64, bool) {
	var bufA, bufB [8]actorKey
	ka, kb := actorKeys(a, bufA[:0]), actorKeys(b, bufB[:0])
	if len(ka) == 0 || len(kb) == 0 {
		return 0, true
	}
	for _, k := range ka {
		if slices.Contains(kb, k) {
			return 0.5, true
		}
	}
	return 0, false
}

// actorKey is a folded actor name, or the first six characters of an
// actor code.
type actorKey struct {
	code bool
	s    string
}

// actorKeys appends the distinct keys of an event's actors to keys.
func actorKeys(e model.Event, keys []actorKey) []actorKey {
	add := func(x *model.Actor) {
		if x == nil {
			return
		}
		if n := normPlace(x.Name); n != "" && !slices.Contains(keys, actorKey{false, n}) {
			keys = append(keys, actorKey{false, n})
		}
		if len(x.Code) >= 6 && !slices.Contains(keys, actorKey{true, x.Code[:6]}) {
			keys = append(keys, actorKey{true, x.Code[:6]})
		}
	}
	add(e.Actor1)
	add(e.Actor2)
	for i := range e.AssocActor1 {
		add(&e.AssocActor1[i])
	}
	for i := range e.AssocActor2 {
		add(&e.AssocActor2[i])
	}
	return keys
}

// normPlace folds a name for comparison: lower case, letters and digits
// only, without a leading Arabic article. Fusion compares the same few
// names over and over, so the results are kept (normCache).
func normPlace(s string) string {
	if s == "" {
		return ""
	}
	normCache.Lock()
	n, ok := normCache.m[s]
	normCache.Unlock()
	if ok {
		return n
	}
	ws := words(s)
	if len(ws) > 1 {
		switch ws[0] {
		case "al", "el", "ash", "an", "ad", "ar", "as", "at", "az":
			ws = ws[1:]
		}
	}
	n = strings.Join(ws, " ")
	normCache.Lock()
	if normCache.m == nil || len(normCache.m) >= maxNormCache {
		normCache.m = make(map[string]string, 256)
	}
	normCache.m[s] = n
	normCache.Unlock()
	return n
}

// normCache holds normPlace's results, up to maxNormCache names (then it
// starts again).
var normCache struct {
	sync.Mutex
	m map[string]string
}

const maxNormCache = 1 << 14

func distanceKM(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0
	rad := math.Pi / 180
	dLat := (lat2 - lat1) * rad
	dLon := (lon2 - lon1) * rad
	h := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(h)))
}

// Summarize builds a cluster from its member events.
func Summarize(id string, members []store.Event) model.Cluster {
	c := model.Cluster{ID: id, Actors: []string{}, Members: []model.ClusterMember{}, Sources: []string{}}
	types, subs, cameos, plovers, actorCount := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
	origins := map[string]bool{}
	sources := map[string]bool{}
	bestByOrigin := map[string]int{}
	from, to := 0, 0
	ufrom, uto := 0, 0
	var loc *model.Location
	low, high, haveFat := math.MaxInt, 0, false
	for i, m := range members {
		ev := m.Event
		c.Members = append(c.Members, model.ClusterMember{ArticleID: m.ArticleID, EventID: ev.ID, Source: m.Source, Origin: cmp.Or(m.Origin, m.ArticleID)})
		types[ev.EventType]++
		subs[ev.SubEventType]++
		cameos[ev.CAMEO]++
		plovers[ev.PLOVER]++
		for _, a := range []*model.Actor{ev.Actor1, ev.Actor2} {
			if a != nil && a.Name != "" {
				actorCount[a.Name]++
			}
		}
		o := cmp.Or(m.Origin, m.ArticleID)
		origins[o] = true
		if m.Source != "" {
			sources[m.Source] = true
		}
		if i == 0 {
			from, to, ufrom, uto = m.DayFrom, m.DayTo, m.DayFrom, m.DayTo
		} else {
			from, to = max(from, m.DayFrom), min(to, m.DayTo)
			ufrom, uto = min(ufrom, m.DayFrom), max(uto, m.DayTo)
		}
		if l := ev.Location; l != nil && betterPlace(l, loc) {
			loc = l
		}
		if fat := ev.Fatalities; fat != nil {
			haveFat = true
			low = min(low, fat.Low, fat.Best)
			high = max(high, fat.High, fat.Best)
			if b, ok := bestByOrigin[o]; !ok || fat.Best > b {
				bestByOrigin[o] = fat.Best
			}
		}
	}
	if from > to { // the members' spans do not all meet: keep their union
		from, to = ufrom, uto
	}
	c.EventType, c.SubEventType = top(types), top(subs)
	c.CAMEO, c.PLOVER = top(cameos), top(plovers)
	if loc != nil {
		l := *loc
		l.Text, l.Start, l.End = "", 0, 0
		c.Location = &l
	}
	c.DateFrom, c.DateTo = store.Date(from), store.Date(to)
	c.Actors = byCount(actorCount)
	c.Sources = slices.Sorted(maps.Keys(sources))
	if c.Sources == nil {
		c.Sources = []string{}
	}
	c.Origins = len(origins)
	if haveFat {
		bests := make([]int, 0, len(bestByOrigin))
		for _, b := range bestByOrigin {
			bests = append(bests, b)
		}
		slices.Sort(bests)
		c.Fatalities = &model.Fatalities{Low: low, High: high, Best: bests[(len(bests)-1)/2]}
	}
	switch {
	case c.Origins >= 3:
		c.Corroboration = model.WellCorroborated
	case c.Origins == 2:
		c.Corroboration = model.Corroborated
	default:
		c.Corroboration = model.SingleSource
	}
	slices.SortFunc(c.Members, func(a, b model.ClusterMember) int {
		return cmp.Or(cmp.Compare(a.ArticleID, b.ArticleID), cmp.Compare(a.EventID, b.EventID))
	})
	return c
}

// betterPlace says whether l is a more precise place than cur.
func betterPlace(l, cur *model.Location) bool {
	if cur == nil {
		return true
	}
	hasL, hasC := l.Lat != 0 || l.Lon != 0, cur.Lat != 0 || cur.Lon != 0
	if hasL != hasC {
		return hasL
	}
	pl, pc := l.GeoPrecision, cur.GeoPrecision
	if pl == 0 {
		pl = 9
	}
	if pc == 0 {
		pc = 9
	}
	return pl < pc
}

// top returns the most frequent non-empty key (ties: the smallest).
func top(m map[string]int) string {
	best, n := "", 0
	for k, c := range m {
		if k == "" {
			continue
		}
		if c > n || (c == n && k < best) {
			best, n = k, c
		}
	}
	return best
}

// byCount returns the keys by falling count, then name.
func byCount(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.SortFunc(out, func(a, b string) int { return cmp.Or(cmp.Compare(m[b], m[a]), cmp.Compare(a, b)) })
	return out
}

// language is the article's language, English when unknown (as the
// pipeline assumes).
func language(a store.Article) string {
	return cmp.Or(a.Language, a.Analysis.Language, "en")
}
