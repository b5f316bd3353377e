package graph

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/boltdb/bolt"
	"github.com/cayleygraph/cayley"
	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/kv"
	_ "github.com/cayleygraph/cayley/graph/kv/bolt"  // bolt backend (InitQuadStore)
	_ "github.com/cayleygraph/cayley/graph/memstore" // memstore backend
	"github.com/cayleygraph/cayley/graph/path"
	_ "github.com/cayleygraph/cayley/graph/sql/cockroach" // cockroach backend
	_ "github.com/cayleygraph/cayley/graph/sql/postgres"  // postgres backend
	"github.com/cayleygraph/quad"

	"github.com/policygraph/policygraph/domain"
)

// Backends policygraph can store its graph in.
const (
	BackendBolt      = "bolt"
	BackendMemstore  = "memstore"
	BackendPostgres  = "postgres"
	BackendCockroach = "cockroach"
)

// Backends lists the valid values of Options.Backend.
var Backends = []string{BackendBolt, BackendMemstore, BackendPostgres, BackendCockroach}

// Errors returned by the Store, for callers to map to exit codes and HTTP
// statuses.
var (
	// ErrLocked means another process holds the bolt store open.
	ErrLocked = errors.New("store is locked by another process")
	// ErrBadBackend means Options.Backend is not one of Backends.
	ErrBadBackend = errors.New("unknown store backend")
)

// Options say which store to open.
type Options struct {
	Backend string // one of Backends; "" means bolt
	Path    string // bolt directory or SQL connection URL; unused for memstore
	// Bloom keeps bolt's bloom filter: faster duplicate checks on load, but
	// seconds to open a large store and twice the memory. Off by default.
	Bloom bool
	// ReadOnly opens a bolt store for reading only: neither file is written
	// (so reads work on a full disk or a read-only copy), and other
	// read-only processes may have it open at the same time. A store that
	// does not exist yet, or whose fact index needs a repair (a crash left
	// articles pending, or it is missing or incomplete), is opened for
	// writing instead, to be created or repaired. Writes to a read-only
	// store fail. Other backends ignore it.
	ReadOnly bool
	// ReleasePages bounds the bolt files' pages counted in the process's
	// resident set (see pageReleaser). Off by default; other backends
	// ignore it.
	ReleasePages bool
}

// Store is policygraph's graph: a Cayley quad store plus the rules for
// writing articles and their facts into it. It is safe for concurrent use;
// writes are serialised.
type Store struct {
	h     *cayley.Handle
	opts  Options
	index *factIndex
	mu    sync.Mutex // serialises writes
	// memstore is not safe for concurrent reads in Cayley v0.7.7 (its
	// iterators fill a shared cache); readers of a memstore take this lock.
	memMu sync.Mutex
	bolt  *bolt.DB      // bolt only
	pages *pageReleaser // bolt only: bounds the mapped files in our RSS
}

// lockReads marks the start of a read of the Cayley store that may run
// concurrently with others (a server request, an ingest worker); call the
// returned function when it is done. Only the in-memory backend needs this,
// and serialises its readers. Every exported method takes it itself (writes
// hold it throughout), so it is never taken twice: code that holds it calls
// the unexported readers.
func (s *Store) lockReads() (done func()) {
	if s.opts.Backend != BackendMemstore {
		return func() {}
	}
	s.memMu.Lock()
	return s.memMu.Unlock
}

