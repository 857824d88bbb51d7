package httpapi

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/sitrep/sitrep/internal/store"
)

// Filter is the one set of event filters every view shares. Zero fields do
// not filter.
type Filter struct {
	// Bounding box, used when HasBox.
	HasBox                         bool
	MinLat, MaxLat, MinLon, MaxLon float64
	DayFrom, DayTo                 int // days since 1970-01-01, inclusive
	Country                        string
	EventType, SubEventType        string
	Actor                          string
	Modality                       string
	MinSources                     int
	// Text is a free-text query over article titles and text.
	Text string
}

// storeFilter is the part of f the store itself understands.
func (f Filter) storeFilter() store.EventFilter {
	return store.EventFilter{HasBox: f.HasBox, MinLat: f.MinLat, MaxLat: f.MaxLat, MinLon: f.MinLon, MaxLon: f.MaxLon,
		DayFrom: f.DayFrom, DayTo: f.DayTo, Country: f.Country, EventType: f.EventType, Actor: f.Actor, MinSources: f.MinSources}
}

// params reads and validates query parameters, collecting every error.
type params struct {
	v    url.Values
	errs []ParamError
}

func (p *params) fail(name, format string, args ...any) {
	p.errs = append(p.errs, ParamError{Param: name, Message: fmt.Sprintf(format, args...)})
}

func (p *params) str(name string, max int) string {
	s := strings.TrimSpace(p.v.Get(name))
	if len([]rune(s)) > max {
		p.fail(name, "longer than %d characters", max)
		return ""
	}
	return s
}

func (p *params) integer(name string, def, lo, hi int) int {
	s := p.v.Get(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		p.fail(name, "must be an integer from %d to %d", lo, hi)
		return def
	}
	return n
}

func (p *params) day(name string) int {
	s := p.v.Get(name)
	if s == "" {
		return 0
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		p.fail(name, "must be a date YYYY-MM-DD")
		return 0
	}
	return int(t.Unix() / 86400)
}

// filter reads the shared event filters.
func (p *params) filter() Filter {
	var f Filter
	if s := p.v.Get("bbox"); s != "" {
		parts := strings.Split(s, ",")
		var nums [4]float64
		ok := len(parts) == 4
		for i := 0; ok && i < 4; i++ {
			n, err := strconv.ParseFloat(strings.TrimSpace(parts[i]), 64)
			if err != nil {
				ok = false
			}
			nums[i] = n
		}
		if ok && (nums[0] < -180 || nums[2] > 180 || nums[1] < -90 || nums[3] > 90 || nums[0] > nums[2] || nums[1] > nums[3]) {
			ok = false
		}
		if !ok {
			p.fail("bbox", "must be min_lon,min_lat,max_lon,max_lat within -180..180 and -90..90")
		} else {
			f.HasBox, f.MinLon, f.MinLat, f.MaxLon, f.MaxLat = true, nums[0], nums[1], nums[2], nums[3]
		}
	}
	f.DayFrom = p.day("from")
	f.DayTo = p.day("to")
	if f.DayFrom != 0 && f.DayTo != 0 && f.DayFrom > f.DayTo {
		p.fail("to", "must not be before from")
	}
	f.Country = strings.ToUpper(p.str("country", 3))
	if f.Country != "" && len(f.Country) != 3 {
		p.fail("country", "must be an ISO 3166-1 alpha-3 code")
	}
	f.EventType = p.str("event_type", 100)
	f.SubEventType = p.str("sub_event_type", 100)
	f.Actor = p.str("actor", 200)
	f.Modality = p.str("modality", 20)
	switch f.Modality {
	case "", "asserted", "negated", "hypothetical", "future", "generic":
	default:
		p.fail("modality", "must be one of asserted, negated, hypothetical, future, generic")
	}
	f.MinSources = p.integer("min_sources", 0, 0, 1000)
	f.Text = p.str("q", 200)
	return f
}

// cursor decodes an opaque pagination cursor.
func (p *params) cursor() string {
	s := p.v.Get("cursor")
	if s == "" {
		return ""
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) > 1000 {
		p.fail("cursor", "is not a cursor this API returned")
		return ""
	}
	return string(b)
}

func encodeCursor(k string) string { return base64.RawURLEncoding.EncodeToString([]byte(k)) }

// ftsQuery turns free text into a full-text query of quoted words (all must
// occur), so that user input is never read as query syntax.
func ftsQuery(s string) string {
	var words []string
	for _, w := range strings.FieldsFunc(s, func(r rune) bool {
		return !(r == '-' || r == '\'' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 127)
	}) {
		words = append(words, `"`+strings.ReplaceAll(w, `"`, `""`)+`"`)
		if len(words) == 10 {
			break
		}
	}
	return strings.Join(words, " ")
}
