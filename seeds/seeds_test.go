package seeds_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/policygraph/policygraph/seeds"
)

// TestEmbedsTheFolder checks the embedded corpus is this folder's articles
// and manifest, byte for byte, so an added seed cannot be left out.
func TestEmbedsTheFolder(t *testing.T) {
	var onDisk []string
	for _, pattern := range []string{"*.txt", "manifest.yaml"} {
		m, err := filepath.Glob(pattern)
		require.NoError(t, err)
		onDisk = append(onDisk, m...)
	}
	sort.Strings(onDisk)
	var embedded []string
	require.NoError(t, fs.WalkDir(seeds.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			embedded = append(embedded, path)
		}
		return err
	}))
	sort.Strings(embedded)
	require.NotEmpty(t, onDisk)
	assert.Equal(t, onDisk, embedded)
	for _, name := range onDisk {
		want, err := os.ReadFile(name)
		require.NoError(t, err)
		got, err := fs.ReadFile(seeds.FS, name)
		require.NoError(t, err)
		assert.Equal(t, want, got, name)
	}
}
