package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/policygraph/policygraph/cmd/policygraph/internal/web"
	"github.com/policygraph/policygraph/graph"
)

// response is an answer read in full.
type response struct {
	status int
	header http.Header
	body   string
}

// do sends a request and reads the whole answer.
func do(tb testing.TB, srv *httptest.Server, method, path, body string, header map[string]string) response {
	tb.Helper()
	req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	require.NoError(tb, err)
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range header {
		if k == "Host" {
			req.Host = v
			continue
		}
		req.Header.Set(k, v)
	}
	res, err := srv.Client().Do(req)
	require.NoError(tb, err)
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	require.NoError(tb, err)
	return response{res.StatusCode, res.Header, string(data)}
}

func get(tb testing.TB, srv *httptest.Server, path string) response {
	tb.Helper()
	return do(tb, srv, http.MethodGet, path, "", nil)
}

// errorOf decodes a JSON error answer.
func errorOf(tb testing.TB, r response) string {
	tb.Helper()
	var m map[string]string
	require.NoError(tb, json.Unmarshal([]byte(r.body), &m), "errors are JSON: %s", r.body)
	require.Contains(tb, m, "error")
	assert.Contains(tb, r.header.Get("Content-Type"), "application/json")
	return m["error"]
}

const vetoQuery = `g.V("<https://policygraph.org/entity/italy>").Out("<https://policygraph.org/vocab/vetoed>").All()`

func queryBody(lang, query string, limit int) string {
	b, _ := json.Marshal(web.QueryRequest{Lang: lang, Query: query, Limit: limit})
	return string(b)
}

