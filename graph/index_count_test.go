package graph

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/policygraph/policygraph/domain"
	"github.com/policygraph/policygraph/internal/pgtest"
)

// mustCountAsScanned checks that the index's counters are there and equal
// a count of what it holds, and returns them.
func mustCountAsScanned(t *testing.T, s *Store) indexCounts {
	t.Helper()
	ctx := context.Background()
	kept, ok, err := s.index.counts(ctx)
	require.NoError(t, err)
	require.True(t, ok, "the index keeps counters")
	held, refs, stances, err := s.index.scanCounts(ctx)
	require.NoError(t, err)
	assert.Equal(t, held, kept, "counters equal a scan")
	keptRefs, err := s.index.readRefs(ctx)
	require.NoError(t, err)
	assert.Equal(t, refs, keptRefs, "per-entity counts equal a scan")
	keptStances, err := s.index.readStances(ctx)
	require.NoError(t, err)
	assert.Equal(t, stances, keptStances, "target-fact counts equal a scan")
	st, err := s.Stats(ctx)
	require.NoError(t, err)
	assert.Equal(t, [3]int64{held.articles, held.facts, held.entities}, [3]int64{st.Articles, st.Facts, st.Entities})
	mustAgree(t, s)
	return kept
}

// countArticles are articles whose facts name entities in every role: a
// subject that is also the target, objects, and entities only one article
// names.
func countArticles(version string) []Extraction {
	var out []Extraction
	for i := range 6 {
		id := fmt.Sprintf("c%d.txt", i)
		facts := []domain.Fact{
			{Subject: "Italy", Relation: domain.Banned, Target: "Huawei", Modality: domain.Asserted, Sentence: fmt.Sprintf("Italy banned Huawei %d.", i)},
			{Subject: "United States", Relation: domain.Pressured, Object: fmt.Sprintf("Country %d", i), ObjectType: domain.Country, Target: "Huawei", Modality: domain.Reported, Sentence: fmt.Sprintf("Washington pressed %d.", i)},
			{Subject: "Huawei", Relation: domain.Allowed, Target: "Huawei", Modality: domain.Denied, Sentence: fmt.Sprintf("Huawei allowed itself %d.", i)},
		}
		if version == "b" && i%2 == 0 { // replaced: other entities, one fact fewer
			facts = []domain.Fact{{Subject: "France", Relation: domain.Restricted, Target: "ZTE", Modality: domain.Asserted, Sentence: fmt.Sprintf("France restricted ZTE %d.", i)}}
		}
		out = append(out, extraction(id, version+id, facts...))
	}
	return out
}

// The counters equal a full scan of the index after additions,
// replacements (changed articles), deletions, a crash repaired on open,
// and a rebuild, on every backend; Stats reads them.
func TestCountersEqualAScan(t *testing.T) {
	ctx := context.Background()
	backends := append([]Options{{Backend: BackendMemstore}}, testBackends(t)...)
	for _, opts := range backends {
		t.Run(opts.Backend, func(t *testing.T) {
			s, err := Open(ctx, opts)
			require.NoError(t, err)
			defer func() { _ = s.Close() }()
			assert.Equal(t, indexCounts{}, mustCountAsScanned(t, s), "a new store counts nothing")

			_, err = s.Write(ctx, countArticles("a"))
			require.NoError(t, err)
			// Italy, Huawei, United States, Country 0-5.
			assert.Equal(t, indexCounts{articles: 6, facts: 18, entities: 9}, mustCountAsScanned(t, s))
			counts, err := s.FactCounts(ctx)
			require.NoError(t, err)
			assert.EqualValues(t, 6+6+12, counts["huawei"], "target of three facts an article, and subject of one")

			// Half the articles change: Italy keeps three of its six facts,
			// Country 0, 2 and 4 are no longer named, France and ZTE are.
			_, err = s.Write(ctx, countArticles("b"))
			require.NoError(t, err)
			assert.Equal(t, indexCounts{articles: 6, facts: 12, entities: 8}, mustCountAsScanned(t, s))

			for _, id := range []string{"c1.txt", "c3.txt"} {
				ok, err := s.DeleteArticle(ctx, id)
				require.NoError(t, err)
				require.True(t, ok)
			}
			assert.Equal(t, indexCounts{articles: 4, facts: 6, entities: 6}, mustCountAsScanned(t, s))

			require.NoError(t, s.Reindex(ctx))
			assert.Equal(t, indexCounts{articles: 4, facts: 6, entities: 6}, mustCountAsScanned(t, s))

			// Stats reads the counters: a wrong one shows, and the index
			// check names it.
			require.NoError(t, s.index.kv.update(ctx, func(tx kvTx) error { return tx.put(countFactsKey, encodeCount(999)) }))
			st, err := s.Stats(ctx)
			require.NoError(t, err)
			assert.EqualValues(t, 999, st.Facts)
			diffs, err := s.CheckIndex(ctx)
			require.NoError(t, err)
			assert.Equal(t, []string{"the index counts 999 facts but holds 6"}, diffs)
		})
	}
}