// Open opens the store described by opts, creating it on first use.
func Open(ctx context.Context, opts Options) (*Store, error) {
	if opts.Backend == "" {
		opts.Backend = BackendBolt
	}
	var (
		h   *cayley.Handle
		db  *bolt.DB // bolt only
		err error
	)
	switch opts.Backend {
	case BackendMemstore:
		h, err = cayley.NewMemoryGraph()
	case BackendBolt:
		if opts.ReadOnly {
			s, ok, err := openBoltReadOnly(ctx, opts, false)
			if err != nil || ok {
				return s, err
			}
			// To be created or repaired: by a writable open, unless the
			// files cannot be written (a read-only file system, another
			// user's store), where an existing store's index is built in
			// memory for this process instead.
			s, err = openWritable(ctx, opts)
			if err != nil && cannotWrite(err) && storeExists(opts.Path) {
				slog.Warn("the fact index needs a repair this process cannot write: building it in memory", "store", opts.Path, "err", err)
				s, _, err = openBoltReadOnly(ctx, opts, true)
			}
			return s, err
		}
		h, db, err = openBolt(opts)
	case BackendPostgres, BackendCockroach:
		h, err = openSQL(opts)
	default:
		return nil, fmt.Errorf("graph: %w %q (valid: %s)", ErrBadBackend, opts.Backend, strings.Join(Backends, ", "))
	}
	if err != nil {
		return nil, err
	}
	s := &Store{h: h, opts: opts, bolt: db}
	if err := s.openIndex(ctx); err != nil {
		h.Close()
		return nil, err
	}
	s.releasePages()
	return s, nil
}

// openWritable is Open of a bolt store for writing, with ReadOnly unset.
func openWritable(ctx context.Context, opts Options) (*Store, error) {
	opts.ReadOnly = false
	if err := fault("open: writable"); err != nil {
		return nil, fmt.Errorf("graph: open bolt store %s: %w", opts.Path, err)
	}
	return Open(ctx, opts)
}

// cannotWrite reports whether err says a file may not be written: a
// read-only file system or a permission denied.
func cannotWrite(err error) bool {
	return errors.Is(err, syscall.EROFS) || errors.Is(err, fs.ErrPermission)
}

// storeExists reports whether a bolt store's graph file is at path.
func storeExists(path string) bool {
	_, err := os.Stat(filepath.Join(path, "indexes.bolt"))
	return err == nil
}

// releasePages starts bounding a bolt store's mapped pages in our RSS, if
// the options ask for it.
func (s *Store) releasePages() {
	if s.bolt == nil || !s.opts.ReleasePages {
		return
	}
	maps := []boltMap{cayleyMap(s.bolt)}
	if b, ok := s.index.kv.(*boltKV); ok {
		maps = append(maps, indexMap(b.db))
	}
	s.pages = releasePages(maps...)
}

// openBoltReadOnly opens an existing bolt store without writing to it; ok
// is false (and nothing is left open) when the store does not exist yet or
// its fact index needs a repair, which only a writable open does. With
// memIndex, an index that is missing or needs a repair is built in memory
// from the graph instead, for this process only (ok is then true).
func openBoltReadOnly(ctx context.Context, opts Options, memIndex bool) (_ *Store, ok bool, _ error) {
	file := filepath.Join(opts.Path, "indexes.bolt")
	if _, err := os.Stat(file); errors.Is(err, os.ErrNotExist) {
		return nil, false, nil
	}
	_, err := os.Stat(filepath.Join(opts.Path, indexFile))
	noIndex := errors.Is(err, os.ErrNotExist)
	if noIndex && !memIndex {
		return nil, false, nil
	}
	if err := checkBoltLockShared(file); err != nil {
		return nil, false, fmt.Errorf("graph: open %s: %w", opts.Path, err)
	}
	bdb, err := bolt.Open(file, 0o644, &bolt.Options{ReadOnly: true, Timeout: 2 * time.Second})
	if errors.Is(err, bolt.ErrTimeout) {
		err = ErrLocked
	}
	if err != nil {
		return nil, false, fmt.Errorf("graph: open bolt store %s: %w", opts.Path, err)
	}
	copts := cgraph.Options{"no_bloom": true} // a bloom filter only speeds up writes
	qs, err := kv.New(newCayleyBolt(bdb), copts)
	if err != nil {
		_ = bdb.Close()
		return nil, false, fmt.Errorf("graph: open bolt store %s: %w", opts.Path, err)
	}
	qw, err := cgraph.NewQuadWriter("single", qs, nil)
	if err != nil {
		_ = qs.Close()
		return nil, false, fmt.Errorf("graph: open bolt store %s: %w", opts.Path, err)
	}
	s := &Store{h: &cayley.Handle{QuadStore: qs, QuadWriter: qw}, opts: opts, bolt: bdb}
	repair := true
	if !noIndex {
		idx, err := openBoltKVReadOnly(filepath.Join(opts.Path, indexFile))
		if err != nil {
			s.h.Close()
			return nil, false, fmt.Errorf("graph: open fact index of %s: %w", opts.Path, err)
		}
		s.index = &factIndex{kv: idx}
		if repair, err = s.index.needsRepair(ctx, 0); err != nil {
			_ = s.Close()
			return nil, false, err
		}
	}
	if repair && !memIndex {
		_ = s.Close()
		return nil, false, nil
	}
	if repair {
		if s.index != nil {
			_ = s.index.close()
		}
		s.index = &factIndex{kv: newMemKV()}
		if err := s.index.check(ctx, s, 0); err != nil {
			_ = s.Close()
			return nil, false, fmt.Errorf("graph: build the fact index of %s in memory: %w", opts.Path, err)
		}
	}
	s.releasePages()
	return s, true, nil
}