// TestAPIEndpoints asks every endpoint a question with a known answer, on
// every backend.
func TestAPIEndpoints(t *testing.T) {
	tests := []struct {
		name, method, path, body string
		contains                 []string
		excludes                 []string
	}{
		{"health", "GET", "/healthz", "", []string{`{"status":"ok"}`}, []string{"articles", "quads"}},
		{"stats", "GET", "/api/stats", "", []string{`"articles":3`, `"quads":`}, nil},
		{"tracker", "GET", "/api/tracker", "",
			[]string{`"target":"Huawei"`, `"country":"Australia","iso2":"AU","stance":"banned"`, `"country":"United Kingdom"`,
				`"country":"Canada","iso2":"CA","stance":"considering_ban"`, `"url":"https://example.com/australia"`},
			[]string{`"country":"Germany","iso2":"DE","stance":"banned"`}},
		{"tracker as of", "GET", "/api/tracker?as_of=2019-12-31", "",
			[]string{`"as_of":"2019-12-31"`, `"country":"Italy","iso2":"IT","stance":"declined_to_ban"`}, []string{"United Kingdom"}},
		{"tracker other vendor", "GET", "/api/tracker?target=ZTE", "", []string{`"target":"ZTE"`, "Australia"}, []string{"Italy"}},
		{"tracker of every modality", "GET", "/api/tracker?modality=all", "", []string{`"modality":"asserted"`, `"country":"Australia"`}, nil},
		{"question list", "GET", "/api/ask", "", []string{`"name":"banned"`, `"name":"stance"`, `"params":[`, `"example"`}, nil},
		{"banned", "GET", "/api/ask/banned", "", []string{`"question":"banned"`, "Australia", "New Zealand", "supplying equipment"}, []string{"Germany"}},
		{"banned as of", "GET", "/api/ask/banned?as-of=2019-01-01", "", []string{"Australia"}, []string{"United Kingdom"}},
		{"stance timeline", "GET", "/api/ask/stance?country=Italy", "", []string{"declined_to_ban", `"modality":"denied"`}, nil},
		{"pressured by alias", "GET", "/api/ask/pressured?by=US", "", []string{"European Union", "Washington pressed"}, nil},
		{"vetoes", "GET", "/api/ask/vetoes", "", []string{"Fastweb-Huawei 5G deal", vetoSentence}, nil},
		{"raw gizmo", "POST", "/api/query", queryBody("gizmo", vetoQuery, 5),
			[]string{`"results":[`, "fastweb-huawei-5g-deal", `"limit":5`, `"truncated":false`}, nil},
		{"raw gizmo truncated", "POST", "/api/query", queryBody("", `g.V().All()`, 2),
			[]string{`"limit":2`, `"truncated":true`, `"truncated_reason":"limit of 2 results"`, `"lang":"gizmo"`}, nil},
		{"raw graphql", "POST", "/api/query", queryBody("graphql", `{ nodes(id: "<https://policygraph.org/entity/italy>") { id } }`, 0),
			[]string{"entity/italy"}, nil},
		{"entities", "GET", "/api/entities", "", []string{`"name":"Italy"`, `"name":"Huawei"`}, nil},
		{"entities by type", "GET", "/api/entities?type=country", "", []string{`"name":"Italy"`, `"iso2":"IT"`}, []string{`"name":"Huawei"`}},
		{"neighbourhood", "GET", "/api/entities/italy/neighbourhood", "",
			[]string{`"elements":{`, `"relation":"vetoed"`, `"name":"Fastweb-Huawei 5G deal"`, `"evidence":"` + vetoSentence, `"source":"italy"`}, nil},
		{"neighbourhood by name", "GET", "/api/entities/United%20Kingdom/neighbourhood", "", []string{`"relation":"banned"`}, nil},
		{"neighbourhood by alias", "GET", "/api/entities/US/neighbourhood", "", []string{`"relation":"pressured"`}, nil},
		{"article", "GET", "/api/articles/" + articleItaly, "", []string{"vetoed", vetoSentence}, nil},
	}
	for backend, opts := range backends(t) {
		t.Run(backend, func(t *testing.T) {
			srv := httptest.NewServer(web.Handler(MustFixtureStore(t, opts), web.Config{QueryTimeout: 5 * time.Second}))
			t.Cleanup(srv.Close)
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					r := do(t, srv, tt.method, tt.path, tt.body, nil)
					require.Equal(t, http.StatusOK, r.status, r.body)
					assert.Equal(t, "application/json; charset=utf-8", r.header.Get("Content-Type"))
					assert.True(t, json.Valid([]byte(r.body)), r.body)
					for _, s := range tt.contains {
						assert.Contains(t, r.body, s)
					}
					for _, s := range tt.excludes {
						assert.NotContains(t, r.body, s)
					}
				})
			}
		})
	}
}

func TestExport(t *testing.T) {
	srv := MustFixtureServer(t, web.Config{})
	tests := []struct {
		query, file, contains string
	}{
		{"format=graphml", "policygraph.graphml", "<graphml"},
		{"format=nquads", "policygraph.nq", "<https://policygraph.org/entity/italy>"},
		{"format=jsonld", "policygraph.jsonld", `"@graph"`},
		{"format=gexf", "policygraph.gexf", "<gexf"},
		{"format=gml", "policygraph.gml", "graph ["},
		{"format=dot", "policygraph.dot", "digraph"},
		{"format=cytoscape", "policygraph.cyjs", `"elements"`},
		{"format=graphml&country=Italy&relation=vetoed", "policygraph.graphml", "Fastweb"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			r := get(t, srv, "/api/export?"+tt.query)
			require.Equal(t, http.StatusOK, r.status, r.body)
			assert.Equal(t, `attachment; filename="`+tt.file+`"`, r.header.Get("Content-Disposition"))
			assert.Contains(t, r.body, tt.contains)
		})
	}
	r := get(t, srv, "/api/export?format=graphml&country=Australia&relation=banned")
	require.Equal(t, http.StatusOK, r.status)
	assert.NotContains(t, r.body, "Fastweb", "the filter applies")
}

