// Package web serves policygraph's embedded UI and its read-only JSON API.
//
// The API answers from a graph.Store it never writes to: the tracker, the
// canned questions (queries.List / queries.Run), raw Gizmo and GraphQL
// queries under time, memory, concurrency and result limits, entity
// neighbourhoods in cytoscape.js element format, articles, and exports
// (streamed). Errors are JSON objects {"error": "..."} with a status that
// says what went wrong.
package web

import (
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"mime"
	"net"
	"net/http"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/policygraph/policygraph/cmd/policygraph/internal/web/assets"
	"github.com/policygraph/policygraph/domain"
	"github.com/policygraph/policygraph/export"
	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/queries"
)

// Config is the server's configuration. Zero values take the defaults
// below.
type Config struct {
	Addr           string        // listen address; loopback unless Token is set
	Token          string        // bearer token every /api request must carry, when set
	QueryTimeout   time.Duration // raw query time limit (default queries.DefaultTimeout)
	MaxResults     int           // raw query result limit (default 1000)
	MaxMemory      int64         // raw query heap growth limit in bytes (default queries.DefaultMaxMemory)
	MaxResultBytes int64         // raw query JSON result limit in bytes (default queries.DefaultMaxBytes)
	MaxQueries     int           // raw queries run at once (default 2)
	QueryQueue     int           // raw queries that may wait for a turn (default 4; negative: none)
	MaxBody        int64         // request body limit in bytes (default 64 KiB)
	Logger         *slog.Logger  // server-side errors; default discards
	DefaultVendor  string        // target of the tracker and questions when none is given (default queries.DefaultVendor)
}

// Defaults of Config's zero fields.
const (
	DefaultMaxResults = 1000
	DefaultMaxBody    = 64 << 10
	DefaultMaxQueries = 2
	DefaultQueryQueue = 4
)

func (c *Config) defaults() {
	if c.DefaultVendor == "" {
		c.DefaultVendor = queries.DefaultVendor
	}
	if c.QueryTimeout <= 0 {
		c.QueryTimeout = queries.DefaultTimeout
	}
	if c.MaxResults <= 0 {
		c.MaxResults = DefaultMaxResults
	}
	c.MaxResults = min(c.MaxResults, queries.MaxLimit)
	if c.MaxMemory <= 0 {
		c.MaxMemory = queries.DefaultMaxMemory
	}
	if c.MaxResultBytes <= 0 {
		c.MaxResultBytes = queries.DefaultMaxBytes
	}
	if c.MaxQueries <= 0 {
		c.MaxQueries = DefaultMaxQueries
	}
	switch {
	case c.QueryQueue == 0:
		c.QueryQueue = DefaultQueryQueue
	case c.QueryQueue < 0:
		c.QueryQueue = 0
	}
	if c.MaxBody <= 0 {
		c.MaxBody = DefaultMaxBody
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
}

// ErrExposed means a non-loopback address was asked for without a token.
var ErrExposed = errors.New("refusing to listen beyond loopback without a bearer token (set server.token)")

// MinTokenLength is the shortest server.token accepted.
const MinTokenLength = 16

// ErrWeakToken means the bearer token is too easy to guess.
var ErrWeakToken = errors.New("server.token is too weak")

// CheckToken refuses a bearer token that is set but weak: shorter than
// MinTokenLength, containing spaces or control characters (which a header
// cannot carry intact), or one character repeated. An empty token means
// none and is accepted.
func CheckToken(token string) error {
	if token == "" {
		return nil
	}
	why := ""
	switch {
	case strings.IndexFunc(token, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0:
		why = "it contains spaces or control characters"
	case utf8.RuneCountInString(token) < MinTokenLength:
		why = fmt.Sprintf("it has %d characters, at least %d are needed", utf8.RuneCountInString(token), MinTokenLength)
	case strings.Count(token, token[:1]) == len(token):
		why = "it is one character repeated"
	default:
		return nil
	}
	return fmt.Errorf("web: %w: %s (use a random one, e.g. `openssl rand -hex 24`)", ErrWeakToken, why)
}

// CheckAddr refuses a non-loopback listen address unless a token is set.
// An empty host (":8080") means every interface, so it is not loopback.
func CheckAddr(addr, token string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("web: bad address %q: %w", addr, err)
	}
	if token != "" || isLoopbackHost(host) {
		return nil
	}
	return fmt.Errorf("web: %s: %w", addr, ErrExposed)
}

// isLoopbackHost reports whether host (no port) names the loopback
// interface: "localhost" or a loopback IP.
func isLoopbackHost(host string) bool {
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Handler returns the UI and the API for a store, on its own ServeMux.
func Handler(s *graph.Store, cfg Config) http.Handler {
	return newHandler(s, cfg)
}

func newHandler(s *graph.Store, cfg Config) *handler {
	cfg.defaults()
	h := &handler{s: s, cfg: cfg, gate: newGate(cfg.MaxQueries, cfg.QueryQueue),
		work: make(chan struct{}, workPerCore*runtime.GOMAXPROCS(0))}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", h.healthz)
	mux.HandleFunc("GET /api/stats", h.stats)
	mux.HandleFunc("GET /api/tracker", h.tracker)
	mux.HandleFunc("GET /api/map", h.stanceMap)
	mux.HandleFunc("GET /api/meta", h.meta)
	mux.HandleFunc("GET /api/ask", h.askList)
	mux.HandleFunc("GET /api/ask/{name}", h.ask)
	mux.HandleFunc("POST /api/query", h.query)
	mux.HandleFunc("/api/query", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", http.MethodPost)
		writeError(w, http.StatusMethodNotAllowed, r.Method+" /api/query: use POST with {\"lang\",\"query\",\"limit\"}")
	})
	mux.HandleFunc("GET /api/entities", h.entities)
	mux.HandleFunc("GET /api/entities/{id}/neighbourhood", h.neighbourhood)
	mux.HandleFunc("GET /api/articles/{id}", h.article)
	mux.HandleFunc("GET /api/export", h.export)
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "no such endpoint: "+r.Method+" "+r.URL.Path)
	})
	mux.Handle("/", assets.Handler())
	h.root = h.guard(mux)
	return h
}

