// Package queries answers analysts' questions from the store: named,
// parameterised canned queries answered from the fact index (Store.Facts,
// FactRefs, FactsByRef), each row carrying its evidence (sentence, article,
// title, date, confidence); names resolved through the store's read API and
// the gazetteer's aliases; and raw Gizmo/GraphQL queries (RunRaw), which the
// store runs and this package bounds in time, memory and result size. It
// reads only through graph.Store's methods.
package queries

import (
	"context"
	"fmt"
	"slices"
	"sort"

	"github.com/policygraph/policygraph/domain"
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
	IRI       string          `json:"iri"`
	Subject   string          `json:"subject"`
	Relation  domain.Relation `json:"relation"`
	Object    string          `json:"object,omitempty"`
	Target    string          `json:"target,omitempty"`
	Scope     string          `json:"scope,omitempty"`
	Modality  domain.Modality `json:"modality"`
	Date      string          `json:"date"`
	EventDate string          `json:"event_date,omitempty"`
	// DateSource says whether Date is the event's or the article's
	// publication date.
	DateSource domain.DateSource `json:"date_source"`
	Evidence   Evidence          `json:"evidence"`

	ref graph.FactRef // set on briefs, to read the whole statement
}

// statementOf turns a fact index record into a Statement.
func statementOf(f graph.IndexedFact) Statement {
	return Statement{
		IRI: f.IRI, Subject: f.Subject, Relation: f.Relation, Object: f.Object, Target: f.Target, Scope: f.Scope,
		Modality: f.Modality, Date: f.Date, EventDate: f.EventDate, DateSource: domain.DateSourceOf(f.EventDate, f.Published),
		Evidence: Evidence{Sentence: f.Sentence, Article: f.Article, Title: f.Title, URL: f.URL, Published: f.Published,
			Confidence: f.Confidence, Start: f.Start, End: f.End},
	}
}

// indexed reads the statements the selectors choose from the fact index,
// once each, keeping those whose brief keep accepts (all when keep is nil):
// only the kept statements' records are read.
func indexed(ctx context.Context, s *graph.Store, keep func(graph.FactRef) bool, sels ...graph.FactSelector) ([]Statement, error) {
	var out []Statement
	seen := map[string]bool{}
	add := func(f graph.IndexedFact) error {
		if !seen[f.IRI] {
			seen[f.IRI] = true
			out = append(out, statementOf(f))
		}
		return nil
	}
	for _, sel := range sels {
		var err error
		if keep == nil {
			err = s.Facts(ctx, sel, add)
		} else {
			var refs []graph.FactRef
			err = s.FactRefs(ctx, sel, func(r graph.FactRef) error {
				if keep(r) {
					refs = append(refs, r)
				}
				return nil
			})
			if err == nil {
				err = s.FactsByRef(ctx, refs, add)
			}
		}
		if err != nil {
			return nil, fmt.Errorf("queries: %w", err)
		}
	}
	return out, nil
}

// ofRelation keeps the facts of the given relations.
func ofRelation(rels ...domain.Relation) func(graph.FactRef) bool {
	return func(r graph.FactRef) bool { return slices.Contains(rels, r.Relation) }
}

// briefStatement is the part of a Statement an index brief gives: enough
// to order and choose statements (Subject holds the entity ID).
func briefStatement(r graph.FactRef) Statement {
	return Statement{ref: r, IRI: r.IRI(), Subject: r.Subject, Relation: r.Relation, Modality: r.Modality, Date: r.Date,
		Evidence: Evidence{Article: r.Article, Confidence: r.Confidence, Start: r.Start}}
}

// full reads the whole statements behind briefs, keyed as given.
func full[K comparable](ctx context.Context, s *graph.Store, briefs map[K]Statement) (map[K]Statement, error) {
	keys := make([]K, 0, len(briefs))
	refs := make([]graph.FactRef, 0, len(briefs))
	for k, st := range briefs {
		keys = append(keys, k)
		refs = append(refs, st.ref)
	}
	out := make(map[K]Statement, len(briefs))
	i := 0
	err := s.FactsByRef(ctx, refs, func(f graph.IndexedFact) error {
		out[keys[i]] = statementOf(f)
		i++
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("queries: %w", err)
	}
	return out, nil
}

// onOrBefore reports whether date d has certainly begun by asOf (both
// possibly partial): its whole interval lies on or before asOf's last day.
func onOrBefore(d, asOf string) bool {
	if asOf == "" {
		return true
	}
	return dateOf(d).CertainBy(dateOf(asOf))
}

// later reports whether a is a later statement than b: by their dates as
// intervals (domain.Date.Compare: a year-only date after its months), then
// the relation table's priority, confidence, article and position.
func later(a, b Statement) bool {
	if c := compareDates(a.Date, b.Date); c != 0 {
		return c > 0
	}
	if a.Relation.Info().Priority != b.Relation.Info().Priority {
		return a.Relation.Info().Priority > b.Relation.Info().Priority
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
	Country  string          // subject or object, by name or alias ("" for all)
	Relation domain.Relation // "" for all
	Since    string          // fact dated certainly on or after (YYYY[-MM[-DD]]): "2019" is not since 2019-06
	Until    string          // fact dated certainly on or before: "2019" is not until 2019-06
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
	if f.Since != "" && !dateOf(st.Date).CertainFrom(dateOf(f.Since)) {
		return false
	}
	return onOrBefore(st.Date, f.Until)
}

// AllStatements reads every statement the filter selects, with evidence.
func AllStatements(ctx context.Context, s *graph.Store, f Filter) ([]Statement, error) {
	country := ""
	if f.Country != "" {
		var err error
		if _, country, err = Resolve(ctx, s, f.Country); err != nil {
			return nil, err
		}
	}
	sel := graph.AllFacts()
	if f.Relation != "" && !f.Relation.IsStance() {
		sel = graph.FactsWithRelation(f.Relation)
	}
	sts, err := indexed(ctx, s, nil, sel)
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
// entity with the given ID (see domain.EntityID), with evidence.
func About(ctx context.Context, s *graph.Store, id string) ([]Statement, error) {
	if !s.HasEntity(id) {
		return nil, fmt.Errorf("queries: entity %q: %w", id, ErrNotFound)
	}
	sts, err := indexed(ctx, s, nil, graph.FactsWithSubject(id), graph.FactsWithObject(id), graph.FactsWithTarget(id))
	if err != nil {
		return nil, err
	}
	sortChronological(sts)
	return sts, nil
}
