package graph

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/policygraph/policygraph/domain"
	"github.com/policygraph/policygraph/internal/pgtest"
)

// setFault installs a fault hook for one test.
func setFault(t *testing.T, hook func(point string) error) {
	t.Helper()
	faultHook = hook
	t.Cleanup(func() { faultHook = nil })
}

// crash closes a store's files the way a killed process leaves them:
// nothing is cleared or written on the way out.
func crash(t *testing.T, s *Store) {
	t.Helper()
	s.pages.stop()
	require.NoError(t, s.h.Close())
	require.NoError(t, s.index.kv.close())
}

var errCrash = errors.New("simulated crash")

func manyArticles(n int) []Extraction {
	out := make([]Extraction, n)
	countries := []string{"Italy", "France", "Spain", "Poland", "Canada"}
	for i := range out {
		c := countries[i%len(countries)]
		out[i] = extraction(fmt.Sprintf("a%02d.txt", i), fmt.Sprintf("h%d", i),
			domain.Fact{Subject: c, Relation: domain.Banned, Target: "Huawei", Modality: domain.Asserted, Sentence: fmt.Sprintf("%s banned Huawei (%d).", c, i)})
	}
	return out
}

// A rebuild killed halfway leaves an index marked incomplete: the next Open
// rebuilds it instead of answering from half of it.
func TestInterruptedRebuildIsRebuiltOnOpen(t *testing.T) {
	ctx := context.Background()
	for _, backend := range testBackends(t) {
		t.Run(backend.Backend, func(t *testing.T) {
			s, err := Open(ctx, backend)
			require.NoError(t, err)
			_, err = s.Write(ctx, manyArticles(12))
			require.NoError(t, err)
			require.NoError(t, s.Close())

			s, err = Open(ctx, backend)
			require.NoError(t, err)
			old := reindexBatch
			reindexBatch = 5
			t.Cleanup(func() { reindexBatch = old })
			setFault(t, func(point string) error {
				if point == "reindex: batch filed" {
					return errCrash
				}
				return nil
			})
			require.ErrorIs(t, s.Reindex(ctx), errCrash)
			done, err := s.index.complete(ctx)
			require.NoError(t, err)
			assert.False(t, done, "a rebuild in progress is marked incomplete")
			crash(t, s)
			faultHook = nil

			s, err = Open(ctx, backend)
			require.NoError(t, err)
			defer s.Close()
			mustAgree(t, s)
			st, err := s.Stats(ctx)
			require.NoError(t, err)
			assert.EqualValues(t, 12, st.Articles)
			assert.EqualValues(t, 12, st.Facts)
			empty, err := s.Empty(ctx)
			require.NoError(t, err)
			assert.False(t, empty)
		})
	}
}

// The empty-store check does not take an index that lists no article at
// its word: a store whose graph holds articles is not empty.
func TestEmptyAsksTheGraph(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, Options{Backend: BackendBolt, Path: filepath.Join(t.TempDir(), "store")})
	require.NoError(t, err)
	defer s.Close()
	empty, err := s.Empty(ctx)
	require.NoError(t, err)
	assert.True(t, empty, "a new store is empty")
	_, err = s.Write(ctx, manyArticles(3))
	require.NoError(t, err)
	// An index that lost its article list (a partial one).
	require.NoError(t, s.index.kv.update(ctx, func(tx kvTx) error {
		for i := range 3 {
			if err := tx.del(indexKey(keyNode, fmt.Sprintf("a%02d.txt", i))); err != nil {
				return err
			}
		}
		return nil
	}))
	empty, err = s.Empty(ctx)
	require.NoError(t, err)
	assert.False(t, empty)
}

// testBackends are bolt, and PostgreSQL when POLICYGRAPH_TEST_POSTGRES is
// set (a fresh database each).
func testBackends(t *testing.T) []Options {
	out := []Options{{Backend: BackendBolt, Path: filepath.Join(t.TempDir(), "store")}}
	if u := os.Getenv("POLICYGRAPH_TEST_POSTGRES"); u != "" {
		out = append(out, Options{Backend: BackendPostgres, Path: pgtest.MustFreshDatabase(t, u)})
	}
	return out
}

func postgresURL(t *testing.T) string {
	t.Helper()
	u := os.Getenv("POLICYGRAPH_TEST_POSTGRES")
	if u == "" {
		if os.Getenv("POLICYGRAPH_CI") != "" {
			t.Fatal("POLICYGRAPH_TEST_POSTGRES is required in CI")
		}
		t.Skip("skipping: POLICYGRAPH_TEST_POSTGRES not set (a PostgreSQL URL)")
	}
	return u
}

