package export

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/jsonld"
	"github.com/cayleygraph/quad/nquads"

	"github.com/policygraph/policygraph/graph"
)

// importBatch is how many quads each import transaction holds.
const importBatch = 10000

// ImportNQuads loads N-Quads from r into the store in batches. A malformed
// line is an error naming name and the line; nothing of that batch is
// written. It returns the number of quads read.
func ImportNQuads(ctx context.Context, s *graph.Store, name string, r io.Reader) (int, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	var batch []quad.Quad
	n, line := 0, 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		q, err := nquads.Parse(text)
		if err != nil {
			return n, fmt.Errorf("import %s:%d: %w", name, line, err)
		}
		if !q.IsValid() {
			return n, fmt.Errorf("import %s:%d: incomplete quad", name, line)
		}
		batch = append(batch, q)
		if len(batch) >= importBatch {
			if err := s.AddQuads(ctx, batch); err != nil {
				return n, err
			}
			n += len(batch)
			batch = batch[:0]
		}
	}
	if err := sc.Err(); err != nil {
		return n, fmt.Errorf("import %s:%d: %w", name, line+1, err)
	}
	if err := s.AddQuads(ctx, batch); err != nil {
		return n, err
	}
	return n + len(batch), nil
}

// ImportJSONLD loads a JSON-LD document into the store.
func ImportJSONLD(ctx context.Context, s *graph.Store, name string, r io.Reader) (int, error) {
	jr := jsonld.NewReader(r)
	defer jr.Close()
	var all []quad.Quad
	for {
		q, err := jr.ReadQuad()
		if err == io.EOF {
			break
		}
		if err != nil {
			return 0, fmt.Errorf("import %s: %w", name, err)
		}
		all = append(all, q)
	}
	if err := s.AddQuads(ctx, all); err != nil {
		return 0, err
	}
	return len(all), nil
}
