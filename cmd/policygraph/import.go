package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/policygraph/policygraph/export"
)

func newImportCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:   "import FILE.nq|FILE.jsonld",
		Short: "Load an N-Quads or JSON-LD export back into the store",
		Long: `Adds the quads of a policygraph export (or any RDF in N-Quads or JSON-LD)
to the store, in batches, then files the articles they touch in the fact index
once the whole file is loaded. Literals keep their exact types, so an export
imported into a new store answers every question as the original does.
Articles keep their content hashes, so ingesting the same articles afterwards
finds them unchanged. An interrupted import leaves whole batches; run it again.`,
		Example: "  policygraph export --format nquads -o graph.nq\n  policygraph --store data/copy import graph.nq",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return importRun(cmd.Context(), app, args[0])
		},
	}
}

func importRun(ctx context.Context, app *App, file string) error {
	ext := strings.ToLower(filepath.Ext(file))
	if ext != ".nq" && ext != ".nquads" && ext != ".jsonld" && ext != ".json" {
		return usageError{fmt.Errorf("import %s: unknown format (want .nq or .jsonld)", file)}
	}
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	store, err := app.OpenStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	var n int
	if ext == ".jsonld" || ext == ".json" {
		n, err = export.ImportJSONLD(ctx, store, file, f)
	} else {
		n, err = export.ImportNQuads(ctx, store, file, f)
	}
	if err != nil {
		return err
	}
	st, err := store.Stats(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(app.Out, "imported %d quads from %s; store: %d articles, %d facts, %d quads\n", n, file, st.Articles, st.Facts, st.Quads)
	return nil
}
