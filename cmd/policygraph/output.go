package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// table is tabular output: column names and rows of cells.
type table struct {
	Columns []string
	Rows    [][]string
	// Wide marks the column that is truncated to fit an 80-column terminal.
	Wide int
}

// render writes t as an aligned text table, CSV or Markdown; JSON output is
// written from the typed rows by the caller.
func (t table) render(w io.Writer, format string) error {
	switch format {
	case "csv":
		cw := csv.NewWriter(w)
		if err := cw.Write(t.Columns); err != nil {
			return err
		}
		if err := cw.WriteAll(t.Rows); err != nil {
			return err
		}
		cw.Flush()
		return cw.Error()
	case "md":
		fmt.Fprintf(w, "| %s |\n|%s\n", strings.Join(t.Columns, " | "), strings.Repeat(" --- |", len(t.Columns)))
		for _, r := range t.Rows {
			cells := make([]string, len(r))
			for i, c := range r {
				cells[i] = strings.ReplaceAll(c, "|", `\|`)
			}
			fmt.Fprintf(w, "| %s |\n", strings.Join(cells, " | "))
		}
		return nil
	case "table":
		// Aligned columns; the wide column (evidence) goes on its own
		// indented line under each row, so rows fit an 80-column terminal.
		widths := make([]int, len(t.Columns))
		for i, c := range t.Columns {
			widths[i] = len(c)
			for _, r := range t.Rows {
				widths[i] = max(widths[i], len([]rune(r[i])))
			}
		}
		line := func(cells []string, upper bool) {
			var b strings.Builder
			for i, c := range cells {
				if i == t.Wide {
					continue
				}
				if upper {
					c = strings.ToUpper(c)
				}
				b.WriteString(c)
				if i < len(cells)-1 && !(i == len(cells)-2 && t.Wide == len(cells)-1) {
					b.WriteString(strings.Repeat(" ", widths[i]-len([]rune(c))+2))
				}
			}
			fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
		}
		line(t.Columns, true)
		for _, r := range t.Rows {
			line(r, false)
			if t.Wide >= 0 && t.Wide < len(r) && r[t.Wide] != "" {
				fmt.Fprintln(w, "    "+truncate(r[t.Wide], 76))
			}
		}
		return nil
	}
	return fmt.Errorf("unknown format %q", format)
}

// writeJSON writes v as indented JSON.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// checkFormat returns a usage error unless format is one of valid.
func checkFormat(format string, valid ...string) error {
	for _, v := range valid {
		if format == v {
			return nil
		}
	}
	return usageError{fmt.Errorf("unknown --format %q (valid: %s)", format, strings.Join(valid, ", "))}
}
