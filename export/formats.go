package export

import (
	"archive/zip"
	"bufio"
	"encoding/csv"
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/policygraph/policygraph/domain"
)

func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// edgeAttrs are the provenance attributes every property-graph edge
// carries, with their types ("string", "double" or "int"). articles is
// the ";"-separated list of the edge's articles.
var edgeAttrs = []struct{ key, typ string }{
	{"relation", "string"}, {"vendor", "string"}, {"scope", "string"}, {"modality", "string"},
	{"confidence", "double"}, {"date", "string"}, {"date_source", "string"}, {"last_date", "string"},
	{"weight", "int"}, {"article", "string"}, {"articles", "string"}, {"title", "string"},
	{"url", "string"}, {"evidence", "string"}, {"sentence_start", "int"}, {"sentence_end", "int"},
}

func (e Edge) attr(key string) string {
	switch key {
	case "relation":
		return e.Relation
	case "vendor":
		return e.Vendor
	case "scope":
		return e.Scope
	case "modality":
		return e.Modality
	case "confidence":
		return strconv.FormatFloat(e.Confidence, 'f', 3, 64)
	case "date":
		return e.Date
	case "date_source":
		return string(e.DateSource)
	case "last_date":
		return e.LastDate
	case "weight":
		return strconv.Itoa(max(e.Weight, 1))
	case "article":
		return e.Article
	case "articles":
		if len(e.Articles) == 0 {
			return e.Article
		}
		return strings.Join(e.Articles, ";")
	case "title":
		return e.Title
	case "url":
		return e.URL
	case "evidence":
		return e.Evidence
	case "sentence_start":
		return strconv.Itoa(e.SentenceStart)
	case "sentence_end":
		return strconv.Itoa(e.SentenceEnd)
	}
	return ""
}

var nodeAttrs = []string{"name", "type", "iso2"}

func (n Node) attr(key string) string {
	switch key {
	case "name":
		return n.Name
	case "type":
		return n.Type
	case "iso2":
		return n.ISO2
	}
	return ""
}

// writeGraphML writes GraphML (a directed multigraph) with node and edge data.
func writeGraphML(g *Graph, out io.Writer) error {
	w := bufio.NewWriter(out)
	fmt.Fprintln(w, `<?xml version="1.0" encoding="UTF-8"?>`)
	fmt.Fprintln(w, `<graphml xmlns="http://graphml.graphdrawing.org/xmlns">`)
	for _, k := range nodeAttrs {
		fmt.Fprintf(w, "  <key id=\"n_%s\" for=\"node\" attr.name=\"%s\" attr.type=\"string\"/>\n", k, k)
	}
	for _, a := range edgeAttrs {
		fmt.Fprintf(w, "  <key id=\"e_%s\" for=\"edge\" attr.name=\"%s\" attr.type=\"%s\"/>\n", a.key, a.key, a.typ)
	}
	fmt.Fprintln(w, `  <graph id="policygraph" edgedefault="directed">`)
	for _, n := range g.Nodes {
		fmt.Fprintf(w, "    <node id=\"%s\">\n", esc(n.ID))
		for _, k := range nodeAttrs {
			if v := n.attr(k); v != "" {
				fmt.Fprintf(w, "      <data key=\"n_%s\">%s</data>\n", k, esc(v))
			}
		}
		fmt.Fprintln(w, "    </node>")
	}
	for _, e := range g.Edges {
		fmt.Fprintf(w, "    <edge id=\"%s\" source=\"%s\" target=\"%s\">\n", e.ID, esc(e.Source), esc(e.Target))
		for _, a := range edgeAttrs {
			if v := e.attr(a.key); v != "" {
				fmt.Fprintf(w, "      <data key=\"e_%s\">%s</data>\n", a.key, esc(v))
			}
		}
		fmt.Fprintln(w, "    </edge>")
	}
	fmt.Fprintln(w, "  </graph>\n</graphml>")
	return w.Flush()
}

// gexfType is the GEXF name of an attribute type.
func gexfType(typ string) string {
	if typ == "int" {
		return "integer"
	}
	return typ
}

