package main

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestUsageErrorsExit2 runs each command's usage errors through the real
// command tree: each exits 2 with a message saying what is valid.
func TestUsageErrorsExit2(t *testing.T) {
	dir, env := MustSeedStore(t)
	tests := []struct {
		name string
		args []string
		want []string // in stderr
	}{
		{"unknown command", []string{"trackr"}, []string{`unknown command "trackr" (did you mean tracker?)`, "commands: ask,"}},
		{"unknown global flag", []string{"--bogus", "stats"}, []string{"unknown flag: --bogus", "see policygraph --help"}},
		{"bad backend", []string{"--backend", "mysql", "stats"}, []string{"store.backend", "valid: bolt, memstore"}},

		{"tracker extra argument", []string{"tracker", "Huawei"}, []string{`tracker: takes no arguments (got "Huawei")`, "usage: policygraph tracker"}},
		{"tracker unknown flag", []string{"tracker", "--taget", "ZTE"}, []string{"unknown flag: --taget", "see policygraph tracker --help"}},
		{"tracker bad format", []string{"tracker", "--format", "xml"}, []string{`unknown --format "xml" (valid: table, json, csv, md)`}},
		{"tracker bad date", []string{"tracker", "--as-of", "March"}, []string{"--as-of"}},
		{"tracker country as vendor", []string{"tracker", "--target", "Italy"}, []string{`--target "Italy" is a country, not a company (vendor) (valid: BT Group, Broadcom, Huawei`}},
		{"tracker unknown vendor", []string{"tracker", "--target", "Huawey"}, []string{"did you mean Huawei?"}},

		{"ask without a question", []string{"ask"}, []string{"ask needs a question name (valid: banned,"}},
		{"ask unknown question", []string{"ask", "bannd"}, []string{`unknown question "bannd" (valid: banned,`}},
		{"ask stance without a country", []string{"ask", "stance"}, []string{`country "" is missing; e.g. policygraph ask stance Italy`}},
		{"ask stance of a vendor", []string{"ask", "stance", "Huawei"}, []string{`country "Huawei" is a company, not a country (valid: Australia,`}},
		{"ask stance of an unknown country", []string{"ask", "stance", "Atlantis"}, []string{`country "Atlantis" is not a country in the store (valid: Australia`}},
		{"ask banned target a country", []string{"ask", "banned", "--target", "Italy"}, []string{`target "Italy" is a country, not a company (vendor)`}},
		{"ask extra argument", []string{"ask", "banned", "Italy"}, []string{`banned takes no argument (got "Italy")`}},
		{"ask too many arguments", []string{"ask", "stance", "Italy", "Huawei"}, []string{"accepts at most 2 arg(s), received 3", "usage: policygraph ask"}},
		{"ask flag not taken", []string{"ask", "vetoes", "--by", "US"}, []string{"vetoes does not take --by (valid flags: --modality)"}},
		{"ask bad date", []string{"ask", "banned", "--as-of", "yesterday"}, []string{`as-of: invalid date "yesterday"`, "YYYY-MM-DD"}},
		{"ask impossible date", []string{"ask", "banned", "--as-of", "2019-02-30"}, []string{`invalid date "2019-02-30"`}},
		{"tracker impossible month", []string{"tracker", "--as-of", "2019-13-01"}, []string{`invalid date "2019-13-01"`}},
		{"export impossible since", []string{"export", "--format", "nquads", "--since", "2019-99"}, []string{`invalid date "2019-99"`}},
		{"ask window not a number", []string{"ask", "contradictions", "--window", "abc"}, []string{`window "abc" is not a whole number`}},
		{"ask ever with a value", []string{"ask", "banned", "--ever=maybe"}, []string{`invalid --ever "maybe": want true or false`}},
		{"ask unknown article", []string{"ask", "article", "nope.txt"}, []string{`article "nope.txt" is not in the store`}},
		{"ask unknown entity type", []string{"ask", "entities", "--type", "vendor"}, []string{`unknown type "vendor" (valid: country,`}},

		{"export unknown relation", []string{"export", "--relation", "bannd"}, []string{`--relation "bannd" is not a relation (did you mean banned?)`}},
		{"export vendor as country", []string{"export", "--country", "Huawei"}, []string{`--country "Huawei" is a company, not a country`}},
		{"export unknown format", []string{"export", "--format", "svg"}, []string{`unknown --format "svg" (valid: nquads,`}},
		{"export neo4j without a folder", []string{"export", "--format", "neo4j"}, []string{"give it with -o DIR"}},
		{"export extra argument", []string{"export", "graph.nq"}, []string{`export: takes no arguments (got "graph.nq")`}},

		{"eval without gold", []string{"eval"}, []string{"eval needs --gold FILE"}},
		{"ingest bad workers", []string{"ingest", "--workers", "abc"}, []string{`invalid --workers "abc": want a whole number (see policygraph ingest --help)`}},
		{"query bad timeout", []string{"query", "--timeout", "soon", "g.V().All()"}, []string{`invalid --timeout "soon": want a duration such as 30s`}},
		{"ingest bad quiet", []string{"ingest", "-q=maybe"}, []string{`invalid --quiet "maybe": want true or false`}},
		{"ingest bad shard", []string{"ingest", "--shard", "5/4"}, []string{"want I/N with 0 <= I < N"}},
		{"ingest bad feed", []string{"ingest", "--feed", "example.com/rss"}, []string{"want an http(s) URL"}},
		{"extract bad format", []string{"extract", "--format", "xml"}, []string{"(valid: jsonl, table)"}},
		{"query two arguments", []string{"query", "a", "b"}, []string{"accepts at most 1 arg(s), received 2"}},
		{"query unknown language", []string{"query", "--lang", "sql", "SELECT 1"}, []string{"(valid: gizmo, graphql)"}},
		{"query bad limit", []string{"query", "--limit", "0", "g.V().All()"}, []string{"--limit must be between 1 and"}},
		{"stats extra argument", []string{"stats", "now"}, []string{"stats: takes no arguments"}},
		{"stats bad format", []string{"stats", "--format", "xml"}, []string{"(valid: table, json)"}},
		{"config bad format", []string{"config", "--format", "xml"}, []string{"(valid: table, json)"}},
		{"import without a file", []string{"import"}, []string{"accepts 1 arg(s), received 0", "usage: policygraph import"}},
		{"import unknown format", []string{"import", "graph.csv"}, []string{"unknown format (want .nq or .jsonld)"}},
		{"serve extra argument", []string{"serve", "8080"}, []string{"takes no arguments"}},
		{"gen without articles", []string{"gen"}, []string{"gen needs --articles N"}},
		{"reindex extra argument", []string{"reindex", "all"}, []string{"reindex: takes no arguments"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := MustRun(t, dir, env, tt.args...)
			assert.Equal(t, exitUsage, code, "stderr: %s", errOut)
			assert.Empty(t, out)
			for _, w := range tt.want {
				assert.Contains(t, errOut, w)
			}
		})
	}
}

