// Package ingest runs the pipeline from article files to the graph: a reader
// streams the corpus, a pool of workers extracts facts on all cores, and a
// single writer stores them in batches, each one transaction.
package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/policygraph/policygraph/corpus"
	"github.com/policygraph/policygraph/domain"
	"github.com/policygraph/policygraph/extract"
	"github.com/policygraph/policygraph/graph"
)

// Options tune a run.
type Options struct {
	Workers    int // extraction goroutines; 0 means GOMAXPROCS
	BatchQuads int // most quads per write transaction (fewer as a bolt store grows); 0 means graph.DefaultBatchQuads
	// Shard and Shards split a corpus between processes: this run takes the
	// articles whose ID hashes to Shard modulo Shards. Shards 0 or 1: all.
	Shard, Shards int
	Corpus        corpus.Options
	// Limits bound the work of each article.
	Limits Limits
	// ArticleTimeout is how long one article's extraction may take before
	// the article is skipped with a reason; 0 means DefaultArticleTimeout,
	// a negative value no limit.
	ArticleTimeout time.Duration
	// Progress, if set, is called from the writer after every batch and for
	// every skipped input.
	Progress func(Progress)
	// Logger gets warnings (an article's facts cut to Limits.MaxFacts);
	// nil means slog.Default().
	Logger *slog.Logger
}

// DefaultArticleTimeout is how long one article's extraction may take by
// default. The seed articles take milliseconds.
const DefaultArticleTimeout = 30 * time.Second

// Limits bound what one article makes the extractor and the store do.
type Limits struct {
	// MaxTextBytes: an article with more text is skipped with a reason. 0
	// means DefaultMaxTextBytes.
	MaxTextBytes int64
	// MaxLineBytes: a longer line is cut, at a space, into lines of at most
	// this many bytes before extraction (a space becomes a line break, so
	// offsets stay those of the text). 0 means DefaultMaxLineBytes.
	MaxLineBytes int
	// MaxFacts: an article stating more facts keeps its first MaxFacts, with
	// a warning. 0 means DefaultMaxFacts.
	MaxFacts int
}

// Default limits: far above any news article (a long one has a few dozen
// facts in 30 KB of text, in lines of a few hundred bytes).
const (
	DefaultMaxTextBytes = 2 << 20
	DefaultMaxLineBytes = 16 << 10
	DefaultMaxFacts     = 1000
)

