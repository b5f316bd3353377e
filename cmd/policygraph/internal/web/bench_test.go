package web_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/policygraph/policygraph/cmd/policygraph/internal/web"
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
