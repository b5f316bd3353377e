package graph

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/cayleygraph/quad"
)

// importBatch is how many quads each import transaction holds.
const importBatch = 10000

// Import loads raw quads (an export read back) into the store: next returns
// them one by one and io.EOF at the end. The quads go into the graph in
// transactions of importBatch quads, duplicates ignored; the fact index is
// built only once the whole graph is loaded, so that every record sees the
// entity names, titles and dates that may come after its statement in the
// file. The articles each batch touches are marked pending before the batch
// is written: after a crash, the next Open files them from whatever the
// graph holds. An error from next stops the import after filing what was
// loaded; it returns the number of quads written.
func (s *Store) Import(ctx context.Context, next func() (quad.Quad, error)) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.lockReads()()
	var (
		touched  []string
		seen     = map[string]bool{}
		entities = map[string]bool{} // entities whose reference data the import adds
		batch    []quad.Quad
		n        int
	)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		var fresh []string
		for _, q := range batch {
			if id, ok := articleID(q.Label); ok && !seen[id] {
				seen[id] = true
				fresh = append(fresh, id)
			}
			if q.Label == quad.IRI(EntitiesGraph) {
				if id, ok := entityID(q.Subject); ok {
					entities[id] = true
				}
			}
		}
		if err := s.index.markPending(ctx, fresh); err != nil {
			return fmt.Errorf("graph: import: %w", err)
		}
		touched = append(touched, fresh...)
		if err := s.addQuads(ctx, batch); err != nil {
			return err
		}
		n += len(batch)
		batch = batch[:0]
		return nil
	}
	var rerr error
	for {
		q, err := next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			rerr = err
			break
		}
		batch = append(batch, q)
		if len(batch) >= importBatch {
			if rerr = flush(); rerr != nil {
				break
			}
		}
		if rerr = ctx.Err(); rerr != nil {
			break
		}
	}
	if rerr == nil {
		rerr = flush()
	}
	// File what the graph now holds, even after an error: the index must
	// agree with the graph whatever was loaded.
	ictx := context.WithoutCancel(ctx)
	more, err := s.index.articlesNaming(ictx, entities)
	if err != nil {
		return n, errors.Join(rerr, err)
	}
	for _, id := range more {
		if !seen[id] {
			seen[id] = true
			touched = append(touched, id)
		}
	}
	if err := s.index.reindex(ictx, s, touched); err != nil {
		return n, errors.Join(rerr, err)
	}
	return n, rerr
}

// AddQuads writes raw quads (see Import) and files the articles they touch.
func (s *Store) AddQuads(ctx context.Context, qs []quad.Quad) error {
	i := 0
	_, err := s.Import(ctx, func() (quad.Quad, error) {
		if i == len(qs) {
			return quad.Quad{}, io.EOF
		}
		i++
		return qs[i-1], nil
	})
	return err
}

// entityID is the ID of an entity node.
func entityID(v quad.Value) (string, bool) { return idUnder(v, EntityNS) }

// articlesNaming lists the indexed articles with a fact that names one of
// the entities (as subject, object or target): their records hold the
// entities' names.
func (x *factIndex) articlesNaming(ctx context.Context, ids map[string]bool) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	for id := range ids {
		for _, space := range []string{keySubject, keyObject, keyTarget} {
			err := x.kv.scan(ctx, indexPrefix(space, id), func(k, _ []byte) error {
				stmt := bytes.LastIndexByte(k, 0)
				art := bytes.LastIndexByte(k[:max(stmt, 0)], 0)
				if art < 0 {
					return errBadRecord
				}
				if a := string(k[art+1 : stmt]); !seen[a] {
					seen[a] = true
					out = append(out, a)
				}
				return nil
			})
			if err != nil {
				return nil, fmt.Errorf("graph: read fact index: %w", err)
			}
		}
	}
	return out, nil
}
