package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/policygraph/policygraph/corpus"
	"github.com/policygraph/policygraph/domain"
	"github.com/policygraph/policygraph/extract"
	"github.com/policygraph/policygraph/ingest"
)

type evalOptions struct {
	Gold     string
	Articles string
	Format   string
}

func newEvalCmd(app *App) *cobra.Command {
	opts := &evalOptions{}
	cmd := &cobra.Command{
		Use:   "eval --gold FILE [--articles DIR]",
		Short: "Score the extractor against a gold file",
		Long: `Extracts facts from the gold file's articles and scores them as gold/FORMAT.md
describes: per-relation precision, recall and F1, each miss and false positive
with its sentence, and trap hits. The articles are read from --articles, else
from a folder named after the gold file beside it (dev.yaml -> dev/), else from
corpus.dir. The exit status is 0 whatever the score.`,
		Example: "  policygraph eval --gold ../shared/gold/seeds.yaml\n  policygraph eval --gold ../shared/gold/dev.yaml --format json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return evalRun(cmd.Context(), app, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Gold, "gold", "", "gold file (YAML, see gold/FORMAT.md)")
	f.StringVar(&opts.Articles, "articles", "", "folder of the gold file's articles")
	f.StringVar(&opts.Format, "format", "text", "output format: text or json")
	return cmd
}

func evalRun(ctx context.Context, app *App, opts *evalOptions) error {
	if err := checkFormat(opts.Format, "text", "json"); err != nil {
		return err
	}
	if opts.Gold == "" {
		return usageError{errors.New("eval needs --gold FILE (a gold file as ../shared/gold/FORMAT.md describes), e.g. policygraph eval --gold ../shared/gold/seeds.yaml")}
	}
	gold, err := extract.LoadGold(opts.Gold)
	if err != nil {
		return err
	}
	dir := opts.Articles
	if dir == "" {
		paths, _, done, err := app.corpusPaths()
		if err != nil {
			return err
		}
		defer done()
		dir = paths[0]
		beside := strings.TrimSuffix(opts.Gold, filepath.Ext(opts.Gold))
		if info, err := os.Stat(beside); err == nil && info.IsDir() {
			dir = beside
		}
	}
	ex, err := extract.New(extract.Options{})
	if err != nil {
		return err
	}
	predicted := map[string][]domain.Fact{}
	err = corpus.Walk(ctx, []string{dir}, corpus.Options{}, func(a corpus.Article) error {
		x, err := ingest.Prepare(ex, a)
		if err != nil {
			fmt.Fprintf(app.Err, "skipped %s: %v\n", a.Path, err)
			return nil
		}
		predicted[a.ID] = x.Facts
		return nil
	}, func(p corpus.Problem) { fmt.Fprintf(app.Err, "skipped %s\n", p) })
	if err != nil {
		return err
	}
	if len(predicted) == 0 {
		return errors.New("eval: no articles in " + dir)
	}
	report := extract.Score(gold, predicted)
	if opts.Format == "json" {
		return writeJSON(app.Out, report)
	}
	return report.WriteText(app.Out)
}