type handler struct {
	s    *graph.Store
	cfg  Config
	gate *gate
	work chan struct{} // slots of read
	root http.Handler
	// spans caches the stance map's date spans, by vendor.
	spans spanCache
	// inflight counts the requests being answered: the store must not be
	// closed under one.
	inflight sync.WaitGroup
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.inflight.Add(1)
	defer h.inflight.Done()
	h.root.ServeHTTP(w, r)
}

// guard enforces, before any handler runs: the Host header (without a token,
// only loopback names, which defeats DNS rebinding), the bearer token on
// /api, read-only methods, and the body limit.
func (h *handler) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Referrer-Policy", "no-referrer")
		if h.cfg.Token == "" && !allowedHost(r.Host) {
			writeError(w, http.StatusMisdirectedRequest, "this server only answers to loopback host names (localhost, 127.0.0.1, [::1])")
			return
		}
		api := strings.HasPrefix(r.URL.Path, "/api/")
		if api {
			hd.Set("Cache-Control", "no-store")
			if h.cfg.Token != "" && !h.authorized(r) {
				hd.Set("WWW-Authenticate", `Bearer realm="policygraph"`)
				writeError(w, http.StatusUnauthorized, "missing or bad bearer token (send Authorization: Bearer <token>)")
				return
			}
		}
		isQuery := r.URL.Path == "/api/query"
		switch {
		case r.Method == http.MethodGet || r.Method == http.MethodHead:
		case r.Method == http.MethodPost && isQuery:
			ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
			if ct != "application/json" {
				writeError(w, http.StatusUnsupportedMediaType, "POST /api/query needs Content-Type: application/json")
				return
			}
		default:
			allow := "GET, HEAD"
			if isQuery {
				allow = "POST"
			}
			hd.Set("Allow", allow)
			writeError(w, http.StatusMethodNotAllowed, "read-only: "+r.Method+" is not allowed here")
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, h.cfg.MaxBody)
		next.ServeHTTP(w, r)
	})
}

// allowedHost reports whether a request's Host header names loopback (or
// is absent, as in HTTP/1.0).
func allowedHost(hostport string) bool {
	if hostport == "" {
		return true
	}
	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		host = hostport
	}
	return isLoopbackHost(host)
}

func (h *handler) authorized(r *http.Request) bool {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(strings.TrimSpace(token)), []byte(h.cfg.Token)) == 1
}

