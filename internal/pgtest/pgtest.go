// Package pgtest gives tests a fresh PostgreSQL database.
package pgtest

import (
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net/url"
	"testing"

	_ "github.com/lib/pq" // PostgreSQL driver for test database setup
	"github.com/stretchr/testify/require"
)

// MustFreshDatabase creates an empty database on the server of base (a
// postgres:// URL) and returns its URL; the database is dropped after the test.
func MustFreshDatabase(tb testing.TB, base string) string {
	tb.Helper()
	admin, err := sql.Open("postgres", base)
	require.NoError(tb, err)
	defer admin.Close()
	name := fmt.Sprintf("pgtest_%d", rand.Uint64()%1e12)
	_, err = admin.Exec("CREATE DATABASE " + name)
	require.NoError(tb, err, "create test database")
	u, err := url.Parse(base)
	require.NoError(tb, err)
	u.Path = "/" + name
	tb.Cleanup(func() {
		db, err := sql.Open("postgres", base)
		if err != nil {
			return
		}
		defer db.Close()
		_, _ = db.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
	})
	return u.String()
}
