package queries

import (
	"fmt"

	"github.com/policygraph/policygraph/domain"
)

// Dates in answers are intervals (see domain.Date): "2018" is the whole
// year. The rules every answer follows:
//
//   - as of a date D, a fact counts once its whole interval has passed:
//     "2018" counts as of 2018-12-31 or "2018", not as of 2018-06-01
//     (such facts are counted in the answer's Hidden note);
//   - facts are ordered by the last day of their interval, the narrower
//     first on the same last day ("2018-11" < "2018-12" < "2018"), then by
//     the relation table's priority and the other tie-breaks of later;
//   - a filter's since keeps facts certainly on or after its first day,
//     until those certainly on or before its last day;
//   - two facts are about the same period (for contradictions) when their
//     intervals share a day, after widening by the window in months.

// dateOf reads a stored date; a malformed one (from an old or hand-made
// store) is the zero Date, which sorts first and counts as of any date.
func dateOf(s string) domain.Date {
	d, err := domain.ParseDate(s)
	if err != nil {
		return domain.Date{}
	}
	return d
}

// compareDates orders two stored dates as intervals (domain.Date.Compare).
func compareDates(a, b string) int { return dateOf(a).Compare(dateOf(b)) }

// parseParamDate reads a date given as a parameter: a *domain.DateError,
// wrapped as ErrBadQuery, when it is not a valid date.
func parseParamDate(name, s string) (domain.Date, error) {
	d, err := domain.ParseDate(s)
	if err != nil {
		return d, fmt.Errorf("queries: %w: %s: %w", ErrBadQuery, name, err)
	}
	return d, nil
}
