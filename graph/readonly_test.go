package graph

import (
	"context"
	"crypto/sha256"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fileState is what a read must not change: the bytes and the mtime.
type fileState struct {
	sum   [32]byte
	mtime time.Time
}

func stateOf(t *testing.T, dir string) map[string]fileState {
	t.Helper()
	out := map[string]fileState{}
	for _, name := range []string{"indexes.bolt", indexFile} {
		p := filepath.Join(dir, name)
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		fi, err := os.Stat(p)
		require.NoError(t, err)
		out[name] = fileState{sha256.Sum256(data), fi.ModTime()}
	}
	return out
}

// A read-only open of a bolt store writes neither file (a full disk, a
// read-only copy), answers as a writable one does, lets another reader
// open the store meanwhile, and refuses writes.
func TestReadOnlyOpenWritesNothing(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "store")
	s, err := Open(ctx, Options{Backend: BackendBolt, Path: dir})
	require.NoError(t, err)
	_, err = s.Write(ctx, manyArticles(7))
	require.NoError(t, err)
	want, err := s.Stats(ctx)
	require.NoError(t, err)
	require.NoError(t, s.Close())
	// Tests run as root, which chmod does not stop: the bytes and times
	// are what prove nothing was written.
	for _, name := range []string{"indexes.bolt", indexFile} {
		require.NoError(t, os.Chmod(filepath.Join(dir, name), 0o444))
	}
	require.NoError(t, os.Chmod(dir, 0o555))
	t.Cleanup(func() { _ = os.Chmod(dir, 0o755) })
	before := stateOf(t, dir)
	time.Sleep(20 * time.Millisecond) // a write would show in the mtime

	r, err := Open(ctx, Options{Backend: BackendBolt, Path: dir, ReadOnly: true})
	require.NoError(t, err)
	r2, err := Open(ctx, Options{Backend: BackendBolt, Path: dir, ReadOnly: true})
	require.NoError(t, err, "readers share the store")
	got, err := r.Stats(ctx)
	require.NoError(t, err)
	assert.Equal(t, want, got)
	assert.Equal(t, 7, countFacts(t, r2, FactsWithTarget("Huawei")))
	empty, err := r.Empty(ctx)
	require.NoError(t, err)
	assert.False(t, empty)
	mustAgree(t, r)
	_, err = r.Write(ctx, manyArticles(8)[7:])
	assert.Error(t, err, "a read-only store refuses writes")
	require.NoError(t, r.Close())
	require.NoError(t, r2.Close())
	assert.Equal(t, before, stateOf(t, dir), "reading wrote nothing")
}

// A read-only open of a store whose index needs a repair opens it for
// writing and repairs it.
func TestReadOnlyOpenRepairs(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "store")
	s, err := Open(ctx, Options{Backend: BackendBolt, Path: dir})
	require.NoError(t, err)
	_, err = s.Write(ctx, manyArticles(4))
	require.NoError(t, err)
	require.NoError(t, s.index.kv.update(ctx, func(tx kvTx) error { return tx.del(versionKey) }))
	crash(t, s)

	r, err := Open(ctx, Options{Backend: BackendBolt, Path: dir, ReadOnly: true})
	require.NoError(t, err)
	defer r.Close()
	mustAgree(t, r)
	done, err := r.index.complete(ctx)
	require.NoError(t, err)
	assert.True(t, done)
}

// Errors about a bolt store name its path.
func TestOpenErrorsNameTheStore(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "store")
	s, err := Open(ctx, Options{Backend: BackendBolt, Path: dir})
	require.NoError(t, err)
	require.NoError(t, s.Close())
	require.NoError(t, os.WriteFile(filepath.Join(dir, indexFile), []byte("not a bolt file, long enough to be read as one"), 0o644))
	for _, ro := range []bool{false, true} {
		_, err = Open(ctx, Options{Backend: BackendBolt, Path: dir, ReadOnly: ro})
		require.Error(t, err)
		assert.Contains(t, err.Error(), dir)
		assert.NotContains(t, err.Error(), "<store url>")
	}
}

// A read-only open of a store whose index needs a repair, where the files
// cannot be written (a read-only file system, simulated: tests run as
// root), builds the index in memory, answers as a repaired store does and
// writes nothing.
func TestReadOnlyOpenRepairsInMemoryWhereItCannotWrite(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "store")
	s, err := Open(ctx, Options{Backend: BackendBolt, Path: dir})
	require.NoError(t, err)
	_, err = s.Write(ctx, manyArticles(5))
	require.NoError(t, err)
	want, err := s.Stats(ctx)
	require.NoError(t, err)
	require.NoError(t, s.index.kv.update(ctx, func(tx kvTx) error { return tx.del(versionKey) }))
	crash(t, s)
	before := stateOf(t, dir)
	time.Sleep(20 * time.Millisecond) // a write would show in the mtime

	faultHook = func(point string) error {
		if point == "open: writable" {
			return &os.PathError{Op: "open", Path: filepath.Join(dir, "indexes.bolt"), Err: syscall.EROFS}
		}
		return nil
	}
	t.Cleanup(func() { faultHook = nil })
	r, err := Open(ctx, Options{Backend: BackendBolt, Path: dir, ReadOnly: true})
	require.NoError(t, err)
	got, err := r.Stats(ctx)
	require.NoError(t, err)
	assert.Equal(t, want, got)
	assert.Equal(t, 5, countFacts(t, r, FactsWithTarget("Huawei")))
	mustAgree(t, r)
	_, isMem := r.index.kv.(*memKV)
	assert.True(t, isMem, "the index was built in memory")
	require.NoError(t, r.Close())
	assert.Equal(t, before, stateOf(t, dir), "reading wrote nothing")

	// Another failure of the writable open is reported as it is.
	faultHook = func(point string) error {
		if point == "open: writable" {
			return errors.New("disk on fire")
		}
		return nil
	}
	_, err = Open(ctx, Options{Backend: BackendBolt, Path: dir, ReadOnly: true})
	require.ErrorContains(t, err, "disk on fire")
}
