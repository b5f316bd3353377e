package web

import (
	"fmt"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/cayleygraph/quad"

	"github.com/policygraph/policygraph/domain"
	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/queries"
)

// asOf is the one spelling of the "as of this date" parameter across the
// API; asOfAlias (the CLI flag's spelling) is accepted too.
const (
	asOf      = "as_of"
	asOfAlias = "as-of"
)

// apiName is a question parameter's name in the API: the CLI's dashes
// become underscores (as-of → as_of), like every other API parameter.
func apiName(name string) string {
	if name == asOfAlias {
		return asOf
	}
	return name
}

// canonicalAsOf moves an as-of alias to as_of; both at once is an error.
func canonicalAsOf(p queries.Params) error {
	v, ok := p[asOfAlias]
	if !ok {
		return nil
	}
	if _, both := p[asOf]; both {
		return fmt.Errorf("give %s or its alias %s, not both", asOf, asOfAlias)
	}
	delete(p, asOfAlias)
	p[asOf] = v
	return nil
}

// dateParam checks an as_of value.
func dateParam(p queries.Params) error {
	if d := p[asOf]; d != "" {
		if err := domain.ValidateDate(d); err != nil {
			return fmt.Errorf("%s: %w", asOf, err) // names the value and the valid forms
		}
	}
	return nil
}

// MapResponse is the answer of GET /api/map: every country's latest
// asserted stance toward the target as of a date (the tracker's rows), and
// the span of the asserted stance facts about the target, for the map's
// date slider.
type MapResponse struct {
	Target string               `json:"target"`
	AsOf   string               `json:"as_of,omitempty"`
	Span   MapSpan              `json:"span"`
	Rows   []queries.TrackerRow `json:"rows"`
}

// MapSpan is the first and last date of the asserted stance facts about a
// vendor (possibly partial: YYYY or YYYY-MM), and every distinct date
// between, oldest first: the dates at which the map can change.
type MapSpan struct {
	First string   `json:"first,omitempty"`
	Last  string   `json:"last,omitempty"`
	Dates []string `json:"dates"`
}

// vendorDateParams reads the parameters of an answer about one vendor as
// of a date (the tracker, the map): valid names, as_of (or its alias) a
// date, and the target, the default vendor when none is given.
func (h *handler) vendorDateParams(r *http.Request, more ...string) (p queries.Params, target string, err error) {
	p, err = params(r, append([]string{"target", asOf, asOfAlias}, more...)...)
	if err == nil {
		err = canonicalAsOf(p)
	}
	if err == nil {
		err = dateParam(p)
	}
	if err != nil {
		return nil, "", err
	}
	if target = p["target"]; target == "" {
		target = h.cfg.DefaultVendor
	}
	return p, target, nil
}

func (h *handler) stanceMap(w http.ResponseWriter, r *http.Request) {
	p, target, err := h.vendorDateParams(r)
	if err != nil {
		badRequest(w, "%v", err)
		return
	}
	var out MapResponse
	err = h.read(r.Context(), func() error {
		_, name, err := queries.Resolve(r.Context(), h.s, target)
		if err != nil {
			return err
		}
		rows, err := queries.Tracker(r.Context(), h.s, queries.TrackerOptions{Target: name, AsOf: p[asOf]})
		if err != nil {
			return err
		}
		span, err := h.stanceSpan(r, name)
		if err != nil {
			return err
		}
		out = MapResponse{Target: name, AsOf: p[asOf], Span: span, Rows: rows}
		return nil
	})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if out.Rows == nil {
		out.Rows = []queries.TrackerRow{}
	}
	writeJSON(w, http.StatusOK, out)
}

// spanTTL is how long a vendor's date span is reused: the slider asks for
// the map at many dates in a row, and the span does not depend on the date.
// A store written meanwhile (only possible on a shared SQL backend) shows
// its new dates on the slider after at most this long.
const spanTTL = 30 * time.Second

// spanCache keeps the last date spans computed, by vendor.
type spanCache struct {
	mu sync.Mutex
	m  map[string]cachedSpan
}

type cachedSpan struct {
	span MapSpan
	at   time.Time
}

// maxSpans bounds the vendors whose spans are kept.
const maxSpans = 64

func (c *spanCache) get(target string, now time.Time) (MapSpan, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[target]
	if !ok || now.Sub(e.at) > spanTTL {
		return MapSpan{}, false
	}
	return e.span, true
}

