package export_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/policygraph/policygraph/domain"
	"github.com/policygraph/policygraph/export"
	"github.com/policygraph/policygraph/graph"
)

// MustPolicyChangeStore writes the United Kingdom's stance toward Huawei
// changing over three articles: declined (2019-02), restricted (2019-04),
// declined again (2019-06-20, and "in June 2019" in a later article),
// banned (2020-07-14); and the United States pressuring it twice: seven
// facts, four edges once parallel facts are merged.
func MustPolicyChangeStore(tb testing.TB, opts graph.Options) *graph.Store {
	tb.Helper()
	ctx := context.Background()
	s, err := graph.Open(ctx, opts)
	require.NoError(tb, err)
	tb.Cleanup(func() { _ = s.Close() })
	ents := []domain.Entity{{ID: "united-kingdom", Name: "United Kingdom", Type: domain.Country, ISO2: "GB"},
		{ID: "united-states", Name: "United States", Type: domain.Country, ISO2: "US"}, {ID: "huawei", Name: "Huawei", Type: domain.Company}}
	stance := func(rel domain.Relation, date, sentence string, start int) domain.Fact {
		return domain.Fact{Subject: "United Kingdom", SubjectType: domain.Country, Relation: rel, Target: "Huawei", EventDate: date,
			Modality: domain.Asserted, Confidence: 0.8, Sentence: sentence, Start: start, End: start + len(sentence)}
	}
	pressure := func(date, sentence string, start int) domain.Fact {
		return domain.Fact{Subject: "United States", SubjectType: domain.Country, Relation: domain.Pressured, Object: "United Kingdom",
			ObjectType: domain.Country, Target: "Huawei", EventDate: date, Modality: domain.Asserted, Confidence: 0.7,
			Sentence: sentence, Start: start, End: start + len(sentence)}
	}
	articles := []struct {
		id, published string
		facts         []domain.Fact
	}{
		{"a.txt", "2019-02", []domain.Fact{stance(domain.DeclinedToBan, "2019-02", "The UK declined to ban Huawei.", 10),
			pressure("2019-02", "Washington pressed London about Huawei.", 60)}},
		{"b.txt", "2019-06-20", []domain.Fact{stance(domain.Restricted, "2019-04", "In April the UK restricted Huawei.", 0),
			stance(domain.DeclinedToBan, "2019-06-20", "Today the UK again declined to ban Huawei.", 40),
			pressure("2019-06-20", "Washington pressed London again.", 90)}},
		{"c.txt", "2020-07-14", []domain.Fact{stance(domain.Banned, "2020-07-14", "The UK banned Huawei.", 5),
			stance(domain.DeclinedToBan, "2019-06", "In June 2019 it had declined to ban Huawei.", 30)}},
	}
	var xs []graph.Extraction
	for _, a := range articles {
		for i := range a.facts {
			a.facts[i].Article, a.facts[i].Published = a.id, a.published
		}
		xs = append(xs, graph.Extraction{Article: graph.Article{ID: a.id, Title: strings.ToUpper(a.id), Published: a.published, Hash: a.id},
			Facts: a.facts, Entities: ents})
	}
	_, err = s.Write(ctx, xs)
	require.NoError(tb, err)
	return s
}

func MustExportWith(tb testing.TB, s *graph.Store, format string, o export.Options) []byte {
	tb.Helper()
	var buf bytes.Buffer
	require.NoError(tb, export.WriteWith(context.Background(), s, format, o, &buf))
	return buf.Bytes()
}

// networkxEdges reads a property-graph export with networkx and returns
// its nodes (with their data) and edges (with source and target).
func networkxEdges(t *testing.T, py, format, path string) (map[string]map[string]any, []map[string]any) {
	t.Helper()
	script := `import sys, json, networkx as nx
read = {"graphml": nx.read_graphml, "gexf": nx.read_gexf, "gml": nx.read_gml}[sys.argv[2]]
g = read(sys.argv[1])
edges = []
for s, t, d in g.edges(data=True):
    d = dict(d); d["_source"] = s; d["_target"] = t
    edges.append(d)
print(json.dumps({"nodes": {str(n): d for n, d in g.nodes(data=True)}, "edges": edges}, default=str))`
	var got struct {
		Nodes map[string]map[string]any `json:"nodes"`
		Edges []map[string]any          `json:"edges"`
	}
	require.NoError(t, json.Unmarshal([]byte(runPython(t, py, script, path, format)), &got))
	return got.Nodes, got.Edges
}

