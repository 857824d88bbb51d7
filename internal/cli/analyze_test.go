package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/internal/model"
)

// run executes one sitrep invocation and returns its exit status and output.
func run(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(context.Background(), args, Stdio{In: strings.NewReader(stdin), Out: &out, Err: &errb})
	return code, out.String(), errb.String()
}

func analyses(t *testing.T, out string) []model.Analysis {
	t.Helper()
	var as []model.Analysis
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if line == "" {
			continue
		}
		var a model.Analysis
		if err := json.Unmarshal([]byte(line), &a); err != nil {
			t.Fatalf("output line is not an analysis: %v\n%s", err, line)
		}
		as = append(as, a)
	}
	return as
}

const report = "Russian jets carried out airstrikes on Saraqib in Idlib province on Tuesday, killing at least 12 civilians, the Observatory said.\n"

// TestAnalyzeBadInputs: bad inputs get a clear error naming the file (and
// line), the good ones are still analysed, and the exit status is 1.
func TestAnalyzeBadInputs(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("good.txt", []byte(report))
	empty := write("empty.txt", nil)
	binary := write("binary.txt", []byte{0x7f, 'E', 'L', 'F', 0, 0, 1, 2, 3, 0, 0, 0})
	badUTF8 := write("latin1.txt", append([]byte("Jets struck Saraqib. Caf\xe9 owners fled. "), []byte(report)...))
	jsonl := write("mixed.jsonl", []byte(`{"id":"a1","text":"`+strings.TrimSpace(report)+`","published":"2024-05-08"}
{"id":"a2","text":
{"text":"no id here"}
{"id":"a3","text":"Protesters rallied in Khartoum on Friday.","published":"2024-05-09"}
`))
	code, out, errs := run(t, "", "analyze", "--published", "2024-05-08", good, empty, binary, badUTF8, jsonl)
	if code != 1 {
		t.Errorf("exit status %d, want 1 when some inputs fail", code)
	}
	for _, want := range []string{"empty.txt", "binary.txt", "mixed.jsonl:2", "mixed.jsonl:3"} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr does not name %q:\n%s", want, errs)
		}
	}
	got := map[string]model.Analysis{}
	for _, a := range analyses(t, out) {
		got[a.ArticleID] = a
	}
	for _, id := range []string{"good", "latin1", "a1", "a3"} {
		if _, ok := got[id]; !ok {
			t.Errorf("article %s was not analysed; got %d analyses", id, len(got))
		}
	}
	if a := got["good"]; len(a.Events) == 0 {
		t.Errorf("good.txt: no events")
	}
}

// TestAnalyzeContract: every field of the contract is present, with empty
// arrays rather than missing keys, even for an article with no events.
func TestAnalyzeContract(t *testing.T) {
	code, out, errs := run(t, "Nothing happened here today.", "analyze", "-")
	if code != 0 {
		t.Fatalf("exit status %d: %s", code, errs)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"article_id", "source", "published", "language", "events", "credibility", "entities"} {
		if _, ok := m[k]; !ok {
			t.Errorf("missing key %q in %s", k, out)
		}
	}
	if ev, ok := m["events"].([]any); !ok || len(ev) != 0 {
		t.Errorf("events = %v, want []", m["events"])
	}
	cred, _ := m["credibility"].(map[string]any)
	for _, k := range []string{"score", "label", "techniques", "sourcing", "labels", "source_rating", "explanation"} {
		if _, ok := cred[k]; !ok {
			t.Errorf("credibility lacks %q", k)
		}
	}
}

