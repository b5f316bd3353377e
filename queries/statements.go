// Package queries answers analysts' questions from the graph: named,
// parameterised canned queries run on Cayley with the path API, each row
// carrying its evidence (sentence, article, title, date, confidence).
package queries

import (
	"context"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/path"
	"github.com/cayleygraph/quad"

	"github.com/policygraph/policygraph/graph"
)

// Evidence is where a fact comes from.
type Evidence struct {
	Sentence   string  `json:"sentence"`
	Article    string  `json:"article"`
	Title      string  `json:"title,omitempty"`
	URL        string  `json:"url,omitempty"`
	Published  string  `json:"published,omitempty"`
	Confidence float64 `json:"confidence"`
	Start      int     `json:"start"`
	End        int     `json:"end"`
}

// Statement is one stored fact read back from the graph.
type Statement struct {
	IRI       string         `json:"iri"`
	Subject   string         `json:"subject"`
	Relation  graph.Relation `json:"relation"`
	Object    string         `json:"object,omitempty"`
	Target    string         `json:"target,omitempty"`
	Scope     string         `json:"scope,omitempty"`
	Modality  graph.Modality `json:"modality"`
	Date      string         `json:"date"`
	EventDate string         `json:"event_date,omitempty"`
	Evidence  Evidence       `json:"evidence"`
}

// statements reads the statement nodes p leads to, with all their
// properties and article metadata.
func statements(ctx context.Context, qs cgraph.QuadStore, p *path.Path) ([]Statement, error) {
	sts, err := scan(ctx, qs, p)
	if err != nil {
		return nil, err
	}
	return sts, hydrate(ctx, qs, sts)
}

// scan reads what ordering and filtering need of the statements p leads to:
// subject, relation, object, target, scope, modality, date, confidence,
// position and article. The evidence sentence and article metadata are left
// to hydrate, for the few statements an answer shows.
func scan(ctx context.Context, qs cgraph.QuadStore, p *path.Path) ([]Statement, error) {
	p = p.Tag("stmt").
		Save(graph.PredSubject, "subject").
		Save(graph.PredRelation, "relation").
		Save(graph.PredModality, "modality").
		Save(graph.PredArticle, "article").
		SaveOptional(graph.PredDate, "date").
		SaveOptional(graph.PredObject, "object").
		SaveOptional(graph.PredTarget, "target").
		SaveOptional(graph.PredScope, "scope").
		SaveOptional(graph.PredConfidence, "confidence").
		SaveOptional(graph.PredStart, "start")
	seen := map[string]bool{}
	var out []Statement
	names := newNamer(ctx, qs)
	err := p.Iterate(ctx).TagValues(qs, func(m map[string]quad.Value) {
		iri := graph.ValueString(m["stmt"])
		if seen[iri] {
			return
		}
		seen[iri] = true
		st := Statement{
			IRI:      iri,
			Subject:  names.name(m["subject"]),
			Relation: graph.Relation(strings.TrimPrefix(graph.ValueString(m["relation"]), graph.VocabNS)),
			Object:   names.name(m["object"]),
			Target:   names.name(m["target"]),
			Scope:    graph.ValueString(m["scope"]),
			Modality: graph.Modality(graph.ValueString(m["modality"])),
			Date:     graph.ValueString(m["date"]),
		}
		st.Evidence.Confidence, _ = strconv.ParseFloat(graph.ValueString(m["confidence"]), 64)
		st.Evidence.Start, _ = strconv.Atoi(graph.ValueString(m["start"]))
		st.Evidence.Article = strings.TrimPrefix(graph.ValueString(m["article"]), graph.ArticleNS)
		if id, err := url.PathUnescape(st.Evidence.Article); err == nil {
			st.Evidence.Article = id
		}
		out = append(out, st)
	})
	if err != nil {
		return nil, fmt.Errorf("queries: read statements: %w", err)
	}
	return out, names.err
}

