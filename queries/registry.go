package queries

import (
	"cmp"
	"container/heap"
	"context"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/policygraph/policygraph/domain"
	"github.com/policygraph/policygraph/graph"
)

// Param describes one parameter of a question.
type Param struct {
	Name       string `json:"name"`
	Help       string `json:"help"`
	Default    string `json:"default,omitempty"`
	Positional bool   `json:"positional,omitempty"` // given as the argument after the name
	Bool       bool   `json:"bool,omitempty"`
}

// Question is a named, parameterised canned query.
type Question struct {
	Name        string  `json:"name"`
	Description string  `json:"description"`
	Example     string  `json:"example"`
	Params      []Param `json:"params"`
	run         func(ctx context.Context, s *graph.Store, p Params) (*Result, error)
}

// Params are a question's arguments by name.
type Params map[string]string

// Result is a question's answer: ordered columns and rows of text for tables
// and CSV, and the typed records for JSON.
type Result struct {
	Question string     `json:"question"`
	Params   Params     `json:"params"`
	Columns  []string   `json:"-"`
	Rows     [][]string `json:"-"`
	Records  any        `json:"results"`
	// Omitted counts the results a limit left out, most recent kept.
	Omitted int `json:"omitted,omitempty"`
	// Hidden notes the facts the answer left out (modalities it does not
	// count, dates not certainly by its as-of date) and how to see them;
	// nil for questions that show every fact.
	Hidden *Hidden `json:"hidden,omitempty"`
}

var stanceQuestions = []struct {
	name string
	rel  domain.Relation
	desc string
}{
	{"banned", domain.Banned, "countries whose latest stance toward the target is a ban"},
	{"restricted", domain.Restricted, "countries whose latest stance toward the target is a restriction"},
	{"declined", domain.DeclinedToBan, "countries whose latest stance is declining to ban the target"},
	{"considering", domain.ConsideringBan, "countries whose latest stance is considering a ban"},
	{"allowed", domain.Allowed, "countries whose latest stance is explicitly allowing the target"},
}

// DefaultVendor is the vendor the tracker and the stance questions are
// about when none is given; RunAbout and Questions take another (the CLI's
// and the server's is the config key queries.default_vendor).
const DefaultVendor = "Huawei"

var stanceParams = []Param{
	{Name: "target", Help: "vendor the stance is about", Default: DefaultVendor},
	{Name: "as-of", Help: "answer as of this date (YYYY[-MM[-DD]])"},
	{Name: "ever", Help: "every country that ever held the stance", Bool: true},
	modalityParam,
}

var modalityParam = Param{Name: "modality", Help: "modalities counted, comma-separated: asserted (default), reported, denied, hypothetical or all"}

// List returns every question, in a stable order.
func List() []Question {
	var qs []Question
	for _, sq := range stanceQuestions {
		rel := sq.rel
		qs = append(qs, Question{
			Name: sq.name, Description: sq.desc, Example: "policygraph ask " + sq.name + " --target Huawei --as-of 2019-12-31",
			Params: stanceParams,
			run: func(ctx context.Context, s *graph.Store, p Params) (*Result, error) {
				return stanceQuestion(ctx, s, rel, p)
			},
		})
	}
	qs = append(qs,
		Question{Name: "pressured", Description: "who pressured whom, about which vendor, when",
			Example: `policygraph ask pressured --by "United States"`,
			Params:  []Param{{Name: "by", Help: "the country or official applying pressure"}, {Name: "on", Help: "the country or organisation pressured"}, modalityParam},
			run:     pressuredQuestion},
		Question{Name: "vetoes", Description: "vetoed or blocked deals, with their parties",
			Example: "policygraph ask vetoes", Params: []Param{modalityParam}, run: vetoesQuestion},
		Question{Name: "stance", Description: "one country's stance timeline, marking each change",
			Example: "policygraph ask stance Italy",
			Params:  []Param{{Name: "country", Help: "the country", Positional: true}, {Name: "target", Help: "vendor (all when empty)"}},
			run:     stanceTimeline},
		Question{Name: "contradictions", Description: "facts from different articles that disagree about a country in the same period (a change of policy over time is not one: see stance)",
			Example: "policygraph ask contradictions --target Huawei",
			Params: []Param{{Name: "target", Help: "vendor", Default: DefaultVendor}, {Name: "window", Help: "months of slack: dates this many months apart still count as the same period (0: only overlapping dates)", Default: "0"},
				{Name: "limit", Help: "most recent pairs shown (0 for all)", Default: "100"}},
			run: contradictions},
		Question{Name: "article", Description: "what one article contributed",
			Example: "policygraph ask article 000_96e29888d8300f82.txt",
			Params:  []Param{{Name: "id", Help: "article id (file name)", Positional: true}},
			run:     articleQuestion},
		Question{Name: "entities", Description: "known entities with their fact counts",
			Example: "policygraph ask entities --type country",
			Params:  []Param{{Name: "type", Help: "country, company, organisation or deal"}},
			run:     entitiesQuestion},
	)
	return qs
}

