package web_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/policygraph/policygraph/cmd/policygraph/internal/web"
	"github.com/policygraph/policygraph/graph"
)

// BenchmarkAPI measures the handler (no network) on the fixture store, per
// backend and endpoint.
func BenchmarkAPI(b *testing.B) {
	paths := []string{"/healthz", "/api/tracker", "/api/ask/banned", "/api/entities/italy/neighbourhood", "/api/export?format=graphml", "/app.js"}
	for backend, opts := range backends(b) {
		h := web.Handler(MustFixtureStore(b, opts), web.Config{})
		for _, p := range paths {
			b.Run(backend+p, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					rec := httptest.NewRecorder()
					req := httptest.NewRequest(http.MethodGet, p, nil)
					req.Host = "127.0.0.1:8080"
					h.ServeHTTP(rec, req)
					if rec.Code != http.StatusOK {
						b.Fatalf("%s: %d %s", p, rec.Code, rec.Body.String())
					}
				}
				b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
			})
		}
	}
}

// BenchmarkTrackerLoad is a bounded load generator: 200 clients (closed
// loop: each sends its next request when the last is answered) ask for
// /api/tracker over loopback HTTP, and it reports requests/s, the median
// and 99th percentile latency, and the server's resident set before and
// after. Run it for 20 s with
//
//	go test ./cmd/policygraph/internal/web -run - -bench TrackerLoad -benchtime 20s
//
// Against a running `policygraph serve`, set POLICYGRAPH_LOAD_URL to its
// base URL and POLICYGRAPH_LOAD_PID to its process ID (for the RSS);
// otherwise it serves the fixture from a bolt store in this process.
// POLICYGRAPH_LOAD_PATH asks for another path than /api/tracker.
func BenchmarkTrackerLoad(b *testing.B) {
	const clients = 200
	base, pid := os.Getenv("POLICYGRAPH_LOAD_URL"), os.Getenv("POLICYGRAPH_LOAD_PID")
	if base == "" {
		s := MustFixtureStore(b, graph.Options{Backend: graph.BackendBolt, Path: filepath.Join(b.TempDir(), "store")})
		srv := httptest.NewServer(web.Handler(s, web.Config{}))
		b.Cleanup(srv.Close)
		base, pid = srv.URL, "self"
	}
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}}
	b.Cleanup(client.CloseIdleConnections)
	path := os.Getenv("POLICYGRAPH_LOAD_PATH")
	if path == "" {
		path = "/api/tracker"
	}
	url := base + path
	rssBefore := rssMB(pid)
	var (
		mu   sync.Mutex
		lats []time.Duration
		errs atomic.Int64
	)
	b.SetParallelism((clients + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0))
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		var mine []time.Duration
		for pb.Next() {
			t0 := time.Now()
			res, err := client.Get(url)
			if err == nil {
				_, err = io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != http.StatusOK {
					err = fmt.Errorf("%s", res.Status)
				}
			}
			if err != nil {
				errs.Add(1)
				continue
			}
			mine = append(mine, time.Since(t0))
		}
		mu.Lock()
		lats = append(lats, mine...)
		mu.Unlock()
	})
	elapsed := time.Since(start)
	b.StopTimer()
	if n := errs.Load(); n > 0 {
		b.Fatalf("%d of %d requests failed", n, b.N)
	}
	reportLatencies(b, lats, elapsed)
	b.ReportMetric(rssBefore, "rss-before-MB")
	b.ReportMetric(rssMB(pid), "rss-after-MB")
}

// reportLatencies reports the request rate over elapsed and the median and
// 99th-percentile latencies of lats (sorted in place).
func reportLatencies(b *testing.B, lats []time.Duration, elapsed time.Duration) {
	slices.Sort(lats)
	pct := func(p float64) float64 {
		if len(lats) == 0 {
			return 0
		}
		return float64(lats[min(len(lats)-1, int(p*float64(len(lats))))].Microseconds()) / 1000
	}
	b.ReportMetric(float64(len(lats))/elapsed.Seconds(), "req/s")
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
}

// rssMB is the resident set of a process ("self" for this one) in MB, or 0.
func rssMB(pid string) float64 {
	if pid == "" {
		return 0
	}
	data, err := os.ReadFile("/proc/" + pid + "/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}
