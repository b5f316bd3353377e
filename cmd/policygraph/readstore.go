package main

import (
	"context"
	"fmt"

	"github.com/policygraph/policygraph/graph"
)

// OpenStoreForReading opens the configured store for a command that only
// reads: a bolt store is opened read-only (graph.Options.ReadOnly), so that
// reads work on a full disk or a read-only copy, and next to other readers.
// An empty store is opened all the same, with a note on stderr saying how
// to fill it.
func (a *App) OpenStoreForReading(ctx context.Context) (*graph.Store, error) {
	s, err := a.openStore(ctx, true)
	if err != nil {
		return nil, err
	}
	if empty, err := s.Empty(ctx); err == nil && empty {
		fmt.Fprintf(a.Err, "policygraph: the store %s is empty (store.path: %s).\n"+
			"  Fill it with `policygraph ingest [PATH|URL...]` (no PATH: corpus.dir, else the built-in\n"+
			"  seed corpus); `tracker` and `ask` fill an empty store with that corpus themselves.\n",
			redact(a.Config.Store.Path), a.Config.Sources["store.path"])
	}
	return s, nil
}

// openForQuestions opens the store for answering questions: for reading,
// unless it is empty (by the graph, not only the fact index), when it is
// opened for writing and filled from corpus.dir first.
func openForQuestions(ctx context.Context, app *App) (*graph.Store, error) {
	store, err := app.openStore(ctx, true)
	if err != nil {
		return nil, err
	}
	empty, err := store.Empty(ctx)
	if err != nil || !empty {
		if err != nil {
			store.Close()
			return nil, err
		}
		return store, nil
	}
	if app.Config.Store.Backend != graph.BackendMemstore {
		store.Close()
		if store, err = app.OpenStore(ctx); err != nil {
			return nil, err
		}
	}
	if err := ingestDefaultCorpus(ctx, app, store); err != nil {
		store.Close()
		return nil, err
	}
	return store, nil
}
