package ingest_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/policygraph/policygraph/corpus"
	"github.com/policygraph/policygraph/domain"
	"github.com/policygraph/policygraph/ingest"
)

// streamed is what Stream passed to fn, one line per input.
func streamed(t *testing.T, dir string, opts ingest.StreamOptions) []string {
	t.Helper()
	var got []string
	require.NoError(t, ingest.Stream(context.Background(), MustExtractor(t), []string{dir}, opts, func(x *ingest.Extracted) error {
		if x.Problem != nil {
			got = append(got, "skipped "+x.Problem.String())
			return nil
		}
		line := x.Article.ID
		for _, f := range x.Facts {
			line += " " + f.Subject + ":" + string(f.Relation)
		}
		if opts.Render != nil {
			line += " | " + string(x.Rendered)
		}
		got = append(got, line)
		return nil
	}))
	return got
}

// TestStreamKeepsCorpusOrderOnAllWorkers: whatever the number of workers,
// Stream hands over every input in the order the corpus is read, with the
// facts ingest would store, problems in their place.
func TestStreamKeepsCorpusOrderOnAllWorkers(t *testing.T) {
	dir := MustCorpus(t, 120)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "synth-0000050b.txt"), []byte{0, 1, 2}, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "synth-0000090b.txt"), []byte(factSentences(3)), 0o644))
	ex := MustExtractor(t)

	var want []string
	require.NoError(t, corpus.Walk(context.Background(), []string{dir}, corpus.Options{}, func(a corpus.Article) error {
		x, err := ingest.Prepare(ex, a)
		require.NoError(t, err)
		line := a.ID
		for _, f := range x.Facts {
			line += " " + f.Subject + ":" + string(f.Relation)
		}
		want = append(want, line)
		return nil
	}, func(p corpus.Problem) { want = append(want, "skipped "+p.String()) }))
	require.Len(t, want, 122)
	assert.Contains(t, want[51], "skipped ")

	for _, workers := range []int{1, 2, 7} {
		got := streamed(t, dir, ingest.StreamOptions{Workers: workers})
		assert.Equal(t, want, got, "%d workers", workers)
	}
	rendered := streamed(t, dir, ingest.StreamOptions{Workers: 3, Render: func(dst []byte, a *corpus.Article, facts []domain.Fact) ([]byte, error) {
		return append(dst, strings.ToUpper(a.ID)...), nil
	}})
	for i, line := range rendered {
		if !strings.HasPrefix(line, "skipped ") {
			id, _, _ := strings.Cut(line, " ")
			assert.True(t, strings.HasSuffix(line, " | "+strings.ToUpper(id)), "line %d: %s", i, line)
		}
	}
}

// TestStreamAppliesIngestLimits: an article over a limit is a problem of
// its own; one with too many facts keeps the first ones.
func TestStreamAppliesIngestLimits(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a.txt"), []byte(factSentences(40)), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "b.txt"), []byte(factSentences(200)), 0o644))
	var got []*ingest.Extracted
	require.NoError(t, ingest.Stream(context.Background(), MustExtractor(t), []string{dir}, ingest.StreamOptions{
		Limits: ingest.Limits{MaxFacts: 5, MaxTextBytes: 8000},
	}, func(x *ingest.Extracted) error {
		got = append(got, x)
		return nil
	}))
	require.Len(t, got, 2)
	assert.Len(t, got[0].Facts, 5)
	assert.Equal(t, 35, got[0].Dropped)
	require.NotNil(t, got[1].Problem)
	assert.Equal(t, filepath.Join(dir, "b.txt"), got[1].Problem.Path)
	assert.Contains(t, got[1].Problem.Reason, "text too large")
	assert.Equal(t, "b.txt", got[1].Article.ID)
}

// TestStreamStopsOnTheFirstError: fn's error ends the stream, with no
// goroutine left behind; so does a cancelled context.
func TestStreamStopsOnTheFirstError(t *testing.T) {
	dir := MustCorpus(t, 200)
	ex := MustExtractor(t)
	before := runtime.NumGoroutine()
	stop := errors.New("stop")
	calls := 0
	err := ingest.Stream(context.Background(), ex, []string{dir}, ingest.StreamOptions{Workers: 4}, func(*ingest.Extracted) error {
		calls++
		if calls == 10 {
			return stop
		}
		return nil
	})
	require.ErrorIs(t, err, stop)
	assert.Equal(t, 10, calls)

	ctx, cancel := context.WithCancel(context.Background())
	calls = 0
	err = ingest.Stream(ctx, ex, []string{dir}, ingest.StreamOptions{Workers: 2}, func(*ingest.Extracted) error {
		calls++
		if calls == 5 {
			cancel()
		}
		return nil
	})
	require.ErrorIs(t, err, context.Canceled)
	assert.Less(t, calls, 200)
	// Stream waits for its goroutines; a moment for them to be gone.
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	assert.LessOrEqual(t, runtime.NumGoroutine(), before, "goroutines left behind")
}