func TestPropertyGraphsKeepEverythingInNetworkx(t *testing.T) {
	s := MustPolicyChangeStore(t, graph.Options{Backend: graph.BackendMemstore})
	py := python(t, "networkx")
	for _, format := range []string{"graphml", "gexf", "gml"} {
		t.Run(format, func(t *testing.T) {
			nodes, edges := networkxEdges(t, py, format, writeTemp(t, "g."+format, MustExport(t, s, format, export.Filter{})))
			if format == "gml" {
				assert.Contains(t, nodes, "United Kingdom", "GML labels are names")
				assert.Equal(t, "united-kingdom", nodes["United Kingdom"]["entity_id"])
			}
			weights := 0.0
			var declined map[string]any
			for _, e := range edges {
				for _, k := range []string{"confidence", "sentence_start", "sentence_end", "date_source", "articles", "weight", "evidence"} {
					assert.Contains(t, e, k, "%s edge %v keeps %s", format, e["relation"], k)
				}
				weights += e["weight"].(float64)
				if e["relation"] == "declined_to_ban" {
					declined = e
				}
			}
			assert.Equal(t, 7.0, weights, "the weights add up to the facts")
			assert.Len(t, edges, 4, "parallel facts are one edge")
			require.NotNil(t, declined)
			assert.Equal(t, "a.txt;b.txt;c.txt", declined["articles"])
			assert.Equal(t, 3.0, declined["weight"])
			assert.Equal(t, 10.0, declined["sentence_start"], "the earliest fact's offsets")
			assert.Equal(t, 40.0, declined["sentence_end"])
			assert.Equal(t, "published", declined["date_source"], "a.txt's sentence gives no date")
		})
	}
	t.Run("parallel", func(t *testing.T) {
		_, edges := networkxEdges(t, py, "graphml", writeTemp(t, "p.graphml", MustExportWith(t, s, "graphml", export.Options{Parallel: true})))
		assert.Len(t, edges, 7, "one edge per fact")
	})
}

func TestGEXFStanceEdgesEndWhenTheStanceChanges(t *testing.T) {
	s := MustPolicyChangeStore(t, graph.Options{Backend: graph.BackendBolt, Path: filepath.Join(t.TempDir(), "store")})
	py := python(t, "networkx")
	check := func(t *testing.T, o export.Options) map[string][]map[string]any {
		_, edges := networkxEdges(t, py, "gexf", writeTemp(t, "g.gexf", MustExportWith(t, s, "gexf", o)))
		by := map[string][]map[string]any{}
		for _, e := range edges {
			by[e["label"].(string)] = append(by[e["label"].(string)], e)
		}
		return by
	}
	t.Run("merged", func(t *testing.T) {
		by := check(t, export.Options{})
		require.Len(t, by["declined_to_ban"], 1)
		// Declined from 2019-02 until the restriction (in effect by
		// 2019-04-30), and again from June until the ban of 2020-07-14.
		assert.Equal(t, `[["2019-02-28", "2019-04-29"], ["2019-06-20", "2020-07-13"]]`, spells(by["declined_to_ban"][0]))
		require.Len(t, by["restricted"], 1)
		assert.Equal(t, "2019-04-30", by["restricted"][0]["start"])
		assert.Equal(t, "2019-06-19", by["restricted"][0]["end"])
		require.Len(t, by["banned"], 1)
		assert.Equal(t, "2020-07-14", by["banned"][0]["start"])
		assert.NotContains(t, by["banned"][0], "end", "the latest stance lasts")
		require.Len(t, by["pressured"], 1)
		assert.NotContains(t, by["pressured"][0], "end", "not a stance: it does not end")
	})
	t.Run("parallel", func(t *testing.T) {
		by := check(t, export.Options{Parallel: true})
		require.Len(t, by["declined_to_ban"], 3)
		ends := map[string]any{}
		for _, e := range by["declined_to_ban"] {
			ends[e["start"].(string)] = e["end"]
		}
		assert.Equal(t, map[string]any{"2019-02-28": "2019-04-29", "2019-06-20": "2020-07-13", "2019-06-30": "2020-07-13"}, ends)
	})
}