// Questions is List with vendor as the default target in place of
// DefaultVendor ("" keeps it).
func Questions(vendor string) []Question {
	qs := List()
	if vendor == "" || vendor == DefaultVendor {
		return qs
	}
	for i := range qs {
		params := slices.Clone(qs[i].Params)
		for j := range params {
			if params[j].Default == DefaultVendor {
				params[j].Default = vendor
			}
		}
		qs[i].Params = params
	}
	return qs
}

// Names lists the questions' names.
func Names() []string {
	var out []string
	for _, q := range List() {
		out = append(out, q.Name)
	}
	return out
}

// Lookup returns the question with the given name.
func Lookup(name string) (Question, error) { return lookupIn(List(), name) }

func lookupIn(qs []Question, name string) (Question, error) {
	for _, q := range qs {
		if q.Name == name {
			return q, nil
		}
	}
	return Question{}, fmt.Errorf("queries: %w: unknown question %q (valid: %s)", ErrBadQuery, name, strings.Join(Names(), ", "))
}

// Run answers the named question. Unknown names and parameters are errors
// that list the valid ones.
func Run(ctx context.Context, s *graph.Store, name string, p Params) (*Result, error) {
	return RunAbout(ctx, s, "", name, p)
}

// RunAbout is Run with vendor as the default target (see Questions).
func RunAbout(ctx context.Context, s *graph.Store, vendor, name string, p Params) (*Result, error) {
	q, err := lookupIn(Questions(vendor), name)
	if err != nil {
		return nil, err
	}
	valid := map[string]Param{}
	var names []string
	for _, prm := range q.Params {
		valid[prm.Name] = prm
		names = append(names, prm.Name)
	}
	full := Params{}
	for k, v := range p {
		prm, ok := valid[k]
		if !ok {
			return nil, fmt.Errorf("queries: %w: %s takes no parameter %q (valid: %s)", ErrBadQuery, name, k, strings.Join(orNone(names), ", "))
		}
		if prm.Bool && v != "" && v != "true" && v != "false" {
			return nil, fmt.Errorf("queries: %w: %s must be true or false, not %q", ErrBadQuery, k, v)
		}
		full[k] = v
	}
	for _, prm := range q.Params {
		if full[prm.Name] == "" && prm.Default != "" {
			full[prm.Name] = prm.Default
		}
		if prm.Positional && full[prm.Name] == "" {
			return nil, fmt.Errorf("queries: %w: %s needs a %s (e.g. %s)", ErrBadQuery, name, prm.Name, q.Example)
		}
	}
	if d := full["as-of"]; d != "" {
		if _, err := parseParamDate("as-of", d); err != nil {
			return nil, err
		}
	}
	r, err := q.run(ctx, s, full)
	if err != nil {
		return nil, err
	}
	r.Question, r.Params = name, full
	return r, nil
}

func orNone(s []string) []string {
	if len(s) == 0 {
		return []string{"none"}
	}
	return s
}

// ValidDate reports whether s is a date as policygraph takes them:
// YYYY, YYYY-MM or YYYY-MM-DD, and a day of the calendar (2019-02-30 and
// 2019-13-01 are not). domain.ParseDate says what is wrong with one.
func ValidDate(s string) bool { return domain.ValidateDate(s) == nil }