// writeGEXF writes GEXF 1.2 in dynamic mode, so that Gephi's timeline
// plays stances changing: each edge is in effect from the day its fact has
// certainly happened, and a stance edge ends when the country's stance
// toward that vendor changes (see stanceSpells); an edge in effect over
// several periods has spells.
func writeGEXF(g *Graph, out io.Writer) error {
	w := bufio.NewWriter(out)
	fmt.Fprintln(w, `<?xml version="1.0" encoding="UTF-8"?>`)
	fmt.Fprintln(w, `<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2">`)
	fmt.Fprintln(w, `  <meta><creator>policygraph</creator><description>Country decisions about technology vendors, from the news</description></meta>`)
	fmt.Fprintln(w, `  <graph mode="dynamic" defaultedgetype="directed" timeformat="date">`)
	fmt.Fprintln(w, `    <attributes class="node">`)
	for i, k := range nodeAttrs[1:] {
		fmt.Fprintf(w, "      <attribute id=\"%d\" title=\"%s\" type=\"string\"/>\n", i, k)
	}
	fmt.Fprintln(w, `    </attributes>`)
	fmt.Fprintln(w, `    <attributes class="edge">`)
	for i, a := range edgeAttrs {
		fmt.Fprintf(w, "      <attribute id=\"%d\" title=\"%s\" type=\"%s\"/>\n", i, a.key, gexfType(a.typ))
	}
	fmt.Fprintln(w, `    </attributes>`)
	fmt.Fprintln(w, `    <nodes>`)
	for _, n := range g.Nodes {
		fmt.Fprintf(w, "      <node id=\"%s\" label=\"%s\"><attvalues>", esc(n.ID), esc(n.Name))
		for i, k := range nodeAttrs[1:] {
			if v := n.attr(k); v != "" {
				fmt.Fprintf(w, "<attvalue for=\"%d\" value=\"%s\"/>", i, esc(v))
			}
		}
		fmt.Fprintln(w, "</attvalues></node>")
	}
	fmt.Fprintln(w, `    </nodes>`)
	fmt.Fprintln(w, `    <edges>`)
	spells := stanceSpells(g)
	for i, e := range g.Edges {
		period := ""
		if sp := spells[i]; len(sp) == 1 {
			period = spellAttrs(sp[0])
		}
		fmt.Fprintf(w, "      <edge id=\"%s\" source=\"%s\" target=\"%s\" label=\"%s\" weight=\"%d\"%s><attvalues>",
			e.ID, esc(e.Source), esc(e.Target), esc(e.Relation), max(e.Weight, 1), period)
		for i, a := range edgeAttrs {
			if v := e.attr(a.key); v != "" {
				fmt.Fprintf(w, "<attvalue for=\"%d\" value=\"%s\"/>", i, esc(v))
			}
		}
		fmt.Fprint(w, "</attvalues>")
		if sp := spells[i]; len(sp) > 1 {
			fmt.Fprint(w, "<spells>")
			for _, p := range sp {
				fmt.Fprintf(w, "<spell%s/>", spellAttrs(p))
			}
			fmt.Fprint(w, "</spells>")
		}
		fmt.Fprintln(w, "</edge>")
	}
	fmt.Fprintln(w, "    </edges>\n  </graph>\n</gexf>")
	return w.Flush()
}

func spellAttrs(p spell) string {
	out := ""
	if p.start != "" {
		out += fmt.Sprintf(" start=\"%s\"", p.start)
	}
	if p.end != "" {
		out += fmt.Sprintf(" end=\"%s\"", p.end)
	}
	return out
}

// gmlString quotes a GML string, with HTML entities for what ASCII lacks.
func gmlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '"':
			b.WriteString("&quot;")
		case r > 126 || r < 32:
			fmt.Fprintf(&b, "&#%d;", r) // GML is ASCII
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// writeGML writes GML with integer node ids, the entity's name as label
// (its slug as entity_id), numbers as numbers and strings quoted.
func writeGML(g *Graph, out io.Writer) error {
	w := bufio.NewWriter(out)
	ids := map[string]int{}
	fmt.Fprintln(w, "graph [\n  directed 1\n  multigraph 1")
	for i, n := range g.Nodes {
		ids[n.ID] = i
		fmt.Fprintf(w, "  node [\n    id %d\n    label %s\n    entity_id %s\n", i, gmlString(n.Name), gmlString(n.ID))
		for _, k := range nodeAttrs {
			if v := n.attr(k); v != "" {
				fmt.Fprintf(w, "    %s %s\n", k, gmlString(v))
			}
		}
		fmt.Fprintln(w, "  ]")
	}
	for _, e := range g.Edges {
		fmt.Fprintf(w, "  edge [\n    source %d\n    target %d\n", ids[e.Source], ids[e.Target])
		for _, a := range edgeAttrs {
			if v := e.attr(a.key); v != "" {
				if a.typ == "double" || a.typ == "int" {
					fmt.Fprintf(w, "    %s %s\n", a.key, v)
					continue
				}
				fmt.Fprintf(w, "    %s %s\n", a.key, gmlString(v))
			}
		}
		fmt.Fprintln(w, "  ]")
	}
	fmt.Fprintln(w, "]")
	return w.Flush()
}

