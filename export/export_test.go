package export_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/policygraph/policygraph/domain"
	"github.com/policygraph/policygraph/export"
	"github.com/policygraph/policygraph/extract"
	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/ingest"
	"github.com/policygraph/policygraph/queries"
)

// MustSeedStore ingests the seed articles into a fresh store.
func MustSeedStore(tb testing.TB, opts graph.Options) *graph.Store {
	tb.Helper()
	ctx := context.Background()
	s, err := graph.Open(ctx, opts)
	require.NoError(tb, err)
	tb.Cleanup(func() { _ = s.Close() })
	ex, err := extract.New(extract.Options{})
	require.NoError(tb, err)
	_, err = ingest.Run(ctx, s, ex, []string{"../seeds"}, ingest.Options{})
	require.NoError(tb, err)
	return s
}

func MustExport(tb testing.TB, s *graph.Store, format string, f export.Filter) []byte {
	tb.Helper()
	var buf bytes.Buffer
	require.NoError(tb, export.Write(context.Background(), s, format, f, &buf))
	return buf.Bytes()
}

// python returns an interpreter that has the modules, or skips (fails in CI).
func python(t *testing.T, modules ...string) string {
	t.Helper()
	candidates := []string{os.Getenv("POLICYGRAPH_PYTHON"), "/usr/bin/python3", "python3"}
	for _, py := range candidates {
		if py == "" {
			continue
		}
		args := []string{"-c", "import " + strings.Join(modules, ", ")}
		if exec.Command(py, args...).Run() == nil {
			return py
		}
	}
	need(t, "python3 with "+strings.Join(modules, ", ")+" (Debian: apt-get install python3-rdflib python3-networkx)")
	return ""
}

func need(t *testing.T, what string) {
	t.Helper()
	if os.Getenv("POLICYGRAPH_CI") != "" {
		t.Fatalf("%s is required in CI (POLICYGRAPH_CI is set) but missing", what)
	}
	t.Skipf("skipping: %s not installed", what)
}

func runPython(t *testing.T, py, script string, args ...string) string {
	t.Helper()
	out, err := exec.Command(py, append([]string{"-c", script}, args...)...).CombinedOutput()
	require.NoError(t, err, string(out))
	return strings.TrimSpace(string(out))
}

func writeTemp(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, data, 0o644))
	return p
}

func TestRDFParsesWithRdflib(t *testing.T) {
	s := MustSeedStore(t, graph.Options{Backend: graph.BackendMemstore})
	st, err := s.Stats(context.Background())
	require.NoError(t, err)
	py := python(t, "rdflib")
	script := `import sys, rdflib
d = rdflib.Dataset()
d.parse(sys.argv[1], format=sys.argv[2])
print(len(list(d.quads((None, None, None, None)))), len(list(d.graphs())))`
	for format, rdf := range map[string]string{"nquads": "nquads", "jsonld": "json-ld"} {
		t.Run(format, func(t *testing.T) {
			p := writeTemp(t, "g."+format, MustExport(t, s, format, export.Filter{}))
			out := strings.Fields(runPython(t, py, script, p, rdf))
			require.Len(t, out, 2)
			assert.Equal(t, strconv.FormatInt(st.Quads, 10), out[0], "same quad count as the store")
			graphs, _ := strconv.Atoi(out[1])
			assert.GreaterOrEqual(t, graphs, int(st.Articles)+1, "one named graph per article, plus entities")
		})
	}
	nq := string(MustExport(t, s, "nquads", export.Filter{}))
	assert.Contains(t, nq, `"GB"`, "ISO codes on country nodes")
	assert.Contains(t, nq, "^^<http://www.w3.org/2001/XMLSchema#date>", "typed dates")
	assert.Contains(t, nq, "^^<http://www.w3.org/2001/XMLSchema#double>", "typed confidence")
}

func TestPropertyGraphsReadWithNetworkx(t *testing.T) {
	s := MustSeedStore(t, graph.Options{Backend: graph.BackendMemstore})
	g, err := export.Build(context.Background(), s, export.Filter{})
	require.NoError(t, err)
	require.NotEmpty(t, g.Edges)
	g = g.Merged() // what the exports hold by default
	py := python(t, "networkx")
	script := `import sys, networkx as nx
read = {"graphml": nx.read_graphml, "gexf": nx.read_gexf, "gml": nx.read_gml}[sys.argv[2]]
g = read(sys.argv[1])
e = next(iter(g.edges(data=True)))[2]
print(g.number_of_nodes(), g.number_of_edges(), "article" in e and "evidence" in e and "date" in e)`
	for _, format := range []string{"graphml", "gexf", "gml"} {
		t.Run(format, func(t *testing.T) {
			p := writeTemp(t, "g."+format, MustExport(t, s, format, export.Filter{}))
			out := strings.Fields(runPython(t, py, script, p, format))
			require.Len(t, out, 3)
			assert.Equal(t, strconv.Itoa(len(g.Nodes)), out[0])
			assert.Equal(t, strconv.Itoa(len(g.Edges)), out[1])
			assert.Equal(t, "True", out[2], "edges keep their provenance")
		})
	}
	gexf := string(MustExport(t, s, "gexf", export.Filter{}))
	assert.Contains(t, gexf, `mode="dynamic"`)
	assert.Contains(t, gexf, `start="2020-10-24"`)
}

func TestDOTRendersWithGraphviz(t *testing.T) {
	s := MustSeedStore(t, graph.Options{Backend: graph.BackendMemstore})
	dot, err := exec.LookPath("dot")
	if err != nil {
		need(t, "graphviz (dot)")
	}
	p := writeTemp(t, "g.dot", MustExport(t, s, "dot", export.Filter{}))
	out, err := exec.Command(dot, "-Tsvg", p).CombinedOutput()
	require.NoError(t, err, string(out))
	assert.Contains(t, string(out), "<svg")
	assert.Contains(t, string(MustExport(t, s, "dot", export.Filter{})), "color=red3")
}

