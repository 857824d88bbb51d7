package cli

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSyntaxClusters(t *testing.T) {
	dir := t.TempDir()
	var text strings.Builder
	for i := range 300 {
		animal := []string{"cat", "dog", "horse", "goat"}[i%4]
		verb := []string{"sees", "likes", "chases"}[i%3]
		text.WriteString("The " + animal + " " + verb + " the " + animal + ". ")
	}
	if err := os.WriteFile(filepath.Join(dir, "a.txt"), []byte(text.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "clusters.gz")
	var stdout, stderr bytes.Buffer
	stdio := Stdio{In: strings.NewReader(""), Out: &stdout, Err: &stderr}
	if err := runSyntaxClusters(context.Background(), stdio, []string{"--out", out, "--coarse", "3", "--fine", "4", dir}); err != nil {
		t.Fatalf("syntax clusters: %v (%s)", err, stderr.String())
	}
	if !strings.Contains(stdout.String(), "wrote "+out) {
		t.Errorf("stdout %q does not name the file", stdout.String())
	}
	if !strings.Contains(stderr.String(), "iteration 1") {
		t.Errorf("no progress on stderr: %q", stderr.String())
	}
	if b, err := os.ReadFile(out); err != nil || !bytes.HasPrefix(b, []byte("sitrep-clusters 1\n")) {
		t.Errorf("output file: %v, %.20q", err, b)
	}

	// No sources, or sources without text, are refused.
	if err := runSyntaxClusters(context.Background(), stdio, []string{"--out", out}); !errors.Is(err, errUsage) {
		t.Errorf("no sources: %v, want a usage error", err)
	}
	empty := t.TempDir()
	if err := runSyntaxClusters(context.Background(), stdio, []string{"--out", out, empty}); err == nil || !strings.Contains(err.Error(), empty) {
		t.Errorf("empty source: %v, want an error naming %s", err, empty)
	}
}
