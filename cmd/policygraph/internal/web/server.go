// Package web serves policygraph's embedded UI and its read-only JSON API.
package web

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/policygraph/policygraph/export"
	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/queries"
)

// Config is the server's configuration.
type Config struct {
	Addr         string        // listen address; loopback unless Token is set
	Token        string        // bearer token required on /api when set
	QueryTimeout time.Duration // raw query time limit
	MaxResults   int           // raw query result limit
	MaxBody      int64         // request body limit in bytes
	Logger       *slog.Logger
}

func (c *Config) defaults() {
	if c.QueryTimeout <= 0 {
		c.QueryTimeout = queries.DefaultTimeout
	}
	if c.MaxResults <= 0 {
		c.MaxResults = 1000
	}
	if c.MaxBody <= 0 {
		c.MaxBody = 64 << 10
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
}

// ErrExposed means a non-loopback address was asked for without a token.
var ErrExposed = errors.New("refusing to listen beyond loopback without a bearer token (set server.token)")

// CheckAddr refuses a non-loopback listen address unless a token is set.
func CheckAddr(addr, token string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("web: bad address %q: %w", addr, err)
	}
	if token != "" {
		return nil
	}
	if host == "localhost" {
		return nil
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("web: %s: %w", addr, ErrExposed)
	}
	return nil
}

// Handler returns the UI and API for a store.
func Handler(s *graph.Store, cfg Config) http.Handler {
	cfg.defaults()
	h := &handler{s: s, cfg: cfg}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", h.healthz)
	mux.HandleFunc("GET /api/tracker", h.tracker)
	mux.HandleFunc("GET /api/ask", h.askList)
	mux.HandleFunc("GET /api/ask/{name}", h.ask)
	mux.HandleFunc("POST /api/query", h.query)
	mux.HandleFunc("GET /api/entities", h.entities)
	mux.HandleFunc("GET /api/entities/{id}/neighbourhood", h.neighbourhood)
	mux.HandleFunc("GET /api/articles/{id}", h.article)
	mux.HandleFunc("GET /api/export", h.export)
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "no such endpoint: "+r.Method+" "+r.URL.Path)
	})
	mux.Handle("/", Assets())
	return h.middleware(mux)
}

type handler struct {
	s   *graph.Store
	cfg Config
}

// middleware enforces the token, the body limit and read-only methods, and
// turns the mux's plain-text 405s into JSON.
func (h *handler) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		if strings.HasPrefix(r.URL.Path, "/api/") && h.cfg.Token != "" {
			got := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
			if subtle.ConstantTimeCompare([]byte(got), []byte(h.cfg.Token)) != 1 {
				w.Header().Set("WWW-Authenticate", `Bearer realm="policygraph"`)
				writeError(w, http.StatusUnauthorized, "missing or bad bearer token")
				return
			}
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead && !(r.Method == http.MethodPost && r.URL.Path == "/api/query") {
			w.Header().Set("Allow", "GET, HEAD")
			writeError(w, http.StatusMethodNotAllowed, "read-only: "+r.Method+" is not allowed here")
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, h.cfg.MaxBody)
		defer h.s.Reading()()
		next.ServeHTTP(w, r)
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

// fail maps an error to its status: bad input 400, unknown 404, timeout
// 504, anything else 500 (with a message that names no file paths).
func (h *handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	status := http.StatusInternalServerError
	var mb *http.MaxBytesError
	switch {
	case errors.As(err, &mb):
		status = http.StatusRequestEntityTooLarge
	case errors.Is(err, queries.ErrBadQuery):
		status = http.StatusBadRequest
	case errors.Is(err, queries.ErrNotFound):
		status = http.StatusNotFound
	case errors.Is(err, queries.ErrTimeout), errors.Is(err, context.DeadlineExceeded):
		status = http.StatusGatewayTimeout
	}
	msg := err.Error()
	if status == http.StatusInternalServerError {
		h.cfg.Logger.Error("request failed", "path", r.URL.Path, "err", err)
		msg = "internal error"
	}
	writeError(w, status, strings.TrimPrefix(msg, "queries: "))
}

func (h *handler) healthz(w http.ResponseWriter, r *http.Request) {
	st, err := h.s.Stats(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"status": "ok", "store": st})
}

