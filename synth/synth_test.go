package synth_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/policygraph/policygraph/corpus"
	"github.com/policygraph/policygraph/synth"
)

func TestDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	_, err := synth.Write(a, synth.Options{Articles: 30, Seed: 7})
	require.NoError(t, err)
	_, err = synth.Write(b, synth.Options{Articles: 30, Seed: 7})
	require.NoError(t, err)
	for _, name := range []string{"manifest.yaml", "synth-0000000.txt", "synth-0000029.txt"} {
		x, err := os.ReadFile(filepath.Join(a, name))
		require.NoError(t, err)
		y, err := os.ReadFile(filepath.Join(b, name))
		require.NoError(t, err)
		assert.Equal(t, x, y, name)
	}
	assert.NotEqual(t, synth.Generate(7, 1).Text, synth.Generate(8, 1).Text, "the seed matters")
	_, err = corpus.LoadManifest(a)
	require.NoError(t, err, "the manifest is valid")
}