// A write that fails halfway (the index filed, the graph not) and a crash
// that leaves articles pending are repaired with their counts.
func TestCountersThroughFailuresAndCrashRepair(t *testing.T) {
	ctx := context.Background()
	for _, opts := range testBackends(t) {
		t.Run(opts.Backend, func(t *testing.T) {
			s, err := Open(ctx, opts)
			require.NoError(t, err)
			_, err = s.Write(ctx, countArticles("a"))
			require.NoError(t, err)

			// The graph write fails: the write puts the index back.
			setFault(t, func(point string) error {
				if point == "write: before the graph" {
					return errCrash
				}
				return nil
			})
			_, err = s.Write(ctx, append(countArticles("b"), manyArticles(3)...))
			require.ErrorIs(t, err, errCrash)
			faultHook = nil
			assert.Equal(t, indexCounts{articles: 6, facts: 18, entities: 9}, mustCountAsScanned(t, s))

			// The process dies after the index took the new records and
			// before the graph did: the articles stay marked.
			b := countArticles("b")
			entries := map[string][]indexEntry{}
			for _, x := range append(b, manyArticles(3)...) {
				entries[x.Article.ID] = indexEntries(x.Article.ID, indexedFacts(x))
			}
			ids := make([]string, 0, len(entries))
			for id := range entries {
				ids = append(ids, id)
			}
			require.NoError(t, s.index.markPending(ctx, ids))
			require.NoError(t, s.index.file(ctx, entries, nil, false))
			crash(t, s)

			s, err = Open(ctx, opts)
			require.NoError(t, err)
			defer s.Close()
			assert.Equal(t, indexCounts{articles: 6, facts: 18, entities: 9}, mustCountAsScanned(t, s), "the repair files what the graph holds")
		})
	}
}

// A store written before the index kept counters answers Stats by a scan
// when opened read-only (and writes nothing), and gets its counters once
// opened for writing.
func TestStoreWithoutCountersIsCountedOnce(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "store")
	opts := Options{Backend: BackendBolt, Path: dir}
	s, err := Open(ctx, opts)
	require.NoError(t, err)
	_, err = s.Write(ctx, countArticles("a"))
	require.NoError(t, err)
	want, err := s.Stats(ctx)
	require.NoError(t, err)
	wantRefs, err := s.FactCounts(ctx)
	require.NoError(t, err)
	// What the code before the counters left: no c or e keys.
	require.NoError(t, s.index.kv.update(ctx, func(tx kvTx) error {
		for _, space := range []string{keyCount, keyRefs} {
			if err := tx.scan([]byte(space+"\x00"), func(k, _ []byte) error { return tx.del(k) }); err != nil {
				return err
			}
		}
		return nil
	}))
	require.NoError(t, s.Close())
	before := stateOf(t, dir)

	r, err := Open(ctx, Options{Backend: BackendBolt, Path: dir, ReadOnly: true})
	require.NoError(t, err)
	_, ok, err := r.index.counts(ctx)
	require.NoError(t, err)
	assert.False(t, ok)
	got, err := r.Stats(ctx)
	require.NoError(t, err)
	assert.Equal(t, want, got, "counted by a scan")
	refs, err := r.FactCounts(ctx)
	require.NoError(t, err)
	assert.Equal(t, wantRefs, refs)
	require.NoError(t, r.Close())
	assert.Equal(t, before, stateOf(t, dir), "a read-only open writes no counters")

	s, err = Open(ctx, opts)
	require.NoError(t, err)
	defer s.Close()
	assert.Equal(t, indexCounts{articles: 6, facts: 18, entities: 9}, mustCountAsScanned(t, s))
	refs, err = s.FactCounts(ctx)
	require.NoError(t, err)
	assert.Equal(t, wantRefs, refs)
}