// On PostgreSQL other processes answer from the fact index while one
// writes: while a write has not committed its graph transaction, another
// store on the same database sees none of its facts.
func TestIndexShowsNoUncommittedGraphWrite(t *testing.T) {
	ctx := context.Background()
	opts := Options{Backend: BackendPostgres, Path: pgtest.MustFreshDatabase(t, postgresURL(t))}
	w, err := Open(ctx, opts)
	require.NoError(t, err)
	defer w.Close()
	reached, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	setFault(t, func(point string) error {
		if point == "write: before the graph" {
			once.Do(func() { close(reached); <-release })
		}
		return nil
	})
	wrote := make(chan error, 1)
	go func() {
		_, err := w.Write(ctx, manyArticles(4))
		wrote <- err
	}()
	<-reached
	r, err := Open(ctx, opts)
	require.NoError(t, err)
	defer r.Close()
	n := countFacts(t, r, AllFacts())
	close(release)
	require.NoError(t, <-wrote)
	assert.Zero(t, n, "no fact of a write whose graph transaction has not committed")
	assert.Equal(t, 4, countFacts(t, r, AllFacts()), "all of them once it has")
	mustAgree(t, r)
}

// Processes opening a new PostgreSQL database at the same moment all
// succeed: the schema is created once, under a lock.
func TestConcurrentOpensOfANewDatabase(t *testing.T) {
	base := postgresURL(t)
	for run := range 3 {
		opts := Options{Backend: BackendPostgres, Path: pgtest.MustFreshDatabase(t, base)}
		const n = 6
		var wg sync.WaitGroup
		start := make(chan struct{})
		errs := make([]error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				s, err := Open(context.Background(), opts)
				if err == nil {
					err = s.Close()
				}
				errs[i] = err
			}()
		}
		close(start)
		wg.Wait()
		for i, err := range errs {
			assert.NoError(t, err, "run %d, opener %d", run, i)
		}
	}
}

// A writer on PostgreSQL that dies after its graph transaction committed
// but before its index one did leaves its articles marked: the next Open
// finds the writer gone (its lock is free) and files them at once, rather
// than after ten minutes.
func TestDeadWritersMarksAreRepairedAtOnce(t *testing.T) {
	ctx := context.Background()
	opts := Options{Backend: BackendPostgres, Path: pgtest.MustFreshDatabase(t, postgresURL(t))}
	w, err := Open(ctx, opts)
	require.NoError(t, err)
	defer w.Close()
	reached, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	setFault(t, func(point string) error {
		if point != "write: before the index" {
			return nil
		}
		err := error(nil)
		once.Do(func() { close(reached); <-release; err = errCrash })
		return err
	})
	wrote := make(chan error, 1)
	go func() {
		_, err := w.Write(ctx, manyArticles(4))
		wrote <- err
	}()
	<-reached
	// The writer dies: its session, and the lock it held, end.
	kv := w.index.kv.(*sqlKV)
	kv.idLock()
	kv.idLock = nil

	r, err := Open(ctx, opts)
	require.NoError(t, err)
	defer r.Close()
	mustAgree(t, r)
	assert.Equal(t, 4, countFacts(t, r, AllFacts()))
	assert.Zero(t, countFacts(t, r, FactSelector{prefix: []byte(keyPending + "\x00")}), "no marks left")

	// A live writer's marks are left alone.
	other, err := Open(ctx, opts)
	require.NoError(t, err)
	defer other.Close()
	require.NoError(t, other.index.markPending(ctx, []string{"a00.txt"}))
	stale, err := r.index.stale(ctx, 10*time.Minute)
	require.NoError(t, err)
	assert.Empty(t, stale)

	close(release)
	assert.ErrorIs(t, <-wrote, errCrash)
}

// While one process rebuilds a shared (PostgreSQL) index, another does not
// answer from the half-built index: it says it is being rebuilt.
func TestNoAnswersFromAnIndexBeingRebuilt(t *testing.T) {
	ctx := context.Background()
	opts := Options{Backend: BackendPostgres, Path: pgtest.MustFreshDatabase(t, postgresURL(t))}
	a, err := Open(ctx, opts)
	require.NoError(t, err)
	defer a.Close()
	_, err = a.Write(ctx, manyArticles(12))
	require.NoError(t, err)
	b, err := Open(ctx, opts)
	require.NoError(t, err)
	defer b.Close()

	old := reindexBatch
	reindexBatch = 5
	t.Cleanup(func() { reindexBatch = old })
	reached, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	setFault(t, func(point string) error {
		if point == "reindex: batch filed" {
			once.Do(func() { close(reached); <-release })
		}
		return nil
	})
	done := make(chan error, 1)
	go func() { done <- a.Reindex(ctx) }()
	<-reached
	_, err = b.Stats(ctx)
	assert.ErrorIs(t, err, ErrIndexIncomplete)
	err = b.Facts(ctx, FactsWithTarget("Huawei"), func(IndexedFact) error { return nil })
	assert.ErrorIs(t, err, ErrIndexIncomplete)
	diffs, err := b.CheckIndex(ctx)
	require.NoError(t, err)
	assert.NotEmpty(t, diffs)
	close(release)
	require.NoError(t, <-done)
	st, err := b.Stats(ctx)
	require.NoError(t, err)
	assert.EqualValues(t, 12, st.Articles)
	mustAgree(t, b)
}
