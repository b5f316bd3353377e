package main

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/policygraph/policygraph/queries"
)

func TestJSONFieldsAndJQ(t *testing.T) {
	dir, env := MustSeedStore(t)

	code, out, errOut := MustRun(t, dir, env, "tracker", "--json", "country,stance")
	require.Equal(t, 0, code, errOut)
	var rows []map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &rows), out)
	require.NotEmpty(t, rows)
	for _, r := range rows {
		assert.Len(t, r, 2, "only the fields asked for: %v", r)
		assert.Contains(t, r, "country")
		assert.Contains(t, r, "stance")
	}

	code, out, errOut = MustRun(t, dir, env, "tracker", "--jq", `.[] | select(.stance == "banned") | .country`)
	require.Equal(t, 0, code, errOut)
	assert.Equal(t, "Australia\nJapan\nNew Zealand\nUnited Kingdom\nUnited States\n", out, "strings are printed raw")

	code, out, errOut = MustRun(t, dir, env, "ask", "declined", "--json", "country,evidence", "--jq", "map(.country) | sort")
	require.Equal(t, 0, code, errOut)
	var countries []string
	require.NoError(t, json.Unmarshal([]byte(out), &countries), out)
	assert.Equal(t, []string{"France", "Germany"}, countries)

	code, out, errOut = MustRun(t, dir, env, "ask", "banned", "--jq", ".question")
	require.Equal(t, 0, code, errOut)
	assert.Equal(t, "banned\n", out, "--jq alone filters the whole --format json output")

	code, out, errOut = MustRun(t, dir, env, "stats", "--jq", ".articles")
	require.Equal(t, 0, code, errOut)
	assert.Equal(t, "5\n", out)

	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"unknown field", []string{"tracker", "--json", "country,bogus"}, exitUsage,
			`unknown --json field "bogus" (valid: country, date`},
		{"unknown field of a question", []string{"ask", "vetoes", "--json", "by"}, exitUsage, `unknown --json field "by" (valid: country, date`},
		{"unknown stats field", []string{"stats", "--json", "rows"}, exitUsage, "(valid: articles, entities, facts, quads)"},
		{"jq that does not parse", []string{"tracker", "--jq", ".["}, exitUsage, `--jq ".[": unexpected EOF`},
		{"with another format", []string{"tracker", "--json", "country", "--format", "csv"}, exitUsage, "do not go with --format csv"},
		{"jq failing on the data", []string{"tracker", "--jq", ".country"}, exitError, "expected an object but got: array"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := MustRun(t, dir, env, tt.args...)
			assert.Equal(t, tt.code, code, errOut)
			assert.Contains(t, errOut, tt.want)
		})
	}
}

func TestJSONFieldNames(t *testing.T) {
	type inner struct {
		A string `json:"a"`
	}
	type row struct {
		inner
		Name    string `json:"name,omitempty"`
		Skipped string `json:"-"`
		Plain   int
		hidden  int
	}
	assert.Equal(t, []string{"Plain", "a", "name"}, jsonFields(reflect.TypeOf([]row{})))
	assert.Subset(t, jsonFields(reflect.TypeOf([]queries.TrackerRow{})), []string{"country", "date", "evidence", "history", "iso2", "scope", "stance"})
	assert.Nil(t, jsonFields(reflect.TypeOf(3)))
	assert.False(t, strings.Contains(strings.Join(jsonFields(reflect.TypeOf(row{})), ","), "hidden"))
}