func (l Limits) withDefaults() Limits {
	if l.MaxTextBytes <= 0 {
		l.MaxTextBytes = DefaultMaxTextBytes
	}
	if l.MaxLineBytes <= 0 {
		l.MaxLineBytes = DefaultMaxLineBytes
	}
	if l.MaxFacts <= 0 {
		l.MaxFacts = DefaultMaxFacts
	}
	return l
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
	Skipped   int              `json:"skipped"`   // inputs that could not be read
	Failed    int              `json:"failed"`    // articles the extractor rejected, or that took too long
	TimedOut  int              `json:"timed_out"` // of Failed: over the time limit
	Truncated int              `json:"truncated"` // articles whose facts were cut to the limit
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

// Prepare extracts one article into the Extraction the store writes,
// within the default Limits.
func Prepare(ex *extract.Extractor, a corpus.Article) (graph.Extraction, error) {
	x, _, err := PrepareWithin(ex, a, Limits{})
	return x, err
}

// PrepareWithin extracts one article into the Extraction the store writes,
// within lim. It returns how many facts were dropped by lim.MaxFacts.
func PrepareWithin(ex *extract.Extractor, a corpus.Article, lim Limits) (graph.Extraction, int, error) {
	facts, dropped, err := ExtractArticle(ex, a, lim)
	if err != nil {
		return graph.Extraction{}, 0, err
	}
	art := graph.Article{ID: a.ID, Title: a.Title, URL: a.URL, Published: a.Published, DateSource: a.DateSource}
	art.Hash = graph.ContentHash(a.Text, art, extract.Version)
	x := graph.Extraction{Article: art, Facts: facts, Entities: ex.Entities(facts)}
	x.Prepare() // here, on a worker, rather than in the single writer
	return x, dropped, nil
}

// ExtractArticle extracts the facts of one article within lim, as ingest
// stores them: an article over lim.MaxTextBytes is an error, lines over
// lim.MaxLineBytes are cut (BoundLines), and facts past lim.MaxFacts are
// dropped, the first ones kept. It returns how many were dropped.
func ExtractArticle(ex *extract.Extractor, a corpus.Article, lim Limits) ([]domain.Fact, int, error) {
	lim = lim.withDefaults()
	if n := int64(len(a.Text)); n > lim.MaxTextBytes {
		return nil, 0, fmt.Errorf("text too large: %d bytes (limit %d, ingest.max_text_bytes)", n, lim.MaxTextBytes)
	}
	text := BoundLines(a.Text, lim.MaxLineBytes)
	facts, err := ex.Extract(extract.Document{Name: a.ID, Text: text, Published: a.Published, Title: a.Title})
	if err != nil {
		return nil, 0, err
	}
	dropped := 0
	if len(facts) > lim.MaxFacts {
		dropped = len(facts) - lim.MaxFacts
		facts = facts[:lim.MaxFacts:lim.MaxFacts] // the first, by position
	}
	return facts, dropped, nil
}

// BoundLines returns text with no line longer than max bytes, where a line
// has a space or tab to break it at: such a space becomes a line break, the
// one after the last sentence end that fits if there is one, else the
// last that fits. Text and offsets are otherwise unchanged, and text itself
// is returned when no line is too long. The extractor's work grows faster
// than linearly with the length of a sentence (a clause without
// punctuation is scanned from each of its words: a 50 KB line of "X banned
// Y" took 49 s), and a sentence cannot be longer than its line.
func BoundLines(text []byte, max int) []byte {
	out := text
	start := 0            // of the current line
	space, sent := -1, -1 // last break candidates in the line
	for i := 0; i < len(out); i++ {
		if i == start {
			// A line no longer than max stays as it is: on to its end.
			nl := bytes.IndexByte(out[i:], '\n')
			if nl < 0 && len(out)-i <= max {
				break
			}
			if nl >= 0 && nl <= max {
				i += nl
				start, space, sent = i+1, -1, -1
				continue
			}
		}
		switch c := out[i]; c {
		case '\n':
			start, space, sent = i+1, -1, -1
			continue
		case ' ', '\t':
			space = i
			if j := i - 1; j >= start && (out[j] == '.' || out[j] == '!' || out[j] == '?' || out[j] == '"' || out[j] == ')') {
				sent = i
			}
		}
		if i-start < max {
			continue
		}
		cut := sent
		if cut < start {
			cut = space
		}
		if cut < start {
			continue // one long word: nothing to break at
		}
		if &out[0] == &text[0] {
			out = append([]byte(nil), text...)
		}
		out[cut] = '\n'
		start = cut + 1
		if space < start {
			space = -1
		}
		sent = -1
	}
	return out
}

type prepareFunc func(*extract.Extractor, corpus.Article, Limits) (graph.Extraction, int, error)

// prepare is PrepareWithin; tests replace it with an extraction that hangs.
var prepare prepareFunc = PrepareWithin

type item struct {
	x        graph.Extraction
	skip     bool // unchanged: nothing to write
	err      *corpus.Problem
	size     int64
	dropped  int    // facts over the limit
	path     string // where the article was read from
	timedOut bool   // err is the time limit
}

// Run ingests the articles under paths into store. It returns the summary
// and ErrInputs (wrapped) when some inputs were skipped. On cancellation it
// stops after the batch being written, without waiting for extractions
// under way; a later run resumes, because unchanged articles are
// recognised by their hash. An article whose extraction takes longer than
// opts.ArticleTimeout is skipped (Failed and TimedOut, with a Problem).
func Run(ctx context.Context, store *graph.Store, ex *extract.Extractor, paths []string, opts Options) (Summary, error) {
	start := time.Now()
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	if opts.BatchQuads <= 0 {
		opts.BatchQuads = graph.DefaultBatchQuads
	}
	if opts.ArticleTimeout == 0 {
		opts.ArticleTimeout = DefaultArticleTimeout
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	opts.Limits = opts.Limits.withDefaults()
	if opts.Shards > 1 && (opts.Shard < 0 || opts.Shard >= opts.Shards) {
		return Summary{}, fmt.Errorf("ingest: shard %d out of range 0..%d", opts.Shard, opts.Shards-1)
	}
	readCtx, cancelRead := context.WithCancel(ctx)
	defer cancelRead()

	articles := make(chan corpus.Article, opts.Workers*2)
	results := &resultQueue{ch: make(chan item, opts.Workers*2)}
	readDone := make(chan error, 1)
	var read atomic.Int64
	go func() {
		defer close(articles)
		readDone <- readArticles(readCtx, paths, opts, articles, results, &read)
	}()
	startWorkers(ctx, store, ex, opts, articles, results)

	sum, writeErr := writeResults(ctx, store, results.ch, cancelRead, opts, start, &read)
	sum.Elapsed = time.Since(start)
	if writeErr != nil {
		return sum, writeErr
	}
	if err := ctx.Err(); err != nil {
		return sum, fmt.Errorf("ingest: interrupted after %d articles (run again to resume): %w", sum.Articles(), err)
	}
	// Every worker has returned without ctx being cancelled, so the
	// articles channel was closed: the reader is done.
	readErr := <-readDone
	if readErr != nil && !errors.Is(readErr, context.Canceled) {
		return sum, readErr
	}
	if sum.Skipped+sum.Failed > 0 {
		return sum, fmt.Errorf("%w: %d skipped, %d failed", ErrInputs, sum.Skipped, sum.Failed)
	}
	return sum, nil
}

// resultQueue carries the workers' results to the writer, and the
// reader's problems: it is closed once every worker is done, and the
// reader, which may outlive the workers when ctx is cancelled, never sends
// on it after that (the writer drains it until it is closed).
type resultQueue struct {
	ch     chan item
	mu     sync.Mutex
	closed bool
}

// problem reports a problem of the reader, unless the queue is closed or
// ctx is done.
func (q *resultQueue) problem(ctx context.Context, p corpus.Problem) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if !q.closed && ctx.Err() == nil {
		q.ch <- item{err: &p}
	}
}

func (q *resultQueue) close() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.closed = true
	close(q.ch)
}

