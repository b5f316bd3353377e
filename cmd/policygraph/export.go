package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/policygraph/policygraph/domain"
	"github.com/policygraph/policygraph/export"
	"github.com/policygraph/policygraph/queries"
)

type exportOptions struct {
	Format string
	Out    string
	Filter export.Filter
	Rel    string
}

func newExportCmd(app *App) *cobra.Command {
	opts := &exportOptions{}
	cmd := &cobra.Command{
		Use:   "export --format FORMAT [-o FILE|DIR]",
		Short: "Export the graph to RDF, GraphML, GEXF, GML, DOT, Neo4j or Cytoscape",
		Long: `Writes the graph for other tools, keeping each fact's provenance (article,
date, confidence, modality, scope, evidence). Formats: ` + strings.Join(export.Formats, ", ") + `.
neo4j writes a directory (nodes.csv, relationships.csv, load.cypher); the
others write to -o FILE or standard output. --country, --relation, --since and
--until select a subgraph. See docs/export.md.`,
		Example: "  policygraph export --format nquads -o graph.nq\n  policygraph export --format gexf --country Italy -o italy.gexf\n  policygraph export --format neo4j -o neo4j/",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return exportRun(cmd.Context(), app, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Format, "format", "nquads", "export format: "+strings.Join(export.Formats, ", "))
	f.StringVarP(&opts.Out, "output", "o", "", "output file (directory for neo4j); default standard output")
	f.StringVar(&opts.Filter.Country, "country", "", "only facts whose subject or object is this country")
	f.StringVar(&opts.Rel, "relation", "", "only facts of this relation")
	f.StringVar(&opts.Filter.Since, "since", "", "only facts dated on or after (YYYY[-MM[-DD]])")
	f.StringVar(&opts.Filter.Until, "until", "", "only facts dated on or before (YYYY[-MM[-DD]])")
	return cmd
}

func exportRun(ctx context.Context, app *App, opts *exportOptions) error {
	if err := checkFormat(opts.Format, export.Formats...); err != nil {
		return err
	}
	for _, d := range []string{opts.Filter.Since, opts.Filter.Until} {
		if d != "" && !queries.ValidDate(d) {
			return usageError{fmt.Errorf("invalid date %q: want YYYY, YYYY-MM or YYYY-MM-DD", d)}
		}
	}
	if opts.Rel != "" {
		opts.Filter.Relation = domain.Relation(opts.Rel)
		if !opts.Filter.Relation.Valid() {
			return usageError{fmt.Errorf("invalid --relation %q", opts.Rel)}
		}
	}
	if export.DirFormats[opts.Format] && opts.Out == "" {
		return usageError{fmt.Errorf("--format %s writes a directory: give it with -o DIR", opts.Format)}
	}
	store, err := app.OpenStoreForReading(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	if export.DirFormats[opts.Format] {
		return export.WriteDir(ctx, store, opts.Format, opts.Filter, opts.Out)
	}
	var w io.Writer = app.Out
	if opts.Out != "" && opts.Out != "-" {
		f, err := os.Create(opts.Out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	return export.Write(ctx, store, opts.Format, opts.Filter, w)
}
