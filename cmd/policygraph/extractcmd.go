package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/policygraph/policygraph/corpus"
	"github.com/policygraph/policygraph/domain"
	"github.com/policygraph/policygraph/extract"
	"github.com/policygraph/policygraph/ingest"
)

type extractOptions struct {
	Paths   []string
	Format  string
	Explain bool
}

func newExtractCmd(app *App) *cobra.Command {
	opts := &extractOptions{}
	cmd := &cobra.Command{
		Use:   "extract [PATH...]",
		Short: "Print the facts extracted from articles, without storing them",
		Long: `Prints one fact per line in the JSON-lines format of docs/DESIGN.md (--format jsonl)
or as a table. --explain adds the cues that fired for each fact.`,
		Example: "  policygraph extract seeds/000_96e29888d8300f82.txt\n  policygraph extract --format table --explain seeds/",
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			return extractRun(cmd.Context(), app, opts)
		},
	}
	cmd.Flags().StringVar(&opts.Format, "format", "jsonl", "output format: jsonl or table")
	cmd.Flags().BoolVar(&opts.Explain, "explain", false, "show the cues behind each fact and its confidence")
	return cmd
}

func extractRun(ctx context.Context, app *App, opts *extractOptions) error {
	if opts.Format != "jsonl" && opts.Format != "table" {
		return usageError{fmt.Errorf("unknown --format %q (valid: jsonl, table)", opts.Format)}
	}
	paths := opts.Paths
	if len(paths) == 0 {
		var done func()
		var err error
		if paths, _, done, err = app.corpusPaths(); err != nil {
			return err
		}
		defer done()
	}
	ex, err := extract.New(extract.Options{})
	if err != nil {
		return err
	}
	enc := json.NewEncoder(app.Out)
	enc.SetEscapeHTML(false)
	tw := tabwriter.NewWriter(app.Out, 0, 4, 2, ' ', 0)
	if opts.Format == "table" {
		fmt.Fprintln(tw, "ARTICLE\tSUBJECT\tRELATION\tOBJECT/TARGET\tSCOPE\tMODALITY\tCONF\tDATE\tSENTENCE")
	}
	problems := 0
	err = corpus.Walk(ctx, paths, corpus.Options{}, func(a corpus.Article) error {
		x, err := ingest.Prepare(ex, a)
		if err != nil {
			problems++
			fmt.Fprintf(app.Err, "skipped %s: %v\n", a.Path, err)
			return nil
		}
		for _, f := range x.Facts {
			if !opts.Explain {
				f.Cues = nil
			}
			if opts.Format == "jsonl" {
				if err := enc.Encode(f); err != nil {
					return err
				}
				continue
			}
			obj, _ := f.DirectObject()
			if f.Relation == domain.Vetoed && f.Target != "" {
				obj += " (" + f.Target + ")"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%.2f\t%s\t%s\n", f.Article, f.Subject, f.Relation, obj, f.Scope,
				f.Modality, f.Confidence, f.Date(), truncate(f.Sentence, 70))
			if opts.Explain {
				fmt.Fprintf(tw, "\t\t\tcues: %s\t\t\t\t\t\n", strings.Join(f.Cues, ", "))
			}
		}
		return nil
	}, func(p corpus.Problem) {
		problems++
		fmt.Fprintf(app.Err, "skipped %s\n", p)
	})
	if ferr := tw.Flush(); err == nil {
		err = ferr
	}
	if err != nil {
		return err
	}
	if problems > 0 {
		return fmt.Errorf("%w: %d inputs skipped", errPartial, problems)
	}
	return nil
}

// truncate shortens s to at most n runes, marking the cut with an ellipsis.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
