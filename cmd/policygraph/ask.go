package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/policygraph/policygraph/queries"
)

type askOptions struct {
	List   bool
	Format string
	Ever   bool
	Wide   bool
	JSON   jsonOptions
}

func newAskCmd(app *App) *cobra.Command {
	opts := &askOptions{}
	cmd := &cobra.Command{
		Use:   "ask NAME [ARG] [flags]",
		Short: "Answer a canned question, with the evidence behind every answer",
		Long: "Canned questions: " + strings.Join(queries.Names(), ", ") + ".\n`policygraph ask --list` describes each with an example.\n" +
			"A flag that the question does not take is an error.",
		Example: "  policygraph ask banned\n  policygraph ask banned --as-of 2019-03-01\n  policygraph ask stance Italy\n  policygraph ask pressured --by \"United States\" --format md",
		Args:    cobra.MaximumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return askRun(cmd, app, opts, args)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&opts.List, "list", false, "list the questions with a description and an example")
	f.StringVar(&opts.Format, "format", "table", "output format: table, json, csv or md")
	f.BoolVar(&opts.Wide, "wide", false, "show whole evidence sentences, wrapped to the terminal (piped output is never cut)")
	addJSONFlags(cmd, &opts.JSON)
	seen := map[string]bool{}
	for _, q := range queries.List() {
		for _, p := range q.Params {
			if seen[p.Name] || p.Positional {
				continue
			}
			seen[p.Name] = true
			if p.Bool {
				f.BoolVar(&opts.Ever, p.Name, false, p.Help)
				continue
			}
			f.String(p.Name, "", p.Help)
		}
	}
	return cmd
}

func askRun(cmd *cobra.Command, app *App, opts *askOptions, args []string) error {
	ctx := cmd.Context()
	if err := checkFormat(opts.Format, "table", "json", "csv", "md"); err != nil {
		return err
	}
	format, err := opts.JSON.prepare(cmd, opts.Format)
	if err != nil {
		return err
	}
	opts.Format = format
	if opts.List {
		return askList(cmd, app, opts)
	}
	if len(args) == 0 {
		return usageError{fmt.Errorf("ask needs a question name (valid: %s); see policygraph ask --list", strings.Join(queries.Names(), ", "))}
	}
	q, err := queries.Lookup(args[0])
	if err != nil {
		return usageError{err}
	}
	params := queries.Params{}
	takes := map[string]bool{}
	positional := false
	for _, p := range q.Params {
		takes[p.Name] = true
		if p.Positional {
			positional = true
			if len(args) > 1 {
				params[p.Name] = args[1]
			}
		}
	}
	if len(args) > 1 && !positional {
		return usageError{fmt.Errorf("%s takes no argument (got %q); e.g. %s", q.Name, args[1], q.Example)}
	}
	var bad []string
	cmd.Flags().Visit(func(f *pflag.Flag) {
		switch f.Name {
		case "format", "list", "wide", "json", "jq", "config", "backend", "store":
			return
		}
		if !takes[f.Name] {
			bad = append(bad, "--"+f.Name)
			return
		}
		params[f.Name] = f.Value.String()
	})
	if len(bad) > 0 {
		var valid []string
		for _, p := range q.Params {
			if !p.Positional {
				valid = append(valid, "--"+p.Name)
			}
		}
		if len(valid) == 0 {
			valid = []string{"none"}
		}
		return usageError{fmt.Errorf("%s does not take %s (valid flags: %s)", q.Name, strings.Join(bad, ", "), strings.Join(valid, ", "))}
	}
	if err := queries.CheckValues(q, params); err != nil {
		return usageError{fmt.Errorf("ask %s: %w", q.Name, err)}
	}
	store, err := openForQuestions(ctx, app)
	if err != nil {
		return err
	}
	defer store.Close()
	if err := queries.CheckNames(ctx, store, q, params); err != nil {
		return usageError{fmt.Errorf("ask %s: %w", q.Name, err)}
	}
	res, err := queries.RunAbout(ctx, store, app.Config.Queries.DefaultVendor, q.Name, params)
	if errors.Is(err, queries.ErrBadQuery) || errors.Is(err, queries.ErrNotFound) {
		return usageError{fmt.Errorf("ask %s: %w", q.Name, err)}
	}
	if err != nil {
		return err
	}
	if res.Hidden != nil && res.Hidden.Hint != "" {
		fmt.Fprintln(app.Err, res.Hidden.Hint)
	}
	if opts.Format == "json" {
		return opts.JSON.write(ctx, app.Out, res, res.Records)
	}
	t := table{Columns: res.Columns, Rows: res.Rows, Wide: -1}
	if n := len(res.Columns); n > 0 && res.Columns[n-1] == "evidence" && opts.Format == "table" {
		t = evidenceBelow(t)
		t.Width, t.Whole = app.outputWidth(), opts.Wide
	}
	if len(res.Rows) == 0 && opts.Format == "table" {
		fmt.Fprintln(app.Err, "no results")
		return nil
	}
	if res.Omitted > 0 {
		fmt.Fprintf(app.Err, "%d more not shown (--limit 0 shows all)\n", res.Omitted)
	}
	return t.render(app.Out, opts.Format)
}

// evidenceBelow moves the article and evidence columns onto one indented
// line under each row, so that a table fits an 80-column terminal.
func evidenceBelow(t table) table {
	art := -1
	for i, c := range t.Columns {
		if c == "article" {
			art = i
		}
	}
	ev := len(t.Columns) - 1
	out := table{Wide: -1}
	for i, c := range t.Columns {
		if i != art {
			out.Columns = append(out.Columns, c)
		}
	}
	out.Wide = len(out.Columns) - 1
	for _, r := range t.Rows {
		var row []string
		for i, c := range r {
			switch {
			case i == art:
			case i == ev && art >= 0:
				row = append(row, r[art]+": "+c)
			default:
				row = append(row, c)
			}
		}
		out.Rows = append(out.Rows, row)
	}
	return out
}

func askList(cmd *cobra.Command, app *App, opts *askOptions) error {
	qs, format := queries.Questions(app.Config.Queries.DefaultVendor), opts.Format
	if format == "json" {
		return opts.JSON.write(cmd.Context(), app.Out, qs, qs)
	}
	if format == "table" {
		for _, q := range qs {
			fmt.Fprintf(app.Out, "%-15s %s\n%-15s e.g. %s\n", q.Name, q.Description, "", q.Example)
		}
		return nil
	}
	t := table{Columns: []string{"question", "description", "example"}, Wide: -1}
	for _, q := range qs {
		t.Rows = append(t.Rows, []string{q.Name, q.Description, q.Example})
	}
	return t.render(app.Out, format)
}
