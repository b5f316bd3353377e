package corpus_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/policygraph/policygraph/corpus"
)

func MustWrite(tb testing.TB, path string, data []byte) {
	tb.Helper()
	require.NoError(tb, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(tb, os.WriteFile(path, data, 0o644))
}

func walkAll(t *testing.T, paths []string, opts corpus.Options) ([]corpus.Article, []corpus.Problem, error) {
	t.Helper()
	var arts []corpus.Article
	var probs []corpus.Problem
	err := corpus.Walk(context.Background(), paths, opts, func(a corpus.Article) error {
		arts = append(arts, a)
		return nil
	}, func(p corpus.Problem) { probs = append(probs, p) })
	return arts, probs, err
}

func TestWalkSeedsWithManifest(t *testing.T) {
	arts, probs, err := walkAll(t, []string{"../seeds"}, corpus.Options{})
	require.NoError(t, err)
	assert.Empty(t, probs)
	require.Len(t, arts, 5)
	assert.Equal(t, "000_96e29888d8300f82.txt", arts[0].ID)
	assert.Equal(t, "Italy aborts 5G deal between Huawei, Fastweb", arts[0].Title)
	assert.Equal(t, "2020-10-24", arts[0].Published)
	assert.Equal(t, "manifest", arts[0].DateSource)
	assert.Equal(t, "2019-02", arts[1].Published)
	assert.Empty(t, arts[3].Title, "003 has no title in the manifest")
}

func TestWalkSkipsBadInputsAndKeepsTheRest(t *testing.T) {
	dir := t.TempDir()
	good := []byte("Australia banned Huawei from its 5G networks.\n")
	MustWrite(t, filepath.Join(dir, "good.txt"), good)
	MustWrite(t, filepath.Join(dir, "binary.txt"), []byte("PK\x03\x04\x00\x00binary"))
	MustWrite(t, filepath.Join(dir, "latin1.txt"), []byte("Caf\xe9 society banned nothing."))
	MustWrite(t, filepath.Join(dir, "empty.txt"), []byte("  \n\t\n"))
	MustWrite(t, filepath.Join(dir, "page.txt"), []byte("<!DOCTYPE html><html><body>x</body></html>"))
	MustWrite(t, filepath.Join(dir, "huge.txt"), bytes.Repeat([]byte("a"), 2048))
	MustWrite(t, filepath.Join(dir, "notes.md"), []byte("ignored: not an article extension"))
	require.NoError(t, os.Symlink("loop-b.txt", filepath.Join(dir, "loop-a.txt")))
	require.NoError(t, os.Symlink("loop-a.txt", filepath.Join(dir, "loop-b.txt")))
	require.NoError(t, os.Symlink(".", filepath.Join(dir, "selfdir")))
	unreadable := filepath.Join(dir, "secret.txt")
	MustWrite(t, unreadable, good)
	require.NoError(t, os.Chmod(unreadable, 0))

	arts, probs, err := walkAll(t, []string{dir, filepath.Join(dir, "missing.txt")}, corpus.Options{MaxBytes: 1024})
	require.NoError(t, err)

	ids := []string{}
	for _, a := range arts {
		ids = append(ids, a.ID)
	}
	reasons := map[string]string{}
	for _, p := range probs {
		reasons[filepath.Base(p.Path)] = p.Reason
	}
	if os.Geteuid() == 0 {
		// root reads anything: the file is simply ingested.
		assert.ElementsMatch(t, []string{"good.txt", "secret.txt"}, ids)
	} else {
		assert.Equal(t, []string{"good.txt"}, ids)
		assert.Contains(t, reasons["secret.txt"], "permission denied")
	}
	assert.Contains(t, reasons["binary.txt"], "binary")
	assert.Contains(t, reasons["latin1.txt"], "invalid UTF-8 at byte 3")
	assert.Contains(t, reasons["empty.txt"], "empty")
	assert.Contains(t, reasons["page.txt"], "HTML")
	assert.Contains(t, reasons["huge.txt"], "too large")
	assert.Contains(t, reasons["loop-a.txt"], "symbolic links")
	assert.Contains(t, reasons["missing.txt"], "no such file")
	assert.NotContains(t, reasons, "notes.md")
	for _, p := range probs {
		assert.NotContains(t, p.String(), "\n", "one line per problem")
	}
}

// TestFiftyMegabyteFile: a 50 MB single file is skipped with its size, by
// the default limit, and the other files are still read.
func TestFiftyMegabyteFile(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "huge.txt")
	f, err := os.Create(big)
	require.NoError(t, err)
	require.NoError(t, f.Truncate(50<<20))
	require.NoError(t, f.Close())
	MustWrite(t, filepath.Join(dir, "small.txt"), []byte("Chile banned Huawei from its 5G network.\n"))
	arts, probs, err := walkAll(t, []string{dir}, corpus.Options{})
	require.NoError(t, err)
	require.Len(t, arts, 1)
	require.Len(t, probs, 1)
	assert.Equal(t, big, probs[0].Path)
	assert.Contains(t, probs[0].Reason, "too large: 50.0 MB")
}

