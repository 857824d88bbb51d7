// Package sharedtest locates the project's shared test material: the
// read-only ../shared folder beside the repository (gold articles,
// treebanks, PETRARCH suites, the propaganda corpus). It is for tests only;
// the binary never needs ../shared, and tests that use it must skip, with a
// message, where it is absent (users' machines).
package sharedtest

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// Root returns the repository root: the nearest folder above the working
// directory that holds go.mod.
func Root() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("repository root (go.mod) not found")
		}
		dir = parent
	}
}

// Path returns ../shared/<rel...> seen from the repository root, or "" when
// it does not exist.
func Path(rel ...string) string {
	root, err := Root()
	if err != nil {
		return ""
	}
	p := filepath.Join(append([]string{root, "..", "shared"}, rel...)...)
	if _, err := os.Stat(p); err != nil {
		return ""
	}
	return p
}

// Require returns ../shared/<rel...>, or skips the test with a message when
// it is absent.
func Require(t testing.TB, rel ...string) string {
	t.Helper()
	p := Path(rel...)
	if p == "" {
		t.Skipf("skipping: ../shared/%s is not present (shared test data exists only on developer and CI machines)", filepath.Join(rel...))
	}
	return p
}
