package petrarch

import (
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/benchclock"
	"github.com/sitrep/sitrep/internal/sharedtest"
	"github.com/sitrep/sitrep/internal/syntax"
)

// Small dictionaries written for these tests (invented countries).
const testVerbs = `
####### SYNONYM SETS #######
&WEAPON
+ROCKET
+MORTAR_SHELL
+ARTILLERY

####### VERB PATTERNS #######
--- ATTACK [190] ---
SHELL {SHELLS SHELLED SHELLING}
FIRE
- * &WEAPON (AT +) [195]
- * {WARNING SHOTS} [150]

--- MEET [040:040] ---
MEET {MEETS MET MEETING}
- % * [043]

--- CRITICIZE [111] ---
CRITICIZE
CONDEMN
- * ATTACK (BY) [112]

--- RESTORE [050] ---
RESTORE
+PATCH_UP {+PATCHED_UP +PATCHES_UP +PATCHING_UP}
- * {DIPLOMATIC TIES} [051]

--- SAY [010] ---
SAY {SAYS SAID SAYING}

--- IGNORE [---] ---
IGNORE
`

const testActors = `
<!-- invented actors -->
NORTHLAND [NTH]
+NORTHLANDER
SOUTHLAND  [STH] # comment
+SOUTH_LAND
ELBONIA
	[ELB <20000101]
	[ELX]
WEST-MARCH [WMR]
`

const testAgents = `
!PERSON! = MAN, MEN
ARMY [~MIL]
MINISTER [~GOV]
OFFICIAL [~GOV]
POLICE {} [~COP]
CHAIR!PERSON! [~GOV]
RELIEF_AGENCY [NGO~]
`

const testDiscards = `
FOOTBALL MATCH
+TRAINING EXERCISE
`

const testOntology = `
111:0x7001
051:0x0081
110:0x1007f
050:0x0080
`

var (
	modelOnce sync.Once
	model     *syntax.Model
	modelErr  error
)

func testCoder(t testing.TB) *Coder {
	t.Helper()
	modelOnce.Do(func() { model, modelErr = syntax.Load() })
	if modelErr != nil {
		t.Fatalf("load syntax model: %v", modelErr)
	}
	v, err := ReadVerbs(strings.NewReader(testVerbs))
	if err != nil {
		t.Fatal(err)
	}
	a, err := ReadActors(strings.NewReader(testActors))
	if err != nil {
		t.Fatal(err)
	}
	g, err := ReadAgents(strings.NewReader(testAgents))
	if err != nil {
		t.Fatal(err)
	}
	d, err := ReadDiscards(strings.NewReader(testDiscards))
	if err != nil {
		t.Fatal(err)
	}
	o, err := ReadOntology(strings.NewReader(testOntology))
	if err != nil {
		t.Fatal(err)
	}
	return NewCoder(&Dictionaries{Verbs: v, Actors: a, Agents: g, Discards: d, Ontology: o}, model)
}

func TestCode(t *testing.T) {
	c := testCoder(t)
	tests := []struct {
		text string
		date int
		want []string // "SOURCE TARGET CODE"
	}{
		{"Northland shelled Southland on Monday.", 20200101, []string{"NTH STH 190"}},
		{"The Northland army fired rockets at Southland.", 20200101, []string{"NTHMIL STH 195"}},
		{"Northland fired warning shots near the border with Southland.", 20200101, []string{"NTH STH 150"}},
		{"Southland was criticized by Northland on Friday.", 20200101, []string{"NTH STH 111"}},
		{"The Northland minister condemned an attack by Southland police.", 20200101, []string{"NTHGOV STHCOP 112"}},
		{"Northland and Southland met in Geneva.", 20200101, []string{"NTH STH 043", "STH NTH 043"}},
		{"The Northland chairman met Southland officials.", 20200101, []string{"NTHGOV STHGOV 040", "STHGOV NTHGOV 040"}},
		{"Elbonia criticized Northland.", 19990101, []string{"ELB NTH 111"}},
		{"Elbonia criticized Northland.", 20050101, []string{"ELX NTH 111"}},
		{"West-March criticized Northland.", 20050101, []string{"WMR NTH 111"}},
		{"Northland did not criticize Southland.", 20200101, nil},
		{"Northland restored diplomatic ties with Southland.", 20200101, []string{"NTH STH 051"}},
		{"Northland patched up relations with Southland.", 20200101, []string{"NTH STH 050"}},
		{"The Northland relief agency restored ties with Southland.", 20200101, []string{"NGONTH STH 050"}},
		{"Northland ignored Southland.", 20200101, nil},
		{"Northland shelled Southland during a football match.", 20200101, nil},
		{"Northland met Southland after the training exercise.", 20200101, nil},
		{"Northlanders said nothing.", 20200101, nil},
	}
	for _, tc := range tests {
		var got []string
		for _, e := range c.Code(tc.text, tc.date) {
			got = append(got, e.Source+" "+e.Target+" "+e.Code)
		}
		sort.Strings(got)
		want := append([]string(nil), tc.want...)
		sort.Strings(want)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q: got %v, want %v", tc.text, got, want)
		}
	}
}

