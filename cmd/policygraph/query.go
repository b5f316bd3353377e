package main

import (
	"context"
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
		Short: "Run a raw Gizmo or GraphQL query (read-only, time- and size-limited)",
		Long: `Runs a query in one of Cayley's languages against the store and prints the
results as JSON. The query is the argument, or standard input when it is "-"
or absent. It is stopped at --timeout and after --limit results.`,
		Example: `  policygraph query --lang gizmo 'g.V("<https://policygraph.org/entity/italy>").Out().All()'
  echo '{ nodes(id: "<https://policygraph.org/entity/italy>") { id } }' | policygraph query --lang graphql -`,
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
			return queryRun(cmd.Context(), app, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Lang, "lang", "gizmo", "query language: "+strings.Join(queries.RawLanguages, " or "))
	f.DurationVar(&opts.Timeout, "timeout", queries.DefaultTimeout, "stop the query after this long")
	f.IntVar(&opts.Limit, "limit", queries.DefaultLimit, fmt.Sprintf("at most this many results (max %d)", queries.MaxLimit))
	return cmd
}

func queryRun(ctx context.Context, app *App, opts *queryOptions) error {
	if strings.TrimSpace(opts.Text) == "" {
		return usageError{fmt.Errorf("empty query: give it as an argument or on standard input")}
	}
	if opts.Limit <= 0 || opts.Limit > queries.MaxLimit {
		return usageError{fmt.Errorf("--limit must be between 1 and %d", queries.MaxLimit)}
	}
	if !contains(queries.RawLanguages, opts.Lang) {
		return usageError{fmt.Errorf("unknown --lang %q (valid: %s)", opts.Lang, strings.Join(queries.RawLanguages, ", "))}
	}
	store, err := app.OpenStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	res, err := queries.Raw(ctx, store, opts.Lang, opts.Text, opts.Limit, opts.Timeout)
	if res == nil {
		res = []any{}
	}
	if werr := writeJSON(app.Out, res); werr != nil {
		return werr
	}
	return err
}
