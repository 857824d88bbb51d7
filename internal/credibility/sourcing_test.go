package credibility

import (
	"reflect"
	"testing"

	"github.com/sitrep/sitrep/internal/model"
	"github.com/sitrep/sitrep/internal/text"
)

func texts(sp []model.Span) []string {
	out := []string{}
	for _, s := range sp {
		out = append(out, s.Text)
	}
	return out
}

func TestSourcing(t *testing.T) {
	tests := []struct {
		name     string
		text     string
		self     []string
		anon     []string
		selfCite []string
		attrs    int // at least this many attributions
	}{
		{name: "according to", text: "Ten people died, according to medical sources.", anon: []string{"medical sources"}, attrs: 1},
		{name: "named source", text: "The governor, Ali Hassan, said the road was closed.", anon: []string{}, attrs: 1},
		{name: "witnesses", text: "Witnesses said the troops fired into the crowd.", anon: []string{"Witnesses"}, attrs: 1},
		{name: "residents", text: "Residents said more than 100 people were killed.", anon: []string{"Residents"}, attrs: 1},
		{name: "local man", text: "A local man told DVB that a jet bombed the office.", self: []string{"Democratic Voice of Burma", "DVB"}, anon: []string{"A local man"}, selfCite: []string{}, attrs: 1},
		{name: "leaked footage", text: "Leaked footage reveals the group shared coordinates.", anon: []string{"Leaked footage"}},
		{name: "activists", text: "The strikes hit a market, activists said.", anon: []string{"activists"}, attrs: 1},
		{name: "anonymity", text: "The officer spoke on condition of anonymity.", anon: []string{"on condition of anonymity"}},
		{name: "source of", text: "The source of the fire is unknown.", anon: []string{}},
		{name: "self reported", text: "SMM Syria has already reported it.", self: []string{"SMM Syria"}, selfCite: []string{"SMM Syria has already reported"}},
		{name: "we in the", text: "We in the SOHR condemn the massacre.", self: []string{"Syrian Observatory for Human Rights", "SOHR"}, selfCite: []string{"We in the SOHR"}},
		{name: "we reported", text: "As we reported last week, the road was cut.", selfCite: []string{"we reported"}},
		{name: "our correspondent", text: "Residents told our correspondent that gunmen came. As our channel has reported, drones fly daily.", selfCite: []string{"our correspondent", "our channel"}},
		{name: "our fighters", text: "Our fighters returned to base.", selfCite: []string{}},
		{name: "other outlet", text: "Speaking to SANA, the source said the army advanced.", self: []string{"Muraselon"}, anon: []string{"the source"}, selfCite: []string{}, attrs: 2},
		{name: "dateline", text: "GENEVA (Reuters) - Jets bombed the springs, U.N. investigators said on Tuesday.", self: []string{"Reuters"}, anon: []string{}, selfCite: []string{}, attrs: 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := flatten(text.Parse(tc.text))
			got := findSourcing(f, tc.self)
			if tc.anon != nil && !reflect.DeepEqual(texts(got.Anonymous), tc.anon) {
				t.Errorf("anonymous = %q, want %q", texts(got.Anonymous), tc.anon)
			}
			if tc.selfCite != nil && !reflect.DeepEqual(texts(got.SelfCitations), tc.selfCite) {
				t.Errorf("self-citations = %q, want %q", texts(got.SelfCitations), tc.selfCite)
			}
			if len(got.Attributions) < tc.attrs {
				t.Errorf("attributions = %q, want at least %d", texts(got.Attributions), tc.attrs)
			}
			for _, s := range append(append(got.Attributions, got.Anonymous...), got.SelfCitations...) {
				if r := []rune(tc.text); string(r[s.Start:s.End]) != s.Text {
					t.Errorf("span %+v does not match the text at its offsets", s)
				}
			}
		})
	}
}

func TestLabels(t *testing.T) {
	tests := []struct {
		name   string
		text   string
		actors []ActorMention
		want   map[string]map[string]int
	}{
		{
			name: "name before term",
			text: "HTS terrorists attacked the village. Later the terrorists withdrew. Rebels of the FSA stayed.",
			want: map[string]map[string]int{"HTS": {"terrorists": 2}, unattributed: {"rebels": 1}},
		},
		{
			name:   "mention from the pipeline",
			text:   "Jaish al-Islam terrorists shelled Damascus.",
			actors: []ActorMention{{Name: "Jaish al-Islam", Span: model.Span{Start: 0, End: 14, Text: "Jaish al-Islam"}}},
			want:   map[string]map[string]int{"Jaish al-Islam": {"terrorists": 1}},
		},
		{
			name: "generic mention from the pipeline",
			text: "HTS terrorists attacked. The terrorists withdrew.",
			actors: []ActorMention{
				{Name: "Hayat Tahrir al-Sham", Span: model.Span{Start: 0, End: 14, Text: "HTS terrorists"}, Head: "terrorists"},
				{Name: "Rebels", Span: model.Span{Start: 29, End: 39, Text: "terrorists"}, Head: "terrorists"},
			},
			want: map[string]map[string]int{"Hayat Tahrir al-Sham": {"terrorists": 2}},
		},
		{
			name: "regime in",
			text: "The regime in Riyadh pressed on with its campaign.",
			want: map[string]map[string]int{"Riyadh": {"regime": 1}},
		},
		{
			name: "quoted",
			text: `The army called the PDF a "terrorist group" on Tuesday.`,
			want: map[string]map[string]int{unattributed: {"terrorist group (quoted)": 1}},
		},
		{
			name: "regime change is not a label",
			text: "They called for regime change.",
			want: map[string]map[string]int{},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := text.Parse(tc.text)
			f := flatten(doc)
			q, _ := voice(f, findSourcing(f, nil))
			got := map[string]map[string]int{}
			for _, l := range actorLabels(findLabels(f, tc.actors, q)) {
				got[l.Actor] = l.Terms
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("labels = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestAnalyzeEmpty(t *testing.T) {
	a, err := NewWith(Config{NoUserRegistry: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range []Input{{}, {Article: model.Article{Text: "", Source: "unknown.example"}}} {
		c := a.Analyze(in)
		if c.Techniques == nil || c.Labels == nil || c.Explanation == nil || c.Sourcing.Attributions == nil ||
			c.Sourcing.Anonymous == nil || c.Sourcing.SelfCitations == nil {
			t.Errorf("Analyze(%+v) has a nil slice: %+v", in, c)
		}
	}
	c := a.Analyze(Input{Article: model.Article{Text: "Shelling hit the town.", Source: "unknown.example"}})
	if c.SourceRating == nil || c.SourceRating.Reliability != "unrated" {
		t.Errorf("unknown outlet rating = %+v, want unrated", c.SourceRating)
	}
}

// BenchmarkAnalyze runs the credibility stage over the gold dev articles
// (real-length conflict reports) and reports ns/article. The tokenisation is
// done beforehand, as in the pipeline.
func BenchmarkAnalyze(b *testing.B) {
	golds := readGold(b)
	a, err := NewWith(Config{NoUserRegistry: true})
	if err != nil {
		b.Fatal(err)
	}
	docs := make([]*text.Doc, len(golds))
	for i, g := range golds {
		docs[i] = text.Parse(g.Article.Text)
	}
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	for b.Loop() {
		for i, g := range golds {
			a.Analyze(Input{Doc: docs[i], Article: g.Article})
			n++
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n), "ns/article")
}
