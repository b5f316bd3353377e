package queries_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/policygraph/policygraph/domain"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/queries"
)

// benchQuads is the size of the generated benchmark graph; override with
// POLICYGRAPH_BENCH_QUADS.
func benchQuads() int {
	if v, err := strconv.Atoi(os.Getenv("POLICYGRAPH_BENCH_QUADS")); err == nil && v > 0 {
		return v
	}
	return 1_000_000
}

var (
	benchOnce  sync.Once
	benchDir   string // holds the store
	benchTemp  bool   // benchDir is ours to remove (TestMain does)
	benchErr   error
	benchBuilt time.Duration
)

// TestMain removes the benchmark store built under the temporary directory
// (about 460 MB at 1M quads) once the package's tests and benchmarks are
// done: the benchmarks of one run share it, so no b.TempDir can own it.
func TestMain(m *testing.M) {
	code := m.Run()
	if benchTemp {
		if err := os.RemoveAll(benchDir); err != nil {
			fmt.Fprintln(os.Stderr, "remove the benchmark store:", err)
			code = max(code, 1)
		}
	}
	os.Exit(code)
}

// syntheticExtractions generates articles of facts until about quads quads:
// countries taking stances on vendors, pressure and vetoes, over ten years.
func syntheticExtractions(quads int) [][]graph.Extraction {
	r := rand.New(rand.NewPCG(1, 2))
	countries := []string{"Italy", "Germany", "France", "United Kingdom", "Canada", "Australia", "Japan", "India", "Brazil", "Spain",
		"Poland", "Romania", "Hungary", "Sweden", "Denmark", "Belgium", "Netherlands", "Portugal", "Austria", "Mexico"}
	vendors := []string{"Huawei", "ZTE", "Hikvision", "Dahua"}
	rels := []domain.Relation{domain.Banned, domain.Restricted, domain.DeclinedToBan, domain.ConsideringBan, domain.Allowed, domain.Pressured, domain.Vetoed}
	mods := []domain.Modality{domain.Asserted, domain.Asserted, domain.Asserted, domain.Reported, domain.Denied, domain.Hypothetical}
	var batches [][]graph.Extraction
	var batch []graph.Extraction
	total, batchQuads := 0, 0
	for a := 0; total < quads; a++ {
		id := fmt.Sprintf("synthetic-%07d.txt", a)
		pub := fmt.Sprintf("%d-%02d-%02d", 2015+r.IntN(10), 1+r.IntN(12), 1+r.IntN(28))
		var facts []domain.Fact
		for i := 0; i < 6; i++ {
			rel := rels[r.IntN(len(rels))]
			sentence := fmt.Sprintf("Sentence %d of article %d about %s.", i, a, rel)
			f := domain.Fact{Article: id, Published: pub, Subject: countries[r.IntN(len(countries))], SubjectType: domain.Country,
				Relation: rel, Target: vendors[r.IntN(len(vendors))], Modality: mods[r.IntN(len(mods))],
				Confidence: 0.5 + r.Float64()/2, Sentence: sentence, Start: i * 100, End: i*100 + len(sentence)}
			switch rel {
			case domain.Pressured:
				f.Subject = "United States"
				f.Object, f.ObjectType = countries[r.IntN(len(countries))], domain.Country
			case domain.Vetoed:
				f.Object, f.ObjectType = "Operator-"+f.Target+" deal", domain.Deal
			}
			facts = append(facts, f)
		}
		x := graph.Extraction{Article: graph.Article{ID: id, Title: "Synthetic " + id, Published: pub, Hash: id}, Facts: facts}
		n := len(graph.ArticleQuads(x.Article, x.Facts))
		total += n
		batchQuads += n
		batch = append(batch, x)
		if batchQuads >= 10000 {
			batches = append(batches, batch)
			batch, batchQuads = nil, 0
		}
	}
	return append(batches, batch)
}

