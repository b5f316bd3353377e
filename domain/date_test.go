package domain

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseDateIsStrict(t *testing.T) {
	for _, tc := range []struct {
		name, in, reason string
	}{
		{"month 13", "2019-13-01", "month 13 is not 01–12"},
		{"february 30", "2019-02-30", "February has days 01–28, not 30"},
		{"leap day in a common year", "2019-02-29", "February has days 01–28, not 29"},
		{"month 99", "2019-99", "month 99 is not 01–12"},
		{"month 00", "2019-00", "month 00 is not 01–12"},
		{"day 00", "2019-01-00", "January has days 01–31, not 00"},
		{"word", "yesterday", "not a date"},
		{"empty", "", "not a date"},
		{"slashes", "2019/02/01", "not a date"},
		{"short month", "2019-2", "not a date"},
		{"letters in year", "20x9", "the year is not four digits"},
		{"year zero", "0000", "there is no year 0000"},
		{"signed month", "2019-+1", "the month is not two digits"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseDate(tc.in)
			require.Error(t, err)
			var de *DateError
			require.True(t, errors.As(err, &de), "a *DateError")
			assert.Equal(t, tc.in, de.Value)
			assert.Contains(t, err.Error(), tc.reason)
			assert.Contains(t, err.Error(), `"`+tc.in+`"`, "names the value")
			assert.Contains(t, err.Error(), "YYYY, YYYY-MM or YYYY-MM-DD", "names the valid forms")
		})
	}
	for _, in := range []string{"2019", "2019-02", "2019-02-28", "2020-02-29", "0001", "1999-12-31"} {
		d, err := ParseDate(in)
		require.NoError(t, err, in)
		assert.Equal(t, in, d.String())
	}
}

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func mustDate(tb testing.TB, s string) Date {
	tb.Helper()
	d, err := ParseDate(s)
	require.NoError(tb, err)
	return d
}

func TestPartialDatesAreIntervals(t *testing.T) {
	for _, tc := range []struct{ in, first, last, precision string }{
		{"2018", "2018-01-01", "2018-12-31", "year"},
		{"2019-02", "2019-02-01", "2019-02-28", "month"},
		{"2020-02", "2020-02-01", "2020-02-29", "month"},
		{"2019-04-15", "2019-04-15", "2019-04-15", "day"},
	} {
		d := mustDate(t, tc.in)
		assert.Equal(t, day(tc.first), d.First(), tc.in)
		assert.Equal(t, day(tc.last), d.Last(), tc.in)
		assert.Equal(t, tc.precision, d.Precision(), tc.in)
	}

	// As of a day, a fact counts only once its whole interval has passed.
	y2018 := mustDate(t, "2018")
	assert.False(t, y2018.CertainBy(mustDate(t, "2018-01-01")), "2018 may be December")
	assert.False(t, y2018.CertainBy(mustDate(t, "2018-11")))
	assert.True(t, y2018.CertainBy(mustDate(t, "2018")))
	assert.True(t, y2018.CertainBy(mustDate(t, "2018-12-31")))
	assert.True(t, mustDate(t, "2018-11").CertainBy(mustDate(t, "2018-11-30")))
	assert.False(t, mustDate(t, "2018-11").CertainBy(mustDate(t, "2018-11-29")))
	assert.False(t, y2018.CertainFrom(mustDate(t, "2018-06")))
	assert.True(t, mustDate(t, "2018-07").CertainFrom(mustDate(t, "2018-06")))

	// Ordering: by last day, the narrower first on the same last day.
	ordered := []string{"2018-11-05", "2018-11", "2018-12-31", "2018-12", "2018", "2019-01"}
	for i := range ordered {
		for j := range ordered {
			a, b := mustDate(t, ordered[i]), mustDate(t, ordered[j])
			want := 0
			if i < j {
				want = -1
			} else if i > j {
				want = 1
			}
			assert.Equal(t, want, a.Compare(b), "%s vs %s", ordered[i], ordered[j])
		}
	}
	assert.Equal(t, -1, Date{}.Compare(y2018), "no date first")

	// Overlap: same period, or within slack months.
	assert.True(t, y2018.Overlaps(mustDate(t, "2018-11"), 0))
	assert.False(t, mustDate(t, "2019-02").Overlaps(mustDate(t, "2019-04"), 0), "a change of policy, not one period")
	assert.True(t, mustDate(t, "2019-02").Overlaps(mustDate(t, "2019-04"), 2))
	assert.False(t, mustDate(t, "2019-02").Overlaps(mustDate(t, "2019-04"), 1))
}

func TestDateSourceOf(t *testing.T) {
	assert.Equal(t, FromEvent, DateSourceOf("2018", "2019-04"), "\"last year\" in a 2019 article")
	assert.Equal(t, FromPublished, DateSourceOf("2019-04", "2019-04"), "no date in the sentence")
	assert.Equal(t, FromPublished, DateSourceOf("", "2019-04"))
	f := Fact{EventDate: "2018-11", Published: "2019-02"}
	assert.Equal(t, FromEvent, f.DateSource())
}
