package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/policygraph/policygraph/synth"
)

func newGenCmd(app *App) *cobra.Command {
	opts := synth.Options{}
	var out string
	cmd := &cobra.Command{
		Use:     "gen --articles N [--seed S] --out DIR",
		Short:   "Generate a deterministic synthetic corpus for benchmarks",
		Example: "  policygraph gen --articles 10000 --seed 1 --out /tmp/corpus10k",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if out == "" || opts.Articles <= 0 {
				return usageError{fmt.Errorf("gen needs --articles N (> 0) and --out DIR")}
			}
			start := time.Now()
			n, err := synth.Write(out, opts)
			if err != nil {
				return err
			}
			fmt.Fprintf(app.Out, "wrote %d articles (%.1f MB) to %s in %s\n", opts.Articles, float64(n)/1e6, out, time.Since(start).Round(time.Millisecond))
			return nil
		},
	}
	cmd.Flags().IntVar(&opts.Articles, "articles", 0, "number of articles")
	cmd.Flags().Uint64Var(&opts.Seed, "seed", 1, "random seed: the same seed gives the same corpus")
	cmd.Flags().StringVar(&out, "out", "", "output folder")
	return cmd
}
