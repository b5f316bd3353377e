package extract_test

import (
	"os"
	"path/filepath"
	"testing"

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
	secs := b.Elapsed().Seconds()
	b.ReportMetric(float64(size)*float64(b.N)/1e6/secs, "MB/s")
	b.ReportMetric(float64(facts)/secs, "facts/s")
	b.ReportMetric(float64(size)/1e6, "corpus-MB")
}