// benchStore builds (once per process) a bolt store of benchQuads() quads
// in a temporary directory that TestMain removes. With
// POLICYGRAPH_BENCH_STORE set to a directory, the store is kept there (one
// per size) and built only when absent, so that repeated runs (profiles,
// A/B comparisons) skip the build; that directory is the caller's to
// delete.
func benchStore(b *testing.B) string {
	benchOnce.Do(func() {
		if keep := os.Getenv("POLICYGRAPH_BENCH_STORE"); keep != "" {
			benchDir = keep
			benchErr = os.MkdirAll(keep, 0o755)
		} else {
			benchDir, benchErr = os.MkdirTemp("", "policygraph-bench-")
			benchTemp = benchErr == nil
		}
		if benchErr != nil {
			return
		}
		path := benchStorePath()
		if _, err := os.Stat(path); err == nil {
			return // kept from an earlier run
		}
		start := time.Now()
		// Built aside and renamed when whole: an interrupted build is
		// never taken for a kept store.
		building := path + ".building"
		if benchErr = os.RemoveAll(building); benchErr != nil {
			return
		}
		if benchErr = buildBenchStore(building); benchErr != nil {
			return
		}
		benchErr = os.Rename(building, path)
		benchBuilt = time.Since(start)
	})
	require.NoError(b, benchErr)
	return benchStorePath()
}

// buildBenchStore writes the synthetic corpus of benchQuads() quads into a
// new bolt store at path.
func buildBenchStore(path string) error {
	ctx := context.Background()
	s, err := graph.Open(ctx, graph.Options{Backend: graph.BackendBolt, Path: path})
	if err != nil {
		return err
	}
	for _, batch := range syntheticExtractions(benchQuads()) {
		if _, err := s.Write(ctx, batch); err != nil {
			_ = s.Close()
			return err
		}
	}
	return s.Close()
}

func benchStorePath() string { return filepath.Join(benchDir, fmt.Sprintf("store-%d", benchQuads())) }

var benchQuestions = []struct {
	name   string
	params queries.Params
	label  string // when a question is timed twice
}{
	{"banned", nil, ""},
	{"restricted", queries.Params{"as-of": "2019-06"}, ""},
	{"declined", queries.Params{"ever": "true"}, ""},
	{"considering", nil, ""},
	{"allowed", queries.Params{"target": "ZTE"}, ""},
	{"pressured", queries.Params{"by": "United States", "on": "Italy"}, ""},
	{"pressured", nil, "pressured-all"},
	{"banned", queries.Params{"as-of": "2018-01-01", "target": "Dahua"}, "banned-as-of"},
	{"vetoes", nil, ""},
	{"stance", queries.Params{"country": "Italy", "target": "Huawei"}, ""},
	{"stance", queries.Params{"country": "Italy"}, "stance-all-vendors"},
	{"contradictions", queries.Params{"target": "Dahua", "window": "1"}, ""},
	{"article", queries.Params{"id": "synthetic-0000042.txt"}, ""},
	{"entities", queries.Params{"type": "country"}, ""},
}

// BenchmarkCannedQueries times every canned question on a 1M-quad bolt
// store (built once, ~1 minute) and on a memstore of the same facts at a
// tenth of the size, reporting the median latency. One store is open at a
// time: the live heap of a memstore would make every collection during the
// bolt questions mark it.
func BenchmarkCannedQueries(b *testing.B) {
	ctx := context.Background()
	b.Run("bolt", func(b *testing.B) {
		s, err := graph.Open(ctx, graph.Options{Backend: graph.BackendBolt, Path: benchStore(b)})
		require.NoError(b, err)
		defer s.Close()
		st, err := s.Stats(ctx)
		require.NoError(b, err)
		b.Logf("bolt store: %d quads, %d facts, built in %s", st.Quads, st.Facts, benchBuilt.Round(time.Second))
		benchmarkQuestions(b, s)
	})
	b.Run("memstore", func(b *testing.B) {
		s, err := graph.Open(ctx, graph.Options{Backend: graph.BackendMemstore})
		require.NoError(b, err)
		defer s.Close()
		for _, batch := range syntheticExtractions(benchQuads() / 10) {
			_, err := s.Write(ctx, batch)
			require.NoError(b, err)
		}
		benchmarkQuestions(b, s)
	})
}

// benchmarkQuestions times each of benchQuestions on s.
func benchmarkQuestions(b *testing.B, s *graph.Store) {
	ctx := context.Background()
	for _, q := range benchQuestions {
		label := q.label
		if label == "" {
			label = q.name
		}
		b.Run(label, func(b *testing.B) {
			b.ReportAllocs()
			var lat []time.Duration
			cpu := processCPU()
			for b.Loop() {
				start := time.Now()
				if _, err := queries.Run(ctx, s, q.name, q.params); err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(start))
			}
			cpu = processCPU() - cpu
			sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "median-ms")
			// CPU time (the process's, garbage collection included) tells
			// changes apart on a loaded machine, where wall time waits for
			// a core.
			b.ReportMetric(float64(cpu.Microseconds())/1000/float64(len(lat)), "cpu-ms/op")
		})
	}
}
