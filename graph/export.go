package graph

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strconv"
	"strings"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// Export formats. RDF formats (nquads, jsonld) carry the quads as stored;
// the property-graph formats carry one node per entity and one edge per fact
// (see docs/export.md).
const (
	FormatNQuads    = "nquads"
	FormatJSONLD    = "jsonld"
	FormatGraphML   = "graphml"
	FormatGEXF      = "gexf"
	FormatGML       = "gml"
	FormatDOT       = "dot"
	FormatNeo4j     = "neo4j"
	FormatCytoscape = "cytoscape"
)

// Formats lists every export format, in the order help texts show them.
var Formats = []string{FormatNQuads, FormatJSONLD, FormatGraphML, FormatGEXF, FormatGML, FormatDOT, FormatNeo4j, FormatCytoscape}

// FormatExtensions is the usual file extension of each stream format.
var FormatExtensions = map[string]string{
	FormatNQuads: ".nq", FormatJSONLD: ".jsonld", FormatGraphML: ".graphml", FormatGEXF: ".gexf",
	FormatGML: ".gml", FormatDOT: ".dot", FormatCytoscape: ".cyjs",
}

// IsDirFormat reports whether format writes a directory (ExportDir) rather
// than a stream (Export).
func IsDirFormat(format string) bool { return format == FormatNeo4j }

// Errors of Export, for callers to map to exit codes and HTTP statuses.
var (
	// ErrUnknownFormat means the format is not one of Formats.
	ErrUnknownFormat = errors.New("unknown export format")
	// ErrUnknownEntity means a filter names an entity the store does not hold.
	ErrUnknownEntity = errors.New("unknown entity")
)

// ExportFilter selects a subgraph by facts: a fact is kept when it passes
// every non-empty field. The subgraph holds the kept facts' statement nodes,
// direct edges, article nodes and the entity nodes they touch.
type ExportFilter struct {
	// Country keeps facts whose subject, object or target is this entity,
	// given by name (case-insensitive), entity ID or ISO 3166-1 code.
	Country string
	// Entity keeps facts whose subject, object or target has this entity ID
	// (see EntityID): the neighbourhood of one node.
	Entity string
	// Relation keeps facts of this relation.
	Relation Relation
	// Since and Until keep facts whose date (event date, else publication
	// date; YYYY, YYYY-MM or YYYY-MM-DD) overlaps [Since, Until]: a fact
	// dated 2019-02 passes Since 2019-02-15. Undated facts fail both.
	Since, Until string
}

// IsZero reports whether the filter keeps everything.
func (f ExportFilter) IsZero() bool { return f == ExportFilter{} }

// Export writes the subgraph the filter selects in a stream format to w.
// Directory formats (neo4j) are written by ExportDir.
func Export(ctx context.Context, s *Store, format string, filter ExportFilter, w io.Writer) error {
	switch format {
	case FormatNQuads, FormatJSONLD:
		return exportRDF(ctx, s, format, filter, w)
	case FormatGraphML, FormatGEXF, FormatGML, FormatDOT, FormatCytoscape:
		return exportProperty(ctx, s, format, filter, w)
	case FormatNeo4j:
		return fmt.Errorf("graph: export %s: writes a directory, use ExportDir", format)
	}
	return unknownFormat(format)
}

// ExportDir writes a directory format (neo4j: nodes.csv, relationships.csv,
// load.cypher) into dir, creating it.
func ExportDir(ctx context.Context, s *Store, format string, filter ExportFilter, dir string) error {
	if !IsDirFormat(format) {
		if !validFormat(format) {
			return unknownFormat(format)
		}
		return fmt.Errorf("graph: export %s: writes a stream, use Export", format)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("graph: export %s: %w", format, err)
	}
	return exportNeo4j(ctx, s, filter, dir)
}

func validFormat(format string) bool {
	for _, f := range Formats {
		if f == format {
			return true
		}
	}
	return false
}

func unknownFormat(format string) error {
	return fmt.Errorf("graph: %w %q (valid: %s)", ErrUnknownFormat, format, strings.Join(Formats, ", "))
}

// exportFact is one statement node read back from the store, with what the
// exports need of it.
type exportFact struct {
	IRI        quad.Value // the statement node
	Label      quad.Value // its named graph (the article)
	Subject    quad.Value
	Relation   Relation
	Object     quad.Value
	Target     quad.Value
	Scope      string
	Modality   string
	Confidence float64
	Sentence   string
	Start, End int
	Article    quad.Value
	EventDate  string
	Date       string
}

// direct is the node the fact's edge points to in property graphs and in
// its direct quad: the object of pressured and vetoed facts (or of facts
// without a target), else the target. It mirrors Fact.DirectObject.
func (f *exportFact) direct() quad.Value {
	if f.Object != nil && (f.Relation == Pressured || f.Relation == Vetoed || f.Target == nil) {
		return f.Object
	}
	return f.Target
}

// touches reports whether the fact names the entity node n in any role.
func (f *exportFact) touches(n quad.Value) bool {
	return n != nil && (f.Subject == n || f.Object == n || f.Target == n)
}