// TestBadManifestSkipsOnlyItsFolder: a malformed manifest, a misspelt key
// or an impossible date is a Problem naming file:line, and every article is
// still read (those of its folder without metadata).
func TestBadManifestSkipsOnlyItsFolder(t *testing.T) {
	for name, tc := range map[string]struct{ manifest, line, reason string }{
		"syntax":   {"articles:\n  - file: a.txt\n    published: [2020\n", ":2", "did not find"},
		"date":     {"articles:\n  - file: a.txt\n    published: 2020-13-45\n", ":3", `published "2020-13-45" is not a date`},
		"february": {"articles:\n  - file: a.txt\n  - file: b.txt\n    published: 2021-02-30\n", ":4", "is not a date"},
		"key":      {"articles:\n  - file: a.txt\n    tilte: Typo\n", ":3", `unknown key "tilte"`},
		"top key":  {"articles:\n  - file: a.txt\nartciles:\n  - file: b.txt\n", ":3", `unknown key "artciles"`},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			MustWrite(t, filepath.Join(dir, "good", "manifest.yaml"), []byte("articles:\n  - file: g.txt\n    title: Good\n"))
			MustWrite(t, filepath.Join(dir, "good", "g.txt"), []byte("Chile banned Huawei."))
			MustWrite(t, filepath.Join(dir, "bad", "a.txt"), []byte("Peru banned ZTE."))
			MustWrite(t, filepath.Join(dir, "bad", "manifest.yaml"), []byte(tc.manifest))
			arts, probs, err := walkAll(t, []string{dir}, corpus.Options{})
			require.NoError(t, err)
			require.Len(t, arts, 2, "both articles are read")
			assert.Equal(t, "bad/a.txt", arts[0].ID)
			assert.Equal(t, "mtime", arts[0].DateSource, "without the bad manifest's metadata")
			assert.Equal(t, "Good", arts[1].Title, "the other folder's manifest applies")
			require.Len(t, probs, 1)
			assert.Equal(t, filepath.Join(dir, "bad", "manifest.yaml")+tc.line, probs[0].Path)
			assert.Contains(t, probs[0].Reason, tc.reason)
		})
	}
}