// indexFile is the fact index's file in a bolt store's directory.
const indexFile = "facts.bolt"

// openIndex opens the fact index that goes with the backend and brings it
// in step with the graph.
func (s *Store) openIndex(ctx context.Context) error {
	var (
		store      kvStore
		err        error
		staleAfter time.Duration // single-process backends: every mark is stale
	)
	switch s.opts.Backend {
	case BackendMemstore:
		store = newMemKV()
	case BackendBolt:
		store, err = openBoltKV(filepath.Join(s.opts.Path, indexFile))
	default:
		store, err = openSQLKV(ctx, s.opts.Path, s.opts.Backend == BackendPostgres)
		staleAfter = 10 * time.Minute // marks of writers that may be alive (see factIndex.stale)
	}
	if err != nil {
		return fmt.Errorf("graph: open fact index of %s: %w", s.describe(), redactURL(err, s.opts.Path))
	}
	s.index = &factIndex{kv: store}
	if err := s.index.check(ctx, s, staleAfter); err != nil {
		store.close()
		return redactURL(err, s.opts.Path)
	}
	return nil
}

// describe names the store in messages without revealing credentials.
func (s *Store) describe() string {
	switch s.opts.Backend {
	case BackendMemstore:
		return "the in-memory store"
	case BackendBolt:
		return s.opts.Path
	}
	return s.opts.Backend + " store"
}

// openBolt opens a bolt store as cayley.NewGraph does, and also returns the
// bolt database underneath, whose memory map Store keeps in check.
func openBolt(opts Options) (*cayley.Handle, *bolt.DB, error) {
	if opts.Path == "" {
		return nil, nil, errors.New("graph: bolt store needs a path")
	}
	file := filepath.Join(opts.Path, "indexes.bolt")
	if err := checkBoltLock(file); err != nil {
		return nil, nil, fmt.Errorf("graph: open %s: %w", opts.Path, err)
	}
	copts := cgraph.Options{"no_bloom": !opts.Bloom}
	if _, err := os.Stat(file); errors.Is(err, os.ErrNotExist) {
		if err := cgraph.InitQuadStore(BackendBolt, opts.Path, nil); err != nil {
			return nil, nil, fmt.Errorf("graph: create bolt store %s: %w", opts.Path, err)
		}
	}
	// Opened as Cayley's bolt backend opens it (cbolt.Open: synced writes),
	// with a larger first memory map: bolt remaps its file each time it
	// outgrows the map, doubling it up to 1 GB, and each remap copies every
	// page the write transaction holds out of the old map.
	bdb, err := bolt.Open(file, 0o644, &bolt.Options{Timeout: 2 * time.Second, InitialMmapSize: boltInitialMmap})
	if errors.Is(err, bolt.ErrTimeout) {
		err = ErrLocked
	}
	if err != nil {
		return nil, nil, fmt.Errorf("graph: open bolt store %s: %w", opts.Path, err)
	}
	qs, err := kv.New(newCayleyBolt(bdb), copts)
	if err != nil {
		_ = bdb.Close()
		return nil, nil, fmt.Errorf("graph: open bolt store %s: %w", opts.Path, err)
	}
	qw, err := cgraph.NewQuadWriter("single", qs, nil)
	if err != nil {
		_ = qs.Close()
		return nil, nil, fmt.Errorf("graph: open bolt store %s: %w", opts.Path, err)
	}
	return &cayley.Handle{QuadStore: qs, QuadWriter: qw}, bdb, nil
}

