package queries

import (
	"cmp"
	"fmt"
	"time"

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

// parseParamDate reads a date given as a parameter: a *domain.DateError,
// wrapped as ErrBadQuery, when it is not a valid date.
func parseParamDate(name, s string) (domain.Date, error) {
	d, err := domain.ParseDate(s)
	if err != nil {
		return d, fmt.Errorf("queries: %w: %s: %w", ErrBadQuery, name, err)
	}
	return d, nil
}

// span is a date's interval as day numbers (days since 1970-01-01 UTC):
// domain.Date's First and Last, worked out once per date so that answers
// ordering or filtering thousands of facts compare integers.
type span struct{ first, last int32 }

const secondsPerDay = 24 * 60 * 60

func spanOf(d domain.Date) span { return span{dayNumber(d.First()), dayNumber(d.Last())} }

// dayNumber is the day of a midnight UTC.
func dayNumber(t time.Time) int32 { return int32(t.Unix() / secondsPerDay) }

// lastDay is the span's last day, as domain.Date.Last gives it.
func (s span) lastDay() time.Time { return time.Unix(int64(s.last)*secondsPerDay, 0).UTC() }

// compare orders spans as domain.Date.Compare orders their dates: by last
// day, then the narrower first.
func (s span) compare(o span) int {
	if c := cmp.Compare(s.last, o.last); c != 0 {
		return c
	}
	return cmp.Compare(o.first, s.first)
}

// certainBy is domain.Date.CertainBy.
func (s span) certainBy(asOf span) bool { return s.last <= asOf.last }

// widened is the span of domain.Date.Overlaps' widening by slack whole
// calendar months on both sides.
func widened(d domain.Date, slack int) span {
	from, to := d.First(), d.Last()
	if slack > 0 {
		from = time.Date(from.Year(), from.Month()-time.Month(slack), 1, 0, 0, 0, 0, time.UTC)
		to = time.Date(to.Year(), to.Month()+time.Month(slack)+1, 0, 0, 0, 0, 0, time.UTC)
	}
	return span{dayNumber(from), dayNumber(to)}
}

// overlaps is domain.Date.Overlaps of s's date and the date whose widened
// span is w.
func (s span) overlaps(w span) bool { return s.last >= w.first && s.first <= w.last }
