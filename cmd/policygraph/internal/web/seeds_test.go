package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/policygraph/policygraph/cmd/policygraph/internal/web"
	"github.com/policygraph/policygraph/extract"
	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/ingest"
)

// MustSeedStore ingests the seed corpus (../../../../seeds, read in place)
// into a memstore with the real extractor.
func MustSeedStore(tb testing.TB) *graph.Store {
	tb.Helper()
	ctx := context.Background()
	s, err := graph.Open(ctx, graph.Options{Backend: graph.BackendMemstore})
	require.NoError(tb, err)
	tb.Cleanup(func() { _ = s.Close() })
	ex, err := extract.New(extract.Options{})
	require.NoError(tb, err)
	seeds, err := filepath.Abs("../../../../seeds")
	require.NoError(tb, err)
	_, err = ingest.Run(ctx, s, ex, []string{seeds}, ingest.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	require.NoError(tb, err)
	return s
}

// MustSeedServer serves the seed corpus.
func MustSeedServer(tb testing.TB, cfg web.Config) *httptest.Server {
	tb.Helper()
	srv := httptest.NewServer(web.Handler(MustSeedStore(tb), cfg))
	tb.Cleanup(srv.Close)
	return srv
}
