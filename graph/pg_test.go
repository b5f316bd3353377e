package graph_test

import "github.com/policygraph/policygraph/internal/pgtest"

// MustFreshDatabase creates a throw-away PostgreSQL database.
var MustFreshDatabase = pgtest.MustFreshDatabase
