package web_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/policygraph/policygraph/cmd/policygraph/internal/web"
	"github.com/policygraph/policygraph/domain"
)

// TestMapAPI checks the stance map's data: the tracker's rows as of a date
// and the span of the vendor's asserted stance facts.
func TestMapAPI(t *testing.T) {
	for name, opts := range backends(t) {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(web.Handler(MustFixtureStore(t, opts), web.Config{}))
			t.Cleanup(srv.Close)
			var latest, then, zte web.MapResponse
			decode(t, get(t, srv, "/api/map"), &latest)
			decode(t, get(t, srv, "/api/map?target=huawei&as_of=2019-12-31"), &then)
			decode(t, get(t, srv, "/api/map?target=ZTE"), &zte)

			stance := func(r web.MapResponse) map[string]string {
				out := map[string]string{}
				for _, row := range r.Rows {
					out[row.Country+"/"+row.ISO2] = string(row.Stance)
				}
				return out
			}
			assert.Equal(t, "Huawei", latest.Target)
			assert.Equal(t, map[string]string{"Australia/AU": "banned", "New Zealand/NZ": "banned", "Germany/DE": "declined_to_ban",
				"Italy/IT": "declined_to_ban", "Canada/CA": "considering_ban", "United Kingdom/GB": "banned"}, stance(latest))
			// Asserted stance dates only: not Germany's hypothetical ban of
			// 2020-10-20, nor the pressure of 2019-02-14.
			assert.Equal(t, web.MapSpan{First: "2018-08-23", Last: "2020-07-14",
				Dates: []string{"2018-08-23", "2018-11-28", "2019-02-20", "2019-03-01", "2020-07-14"}}, latest.Span)

			assert.Equal(t, "Huawei", then.Target, "the vendor is named as the store names it")
			assert.Equal(t, "2019-12-31", then.AsOf)
			assert.NotContains(t, stance(then), "United Kingdom/GB", "its ban is of 2020")
			assert.Equal(t, latest.Span, then.Span, "the span does not depend on the date")

			assert.Equal(t, map[string]string{"Australia/AU": "banned"}, stance(zte))
			assert.Equal(t, []string{"2018-08-23"}, zte.Span.Dates)
		})
	}
}

func TestMapAPIErrors(t *testing.T) {
	srv := MustFixtureServer(t, web.Config{})
	tests := []struct {
		name, path string
		status     int
		want       string
	}{
		{"bad date", "/api/map?as_of=soon", 400, `invalid date "soon"`},
		{"impossible date", "/api/map?as_of=2019-02-30", 400, `invalid date "2019-02-30"`},
		{"unknown param", "/api/map?colour=red", 400, "valid: target, as_of"},
		{"unknown vendor", "/api/map?target=Atlantis", 404, "unknown entity"},
		{"both spellings", "/api/map?as_of=2019&as-of=2020", 400, "not both"},
		{"meta takes none", "/api/meta?x=1", 400, "no parameters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := get(t, srv, tt.path)
			msg := errorOf(t, r)
			assert.Equal(t, tt.status, r.status, msg)
			assert.Contains(t, msg, tt.want)
		})
	}
}

// TestAsOfSpelling checks that every endpoint with a date takes as_of, and
// the CLI's as-of as an alias with the same answer.
func TestAsOfSpelling(t *testing.T) {
	srv := MustFixtureServer(t, web.Config{})
	for _, path := range []string{"/api/tracker?", "/api/map?", "/api/ask/banned?", "/api/ask/restricted?", "/api/ask/declined?ever=true&"} {
		t.Run(path, func(t *testing.T) {
			snake := get(t, srv, path+"as_of=2019-01-01")
			dash := get(t, srv, path+"as-of=2019-01-01")
			require.Equal(t, http.StatusOK, snake.status, snake.body)
			require.Equal(t, http.StatusOK, dash.status, dash.body)
			assert.JSONEq(t, snake.body, dash.body)
			assert.Contains(t, snake.body, `"as_of":"2019-01-01"`, "the answer names the date as_of")
			assert.NotContains(t, snake.body, `"as-of"`)
			both := get(t, srv, path+"as_of=2019&as-of=2020")
			assert.Equal(t, http.StatusBadRequest, both.status, both.body)
		})
	}
	// The question list names the parameter as the API takes it.
	var qs []struct {
		Name   string
		Params []struct{ Name string }
	}
	decode(t, get(t, srv, "/api/ask"), &qs)
	var names []string
	for _, q := range qs {
		for _, p := range q.Params {
			names = append(names, p.Name)
		}
	}
	assert.Contains(t, names, "as_of")
	assert.NotContains(t, names, "as-of")
}

// TestMetaAPI checks what the UI draws with: the relation table as the
// domain package has it, the modalities, the predicates the store holds,
// and the export formats.
func TestMetaAPI(t *testing.T) {
	srv := MustFixtureServer(t, web.Config{})
	var m web.MetaResponse
	decode(t, get(t, srv, "/api/meta"), &m)
	require.Len(t, m.Relations, len(domain.RelationTable))
	for i, ri := range domain.RelationTable {
		assert.Equal(t, ri.Relation, m.Relations[i].Relation)
		assert.Equal(t, ri.CSS, m.Relations[i].CSS)
		assert.Equal(t, ri.Stance, m.Relations[i].Stance)
	}
	assert.Equal(t, "restrictive", m.Relations[0].Side, "banned")
	assert.Len(t, m.Modalities, 4)
	assert.Contains(t, m.Predicates, "<https://policygraph.org/vocab/vetoed>")
	assert.Contains(t, m.Predicates, "<https://policygraph.org/vocab/sentence>")
	assert.NotContains(t, m.Predicates, "<https://policygraph.org/vocab/excluded>", "no fact in the fixture is an exclusion")
	assert.Contains(t, m.ExportFormats, "graphml")
}

func decode(t *testing.T, r response, v any) {
	t.Helper()
	require.Equal(t, http.StatusOK, r.status, r.body)
	require.NoError(t, json.Unmarshal([]byte(r.body), v), r.body)
}
