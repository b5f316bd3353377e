package queries_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/policygraph/policygraph/domain"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/queries"
)

// fact builds a fixture fact.
func fact(subj string, st domain.EntityType, rel domain.Relation, target, date string, mod domain.Modality, sentence string) domain.Fact {
	return domain.Fact{Subject: subj, SubjectType: st, Relation: rel, Target: target, EventDate: date,
		Modality: mod, Confidence: 0.9, Sentence: sentence, End: len(sentence)}
}

func country(name, iso string) domain.Entity {
	return domain.Entity{ID: domain.EntityID(name), Name: name, Type: domain.Country, ISO2: iso}
}

// MustFixtureStore writes a small hand-made corpus of facts into a store.
func MustFixtureStore(tb testing.TB, opts graph.Options) *graph.Store {
	tb.Helper()
	ctx := context.Background()
	s, err := graph.Open(ctx, opts)
	require.NoError(tb, err)
	tb.Cleanup(func() { _ = s.Close() })
	ents := []domain.Entity{country("Italy", "IT"), country("United States", "US"), country("Germany", "DE"),
		country("United Kingdom", "GB"), {ID: "huawei", Name: "Huawei", Type: domain.Company}, {ID: "zte", Name: "ZTE", Type: domain.Company},
		{ID: "telecom-italia", Name: "Telecom Italia", Type: domain.Company}}
	a1 := []domain.Fact{
		fact("Italy", domain.Country, domain.DeclinedToBan, "Huawei", "2019-02", domain.Asserted, "Italy denied reports that it would ban Huawei."),
		fact("Italy", domain.Country, domain.Banned, "Huawei", "2019-02", domain.Denied, "Italy denied reports that it would ban Huawei."),
		fact("Germany", domain.Country, domain.DeclinedToBan, "Huawei", "2019-02", domain.Asserted, "Germany does not seek to ban Huawei."),
		fact("United Kingdom", domain.Country, domain.DeclinedToBan, "Huawei", "2019-02", domain.Asserted, "The UK declined to say it will ban Huawei."),
	}
	a2 := []domain.Fact{
		fact("Italy", domain.Country, domain.Restricted, "Huawei", "2020-10-22", domain.Asserted, "Italy has imposed measures on firms using Huawei."),
		{Subject: "Italy", SubjectType: domain.Country, Relation: domain.Vetoed, Object: "Fastweb-Huawei 5G deal", ObjectType: domain.Deal,
			Target: "Huawei", Modality: domain.Asserted, Confidence: 0.9, Sentence: "Italy vetoed a deal between Fastweb and Huawei.", End: 10},
		{Subject: "United States", SubjectType: domain.Country, Relation: domain.Pressured, Object: "Italy", ObjectType: domain.Country,
			Target: "Huawei", Modality: domain.Asserted, Confidence: 0.8, Sentence: "Amid U.S. pressure, Italy ...", End: 5},
		fact("United Kingdom", domain.Country, domain.Banned, "Huawei", "2020-07", domain.Asserted, "The UK banned Huawei."),
		fact("United Kingdom", domain.Country, domain.Banned, "ZTE", "2020-07", domain.Asserted, "The UK banned ZTE."),
		fact("Telecom Italia", domain.Company, domain.Excluded, "Huawei", "2020-07", domain.Asserted, "TIM excluded Huawei."),
		fact("Germany", domain.Country, domain.Banned, "Huawei", "2020-09", domain.Hypothetical, "Germany could ban Huawei."),
	}
	x1 := graph.Extraction{Article: graph.Article{ID: "a1.txt", Title: "One", Published: "2019-02", Hash: "1"}, Facts: a1, Entities: ents}
	x2 := graph.Extraction{Article: graph.Article{ID: "a2.txt", Title: "Two", URL: "https://example.com/two", Published: "2020-10-24", Hash: "2"}, Facts: a2, Entities: ents}
	for i := range x1.Facts {
		x1.Facts[i].Article, x1.Facts[i].Published = "a1.txt", "2019-02"
	}
	for i := range x2.Facts {
		x2.Facts[i].Article, x2.Facts[i].Published = "a2.txt", "2020-10-24"
	}
	_, err = s.Write(ctx, []graph.Extraction{x1, x2})
	require.NoError(tb, err)
	return s
}

