package main

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/policygraph/policygraph/cmd/policygraph/internal/web"
)

type serveOptions struct {
	Addr         string
	QueryTimeout time.Duration
	MaxResults   int
}

func newServeCmd(app *App) *cobra.Command {
	opts := &serveOptions{}
	cmd := &cobra.Command{
		Use:   "serve [--addr 127.0.0.1:8080]",
		Short: "Serve the web UI and the read-only JSON API",
		Long: `Serves the embedded web UI (tracker, canned questions, evidence, graph view,
query editor, exports) and its JSON API from this binary. Read-only. Listens on
loopback by default; any other address needs server.token, which then guards
every /api request as a bearer token. Stops gracefully on Ctrl-C or SIGTERM.`,
		Example: "  policygraph serve\n  POLICYGRAPH_SERVER_TOKEN=s3cret policygraph serve --addr 0.0.0.0:8080",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return serveRun(cmd.Context(), app, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Addr, "addr", "", "listen address (default server.addr)")
	f.DurationVar(&opts.QueryTimeout, "query-timeout", 10*time.Second, "time limit of raw queries")
	f.IntVar(&opts.MaxResults, "max-results", 1000, "result limit of raw queries")
	return cmd
}

func serveRun(ctx context.Context, app *App, opts *serveOptions) error {
	addr := opts.Addr
	if addr == "" {
		addr = app.Config.Server.Addr
	}
	if err := web.CheckAddr(addr, app.Config.Server.Token); err != nil {
		return usageError{err}
	}
	store, err := app.OpenStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	if err := ingestDefaultCorpus(ctx, app, store); err != nil {
		return err
	}
	cfg := web.Config{Addr: addr, Token: app.Config.Server.Token, QueryTimeout: opts.QueryTimeout,
		MaxResults: opts.MaxResults, Logger: app.Logger}
	return web.Serve(ctx, store, cfg, func(a string) {
		fmt.Fprintf(app.Err, "policygraph: serving http://%s/ (Ctrl-C to stop)\n", a)
	})
}
