package ingest

import "testing"

func TestBatchLimit(t *testing.T) {
	for _, c := range []struct {
		max, quads int
		written    int64
		want       int
	}{
		{10000, 10000, txBytes / 2, 10000},   // small store: never above the maximum
		{10000, 10000, txBytes, 10000},       // on target
		{10000, 10000, 2 * txBytes, 5000},    // twice the target: half the quads
		{10000, 5000, txBytes / 2, 10000},    // room again: back up
		{10000, 10000, 100 * txBytes, 1250},  // never below an eighth
		{10000, 2000, 2 * txBytes / 3, 3000}, // from a small batch
	} {
		if got := batchLimit(c.max, c.quads, c.written); got != c.want {
			t.Errorf("batchLimit(%d, %d, %d) = %d, want %d", c.max, c.quads, c.written, got, c.want)
		}
	}
}
