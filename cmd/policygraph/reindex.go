package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"
)

func newReindexCmd(app *App) *cobra.Command {
	var check bool
	cmd := &cobra.Command{
		Use:   "reindex",
		Short: "Rebuild the fact index the canned questions read from the graph",
		Long: `The fact index is derived from the graph and kept in step by every write;
opening a store repairs it after a crash. reindex rebuilds it from scratch;
--check only compares it with the graph and reports the differences
(exit status 1 when there are any).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return reindexRun(cmd.Context(), app, check)
		},
	}
	cmd.Flags().BoolVar(&check, "check", false, "compare the index with the graph instead of rebuilding it")
	return cmd
}

func reindexRun(ctx context.Context, app *App, check bool) error {
	open := app.OpenStore
	if check {
		open = app.OpenStoreForReading
	}
	store, err := open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	if !check {
		// Rebuilding reads every article from the graph; checking would
		// read them all again.
		if err := store.Reindex(ctx); err != nil {
			return err
		}
		fmt.Fprintln(app.Out, "fact index rebuilt from the graph")
		return nil
	}
	diffs, err := store.CheckIndex(ctx)
	if err != nil {
		return err
	}
	for i, d := range diffs {
		if i == 20 {
			fmt.Fprintf(app.Out, "... and %d more\n", len(diffs)-20)
			break
		}
		fmt.Fprintln(app.Out, d)
	}
	if len(diffs) > 0 {
		return fmt.Errorf("the fact index differs from the graph in %d places: run policygraph reindex", len(diffs))
	}
	fmt.Fprintln(app.Out, "the fact index agrees with the graph")
	return nil
}
