package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/policygraph/policygraph/corpus"
	"github.com/policygraph/policygraph/domain"
	"github.com/policygraph/policygraph/extract"
	"github.com/policygraph/policygraph/ingest"
	"github.com/policygraph/policygraph/synth"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files in testdata/extract")

// goldenSynthArticles is the size of the generated corpus whose extraction
// is kept as a golden file.
const goldenSynthArticles = 60

// mustSynthCorpus writes the generated corpus of n articles and seed 1 into
// a fresh folder and returns it.
func mustSynthCorpus(tb testing.TB, n int) string {
	tb.Helper()
	dir := filepath.Join(tb.TempDir(), "synth")
	_, err := synth.Write(dir, synth.Options{Articles: n, Seed: 1})
	require.NoError(tb, err)
	return dir
}

// mustProblemCorpus writes a folder of good articles mixed with inputs
// extract skips — a binary file, invalid UTF-8, an empty file, a text over
// ingest's size limit, a JSON-lines file with a bad line — and a line too
// long for the extractor, each file dated by a fixed modification time.
func mustProblemCorpus(tb testing.TB) string {
	tb.Helper()
	dir := filepath.Join(tb.TempDir(), "mixed")
	require.NoError(tb, os.MkdirAll(dir, 0o755))
	long := strings.Repeat("Officials said the review continued for weeks and nobody commented on it ", 300) +
		"and then Australia banned Huawei from its 5G network. " + strings.Repeat("More words follow here without end ", 200)
	files := []struct {
		name string
		data []byte
	}{
		{"a_good.txt", []byte("Australia banned Huawei from its 5G network last year.\n")},
		{"b_binary.txt", []byte{0xff, 0xfe, 0, 1}},
		{"c_good.txt", []byte("Germany declined to ban Huawei from its networks in 2019.\n\nItaly vetoed a 5G deal between Fastweb and Huawei.\n")},
		{"d_invalid.txt", []byte("Sweden banned Huawei \xff\xfe from 5G.\n")},
		{"e_empty.txt", []byte("  \n")},
		{"f_feed.jsonl", []byte(`{"id":"f1","text":"Japan excluded Huawei and ZTE from government contracts.","published":"2018-12-10"}` + "\nnot json\n" +
			`{"id":"f2","text":"The United States pressured Britain to ban Huawei.","published":"2019-04"}` + "\n")},
		{"g_huge.txt", bytes.Repeat([]byte("Nothing happened today. "), (ingest.DefaultMaxTextBytes/24)+10)},
		{"h_long_line.txt", []byte(long + "\n")},
		{"i_good.txt", []byte("France restricted Huawei equipment near military sites in 2020.\n")},
	}
	when := time.Date(2021, 3, 4, 12, 0, 0, 0, time.UTC)
	for _, f := range files {
		p := filepath.Join(dir, f.name)
		require.NoError(tb, os.WriteFile(p, f.data, 0o644))
		require.NoError(tb, os.Chtimes(p, when, when))
	}
	return dir
}

// TestExtractOutputMatchesGolden pins what `policygraph extract` prints, in
// every format, on the seeds and a generated corpus: a faster extract must
// print the same bytes. `go test ./cmd/policygraph -run TestExtractOutput -update`
// rewrites the golden files.
func TestExtractOutputMatchesGolden(t *testing.T) {
	synthDir := mustSynthCorpus(t, goldenSynthArticles)
	seeds, err := filepath.Abs("../../seeds")
	require.NoError(t, err)
	cases := []struct {
		name string
		args []string
	}{
		{"seeds.jsonl", []string{"extract", seeds}},
		{"seeds-explain.jsonl", []string{"extract", "--explain", seeds}},
		{"seeds.table", []string{"extract", "--format", "table", seeds}},
		{"seeds-explain.table", []string{"extract", "--format", "table", "--explain", seeds}},
		{"seeds-files.jsonl", []string{"extract", filepath.Join(seeds, "003_0e5be0eb0b0a920a.txt"), filepath.Join(seeds, "000_96e29888d8300f82.txt")}},
		{"synth-explain.jsonl", []string{"extract", "--explain", synthDir}},
		{"synth.table", []string{"extract", "--format", "table", synthDir}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errOut := MustRun(t, "", nil, c.args...)
			require.Equal(t, 0, code, errOut)
			require.NotEmpty(t, out)
			mustMatchGolden(t, filepath.Join("testdata", "extract", c.name), out)
		})
	}
}