func dotString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s) + `"`
}

// writeDOT writes a Graphviz digraph: entities as boxes (countries) and
// ellipses, facts as coloured edges labelled with relation and date, the
// evidence as tooltip, and every provenance attribute (confidence, dates,
// offsets, articles, weight) as an attribute of its own, which Graphviz
// keeps (dot -Tdot, -Tjson) and other DOT readers read.
func writeDOT(g *Graph, out io.Writer) error {
	w := bufio.NewWriter(out)
	fmt.Fprintln(w, "digraph policygraph {\n  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=10];\n  edge [fontname=\"Helvetica\", fontsize=8];")
	for _, n := range g.Nodes {
		shape := "ellipse"
		if n.Type == "country" || n.Type == "organisation" {
			shape = "box"
		}
		fmt.Fprintf(w, "  %s [label=%s, shape=%s", dotString(n.ID), dotString(n.Name), shape)
		for _, k := range nodeAttrs[1:] {
			if v := n.attr(k); v != "" {
				fmt.Fprintf(w, ", %s=%s", k, dotString(v))
			}
		}
		fmt.Fprintln(w, "];")
	}
	for _, e := range g.Edges {
		color := domain.Relation(e.Relation).Info().Colour
		if color == "" {
			color = "gray40"
		}
		style := "solid"
		if e.Modality != "asserted" {
			style = "dashed"
		}
		label := e.Relation + " " + e.Date
		if e.Weight > 1 {
			label += fmt.Sprintf(" (%d facts)", e.Weight)
		}
		fmt.Fprintf(w, "  %s -> %s [label=%s, color=%s, fontcolor=%s, style=%s, tooltip=%s",
			dotString(e.Source), dotString(e.Target), dotString(label), color, color, style,
			dotString(e.Article+": "+e.Evidence))
		for _, a := range edgeAttrs {
			if v := e.attr(a.key); v != "" {
				fmt.Fprintf(w, ", %s=%s", a.key, dotString(v))
			}
		}
		fmt.Fprintln(w, "];")
	}
	fmt.Fprintln(w, "}")
	return w.Flush()
}

// CytoscapeElements is the elements object cytoscape.js loads.
type CytoscapeElements struct {
	Elements struct {
		Nodes []map[string]any `json:"nodes"`
		Edges []map[string]any `json:"edges"`
	} `json:"elements"`
}

// Cytoscape converts the graph to cytoscape.js elements.
func Cytoscape(g *Graph) CytoscapeElements {
	var c CytoscapeElements
	c.Elements.Nodes = []map[string]any{}
	c.Elements.Edges = []map[string]any{}
	for _, n := range g.Nodes {
		c.Elements.Nodes = append(c.Elements.Nodes, map[string]any{"data": n})
	}
	for _, e := range g.Edges {
		c.Elements.Edges = append(c.Elements.Edges, map[string]any{"data": e})
	}
	return c
}

// neo4jLabels are the labels of a node: Entity and its type ("Country").
func neo4jLabels(n Node) []string {
	labels := []string{"Entity"}
	if n.Type != "" {
		labels = append(labels, strings.ToUpper(n.Type[:1])+n.Type[1:])
	}
	return labels
}

// neo4jColumn is the relationships.csv header of an edge attribute, typed
// for neo4j-admin import, and the Cypher expression that reads it in
// load.cypher.
func neo4jColumn(key, typ string) (header, read string) {
	switch {
	case key == "articles":
		header = key + ":string[]"
		return header, "split(row.`" + header + "`, ';')"
	case typ == "double":
		header = key + ":double"
		return header, "toFloat(row.`" + header + "`)"
	case typ == "int":
		header = key + ":int"
		return header, "toInteger(row.`" + header + "`)"
	}
	return key, "row.`" + key + "`"
}

