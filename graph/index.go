package graph

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/cayley/graph/path"
	"github.com/cayleygraph/quad"

	"github.com/policygraph/policygraph/domain"
)

// The fact index is a table derived from the graph and kept beside it: one
// compact record per statement — everything a canned answer shows — filed
// under its article, and secondary keys ordered for the questions analysts
// ask (by vendor and country, by subject, by object, by relation). Each
// secondary key ends with its record's article and statement and holds a
// brief of the fact (FactRef), enough to choose facts before reading their
// records. Cayley's path queries need about ten lookups per statement,
// seconds for a popular vendor at a million quads; a prefix scan of the
// index takes milliseconds.
//
// The graph stays the source of truth. Store.Write keeps the index in step
// (see writeBoth): it marks the batch's articles pending, then writes the
// records and the graph side by side; the next write clears the marks.
// Opening a store files the articles still marked (a crash mid-write) from
// the graph and, for a store without an index, the whole index.
type factIndex struct {
	kv     kvStore
	marked []string // marked by the last write, which completed
}

// indexVersion changes whenever the record encoding or the key layout does;
// a store with another version has its index rebuilt when opened.
const indexVersion = "5"

// Key spaces of the index. Keys are parts joined by 0x00 (entity IDs are
// slugs and article IDs cannot hold NUL).
const (
	keyMeta     = "m"
	keyPending  = "p"
	keyNode     = "n" // n, article: every article in the graph, even one without facts
	keyArticle  = "a" // a, article, statement
	keyTarget   = "t" // t, target, subject, date, article, statement
	keySubject  = "s" // s, subject, date, article, statement
	keyObject   = "o" // o, object, date, article, statement
	keyRelation = "r" // r, relation, date, article, statement
)

func indexKey(parts ...string) []byte {
	n := len(parts)
	for _, p := range parts {
		n += len(p)
	}
	b := make([]byte, 0, n)
	for i, p := range parts {
		if i > 0 {
			b = append(b, 0)
		}
		b = append(b, p...)
	}
	return b
}

// indexPrefix is indexKey(parts...) followed by the separator, so that a
// scan of "t, huawei" does not also return "t, huawei-marine".
func indexPrefix(parts ...string) []byte { return append(indexKey(parts...), 0) }

// IndexedFact is a statement as the fact index holds it.
type IndexedFact struct {
	IRI        string
	Article    string // article ID
	Subject    string
	Relation   domain.Relation
	Object     string
	Target     string
	Scope      string
	Modality   domain.Modality
	Date       string // event date, else the article's publication date
	EventDate  string
	Confidence float64
	Start, End int
	Sentence   string
	Title      string // the article's
	URL        string
	Published  string
}

// recordFormat starts every encoded record and brief.
const recordFormat = 1

var errBadRecord = errors.New("graph: index: malformed record")

// encode appends the format byte, the strings (each length-prefixed), a
// float and the ints.
func encode(b []byte, strs []string, f float64, ints ...int) []byte {
	b = append(b, recordFormat)
	for _, s := range strs {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(f))
	for _, n := range ints {
		b = binary.AppendVarint(b, int64(n))
	}
	return b
}

// decode reads what encode wrote into strs, the float and ints.
func decode(b []byte, strs []string, f *float64, ints ...*int) error {
	if len(b) == 0 || b[0] != recordFormat {
		return errBadRecord
	}
	b = b[1:]
	for i := range strs {
		n, k := binary.Uvarint(b)
		if k <= 0 || uint64(len(b)-k) < n {
			return errBadRecord
		}
		strs[i] = string(b[k : k+int(n)])
		b = b[k+int(n):]
	}
	if len(b) < 8 {
		return errBadRecord
	}
	*f = math.Float64frombits(binary.LittleEndian.Uint64(b))
	b = b[8:]
	for _, p := range ints {
		n, k := binary.Varint(b)
		if k <= 0 {
			return errBadRecord
		}
		*p, b = int(n), b[k:]
	}
	return nil
}

