// Package web serves policygraph's embedded UI and its read-only JSON API.
//
// The API answers from a graph.Store it never writes to: the tracker, the
// canned questions (queries.List / queries.Run), raw Gizmo and GraphQL
// queries under a time and result limit, entity neighbourhoods in
// cytoscape.js element format, articles, and exports. Errors are JSON
// objects {"error": "..."} with a status that says what went wrong.
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
	"mime"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/policygraph/policygraph/cmd/policygraph/internal/web/assets"
	"github.com/policygraph/policygraph/export"
	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/queries"
)

// Config is the server's configuration. Zero values take the defaults
// below.
type Config struct {
	Addr         string        // listen address; loopback unless Token is set
	Token        string        // bearer token every /api request must carry, when set
	QueryTimeout time.Duration // raw query time limit (default queries.DefaultTimeout)
	MaxResults   int           // raw query result limit (default 1000)
	MaxBody      int64         // request body limit in bytes (default 64 KiB)
	Logger       *slog.Logger  // server-side errors; default discards
}

// Defaults of Config's zero fields.
const (
	DefaultMaxResults = 1000
	DefaultMaxBody    = 64 << 10
)

func (c *Config) defaults() {
	if c.QueryTimeout <= 0 {
		c.QueryTimeout = queries.DefaultTimeout
	}
	if c.MaxResults <= 0 {
		c.MaxResults = DefaultMaxResults
	}
	c.MaxResults = min(c.MaxResults, queries.MaxLimit)
	if c.MaxBody <= 0 {
		c.MaxBody = DefaultMaxBody
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
}

// ErrExposed means a non-loopback address was asked for without a token.
var ErrExposed = errors.New("refusing to listen beyond loopback without a bearer token (set server.token)")

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
	cfg.defaults()
	h := &handler{s: s, cfg: cfg}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", h.healthz)
	mux.HandleFunc("GET /api/tracker", h.tracker)
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
	return h.guard(mux)
}

type handler struct {
	s   *graph.Store
	cfg Config
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

// read runs fn as a reader of the store. The in-memory backend serialises
// its readers; the lock is held while the answer is computed, never while
// it is written to a (possibly slow) client.
func (h *handler) read(fn func() error) error {
	done := h.s.Reading()
	defer done()
	return fn()
}

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
	if status >= 500 && status != http.StatusGatewayTimeout {
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

func (h *handler) healthz(w http.ResponseWriter, r *http.Request) {
	var st graph.Stats
	err := h.read(func() (err error) { st, err = h.s.Stats(r.Context()); return err })
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"status": "ok", "store": st})
}

// TrackerResponse is the answer of GET /api/tracker.
type TrackerResponse struct {
	Target string               `json:"target"`
	AsOf   string               `json:"as_of,omitempty"`
	Rows   []queries.TrackerRow `json:"rows"`
}

func (h *handler) tracker(w http.ResponseWriter, r *http.Request) {
	p, err := params(r, "target", "as_of")
	if err != nil {
		badRequest(w, "%v", err)
		return
	}
	if p["as_of"] != "" && !queries.ValidDate(p["as_of"]) {
		badRequest(w, "as_of %q is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", p["as_of"])
		return
	}
	var rows []queries.TrackerRow
	err = h.read(func() (err error) {
		rows, err = queries.Tracker(r.Context(), h.s, queries.TrackerOptions{Target: p["target"], AsOf: p["as_of"]})
		return err
	})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if rows == nil {
		rows = []queries.TrackerRow{}
	}
	target := p["target"]
	if target == "" {
		target = "Huawei"
	}
	writeJSON(w, http.StatusOK, TrackerResponse{Target: target, AsOf: p["as_of"], Rows: rows})
}

func (h *handler) askList(w http.ResponseWriter, r *http.Request) {
	if len(r.URL.Query()) > 0 {
		badRequest(w, "GET /api/ask takes no parameters; ask one question with /api/ask/{name}")
		return
	}
	writeJSON(w, http.StatusOK, queries.List())
}