// writeNeo4j writes nodes.csv and relationships.csv for
// `neo4j-admin database import`, and load.cypher for LOAD CSV, which
// gives every node the labels nodes.csv names and every relationship the
// properties relationships.csv holds.
func writeNeo4j(g *Graph, create func(name string) (io.WriteCloser, error)) (err error) {
	writeCSV := func(name string, rows [][]string) error {
		f, err := create(name)
		if err != nil {
			return err
		}
		cw := csv.NewWriter(f)
		_ = cw.WriteAll(rows)
		if err := cw.Error(); err != nil {
			_ = f.Close()
			return fmt.Errorf("export neo4j: %s: %w", name, err)
		}
		return f.Close()
	}
	nodes := [][]string{{"id:ID", "name", "type", "iso2", ":LABEL"}}
	labelSet := map[string]bool{}
	for _, n := range g.Nodes {
		labels := neo4jLabels(n)
		for _, l := range labels[1:] {
			labelSet[l] = true
		}
		nodes = append(nodes, []string{n.ID, n.Name, n.Type, n.ISO2, strings.Join(labels, ";")})
	}
	if err := writeCSV("nodes.csv", nodes); err != nil {
		return err
	}
	header := []string{":START_ID", ":END_ID", ":TYPE"}
	var sets []string
	for _, a := range edgeAttrs[1:] {
		h, read := neo4jColumn(a.key, a.typ)
		header = append(header, h)
		sets = append(sets, "r."+a.key+" = "+read)
	}
	rels := [][]string{header}
	types := map[string]bool{}
	for _, e := range g.Edges {
		t := strings.ToUpper(e.Relation)
		types[t] = true
		row := []string{e.Source, e.Target, t}
		for _, a := range edgeAttrs[1:] {
			row = append(row, e.attr(a.key))
		}
		rels = append(rels, row)
	}
	if err := writeCSV("relationships.csv", rels); err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString(neo4jCypherHead)
	for _, l := range sortedKeys(labelSet) {
		fmt.Fprintf(&b, neo4jCypherLabel, strings.ToLower(l), l)
	}
	for _, t := range sortedKeys(types) {
		fmt.Fprintf(&b, neo4jCypherRel, t, t, strings.Join(sets, ",\n  "))
	}
	cf, err := create("load.cypher")
	if err != nil {
		return err
	}
	if _, err := io.WriteString(cf, b.String()); err != nil {
		_ = cf.Close()
		return fmt.Errorf("export neo4j: %w", err)
	}
	return cf.Close()
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// writeNeo4jZip writes the neo4j files as one zip archive.
func writeNeo4jZip(g *Graph, w io.Writer) error {
	zw := zip.NewWriter(w)
	err := writeNeo4j(g, func(name string) (io.WriteCloser, error) {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: time.Now()})
		if err != nil {
			return nil, fmt.Errorf("export neo4j: %w", err)
		}
		return nopCloser{f}, nil
	})
	if cerr := zw.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("export neo4j: %w", cerr)
	}
	return err
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

const neo4jCypherHead = `// Load policygraph's export with LOAD CSV: copy nodes.csv and
// relationships.csv into Neo4j's import directory, then run
//   cypher-shell -f load.cypher
// (or use the CSVs directly with neo4j-admin database import full
//   --nodes=nodes.csv --relationships=relationships.csv).
CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (e:Entity) REQUIRE e.id IS UNIQUE;

LOAD CSV WITH HEADERS FROM 'file:///nodes.csv' AS row
MERGE (e:Entity {id: row.` + "`id:ID`" + `})
SET e.name = row.name, e.type = row.type, e.iso2 = row.iso2;
`

// neo4jCypherLabel gives the nodes of one type their label (Cypher labels
// cannot come from a column).
const neo4jCypherLabel = `
LOAD CSV WITH HEADERS FROM 'file:///nodes.csv' AS row
WITH row WHERE row.type = '%s'
MATCH (e:Entity {id: row.` + "`id:ID`" + `})
SET e:%s;
`

const neo4jCypherRel = `
LOAD CSV WITH HEADERS FROM 'file:///relationships.csv' AS row
WITH row WHERE row.` + "`:TYPE`" + ` = '%s'
MATCH (s:Entity {id: row.` + "`:START_ID`" + `}), (t:Entity {id: row.` + "`:END_ID`" + `})
CREATE (s)-[r:%s]->(t)
SET %s;
`
