package graph

import (
	"context"
	"fmt"

	"github.com/cayleygraph/cayley/graph/path"
	"github.com/cayleygraph/quad"
)

// EntityByName returns the ID of the entity with exactly this name, and
// whether there is one.
func (s *Store) EntityByName(ctx context.Context, name string) (id string, ok bool) {
	defer s.lockReads()()
	qs := s.h.QuadStore
	v, err := path.StartPath(qs, quad.String(name)).In(PredName).Iterate(ctx).FirstValue(qs)
	if err != nil || v == nil {
		return "", false
	}
	return entityID(v)
}

// Names lists the name of every named node in the graph, in storage order
// (one entry per node: names may repeat).
func (s *Store) Names(ctx context.Context) ([]string, error) {
	defer s.lockReads()()
	qs := s.h.QuadStore
	var all []string
	err := path.StartPath(qs).Out(PredName).Iterate(ctx).EachValue(qs, func(v quad.Value) {
		all = append(all, ValueString(v))
	})
	if err != nil {
		return nil, fmt.Errorf("graph: read names: %w", err)
	}
	return all, nil
}

// HasEntity reports whether the graph has a node for the entity with this
// ID (see EntityID).
func (s *Store) HasEntity(id string) bool {
	defer s.lockReads()()
	return s.inQuads(EntityIRI(id), quad.Subject)
}

// HasArticle reports whether the graph has a node for the article with this
// ID (ArticleHash also says whether it is a stored article).
func (s *Store) HasArticle(id string) bool {
	defer s.lockReads()()
	return s.inQuads(ArticleIRI(id), quad.Subject)
}

// inQuads reports whether some quad holds v in the direction d. A value's
// ref alone does not say: the SQL backend computes refs from the value
// (a hash) whether or not any quad holds it.
func (s *Store) inQuads(v quad.Value, d quad.Direction) bool {
	qs := s.h.QuadStore
	ref := qs.ValueOf(v)
	if ref == nil {
		return false
	}
	it := qs.QuadIterator(d, ref)
	defer it.Close()
	return it.Next(context.Background())
}

// HasValue reports whether the graph holds the value anywhere, as a node or
// a predicate: the web UI lists the vocabulary's predicates a store uses.
func (s *Store) HasValue(v quad.Value) bool {
	defer s.lockReads()()
	return s.inQuads(v, quad.Predicate) || s.inQuads(v, quad.Subject) || s.inQuads(v, quad.Object)
}
