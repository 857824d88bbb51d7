// Package credibility assesses how far to trust one article: propaganda
// technique spans, the labels used for each actor, who the article cites
// (named, anonymous, itself), what the outlet registry knows of the outlet,
// and a score from 0 (no sign of propaganda or poor sourcing) to 1 with a
// short label and the reasons, most important first, each pointing at
// evidence in the text.
//
// In: the tokenised article, its metadata and the actor mentions found by
// the pipeline. Out: a model.Credibility with every slice non-nil and every
// span in rune offsets into the article text. It never touches the network;
// its models and registry are embedded (data/credibility), plus the user's
// own outlet ratings file when present. An outlet missing from the registry
// is reported as unrated, never guessed.
package credibility

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"

	credibilitydata "github.com/sitrep/sitrep/data/credibility"
	"github.com/sitrep/sitrep/internal/credibility/outlets"
	"github.com/sitrep/sitrep/internal/credibility/techniques"
	"github.com/sitrep/sitrep/internal/model"
	"github.com/sitrep/sitrep/internal/text"
)

// ActorMention is an actor found in the text by the pipeline.
type ActorMention struct {
	Name string     // canonical actor name
	Span model.Span // the words in the text, e.g. "HTS terrorists"
	Head string     // folded head noun used for the actor ("terrorists", "rebels"), "" for a bare name
}

// Input is one article to assess.
type Input struct {
	Doc     *text.Doc
	Article model.Article
	Actors  []ActorMention
}

// Analyzer assesses articles. It is read-only after New and safe for
// concurrent use.
type Analyzer struct {
	tech     *techniques.Model // nil when no model is built in
	registry *outlets.Registry
}

// Config chooses the data of an Analyzer; zero fields take the defaults.
type Config struct {
	// Model is a gzip'd technique model; nil means the embedded one.
	Model []byte
	// RegistryFile is the user's outlet ratings file laid over the built-in
	// registry; "" means outlets.UserFile() (missing file: none).
	RegistryFile string
	// NoUserRegistry skips the user's ratings file.
	NoUserRegistry bool
}

// New loads the embedded technique model, the built-in outlet registry and
// the user's own ratings file (outlets.UserFile) when it exists.
func New() (*Analyzer, error) { return NewWith(Config{}) }

// NewWith builds an Analyzer from cfg.
func NewWith(cfg Config) (*Analyzer, error) {
	raw := cfg.Model
	if raw == nil {
		raw = credibilitydata.Techniques()
	}
	a := &Analyzer{}
	m, err := techniques.Load(raw)
	switch {
	case errors.Is(err, techniques.ErrNoModel):
	case err != nil:
		return nil, fmt.Errorf("credibility: %w", err)
	default:
		a.tech = m
	}
	builtin, err := outlets.ReadCSV(bytes.NewReader(credibilitydata.Outlets()))
	if err != nil {
		return nil, fmt.Errorf("credibility: built-in registry: %w", err)
	}
	a.registry = outlets.New(builtin)
	if !cfg.NoUserRegistry {
		path := cfg.RegistryFile
		if path == "" {
			if path, err = outlets.UserFile(); err != nil {
				path = ""
			}
		}
		if path != "" {
			user, err := outlets.ReadFile(path)
			if err != nil {
				return nil, fmt.Errorf("credibility: %w", err)
			}
			a.registry = a.registry.Merge(outlets.New(user))
		}
	}
	return a, nil
}

// Registry returns the outlet registry in use.
func (a *Analyzer) Registry() *outlets.Registry { return a.registry }

// Techniques returns the technique spans of doc (empty without a model).
func (a *Analyzer) Techniques(doc *text.Doc) []model.Technique {
	if a.tech == nil {
		return []model.Technique{}
	}
	return a.tech.Detect(doc)
}

// Attach sets the credibility of the article on each of its events.
func Attach(events []model.Event, c model.Credibility) {
	for i := range events {
		s := c.Score
		events[i].Credibility = &s
	}
}

