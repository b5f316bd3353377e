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
	// Modality lists the modalities counted, comma-separated ("all" for
	// every one); "" counts asserted facts only.
	Modality string
}

// TrackerRow is one country's latest stance toward the target, among the
// facts of the counted modalities (asserted ones by default).
type TrackerRow struct {
	Country  string          `json:"country"`
	ISO2     string          `json:"iso2,omitempty"`
	Stance   domain.Relation `json:"stance"`
	Modality domain.Modality `json:"modality"`
	Date     string          `json:"date"`
	// DateSource says whether Date is the event's or only the article's
	// publication date.
	DateSource domain.DateSource `json:"date_source"`
	Scope      string            `json:"scope,omitempty"`
	History    int               `json:"history"` // stance facts counted (of the modalities, dated by AsOf)
	Evidence   Evidence          `json:"evidence"`
}

// Tracker returns one row per country: its latest asserted stance toward the
// target (by event date, else publication date), with the evidence, sorted by
// country name.
func Tracker(ctx context.Context, s *graph.Store, opts TrackerOptions) ([]TrackerRow, error) {
	res, err := TrackerAnswer(ctx, s, opts)
	if err != nil {
		return nil, err
	}
	return res.Rows, nil
}

// TrackerResult is the tracker's answer with a note of the facts it left
// out.
type TrackerResult struct {
	Rows   []TrackerRow `json:"rows"`
	Hidden *Hidden      `json:"hidden"`
}

// TrackerAnswer is Tracker with the note of the stance facts it left out:
// those not of opts.Modality, and those whose partial date has not wholly
// passed by opts.AsOf.
func TrackerAnswer(ctx context.Context, s *graph.Store, opts TrackerOptions) (*TrackerResult, error) {
	if opts.AsOf != "" {
		if _, err := parseParamDate("as-of", opts.AsOf); err != nil {
			return nil, err
		}
	}
	c, err := newHiddenCounter(opts.Modality, opts.AsOf)
	if err != nil {
		return nil, err
	}
	c.what = "stance"
	rows, err := perCountry(ctx, s, opts.Target, c, func(brief) bool { return true }, brief.later)
	if err != nil {
		return nil, err
	}
	return &TrackerResult{Rows: orEmpty(rows), Hidden: c.result()}, nil
}

// perCountry picks, for each country, the fact that wins among the
// stances toward target that keep accepts and the counter admits (its
// modalities, dated by its as-of date); History counts them. Only the
// winners' evidence is read.
func perCountry(ctx context.Context, s *graph.Store, targetName string, c *hiddenCounter, keep func(brief) bool, wins func(a, b brief) bool) ([]TrackerRow, error) {
	if targetName == "" {
		targetName = DefaultVendor
	}
	_, target, err := Resolve(ctx, s, targetName)
	if err != nil {
		return nil, err
	}
	// Choose from the index's briefs (by subject entity ID), then read the
	// winners' records.
	type choice struct {
		best    brief
		history int
	}
	chosen := map[string]*choice{} // by subject
	m := newMemo()
	err = s.FactRefs(ctx, graph.FactsWithTarget(target), func(r graph.FactRef) error {
		b, rel := m.brief(r)
		if !rel.stance || !keep(b) || !c.admit(&b) {
			return nil
		}
		if ch := chosen[r.Subject]; ch == nil {
			chosen[r.Subject] = &choice{best: b, history: 1}
		} else {
			ch.history++
			if wins(b, ch.best) {
				ch.best = b
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("queries: %w", err)
	}
	refs := make(map[string]graph.FactRef, len(chosen))
	history := make(map[string]int, len(chosen))
	for id, ch := range chosen {
		refs[id], history[id] = ch.best.ref, ch.history
	}
	winners, err := full(ctx, s, refs)
	if err != nil {
		return nil, err
	}
	entities := map[string]domain.Entity{}
	entity := func(id string) (domain.Entity, error) {
		e, ok := entities[id]
		if !ok {
			var err error
			if e, err = s.Entity(ctx, id); err != nil {
				return e, err
			}
			entities[id] = e
		}
		return e, nil
	}
	// Rows are about countries: so are the facts noted as left out.
	err = c.keepSubjects(func(id string) (bool, error) {
		e, err := entity(id)
		return err == nil && e.Type == domain.Country, err
	})
	if err != nil {
		return nil, fmt.Errorf("queries: %w", err)
	}
	rows := make([]TrackerRow, 0, len(winners))
	for id, st := range winners {
		e, err := entity(id)
		if err != nil {
			return nil, fmt.Errorf("queries: %w", err)
		}
		if e.Type != domain.Country {
			continue
		}
		rows = append(rows, TrackerRow{
			Country: st.Subject, ISO2: e.ISO2, Stance: st.Relation, Modality: st.Modality, Date: st.Date, DateSource: st.DateSource, Scope: st.Scope,
			History: history[id], Evidence: st.Evidence,
		})
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].Country < rows[j].Country })
	return rows, nil
}