// TestReadmeExitStatusTable checks that the README's exit-status table
// lists exactly the statuses the program returns, and that commands
// produce each of them.
func TestReadmeExitStatusTable(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	section := string(readme)
	start := strings.Index(section, "### Exit status")
	require.GreaterOrEqual(t, start, 0, "README has an Exit status section")
	section = section[start:]
	if end := strings.Index(section[4:], "\n#"); end >= 0 {
		section = section[:end+4]
	}
	var documented []int
	for _, m := range regexp.MustCompile(`(?m)^\| (\d+) \|`).FindAllStringSubmatch(section, -1) {
		n, _ := strconv.Atoi(m[1])
		documented = append(documented, n)
	}
	var returned []int
	for _, s := range exitStatuses {
		returned = append(returned, s.Code)
	}
	sort.Ints(documented)
	assert.Equal(t, returned, documented, "README exit-status table vs exitStatuses")

	dir, env := MustSeedStore(t)
	empty := filepath.Join(t.TempDir(), "empty.txt")
	require.NoError(t, os.WriteFile(empty, nil, 0o644))
	good := filepath.Join(t.TempDir(), "good.txt")
	require.NoError(t, os.WriteFile(good, []byte("Canada is considering a ban on Huawei.\n"), 0o644))
	produced := map[int][]string{
		exitOK:      {"stats"},
		exitError:   {"import", filepath.Join(t.TempDir(), "missing.nq")},
		exitUsage:   {"stats", "--bogus"},
		exitPartial: {"ingest", "--quiet", good, empty},
	}
	for _, code := range documented {
		args, ok := produced[code]
		if !assert.True(t, ok, "no command in this test produces documented exit status %d", code) {
			continue
		}
		got, _, errOut := MustRun(t, dir, env, args...)
		assert.Equal(t, code, got, "%v: %s", args, errOut)
	}
}