// boltInitialMmap is the size of a writable bolt store's first memory map:
// address space, not memory (only the pages read or written count).
const boltInitialMmap = 1 << 30

// checkBoltLock fails fast when another process holds the bolt file: bolt
// itself would wait forever for the lock.
func checkBoltLock(file string) error { return probeLock(file, os.O_RDWR, syscall.LOCK_EX) }

// checkBoltLockShared fails fast when a writer holds the bolt file; other
// readers may.
func checkBoltLockShared(file string) error { return probeLock(file, os.O_RDONLY, syscall.LOCK_SH) }

func probeLock(file string, flag, how int) error {
	f, err := os.OpenFile(file, flag, 0)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB); err != nil {
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return ErrLocked
		}
		return err
	}
	return syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
}

func openSQL(opts Options) (*cayley.Handle, error) {
	if opts.Path == "" {
		return nil, fmt.Errorf("graph: %s store needs a connection URL", opts.Backend)
	}
	// Cayley's tables and the fact index's, created once, under a lock.
	err := withSchemaLock(context.Background(), opts.Path, opts.Backend == BackendPostgres, func(db *sql.DB) error {
		var exists bool
		if db.QueryRow(`SELECT to_regclass('quads') IS NOT NULL`).Scan(&exists) == nil && exists {
			// Cayley's Init would log an error for the tables it finds.
			return createSQLKVTable(context.Background(), db)
		}
		err := cgraph.InitQuadStore(opts.Backend, opts.Path, nil)
		if err != nil && !errors.Is(err, cgraph.ErrDatabaseExists) {
			return err
		}
		return createSQLKVTable(context.Background(), db)
	})
	if err != nil {
		return nil, fmt.Errorf("graph: init %s store: %w", opts.Backend, redactURL(err, opts.Path))
	}
	h, err := cayley.NewGraph(cayleySQLType(opts.Backend), opts.Path, nil)
	if err != nil {
		return nil, fmt.Errorf("graph: open %s store: %w", opts.Backend, redactURL(err, opts.Path))
	}
	return h, nil
}

// redactURL keeps the password of a connection URL out of error messages;
// a bolt store's path is shown as it is.
func redactURL(err error, u string) error {
	if err == nil || !strings.Contains(u, "://") || !strings.Contains(err.Error(), u) {
		return err
	}
	shown := "<store url>"
	if p, perr := url.Parse(u); perr == nil {
		shown = p.Redacted()
	}
	return redacted{msg: strings.ReplaceAll(err.Error(), u, shown), err: err}
}

// redacted is an error with a rewritten message that still unwraps.
type redacted struct {
	msg string
	err error
}

func (r redacted) Error() string { return r.msg }
func (r redacted) Unwrap() error { return r.err }

