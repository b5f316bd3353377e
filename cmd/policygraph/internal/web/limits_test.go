package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/policygraph/policygraph/cmd/policygraph/internal/web"
	"github.com/policygraph/policygraph/graph"
)

// heapInUse is the live heap after a full collection.
func heapInUse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// TestHostileQueries sends the queries of issue 14 that got the server
// OOM-killed. Under a 64 MiB budget and a timeout long enough that only the
// memory bound can stop them, each gets a JSON 507 naming the bound; the
// server then still answers /healthz and a normal query, and its heap is
// back near where it was.
func TestHostileQueries(t *testing.T) {
	if testing.Short() && raceEnabled {
		t.Skip("the race detector's shadow memory makes heap growth slow: covered without -race")
	}
	s := MustFixtureStore(t, graph.Options{Backend: graph.BackendBolt, Path: filepath.Join(t.TempDir(), "store")})
	srv := httptest.NewServer(web.Handler(s, web.Config{QueryTimeout: 2 * time.Minute, MaxMemory: 64 << 20}))
	t.Cleanup(srv.Close)
	hostile := []struct{ name, query, want string }{
		{"doubling string", `var s="x"; while(true) s+=s;`, "more than 64 MiB"},
		{"deep recursion", `function f(){f()} f()`, "64 MiB"},
		{"filled array", `var a=[]; for(var i=0;;i++) a.push("item "+i);`, "more than 64 MiB"},
		{"arrays of a million", `var a=[]; while(true) a.push(new Array(1e6))`, "more than 64 MiB"},
	}
	for _, tt := range hostile {
		t.Run(tt.name, func(t *testing.T) {
			before := heapInUse()
			r := do(t, srv, "POST", "/api/query", queryBody("gizmo", tt.query, 0), nil)
			assert.Equal(t, http.StatusInsufficientStorage, r.status, r.body)
			msg := errorOf(t, r)
			assert.Contains(t, msg, "too much memory")
			assert.Contains(t, msg, tt.want)

			assert.Equal(t, http.StatusOK, get(t, srv, "/healthz").status)
			ok := do(t, srv, "POST", "/api/query", queryBody("gizmo", vetoQuery, 0), nil)
			assert.Equal(t, http.StatusOK, ok.status, ok.body)
			assert.Contains(t, ok.body, "fastweb-huawei-5g-deal")
			after := heapInUse()
			t.Logf("%s: heap %d MiB before, %d MiB after", tt.name, before>>20, after>>20)
			assert.Less(t, after, before+32<<20, "the query's memory is released")
		})
	}
}

// TestQueryConcurrencyLimit sends four runaway queries at once to a server
// that runs one and queues one: the others are refused with 429 and a
// Retry-After, and the server keeps answering.
func TestQueryConcurrencyLimit(t *testing.T) {
	s := MustFixtureStore(t, graph.Options{Backend: graph.BackendBolt, Path: filepath.Join(t.TempDir(), "store")})
	srv := httptest.NewServer(web.Handler(s, web.Config{QueryTimeout: 2 * time.Second, MaxQueries: 1, QueryQueue: 1}))
	t.Cleanup(srv.Close)
	const n = 4
	var wg sync.WaitGroup
	res := make(chan response, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res <- do(t, srv, "POST", "/api/query", queryBody("gizmo", "while(true){}", 0), nil)
		}()
	}
	wg.Wait()
	close(res)
	counts := map[int]int{}
	for r := range res {
		counts[r.status]++
		switch r.status {
		case http.StatusTooManyRequests:
			assert.Equal(t, "2", r.header.Get("Retry-After"))
			assert.Contains(t, errorOf(t, r), "too many raw queries")
		case http.StatusGatewayTimeout:
		default:
			t.Errorf("unexpected answer %d %s", r.status, r.body)
		}
	}
	assert.GreaterOrEqual(t, counts[http.StatusTooManyRequests], n-2, "one runs, one waits, the others are refused: %v", counts)
	assert.GreaterOrEqual(t, counts[http.StatusGatewayTimeout], 1, "%v", counts)
	ok := do(t, srv, "POST", "/api/query", queryBody("gizmo", vetoQuery, 0), nil)
	assert.Equal(t, http.StatusOK, ok.status, "a slot is free again: %s", ok.body)
}

// TestQueryResultBytes cuts the answer at the byte bound, and says so.
func TestQueryResultBytes(t *testing.T) {
	srv := MustFixtureServer(t, web.Config{MaxResultBytes: 10_000})
	q := `for (var i = 0; i < 100; i++) g.Emit("` + strings.Repeat("x", 1000) + `")`
	r := do(t, srv, "POST", "/api/query", queryBody("gizmo", q, 0), nil)
	require.Equal(t, http.StatusOK, r.status, r.body)
	assert.Contains(t, r.body, `"truncated":true`)
	assert.Contains(t, r.body, `"truncated_reason":"limit of 10000 bytes of results"`)
	assert.Less(t, len(r.body), 11_000)
}

// writeLog is a ResponseWriter that records the size of every write.
type writeLog struct {
	header http.Header
	status int
	writes []int
	total  int
}

func (w *writeLog) Header() http.Header { return w.header }
func (w *writeLog) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
}
func (w *writeLog) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	w.writes = append(w.writes, len(p))
	w.total += len(p)
	return len(p), nil
}

// TestExportStreams checks that an export is written as it is produced,
// not built whole in memory first: no single write holds more than a small
// part of it.
func TestExportStreams(t *testing.T) {
	s := MustFixtureStore(t, graph.Options{Backend: graph.BackendBolt, Path: filepath.Join(t.TempDir(), "store")})
	h := web.Handler(s, web.Config{})
	w := &writeLog{header: http.Header{}}
	req := httptest.NewRequest(http.MethodGet, "/api/export?format=nquads", nil).WithContext(context.Background())
	req.Host = "127.0.0.1:8080"
	h.ServeHTTP(w, req)
	require.Equal(t, http.StatusOK, w.status)
	assert.Contains(t, w.header.Get("Content-Type"), "n-quads")
	assert.Empty(t, w.header.Get("Content-Length"), "streamed: the length is not known up front")
	require.NotEmpty(t, w.writes)
	peak := 0
	for _, n := range w.writes {
		peak = max(peak, n)
	}
	t.Logf("%d bytes in %d writes, the largest %d", w.total, len(w.writes), peak)
	assert.Less(t, peak, w.total/4, "the export is streamed")
}

func TestCheckToken(t *testing.T) {
	tests := []struct {
		token, want string
	}{
		{"", ""},
		{"9f86d081884c7d659a2feaa0c55ad015", ""},
		{"x", "1 characters, at least 16"},
		{" ", "spaces"},
		{"                    ", "spaces"},
		{"correct horse battery staple", "spaces"},
		{"aaaaaaaaaaaaaaaaaaaa", "one character repeated"},
		{"s3cret", "6 characters"},
	}
	for _, tt := range tests {
		err := web.CheckToken(tt.token)
		if tt.want == "" {
			assert.NoError(t, err, tt.token)
			continue
		}
		require.ErrorIs(t, err, web.ErrWeakToken, "%q", tt.token)
		assert.Contains(t, err.Error(), tt.want)
	}
	err := web.Serve(context.Background(), MustFixtureStore(t, graph.Options{}), web.Config{Addr: "0.0.0.0:0", Token: "x"}, nil)
	assert.ErrorIs(t, err, web.ErrWeakToken, "Serve refuses it too")
}
