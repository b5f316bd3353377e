// Package ingest runs the pipeline from article files to the graph: a reader
// streams the corpus, a pool of workers extracts facts on all cores, and a
// single writer stores them in batches, each one transaction.
package ingest

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/policygraph/policygraph/corpus"
	"github.com/policygraph/policygraph/extract"
	"github.com/policygraph/policygraph/graph"
)

// Options tune a run.
type Options struct {
	Workers    int // extraction goroutines; 0 means GOMAXPROCS
	BatchQuads int // most quads per write transaction (fewer as a bolt store grows); 0 means 10000
	// Shard and Shards split a corpus between processes: this run takes the
	// articles whose ID hashes to Shard modulo Shards. Shards 0 or 1: all.
	Shard, Shards int
	Corpus        corpus.Options
	// Progress, if set, is called from the writer after every batch and for
	// every skipped input.
	Progress func(Progress)
}

// Progress is a snapshot of a running ingest.
type Progress struct {
	Read, Done int // articles read from the corpus, and stored or skipped
	Bytes      int64
	Summary    Summary
	Problem    *corpus.Problem // set when this call reports a skipped input
}

// Summary is what an ingest did.
type Summary struct {
	New       int              `json:"new"`
	Changed   int              `json:"changed"`
	Unchanged int              `json:"unchanged"`
	Skipped   int              `json:"skipped"` // inputs that could not be read
	Failed    int              `json:"failed"`  // articles the extractor rejected
	Facts     int              `json:"facts"`
	Quads     int              `json:"quads_added"`
	Bytes     int64            `json:"bytes"`
	Elapsed   time.Duration    `json:"elapsed_ns"`
	Problems  []corpus.Problem `json:"problems,omitempty"`
}

// Articles is the number of articles handled.
func (s Summary) Articles() int { return s.New + s.Changed + s.Unchanged }

// ErrInputs reports that some inputs were skipped or failed.
var ErrInputs = errors.New("ingest: some inputs were skipped")

// InShard reports whether the article id belongs to shard i of n.
func InShard(id string, i, n int) bool {
	if n <= 1 {
		return true
	}
	h := fnv.New32a()
	h.Write([]byte(id))
	return int(h.Sum32()%uint32(n)) == i
}

// Prepare extracts one article into the Extraction the store writes.
func Prepare(ex *extract.Extractor, a corpus.Article) (graph.Extraction, error) {
	art := graph.Article{ID: a.ID, Title: a.Title, URL: a.URL, Published: a.Published, DateSource: a.DateSource}
	art.Hash = graph.ContentHash(a.Text, art, extract.Version)
	facts, err := ex.Extract(extract.Document{Name: a.ID, Text: a.Text, Published: a.Published, Title: a.Title})
	if err != nil {
		return graph.Extraction{}, err
	}
	x := graph.Extraction{Article: art, Facts: facts, Entities: ex.Entities(facts)}
	x.Prepare() // here, on a worker, rather than in the single writer
	return x, nil
}

type item struct {
	x    graph.Extraction
	skip bool // unchanged: nothing to write
	err  *corpus.Problem
	size int64
}

