package ingest_test

import (
	"context"
	"github.com/cayleygraph/cayley"
	cgraph "github.com/cayleygraph/cayley/graph"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/cayleygraph/quad"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/policygraph/policygraph/corpus"
	"github.com/policygraph/policygraph/extract"
	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/ingest"
	"github.com/policygraph/policygraph/internal/pgtest"
	"github.com/policygraph/policygraph/synth"
)

// MustFreshDatabase creates a throw-away PostgreSQL database.
var MustFreshDatabase = pgtest.MustFreshDatabase

func MustCorpus(tb testing.TB, n int) string {
	tb.Helper()
	dir := filepath.Join(tb.TempDir(), "corpus")
	_, err := synth.Write(dir, synth.Options{Articles: n, Seed: 42})
	require.NoError(tb, err)
	return dir
}

func MustExtractor(tb testing.TB) *extract.Extractor {
	tb.Helper()
	ex, err := extract.New(extract.Options{})
	require.NoError(tb, err)
	return ex
}

func MustStore(tb testing.TB, opts graph.Options) *graph.Store {
	tb.Helper()
	s, err := graph.Open(context.Background(), opts)
	require.NoError(tb, err)
	tb.Cleanup(func() { _ = s.Close() })
	return s
}

func allQuads(t *testing.T, s *graph.Store) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	require.NoError(t, s.EachQuad(context.Background(), func(q quad.Quad) error {
		out[q.String()] = true
		return nil
	}))
	return out
}

// TestInterruptAndResume cancels an ingest mid-run (as Ctrl-C does), then
// runs it again: the result equals a one-shot ingest.
func TestInterruptAndResume(t *testing.T) {
	dir := MustCorpus(t, 300)
	ex := MustExtractor(t)
	ctx := context.Background()

	oneShot := MustStore(t, graph.Options{Backend: graph.BackendMemstore})
	want, err := ingest.Run(ctx, oneShot, ex, []string{dir}, ingest.Options{})
	require.NoError(t, err)
	require.Equal(t, 300, want.New)

	s := MustStore(t, graph.Options{Backend: graph.BackendBolt, Path: filepath.Join(t.TempDir(), "store")})
	cctx, cancel := context.WithCancel(ctx)
	var once sync.Once
	first, err := ingest.Run(cctx, s, ex, []string{dir}, ingest.Options{BatchQuads: 500, Progress: func(p ingest.Progress) {
		if p.Done >= 60 {
			once.Do(cancel)
		}
	}})
	require.ErrorIs(t, err, context.Canceled)
	assert.Less(t, first.Articles(), 300, "stopped early")
	assert.Positive(t, first.Articles(), "the current batch was written")

	second, err := ingest.Run(ctx, s, ex, []string{dir}, ingest.Options{})
	require.NoError(t, err)
	assert.Equal(t, 300, second.New+second.Unchanged)
	assert.Equal(t, first.New, second.Unchanged, "what was stored is not redone")

	a, err := oneShot.Stats(ctx)
	require.NoError(t, err)
	b, err := s.Stats(ctx)
	require.NoError(t, err)
	assert.Equal(t, a, b)
	assert.Equal(t, allQuads(t, oneShot), allQuads(t, s))
}

