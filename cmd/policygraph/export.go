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
	Format   string
	Out      string
	Filter   export.Filter
	Rel      string
	Parallel bool
}

func newExportCmd(app *App) *cobra.Command {
	opts := &exportOptions{}
	cmd := &cobra.Command{
		Use:   "export --format FORMAT [-o FILE|DIR]",
		Short: "Export the graph (RDF, GraphML, GEXF, GML, DOT, Neo4j, Cytoscape)",
		Long: `Writes the graph for other tools, keeping each fact's provenance (article,
date, confidence, modality, scope, evidence). Formats: ` + strings.Join(export.Formats, ", ") + `.
neo4j writes a directory (nodes.csv, relationships.csv, load.cypher), or a
zip of it with -o FILE.zip; the others write to -o FILE or standard output.
--country, --relation, --since and --until select a subgraph. In the property
graphs, the facts between the same two nodes with the same relation and
modality are one edge with a weight and the list of their articles;
--parallel keeps one edge per fact. See docs/export.md.`,
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
	f.BoolVar(&opts.Parallel, "parallel", false, "one edge per fact in property graphs, instead of one weighted edge per pair of nodes, relation and modality")
	return cmd
}

func exportRun(ctx context.Context, app *App, opts *exportOptions) error {
	if err := checkFormat(opts.Format, export.Formats...); err != nil {
		return err
	}
	for _, d := range [][2]string{{"--since", opts.Filter.Since}, {"--until", opts.Filter.Until}} {
		if d[1] != "" {
			if err := domain.ValidateDate(d[1]); err != nil {
				return usageError{fmt.Errorf("%s: %w", d[0], err)}
			}
		}
	}
	if opts.Rel != "" {
		rel, err := queries.CheckRelation("--relation", opts.Rel)
		if err != nil {
			return usageError{fmt.Errorf("export: %w", err)}
		}
		opts.Filter.Relation = rel
	}
	zipped := strings.HasSuffix(opts.Out, ".zip")
	if export.DirFormats[opts.Format] && opts.Out == "" {
		return usageError{fmt.Errorf("--format %s writes a directory: give it with -o DIR (or -o FILE.zip)", opts.Format)}
	}
	store, err := app.OpenStoreForReading(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	if opts.Filter.Country != "" {
		e, err := queries.CheckEntity(ctx, store, "--country", opts.Filter.Country, domain.Country)
		if err != nil {
			return usageError{fmt.Errorf("export: %w", err)}
		}
		opts.Filter.Country = e.Name
	}
	eo := export.Options{Filter: opts.Filter, Parallel: opts.Parallel}
	if export.DirFormats[opts.Format] && !zipped {
		return export.WriteDirWith(ctx, store, opts.Format, eo, opts.Out)
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
	return export.WriteWith(ctx, store, opts.Format, eo, w)
}
