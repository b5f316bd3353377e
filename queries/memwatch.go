package queries

import (
	"fmt"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"time"
)

// The JavaScript engine Cayley v0.7.7 embeds (goja, January 2019) has no
// memory or call-depth limit of its own, only Interrupt. A memWatch samples
// the Go heap while a raw query runs and cancels the query (which makes
// Cayley interrupt the engine) once it has grown past the budget.
//
// What is measured is the process's heap (live and not yet collected
// objects) plus goroutine stacks, against their level when the query
// started. The garbage collector lets the heap reach about twice its live
// size before it collects, so the live heap at the start is added to the
// budget as headroom: ordinary garbage never trips the watch, and a query
// that keeps what it allocates is stopped once it holds between half of
// the budget and all of it. Goroutine stacks grow only by recursion through
// built-in functions (JavaScript-to-JavaScript calls grow the heap); they
// have a tighter bound, below Go's fatal 1 GB stack limit. One built-in
// operation (a string concatenation, say) runs to its end before the
// engine notices, so the peak can pass the budget by that operation's
// size. Concurrent queries share the process heap, and each sees the
// others' growth: the bound errs on the side of stopping.
const (
	memCheck       = 5 * time.Millisecond
	maxStackGrowth = 256 << 20
)

var memMetrics = []string{
	"/memory/classes/heap/objects:bytes",
	"/memory/classes/heap/stacks:bytes",
	"/gc/heap/live:bytes",
}

type memSample struct{ heap, stacks, live uint64 }

func sampleMemory() memSample {
	s := make([]metrics.Sample, len(memMetrics))
	for i, name := range memMetrics {
		s[i].Name = name
	}
	metrics.Read(s)
	v := func(i int) uint64 {
		if s[i].Value.Kind() != metrics.KindUint64 {
			return 0
		}
		return s[i].Value.Uint64()
	}
	return memSample{heap: v(0), stacks: v(1), live: v(2)}
}

type memWatch struct {
	quit chan struct{}
	done chan struct{}
	once sync.Once
	trip atomic.Bool
}

// watchMemory starts watching the heap for a query with the given budget;
// past it, stop is called with an ErrMemory error. Call end when the query
// is over.
func watchMemory(budget int64, stop func(error)) *memWatch {
	w := &memWatch{quit: make(chan struct{}), done: make(chan struct{})}
	base := sampleMemory()
	heapLimit := base.heap + base.stacks + base.live + uint64(budget)
	stackLimit := base.stacks + uint64(min(budget, maxStackGrowth))
	go func() {
		defer close(w.done)
		t := time.NewTicker(memCheck)
		defer t.Stop()
		for {
			select {
			case <-w.quit:
				return
			case <-t.C:
			}
			m := sampleMemory()
			var err error
			switch {
			case m.stacks > stackLimit:
				err = fmt.Errorf("queries: %w: recursion too deep (its stack passed %s; stopped)", ErrMemory, mib(min(budget, maxStackGrowth)))
			case m.heap+m.stacks > heapLimit:
				err = fmt.Errorf("queries: %w: it used more than %s (stopped)", ErrMemory, mib(budget))
			}
			if err != nil {
				w.trip.Store(true)
				stop(err)
				return
			}
		}
	}()
	return w
}

// end stops the watch and waits for it.
func (w *memWatch) end() {
	w.once.Do(func() { close(w.quit) })
	<-w.done
}

// tripped reports whether the watch stopped the query.
func (w *memWatch) tripped() bool { return w.trip.Load() }

// release gives the memory of a stopped query (past its budget or its
// timeout) back to the operating system at once, rather than over the
// following minutes: a server whose resident set stayed at its peak would
// be the next to be killed. It costs one full collection.
func (w *memWatch) release() { debug.FreeOSMemory() }

func mib(n int64) string {
	if n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}
