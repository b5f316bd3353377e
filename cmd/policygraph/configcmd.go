package main

import (
	"encoding/json"
	"fmt"
	"strconv"
	"text/tabwriter"

	"github.com/spf13/cobra"
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
		return enc.Encode(map[string]any{"file": c.File, "keys": out})
	case "table":
		file := c.File
		if file == "" {
			file = "(none)"
		}
		fmt.Fprintf(app.Out, "config file: %s\n\n", file)
		tw := tabwriter.NewWriter(app.Out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "KEY\tVALUE\tSOURCE")
		for _, k := range configKeys {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", k.key, values[k.key], c.Sources[k.key])
		}
		return tw.Flush()
	}
	return usageError{fmt.Errorf("unknown --format %q (valid: table, json)", format)}
}

func mask(s string) string {
	if s == "" {
		return ""
	}
	return "****"
}
