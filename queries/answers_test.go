package queries_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/policygraph/policygraph/domain"
	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/queries"
)

// MustDatesStore writes a corpus whose dates are partial: a ban dated
// "2018" by a 2019 article ("last year") and a consideration dated
// "2018-11"; a change of policy over two months; two articles disagreeing
// about one month; and reported facts that answers leave out.
func MustDatesStore(tb testing.TB, opts graph.Options) *graph.Store {
	tb.Helper()
	ctx := context.Background()
	s, err := graph.Open(ctx, opts)
	require.NoError(tb, err)
	tb.Cleanup(func() { _ = s.Close() })
	ents := []domain.Entity{country("Japan", "JP"), country("Canada", "CA"), country("Germany", "DE"),
		country("United Kingdom", "GB"), country("France", "FR"), {ID: "huawei", Name: "Huawei", Type: domain.Company},
		{ID: "bt-group", Name: "BT Group", Type: domain.Company}}
	articles := []struct {
		id, published string
		facts         []domain.Fact
	}{
		{"nov2018.txt", "2018-11-20", []domain.Fact{
			fact("Japan", domain.Country, domain.ConsideringBan, "Huawei", "2018-11", domain.Asserted, "Japan is weighing a ban on Huawei this month."),
			fact("Germany", domain.Country, domain.ConsideringBan, "Huawei", "2018-11", domain.Reported, "Germany is said to be weighing a ban on Huawei."),
			fact("BT Group", domain.Company, domain.Restricted, "Huawei", "2018-11", domain.Reported, "BT is said to limit Huawei gear."),
		}},
		{"feb2019.txt", "2019-02", []domain.Fact{
			fact("Canada", domain.Country, domain.ConsideringBan, "Huawei", "2019-02", domain.Asserted, "Canada is still weighing a ban on Huawei."),
			fact("United Kingdom", domain.Country, domain.DeclinedToBan, "Huawei", "2019-02", domain.Asserted, "The UK declined to ban Huawei."),
			fact("France", domain.Country, domain.Banned, "Huawei", "2019-02-10", domain.Asserted, "France banned Huawei on February 10."),
		}},
		{"apr2019.txt", "2019-04", []domain.Fact{
			fact("Japan", domain.Country, domain.Banned, "Huawei", "2018", domain.Asserted, "Last year Japan banned Huawei from government contracts."),
			fact("United Kingdom", domain.Country, domain.Restricted, "Huawei", "2019-04", domain.Asserted, "The UK restricted Huawei to non-core parts."),
			fact("France", domain.Country, domain.DeclinedToBan, "Huawei", "2019-02", domain.Asserted, "In February France declined to ban Huawei."),
		}},
	}
	var xs []graph.Extraction
	for _, a := range articles {
		for i := range a.facts {
			a.facts[i].Article, a.facts[i].Published = a.id, a.published
		}
		xs = append(xs, graph.Extraction{Article: graph.Article{ID: a.id, Published: a.published, Hash: a.id}, Facts: a.facts, Entities: ents})
	}
	_, err = s.Write(ctx, xs)
	require.NoError(tb, err)
	return s
}

func trackerByCountry(t *testing.T, s *graph.Store, opts queries.TrackerOptions) (map[string]queries.TrackerRow, *queries.Hidden) {
	t.Helper()
	res, err := queries.TrackerAnswer(context.Background(), s, opts)
	require.NoError(t, err)
	out := map[string]queries.TrackerRow{}
	for _, r := range res.Rows {
		out[r.Country] = r
	}
	return out, res.Hidden
}

func TestPartialDatesAreIntervalsInAnswers(t *testing.T) {
	for name, opts := range backends(t) {
		t.Run(name, func(t *testing.T) {
			s := MustDatesStore(t, opts)

			// As of 2018-01-01 a ban dated "2018" is not certainly in effect.
			rows, hidden := trackerByCountry(t, s, queries.TrackerOptions{AsOf: "2018-01-01"})
			assert.NotContains(t, rows, "Japan")
			assert.Equal(t, 1, hidden.UncertainDates, "the 2018 ban is noted as left out")
			assert.Contains(t, hidden.Hint, "--as-of 2018-12-31")

			// By the end of November only the consideration has happened.
			rows, _ = trackerByCountry(t, s, queries.TrackerOptions{AsOf: "2018-11-30"})
			assert.Equal(t, domain.ConsideringBan, rows["Japan"].Stance)
			rows, _ = trackerByCountry(t, s, queries.TrackerOptions{AsOf: "2018"})
			assert.Equal(t, domain.Banned, rows["Japan"].Stance, "the year 2018 has passed")
			assert.Equal(t, "2018", rows["Japan"].Date, "shown as the year it is")

			// The timeline: "2018-11" before "2018", which may be December.
			st := run(t, s, "stance", queries.Params{"country": "Japan"})
			tl := st.Records.([]queries.TimelineRow)
			require.Len(t, tl, 2)
			assert.Equal(t, []string{"2018-11", "2018"}, []string{tl[0].Date, tl[1].Date})
			assert.Equal(t, []bool{true, true}, []bool{tl[0].Change, tl[1].Change})
		})
	}
}

