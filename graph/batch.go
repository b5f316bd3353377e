package graph

import (
	"context"
	"sync/atomic"
)

// Batch collects extractions for one Store.Write, and says when it is full:
// at most maxQuads quads, and fewer as a bolt store grows. Cayley's kv keys
// are hashed, so a batch touches pages all over the store, and the larger
// the store the more pages the same number of quads dirties, which bolt
// holds in memory until the commit (with the page buffers it writes them
// from). A batch therefore measures the pages each write allocated and sizes
// the next one to write about txBytes of them.
//
// Larger transactions share pages between more quads: loading the quads of
// 20,000 articles with Cayley's ApplyDeltas took 41 CPU-seconds and wrote
// 2.95 GB of pages in 10,000-quad transactions, 30 CPU-seconds and 1.39 GB
// in 50,000-quad ones. Hence the defaults: 50,000 quads, 64 MB of pages.
//
// One goroutine fills the batch (Add, Take) while another may write what
// it took (WriteTaken), so that extraction goes on during a write.
type Batch struct {
	s      *Store
	max    int          // quads: the most
	limit  atomic.Int64 // quads: the size of the batch being filled
	queued []Extraction
	quads  int // of queued
}

// txBytes is how much memory the dirty pages of one write transaction may
// take.
const txBytes = 64 << 20

// DefaultBatchQuads is the most quads of a write transaction when the
// caller sets no maximum.
const DefaultBatchQuads = 50000

// NewBatch starts a batch of at most maxQuads quads (DefaultBatchQuads
// when not positive).
func (s *Store) NewBatch(maxQuads int) *Batch {
	if maxQuads <= 0 {
		maxQuads = DefaultBatchQuads
	}
	b := &Batch{s: s, max: maxQuads}
	// The first batch is small, so that the first write starts soon and
	// overlaps the extraction of the next; the batches then double up to
	// the size the pages they allocate allow (batchLimit).
	b.limit.Store(int64(max(1, maxQuads/8)))
	return b
}

// Add queues an extraction, and reports whether the batch is now full and
// should be written.
func (b *Batch) Add(x Extraction) (full bool) {
	b.queued = append(b.queued, x)
	b.quads += x.QuadCount()
	return int64(b.quads) >= b.limit.Load()
}

// Len is the number of extractions queued.
func (b *Batch) Len() int { return len(b.queued) }

// Quads is the number of quads queued.
func (b *Batch) Quads() int { return b.quads }

// Take hands over the queued extractions, to be written with WriteTaken,
// and empties the batch for the next ones.
func (b *Batch) Take() []Extraction {
	xs := b.queued
	b.queued, b.quads = nil, 0
	return xs
}

// Write writes the queued extractions (see Store.Write), empties the batch
// and sizes the next one from the pages this write allocated.
func (b *Batch) Write(ctx context.Context) (WriteResult, error) {
	return b.WriteTaken(ctx, b.Take())
}

// WriteTaken writes extractions handed over by Take (see Store.Write) and
// sizes the batches that follow from the pages this write allocated. It
// may run while another goroutine fills the batch; calls of WriteTaken
// must not overlap.
func (b *Batch) WriteTaken(ctx context.Context, xs []Extraction) (WriteResult, error) {
	if len(xs) == 0 {
		return WriteResult{}, nil
	}
	quads := 0
	for i := range xs {
		quads += xs[i].QuadCount()
	}
	before := b.s.writtenBytes()
	res, err := b.s.Write(ctx, xs)
	if err != nil {
		return res, err
	}
	if w := b.s.writtenBytes() - before; w > 0 {
		// At most twice the batch just written: while one batch is written
		// the next fills, and extraction fills twice the quads in less time
		// than they take to write.
		b.limit.Store(int64(min(batchLimit(b.max, quads, w), max(2*quads, b.max/8))))
	}
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
