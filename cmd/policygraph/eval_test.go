package main

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEval scores the extractor on the development gold file, in text and
// in JSON, with the articles found beside the gold file (dev.yaml -> dev/).
func TestEval(t *testing.T) {
	gold, err := filepath.Abs("../../extract/testdata/gold/dev.yaml")
	require.NoError(t, err)
	dir := t.TempDir()

	code, out, errOut := MustRun(t, dir, nil, "eval", "--gold", gold)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "articles 16")
	assert.Contains(t, out, "RELATION")

	code, out, errOut = MustRun(t, dir, nil, "eval", "--gold", gold, "--format", "json")
	require.Equal(t, 0, code, errOut)
	var report struct {
		Overall  struct{ F1 float64 } `json:"overall"`
		TrapHits int                  `json:"trap_hits"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &report), out)
	assert.GreaterOrEqual(t, report.Overall.F1, 0.85)
	assert.Zero(t, report.TrapHits)
}

// TestEvalSeeds scores the seeds with an explicit --articles folder.
func TestEvalSeeds(t *testing.T) {
	gold, err := filepath.Abs("../../extract/testdata/gold/seeds.yaml")
	require.NoError(t, err)
	seeds, err := filepath.Abs("../../seeds")
	require.NoError(t, err)
	code, out, errOut := MustRun(t, t.TempDir(), nil, "eval", "--gold", gold, "--articles", seeds)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "articles 5")
	assert.Contains(t, out, "trap hits 0")
}

// TestEvalBadFormat is a usage error.
func TestEvalBadFormat(t *testing.T) {
	gold, err := filepath.Abs("../../extract/testdata/gold/seeds.yaml")
	require.NoError(t, err)
	code, _, _ := MustRun(t, t.TempDir(), nil, "eval", "--gold", gold, "--format", "xml")
	assert.NotEqual(t, 0, code)
}
