package graph_test

import (
	"context"
	"errors"
	"fmt"
	"github.com/cayleygraph/quad"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/policygraph/policygraph/domain"

	"github.com/policygraph/policygraph/graph"
)

func TestReadAPI(t *testing.T) {
	ctx := context.Background()
	for _, b := range MustBackends(t) {
		t.Run(b.name, func(t *testing.T) {
			s := MustOpen(t, b.open(t))
			_, err := s.Write(ctx, []graph.Extraction{sampleExtraction("a1.txt", "h1",
				fact("United Kingdom", "banned", "Huawei", "The United Kingdom banned Huawei.", domain.Asserted))})
			require.NoError(t, err)

			id, ok := s.EntityByName(ctx, "United Kingdom")
			assert.True(t, ok)
			assert.Equal(t, "united-kingdom", id)
			_, ok = s.EntityByName(ctx, "united kingdom") // exact names only
			assert.False(t, ok)
			names, err := s.Names(ctx)
			require.NoError(t, err)
			assert.ElementsMatch(t, []string{"United Kingdom", "Huawei"}, names)

			assert.True(t, s.HasEntity("huawei"))
			assert.False(t, s.HasEntity("zte"))
			assert.True(t, s.HasArticle("a1.txt"))
			assert.False(t, s.HasArticle("a2.txt"))
			assert.True(t, s.HasValue(graph.PredName), "a predicate the store uses")
			assert.False(t, s.HasValue(quad.IRI("https://policygraph.org/vocab/nothing")), "a predicate no quad holds")

			var got []any
			err = s.Query(ctx, "gizmo", `g.V("United Kingdom").In("<https://policygraph.org/vocab/name>").All()`, 10,
				func(r graph.QueryResults) error {
					for r.Next(ctx) {
						got = append(got, r.Result())
					}
					return r.Err()
				})
			require.NoError(t, err)
			assert.Len(t, got, 1)

			var qe *graph.QueryError
			err = s.Query(ctx, "sparql", "SELECT", 10, func(graph.QueryResults) error { return nil })
			require.True(t, errors.As(err, &qe), "an unknown language is a *QueryError, got %v", err)
			assert.Contains(t, err.Error(), "sparql")
		})
	}
}

// TestMemstoreReadsDuringWrites reads the in-memory store from several
// goroutines while another writes: the store serialises them itself (run
// it with -race to see it).
func TestMemstoreReadsDuringWrites(t *testing.T) {
	ctx := context.Background()
	s := MustOpen(t, graph.Options{Backend: graph.BackendMemstore})
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := range 20 {
			id := fmt.Sprintf("a%d.txt", i)
			if _, err := s.Write(ctx, []graph.Extraction{sampleExtraction(id, "h",
				fact("Italy", "banned", "Huawei", "Italy banned Huawei.", domain.Asserted))}); err != nil {
				errs <- err
			}
		}
	}()
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 20 {
				if _, _, err := s.ArticleHash(ctx, fmt.Sprintf("a%d.txt", i)); err != nil {
					errs <- err
				}
				s.EntityByName(ctx, "Italy")
				if _, err := s.Names(ctx); err != nil {
					errs <- err
				}
				if _, err := s.Entity(ctx, "italy"); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	_, ok, err := s.ArticleHash(ctx, "a19.txt")
	require.NoError(t, err)
	assert.True(t, ok)
}
