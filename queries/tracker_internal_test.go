package queries

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/policygraph/policygraph/domain"
	"github.com/policygraph/policygraph/graph"
)

// tieExtractions are articles whose stances tie often: few dates (of every
// precision, several sharing a last day), confidences and positions, every
// modality, a company among the subjects and facts that are not stances.
func tieExtractions(r *rand.Rand, n int, version string) []graph.Extraction {
	pick := func(xs ...string) string { return xs[r.IntN(len(xs))] }
	stances := []domain.Relation{domain.Banned, domain.Restricted, domain.DeclinedToBan, domain.ConsideringBan, domain.Allowed, domain.Pressured}
	mods := []domain.Modality{domain.Asserted, domain.Asserted, domain.Reported, domain.Denied, domain.Hypothetical}
	var out []graph.Extraction
	for a := range n {
		id := fmt.Sprintf("%02d %s.txt", a, version)
		var facts []domain.Fact
		for i := range 2 + r.IntN(5) {
			f := domain.Fact{Article: id, Published: pick("2019-02", "2019-12-31", "2020"), Subject: pick("Italy", "Germany", "Japan", "Telecom Italia"),
				SubjectType: domain.Country, Relation: stances[r.IntN(len(stances))], Target: pick("Huawei", "ZTE"),
				Modality: mods[r.IntN(len(mods))], Confidence: []float64{0.6, 0.9}[r.IntN(2)], Start: (i / 2) * 10,
				Sentence: fmt.Sprintf("Sentence %d of %s.", i, id)}
			f.End = f.Start + len(f.Sentence)
			if f.Subject == "Telecom Italia" {
				f.SubjectType = domain.Company
			}
			if f.Relation == domain.Pressured {
				f.Object, f.ObjectType = "Italy", domain.Country
			}
			if r.IntN(4) > 0 {
				f.EventDate = pick("2018", "2018-12", "2018-12-31", "2019-02", "2019-02-28", "2019", "2019-12-31", "2019-12")
			}
			facts = append(facts, f)
		}
		out = append(out, graph.Extraction{Article: graph.Article{ID: id, Title: id, Published: facts[0].Published, Hash: version + id}, Facts: facts})
	}
	return out
}

// Without an as-of date, choosing from the index's counters and each
// subject's latest (or earliest) keys picks the same winners, counts the
// same history and leaves out the same facts as a scan of every fact, for
// every modality set and relation, after replacements and deletions.
func TestChooseByCountsAgreesWithAScan(t *testing.T) {
	ctx := context.Background()
	for _, opts := range []graph.Options{{Backend: graph.BackendMemstore}, {Backend: graph.BackendBolt, Path: filepath.Join(t.TempDir(), "store")}} {
		t.Run(opts.Backend, func(t *testing.T) {
			s, err := graph.Open(ctx, opts)
			require.NoError(t, err)
			defer func() { _ = s.Close() }()
			r := rand.New(rand.NewPCG(7, 18))
			_, err = s.Write(ctx, tieExtractions(r, 40, "a"))
			require.NoError(t, err)
			_, err = s.Write(ctx, tieExtractions(r, 15, "a")) // the first 15 articles change
			require.NoError(t, err)
			for i := range 5 {
				_, err := s.DeleteArticle(ctx, fmt.Sprintf("%02d a.txt", 20+i))
				require.NoError(t, err)
			}
			compared := 0
			for _, target := range []string{"huawei", "zte", "nobody"} {
				for _, modality := range []string{"", "all", "reported,denied", "hypothetical"} {
					for _, only := range []domain.Relation{"", domain.Banned, domain.Allowed, domain.ConsideringBan} {
						for _, first := range []bool{false, true} {
							name := fmt.Sprintf("%s modality=%q only=%q first=%v", target, modality, only, first)
							answer := func(choose chooser) (map[string]graph.FactRef, map[string]int, *Hidden) {
								c, err := newHiddenCounter(modality, "")
								require.NoError(t, err)
								c.relation = only
								refs, history, err := choose(ctx, s, target, c, only, first)
								require.NoError(t, err, name)
								return refs, history, c.result()
							}
							wantRefs, wantHistory, wantHidden := answer(chooseByScan)
							gotRefs, gotHistory, gotHidden := answer(chooseByCounts)
							assert.Equal(t, wantRefs, gotRefs, name)
							assert.Equal(t, wantHistory, gotHistory, name)
							assert.Equal(t, wantHidden, gotHidden, name)
							if len(wantRefs) > 0 {
								compared++
							}
						}
					}
				}
			}
			assert.Greater(t, compared, 40, "most cases choose winners")
		})
	}
}
