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
	// appends them to dst, which may hold the renderings of the articles
	// before it in its batch, and returns the result; what it appended
	// becomes the Extracted's Rendered, and its error RenderErr.
	Render func(dst []byte, a *corpus.Article, facts []domain.Fact) ([]byte, error)
}

// Extracted is one input of Stream: an article and its facts, or an input
// that was skipped.
type Extracted struct {
	Article corpus.Article
	Facts   []domain.Fact // within StreamOptions.Limits
	Dropped int           // facts past Limits.MaxFacts
	// Rendered is what StreamOptions.Render made of Facts, and RenderErr
	// its error. Rendered is valid while fn runs, and reused after.
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
// of workers extracts (and renders) the articles read before, in batches
// of consecutive inputs; fn runs on the caller's goroutine. Stream returns
// fn's first error, or the reader's (ctx cancelled), after the goroutines
// it started have ended.
func Stream(ctx context.Context, ex *extract.Extractor, paths []string, opts StreamOptions, fn func(*Extracted) error) error {
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	lim := opts.Limits.withDefaults()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	// Each batch goes on ordered in corpus order, and on work; the caller
	// waits for each in turn to be done. ordered bounds how far the reader
	// and the workers run ahead of fn.
	ordered := make(chan *streamBatch, 4*workers)
	work := make(chan *streamBatch, workers)
	free := make(chan []byte, cap(ordered)+workers) // rendering buffers to reuse
	readErr := make(chan error, 1)
	go func() {
		defer close(work)
		defer close(ordered)
		b := &streamBatch{}
		send := func() error {
			if len(b.items) == 0 {
				return nil
			}
			b.done = make(chan struct{})
			for _, ch := range [...]chan *streamBatch{ordered, work} {
				select {
				case ch <- b:
				case <-ctx.Done():
					return ctx.Err()
				}
			}
			b = &streamBatch{}
			return nil
		}
		err := corpus.Walk(ctx, paths, opts.Corpus, func(a corpus.Article) error {
			b.items = append(b.items, Extracted{Article: a})
			if b.bytes += len(a.Text); len(b.items) >= batchInputs || b.bytes >= batchBytes {
				return send()
			}
			return nil
		}, func(p corpus.Problem) {
			if b.items = append(b.items, Extracted{Problem: &p}); len(b.items) >= batchInputs {
				_ = send() // an error is ctx's, which Walk returns next
			}
		})
		if err == nil {
			err = send()
		}
		readErr <- err
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range work {
				if ctx.Err() == nil {
					b.extract(ex, lim, opts.Render, free)
				}
				close(b.done)
			}
		}()
	}
	defer wg.Wait() // after cancel, which the reader and workers heed

	for b := range ordered {
		if err := ctx.Err(); err != nil {
			return drain(ordered, readErr, err) // cancelled while fn ran
		}
		select {
		case <-b.done:
		case <-ctx.Done():
			return drain(ordered, readErr, ctx.Err())
		}
		for i := range b.items {
			if err := fn(&b.items[i]); err != nil {
				cancel()
				return drain(ordered, readErr, err)
			}
		}
		if b.buf != nil && cap(b.buf) <= maxReusedBuffer {
			select {
			case free <- b.buf[:0]:
			default:
			}
		}
	}
	if err := <-readErr; err != nil {
		return err
	}
	return ctx.Err() // cancelled during the last batch's fn calls
}

// A batch of Stream is up to batchInputs consecutive inputs, or fewer
// holding batchBytes of text: few enough for the workers to share out a
// corpus, many enough that handing them over costs nothing.
const (
	batchInputs = 64
	batchBytes  = 256 << 10
)

// streamBatch is consecutive inputs of a Stream.
type streamBatch struct {
	items []Extracted
	bytes int           // of article text
	buf   []byte        // the items' Rendered, one after another
	done  chan struct{} // closed once items are complete
}

// maxReusedBuffer is the largest rendering buffer Stream reuses: far more
// than the facts of a batch take.
const maxReusedBuffer = 4 << 20

// extract extracts the batch's articles, and renders their facts with
// render into one buffer, from free if there is one.
func (b *streamBatch) extract(ex *extract.Extractor, lim Limits, render func([]byte, *corpus.Article, []domain.Fact) ([]byte, error), free chan []byte) {
	if render != nil {
		select {
		case b.buf = <-free:
		default:
		}
	}
	for i := range b.items {
		x := &b.items[i]
		if x.Problem != nil {
			continue
		}
		facts, dropped, err := ExtractArticle(ex, x.Article, lim)
		if err != nil {
			x.Problem = &corpus.Problem{Path: x.Article.Path, Reason: err.Error()}
			continue
		}
		x.Facts, x.Dropped = facts, dropped
		if render != nil {
			start := len(b.buf)
			b.buf, x.RenderErr = render(b.buf, &x.Article, facts)
			x.Rendered = b.buf[start:len(b.buf):len(b.buf)]
		}
	}
}

// drain empties ordered, once the reader is stopping, and returns err.
func drain[T any](ordered <-chan T, readErr <-chan error, err error) error {
	for range ordered {
	}
	<-readErr
	return err
}
