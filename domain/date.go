package domain

import (
	"fmt"
	"time"
)

// DateForms are the forms a date may take, for messages.
const DateForms = "YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2019, 2019-02, 2019-02-28)"

// Date is a calendar date known to the year, the month or the day. A date
// known only to the year or the month is an interval — "2018" is every day
// of 2018 — not its first day: it starts on First and ends on Last.
type Date struct {
	Year  int // 1–9999
	Month int // 1–12; 0 when only the year is known
	Day   int // 1–31; 0 when the day is not known
}

// DateError is a date that is not one of the valid forms or not a day of
// the calendar. It names the value and the forms that are valid.
type DateError struct {
	Value  string // the text given
	Reason string // what is wrong with it
}

func (e *DateError) Error() string {
	return fmt.Sprintf("invalid date %q: %s; valid forms: %s", e.Value, e.Reason, DateForms)
}

// ParseDate reads a date of the form YYYY, YYYY-MM or YYYY-MM-DD strictly:
// four-digit years from 0001, months 01–12 and days that exist in their
// month ("2019-02-30", "2019-13-01" and "2019-99" are errors). The error
// is a *DateError.
func ParseDate(s string) (Date, error) {
	bad := func(reason string) (Date, error) { return Date{}, &DateError{Value: s, Reason: reason} }
	num := func(p string) (int, bool) {
		n := 0
		for i := 0; i < len(p); i++ {
			if p[i] < '0' || p[i] > '9' {
				return 0, false
			}
			n = n*10 + int(p[i]-'0')
		}
		return n, p != ""
	}
	var d Date
	switch {
	case len(s) == 4:
	case len(s) == 7 && s[4] == '-':
	case len(s) == 10 && s[4] == '-' && s[7] == '-':
	default:
		return bad("not a date")
	}
	y, ok := num(s[:4])
	if !ok {
		return bad("the year is not four digits")
	}
	if y == 0 {
		return bad("there is no year 0000")
	}
	d.Year = y
	if len(s) >= 7 {
		m, ok := num(s[5:7])
		if !ok {
			return bad("the month is not two digits")
		}
		if m < 1 || m > 12 {
			return bad(fmt.Sprintf("month %02d is not 01–12", m))
		}
		d.Month = m
	}
	if len(s) == 10 {
		day, ok := num(s[8:10])
		if !ok {
			return bad("the day is not two digits")
		}
		if n := daysIn(d.Year, d.Month); day < 1 || day > n {
			return bad(fmt.Sprintf("%s has days 01–%02d, not %02d", time.Month(d.Month), n, day))
		}
		d.Day = day
	}
	return d, nil
}

// ValidateDate returns the *DateError of s, or nil when s is a valid date.
func ValidateDate(s string) error {
	_, err := ParseDate(s)
	return err
}

func daysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// IsZero reports whether d is the zero Date (no date).
func (d Date) IsZero() bool { return d.Year == 0 }

// String is d in the form it was given: YYYY, YYYY-MM or YYYY-MM-DD.
func (d Date) String() string {
	switch {
	case d.IsZero():
		return ""
	case d.Month == 0:
		return fmt.Sprintf("%04d", d.Year)
	case d.Day == 0:
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// Precision names what d is known to: "year", "month" or "day".
func (d Date) Precision() string {
	switch {
	case d.Month == 0:
		return "year"
	case d.Day == 0:
		return "month"
	}
	return "day"
}

// First is the first day of d's interval (midnight UTC).
func (d Date) First() time.Time {
	m, day := max(d.Month, 1), max(d.Day, 1)
	return time.Date(d.Year, time.Month(m), day, 0, 0, 0, 0, time.UTC)
}

// Last is the last day of d's interval (midnight UTC): 2018-12-31 for
// "2018", 2019-02-28 for "2019-02", the day itself for a full date.
func (d Date) Last() time.Time {
	switch {
	case d.Month == 0:
		return time.Date(d.Year, 12, 31, 0, 0, 0, 0, time.UTC)
	case d.Day == 0:
		return time.Date(d.Year, time.Month(d.Month), daysIn(d.Year, d.Month), 0, 0, 0, 0, time.UTC)
	}
	return d.First()
}

// Compare orders dates as answers list them, returning -1, 0 or +1. A date
// is placed at its last day, the day by which it has certainly happened,
// so "2018-11" comes before "2018" (which may be December); of two dates
// ending on the same day, the narrower comes first ("2018-12" before
// "2018"). The zero Date comes before every other.
func (d Date) Compare(o Date) int {
	if c := d.Last().Compare(o.Last()); c != 0 {
		return c
	}
	// Same last day: the later first day (the narrower interval) first.
	return o.First().Compare(d.First())
}

// CertainBy reports whether d has certainly begun by asOf: its whole
// interval lies on or before asOf's last day. A fact dated "2018" is not
// certain by 2018-06-30 (it may be December) but is by "2018" or
// 2018-12-31.
func (d Date) CertainBy(asOf Date) bool { return !d.Last().After(asOf.Last()) }

// CertainFrom reports whether d certainly lies on or after since's first
// day: "2019" is not certainly from 2019-06 on, "2019-07" is.
func (d Date) CertainFrom(since Date) bool { return !d.First().Before(since.First()) }

// Overlaps reports whether d and o share a day, after widening o by slack
// whole calendar months on both sides (slack 0: the intervals themselves;
// slack 1 widens 2019-04-15 to 2019-03-01 … 2019-05-31).
func (d Date) Overlaps(o Date, slack int) bool {
	from, to := o.First(), o.Last()
	if slack > 0 {
		from = time.Date(from.Year(), from.Month()-time.Month(slack), 1, 0, 0, 0, 0, time.UTC)
		to = time.Date(to.Year(), to.Month()+time.Month(slack)+1, 0, 0, 0, 0, 0, time.UTC)
	}
	return !d.Last().Before(from) && !d.First().After(to)
}

// DateSource says where an answer's date comes from.
type DateSource string

// The sources of a fact's date.
const (
	// FromEvent: the sentence dates the event ("in December", "last year").
	FromEvent DateSource = "event"
	// FromPublished: the sentence gives no date of its own; the date is
	// the article's publication date.
	FromPublished DateSource = "published"
)

// DateSourceOf says where the date of a fact with the given event date and
// article publication date comes from. The extractor falls back to the
// publication date when a sentence names no date, so an event date equal
// to the publication date (or none) is the publication date: a sentence
// saying "today" is reported as dated by publication too, which is the
// same day.
func DateSourceOf(eventDate, published string) DateSource {
	if eventDate == "" || eventDate == published {
		return FromPublished
	}
	return FromEvent
}

// DateSource says where f.Date() comes from (see DateSourceOf).
func (f *Fact) DateSource() DateSource { return DateSourceOf(f.EventDate, f.Published) }
