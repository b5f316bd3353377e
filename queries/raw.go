package queries

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/policygraph/policygraph/graph"
)

// Raw-query limits.
const (
	DefaultTimeout   = 10 * time.Second
	DefaultLimit     = 100
	MaxLimit         = 10000
	DefaultMaxMemory = 256 << 20 // bytes of heap growth per query
	DefaultMaxBytes  = 8 << 20   // bytes of JSON results per query
	// MaxQueryBytes bounds the text of a query. The parsers of both
	// languages recurse once per level of nesting, on the Go stack, and a
	// stack past 1 GB is a fatal error no watchdog can catch: at 64 KiB of
	// text the deepest nesting stays far below it.
	MaxQueryBytes = 64 << 10
)

// RawLanguages are the query languages Raw accepts.
var RawLanguages = []string{"gizmo", "graphql"}

// ErrTimeout means a raw query ran past its time limit and was stopped.
var ErrTimeout = errors.New("query timed out")

// ErrBadQuery means a raw query or its parameters are invalid.
var ErrBadQuery = errors.New("bad query")

// ErrMemory means a raw query grew the heap (or, recursing, its stack) past
// its memory budget and was stopped.
var ErrMemory = errors.New("query used too much memory")

// RawOptions bounds a raw query. Zero fields take the defaults above.
type RawOptions struct {
	Limit     int           // results (at most MaxLimit)
	Timeout   time.Duration // wall time
	MaxMemory int64         // heap growth while the query runs, in bytes
	MaxBytes  int64         // JSON size of the results, in bytes
}

func (o *RawOptions) defaults() {
	if o.Limit <= 0 {
		o.Limit = DefaultLimit
	}
	o.Limit = min(o.Limit, MaxLimit)
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MaxMemory <= 0 {
		o.MaxMemory = DefaultMaxMemory
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
}

// RawResult is the answer of a raw query: its results as JSON, and whether
// a limit cut it short.
type RawResult struct {
	Results   []json.RawMessage
	Bytes     int64  // total size of Results
	Truncated bool   // more results exist than were returned
	Reason    string // why it was truncated, e.g. "limit of 100 results"
}

// Raw runs a Gizmo or GraphQL query with the default bounds except limit
// and timeout, and returns only its results; see RunRaw.
func Raw(ctx context.Context, s *graph.Store, lang, text string, limit int, timeout time.Duration) ([]json.RawMessage, error) {
	res, err := RunRaw(ctx, s, lang, text, RawOptions{Limit: limit, Timeout: timeout})
	return res.Results, err
}

// RunRaw runs a Gizmo or GraphQL query against the store, read-only. It is
// stopped, with an error, at the timeout (even a Gizmo infinite loop) and
// when the heap grows by more than the memory budget (ErrMemory); its
// results are cut, with Truncated set, after Limit results or MaxBytes of
// JSON. RunRaw returns only once the query's JavaScript engine has
// stopped, so the store may be closed right after it. The result is never
// nil.
func RunRaw(ctx context.Context, s *graph.Store, lang, text string, o RawOptions) (*RawResult, error) {
	out := &RawResult{}
	if !contains(RawLanguages, lang) {
		return out, fmt.Errorf("queries: %w: unknown language %q (valid: %s)", ErrBadQuery, lang, strings.Join(RawLanguages, ", "))
	}
	if strings.TrimSpace(text) == "" {
		return out, fmt.Errorf("queries: %w: empty query", ErrBadQuery)
	}
	if len(text) > MaxQueryBytes {
		return out, fmt.Errorf("queries: %w: the query is %d bytes long, at most %d are accepted", ErrBadQuery, len(text), MaxQueryBytes)
	}
	o.defaults()
	ctx, cancel := context.WithTimeoutCause(ctx, o.Timeout, fmt.Errorf("queries: %w after %s (stopped)", ErrTimeout, o.Timeout))
	defer cancel()
	ctx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	w := watchMemory(o.MaxMemory, stop)
	defer w.end()

	// One more result than the limit tells whether there are more.
	src := text
	if lang == "gizmo" {
		src = guarded(text)
	}
	var itErr error
	err := s.Query(ctx, lang, src, o.Limit+1, func(it graph.QueryResults) error {
		for it.Next(ctx) {
			v := it.Result()
			if v == nil {
				continue // the script's own value, which JSON results leave out
			}
			b, err := marshal(v)
			if err != nil {
				return fmt.Errorf("queries: %w: result is not JSON: %v", ErrBadQuery, err)
			}
			switch {
			case len(out.Results) == o.Limit:
				out.Truncated, out.Reason = true, fmt.Sprintf("limit of %d results", o.Limit)
			case out.Bytes+int64(len(b)) > o.MaxBytes:
				out.Truncated, out.Reason = true, fmt.Sprintf("limit of %d bytes of results", o.MaxBytes)
			default:
				out.Results = append(out.Results, b)
				out.Bytes += int64(len(b))
				continue
			}
			break
		}
		itErr = it.Err()
		return nil
	})
	if w.tripped() || ctx.Err() != nil {
		w.release() // a stopped query: give its memory back now
	}
	var qe *graph.QueryError
	if errors.As(err, &qe) {
		return out, fmt.Errorf("queries: %w: %s", ErrBadQuery, clip(unshiftLines(qe.Error())))
	}
	if err != nil {
		return out, err
	}
	if err := context.Cause(ctx); err != nil && !out.Truncated {
		return out, err
	}
	if err := itErr; err != nil && !out.Truncated {
		return out, fmt.Errorf("queries: %w: %s", ErrBadQuery, clip(unshiftLines(err.Error())))
	}
	return out, nil
}

// clip shortens an engine's error message, which may quote the whole
// query.
func clip(msg string) string {
	const max = 1000
	if len(msg) <= max {
		return msg
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(msg[cut]) {
		cut--
	}
	return msg[:cut] + fmt.Sprintf("… (%d more bytes)", len(msg)-cut)
}

// marshal encodes a result as JSON without escaping <, > and & (IRIs are
// written <https://...>).
func marshal(v any) (json.RawMessage, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
