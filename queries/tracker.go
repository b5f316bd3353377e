package queries

import (
	"context"
	"sort"

	"github.com/cayleygraph/cayley/graph/path"
	"github.com/cayleygraph/quad"

	"github.com/policygraph/policygraph/graph"
)

// TrackerOptions parameterise the tracker.
type TrackerOptions struct {
	Target string // vendor; default Huawei
	AsOf   string // answer as of this date (YYYY[-MM[-DD]]); "" means now
}

// TrackerRow is one country's latest asserted stance toward the target.
type TrackerRow struct {
	Country  string         `json:"country"`
	ISO2     string         `json:"iso2,omitempty"`
	Stance   graph.Relation `json:"stance"`
	Date     string         `json:"date"`
	Scope    string         `json:"scope,omitempty"`
	History  int            `json:"history"` // asserted stance facts up to AsOf
	Evidence Evidence       `json:"evidence"`
}

// Tracker returns one row per country: its latest asserted stance toward the
// target (by event date, else publication date), with the evidence, sorted by
// country name.
func Tracker(ctx context.Context, s *graph.Store, opts TrackerOptions) ([]TrackerRow, error) {
	return perCountry(ctx, s, opts.Target, opts.AsOf,
		func(Statement) bool { return true }, later)
}

// perCountry picks, for each country, the statement that wins among the
// asserted stances toward target up to asOf that keep accepts; History
// counts the accepted ones. Only the winners' evidence is read.
func perCountry(ctx context.Context, s *graph.Store, targetName, asOf string, keep func(Statement) bool, wins func(a, b Statement) bool) ([]TrackerRow, error) {
	qs := s.QuadStore()
	if targetName == "" {
		targetName = "Huawei"
	}
	target, _, err := Resolve(ctx, qs, targetName)
	if err != nil {
		return nil, err
	}
	sts, err := stanceStatements(ctx, s, target)
	if err != nil {
		return nil, err
	}
	best := map[string]Statement{}
	history := map[string]int{}
	for _, st := range sts {
		if st.Modality != graph.Asserted || !onOrBefore(st.Date, asOf) || !keep(st) {
			continue
		}
		history[st.Subject]++
		if cur, ok := best[st.Subject]; !ok || wins(st, cur) {
			best[st.Subject] = st
		}
	}
	iso := countryCodes(ctx, s, best)
	rows := make([]TrackerRow, 0, len(best))
	for country, st := range best {
		code, isCountry := iso[country]
		if !isCountry {
			continue
		}
		one := []Statement{st}
		if err := hydrate(ctx, qs, one); err != nil {
			return nil, err
		}
		st = one[0]
		rows = append(rows, TrackerRow{
			Country: country, ISO2: code, Stance: st.Relation, Date: st.Date, Scope: st.Scope,
			History: history[country], Evidence: st.Evidence,
		})
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].Country < rows[j].Country })
	return rows, nil
}

// stanceStatements reads every stance statement about target: one indexed
// step from the target node to its statements, then a filter on relation.
func stanceStatements(ctx context.Context, s *graph.Store, target quad.Value) ([]Statement, error) {
	qs := s.QuadStore()
	rels := make([]quad.Value, len(graph.StanceRelations))
	for i, r := range graph.StanceRelations {
		rels[i] = graph.RelationIRI(r)
	}
	p := path.StartPath(qs, target).In(graph.PredTarget).Has(graph.PredRelation, rels...)
	return scan(ctx, qs, p)
}

// countryCodes returns the ISO code of each subject that is a country.
func countryCodes(ctx context.Context, s *graph.Store, subjects map[string]Statement) map[string]string {
	qs := s.QuadStore()
	out := map[string]string{}
	for name := range subjects {
		iri, ok := lookupName(ctx, qs, name)
		if !ok {
			continue
		}
		typ, _ := path.StartPath(qs, iri).Out(graph.PredEntityType).Iterate(ctx).FirstValue(qs)
		if graph.ValueString(typ) != string(graph.Country) {
			continue
		}
		code, _ := path.StartPath(qs, iri).Out(graph.PredISO2).Iterate(ctx).FirstValue(qs)
		out[name] = graph.ValueString(code)
	}
	return out
}