// Quotes returns the spans of the article that are not the author's own
// voice: text inside quotation marks, and reported clauses of sentences that
// attribute what they say ("X said that ...", "according to X, ...").
func (a *Analyzer) Quotes(doc *text.Doc) []model.Span {
	f := flatten(doc)
	q, r := voice(f, findSourcing(f, nil))
	var out []model.Span
	i := 0
	for i < len(f.toks) {
		if !q[i] && !r[i] {
			i++
			continue
		}
		j := i + 1
		for j < len(f.toks) && (q[j] || r[j]) && f.sent[j] == f.sent[i] {
			j++
		}
		out = append(out, f.span(i, j))
		i = j
	}
	if out == nil {
		out = []model.Span{}
	}
	return out
}

// voice marks, per token, whether it is inside quotation marks and whether it
// belongs to a sentence that reports someone else's words.
func voice(f *flat, src model.Sourcing) (quoted, reported []bool) {
	n := len(f.toks)
	quoted = make([]bool, n)
	reported = make([]bool, n)
	in := false
	for i, t := range f.toks {
		switch t.Text {
		case "\"":
			in = !in
			quoted[i] = true
			continue
		case "\u201C", "\u00AB", "\u201E":
			in = true
			quoted[i] = true
			continue
		case "\u201D", "\u00BB":
			in = false
			quoted[i] = true
			continue
		}
		// A quotation may run over sentences, not over paragraphs.
		if in && i > 0 && f.sent[i] != f.sent[i-1] && strings.ContainsRune(f.doc.Slice(f.toks[i-1].End, t.Start), '\n') {
			in = false
		}
		quoted[i] = in
	}
	// Sentences with an attribution report someone else's words.
	attrSent := map[int]bool{}
	inAttr := make([]bool, n)
	for _, s := range src.Attributions {
		// Tokens are in text order: start at the first one that can be inside.
		first := sort.Search(len(f.toks), func(i int) bool { return f.toks[i].Start >= s.Start })
		for i := first; i < len(f.toks) && f.toks[i].Start < s.End; i++ {
			if f.toks[i].End <= s.End {
				attrSent[f.sent[i]] = true
				inAttr[i] = true
			}
		}
	}
	for i := range f.toks {
		reported[i] = attrSent[f.sent[i]] && !inAttr[i]
	}
	return quoted, reported
}

// signals are the facts the score rests on.
type signals struct {
	words          int
	techAuthor     float64 // confidence-weighted technique spans in the author's voice
	techAll        int
	techCount      map[string]int
	propMass       float64 // mean probability of author-voice words being in a propaganda span
	pejAuthor      float64 // pejorative labels: author voice 1, reported 0.5, quoted 0.25
	posAuthor      float64
	pejTargets     map[string]int
	firstPerson    int // "we", "our", "I" in the author's voice
	figures        int // numbers in the author's voice: concrete, checkable detail
	questions      int // questions in the author's voice
	anonymous      int
	named          int
	self           int
	rating         string
	opinionDensity float64
}

