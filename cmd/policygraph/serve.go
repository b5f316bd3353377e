package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/policygraph/policygraph/cmd/policygraph/internal/web"
	"github.com/policygraph/policygraph/graph"
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
server.token (env POLICYGRAPH_SERVER_TOKEN; at least 16 characters), which
every /api request must then carry as "Authorization: Bearer <token>". Raw
queries stop at --query-timeout (query.timeout) or past query.max_memory of
heap (507), their results are cut at --max-results or query.max_result_bytes,
and at most server.max_queries run at once with server.query_queue waiting
(429 past that). Stops gracefully on Ctrl-C or SIGTERM. An empty store is
first filled from corpus.dir, as for tracker and ask.`,
		Example: "  policygraph serve\n  policygraph serve --addr 127.0.0.1:9000 --query-timeout 5s\n" +
			"  POLICYGRAPH_SERVER_TOKEN=$(openssl rand -hex 24) \\\n    policygraph serve --addr 0.0.0.0:8080",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !cmd.Flags().Changed("query-timeout") {
				opts.QueryTimeout = app.Config.Query.Timeout
			}
			return serveRun(cmd.Context(), app, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Addr, "addr", "", "listen address (default server.addr)")
	f.DurationVar(&opts.QueryTimeout, "query-timeout", 10*time.Second, "time limit of a raw Gizmo/GraphQL query (default query.timeout)")
	f.IntVar(&opts.MaxResults, "max-results", web.DefaultMaxResults, "result limit of a raw query")
	f.Int64Var(&opts.MaxBody, "max-body", web.DefaultMaxBody, "request body limit in bytes")
	return cmd
}

func serveRun(ctx context.Context, app *App, opts *serveOptions) error {
	c := app.Config
	cfg := web.Config{Addr: opts.Addr, Token: c.Server.Token, QueryTimeout: opts.QueryTimeout,
		MaxResults: opts.MaxResults, MaxBody: opts.MaxBody, Logger: app.Logger,
		MaxMemory: c.Query.MaxMemory, MaxResultBytes: c.Query.MaxResultBytes,
		MaxQueries: c.Server.MaxQueries, QueryQueue: c.Server.QueryQueue, DefaultVendor: c.Queries.DefaultVendor}
	if cfg.QueryQueue == 0 {
		cfg.QueryQueue = -1 // none (zero would mean the default)
	}
	if cfg.Addr == "" {
		cfg.Addr = c.Server.Addr
	}
	switch {
	case opts.QueryTimeout <= 0:
		return usageError{fmt.Errorf("--query-timeout %s: must be positive", opts.QueryTimeout)}
	case opts.MaxResults <= 0:
		return usageError{fmt.Errorf("--max-results %d: must be positive", opts.MaxResults)}
	case opts.MaxBody <= 0:
		return usageError{fmt.Errorf("--max-body %d: must be positive", opts.MaxBody)}
	}
	// Refuse a weak token or an exposed address before touching the store.
	if err := web.CheckToken(cfg.Token); err != nil {
		where := c.Sources["server.token"]
		if where == "file" {
			where = "file " + c.File
		}
		return usageError{fmt.Errorf("%w (from %s)", err, where)}
	}
	if err := web.CheckAddr(cfg.Addr, cfg.Token); err != nil {
		return usageError{err}
	}
	store, err := openForQuestions(ctx, app) // read-only unless empty
	if err != nil {
		return err
	}
	defer store.Close()
	var note string // the file that tells a locked-out process where we listen
	defer func() {
		if note != "" {
			_ = os.Remove(note)
		}
	}()
	return web.Serve(ctx, store, cfg, func(addr string) {
		if c.Store.Backend == graph.BackendBolt {
			note = writeServeNote(c.Store.Path, addr)
		}
		auth := ""
		if cfg.Token != "" {
			auth = "; /api needs the bearer token"
		}
		fmt.Fprintf(app.Err, "policygraph: serving http://%s/ (Ctrl-C to stop%s)\n", addr, auth)
	})
}

// serveNote is the file in a bolt store's directory where a running server
// writes its address and process ID, for the message of a command that
// finds the store locked.
const serveNote = "serve.addr"

// writeServeNote writes the note and returns its path, or "" if it could
// not be written (the note is a courtesy, not a requirement).
func writeServeNote(dir, addr string) string {
	path := filepath.Join(dir, serveNote)
	if err := os.WriteFile(path, []byte(addr+"\n"+strconv.Itoa(os.Getpid())+"\n"), 0o644); err != nil {
		return ""
	}
	return path
}

// runningServer returns the address of the server that holds the bolt
// store in dir, if its note exists and its process is alive.
func runningServer(dir string) (string, bool) {
	data, err := os.ReadFile(filepath.Join(dir, serveNote))
	if err != nil {
		return "", false
	}
	f := strings.Fields(string(data))
	if len(f) != 2 {
		return "", false
	}
	pid, err := strconv.Atoi(f[1])
	if err != nil || pid <= 0 {
		return "", false
	}
	if err := syscall.Kill(pid, 0); err != nil && !errors.Is(err, syscall.EPERM) {
		return "", false // a note left by a killed server
	}
	return f[0], true
}
