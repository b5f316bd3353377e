package main

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDefaultVendorFromConfig: queries.default_vendor is the target of the
// tracker and the stance questions when no --target is given.
func TestDefaultVendorFromConfig(t *testing.T) {
	seeds := MustCopySeeds(t)
	dir := filepath.Dir(seeds)
	env := map[string]string{"POLICYGRAPH_CORPUS_DIR": seeds}
	zte := map[string]string{"POLICYGRAPH_CORPUS_DIR": seeds, "POLICYGRAPH_QUERIES_DEFAULT_VENDOR": "ZTE"}
	run := func(env map[string]string, args ...string) string {
		t.Helper()
		code, out, errOut := MustRun(t, dir, env, args...)
		require.Equal(t, 0, code, errOut)
		return out
	}
	huaweiRows := run(env, "tracker", "--format", "json")
	zteRows := run(env, "tracker", "--target", "ZTE", "--format", "json")
	require.NotEqual(t, huaweiRows, zteRows, "the seeds must hold different stances toward the two vendors")
	assert.Equal(t, huaweiRows, run(env, "tracker", "--target", "Huawei", "--format", "json"))
	assert.Equal(t, zteRows, run(zte, "tracker", "--format", "json"))

	assert.Equal(t, run(env, "ask", "banned", "--target", "ZTE", "--format", "csv"), run(zte, "ask", "banned", "--format", "csv"))
	assert.Contains(t, run(zte, "ask", "--list", "--format", "json"), `"default": "ZTE"`)
	assert.Contains(t, run(zte, "config"), "ZTE")

	code, _, errOut := MustRun(t, dir, map[string]string{"POLICYGRAPH_QUERIES_DEFAULT_VENDOR": " "}, "config")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "queries.default_vendor")
}
