package web_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/policygraph/policygraph/cmd/policygraph/internal/web"
	"github.com/policygraph/policygraph/extract"
	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/ingest"
)

// MustSeedServer serves the seed corpus from a memstore.
func MustSeedServer(tb testing.TB, cfg web.Config) *httptest.Server {
	tb.Helper()
	ctx := context.Background()
	s, err := graph.Open(ctx, graph.Options{Backend: graph.BackendMemstore})
	require.NoError(tb, err)
	ex, err := extract.New(extract.Options{})
	require.NoError(tb, err)
	_, err = ingest.Run(ctx, s, ex, []string{"../../../../seeds"}, ingest.Options{})
	require.NoError(tb, err)
	srv := httptest.NewServer(web.Handler(s, cfg))
	tb.Cleanup(func() { srv.Close(); _ = s.Close() })
	return srv
}

func get(t *testing.T, srv *httptest.Server, path string) (int, map[string]any, string) {
	t.Helper()
	res, err := http.Get(srv.URL + path)
	require.NoError(t, err)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	var m map[string]any
	_ = json.Unmarshal(body, &m)
	return res.StatusCode, m, string(body)
}

func post(t *testing.T, srv *httptest.Server, path, body string) (int, map[string]any) {
	t.Helper()
	res, err := http.Post(srv.URL+path, "application/json", strings.NewReader(body))
	require.NoError(t, err)
	defer res.Body.Close()
	var m map[string]any
	_ = json.NewDecoder(res.Body).Decode(&m)
	return res.StatusCode, m
}

func TestAPIEndpoints(t *testing.T) {
	srv := MustSeedServer(t, web.Config{QueryTimeout: 2 * time.Second})

	code, m, _ := get(t, srv, "/healthz")
	require.Equal(t, 200, code)
	assert.Equal(t, "ok", m["status"])

	code, m, body := get(t, srv, "/api/tracker")
	require.Equal(t, 200, code, body)
	assert.Contains(t, body, `"country":"Australia"`)
	assert.Contains(t, body, `"stance":"banned"`)
	assert.Equal(t, "Huawei", m["target"])
	code, _, body = get(t, srv, "/api/tracker?as_of=2019-03-01")
	require.Equal(t, 200, code)
	assert.NotContains(t, body, "2020-10")

	code, _, body = get(t, srv, "/api/ask")
	require.Equal(t, 200, code)
	assert.Contains(t, body, `"name":"banned"`)
	assert.Contains(t, body, `"example"`)

	code, _, body = get(t, srv, "/api/ask/banned")
	require.Equal(t, 200, code, body)
	assert.Contains(t, body, "Australia")
	code, _, body = get(t, srv, "/api/ask/stance?country=Italy")
	require.Equal(t, 200, code, body)
	assert.Contains(t, body, "declined_to_ban")
	code, _, body = get(t, srv, "/api/ask/pressured?by=US")
	require.Equal(t, 200, code, body)
	assert.Contains(t, body, "European Union")

	code, m = post(t, srv, "/api/query", `{"lang":"gizmo","query":"g.V(\"<https://policygraph.org/entity/italy>\").Out(\"<https://policygraph.org/vocab/vetoed>\").All()","limit":5}`)
	require.Equal(t, 200, code, m)
	assert.NotEmpty(t, m["results"])

	code, _, body = get(t, srv, "/api/entities?type=country")
	require.Equal(t, 200, code)
	assert.Contains(t, body, `"name":"Italy"`)
	code, m, body = get(t, srv, "/api/entities/italy/neighbourhood")
	require.Equal(t, 200, code, body)
	assert.Contains(t, body, `"relation":"vetoed"`)
	assert.Contains(t, body, "Fastweb-Huawei 5G deal")
	assert.Contains(t, m, "elements")

	code, _, body = get(t, srv, "/api/articles/000_96e29888d8300f82.txt")
	require.Equal(t, 200, code, body)
	assert.Contains(t, body, "vetoed")

	res, err := http.Get(srv.URL + "/api/export?format=graphml")
	require.NoError(t, err)
	data, _ := io.ReadAll(res.Body)
	res.Body.Close()
	assert.Equal(t, 200, res.StatusCode)
	assert.Contains(t, res.Header.Get("Content-Disposition"), "policygraph.graphml")
	assert.Contains(t, string(data), "<graphml")

	code, _, body = get(t, srv, "/")
	require.Equal(t, 200, code)
	assert.Contains(t, body, "<title>policygraph</title>")
	code, _, _ = get(t, srv, "/vendor/cytoscape.min.js")
	assert.Equal(t, 200, code)
}

