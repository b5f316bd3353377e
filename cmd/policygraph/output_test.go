package main

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// terminalOf stands for a terminal of the given width on every stream.
func terminalOf(width int) func(io.Writer) (int, bool) {
	return func(io.Writer) (int, bool) { return width, true }
}

func TestOutputWidth(t *testing.T) {
	tests := []struct {
		name     string
		terminal func(io.Writer) (int, bool)
		columns  string
		want     int
	}{
		{"piped output has no limit", func(io.Writer) (int, bool) { return 0, false }, "", 0},
		{"piped output ignores COLUMNS", func(io.Writer) (int, bool) { return 0, false }, "120", 0},
		{"terminal width", terminalOf(132), "", 132},
		{"COLUMNS overrides the terminal", terminalOf(132), "100", 100},
		{"a COLUMNS that is no number is ignored", terminalOf(132), "wide", 132},
		{"a terminal of unknown width", terminalOf(0), "", 80},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := &App{Out: io.Discard, Terminal: tt.terminal, Getenv: func(k string) string {
				if k == "COLUMNS" {
					return tt.columns
				}
				return ""
			}}
			assert.Equal(t, tt.want, app.outputWidth())
		})
	}
}

func TestTableFitsTheWidth(t *testing.T) {
	sentence := "Germany, however, has refused to ban Huawei from its 5G networks, and the government has said that it does not plan to exclude any single vendor from the auction."
	tab := func(width int, whole bool) []string {
		var b bytes.Buffer
		tb := table{Columns: []string{"country", "stance", "evidence"}, Wide: 2, Width: width, Whole: whole,
			Rows: [][]string{{"Germany", "declined_to_ban", "a.txt: " + sentence}}}
		require.NoError(t, tb.render(&b, "table"))
		return strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
	}
	longest := func(lines []string) int {
		n := 0
		for _, l := range lines {
			n = max(n, len([]rune(l)))
		}
		return n
	}

	piped := tab(0, false)
	require.Len(t, piped, 3)
	assert.Equal(t, "    a.txt: "+sentence, piped[2], "without a width the sentence is whole")

	for _, width := range []int{60, 80, 120} {
		lines := tab(width, false)
		require.Len(t, lines, 3)
		assert.Equal(t, width, len([]rune(lines[2])), "cut to the terminal's width %d", width)
		assert.True(t, strings.HasSuffix(lines[2], "…"))

		wrapped := tab(width, true)
		assert.LessOrEqual(t, longest(wrapped), width, "--wide wraps to the width %d", width)
		var text []string
		for _, l := range wrapped[2:] {
			assert.True(t, strings.HasPrefix(l, wideIndent), l)
			text = append(text, strings.TrimSpace(l))
		}
		assert.Equal(t, "a.txt: "+sentence, strings.Join(text, " "), "--wide keeps every word")
	}
	assert.Len(t, tab(0, true), 3, "--wide on piped output: one line, whole")
	assert.Equal(t, []string{"abcde", "fgh", "ij kl"}, wrapWords("abcdefgh ij kl", 5), "an overlong word is cut")
}

// TestEvidenceWidthEndToEnd runs tracker and ask piped and on terminals of
// two widths.
func TestEvidenceWidthEndToEnd(t *testing.T) {
	dir, env := MustSeedStore(t)
	for _, args := range [][]string{{"tracker"}, {"ask", "declined"}} {
		code, out, errOut := MustRun(t, dir, env, args...)
		require.Equal(t, 0, code, errOut)
		assert.NotContains(t, out, "…", "%v: piped output is never cut", args)
		assert.Contains(t, out, "governments in the UK and France have thus far declined to say they will ban Huawei.", args)

		for _, width := range []int{60, 132} {
			code, out, errOut = MustRunOn(t, dir, env, terminalOf(width), args...)
			require.Equal(t, 0, code, errOut)
			assert.Contains(t, out, "…", "%v: cut at %d", args, width)
			code, wide, errOut := MustRunOn(t, dir, env, terminalOf(width), append(args, "--wide")...)
			require.Equal(t, 0, code, errOut)
			assert.NotContains(t, wide, "…", "%v --wide: whole sentences", args)
			for _, line := range strings.Split(strings.TrimSpace(out+wide), "\n") {
				if strings.HasPrefix(line, wideIndent) {
					assert.LessOrEqual(t, len([]rune(line)), width, "%v at %d: %q", args, width, line)
				}
			}
		}
	}
}
