package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strconv"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/policygraph/policygraph/graph"
)

func newConfigCmd(app *App) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Print the effective configuration and where each value came from",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return configRun(app, format)
		},
	}
	cmd.Flags().StringVar(&format, "format", "table", "output format: table or json")
	return cmd
}

func configRun(app *App, format string) error {
	c := app.Config
	values := map[string]string{
		"store.backend":       c.Store.Backend,
		"store.path":          redact(c.Store.Path),
		"store.release_pages": strconv.FormatBool(c.Store.ReleasePages),
		"corpus.dir":          c.Corpus.Dir,
		"server.addr":         c.Server.Addr,
		"server.token":        mask(c.Server.Token),

		"corpus.max_html_depth":  strconv.Itoa(c.Corpus.MaxHTMLDepth),
		"corpus.max_feed_items":  strconv.Itoa(c.Corpus.MaxFeedItems),
		"ingest.max_text_bytes":  strconv.FormatInt(c.Ingest.MaxTextBytes, 10),
		"ingest.max_line_bytes":  strconv.Itoa(c.Ingest.MaxLineBytes),
		"ingest.max_facts":       strconv.Itoa(c.Ingest.MaxFacts),
		"ingest.article_timeout": c.Ingest.ArticleTimeout.String(),
		"server.max_queries":     strconv.Itoa(c.Server.MaxQueries),
		"server.query_queue":     strconv.Itoa(c.Server.QueryQueue),
		"query.timeout":          c.Query.Timeout.String(),
		"query.max_memory":       strconv.FormatInt(c.Query.MaxMemory, 10),
		"query.max_result_bytes": strconv.FormatInt(c.Query.MaxResultBytes, 10),
		"queries.default_vendor": c.Queries.DefaultVendor,
		"log.level":              c.Log.Level,
	}
	switch format {
	case "json":
		type entry struct {
			Key    string `json:"key"`
			Value  string `json:"value"`
			Source string `json:"source"`
			Env    string `json:"env"`
		}
		var out []entry
		for _, k := range configKeys {
			out = append(out, entry{k.key, values[k.key], c.Sources[k.key], EnvName(k.key)})
		}
		enc := json.NewEncoder(app.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(map[string]any{"file": c.File, "keys": out,
			"store":  map[string]string{"path": storeLocation(c), "why": c.Sources["store.path"]},
			"corpus": map[string]any{"dir": c.Corpus.Dir, "builtin": c.Corpus.Builtin}})
	case "table":
		file := c.File
		if file == "" {
			file = "(none)"
		}
		fmt.Fprintf(app.Out, "config file: %s\n", file)
		fmt.Fprintf(app.Out, "store:       %s (%s)\n", storeLocation(c), c.Sources["store.path"])
		fmt.Fprintf(app.Out, "corpus:      %s\n\n", corpusLocation(c))
		tw := tabwriter.NewWriter(app.Out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "KEY\tVALUE\tSOURCE")
		for _, k := range configKeys {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", k.key, values[k.key], c.Sources[k.key])
		}
		return tw.Flush()
	}
	return usageError{fmt.Errorf("unknown --format %q (valid: table, json)", format)}
}

// storeLocation is the store's path made absolute for a bolt store, so
// that a user sees where it is, or the redacted URL of a SQL store.
func storeLocation(c *Config) string {
	if c.Store.Backend != graph.BackendBolt {
		return redact(c.Store.Path)
	}
	if abs, err := filepath.Abs(c.Store.Path); err == nil {
		return abs
	}
	return c.Store.Path
}

// corpusLocation is corpus.dir, saying when the built-in seed corpus
// stands in for it.
func corpusLocation(c *Config) string {
	if c.Corpus.Builtin {
		return c.Corpus.Dir + " (does not exist: the built-in seed corpus)"
	}
	return c.Corpus.Dir
}

func mask(s string) string {
	if s == "" {
		return ""
	}
	return "****"
}
