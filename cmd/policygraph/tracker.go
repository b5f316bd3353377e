package main

import (
	"context"
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/policygraph/policygraph/queries"
)

type trackerOptions struct {
	Target string
	AsOf   string
	Format string
}

func newTrackerCmd(app *App) *cobra.Command {
	opts := &trackerOptions{}
	cmd := &cobra.Command{
		Use:   "tracker",
		Short: "Each country's latest stance toward a vendor, with its evidence",
		Long: `Prints one row per country: its latest asserted stance toward the target
(banned, restricted, declined_to_ban, considering_ban, allowed) by event date,
else publication date; the scope; the article and sentence it comes from; and
how many stance facts the country's history holds.

On an empty store, the corpus (corpus.dir, default seeds/) is ingested first.`,
		Example: "  policygraph tracker\n  policygraph tracker --target ZTE --format json\n  policygraph tracker --as-of 2019-03-01",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return trackerRun(cmd.Context(), app, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Target, "target", "", "vendor the stances are about (default: queries.default_vendor, "+queries.DefaultVendor+")")
	f.StringVar(&opts.AsOf, "as-of", "", "answer as of this date (YYYY, YYYY-MM or YYYY-MM-DD)")
	f.StringVar(&opts.Format, "format", "table", "output format: table, json, csv or md")
	return cmd
}

func trackerRun(ctx context.Context, app *App, opts *trackerOptions) error {
	if err := checkFormat(opts.Format, "table", "json", "csv", "md"); err != nil {
		return err
	}
	if opts.AsOf != "" && !queries.ValidDate(opts.AsOf) {
		return usageError{fmt.Errorf("invalid --as-of %q: want YYYY, YYYY-MM or YYYY-MM-DD", opts.AsOf)}
	}
	store, err := openForQuestions(ctx, app)
	if err != nil {
		return err
	}
	defer store.Close()
	target := opts.Target
	if target == "" {
		target = app.Config.Queries.DefaultVendor
	}
	rows, err := queries.Tracker(ctx, store, queries.TrackerOptions{Target: target, AsOf: opts.AsOf})
	if err != nil {
		return err
	}
	if opts.Format == "json" {
		return writeJSON(app.Out, rows)
	}
	t := table{Columns: []string{"country", "stance", "date", "scope", "facts", "evidence"}, Wide: 5}
	if opts.Format != "table" {
		t.Columns = []string{"country", "stance", "date", "scope", "facts", "article", "title", "url", "confidence", "evidence"}
		t.Wide = -1
	}
	for _, r := range rows {
		row := []string{r.Country, string(r.Stance), r.Date, r.Scope, strconv.Itoa(r.History)}
		if opts.Format == "table" {
			row = append(row, r.Evidence.Article+": "+r.Evidence.Sentence)
		} else {
			row = append(row, r.Evidence.Article, r.Evidence.Title, r.Evidence.URL,
				strconv.FormatFloat(r.Evidence.Confidence, 'f', 2, 64), r.Evidence.Sentence)
		}
		t.Rows = append(t.Rows, row)
	}
	if len(rows) == 0 && opts.Format == "table" {
		fmt.Fprintf(app.Err, "no country has an asserted stance toward %s\n", opts.Target)
		return nil
	}
	return t.render(app.Out, opts.Format)
}