func TestStaticFiles(t *testing.T) {
	srv := MustFixtureServer(t, web.Config{})
	tests := []struct {
		path, contentType, contains string
	}{
		{"/", "text/html", "<title>policygraph</title>"},
		{"/app.js", "javascript", "use strict"},
		{"/style.css", "text/css", "@media"},
		{"/vendor/cytoscape.min.js", "javascript", "Cytoscape Consortium"},
		{"/vendor/cytoscape.LICENSE", "", "Permission is hereby granted"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			r := get(t, srv, tt.path)
			require.Equal(t, http.StatusOK, r.status)
			assert.Contains(t, r.header.Get("Content-Type"), tt.contentType)
			assert.Contains(t, r.body, tt.contains)
			assert.Contains(t, r.header.Get("Content-Security-Policy"), "default-src 'self'")
		})
	}
	// The page loads nothing from elsewhere: every script and stylesheet is
	// a relative path into the embedded tree.
	index := get(t, srv, "/").body
	for _, attr := range []string{`src="http`, `href="http`, `src="//`, `href="//`} {
		assert.NotContains(t, index, attr)
	}
}

func TestStaticFilesStayInside(t *testing.T) {
	srv := MustFixtureServer(t, web.Config{})
	for _, p := range []string{"/../../go.mod", "/..%2f..%2fgo.mod", "/%2e%2e/%2e%2e/go.mod", "/assets.go", "/../server.go",
		"/vendor/", "/vendor", "/vendor/../../server.go", "//etc/passwd", "/..\\..\\go.mod"} {
		t.Run(p, func(t *testing.T) {
			req, err := http.NewRequest("GET", srv.URL, nil)
			require.NoError(t, err)
			req.URL.Opaque = p // keep the dots as sent
			res, err := srv.Client().Do(req)
			require.NoError(t, err)
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			assert.NotEqual(t, http.StatusOK, res.StatusCode, "%s: %s", p, body)
			for _, leak := range []string{"module github.com/policygraph", "package ", "root:", "cytoscape.min.js"} {
				assert.NotContains(t, string(body), leak, p)
			}
		})
	}
}

