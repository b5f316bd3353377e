package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/spf13/cobra"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/queries"
)

// Exit codes, documented in the README ("Exit status"; a test reads that
// table and checks it against exitStatuses).
const (
	exitOK      = 0
	exitError   = 1 // the command failed
	exitUsage   = 2 // bad flags, arguments, values, names or configuration
	exitPartial = 3 // the command ran but some inputs were skipped or failed
)

// exitStatuses is every exit status the program returns, with its meaning.
var exitStatuses = []struct {
	Code    int
	Meaning string
}{
	{exitOK, "success"},
	{exitError, "the command failed"},
	{exitUsage, "bad usage or configuration"},
	{exitPartial, "the command ran, but some inputs were skipped"},
}

// errPartial marks a command that completed but skipped or failed some inputs.
var errPartial = errors.New("some inputs failed")

// usageError marks an error in the command line or configuration: an
// unknown command, flag or argument, a bad value, an unknown name. Any
// error wrapped in it exits 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// exitStatus maps the error a command returned to the process exit
// status: the one table of it.
func exitStatus(err error) int {
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errPartial):
		return exitPartial
	case errors.As(err, new(usageError)), errors.Is(err, queries.ErrBadArgument):
		return exitUsage
	}
	return exitError
}

// App is what every command shares: streams, environment and the resolved
// configuration.
type App struct {
	In       io.Reader
	Out, Err io.Writer
	Getenv   func(string) string
	// Terminal reports whether a stream is a terminal and its width; nil
	// asks the operating system (tests set it).
	Terminal func(io.Writer) (width int, ok bool)

	configFile string
	Config     *Config
	Logger     *slog.Logger
}

// run executes the command line args and returns the process exit code.
func run(ctx context.Context, args []string, in io.Reader, out, errw io.Writer, getenv func(string) string) int {
	return (&App{In: in, Out: out, Err: errw, Getenv: getenv}).run(ctx, args)
}

// run executes the command line args and returns the exit status.
func (app *App) run(ctx context.Context, args []string) int {
	in, out, errw := app.In, app.Out, app.Err
	root := newRootCmd(app)
	root.SetArgs(args)
	root.SetIn(in)
	root.SetOut(out)
	root.SetErr(errw)
	err := root.ExecuteContext(ctx)
	if err != nil {
		fmt.Fprintln(errw, "policygraph:", err)
	}
	return exitStatus(err)
}

func newRootCmd(app *App) *cobra.Command {
	root := &cobra.Command{
		Use:   "policygraph",
		Short: "Track what countries decide about technology vendors, from the news",
		Long: "policygraph extracts facts (bans, restrictions, pressure, vetoes...) from news\n" +
			"articles into a Cayley graph, and answers questions about them with their\nevidence.",
		Version: versionString(),
		// Suggest commands within two edits of an unknown one.
		SuggestionsMinimumDistance: 2,
		SilenceUsage:               true,
		SilenceErrors:              true,
		// The root runs only for what is not a command: help, or an
		// unknown command (a usage error with suggestions).
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return cmd.Help()
			}
			return unknownCommand(cmd, args[0])
		},
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := loadConfig(app.configFile, cmd.Flags(), app.Getenv)
			if err != nil {
				return usageError{err}
			}
			app.Config = cfg
			level, _ := parseLevel(cfg.Log.Level)
			app.Logger = slog.New(slog.NewTextHandler(app.Err, &slog.HandlerOptions{Level: level}))
			return nil
		},
	}
	root.SetFlagErrorFunc(flagError)
	root.SetVersionTemplate("{{.Version}}\n")
	pf := root.PersistentFlags()
	pf.StringVar(&app.configFile, "config", "", "config file (default ./config.yaml if present)")
	pf.String("backend", "", "store backend: "+strings.Join(graph.Backends, ", ")+" (overrides store.backend)")
	pf.String("store", "", "bolt store directory or postgres:// URL (overrides store.path)")

	root.AddCommand(
		newConfigCmd(app),
		newIngestCmd(app),
		newExtractCmd(app),
		newTrackerCmd(app),
		newStatsCmd(app),
		newEvalCmd(app),
		newAskCmd(app),
		newQueryCmd(app),
		newExportCmd(app),
		newImportCmd(app),
		newServeCmd(app),
		newGenCmd(app),
		newReindexCmd(app),
	)
	root.SetHelpCommand(newHelpCmd(root))
	usageArgs(root)
	fitHelp(root)
	return root
}

