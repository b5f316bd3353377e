package ingest

import (
	"github.com/policygraph/policygraph/corpus"
	"github.com/policygraph/policygraph/extract"
	"github.com/policygraph/policygraph/graph"
)

// SetPrepare replaces the extraction of Run's workers until restore is
// called.
func SetPrepare(f func(*extract.Extractor, corpus.Article, Limits) (graph.Extraction, int, error)) (restore func()) {
	old := prepare
	prepare = f
	return func() { prepare = old }
}
