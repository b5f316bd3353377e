package main

import (
	"archive/zip"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAnswersOnSeedsAreHonestAboutDates runs the questions issue 15 found
// misleading on the seeds: a ban dated "2018" from "last year" in a 2019
// article, a consideration dated "2018-11", dates that are only the
// article's, and facts left out for their modality.
func TestAnswersOnSeedsAreHonestAboutDates(t *testing.T) {
	seeds := MustCopySeeds(t)
	dir := filepath.Dir(seeds)
	env := map[string]string{"POLICYGRAPH_CORPUS_DIR": seeds}

	code, out, errOut := MustRun(t, dir, env, "tracker", "--as-of", "2018-01-01", "--format", "json")
	require.Equal(t, 0, code, errOut)
	assert.Equal(t, "[]", strings.TrimSpace(out), "nothing dated 2018 had certainly happened by 2018-01-01")
	assert.Contains(t, errOut, "dated by year or month only")
	assert.Contains(t, errOut, "--as-of 2018-12-31")

	code, out, errOut = MustRun(t, dir, env, "ask", "stance", "Japan", "--format", "json")
	require.Equal(t, 0, code, errOut)
	var stance struct {
		Results []struct {
			Date       string `json:"date"`
			DateSource string `json:"date_source"`
			Relation   string `json:"relation"`
		} `json:"results"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &stance), out)
	require.Len(t, stance.Results, 2)
	assert.Equal(t, "2018-11", stance.Results[0].Date, "2018-11 comes before 2018, which may be December")
	assert.Equal(t, "2018", stance.Results[1].Date)
	assert.Equal(t, "event", stance.Results[1].DateSource, "\"last year\" dates the event")

	code, out, errOut = MustRun(t, dir, env, "tracker")
	require.Equal(t, 0, code, errOut)
	assert.Regexp(t, `(?m)^Canada +considering_ban +2019-02 \(pub\)`, out, "a row with only a publication date says so")
	assert.Regexp(t, `(?m)^Japan +banned +2018 `, out)
	assert.Contains(t, errOut, "(pub): the sentence gives no date of its own")
	assert.Contains(t, errOut, "left out: ", "the tracker says what it left out")

	// Reports the seeds relay are asserted (GUIDELINES: only contradicted ones
	// are not), so Japan's and Germany's considerations are listed; Italy's
	// denied ban is the fact "ask banned" leaves out, and says so.
	code, out, errOut = MustRun(t, dir, env, "ask", "considering", "--ever", "--format", "json")
	require.Equal(t, 0, code, errOut)
	var considering struct {
		Results []struct{ Country string } `json:"results"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &considering), out)
	var names []string
	for _, r := range considering.Results {
		names = append(names, r.Country)
	}
	assert.ElementsMatch(t, []string{"Canada", "Germany", "Japan"}, names)

	code, out, errOut = MustRun(t, dir, env, "ask", "banned", "--ever", "--format", "json")
	require.Equal(t, 0, code, errOut)
	var ever struct {
		Results []struct{ Country string } `json:"results"`
		Hidden  struct {
			Count      int            `json:"count"`
			Modalities map[string]int `json:"modalities"`
		} `json:"hidden"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &ever), out)
	for _, r := range ever.Results {
		assert.NotEqual(t, "Italy", r.Country, "Italy's ban is denied")
	}
	assert.Equal(t, 1, ever.Hidden.Count, "Italy's denied ban")
	assert.Equal(t, map[string]int{"denied": 1}, ever.Hidden.Modalities)
	assert.Contains(t, errOut, "--modality asserted,denied shows them")

	code, out, errOut = MustRun(t, dir, env, "ask", "banned", "--ever", "--modality", "asserted,denied")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "Italy")
	assert.Contains(t, out, "denied")

	code, out, errOut = MustRun(t, dir, env, "ask", "contradictions")
	require.Equal(t, 0, code, errOut)
	assert.NotContains(t, out, "United Kingdom", "declined in 2019-02, restricted in 2019-04: a change of policy")

	for _, args := range [][]string{
		{"tracker", "--as-of", "2019-13-01"},
		{"tracker", "--as-of", "2019-02-30"},
		{"export", "--format", "gml", "--since", "2019-99"},
		{"export", "--format", "gml", "--until", "2019-02-30"},
	} {
		code, _, errOut = MustRun(t, dir, env, args...)
		assert.Equal(t, exitUsage, code, "%v: %s", args, errOut)
		assert.Contains(t, errOut, `"`+args[len(args)-1]+`"`, "names the value")
		assert.Contains(t, errOut, "YYYY-MM-DD", "names the valid forms")
	}

	// Exports: parallel facts merge unless --parallel; neo4j as a zip.
	code, merged, errOut := MustRun(t, dir, env, "export", "--format", "graphml")
	require.Equal(t, 0, code, errOut)
	code, parallel, errOut := MustRun(t, dir, env, "export", "--format", "graphml", "--parallel")
	require.Equal(t, 0, code, errOut)
	assert.Less(t, strings.Count(merged, "<edge "), strings.Count(parallel, "<edge "))
	assert.Contains(t, merged, `<data key="e_weight">2</data>`)
	zipPath := filepath.Join(t.TempDir(), "neo4j.zip")
	code, _, errOut = MustRun(t, dir, env, "export", "--format", "neo4j", "-o", zipPath)
	require.Equal(t, 0, code, errOut)
	zr, err := zip.OpenReader(zipPath)
	require.NoError(t, err)
	defer zr.Close()
	assert.Len(t, zr.File, 3)
}
