package main

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// BenchmarkExtractCommand runs `policygraph extract` end to end — reading
// the files, extracting, printing JSON lines to a sink — over a generated
// corpus of 1,000 articles (about 0.9 MB; POLICYGRAPH_BENCH_ARTICLES sets
// another size), or over the folder POLICYGRAPH_BENCH_CORPUS names. It
// reports MB of article text per second of wall time and per second of CPU
// time (what one core does, whatever else the machine runs).
func BenchmarkExtractCommand(b *testing.B) {
	dir := os.Getenv("POLICYGRAPH_BENCH_CORPUS")
	if dir == "" {
		n := 1000
		if v, err := strconv.Atoi(os.Getenv("POLICYGRAPH_BENCH_ARTICLES")); err == nil && v > 0 {
			n = v
		}
		dir = mustSynthCorpus(b, n)
	}
	size := mustArticleBytes(b, dir)
	home := b.TempDir() // the default store's place: extract opens none
	getenv := func(k string) string {
		if k == "HOME" {
			return home
		}
		return ""
	}
	var lines lineCounter
	b.ResetTimer()
	cpu0 := processCPU()
	for b.Loop() {
		var errb bytes.Buffer
		app := &App{In: bytes.NewReader(nil), Out: &lines, Err: &errb, Getenv: getenv}
		if code := app.run(context.Background(), []string{"extract", dir}); code != 0 {
			b.Fatalf("extract exited %d: %s", code, errb.String())
		}
	}
	cpu := (processCPU() - cpu0).Seconds()
	secs := b.Elapsed().Seconds()
	mb := float64(size) * float64(b.N) / 1e6
	if cpu > 0 {
		b.ReportMetric(mb/cpu, "MB/cpu-s")
	}
	b.ReportMetric(mb/secs, "MB/s")
	b.ReportMetric(float64(lines.n)/secs, "facts/s")
	b.ReportMetric(float64(size)/1e6, "corpus-MB")
}

// lineCounter is a sink that counts the lines written to it.
type lineCounter struct{ n int }

func (c *lineCounter) Write(p []byte) (int, error) {
	c.n += bytes.Count(p, []byte{'\n'})
	return len(p), nil
}

// mustArticleBytes is the size of the article files under dir (every file
// but the manifest).
func mustArticleBytes(tb testing.TB, dir string) int64 {
	tb.Helper()
	var size int64
	require.NoError(tb, filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == "manifest.yaml" {
			return err
		}
		info, err := d.Info()
		if err == nil {
			size += info.Size()
		}
		return err
	}))
	require.Positive(tb, size, "no articles under %s", dir)
	return size
}

// processCPU is the user and system CPU time the process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
