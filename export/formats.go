package export

import (
	"bufio"
	"encoding/csv"
	"encoding/xml"
	"fmt"
	"github.com/policygraph/policygraph/domain"
	"io"
	"sort"
	"strconv"
	"strings"
)

func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// edgeAttrs are the provenance attributes every property-graph edge carries.
var edgeAttrs = []struct{ key, typ string }{
	{"relation", "string"}, {"vendor", "string"}, {"scope", "string"}, {"modality", "string"},
	{"confidence", "double"}, {"date", "string"}, {"article", "string"}, {"title", "string"},
	{"url", "string"}, {"evidence", "string"},
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
	case "article":
		return e.Article
	case "title":
		return e.Title
	case "url":
		return e.URL
	case "evidence":
		return e.Evidence
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

// gexfDate turns a partial date into a full one for Gephi's timeline.
func gexfDate(d string) string {
	switch len(d) {
	case 4:
		return d + "-01-01"
	case 7:
		return d + "-01"
	}
	return d
}

// writeGEXF writes GEXF 1.2 in dynamic mode: each edge starts at its fact's
// date, so Gephi's timeline shows stances changing.
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
		fmt.Fprintf(w, "      <attribute id=\"%d\" title=\"%s\" type=\"%s\"/>\n", i, a.key, a.typ)
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
	for _, e := range g.Edges {
		start := ""
		if e.Date != "" {
			start = fmt.Sprintf(" start=\"%s\"", gexfDate(e.Date))
		}
		fmt.Fprintf(w, "      <edge id=\"%s\" source=\"%s\" target=\"%s\" label=\"%s\"%s><attvalues>", e.ID, esc(e.Source), esc(e.Target), esc(e.Relation), start)
		for i, a := range edgeAttrs {
			if v := e.attr(a.key); v != "" {
				fmt.Fprintf(w, "<attvalue for=\"%d\" value=\"%s\"/>", i, esc(v))
			}
		}
		fmt.Fprintln(w, "</attvalues></edge>")
	}
	fmt.Fprintln(w, "    </edges>\n  </graph>\n</gexf>")
	return w.Flush()
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

// writeGML writes GML with integer node ids and string attributes.
func writeGML(g *Graph, out io.Writer) error {
	w := bufio.NewWriter(out)
	ids := map[string]int{}
	fmt.Fprintln(w, "graph [\n  directed 1\n  multigraph 1")
	for i, n := range g.Nodes {
		ids[n.ID] = i
		fmt.Fprintf(w, "  node [\n    id %d\n    label %s\n", i, gmlString(n.ID))
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
				if a.typ == "double" {
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
// evidence as tooltip.
func writeDOT(g *Graph, out io.Writer) error {
	w := bufio.NewWriter(out)
	fmt.Fprintln(w, "digraph policygraph {\n  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=10];\n  edge [fontname=\"Helvetica\", fontsize=8];")
	for _, n := range g.Nodes {
		shape := "ellipse"
		if n.Type == "country" || n.Type == "organisation" {
			shape = "box"
		}
		fmt.Fprintf(w, "  %s [label=%s, shape=%s];\n", dotString(n.ID), dotString(n.Name), shape)
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
		fmt.Fprintf(w, "  %s -> %s [label=%s, color=%s, fontcolor=%s, style=%s, tooltip=%s];\n",
			dotString(e.Source), dotString(e.Target), dotString(e.Relation+" "+e.Date), color, color, style,
			dotString(e.Article+": "+e.Evidence))
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

// writeNeo4j writes nodes.csv and relationships.csv for
// `neo4j-admin database import`, and load.cypher for LOAD CSV.
func writeNeo4j(g *Graph, dir string) error {
	nf, err := create(dir, "nodes.csv")
	if err != nil {
		return err
	}
	defer nf.Close()
	nw := csv.NewWriter(nf)
	_ = nw.Write([]string{"id:ID", "name", "type", "iso2", ":LABEL"})
	for _, n := range g.Nodes {
		label := "Entity"
		if n.Type != "" {
			label += ";" + strings.ToUpper(n.Type[:1]) + n.Type[1:]
		}
		_ = nw.Write([]string{n.ID, n.Name, n.Type, n.ISO2, label})
	}
	nw.Flush()
	if err := nw.Error(); err != nil {
		return fmt.Errorf("export neo4j: %w", err)
	}
	rf, err := create(dir, "relationships.csv")
	if err != nil {
		return err
	}
	defer rf.Close()
	rw := csv.NewWriter(rf)
	header := []string{":START_ID", ":END_ID", ":TYPE"}
	for _, a := range edgeAttrs[1:] {
		h := a.key
		if a.typ == "double" {
			h += ":double"
		}
		header = append(header, h)
	}
	_ = rw.Write(header)
	for _, e := range g.Edges {
		row := []string{e.Source, e.Target, strings.ToUpper(e.Relation)}
		for _, a := range edgeAttrs[1:] {
			row = append(row, e.attr(a.key))
		}
		_ = rw.Write(row)
	}
	rw.Flush()
	if err := rw.Error(); err != nil {
		return fmt.Errorf("export neo4j: %w", err)
	}
	cf, err := create(dir, "load.cypher")
	if err != nil {
		return err
	}
	defer cf.Close()
	types := map[string]bool{}
	for _, e := range g.Edges {
		types[strings.ToUpper(e.Relation)] = true
	}
	var b strings.Builder
	b.WriteString(neo4jCypherHead)
	var names []string
	for t := range types {
		names = append(names, t)
	}
	sort.Strings(names)
	for _, t := range names {
		fmt.Fprintf(&b, neo4jCypherRel, t, t)
	}
	_, err = io.WriteString(cf, b.String())
	return err
}

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

const neo4jCypherRel = `
LOAD CSV WITH HEADERS FROM 'file:///relationships.csv' AS row
WITH row WHERE row.` + "`:TYPE`" + ` = '%s'
MATCH (s:Entity {id: row.` + "`:START_ID`" + `}), (t:Entity {id: row.` + "`:END_ID`" + `})
CREATE (s)-[:%s {vendor: row.vendor, scope: row.scope, modality: row.modality,
  confidence: toFloat(row.` + "`confidence:double`" + `), date: row.date, article: row.article,
  title: row.title, url: row.url, evidence: row.evidence}]->(t);
`