// read runs fn as a reader of the store, once one of the work slots is
// free. The slots bound the answers computed at once to a few per core:
// past that, more at once only share the cores and the collector, and the
// slowest wait longest (with 200 clients, p99 was 10 times p50); waiting
// for a slot is first come, first served. (The store serialises the
// in-memory backend's readers itself.) The slot is held while the answer is
// computed, never while it is written to a (possibly slow) client. Raw
// queries, which have slots of their own, and streamed exports, whose time
// is the client's, read without one.
func (h *handler) read(ctx context.Context, fn func() error) error {
	select {
	case h.work <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-h.work }()
	return fn()
}

// workPerCore is the number of work slots per core.
const workPerCore = 4

func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		status = http.StatusInternalServerError
		buf.Reset()
		buf.WriteString(`{"error":"internal error"}` + "\n")
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

// statusOf is the one table from errors to HTTP statuses.
func statusOf(err error) int {
	var mb *http.MaxBytesError
	switch {
	case errors.As(err, &mb):
		return http.StatusRequestEntityTooLarge
	case errors.Is(err, queries.ErrBadQuery):
		return http.StatusBadRequest
	case errors.Is(err, queries.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, queries.ErrTimeout), errors.Is(err, context.DeadlineExceeded):
		return http.StatusGatewayTimeout
	case errors.Is(err, queries.ErrMemory):
		return http.StatusInsufficientStorage
	case errors.Is(err, context.Canceled):
		return 499 // the client went away; nobody reads this
	}
	return http.StatusInternalServerError
}