func (f *IndexedFact) marshal() []byte {
	b := make([]byte, 0, 64+len(f.IRI)+len(f.Sentence)+len(f.Title)+len(f.URL))
	return encode(b, []string{f.IRI, f.Article, f.Subject, string(f.Relation), f.Object, f.Target, f.Scope,
		string(f.Modality), f.Date, f.EventDate, f.Sentence, f.Title, f.URL, f.Published}, f.Confidence, f.Start, f.End)
}

func (f *IndexedFact) unmarshal(b []byte) error {
	var strs [14]string
	if err := decode(b, strs[:], &f.Confidence, &f.Start, &f.End); err != nil {
		return err
	}
	f.IRI, f.Article, f.Subject, f.Relation, f.Object, f.Target, f.Scope = strs[0], strs[1], strs[2], domain.Relation(strs[3]), strs[4], strs[5], strs[6]
	f.Modality, f.Date, f.EventDate, f.Sentence, f.Title, f.URL, f.Published = domain.Modality(strs[7]), strs[8], strs[9], strs[10], strs[11], strs[12], strs[13]
	return nil
}

// stmtID is the last segment of the fact's statement IRI: what identifies
// it within its article.
func (f *IndexedFact) stmtID() string { return f.IRI[strings.LastIndexByte(f.IRI, '/')+1:] }

// SortDate makes partial dates comparable: "2019" < "2019-02" < "2019-02-15".
func SortDate(d string) string {
	switch len(d) {
	case 4:
		return d + "-00-00"
	case 7:
		return d + "-00"
	}
	return d
}

// keys returns every key the record is filed under, the primary first.
func (f *IndexedFact) keys() [][]byte {
	stmt := f.stmtID()
	date := SortDate(f.Date)
	out := [][]byte{
		indexKey(keyArticle, f.Article, stmt),
		indexKey(keySubject, domain.EntityID(f.Subject), date, f.Article, stmt),
	}
	if !f.Relation.IsStance() { // stances are read by vendor
		out = append(out, indexKey(keyRelation, string(f.Relation), date, f.Article, stmt))
	}
	if f.Target != "" {
		out = append(out, indexKey(keyTarget, domain.EntityID(f.Target), domain.EntityID(f.Subject), date, f.Article, stmt))
	}
	if f.Object != "" {
		out = append(out, indexKey(keyObject, domain.EntityID(f.Object), date, f.Article, stmt))
	}
	return out
}

// indexedFacts turns an extraction into its index records, one per
// statement node ArticleQuads writes.
func indexedFacts(x Extraction) []IndexedFact {
	out := make([]IndexedFact, 0, len(x.Facts))
	seen := make(map[quad.IRI]bool, len(x.Facts))
	for i := range x.Facts {
		f := &x.Facts[i]
		iri := StatementIRI(f)
		if seen[iri] {
			continue
		}
		seen[iri] = true
		date := f.Date()
		if date == "" {
			date = x.Article.Published
		}
		out = append(out, IndexedFact{
			IRI: string(iri), Article: x.Article.ID, Subject: f.Subject, Relation: f.Relation, Object: f.Object,
			Target: f.Target, Scope: f.Scope, Modality: f.Modality, Date: date, EventDate: f.EventDate,
			Confidence: f.Confidence, Start: f.Start, End: f.End, Sentence: f.Sentence,
			Title: x.Article.Title, URL: x.Article.URL, Published: x.Article.Published,
		})
	}
	return out
}

// pendingMark is the value of an article's pending mark: when it was made
// and, on the SQL backends, the writer that made it (see ownerLocker).
func (x *factIndex) pendingMark() []byte {
	b := binary.LittleEndian.AppendUint64(nil, uint64(time.Now().Unix()))
	if o, ok := x.kv.(ownerLocker); ok && o.owner() != 0 {
		b = binary.LittleEndian.AppendUint64(b, uint64(o.owner()))
	}
	return b
}

// ownerLocker is a kvStore shared by processes (the SQL backends), where
// each writer holds a lock of its own for as long as it lives: a mark whose
// writer's lock is free was left by a writer that died, and is repaired at
// once instead of after staleAfter.
type ownerLocker interface {
	owner() int64
	// ownerAlive reports whether the writer holds its lock.
	ownerAlive(ctx context.Context, owner int64) (bool, error)
}

