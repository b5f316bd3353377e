package graph

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/policygraph/policygraph/domain"
)

func TestIndexedFactRoundTrip(t *testing.T) {
	f := IndexedFact{IRI: "https://policygraph.org/statement/a%20b.txt/0123", Article: "a b.txt", Subject: "Côte d'Ivoire",
		Relation: domain.Banned, Target: "Huawei", Scope: "5g-core", Modality: domain.Asserted, Date: "2019-02", EventDate: "2019-02",
		Confidence: 0.8125, Start: 12, End: 240, Sentence: "Il a dit « non ».", Title: "T", URL: "https://x/y", Published: "2019-03-01"}
	var g IndexedFact
	require.NoError(t, g.unmarshal(f.marshal()))
	assert.Equal(t, f, g)

	b := f.marshal()
	for _, bad := range [][]byte{nil, {9}, b[:len(b)-1], b[:20]} {
		assert.ErrorIs(t, g.unmarshal(bad), errBadRecord)
	}
}

// A vendor's facts are filed by subject, then in the order answers give
// dates (domain.Date.Compare), a malformed date as the zero Date first.
func TestTargetKeysSortAsAnswersOrderDates(t *testing.T) {
	target := func(f IndexedFact) []byte {
		for _, k := range f.keys() {
			if k[0] == keyTarget[0] {
				return k
			}
		}
		t.Fatalf("no target key for %+v", f)
		return nil
	}
	// In the order of domain.Date.Compare.
	dates := []string{"not a date", "2018-11-30", "2018-11", "2018-12-30", "2018-12-31", "2018-12", "2018", "2019-01-01", "2019-02-28", "2019-02", "2020-02-29", "2020-02", "2020"}
	for i := 1; i < len(dates); i++ {
		if i > 1 {
			a, err := domain.ParseDate(dates[i-1])
			require.NoError(t, err)
			b, err := domain.ParseDate(dates[i])
			require.NoError(t, err)
			require.Equal(t, -1, a.Compare(b), "%s before %s", dates[i-1], dates[i])
		}
		a := IndexedFact{IRI: "x/1", Article: "b", Subject: "Italy", Relation: domain.Banned, Target: "Huawei", Date: dates[i-1]}
		b := IndexedFact{IRI: "x/2", Article: "a", Subject: "Italy", Relation: domain.Banned, Target: "Huawei", Date: dates[i]}
		assert.Less(t, string(target(a)), string(target(b)), "%s files before %s", dates[i-1], dates[i])
	}
	a := IndexedFact{IRI: "x/1", Article: "a", Subject: "Italy", Relation: domain.Banned, Target: "Huawei", Date: "2030"}
	c := IndexedFact{IRI: "x/3", Article: "a", Subject: "Italy Telecom", Relation: domain.Banned, Target: "Huawei", Date: "2001"}
	ka, kc := target(a), target(c)
	assert.Less(t, string(ka), string(kc), "a subject's facts stay together")
	assert.True(t, hasPrefix(ka, FactsWithTargetAndSubject("Huawei", "Italy").prefix))
	assert.False(t, hasPrefix(kc, FactsWithTargetAndSubject("Huawei", "Italy").prefix), "no prefix match across names")
}

func hasPrefix(k, p []byte) bool { return len(k) >= len(p) && string(k[:len(p)]) == string(p) }

func extraction(id, hash string, facts ...domain.Fact) Extraction {
	for i := range facts {
		facts[i].Article = id
		facts[i].SubjectType = domain.Country
		facts[i].Confidence = 0.75
		facts[i].End = len(facts[i].Sentence)
	}
	return Extraction{Article: Article{ID: id, Title: "Title " + id, Published: "2020-10-24", Hash: hash}, Facts: facts}
}

func mustAgree(t *testing.T, s *Store) {
	t.Helper()
	diffs, err := s.CheckIndex(context.Background())
	require.NoError(t, err)
	assert.Empty(t, diffs)
}

func countFacts(t *testing.T, s *Store, sel FactSelector) int {
	t.Helper()
	n := 0
	require.NoError(t, s.Facts(context.Background(), sel, func(IndexedFact) error { n++; return nil }))
	return n
}

