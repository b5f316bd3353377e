package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type trackerJSON struct {
	Country  string `json:"country"`
	ISO2     string `json:"iso2"`
	Stance   string `json:"stance"`
	Date     string `json:"date"`
	Scope    string `json:"scope"`
	History  int    `json:"history"`
	Evidence struct {
		Sentence string `json:"sentence"`
		Article  string `json:"article"`
		Title    string `json:"title"`
	} `json:"evidence"`
}

// TestTrackerOnSeeds is the main job: a fresh store, `tracker` ingests the
// seeds first and prints each country's latest stance with its evidence.
func TestTrackerOnSeeds(t *testing.T) {
	seeds := MustCopySeeds(t)
	dir := filepath.Dir(seeds)
	env := map[string]string{"POLICYGRAPH_CORPUS_DIR": seeds}
	code, out, errOut := MustRun(t, dir, env, "tracker", "--format", "json")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, errOut, "ingesting")

	var rows []trackerJSON
	require.NoError(t, json.Unmarshal([]byte(out), &rows), out)
	byCountry := map[string]trackerJSON{}
	for _, r := range rows {
		byCountry[r.Country] = r
		assert.NotEmpty(t, r.Evidence.Sentence, r.Country)
		assert.NotEmpty(t, r.Evidence.Article, r.Country)
		assert.Positive(t, r.History, r.Country)
	}
	want := map[string]string{
		"Australia":      "banned",
		"New Zealand":    "banned",
		"United Kingdom": "banned",
		"Italy":          "restricted",
		"Germany":        "declined_to_ban",
		"France":         "declined_to_ban",
		"Canada":         "considering_ban",
	}
	for country, stance := range want {
		assert.Equal(t, stance, byCountry[country].Stance, country)
	}
	uk := byCountry["United Kingdom"]
	assert.Equal(t, "000_96e29888d8300f82.txt", uk.Evidence.Article, "the UK's latest article is from 2020-10")
	assert.True(t, strings.HasPrefix(uk.Date, "2020-10"), uk.Date)
	assert.Equal(t, "GB", uk.ISO2)
	assert.Contains(t, byCountry["Italy"].Evidence.Sentence, "imposed measures")
	assert.Equal(t, "Italy aborts 5G deal between Huawei, Fastweb", byCountry["Italy"].Evidence.Title)

	// A second run does not ingest again.
	code, _, errOut = MustRun(t, dir, env, "tracker")
	require.Equal(t, 0, code, errOut)
	assert.NotContains(t, errOut, "ingesting")
}

func TestTrackerAsOfAndFormats(t *testing.T) {
	seeds := MustCopySeeds(t)
	dir := filepath.Dir(seeds)
	env := map[string]string{"POLICYGRAPH_CORPUS_DIR": seeds}
	code, out, errOut := MustRun(t, dir, env, "tracker", "--as-of", "2019-03-01", "--format", "json")
	require.Equal(t, 0, code, errOut)
	var rows []trackerJSON
	require.NoError(t, json.Unmarshal([]byte(out), &rows))
	for _, r := range rows {
		if r.Country == "United Kingdom" {
			assert.NotEqual(t, "banned", r.Stance, "the UK had not banned Huawei by 2019-03")
		}
		assert.LessOrEqual(t, r.Date, "2019-03-01")
	}

	code, out, errOut = MustRun(t, dir, env, "tracker", "--format", "csv")
	require.Equal(t, 0, code, errOut)
	assert.True(t, strings.HasPrefix(out, "country,stance,modality,date,dated by,scope,facts,article,title,url,confidence,evidence\n"), out)

	code, out, errOut = MustRunOn(t, dir, env, terminalOf(80), "tracker")
	require.Equal(t, 0, code, errOut)
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		assert.LessOrEqual(t, len([]rune(line)), 80, "table fits an 80-column terminal: %q", line)
	}

	code, _, errOut = MustRun(t, dir, env, "tracker", "--as-of", "March")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "--as-of")
	code, _, errOut = MustRun(t, dir, env, "tracker", "--target", "Huawey")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "did you mean Huawei")
}