// Close releases the store.
func (s *Store) Close() error {
	if s == nil || s.h == nil {
		return nil
	}
	s.pages.stop()
	err := s.h.Close()
	if s.index != nil {
		err = errors.Join(err, s.index.close())
	}
	return err
}

// Options returns the options the store was opened with.
func (s *Store) Options() Options { return s.opts }

// Status says what writing an article did.
type Status int

// Statuses of a written article.
const (
	Unchanged Status = iota
	New
	Changed
)

func (s Status) String() string {
	return [...]string{"unchanged", "new", "changed"}[s]
}

// WriteResult summarises one Write call.
type WriteResult struct {
	New, Changed, Unchanged  int
	Facts                    int // facts of new and changed articles
	QuadsAdded, QuadsRemoved int
	Status                   map[string]Status // per article ID
}

// Add accumulates another result into r.
func (r *WriteResult) Add(o WriteResult) {
	r.New += o.New
	r.Changed += o.Changed
	r.Unchanged += o.Unchanged
	r.Facts += o.Facts
	r.QuadsAdded += o.QuadsAdded
	r.QuadsRemoved += o.QuadsRemoved
	if len(o.Status) > 0 && r.Status == nil {
		r.Status = map[string]Status{}
	}
	for k, v := range o.Status {
		r.Status[k] = v
	}
}

// Write stores a batch of extracted articles: new articles are added,
// changed ones have their named graph replaced, and unchanged ones (same
// hash) are left alone.
//
// The store only ever holds whole articles. Cayley v0.7.7's kv backends
// mis-index quads added in the same transaction that drops the last but not
// all references to a node, so a replacement takes two transactions: the
// first drops the old named graphs of the changed articles, the second adds
// the new named graphs of the whole batch. A crash between them leaves the
// changed articles absent, and the next ingest adds them as new.
func (s *Store) Write(ctx context.Context, batch []Extraction) (WriteResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.lockReads()()
	res := WriteResult{Status: make(map[string]Status, len(batch))}
	// The last extraction of an article in the batch wins.
	last := make(map[string]int, len(batch))
	for i, x := range batch {
		if x.Article.ID == "" {
			return res, fmt.Errorf("graph: write: article without ID")
		}
		if err := batch[i].prepared().err; err != nil {
			return res, fmt.Errorf("graph: write %s: %w", x.Article.ID, err)
		}
		last[x.Article.ID] = i
	}
	var dels, adds []cgraph.Delta
	var ents []domain.Entity
	entries := map[string][]indexEntry{} // of the articles to write
	fresh := map[string]bool{}
	for i, x := range batch {
		if last[x.Article.ID] != i {
			continue
		}
		if err := ctx.Err(); err != nil {
			return res, err
		}
		oldHash, exists, err := s.articleHash(ctx, x.Article.ID)
		if err != nil {
			return res, err
		}
		if exists && x.Article.Hash != "" && oldHash == x.Article.Hash {
			res.Unchanged++
			res.Status[x.Article.ID] = Unchanged
			continue
		}
		if exists {
			old, err := s.articleQuads(ctx, x.Article.ID)
			if err != nil {
				return res, err
			}
			for _, q := range old {
				dels = append(dels, cgraph.Delta{Quad: q, Action: cgraph.Delete})
			}
			res.Changed++
			res.Status[x.Article.ID] = Changed
		} else {
			res.New++
			res.Status[x.Article.ID] = New
			fresh[x.Article.ID] = true
		}
		res.Facts += len(x.Facts)
		p := batch[i].prepared()
		entries[x.Article.ID] = p.entries
		for _, q := range p.quads {
			adds = append(adds, cgraph.Delta{Quad: q, Action: cgraph.Add})
		}
		// Reference data first; every other name the facts use gets a node too.
		ents = append(ents, x.Entities...)
		ents = append(ents, FactEntities(x.Facts)...)
	}
	if len(adds) == 0 {
		return res, nil
	}
	for _, q := range EntityQuads(dedupEntities(ents)) {
		adds = append(adds, cgraph.Delta{Quad: q, Action: cgraph.Add})
	}
	if err := s.writeBoth(ctx, entries, fresh, dels, adds); err != nil {
		return res, fmt.Errorf("graph: write %d articles (%d replaced): %w", res.New+res.Changed, res.Changed, err)
	}
	res.QuadsAdded, res.QuadsRemoved = len(adds), len(dels)
	return res, nil
}

