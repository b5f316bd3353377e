package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/policygraph/policygraph/queries"
)

type queryOptions struct {
	Lang    string
	Timeout time.Duration
	Limit   int
	Text    string
}

func newQueryCmd(app *App) *cobra.Command {
	opts := &queryOptions{}
	cmd := &cobra.Command{
		Use:   "query --lang gizmo|graphql 'QUERY' | -",
		Short: "Run a raw Gizmo or GraphQL query, read-only and bounded",
		Long: `Runs a query in one of Cayley's languages against the store and prints the
results as JSON. The query is the argument, or standard input when it is "-"
or absent. It is stopped with an error at --timeout (query.timeout) or when
it grows the heap by more than query.max_memory; its results are cut after
--limit results or query.max_result_bytes of JSON, with a note on stderr.`,
		Example: `  policygraph query --lang gizmo \
    'g.V("<https://policygraph.org/entity/italy>").Out().All()'
  echo '{ nodes(id: "<https://policygraph.org/entity/italy>") { id } }' |
    policygraph query --lang graphql -`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 && args[0] != "-" {
				opts.Text = args[0]
			} else {
				data, err := io.ReadAll(io.LimitReader(app.In, 1<<20))
				if err != nil {
					return err
				}
				opts.Text = string(data)
			}
			if !cmd.Flags().Changed("timeout") {
				opts.Timeout = app.Config.Query.Timeout
			}
			return queryRun(cmd.Context(), app, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Lang, "lang", "gizmo", "query language: "+strings.Join(queries.RawLanguages, " or "))
	f.DurationVar(&opts.Timeout, "timeout", queries.DefaultTimeout, "stop the query after this long (default query.timeout)")
	f.IntVar(&opts.Limit, "limit", queries.DefaultLimit, fmt.Sprintf("at most this many results (max %d)", queries.MaxLimit))
	return cmd
}

func queryRun(ctx context.Context, app *App, opts *queryOptions) error {
	if strings.TrimSpace(opts.Text) == "" {
		return usageError{fmt.Errorf("empty query: give it as an argument or on standard input")}
	}
	if opts.Timeout <= 0 {
		return usageError{fmt.Errorf("--timeout %s: must be positive", opts.Timeout)}
	}
	if opts.Limit <= 0 || opts.Limit > queries.MaxLimit {
		return usageError{fmt.Errorf("--limit must be between 1 and %d", queries.MaxLimit)}
	}
	if !contains(queries.RawLanguages, opts.Lang) {
		return usageError{fmt.Errorf("unknown --lang %q (valid: %s)", opts.Lang, strings.Join(queries.RawLanguages, ", "))}
	}
	store, err := app.OpenStoreForReading(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	// RunRaw returns only once the query has stopped: the store is closed
	// after it, never under it.
	res, err := queries.RunRaw(ctx, store, opts.Lang, opts.Text, queries.RawOptions{Limit: opts.Limit, Timeout: opts.Timeout,
		MaxMemory: app.Config.Query.MaxMemory, MaxBytes: app.Config.Query.MaxResultBytes})
	if res.Results == nil {
		res.Results = []json.RawMessage{}
	}
	if werr := writeJSON(app.Out, res.Results); werr != nil {
		return werr
	}
	if err == nil && res.Truncated {
		fmt.Fprintf(app.Err, "policygraph: results truncated at the %s (more exist)\n", res.Reason)
	}
	return err
}