// Run ingests the articles under paths into store. It returns the summary
// and ErrInputs (wrapped) when some inputs were skipped. On cancellation it
// stops after the batch being written; a later run resumes, because
// unchanged articles are recognised by their hash.
func Run(ctx context.Context, store *graph.Store, ex *extract.Extractor, paths []string, opts Options) (Summary, error) {
	start := time.Now()
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	if opts.BatchQuads <= 0 {
		opts.BatchQuads = 10000
	}
	if opts.Shards > 1 && (opts.Shard < 0 || opts.Shard >= opts.Shards) {
		return Summary{}, fmt.Errorf("ingest: shard %d out of range 0..%d", opts.Shard, opts.Shards-1)
	}
	readCtx, cancelRead := context.WithCancel(ctx)
	defer cancelRead()

	articles := make(chan corpus.Article, opts.Workers*2)
	results := make(chan item, opts.Workers*2)
	var readErr error
	var read atomic.Int64

	go func() {
		defer close(articles)
		readErr = corpus.Walk(readCtx, paths, opts.Corpus, func(a corpus.Article) error {
			if !InShard(a.ID, opts.Shard, opts.Shards) {
				return nil
			}
			read.Add(1)
			select {
			case articles <- a:
				return nil
			case <-readCtx.Done():
				return readCtx.Err()
			}
		}, func(p corpus.Problem) {
			select {
			case results <- item{err: &p}:
			case <-readCtx.Done():
			}
		})
	}()

	var wg sync.WaitGroup
	for range opts.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for a := range articles {
				results <- work(ctx, store, ex, a)
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()

	var sum Summary
	var batch []graph.Extraction
	batchQuads := 0
	limit := opts.BatchQuads // quads of the next batch: fewer as the store grows
	done := 0
	report := func(p *corpus.Problem) {
		if opts.Progress != nil {
			sum.Elapsed = time.Since(start)
			opts.Progress(Progress{Read: int(read.Load()), Done: done, Bytes: sum.Bytes, Summary: sum, Problem: p})
		}
	}
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		// The batch is written even when ctx is cancelled: stopping happens
		// between batches, never inside one.
		written := store.WrittenBytes()
		res, err := store.Write(context.WithoutCancel(ctx), batch)
		if err != nil {
			return err
		}
		if w := store.WrittenBytes() - written; w > 0 {
			limit = batchLimit(opts.BatchQuads, batchQuads, w)
		}
		sum.New += res.New
		sum.Changed += res.Changed
		sum.Unchanged += res.Unchanged
		sum.Facts += res.Facts
		sum.Quads += res.QuadsAdded
		done += len(batch)
		batch, batchQuads = batch[:0], 0
		report(nil)
		return nil
	}
	var writeErr error
	for it := range results {
		if writeErr != nil || ctx.Err() != nil {
			cancelRead()
			continue // drain
		}
		switch {
		case it.err != nil:
			if it.x.Article.ID != "" {
				sum.Failed++
			} else {
				sum.Skipped++
			}
			sum.Problems = append(sum.Problems, *it.err)
			report(it.err)
			continue
		case it.skip:
			sum.Unchanged++
			sum.Bytes += it.size
			done++
			continue
		}
		sum.Bytes += it.size
		batch = append(batch, it.x)
		batchQuads += it.x.QuadCount()
		if batchQuads >= limit {
			writeErr = flush()
		}
	}
	if writeErr == nil {
		// Also when cancelled: what was already extracted is stored.
		writeErr = flush()
	}
	sum.Elapsed = time.Since(start)
	if writeErr != nil {
		return sum, writeErr
	}
	if err := ctx.Err(); err != nil {
		return sum, fmt.Errorf("ingest: interrupted after %d articles (run again to resume): %w", sum.Articles(), err)
	}
	if readErr != nil && !errors.Is(readErr, context.Canceled) {
		return sum, readErr
	}
	if sum.Skipped+sum.Failed > 0 {
		return sum, fmt.Errorf("%w: %d skipped, %d failed", ErrInputs, sum.Skipped, sum.Failed)
	}
	return sum, nil
}

// txBytes is how much memory the dirty pages of one write transaction may
// take. Cayley's kv keys are hashed, so a batch touches pages all over the
// store, and the larger the store the more pages the same number of quads
// dirties, which bolt holds in memory until the commit (with the page
// buffers it writes them from): it was most of the live heap of a 100,000
// article ingest. Shrinking the batches as the store grows keeps that memory
// from growing with it; an ingest of 10,000 articles is hardly affected.
const txBytes = 16 << 20

// batchLimit returns the quads of the next batch: as many as would have
// made the last batch, of the given quads, write txBytes of pages, within
// an eighth of the maximum and the maximum.
func batchLimit(maxQuads, quads int, written int64) int {
	n := int(int64(quads) * txBytes / written)
	return min(maxQuads, max(maxQuads/8, n))
}

// work prepares one article, or notes that it is unchanged.
func work(ctx context.Context, store *graph.Store, ex *extract.Extractor, a corpus.Article) item {
	size := int64(len(a.Text))
	art := graph.Article{ID: a.ID, Title: a.Title, URL: a.URL, Published: a.Published, DateSource: a.DateSource}
	hash := graph.ContentHash(a.Text, art, extract.Version)
	release := store.Reading() // the writer may be writing meanwhile
	old, ok, err := store.ArticleHash(ctx, a.ID)
	release()
	if err == nil && ok && old == hash {
		return item{skip: true, size: size}
	}
	x, err := Prepare(ex, a)
	if err != nil {
		p := corpus.Problem{Path: a.Path, Reason: err.Error()}
		return item{x: graph.Extraction{Article: art}, err: &p, size: size}
	}
	return item{x: x, size: size}
}