func backends(t *testing.T) map[string]graph.Options {
	return map[string]graph.Options{
		"memstore": {Backend: graph.BackendMemstore},
		"bolt":     {Backend: graph.BackendBolt, Path: filepath.Join(t.TempDir(), "store")},
	}
}

func TestTracker(t *testing.T) {
	for name, opts := range backends(t) {
		t.Run(name, func(t *testing.T) {
			s := MustFixtureStore(t, opts)
			rows, err := queries.Tracker(context.Background(), s, queries.TrackerOptions{})
			require.NoError(t, err)
			got := map[string]queries.TrackerRow{}
			for _, r := range rows {
				got[r.Country] = r
			}
			assert.Len(t, rows, 3, "countries only; non-asserted facts do not count")
			assert.Equal(t, domain.Restricted, got["Italy"].Stance)
			assert.Equal(t, 2, got["Italy"].History)
			assert.Equal(t, "IT", got["Italy"].ISO2)
			assert.Equal(t, "Two", got["Italy"].Evidence.Title)
			assert.Equal(t, "https://example.com/two", got["Italy"].Evidence.URL)
			assert.Equal(t, domain.Banned, got["United Kingdom"].Stance)
			assert.Equal(t, domain.DeclinedToBan, got["Germany"].Stance, "a hypothetical ban is not a stance")

			rows, err = queries.Tracker(context.Background(), s, queries.TrackerOptions{AsOf: "2019-12-31"})
			require.NoError(t, err)
			for _, r := range rows {
				assert.Equal(t, domain.DeclinedToBan, r.Stance, r.Country)
			}
			rows, err = queries.Tracker(context.Background(), s, queries.TrackerOptions{Target: "zte"})
			require.NoError(t, err)
			require.Len(t, rows, 1)
			assert.Equal(t, "United Kingdom", rows[0].Country)
		})
	}
}

func run(t *testing.T, s *graph.Store, name string, p queries.Params) *queries.Result {
	t.Helper()
	r, err := queries.Run(context.Background(), s, name, p)
	require.NoError(t, err)
	return r
}

func column(r *queries.Result, i int) []string {
	var out []string
	for _, row := range r.Rows {
		out = append(out, row[i])
	}
	return out
}

func TestCannedQuestions(t *testing.T) {
	s := MustFixtureStore(t, graph.Options{Backend: graph.BackendMemstore})
	assert.Equal(t, []string{"United Kingdom"}, column(run(t, s, "banned", nil), 0))
	assert.Equal(t, []string{"Italy"}, column(run(t, s, "restricted", nil), 0))
	assert.Equal(t, []string{"Germany"}, column(run(t, s, "declined", nil), 0))
	assert.Empty(t, run(t, s, "considering", nil).Rows)
	assert.Empty(t, run(t, s, "allowed", nil).Rows)
	assert.Equal(t, []string{"Germany", "Italy", "United Kingdom"}, column(run(t, s, "declined", queries.Params{"ever": "true"}), 0))
	assert.Empty(t, run(t, s, "banned", queries.Params{"as-of": "2019-06"}).Rows)

	p := run(t, s, "pressured", queries.Params{"by": "US"})
	require.Len(t, p.Rows, 1)
	assert.Equal(t, []string{"United States", "Italy", "Huawei"}, p.Rows[0][:3])
	assert.Len(t, run(t, s, "pressured", queries.Params{"on": "italy"}).Rows, 1)
	assert.Empty(t, run(t, s, "pressured", queries.Params{"on": "Germany"}).Rows)

	v := run(t, s, "vetoes", nil)
	require.Len(t, v.Rows, 1)
	assert.Equal(t, []string{"Italy", "Fastweb-Huawei 5G deal", "Huawei"}, v.Rows[0][:3])

	st := run(t, s, "stance", queries.Params{"country": "Italy"})
	rows := st.Records.([]queries.TimelineRow)
	require.GreaterOrEqual(t, len(rows), 3)
	assert.Equal(t, "2019-02", rows[0].Date, "the 2019 denial comes first")
	var changes []domain.Relation
	for _, r := range rows {
		if r.Change {
			changes = append(changes, r.Relation)
		}
	}
	assert.Equal(t, []domain.Relation{domain.DeclinedToBan, domain.Restricted}, changes)

	c := run(t, s, "contradictions", queries.Params{"window": "24"})
	require.NotEmpty(t, c.Rows)
	assert.Contains(t, column(c, 0), "United Kingdom")
	assert.Empty(t, run(t, s, "contradictions", queries.Params{"window": "1"}).Rows)
	require.Greater(t, len(c.Rows), 1)
	c1 := run(t, s, "contradictions", queries.Params{"window": "24", "limit": "1"})
	assert.Equal(t, c.Rows[:1], c1.Rows, "a limit keeps the most recent")
	assert.Equal(t, len(c.Rows)-1, c1.Omitted)

	a := run(t, s, "article", queries.Params{"id": "a1.txt"})
	assert.Len(t, a.Rows, 4)

	e := run(t, s, "entities", queries.Params{"type": "country"})
	assert.Equal(t, "Italy", e.Rows[0][0], "most facts first")
	assert.NotContains(t, column(e, 0), "Huawei")
}