func TestReadVerbs(t *testing.T) {
	v, err := ReadVerbs(strings.NewReader(testVerbs))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(v.Synsets["&WEAPON"]), 3; got != want {
		t.Errorf("synset members: got %d, want %d", got, want)
	}
	if got, want := len(v.Blocks), 6; got != want {
		t.Fatalf("blocks: got %d, want %d", got, want)
	}
	b := v.Blocks[0]
	if b.Name != "ATTACK" || b.Code != "190" || len(b.Verbs) != 2 || len(b.Patterns) != 2 {
		t.Errorf("block 0: got %s %s %d verbs %d patterns", b.Name, b.Code, len(b.Verbs), len(b.Patterns))
	}
	p := b.Patterns[0]
	if p.Code != "195" || len(p.Post) != 3 || p.Post[0].Kind != 's' || p.Post[1].Text != "AT" || !p.Post[2].Paren || p.Post[2].Kind != '+' {
		t.Errorf("pattern: got %+v", p)
	}
	m := v.Blocks[1].Patterns[0]
	if !m.Compound || m.Code != "043" {
		t.Errorf("compound pattern: got %+v", m)
	}
	pu := v.Blocks[3].Verbs[1]
	if got, want := strings.Join(pu.Words, " "), "PATCH UP"; got != want || pu.Head != 0 || len(pu.Forms) != 3 {
		t.Errorf("phrasal verb: got %q head %d forms %d, want %q", got, pu.Head, len(pu.Forms), want)
	}
}

func TestReadActorsDates(t *testing.T) {
	as, err := ReadActors(strings.NewReader(testActors))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(as), 4; got != want {
		t.Fatalf("actors: got %d, want %d", got, want)
	}
	tests := []struct {
		date int
		want string
	}{{19991231, "ELB"}, {20000101, "ELX"}, {0, "ELX"}}
	for _, tc := range tests {
		if got, _ := as[2].CodeOn(tc.date); got != tc.want {
			t.Errorf("CodeOn(%d): got %s, want %s", tc.date, got, tc.want)
		}
	}
	dc, ok := parseDatedCode("HOBGOV 950601 - 990815")
	if !ok || dc.From != 19950601 || dc.To != 19990815 || dc.Code != "HOBGOV" {
		t.Errorf("range: got %+v", dc)
	}
}

func TestReadAgents(t *testing.T) {
	as, err := ReadAgents(strings.NewReader(testAgents))
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]string{}
	for _, a := range as {
		for _, p := range a.Phrases {
			have[strings.Join(p, " ")] = a.Code
		}
	}
	for phrase, code := range map[string]string{"ARMIES": "MIL", "MINISTERS": "GOV", "CHAIRMAN": "GOV", "CHAIRMEN": "GOV", "RELIEF AGENCIES": "NGO", "POLICE": "COP"} {
		if have[phrase] != code {
			t.Errorf("%s: got %q, want %q", phrase, have[phrase], code)
		}
	}
	if _, ok := have["POLICES"]; ok {
		t.Errorf("POLICE {} must not get a plural")
	}
}

func TestNegate(t *testing.T) {
	o, err := ReadOntology(strings.NewReader(testOntology))
	if err != nil {
		t.Fatal(err)
	}
	for code, want := range map[string]string{"110": "050", "050": "110", "111": ""} {
		if got, _ := o.Negate(code); got != want {
			t.Errorf("Negate(%s): got %q, want %q", code, got, want)
		}
	}
}

const testRecords = `<Validation>
<!-- a comment with <Sentence category="X" id="FAKE"> inside
-->
<Environment>
    <Verbfile>verbs.txt</Verbfile>
    <Actorfile>a.txt, b.txt</Actorfile>
    <Include>DEMO</Include>
</Environment>
<Sentences>
<Sentence category="DEMO" date="20200101" id="D-1" evaluate="true">
<EventCoding eventcode="190" sourcecode="NTH" targetcode="STH" />
<Text>
Northland shelled
Southland &amp; friends.
</Text>
<Parse>
1	Northland	Northland	PROPN	NNP	_	2	nsubj	_	_
</Parse></Sentence>
<Sentence category="DEMO" date="20200102" id="D-2" evaluate="true"/>
<EventCoding noevents="True"/>
<Text>Nothing happened.</Text>
<Sentence category="OTHER" id="O-1" evaluate="false">
<Text>Skipped.</Text>
</Sentence>
</Validation>
`