// writeBoth writes articles to the graph and their records to the fact
// index. The articles are marked pending first (a small transaction); then
// the index and the graph are written side by side, on two cores (bolt,
// memstore: no other process reads the store before the next Open repairs
// it), or the graph first (SQL: other processes answer from the index, which
// must not show what the graph has not committed); the next write, or
// Close, clears the marks. After a crash, Open files any article still
// marked from the graph.
func (s *Store) writeBoth(ctx context.Context, entries map[string][]indexEntry, fresh map[string]bool, dels, adds []cgraph.Delta) error {
	ids := make([]string, 0, len(entries))
	for id := range entries {
		ids = append(ids, id)
	}
	if err := s.index.markPending(ctx, ids); err != nil {
		return fmt.Errorf("mark articles in the fact index: %w", err)
	}
	var gerr, ierr error
	if s.sharedIndex() {
		// Other processes read the index while this one writes: the
		// records commit only after the graph has.
		if gerr = s.applyDeltas(dels, adds); gerr == nil {
			if ierr = fault("write: before the index"); ierr == nil {
				ierr = s.index.file(context.WithoutCancel(ctx), entries, fresh, false)
			}
		}
	} else {
		indexDone := make(chan error, 1)
		go func() { indexDone <- s.index.file(context.WithoutCancel(ctx), entries, fresh, false) }()
		gerr = s.applyDeltas(dels, adds)
		ierr = <-indexDone
	}
	if gerr != nil || ierr != nil {
		// Put the index back in step with what the graph holds now.
		if rerr := s.index.reindex(context.WithoutCancel(ctx), s, ids); rerr != nil {
			slog.Warn("fact index left pending; the next open repairs it", "err", rerr)
		}
		if gerr != nil {
			return gerr
		}
		return fmt.Errorf("update the fact index: %w", ierr)
	}
	s.index.marked = append(s.index.marked, ids...)
	return nil
}

// sharedIndex reports whether other processes may read the store while
// this one writes (the SQL backends).
func (s *Store) sharedIndex() bool {
	return s.opts.Backend == BackendPostgres || s.opts.Backend == BackendCockroach
}

// applyDeltas drops, then adds, each in its own transaction (see Write).
func (s *Store) applyDeltas(dels, adds []cgraph.Delta) error {
	if err := fault("write: before the graph"); err != nil {
		return err
	}
	if len(dels) > 0 {
		if err := s.h.QuadStore.ApplyDeltas(dels, cgraph.IgnoreOpts{IgnoreMissing: true}); err != nil {
			return err
		}
	}
	if len(adds) > 0 {
		if err := s.createNodes(adds); err != nil {
			return err
		}
		return s.h.QuadStore.ApplyDeltas(adds, cgraph.IgnoreOpts{IgnoreDup: true})
	}
	return nil
}