// params turns query-string values into question parameters.
func params(r *http.Request) queries.Params {
	p := queries.Params{}
	for k, v := range r.URL.Query() {
		if len(v) > 0 {
			p[k] = v[0]
		}
	}
	return p
}

func (h *handler) tracker(w http.ResponseWriter, r *http.Request) {
	p := params(r)
	for k := range p {
		if k != "target" && k != "as_of" {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("unknown parameter %q (valid: target, as_of)", k))
			return
		}
	}
	rows, err := queries.Tracker(r.Context(), h.s, queries.TrackerOptions{Target: p["target"], AsOf: p["as_of"]})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"target": orDefault(p["target"], "Huawei"), "rows": rows})
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func (h *handler) askList(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, queries.List())
}

func (h *handler) ask(w http.ResponseWriter, r *http.Request) {
	res, err := queries.Run(r.Context(), h.s, r.PathValue("name"), params(r))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

type queryRequest struct {
	Lang  string `json:"lang"`
	Query string `json:"query"`
	Limit int    `json:"limit"`
}

func (h *handler) query(w http.ResponseWriter, r *http.Request) {
	var req queryRequest
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		var mb *http.MaxBytesError
		if errors.As(err, &mb) {
			h.fail(w, r, err)
			return
		}
		writeError(w, http.StatusBadRequest, "bad request body: "+err.Error()+` (want {"lang","query","limit"})`)
		return
	}
	if req.Lang == "" {
		req.Lang = "gizmo"
	}
	limit := req.Limit
	if limit <= 0 || limit > h.cfg.MaxResults {
		limit = h.cfg.MaxResults
	}
	res, err := queries.Raw(r.Context(), h.s, req.Lang, req.Query, limit, h.cfg.QueryTimeout)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if res == nil {
		res = []any{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"results": res, "limit": limit})
}

func (h *handler) entities(w http.ResponseWriter, r *http.Request) {
	res, err := queries.Run(r.Context(), h.s, "entities", params(r))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res.Records)
}

func (h *handler) neighbourhood(w http.ResponseWriter, r *http.Request) {
	g, err := export.Neighbourhood(r.Context(), h.s, r.PathValue("id"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, export.Cytoscape(g))
}

func (h *handler) article(w http.ResponseWriter, r *http.Request) {
	res, err := queries.Run(r.Context(), h.s, "article", queries.Params{"id": r.PathValue("id")})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

func (h *handler) export(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	format := q.Get("format")
	valid := false
	for _, f := range export.Formats {
		valid = valid || f == format && !export.DirFormats[f]
	}
	if !valid {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("unknown export format %q (valid: nquads, jsonld, graphml, gexf, gml, dot, cytoscape)", format))
		return
	}
	f := export.Filter{Country: q.Get("country"), Relation: graph.Relation(q.Get("relation")), Since: q.Get("since"), Until: q.Get("until")}
	// Build first so that errors get a JSON answer, not half a file.
	var buf strings.Builder
	if err := export.Write(r.Context(), h.s, format, f, &buf); err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", `attachment; filename="policygraph`+export.Extensions[format]+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	_, _ = io.WriteString(w, buf.String())
}

// Serve runs the server until ctx is done, then shuts down gracefully.
func Serve(ctx context.Context, s *graph.Store, cfg Config, ready func(addr string)) error {
	cfg.defaults()
	if err := CheckAddr(cfg.Addr, cfg.Token); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("web: listen %s: %w", cfg.Addr, err)
	}
	srv := &http.Server{
		Handler:           Handler(s, cfg),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      cfg.QueryTimeout + 30*time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	if ready != nil {
		ready(ln.Addr().String())
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		return srv.Shutdown(shutdown)
	}
}