// usageArgs makes every command's argument errors usage errors that show
// the command's usage line.
func usageArgs(cmd *cobra.Command) {
	for _, c := range cmd.Commands() {
		usageArgs(c)
	}
	if check := cmd.Args; check != nil && cmd.HasParent() {
		cmd.Args = func(c *cobra.Command, args []string) error {
			if err := check(c, args); err != nil {
				if errors.As(err, new(usageError)) {
					return err
				}
				if len(args) > 0 && strings.HasPrefix(err.Error(), "unknown command") {
					err = fmt.Errorf("takes no arguments (got %q)", args[0]) // cobra.NoArgs
				}
				return usageError{fmt.Errorf("%s: %w (usage: %s)", c.Name(), err, c.UseLine())}
			}
			return nil
		}
	}
}

// flagValueError matches pflag's error for a value its flag cannot take.
var flagValueError = regexp.MustCompile(`^invalid argument (".*") for "(?:-\w, )?--([\w-]+)" flag: `)

// flagKinds says what a flag of a pflag value type takes.
var flagKinds = map[string]string{
	"int": "a whole number", "int64": "a whole number", "uint": "a whole number, 0 or more",
	"float64": "a number", "bool": "true or false", "duration": "a duration such as 30s, 2m or 1h",
}

// flagError is the usage error of a bad flag: what a flag with a bad value
// takes, and where the flags are described.
func flagError(cmd *cobra.Command, err error) error {
	if m := flagValueError.FindStringSubmatch(err.Error()); m != nil {
		if f := cmd.Flags().Lookup(m[2]); f != nil {
			if kind, ok := flagKinds[f.Value.Type()]; ok {
				return usageError{fmt.Errorf("invalid --%s %s: want %s (see %s --help)", m[2], m[1], kind, cmd.CommandPath())}
			}
		}
	}
	return usageError{fmt.Errorf("%w (see %s --help)", err, cmd.CommandPath())}
}

// unknownCommand is the usage error of a command name that is none,
// suggesting close ones.
func unknownCommand(root *cobra.Command, name string) error {
	msg := fmt.Sprintf("unknown command %q", name)
	if s := root.SuggestionsFor(name); len(s) > 0 {
		msg += fmt.Sprintf(" (did you mean %s?)", strings.Join(s, ", "))
	}
	var names []string
	for _, c := range root.Commands() {
		if c.IsAvailableCommand() {
			names = append(names, c.Name())
		}
	}
	return usageError{fmt.Errorf("%s; commands: %s", msg, strings.Join(names, ", "))}
}

// OpenStore opens the configured store, creating a bolt store's directory on
// first use.
func (a *App) OpenStore(ctx context.Context) (*graph.Store, error) { return a.openStore(ctx, false) }

func (a *App) openStore(ctx context.Context, readOnly bool) (*graph.Store, error) {
	c := a.Config.Store
	if c.Backend == graph.BackendBolt {
		if err := os.MkdirAll(filepath.Dir(filepath.Clean(c.Path)), 0o755); err != nil {
			return nil, fmt.Errorf("create store directory: %w", err)
		}
	}
	s, err := graph.Open(ctx, graph.Options{Backend: c.Backend, Path: c.Path, ReadOnly: readOnly, ReleasePages: c.ReleasePages})
	if errors.Is(err, graph.ErrLocked) {
		if addr, ok := runningServer(c.Path); ok {
			return nil, fmt.Errorf("%w\npolicygraph serve has the store %s open: query it through its API at http://%s/api, or stop it first", err, c.Path, addr)
		}
		return nil, fmt.Errorf("%w\nanother policygraph process (ingest, import, reindex or serve) has the store %s open; wait for it to finish", err, c.Path)
	}
	return s, err
}
