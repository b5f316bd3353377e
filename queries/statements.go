// Package queries answers analysts' questions from the store: named,
// parameterised canned queries answered from the fact index (Store.Facts,
// FactRefs, FactsByRef), each row carrying its evidence (sentence, article,
// title, date, confidence); names resolved through the store's read API and
// the gazetteer's aliases; and raw Gizmo/GraphQL queries (RunRaw), which the
// store runs and this package bounds in time, memory and result size. It
// reads only through graph.Store's methods.
package queries

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

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
	// Read into blocks that double in size, copied once into the answer:
	// thousands of statements grown one slice would be copied over and over.
	var blocks [][]Statement
	var block []Statement
	n := 0
	var seen map[string]bool // one selector chooses a fact once
	if len(sels) > 1 {
		seen = map[string]bool{}
	}
	add := func(f graph.IndexedFact) error {
		if seen != nil {
			if seen[f.IRI] {
				return nil
			}
			seen[f.IRI] = true
		}
		if len(block) == cap(block) {
			if block != nil {
				blocks = append(blocks, block)
			}
			block = make([]Statement, 0, max(16, 2*cap(block)))
		}
		block = append(block, statementOf(f))
		n++
		return nil
	}
	for _, sel := range sels {
		if err := s.FactsWhere(ctx, sel, keep, add); err != nil {
			return nil, fmt.Errorf("queries: %w", err)
		}
	}
	if len(blocks) == 0 {
		return block, nil
	}
	out := make([]Statement, 0, n)
	for _, b := range append(blocks, block) {
		out = append(out, b...)
	}
	return out, nil
}

// ofRelation keeps the facts of the given relations.
func ofRelation(rels ...domain.Relation) func(graph.FactRef) bool {
	return func(r graph.FactRef) bool { return slices.Contains(rels, r.Relation) }
}

// brief is a fact as an index brief tells it (Subject is its entity ID),
// with what answers order it by worked out once: enough to order and
// choose facts before reading the records of the chosen ones.
type brief struct {
	chrono
	ref graph.FactRef
}

// memo keeps, for one answer, what its thousands of facts repeat: their
// dates' spans and their relations' entries in the relation table.
type memo struct {
	dates map[string]span
	rels  map[domain.Relation]relInfo
}

// relInfo is what answers read of a relation's entry in the table.
type relInfo struct {
	stance   bool
	side     domain.Side
	priority int
}

func newMemo() *memo {
	return &memo{dates: map[string]span{}, rels: map[domain.Relation]relInfo{}}
}

// span is the span of a stored date.
func (m *memo) span(date string) span {
	sp, ok := m.dates[date]
	if !ok {
		sp = spanOf(dateOf(date))
		m.dates[date] = sp
	}
	return sp
}

// relation is r's entry in the relation table.
func (m *memo) relation(r domain.Relation) relInfo {
	ri, ok := m.rels[r]
	if !ok {
		i := r.Info()
		ri = relInfo{stance: i.Stance, side: i.Side, priority: i.Priority}
		m.rels[r] = ri
	}
	return ri
}

// brief is the brief of r, and r's relation.
func (m *memo) brief(r graph.FactRef) (brief, relInfo) {
	ri := m.relation(r.Relation)
	return brief{chrono{span: m.span(r.Date), priority: ri.priority, conf: r.Confidence, article: r.Article, start: r.Start}, r}, ri
}

// later reports whether b is a later fact than o (see later).
func (b brief) later(o brief) bool {
	if c := b.compare(&o.chrono); c != 0 {
		return c > 0
	}
	return b.iriOf() > o.iriOf()
}

// iriOf is the fact's statement IRI, built when a tie needs it.
func (b *brief) iriOf() string {
	if b.iri == "" {
		return b.ref.IRI()
	}
	return b.iri
}

// full reads the whole statements behind briefs, keyed as given.
func full[K comparable](ctx context.Context, s *graph.Store, briefs map[K]graph.FactRef) (map[K]Statement, error) {
	keys := make([]K, 0, len(briefs))
	refs := make([]graph.FactRef, 0, len(briefs))
	for k, r := range briefs {
		keys = append(keys, k)
		refs = append(refs, r)
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
// the relation table's priority, confidence, article and position (within
// one article, what it states first is its main point), and IRI.
func later(a, b *chrono) bool {
	if c := a.compare(b); c != 0 {
		return c > 0
	}
	return a.iri > b.iri
}

// chrono is what later compares of a statement.
type chrono struct {
	span     span
	priority int
	conf     float64
	article  string
	start    int
	iri      string // on a brief, "" until a tie needs it (brief.iriOf)
}

func chronoOf(st *Statement, m *memo) chrono {
	return chrono{span: m.span(st.Date), priority: m.relation(st.Relation).priority, conf: st.Evidence.Confidence,
		article: st.Evidence.Article, start: st.Evidence.Start, iri: st.IRI}
}

// compare orders a and b as later does but for the last tie-break, the
// IRIs: +1 when a is later, -1 when b is, 0 when only the IRIs can tell.
func (a *chrono) compare(b *chrono) int {
	if c := a.span.compare(b.span); c != 0 {
		return c
	}
	if a.priority != b.priority {
		return cmp.Compare(a.priority, b.priority)
	}
	if a.conf != b.conf {
		if a.conf > b.conf {
			return 1
		}
		return -1
	}
	if a.article != b.article {
		return strings.Compare(a.article, b.article)
	}
	return cmp.Compare(b.start, a.start)
}

// sortChronological orders statements oldest first (stably, by later).
func sortChronological(sts []Statement) {
	m := newMemo()
	keys := make([]chrono, len(sts))
	for i := range sts {
		keys[i] = chronoOf(&sts[i], m)
	}
	permute(sts, stableOrder(len(sts), func(i, j int) bool { return later(&keys[j], &keys[i]) }))
}

// stableOrder returns the positions 0..n-1 stably sorted by less: sorting
// positions, not the (large) elements themselves.
func stableOrder(n int, less func(i, j int) bool) []int {
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int {
		switch {
		case less(i, j):
			return -1
		case less(j, i):
			return 1
		}
		return 0
	})
	return order
}

// permute puts xs in the order given as positions (xs[i] becomes the
// old xs[order[i]]), in place, one cycle of the permutation at a time;
// order is used up.
func permute[T any](xs []T, order []int) {
	for i := range order {
		if order[i] == i {
			continue
		}
		first, j := xs[i], i
		for order[j] != i {
			next := order[j]
			xs[j], order[j] = xs[next], j
			j = next
		}
		xs[j], order[j] = first, j
	}
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