func TestCannedQuestionErrors(t *testing.T) {
	s := MustFixtureStore(t, graph.Options{Backend: graph.BackendMemstore})
	ctx := context.Background()
	tests := []struct {
		name   string
		params queries.Params
		want   string
	}{
		{"nope", nil, "valid: banned, restricted"},
		{"banned", queries.Params{"by": "x"}, "valid: target, as-of, ever"},
		{"banned", queries.Params{"as-of": "March"}, "YYYY"},
		{"banned", queries.Params{"ever": "maybe"}, "true or false"},
		{"stance", nil, "needs a country"},
		{"stance", queries.Params{"country": "Itly"}, "did you mean Italy"},
		{"article", queries.Params{"id": "missing.txt"}, "not found"},
		{"entities", queries.Params{"type": "planet"}, "valid: country"},
		{"contradictions", queries.Params{"window": "soon"}, "months"},
	}
	for _, tt := range tests {
		_, err := queries.Run(ctx, s, tt.name, tt.params)
		require.Error(t, err, tt.name)
		assert.Contains(t, err.Error(), tt.want)
	}
	_, err := queries.Run(ctx, s, "stance", queries.Params{"country": "Atlantis"})
	assert.True(t, errors.Is(err, queries.ErrNotFound))
}

func TestRawQueries(t *testing.T) {
	s := MustFixtureStore(t, graph.Options{Backend: graph.BackendMemstore})
	ctx := context.Background()
	res, err := queries.Raw(ctx, s, "gizmo", `g.V("<https://policygraph.org/entity/italy>").Out("<https://policygraph.org/vocab/restricted>").All()`, 10, time.Second)
	require.NoError(t, err)
	require.Len(t, res, 1)
	assert.Contains(t, string(res[0]), "entity/huawei")

	res, err = queries.Raw(ctx, s, "graphql", `{ nodes(id: "<https://policygraph.org/entity/italy>") { id name: <https://policygraph.org/vocab/name> } }`, 10, time.Second)
	require.NoError(t, err)
	assert.NotEmpty(t, res)

	res, err = queries.Raw(ctx, s, "gizmo", `g.V().All()`, 3, time.Second)
	require.NoError(t, err)
	assert.Len(t, res, 3, "the limit is applied")

	start := time.Now()
	_, err = queries.Raw(ctx, s, "gizmo", `while(true){}`, 10, 300*time.Millisecond)
	require.ErrorIs(t, err, queries.ErrTimeout)
	assert.Less(t, time.Since(start), 5*time.Second, "an infinite loop is stopped")

	_, err = queries.Raw(ctx, s, "sparql", "SELECT *", 10, time.Second)
	require.ErrorIs(t, err, queries.ErrBadQuery)
	_, err = queries.Raw(ctx, s, "gizmo", "g.V(", 10, time.Second)
	require.ErrorIs(t, err, queries.ErrBadQuery)
}