func TestReadRecords(t *testing.T) {
	rs, err := ReadRecords(strings.NewReader(testRecords))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(rs.Records), 3; got != want {
		t.Fatalf("records: got %d, want %d", got, want)
	}
	r := rs.Records[0]
	if r.ID != "D-1" || r.Date != 20200101 || r.Text != "Northland shelled Southland & friends." || len(r.Events) != 1 || r.Events[0] != (Event{"NTH", "STH", "190"}) {
		t.Errorf("record 0: got %+v", r)
	}
	if !rs.Records[1].NoEvents || rs.Records[1].Text != "Nothing happened." {
		t.Errorf("record 1: got %+v", rs.Records[1])
	}
	if rs.Env.Verbfile != "verbs.txt" || !reflect.DeepEqual(rs.Env.Actorfiles, []string{"a.txt", "b.txt"}) {
		t.Errorf("environment: got %+v", rs.Env)
	}
	if rs.Selected(&rs.Records[2]) {
		t.Errorf("evaluate=false record selected")
	}
	coded := [][]Event{{{"NTH", "STH", "190"}, {"STH", "NTH", "190"}}, nil, nil}
	per, total := Score(rs, coded)
	if len(per) != 1 || total.Records != 2 || total.Correct != 1 || total.Extra != 1 || total.Uncoded != 0 || total.Null != 1 || total.Passed != 1 {
		t.Errorf("score: got %+v %+v", per, total)
	}
}

// sharedDir returns ../shared/data/petrarch/<sub> next to the repository,
// or skips the test.
func sharedDir(t testing.TB, sub string) string {
	t.Helper()
	return sharedtest.Require(t, "data", "petrarch", sub)
}

func validate(t *testing.T, records, dicts string) Tally {
	t.Helper()
	f, err := os.Open(records)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rs, err := ReadRecords(f)
	if err != nil {
		t.Fatal(err)
	}
	d, err := LoadDictionaries(dicts, rs.Env)
	if err != nil {
		t.Fatal(err)
	}
	c := testCoder(t)
	c = NewCoder(d, c.syn)
	coded := make([][]Event, len(rs.Records))
	for i, r := range rs.Records {
		coded[i] = c.Code(r.Text, r.Date)
	}
	per, total := Score(rs, coded)
	var b strings.Builder
	_ = WriteTable(&b, per, total)
	t.Logf("\n%s", b.String())
	return total
}

// TestUDValidation codes UD-PETRARCH's validation records from their text
// and holds the figures reached (TP 93.4 %, FP 7.3 % with the syntax models
// of data/syntax when written; TP 90.8 %, FP 8.6 % with the parsers of
// 2026-12-04, better on UD English by 0.8 UAS but parsing two of these
// fictional-name records worse; the peer UD-PETRARCH: TP 85.6 %, FP
// 14.8 %. GSR with the Phoenix dictionaries: TP 42.5 %, FP 65.4 %).
func TestUDValidation(t *testing.T) {
	dir := sharedDir(t, "ud-validate")
	total := validate(t, filepath.Join(dir, "PETR_Validate_records_2_02.xml"), dir)
	if tp, fp := total.TP(), total.FP(); tp < 0.90 || fp > 0.09 {
		t.Errorf("TP %.2f%% FP %.2f%%, want TP >= 90%% and FP <= 9%%", 100*tp, 100*fp)
	}
}

// TestGSRValidation codes the PETRARCH-2 GSR records with the Phoenix
// dictionaries; the floor guards against regressions only.
func TestGSRValidation(t *testing.T) {
	gsr := sharedDir(t, "gsr")
	phoenix := sharedDir(t, "phoenix")
	total := validate(t, filepath.Join(gsr, "PETR2_GSR_validation.xml"), phoenix)
	if tp := total.TP(); tp < 0.35 {
		t.Errorf("TP %.2f%%, want >= 35%%", 100*tp)
	}
}

func BenchmarkCode(b *testing.B) {
	c := testCoder(b)
	for b.Loop() {
		c.Code("The Northland minister condemned an attack by Southland police near the border on Monday.", 20200101)
	}
}

// BenchmarkValidationPath times the whole path from raw text to events
// (tokenise, tag, parse, code every sentence) over UD-PETRARCH's
// validation records, in the benchmark thread's CPU time where the system
// has such a clock; run it with -cpu 1.
func BenchmarkValidationPath(b *testing.B) {
	dir := sharedDir(b, "ud-validate")
	f, err := os.Open(filepath.Join(dir, "PETR_Validate_records_2_02.xml"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	rs, err := ReadRecords(f)
	if err != nil {
		b.Fatal(err)
	}
	d, err := LoadDictionaries(dir, rs.Env)
	if err != nil {
		b.Fatal(err)
	}
	c := NewCoder(d, testCoder(b).syn)
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	b.Logf("timed in %s", benchclock.Name)
	sentences := 0
	var spent time.Duration
	for b.Loop() {
		t0 := benchclock.Now()
		for _, r := range rs.Records {
			_, n := c.CodeCount(r.Text, r.Date)
			sentences += n
		}
		spent += benchclock.Now() - t0
	}
	b.ReportMetric(float64(sentences)/spent.Seconds(), "sentences/s")
}