func spells(e map[string]any) string {
	sp, _ := e["spells"].([]any)
	var parts []string
	for _, p := range sp {
		pair := p.([]any)
		parts = append(parts, `["`+pair[0].(string)+`", "`+pair[1].(string)+`"]`)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func TestDOTKeepsConfidenceInGraphviz(t *testing.T) {
	s := MustPolicyChangeStore(t, graph.Options{Backend: graph.BackendMemstore})
	dot, err := exec.LookPath("dot")
	if err != nil {
		need(t, "graphviz (dot)")
	}
	p := writeTemp(t, "g.dot", MustExport(t, s, "dot", export.Filter{}))
	out, err := exec.Command(dot, "-Tjson", p).CombinedOutput()
	require.NoError(t, err, string(out))
	var g struct {
		Edges []map[string]any `json:"edges"`
	}
	require.NoError(t, json.Unmarshal(out, &g), string(out))
	require.Len(t, g.Edges, 4)
	for _, e := range g.Edges {
		assert.Regexp(t, `^0\.[0-9]{3}$`, e["confidence"], "graphviz reads the confidence back")
		for _, k := range []string{"sentence_start", "sentence_end", "date_source", "articles", "weight", "modality"} {
			assert.Contains(t, e, k)
		}
	}
}

func TestCytoscapeKeepsOffsetsAndMergedFacts(t *testing.T) {
	s := MustPolicyChangeStore(t, graph.Options{Backend: graph.BackendMemstore})
	var c struct {
		Elements struct {
			Edges []struct {
				Data struct {
					Relation      string   `json:"relation"`
					Weight        int      `json:"weight"`
					Articles      []string `json:"articles"`
					SentenceStart *int     `json:"sentence_start"`
					SentenceEnd   *int     `json:"sentence_end"`
					Facts         []struct {
						Article       string `json:"article"`
						SentenceStart int    `json:"sentence_start"`
						DateSource    string `json:"date_source"`
					} `json:"facts"`
				} `json:"data"`
			} `json:"edges"`
		} `json:"elements"`
	}
	require.NoError(t, json.Unmarshal(MustExport(t, s, "cytoscape", export.Filter{}), &c))
	require.Len(t, c.Elements.Edges, 4)
	for _, e := range c.Elements.Edges {
		require.NotNil(t, e.Data.SentenceStart)
		require.NotNil(t, e.Data.SentenceEnd)
		assert.Len(t, e.Data.Articles, min(e.Data.Weight, 3))
		if e.Data.Relation == "declined_to_ban" {
			require.Len(t, e.Data.Facts, 3, "every merged fact keeps its provenance")
			assert.Equal(t, []int{10, 40, 30}, []int{e.Data.Facts[0].SentenceStart, e.Data.Facts[1].SentenceStart, e.Data.Facts[2].SentenceStart})
		}
	}
}

// TestNeo4jScriptUsesWhatTheCSVsHold checks load.cypher against the CSVs:
// every label nodes.csv gives is set, every relationships.csv column is
// read; and the zip archive (the API's download) holds the same files.
func TestNeo4jScriptUsesWhatTheCSVsHold(t *testing.T) {
	s := MustPolicyChangeStore(t, graph.Options{Backend: graph.BackendMemstore})
	dir := t.TempDir()
	require.NoError(t, export.WriteDir(context.Background(), s, "neo4j", export.Filter{}, dir))
	files := map[string][]byte{}
	for _, name := range []string{"nodes.csv", "relationships.csv", "load.cypher"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		require.NoError(t, err)
		files[name] = b
	}
	cypher := string(files["load.cypher"])
	nodes, err := csv.NewReader(bytes.NewReader(files["nodes.csv"])).ReadAll()
	require.NoError(t, err)
	for _, r := range nodes[1:] {
		for _, label := range strings.Split(r[4], ";") {
			if label != "Entity" {
				assert.Contains(t, cypher, "SET e:"+label+";", "load.cypher sets the label %s that nodes.csv gives", label)
			}
		}
	}
	rels, err := csv.NewReader(bytes.NewReader(files["relationships.csv"])).ReadAll()
	require.NoError(t, err)
	for _, col := range rels[0][3:] {
		assert.Contains(t, cypher, "row.`"+col+"`", "load.cypher reads column %s", col)
	}
	assert.Contains(t, rels[0], "sentence_start:int")
	assert.Contains(t, rels[0], "articles:string[]")
	assert.Regexp(t, regexp.MustCompile(`CREATE \(s\)-\[r:DECLINED_TO_BAN\]->\(t\)`), cypher)

	zipped := MustExport(t, s, "neo4j", export.Filter{})
	zr, err := zip.NewReader(bytes.NewReader(zipped), int64(len(zipped)))
	require.NoError(t, err)
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		rc, err := f.Open()
		require.NoError(t, err)
		b, err := io.ReadAll(rc)
		require.NoError(t, err)
		assert.Equal(t, string(files[f.Name]), string(b), f.Name)
	}
	sort.Strings(names)
	assert.Equal(t, []string{"load.cypher", "nodes.csv", "relationships.csv"}, names)
}
