package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/policygraph/policygraph/graph"
)

// hostileFile is one generated input and what reading it must give.
type hostileFile struct {
	name   string
	data   []byte
	stored bool   // the article is stored (possibly cut to a limit)
	reason string // else, or also, a Problem of the file with this reason
}

// hostileCorpus generates inputs that made the reader or the extractor hang
// or exhaust memory; big gives the sizes of the reports (megabytes), else
// small ones of the same shapes.
func hostileCorpus(big bool) []hostileFile {
	size := func(small, large int) int {
		if big {
			return large
		}
		return small
	}
	fact := "Italy banned Huawei from its 5G networks last year, officials said"
	var divs strings.Builder
	divs.WriteString("<html><body>")
	for divs.Len() < size(20<<10, 500<<10)/2 {
		divs.WriteString("<div>")
	}
	divs.WriteString("<p>" + fact + ".</p>")
	for divs.Len() < size(20<<10, 500<<10) {
		divs.WriteString("</div>")
	}
	divs.WriteString("</body></html>")

	var feed strings.Builder
	feed.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>`)
	items := size(1500, 40000)
	for i := range items {
		fmt.Fprintf(&feed, "<item><title>Item %d</title><link>https://news.example/%d</link><description>%s.</description></item>\n", i, i, fact)
	}
	feed.WriteString("</channel></rss>")

	var facts strings.Builder
	countries := []string{"Italy", "Germany", "France", "Spain", "Poland", "Canada", "Japan", "India"}
	for i := 0; facts.Len() < size(150<<10, 1<<20); i++ {
		fmt.Fprintf(&facts, "%s banned Huawei from its 5G networks last year, officials said.\n", countries[i%len(countries)])
	}
	files := []hostileFile{
		{name: "good.txt", data: []byte(fact + ".\n"), stored: true},
		{name: "nested.html", data: []byte(divs.String()), stored: true},
		{name: "oneline.txt", data: []byte(strings.Repeat(fact+" ", size(60<<10, 2_000_000)/(len(fact)+1))), stored: true},
		{name: "facts.txt", data: []byte(facts.String()), stored: true},
		{name: "feed.xml", data: []byte(feed.String()), reason: fmt.Sprintf("feed has %d items: only the first 1000 are read", items)},
		{name: "binary.txt", data: []byte("PK\x03\x04\x00\x00\x01binary"), reason: "binary file"},
		{name: "latin1.txt", data: []byte("Caf\xe9 society banned nothing at all."), reason: "invalid UTF-8 at byte 3"},
		{name: "empty.txt", data: []byte(" \n\t\n"), reason: "empty file"},
		{name: "empty.html", data: nil, reason: "empty file"},
		{name: "binary.html", data: []byte("\x00\x01\x02<html>"), reason: "binary file"},
	}
	if big {
		var huge strings.Builder
		for i := 0; huge.Len() < 8_000_000; i++ {
			fmt.Fprintf(&huge, "%s banned Huawei from its 5G networks last year, officials said.\n", countries[i%len(countries)])
		}
		files = append(files, hostileFile{name: "facts8m.txt", data: []byte(huge.String()), reason: "text too large"},
			hostileFile{name: "oneline5m.txt", data: []byte(strings.Repeat(fact+" ", 5<<20/(len(fact)+1))), reason: "text too large"})
	}
	return files
}

// TestHostileCorpus ingests the generated hostile corpus into a bolt store
// through the command: every file is stored or skipped with its reason,
// and the store is consistent afterwards. The sizes of the reports run
// without -short.
func TestHostileCorpus(t *testing.T) {
	dir := t.TempDir()
	corpusDir := filepath.Join(dir, "hostile")
	require.NoError(t, os.MkdirAll(corpusDir, 0o755))
	files := hostileCorpus(!testing.Short())
	for _, f := range files {
		require.NoError(t, os.WriteFile(filepath.Join(corpusDir, f.name), f.data, 0o644))
	}
	store := filepath.Join(dir, "store")
	cfg := filepath.Join(dir, "config.yaml")
	require.NoError(t, os.WriteFile(cfg, []byte("ingest:\n  max_facts: 500\n"), 0o644))
	code, out, errOut := MustRun(t, dir, nil, "--config", cfg, "--store", store, "ingest", "--quiet", "--format", "json", corpusDir)
	require.Equal(t, exitPartial, code, errOut)
	var doc struct {
		Ingest struct {
			New, Failed, Skipped, Truncated int
			Problems                        []struct{ Path, Reason string }
		} `json:"ingest"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &doc), out)
	reasons := map[string]string{}
	for _, p := range doc.Ingest.Problems {
		require.NotEmpty(t, p.Reason, p.Path)
		reasons[filepath.Base(p.Path)] = p.Reason
	}
	assert.Contains(t, errOut, "article=facts.txt", "the cut is logged with the article's name")
	assert.GreaterOrEqual(t, doc.Ingest.Truncated, 1)

	s, err := graph.Open(context.Background(), graph.Options{Backend: graph.BackendBolt, Path: store})
	require.NoError(t, err)
	defer s.Close()
	for _, f := range files {
		_, ok, err := s.ArticleHash(context.Background(), f.name)
		require.NoError(t, err)
		assert.Equal(t, f.stored, ok, "%s stored", f.name)
		if f.reason != "" {
			assert.Contains(t, reasons[f.name], f.reason, f.name)
		} else {
			assert.NotContains(t, reasons, f.name)
		}
	}
	st, err := s.Stats(context.Background())
	require.NoError(t, err)
	assert.Equal(t, int64(4+1000), st.Articles, "the stored files and the first 1000 feed items")
	diffs, err := s.CheckIndex(context.Background())
	require.NoError(t, err)
	assert.Empty(t, diffs, "the fact index agrees with the graph")
}

