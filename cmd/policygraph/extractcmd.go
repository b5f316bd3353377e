package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"runtime/debug"
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

// extractGCPercent is the garbage collector's target (GOGC) while extract
// runs, unless the GOGC variable sets one: extract keeps little (the
// extractor's data, a manifest: some 10 MB) while it allocates about 40
// bytes per byte of text, so at Go's default of 100 the collector ran
// every 10 MB allocated and took 12 % of the CPU. At 400 it runs a
// quarter as often and takes 1 %, for a heap that peaks higher (a peak RSS
// of 90–100 MB rather than 47 on a corpus of 20 MB).
const extractGCPercent = 400

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
	if _, set := os.LookupEnv("GOGC"); !set {
		defer debug.SetGCPercent(debug.SetGCPercent(extractGCPercent))
	}
	// Facts are printed as workers render them, through a buffer that is
	// flushed before each report on stderr, so that the two streams still
	// interleave in corpus order on a terminal.
	out := bufio.NewWriterSize(app.Out, 64<<10)
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	render := renderJSONL
	if opts.Format == "table" {
		render = renderTable
		fmt.Fprintln(tw, "ARTICLE\tSUBJECT\tRELATION\tOBJECT/TARGET\tSCOPE\tMODALITY\tCONF\tDATE\tSENTENCE")
	}
	problems := 0
	err = ingest.Stream(ctx, ex, paths, ingest.StreamOptions{
		Render: func(dst []byte, _ *corpus.Article, facts []domain.Fact) ([]byte, error) {
			return render(dst, facts, opts.Explain)
		},
	}, func(x *ingest.Extracted) error {
		if x.Problem != nil {
			problems++
			if err := out.Flush(); err != nil {
				return err
			}
			fmt.Fprintf(app.Err, "skipped %s\n", x.Problem)
			return nil
		}
		var err error
		if opts.Format == "table" {
			_, err = tw.Write(x.Rendered)
		} else {
			_, err = out.Write(x.Rendered)
		}
		if err == nil {
			err = x.RenderErr
		}
		return err
	})
	if ferr := tw.Flush(); err == nil {
		err = ferr
	}
	if ferr := out.Flush(); err == nil {
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

// renderJSONL appends one article's facts to dst as JSON lines
// (docs/DESIGN.md), with their cues if explain. On an error, dst holds the
// facts before the one that failed.
func renderJSONL(dst []byte, facts []domain.Fact, explain bool) ([]byte, error) {
	for _, f := range facts {
		if !explain {
			f.Cues = nil
		}
		var err error
		if dst, err = f.AppendJSON(dst); err != nil {
			return dst, err
		}
		dst = append(dst, '\n')
	}
	return dst, nil
}

// renderTable appends one article's facts to dst as rows of the table,
// tab-separated for a tabwriter, with a row of cues under each if explain.
func renderTable(dst []byte, facts []domain.Fact, explain bool) ([]byte, error) {
	buf := bytes.NewBuffer(dst)
	for _, f := range facts {
		obj, _ := f.DirectObject()
		if f.Relation == domain.Vetoed && f.Target != "" {
			obj += " (" + f.Target + ")"
		}
		fmt.Fprintf(buf, "%s\t%s\t%s\t%s\t%s\t%s\t%.2f\t%s\t%s\n", f.Article, f.Subject, f.Relation, obj, f.Scope,
			f.Modality, f.Confidence, f.Date(), truncate(f.Sentence, 70))
		if explain {
			fmt.Fprintf(buf, "\t\t\tcues: %s\t\t\t\t\t\n", strings.Join(f.Cues, ", "))
		}
	}
	return buf.Bytes(), nil
}

// truncate shortens s to at most n runes, marking the cut with an ellipsis.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
