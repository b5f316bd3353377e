package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"
)

func newStatsCmd(app *App) *cobra.Command {
	var format string
	var narrow jsonOptions
	cmd := &cobra.Command{
		Use:   "stats",
		Short: "Count the articles, facts, entities and quads in the store",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			f, err := narrow.prepare(cmd, format)
			if err != nil {
				return err
			}
			return statsRun(cmd.Context(), app, f, &narrow)
		},
	}
	cmd.Flags().StringVar(&format, "format", "table", "output format: table or json")
	addJSONFlags(cmd, &narrow)
	return cmd
}

func statsRun(ctx context.Context, app *App, format string, narrow *jsonOptions) error {
	if format != "table" && format != "json" {
		return usageError{fmt.Errorf("unknown --format %q (valid: table, json)", format)}
	}
	store, err := app.OpenStoreForReading(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	st, err := store.Stats(ctx)
	if err != nil {
		return err
	}
	if format == "json" {
		return narrow.write(ctx, app.Out, st, st)
	}
	fmt.Fprintf(app.Out, "articles  %d\nfacts     %d\nentities  %d\nquads     %d\n", st.Articles, st.Facts, st.Entities, st.Quads)
	return nil
}
