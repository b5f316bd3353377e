package graph

import (
	"context"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// freelistSynced reports whether a bolt file's current meta page (the one
// of the later transaction) points at a free list page, rather than
// saying there is none to read (NoFreelistSync).
func freelistSynced(t *testing.T, file string) bool {
	t.Helper()
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	const header = 16 // page id, flags, count, overflow
	pageSize := int(binary.LittleEndian.Uint32(data[header+8:]))
	var freelist, txid uint64
	for _, off := range []int{0, pageSize} {
		meta := data[off+header:]
		if id := binary.LittleEndian.Uint64(meta[48:]); id >= txid {
			freelist, txid = binary.LittleEndian.Uint64(meta[32:]), id
		}
	}
	return freelist != ^uint64(0)
}

// allFacts is every record the index holds, and the store's counts.
func allFacts(t *testing.T, s *Store) ([]IndexedFact, Stats) {
	t.Helper()
	var out []IndexedFact
	require.NoError(t, s.Facts(context.Background(), AllFacts(), func(f IndexedFact) error { out = append(out, f); return nil }))
	st, err := s.Stats(context.Background())
	require.NoError(t, err)
	return out, st
}

// A fact index written without a free list (as before the list was kept)
// opens read-only as it is, writing nothing, and for writing with the list
// rebuilt and kept from then on; both answer as the store did.
func TestIndexWithoutFreelistOpens(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "store")
	file := filepath.Join(dir, indexFile)
	opts := Options{Backend: BackendBolt, Path: dir}

	kept := indexBoltOptions
	indexBoltOptions.NoFreelistSync = true // the options of the code before
	s, err := Open(ctx, opts)
	if err == nil {
		_, err = s.Write(ctx, manyArticles(30))
	}
	if err == nil {
		_, err = s.DeleteArticle(ctx, "a03.txt") // free pages to list
	}
	indexBoltOptions = kept
	require.NoError(t, err)
	want, wantStats := allFacts(t, s)
	require.NoError(t, s.Close())
	require.False(t, freelistSynced(t, file), "written the old way")

	before := stateOf(t, dir)
	r, err := Open(ctx, Options{Backend: BackendBolt, Path: dir, ReadOnly: true})
	require.NoError(t, err)
	got, gotStats := allFacts(t, r)
	require.NoError(t, r.Close())
	assert.Equal(t, want, got)
	assert.Equal(t, wantStats, gotStats)
	assert.Equal(t, before, stateOf(t, dir), "a read-only open writes nothing")

	s, err = Open(ctx, opts)
	require.NoError(t, err)
	got, gotStats = allFacts(t, s)
	assert.Equal(t, want, got)
	assert.Equal(t, wantStats, gotStats)
	mustAgree(t, s)
	_, err = s.Write(ctx, manyArticles(32)[30:])
	require.NoError(t, err)
	require.NoError(t, s.Close())
	assert.True(t, freelistSynced(t, file), "the free list is kept from the first writable open on")

	s, err = Open(ctx, opts)
	require.NoError(t, err)
	defer s.Close()
	got, gotStats = allFacts(t, s)
	assert.Len(t, got, len(want)+2)
	assert.Equal(t, wantStats.Articles+2, gotStats.Articles)
	mustAgree(t, s)
}