// fail answers an error. Client errors keep their message (which names the
// parameter or entity at fault); anything else is logged and answered with
// a message that names no file, path or connection string.
func (h *handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	status := statusOf(err)
	msg := strings.TrimPrefix(err.Error(), "queries: ")
	if status >= 500 && status != http.StatusGatewayTimeout && status != http.StatusInsufficientStorage {
		h.cfg.Logger.Error("web: request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		msg = "internal error"
	}
	writeError(w, status, msg)
}

// badRequest answers 400 with msg.
func badRequest(w http.ResponseWriter, format string, args ...any) {
	writeError(w, http.StatusBadRequest, fmt.Sprintf(format, args...))
}

// params turns query-string values into question parameters; valid, when
// given, lists the only names accepted.
func params(r *http.Request, valid ...string) (queries.Params, error) {
	p := queries.Params{}
	for k, v := range r.URL.Query() {
		if len(valid) > 0 && !slices.Contains(valid, k) {
			return nil, fmt.Errorf("unknown parameter %q (valid: %s)", k, strings.Join(valid, ", "))
		}
		if len(v) > 1 {
			return nil, fmt.Errorf("parameter %q given %d times", k, len(v))
		}
		p[k] = v[0]
	}
	return p, nil
}

// healthz says the server is alive, and nothing else: it needs no token
// and touches no store.
func (h *handler) healthz(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// stats answers the store's counts, behind the token like all of /api.
func (h *handler) stats(w http.ResponseWriter, r *http.Request) {
	if len(r.URL.Query()) > 0 {
		badRequest(w, "GET /api/stats takes no parameters")
		return
	}
	var st graph.Stats
	err := h.read(r.Context(), func() (err error) { st, err = h.s.Stats(r.Context()); return err })
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, st)
}

// TrackerResponse is the answer of GET /api/tracker.
type TrackerResponse struct {
	Target string               `json:"target"`
	AsOf   string               `json:"as_of,omitempty"`
	Rows   []queries.TrackerRow `json:"rows"`
	// Hidden counts the facts the rows leave out (modalities not counted,
	// dates not certainly by as_of) and says how to see them.
	Hidden *queries.Hidden `json:"hidden,omitempty"`
}

func (h *handler) tracker(w http.ResponseWriter, r *http.Request) {
	p, target, err := h.vendorDateParams(r, "modality")
	if err != nil {
		badRequest(w, "%v", err)
		return
	}
	var res *queries.TrackerResult
	err = h.read(r.Context(), func() (err error) {
		res, err = queries.TrackerAnswer(r.Context(), h.s, queries.TrackerOptions{Target: target, AsOf: p["as_of"], Modality: p["modality"]})
		return err
	})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	rows := res.Rows
	if rows == nil {
		rows = []queries.TrackerRow{}
	}
	writeJSON(w, http.StatusOK, TrackerResponse{Target: target, AsOf: p["as_of"], Rows: rows, Hidden: res.Hidden})
}

func (h *handler) askList(w http.ResponseWriter, r *http.Request) {
	if len(r.URL.Query()) > 0 {
		badRequest(w, "GET /api/ask takes no parameters; ask one question with /api/ask/{name}")
		return
	}
	qs := queries.Questions(h.cfg.DefaultVendor)
	for i := range qs {
		ps := slices.Clone(qs[i].Params)
		for j := range ps {
			ps[j].Name = apiName(ps[j].Name)
		}
		qs[i].Params = ps
	}
	writeJSON(w, http.StatusOK, qs)
}

func (h *handler) ask(w http.ResponseWriter, r *http.Request) {
	p, err := params(r)
	if err == nil {
		err = canonicalAsOf(p)
	}
	if err != nil {
		badRequest(w, "%v", err)
		return
	}
	// The questions name the parameter as the CLI flag does.
	if v, ok := p[asOf]; ok {
		delete(p, asOf)
		p[asOfAlias] = v
	}
	var res *queries.Result
	err = h.read(r.Context(), func() (err error) {
		res, err = queries.RunAbout(r.Context(), h.s, h.cfg.DefaultVendor, r.PathValue("name"), p)
		return err
	})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	out := *res
	out.Params = queries.Params{}
	for k, v := range res.Params {
		out.Params[apiName(k)] = v
	}
	writeJSON(w, http.StatusOK, &out)
}

// QueryRequest is the body of POST /api/query.
type QueryRequest struct {
	Lang  string `json:"lang"`  // gizmo (default) or graphql
	Query string `json:"query"` // the query text
	Limit int    `json:"limit"` // result limit, at most Config.MaxResults
}

// QueryResponse is the answer of POST /api/query.
type QueryResponse struct {
	Lang      string            `json:"lang"`
	Limit     int               `json:"limit"`
	Truncated bool              `json:"truncated"`                  // a limit was reached: more results exist
	Reason    string            `json:"truncated_reason,omitempty"` // which limit
	Results   []json.RawMessage `json:"results"`
}

func (h *handler) query(w http.ResponseWriter, r *http.Request) {
	var req QueryRequest
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		var mb *http.MaxBytesError
		if errors.As(err, &mb) {
			writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("request body too large (limit %d bytes)", h.cfg.MaxBody))
			return
		}
		badRequest(w, `bad request body: %v (want {"lang":"gizmo|graphql","query":"...","limit":100})`, err)
		return
	}
	if dec.More() {
		badRequest(w, "bad request body: one JSON object expected")
		return
	}
	if req.Lang == "" {
		req.Lang = "gizmo"
	}
	if req.Limit < 0 {
		badRequest(w, "limit %d is negative", req.Limit)
		return
	}
	limit := req.Limit
	if limit == 0 || limit > h.cfg.MaxResults {
		limit = h.cfg.MaxResults
	}
	release, err := h.gate.enter(r.Context(), h.cfg.QueryTimeout)
	if errors.Is(err, errBusy) {
		secs := int(math.Ceil(h.cfg.QueryTimeout.Seconds()))
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		writeError(w, http.StatusTooManyRequests, fmt.Sprintf("too many raw queries: %d run at once and %d may wait (server.max_queries, server.query_queue); retry in %d s",
			h.cfg.MaxQueries, h.cfg.QueryQueue, secs))
		return
	}
	if err != nil {
		h.fail(w, r, err) // the client went away while waiting
		return
	}
	defer release()
	res, err := queries.RunRaw(r.Context(), h.s, req.Lang, req.Query, queries.RawOptions{Limit: limit, Timeout: h.cfg.QueryTimeout,
		MaxMemory: h.cfg.MaxMemory, MaxBytes: h.cfg.MaxResultBytes})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	out := QueryResponse{Lang: req.Lang, Limit: limit, Truncated: res.Truncated, Reason: res.Reason, Results: res.Results}
	if out.Results == nil {
		out.Results = []json.RawMessage{}
	}
	writeJSON(w, http.StatusOK, out)
}

// errBusy means every raw-query slot and queue place is taken.
var errBusy = errors.New("too many raw queries")

// gate bounds the raw queries run at once, with a small queue of waiting
// ones: past it, a query is refused at once.
type gate struct {
	slots   chan struct{}
	waiting atomic.Int64
	queue   int64
}