// A crash between the graph write and the index update leaves the articles
// marked; the next Open files them from the graph.
func TestOpenRepairsArticlesACrashLeftPending(t *testing.T) {
	ctx := context.Background()
	opts := Options{Backend: BackendBolt, Path: filepath.Join(t.TempDir(), "store")}
	s, err := Open(ctx, opts)
	require.NoError(t, err)
	a1 := extraction("a1.txt", "h1", domain.Fact{Subject: "Italy", Relation: domain.Restricted, Target: "Huawei", Modality: domain.Asserted, Sentence: "Italy restricted Huawei."})
	_, err = s.Write(ctx, []Extraction{a1})
	require.NoError(t, err)

	// Simulate the crash: a1 replaced and a2 added in the graph, but the
	// index only got the marks.
	a1b := extraction("a1.txt", "h1b", domain.Fact{Subject: "Italy", Relation: domain.Banned, Target: "Huawei", Modality: domain.Asserted, Sentence: "Italy banned Huawei."})
	a2 := extraction("a2.txt", "h2", domain.Fact{Subject: "France", Relation: domain.DeclinedToBan, Target: "Huawei", Modality: domain.Asserted, Sentence: "France will not ban Huawei."})
	require.NoError(t, s.index.markPending(ctx, []string{"a1.txt", "a2.txt"}))
	old, err := s.articleQuads(ctx, "a1.txt")
	require.NoError(t, err)
	var dels, adds []cgraph.Delta
	for _, q := range old {
		dels = append(dels, cgraph.Delta{Quad: q, Action: cgraph.Delete})
	}
	for _, q := range append(ArticleQuads(a1b.Article, a1b.Facts), ArticleQuads(a2.Article, a2.Facts)...) {
		adds = append(adds, cgraph.Delta{Quad: q, Action: cgraph.Add})
	}
	for _, q := range EntityQuads(FactEntities(append(a1b.Facts, a2.Facts...))) {
		adds = append(adds, cgraph.Delta{Quad: q, Action: cgraph.Add})
	}
	require.NoError(t, s.h.QuadStore.ApplyDeltas(dels, cgraph.IgnoreOpts{IgnoreMissing: true}))
	require.NoError(t, s.h.QuadStore.ApplyDeltas(adds, cgraph.IgnoreOpts{IgnoreDup: true}))
	diffs, err := s.CheckIndex(ctx)
	require.NoError(t, err)
	require.NotEmpty(t, diffs, "the simulated crash must leave the index behind")
	// The process dies here: nothing is closed in order (no marks cleared).
	require.NoError(t, s.h.Close())
	require.NoError(t, s.index.kv.close())

	s, err = Open(ctx, opts)
	require.NoError(t, err)
	defer s.Close()
	mustAgree(t, s)
	assert.Equal(t, 2, countFacts(t, s, FactsWithTarget("Huawei")))
	assert.Zero(t, countFacts(t, s, FactSelector{prefix: []byte(keyPending + "\x00")}), "no marks left")
}

// A store whose index is missing (made before it existed, or deleted) gets
// it rebuilt when opened.
func TestOpenBuildsAMissingIndex(t *testing.T) {
	ctx := context.Background()
	opts := Options{Backend: BackendBolt, Path: filepath.Join(t.TempDir(), "store")}
	s, err := Open(ctx, opts)
	require.NoError(t, err)
	_, err = s.Write(ctx, []Extraction{
		extraction("a1.txt", "h1", domain.Fact{Subject: "Italy", Relation: domain.Restricted, Target: "Huawei", Modality: domain.Asserted, Sentence: "Italy restricted Huawei."}),
		extraction("a2.txt", "h2", domain.Fact{Subject: "United States", Relation: domain.Pressured, Object: "Italy", ObjectType: domain.Country, Target: "Huawei", Modality: domain.Asserted, Sentence: "Washington pressed Rome."}),
	})
	require.NoError(t, err)
	require.NoError(t, s.Close())
	require.NoError(t, os.Remove(filepath.Join(opts.Path, indexFile)))

	s, err = Open(ctx, opts)
	require.NoError(t, err)
	defer s.Close()
	mustAgree(t, s)
	assert.Equal(t, 1, countFacts(t, s, FactsWithObject("Italy")))
	assert.Equal(t, 1, countFacts(t, s, FactsWithRelation(domain.Pressured)))
	err = s.Facts(ctx, FactsWithRelation(domain.Restricted), func(IndexedFact) error { return nil })
	assert.ErrorContains(t, err, "not filed by relation", "stances are filed by vendor, not by relation")
	counts, err := s.FactCounts(ctx)
	require.NoError(t, err)
	assert.Equal(t, map[string]int64{"italy": 2, "huawei": 2, "united-states": 1}, counts)
}

// Quads imported raw (an N-Quads dump) are filed in the index too.
func TestAddQuadsIndexesTheArticlesTheyTouch(t *testing.T) {
	ctx := context.Background()
	src, err := Open(ctx, Options{Backend: BackendMemstore})
	require.NoError(t, err)
	defer src.Close()
	_, err = src.Write(ctx, []Extraction{
		extraction("a1.txt", "h1", domain.Fact{Subject: "Italy", Relation: domain.Restricted, Target: "Huawei", Modality: domain.Asserted, Sentence: "Italy restricted Huawei.", EventDate: "2020-10"}),
	})
	require.NoError(t, err)
	var dump []quad.Quad
	require.NoError(t, src.EachQuad(ctx, func(q quad.Quad) error { dump = append(dump, q); return nil }))

	dst, err := Open(ctx, Options{Backend: BackendBolt, Path: filepath.Join(t.TempDir(), "store")})
	require.NoError(t, err)
	defer dst.Close()
	require.NoError(t, dst.AddQuads(ctx, dump))
	mustAgree(t, dst)
	var want, got []IndexedFact
	collect := func(s *Store, out *[]IndexedFact) {
		require.NoError(t, s.Facts(ctx, AllFacts(), func(f IndexedFact) error { *out = append(*out, f); return nil }))
	}
	collect(src, &want)
	collect(dst, &got)
	assert.Equal(t, want, got, "an imported article indexes as written")
	require.Len(t, got, 1)
	assert.Equal(t, "2020-10", got[0].Date)
}