// readArticles walks the corpus, sending this shard's articles on articles
// and counting them in read, and the problems on results.
func readArticles(ctx context.Context, paths []string, opts Options, articles chan<- corpus.Article, results *resultQueue, read *atomic.Int64) error {
	return corpus.Walk(ctx, paths, opts.Corpus, func(a corpus.Article) error {
		if !InShard(a.ID, opts.Shard, opts.Shards) {
			return nil
		}
		read.Add(1)
		select {
		case articles <- a:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}, func(p corpus.Problem) { results.problem(ctx, p) })
}

// startWorkers starts opts.Workers goroutines that prepare the articles
// and send the results; the queue is closed once they have all returned.
//
// Extractions run in goroutines of their own, so that a worker can give
// up on one over the time limit, or when ctx is cancelled: the extractor
// cannot be interrupted. Each holds a slot while it runs; there are
// twice as many as workers, so that abandoned extractions still running
// cannot take more than as many cores again.
func startWorkers(ctx context.Context, store *graph.Store, ex *extract.Extractor, opts Options, articles <-chan corpus.Article, results *resultQueue) {
	slots := make(chan struct{}, 2*opts.Workers)
	prep := prepare
	var wg sync.WaitGroup
	for range opts.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for a := range articles {
				it, ok := work(ctx, store, ex, prep, a, opts, slots)
				if !ok {
					return
				}
				select {
				case results.ch <- it:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		wg.Wait()
		results.close()
	}()
}

// writeResults is Run's single writer: it files the workers' results in the
// summary and stores the extractions in batches the store sizes, reporting
// progress, until results is closed. A batch is written by a goroutine of
// its own while the next one fills, so that extraction goes on during a
// write; the full batch waits for the write before it to end, and a writer
// with nothing to do takes what has filled (an eighth of the most, at
// least), so that it does not wait for a full batch. When ctx is
// cancelled or a write fails it stops the reader (cancelRead) and drains
// the rest; what was extracted before a cancellation is still stored.
func writeResults(ctx context.Context, store *graph.Store, results <-chan item, cancelRead func(), opts Options, start time.Time, read *atomic.Int64) (Summary, error) {
	var (
		mu       sync.Mutex // guards sum, done and writeErr: both goroutines update them
		sum      Summary
		done     int
		writeErr error
	)
	report := func(p *corpus.Problem) { // with mu held
		if opts.Progress != nil {
			sum.Elapsed = time.Since(start)
			opts.Progress(Progress{Read: int(read.Load()), Done: done, Bytes: sum.Bytes, Summary: sum, Problem: p})
		}
	}
	failed := func() bool {
		mu.Lock()
		defer mu.Unlock()
		return writeErr != nil
	}
	batch := store.NewBatch(opts.BatchQuads) // the store sizes it: fewer quads as it grows
	taken := make(chan []graph.Extraction)   // unbuffered: one batch written, one filling
	written := make(chan struct{})
	var idle atomic.Bool // the writer waits for a batch
	go func() {
		defer close(written)
		for {
			idle.Store(true)
			xs, ok := <-taken
			idle.Store(false)
			if !ok {
				return
			}
			if failed() {
				continue // drain
			}
			// The batch is written even when ctx is cancelled: stopping
			// happens between batches, never inside one.
			res, err := batch.WriteTaken(context.WithoutCancel(ctx), xs)
			mu.Lock()
			if err != nil {
				writeErr = err
			} else {
				sum.New += res.New
				sum.Changed += res.Changed
				sum.Unchanged += res.Unchanged
				sum.Facts += res.Facts
				sum.Quads += res.QuadsAdded
				done += len(xs)
				report(nil)
			}
			mu.Unlock()
		}
	}()
	for it := range results {
		if ctx.Err() != nil {
			cancelRead() // and store what was extracted already
		}
		if failed() {
			cancelRead()
			continue // drain
		}
		mu.Lock()
		switch {
		case it.err != nil:
			if it.x.Article.ID != "" {
				sum.Failed++
			} else {
				sum.Skipped++
			}
			if it.timedOut {
				sum.TimedOut++
			}
			sum.Problems = append(sum.Problems, *it.err)
			report(it.err)
			mu.Unlock()
			continue
		case it.skip:
			sum.Unchanged++
			sum.Bytes += it.size
			done++
			mu.Unlock()
			continue
		}
		if it.dropped > 0 {
			sum.Truncated++
			opts.Logger.Warn("ingest: too many facts in one article; keeping the first ones (ingest.max_facts)",
				"article", it.x.Article.ID, "path", it.path, "facts", len(it.x.Facts)+it.dropped, "kept", len(it.x.Facts))
		}
		sum.Bytes += it.size
		mu.Unlock()
		// A full batch waits for the write under way; a smaller one goes
		// to a writer that has nothing to do, so that it never waits for
		// extraction while there is work.
		if batch.Add(it.x) || idle.Load() && batch.Quads() >= opts.BatchQuads/8 {
			taken <- batch.Take()
		}
	}
	// Also when cancelled: what was already extracted is stored.
	if batch.Len() > 0 && !failed() {
		taken <- batch.Take()
	}
	close(taken)
	<-written
	mu.Lock()
	defer mu.Unlock()
	return sum, writeErr
}

// work prepares one article, or notes that it is unchanged. It reports
// false when ctx was cancelled meanwhile. The extraction runs in a
// goroutine holding one of slots; past opts.ArticleTimeout it is left to
// finish on its own and the article is skipped.
func work(ctx context.Context, store *graph.Store, ex *extract.Extractor, prep prepareFunc, a corpus.Article, opts Options, slots chan struct{}) (item, bool) {
	size := int64(len(a.Text))
	art := graph.Article{ID: a.ID, Title: a.Title, URL: a.URL, Published: a.Published, DateSource: a.DateSource}
	hash := graph.ContentHash(a.Text, art, extract.Version)
	old, ok, err := store.ArticleHash(ctx, a.ID) // the writer may be writing meanwhile
	if ctx.Err() != nil {
		return item{}, false
	}
	if err == nil && ok && old == hash {
		return item{skip: true, size: size}, true
	}
	var timeout <-chan time.Time
	if opts.ArticleTimeout > 0 {
		t := time.NewTimer(opts.ArticleTimeout)
		defer t.Stop()
		timeout = t.C
	}
	select {
	case slots <- struct{}{}:
	case <-timeout:
		// Only when as many abandoned extractions as workers still run.
		p := corpus.Problem{Path: a.Path, Reason: fmt.Sprintf("no extraction started within %s (ingest.article_timeout): earlier extractions over the limit are still running; skipped", opts.ArticleTimeout)}
		return item{x: graph.Extraction{Article: art}, err: &p, size: size, timedOut: true}, true
	case <-ctx.Done():
		return item{}, false
	}
	if opts.ArticleTimeout > 0 {
		t := time.NewTimer(opts.ArticleTimeout)
		defer t.Stop()
		timeout = t.C
	}
	done := make(chan item, 1) // buffered: an abandoned extraction never blocks
	go func() {
		defer func() { <-slots }()
		x, dropped, err := prep(ex, a, opts.Limits)
		if err != nil {
			p := corpus.Problem{Path: a.Path, Reason: err.Error()}
			done <- item{x: graph.Extraction{Article: art}, err: &p, size: size}
			return
		}
		done <- item{x: x, size: size, dropped: dropped, path: a.Path}
	}()
	select {
	case it := <-done:
		return it, true
	case <-timeout:
		p := corpus.Problem{Path: a.Path, Reason: fmt.Sprintf("extraction took longer than %s (ingest.article_timeout): skipped", opts.ArticleTimeout)}
		return item{x: graph.Extraction{Article: art}, err: &p, size: size, timedOut: true}, true
	case <-ctx.Done():
		return item{}, false
	}
}