func dedupEntities(in []domain.Entity) []domain.Entity {
	byID := make(map[string]domain.Entity, len(in))
	for _, e := range in {
		id := e.ID
		if id == "" {
			id = domain.EntityID(e.Name)
		}
		if old, ok := byID[id]; ok && (old.Type != "" || e.Type == "") && (old.ISO2 != "" || e.ISO2 == "") {
			continue
		}
		byID[id] = e
	}
	out := make([]domain.Entity, 0, len(byID))
	for _, e := range byID {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// nodeQuads returns the quads whose direction d is node, through Cayley's
// subject or object index.
func (s *Store) nodeQuads(ctx context.Context, node quad.Value, d quad.Direction) ([]quad.Quad, error) {
	qs := s.h.QuadStore
	ref := qs.ValueOf(node)
	if ref == nil {
		return nil, nil
	}
	it := qs.QuadIterator(d, ref)
	defer it.Close()
	var out []quad.Quad
	for it.Next(ctx) {
		out = append(out, qs.Quad(it.Result()))
	}
	if err := it.Err(); err != nil && !errors.Is(err, kv.ErrNoBucket) {
		return nil, fmt.Errorf("graph: read %v: %w", node, err)
	}
	return out, nil
}

// articleQuads returns every quad of an article's named graph. Cayley's kv
// backends do not index labels (a label lookup scans every quad), so the
// named graph is read from its nodes: the article node, the statements that
// point at it, and the direct edges the asserted statements imply.
func (s *Store) articleQuads(ctx context.Context, id string) ([]quad.Quad, error) {
	label := ArticleIRI(id)
	own, err := s.nodeQuads(ctx, label, quad.Subject)
	if err != nil {
		return nil, err
	}
	refs, err := s.nodeQuads(ctx, label, quad.Object)
	if err != nil {
		return nil, err
	}
	var out []quad.Quad
	keep := func(qs []quad.Quad) {
		for _, q := range qs {
			if q.Label == label {
				out = append(out, q)
			}
		}
	}
	keep(own)
	for _, r := range refs {
		if r.Predicate != PredArticle || r.Label != label {
			continue
		}
		st, err := s.nodeQuads(ctx, r.Subject, quad.Subject)
		if err != nil {
			return nil, err
		}
		keep(st)
		if edge, ok := directEdge(st, label); ok {
			out = append(out, edge)
		}
	}
	return dedupQuads(out), nil
}

// directEdge rebuilds the subject-relation-object edge ArticleQuads writes
// for an asserted statement, from the statement's quads.
func directEdge(st []quad.Quad, label quad.IRI) (quad.Quad, bool) {
	var subj, obj, target quad.Value
	var rel domain.Relation
	var mod domain.Modality
	for _, q := range st {
		switch q.Predicate {
		case PredSubject:
			subj = q.Object
		case PredObject:
			obj = q.Object
		case PredTarget:
			target = q.Object
		case PredRelation:
			rel = domain.Relation(strings.TrimPrefix(ValueString(q.Object), VocabNS))
		case PredModality:
			mod = domain.Modality(ValueString(q.Object))
		}
	}
	direct := target
	if obj != nil && (rel.Info().ToObject || target == nil) {
		direct = obj
	}
	if mod != domain.Asserted || subj == nil || direct == nil {
		return quad.Quad{}, false
	}
	return quad.Quad{Subject: subj, Predicate: RelationIRI(rel), Object: direct, Label: label}, true
}

// ArticleHash returns the stored content hash of an article, and whether the
// article is in the store at all. It may run while another goroutine writes.
func (s *Store) ArticleHash(ctx context.Context, id string) (hash string, exists bool, err error) {
	defer s.lockReads()()
	return s.articleHash(ctx, id)
}

func (s *Store) articleHash(ctx context.Context, id string) (hash string, exists bool, err error) {
	qs := s.h.QuadStore
	a := ArticleIRI(id)
	if qs.ValueOf(a) == nil {
		return "", false, nil
	}
	vals, err := path.StartPath(qs, a).Out(PredHash).Iterate(ctx).AllValues(qs)
	if errors.Is(err, kv.ErrNoBucket) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("graph: read hash of %s: %w", id, err)
	}
	n, err := path.StartPath(qs, a).Out(PredType).Iterate(ctx).Count()
	if err != nil {
		return "", false, fmt.Errorf("graph: read article %s: %w", id, err)
	}
	if n == 0 {
		return "", false, nil
	}
	if len(vals) > 0 {
		hash = ValueString(vals[0])
	}
	return hash, true, nil
}

// DeleteArticle removes an article's named graph. It reports whether the
// article was there.
func (s *Store) DeleteArticle(ctx context.Context, id string) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.lockReads()()
	old, err := s.articleQuads(ctx, id)
	if err != nil || len(old) == 0 {
		return false, err
	}
	deltas := make([]cgraph.Delta, len(old))
	for i, q := range old {
		deltas[i] = cgraph.Delta{Quad: q, Action: cgraph.Delete}
	}
	if err := s.writeBoth(ctx, map[string][]indexEntry{id: nil}, nil, deltas, nil); err != nil {
		return false, fmt.Errorf("graph: delete article %s: %w", id, err)
	}
	return true, nil
}

