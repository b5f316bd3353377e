package main

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/policygraph/policygraph/domain"
	"github.com/policygraph/policygraph/extract"
	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/queries"
)

// MustBinary builds the policygraph binary once per test.
func MustBinary(tb testing.TB) string {
	tb.Helper()
	bin := filepath.Join(tb.TempDir(), "policygraph")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	require.NoError(tb, err, string(out))
	return bin
}

var templates = []string{
	"%s banned %s from its 5G networks last year, officials said.",
	"The government of %s has refused to ban %s, the minister said on Monday.",
	"%s is still considering a ban on %s equipment.",
	"Amid U.S. pressure, %s has imposed restrictions on operators using %s equipment.",
	"%s will let %s take part in building its 5G network, the foreign minister said.",
}

// MustCorpus writes n articles about random countries and vendors.
func MustCorpus(tb testing.TB, dir string, n int, r *rand.Rand) {
	tb.Helper()
	countries := []string{"Italy", "Germany", "France", "Spain", "Poland", "Canada", "Japan", "India", "Brazil", "Sweden"}
	vendors := []string{"Huawei", "ZTE"}
	require.NoError(tb, os.MkdirAll(dir, 0o755))
	var manifest strings.Builder
	manifest.WriteString("articles:\n")
	for i := range n {
		var b strings.Builder
		for range 3 + r.IntN(5) {
			fmt.Fprintf(&b, templates[r.IntN(len(templates))]+"\n\n", countries[r.IntN(len(countries))], vendors[r.IntN(len(vendors))])
		}
		name := fmt.Sprintf("a%04d.txt", i)
		require.NoError(tb, os.WriteFile(filepath.Join(dir, name), []byte(b.String()), 0o644))
		fmt.Fprintf(&manifest, "  - file: %s\n    published: 2020-%02d-%02d\n", name, 1+r.IntN(12), 1+r.IntN(28))
	}
	require.NoError(tb, os.WriteFile(filepath.Join(dir, "manifest.yaml"), []byte(manifest.String()), 0o644))
}

// assertWholeArticles opens the store and checks that every stored article
// has exactly the statements a fresh extraction of its file gives — of its
// current text, or of its previous text (old) when it was changed since.
func assertWholeArticles(t *testing.T, storePath, corpusDir string, old map[string][]byte) graph.Stats {
	t.Helper()
	ctx := context.Background()
	s, err := graph.Open(ctx, graph.Options{Backend: graph.BackendBolt, Path: storePath})
	require.NoError(t, err, "the store opens after a kill")
	defer s.Close()
	diffs, err := s.CheckIndex(ctx)
	require.NoError(t, err)
	assert.Empty(t, diffs, "the fact index agrees with the graph")
	ex, err := extract.New(extract.Options{})
	require.NoError(t, err)
	entries, err := os.ReadDir(corpusDir)
	require.NoError(t, err)
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".txt") {
			continue
		}
		if _, ok, err := s.ArticleHash(ctx, e.Name()); err != nil || !ok {
			require.NoError(t, err)
			continue // not ingested yet: fine
		}
		data, err := os.ReadFile(filepath.Join(corpusDir, e.Name()))
		require.NoError(t, err)
		facts, err := ex.Extract(extract.Document{Name: e.Name(), Text: data})
		require.NoError(t, err)
		res, err := queries.Run(ctx, s, "article", queries.Params{"id": e.Name()})
		require.NoError(t, err)
		want := []int{len(uniqueStatements(facts))}
		if prev, ok := old[e.Name()]; ok {
			pf, err := ex.Extract(extract.Document{Name: e.Name(), Text: prev})
			require.NoError(t, err)
			want = append(want, len(uniqueStatements(pf)))
		}
		assert.Contains(t, want, len(res.Rows), "article %s is whole", e.Name())
	}
	st, err := s.Stats(ctx)
	require.NoError(t, err)
	return st
}

func uniqueStatements(facts []domain.Fact) map[string]bool {
	m := map[string]bool{}
	for i := range facts {
		m[string(graph.StatementIRI(&facts[i]))] = true
	}
	return m
}

