package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/policygraph/policygraph/corpus"
	"github.com/policygraph/policygraph/extract"
	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/ingest"
)

type ingestOptions struct {
	Paths    []string
	Workers  int
	Batch    int
	Shard    string
	MaxBytes int64
	Format   string
	Quiet    bool
	Feeds    []string
	Fetch    corpus.FetchOptions
}

func newIngestCmd(app *App) *cobra.Command {
	opts := &ingestOptions{}
	cmd := &cobra.Command{
		Use:   "ingest [PATH|URL...]",
		Short: "Extract facts from articles and store them in the graph",
		Long: `Reads article files and folders (default: corpus.dir, or the built-in seed
corpus when it does not exist), with the metadata of a manifest.yaml beside
them, extracts facts and stores them. Plain text (.txt), saved web pages
(.html: main text by readability, with title, canonical URL and date from
the page's metadata), RSS/Atom feeds (.xml, .rss, .atom, or --feed URL: one
article per item) and JSON lines (.jsonl: {"title","url","published","text"}
per line) are read; a URL argument is fetched. Metadata precedence: manifest
> document metadata > file time. Re-ingesting an unchanged article adds
nothing; a changed article has its facts replaced.

Article IDs: a file's path below the folder given (a/news.txt), which for a
file directly in it, or named by itself, is its base name.

Limits (config keys): pages nesting deeper than corpus.max_html_depth lose
the tags beyond it; a feed gives at most corpus.max_feed_items articles; an
article with more than ingest.max_text_bytes of text is skipped; lines longer
than ingest.max_line_bytes are cut at a space; an article keeps its first
ingest.max_facts facts (with a warning); one taking longer than
ingest.article_timeout to extract is skipped. Each skip is named on stderr
with its reason and counted in the summary. The first Ctrl-C or SIGTERM
stops the ingest promptly, extractions under way included: what was stored
stays, and a rerun resumes.

Exit status: 0 all inputs ingested, 3 some inputs were skipped (each named on
stderr with its reason: unreadable, too large, over a limit or the time
limit), 1 the ingest failed or was interrupted, 2 bad usage or configuration.`,
		Example: "  policygraph ingest\n  policygraph ingest seeds/ more/article.txt saved/page.html\n  policygraph ingest --feed https://example.com/rss --fetch\n  policygraph ingest --shard 0/4 archive/",
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			return ingestRun(cmd.Context(), app, opts)
		},
	}
	f := cmd.Flags()
	f.IntVar(&opts.Workers, "workers", 0, "extraction workers (default: number of cores)")
	f.IntVar(&opts.Batch, "batch", graph.DefaultBatchQuads, "most quads per write transaction (fewer as a bolt store grows)")
	f.StringVar(&opts.Shard, "shard", "", "take only shard I of N of the corpus, as I/N (for parallel ingest processes)")
	f.Int64Var(&opts.MaxBytes, "max-bytes", 8<<20, "skip article files larger than this")
	f.StringVar(&opts.Format, "format", "text", "summary format: text or json")
	f.BoolVarP(&opts.Quiet, "quiet", "q", false, "no progress output")
	f.StringArrayVar(&opts.Feeds, "feed", nil, "RSS/Atom feed URL to read (repeatable)")
	f.BoolVar(&opts.Fetch.Fetch, "fetch", false, "download the page of feed items that carry only a summary")
	f.DurationVar(&opts.Fetch.Timeout, "timeout", 20*time.Second, "time limit of each download")
	f.StringVar(&opts.Fetch.UserAgent, "user-agent", corpus.DefaultUserAgent, "User-Agent of downloads")
	return cmd
}

func parseShard(s string) (i, n int, err error) {
	if s == "" {
		return 0, 1, nil
	}
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 0 || i >= n {
		return 0, 0, usageError{fmt.Errorf("invalid --shard %q: want I/N with 0 <= I < N, e.g. 0/4", s)}
	}
	return i, n, nil
}

func ingestRun(ctx context.Context, app *App, opts *ingestOptions) error {
	if opts.Format != "text" && opts.Format != "json" {
		return usageError{fmt.Errorf("unknown --format %q (valid: text, json)", opts.Format)}
	}
	shard, shards, err := parseShard(opts.Shard)
	if err != nil {
		return err
	}
	paths := append(append([]string(nil), opts.Paths...), opts.Feeds...)
	if len(paths) == 0 {
		var done func()
		if paths, _, done, err = app.corpusPaths(); err != nil {
			return err
		}
		defer done()
	}
	for _, f := range opts.Feeds {
		if !strings.HasPrefix(f, "http://") && !strings.HasPrefix(f, "https://") {
			return usageError{fmt.Errorf("--feed %q: want an http(s) URL", f)}
		}
	}
	store, err := app.OpenStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	sum, err := runIngest(ctx, app, store, paths, ingest.Options{
		Workers: opts.Workers, BatchQuads: opts.Batch, Shard: shard, Shards: shards,
		Corpus: corpus.Options{Fetch: opts.Fetch},
	}, opts.MaxBytes, opts.Quiet)
	if perr := printSummary(app.Out, sum, store, opts.Format); perr != nil && err == nil {
		err = perr
	}
	if errors.Is(err, ingest.ErrInputs) {
		return fmt.Errorf("%w: %v", errPartial, err)
	}
	return err
}

