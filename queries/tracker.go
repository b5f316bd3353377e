package queries

import (
	"context"
	"fmt"
	"sort"

	"github.com/cayleygraph/cayley/graph/path"

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
	// Choose from the index's briefs (subject here is the entity ID), then
	// read the winners' records.
	stance := relationIn(graph.StanceRelations...)
	bestRef := map[string]Statement{}
	history := map[string]int{}
	err = s.FactRefs(ctx, graph.FactsWithTarget(entityID(target)), func(r graph.FactRef) error {
		st := briefStatement(r)
		if st.Modality != graph.Asserted || !stance(st.Relation) || !onOrBefore(st.Date, asOf) || !keep(st) {
			return nil
		}
		history[st.Subject]++
		if cur, ok := bestRef[st.Subject]; !ok || wins(st, cur) {
			bestRef[st.Subject] = st
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("queries: %w", err)
	}
	winners, err := full(ctx, s, bestRef)
	if err != nil {
		return nil, err
	}
	best := map[string]Statement{}
	for id, st := range winners {
		best[st.Subject] = st
		history[st.Subject] = history[id]
	}
	iso := countryCodes(ctx, s, best)
	rows := make([]TrackerRow, 0, len(best))
	for country, st := range best {
		code, isCountry := iso[country]
		if !isCountry {
			continue
		}
		rows = append(rows, TrackerRow{
			Country: country, ISO2: code, Stance: st.Relation, Date: st.Date, Scope: st.Scope,
			History: history[country], Evidence: st.Evidence,
		})
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].Country < rows[j].Country })
	return rows, nil
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
