package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/policygraph/policygraph/graph"
)

// Exit codes, documented in the README.
const (
	exitOK      = 0
	exitError   = 1 // the command failed
	exitUsage   = 2 // bad flags, arguments or configuration
	exitPartial = 3 // the command ran but some inputs were skipped or failed
)

// errPartial marks a command that completed but skipped or failed some inputs.
var errPartial = errors.New("some inputs failed")

// usageError marks an error in the command line or configuration.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// App is what every command shares: streams, environment and the resolved
// configuration.
type App struct {
	In       io.Reader
	Out, Err io.Writer
	Getenv   func(string) string

	configFile string
	Config     *Config
	Logger     *slog.Logger
}

// run executes the command line args and returns the process exit code.
func run(ctx context.Context, args []string, in io.Reader, out, errw io.Writer, getenv func(string) string) int {
	app := &App{In: in, Out: out, Err: errw, Getenv: getenv}
	root := newRootCmd(app)
	root.SetArgs(args)
	root.SetIn(in)
	root.SetOut(out)
	root.SetErr(errw)
	err := root.ExecuteContext(ctx)
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errPartial):
		fmt.Fprintln(errw, "policygraph:", err)
		return exitPartial
	case errors.As(err, new(usageError)):
		fmt.Fprintln(errw, "policygraph:", err)
		return exitUsage
	default:
		fmt.Fprintln(errw, "policygraph:", err)
		return exitError
	}
}

func newRootCmd(app *App) *cobra.Command {
	root := &cobra.Command{
		Use:           "policygraph",
		Short:         "Track what countries decide about technology vendors, from the news",
		Long:          "policygraph extracts facts (bans, restrictions, pressure, vetoes...) from news articles\ninto a Cayley graph, and answers questions about them with their evidence.",
		SilenceUsage:  true,
		SilenceErrors: true,
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
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
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
	return root
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