func TestAPIErrors(t *testing.T) {
	srv := MustFixtureServer(t, web.Config{QueryTimeout: 300 * time.Millisecond, MaxBody: 1024})
	tests := []struct {
		name, method, path, body string
		header                   map[string]string
		status                   int
		want                     string
	}{
		{"unknown question", "GET", "/api/ask/nope", "", nil, 400, "valid: banned"},
		{"bad param", "GET", "/api/ask/banned?by=US", "", nil, 400, "valid: target"},
		{"repeated param", "GET", "/api/ask/banned?target=a&target=b", "", nil, 400, "given 2 times"},
		{"bad date", "GET", "/api/ask/banned?as-of=soon", "", nil, 400, "YYYY"},
		{"list takes no params", "GET", "/api/ask?x=1", "", nil, 400, "no parameters"},
		{"unknown entity", "GET", "/api/ask/stance?country=Atlantis", "", nil, 404, "unknown entity"},
		{"unknown tracker param", "GET", "/api/tracker?colour=red", "", nil, 400, "valid: target, as_of, as-of, modality"},
		{"bad tracker date", "GET", "/api/tracker?as_of=yesterday", "", nil, 400, "invalid date \"yesterday\""},
		{"bad tracker modality", "GET", "/api/tracker?modality=rumoured", "", nil, 400, "rumoured"},
		{"unknown entity type", "GET", "/api/entities?type=planet", "", nil, 400, "valid: country"},
		{"unknown neighbourhood", "GET", "/api/entities/atlantis/neighbourhood", "", nil, 404, "not found"},
		{"unknown article", "GET", "/api/articles/nope.txt", "", nil, 404, "not found"},
		{"unknown export", "GET", "/api/export?format=xls", "", nil, 400, "valid: nquads"},
		{"bad export date", "GET", "/api/export?format=dot&since=last-week", "", nil, 400, "invalid date \"last-week\""},
		{"bad export relation", "GET", "/api/export?format=dot&relation=Banned!", "", nil, 400, "not a relation"},
		{"unknown endpoint", "GET", "/api/nothing", "", nil, 404, "no such endpoint"},
		{"write method", "DELETE", "/api/tracker", "", nil, 405, "read-only"},
		{"post elsewhere", "POST", "/api/ask/banned", "{}", nil, 405, "read-only"},
		{"put query", "PUT", "/api/query", "{}", nil, 405, "read-only"},
		{"get query", "GET", "/api/query", "", nil, 405, "use POST"},
		{"post page", "POST", "/", "{}", nil, 405, "read-only"},
		{"not json", "POST", "/api/query", queryBody("gizmo", "g.V().All()", 1), map[string]string{"Content-Type": "text/plain"}, 415, "application/json"},
		{"bad json", "POST", "/api/query", "{", nil, 400, "bad request body"},
		{"two objects", "POST", "/api/query", `{"query":"g.V().All()"} {}`, nil, 400, "one JSON object"},
		{"unknown field", "POST", "/api/query", `{"sql":"x"}`, nil, 400, "unknown field"},
		{"negative limit", "POST", "/api/query", queryBody("gizmo", "g.V().All()", -1), nil, 400, "negative"},
		{"bad lang", "POST", "/api/query", queryBody("sparql", "x", 0), nil, 400, "gizmo, graphql"},
		{"empty query", "POST", "/api/query", queryBody("gizmo", " ", 0), nil, 400, "empty query"},
		{"syntax error", "POST", "/api/query", queryBody("gizmo", "g.V(", 0), nil, 400, "bad query"},
		{"body too large", "POST", "/api/query", queryBody("gizmo", strings.Repeat("x", 4096), 0), nil, 413, "too large"},
		{"infinite loop", "POST", "/api/query", queryBody("gizmo", "while(true){}", 0), nil, 504, "timed out"},
		{"foreign host", "GET", "/api/tracker", "", map[string]string{"Host": "evil.example:8080"}, 421, "loopback"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := do(t, srv, tt.method, tt.path, tt.body, tt.header)
			msg := errorOf(t, r)
			assert.Equal(t, tt.status, r.status, msg)
			assert.Contains(t, msg, tt.want)
			assert.NotContains(t, msg, "/work/", "no file-system paths")
			assert.NotContains(t, msg, "/tmp/", "no file-system paths")
			if tt.status == 405 {
				assert.NotEmpty(t, r.header.Get("Allow"))
			}
		})
	}
	// The server keeps serving after the runaway query was stopped.
	r := get(t, srv, "/healthz")
	assert.Equal(t, http.StatusOK, r.status)
}

// TestRunawayQueryDoesNotBlock runs a Gizmo infinite loop and, while it
// runs, asks for /healthz and the tracker: on bolt, readers run in
// parallel. The loop is then stopped at its timeout.
func TestRunawayQueryDoesNotBlock(t *testing.T) {
	s := MustFixtureStore(t, graph.Options{Backend: graph.BackendBolt, Path: filepath.Join(t.TempDir(), "store")})
	srv := httptest.NewServer(web.Handler(s, web.Config{QueryTimeout: 3 * time.Second}))
	t.Cleanup(srv.Close)

	done := make(chan response, 1)
	go func() { done <- do(t, srv, "POST", "/api/query", queryBody("gizmo", "while(true){}", 0), nil) }()
	time.Sleep(100 * time.Millisecond) // let the loop start
	for _, p := range []string{"/healthz", "/api/tracker"} {
		r := get(t, srv, p)
		assert.Equal(t, http.StatusOK, r.status, p)
	}
	select {
	case r := <-done:
		t.Fatalf("the runaway query ended before the other requests were answered: %d %s", r.status, r.body)
	default:
	}
	start := time.Now()
	r := <-done
	assert.Equal(t, http.StatusGatewayTimeout, r.status, r.body)
	assert.Contains(t, errorOf(t, r), "timed out after 3s")
	t.Logf("runaway query answered %s after the other requests", time.Since(start).Round(time.Millisecond))
	assert.Equal(t, http.StatusOK, get(t, srv, "/healthz").status)
}

