package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"
)

func newStatsCmd(app *App) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "stats",
		Short: "Count the articles, facts, entities and quads in the store",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return statsRun(cmd.Context(), app, format)
		},
	}
	cmd.Flags().StringVar(&format, "format", "table", "output format: table or json")
	return cmd
}

func statsRun(ctx context.Context, app *App, format string) error {
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
		enc := json.NewEncoder(app.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(st)
	}
	fmt.Fprintf(app.Out, "articles  %d\nfacts     %d\nentities  %d\nquads     %d\n", st.Articles, st.Facts, st.Entities, st.Quads)
	return nil
}
