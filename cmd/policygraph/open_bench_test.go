//go:build linux

package main

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/policygraph/policygraph/synth"
)

// BenchmarkOpenAndAsk measures `policygraph ask banned` and `policygraph
// stats` as the CLI runs them (in this process: configuration, a read-only
// open of the bolt store, the answer, the output, the close), with the
// store's files in the page cache (warm) and evicted from it before each
// run (cold: fsync, then posix_fadvise DONTNEED on every file of the
// store). It reports milliseconds per run; `stats`, which reads three
// counters, is the cost of opening and closing the store.
//
// POLICYGRAPH_BENCH_STORE names an existing store to measure (it is only
// read); without it, a store of POLICYGRAPH_BENCH_ARTICLES generated
// articles (default 500) is built first:
//
//	policygraph gen --articles 100000 --seed 1 --out /tmp/c100k
//	policygraph --store /tmp/s100k ingest /tmp/c100k
//	POLICYGRAPH_BENCH_STORE=/tmp/s100k go test ./cmd/policygraph -run - -bench OpenAndAsk -benchtime 20x
func BenchmarkOpenAndAsk(b *testing.B) {
	work := b.TempDir()
	store := os.Getenv("POLICYGRAPH_BENCH_STORE")
	if store == "" {
		n := 500
		if v, err := strconv.Atoi(os.Getenv("POLICYGRAPH_BENCH_ARTICLES")); err == nil && v > 0 {
			n = v
		}
		corpus := filepath.Join(work, "corpus")
		store = filepath.Join(work, "store")
		if _, err := synth.Write(corpus, synth.Options{Articles: n, Seed: 1}); err != nil {
			b.Fatal(err)
		}
		if code, _, errOut := MustRun(b, work, nil, "--store", store, "ingest", corpus); code != 0 {
			b.Fatalf("ingest: exit %d: %s", code, errOut)
		}
	}
	env := map[string]string{"POLICYGRAPH_STORE_PATH": store}
	for _, run := range []struct {
		name string
		cold bool
		args []string
	}{
		{"warm/ask-banned", false, []string{"ask", "banned"}},
		{"warm/stats", false, []string{"stats"}},
		{"cold/ask-banned", true, []string{"ask", "banned"}},
		{"cold/stats", true, []string{"stats"}},
	} {
		cold := run.cold
		b.Run(run.name, func(b *testing.B) {
			var total time.Duration
			for range b.N {
				if cold {
					b.StopTimer()
					evictStore(b, store)
					b.StartTimer()
				}
				start := time.Now()
				code, out, errOut := MustRun(b, work, env, run.args...)
				total += time.Since(start)
				if code != 0 || out == "" {
					b.Fatalf("%v: exit %d: %s", run.args, code, errOut)
				}
			}
			b.ReportMetric(float64(total.Microseconds())/1000/float64(b.N), "ms/run")
		})
	}
}

// evictStore drops the store's files from the page cache.
func evictStore(tb testing.TB, dir string) {
	tb.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		tb.Fatal(err)
	}
	for _, e := range entries {
		f, err := os.Open(filepath.Join(dir, e.Name()))
		if err != nil {
			tb.Fatal(err)
		}
		if err := f.Sync(); err != nil {
			tb.Fatal(err)
		}
		if err := unix.Fadvise(int(f.Fd()), 0, 0, unix.FADV_DONTNEED); err != nil {
			tb.Fatal(err)
		}
		f.Close()
	}
}
