package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/policygraph/policygraph/graph"
)

// MustCopySeeds copies the seed corpus into a fresh folder and returns it.
func MustCopySeeds(tb testing.TB) string {
	tb.Helper()
	src, err := filepath.Abs("../../seeds")
	require.NoError(tb, err)
	dst := filepath.Join(tb.TempDir(), "seeds")
	require.NoError(tb, os.MkdirAll(dst, 0o755))
	entries, err := os.ReadDir(src)
	require.NoError(tb, err)
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		require.NoError(tb, err)
		require.NoError(tb, os.WriteFile(filepath.Join(dst, e.Name()), data, 0o644))
	}
	return dst
}

func mustStats(tb testing.TB, dir string, store string) graph.Stats {
	tb.Helper()
	code, out, errOut := MustRun(tb, dir, nil, "--store", store, "stats", "--format", "json")
	require.Equal(tb, 0, code, errOut)
	var st graph.Stats
	require.NoError(tb, json.Unmarshal([]byte(out), &st), out)
	return st
}

type extractedFact struct {
	Article  string `json:"article"`
	Subject  string `json:"subject"`
	Relation string `json:"relation"`
	Sentence string `json:"sentence"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
}

func TestIngestTwiceIsIdempotentAndEditsReplaceOneArticle(t *testing.T) {
	seeds := MustCopySeeds(t)
	dir := filepath.Dir(seeds)
	store := filepath.Join(dir, "store")

	code, out, errOut := MustRun(t, dir, nil, "--store", store, "ingest", "--quiet", seeds)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "5 new, 0 changed, 0 unchanged")
	first := mustStats(t, dir, store)
	assert.Equal(t, int64(5), first.Articles)
	assert.Positive(t, first.Facts)

	code, out, errOut = MustRun(t, dir, nil, "--store", store, "ingest", "--quiet", seeds)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "0 new, 0 changed, 5 unchanged")
	assert.Equal(t, first, mustStats(t, dir, store), "a second ingest must change nothing")

	// Edit one article: drop its last paragraph (the UK ban).
	file := filepath.Join(seeds, "000_96e29888d8300f82.txt")
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	text := string(data)
	cut := strings.LastIndex(strings.TrimRight(text, "\n"), "\n\n")
	require.Positive(t, cut)
	require.NoError(t, os.WriteFile(file, []byte(text[:cut]+"\n"), 0o644))

	code, out, errOut = MustRun(t, dir, nil, "--store", store, "ingest", "--quiet", seeds)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "0 new, 1 changed, 4 unchanged")
	after := mustStats(t, dir, store)
	assert.Equal(t, int64(5), after.Articles)
	assert.Less(t, after.Facts, first.Facts, "the edited article lost a fact")

	// The other articles' facts are untouched: extract them and compare
	// with what the store holds per article.
	code, out, errOut = MustRun(t, dir, nil, "--store", store, "extract", seeds)
	require.Equal(t, 0, code, errOut)
	perArticle := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var f extractedFact
		require.NoError(t, json.Unmarshal([]byte(line), &f))
		perArticle[f.Article]++
	}
	total := 0
	for _, n := range perArticle {
		total += n
	}
	assert.Equal(t, int64(total), after.Facts)
}

func TestExtractJSONLOffsetsPointIntoTheFile(t *testing.T) {
	code, out, errOut := MustRun(t, "../..", nil, "extract", "seeds")
	require.Equal(t, 0, code, errOut)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.NotEmpty(t, lines)
	files := map[string][]byte{}
	for _, line := range lines {
		var f extractedFact
		require.NoError(t, json.Unmarshal([]byte(line), &f), line)
		require.True(t, strings.HasPrefix(line, `{"article":`), "field order fixed by DESIGN.md: %s", line)
		if files[f.Article] == nil {
			data, err := os.ReadFile(filepath.Join("seeds", f.Article))
			require.NoError(t, err)
			files[f.Article] = data
		}
		assert.Equal(t, f.Sentence, string(files[f.Article][f.Start:f.End]))
	}
}

func TestIngestReportsSkippedInputsWithExitStatus3(t *testing.T) {
	dir := t.TempDir()
	corpusDir := filepath.Join(dir, "in")
	require.NoError(t, os.MkdirAll(corpusDir, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(corpusDir, "good.txt"), []byte("Australia banned Huawei from its 5G network last year.\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(corpusDir, "bad.txt"), []byte{0xff, 0xfe, 0, 1}, 0o644))
	code, out, errOut := MustRun(t, dir, nil, "--store", filepath.Join(dir, "store"), "ingest", "--quiet", corpusDir, filepath.Join(dir, "missing"))
	assert.Equal(t, exitPartial, code)
	assert.Contains(t, errOut, "bad.txt: binary")
	assert.Contains(t, errOut, "missing: no such file")
	assert.Contains(t, out, "1 new")
	assert.Contains(t, out, "2 skipped")
}

func TestUnknownCommandAndFlagAreUsageErrors(t *testing.T) {
	code, _, errOut := MustRun(t, "", nil, "ingest", "--shard", "5/4")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "--shard")
	code, _, _ = MustRun(t, "", nil, "stats", "--no-such-flag")
	assert.Equal(t, exitUsage, code)
}

// TestFileNameWithAnInvalidByteRoundTrips: a file name that is not UTF-8
// gives an article ID with the byte escaped, which N-Quads carry as it is
// (valid UTF-8: no U+FFFD on the way back), and which an import restores.
func TestFileNameWithAnInvalidByteRoundTrips(t *testing.T) {
	dir := t.TempDir()
	corpusDir := filepath.Join(dir, "corpus")
	require.NoError(t, os.MkdirAll(corpusDir, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(corpusDir, "caf\xe9.txt"), []byte("Italy banned Huawei from its 5G networks last year, officials said.\n"), 0o644))
	store := filepath.Join(dir, "store")
	code, _, errOut := MustRun(t, dir, nil, "--store", store, "ingest", "--quiet", corpusDir)
	require.Equal(t, 0, code, errOut)
	nq := filepath.Join(dir, "graph.nq")
	code, _, errOut = MustRun(t, dir, nil, "--store", store, "export", "--format", "nquads", "-o", nq)
	require.Equal(t, 0, code, errOut)
	data, err := os.ReadFile(nq)
	require.NoError(t, err)
	assert.True(t, utf8.Valid(data), "the export is UTF-8")
	assert.Contains(t, string(data), `"caf%E9.txt"`, "the ID literal")
	assert.Contains(t, string(data), `article/caf%25E9.txt>`, "the article IRI escapes the ID")
	assert.NotContains(t, string(data), "\uFFFD")

	copyStore := filepath.Join(dir, "copy")
	code, _, errOut = MustRun(t, dir, nil, "--store", copyStore, "import", nq)
	require.Equal(t, 0, code, errOut)
	s, err := graph.Open(context.Background(), graph.Options{Backend: graph.BackendBolt, Path: copyStore})
	require.NoError(t, err)
	defer s.Close()
	_, ok, err := s.ArticleHash(context.Background(), "caf%E9.txt")
	require.NoError(t, err)
	assert.True(t, ok, "the article comes back under the same ID")
}

// TestSameNameInTwoFoldersIsTwoArticles: a/news.txt and b/news.txt are two
// articles, stably, run after run.
func TestSameNameInTwoFoldersIsTwoArticles(t *testing.T) {
	dir := t.TempDir()
	corpusDir := filepath.Join(dir, "corpus")
	for sub, text := range map[string]string{"a": "Italy banned Huawei from its 5G networks last year.\n", "b": "Canada is still considering a ban on ZTE equipment.\n"} {
		require.NoError(t, os.MkdirAll(filepath.Join(corpusDir, sub), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(corpusDir, sub, "news.txt"), []byte(text), 0o644))
	}
	store := filepath.Join(dir, "store")
	code, out, errOut := MustRun(t, dir, nil, "--store", store, "ingest", "--quiet", corpusDir)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "2 new, 0 changed, 0 unchanged")
	code, out, errOut = MustRun(t, dir, nil, "--store", store, "ingest", "--quiet", corpusDir)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "0 new, 0 changed, 2 unchanged", "no flip-flop")
	assert.Equal(t, int64(2), mustStats(t, dir, store).Articles)
}

// TestBadManifestInASubfolderDoesNotAbortTheIngest: exit status 3, the
// manifest named with its line, every article stored.
func TestBadManifestInASubfolderDoesNotAbortTheIngest(t *testing.T) {
	dir := t.TempDir()
	corpusDir := filepath.Join(dir, "corpus")
	for _, sub := range []string{"a", "b"} {
		require.NoError(t, os.MkdirAll(filepath.Join(corpusDir, sub), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(corpusDir, sub, sub+".txt"), []byte("Italy banned Huawei from its 5G networks last year.\n"), 0o644))
	}
	bad := filepath.Join(corpusDir, "b", "manifest.yaml")
	require.NoError(t, os.WriteFile(bad, []byte("articles:\n  - file: b.txt\n    published: 2020-13-45\n"), 0o644))
	store := filepath.Join(dir, "store")
	code, out, errOut := MustRun(t, dir, nil, "--store", store, "ingest", "--quiet", corpusDir)
	require.Equal(t, exitPartial, code, errOut)
	assert.Contains(t, out, "2 new")
	assert.Contains(t, errOut, bad+`:3: bad manifest: published "2020-13-45" is not a date`)
}