func TestAPIErrors(t *testing.T) {
	srv := MustSeedServer(t, web.Config{QueryTimeout: 300 * time.Millisecond, MaxBody: 1024})
	tests := []struct {
		name, method, path, body string
		status                   int
		want                     string
	}{
		{"unknown question", "GET", "/api/ask/nope", "", 400, "valid: banned"},
		{"bad param", "GET", "/api/ask/banned?by=US", "", 400, "valid: target"},
		{"bad date", "GET", "/api/ask/banned?as-of=soon", "", 400, "YYYY"},
		{"unknown entity", "GET", "/api/ask/stance?country=Atlantis", "", 404, "unknown entity"},
		{"unknown tracker param", "GET", "/api/tracker?colour=red", "", 400, "valid: target, as_of"},
		{"unknown neighbourhood", "GET", "/api/entities/atlantis/neighbourhood", "", 404, "not found"},
		{"unknown article", "GET", "/api/articles/nope.txt", "", 404, "not found"},
		{"unknown export", "GET", "/api/export?format=xls", "", 400, "valid: nquads"},
		{"unknown endpoint", "GET", "/api/nothing", "", 404, "no such endpoint"},
		{"write method", "DELETE", "/api/tracker", "", 405, "read-only"},
		{"put query", "PUT", "/api/query", "{}", 405, "read-only"},
		{"bad json", "POST", "/api/query", "{", 400, "bad request body"},
		{"unknown field", "POST", "/api/query", `{"sql":"x"}`, 400, "unknown field"},
		{"bad lang", "POST", "/api/query", `{"lang":"sparql","query":"x"}`, 400, "gizmo, graphql"},
		{"syntax error", "POST", "/api/query", `{"lang":"gizmo","query":"g.V("}`, 400, "bad query"},
		{"body too large", "POST", "/api/query", `{"lang":"gizmo","query":"` + strings.Repeat("x", 4096) + `"}`, 413, "too large"},
		{"infinite loop", "POST", "/api/query", `{"lang":"gizmo","query":"while(true){}"}`, 504, "timed out"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, srv.URL+tt.path, strings.NewReader(tt.body))
			require.NoError(t, err)
			res, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			defer res.Body.Close()
			var m map[string]string
			require.NoError(t, json.NewDecoder(res.Body).Decode(&m), "errors are JSON")
			assert.Equal(t, tt.status, res.StatusCode)
			assert.Contains(t, m["error"], tt.want)
			assert.NotContains(t, m["error"], "/work/", "no file-system paths")
		})
	}
	// The server keeps serving after the runaway query was stopped.
	code, _, _ := get(t, srv, "/healthz")
	assert.Equal(t, 200, code)
}

func TestConcurrentRequests(t *testing.T) {
	srv := MustSeedServer(t, web.Config{})
	var wg sync.WaitGroup
	errs := make(chan string, 40)
	for i := 0; i < 40; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			path := []string{"/api/tracker", "/api/ask/banned", "/api/entities/italy/neighbourhood", "/healthz"}[i%4]
			res, err := http.Get(srv.URL + path)
			if err != nil {
				errs <- err.Error()
				return
			}
			res.Body.Close()
			if res.StatusCode != 200 {
				errs <- path + ": " + res.Status
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestTokenAndAddress(t *testing.T) {
	srv := MustSeedServer(t, web.Config{Token: "s3cret"})
	code, m, _ := get(t, srv, "/api/tracker")
	assert.Equal(t, 401, code)
	assert.Contains(t, m["error"], "token")
	req, _ := http.NewRequest("GET", srv.URL+"/api/tracker", nil)
	req.Header.Set("Authorization", "Bearer s3cret")
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, 200, res.StatusCode)
	code, _, _ = get(t, srv, "/healthz")
	assert.Equal(t, 200, code, "health needs no token")

	assert.NoError(t, web.CheckAddr("127.0.0.1:8080", ""))
	assert.NoError(t, web.CheckAddr("[::1]:8080", ""))
	assert.NoError(t, web.CheckAddr("localhost:8080", ""))
	assert.ErrorIs(t, web.CheckAddr("0.0.0.0:8080", ""), web.ErrExposed)
	assert.ErrorIs(t, web.CheckAddr(":8080", ""), web.ErrExposed)
	assert.NoError(t, web.CheckAddr("0.0.0.0:8080", "tok"))
}

func TestStaticFilesStayInside(t *testing.T) {
	srv := MustSeedServer(t, web.Config{})
	for _, p := range []string{"/../../go.mod", "/..%2f..%2fgo.mod", "/assets.go", "/server.go"} {
		req, _ := http.NewRequest("GET", srv.URL+p, nil)
		req.URL.Opaque = p // keep the dots
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		assert.NotContains(t, string(body), "module github.com/policygraph", p)
		assert.NotContains(t, string(body), "package web", p)
	}
}

func FuzzAPIParams(f *testing.F) {
	f.Add("banned", "as-of", "2019-03-01")
	f.Add("stance", "country", "Italy")
	f.Add("pressured", "by", "U.S.")
	f.Add("../x", "%00", "\xff")
	ctx := context.Background()
	s, err := graph.Open(ctx, graph.Options{Backend: graph.BackendMemstore})
	require.NoError(f, err)
	h := web.Handler(s, web.Config{QueryTimeout: 200 * time.Millisecond})
	f.Fuzz(func(t *testing.T, name, key, value string) {
		req := httptest.NewRequest("GET", "/api/ask/x", nil)
		req.URL.Path = "/api/ask/" + name
		q := req.URL.Query()
		q.Set(key, value)
		req.URL.RawQuery = q.Encode()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%s?%s=%s: status %d: %s", name, key, value, rec.Code, rec.Body.String())
		}
	})
}