func newGate(slots, queue int) *gate {
	return &gate{slots: make(chan struct{}, slots), queue: int64(queue)}
}

// enter waits (at most wait) for a slot, and returns the function that
// gives it back; errBusy when the queue is full or the wait was too long,
// the context's error if it ends first.
func (g *gate) enter(ctx context.Context, wait time.Duration) (release func(), err error) {
	release = func() { <-g.slots }
	select {
	case g.slots <- struct{}{}:
		return release, nil
	default:
	}
	if g.waiting.Add(1) > g.queue {
		g.waiting.Add(-1)
		return nil, errBusy
	}
	defer g.waiting.Add(-1)
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case g.slots <- struct{}{}:
		return release, nil
	case <-t.C:
		return nil, errBusy
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// entityTypes are the values GET /api/entities?type= accepts.
var entityTypes = []string{string(domain.Country), string(domain.Company), string(domain.Organisation),
	string(domain.Person), string(domain.Deal), string(domain.Group)}

func (h *handler) entities(w http.ResponseWriter, r *http.Request) {
	p, err := params(r, "type")
	if err != nil {
		badRequest(w, "%v", err)
		return
	}
	if t := p["type"]; t != "" && !slices.Contains(entityTypes, t) {
		badRequest(w, "unknown entity type %q (valid: %s)", t, strings.Join(entityTypes, ", "))
		return
	}
	var rows []queries.EntityRow
	err = h.read(r.Context(), func() (err error) { rows, err = queries.Entities(r.Context(), h.s, p["type"]); return err })
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if rows == nil {
		rows = []queries.EntityRow{}
	}
	writeJSON(w, http.StatusOK, rows)
}

// neighbourhood answers an entity's facts as cytoscape.js elements. The id
// is an entity ID ("italy"); a name or alias ("Italy", "US") also works.
func (h *handler) neighbourhood(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	var g *export.Graph
	err := h.read(r.Context(), func() error {
		var err error
		g, err = export.Neighbourhood(r.Context(), h.s, id)
		if !errors.Is(err, queries.ErrNotFound) {
			return err
		}
		_, name, rerr := queries.Resolve(r.Context(), h.s, id)
		if rerr != nil {
			return err // the ID's error, which names what was asked for
		}
		g, err = export.Neighbourhood(r.Context(), h.s, domain.EntityID(name))
		return err
	})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, export.Cytoscape(g))
}

func (h *handler) article(w http.ResponseWriter, r *http.Request) {
	var res *queries.Result
	err := h.read(r.Context(), func() (err error) {
		res, err = queries.Run(r.Context(), h.s, "article", queries.Params{"id": r.PathValue("id")})
		return err
	})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// exportFormats are the formats GET /api/export offers: all of them, the
// directory formats (neo4j) as a zip archive.
func exportFormats() []string { return export.Formats }

func (h *handler) export(w http.ResponseWriter, r *http.Request) {
	p, err := params(r, "format", "country", "relation", "since", "until")
	if err != nil {
		badRequest(w, "%v", err)
		return
	}
	format := p["format"]
	if !slices.Contains(exportFormats(), format) {
		badRequest(w, "unknown export format %q (valid: %s)", format, strings.Join(exportFormats(), ", "))
		return
	}
	for _, k := range []string{"since", "until"} {
		if p[k] != "" {
			if err := domain.ValidateDate(p[k]); err != nil {
				badRequest(w, "%s: %v", k, err)
				return
			}
		}
	}
	if rel := domain.Relation(p["relation"]); rel != "" && !rel.Valid() {
		badRequest(w, "relation %q is not a relation name (snake_case, e.g. banned)", rel)
		return
	}
	f := export.Filter{Country: p["country"], Relation: domain.Relation(p["relation"]), Since: p["since"], Until: p["until"]}
	sw := &streamWriter{w: w, header: func(hd http.Header) {
		hd.Set("Content-Type", exportType(format))
		hd.Set("Content-Disposition", `attachment; filename="policygraph`+export.Extensions[format]+`"`)
	}}
	if h.s.Options().Backend == graph.BackendMemstore {
		// The in-memory store serialises its readers: build the file
		// first (it is no larger than the store, which is in memory
		// anyway) rather than hold every other request behind a slow
		// download.
		var buf bytes.Buffer
		if err := h.read(r.Context(), func() error { return export.Write(r.Context(), h.s, format, f, &buf) }); err != nil {
			h.fail(w, r, err)
			return
		}
		w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
		_, _ = sw.Write(buf.Bytes())
		return
	}
	// Other stores stream: memory stays flat however large the export and
	// however many run at once.
	err = export.Write(r.Context(), h.s, format, f, sw)
	switch {
	case err == nil:
	case !sw.started:
		h.fail(w, r, err) // nothing sent yet: a JSON error
	default:
		// Half a file was sent: break the connection so that the client
		// sees a failed download, not a short file.
		h.cfg.Logger.Error("web: export failed mid-stream", "path", r.URL.Path, "err", err)
		panic(http.ErrAbortHandler)
	}
}

// streamWriter sends the headers with the first byte written, so that an
// error before it can still be answered as JSON.
type streamWriter struct {
	w       http.ResponseWriter
	header  func(http.Header)
	started bool
	err     error
}

func (s *streamWriter) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	if !s.started {
		s.started = true
		s.header(s.w.Header())
		s.w.WriteHeader(http.StatusOK)
	}
	// A slow but steady download may take longer than the server's write
	// timeout; a stalled one is cut exportStall after its last progress.
	_ = http.NewResponseController(s.w).SetWriteDeadline(time.Now().Add(exportStall))
	n, err := s.w.Write(p)
	s.err = err
	return n, err
}