// factFilter is an ExportFilter resolved against the store.
type factFilter struct {
	ExportFilter
	entities []quad.Value // Country and Entity nodes; a fact must touch all
}

func (ff *factFilter) match(f *exportFact) bool {
	for _, e := range ff.entities {
		if !f.touches(e) {
			return false
		}
	}
	if ff.Relation != "" && f.Relation != ff.Relation {
		return false
	}
	if ff.Since != "" || ff.Until != "" {
		if f.Date == "" {
			return false
		}
		if ff.Since != "" && dateBound(f.Date, true) < dateBound(ff.Since, false) {
			return false
		}
		if ff.Until != "" && dateBound(f.Date, false) > dateBound(ff.Until, true) {
			return false
		}
	}
	return true
}

// dateBound turns a partial date into the last (end) or first day of the
// period it names, as a string that sorts chronologically.
func dateBound(d string, end bool) string {
	switch len(d) {
	case 4:
		if end {
			return d + "-12-31"
		}
		return d + "-01-01"
	case 7:
		if end {
			return d + "-31"
		}
		return d + "-01"
	}
	return d
}

// resolveFilter checks the filter and finds the entity nodes it names.
func resolveFilter(ctx context.Context, s *Store, f ExportFilter, ents *entityTable) (*factFilter, error) {
	ff := &factFilter{ExportFilter: f}
	for _, d := range []string{f.Since, f.Until} {
		if d != "" {
			if _, ok := DateValue(d).(quad.TypedString); !ok {
				return nil, fmt.Errorf("graph: export: invalid date %q (want YYYY, YYYY-MM or YYYY-MM-DD)", d)
			}
		}
	}
	if f.Relation != "" && !f.Relation.Valid() {
		return nil, fmt.Errorf("graph: export: invalid relation %q", f.Relation)
	}
	if f.Country != "" {
		n, ok := ents.lookup(f.Country)
		if !ok {
			return nil, fmt.Errorf("graph: export: country %q: %w", f.Country, ErrUnknownEntity)
		}
		ff.entities = append(ff.entities, n)
	}
	if f.Entity != "" {
		n := EntityIRI(f.Entity)
		if s.QuadStore().ValueOf(n) == nil {
			return nil, fmt.Errorf("graph: export: entity %q: %w", f.Entity, ErrUnknownEntity)
		}
		ff.entities = append(ff.entities, n)
	}
	return ff, nil
}

// eachFact calls fn for every statement node the filter keeps, streaming
// from the store's indexes: it starts from the most selective index the
// filter allows (an entity's edges, a relation's statements, or every
// statement) and reads each statement's own quads.
func eachFact(ctx context.Context, s *Store, ff *factFilter, fn func(*exportFact) error) error {
	qs := s.QuadStore()
	var (
		dir   quad.Direction
		from  quad.Value
		preds map[quad.Value]bool // predicates of the starting quads that lead to a statement
	)
	switch {
	case len(ff.entities) > 0:
		dir, from = quad.Object, ff.entities[0]
		preds = map[quad.Value]bool{PredSubject: true, PredObject: true, PredTarget: true}
	case ff.Relation != "":
		dir, from = quad.Object, RelationIRI(ff.Relation)
		preds = map[quad.Value]bool{PredRelation: true}
	default:
		dir, from = quad.Object, ClassStatement
		preds = map[quad.Value]bool{PredType: true}
	}
	ref := qs.ValueOf(from)
	if ref == nil {
		return nil
	}
	it := qs.QuadIterator(dir, ref)
	defer it.Close()
	// A statement can reach an entity twice (as object and target).
	var seen map[quad.Value]bool
	if len(ff.entities) > 0 {
		seen = map[quad.Value]bool{}
	}
	for it.Next(ctx) {
		q := qs.Quad(it.Result())
		if !preds[q.Predicate] {
			continue
		}
		if seen != nil {
			if seen[q.Subject] {
				continue
			}
			seen[q.Subject] = true
		}
		f, ok, err := readFact(ctx, qs, q.Subject)
		if err != nil {
			return err
		}
		if !ok || !ff.match(f) {
			continue
		}
		if err := fn(f); err != nil {
			return err
		}
	}
	if err := it.Err(); err != nil {
		return fmt.Errorf("graph: export: read statements: %w", err)
	}
	return ctx.Err()
}

