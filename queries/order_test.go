package queries

import (
	"math/rand/v2"
	"slices"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
)

// permute and stableOrder sort as sort.SliceStable does, for every size
// and with many ties.
func TestStableOrderAndPermute(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 18))
	for n := 0; n < 60; n++ {
		type item struct{ key, id int }
		xs := make([]item, n)
		for i := range xs {
			xs[i] = item{r.IntN(5), i}
		}
		want := slices.Clone(xs)
		sort.SliceStable(want, func(i, j int) bool { return want[i].key < want[j].key })
		got := slices.Clone(xs)
		permute(got, stableOrder(len(got), func(i, j int) bool { return xs[i].key < xs[j].key }))
		assert.Equal(t, want, got, "n=%d", n)
	}
}
