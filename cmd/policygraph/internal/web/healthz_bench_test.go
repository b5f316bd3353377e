package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/policygraph/policygraph/cmd/policygraph/internal/web"
)

// BenchmarkHealthz measures GET /healthz over loopback HTTP, one request
// after another, on a bolt store of POLICYGRAPH_BENCH_ARTICLES articles
// (default 2,000; see MustLargeStore): on an idle server, and while eight
// other clients keep every work slot busy with /api/tracker and long
// N-Quads exports. It reports requests/s and the 50th and 99th percentile
// latency. POLICYGRAPH_LOAD_URL measures a running `policygraph serve`
// instead (see BenchmarkTrackerLoad, which can load it meanwhile).
//
//	go test ./cmd/policygraph/internal/web -run - -bench Healthz -benchtime 2000x
func BenchmarkHealthz(b *testing.B) {
	base := os.Getenv("POLICYGRAPH_LOAD_URL")
	if base == "" {
		n := 2000
		if v, err := strconv.Atoi(os.Getenv("POLICYGRAPH_BENCH_ARTICLES")); err == nil && v > 0 {
			n = v
		}
		srv := httptest.NewServer(web.Handler(MustLargeStore(b, n), web.Config{}))
		b.Cleanup(srv.Close)
		base = srv.URL
	}
	get := func(client *http.Client, path string) error {
		res, err := client.Get(base + path)
		if err != nil {
			return err
		}
		_, err = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if err == nil && res.StatusCode != http.StatusOK {
			b.Errorf("%s: %s", path, res.Status)
		}
		return err
	}
	for _, busy := range []bool{false, true} {
		name := "idle"
		if busy {
			name = "busy"
		}
		b.Run(name, func(b *testing.B) {
			ctx, stop := context.WithCancel(context.Background())
			var wg sync.WaitGroup
			if busy {
				others := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 8}}
				for i := range 8 {
					path := "/api/tracker"
					if i%2 == 1 {
						path = "/api/export?format=nquads"
					}
					wg.Add(1)
					go func() {
						defer wg.Done()
						for ctx.Err() == nil {
							_ = get(others, path)
						}
					}()
				}
				time.Sleep(200 * time.Millisecond) // let them fill the slots
			}
			client := &http.Client{Timeout: 30 * time.Second}
			lats := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			start := time.Now()
			for range b.N {
				t0 := time.Now()
				if err := get(client, "/healthz"); err != nil {
					b.Fatal(err)
				}
				lats = append(lats, time.Since(t0))
			}
			elapsed := time.Since(start)
			b.StopTimer()
			stop()
			wg.Wait()
			reportLatencies(b, lats, elapsed)
		})
	}
}
