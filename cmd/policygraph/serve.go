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
	MaxBody      int64
}

func newServeCmd(app *App) *cobra.Command {
	opts := &serveOptions{}
	cmd := &cobra.Command{
		Use:   "serve [--addr 127.0.0.1:8080]",
		Short: "Serve the web UI and the read-only JSON API",
		Long: `Serves the embedded web UI (tracker, canned questions, evidence, graph view,
query editor, exports) and its JSON API from this binary, offline. Read-only.

Listens on loopback by default (server.addr). Any other address needs
server.token (env POLICYGRAPH_SERVER_TOKEN), which every /api request must then
carry as "Authorization: Bearer <token>". Raw queries stop at --query-timeout.
Stops gracefully on Ctrl-C or SIGTERM. An empty store is first filled from
corpus.dir, as for tracker and ask.`,
		Example: "  policygraph serve\n  policygraph serve --addr 127.0.0.1:9000 --query-timeout 5s\n" +
			"  POLICYGRAPH_SERVER_TOKEN=s3cret policygraph serve --addr 0.0.0.0:8080",
		Args: func(cmd *cobra.Command, args []string) error {
			if err := cobra.NoArgs(cmd, args); err != nil {
				return usageError{err}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			return serveRun(cmd.Context(), app, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Addr, "addr", "", "listen address (default server.addr)")
	f.DurationVar(&opts.QueryTimeout, "query-timeout", 10*time.Second, "time limit of a raw Gizmo/GraphQL query")
	f.IntVar(&opts.MaxResults, "max-results", web.DefaultMaxResults, "result limit of a raw query")
	f.Int64Var(&opts.MaxBody, "max-body", web.DefaultMaxBody, "request body limit in bytes")
	return cmd
}

func serveRun(ctx context.Context, app *App, opts *serveOptions) error {
	cfg := web.Config{Addr: opts.Addr, Token: app.Config.Server.Token, QueryTimeout: opts.QueryTimeout,
		MaxResults: opts.MaxResults, MaxBody: opts.MaxBody, Logger: app.Logger}
	if cfg.Addr == "" {
		cfg.Addr = app.Config.Server.Addr
	}
	switch {
	case opts.QueryTimeout <= 0:
		return usageError{fmt.Errorf("--query-timeout %s: must be positive", opts.QueryTimeout)}
	case opts.MaxResults <= 0:
		return usageError{fmt.Errorf("--max-results %d: must be positive", opts.MaxResults)}
	case opts.MaxBody <= 0:
		return usageError{fmt.Errorf("--max-body %d: must be positive", opts.MaxBody)}
	}
	// Refuse an exposed address before touching the store.
	if err := web.CheckAddr(cfg.Addr, cfg.Token); err != nil {
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
	return web.Serve(ctx, store, cfg, func(addr string) {
		auth := ""
		if cfg.Token != "" {
			auth = "; /api needs the bearer token"
		}
		fmt.Fprintf(app.Err, "policygraph: serving http://%s/ (Ctrl-C to stop%s)\n", addr, auth)
	})
}
