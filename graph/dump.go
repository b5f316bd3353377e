package graph

import (
	"context"
	"fmt"
	"io"

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