func TestCytoscapeAndNeo4j(t *testing.T) {
	s := MustSeedStore(t, graph.Options{Backend: graph.BackendMemstore})
	var c export.CytoscapeElements
	require.NoError(t, json.Unmarshal(MustExport(t, s, "cytoscape", export.Filter{}), &c))
	ids := map[string]bool{}
	for _, n := range c.Elements.Nodes {
		ids[n["data"].(map[string]any)["id"].(string)] = true
	}
	require.NotEmpty(t, c.Elements.Edges)
	for _, e := range c.Elements.Edges {
		d := e["data"].(map[string]any)
		assert.True(t, ids[d["source"].(string)] && ids[d["target"].(string)], "edge ends are nodes")
		assert.NotEmpty(t, d["evidence"])
	}

	dir := t.TempDir()
	require.NoError(t, export.WriteDir(context.Background(), s, "neo4j", export.Filter{}, dir))
	read := func(name string) [][]string {
		f, err := os.Open(filepath.Join(dir, name))
		require.NoError(t, err)
		defer f.Close()
		rows, err := csv.NewReader(f).ReadAll()
		require.NoError(t, err)
		return rows
	}
	nodes, rels := read("nodes.csv"), read("relationships.csv")
	assert.Equal(t, []string{"id:ID", "name", "type", "iso2", ":LABEL"}, nodes[0])
	assert.Equal(t, []string{":START_ID", ":END_ID", ":TYPE"}, rels[0][:3])
	known := map[string]bool{}
	for _, r := range nodes[1:] {
		known[r[0]] = true
	}
	for _, r := range rels[1:] {
		assert.True(t, known[r[0]] && known[r[1]], "relationship %v refers to known nodes", r[:3])
	}
	cypher, err := os.ReadFile(filepath.Join(dir, "load.cypher"))
	require.NoError(t, err)
	assert.Contains(t, string(cypher), "LOAD CSV WITH HEADERS")
	assert.Contains(t, string(cypher), ":BANNED")
}

func TestFilteredSubgraph(t *testing.T) {
	s := MustSeedStore(t, graph.Options{Backend: graph.BackendMemstore})
	g, err := export.Build(context.Background(), s, export.Filter{Country: "Italy"})
	require.NoError(t, err)
	require.NotEmpty(t, g.Edges)
	for _, e := range g.Edges {
		assert.True(t, e.Source == "italy" || e.Target == "italy", e)
	}
	g, err = export.Build(context.Background(), s, export.Filter{Relation: domain.Banned, Since: "2020"})
	require.NoError(t, err)
	for _, e := range g.Edges {
		assert.Equal(t, "banned", e.Relation)
		assert.GreaterOrEqual(t, e.Date, "2020")
	}
	nq := string(MustExport(t, s, "nquads", export.Filter{Country: "Canada"}))
	assert.Contains(t, nq, "considering_ban")
	assert.NotContains(t, nq, "entity/australia>")
}

// TestImportRoundTrip imports an N-Quads export into a fresh bolt store:
// same quads, same stats, same tracker, and articles stay unchanged.
func TestImportRoundTrip(t *testing.T) {
	ctx := context.Background()
	src := MustSeedStore(t, graph.Options{Backend: graph.BackendMemstore})
	nq := MustExport(t, src, "nquads", export.Filter{})
	dst, err := graph.Open(ctx, graph.Options{Backend: graph.BackendBolt, Path: filepath.Join(t.TempDir(), "copy")})
	require.NoError(t, err)
	defer dst.Close()
	n, err := export.ImportNQuads(ctx, dst, "g.nq", bytes.NewReader(nq))
	require.NoError(t, err)
	a, err := src.Stats(ctx)
	require.NoError(t, err)
	b, err := dst.Stats(ctx)
	require.NoError(t, err)
	assert.Equal(t, a, b)
	assert.Equal(t, int(a.Quads), n)

	ta, err := queries.Tracker(ctx, src, queries.TrackerOptions{})
	require.NoError(t, err)
	tb, err := queries.Tracker(ctx, dst, queries.TrackerOptions{})
	require.NoError(t, err)
	assert.Equal(t, ta, tb)

	ex, err := extract.New(extract.Options{})
	require.NoError(t, err)
	sum, err := ingest.Run(ctx, dst, ex, []string{"../seeds"}, ingest.Options{})
	require.NoError(t, err)
	assert.Equal(t, 5, sum.Unchanged, "imported articles keep their hashes")

	_, err = export.ImportNQuads(ctx, dst, "bad.nq", strings.NewReader("<a> <b> <c> .\n<a> <b> oops\n"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "bad.nq:2")
}

func FuzzImportNQuads(f *testing.F) {
	f.Add([]byte("<a> <b> <c> <d> .\n"))
	f.Add([]byte("<https://policygraph.org/entity/italy> <https://policygraph.org/vocab/name> \"Italy\" <g> .\n_:x <p> \"1\"^^<http://www.w3.org/2001/XMLSchema#double> .\n"))
	f.Add([]byte("<a> <b> \"unterminated .\n"))
	s, err := graph.Open(context.Background(), graph.Options{Backend: graph.BackendMemstore})
	require.NoError(f, err)
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := export.ImportNQuads(context.Background(), s, "fuzz.nq", bytes.NewReader(data))
		if err != nil && !strings.Contains(err.Error(), "fuzz.nq") && !strings.Contains(err.Error(), "graph:") {
			t.Fatalf("error does not name the input: %v", err)
		}
	})
}
