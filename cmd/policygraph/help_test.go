package main

import (
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHelpFits80Columns prints every command's help and checks each line.
func TestHelpFits80Columns(t *testing.T) {
	var paths [][]string
	var walk func(c *cobra.Command, path []string)
	walk = func(c *cobra.Command, path []string) {
		paths = append(paths, path)
		for _, sub := range c.Commands() {
			if sub.IsAvailableCommand() {
				walk(sub, append(append([]string(nil), path...), sub.Name()))
			}
		}
	}
	walk(newRootCmd(&App{}), nil)
	require.Greater(t, len(paths), 10)
	for _, path := range paths {
		t.Run(strings.Join(append([]string{"policygraph"}, path...), " "), func(t *testing.T) {
			code, out, errOut := MustRun(t, t.TempDir(), nil, append(path, "--help")...)
			require.Equal(t, 0, code, errOut)
			require.Contains(t, out, "Usage:")
			for _, line := range strings.Split(out, "\n") {
				assert.LessOrEqual(t, len([]rune(line)), helpWidth, "%q", line)
			}
		})
	}
	assert.Equal(t, "  a b\n  c\nshort", wrapLines("  a b c\nshort", 6))
}

func TestHelpCommand(t *testing.T) {
	code, out, errOut := MustRun(t, t.TempDir(), nil, "help", "tracker")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "Usage:\n  policygraph tracker [flags]")

	code, _, errOut = MustRun(t, t.TempDir(), nil, "help", "trackr")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, `unknown command "trackr" (did you mean tracker?)`)
}