func conf(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) }

// stanceQuestion answers banned/restricted/declined/considering/allowed.
func stanceQuestion(ctx context.Context, s *graph.Store, rel domain.Relation, p Params) (*Result, error) {
	c, err := newHiddenCounter(p["modality"], p["as-of"])
	if err != nil {
		return nil, err
	}
	c.relation = rel
	var rows []TrackerRow
	if p["ever"] == "true" {
		// Every country that ever held the stance, with its first statement of it.
		rows, err = perCountry(ctx, s, p["target"], c, rel, true)
		if err != nil {
			return nil, err
		}
	} else {
		all, err := perCountry(ctx, s, p["target"], c, "", false)
		if err != nil {
			return nil, err
		}
		for _, r := range all {
			if r.Stance == rel {
				rows = append(rows, r)
			}
		}
	}
	showModality := p["modality"] != "" && p["modality"] != string(domain.Asserted)
	cols := []string{"country", "stance", "date", "dated by", "scope", "article", "evidence"}
	if showModality {
		cols = slices.Insert(cols, 2, "modality")
	}
	res := &Result{Columns: cols, Records: orEmpty(rows), Hidden: c.result()}
	for _, r := range rows {
		row := []string{r.Country, string(r.Stance), r.Date, string(r.DateSource), r.Scope, r.Evidence.Article, r.Evidence.Sentence}
		if showModality {
			row = slices.Insert(row, 2, string(r.Modality))
		}
		res.Rows = append(res.Rows, row)
	}
	return res, nil
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// PressureRow is one act of pressure.
type PressureRow struct {
	By    string `json:"by"`
	On    string `json:"on"`
	About string `json:"about,omitempty"`
	Date  string `json:"date"`
	// DateSource says whether Date is the event's or the publication's.
	DateSource domain.DateSource `json:"date_source"`
	Modality   domain.Modality   `json:"modality"`
	Evidence   Evidence          `json:"evidence"`
}

func pressuredQuestion(ctx context.Context, s *graph.Store, p Params) (*Result, error) {
	byID := ""
	if p["by"] != "" {
		_, by, err := Resolve(ctx, s, p["by"])
		if err != nil {
			return nil, err
		}
		byID = domain.EntityID(by)
	}
	// The narrowest key space: the pressured party's facts, else the
	// presser's, else every act of pressure; the brief filters the rest.
	sel := graph.FactsWithRelation(domain.Pressured)
	switch {
	case p["on"] != "":
		_, on, err := Resolve(ctx, s, p["on"])
		if err != nil {
			return nil, err
		}
		sel = graph.FactsWithObject(on)
	case byID != "":
		sel = graph.FactsWithSubject(byID)
	}
	c, err := newHiddenCounter(p["modality"], "")
	if err != nil {
		return nil, err
	}
	c.relation = domain.Pressured
	m := newMemo()
	sts, err := indexed(ctx, s, func(r graph.FactRef) bool {
		if r.Relation != domain.Pressured || byID != "" && r.Subject != byID {
			return false
		}
		b, _ := m.brief(r)
		return c.admit(&b)
	}, sel)
	if err != nil {
		return nil, err
	}
	sortChronological(sts)
	rows := make([]PressureRow, 0, len(sts))
	for _, st := range sts {
		rows = append(rows, PressureRow{By: st.Subject, On: st.Object, About: st.Target, Date: st.Date, DateSource: st.DateSource, Modality: st.Modality, Evidence: st.Evidence})
	}
	res := &Result{Columns: []string{"by", "on", "about", "date", "dated by", "modality", "article", "evidence"}, Records: orEmpty(rows), Hidden: c.result()}
	for _, r := range rows {
		res.Rows = append(res.Rows, []string{r.By, r.On, r.About, r.Date, string(r.DateSource), string(r.Modality), r.Evidence.Article, r.Evidence.Sentence})
	}
	return res, nil
}

// VetoRow is one vetoed or blocked deal.
type VetoRow struct {
	Country string `json:"country"`
	Deal    string `json:"deal"`
	Vendor  string `json:"vendor,omitempty"`
	Date    string `json:"date"`
	// DateSource says whether Date is the event's or the publication's.
	DateSource domain.DateSource `json:"date_source"`
	Modality   domain.Modality   `json:"modality"`
	Evidence   Evidence          `json:"evidence"`
}

func vetoesQuestion(ctx context.Context, s *graph.Store, p Params) (*Result, error) {
	c, err := newHiddenCounter(p["modality"], "")
	if err != nil {
		return nil, err
	}
	c.relation = domain.Vetoed
	m := newMemo()
	sts, err := indexed(ctx, s, func(r graph.FactRef) bool {
		b, _ := m.brief(r)
		return c.admit(&b)
	}, graph.FactsWithRelation(domain.Vetoed))
	if err != nil {
		return nil, err
	}
	// By date, then as each article states them: the first statement of a
	// veto in an article names the deal most fully.
	dates := make([]span, len(sts))
	for i := range sts {
		dates[i] = m.span(sts[i].Date)
	}
	permute(sts, stableOrder(len(sts), func(i, j int) bool {
		a, b := &sts[i], &sts[j]
		if c := dates[i].compare(dates[j]); c != 0 {
			return c < 0
		}
		if a.Evidence.Article != b.Evidence.Article {
			return a.Evidence.Article < b.Evidence.Article
		}
		return a.Evidence.Start < b.Evidence.Start
	}))
	rows := make([]VetoRow, 0, len(sts))
	type veto struct {
		country, vendor, article string
		modality                 domain.Modality
	}
	seen := map[veto]bool{}
	for _, st := range sts {
		key := veto{st.Subject, st.Target, st.Evidence.Article, st.Modality}
		if seen[key] {
			continue
		}
		seen[key] = true
		rows = append(rows, VetoRow{Country: st.Subject, Deal: st.Object, Vendor: st.Target, Date: st.Date, DateSource: st.DateSource, Modality: st.Modality, Evidence: st.Evidence})
	}
	showModality := p["modality"] != "" && p["modality"] != string(domain.Asserted)
	cols := []string{"country", "deal", "vendor", "date", "dated by", "article", "evidence"}
	if showModality {
		cols = slices.Insert(cols, 5, "modality")
	}
	res := &Result{Columns: cols, Records: orEmpty(rows), Hidden: c.result()}
	for _, r := range rows {
		row := []string{r.Country, r.Deal, r.Vendor, r.Date, string(r.DateSource), r.Evidence.Article, r.Evidence.Sentence}
		if showModality {
			row = slices.Insert(row, 5, string(r.Modality))
		}
		res.Rows = append(res.Rows, row)
	}
	return res, nil
}

// TimelineRow is one fact of a country's stance history.
type TimelineRow struct {
	Date string `json:"date"`
	// DateSource says whether Date is the event's or the publication's.
	DateSource domain.DateSource `json:"date_source"`
	Relation   domain.Relation   `json:"relation"`
	Target     string            `json:"target,omitempty"`
	Object     string            `json:"object,omitempty"`
	Scope      string            `json:"scope,omitempty"`
	Modality   domain.Modality   `json:"modality"`
	Change     bool              `json:"change"` // an asserted stance differing from the previous asserted one
	Evidence   Evidence          `json:"evidence"`
}

func stanceTimeline(ctx context.Context, s *graph.Store, p Params) (*Result, error) {
	_, country, err := Resolve(ctx, s, p["country"])
	if err != nil {
		return nil, err
	}
	sel := graph.FactsWithSubject(country)
	targetName := ""
	if p["target"] != "" {
		if _, targetName, err = Resolve(ctx, s, p["target"]); err != nil {
			return nil, err
		}
		sel = graph.FactsWithTargetAndSubject(targetName, country)
	}
	sts, err := indexed(ctx, s, ofRelation(append([]domain.Relation{domain.Vetoed}, domain.StanceRelations...)...), sel)
	if err != nil {
		return nil, err
	}
	sortChronological(sts)
	var rows []TimelineRow
	last := map[string]domain.Relation{}
	for _, st := range sts {
		if targetName != "" && st.Target != targetName {
			continue
		}
		row := TimelineRow{Date: st.Date, DateSource: st.DateSource, Relation: st.Relation, Target: st.Target, Object: st.Object, Scope: st.Scope, Modality: st.Modality, Evidence: st.Evidence}
		if st.Modality == domain.Asserted && st.Relation.IsStance() {
			prev, ok := last[st.Target]
			row.Change = !ok || prev != st.Relation
			last[st.Target] = st.Relation
		}
		rows = append(rows, row)
	}
	res := &Result{Columns: []string{"date", "dated by", "relation", "target", "modality", "change", "article", "evidence"}, Records: orEmpty(rows)}
	for _, r := range rows {
		change := ""
		if r.Change {
			change = "*"
		}
		rel := string(r.Relation)
		if r.Relation == domain.Vetoed && r.Object != "" {
			rel += " " + r.Object
		}
		res.Rows = append(res.Rows, []string{r.Date, string(r.DateSource), rel, r.Target, string(r.Modality), change, r.Evidence.Article, r.Evidence.Sentence})
	}
	return res, nil
}

// ContradictionRow is a pair of facts from different articles that
// disagree about one country in one period.
type ContradictionRow struct {
	Country string    `json:"country"`
	Target  string    `json:"target"`
	Reason  string    `json:"reason"`
	A       Statement `json:"a"`
	B       Statement `json:"b"`
}

// restrictive reports which side of the ban question a stance is on.
func restrictive(r domain.Relation) (bool, bool) {
	side := r.Info().Side
	return side == domain.Restrictive, side != domain.NoSide
}

func contradictions(ctx context.Context, s *graph.Store, p Params) (*Result, error) {
	_, targetName, err := Resolve(ctx, s, p["target"])
	if err != nil {
		return nil, err
	}
	window, err := strconv.Atoi(p["window"])
	if err != nil || window < 0 {
		return nil, fmt.Errorf("queries: %w: window %q is not a number of months", ErrBadQuery, p["window"])
	}
	// Pairs are found among the index's briefs; only the shown ones are read.
	m := newMemo()
	widen := map[string]span{} // a date's span widened by the window
	bySubject := map[string][]*claim{}
	var claims []claim // allocated a block at a time: the lists point into them
	err = s.FactRefs(ctx, graph.FactsWithTarget(targetName), func(r graph.FactRef) error {
		b, rel := m.brief(r)
		if !rel.stance {
			return nil
		}
		w, ok := widen[r.Date]
		if !ok {
			w = widened(dateOf(r.Date), window)
			widen[r.Date] = w
		}
		if len(claims) == cap(claims) {
			claims = make([]claim, 0, 1024)
		}
		claims = append(claims, claim{brief: b, restrictive: rel.side == domain.Restrictive, sided: rel.side != domain.NoSide, within: w})
		c := &claims[len(claims)-1]
		bySubject[r.Subject] = append(bySubject[r.Subject], c)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("queries: %w", err)
	}
	limit, err := strconv.Atoi(p["limit"])
	if err != nil || limit < 0 {
		return nil, fmt.Errorf("queries: %w: limit %q is not a number of results", ErrBadQuery, p["limit"])
	}
	// Pairs are found in the per-country lists, and only the ones shown
	// become rows: a busy vendor has tens of thousands. A limit keeps the
	// most recent: the top of a heap of the shown ones.
	shown := &pairHeap{}
	total := 0
	for _, list := range bySubject {
		// Chronological (the order of sortChronological), then by first day.
		slices.SortStableFunc(list, func(a, b *claim) int {
			switch {
			case b.laterThan(a):
				return -1
			case a.laterThan(b):
				return 1
			}
			return 0
		})
		for i, c := range list {
			c.pos = i
		}
		byFirst := slices.Clone(list)
		slices.SortStableFunc(byFirst, func(a, b *claim) int { return cmp.Compare(a.span.first, b.span.first) })
		// Sweep by first day: the candidates of a are those that start
		// before a's interval (widened by the window) ends.
		for x, a := range byFirst {
			for _, b := range byFirst[x+1:] {
				if !b.span.overlaps(a.within) {
					break // b starts after a's period ends, and so do the rest
				}
				if a.ref.Article == b.ref.Article || !a.disagrees(b) {
					continue
				}
				pr := pair{a, b}
				if b.pos < a.pos {
					pr = pair{b, a}
				}
				total++
				switch {
				case limit == 0:
					shown.pairs = append(shown.pairs, pr)
				case shown.Len() < limit:
					heap.Push(shown, pr)
				case pr.before(shown.pairs[0]):
					shown.pairs[0] = pr
					heap.Fix(shown, 0)
				}
			}
		}
	}
	all := shown.pairs
	slices.SortFunc(all, func(x, y pair) int {
		if x.before(y) {
			return -1
		}
		return 1 // pairs are never equal
	})
	res := &Result{Columns: []string{"country", "reason", "date a", "article a", "date b", "article b"}, Omitted: total - len(all)}
	briefs := map[string]graph.FactRef{}
	for _, p := range all {
		briefs[p.a.iriOf()], briefs[p.b.iriOf()] = p.a.ref, p.b.ref
	}
	whole, err := full(ctx, s, briefs)
	if err != nil {
		return nil, err
	}
	rows := make([]ContradictionRow, len(all))
	for n, p := range all {
		a, b := whole[p.a.iriOf()], whole[p.b.iriOf()]
		rows[n] = ContradictionRow{Country: a.Subject, Target: targetName, Reason: disagree(a, b), A: a, B: b}
		res.Rows = append(res.Rows, []string{a.Subject, rows[n].Reason, a.Date, a.Evidence.Article, b.Date, b.Evidence.Article})
	}
	res.Records = rows
	return res, nil
}

// claim is a stance fact as contradictions compares it: its brief, the
// side of the ban question it is on, and its period widened by the window.
type claim struct {
	brief
	restrictive, sided bool
	within             span // the period other facts must overlap
	pos                int  // in its country's chronological list
}

// laterThan is brief.later, with the IRIs kept once built.
func (c *claim) laterThan(o *claim) bool {
	if d := c.compare(&o.chrono); d != 0 {
		return d > 0
	}
	return c.iriKept() > o.iriKept()
}

func (c *claim) iriKept() string {
	if c.iri == "" {
		c.iri = c.ref.IRI()
	}
	return c.iri
}

// disagrees reports whether disagree finds a reason (without writing it).
func (c *claim) disagrees(o *claim) bool {
	hyp := c.ref.Modality == domain.Hypothetical || o.ref.Modality == domain.Hypothetical
	deniedC, deniedO := c.ref.Modality == domain.Denied, o.ref.Modality == domain.Denied
	switch {
	case c.ref.Relation == o.ref.Relation && deniedC != deniedO && !hyp:
		return true
	case c.sided && o.sided && c.restrictive != o.restrictive && !hyp && !deniedC && !deniedO:
		return true
	}
	return false
}

// pair is two claims that contradict each other, a the earlier.
type pair struct{ a, b *claim }

// before reports whether p is listed before o: most recent first (by the
// later claim's date, then the earlier's), then by country and IRIs.
func (p pair) before(o pair) bool {
	if c := p.b.span.compare(o.b.span); c != 0 {
		return c > 0
	}
	if c := p.a.span.compare(o.a.span); c != 0 {
		return c > 0
	}
	if p.a.ref.Subject != o.a.ref.Subject {
		return p.a.ref.Subject < o.a.ref.Subject
	}
	if x, y := p.a.iriKept(), o.a.iriKept(); x != y {
		return x < y
	}
	return p.b.iriKept() < o.b.iriKept()
}

// pairHeap holds the pairs shown, the last of them on top.
type pairHeap struct{ pairs []pair }

func (h *pairHeap) Len() int           { return len(h.pairs) }
func (h *pairHeap) Less(i, j int) bool { return h.pairs[j].before(h.pairs[i]) }
func (h *pairHeap) Swap(i, j int)      { h.pairs[i], h.pairs[j] = h.pairs[j], h.pairs[i] }
func (h *pairHeap) Push(x any)         { h.pairs = append(h.pairs, x.(pair)) }
func (h *pairHeap) Pop() any {
	p := h.pairs[len(h.pairs)-1]
	h.pairs = h.pairs[:len(h.pairs)-1]
	return p
}

// disagree says why two statements about one country contradict, or "".
func disagree(a, b Statement) string {
	ra, oka := restrictive(a.Relation)
	rb, okb := restrictive(b.Relation)
	denied := func(st Statement) bool { return st.Modality == domain.Denied }
	switch {
	case a.Relation == b.Relation && (denied(a) != denied(b)) && (a.Modality != domain.Hypothetical && b.Modality != domain.Hypothetical):
		return fmt.Sprintf("%s %s in one article, denied in another", a.Relation, modal(a, b))
	case oka && okb && ra != rb && a.Modality != domain.Hypothetical && b.Modality != domain.Hypothetical && !denied(a) && !denied(b):
		return fmt.Sprintf("%s (%s) vs %s (%s)", a.Relation, a.Modality, b.Relation, b.Modality)
	}
	return ""
}

func modal(a, b Statement) string {
	if a.Modality == domain.Denied {
		return string(b.Modality)
	}
	return string(a.Modality)
}

func articleQuestion(ctx context.Context, s *graph.Store, p Params) (*Result, error) {
	if !s.HasArticle(p["id"]) {
		return nil, fmt.Errorf("queries: article %q: %w", p["id"], ErrNotFound)
	}
	sts, err := indexed(ctx, s, nil, graph.FactsOfArticle(p["id"]))
	if err != nil {
		return nil, err
	}
	if len(sts) == 0 {
		if _, ok, _ := s.ArticleHash(ctx, p["id"]); !ok {
			return nil, fmt.Errorf("queries: article %q: %w", p["id"], ErrNotFound)
		}
	}
	sort.SliceStable(sts, func(i, j int) bool { return sts[i].Evidence.Start < sts[j].Evidence.Start })
	res := &Result{Columns: []string{"subject", "relation", "object", "modality", "confidence", "evidence"}, Records: orEmpty(sts)}
	for _, st := range sts {
		obj := st.Target
		if st.Relation.Info().ToObject {
			obj = st.Object
		}
		res.Rows = append(res.Rows, []string{st.Subject, string(st.Relation), obj, string(st.Modality), conf(st.Evidence.Confidence), st.Evidence.Sentence})
	}
	return res, nil
}

// EntityRow is a known entity with the number of facts naming it.
type EntityRow struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Type  string `json:"type"`
	ISO2  string `json:"iso2,omitempty"`
	Facts int64  `json:"facts"`
}

func entitiesQuestion(ctx context.Context, s *graph.Store, p Params) (*Result, error) {
	typ := p["type"]
	valid := []string{string(domain.Country), string(domain.Company), string(domain.Organisation), string(domain.Deal), string(domain.Person)}
	if typ != "" && !contains(valid, typ) {
		return nil, fmt.Errorf("queries: %w: unknown type %q (valid: %s)", ErrBadQuery, typ, strings.Join(valid, ", "))
	}
	rows, err := Entities(ctx, s, typ)
	if err != nil {
		return nil, err
	}
	res := &Result{Columns: []string{"name", "type", "iso2", "facts"}, Records: orEmpty(rows)}
	for _, r := range rows {
		res.Rows = append(res.Rows, []string{r.Name, r.Type, r.ISO2, strconv.FormatInt(r.Facts, 10)})
	}
	return res, nil
}

// Entities lists the entities of a type ("" for all) with their fact
// counts, most facts first.
func Entities(ctx context.Context, s *graph.Store, typ string) ([]EntityRow, error) {
	ents, counts, err := s.Entities(ctx)
	if err != nil {
		return nil, fmt.Errorf("queries: entities: %w", err)
	}
	var rows []EntityRow
	for _, e := range ents {
		if typ == "" || string(e.Type) == typ {
			rows = append(rows, EntityRow{ID: e.ID, Name: e.Name, Type: string(e.Type), ISO2: e.ISO2, Facts: counts[e.ID]})
		}
	}
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].Facts != rows[j].Facts {
			return rows[i].Facts > rows[j].Facts
		}
		return rows[i].Name < rows[j].Name
	})
	return rows, nil
}