// Writers in several processes (PostgreSQL shards) filing records at once
// leave counters that equal a scan: none loses another's additions.
func TestCountersOfConcurrentWriters(t *testing.T) {
	ctx := context.Background()
	opts := Options{Backend: BackendPostgres, Path: pgtest.MustFreshDatabase(t, postgresURL(t))}
	const writers, batches = 4, 40
	var stores []*Store
	for range writers {
		s, err := Open(ctx, opts)
		require.NoError(t, err)
		defer s.Close()
		stores = append(stores, s)
	}
	var wg sync.WaitGroup
	errs := make([]error, writers)
	start := make(chan struct{})
	for w, s := range stores {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			for b := range batches {
				id := fmt.Sprintf("w%d-%d.txt", w, b)
				x := extraction(id, id, domain.Fact{Subject: fmt.Sprintf("Country %d", w*1000+b),
					Relation: domain.Banned, Target: "Huawei", Modality: domain.Asserted, Sentence: id + " banned Huawei."})
				entries := map[string][]indexEntry{id: indexEntries(id, indexedFacts(x))}
				if err := s.index.file(ctx, entries, map[string]bool{id: true}, false); err != nil {
					errs[w] = err
					return
				}
			}
		}()
	}
	close(start)
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
	n := int64(writers * batches)
	kept, ok, err := stores[0].index.counts(ctx)
	require.NoError(t, err)
	require.True(t, ok)
	held, _, stances, err := stores[0].index.scanCounts(ctx)
	require.NoError(t, err)
	assert.Equal(t, indexCounts{articles: n, facts: n, entities: n + 1}, held)
	assert.Equal(t, held, kept)
	keptStances, err := stores[0].index.readStances(ctx)
	require.NoError(t, err)
	assert.Equal(t, stances, keptStances)
}

// TargetFactCounts reads the counters of a vendor's facts by subject,
// relation and modality, which follow replacements and deletions; a wrong
// one is named by the index check.
func TestTargetFactCounts(t *testing.T) {
	ctx := context.Background()
	for _, opts := range append([]Options{{Backend: BackendMemstore}}, testBackends(t)...) {
		t.Run(opts.Backend, func(t *testing.T) {
			s, err := Open(ctx, opts)
			require.NoError(t, err)
			defer func() { _ = s.Close() }()
			_, err = s.Write(ctx, countArticles("a"))
			require.NoError(t, err)
			counts, err := s.TargetFactCounts(ctx, "Huawei")
			require.NoError(t, err)
			assert.Equal(t, []TargetFactCount{
				{Subject: "huawei", Relation: domain.Allowed, Modality: domain.Denied, Facts: 6},
				{Subject: "italy", Relation: domain.Banned, Modality: domain.Asserted, Facts: 6},
				{Subject: "united-states", Relation: domain.Pressured, Modality: domain.Reported, Facts: 6},
			}, counts)

			_, err = s.Write(ctx, countArticles("b")) // c0, c2, c4 now about ZTE
			require.NoError(t, err)
			ok, err := s.DeleteArticle(ctx, "c1.txt")
			require.NoError(t, err)
			require.True(t, ok)
			counts, err = s.TargetFactCounts(ctx, "huawei")
			require.NoError(t, err)
			assert.Equal(t, []TargetFactCount{
				{Subject: "huawei", Relation: domain.Allowed, Modality: domain.Denied, Facts: 2},
				{Subject: "italy", Relation: domain.Banned, Modality: domain.Asserted, Facts: 2},
				{Subject: "united-states", Relation: domain.Pressured, Modality: domain.Reported, Facts: 2},
			}, counts)
			counts, err = s.TargetFactCounts(ctx, "ZTE")
			require.NoError(t, err)
			assert.Equal(t, []TargetFactCount{{Subject: "france", Relation: domain.Restricted, Modality: domain.Asserted, Facts: 3}}, counts)
			mustCountAsScanned(t, s)

			for _, id := range []string{"c0.txt", "c2.txt", "c4.txt"} {
				_, err := s.DeleteArticle(ctx, id)
				require.NoError(t, err)
			}
			counts, err = s.TargetFactCounts(ctx, "ZTE")
			require.NoError(t, err)
			assert.Empty(t, counts, "a counter that reaches zero is dropped")
			mustCountAsScanned(t, s)

			k := indexKey(keyStances, "huawei", "italy", string(domain.Banned), string(domain.Asserted))
			require.NoError(t, s.index.kv.update(ctx, func(tx kvTx) error { return tx.put(k, encodeCount(7)) }))
			diffs, err := s.CheckIndex(ctx)
			require.NoError(t, err)
			assert.Equal(t, []string{`the index counts 7 target keys of "k\x00huawei\x00italy\x00banned\x00asserted" but holds 2`}, diffs)
		})
	}
}