// hydrate fills in the evidence sentence, end offset, event date and the
// article's title, URL and publication date.
func hydrate(ctx context.Context, qs cgraph.QuadStore, sts []Statement) error {
	arts := map[string]articleMeta{}
	for i := range sts {
		st := &sts[i]
		err := path.StartPath(qs, quad.IRI(st.IRI)).
			Save(graph.PredSentence, "sentence").
			SaveOptional(graph.PredEnd, "end").
			SaveOptional(graph.PredEventDate, "event_date").
			Iterate(ctx).Limit(1).TagValues(qs, func(m map[string]quad.Value) {
			st.Evidence.Sentence = graph.ValueString(m["sentence"])
			st.Evidence.End, _ = strconv.Atoi(graph.ValueString(m["end"]))
			st.EventDate = graph.ValueString(m["event_date"])
		})
		if err != nil {
			return fmt.Errorf("queries: read statement %s: %w", st.IRI, err)
		}
		meta, ok := arts[st.Evidence.Article]
		if !ok {
			if meta, err = readArticle(ctx, qs, graph.ArticleIRI(st.Evidence.Article)); err != nil {
				return err
			}
			arts[st.Evidence.Article] = meta
		}
		st.Evidence.Title = meta.Title
		st.Evidence.URL = meta.URL
		st.Evidence.Published = meta.Published
		if st.Date == "" {
			st.Date = meta.Published
		}
	}
	return nil
}

type articleMeta struct {
	ID, Title, URL, Published string
}

// readArticle reads an article node's metadata.
func readArticle(ctx context.Context, qs cgraph.QuadStore, a quad.IRI) (articleMeta, error) {
	var meta articleMeta
	err := path.StartPath(qs, a).
		Save(graph.PredArticleID, "id").
		SaveOptional(graph.PredTitle, "title").
		SaveOptional(graph.PredURL, "url").
		SaveOptional(graph.PredPublished, "published").
		Iterate(ctx).Limit(1).TagValues(qs, func(m map[string]quad.Value) {
		meta = articleMeta{
			ID:        graph.ValueString(m["id"]),
			Title:     graph.ValueString(m["title"]),
			URL:       graph.ValueString(m["url"]),
			Published: graph.ValueString(m["published"]),
		}
	})
	if err != nil {
		return meta, fmt.Errorf("queries: read article %s: %w", a, err)
	}
	return meta, nil
}

// namer turns entity IRIs into canonical names, caching lookups.
type namer struct {
	ctx   context.Context
	qs    cgraph.QuadStore
	cache map[quad.Value]string
	types map[quad.Value]string
	err   error
}

func newNamer(ctx context.Context, qs cgraph.QuadStore) *namer {
	return &namer{ctx: ctx, qs: qs, cache: map[quad.Value]string{}, types: map[quad.Value]string{}}
}

func (n *namer) name(v quad.Value) string {
	if v == nil {
		return ""
	}
	if s, ok := n.cache[v]; ok {
		return s
	}
	name := ""
	typ := ""
	err := path.StartPath(n.qs, v).Save(graph.PredName, "name").SaveOptional(graph.PredEntityType, "type").
		Iterate(n.ctx).Limit(1).TagValues(n.qs, func(m map[string]quad.Value) {
		name = graph.ValueString(m["name"])
		typ = graph.ValueString(m["type"])
	})
	if err != nil && n.err == nil {
		n.err = fmt.Errorf("queries: read entity %v: %w", v, err)
	}
	if name == "" {
		name = strings.TrimPrefix(graph.ValueString(v), graph.EntityNS)
	}
	n.cache[v] = name
	n.types[v] = typ
	return name
}

// dateKey makes partial dates comparable: "2019" < "2019-02" < "2019-02-15".
func dateKey(d string) string {
	switch len(d) {
	case 4:
		return d + "-00-00"
	case 7:
		return d + "-00"
	}
	return d
}