// TestExtractReportsEachSkippedInputInOrder: every input extract cannot use
// is reported on stderr, in the order of the corpus, the good ones'
// facts are still printed, and the exit status says inputs were skipped.
func TestExtractReportsEachSkippedInputInOrder(t *testing.T) {
	dir := mustProblemCorpus(t)
	missing := filepath.Join(dir, "no-such-file.txt")
	for _, format := range []string{"jsonl", "table"} {
		t.Run(format, func(t *testing.T) {
			code, out, errOut := MustRun(t, "", nil, "extract", "--format", format, "--explain", dir, missing)
			assert.Equal(t, exitPartial, code)
			errOut = strings.ReplaceAll(errOut, dir, "DIR")
			out = strings.ReplaceAll(out, dir, "DIR")
			mustMatchGolden(t, filepath.Join("testdata", "extract", "mixed-"+format+".stderr"), errOut)
			mustMatchGolden(t, filepath.Join("testdata", "extract", "mixed-"+format+".out"), out)
		})
	}
}

// TestExtractKeepsTheFirstFactsOfAnArticleOverTheLimit: an article stating
// more facts than ingest's limit prints its first ones, by position, as
// ingest stores them.
func TestExtractKeepsTheFirstFactsOfAnArticleOverTheLimit(t *testing.T) {
	dir := t.TempDir()
	var text strings.Builder
	countries := []string{"Australia", "Japan", "Sweden", "France", "Italy", "Germany", "Canada", "India"}
	for i := 0; text.Len() < 200<<10; i++ {
		text.WriteString(countries[i%len(countries)] + " banned Huawei from its 5G network.\n\n")
	}
	file := filepath.Join(dir, "many.txt")
	require.NoError(t, os.WriteFile(file, []byte(text.String()), 0o644))
	code, out, errOut := MustRun(t, "", nil, "extract", file)
	require.Equal(t, 0, code, errOut)

	ex, err := extract.New(extract.Options{})
	require.NoError(t, err)
	var want []domain.Fact
	require.NoError(t, corpus.Walk(t.Context(), []string{file}, corpus.Options{}, func(a corpus.Article) error {
		all, err := ex.Extract(extract.Document{Name: a.ID, Text: a.Text, Published: a.Published, Title: a.Title})
		require.NoError(t, err)
		require.Greater(t, len(all), ingest.DefaultMaxFacts, "the article must state more facts than the limit")
		want = all[:ingest.DefaultMaxFacts]
		return nil
	}, nil))
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	require.Len(t, lines, ingest.DefaultMaxFacts)
	for i, line := range lines {
		var f domain.Fact
		require.NoError(t, json.Unmarshal([]byte(line), &f))
		want[i].Cues = nil
		require.Equal(t, want[i], f, "fact %d", i)
	}
}

// mustMatchGolden compares got with the golden file, or rewrites it with
// -update.
func mustMatchGolden(t *testing.T, golden, got string) {
	t.Helper()
	if *updateGolden {
		require.NoError(t, os.MkdirAll(filepath.Dir(golden), 0o755))
		require.NoError(t, os.WriteFile(golden, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err, "run go test ./cmd/policygraph -run TestExtract -update to create it")
	if string(want) != got {
		t.Errorf("output differs from %s (go test ./cmd/policygraph -run TestExtract -update rewrites it): %s", golden, firstDifference(string(want), got))
	}
}

// firstDifference describes the first line where got differs from want.
func firstDifference(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return "line " + strconv.Itoa(i+1) + ":\n  want " + wl + "\n  got  " + gl
		}
	}
	return "same lines"
}

// TestExtractInterleavesReportsWithFactsInCorpusOrder: on one stream (as
// 2>&1 makes them), each report of a skipped input comes between the
// facts of the articles read before it and those read after, as when
// every fact was written at once.
func TestExtractInterleavesReportsWithFactsInCorpusOrder(t *testing.T) {
	dir := mustProblemCorpus(t)
	var both bytes.Buffer
	app := &App{In: bytes.NewReader(nil), Out: &both, Err: &both, Getenv: func(k string) string {
		if k == "HOME" {
			return t.TempDir()
		}
		return ""
	}}
	code := app.run(t.Context(), []string{"extract", dir})
	require.Equal(t, exitPartial, code, both.String())
	var order []string
	for _, line := range strings.Split(strings.TrimSpace(both.String()), "\n") {
		var f domain.Fact
		switch {
		case strings.HasPrefix(line, "skipped "):
			name, _, _ := strings.Cut(strings.TrimPrefix(line, "skipped "+dir+string(filepath.Separator)), ":")
			order = append(order, "skipped "+name)
		case json.Unmarshal([]byte(line), &f) == nil:
			if len(order) == 0 || order[len(order)-1] != f.Article {
				order = append(order, f.Article)
			}
		default:
			order = append(order, line)
		}
	}
	assert.Equal(t, []string{"a_good.txt", "skipped b_binary.txt", "c_good.txt", "skipped d_invalid.txt", "skipped e_empty.txt",
		"skipped f_feed.jsonl", "f1", "skipped g_huge.txt", "h_long_line.txt", "i_good.txt",
		"policygraph: some inputs failed: 5 inputs skipped"}, order)
}
