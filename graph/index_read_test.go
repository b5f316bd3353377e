package graph

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/policygraph/policygraph/domain"
)

// relationArticles states acts of pressure and vetoes of every modality,
// with stances beside them.
func relationArticles() []Extraction {
	mods := []domain.Modality{domain.Asserted, domain.Reported, domain.Denied, domain.Hypothetical}
	var out []Extraction
	for i := 0; i < 8; i++ {
		m := mods[i%len(mods)]
		out = append(out, extraction(fmt.Sprintf("r%02d.txt", i), fmt.Sprint(i),
			domain.Fact{Subject: "United States", Relation: domain.Pressured, Object: "Italy", ObjectType: domain.Country, Target: "Huawei",
				Modality: m, EventDate: fmt.Sprintf("2019-%02d", 1+i), Sentence: fmt.Sprintf("Washington pressed Rome (%d).", i)},
			domain.Fact{Subject: "Italy", Relation: domain.Vetoed, Object: "Fastweb-Huawei 5G deal", ObjectType: domain.Deal, Target: "Huawei",
				Modality: m, Sentence: fmt.Sprintf("Italy vetoed the deal (%d).", i), Start: 2},
			domain.Fact{Subject: "Italy", Relation: domain.Banned, Target: "Huawei", Modality: m, Sentence: "Italy banned Huawei.", Start: 4}))
	}
	return out
}

// refsOf lists the briefs the selector gives.
func refsOf(t *testing.T, s *Store, sel FactSelector) []FactRef {
	t.Helper()
	var out []FactRef
	require.NoError(t, s.FactRefs(context.Background(), sel, func(r FactRef) error {
		out = append(out, r)
		return nil
	}))
	return out
}

// The relation's keys hold whole records: their briefs are those the
// records' own keys give, and FactsWhere reads from them the records whose
// briefs it keeps, in key order.
func TestRelationKeysHoldRecords(t *testing.T) {
	ctx := context.Background()
	for _, backend := range append(testBackends(t), Options{Backend: BackendMemstore}) {
		t.Run(string(backend.Backend), func(t *testing.T) {
			s, err := Open(ctx, backend)
			require.NoError(t, err)
			defer s.Close()
			_, err = s.Write(ctx, relationArticles())
			require.NoError(t, err)

			byArticle := map[string]FactRef{}
			for _, r := range refsOf(t, s, AllFacts()) {
				byArticle[r.IRI()] = r
			}
			for _, rel := range []domain.Relation{domain.Pressured, domain.Vetoed} {
				refs := refsOf(t, s, FactsWithRelation(rel))
				require.Len(t, refs, 8)
				for _, r := range refs {
					assert.Equal(t, byArticle[r.IRI()], r, "the brief of %s", r.IRI())
				}
				var want, got []IndexedFact
				require.NoError(t, s.Facts(ctx, FactsWithRelation(rel), func(f IndexedFact) error {
					if f.Modality == domain.Asserted || f.Modality == domain.Denied {
						want = append(want, f)
					}
					return nil
				}))
				keep := func(r FactRef) bool { return r.Modality == domain.Asserted || r.Modality == domain.Denied }
				require.NoError(t, s.FactsWhere(ctx, FactsWithRelation(rel), keep, func(f IndexedFact) error {
					got = append(got, f)
					return nil
				}))
				require.Len(t, want, 4)
				assert.Equal(t, want, got)
			}
			// Other spaces hold briefs, and FactsWhere reads their records.
			var got []string
			require.NoError(t, s.FactsWhere(ctx, FactsWithObject("Italy"), func(r FactRef) bool { return r.Modality == domain.Reported },
				func(f IndexedFact) error {
					got = append(got, f.Sentence)
					return nil
				}))
			assert.Equal(t, []string{"Washington pressed Rome (1).", "Washington pressed Rome (5)."}, got)
		})
	}
}

// A store whose index files briefs under the relation's keys (version 5)
// is rebuilt when opened, read-only or not, and then answers from records.
func TestOpenRebuildsAnIndexOfBriefs(t *testing.T) {
	ctx := context.Background()
	opts := Options{Backend: BackendBolt, Path: filepath.Join(t.TempDir(), "store")}
	s, err := Open(ctx, opts)
	require.NoError(t, err)
	_, err = s.Write(ctx, relationArticles())
	require.NoError(t, err)
	want := refsOf(t, s, FactsWithRelation(domain.Pressured))
	// The layout of version 5: a brief under every key but the article's.
	require.NoError(t, s.index.kv.update(ctx, func(tx kvTx) error {
		var puts []indexEntry
		if err := tx.scan([]byte(keyRelation+"\x00"), func(k, v []byte) error {
			var f IndexedFact
			if err := f.unmarshal(v); err != nil {
				return err
			}
			puts = append(puts, indexEntry{k, f.ref().marshal()})
			return nil
		}); err != nil {
			return err
		}
		for _, p := range puts {
			if err := tx.put(p.k, p.v); err != nil {
				return err
			}
		}
		return tx.put(versionKey, []byte("5"))
	}))
	require.NoError(t, s.Close())

	r, err := Open(ctx, Options{Backend: BackendBolt, Path: opts.Path, ReadOnly: true})
	require.NoError(t, err)
	defer r.Close()
	done, err := r.index.complete(ctx)
	require.NoError(t, err)
	assert.True(t, done, "rebuilt to version %s", indexVersion)
	n := 0
	require.NoError(t, r.index.kv.scan(ctx, []byte(keyRelation+"\x00"), func(_, v []byte) error {
		var f IndexedFact
		n++
		return f.unmarshal(v)
	}), "the relation's keys hold records again")
	assert.Equal(t, 16, n)
	assert.Equal(t, want, refsOf(t, r, FactsWithRelation(domain.Pressured)))
	mustAgree(t, r)
}
