package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The fact index is derived: deleted, it is rebuilt when the store is next
// opened, and the answers do not change; reindex --check compares it with
// the graph.
func TestReindexAndLostIndex(t *testing.T) {
	seeds := MustCopySeeds(t)
	dir := filepath.Dir(seeds)
	store := filepath.Join(dir, "store")
	env := map[string]string{"POLICYGRAPH_STORE_PATH": store}
	code, _, errOut := MustRun(t, dir, env, "ingest", seeds)
	require.Equal(t, 0, code, errOut)
	code, before, errOut := MustRun(t, dir, env, "ask", "banned", "--format", "json")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, before, "Australia")

	code, out, errOut := MustRun(t, dir, env, "reindex", "--check")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "agrees with the graph")

	require.NoError(t, os.Remove(filepath.Join(store, "facts.bolt")))
	code, after, errOut := MustRun(t, dir, env, "ask", "banned", "--format", "json")
	require.Equal(t, 0, code, errOut)
	assert.JSONEq(t, before, after)

	code, out, errOut = MustRun(t, dir, env, "reindex")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "rebuilt")
	code, out, errOut = MustRun(t, dir, env, "reindex", "--check")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "agrees with the graph")
}
