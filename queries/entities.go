package queries

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/policygraph/policygraph/extract"
	"github.com/policygraph/policygraph/graph"
)

// ErrNotFound means a named entity or article is not in the graph.
var ErrNotFound = errors.New("not found")

// Resolve finds the entity a user means by name: its canonical name,
// case-insensitively, or an alias the gazetteer lists (extract.Aliases:
// "US", "Britain", "EU"...). It returns the entity's ID and
// canonical name. The error for an unknown name suggests close ones.
func Resolve(ctx context.Context, s *graph.Store, name string) (string, string, error) {
	want := strings.TrimSpace(name)
	if c, ok := extract.Aliases()[strings.ToLower(want)]; ok {
		want = c
	}
	if id, ok := s.EntityByName(ctx, want); ok {
		return id, want, nil
	}
	all, err := s.Names(ctx)
	if err != nil {
		return "", "", fmt.Errorf("queries: resolve %q: %w", name, err)
	}
	var close []string
	for _, n := range all {
		if strings.EqualFold(n, want) {
			if id, ok := s.EntityByName(ctx, n); ok {
				return id, n, nil
			}
		}
		ln, lw := strings.ToLower(n), strings.ToLower(want)
		if strings.Contains(ln, lw) || strings.Contains(lw, ln) || editDistance(ln, lw) <= 2 {
			close = append(close, n)
		}
	}
	sort.Strings(close)
	msg := fmt.Sprintf("unknown entity %q", name)
	if len(close) > 0 {
		if len(close) > 5 {
			close = close[:5]
		}
		msg += " (did you mean " + strings.Join(close, ", ") + "?)"
	}
	return "", "", fmt.Errorf("queries: %s: %w", msg, ErrNotFound)
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// Describe returns an entity's reference data by canonical name (no fact
// count), and whether it is known.
func Describe(ctx context.Context, s *graph.Store, name string) (EntityRow, bool) {
	id, ok := s.EntityByName(ctx, name)
	if !ok {
		return EntityRow{}, false
	}
	row := EntityRow{ID: id, Name: name}
	if e, err := s.Entity(ctx, id); err == nil {
		row.Type, row.ISO2 = string(e.Type), e.ISO2
	}
	return row, true
}