// TestInternalErrorsHidePaths closes a bolt store under the server: the
// answer is a plain 500 naming no file.
func TestInternalErrorsHidePaths(t *testing.T) {
	dir := t.TempDir()
	s := MustFixtureStore(t, graph.Options{Backend: graph.BackendBolt, Path: filepath.Join(dir, "store")})
	var logs bytes.Buffer
	var mu sync.Mutex
	srv := httptest.NewServer(web.Handler(s, web.Config{Logger: newLogger(&logs, &mu)}))
	t.Cleanup(srv.Close)
	require.NoError(t, s.Close())
	for _, p := range []string{"/healthz", "/api/tracker", "/api/ask/banned", "/api/entities", "/api/export?format=nquads"} {
		r := get(t, srv, p)
		if r.status == http.StatusOK {
			continue // a backend may still answer from what it holds
		}
		msg := errorOf(t, r)
		assert.NotContains(t, msg, dir, p)
		if r.status == http.StatusInternalServerError {
			assert.Equal(t, "internal error", msg, p)
		}
	}
}

func TestConcurrentRequests(t *testing.T) {
	srv := MustFixtureServer(t, web.Config{})
	var wg sync.WaitGroup
	errs := make(chan string, 48)
	paths := []string{"/api/tracker", "/api/ask/banned", "/api/entities/italy/neighbourhood", "/healthz", "/", "/api/export?format=gml"}
	for i := 0; i < 48; i++ {
		wg.Add(1)
		go func(path string) {
			defer wg.Done()
			res, err := srv.Client().Get(srv.URL + path)
			if err != nil {
				errs <- err.Error()
				return
			}
			_, _ = io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				errs <- path + ": " + res.Status
			}
		}(paths[i%len(paths)])
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestToken(t *testing.T) {
	srv := MustFixtureServer(t, web.Config{Token: "s3cret"})
	tests := []struct {
		name, path string
		header     map[string]string
		status     int
	}{
		{"no token", "/api/tracker", nil, 401},
		{"wrong token", "/api/tracker", map[string]string{"Authorization": "Bearer nope"}, 401},
		{"token without scheme", "/api/tracker", map[string]string{"Authorization": "s3cret"}, 401},
		{"basic scheme", "/api/tracker", map[string]string{"Authorization": "Basic s3cret"}, 401},
		{"prefix of the token", "/api/tracker", map[string]string{"Authorization": "Bearer s3c"}, 401},
		{"good token", "/api/tracker", map[string]string{"Authorization": "Bearer s3cret"}, 200},
		{"scheme is case-insensitive", "/api/ask/banned", map[string]string{"Authorization": "bearer s3cret"}, 200},
		{"unknown endpoint needs the token too", "/api/nothing", nil, 401},
		{"query needs the token", "/api/query", nil, 401},
		{"export needs the token", "/api/export?format=dot", nil, 401},
		{"health needs no token", "/healthz", nil, 200},
		{"stats need the token", "/api/stats", nil, 401},
		{"the page needs no token", "/", nil, 200},
		{"any host with a token", "/api/tracker", map[string]string{"Authorization": "Bearer s3cret", "Host": "policygraph.example.org"}, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := do(t, srv, http.MethodGet, tt.path, "", tt.header)
			assert.Equal(t, tt.status, r.status, r.body)
			if tt.status == 401 {
				assert.Contains(t, errorOf(t, r), "bearer token")
				assert.Contains(t, r.header.Get("WWW-Authenticate"), "Bearer")
			}
		})
	}
}

