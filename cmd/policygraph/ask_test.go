package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// MustSeedStore ingests a copy of the seeds into a bolt store and returns
// the folder to run in and the environment pointing at the corpus.
func MustSeedStore(tb testing.TB) (string, map[string]string) {
	tb.Helper()
	seeds := MustCopySeeds(tb)
	dir := filepath.Dir(seeds)
	env := map[string]string{"POLICYGRAPH_CORPUS_DIR": seeds}
	code, _, errOut := MustRun(tb, dir, env, "ingest", "--quiet")
	require.Equal(tb, 0, code, errOut)
	return dir, env
}

func askJSON(t *testing.T, dir string, env map[string]string, args ...string) []map[string]any {
	t.Helper()
	code, out, errOut := MustRun(t, dir, env, append(append([]string{"ask"}, args...), "--format", "json")...)
	require.Equal(t, 0, code, errOut)
	var res struct {
		Results []map[string]any `json:"results"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &res), out)
	return res.Results
}

func values(rows []map[string]any, key string) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r[key].(string))
	}
	return out
}

// TestAskOnSeeds checks the canned questions' answers on the seed corpus.
func TestAskOnSeeds(t *testing.T) {
	dir, env := MustSeedStore(t)

	banned := askJSON(t, dir, env, "banned")
	assert.Subset(t, values(banned, "country"), []string{"Australia", "New Zealand", "United Kingdom", "United States", "Japan"})
	for _, r := range banned {
		if c := r["country"]; c == "United States" || c == "Japan" {
			assert.Equal(t, "government-contracts", r["scope"], c)
		}
	}
	assert.ElementsMatch(t, []string{"Germany", "France"}, values(askJSON(t, dir, env, "declined"), "country"))
	assert.Equal(t, []string{"Canada"}, values(askJSON(t, dir, env, "considering"), "country"))
	assert.Equal(t, []string{"Italy"}, values(askJSON(t, dir, env, "restricted"), "country"))
	assert.NotContains(t, values(askJSON(t, dir, env, "banned", "--as-of", "2019-03-01"), "country"), "United Kingdom")

	pressured := askJSON(t, dir, env, "pressured", "--by", "United States")
	assert.Subset(t, values(pressured, "on"), []string{"United Kingdom", "Germany", "Japan", "Italy", "European Union"})

	vetoes := askJSON(t, dir, env, "vetoes")
	var italy map[string]any
	for _, v := range vetoes {
		if v["country"] == "Italy" {
			italy = v
		}
	}
	require.NotNil(t, italy)
	assert.Equal(t, "Fastweb-Huawei 5G deal", italy["deal"])

	timeline := askJSON(t, dir, env, "stance", "Italy")
	var dates []string
	firstRestricted, lastDenial := -1, -1
	for i, r := range timeline {
		dates = append(dates, r["date"].(string))
		if r["relation"] == "restricted" && firstRestricted < 0 {
			firstRestricted = i
		}
		if r["relation"] == "declined_to_ban" || r["modality"] == "denied" {
			lastDenial = i
		}
	}
	require.GreaterOrEqual(t, firstRestricted, 0)
	require.GreaterOrEqual(t, lastDenial, 0)
	assert.Less(t, lastDenial, firstRestricted, "the 2019-02 denial comes before the 2020-10 restrictions")
	assert.True(t, strings.HasPrefix(dates[0], "2019-02"))
}

func TestAskListAndErrors(t *testing.T) {
	dir, env := MustSeedStore(t)
	code, out, _ := MustRun(t, dir, env, "ask", "--list")
	require.Equal(t, 0, code)
	for _, q := range []string{"banned", "pressured", "vetoes", "stance", "contradictions", "article", "entities"} {
		assert.Contains(t, out, q)
	}
	assert.Contains(t, out, "e.g. policygraph ask")

	code, _, errOut := MustRun(t, dir, env, "ask", "bogus")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "valid: banned")
	code, _, errOut = MustRun(t, dir, env, "ask", "vetoes", "--by", "US")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "does not take --by")
	code, _, errOut = MustRun(t, dir, env, "ask", "stance", "Atlantis")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, `country "Atlantis" is not a country in the store (valid: Australia`)

	for _, f := range []string{"table", "csv", "md"} {
		code, out, errOut = MustRunOn(t, dir, env, terminalOf(80), "ask", "banned", "--format", f)
		require.Equal(t, 0, code, errOut)
		assert.Contains(t, out, "Australia", f)
		if f == "table" {
			for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
				assert.LessOrEqual(t, len([]rune(line)), 80, line)
			}
		}
	}
}

func TestQueryCommand(t *testing.T) {
	dir, env := MustSeedStore(t)
	code, out, errOut := MustRun(t, dir, env, "query", "--lang", "gizmo",
		`g.V("<https://policygraph.org/entity/italy>").Out("<https://policygraph.org/vocab/vetoed>").All()`)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "fastweb-huawei-5g-deal")

	code, _, errOut = MustRun(t, dir, env, "query", "--lang", "gizmo", "--timeout", "300ms", "while(true){}")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "timed out")

	code, _, errOut = MustRun(t, dir, env, "query", "--lang", "sql", "SELECT 1")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "gizmo, graphql")
}
