package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const evalGold = `{
  "article": {"id": "art", "text": "Jets struck Umm Jalal."},
  "events": [
    {"id": "strike", "required": true, "note": "jets strike Umm Jalal",
     "event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike",
     "cameo_root": "19", "plover": "ASSAULT", "actor1": ["Russia"], "actor2": [],
     "location": {"names": ["Umm Jalal"], "admin1": "Idlib", "country": "SYR", "lat": 35.5, "lon": 36.83, "geo_precision": 1},
     "date": null, "fatalities": null, "modality": "asserted"}
  ],
  "credibility": {"propaganda": false, "self_citation": false, "anonymous_sourcing": false}
}
`

func TestEvalCommand(t *testing.T) {
	dir := t.TempDir()
	goldDir := filepath.Join(dir, "gold")
	if err := os.Mkdir(goldDir, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(path, s string) {
		if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(goldDir, "art.gold.json"), evalGold)
	good := filepath.Join(dir, "good.jsonl")
	write(good, `{"article_id":"art","events":[{"id":"e1","cameo":"195","event_type":"Explosions/Remote violence",`+
		`"sub_event_type":"Air/drone strike","actor1":{"name":"Russia"},"location":{"name":"Umm Jalal"},"modality":"asserted"},`+
		`{"id":"e2","cameo":"190","event_type":"Battles","modality":"asserted","evidence":[{"start":0,"end":4,"text":"Jets"}]}]}`+"\n")
	bad := filepath.Join(dir, "bad.jsonl")
	write(bad, "{\"article_id\":\"art\",\"events\":[]}\n{broken\n")

	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantOut  string // the last line of standard output
		wantErr  string
	}{
		{"predictions", []string{"eval", "--gold", goldDir, "--pred", good}, 0, "1 passed, 1 failed", ""},
		{"verbose", []string{"eval", "-v", "--gold", goldDir, "--pred", good}, 0, "1 passed, 1 failed", ""},
		{"bad predictions", []string{"eval", "--gold", goldDir, "--pred", bad}, 1, "", "bad.jsonl:2:"},
		{"no gold dir", []string{"eval", "--gold", filepath.Join(dir, "absent")}, 1, "", "read gold dir"},
		{"no flags", []string{"eval"}, 2, "", "usage: sitrep eval"},
	}
	for _, tt := range tests {
		var out, errOut bytes.Buffer
		code := Run(context.Background(), tt.args, Stdio{In: strings.NewReader(""), Out: &out, Err: &errOut})
		if code != tt.wantCode {
			t.Errorf("%s: exit %d, want %d (stderr %q)", tt.name, code, tt.wantCode, errOut.String())
		}
		lines := strings.Split(strings.TrimSpace(out.String()), "\n")
		if tt.wantOut != "" && lines[len(lines)-1] != tt.wantOut {
			t.Errorf("%s: last line %q, want %q", tt.name, lines[len(lines)-1], tt.wantOut)
		}
		if tt.wantErr != "" && !strings.Contains(errOut.String(), tt.wantErr) {
			t.Errorf("%s: stderr %q, want it to contain %q", tt.name, errOut.String(), tt.wantErr)
		}
	}
}
