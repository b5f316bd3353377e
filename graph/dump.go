package graph

import (
	"context"
	"fmt"
	"io"

	"github.com/cayleygraph/cayley/graph/path"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/policygraph/policygraph/domain"
)

// EachQuad streams every quad of the store to fn, stopping at the first
// error fn returns. fn must not call the store: on the in-memory backend
// the store's readers wait until EachQuad returns.
func (s *Store) EachQuad(ctx context.Context, fn func(quad.Quad) error) error {
	defer s.lockReads()()
	r := cgraph.NewQuadStoreReader(s.h.QuadStore)
	defer r.Close()
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		q, err := r.ReadQuad()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("graph: read quads: %w", err)
		}
		if err := fn(q); err != nil {
			return err
		}
	}
}

// Entities returns the entities the stored facts name, with their
// reference data and how many facts name each (subject, object or target).
func (s *Store) Entities(ctx context.Context) ([]domain.Entity, map[string]int64, error) {
	counts, err := s.FactCounts(ctx)
	if err != nil {
		return nil, nil, err
	}
	out := make([]domain.Entity, 0, len(counts))
	for id := range counts {
		e, err := s.Entity(ctx, id)
		if err != nil {
			return nil, nil, err
		}
		out = append(out, e)
	}
	return out, counts, nil
}

// Entity reads one entity's reference data; its name is its ID when the
// graph has none.
func (s *Store) Entity(ctx context.Context, id string) (domain.Entity, error) {
	defer s.lockReads()()
	e := domain.Entity{ID: id}
	node := EntityIRI(id)
	for _, f := range []struct {
		pred quad.IRI
		dst  *string
	}{{PredName, &e.Name}, {PredEntityType, (*string)(&e.Type)}, {PredISO2, &e.ISO2}, {PredISO3, &e.ISO3}, {PredRegion, &e.Region}} {
		v, err := s.firstValue(ctx, node, f.pred)
		if err != nil {
			return e, fmt.Errorf("graph: read entity %s: %w", id, err)
		}
		*f.dst = v
	}
	if e.Name == "" {
		e.Name = id
	}
	return e, nil
}

// firstValue reads a node's value of one predicate, the smallest when it
// has several (so that answers do not depend on storage order), or "".
// It is one subject-and-predicate lookup: a node's quads also hold its
// direct edges, thousands for a busy country.
func (s *Store) firstValue(ctx context.Context, node quad.Value, pred quad.IRI) (string, error) {
	qs := s.h.QuadStore
	first, found := "", false
	err := path.StartPath(qs, node).Out(pred).Iterate(ctx).EachValue(qs, func(v quad.Value) {
		if str := ValueString(v); !found || str < first {
			first, found = str, true
		}
	})
	return first, err
}
