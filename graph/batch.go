package graph

import "context"

// Batch collects extractions for one Store.Write, and says when it is full:
// at most maxQuads quads, and fewer as a bolt store grows. Cayley's kv keys
// are hashed, so a batch touches pages all over the store, and the larger
// the store the more pages the same number of quads dirties, which bolt
// holds in memory until the commit (with the page buffers it writes them
// from): it was most of the live heap of a 100,000 article ingest. A batch
// therefore measures the pages each write allocated and sizes the next one
// to write about txBytes of them; an ingest of 10,000 articles is hardly
// affected. A Batch is for one goroutine.
type Batch struct {
	s          *Store
	max, limit int // quads: the most, and the size of the current batch
	queued     []Extraction
	quads      int // of queued
}

// txBytes is how much memory the dirty pages of one write transaction may
// take.
const txBytes = 16 << 20

// NewBatch starts a batch of at most maxQuads quads (10,000 when not
// positive).
func (s *Store) NewBatch(maxQuads int) *Batch {
	if maxQuads <= 0 {
		maxQuads = 10000
	}
	return &Batch{s: s, max: maxQuads, limit: maxQuads}
}

// Add queues an extraction, and reports whether the batch is now full and
// should be written.
func (b *Batch) Add(x Extraction) (full bool) {
	b.queued = append(b.queued, x)
	b.quads += x.QuadCount()
	return b.quads >= b.limit
}

// Len is the number of extractions queued.
func (b *Batch) Len() int { return len(b.queued) }

// Write writes the queued extractions (see Store.Write), empties the batch
// and sizes the next one from the pages this write allocated.
func (b *Batch) Write(ctx context.Context) (WriteResult, error) {
	if len(b.queued) == 0 {
		return WriteResult{}, nil
	}
	before := b.s.writtenBytes()
	res, err := b.s.Write(ctx, b.queued)
	if err != nil {
		return res, err
	}
	if w := b.s.writtenBytes() - before; w > 0 {
		b.limit = batchLimit(b.max, b.quads, w)
	}
	b.queued, b.quads = b.queued[:0], 0
	return res, nil
}

// batchLimit returns the quads of the next batch: as many as would have
// made the last batch, of the given quads, write txBytes of pages, within
// an eighth of the maximum and the maximum.
func batchLimit(maxQuads, quads int, written int64) int {
	n := int(int64(quads) * txBytes / written)
	return min(maxQuads, max(maxQuads/8, n))
}

// writtenBytes returns the bytes of pages that the bolt store's write
// transactions have allocated since it was opened (bolt's PageAlloc): the
// dirty pages each transaction builds in memory and writes at its commit.
// Other backends return 0.
func (s *Store) writtenBytes() int64 {
	if s.bolt == nil {
		return 0
	}
	return int64(s.bolt.Stats().TxStats.PageAlloc)
}
