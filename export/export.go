// Package export writes the graph for other tools — RDF (N-Quads, JSON-LD),
// GraphML, GEXF, GML, Graphviz DOT, Neo4j CSV and Cytoscape JSON — keeping
// each fact's provenance: its article, date, confidence, modality, scope and
// evidence sentence.
//
// RDF formats carry the quads as stored (one named graph per article).
// Property-graph formats carry one node per entity and one edge per fact,
// from subject to object (pressured, vetoed) or target (stances).
package export

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/jsonld"
	"github.com/cayleygraph/quad/nquads"

	"github.com/policygraph/policygraph/domain"
	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/queries"
)

// Formats lists the export formats.
var Formats = []string{"nquads", "jsonld", "graphml", "gexf", "gml", "dot", "neo4j", "cytoscape"}

// DirFormats write a directory of files (WriteDir); as a stream (Write)
// they are a zip archive of that directory.
var DirFormats = map[string]bool{"neo4j": true}

// Extensions gives each stream format's file extension.
var Extensions = map[string]string{
	"nquads": ".nq", "jsonld": ".jsonld", "graphml": ".graphml", "gexf": ".gexf", "gml": ".gml", "dot": ".dot", "cytoscape": ".cyjs",
	"neo4j": ".zip",
}

// Filter selects a subgraph: the facts it matches, with their articles and
// entities.
type Filter = queries.Filter

// Node is an entity of the property graph.
type Node struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Type string `json:"type"`
	ISO2 string `json:"iso2,omitempty"`
	ISO3 string `json:"iso3,omitempty"`
}

// Edge is one fact of the property graph, with its provenance — or, in a
// merged graph (Graph.Merged), the parallel facts between two nodes.
type Edge struct {
	ID         string  `json:"id"`
	Source     string  `json:"source"`
	Target     string  `json:"target"`
	Relation   string  `json:"relation"`
	Vendor     string  `json:"vendor,omitempty"`
	Scope      string  `json:"scope,omitempty"`
	Modality   string  `json:"modality"`
	Confidence float64 `json:"confidence"`
	Date       string  `json:"date"`
	// DateSource says whether Date is the event's or the article's
	// publication date.
	DateSource domain.DateSource `json:"date_source"`
	Article    string            `json:"article"`
	Title      string            `json:"title,omitempty"`
	URL        string            `json:"url,omitempty"`
	Evidence   string            `json:"evidence"`
	// SentenceStart and SentenceEnd are the evidence's byte offsets in
	// its article.
	SentenceStart int `json:"sentence_start"`
	SentenceEnd   int `json:"sentence_end"`
	// Weight is the number of facts the edge stands for (1 unless merged).
	Weight int `json:"weight"`
	// Articles lists the articles of the edge's facts.
	Articles []string `json:"articles"`
	// LastDate is the date of a merged edge's latest fact.
	LastDate string `json:"last_date,omitempty"`
	// Facts holds each fact of a merged edge, earliest first.
	Facts []EdgeFact `json:"facts,omitempty"`
}

// Graph is the property-graph view of the store.
type Graph struct {
	Nodes []Node
	Edges []Edge
}

// Build reads the property graph the filter selects.
func Build(ctx context.Context, s *graph.Store, f Filter) (*Graph, error) {
	sts, err := queries.AllStatements(ctx, s, f)
	if err != nil {
		return nil, err
	}
	return FromStatements(ctx, s, sts)
}

// Neighbourhood is the property graph of one entity's facts.
func Neighbourhood(ctx context.Context, s *graph.Store, id string) (*Graph, error) {
	sts, err := queries.About(ctx, s, id)
	if err != nil {
		return nil, err
	}
	return FromStatements(ctx, s, sts)
}

// FromStatements builds the property graph of the given statements.
func FromStatements(ctx context.Context, s *graph.Store, sts []queries.Statement) (*Graph, error) {
	g := &Graph{}
	used := map[string]bool{}
	byName := map[string]queries.EntityRow{}
	node := func(name string) string {
		e, ok := byName[name]
		if !ok {
			if e, ok = queries.Describe(ctx, s, name); !ok {
				e = queries.EntityRow{ID: domain.EntityID(name), Name: name}
			}
			byName[name] = e
		}
		if !used[e.ID] {
			used[e.ID] = true
			g.Nodes = append(g.Nodes, Node{ID: e.ID, Name: e.Name, Type: e.Type, ISO2: e.ISO2})
		}
		return e.ID
	}
	for _, st := range sts {
		obj := st.Target
		if st.Relation.Info().ToObject || obj == "" {
			obj = st.Object
		}
		if obj == "" || st.Subject == "" {
			continue
		}
		e := Edge{
			ID: edgeID(st.IRI), Source: node(st.Subject), Target: node(obj), Relation: string(st.Relation),
			Scope: st.Scope, Modality: string(st.Modality), Confidence: st.Evidence.Confidence, Date: st.Date, DateSource: st.DateSource,
			Article: st.Evidence.Article, Title: st.Evidence.Title, URL: st.Evidence.URL, Evidence: st.Evidence.Sentence,
			SentenceStart: st.Evidence.Start, SentenceEnd: st.Evidence.End, Weight: 1, Articles: []string{st.Evidence.Article},
		}
		if obj != st.Target {
			e.Vendor = st.Target
		}
		g.Edges = append(g.Edges, e)
	}
	sort.Slice(g.Nodes, func(i, j int) bool { return g.Nodes[i].ID < g.Nodes[j].ID })
	return g, nil
}