// Analyze assesses one article. Every slice of the result is non-nil.
func (a *Analyzer) Analyze(in Input) model.Credibility {
	doc := in.Doc
	if doc == nil {
		doc = text.Parse(in.Article.Text)
	}
	out := model.Credibility{Techniques: []model.Technique{}, Labels: []model.ActorLabels{}, Explanation: []string{},
		Sourcing: model.Sourcing{Attributions: []model.Span{}, Anonymous: []model.Span{}, SelfCitations: []model.Span{}}}
	f := flatten(doc)

	// Outlet.
	var self []string
	source := in.Article.Source
	if source == "" {
		source = in.Article.URL
	}
	if source != "" {
		if o, ok := a.registry.Lookup(source); ok {
			self = o.Names()
			dom := outlets.Domain(source)
			if len(o.Domains) > 0 && !strings.Contains(dom, ".") {
				dom = o.Domains[0]
			}
			out.SourceRating = &model.SourceRating{Outlet: o.Name, Domain: dom, Country: o.Country,
				Affiliation: o.Affiliation, Reliability: o.Reliability, Reason: o.Reason, Date: o.Date}
		} else {
			out.SourceRating = &model.SourceRating{Outlet: source, Domain: outlets.Domain(source),
				Reliability: outlets.Unrated, Reason: "not in the outlet registry"}
			if !strings.Contains(source, ".") {
				self = []string{source}
			} else {
				self = namesFromDomain(f, source)
			}
		}
	}

	out.Sourcing = findSourcing(f, self)
	quoted, reported := voice(f, out.Sourcing)
	tokIdx := func(start int) int {
		k := sort.Search(len(f.toks), func(i int) bool { return f.toks[i].End > start })
		if k >= len(f.toks) {
			return len(f.toks) - 1
		}
		return k
	}

	sg := signals{techCount: map[string]int{}, pejTargets: map[string]int{}, rating: outlets.Unrated}
	if out.SourceRating != nil {
		sg.rating = out.SourceRating.Reliability
	}
	for _, t := range f.toks {
		if !isPunct(t.Norm) {
			sg.words++
		}
	}
	if a.tech != nil && len(f.toks) > 0 {
		var probs []float64
		out.Techniques, probs = a.tech.DetectProbs(doc)
		var wsum float64
		for i, p := range probs {
			if i >= len(f.toks) || isPunct(f.toks[i].Norm) {
				continue
			}
			w := 1.0
			if quoted[i] {
				w = 0.25
			} else if reported[i] {
				w = 0.6
			}
			sg.propMass += w * p
			wsum += w
		}
		if wsum > 0 {
			sg.propMass /= wsum
		}
		for _, t := range out.Techniques {
			sg.techAll++
			sg.techCount[t.Technique]++
			k := tokIdx(t.Start)
			w := 1.0
			if quoted[k] {
				w = 0.25
			} else if reported[k] {
				w = 0.6
			}
			sg.techAuthor += w * math.Min(1, t.Confidence*2)
		}
	}

	labels := findLabels(f, in.Actors, quoted)
	out.Labels = actorLabels(labels)
	for _, m := range labels {
		w := 1.0
		if m.quoted {
			w = 0.25
		} else if reported[m.i] {
			w = 0.5
		}
		switch m.tone {
		case tonePejorative:
			sg.pejAuthor += w * severity(m.term)
			sg.pejTargets[m.actor]++
		case tonePositive:
			if w == 1 {
				sg.posAuthor++
			}
		}
	}
	for i, t := range f.toks {
		if quoted[i] || reported[i] {
			continue
		}
		switch t.Norm {
		case "we", "our", "us", "i", "my", "me":
			sg.firstPerson++
		case "?":
			sg.questions++
		case "dozens", "scores", "hundreds", "thousands", "tens":
			sg.figures++
		default:
			if r := t.Norm[0]; r >= '0' && r <= '9' {
				sg.figures++
			}
		}
	}
	sg.anonymous = len(out.Sourcing.Anonymous)
	sg.self = len(out.Sourcing.SelfCitations)
	sg.named = len(out.Sourcing.Attributions)

	out.Score, out.Label, out.Explanation = score(sg, out, labels, f)
	return out
}

// reason is one explanation line with its weight in the score.
type reason struct {
	weight float64
	text   string
}