func TestStrictDates(t *testing.T) {
	s := MustDatesStore(t, graph.Options{Backend: graph.BackendMemstore})
	for _, bad := range []string{"2019-13-01", "2019-02-30", "2019-99", "yesterday"} {
		assert.False(t, queries.ValidDate(bad), bad)
		_, err := queries.Run(context.Background(), s, "banned", queries.Params{"as-of": bad})
		require.Error(t, err, bad)
		assert.ErrorIs(t, err, queries.ErrBadQuery)
		var de *domain.DateError
		require.True(t, errors.As(err, &de), "%s: a *domain.DateError", bad)
		assert.Equal(t, bad, de.Value)
		_, err = queries.TrackerAnswer(context.Background(), s, queries.TrackerOptions{AsOf: bad})
		assert.ErrorIs(t, err, queries.ErrBadQuery, bad)
	}
	assert.True(t, queries.ValidDate("2020-02-29"))
}

func TestDateSourceOnEveryRow(t *testing.T) {
	s := MustDatesStore(t, graph.Options{Backend: graph.BackendMemstore})
	rows, _ := trackerByCountry(t, s, queries.TrackerOptions{})
	assert.Equal(t, domain.FromPublished, rows["Canada"].DateSource, "only the article's month")
	assert.Equal(t, domain.FromEvent, rows["Japan"].DateSource, "\"last year\" in a 2019 article")
	res := run(t, s, "considering", queries.Params{"ever": "true"})
	require.NotEmpty(t, res.Rows)
	assert.Equal(t, "dated by", res.Columns[3])
	for i, r := range res.Records.([]queries.TrackerRow) {
		assert.NotEmpty(t, r.DateSource, r.Country)
		assert.Equal(t, string(r.DateSource), res.Rows[i][3])
	}
	for _, r := range run(t, s, "stance", queries.Params{"country": "France"}).Records.([]queries.TimelineRow) {
		assert.NotEmpty(t, r.DateSource)
	}
}

func TestAnswersSayWhatTheyLeaveOut(t *testing.T) {
	s := MustDatesStore(t, graph.Options{Backend: graph.BackendMemstore})
	res := run(t, s, "considering", queries.Params{"ever": "true"})
	assert.Equal(t, []string{"Canada", "Japan"}, column(res, 0))
	require.NotNil(t, res.Hidden)
	assert.Equal(t, 1, res.Hidden.Count)
	assert.Equal(t, map[domain.Modality]int{domain.Reported: 1}, res.Hidden.Modalities)
	assert.Contains(t, res.Hidden.Hint, "--modality asserted,reported")

	res = run(t, s, "considering", queries.Params{"ever": "true", "modality": "asserted,reported"})
	assert.Equal(t, []string{"Canada", "Germany", "Japan"}, column(res, 0), "the flag the hint names shows them")
	assert.Equal(t, 0, res.Hidden.Count)
	assert.Empty(t, res.Hidden.Hint)
	assert.Contains(t, res.Columns, "modality")

	_, hidden := trackerByCountry(t, s, queries.TrackerOptions{})
	assert.Equal(t, 1, hidden.Count, "Germany's; not BT Group's, a company the tracker has no row for")
	_, err := queries.Run(context.Background(), s, "banned", queries.Params{"modality": "rumoured"})
	assert.ErrorIs(t, err, queries.ErrBadQuery)
	assert.ErrorContains(t, err, "valid: asserted, reported")
}

func TestContradictionsAreNotChangesOfPolicy(t *testing.T) {
	s := MustDatesStore(t, graph.Options{Backend: graph.BackendMemstore})
	res := run(t, s, "contradictions", nil)
	assert.Equal(t, []string{"France"}, column(res, 0),
		"the UK's declined (2019-02) then restricted (2019-04) is a change; France's ban of 2019-02-10 and refusal in 2019-02 are one period")
	rows := res.Records.([]queries.ContradictionRow)
	require.Len(t, rows, 1)
	assert.NotEqual(t, rows[0].A.Evidence.Article, rows[0].B.Evidence.Article)

	// The change shows in the timeline.
	var changes []domain.Relation
	for _, r := range run(t, s, "stance", queries.Params{"country": "United Kingdom"}).Records.([]queries.TimelineRow) {
		if r.Change {
			changes = append(changes, r.Relation)
		}
	}
	assert.Equal(t, []domain.Relation{domain.DeclinedToBan, domain.Restricted}, changes)

	// A window of slack months widens the period.
	assert.Contains(t, column(run(t, s, "contradictions", queries.Params{"window": "2"}), 0), "United Kingdom")
}

func TestFilterKeepsFactsCertainlyInRange(t *testing.T) {
	s := MustDatesStore(t, graph.Options{Backend: graph.BackendMemstore})
	dates := func(f queries.Filter) []string {
		sts, err := queries.AllStatements(context.Background(), s, f)
		require.NoError(t, err)
		var out []string
		for _, st := range sts {
			if st.Subject == "Japan" {
				out = append(out, st.Date)
			}
		}
		return out
	}
	assert.Equal(t, []string{"2018-11"}, dates(queries.Filter{Until: "2018-11"}), "2018 may be December")
	assert.ElementsMatch(t, []string{"2018-11", "2018"}, dates(queries.Filter{Until: "2018"}))
	assert.Empty(t, dates(queries.Filter{Since: "2018-06", Until: "2018-10"}), "2018 is not certainly in June–October")
	assert.Equal(t, []string{"2018-11"}, dates(queries.Filter{Since: "2018-06"}))
}
