package main

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/internal/pgtest"
)

// envInt reads a count from the environment (tests that measure by hand
// take bigger ones), else def.
func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

// mustCLI runs the binary and fails the test unless it exits 0.
func mustCLI(t *testing.T, bin string, args ...string) string {
	t.Helper()
	out, err := exec.Command(bin, args...).CombinedOutput()
	require.NoError(t, err, "%v: %s", args, out)
	return string(out)
}

// sortedExport is the store's N-Quads export, sorted.
func sortedExport(t *testing.T, bin string, store ...string) []string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "g.nq")
	mustCLI(t, bin, append(store, "export", "--format", "nquads", "-o", file)...)
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	sort.Strings(lines)
	return lines
}

func cliStats(t *testing.T, bin string, store ...string) graph.Stats {
	t.Helper()
	var st graph.Stats
	out, err := exec.Command(bin, append(store, "stats", "--format", "json")...).Output()
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(out, &st), string(out))
	return st
}

// killAt starts the command and kills it with SIGKILL after delay (or lets
// it finish first); it reports whether the kill came before the end.
func killAt(t *testing.T, cmd *exec.Cmd, delay time.Duration) bool {
	t.Helper()
	require.NoError(t, cmd.Start())
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
		return false
	case <-time.After(delay):
		_ = cmd.Process.Signal(syscall.SIGKILL)
		<-done
		return true
	}
}

// TestKilledReindexImportAndIngest kills reindex, import and ingest with
// SIGKILL at random moments, in bolt stores and (when
// POLICYGRAPH_TEST_POSTGRES is set) PostgreSQL databases: after each kill
// the store opens, `reindex --check` is clean, `stats` counts all articles
// after a killed reindex (a half-built index is never taken for a whole
// one), and a rerun completes an import or an ingest.
// POLICYGRAPH_CRASH_KILLS (_PG) and POLICYGRAPH_CRASH_ARTICLES (_PG) set
// the kills per command and the corpus size (defaults 2 and 300, 1 and 60
// on PostgreSQL; the figures in the report used 20 kills).
func TestKilledReindexImportAndIngest(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and kills it repeatedly")
	}
	bin := MustBinary(t)
	t.Run("bolt", func(t *testing.T) {
		dir := t.TempDir()
		killTests(t, bin, envInt("POLICYGRAPH_CRASH_KILLS", 2), envInt("POLICYGRAPH_CRASH_ARTICLES", 300), func(name string) []string {
			return []string{"--store", filepath.Join(dir, name)}
		}, func([]string) {})
	})
	t.Run("postgres", func(t *testing.T) {
		base := os.Getenv("POLICYGRAPH_TEST_POSTGRES")
		if base == "" {
			t.Skip("skipping: POLICYGRAPH_TEST_POSTGRES not set (a PostgreSQL URL)")
		}
		killTests(t, bin, envInt("POLICYGRAPH_CRASH_KILLS_PG", 1), envInt("POLICYGRAPH_CRASH_ARTICLES_PG", 60), func(string) []string {
			return []string{"--backend", "postgres", "--store", pgtest.MustFreshDatabase(t, base)}
		}, waitForSessions)
	})
}

