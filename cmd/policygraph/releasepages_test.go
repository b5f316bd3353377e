package main

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReleasePagesKey: store.release_pages is off by default, takes true or
// false, and an ingest with it on stores the same articles.
func TestReleasePagesKey(t *testing.T) {
	seeds := MustCopySeeds(t)
	dir := filepath.Dir(seeds)
	code, out, errOut := MustRun(t, dir, nil, "config")
	require.Equal(t, 0, code, errOut)
	assert.Regexp(t, `store\.release_pages\s+false\s+default`, out)

	code, _, errOut = MustRun(t, dir, map[string]string{"POLICYGRAPH_STORE_RELEASE_PAGES": "sometimes"}, "config")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "store.release_pages")
	assert.Contains(t, errOut, "true or false")

	on := map[string]string{"POLICYGRAPH_STORE_RELEASE_PAGES": "true"}
	code, _, errOut = MustRun(t, dir, on, "ingest", seeds)
	require.Equal(t, 0, code, errOut)
	code, out, errOut = MustRun(t, dir, on, "stats", "--format", "json")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, `"articles": 5`)
}
