package web

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/policygraph/policygraph/graph"
)

// TestReadSlots checks that no more answers are computed at once than
// there are work slots, that the others wait their turn, and that a
// waiting request whose client went away gives up.
func TestReadSlots(t *testing.T) {
	s, err := graph.Open(context.Background(), graph.Options{Backend: graph.BackendBolt, Path: t.TempDir() + "/store"})
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	h := newHandler(s, Config{})
	slots := cap(h.work)
	require.Positive(t, slots)

	var running, peak atomic.Int64
	entered := make(chan struct{}, 3*slots)
	release := make(chan struct{})
	var wg sync.WaitGroup
	for i := 0; i < 3*slots; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			assert.NoError(t, h.read(context.Background(), func() error {
				n := running.Add(1)
				for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
				}
				entered <- struct{}{}
				<-release
				running.Add(-1)
				return nil
			}))
		}()
	}
	for i := 0; i < slots; i++ {
		<-entered
	}
	time.Sleep(50 * time.Millisecond) // give an unbounded reader the chance to enter
	assert.Equal(t, int64(slots), running.Load(), "the others wait")

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	assert.ErrorIs(t, h.read(ctx, func() error { t.Error("ran without a slot"); return nil }), context.Canceled)

	close(release)
	wg.Wait()
	assert.Equal(t, int64(slots), peak.Load())
}