// FactRefsBackward reads a selection in reverse key order (a subject's
// latest facts about a vendor first), and StopScan ends either scan early.
func TestFactRefsBackward(t *testing.T) {
	ctx := context.Background()
	for _, opts := range append([]Options{{Backend: BackendMemstore}}, testBackends(t)...) {
		t.Run(opts.Backend, func(t *testing.T) {
			s, err := Open(ctx, opts)
			require.NoError(t, err)
			defer func() { _ = s.Close() }()
			var xs []Extraction
			for i, date := range []string{"2019-02-28", "2018", "2019-02", "2019-01-01", "2018-12"} {
				id := fmt.Sprintf("d%d.txt", i)
				xs = append(xs, extraction(id, id,
					domain.Fact{Subject: "Italy", Relation: domain.Banned, Target: "Huawei", Modality: domain.Asserted, EventDate: date, Sentence: id},
					domain.Fact{Subject: "Japan", Relation: domain.Banned, Target: "Huawei", Modality: domain.Asserted, EventDate: date, Sentence: id},
					domain.Fact{Subject: "Italy", Relation: domain.Banned, Target: "ZTE", Modality: domain.Asserted, EventDate: date, Sentence: id}))
			}
			// Last: a key past every other (the end of the bolt bucket).
			xs = append(xs, extraction("z.txt", "z", domain.Fact{Subject: "Zambia", Relation: domain.Banned, Target: "ZZZ", Modality: domain.Asserted, EventDate: "2020", Sentence: "z"}))
			_, err = s.Write(ctx, xs)
			require.NoError(t, err)
			dates := func(sel FactSelector, backward bool, stopAt int) []string {
				var out []string
				scan := s.FactRefs
				if backward {
					scan = s.FactRefsBackward
				}
				require.NoError(t, scan(ctx, sel, func(r FactRef) error {
					if len(out) == stopAt {
						return StopScan
					}
					out = append(out, r.Subject+" "+r.Date)
					return nil
				}))
				return out
			}
			italy := []string{"italy 2018-12", "italy 2018", "italy 2019-01-01", "italy 2019-02-28", "italy 2019-02"}
			assert.Equal(t, italy, dates(FactsWithTargetAndSubject("Huawei", "Italy"), false, -1), "by date as answers order dates")
			assert.Equal(t, []string{"italy 2019-02", "italy 2019-02-28", "italy 2019-01-01", "italy 2018", "italy 2018-12"},
				dates(FactsWithTargetAndSubject("Huawei", "Italy"), true, -1))
			assert.Equal(t, []string{"japan 2019-02", "japan 2019-02-28"}, dates(FactsWithTarget("Huawei"), true, 2))
			assert.Equal(t, italy[:3], dates(FactsWithTarget("Huawei"), false, 3))
			assert.Equal(t, []string{"zambia 2020"}, dates(FactsWithTarget("ZZZ"), true, -1))
			assert.Empty(t, dates(FactsWithTarget("Nobody"), true, -1))
		})
	}
}