// TestAnalyzeEventFields checks an event carries every contract field and
// rune offsets that slice the text, on non-ASCII input.
func TestAnalyzeEventFields(t *testing.T) {
	text := "“Regime forces shelled Kafr Nabl – al-Ḥasan’s village – on Monday,” a resident said; five civilians were killed.\n"
	code, out, errs := run(t, text, "analyze", "--published", "2024-05-08", "-")
	if code != 0 {
		t.Fatalf("exit status %d: %s", code, errs)
	}
	var raw map[string]any
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatal(err)
	}
	evs, _ := raw["events"].([]any)
	if len(evs) == 0 {
		t.Fatalf("no events in %s", out)
	}
	ev := evs[0].(map[string]any)
	for _, k := range []string{"id", "cameo", "plover", "event_type", "sub_event_type", "actor1", "actor2", "assoc_actor1", "assoc_actor2",
		"location", "date", "date_precision", "fatalities", "modality", "evidence", "pattern", "confidence"} {
		if _, ok := ev[k]; !ok {
			t.Errorf("event lacks %q", k)
		}
	}
	an := analyses(t, out)[0]
	rs := []rune(text)
	for _, e := range an.Events {
		for _, s := range e.Evidence {
			if string(rs[s.Start:s.End]) != s.Text {
				t.Errorf("evidence [%d,%d) = %q, want %q", s.Start, s.End, string(rs[s.Start:s.End]), s.Text)
			}
		}
		if a := e.Actor1; a != nil && a.End > 0 && string(rs[a.Start:a.End]) != a.Text {
			t.Errorf("actor1 [%d,%d) = %q, want %q", a.Start, a.End, string(rs[a.Start:a.End]), a.Text)
		}
		if l := e.Location; l != nil && l.End > 0 && string(rs[l.Start:l.End]) != l.Text {
			t.Errorf("location [%d,%d) = %q, want %q", l.Start, l.End, string(rs[l.Start:l.End]), l.Text)
		}
	}
}

// TestAnalyzeLargeText analyses a 2 MB article end to end.
func TestAnalyzeLargeText(t *testing.T) {
	if testing.Short() {
		t.Skip("large input")
	}
	p := filepath.Join(t.TempDir(), "big.txt")
	big := strings.Repeat(report+"\n", 2<<20/len(report))
	if err := os.WriteFile(p, []byte(big), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := run(t, "", "analyze", "--published", "2024-05-08", p)
	if code != 0 {
		t.Fatalf("exit status %d: %s", code, errs)
	}
	if as := analyses(t, out); len(as) != 1 || len(as[0].Events) == 0 {
		t.Fatalf("got %d analyses, want 1 with events", len(as))
	}
}

// TestAnalyzeWorkersKeepOrder: with several workers the analyses come out
// in input order, identical to a one-worker run, and failures are still
// reported.
func TestAnalyzeWorkersKeepOrder(t *testing.T) {
	var in strings.Builder
	var ids []string
	for i := range 40 {
		id := "w" + strings.Repeat("x", i%3) + string(rune('a'+i%26)) + strings.Repeat("0", i/26)
		ids = append(ids, id)
		text := strings.Repeat(strings.TrimSpace(report)+" ", 1+i%5)
		if i == 17 {
			in.WriteString("{\"id\":\"broken\",\n") // a bad line between good ones
		}
		b, _ := json.Marshal(map[string]string{"id": id, "text": text, "published": "2024-05-08"})
		in.Write(b)
		in.WriteByte('\n')
	}
	code1, out1, _ := run(t, in.String(), "analyze", "--workers", "1", "-")
	code4, out4, errs4 := run(t, in.String(), "analyze", "--workers", "4", "-")
	if code1 != 1 || code4 != 1 {
		t.Errorf("exit status %d (1 worker) and %d (4 workers), want 1: the bad line fails", code1, code4)
	}
	if !strings.Contains(errs4, "18") {
		t.Errorf("stderr does not name line 18:\n%s", errs4)
	}
	as := analyses(t, out4)
	if len(as) != len(ids) {
		t.Fatalf("%d analyses, want %d", len(as), len(ids))
	}
	for i, a := range as {
		if a.ArticleID != ids[i] {
			t.Fatalf("analysis %d is %s, want %s: input order lost", i, a.ArticleID, ids[i])
		}
	}
	if out1 != out4 {
		t.Errorf("4 workers wrote other output than 1 worker")
	}
	if code, _, errs := run(t, "", "analyze", "--workers", "0", "-"); code == 0 || !strings.Contains(errs, "--workers") {
		t.Errorf("--workers 0: exit %d, stderr %q; want a usage error naming the flag", code, errs)
	}
}
