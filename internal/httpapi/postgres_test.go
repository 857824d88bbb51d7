package httpapi

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/store/postgres"
)

// TestPostgres runs the filter tests over a PostgreSQL store (in a schema of
// its own) when SITREP_TEST_POSTGRES names a database (.ci/run sets it).
func TestPostgres(t *testing.T) {
	base := os.Getenv("SITREP_TEST_POSTGRES")
	if base == "" {
		t.Skip("SITREP_TEST_POSTGRES is not set: skipping the API over PostgreSQL (.ci/run starts a PostgreSQL and sets it)")
	}
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	name := fmt.Sprintf("httpapi%d", time.Now().UnixNano())
	if _, err := db.Exec(`CREATE SCHEMA ` + name); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	defer db.Exec(`DROP SCHEMA ` + name + ` CASCADE`)
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("SITREP_TEST_POSTGRES must be a postgres:// URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	st, err := postgres.Open(context.Background(), u.String(), nil)
	if err != nil {
		t.Fatal(err)
	}
	testEventFilters(t, fill(t, st, 700, Config{Loopback: true, Postgres: true}))
}
