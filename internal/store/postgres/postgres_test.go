package postgres_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/store/postgres"
	"github.com/sitrep/sitrep/internal/store/storetest"
)

// dsn returns the test database, or skips: the PostgreSQL half of the store
// suite runs only where SITREP_TEST_POSTGRES names a database (.ci/run
// starts one and sets it).
func dsn(t *testing.T) string {
	d := os.Getenv("SITREP_TEST_POSTGRES")
	if d == "" {
		t.Skip("SITREP_TEST_POSTGRES is not set: skipping the PostgreSQL store suite (.ci/run starts a PostgreSQL and sets it)")
	}
	return d
}

// freshSchema creates an empty schema for one test and returns a DSN that
// uses it; the schema is dropped when the test ends.
func freshSchema(t *testing.T, base string) string {
	t.Helper()
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	name := fmt.Sprintf("t%d", time.Now().UnixNano())
	if _, err := db.Exec(`CREATE SCHEMA ` + name); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() { db.Exec(`DROP SCHEMA ` + name + ` CASCADE`) })
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("SITREP_TEST_POSTGRES must be a postgres:// URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	return u.String()
}

func TestStore(t *testing.T) {
	base := dsn(t)
	storetest.Run(t, func(t *testing.T) store.Store {
		s, err := postgres.Open(context.Background(), freshSchema(t, base), nil)
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

func TestRebind(t *testing.T) {
	tests := []struct{ in, want string }{
		{"SELECT 1", "SELECT 1"},
		{"a = ? AND b = ?", "a = $1 AND b = $2"},
	}
	for _, tc := range tests {
		if got := postgres.Rebind(tc.in); got != tc.want {
			t.Errorf("Rebind(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
