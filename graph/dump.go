package graph

import (
	"context"
	"fmt"
	"io"
	"sort"

	"github.com/cayleygraph/cayley/graph/path"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// EachQuad streams every quad of the store to fn, stopping at the first
// error fn returns.
func (s *Store) EachQuad(ctx context.Context, fn func(quad.Quad) error) error {
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
func (s *Store) Entities(ctx context.Context) ([]Entity, map[string]int64, error) {
	counts, err := s.FactCounts(ctx)
	if err != nil {
		return nil, nil, err
	}
	out := make([]Entity, 0, len(counts))
	for id := range counts {
		e, err := s.entity(ctx, id)
		if err != nil {
			return nil, nil, err
		}
		out = append(out, e)
	}
	return out, counts, nil
}

// entity reads one entity's reference data.
func (s *Store) entity(ctx context.Context, id string) (Entity, error) {
	e := Entity{ID: id}
	qs := s.h.QuadStore
	node := EntityIRI(id)
	// One subject-and-predicate lookup each: the node's own quads include
	// its direct edges, thousands for a busy country.
	for _, f := range []struct {
		pred quad.IRI
		dst  *string
	}{{PredName, &e.Name}, {PredEntityType, (*string)(&e.Type)}, {PredISO2, &e.ISO2}, {PredISO3, &e.ISO3}, {PredRegion, &e.Region}} {
		var vals []string
		err := path.StartPath(qs, node).Out(f.pred).Iterate(ctx).EachValue(qs, func(v quad.Value) {
			vals = append(vals, ValueString(v))
		})
		if err != nil {
			return e, fmt.Errorf("graph: read entity %s: %w", id, err)
		}
		if len(vals) > 0 {
			sort.Strings(vals) // deterministic when a node has two
			*f.dst = vals[0]
		}
	}
	if e.Name == "" {
		e.Name = id
	}
	return e, nil
}
