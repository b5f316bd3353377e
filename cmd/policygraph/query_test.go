package main

import (
	"maps"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestQueryCommandLimits runs hostile and large queries through the CLI on
// the seed store (bolt): a query past query.max_memory fails with exit 1
// and says why; a timeout is an error too, and the store is closed only
// once the query has stopped (it used to crash with SIGSEGV, issue 18);
// a cut answer is noted on stderr.
func TestQueryCommandLimits(t *testing.T) {
	if testing.Short() && raceEnabled {
		t.Skip("the race detector's shadow memory makes heap growth slow: covered without -race")
	}
	dir, env := MustSeedStore(t)
	small := maps.Clone(env)
	small["POLICYGRAPH_QUERY_MAX_MEMORY"] = "64MiB"
	code, out, errOut := MustRun(t, dir, small, "query", "--timeout", "2m", `var s="x"; while(true) s+=s;`)
	assert.Equal(t, exitError, code, errOut)
	assert.Contains(t, errOut, "too much memory")
	assert.Contains(t, errOut, "64 MiB")
	assert.Equal(t, "[]\n", out)

	for i := 0; i < 3; i++ {
		code, _, errOut = MustRun(t, dir, env, "query", "--timeout", "100ms", `while(true){ g.V().Out().Out().toArray() }`)
		assert.Equal(t, exitError, code, errOut)
		assert.Contains(t, errOut, "timed out after 100ms")
	}

	code, out, errOut = MustRun(t, dir, env, "query", "--limit", "2", `g.V().All()`)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, errOut, "results truncated at the limit of 2 results")
	assert.Contains(t, out, "^^<http://www.w3.org/", "IRIs are not escaped")

	bad := maps.Clone(env)
	bad["POLICYGRAPH_QUERY_MAX_MEMORY"] = "lots"
	code, _, errOut = MustRun(t, dir, bad, "query", `g.V().All()`)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "query.max_memory")
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"1048576": 1 << 20, "8MiB": 8 << 20, "8 MiB": 8 << 20, "2gib": 2 << 30, "5MB": 5e6, "10KB": 1e4, "3KiB": 3 << 10, "7B": 7} {
		n, err := parseSize(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, n, in)
	}
	for _, in := range []string{"", "0", "-5MiB", "lots", "1.5GiB", "MiB"} {
		_, err := parseSize(in)
		assert.Error(t, err, in)
	}
}

// TestLimitKeys shows the query.* and server.* limits in `config`, from
// their defaults or the environment, and refuses bad values by key.
func TestLimitKeys(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := MustRun(t, dir, map[string]string{"POLICYGRAPH_QUERY_MAX_MEMORY": "1GiB"}, "config", "--format", "json")
	require.Equal(t, exitOK, code, errOut)
	keys := configJSON(t, out)
	assert.Equal(t, [2]string{"1073741824", "env POLICYGRAPH_QUERY_MAX_MEMORY"}, keys["query.max_memory"])
	assert.Equal(t, [2]string{"8388608", "default"}, keys["query.max_result_bytes"])
	assert.Equal(t, [2]string{"10s", "default"}, keys["query.timeout"])
	assert.Equal(t, [2]string{"2", "default"}, keys["server.max_queries"])
	assert.Equal(t, [2]string{"4", "default"}, keys["server.query_queue"])

	for key, val := range map[string]string{"server.max_queries": "0", "server.query_queue": "-1", "query.timeout": "soon", "query.max_result_bytes": "0"} {
		code, _, errOut := MustRun(t, dir, map[string]string{EnvName(key): val}, "config")
		assert.Equal(t, exitUsage, code, key)
		assert.Contains(t, errOut, key)
		assert.Contains(t, errOut, EnvName(key))
	}
}
