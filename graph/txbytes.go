package graph

// WrittenBytes returns the bytes of pages that the bolt store's write
// transactions have allocated since it was opened (bolt's PageAlloc): the
// dirty pages each transaction builds in memory and writes at its commit.
// The difference over a Write is that write's cost in memory; with Cayley's
// hashed keys it grows with the store for a batch of the same size. Other
// backends return 0.
func (s *Store) WrittenBytes() int64 {
	if s.bolt == nil {
		return 0
	}
	return int64(s.bolt.Stats().TxStats.PageAlloc)
}