func (s *Store) addQuads(ctx context.Context, qs []quad.Quad) error {
	for len(qs) > 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		n := min(importBatch, len(qs))
		deltas := make([]cgraph.Delta, n)
		for i, q := range qs[:n] {
			deltas[i] = cgraph.Delta{Quad: q, Action: cgraph.Add}
		}
		if err := s.h.QuadStore.ApplyDeltas(deltas, cgraph.IgnoreOpts{IgnoreDup: true}); err != nil {
			return fmt.Errorf("graph: add quads: %w", err)
		}
		qs = qs[n:]
	}
	return nil
}

// Stats counts what the store holds.
type Stats struct {
	Articles int64 `json:"articles"`
	Facts    int64 `json:"facts"`
	Entities int64 `json:"entities"`
	Quads    int64 `json:"quads"`
}

// Stats counts articles, facts (statement nodes), entities named by facts
// and quads: the first three from the fact index's counters (a scan of the
// index when it has none: a read-only open of a store written before they
// existed), the quads from Cayley's own counter.
func (s *Store) Stats(ctx context.Context) (Stats, error) {
	var st Stats
	if err := s.indexReady(ctx); err != nil {
		return st, err
	}
	c, ok, err := s.index.counts(ctx)
	if err == nil && !ok {
		c, _, _, err = s.index.scanCounts(ctx)
	}
	if err != nil {
		return st, fmt.Errorf("graph: stats: %w", err)
	}
	st.Articles, st.Facts, st.Entities = c.articles, c.facts, c.entities
	// kv stores keep an exact quad counter (exact stats would also count
	// every node); the SQL backends only estimate without it.
	sqlBackend := s.opts.Backend == BackendPostgres || s.opts.Backend == BackendCockroach
	done := s.lockReads()
	cs, err := s.h.QuadStore.Stats(ctx, sqlBackend)
	done()
	if errors.Is(err, kv.ErrNoBucket) {
		return st, nil // a new bolt store before its first write
	}
	if err != nil {
		return st, fmt.Errorf("graph: stats: %w", err)
	}
	st.Quads = cs.Quads.Size
	return st, nil
}

// Empty reports whether the store holds no article. An index that lists
// none is not taken at its word (it may be one another process is
// rebuilding): the graph must hold no article either.
func (s *Store) Empty(ctx context.Context) (bool, error) {
	empty := true
	err := s.index.kv.scan(ctx, []byte(keyNode+"\x00"), func(_, _ []byte) error {
		empty = false
		return errStop
	})
	if errors.Is(err, errStop) {
		err = nil
	}
	if err != nil || !empty {
		return empty, err
	}
	defer s.lockReads()()
	qs := s.h.QuadStore
	if qs.ValueOf(ClassArticle) == nil {
		return true, nil
	}
	n, err := path.StartPath(qs, ClassArticle).In(PredType).Limit(1).Iterate(ctx).Count()
	if errors.Is(err, kv.ErrNoBucket) {
		return true, nil
	}
	if err != nil {
		return false, fmt.Errorf("graph: list articles: %w", err)
	}
	return n == 0, nil
}

var errStop = errors.New("stop")
