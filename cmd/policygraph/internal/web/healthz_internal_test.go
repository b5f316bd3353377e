package web

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/cayleygraph/quad"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/policygraph/policygraph/domain"
	"github.com/policygraph/policygraph/graph"
)

// serveAsync answers a request in the background; the channel gets its
// status when it is done.
func serveAsync(h http.Handler, path string) <-chan int {
	done := make(chan int, 1)
	go func() {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.Host = "127.0.0.1:8080"
		h.ServeHTTP(rec, req)
		done <- rec.Code
	}()
	return done
}

// /healthz answers while long reads hold the store: every work slot taken,
// and the in-memory store's reader lock held by a read that does not end
// (a stalled export). A store question meanwhile waits.
func TestHealthzAnswersWhileReadsHoldTheStore(t *testing.T) {
	ctx := context.Background()
	s, err := graph.Open(ctx, graph.Options{Backend: graph.BackendMemstore})
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	_, err = s.Write(ctx, []graph.Extraction{{
		Article: graph.Article{ID: "a1.txt", Title: "A", Published: "2020-01-02", Hash: "h"},
		Facts: []domain.Fact{{Article: "a1.txt", Subject: "Italy", SubjectType: domain.Country, Relation: domain.Banned,
			Target: "Huawei", Modality: domain.Asserted, Confidence: 0.9, Sentence: "Italy banned Huawei.", End: 20}},
	}})
	require.NoError(t, err)
	h := newHandler(s, Config{})

	release := make(chan struct{})
	defer close(release)
	held := make(chan struct{}, cap(h.work)+1)
	for range cap(h.work) {
		go func() {
			_ = h.read(ctx, func() error { held <- struct{}{}; <-release; return nil })
		}()
	}
	go func() {
		_ = s.EachQuad(ctx, func(quad.Quad) error { held <- struct{}{}; <-release; return errReleased })
	}()
	for range cap(h.work) + 1 {
		<-held
	}

	tracker := serveAsync(h, "/api/tracker")
	select {
	case code := <-serveAsync(h, "/healthz"):
		assert.Equal(t, http.StatusOK, code)
	case <-time.After(10 * time.Second):
		t.Fatal("/healthz waited for the store")
	}
	select {
	case code := <-tracker:
		t.Fatalf("/api/tracker answered (%d) while the store was held: the test holds nothing", code)
	case <-time.After(100 * time.Millisecond):
	}
}

var errReleased = errors.New("released")
