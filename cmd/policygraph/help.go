package main

import (
	"strconv"
	"strings"

	"github.com/spf13/cobra"
)

// helpWidth is the width help text is wrapped to.
const helpWidth = 80

// fitHelp wraps every command's help at helpWidth columns: the long
// descriptions line by line (keeping a line's indentation), and the flag
// lists through pflag's wrapping.
func fitHelp(root *cobra.Command) {
	tmpl := root.UsageTemplate()
	for _, set := range []string{".LocalFlags", ".InheritedFlags"} {
		tmpl = strings.ReplaceAll(tmpl, set+".FlagUsages ", set+".FlagUsagesWrapped "+strconv.Itoa(helpWidth)+" ")
	}
	root.SetUsageTemplate(tmpl)
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.Long = wrapLines(c.Long, helpWidth)
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// newHelpCmd is `policygraph help [command]`, whose unknown command is a
// usage error as anywhere else (cobra's own prints a note and succeeds).
func newHelpCmd(root *cobra.Command) *cobra.Command {
	return &cobra.Command{
		Use:   "help [command]",
		Short: "Help about any command",
		Args:  cobra.ArbitraryArgs,
		RunE: func(_ *cobra.Command, args []string) error {
			cmd, rest, err := root.Find(args)
			if err != nil || cmd == nil || len(rest) > 0 && cmd == root {
				return unknownCommand(root, strings.Join(args, " "))
			}
			return cmd.Help()
		},
	}
}

// wrapLines wraps each line of text longer than width at spaces, the
// continuation lines indented as the line was.
func wrapLines(text string, width int) string {
	lines := strings.Split(text, "\n")
	var out []string
	for _, l := range lines {
		if len([]rune(l)) <= width {
			out = append(out, l)
			continue
		}
		indent := l[:len(l)-len(strings.TrimLeft(l, " "))]
		for _, w := range wrapWords(l[len(indent):], width-len(indent)) {
			out = append(out, indent+w)
		}
	}
	return strings.Join(out, "\n")
}