// waitForSessions waits until the killed process's sessions are gone from
// the database: PostgreSQL ends a session (and frees its locks) once it sees
// the connection closed.
func waitForSessions(store []string) {
	db, err := sql.Open("postgres", store[len(store)-1])
	if err != nil {
		return
	}
	defer db.Close()
	for range 200 {
		var n int
		if db.QueryRow(`SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`).Scan(&n) == nil && n == 0 {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func killTests(t *testing.T, bin string, kills, articles int, newStore func(name string) []string, settle func([]string)) {
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d, %d kills per command", seed, kills)
	r := rand.New(rand.NewPCG(seed, 11))
	dir := t.TempDir()
	corpus := filepath.Join(dir, "corpus")
	MustCorpus(t, corpus, articles, r)
	ref := newStore("ref")
	mustCLI(t, bin, append(ref, "ingest", "--quiet", corpus)...)
	want := cliStats(t, bin, ref...)
	wantNQ := sortedExport(t, bin, ref...)
	dump := filepath.Join(dir, "dump.nq")
	mustCLI(t, bin, append(ref, "export", "--format", "nquads", "-o", dump)...)

	run := func(store []string, args ...string) *exec.Cmd {
		return exec.Command(bin, append(append([]string{}, store...), args...)...)
	}
	timed := func(store []string, args ...string) time.Duration {
		start := time.Now()
		out, err := run(store, args...).CombinedOutput()
		require.NoError(t, err, string(out))
		return time.Since(start)
	}
	// A kill at a random moment of a run as long as the timed one.
	kill := func(store []string, full time.Duration, args ...string) (time.Duration, bool) {
		delay := 5*time.Millisecond + time.Duration(r.Int64N(int64(full)*9/10))
		killed := killAt(t, run(store, args...), delay)
		settle(store)
		return delay, killed
	}
	check := func(store []string) graph.Stats {
		t.Helper()
		require.Contains(t, mustCLI(t, bin, append(store, "reindex", "--check")...), "agrees with the graph")
		return cliStats(t, bin, store...)
	}

	t.Run("reindex", func(t *testing.T) {
		store := newStore("reindex")
		mustCLI(t, bin, append(store, "ingest", "--quiet", corpus)...)
		full := timed(store, "reindex")
		killed := 0
		for i := range kills {
			delay, k := kill(store, full, "reindex")
			if k {
				killed++
			}
			assert.Equal(t, want, check(store), "kill %d after %s: the whole index", i, delay)
		}
		t.Logf("reindex: %d of %d runs killed before the end (full run %s); the index was whole after each", killed, kills, full)
	})

	// Import and ingest are killed in a new store each time, then rerun.
	killAndRerun := func(t *testing.T, name string, args ...string) {
		full := timed(newStore(name+"-timing"), args...)
		killed := 0
		for i := range kills {
			store := newStore(fmt.Sprintf("%s-%d", name, i))
			delay, k := kill(store, full, args...)
			if k {
				killed++
			}
			st := check(store)
			mustCLI(t, bin, append(store, args...)...)
			assert.Equal(t, want, check(store), "%s kill %d after %s (%d articles then): a rerun completes it", name, i, delay, st.Articles)
			if i == 0 {
				assert.Equal(t, wantNQ, sortedExport(t, bin, store...))
			}
		}
		t.Logf("%s: %d of %d runs killed before the end (full run %s); reindex --check clean after each", name, killed, kills, full)
	}
	t.Run("import", func(t *testing.T) { killAndRerun(t, "import", "import", dump) })
	t.Run("ingest", func(t *testing.T) { killAndRerun(t, "ingest", "ingest", "--quiet", "--batch", "2000", corpus) })
}

// TestShardProcessesOnAFreshDatabase starts three `ingest --shard I/3`
// processes at the same moment on a new PostgreSQL database (the README's
// recipe): all succeed and the graph is the one a single process makes.
// POLICYGRAPH_SHARD_RUNS sets the number of runs (default 2).
func TestShardProcessesOnAFreshDatabase(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	base := os.Getenv("POLICYGRAPH_TEST_POSTGRES")
	if base == "" {
		if os.Getenv("POLICYGRAPH_CI") != "" {
			t.Fatal("POLICYGRAPH_TEST_POSTGRES is required in CI")
		}
		t.Skip("skipping: POLICYGRAPH_TEST_POSTGRES not set (a PostgreSQL URL)")
	}
	bin := MustBinary(t)
	corpus := filepath.Join(t.TempDir(), "corpus")
	MustCorpus(t, corpus, 90, rand.New(rand.NewPCG(5, 5)))
	pg := func() []string {
		return []string{"--backend", "postgres", "--store", pgtest.MustFreshDatabase(t, base)}
	}
	one := pg()
	mustCLI(t, bin, append(one, "ingest", "--quiet", corpus)...)
	want := sortedExport(t, bin, one...)
	wantStats := cliStats(t, bin, one...)
	runs := envInt("POLICYGRAPH_SHARD_RUNS", 2)
	same := 0
	for run := range runs {
		store := pg()
		cmds := make([]*exec.Cmd, 3)
		outs := make([]strings.Builder, 3)
		for i := range cmds {
			cmds[i] = exec.Command(bin, append(store, "ingest", "--quiet", "--shard", fmt.Sprintf("%d/3", i), corpus)...)
			cmds[i].Stdout, cmds[i].Stderr = &outs[i], &outs[i]
		}
		for _, c := range cmds { // all started before any is waited for
			require.NoError(t, c.Start())
		}
		ok := true
		for i, c := range cmds {
			if !assert.NoError(t, c.Wait(), "run %d shard %d: %s", run, i, outs[i].String()) {
				ok = false
			}
		}
		if !ok {
			continue
		}
		got := sortedExport(t, bin, store...)
		if assert.Equal(t, want, got, "run %d: the shards' graph is the single process's", run) &&
			assert.Equal(t, wantStats, cliStats(t, bin, store...)) {
			same++
		}
		assert.Contains(t, mustCLI(t, bin, append(store, "reindex", "--check")...), "agrees with the graph")
	}
	t.Logf("%d of %d runs of three shards started at once gave the single process's graph", same, runs)
}