func (h *handler) ask(w http.ResponseWriter, r *http.Request) {
	p, err := params(r)
	if err != nil {
		badRequest(w, "%v", err)
		return
	}
	var res *queries.Result
	err = h.read(func() (err error) { res, err = queries.Run(r.Context(), h.s, r.PathValue("name"), p); return err })
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// QueryRequest is the body of POST /api/query.
type QueryRequest struct {
	Lang  string `json:"lang"`  // gizmo (default) or graphql
	Query string `json:"query"` // the query text
	Limit int    `json:"limit"` // result limit, at most Config.MaxResults
}

// QueryResponse is the answer of POST /api/query.
type QueryResponse struct {
	Lang      string `json:"lang"`
	Limit     int    `json:"limit"`
	Truncated bool   `json:"truncated"` // the limit was reached
	Results   []any  `json:"results"`
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
	var res []any
	err := h.read(func() (err error) {
		// One more than the limit tells whether the answer was cut.
		res, err = queries.Raw(r.Context(), h.s, req.Lang, req.Query, limit+1, h.cfg.QueryTimeout)
		return err
	})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	out := QueryResponse{Lang: req.Lang, Limit: limit, Results: res}
	if len(res) > limit {
		out.Results, out.Truncated = res[:limit], true
	}
	if out.Results == nil {
		out.Results = []any{}
	}
	writeJSON(w, http.StatusOK, out)
}

// entityTypes are the values GET /api/entities?type= accepts.
var entityTypes = []string{string(graph.Country), string(graph.Company), string(graph.Organisation),
	string(graph.Person), string(graph.Deal), string(graph.Group)}

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
	err = h.read(func() (err error) { rows, err = queries.Entities(r.Context(), h.s, p["type"]); return err })
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
	err := h.read(func() error {
		var err error
		g, err = export.Neighbourhood(r.Context(), h.s, id)
		if !errors.Is(err, queries.ErrNotFound) {
			return err
		}
		_, name, rerr := queries.Resolve(r.Context(), h.s.QuadStore(), id)
		if rerr != nil {
			return err // the ID's error, which names what was asked for
		}
		g, err = export.Neighbourhood(r.Context(), h.s, graph.EntityID(name))
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
	err := h.read(func() (err error) {
		res, err = queries.Run(r.Context(), h.s, "article", queries.Params{"id": r.PathValue("id")})
		return err
	})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// exportFormats are the stream formats GET /api/export offers.
func exportFormats() []string {
	var out []string
	for _, f := range export.Formats {
		if !export.DirFormats[f] {
			out = append(out, f)
		}
	}
	return out
}

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
		if p[k] != "" && !queries.ValidDate(p[k]) {
			badRequest(w, "%s %q is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", k, p[k])
			return
		}
	}
	if rel := graph.Relation(p["relation"]); rel != "" && !rel.Valid() {
		badRequest(w, "relation %q is not a relation name (snake_case, e.g. banned)", rel)
		return
	}
	f := export.Filter{Country: p["country"], Relation: graph.Relation(p["relation"]), Since: p["since"], Until: p["until"]}
	// Build the whole file first, so that an error is a JSON answer rather
	// than half a download.
	var buf bytes.Buffer
	if err := h.read(func() error { return export.Write(r.Context(), h.s, format, f, &buf) }); err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", exportType(format))
	w.Header().Set("Content-Disposition", `attachment; filename="policygraph`+export.Extensions[format]+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	_, _ = w.Write(buf.Bytes())
}

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
	}
	return "text/plain; charset=utf-8"
}

// NewServer returns the http.Server for a store, with every timeout set.
// Write time covers the slowest raw query plus the transfer of its answer.
func NewServer(s *graph.Store, cfg Config) *http.Server {
	cfg.defaults()
	return &http.Server{
		Addr:              cfg.Addr,
		Handler:           Handler(s, cfg),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      cfg.QueryTimeout + 30*time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(cfg.Logger.Handler(), slog.LevelWarn),
	}
}

// Serve runs the server on cfg.Addr until ctx is done, then shuts down
// gracefully, letting requests in flight finish (for at most ten seconds).
// ready, when not nil, is called with the address listened on.
func Serve(ctx context.Context, s *graph.Store, cfg Config, ready func(addr string)) error {
	if err := CheckAddr(cfg.Addr, cfg.Token); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("web: listen: %w", err)
	}
	srv := NewServer(s, cfg)
	if ready != nil {
		ready(ln.Addr().String())
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("web: serve: %w", err)
	case <-ctx.Done():
		shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := srv.Shutdown(shutdown); err != nil {
			return fmt.Errorf("web: shutdown: %w", err)
		}
		return nil
	}
}
