// TEMPORARY placeholder written by the lead so that the module builds while
// the extractor is being written. The extractor engineer: DELETE THIS FILE as
// soon as your own files define Version, Document, Options, New, Extract and
// Entities.

// Package extract turns an article into facts.
package extract

import (
	"errors"

	"github.com/policygraph/policygraph/graph"
)

// Version identifies the extractor's output.
const Version = "0"

// Document is one article to extract from.
type Document struct {
	Name      string
	Text      []byte
	Published string
	Title     string
}

// Options tune the extractor.
type Options struct{}

// Extractor extracts facts.
type Extractor struct{}

// New returns an extractor.
func New(Options) (*Extractor, error) { return &Extractor{}, nil }

// Extract is not implemented yet.
func (e *Extractor) Extract(doc Document) ([]graph.Fact, error) {
	return nil, errors.New("extract: not implemented yet")
}

// Entities returns entity records for facts.
func (e *Extractor) Entities(facts []graph.Fact) []graph.Entity { return graph.FactEntities(facts) }
