package queries

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/policygraph/policygraph/domain"
)

// Hidden counts the facts an answer left out and says how to see them, so
// that no answer is silently partial: facts of a modality the answer does
// not count (by default only asserted facts count) and facts whose partial
// date may or may not fall by the answer's as-of date.
type Hidden struct {
	// Count is the number of facts left out.
	Count int `json:"count"`
	// Modalities counts the facts left out for their modality.
	Modalities map[domain.Modality]int `json:"modalities,omitempty"`
	// UncertainDates counts the facts left out because their date is a
	// year or month that has not wholly passed by the as-of date.
	UncertainDates int `json:"uncertain_dates,omitempty"`
	// Hint says, in one line, what was left out and which flags show it;
	// empty when nothing was.
	Hint string `json:"hint,omitempty"`
}

// modalities is the set of modalities an answer counts.
type modalities []domain.Modality

var allModalities = modalities{domain.Asserted, domain.Reported, domain.Denied, domain.Hypothetical}

// parseModalities reads the modality parameter: a comma-separated list of
// modalities, or "all"; empty means asserted only.
func parseModalities(s string) (modalities, error) {
	if strings.TrimSpace(s) == "" {
		return modalities{domain.Asserted}, nil
	}
	if s == "all" {
		return allModalities, nil
	}
	var out modalities
	for _, part := range strings.Split(s, ",") {
		m := domain.Modality(strings.TrimSpace(part))
		if !m.Valid() {
			return nil, fmt.Errorf("queries: %w: unknown modality %q (valid: asserted, reported, denied, hypothetical, all; comma-separated)", ErrBadQuery, part)
		}
		if !slices.Contains(out, m) {
			out = append(out, m)
		}
	}
	return out, nil
}

// with returns the set plus more, in the canonical order.
func (ms modalities) with(more map[domain.Modality]int) string {
	var out []string
	for _, m := range allModalities {
		if slices.Contains(ms, m) || more[m] > 0 {
			out = append(out, string(m))
		}
	}
	return strings.Join(out, ",")
}

// hiddenCounter decides which facts an answer counts — those of its
// modalities dated certainly by asOf — and tallies the rest that the
// answer would otherwise have shown.
type hiddenCounter struct {
	modalities modalities
	asOf       string
	asOfSpan   span            // asOf's, when given
	relation   domain.Relation // tally only this relation's facts ("" for all)
	what       string          // what the facts are, for the hint

	left []leftOut
}

// leftOut is n facts an answer left out.
type leftOut struct {
	subject   string // an entity ID
	modality  domain.Modality
	uncertain bool  // left out for its date, not its modality
	last      int32 // its date's last day (a span's)
	n         int
}

func newHiddenCounter(modality, asOf string) (*hiddenCounter, error) {
	ms, err := parseModalities(modality)
	if err != nil {
		return nil, err
	}
	return &hiddenCounter{modalities: ms, asOf: asOf, asOfSpan: spanOf(dateOf(asOf))}, nil
}

// admit reports whether the answer counts the fact, tallying it when not.
// A fact dated wholly after asOf is outside the answer, not hidden.
func (c *hiddenCounter) admit(b *brief) bool {
	modal := slices.Contains(c.modalities, b.ref.Modality)
	dated := c.asOf == "" || b.span.certainBy(c.asOfSpan)
	if modal && dated {
		return true
	}
	if c.relation != "" && b.ref.Relation != c.relation {
		return false
	}
	if !dated && (c.asOf == "" || b.span.first > c.asOfSpan.last) {
		return false // after the as-of date: not an answer of this date
	}
	c.left = append(c.left, leftOut{subject: b.ref.Subject, modality: b.ref.Modality, uncertain: modal, last: b.span.last, n: 1})
	return false
}

// leaveOut tallies n facts of the subject, relation and modality that the
// answer does not count for their modality, as admit would one by one
// (without an as-of date, where dates leave nothing out).
func (c *hiddenCounter) leaveOut(subject string, rel domain.Relation, m domain.Modality, n int) {
	if c.relation != "" && rel != c.relation {
		return
	}
	c.left = append(c.left, leftOut{subject: subject, modality: m, n: n})
}

// keepSubjects keeps the left-out facts whose subject keep accepts (the
// answer's rows are only about such subjects: countries, say).
func (c *hiddenCounter) keepSubjects(keep func(subject string) (bool, error)) error {
	decided := map[string]bool{}
	out := c.left[:0]
	for _, l := range c.left {
		ok, seen := decided[l.subject]
		if !seen {
			var err error
			if ok, err = keep(l.subject); err != nil {
				return err
			}
			decided[l.subject] = ok
		}
		if ok {
			out = append(out, l)
		}
	}
	c.left = out
	return nil
}

// result is the note of what was left out.
func (c *hiddenCounter) result() *Hidden {
	var h Hidden
	var uncertain time.Time // the latest last day of the uncertain dates
	for _, l := range c.left {
		h.Count += l.n
		if !l.uncertain {
			if h.Modalities == nil {
				h.Modalities = map[domain.Modality]int{}
			}
			h.Modalities[l.modality] += l.n
			continue
		}
		h.UncertainDates += l.n
		if last := (span{last: l.last}).lastDay(); last.After(uncertain) {
			uncertain = last
		}
	}
	var parts []string
	if n := h.Count - h.UncertainDates; n > 0 {
		var by []string
		for _, m := range allModalities {
			if k := h.Modalities[m]; k > 0 {
				by = append(by, fmt.Sprintf("%d %s", k, m))
			}
		}
		parts = append(parts, fmt.Sprintf("%d %s not %s (%s; --modality %s shows them)",
			n, c.noun(n), strings.ReplaceAll(c.modalities.with(nil), ",", " or "), strings.Join(by, ", "), c.modalities.with(h.Modalities)))
	}
	if h.UncertainDates > 0 {
		parts = append(parts, fmt.Sprintf("%d %s dated by year or month only, which may or may not fall by %s (--as-of %s counts them)",
			h.UncertainDates, c.noun(h.UncertainDates), c.asOf, uncertain.Format("2006-01-02")))
	}
	if len(parts) > 0 {
		h.Hint = "left out: " + strings.Join(parts, "; ")
	}
	return &h
}

func (c *hiddenCounter) noun(n int) string {
	w := "fact"
	if c.what != "" {
		w = c.what + " fact"
	}
	if c.relation != "" {
		w = string(c.relation) + " fact"
	}
	if n != 1 {
		w += "s"
	}
	return w
}
