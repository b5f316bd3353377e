package queries_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/queries"
)

func TestResolve(t *testing.T) {
	ctx := context.Background()
	s := MustFixtureStore(t, graph.Options{Backend: graph.BackendMemstore})
	for in, want := range map[string]struct{ id, name string }{
		"Italy": {"italy", "Italy"}, " ITALY ": {"italy", "Italy"}, // case-insensitive
		"Britain": {"united-kingdom", "United Kingdom"}, "u.s.": {"united-states", "United States"}, // the gazetteer's aliases
		"TIM": {"telecom-italia", "Telecom Italia"},
	} {
		id, name, err := queries.Resolve(ctx, s, in)
		require.NoError(t, err, in)
		assert.Equal(t, want.id, id, in)
		assert.Equal(t, want.name, name, in)
	}
	_, _, err := queries.Resolve(ctx, s, "Itly")
	require.True(t, errors.Is(err, queries.ErrNotFound), "%v", err)
	assert.Contains(t, err.Error(), "did you mean Italy?")
}
