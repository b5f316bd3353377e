package graph_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/policygraph/policygraph/domain"

	"github.com/policygraph/policygraph/graph"
)

// backend is one store under the conformance suite.
type backend struct {
	name string
	open func(tb testing.TB) graph.Options
}

// MustBackends lists the stores the conformance suite runs on: memstore and
// bolt always, PostgreSQL when POLICYGRAPH_TEST_POSTGRES holds a URL (CI sets
// it; POLICYGRAPH_REQUIRE_POSTGRES makes its absence a failure).
func MustBackends(tb testing.TB) []backend {
	tb.Helper()
	bs := []backend{
		{"memstore", func(testing.TB) graph.Options { return graph.Options{Backend: graph.BackendMemstore} }},
		{"bolt", func(tb testing.TB) graph.Options {
			return graph.Options{Backend: graph.BackendBolt, Path: filepath.Join(tb.TempDir(), "store")}
		}},
	}
	if u := os.Getenv("POLICYGRAPH_TEST_POSTGRES"); u != "" {
		bs = append(bs, backend{"postgres", func(tb testing.TB) graph.Options {
			return graph.Options{Backend: graph.BackendPostgres, Path: MustFreshDatabase(tb, u)}
		}})
	} else if os.Getenv("POLICYGRAPH_REQUIRE_POSTGRES") != "" {
		tb.Fatal("POLICYGRAPH_REQUIRE_POSTGRES is set but POLICYGRAPH_TEST_POSTGRES is empty")
	}
	return bs
}

func MustOpen(tb testing.TB, opts graph.Options) *graph.Store {
	tb.Helper()
	s, err := graph.Open(context.Background(), opts)
	require.NoError(tb, err)
	tb.Cleanup(func() { _ = s.Close() })
	return s
}

func sampleExtraction(id, hash string, facts ...domain.Fact) graph.Extraction {
	for i := range facts {
		facts[i].Article = id
	}
	return graph.Extraction{
		Article: graph.Article{ID: id, Title: "Title " + id, URL: "https://example.com/" + id, Published: "2020-10-24", Hash: hash},
		Facts:   facts,
	}
}

func fact(subj, rel, target, sentence string, mod domain.Modality) domain.Fact {
	return domain.Fact{Subject: subj, SubjectType: domain.Country, Relation: domain.Relation(rel), Target: target,
		Modality: mod, Confidence: 0.9, Sentence: sentence, Start: 0, End: len(sentence), Published: "2020-10-24"}
}

func TestStoreConformance(t *testing.T) {
	ctx := context.Background()
	for _, b := range MustBackends(t) {
		t.Run(b.name, func(t *testing.T) {
			s := MustOpen(t, b.open(t))

			a1 := sampleExtraction("a1.txt", "h1",
				fact("Italy", "restricted", "Huawei", "Italy restricted Huawei.", domain.Asserted),
				fact("Italy", "banned", "Huawei", "Reports said Italy banned Huawei.", domain.Reported))
			a2 := sampleExtraction("a2.txt", "h2",
				fact("Australia", "banned", "Huawei", "Australia banned Huawei.", domain.Asserted))

			res, err := s.Write(ctx, []graph.Extraction{a1, a2})
			require.NoError(t, err)
			assert.Equal(t, 2, res.New)
			assert.Equal(t, 3, res.Facts)

			st, err := s.Stats(ctx)
			require.NoError(t, err)
			assert.Equal(t, int64(2), st.Articles)
			assert.Equal(t, int64(3), st.Facts)
			assert.Equal(t, int64(3), st.Entities) // Italy, Australia, Huawei
			assert.Positive(t, st.Quads)
			assertIndexAgrees(t, s)
			assert.Equal(t, []string{"Italy restricted Huawei.", "Reports said Italy banned Huawei."},
				sentences(t, s, graph.FactsWithTargetAndSubject("Huawei", "Italy")))

			// Re-ingesting unchanged articles adds nothing.
			res, err = s.Write(ctx, []graph.Extraction{a1, a2})
			require.NoError(t, err)
			assert.Equal(t, 2, res.Unchanged)
			assert.Zero(t, res.QuadsAdded)
			st2, err := s.Stats(ctx)
			require.NoError(t, err)
			assert.Equal(t, st, st2)

			// A changed article replaces its facts; the other is untouched.
			a1b := sampleExtraction("a1.txt", "h1b",
				fact("Italy", "vetoed", "Huawei", "Italy vetoed the deal.", domain.Asserted))
			res, err = s.Write(ctx, []graph.Extraction{a1b})
			require.NoError(t, err)
			assert.Equal(t, 1, res.Changed)
			st3, err := s.Stats(ctx)
			require.NoError(t, err)
			assert.Equal(t, int64(2), st3.Articles)
			assert.Equal(t, int64(2), st3.Facts)
			assertIndexAgrees(t, s)
			assert.Equal(t, []string{"Italy vetoed the deal."}, sentences(t, s, graph.FactsWithSubject("Italy")))
			assert.Equal(t, []string{"Italy vetoed the deal."}, sentences(t, s, graph.FactsWithRelation(domain.Vetoed)))

			hash, ok, err := s.ArticleHash(ctx, "a1.txt")
			require.NoError(t, err)
			assert.True(t, ok)
			assert.Equal(t, "h1b", hash)

			// Only asserted facts get a direct edge; the old ones are gone.
			qs := graph.QuadStoreOf(s)
			assert.NotNil(t, qs.ValueOf(graph.RelationIRI(domain.Vetoed)))
			assertEdge(t, s, "italy", domain.Vetoed, "huawei", true)
			assertEdge(t, s, "italy", domain.Restricted, "huawei", false)
			assertEdge(t, s, "italy", domain.Banned, "huawei", false)
			assertEdge(t, s, "australia", domain.Banned, "huawei", true)

			// Deleting an article drops its whole named graph.
			ok, err = s.DeleteArticle(ctx, "a1.txt")
			require.NoError(t, err)
			assert.True(t, ok)
			st4, err := s.Stats(ctx)
			require.NoError(t, err)
			assert.Equal(t, int64(1), st4.Articles)
			assert.Equal(t, int64(1), st4.Facts)
			_, ok, err = s.ArticleHash(ctx, "a1.txt")
			require.NoError(t, err)
			assert.False(t, ok)
			assertIndexAgrees(t, s)
			assert.Empty(t, sentences(t, s, graph.FactsWithSubject("Italy")))
			assert.Equal(t, []string{"Australia banned Huawei."}, sentences(t, s, graph.FactsWithTarget("Huawei")))
		})
	}
}

