package queries

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/cayleygraph/cayley/query"
	_ "github.com/cayleygraph/cayley/query/gizmo"   // Gizmo (JavaScript) queries
	_ "github.com/cayleygraph/cayley/query/graphql" // GraphQL queries

	"github.com/policygraph/policygraph/graph"
)

// Raw-query limits.
const (
	DefaultTimeout = 10 * time.Second
	DefaultLimit   = 100
	MaxLimit       = 10000
)

// RawLanguages are the query languages Raw accepts.
var RawLanguages = []string{"gizmo", "graphql"}

// ErrTimeout means a raw query ran past its time limit and was stopped.
var ErrTimeout = errors.New("query timed out")

// ErrBadQuery means a raw query or its parameters are invalid.
var ErrBadQuery = errors.New("bad query")

// Raw runs a Gizmo or GraphQL query against the store, read-only, stopping
// it at the timeout (even a Gizmo infinite loop) and after limit results.
func Raw(ctx context.Context, s *graph.Store, lang, text string, limit int, timeout time.Duration) ([]any, error) {
	if !contains(RawLanguages, lang) {
		return nil, fmt.Errorf("queries: %w: unknown language %q (valid: %s)", ErrBadQuery, lang, strings.Join(RawLanguages, ", "))
	}
	if strings.TrimSpace(text) == "" {
		return nil, fmt.Errorf("queries: %w: empty query", ErrBadQuery)
	}
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	it, err := query.Execute(ctx, s.QuadStore(), lang, text, query.Options{Collation: query.JSON, Limit: limit})
	if err != nil {
		return nil, fmt.Errorf("queries: %w: %v", ErrBadQuery, err)
	}
	defer it.Close()
	var out []any
	for len(out) < limit && it.Next(ctx) {
		out = append(out, it.Result())
	}
	err = it.Err()
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return out, fmt.Errorf("queries: %w after %s (stopped)", ErrTimeout, timeout)
	}
	if err != nil {
		return out, fmt.Errorf("queries: %w: %v", ErrBadQuery, err)
	}
	return out, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
