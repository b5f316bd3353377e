package main

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var ansiEscape = regexp.MustCompile("\x1b\\[[0-9;]*[A-Za-z]")

// TestProgressFits80Columns draws the ingest bar for small and huge
// corpora, early and late, and checks every frame fits 80 columns and
// labels elapsed time and ETA.
func TestProgressFits80Columns(t *testing.T) {
	for _, total := range []int{5, 270, 100000, 1000000} {
		var b bytes.Buffer
		p := newIngestProgress(&b, total, 0)
		clock := p.start
		p.now = func() time.Time { return clock }
		for _, step := range []struct {
			done    int
			elapsed time.Duration
		}{{0, 0}, {1, 2 * time.Second}, {total / 3, 95 * time.Minute}, {total - 1, 12*time.Hour + 34*time.Minute}} {
			clock = p.start.Add(step.elapsed)
			p.set(step.done)
		}
		var frames []string
		for _, f := range strings.Split(ansiEscape.ReplaceAllString(b.String(), ""), "\r") {
			if strings.TrimSpace(f) != "" {
				frames = append(frames, f)
			}
		}
		require.NotEmpty(t, frames, "total %d", total)
		for _, f := range frames {
			assert.LessOrEqual(t, len([]rune(f)), 80, "total %d: %q", total, f)
			assert.Contains(t, f, "elapsed ", "total %d: %q", total, f)
			assert.Contains(t, f, "ETA ", "total %d: %q", total, f)
		}
		last := frames[len(frames)-1]
		assert.Contains(t, last, "elapsed 12h34m0s, ETA ", "total %d", total)
		assert.Contains(t, last, "/"+strconv.Itoa(total)+")", "total %d: %q", total, last)
	}
}

// TestIngestSummaryExplainsQuads ingests the seeds twice: the quads this
// run wrote and the quads in the store are told apart.
func TestIngestSummaryExplainsQuads(t *testing.T) {
	seeds := MustCopySeeds(t)
	dir := filepath.Dir(seeds)
	code, first, errOut := MustRun(t, dir, nil, "ingest", "--quiet", seeds)
	require.Equal(t, 0, code, errOut)
	written := regexp.MustCompile(`(?m)^quads: +(\d+) written by this run \(new and changed articles only\)$`)
	inAll := regexp.MustCompile(`(?m)^store: +5 articles, \d+ facts, \d+ entities, (\d+) quads in all$`)
	require.Regexp(t, written, first)
	require.Regexp(t, inAll, first)
	n := written.FindStringSubmatch(first)[1]
	assert.NotEqual(t, "0", n)
	assert.Equal(t, n, inAll.FindStringSubmatch(first)[1], "a first ingest writes every quad of the store")

	code, second, errOut := MustRun(t, dir, nil, "ingest", "--quiet", seeds)
	require.Equal(t, 0, code, errOut)
	assert.Equal(t, "0", written.FindStringSubmatch(second)[1], "unchanged articles write nothing")
	assert.Equal(t, n, inAll.FindStringSubmatch(second)[1])
	for _, line := range strings.Split(first+second, "\n") {
		assert.LessOrEqual(t, len([]rune(line)), 80, line)
	}
}