func TestWriteRejectsInvalidFactsAtomically(t *testing.T) {
	ctx := context.Background()
	s := MustOpen(t, graph.Options{Backend: graph.BackendMemstore})
	good := sampleExtraction("good.txt", "g", fact("Italy", "banned", "Huawei", "x", domain.Asserted))
	bad := sampleExtraction("bad.txt", "b", fact("Italy", "banned", "Huawei", "x", "maybe"))
	_, err := s.Write(ctx, []graph.Extraction{good, bad})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "bad.txt")
	st, err := s.Stats(ctx)
	require.NoError(t, err)
	assert.Zero(t, st.Quads, "a failed batch must leave nothing behind")
}

func TestBoltReopenKeepsData(t *testing.T) {
	ctx := context.Background()
	opts := graph.Options{Backend: graph.BackendBolt, Path: filepath.Join(t.TempDir(), "store")}
	s, err := graph.Open(ctx, opts)
	require.NoError(t, err)
	_, err = s.Write(ctx, []graph.Extraction{sampleExtraction("a.txt", "h", fact("Italy", "banned", "Huawei", "s", domain.Asserted))})
	require.NoError(t, err)

	// A second open while the first is held fails fast instead of hanging.
	_, err = graph.Open(ctx, opts)
	require.ErrorIs(t, err, graph.ErrLocked)

	require.NoError(t, s.Close())
	s2 := MustOpen(t, opts)
	st, err := s2.Stats(ctx)
	require.NoError(t, err)
	assert.Equal(t, int64(1), st.Articles)
}

func TestOpenRejectsUnknownBackend(t *testing.T) {
	_, err := graph.Open(context.Background(), graph.Options{Backend: "mysql"})
	require.ErrorIs(t, err, graph.ErrBadBackend)
	assert.Contains(t, err.Error(), "bolt, memstore")
}

func assertEdge(t *testing.T, s *graph.Store, subj string, rel domain.Relation, obj string, want bool) {
	t.Helper()
	qs := graph.QuadStoreOf(s)
	sref := qs.ValueOf(graph.EntityIRI(subj))
	found := false
	if sref != nil {
		it := qs.QuadIterator(quad.Subject, sref)
		defer it.Close()
		for it.Next(context.Background()) {
			q := qs.Quad(it.Result())
			if q.Predicate == graph.RelationIRI(rel) && q.Object == graph.EntityIRI(obj) {
				found = true
			}
		}
	}
	assert.Equal(t, want, found, "%s %s %s", subj, rel, obj)
}

// assertIndexAgrees checks the fact index against the graph it derives from.
func assertIndexAgrees(t *testing.T, s *graph.Store) {
	t.Helper()
	diffs, err := s.CheckIndex(context.Background())
	require.NoError(t, err)
	assert.Empty(t, diffs)
}

// sentences lists the sentences of the selected facts, in index order.
func sentences(t *testing.T, s *graph.Store, sel graph.FactSelector) []string {
	t.Helper()
	var out []string
	require.NoError(t, s.Facts(context.Background(), sel, func(f graph.IndexedFact) error {
		out = append(out, f.Sentence)
		return nil
	}))
	return out
}
