package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"golang.org/x/term"
)

// table is tabular output: column names and rows of cells.
type table struct {
	Columns []string
	Rows    [][]string
	// Wide marks the column (evidence) printed on its own indented line
	// under each row of a text table; -1 for none.
	Wide int
	// Width is the terminal's width: the wide column is cut to fit it, or
	// wrapped when Whole is set. 0 means no limit (output that is not a
	// terminal is never cut).
	Width int
	Whole bool
}

// wideIndent is the indentation of the wide column's line.
const wideIndent = "    "

// outputWidth is the width tables fit on stdout: 0 (no limit) when stdout
// is not a terminal; else $COLUMNS when it is a positive number, else the
// terminal's width, else 80.
func (a *App) outputWidth() int {
	width, ok := a.terminal(a.Out)
	if !ok {
		return 0
	}
	if n, err := strconv.Atoi(strings.TrimSpace(a.Getenv("COLUMNS"))); err == nil && n > 0 {
		return n
	}
	if width > 0 {
		return width
	}
	return 80
}

// terminal reports whether w is a terminal, and its width if known.
func (a *App) terminal(w io.Writer) (int, bool) {
	if a.Terminal != nil {
		return a.Terminal(w)
	}
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return 0, false
	}
	width, _, err := term.GetSize(int(f.Fd()))
	if err != nil {
		return 0, true
	}
	return width, true
}

// wideLines lays out the wide column's text under its row: whole on one
// line without a width; cut to the width, or wrapped at spaces when whole
// is set.
func wideLines(text string, width int, whole bool) []string {
	if width <= 0 {
		return []string{wideIndent + text}
	}
	room := max(width-len(wideIndent), 20)
	if !whole {
		return []string{wideIndent + truncate(text, room)}
	}
	var lines []string
	for _, l := range wrapWords(text, room) {
		lines = append(lines, wideIndent+l)
	}
	return lines
}

// wrapWords breaks text at spaces into lines of at most width runes; a
// word longer than width is cut.
func wrapWords(text string, width int) []string {
	var lines []string
	var cur []rune
	// Only ASCII spaces break lines: a no-break space stays one.
	for _, word := range strings.FieldsFunc(text, func(r rune) bool { return r == ' ' || r == '\t' }) {
		w := []rune(word)
		for len(w) > width {
			if len(cur) > 0 {
				lines, cur = append(lines, string(cur)), nil
			}
			lines, w = append(lines, string(w[:width])), w[width:]
		}
		switch {
		case len(cur) == 0:
			cur = w
		case len(cur)+1+len(w) <= width:
			cur = append(append(cur, ' '), w...)
		default:
			lines, cur = append(lines, string(cur)), w
		}
	}
	if len(cur) > 0 || len(lines) == 0 {
		lines = append(lines, string(cur))
	}
	return lines
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
		// indented line under each row, fitted to the terminal.
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
				for _, l := range wideLines(r[t.Wide], t.Width, t.Whole) {
					fmt.Fprintln(w, l)
				}
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
