package extract_test

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/policygraph/policygraph/extract"
)

// BenchmarkExtract extracts a corpus of at least 5 MB (the seed, development
// and golden articles, repeated) on one goroutine and reports MB/s and facts/s.
func BenchmarkExtract(b *testing.B) {
	var docs []extract.Document
	size := 0
	var files []string
	for _, g := range []string{"../seeds/*.txt", "testdata/gold/dev/*.txt", "testdata/golden/*.txt"} {
		m, err := filepath.Glob(g)
		require.NoError(b, err)
		files = append(files, m...)
	}
	require.NotEmpty(b, files)
	for size < 5<<20 {
		for _, f := range files {
			data, err := os.ReadFile(f)
			require.NoError(b, err)
			docs = append(docs, extract.Document{Name: filepath.Base(f), Text: data, Published: "2020-06-15"})
			size += len(data)
		}
	}
	e := MustExtractor(b)
	b.ReportAllocs()
	b.SetBytes(int64(size))
	b.ResetTimer()
	cpu0 := cpuTime()
	facts := 0
	for b.Loop() {
		for _, d := range docs {
			fs, err := e.Extract(d)
			if err != nil {
				b.Fatal(err)
			}
			facts += len(fs)
		}
	}
	cpu := (cpuTime() - cpu0).Seconds()
	secs := b.Elapsed().Seconds()
	if cpu > 0 {
		// throughput per second of CPU time: what one core does, whatever
		// else the machine is running
		b.ReportMetric(float64(size)*float64(b.N)/1e6/cpu, "MB/cpu-s")
	}
	b.ReportMetric(float64(size)*float64(b.N)/1e6/secs, "MB/s")
	b.ReportMetric(float64(facts)/secs, "facts/s")
	b.ReportMetric(float64(size)/1e6, "corpus-MB")
}

// cpuTime is the user and system CPU time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
