package export

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/jsonld"
	"github.com/cayleygraph/quad/nquads"

	"github.com/policygraph/policygraph/graph"
)

func init() {
	// The readers would turn "0.9"^^xsd:double into a native float, which
	// the writers then type as schema:Float: an export read back must keep
	// each literal exactly as written. policygraph parses RDF only here.
	nquads.AutoConvertTypedString = false
	jsonld.AutoConvertTypedString = false
}

// xsdString is the datatype RDF 1.1 gives every plain literal; the JSON-LD
// reader spells it out.
const xsdString = quad.IRI(graph.XSD + "string")

// xsdInteger and integerStandIn: the JSON-LD library under the reader
// (gojsonld) turns {"@value": "355", "@type": xsd:integer} into "0" — it
// formats the JSON number it did not find. ImportJSONLD gives such values
// a stand-in type for the library to pass through, and literal puts
// xsd:integer back.
const (
	xsdInteger     = graph.XSD + "integer"
	integerStandIn = "urn:policygraph:import:xsd-integer"
)

// literal keeps plain strings plain: "x"^^xsd:string is "x" in RDF 1.1,
// and the graph stores names, sentences and modalities as plain strings.
func literal(v quad.Value) quad.Value {
	if t, ok := v.(quad.TypedString); ok {
		switch t.Type {
		case xsdString:
			return t.Value
		case integerStandIn:
			t.Type = xsdInteger
			return t
		}
	}
	return v
}

// protectIntegers gives every string value typed xsd:integer in a decoded
// JSON-LD document the stand-in type (see integerStandIn).
func protectIntegers(v any) {
	switch v := v.(type) {
	case map[string]any:
		if _, ok := v["@value"].(string); ok && v["@type"] == xsdInteger {
			v["@type"] = integerStandIn
		}
		for _, x := range v {
			protectIntegers(x)
		}
	case []any:
		for _, x := range v {
			protectIntegers(x)
		}
	}
}

func normalize(q quad.Quad) quad.Quad {
	q.Subject, q.Object = literal(q.Subject), literal(q.Object)
	return q
}

// ImportNQuads loads N-Quads from r into the store (see graph.Store.Import).
// A malformed line is an error naming name and the line; nothing of that
// batch is written, earlier batches are kept and indexed. It returns the
// number of quads written.
func ImportNQuads(ctx context.Context, s *graph.Store, name string, r io.Reader) (int, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	line := 0
	return s.Import(ctx, func() (quad.Quad, error) {
		for sc.Scan() {
			line++
			text := strings.TrimSpace(sc.Text())
			if text == "" || strings.HasPrefix(text, "#") {
				continue
			}
			q, err := nquads.Parse(text)
			if err != nil {
				return q, fmt.Errorf("import %s:%d: %w", name, line, err)
			}
			if !q.IsValid() {
				return q, fmt.Errorf("import %s:%d: incomplete quad", name, line)
			}
			return normalize(q), nil
		}
		if err := sc.Err(); err != nil {
			return quad.Quad{}, fmt.Errorf("import %s:%d: %w", name, line+1, err)
		}
		return quad.Quad{}, io.EOF
	})
}

// ImportJSONLD loads a JSON-LD document into the store. The document is
// parsed whole before anything is written.
func ImportJSONLD(ctx context.Context, s *graph.Store, name string, r io.Reader) (int, error) {
	var doc any
	if err := json.NewDecoder(r).Decode(&doc); err != nil {
		return 0, fmt.Errorf("import %s: %w", name, err)
	}
	protectIntegers(doc)
	jr := jsonld.NewReaderFromMap(doc)
	defer jr.Close()
	var all []quad.Quad
	for {
		q, err := jr.ReadQuad()
		if err == io.EOF {
			break
		}
		if err != nil {
			return 0, fmt.Errorf("import %s: %w", name, err)
		}
		all = append(all, normalize(q))
	}
	i := 0
	return s.Import(ctx, func() (quad.Quad, error) {
		if i == len(all) {
			return quad.Quad{}, io.EOF
		}
		i++
		return all[i-1], nil
	})
}
