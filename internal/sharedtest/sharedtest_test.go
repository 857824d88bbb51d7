package sharedtest

import (
	"os"
	"path/filepath"
	"testing"
)

func TestRoot(t *testing.T) {
	root, err := Root()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Errorf("Root() = %s, which holds no go.mod", root)
	}
}

func TestPathAbsent(t *testing.T) {
	if got := Path("no", "such", "folder-xyz"); got != "" {
		t.Errorf("Path of a missing folder = %q, want \"\"", got)
	}
}
