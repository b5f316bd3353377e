package queries

import (
	"context"
	"fmt"
	"sort"

	"github.com/policygraph/policygraph/domain"

	"github.com/policygraph/policygraph/graph"
)

// TrackerOptions parameterise the tracker.
type TrackerOptions struct {
	Target string // vendor; default DefaultVendor
	AsOf   string // answer as of this date (YYYY[-MM[-DD]]); "" means now
}

// TrackerRow is one country's latest asserted stance toward the target.
type TrackerRow struct {
	Country  string          `json:"country"`
	ISO2     string          `json:"iso2,omitempty"`
	Stance   domain.Relation `json:"stance"`
	Date     string          `json:"date"`
	Scope    string          `json:"scope,omitempty"`
	History  int             `json:"history"` // asserted stance facts up to AsOf
	Evidence Evidence        `json:"evidence"`
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
	if targetName == "" {
		targetName = DefaultVendor
	}
	_, target, err := Resolve(ctx, s, targetName)
	if err != nil {
		return nil, err
	}
	// Choose from the index's briefs (by subject entity ID), then read the
	// winners' records.
	best := map[string]Statement{}
	history := map[string]int{}
	err = s.FactRefs(ctx, graph.FactsWithTarget(target), func(r graph.FactRef) error {
		st := briefStatement(r)
		if st.Modality != domain.Asserted || !st.Relation.IsStance() || !onOrBefore(st.Date, asOf) || !keep(st) {
			return nil
		}
		history[r.Subject]++
		if cur, ok := best[r.Subject]; !ok || wins(st, cur) {
			best[r.Subject] = st
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("queries: %w", err)
	}
	winners, err := full(ctx, s, best)
	if err != nil {
		return nil, err
	}
	rows := make([]TrackerRow, 0, len(winners))
	for id, st := range winners {
		e, err := s.Entity(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("queries: %w", err)
		}
		if e.Type != domain.Country {
			continue
		}
		rows = append(rows, TrackerRow{
			Country: st.Subject, ISO2: e.ISO2, Stance: st.Relation, Date: st.Date, Scope: st.Scope,
			History: history[id], Evidence: st.Evidence,
		})
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].Country < rows[j].Country })
	return rows, nil
}
