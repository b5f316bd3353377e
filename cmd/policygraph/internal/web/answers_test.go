package web_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/policygraph/policygraph/cmd/policygraph/internal/web"
	"github.com/policygraph/policygraph/graph"
)

func TestNeo4jExportDownload(t *testing.T) {
	for backend, opts := range backends(t) {
		t.Run(backend, func(t *testing.T) {
			srv := httptest.NewServer(web.Handler(MustFixtureStore(t, opts), web.Config{QueryTimeout: 5 * time.Second}))
			t.Cleanup(srv.Close)
			r := get(t, srv, "/api/export?format=neo4j")
			require.Equal(t, http.StatusOK, r.status, r.body)
			assert.Equal(t, "application/zip", r.header.Get("Content-Type"))
			assert.Contains(t, r.header.Get("Content-Disposition"), `filename="policygraph.zip"`)
			zr, err := zip.NewReader(bytes.NewReader([]byte(r.body)), int64(len(r.body)))
			require.NoError(t, err)
			var names []string
			for _, f := range zr.File {
				names = append(names, f.Name)
				if f.Name == "load.cypher" {
					rc, err := f.Open()
					require.NoError(t, err)
					b, err := io.ReadAll(rc)
					require.NoError(t, err)
					assert.Contains(t, string(b), "SET e:Country;")
				}
			}
			sort.Strings(names)
			assert.Equal(t, []string{"load.cypher", "nodes.csv", "relationships.csv"}, names)
		})
	}
}

// TestAPIRejectsDatesThatAreNotDays checks that the API, like the CLI,
// refuses dates outside the calendar with the value and the valid forms.
func TestAPIRejectsDatesThatAreNotDays(t *testing.T) {
	srv := httptest.NewServer(web.Handler(MustFixtureStore(t, graph.Options{Backend: graph.BackendMemstore}), web.Config{QueryTimeout: 5 * time.Second}))
	t.Cleanup(srv.Close)
	for _, tc := range []struct{ path, value string }{
		{"/api/tracker?as_of=2019-13-01", "2019-13-01"},
		{"/api/tracker?as_of=2019-02-30", "2019-02-30"},
		{"/api/ask/banned?as-of=2019-02-30", "2019-02-30"},
		{"/api/export?format=gml&since=2019-99", "2019-99"},
		{"/api/export?format=gml&until=2019-02-30", "2019-02-30"},
	} {
		r := get(t, srv, tc.path)
		assert.Equal(t, http.StatusBadRequest, r.status, "%s: %s", tc.path, r.body)
		msg := errorOf(t, r)
		assert.Contains(t, msg, `"`+tc.value+`"`, tc.path)
		assert.Contains(t, msg, "YYYY-MM-DD", tc.path)
	}
	// The ask API carries the count of facts an answer left out.
	r := get(t, srv, "/api/ask/banned?ever=true")
	require.Equal(t, http.StatusOK, r.status, r.body)
	var res struct {
		Hidden *struct {
			Count int `json:"count"`
		} `json:"hidden"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.body), &res))
	require.NotNil(t, res.Hidden, "a response-level hidden count")
}
