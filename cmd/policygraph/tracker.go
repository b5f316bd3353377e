package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/policygraph/policygraph/domain"
	"github.com/policygraph/policygraph/queries"
)

type trackerOptions struct {
	Target   string
	AsOf     string
	Modality string
	Format   string
	Wide     bool
	JSON     jsonOptions
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

On an empty store, the corpus (corpus.dir, default seeds/; the built-in seed
corpus when it does not exist) is ingested first.`,
		Example: "  policygraph tracker\n  policygraph tracker --target ZTE --format json\n  policygraph tracker --as-of 2019-03-01",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := opts.JSON.prepare(cmd, opts.Format)
			if err != nil {
				return err
			}
			opts.Format = format
			return trackerRun(cmd.Context(), app, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Target, "target", "", "vendor the stances are about (default: queries.default_vendor, "+queries.DefaultVendor+")")
	f.StringVar(&opts.AsOf, "as-of", "", "answer as of this date (YYYY, YYYY-MM or YYYY-MM-DD); a fact dated by year or month counts once that period has passed")
	f.StringVar(&opts.Modality, "modality", "", "modalities counted, comma-separated: asserted (default), reported, denied, hypothetical or all")
	f.StringVar(&opts.Format, "format", "table", "output format: table, json, csv or md")
	f.BoolVar(&opts.Wide, "wide", false, "show whole evidence sentences, wrapped to the terminal (piped output is never cut)")
	addJSONFlags(cmd, &opts.JSON)
	return cmd
}

func trackerRun(ctx context.Context, app *App, opts *trackerOptions) error {
	if err := checkFormat(opts.Format, "table", "json", "csv", "md"); err != nil {
		return err
	}
	if opts.AsOf != "" {
		if err := domain.ValidateDate(opts.AsOf); err != nil {
			return usageError{fmt.Errorf("--as-of: %w", err)}
		}
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
	if _, err := queries.CheckEntity(ctx, store, "--target", target, domain.Company); err != nil {
		return usageError{fmt.Errorf("tracker: %w", err)}
	}
	res, err := queries.TrackerAnswer(ctx, store, queries.TrackerOptions{Target: target, AsOf: opts.AsOf, Modality: opts.Modality})
	if errors.Is(err, queries.ErrBadQuery) || errors.Is(err, queries.ErrNotFound) {
		return usageError{fmt.Errorf("tracker: %w", err)}
	}
	if err != nil {
		return err
	}
	rows := res.Rows
	if res.Hidden.Hint != "" {
		fmt.Fprintln(app.Err, res.Hidden.Hint)
	}
	if opts.Format == "json" {
		return opts.JSON.write(ctx, app.Out, rows, rows)
	}
	// The table marks a date that is only the article's publication date
	// "(pub)" to fit 80 columns; the other formats have a column for it.
	t := table{Columns: []string{"country", "stance", "date", "scope", "facts", "evidence"}, Wide: 5,
		Width: app.outputWidth(), Whole: opts.Wide}
	if opts.Format != "table" {
		t.Columns = []string{"country", "stance", "modality", "date", "dated by", "scope", "facts", "article", "title", "url", "confidence", "evidence"}
		t.Wide = -1
	}
	published := false
	for _, r := range rows {
		row := []string{r.Country, string(r.Stance), r.Date, r.Scope, strconv.Itoa(r.History)}
		if opts.Format != "table" {
			row = slices.Insert(row, 2, string(r.Modality))
			row = slices.Insert(row, 4, string(r.DateSource))
		} else if r.DateSource == domain.FromPublished {
			row[2] += " (pub)"
			published = true
		}
		if opts.Format == "table" {
			row = append(row, r.Evidence.Article+": "+r.Evidence.Sentence)
		} else {
			row = append(row, r.Evidence.Article, r.Evidence.Title, r.Evidence.URL,
				strconv.FormatFloat(r.Evidence.Confidence, 'f', 2, 64), r.Evidence.Sentence)
		}
		t.Rows = append(t.Rows, row)
	}
	if len(rows) == 0 && opts.Format == "table" {
		fmt.Fprintf(app.Err, "no country has an asserted stance toward %s\n", target)
		return nil
	}
	if err := t.render(app.Out, opts.Format); err != nil {
		return err
	}
	if published {
		fmt.Fprintln(app.Err, "(pub): the sentence gives no date of its own; the date is the article's publication date")
	}
	return nil
}
