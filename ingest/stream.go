package ingest

import (
	"context"
	"runtime"
	"sync"

	"github.com/policygraph/policygraph/corpus"
	"github.com/policygraph/policygraph/domain"
	"github.com/policygraph/policygraph/extract"
)

// StreamOptions tune Stream.
type StreamOptions struct {
	Workers int // extraction goroutines; 0 means GOMAXPROCS
	Corpus  corpus.Options
	Limits  Limits // as ingest applies them; see ExtractArticle
	// Render, if set, is called on the worker that extracted an article,
	// with its facts, so that formatting them runs in parallel too: it
	// appends them to dst (a buffer of an earlier article, reused) and
	// returns the result, which becomes the Extracted's Rendered and
	// RenderErr.
	Render func(dst []byte, a *corpus.Article, facts []domain.Fact) ([]byte, error)
}

// Extracted is one input of Stream: an article and its facts, or an input
// that was skipped.
type Extracted struct {
	Article corpus.Article
	Facts   []domain.Fact // within StreamOptions.Limits
	Dropped int           // facts past Limits.MaxFacts
	// Rendered is what StreamOptions.Render made of Facts, and RenderErr
	// its error. Rendered is reused once fn returns: fn must not keep it.
	Rendered  []byte
	RenderErr error
	// Problem, if set, is why the input was skipped: the reader could not
	// use it, or the article was over the limits or rejected by the
	// extractor (then Article is set too).
	Problem *corpus.Problem
}

// Stream extracts the facts of the articles under paths, without storing
// them, and calls fn with each input in the order corpus.Walk reads them,
// skipped ones included. A reader goroutine reads the files while a pool
// of workers extracts (and renders) the articles read before; fn runs on
// the caller's goroutine. Stream returns fn's first error, or the
// reader's (ctx cancelled), after the goroutines it started have ended.
func Stream(ctx context.Context, ex *extract.Extractor, paths []string, opts StreamOptions, fn func(*Extracted) error) error {
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	lim := opts.Limits.withDefaults()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	// Each input goes on ordered in corpus order, and an article also on
	// work; the caller waits for each in turn to be done. ordered bounds
	// how far the reader and the workers run ahead of fn.
	type job struct {
		x    Extracted
		done chan struct{} // closed once x is complete
	}
	ready := make(chan struct{})
	close(ready)
	ordered := make(chan *job, 8*workers)
	work := make(chan *job, workers)
	free := make(chan []byte, cap(ordered)+workers) // Rendered buffers to reuse
	readErr := make(chan error, 1)
	go func() {
		defer close(work)
		defer close(ordered)
		readErr <- corpus.Walk(ctx, paths, opts.Corpus, func(a corpus.Article) error {
			j := &job{x: Extracted{Article: a}, done: make(chan struct{})}
			for _, ch := range [...]chan *job{ordered, work} {
				select {
				case ch <- j:
				case <-ctx.Done():
					return ctx.Err()
				}
			}
			return nil
		}, func(p corpus.Problem) {
			select {
			case ordered <- &job{x: Extracted{Problem: &p}, done: ready}:
			case <-ctx.Done():
			}
		})
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range work {
				if ctx.Err() == nil {
					extractInto(ex, &j.x, lim, opts.Render, free)
				}
				close(j.done)
			}
		}()
	}
	defer wg.Wait() // after cancel, which the reader and workers heed

	for j := range ordered {
		select {
		case <-j.done:
		case <-ctx.Done():
			return drain(ordered, readErr, ctx.Err())
		}
		if err := fn(&j.x); err != nil {
			cancel()
			return drain(ordered, readErr, err)
		}
		if b := j.x.Rendered; b != nil && cap(b) <= maxReusedBuffer {
			select {
			case free <- b[:0]:
			default:
			}
		}
	}
	return <-readErr
}

// maxReusedBuffer is the largest Rendered buffer Stream reuses: far more
// than the facts of an article take.
const maxReusedBuffer = 1 << 20

// drain empties ordered, once the reader is stopping, and returns err.
func drain[T any](ordered <-chan T, readErr <-chan error, err error) error {
	for range ordered {
	}
	<-readErr
	return err
}

// extractInto extracts x's article, and renders its facts with render into
// a buffer from free, if there is one.
func extractInto(ex *extract.Extractor, x *Extracted, lim Limits, render func([]byte, *corpus.Article, []domain.Fact) ([]byte, error), free chan []byte) {
	facts, dropped, err := ExtractArticle(ex, x.Article, lim)
	if err != nil {
		x.Problem = &corpus.Problem{Path: x.Article.Path, Reason: err.Error()}
		return
	}
	x.Facts, x.Dropped = facts, dropped
	if render != nil {
		var buf []byte
		select {
		case buf = <-free:
		default:
		}
		x.Rendered, x.RenderErr = render(buf, &x.Article, facts)
	}
}