// readFact reads the quads of one statement node; ok is false when the node
// is not a statement.
func readFact(ctx context.Context, qs cgraph.QuadStore, st quad.Value) (*exportFact, bool, error) {
	ref := qs.ValueOf(st)
	if ref == nil {
		return nil, false, nil
	}
	it := qs.QuadIterator(quad.Subject, ref)
	defer it.Close()
	f := &exportFact{IRI: st}
	isStatement := false
	for it.Next(ctx) {
		q := qs.Quad(it.Result())
		switch q.Predicate {
		case PredType:
			if q.Object == ClassStatement {
				isStatement = true
				f.Label = q.Label
			}
		case PredSubject:
			f.Subject = q.Object
		case PredRelation:
			f.Relation = Relation(strings.TrimPrefix(ValueString(q.Object), VocabNS))
		case PredObject:
			f.Object = q.Object
		case PredTarget:
			f.Target = q.Object
		case PredScope:
			f.Scope = ValueString(q.Object)
		case PredModality:
			f.Modality = ValueString(q.Object)
		case PredConfidence:
			f.Confidence, _ = strconv.ParseFloat(ValueString(q.Object), 64)
		case PredSentence:
			f.Sentence = ValueString(q.Object)
		case PredStart:
			f.Start, _ = strconv.Atoi(ValueString(q.Object))
		case PredEnd:
			f.End, _ = strconv.Atoi(ValueString(q.Object))
		case PredArticle:
			f.Article = q.Object
		case PredEventDate:
			f.EventDate = ValueString(q.Object)
		case PredDate:
			f.Date = ValueString(q.Object)
		}
	}
	if err := it.Err(); err != nil {
		return nil, false, fmt.Errorf("graph: export: read statement %v: %w", st, err)
	}
	if f.Article == nil {
		f.Article = f.Label
	}
	return f, isStatement && f.Subject != nil, nil
}

// exportEntity is an entity node's reference data.
type exportEntity struct {
	Node   quad.Value
	ID     string
	Name   string
	Type   string
	ISO2   string
	ISO3   string
	Region string
}

// entityTable holds the reference data of every entity (the EntitiesGraph):
// entity nodes are few next to facts.
type entityTable struct {
	byNode map[quad.Value]*exportEntity
}

func loadEntities(ctx context.Context, s *Store) (*entityTable, error) {
	t := &entityTable{byNode: map[quad.Value]*exportEntity{}}
	qs := s.QuadStore()
	ref := qs.ValueOf(quad.IRI(EntitiesGraph))
	if ref == nil {
		return t, nil
	}
	it := qs.QuadIterator(quad.Label, ref)
	defer it.Close()
	for it.Next(ctx) {
		q := qs.Quad(it.Result())
		e := t.get(q.Subject)
		v := ValueString(q.Object)
		switch q.Predicate {
		case PredName:
			e.Name = v
		case PredEntityType:
			e.Type = v
		case PredISO2:
			e.ISO2 = v
		case PredISO3:
			e.ISO3 = v
		case PredRegion:
			e.Region = v
		}
	}
	if err := it.Err(); err != nil {
		return nil, fmt.Errorf("graph: export: read entities: %w", err)
	}
	return t, nil
}

// get returns the entity of node n, creating a bare record (named after its
// ID) for nodes without reference data.
func (t *entityTable) get(n quad.Value) *exportEntity {
	if e, ok := t.byNode[n]; ok {
		return e
	}
	id := ValueString(n)
	if rest, ok := strings.CutPrefix(id, EntityNS); ok {
		if u, err := url.PathUnescape(rest); err == nil {
			id = u
		} else {
			id = rest
		}
	}
	e := &exportEntity{Node: n, ID: id}
	t.byNode[n] = e
	return e
}

// lookup finds an entity by name (case-insensitive), ID or ISO code.
func (t *entityTable) lookup(q string) (quad.Value, bool) {
	q = strings.TrimSpace(q)
	if e, ok := t.byNode[EntityIRI(q)]; ok {
		return e.Node, true
	}
	if e, ok := t.byNode[EntityIRI(EntityID(q))]; ok {
		return e.Node, true
	}
	for _, e := range t.byNode {
		if strings.EqualFold(e.Name, q) || strings.EqualFold(e.ISO2, q) || strings.EqualFold(e.ISO3, q) {
			return e.Node, true
		}
	}
	return nil, false
}

// exportArticle is an article node's metadata.
type exportArticle struct {
	ID, Title, URL, Published string
}

// articleCache reads article metadata once per article.
type articleCache struct {
	s     *Store
	byIRI map[quad.Value]*exportArticle
}

func (c *articleCache) get(ctx context.Context, a quad.Value) (*exportArticle, error) {
	if m, ok := c.byIRI[a]; ok {
		return m, nil
	}
	m := &exportArticle{ID: strings.TrimPrefix(ValueString(a), ArticleNS)}
	if u, err := url.PathUnescape(m.ID); err == nil {
		m.ID = u
	}
	qs := c.s.QuadStore()
	if ref := qs.ValueOf(a); ref != nil {
		it := qs.QuadIterator(quad.Subject, ref)
		for it.Next(ctx) {
			q := qs.Quad(it.Result())
			switch q.Predicate {
			case PredArticleID:
				m.ID = ValueString(q.Object)
			case PredTitle:
				m.Title = ValueString(q.Object)
			case PredURL:
				m.URL = ValueString(q.Object)
			case PredPublished:
				m.Published = ValueString(q.Object)
			}
		}
		err := it.Err()
		it.Close()
		if err != nil {
			return nil, fmt.Errorf("graph: export: read article %v: %w", a, err)
		}
	}
	if c.byIRI == nil {
		c.byIRI = map[quad.Value]*exportArticle{}
	}
	c.byIRI[a] = m
	return m, nil
}