// TestCrashSafety kills ingest at random moments with SIGKILL: the store
// must open and hold only whole articles, and a new ingest completes it.
func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and kills it repeatedly")
	}
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	r := rand.New(rand.NewPCG(seed, 7))
	bin := MustBinary(t)
	dir := t.TempDir()
	corpus := filepath.Join(dir, "corpus")
	MustCorpus(t, corpus, 400, r)
	store := filepath.Join(dir, "store")

	ingestCmd := func() *exec.Cmd {
		return exec.Command(bin, "--store", store, "ingest", "--quiet", "--batch", "300", corpus)
	}
	// How long a full run takes, to aim the kills.
	ref := filepath.Join(dir, "ref")
	start := time.Now()
	out, err := exec.Command(bin, "--store", ref, "ingest", "--quiet", corpus).CombinedOutput()
	require.NoError(t, err, string(out))
	full := time.Since(start)

	old := map[string][]byte{}
	for i := range 6 {
		if i == 3 {
			// Change some articles, so that kills also hit replacements.
			for k := range 40 {
				p := filepath.Join(corpus, fmt.Sprintf("a%04d.txt", k*7))
				data, err := os.ReadFile(p)
				require.NoError(t, err)
				old[filepath.Base(p)] = data
				require.NoError(t, os.WriteFile(p, append(data, []byte("\n\nSweden banned ZTE from its core network.\n")...), 0o644))
			}
		}
		cmd := ingestCmd()
		require.NoError(t, cmd.Start())
		delay := time.Duration(20+r.IntN(int(full.Milliseconds())+1)) * time.Millisecond
		time.Sleep(delay)
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()
		st := assertWholeArticles(t, store, corpus, old)
		t.Logf("kill %d after %s: %d articles stored", i, delay, st.Articles)
	}

	out, err = ingestCmd().CombinedOutput()
	require.NoError(t, err, string(out))
	got := assertWholeArticles(t, store, corpus, nil)

	// A clean one-shot ingest of the final corpus gives the same graph.
	clean := filepath.Join(dir, "clean")
	out, err = exec.Command(bin, "--store", clean, "ingest", "--quiet", corpus).CombinedOutput()
	require.NoError(t, err, string(out))
	want := assertWholeArticles(t, clean, corpus, nil)
	assert.Equal(t, want.Articles, got.Articles)
	assert.Equal(t, want.Facts, got.Facts)
	assert.Equal(t, want.Entities, got.Entities)
}

// TestSecondProcessGetsAClearError: while `serve` holds the bolt store, a
// CLI command fails within 5 seconds with a message naming the store and
// pointing at the server — never a silent hang.
func TestSecondProcessGetsAClearError(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := MustBinary(t)
	dir := t.TempDir()
	seeds := MustCopySeeds(t)
	store := filepath.Join(dir, "store")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	srv := exec.CommandContext(ctx, bin, "--store", store, "serve", "--addr", "127.0.0.1:0")
	srv.Env = append(os.Environ(), "POLICYGRAPH_CORPUS_DIR="+seeds)
	stderr, err := srv.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, srv.Start())
	defer func() { _ = srv.Process.Signal(syscall.SIGTERM); _ = srv.Wait() }()
	sc := bufio.NewScanner(stderr)
	ready := false
	for sc.Scan() {
		if strings.Contains(sc.Text(), "serving http://") {
			ready = true
			break
		}
	}
	require.True(t, ready, "serve started")
	go func() {
		for sc.Scan() {
		}
	}()

	start := time.Now()
	cctx, ccancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer ccancel()
	out, err := exec.CommandContext(cctx, bin, "--store", store, "stats").CombinedOutput()
	elapsed := time.Since(start)
	require.Error(t, err)
	assert.Less(t, elapsed, 5*time.Second, "no hang")
	assert.Contains(t, string(out), store, "names the store")
	assert.Contains(t, string(out), "serve", "says how to query the running server")
	var ee *exec.ExitError
	require.ErrorAs(t, err, &ee)
	assert.Equal(t, exitError, ee.ExitCode())
}
