package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSourcesImportList(t *testing.T) {
	dir := t.TempDir()
	reg := filepath.Join(dir, "sources.csv")
	in := filepath.Join(dir, "mine.csv")
	if err := os.WriteFile(in, []byte("domains,name,reliability,reason,date\nmy-local-news.example,My Local News,high,I know the editors,2026-11-01\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	stdio := Stdio{In: strings.NewReader(""), Out: &out, Err: &errb}
	if err := runSources(context.Background(), stdio, []string{"import", "--registry", reg, in}); err != nil {
		t.Fatalf("sources import: %v (%s)", err, errb.String())
	}
	if got := out.String(); !strings.Contains(got, "imported 1 outlets") {
		t.Errorf("import output = %q, want a count of 1", got)
	}
	out.Reset()
	if err := runSources(context.Background(), stdio, []string{"list", "--registry", reg}); err != nil {
		t.Fatalf("sources list: %v", err)
	}
	for _, want := range []string{"My Local News", "user", "Reuters", "built-in"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("list output lacks %q", want)
		}
	}
}

func FuzzSourcesImport(f *testing.F) {
	f.Add("domains,name,reliability\nx.example,X,low\n")
	f.Add("name\nOnly A Name\n")
	f.Add("domains,reliability\nx.example,excellent\n")
	f.Fuzz(func(t *testing.T, csv string) {
		dir := t.TempDir()
		in := filepath.Join(dir, "in.csv")
		if err := os.WriteFile(in, []byte(csv), 0o644); err != nil {
			t.Fatal(err)
		}
		var out, errb bytes.Buffer
		stdio := Stdio{In: strings.NewReader(""), Out: &out, Err: &errb}
		reg := filepath.Join(dir, "reg.csv")
		if err := runSources(context.Background(), stdio, []string{"import", "--registry", reg, in}); err != nil {
			return
		}
		if err := runSources(context.Background(), stdio, []string{"list", "--registry", reg}); err != nil {
			t.Fatalf("list after a successful import: %v", err)
		}
	})
}