func (c *spanCache) put(target string, span MapSpan, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= maxSpans {
		c.m = map[string]cachedSpan{}
	}
	c.m[target] = cachedSpan{span, now}
}

// stanceSpan is the span of the asserted stance facts about a vendor, read
// from the fact index (no records are read), or from the cache.
func (h *handler) stanceSpan(r *http.Request, target string) (MapSpan, error) {
	now := time.Now()
	if span, ok := h.spans.get(target, now); ok {
		return span, nil
	}
	span, err := h.readSpan(r, target)
	if err == nil {
		h.spans.put(target, span, now)
	}
	return span, err
}

func (h *handler) readSpan(r *http.Request, target string) (MapSpan, error) {
	seen := map[string]bool{}
	err := h.s.FactRefs(r.Context(), graph.FactsWithTarget(target), func(ref graph.FactRef) error {
		if ref.Modality == domain.Asserted && ref.Relation.IsStance() && ref.Date != "" {
			seen[ref.Date] = true
		}
		return nil
	})
	if err != nil {
		return MapSpan{}, fmt.Errorf("web: map: %w", err)
	}
	span := MapSpan{Dates: make([]string, 0, len(seen))}
	for d := range seen {
		span.Dates = append(span.Dates, d)
	}
	slices.SortFunc(span.Dates, func(a, b string) int {
		if ka, kb := graph.SortDate(a), graph.SortDate(b); ka != kb {
			if ka < kb {
				return -1
			}
			return 1
		}
		return 0
	})
	if n := len(span.Dates); n > 0 {
		span.First, span.Last = span.Dates[0], span.Dates[n-1]
	}
	return span, nil
}

// MetaResponse is the answer of GET /api/meta: what the UI draws with.
type MetaResponse struct {
	// Relations are the relation table's entries the UI needs, in display
	// order (legends and colours come from here, not from the page).
	Relations []RelationMeta `json:"relations"`
	// Modalities are the ways an article can present a fact.
	Modalities []domain.Modality `json:"modalities"`
	// Predicates are the vocabulary's predicates present in the store, as
	// IRIs, for raw queries.
	Predicates []string `json:"predicates"`
	// ExportFormats are the formats GET /api/export streams.
	ExportFormats []string `json:"export_formats"`
}

// RelationMeta is one relation as the UI shows it.
type RelationMeta struct {
	Relation domain.Relation `json:"relation"`
	Stance   bool            `json:"stance"`
	Side     string          `json:"side,omitempty"` // restrictive, permissive; empty for none
	CSS      string          `json:"css"`            // colour
}

// vocabulary lists every predicate policygraph writes.
func vocabulary() []quad.IRI {
	out := []quad.IRI{graph.PredType, graph.PredName, graph.PredEntityType, graph.PredISO2, graph.PredISO3, graph.PredRegion,
		graph.PredArticleID, graph.PredTitle, graph.PredURL, graph.PredPublished, graph.PredDateSource, graph.PredHash,
		graph.PredSubject, graph.PredRelation, graph.PredObject, graph.PredTarget, graph.PredScope, graph.PredModality,
		graph.PredConfidence, graph.PredSentence, graph.PredStart, graph.PredEnd, graph.PredArticle, graph.PredEventDate, graph.PredDate}
	for _, ri := range domain.RelationTable {
		out = append(out, graph.RelationIRI(ri.Relation))
	}
	return out
}

func (h *handler) meta(w http.ResponseWriter, r *http.Request) {
	if len(r.URL.Query()) > 0 {
		badRequest(w, "GET /api/meta takes no parameters")
		return
	}
	out := MetaResponse{Modalities: []domain.Modality{domain.Asserted, domain.Reported, domain.Denied, domain.Hypothetical},
		ExportFormats: exportFormats(), Predicates: []string{}}
	for _, ri := range domain.RelationTable {
		side := map[domain.Side]string{domain.Restrictive: "restrictive", domain.Permissive: "permissive"}[ri.Side]
		out.Relations = append(out.Relations, RelationMeta{Relation: ri.Relation, Stance: ri.Stance, Side: side, CSS: ri.CSS})
	}
	err := h.read(r.Context(), func() error {
		for _, p := range vocabulary() {
			if h.s.HasValue(p) {
				out.Predicates = append(out.Predicates, p.String())
			}
		}
		return r.Context().Err()
	})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}
