package export_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/policygraph/policygraph/export"
	"github.com/policygraph/policygraph/extract"
	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/ingest"
	"github.com/policygraph/policygraph/queries"
	"github.com/policygraph/policygraph/synth"
)

// importFormats are the formats import accepts, with their readers.
var importFormats = map[string]func(context.Context, *graph.Store, string, *bytes.Reader) (int, error){
	"nquads": func(ctx context.Context, s *graph.Store, name string, r *bytes.Reader) (int, error) {
		return export.ImportNQuads(ctx, s, name, r)
	},
	"jsonld": func(ctx context.Context, s *graph.Store, name string, r *bytes.Reader) (int, error) {
		return export.ImportJSONLD(ctx, s, name, r)
	},
}

// mustIngest ingests a corpus into a fresh memstore.
func mustIngest(t *testing.T, dir string) *graph.Store {
	t.Helper()
	ctx := context.Background()
	s, err := graph.Open(ctx, graph.Options{Backend: graph.BackendMemstore})
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	ex, err := extract.New(extract.Options{})
	require.NoError(t, err)
	_, err = ingest.Run(ctx, s, ex, []string{dir}, ingest.Options{})
	require.NoError(t, err)
	return s
}

// answers runs every canned question with its default arguments, and with
// arguments drawn from the store (every country's stance, with and without
// a vendor; every article; every entity type; --ever and --as-of), plus
// the tracker and the stats: question → JSON answer or error text.
func answers(t *testing.T, s *graph.Store) map[string]string {
	t.Helper()
	ctx := context.Background()
	out := map[string]string{}
	put := func(key string, v any, err error) {
		if err != nil {
			out[key] = "error: " + err.Error()
			return
		}
		b, merr := json.Marshal(v)
		require.NoError(t, merr)
		out[key] = string(b)
	}
	run := func(name string, p queries.Params) {
		r, err := queries.Run(ctx, s, name, p)
		keys := make([]string, 0, len(p))
		for k, v := range p {
			keys = append(keys, k+"="+v)
		}
		sort.Strings(keys)
		var rec any
		if r != nil {
			rec = struct {
				R       *queries.Result
				Rows    [][]string
				Columns []string
			}{r, r.Rows, r.Columns}
		}
		put(name+" "+strings.Join(keys, " "), rec, err)
	}
	for _, q := range queries.List() {
		run(q.Name, queries.Params{})
	}
	for _, q := range []string{"banned", "restricted", "declined", "considering", "allowed"} {
		run(q, queries.Params{"ever": "true"})
		run(q, queries.Params{"as-of": "2019-06"})
		run(q, queries.Params{"target": "ZTE", "as-of": "2020"})
	}
	run("pressured", queries.Params{"by": "United States"})
	run("pressured", queries.Params{"on": "United Kingdom"})
	run("contradictions", queries.Params{"window": "0", "limit": "0"})
	for _, typ := range []string{"country", "company", "organisation", "deal"} {
		run("entities", queries.Params{"type": typ})
	}
	ents, err := queries.Run(ctx, s, "entities", queries.Params{"type": "country"})
	require.NoError(t, err)
	for _, row := range ents.Rows {
		run("stance", queries.Params{"country": row[0]})
		run("stance", queries.Params{"country": row[0], "target": "Huawei"})
	}
	run("stance", queries.Params{"country": "Italy"})
	var articles []string
	require.NoError(t, s.Facts(ctx, graph.AllFacts(), func(f graph.IndexedFact) error {
		if len(articles) == 0 || articles[len(articles)-1] != f.Article {
			articles = append(articles, f.Article)
		}
		return nil
	}))
	for _, id := range articles {
		run("article", queries.Params{"id": id})
	}
	for _, target := range []string{"Huawei", "ZTE", "Hikvision"} {
		rows, err := queries.Tracker(ctx, s, queries.TrackerOptions{Target: target})
		put("tracker "+target, rows, err)
	}
	st, err := s.Stats(ctx)
	put("stats", st, err)
	return out
}

func sortedLines(b []byte) []string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	sort.Strings(lines)
	return lines
}

// TestImportOfOwnExportGivesTheSameAnswers: for every format import
// accepts, a corpus exported and imported into a new bolt store gives the
// same answer to every canned question, its fact index agrees with its
// graph, and its N-Quads export is the original's, line for line. The
// synthetic corpus is larger than one import batch, so that statements
// arrive before the names of their entities.
func TestImportOfOwnExportGivesTheSameAnswers(t *testing.T) {
	corpora := map[string]string{"seeds": "../seeds"}
	if !testing.Short() {
		dir := t.TempDir()
		_, err := synth.Write(dir, synth.Options{Articles: 300, Seed: 3})
		require.NoError(t, err)
		corpora["synthetic"] = dir
	}
	for name, dir := range corpora {
		src := mustIngest(t, dir)
		want := answers(t, src)
		wantNQ := sortedLines(MustExport(t, src, "nquads", export.Filter{}))
		for format, read := range importFormats {
			t.Run(name+"/"+format, func(t *testing.T) {
				ctx := context.Background()
				data := MustExport(t, src, format, export.Filter{})
				dst, err := graph.Open(ctx, graph.Options{Backend: graph.BackendBolt, Path: filepath.Join(t.TempDir(), "copy")})
				require.NoError(t, err)
				defer dst.Close()
				n, err := read(ctx, dst, "export."+format, bytes.NewReader(data))
				require.NoError(t, err)
				assert.Equal(t, len(wantNQ), n)

				diffs, err := dst.CheckIndex(ctx)
				require.NoError(t, err)
				assert.Empty(t, diffs, "reindex --check is clean after the import")

				got := answers(t, dst)
				assert.Equal(t, len(want), len(got))
				for q, w := range want {
					assert.Equal(t, w, got[q], "same answer to %s", q)
				}
				gotNQ := sortedLines(MustExport(t, dst, "nquads", export.Filter{}))
				if !assert.Equal(t, len(wantNQ), len(gotNQ)) || !assert.True(t, equalLines(wantNQ, gotNQ)) {
					t.Log(firstDifference(wantNQ, gotNQ))
				}
			})
		}
	}
}

func equalLines(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func firstDifference(a, b []string) string {
	inB := map[string]bool{}
	for _, l := range b {
		inB[l] = true
	}
	for _, l := range a {
		if !inB[l] {
			return fmt.Sprintf("first original line missing after the round trip: %s", l)
		}
	}
	return "the round trip adds lines"
}