// markPending records that the articles are about to change in the graph,
// and clears the marks of the previous write, which completed. It is a
// small transaction of its own: once it is durable, the records and the
// graph can be written side by side, and a crash anywhere in either leaves
// the articles marked for the next Open to file from the graph.
func (x *factIndex) markPending(ctx context.Context, ids []string) error {
	now := x.pendingMark()
	err := x.kv.update(ctx, func(tx kvTx) error {
		for _, id := range x.marked {
			if err := tx.del(indexKey(keyPending, id)); err != nil {
				return err
			}
		}
		for _, id := range ids {
			if err := tx.put(indexKey(keyPending, id), now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	x.marked = x.marked[:0]
	return nil
}

// indexEntry is one key of the fact index and its value.
type indexEntry struct{ k, v []byte }

// indexEntries lists the keys and values that file an article in the index
// (its records, and its entry in the article list), sorted by key.
func indexEntries(id string, recs []IndexedFact) []indexEntry {
	out := make([]indexEntry, 0, 1+4*len(recs))
	out = append(out, indexEntry{indexKey(keyNode, id), []byte{}})
	for i := range recs {
		keys := recs[i].keys()
		out = append(out, indexEntry{keys[0], recs[i].marshal()})
		brief := recs[i].ref().marshal()
		for _, k := range keys[1:] {
			out = append(out, indexEntry{k, brief})
		}
	}
	sortEntries(out)
	return out
}

func sortEntries(es []indexEntry) {
	sort.Slice(es, func(i, j int) bool { return bytes.Compare(es[i].k, es[j].k) < 0 })
}

// file replaces the index entries of each article (nil: the article is not
// in the graph) in one transaction. With unmark, it also clears the
// articles' pending marks (their entries now come from the graph). fresh
// names articles new to the graph, which have no old entries to look up.
func (x *factIndex) file(ctx context.Context, byArticle map[string][]indexEntry, fresh map[string]bool, unmark bool) error {
	// Deletions first, then every put in key order: bolt writes sorted
	// keys into far fewer pages than keys in arrival order.
	var dels [][]byte
	var puts []indexEntry
	for id, es := range byArticle {
		if es == nil {
			dels = append(dels, indexKey(keyNode, id))
		}
		puts = append(puts, es...)
		if unmark {
			dels = append(dels, indexKey(keyPending, id))
		}
	}
	sortEntries(puts)
	return x.kv.update(ctx, func(tx kvTx) error {
		for id := range byArticle {
			if !fresh[id] {
				if err := dropArticle(tx, id); err != nil {
					return err
				}
			}
		}
		for _, k := range dels {
			if err := tx.del(k); err != nil {
				return err
			}
		}
		for _, p := range puts {
			if err := tx.put(p.k, p.v); err != nil {
				return err
			}
		}
		return nil
	})
}

// close clears the marks of the last write and closes the table.
func (x *factIndex) close() error {
	var err error
	if len(x.marked) > 0 {
		err = x.markPending(context.Background(), nil)
	}
	return errors.Join(err, x.kv.close())
}

// dropArticle deletes every key of an article's records.
func dropArticle(tx kvTx, id string) error {
	var old [][]byte
	err := tx.scan(indexPrefix(keyArticle, id), func(_, v []byte) error {
		var f IndexedFact
		if err := f.unmarshal(v); err != nil {
			return err
		}
		old = append(old, f.keys()...)
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range old {
		if err := tx.del(k); err != nil {
			return err
		}
	}
	return nil
}

// FactSelector chooses the facts Store.Facts returns: one key space of the
// index and a prefix within it. Entities are given by canonical name or by
// entity ID (see EntityID); both select the same facts.
type FactSelector struct {
	prefix []byte
	err    error // a selection the index cannot make
}

// FactsWithTarget selects the facts about a vendor, ordered by subject, then
// date.
func FactsWithTarget(target string) FactSelector {
	return FactSelector{prefix: indexPrefix(keyTarget, domain.EntityID(target))}
}

// FactsWithTargetAndSubject selects one subject's facts about a vendor, by
// date.
func FactsWithTargetAndSubject(target, subject string) FactSelector {
	return FactSelector{prefix: indexPrefix(keyTarget, domain.EntityID(target), domain.EntityID(subject))}
}

// FactsWithSubject selects the facts whose subject is the entity, by date.
func FactsWithSubject(subject string) FactSelector {
	return FactSelector{prefix: indexPrefix(keySubject, domain.EntityID(subject))}
}

// FactsWithObject selects the facts whose object is the entity, by date.
func FactsWithObject(object string) FactSelector {
	return FactSelector{prefix: indexPrefix(keyObject, domain.EntityID(object))}
}

// FactsWithRelation selects the facts of one relation, by date. Stance
// relations are not filed by relation (select them by vendor, or filter
// AllFacts): selecting one is an error.
func FactsWithRelation(r domain.Relation) FactSelector {
	if r.IsStance() {
		return FactSelector{err: fmt.Errorf("graph: stance relation %q is not filed by relation", r)}
	}
	return FactSelector{prefix: indexPrefix(keyRelation, string(r))}
}

// FactsOfArticle selects the facts one article states.
func FactsOfArticle(id string) FactSelector { return FactSelector{prefix: indexPrefix(keyArticle, id)} }

// AllFacts selects every fact, by article.
func AllFacts() FactSelector { return FactSelector{prefix: []byte(keyArticle + "\x00")} }

// FactRef is what the index's secondary keys tell of a fact: enough to
// choose facts (the latest stance of each country, say) before reading the
// records of the chosen ones with Store.FactsByRef.
type FactRef struct {
	Article    string
	Subject    string // entity ID
	Relation   domain.Relation
	Modality   domain.Modality
	Date       string
	Confidence float64
	Start      int
	stmt       string
}

// IRI is the fact's statement node.
func (r FactRef) IRI() string {
	return StatementNS + url.PathEscape(r.Article) + "/" + r.stmt
}

func (f *IndexedFact) ref() FactRef {
	return FactRef{Article: f.Article, Subject: domain.EntityID(f.Subject), Relation: f.Relation, Modality: f.Modality,
		Date: f.Date, Confidence: f.Confidence, Start: f.Start, stmt: f.stmtID()}
}

func (r FactRef) marshal() []byte {
	return encode(make([]byte, 0, 48), []string{r.Subject, string(r.Relation), string(r.Modality), r.Date}, r.Confidence, r.Start)
}

// unmarshalRef reads a secondary key and its value.
func unmarshalRef(k, v []byte) (FactRef, error) {
	var r FactRef
	stmt := bytes.LastIndexByte(k, 0)
	art := bytes.LastIndexByte(k[:max(stmt, 0)], 0)
	if art < 0 {
		return r, errBadRecord
	}
	r.Article, r.stmt = string(k[art+1:stmt]), string(k[stmt+1:])
	var strs [4]string
	if err := decode(v, strs[:], &r.Confidence, &r.Start); err != nil {
		return r, err
	}
	r.Subject, r.Relation, r.Modality, r.Date = strs[0], domain.Relation(strs[1]), domain.Modality(strs[2]), strs[3]
	return r, nil
}

// FactRefs calls fn with the brief of each fact the selector chooses, in
// key order, without reading the facts' records.
func (s *Store) FactRefs(ctx context.Context, sel FactSelector, fn func(FactRef) error) error {
	if sel.err != nil {
		return sel.err
	}
	if err := s.indexReady(ctx); err != nil {
		return err
	}
	if len(sel.prefix) == 0 {
		return errors.New("graph: empty fact selector")
	}
	var err error
	if bytes.HasPrefix(sel.prefix, []byte(keyArticle+"\x00")) {
		err = s.index.kv.scan(ctx, sel.prefix, func(_, v []byte) error {
			var f IndexedFact
			if err := f.unmarshal(v); err != nil {
				return err
			}
			return fn(f.ref())
		})
	} else {
		err = s.index.kv.scan(ctx, sel.prefix, func(k, v []byte) error {
			r, err := unmarshalRef(k, v)
			if err != nil {
				return err
			}
			return fn(r)
		})
	}
	if err != nil {
		return fmt.Errorf("graph: read fact index: %w", err)
	}
	return nil
}

// decoder turns fn into a callback taking encoded records.
func decoder(fn func(IndexedFact) error) func(_, v []byte) error {
	return func(_, v []byte) error {
		var f IndexedFact
		if err := f.unmarshal(v); err != nil {
			return err
		}
		return fn(f)
	}
}

// FactsByRef calls fn with the record of each fact, in the order given.
func (s *Store) FactsByRef(ctx context.Context, refs []FactRef, fn func(IndexedFact) error) error {
	keys := make([][]byte, len(refs))
	for i, r := range refs {
		keys[i] = indexKey(keyArticle, r.Article, r.stmt)
	}
	decode := decoder(fn)
	err := s.index.kv.getMany(ctx, keys, func(_ int, v []byte) error { return decode(nil, v) })
	if err != nil {
		return fmt.Errorf("graph: read fact index: %w", err)
	}
	return nil
}

// Facts calls fn with each fact the selector chooses, in key order, from the
// fact index: no graph traversal.
func (s *Store) Facts(ctx context.Context, sel FactSelector, fn func(IndexedFact) error) error {
	if bytes.HasPrefix(sel.prefix, []byte(keyArticle+"\x00")) {
		if err := s.indexReady(ctx); err != nil {
			return err
		}
		if err := s.index.kv.scan(ctx, sel.prefix, decoder(fn)); err != nil {
			return fmt.Errorf("graph: read fact index: %w", err)
		}
		return nil
	}
	var refs []FactRef
	if err := s.FactRefs(ctx, sel, func(r FactRef) error {
		refs = append(refs, r)
		return nil
	}); err != nil {
		return err
	}
	return s.FactsByRef(ctx, refs, fn)
}

// countKeys counts the keys of one key space.
func (s *Store) countKeys(ctx context.Context, space string) (int64, error) {
	var n int64
	err := s.index.kv.scan(ctx, []byte(space+"\x00"), func(_, _ []byte) error {
		n++
		return nil
	})
	return n, err
}

// FactCounts returns, for each entity ID, how many facts name it as
// subject, object or target, counting index keys without decoding records.
func (s *Store) FactCounts(ctx context.Context) (map[string]int64, error) {
	if err := s.indexReady(ctx); err != nil {
		return nil, err
	}
	counts := map[string]int64{}
	for _, space := range []string{keySubject, keyObject, keyTarget} {
		err := s.index.kv.scan(ctx, []byte(space+"\x00"), func(k, _ []byte) error {
			rest := k[len(space)+1:]
			if i := bytes.IndexByte(rest, 0); i >= 0 {
				counts[string(rest[:i])]++
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("graph: count facts: %w", err)
		}
	}
	return counts, nil
}

// check brings the index in step with the graph when a store is opened:
// the whole index for a store that has none (or an older one), and the
// articles a crash left pending. On SQL backends other processes may be
// writing: a mark is repaired when its writer is gone (PostgreSQL: its
// lock is free), or, where that cannot be told (CockroachDB), when it is
// older than staleAfter.
func (x *factIndex) check(ctx context.Context, s *Store, staleAfter time.Duration) error {
	done, err := x.complete(ctx)
	if err != nil {
		return err
	}
	if !done {
		if err := x.rebuildIfIncomplete(ctx, s); err != nil {
			return err
		}
	}
	stale, err := x.stale(ctx, staleAfter)
	if err != nil {
		return err
	}
	if len(stale) == 0 {
		return nil
	}
	slog.Info("repairing the fact index after an interrupted write", "articles", len(stale))
	return x.reindex(ctx, s, stale)
}

// versionKey holds indexVersion once the index is complete: a rebuild
// deletes it first, in a transaction of its own, and writes it last, so an
// index whose rebuild was interrupted is never taken for a complete one.
var versionKey = indexKey(keyMeta, "version")

// ErrIndexIncomplete means that another process is rebuilding the fact
// index of a shared (SQL) store: answers would miss what it has not filed
// yet. Ask again once the rebuild is done.
var ErrIndexIncomplete = errors.New("the fact index is being rebuilt by another process (policygraph reindex); ask again when it is done")

// indexReady fails with ErrIndexIncomplete while another process rebuilds
// a shared index. A store other processes cannot write to was made
// complete when it was opened.
func (s *Store) indexReady(ctx context.Context) error {
	if !s.sharedIndex() {
		return nil
	}
	done, err := s.index.complete(ctx)
	if err != nil {
		return err
	}
	if !done {
		return fmt.Errorf("graph: %w", ErrIndexIncomplete)
	}
	return nil
}

// complete reports whether the index is known complete (see versionKey).
func (x *factIndex) complete(ctx context.Context) (bool, error) {
	var version string
	if err := x.kv.getMany(ctx, [][]byte{versionKey}, func(_ int, v []byte) error {
		version = string(v)
		return nil
	}); err != nil {
		return false, fmt.Errorf("graph: read fact index: %w", err)
	}
	return version == indexVersion, nil
}

// rebuildIfIncomplete rebuilds an index not known complete. On the SQL
// backends another process may be rebuilding the same index: the rebuild
// lock makes this one wait for it, and then find the index complete.
func (x *factIndex) rebuildIfIncomplete(ctx context.Context, s *Store) error {
	unlock, err := x.lockRebuild(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	done, err := x.complete(ctx)
	if err != nil || done {
		return err
	}
	return x.rebuild(ctx, s)
}

// lockRebuild takes the index's rebuild lock: a PostgreSQL advisory lock on
// the SQL backends, where processes share the index; nothing elsewhere.
func (x *factIndex) lockRebuild(ctx context.Context) (func(), error) {
	if l, ok := x.kv.(interface {
		lock(ctx context.Context, key int64) (func(), error)
	}); ok {
		unlock, err := l.lock(ctx, rebuildLockKey)
		if err != nil {
			return nil, fmt.Errorf("graph: lock the fact index for a rebuild: %w", err)
		}
		return unlock, nil
	}
	return func() {}, nil
}

// faultHook, when set (by tests), is called at named points of a write or
// a rebuild; an error it returns fails the operation there, as a crash
// would stop it.
var faultHook func(point string) error

func fault(point string) error {
	if faultHook == nil {
		return nil
	}
	return faultHook(point)
}

// reindexBatch is how many articles a reindex files per transaction.
var reindexBatch = 500

// stale lists the articles marked pending for longer than staleAfter, or
// by a writer that is no longer alive.
func (x *factIndex) stale(ctx context.Context, staleAfter time.Duration) ([]string, error) {
	type mark struct {
		id    string
		owner int64
	}
	var stale []string
	var owned []mark
	o, tells := x.kv.(ownerLocker)
	tells = tells && o.owner() != 0 // this store can tell live writers
	cutoff := time.Now().Add(-staleAfter).Unix()
	prefix := []byte(keyPending + "\x00")
	err := x.kv.scan(ctx, prefix, func(k, v []byte) error {
		id := string(k[len(prefix):])
		switch {
		case len(v) == 16 && tells: // the writer's liveness decides
			owned = append(owned, mark{id, int64(binary.LittleEndian.Uint64(v[8:]))})
		case len(v) >= 8 && int64(binary.LittleEndian.Uint64(v)) <= cutoff:
			stale = append(stale, id)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("graph: read fact index: %w", err)
	}
	alive := map[int64]bool{}
	for _, m := range owned {
		live, known := alive[m.owner]
		if !known {
			if live, err = o.ownerAlive(ctx, m.owner); err != nil {
				return nil, fmt.Errorf("graph: check the writers of the fact index: %w", err)
			}
			alive[m.owner] = live
		}
		if !live {
			stale = append(stale, m.id)
		}
	}
	return stale, nil
}

// needsRepair reports whether check would write: the index is not known
// complete, or holds stale marks.
func (x *factIndex) needsRepair(ctx context.Context, staleAfter time.Duration) (bool, error) {
	done, err := x.complete(ctx)
	if err != nil || !done {
		return !done, err
	}
	stale, err := x.stale(ctx, staleAfter)
	return len(stale) > 0, err
}

// rebuild files every article of the graph anew. The index is marked
// incomplete (no version) until the last article is filed.
func (x *factIndex) rebuild(ctx context.Context, s *Store) error {
	if err := x.kv.update(ctx, func(tx kvTx) error { return tx.del(versionKey) }); err != nil {
		return fmt.Errorf("graph: mark the fact index incomplete: %w", err)
	}
	ids, err := s.articleIDs(ctx)
	if err != nil {
		return err
	}
	if len(ids) > 0 {
		slog.Info("building the fact index from the graph", "articles", len(ids))
	}
	// Drop whatever an older index left.
	for _, space := range []string{keyNode, keyArticle, keyTarget, keySubject, keyObject, keyRelation} {
		var ks [][]byte
		if err := x.kv.scan(ctx, []byte(space+"\x00"), func(k, _ []byte) error {
			ks = append(ks, bytes.Clone(k))
			return nil
		}); err != nil {
			return fmt.Errorf("graph: clear fact index: %w", err)
		}
		for len(ks) > 0 {
			n := min(len(ks), 10000)
			if err := x.kv.update(ctx, func(tx kvTx) error {
				for _, k := range ks[:n] {
					if err := tx.del(k); err != nil {
						return err
					}
				}
				return nil
			}); err != nil {
				return fmt.Errorf("graph: clear fact index: %w", err)
			}
			ks = ks[n:]
		}
	}
	if err := x.reindex(ctx, s, ids); err != nil {
		return err
	}
	if err := fault("rebuild: before the version"); err != nil {
		return err
	}
	return x.kv.update(ctx, func(tx kvTx) error {
		return tx.put(versionKey, []byte(indexVersion))
	})
}

// reindex reads the articles back from the graph and files their records,
// a few hundred articles per transaction.
func (x *factIndex) reindex(ctx context.Context, s *Store, ids []string) error {
	for len(ids) > 0 {
		n := min(len(ids), reindexBatch)
		batch := make(map[string][]indexEntry, n)
		for _, id := range ids[:n] {
			recs, err := s.readIndexedFacts(ctx, id)
			if err != nil {
				return err
			}
			batch[id] = nil
			if recs != nil {
				batch[id] = indexEntries(id, recs)
			}
		}
		if err := x.file(ctx, batch, nil, true); err != nil {
			return fmt.Errorf("graph: write fact index: %w", err)
		}
		if err := fault("reindex: batch filed"); err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}

// articleIDs lists the IDs of every article in the graph.
func (s *Store) articleIDs(ctx context.Context) ([]string, error) {
	qs := s.h.QuadStore
	if qs.ValueOf(ClassArticle) == nil {
		return nil, nil
	}
	var ids []string
	err := path.StartPath(qs, ClassArticle).In(PredType).Iterate(ctx).EachValue(qs, func(v quad.Value) {
		if id, ok := articleID(v); ok {
			ids = append(ids, id)
		}
	})
	if errors.Is(err, kv.ErrNoBucket) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("graph: list articles: %w", err)
	}
	return ids, nil
}

// articleID is the ID of an article node or named graph label.
func articleID(v quad.Value) (string, bool) {
	iri, ok := v.(quad.IRI)
	if !ok || !strings.HasPrefix(string(iri), ArticleNS) {
		return "", false
	}
	id, err := url.PathUnescape(strings.TrimPrefix(string(iri), ArticleNS))
	return id, err == nil
}

// readIndexedFacts reads an article's statements back from its named graph
// (nil when the article is not in the graph).
func (s *Store) readIndexedFacts(ctx context.Context, id string) ([]IndexedFact, error) {
	label := ArticleIRI(id)
	quads, err := s.articleQuads(ctx, id)
	if err != nil || len(quads) == 0 {
		return nil, err
	}
	var title, link, published string
	props := map[quad.Value]map[quad.IRI]quad.Value{}
	var order []quad.Value
	for _, q := range quads {
		p, _ := q.Predicate.(quad.IRI)
		if q.Subject == label {
			switch p {
			case PredTitle:
				title = ValueString(q.Object)
			case PredURL:
				link = ValueString(q.Object)
			case PredPublished:
				published = ValueString(q.Object)
			}
			continue
		}
		if p == PredType && q.Object == ClassStatement {
			order = append(order, q.Subject)
		}
		m := props[q.Subject]
		if m == nil {
			m = map[quad.IRI]quad.Value{}
			props[q.Subject] = m
		}
		m[p] = q.Object
	}
	names := map[quad.Value]string{}
	name := func(v quad.Value) string {
		if v == nil {
			return ""
		}
		if n, ok := names[v]; ok {
			return n
		}
		out, err := s.firstValue(ctx, v, PredName)
		if err != nil || out == "" {
			out, _ = url.PathUnescape(strings.TrimPrefix(ValueString(v), EntityNS))
		}
		names[v] = out
		return out
	}
	out := make([]IndexedFact, 0, len(order))
	for _, st := range order {
		m := props[st]
		str := func(p quad.IRI) string { return ValueString(m[p]) }
		f := IndexedFact{
			IRI: ValueString(st), Article: id, Subject: name(m[PredSubject]),
			Relation: domain.Relation(strings.TrimPrefix(str(PredRelation), VocabNS)),
			Object:   name(m[PredObject]), Target: name(m[PredTarget]), Scope: str(PredScope),
			Modality: domain.Modality(str(PredModality)), Date: str(PredDate), EventDate: str(PredEventDate),
			Sentence: str(PredSentence), Title: title, URL: link, Published: published,
		}
		if f.Date == "" {
			f.Date = published
		}
		f.Confidence, _ = strconv.ParseFloat(str(PredConfidence), 64)
		f.Start, _ = strconv.Atoi(str(PredStart))
		f.End, _ = strconv.Atoi(str(PredEnd))
		out = append(out, f)
	}
	return out, nil
}

// Reindex rebuilds the fact index from the graph. Until it ends the index
// is marked incomplete: if it is interrupted, the next Open rebuilds it.
func (s *Store) Reindex(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.lockReads()()
	unlock, err := s.index.lockRebuild(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	return s.index.rebuild(ctx, s)
}

// CheckIndex compares the fact index with the graph, article by article,
// and describes the first differences it finds (nil when they agree).
func (s *Store) CheckIndex(ctx context.Context) ([]string, error) {
	defer s.lockReads()()
	ids, err := s.articleIDs(ctx)
	if err != nil {
		return nil, err
	}
	var diffs []string
	if done, err := s.index.complete(ctx); err != nil {
		return nil, err
	} else if !done {
		diffs = append(diffs, "the fact index is not marked complete: a rebuild is under way or was interrupted")
	}
	inGraph := map[string]bool{}
	for _, id := range ids {
		inGraph[id] = true
		want, err := s.readIndexedFacts(ctx, id)
		if err != nil {
			return nil, err
		}
		got := map[string]IndexedFact{}
		if err := s.index.kv.scan(ctx, FactsOfArticle(id).prefix, decoder(func(f IndexedFact) error {
			got[f.IRI] = f
			return nil
		})); err != nil {
			return nil, fmt.Errorf("graph: read fact index: %w", err)
		}
		for _, w := range want {
			g, ok := got[w.IRI]
			switch {
			case !ok:
				diffs = append(diffs, fmt.Sprintf("%s: statement %s missing from the index", id, w.IRI))
			case g != w:
				diffs = append(diffs, fmt.Sprintf("%s: statement %s differs: index %+v, graph %+v", id, w.IRI, g, w))
			}
			delete(got, w.IRI)
		}
		for iri := range got {
			diffs = append(diffs, fmt.Sprintf("%s: index holds statement %s the graph does not", id, iri))
		}
	}
	listed := map[string]bool{}
	prefix := []byte(keyNode + "\x00")
	if err := s.index.kv.scan(ctx, prefix, func(k, _ []byte) error {
		id := string(k[len(prefix):])
		listed[id] = true
		if !inGraph[id] {
			diffs = append(diffs, fmt.Sprintf("%s: index lists an article the graph does not hold", id))
		}
		return nil
	}); err != nil {
		return nil, err
	}
	for _, id := range ids {
		if !listed[id] {
			diffs = append(diffs, fmt.Sprintf("%s: article missing from the index's list", id))
		}
	}
	// Records of articles the graph does not hold, from the keys alone.
	prefix = AllFacts().prefix
	err = s.index.kv.scan(ctx, prefix, func(k, _ []byte) error {
		id := string(k[len(prefix):max(len(prefix), bytes.LastIndexByte(k, 0))])
		if !inGraph[id] {
			inGraph[id] = true
			diffs = append(diffs, fmt.Sprintf("%s: index holds an article the graph does not", id))
		}
		return nil
	})
	return diffs, err
}