// labelQuads reads a named graph the slow way, by label, to check
// articleQuads against.
func labelQuads(t *testing.T, s *Store, label quad.Value) []quad.Quad {
	t.Helper()
	qs := s.h.QuadStore
	it := qs.QuadIterator(quad.Label, qs.ValueOf(label))
	defer it.Close()
	var out []quad.Quad
	for it.Next(context.Background()) {
		out = append(out, qs.Quad(it.Result()))
	}
	require.NoError(t, it.Err())
	return out
}

func TestArticleQuadsIsTheWholeNamedGraph(t *testing.T) {
	ctx := context.Background()
	for _, b := range []Options{{Backend: BackendMemstore}, {Backend: BackendBolt, Path: filepath.Join(t.TempDir(), "store")}} {
		s, err := Open(ctx, b)
		require.NoError(t, err)
		x := extraction("a1.txt", "h1",
			domain.Fact{Subject: "Italy", Relation: domain.Restricted, Target: "Huawei", Modality: domain.Asserted, Sentence: "Italy restricted Huawei."},
			domain.Fact{Subject: "Italy", Relation: domain.Vetoed, Object: "Fastweb deal", ObjectType: domain.Deal, Target: "Huawei", Modality: domain.Asserted, Sentence: "Italy vetoed the deal."},
			domain.Fact{Subject: "Italy", Relation: domain.Banned, Target: "Huawei", Modality: domain.Denied, Sentence: "Italy denied a ban."},
			domain.Fact{Subject: "United States", Relation: domain.Pressured, Object: "Italy", ObjectType: domain.Country, Modality: domain.Asserted, Sentence: "Washington pressed Rome."})
		other := extraction("a2.txt", "h2", domain.Fact{Subject: "Italy", Relation: domain.Restricted, Target: "Huawei", Modality: domain.Asserted, Sentence: "Italy restricted Huawei."})
		_, err = s.Write(ctx, []Extraction{x, other})
		require.NoError(t, err)
		got, err := s.articleQuads(ctx, "a1.txt")
		require.NoError(t, err)
		assert.ElementsMatch(t, labelQuads(t, s, ArticleIRI("a1.txt")), got, b.Backend)
		assert.Len(t, got, len(ArticleQuads(x.Article, x.Facts)), b.Backend)
		require.NoError(t, s.Close())
	}
}

// A secondary key's brief agrees with the record it points to.
func TestFactRefsAgreeWithRecords(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, Options{Backend: BackendMemstore})
	require.NoError(t, err)
	defer s.Close()
	_, err = s.Write(ctx, []Extraction{extraction("a 1.txt", "h1",
		domain.Fact{Subject: "United Kingdom", Relation: domain.Banned, Target: "Huawei", Modality: domain.Asserted, Sentence: "Britain banned Huawei.", EventDate: "2020-07", Start: 0},
		domain.Fact{Subject: "Italy", Relation: domain.Allowed, Target: "Huawei", Modality: domain.Reported, Sentence: "Italy allowed Huawei."})})
	require.NoError(t, err)
	var refs []FactRef
	require.NoError(t, s.FactRefs(ctx, FactsWithTarget("huawei"), func(r FactRef) error { refs = append(refs, r); return nil }))
	require.Len(t, refs, 2)
	assert.Equal(t, "italy", refs[0].Subject, "ordered by subject ID")
	var recs []IndexedFact
	require.NoError(t, s.FactsByRef(ctx, refs, func(f IndexedFact) error { recs = append(recs, f); return nil }))
	for i, r := range refs {
		f := recs[i]
		assert.Equal(t, f.IRI, r.IRI())
		assert.Equal(t, FactRef{Article: f.Article, Subject: domain.EntityID(f.Subject), Relation: f.Relation, Modality: f.Modality,
			Date: f.Date, Confidence: f.Confidence, Start: f.Start, stmt: r.stmt}, r)
	}
	assert.Equal(t, "2020-07", refs[1].Date)
	assert.Equal(t, "https://policygraph.org/statement/a%201.txt/", refs[1].IRI()[:len(refs[1].IRI())-16])
}