// TestShardsGiveTheSameGraph ingests a corpus as disjoint shards, concurrently,
// each through its own store handle (for PostgreSQL: its own connection),
// and compares with a single ingest.
func TestShardsGiveTheSameGraph(t *testing.T) {
	dir := MustCorpus(t, 120)
	ex := MustExtractor(t)
	ctx := context.Background()
	single := MustStore(t, graph.Options{Backend: graph.BackendMemstore})
	_, err := ingest.Run(ctx, single, ex, []string{dir}, ingest.Options{})
	require.NoError(t, err)

	url := os.Getenv("POLICYGRAPH_TEST_POSTGRES")
	if url == "" {
		if os.Getenv("POLICYGRAPH_CI") != "" {
			t.Fatal("POLICYGRAPH_TEST_POSTGRES is required in CI")
		}
		t.Skip("skipping: POLICYGRAPH_TEST_POSTGRES not set (a PostgreSQL URL)")
	}
	pg := MustFreshDatabase(t, url)
	const n = 3
	var wg sync.WaitGroup
	errs := make([]error, n)
	total := make([]ingest.Summary, n)
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			<-start // every shard opens the new database at the same moment
			s, err := graph.Open(ctx, graph.Options{Backend: graph.BackendPostgres, Path: pg})
			if err != nil {
				errs[i] = err
				return
			}
			defer s.Close()
			total[i], errs[i] = ingest.Run(ctx, s, ex, []string{dir}, ingest.Options{Shard: i, Shards: n, BatchQuads: 2000})
		}(i)
	}
	close(start)
	wg.Wait()
	sum := 0
	for i := range n {
		require.NoError(t, errs[i], "shard %d", i)
		sum += total[i].New
	}
	assert.Equal(t, 120, sum, "the shards are disjoint and cover the corpus")
	s := MustStore(t, graph.Options{Backend: graph.BackendPostgres, Path: pg})
	a, err := single.Stats(ctx)
	require.NoError(t, err)
	b, err := s.Stats(ctx)
	require.NoError(t, err)
	assert.Equal(t, a, b)
	assert.Equal(t, allQuads(t, single), allQuads(t, s))
	// The fact index the shards wrote together is the single process's.
	diffs, err := s.CheckIndex(ctx)
	require.NoError(t, err)
	assert.Empty(t, diffs)
	assert.Equal(t, allFacts(t, single), allFacts(t, s))
}

func allFacts(t *testing.T, s *graph.Store) []graph.IndexedFact {
	t.Helper()
	var out []graph.IndexedFact
	require.NoError(t, s.Facts(context.Background(), graph.AllFacts(), func(f graph.IndexedFact) error {
		out = append(out, f)
		return nil
	}))
	require.NotEmpty(t, out)
	return out
}

func TestInShard(t *testing.T) {
	counts := make([]int, 4)
	for i := range 1000 {
		id := "a" + strconv.Itoa(i)
		n := 0
		for s := range 4 {
			if ingest.InShard(id, s, 4) {
				counts[s]++
				n++
			}
		}
		assert.Equal(t, 1, n, "each article in exactly one shard")
	}
	for _, c := range counts {
		assert.InDelta(t, 250, c, 60)
	}
	assert.True(t, ingest.InShard("x", 0, 1))
}

func TestBadInputsDoNotStopTheBatch(t *testing.T) {
	dir := MustCorpus(t, 20)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "binary.txt"), []byte{0, 1, 2, 3}, 0o644))
	s := MustStore(t, graph.Options{Backend: graph.BackendMemstore})
	sum, err := ingest.Run(context.Background(), s, MustExtractor(t), []string{dir, "/no/such/dir"}, ingest.Options{})
	require.ErrorIs(t, err, ingest.ErrInputs)
	assert.Equal(t, 20, sum.New)
	assert.Equal(t, 2, sum.Skipped)
	require.Len(t, sum.Problems, 2)
}