// TestInterruptStopsARunningIngest: the first SIGINT stops a running
// ingest promptly, with exit status 1, and the store opens after. (An
// extraction that never ends is simulated in-process by ingest's
// TestCancelStopsWithAnExtractionStuck; no input is slow enough for that
// any more, so here the binary is given a corpus far larger than a second's
// work.)
func TestInterruptStopsARunningIngest(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := MustBinary(t)
	dir := t.TempDir()
	corpusDir := filepath.Join(dir, "corpus")
	require.NoError(t, os.MkdirAll(corpusDir, 0o755))
	para := strings.Repeat("Italy banned Huawei from its 5G networks last year, officials said. Germany is weighing new rules on ZTE. ", 400)
	for i := 0; i < 900; i++ {
		require.NoError(t, os.WriteFile(filepath.Join(corpusDir, fmt.Sprintf("a%04d.txt", i)), []byte(fmt.Sprintf("Article %d.\n\n%s\n", i, para)), 0o644))
	}
	store := filepath.Join(dir, "store")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute) // a guard against a hang, not a measure
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--store", store, "ingest", "--quiet", corpusDir)
	cmd.Env = append(os.Environ(), "POLICYGRAPH_INGEST_ARTICLE_TIMEOUT=0")
	var errOut strings.Builder
	cmd.Stderr = &errOut
	require.NoError(t, cmd.Start())
	time.Sleep(500 * time.Millisecond) // into the ingest
	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	err := cmd.Wait()
	require.Error(t, err)
	require.NoError(t, ctx.Err(), "the ingest stopped on the signal, not on the guard: %s", errOut.String())
	assert.Equal(t, exitError, cmd.ProcessState.ExitCode(), errOut.String())
	assert.Contains(t, errOut.String(), "interrupted")
	s, err := graph.Open(context.Background(), graph.Options{Backend: graph.BackendBolt, Path: store})
	require.NoError(t, err, "the store was closed cleanly")
	require.NoError(t, s.Close())
}
