package main

import (
	"context"

	"github.com/policygraph/policygraph/graph"
)

// OpenStoreForReading opens the configured store for a command that only
// reads: a bolt store is opened read-only (graph.Options.ReadOnly), so that
// reads work on a full disk or a read-only copy, and next to other readers.
func (a *App) OpenStoreForReading(ctx context.Context) (*graph.Store, error) {
	return a.openStore(ctx, true)
}

// openForQuestions opens the store for answering questions: for reading,
// unless it is empty (by the graph, not only the fact index), when it is
// opened for writing and filled from corpus.dir first.
func openForQuestions(ctx context.Context, app *App) (*graph.Store, error) {
	store, err := app.OpenStoreForReading(ctx)
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
