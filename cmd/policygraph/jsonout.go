package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"sort"
	"strings"

	"github.com/itchyny/gojq"
	"github.com/spf13/cobra"
)

// jsonOptions narrow a command's JSON output as gh does: --json FIELDS
// keeps only those fields of each record, --jq EXPR filters the JSON with
// a jq expression (gojq). Either implies --format json.
type jsonOptions struct {
	Fields []string
	JQ     string
	code   *gojq.Code
}

// addJSONFlags registers --json and --jq on cmd.
func addJSONFlags(cmd *cobra.Command, o *jsonOptions) {
	cmd.Flags().StringSliceVar(&o.Fields, "json", nil, "print JSON with only these comma-separated fields of each record (implies --format json)")
	cmd.Flags().StringVar(&o.JQ, "jq", "", "filter the JSON output with a jq expression, e.g. '.[].country' (implies --format json)")
}

// active reports whether --json or --jq was given.
func (o *jsonOptions) active() bool { return len(o.Fields) > 0 || o.JQ != "" }

// prepare checks the flags before any work: --json and --jq go with JSON
// output only, and the jq expression must parse. It returns the format to
// use.
func (o *jsonOptions) prepare(cmd *cobra.Command, format string) (string, error) {
	if !o.active() {
		return format, nil
	}
	if cmd.Flags().Changed("format") && format != "json" {
		return "", usageError{fmt.Errorf("--json and --jq print JSON: they do not go with --format %s", format)}
	}
	if o.JQ != "" {
		q, err := gojq.Parse(o.JQ)
		if err != nil {
			return "", usageError{fmt.Errorf("--jq %q: %w", o.JQ, err)}
		}
		if o.code, err = gojq.Compile(q); err != nil {
			return "", usageError{fmt.Errorf("--jq %q: %w", o.JQ, err)}
		}
	}
	return "json", nil
}

// write prints v as JSON: with --json, only the named fields of records
// (a slice of structs, or one struct; valid lists the fields when records
// is empty and untyped); then through the --jq expression. A string that
// jq yields is printed raw, as jq -r does.
func (o *jsonOptions) write(ctx context.Context, w io.Writer, whole, records any) error {
	v := whole
	if len(o.Fields) > 0 {
		valid := jsonFields(reflect.TypeOf(records))
		for _, f := range o.Fields {
			if !contains(valid, f) {
				return usageError{fmt.Errorf("unknown --json field %q (valid: %s)", f, strings.Join(valid, ", "))}
			}
		}
		var err error
		if v, err = pick(records, o.Fields); err != nil {
			return err
		}
	}
	if o.code == nil {
		return writeJSON(w, v)
	}
	generic, err := toGeneric(v)
	if err != nil {
		return err
	}
	iter := o.code.RunWithContext(ctx, generic)
	for {
		out, ok := iter.Next()
		if !ok {
			return nil
		}
		if err, ok := out.(error); ok {
			var halt *gojq.HaltError
			if errors.As(err, &halt) && halt.Value() == nil {
				return nil
			}
			return fmt.Errorf("--jq %q: %w", o.JQ, err)
		}
		if s, ok := out.(string); ok {
			if _, err := fmt.Fprintln(w, s); err != nil {
				return err
			}
			continue
		}
		if err := writeJSON(w, out); err != nil {
			return err
		}
	}
}

// pick keeps the named fields of each record.
func pick(records any, fields []string) (any, error) {
	generic, err := toGeneric(records)
	if err != nil {
		return nil, err
	}
	keep := func(x any) any {
		m, ok := x.(map[string]any)
		if !ok {
			return x
		}
		out := make(map[string]any, len(fields))
		for _, f := range fields {
			if val, ok := m[f]; ok {
				out[f] = val
			} else {
				out[f] = nil // left out as empty: present, as gh does
			}
		}
		return out
	}
	if list, ok := generic.([]any); ok {
		out := make([]any, len(list))
		for i, x := range list {
			out[i] = keep(x)
		}
		return out, nil
	}
	return keep(generic), nil
}

// toGeneric turns v into the maps, slices and scalars of decoded JSON.
func toGeneric(v any) (any, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var out any
	err = json.Unmarshal(data, &out)
	return out, err
}

// jsonFields lists the JSON field names of t's records: the fields of a
// struct, or of the structs in a slice, sorted.
func jsonFields(t reflect.Type) []string {
	for t != nil && (t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
		t = t.Elem()
	}
	if t == nil || t.Kind() != reflect.Struct {
		return nil
	}
	var out []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch {
		case name == "-" || !f.IsExported() && !f.Anonymous:
			continue
		case f.Anonymous && name == "":
			out = append(out, jsonFields(f.Type)...)
			continue
		case name == "":
			name = f.Name
		}
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}