// score combines the signals into a 0..1 score (a logistic function of
// weighted signals, set by hand on general grounds: technique density,
// pejorative labels in the author's voice, opinion markers, sourcing and the
// outlet's record), a label and the reasons.
func score(sg signals, c model.Credibility, labels []labelMatch, f *flat) (float64, string, []string) {
	per100 := 100 / math.Max(float64(sg.words), 50)
	var rs []reason
	z := -3.2

	// The technique model's mean probability over the author's words: about
	// 0.05 for a neutral wire report, 0.2 and more for advocacy.
	techD := sg.techAuthor * per100
	wt := math.Max(-1, math.Min(3, 20*(sg.propMass-0.06)))
	z += wt
	if sg.techAll > 0 {
		top := topKeys(sg.techCount, 2)
		ex := c.Techniques[0]
		for _, t := range c.Techniques {
			if t.Confidence > ex.Confidence {
				ex = t
			}
		}
		rs = append(rs, reason{wt, fmt.Sprintf("%d propaganda technique spans (%.1f per 100 words in the author's voice; mean propaganda probability of its words %.2f), mostly %s; e.g. %s %q at %d-%d",
			sg.techAll, techD, sg.propMass, strings.Join(top, " and "), ex.Technique, clip(ex.Text, 60), ex.Start, ex.End)})
	}

	pejD := sg.pejAuthor * per100
	wp := 1.6*math.Min(pejD, 2.5) + 0.15*math.Min(sg.pejAuthor, 8)
	if sg.posAuthor > 0 && sg.pejAuthor > 0 {
		// One side praised, the other vilified.
		wp += 0.5
	}
	z += wp
	if sg.pejAuthor > 0 {
		var ex labelMatch
		for _, m := range labels {
			if m.tone == tonePejorative && !m.quoted {
				ex = m
				break
			}
		}
		target := topKeys(sg.pejTargets, 1)
		txt := fmt.Sprintf("pejorative labels for actors: %.0f in the author's voice (reported words count half, quotes a quarter), mostly for %s", sg.pejAuthor, strings.Join(target, ""))
		if ex.term != "" {
			s := f.span(ex.i, ex.j)
			txt += fmt.Sprintf("; e.g. %q at %d-%d", s.Text, s.Start, s.End)
		}
		if sg.posAuthor > 0 {
			txt += fmt.Sprintf("; the other side is praised (%.0f approving labels)", sg.posAuthor)
		}
		rs = append(rs, reason{wp, txt})
	}

	op := 0.12*math.Min(float64(sg.firstPerson), 6) + 0.35*math.Min(float64(sg.questions), 3)
	z += op
	if op > 0 {
		rs = append(rs, reason{op, fmt.Sprintf("opinion voice: %d first-person words and %d questions outside quotes", sg.firstPerson, sg.questions)})
	}

	if sg.anonymous > 0 {
		w := 0.2
		if sg.named <= sg.anonymous {
			w = 0.4
		}
		z += w
		s := c.Sourcing.Anonymous[0]
		rs = append(rs, reason{w, fmt.Sprintf("%d unnamed sources, e.g. %q at %d-%d", sg.anonymous, clip(s.Text, 50), s.Start, s.End)})
	}
	if sg.self > 0 {
		z += 0.15
		s := c.Sourcing.SelfCitations[0]
		rs = append(rs, reason{0.15, fmt.Sprintf("the outlet cites itself %d times, e.g. %q at %d-%d", sg.self, clip(s.Text, 50), s.Start, s.End)})
	}
	if c.SourceRating != nil {
		sr := c.SourceRating
		var w float64
		switch sr.Reliability {
		case outlets.Low:
			w = 1.0
		case outlets.High:
			w = -0.5
		}
		z += w
		txt := fmt.Sprintf("outlet %s is rated %s", sr.Outlet, sr.Reliability)
		if sr.Reason != "" {
			txt += ": " + sr.Reason
		}
		if sr.Date != "" {
			txt += " (" + sr.Date + ")"
		}
		rs = append(rs, reason{math.Abs(w), txt})
	}
	if sg.figures > 0 {
		w := 0.08 * math.Min(float64(sg.figures), 7)
		z -= w
		rs = append(rs, reason{w, fmt.Sprintf("concrete detail: %d figures in the author's voice (lowers the score)", sg.figures)})
	}
	if sg.named > 0 && sg.anonymous == 0 {
		rs = append(rs, reason{0.01, fmt.Sprintf("%d attributed statements, none to unnamed sources", sg.named)})
	}
	s := 1 / (1 + math.Exp(-z))
	s = math.Round(s*1000) / 1000
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].weight > rs[j].weight })
	expl := make([]string, 0, len(rs))
	for _, r := range rs {
		expl = append(expl, r.text)
	}
	return s, makeLabel(s, sg, wp, wt, op), expl
}

func makeLabel(s float64, sg signals, wp, wt, op float64) string {
	var parts []string
	if s >= 0.5 {
		switch {
		case wp >= wt && wp >= op:
			parts = append(parts, "one-sided")
		case op > wt:
			parts = append(parts, "opinion")
		default:
			parts = append(parts, "propagandistic")
		}
	} else if s >= 0.3 {
		parts = append(parts, "some loaded language")
	} else {
		parts = append(parts, "neutral")
	}
	if sg.self > 0 {
		parts = append(parts, "self-sourced")
	}
	if sg.anonymous > 0 {
		parts = append(parts, "anonymous sources")
	}
	if sg.rating == outlets.Low {
		parts = append(parts, "low-rated outlet")
	}
	return strings.Join(parts, ", ")
}

func topKeys(m map[string]int, n int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	if len(keys) > n {
		keys = keys[:n]
	}
	return keys
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
