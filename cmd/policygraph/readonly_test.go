package main

import (
	"crypto/sha256"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/policygraph/policygraph/graph"
)

// storeFiles is what a read must not change in a bolt store: each file's
// bytes and modification time.
func storeFiles(t *testing.T, dir string) map[string][2]any {
	t.Helper()
	out := map[string][2]any{}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		require.NoError(t, err)
		fi, err := e.Info()
		require.NoError(t, err)
		out[e.Name()] = [2]any{sha256.Sum256(data), fi.ModTime()}
	}
	return out
}

// Read commands (all that open the store read-only: stats, ask, tracker,
// reindex --check, export, query, and serve) work on a read-only store and write
// nothing to it (so they also work while the disk is full). Tests run as root, which chmod does
// not stop: the files' bytes and times are the proof.
func TestReadCommandsWriteNothing(t *testing.T) {
	seeds := MustCopySeeds(t)
	dir := filepath.Dir(seeds)
	store := filepath.Join(dir, "store")
	env := map[string]string{"POLICYGRAPH_STORE_PATH": store, "POLICYGRAPH_CORPUS_DIR": seeds}
	code, _, errOut := MustRun(t, dir, env, "ingest", seeds)
	require.Equal(t, 0, code, errOut)
	entries, err := os.ReadDir(store)
	require.NoError(t, err)
	for _, e := range entries {
		require.NoError(t, os.Chmod(filepath.Join(store, e.Name()), 0o444))
	}
	require.NoError(t, os.Chmod(store, 0o555))
	t.Cleanup(func() { _ = os.Chmod(store, 0o755) })
	before := storeFiles(t, store)
	time.Sleep(20 * time.Millisecond) // a write would show in the times

	for _, args := range [][]string{
		{"stats"}, {"ask", "banned"}, {"ask", "stance", "Italy"}, {"tracker"}, {"reindex", "--check"},
		{"export", "--format", "nquads"}, {"query", "--lang", "gizmo", "g.V().Limit(3).All()"},
	} {
		code, out, errOut := MustRun(t, dir, env, args...)
		assert.Equal(t, 0, code, "%v: %s", args, errOut)
		assert.NotEmpty(t, out, "%v", args)
		assert.NotContains(t, errOut, "ingesting", "%v: the store is not taken for empty", args)
	}
	base, stop := MustServe(t, map[string]string{"POLICYGRAPH_STORE_BACKEND": "bolt", "POLICYGRAPH_STORE_PATH": store})
	for _, path := range []string{"/api/tracker", "/api/ask/banned"} {
		assert.Equal(t, http.StatusOK, status(t, base+path, ""), path)
	}
	res, err := http.Get(base + "/api/stats")
	require.NoError(t, err)
	var st graph.Stats
	require.NoError(t, json.NewDecoder(res.Body).Decode(&st))
	res.Body.Close()
	assert.Positive(t, st.Articles, "serve answers from the store")
	assert.Equal(t, exitOK, stop())
	assert.Equal(t, before, storeFiles(t, store), "read commands and serve wrote nothing")
}