// exportStall is how long a streamed export waits for a client that reads
// nothing.
const exportStall = 30 * time.Second

func exportType(format string) string {
	switch format {
	case "nquads":
		return "application/n-quads; charset=utf-8"
	case "jsonld":
		return "application/ld+json; charset=utf-8"
	case "cytoscape":
		return "application/json; charset=utf-8"
	case "graphml", "gexf":
		return "application/xml; charset=utf-8"
	case "dot":
		return "text/vnd.graphviz; charset=utf-8"
	case "neo4j":
		return "application/zip"
	}
	return "text/plain; charset=utf-8"
}

// NewServer returns the http.Server for a store, with every timeout set.
// Write time covers the slowest raw query plus the transfer of its answer.
func NewServer(s *graph.Store, cfg Config) *http.Server {
	return newServer(newHandler(s, cfg))
}

func newServer(h *handler) *http.Server {
	cfg := h.cfg
	return &http.Server{
		Addr:              cfg.Addr,
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      cfg.QueryTimeout + 30*time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(cfg.Logger.Handler(), slog.LevelWarn),
	}
}

// shutdownGrace is how long Serve lets requests in flight finish.
const shutdownGrace = 10 * time.Second

// Serve runs the server on cfg.Addr until ctx is done, then shuts down
// gracefully, letting requests in flight finish (for at most ten seconds;
// then they are cancelled). It returns only once no request is using the
// store. ready, when not nil, is called with the address listened on.
func Serve(ctx context.Context, s *graph.Store, cfg Config, ready func(addr string)) error {
	if err := CheckToken(cfg.Token); err != nil {
		return err
	}
	if err := CheckAddr(cfg.Addr, cfg.Token); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("web: listen: %w", err)
	}
	h := newHandler(s, cfg)
	srv := newServer(h)
	base, cancelRequests := context.WithCancel(context.Background())
	defer cancelRequests()
	srv.BaseContext = func(net.Listener) context.Context { return base }
	if ready != nil {
		ready(ln.Addr().String())
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	var serr error
	select {
	case err := <-errc:
		serr = fmt.Errorf("web: serve: %w", err)
	case <-ctx.Done():
		shutdown, cancel := context.WithTimeout(context.Background(), shutdownGrace)
		defer cancel()
		if err := srv.Shutdown(shutdown); err != nil {
			serr = fmt.Errorf("web: shutdown: %w", err)
		}
	}
	// Stop what is still running (raw queries stop when their context
	// ends) and wait for it: the caller closes the store next.
	cancelRequests()
	_ = srv.Close()
	stopped := make(chan struct{})
	go func() { h.inflight.Wait(); close(stopped) }()
	select {
	case <-stopped:
	case <-time.After(shutdownGrace):
		// Only a built-in function that never returns (a catastrophic
		// regular expression) can get here: give up rather than hang.
		serr = errors.Join(serr, errors.New("web: shutdown: a request did not stop"))
	}
	return serr
}