// BenchmarkIngestVsCayley measures end-to-end ingest into bolt (extraction
// included) and, side by side, Cayley's own batched load of exactly the
// same quads (ApplyDeltas with IgnoreDup, 10,000 quads a transaction, or
// POLICYGRAPH_BENCH_CAYLEY_BATCH) into a fresh bolt store. The corpus size
// is POLICYGRAPH_BENCH_ARTICLES (default 2000). It reports both rates,
// their ratio, the disk the ingested store takes and the process's peak
// RSS during the first ingest (before the raw load's quads are prepared).
func BenchmarkIngestVsCayley(b *testing.B) {
	n := envInt("POLICYGRAPH_BENCH_ARTICLES", 2000)
	rawBatch := envInt("POLICYGRAPH_BENCH_CAYLEY_BATCH", 10000)
	dir := MustCorpus(b, n)
	ex := MustExtractor(b)

	var ingestSecs, rawSecs float64
	var stored, disk, peakRSS int64
	var quads []quad.Quad // prepared after the first ingest, whose peak RSS they would hide
	for b.Loop() {
		storeDir := filepath.Join(b.TempDir(), "ingest")
		secs, q := timedIngest(b, graph.Options{Backend: graph.BackendBolt, Path: storeDir}, ex, dir)
		ingestSecs, stored = ingestSecs+secs, q
		disk = dirBytes(b, storeDir)
		require.NoError(b, os.RemoveAll(storeDir))
		if quads == nil {
			peakRSS = maxRSS()
			quads = MustPreparedQuads(b, dir, ex)
		}
		// Cayley on its own: the same bolt options, rawBatch-quad batches.
		rawDir := filepath.Join(b.TempDir(), "raw")
		rawSecs += timedLoad(b, graph.BackendBolt, rawDir, cgraph.Options{"no_bloom": true}, quads, rawBatch)
		require.NoError(b, os.RemoveAll(rawDir))
	}
	runs := float64(b.N)
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(n)*runs/ingestSecs, "articles/s")
	b.ReportMetric(float64(stored)*runs/ingestSecs, "ingest-quads/s")
	b.ReportMetric(float64(stored)*runs/rawSecs, "cayley-quads/s")
	b.ReportMetric(rawSecs/ingestSecs*100, "%-of-cayley")
	b.ReportMetric(float64(ms.HeapSys)/(1<<20), "heap-MB")
	b.ReportMetric(float64(disk)/(1<<20), "disk-MB")
	b.ReportMetric(float64(peakRSS)/(1<<20), "ingest-peak-RSS-MB")
}

// TestBatchSizeDoesNotChangeTheGraph ingests one corpus in one batch and in
// many small ones, which the writer stores while the next fills: the
// graph, the fact index and the summary are the same.
func TestBatchSizeDoesNotChangeTheGraph(t *testing.T) {
	dir := MustCorpus(t, 150)
	ex := MustExtractor(t)
	ctx := context.Background()
	one := MustStore(t, graph.Options{Backend: graph.BackendBolt, Path: filepath.Join(t.TempDir(), "one")})
	sumOne, err := ingest.Run(ctx, one, ex, []string{dir}, ingest.Options{BatchQuads: 1 << 30})
	require.NoError(t, err)
	many := MustStore(t, graph.Options{Backend: graph.BackendBolt, Path: filepath.Join(t.TempDir(), "many")})
	batches := 0
	sumMany, err := ingest.Run(ctx, many, ex, []string{dir}, ingest.Options{BatchQuads: 300,
		Progress: func(p ingest.Progress) {
			if p.Problem == nil {
				batches++
			}
		}})
	require.NoError(t, err)
	assert.Greater(t, batches, 20, "small batches")
	assert.Equal(t, 150, sumOne.New)
	assert.Equal(t, 150, sumMany.New)
	assert.Equal(t, sumOne.Facts, sumMany.Facts)
	assert.Equal(t, sumOne.Bytes, sumMany.Bytes)
	assert.Equal(t, allQuads(t, one), allQuads(t, many))
	assert.Equal(t, allFacts(t, one), allFacts(t, many))
	a, err := one.Stats(ctx)
	require.NoError(t, err)
	b, err := many.Stats(ctx)
	require.NoError(t, err)
	assert.Equal(t, a, b)
}

// MustPreparedQuads returns the quads ingest writes for the corpus in dir,
// prepared in advance for a raw load.
func MustPreparedQuads(tb testing.TB, dir string, ex *extract.Extractor) []quad.Quad {
	tb.Helper()
	var quads []quad.Quad
	require.NoError(tb, corpus.Walk(context.Background(), []string{dir}, corpus.Options{}, func(a corpus.Article) error {
		x, err := ingest.Prepare(ex, a)
		if err != nil {
			return err
		}
		quads = append(quads, graph.ArticleQuads(x.Article, x.Facts)...)
		quads = append(quads, graph.EntityQuads(append(x.Entities, graph.FactEntities(x.Facts)...))...)
		return nil
	}, nil))
	return quads
}