// onOrBefore reports whether date d is not after asOf (both possibly partial).
func onOrBefore(d, asOf string) bool {
	if asOf == "" {
		return true
	}
	return dateKey(d) <= dateKey(asOf)
}

// stancePriority breaks ties between stances on the same date: the more
// restrictive wins.
var stancePriority = map[graph.Relation]int{
	graph.Banned: 5, graph.Restricted: 4, graph.DeclinedToBan: 3, graph.ConsideringBan: 2, graph.Allowed: 1,
}

// later reports whether a is a later statement than b.
func later(a, b Statement) bool {
	if ka, kb := dateKey(a.Date), dateKey(b.Date); ka != kb {
		return ka > kb
	}
	if stancePriority[a.Relation] != stancePriority[b.Relation] {
		return stancePriority[a.Relation] > stancePriority[b.Relation]
	}
	if a.Evidence.Confidence != b.Evidence.Confidence {
		return a.Evidence.Confidence > b.Evidence.Confidence
	}
	if a.Evidence.Article != b.Evidence.Article {
		return a.Evidence.Article > b.Evidence.Article
	}
	// Within one article, what it states first is its main point.
	if a.Evidence.Start != b.Evidence.Start {
		return a.Evidence.Start < b.Evidence.Start
	}
	return a.IRI > b.IRI
}

// sortChronological orders statements oldest first.
func sortChronological(sts []Statement) {
	sort.SliceStable(sts, func(i, j int) bool { return later(sts[j], sts[i]) })
}

// Filter selects facts for export and other bulk reads.
type Filter struct {
	Country  string         // subject or object, by name or alias ("" for all)
	Relation graph.Relation // "" for all
	Since    string         // fact date on or after (YYYY[-MM[-DD]])
	Until    string         // fact date on or before
}

// Match reports whether a statement passes the filter; country must be the
// resolved canonical name.
func (f Filter) Match(st Statement, country string) bool {
	if country != "" && st.Subject != country && st.Object != country {
		return false
	}
	if f.Relation != "" && st.Relation != f.Relation {
		return false
	}
	if f.Since != "" && dateKey(st.Date) < dateKey(f.Since) {
		return false
	}
	return onOrBefore(st.Date, f.Until)
}

// AllStatements reads every statement the filter selects, with evidence.
func AllStatements(ctx context.Context, s *graph.Store, f Filter) ([]Statement, error) {
	qs := s.QuadStore()
	country := ""
	if f.Country != "" {
		var err error
		if _, country, err = Resolve(ctx, qs, f.Country); err != nil {
			return nil, err
		}
	}
	p := path.StartPath(qs, graph.ClassStatement).In(graph.PredType)
	if f.Relation != "" {
		p = path.StartPath(qs, graph.RelationIRI(f.Relation)).In(graph.PredRelation)
	}
	sts, err := statements(ctx, qs, p)
	if err != nil {
		return nil, err
	}
	out := sts[:0]
	for _, st := range sts {
		if f.Match(st, country) {
			out = append(out, st)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Evidence.Article != out[j].Evidence.Article {
			return out[i].Evidence.Article < out[j].Evidence.Article
		}
		return out[i].Evidence.Start < out[j].Evidence.Start
	})
	return out, nil
}

// About returns every statement whose subject, object or target is the
// entity with the given ID (see graph.EntityID), with evidence.
func About(ctx context.Context, s *graph.Store, id string) ([]Statement, error) {
	qs := s.QuadStore()
	e := graph.EntityIRI(id)
	if qs.ValueOf(e) == nil {
		return nil, fmt.Errorf("queries: entity %q: %w", id, ErrNotFound)
	}
	p := path.StartPath(qs, e).In(graph.PredSubject).
		Or(path.StartPath(qs, e).In(graph.PredObject)).
		Or(path.StartPath(qs, e).In(graph.PredTarget))
	sts, err := statements(ctx, qs, p)
	if err != nil {
		return nil, err
	}
	sortChronological(sts)
	return sts, nil
}