// TestArticleIDsAreUniquePerPath: files of the same name in two folders are
// two articles, named by their path below the ingested folder; files
// directly in it keep their base name; two roots giving the same ID is a
// Problem, not a silent loss.
func TestArticleIDsAreUniquePerPath(t *testing.T) {
	dir := t.TempDir()
	MustWrite(t, filepath.Join(dir, "top.txt"), []byte("Chile banned Huawei."))
	MustWrite(t, filepath.Join(dir, "a", "news.txt"), []byte("Peru banned ZTE."))
	MustWrite(t, filepath.Join(dir, "b", "news.txt"), []byte("Peru allowed Huawei."))
	MustWrite(t, filepath.Join(dir, "b", "x.jsonl"), []byte(`{"text":"Peru allowed ZTE."}`+"\n"))
	arts, probs, err := walkAll(t, []string{dir}, corpus.Options{})
	require.NoError(t, err)
	assert.Empty(t, probs)
	var ids []string
	for _, a := range arts {
		ids = append(ids, a.ID)
	}
	assert.Equal(t, []string{"a/news.txt", "b/news.txt", "b/x.jsonl#1", "top.txt"}, ids)

	arts, probs, err = walkAll(t, []string{filepath.Join(dir, "a"), filepath.Join(dir, "b")}, corpus.Options{})
	require.NoError(t, err)
	require.Len(t, arts, 2, "a/news.txt and b/x.jsonl#1")
	assert.Equal(t, "news.txt", arts[0].ID)
	require.Len(t, probs, 1)
	assert.Equal(t, filepath.Join(dir, "b", "news.txt"), probs[0].Path)
	assert.Contains(t, probs[0].Reason, `same article ID "news.txt" as `+filepath.Join(dir, "a", "news.txt"))

	top := filepath.Join(dir, "top.txt")
	arts, probs, err = walkAll(t, []string{top, top}, corpus.Options{})
	require.NoError(t, err)
	assert.Len(t, arts, 1, "a file named twice is read once")
	assert.Empty(t, probs)
}

// TestInvalidByteInFileNameIsEscaped: the ID of a file whose name is not
// UTF-8 is text, with the byte as %XX.
func TestInvalidByteInFileNameIsEscaped(t *testing.T) {
	dir := t.TempDir()
	MustWrite(t, filepath.Join(dir, "caf\xe9 100%.txt"), []byte("Chile banned Huawei."))
	MustWrite(t, filepath.Join(dir, "caf\u00e9 100%.txt"), []byte("Chile banned ZTE."))
	arts, probs, err := walkAll(t, []string{dir}, corpus.Options{})
	require.NoError(t, err)
	assert.Empty(t, probs)
	require.Len(t, arts, 2)
	ids := map[string]string{}
	for _, a := range arts {
		ids[string(a.Text)] = a.ID
	}
	assert.Equal(t, "caf%E9 100%25.txt", ids["Chile banned Huawei."])
	assert.Equal(t, "caf\u00e9 100%.txt", ids["Chile banned ZTE."], "valid names stay as they are")
}

// TestDeeplyNestedHTMLIsFlattened: elements nested beyond the depth limit
// lose their tags but not their text (the nesting made reading quadratic).
func TestDeeplyNestedHTMLIsFlattened(t *testing.T) {
	dir := t.TempDir()
	n := 5000
	page := "<html><head><title>Deep</title></head><body>" + strings.Repeat("<div><script>var x = '<p>';</script>", n) +
		"<p>Italy banned Huawei from its 5G networks last year, officials said on Monday in Rome.</p>" + strings.Repeat("</div>", n) + "</body></html>"
	MustWrite(t, filepath.Join(dir, "deep.html"), []byte(page))
	arts, probs, err := walkAll(t, []string{dir}, corpus.Options{MaxHTMLDepth: 16})
	require.NoError(t, err)
	require.Empty(t, probs)
	require.Len(t, arts, 1)
	assert.Contains(t, string(arts[0].Text), "Italy banned Huawei")
	assert.NotContains(t, string(arts[0].Text), "var x", "scripts beyond the depth are dropped with their tags")
}

func TestExplicitFileWithOtherExtensionIsRead(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "article.text")
	MustWrite(t, p, []byte("Canada is still considering a ban on Huawei."))
	arts, probs, err := walkAll(t, []string{p}, corpus.Options{})
	require.NoError(t, err)
	assert.Empty(t, probs)
	require.Len(t, arts, 1)
	assert.Equal(t, "mtime", arts[0].DateSource)
	assert.Len(t, arts[0].Published, 10)
}