// Options choose what an export holds.
type Options struct {
	// Filter selects the subgraph.
	Filter Filter
	// Parallel keeps one property-graph edge per fact. By default the
	// facts between the same two nodes with the same relation, modality
	// and vendor are one edge with a weight and the list of their
	// articles (Graph.Merged).
	Parallel bool
}

// Write exports the store in a stream format, merging parallel facts.
// neo4j is written as a zip archive of its directory's files.
func Write(ctx context.Context, s *graph.Store, format string, f Filter, w io.Writer) error {
	return WriteWith(ctx, s, format, Options{Filter: f}, w)
}

// WriteWith exports the store in a stream format with the given options.
func WriteWith(ctx context.Context, s *graph.Store, format string, o Options, w io.Writer) error {
	switch format {
	case "nquads", "jsonld":
		return writeRDF(ctx, s, format, o.Filter, w)
	}
	g, err := o.build(ctx, s)
	if err != nil {
		return err
	}
	switch format {
	case "graphml":
		return writeGraphML(g, w)
	case "gexf":
		return writeGEXF(g, w)
	case "gml":
		return writeGML(g, w)
	case "dot":
		return writeDOT(g, w)
	case "cytoscape":
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		return enc.Encode(Cytoscape(g))
	case "neo4j":
		return writeNeo4jZip(g, w)
	}
	return fmt.Errorf("export: unknown format %q (valid: %s)", format, strings.Join(Formats, ", "))
}

// writeRDF streams the store's quads, or those of the filtered subgraph.
func writeRDF(ctx context.Context, s *graph.Store, format string, f Filter, w io.Writer) error {
	var qw interface {
		WriteQuad(quad.Quad) error
		Close() error
	}
	if format == "nquads" {
		qw = nquads.NewWriter(w)
	} else {
		qw = jsonld.NewWriter(w)
	}
	keep, err := rdfFilter(ctx, s, f)
	if err != nil {
		return err
	}
	err = s.EachQuad(ctx, func(q quad.Quad) error {
		if keep != nil && !keep(q) {
			return nil
		}
		return qw.WriteQuad(q)
	})
	if cerr := qw.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("export %s: %w", format, err)
	}
	return nil
}

// rdfFilter returns which quads belong to the filtered subgraph: the
// selected statements, their direct edges, articles and entities.
func rdfFilter(ctx context.Context, s *graph.Store, f Filter) (func(quad.Quad) bool, error) {
	if f == (Filter{}) {
		return nil, nil
	}
	sts, err := queries.AllStatements(ctx, s, f)
	if err != nil {
		return nil, err
	}
	stmts, nodes, articles := map[quad.Value]bool{}, map[quad.Value]bool{}, map[quad.Value]bool{}
	edges := map[[3]quad.Value]bool{}
	for _, st := range sts {
		stmts[quad.IRI(st.IRI)] = true
		a := graph.ArticleIRI(st.Evidence.Article)
		articles[a] = true
		subj := graph.EntityIRI(domain.EntityID(st.Subject))
		nodes[subj] = true
		for _, n := range []string{st.Object, st.Target} {
			if n != "" {
				nodes[graph.EntityIRI(domain.EntityID(n))] = true
			}
		}
		obj := st.Target
		if st.Relation.Info().ToObject || obj == "" {
			obj = st.Object
		}
		edges[[3]quad.Value{subj, graph.RelationIRI(st.Relation), graph.EntityIRI(domain.EntityID(obj))}] = true
	}
	return func(q quad.Quad) bool {
		switch {
		case stmts[q.Subject]:
			return true
		case articles[q.Subject] && q.Label == q.Subject:
			return true
		case nodes[q.Subject] && q.Label == quad.IRI(graph.EntitiesGraph):
			return true
		}
		return edges[[3]quad.Value{q.Subject, q.Predicate, q.Object}] && articles[q.Label]
	}, nil
}

// WriteDir exports a directory format (neo4j) into dir, merging parallel
// facts.
func WriteDir(ctx context.Context, s *graph.Store, format string, f Filter, dir string) error {
	return WriteDirWith(ctx, s, format, Options{Filter: f}, dir)
}

// WriteDirWith exports a directory format (neo4j) into dir with the given
// options.
func WriteDirWith(ctx context.Context, s *graph.Store, format string, o Options, dir string) error {
	if format != "neo4j" {
		return fmt.Errorf("export: %s is not a directory format", format)
	}
	g, err := o.build(ctx, s)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("export neo4j: %w", err)
	}
	return writeNeo4j(g, func(name string) (io.WriteCloser, error) { return create(dir, name) })
}

// build reads the property graph the options select.
func (o Options) build(ctx context.Context, s *graph.Store) (*Graph, error) {
	g, err := Build(ctx, s, o.Filter)
	if err != nil || o.Parallel {
		return g, err
	}
	return g.Merged(), nil
}

// edgeID is a stable identifier of a fact's edge, from its statement IRI.
func edgeID(iri string) string {
	h := sha1.Sum([]byte(iri))
	return "f" + hex.EncodeToString(h[:6])
}

func create(dir, name string) (*os.File, error) {
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	return f, nil
}
