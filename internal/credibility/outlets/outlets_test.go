package outlets

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	credibilitydata "github.com/sitrep/sitrep/data/credibility"
)

func builtin(t testing.TB) *Registry {
	t.Helper()
	list, err := ReadCSV(bytes.NewReader(credibilitydata.Outlets()))
	if err != nil {
		t.Fatalf("built-in registry: %v", err)
	}
	return New(list)
}

func TestBuiltinRegistry(t *testing.T) {
	r := builtin(t)
	if r.Len() < 60 {
		t.Errorf("built-in registry has %d outlets, want at least 60", r.Len())
	}
	for _, o := range r.Outlets() {
		if o.Name == "" || len(o.Domains) == 0 || o.Reason == "" || o.Date == "" {
			t.Errorf("outlet %+v lacks a name, domain, reason or date", o)
		}
	}
}

func TestLookup(t *testing.T) {
	r := builtin(t)
	tests := []struct {
		source, want string
		ok           bool
	}{
		{"smmsyria.com", "SMM Syria", true},
		{"https://www.reuters.com/article/x", "Reuters", true},
		{"en.muraselon.com", "Muraselon", true},
		{"english.dvb.no", "Democratic Voice of Burma", true},
		{"http://www.syriahr.com/en/?p=53390", "Syrian Observatory for Human Rights", true},
		{"SOHR", "Syrian Observatory for Human Rights", true},
		{"example-unknown-news.org", "", false},
		{"", "", false},
	}
	for _, tc := range tests {
		got, ok := r.Lookup(tc.source)
		if ok != tc.ok || got.Name != tc.want {
			t.Errorf("Lookup(%q) = %q, %v; want %q, %v", tc.source, got.Name, ok, tc.want, tc.ok)
		}
	}
}

func TestReadCSV(t *testing.T) {
	tests := []struct {
		name, in string
		want     int
		wantErr  bool
	}{
		{"minimal", "domain,reliability\nexample.org,low\n", 1, false},
		{"any order", "name,domains,reason\nX News,x.com|www.x.org,because\n", 1, false},
		{"bad reliability", "domains,reliability\nx.com,great\n", 0, true},
		{"no key columns", "country\nSYR\n", 0, true},
		{"empty row key", "domains,name\n,\n", 0, true},
		{"empty", "", 0, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ReadCSV(strings.NewReader(tc.in))
			if (err != nil) != tc.wantErr || len(got) != tc.want {
				t.Errorf("ReadCSV = %d outlets, err %v; want %d, error %v", len(got), err, tc.want, tc.wantErr)
			}
		})
	}
}

func TestImport(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "sources.csv")
	n, err := Import(path, strings.NewReader("domains,name,reliability,reason,date\nsmmsyria.com,SMM Syria,mixed,my own reading,2026-01-01\nnew.example,New Example,high,trusted,2026-01-02\n"))
	if err != nil || n != 2 {
		t.Fatalf("Import = %d, %v; want 2, nil", n, err)
	}
	// A second import replaces the row with the same domain.
	if _, err := Import(path, strings.NewReader("domains,reliability\nnew.example,low\n")); err != nil {
		t.Fatal(err)
	}
	user, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(user) != 2 {
		t.Fatalf("user file has %d outlets, want 2", len(user))
	}
	r := builtin(t).Merge(New(user))
	if o, _ := r.Lookup("smmsyria.com"); o.Reliability != Mixed || !o.User {
		t.Errorf("smmsyria.com = %+v, want the user's rating mixed", o)
	}
	if o, _ := r.Lookup("new.example"); o.Reliability != Low || o.Name != "New Example" {
		t.Errorf("new.example = %+v, want low, name kept", o)
	}
	if _, err := os.Stat(path + ".tmp"); err == nil {
		t.Errorf("temporary file left behind")
	}
}

func FuzzReadCSV(f *testing.F) {
	f.Add(string(credibilitydata.Outlets()))
	f.Add("domains,name\nx.com,X\n")
	f.Add("name\n\"unterminated\n")
	f.Fuzz(func(t *testing.T, s string) {
		list, err := ReadCSV(strings.NewReader(s))
		if err != nil {
			return
		}
		r := New(list)
		var buf bytes.Buffer
		if err := WriteCSV(&buf, r.Outlets()); err != nil {
			t.Fatalf("WriteCSV: %v", err)
		}
		back, err := ReadCSV(&buf)
		if err != nil {
			t.Fatalf("re-reading written registry: %v", err)
		}
		if len(back) != r.Len() {
			t.Fatalf("round trip: %d outlets, want %d", len(back), r.Len())
		}
	})
}

func FuzzImport(f *testing.F) {
	f.Add("domains,name,reliability\nx.com,X,low\n")
	f.Add("domain\n\n")
	f.Fuzz(func(t *testing.T, s string) {
		path := filepath.Join(t.TempDir(), "sources.csv")
		n, err := Import(path, strings.NewReader(s))
		if err != nil {
			if _, serr := os.Stat(path); serr == nil {
				t.Fatalf("failed import %v left a file", err)
			}
			return
		}
		list, err := ReadFile(path)
		if err != nil {
			t.Fatalf("imported file unreadable: %v", err)
		}
		if n > 0 && len(list) == 0 {
			t.Fatalf("imported %d rows, file empty", n)
		}
	})
}
