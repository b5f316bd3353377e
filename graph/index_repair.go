package graph

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
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
	// Before any repair files records: counters made by it would pass for
	// the whole index's.
	if err := x.ensureCounts(ctx); err != nil {
		return err
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
	// Drop whatever an older index left, counters included.
	for _, space := range []string{keyNode, keyArticle, keyTarget, keySubject, keyObject, keyRelation, keyCount, keyRefs, keyStances} {
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
	// The records filed from here count up from zero.
	if err := x.kv.update(ctx, func(tx kvTx) error {
		for _, k := range countKeys {
			if err := tx.put(k, encodeCount(0)); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return fmt.Errorf("graph: reset the index counters: %w", err)
	}
	if err := x.reindex(ctx, s, ids); err != nil {
		return err
	}
	if _, shared := x.kv.(ownerLocker); shared {
		// Writers in other processes may have filed records while the
		// index was cleared: count what it holds now.
		if err := x.recount(ctx); err != nil {
			return err
		}
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
func articleID(v quad.Value) (string, bool) { return idUnder(v, ArticleNS) }

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
	if err != nil {
		return diffs, err
	}
	more, err := s.index.checkCounts(ctx)
	return append(diffs, more...), err
}

// checkCounts compares the index's counters with a count of what it holds,
// and describes the differences.
func (x *factIndex) checkCounts(ctx context.Context) ([]string, error) {
	kept, ok, err := x.counts(ctx)
	if err != nil || !ok {
		return nil, err // none yet: the next writable open counts them
	}
	held, refs, stances, err := x.scanCounts(ctx)
	if err != nil {
		return nil, err
	}
	var diffs []string
	for _, c := range []struct {
		what       string
		kept, held int64
	}{{"articles", kept.articles, held.articles}, {"facts", kept.facts, held.facts}, {"entities named by facts", kept.entities, held.entities}} {
		if c.kept != c.held {
			diffs = append(diffs, fmt.Sprintf("the index counts %d %s but holds %d", c.kept, c.what, c.held))
		}
	}
	keptRefs, err := x.readRefs(ctx)
	if err != nil {
		return nil, err
	}
	var byEntity []string
	for id, n := range refs {
		if keptRefs[id] != n {
			byEntity = append(byEntity, fmt.Sprintf("the index counts %d keys naming %q but holds %d", keptRefs[id], id, n))
		}
		delete(keptRefs, id)
	}
	for id, n := range keptRefs {
		byEntity = append(byEntity, fmt.Sprintf("the index counts %d keys naming %q but holds none", n, id))
	}
	keptStances, err := x.readStances(ctx)
	if err != nil {
		return nil, err
	}
	for k, n := range stances {
		if keptStances[k] != n {
			byEntity = append(byEntity, fmt.Sprintf("the index counts %d target keys of %q but holds %d", keptStances[k], k, n))
		}
		delete(keptStances, k)
	}
	for k, n := range keptStances {
		byEntity = append(byEntity, fmt.Sprintf("the index counts %d target keys of %q but holds none", n, k))
	}
	sort.Strings(byEntity)
	return append(diffs, byEntity...), nil
}