func TestCheckAddr(t *testing.T) {
	tests := []struct {
		addr, token string
		exposed     bool
	}{
		{"127.0.0.1:8080", "", false},
		{"127.0.0.2:8080", "", false},
		{"[::1]:8080", "", false},
		{"localhost:8080", "", false},
		{"0.0.0.0:8080", "", true},
		{":8080", "", true},
		{"[::]:8080", "", true},
		{"192.168.1.10:8080", "", true},
		{"example.org:8080", "", true},
		{"0.0.0.0:8080", "tok", false}, // token strength is CheckToken's
	}
	for _, tt := range tests {
		t.Run(tt.addr+"/"+tt.token, func(t *testing.T) {
			err := web.CheckAddr(tt.addr, tt.token)
			if tt.exposed {
				assert.ErrorIs(t, err, web.ErrExposed)
			} else {
				assert.NoError(t, err)
			}
		})
	}
	assert.Error(t, web.CheckAddr("8080", ""), "no port separator")
}

// TestServe runs the real server on a free loopback port and stops it by
// cancelling its context.
func TestServe(t *testing.T) {
	s := MustFixtureStore(t, graph.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addrc := make(chan string, 1)
	errc := make(chan error, 1)
	go func() {
		errc <- web.Serve(ctx, s, web.Config{Addr: "127.0.0.1:0"}, func(a string) { addrc <- a })
	}()
	var addr string
	select {
	case addr = <-addrc:
	case err := <-errc:
		t.Fatal(err)
	}
	res, err := http.Get("http://" + addr + "/healthz")
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusOK, res.StatusCode)

	cancel()
	require.NoError(t, <-errc, "graceful shutdown")
	_, err = http.Get("http://" + addr + "/healthz")
	assert.Error(t, err, "the server has stopped")

	err = web.Serve(context.Background(), s, web.Config{Addr: "0.0.0.0:0"}, nil)
	assert.True(t, errors.Is(err, web.ErrExposed), "%v", err)
	srv := web.NewServer(s, web.Config{})
	assert.NotZero(t, srv.ReadHeaderTimeout)
	assert.NotZero(t, srv.ReadTimeout)
	assert.NotZero(t, srv.WriteTimeout)
	assert.NotZero(t, srv.IdleTimeout)
}

func FuzzAPIParams(f *testing.F) {
	f.Add("banned", "as-of", "2019-03-01")
	f.Add("stance", "country", "Italy")
	f.Add("pressured", "by", "U.S.")
	f.Add("../x", "%00", "\xff")
	h := web.Handler(MustFixtureStore(f, graph.Options{}), web.Config{QueryTimeout: 200 * time.Millisecond})
	f.Fuzz(func(t *testing.T, name, key, value string) {
		for _, path := range []string{"/api/ask/" + name, "/api/tracker", "/api/entities/" + name + "/neighbourhood", "/api/export"} {
			req := httptest.NewRequest("GET", "/", nil)
			req.Host = "127.0.0.1:8080" // httptest's example.com is not loopback
			req.URL.Path = path
			q := req.URL.Query()
			q.Set(key, value)
			req.URL.RawQuery = q.Encode()
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code >= 500 || rec.Code == http.StatusMisdirectedRequest {
				t.Fatalf("%s?%s=%s: status %d: %s", path, key, value, rec.Code, rec.Body.String())
			}
			if !json.Valid(rec.Body.Bytes()) && rec.Header().Get("Content-Disposition") == "" && rec.Code/100 != 3 { // the mux redirects unclean paths
				t.Fatalf("%s?%s=%s: status %d: answer is not JSON: %q", path, key, value, rec.Code, rec.Body.String())
			}
		}
	})
}

// lockedWriter is an io.Writer safe for the server's goroutines.
type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func newLogger(w io.Writer, mu *sync.Mutex) *slog.Logger {
	return slog.New(slog.NewTextHandler(lockedWriter{mu, w}, nil))
}
