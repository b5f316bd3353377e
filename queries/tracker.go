package queries

import (
	"context"
	"fmt"
	"slices"
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
	rows, err := perCountry(ctx, s, opts.Target, c, "", false)
	if err != nil {
		return nil, err
	}
	return &TrackerResult{Rows: orEmpty(rows), Hidden: c.result()}, nil
}

// perCountry picks, for each country, its latest stance toward target (the
// earliest when first) among those of relation only ("" for any) that the
// counter admits (its modalities, dated by its as-of date); History counts
// them. Only the winners' evidence is read.
func perCountry(ctx context.Context, s *graph.Store, targetName string, c *hiddenCounter, only domain.Relation, first bool) ([]TrackerRow, error) {
	if targetName == "" {
		targetName = DefaultVendor
	}
	_, target, err := Resolve(ctx, s, targetName)
	if err != nil {
		return nil, err
	}
	choose := chooseByCounts
	if c.asOf != "" {
		choose = chooseByScan // which facts count depends on their dates
	}
	refs, history, err := choose(ctx, s, target, c, only, first)
	if err != nil {
		return nil, fmt.Errorf("queries: %w", err)
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

// chooser picks perCountry's winner of each subject (by entity ID) and
// counts the facts it chose among.
type chooser func(ctx context.Context, s *graph.Store, target string, c *hiddenCounter, only domain.Relation, first bool) (winners map[string]graph.FactRef, history map[string]int, err error)

// wins reports whether b beats the best so far: it is later, or earlier
// when first.
func wins(b, best brief, first bool) bool {
	if first {
		return best.later(b)
	}
	return b.later(best)
}

// chooseByScan reads the brief of every fact about target.
func chooseByScan(ctx context.Context, s *graph.Store, target string, c *hiddenCounter, only domain.Relation, first bool) (map[string]graph.FactRef, map[string]int, error) {
	best := map[string]brief{}
	history := map[string]int{}
	m := newMemo()
	err := s.FactRefs(ctx, graph.FactsWithTarget(target), func(r graph.FactRef) error {
		b, rel := m.brief(r)
		if !rel.stance || (only != "" && r.Relation != only) || !c.admit(&b) {
			return nil
		}
		history[r.Subject]++
		if old, ok := best[r.Subject]; !ok || wins(b, old, first) {
			best[r.Subject] = b
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	refs := make(map[string]graph.FactRef, len(best))
	for id, b := range best {
		refs[id] = b.ref
	}
	return refs, history, nil
}

// chooseByCounts counts the facts from the index's counters (by subject,
// relation and modality: which facts count does not depend on their dates
// without an as-of date) and reads, per subject that has some, only its
// latest facts (its earliest when first): the index files a subject's facts
// about a vendor in the order of their dates, so the scan ends at the first
// fact dated before the best one found.
func chooseByCounts(ctx context.Context, s *graph.Store, target string, c *hiddenCounter, only domain.Relation, first bool) (map[string]graph.FactRef, map[string]int, error) {
	counts, err := s.TargetFactCounts(ctx, target)
	if err != nil {
		return nil, nil, err
	}
	m := newMemo()
	history := map[string]int{}
	var subjects []string // with facts that count, in order
	for _, n := range counts {
		if !m.relation(n.Relation).stance || (only != "" && n.Relation != only) {
			continue
		}
		if !slices.Contains(c.modalities, n.Modality) {
			c.leaveOut(n.Subject, n.Relation, n.Modality, int(n.Facts))
			continue
		}
		if history[n.Subject] == 0 {
			subjects = append(subjects, n.Subject)
		}
		history[n.Subject] += int(n.Facts)
	}
	scan := s.FactRefsBackward
	if first {
		scan = s.FactRefs
	}
	refs := make(map[string]graph.FactRef, len(subjects))
	for _, subject := range subjects {
		var best brief
		found := false
		err := scan(ctx, graph.FactsWithTargetAndSubject(target, subject), func(r graph.FactRef) error {
			b, rel := m.brief(r)
			if found {
				if d := b.span.compare(best.span); (d < 0 && !first) || (d > 0 && first) {
					return graph.StopScan // dated before the best (after it, when first): so are the rest
				}
			}
			if !rel.stance || (only != "" && r.Relation != only) || !slices.Contains(c.modalities, r.Modality) {
				return nil
			}
			if !found || wins(b, best, first) {
				best, found = b, true
			}
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
		if !found { // deleted since the counters were read
			delete(history, subject)
			continue
		}
		refs[subject] = best.ref
	}
	return refs, history, nil
}