// runIngest runs the pipeline with progress on stderr: a bar on a terminal,
// periodic lines otherwise, and one line per skipped input.
func runIngest(ctx context.Context, app *App, store *graph.Store, paths []string, o ingest.Options, maxBytes int64, quiet bool) (ingest.Summary, error) {
	ex, err := extract.New(extract.Options{})
	if err != nil {
		return ingest.Summary{}, err
	}
	o.Corpus.MaxBytes = maxBytes
	c := app.Config
	o.Corpus.MaxHTMLDepth, o.Corpus.MaxFeedItems = c.Corpus.MaxHTMLDepth, c.Corpus.MaxFeedItems
	o.Limits = ingest.Limits{MaxTextBytes: c.Ingest.MaxTextBytes, MaxLineBytes: c.Ingest.MaxLineBytes, MaxFacts: c.Ingest.MaxFacts}
	o.ArticleTimeout = c.Ingest.ArticleTimeout
	if o.ArticleTimeout == 0 {
		o.ArticleTimeout = -1 // configured: no limit
	}
	o.Logger = app.Logger
	var bar *ingestProgress
	total := 0
	if !quiet {
		total = corpus.Count(paths, o.Corpus)
	}
	if _, tty := app.terminal(app.Err); !quiet && tty {
		bar = newIngestProgress(app.Err, total, 200*time.Millisecond)
	}
	lastLine := time.Now()
	o.Progress = func(p ingest.Progress) {
		if p.Problem != nil {
			if bar != nil {
				bar.clear()
			}
			fmt.Fprintf(app.Err, "skipped %s\n", p.Problem)
			return
		}
		switch {
		case quiet:
		case bar != nil:
			bar.set(p.Done)
		case time.Since(lastLine) >= 2*time.Second:
			lastLine = time.Now()
			rate := float64(p.Done) / p.Summary.Elapsed.Seconds()
			eta := ""
			if total > p.Done && rate > 0 {
				eta = ", ETA " + shortDuration(time.Duration(float64(total-p.Done)/rate*float64(time.Second)))
			}
			fmt.Fprintf(app.Err, "ingest: %d/%d articles done, %.0f articles/s, %d facts, elapsed %s%s\n",
				p.Done, total, rate, p.Summary.Facts, shortDuration(p.Summary.Elapsed), eta)
		}
	}
	sum, err := ingest.Run(ctx, store, ex, paths, o)
	if bar != nil {
		bar.finish()
	}
	return sum, err
}

// ingestDefaultCorpus fills an empty store from corpus.dir, for commands that
// answer questions (the main job: `policygraph tracker` on a fresh clone).
// It does nothing when the store already holds articles.
func ingestDefaultCorpus(ctx context.Context, app *App, store *graph.Store) error {
	empty, err := store.Empty(ctx)
	if err != nil || !empty {
		return err
	}
	paths, name, done, err := app.corpusPaths()
	if err != nil {
		return err
	}
	defer done()
	fmt.Fprintf(app.Err, "policygraph: the store %s is empty; ingesting %s first\n", redact(app.Config.Store.Path), name)
	sum, err := runIngest(ctx, app, store, paths, ingest.Options{}, 8<<20, false)
	if err != nil && !errors.Is(err, ingest.ErrInputs) {
		return err
	}
	fmt.Fprintf(app.Err, "policygraph: ingested %d articles, %d facts in %s\n", sum.Articles(), sum.Facts, sum.Elapsed.Round(time.Millisecond))
	return nil
}

func printSummary(w io.Writer, sum ingest.Summary, store *graph.Store, format string) error {
	st, err := store.Stats(context.Background())
	if err != nil {
		return err
	}
	if format == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(map[string]any{"ingest": sum, "elapsed": sum.Elapsed.String(), "store": st})
	}
	secs := sum.Elapsed.Seconds()
	timedOut := ""
	if sum.TimedOut > 0 {
		timedOut = fmt.Sprintf(" (%d over ingest.article_timeout)", sum.TimedOut)
	}
	fmt.Fprintf(w, "articles: %d new, %d changed, %d unchanged, %d skipped, %d failed%s\n",
		sum.New, sum.Changed, sum.Unchanged, sum.Skipped, sum.Failed, timedOut)
	truncated := ""
	if sum.Truncated > 0 {
		truncated = fmt.Sprintf(" (%d articles cut to ingest.max_facts)", sum.Truncated)
	}
	fmt.Fprintf(w, "facts:    %d extracted from new and changed articles%s\n", sum.Facts, truncated)
	fmt.Fprintf(w, "quads:    %d written by this run (new and changed articles only)\n", sum.Quads)
	fmt.Fprintf(w, "elapsed:  %s (%.0f articles/s, %.2f MB/s)\n", sum.Elapsed.Round(time.Millisecond),
		float64(sum.Articles())/secs, float64(sum.Bytes)/1e6/secs)
	fmt.Fprintf(w, "store:    %d articles, %d facts, %d entities, %d quads in all\n", st.Articles, st.Facts, st.Entities, st.Quads)
	return nil
}