// dirBytes returns the bytes the files under dir take on disk.
func dirBytes(tb testing.TB, dir string) int64 {
	tb.Helper()
	var n int64
	require.NoError(tb, filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err == nil {
			n += allocated(info)
		}
		return err
	}))
	return n
}

// envInt returns the positive integer in the environment variable name, or
// def.
func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// timedIngest ingests dir into a new store and returns the seconds the
// ingest took and the quads the store then holds.
func timedIngest(b *testing.B, opts graph.Options, ex *extract.Extractor, dir string) (float64, int64) {
	b.Helper()
	ctx := context.Background()
	s, err := graph.Open(ctx, opts)
	require.NoError(b, err)
	start := time.Now()
	_, err = ingest.Run(ctx, s, ex, []string{dir}, ingest.Options{Workers: envInt("POLICYGRAPH_BENCH_WORKERS", 0)})
	require.NoError(b, err)
	secs := time.Since(start).Seconds()
	st, err := s.Stats(ctx)
	require.NoError(b, err)
	require.NoError(b, s.Close())
	return secs, st.Quads
}

// timedLoad loads quads with Cayley alone (MustLoad) into a new store of
// the backend at path and returns the seconds it took.
func timedLoad(b *testing.B, backend, path string, opts cgraph.Options, quads []quad.Quad, batch int) float64 {
	b.Helper()
	require.NoError(b, cgraph.InitQuadStore(backend, path, nil))
	raw, err := cayley.NewGraph(backend, path, opts)
	require.NoError(b, err)
	start := time.Now()
	MustLoad(b, raw, quads, batch)
	secs := time.Since(start).Seconds()
	require.NoError(b, raw.Close())
	return secs
}

// MustLoad is Cayley's own batched load: ApplyDeltas of batch quads at a
// time, duplicates ignored.
func MustLoad(tb testing.TB, h *cayley.Handle, quads []quad.Quad, batch int) {
	tb.Helper()
	for rest := quads; len(rest) > 0; {
		n := min(batch, len(rest))
		deltas := make([]cgraph.Delta, n)
		for i, q := range rest[:n] {
			deltas[i] = cgraph.Delta{Quad: q, Action: cgraph.Add}
		}
		require.NoError(tb, h.QuadStore.ApplyDeltas(deltas, cgraph.IgnoreOpts{IgnoreDup: true}))
		rest = rest[n:]
	}
}

// BenchmarkIngestVsCayleyPostgres is BenchmarkIngestVsCayley on PostgreSQL
// (POLICYGRAPH_TEST_POSTGRES, a server URL; skipped without it): ingest
// end to end (extraction and fact index included) into a fresh database,
// and Cayley's own postgres backend loading exactly the same quads into
// another, 10k quads a transaction. The corpus size is
// POLICYGRAPH_BENCH_ARTICLES (default 1000).
func BenchmarkIngestVsCayleyPostgres(b *testing.B) {
	url := os.Getenv("POLICYGRAPH_TEST_POSTGRES")
	if url == "" {
		b.Skip("skipping: POLICYGRAPH_TEST_POSTGRES not set (a PostgreSQL URL)")
	}
	n := envInt("POLICYGRAPH_BENCH_ARTICLES", 1000)
	dir := MustCorpus(b, n)
	ex := MustExtractor(b)
	quads := MustPreparedQuads(b, dir, ex)

	var ingestSecs, rawSecs float64
	var stored int64
	for b.Loop() {
		secs, q := timedIngest(b, graph.Options{Backend: graph.BackendPostgres, Path: MustFreshDatabase(b, url)}, ex, dir)
		ingestSecs, stored = ingestSecs+secs, q
		rawSecs += timedLoad(b, graph.BackendPostgres, MustFreshDatabase(b, url), nil, quads, 10000)
	}
	runs := float64(b.N)
	b.ReportMetric(float64(n)*runs/ingestSecs, "articles/s")
	b.ReportMetric(float64(stored)*runs/ingestSecs, "ingest-quads/s")
	b.ReportMetric(float64(stored)*runs/rawSecs, "cayley-quads/s")
	b.ReportMetric(rawSecs/ingestSecs*100, "%-of-cayley")
}
