package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/store/sqlite"
	"github.com/sitrep/sitrep/internal/store/storetest"
)

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "sitrep.db"), nil)
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

func TestReopenKeepsSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sitrep.db")
	for i := range 2 {
		s, err := sqlite.Open(context.Background(), path, nil)
		if err != nil {
			t.Fatalf("open %d: %v", i, err)
		}
		if err := s.RecordFailure(context.Background(), "x", "y"); err != nil {
			t.Fatal(err)
		}
		st, err := s.Stats(context.Background())
		if err != nil || st.Failures != i+1 {
			t.Errorf("open %d: failures = %d, %v; want %d", i, st.Failures, err, i+1)
		}
		s.Close()
	}
}
