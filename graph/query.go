package graph

import (
	"context"

	"github.com/cayleygraph/cayley/query"
	_ "github.com/cayleygraph/cayley/query/gizmo"   // Gizmo (JavaScript) queries
	_ "github.com/cayleygraph/cayley/query/graphql" // GraphQL queries
)

// QueryResults are the results of a raw query, read one at a time: Next
// advances to the next (false at the end or on an error, which Err tells),
// Result is the current one as a JSON-ready value.
type QueryResults interface {
	Next(ctx context.Context) bool
	Result() any
	Err() error
}

// QueryError is a query Cayley refused to run (a syntax error, an unknown
// language): its message is the engine's.
type QueryError struct{ Err error }

func (e *QueryError) Error() string { return e.Err.Error() }
func (e *QueryError) Unwrap() error { return e.Err }

// Query runs a raw query in one of Cayley's languages ("gizmo", "graphql")
// on the graph, read-only, with JSON results, at most limit of them, and
// calls fn to read them. Cancelling ctx stops the engine. Query
// returns only once the engine has stopped (Gizmo runs in a goroutine of
// its own, which must not outlive the call, nor the store); on the
// in-memory backend other readers wait until then. A query that does not
// run is a *QueryError.
func (s *Store) Query(ctx context.Context, lang, text string, limit int, fn func(QueryResults) error) error {
	defer s.lockReads()()
	it, err := query.Execute(ctx, s.h.QuadStore, lang, text, query.Options{Collation: query.JSON, Limit: limit})
	if err != nil {
		return &QueryError{Err: err}
	}
	r := &startedResults{Iterator: it}
	defer func() {
		// Stop the engine and wait for it.
		_ = it.Close()
		for r.started && it.Next(context.Background()) {
		}
	}()
	return fn(r)
}

// startedResults notes whether the engine was started (by a first Next):
// only a started one is waited for.
type startedResults struct {
	query.Iterator
	started bool
}

func (r *startedResults) Next(ctx context.Context) bool {
	r.started = true
	return r.Iterator.Next(ctx)
}
