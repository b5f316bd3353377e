package graph

import (
	"bytes"
	"context"
	"encoding/binary"
	"sort"
	"time"

	"github.com/cayleygraph/quad"
)

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
		record := recs[i].marshal()
		out = append(out, indexEntry{keys[0], record})
		brief := recs[i].ref().marshal()
		for _, k := range keys[1:] {
			out = append(out, indexEntry{k, entryValue(k, record, brief)})
		}
	}
	sortEntries(out)
	return out
}

func sortEntries(es []indexEntry) {
	sort.Slice(es, func(i, j int) bool { return bytes.Compare(es[i].k, es[j].k) < 0 })
}

// file replaces the index entries of each article (nil: the article is not
// in the graph) in one transaction, and updates the index's counters in
// it (see index_count.go). With unmark, it also clears the articles'
// pending marks (their entries now come from the graph). fresh names
// articles new to the graph, which have no old entries to look up.
func (x *factIndex) file(ctx context.Context, byArticle map[string][]indexEntry, fresh map[string]bool, unmark bool) error {
	// Deletions first, then every put in key order: bolt writes sorted
	// keys into far fewer pages than keys in arrival order.
	var dels [][]byte
	var puts []indexEntry
	var count tally
	var known [][]byte // article-list keys of the articles that may be listed
	for id, es := range byArticle {
		if es == nil {
			dels = append(dels, indexKey(keyNode, id))
		} else {
			count.articles++
		}
		if !fresh[id] {
			known = append(known, indexKey(keyNode, id))
		}
		puts = append(puts, es...)
		if unmark {
			dels = append(dels, indexKey(keyPending, id))
		}
	}
	for _, p := range puts {
		if err := count.key(p.k, p.v, 1); err != nil {
			return err
		}
	}
	sortEntries(puts)
	return x.kv.update(ctx, func(tx kvTx) error {
		if len(known) > 0 {
			if err := tx.getMany(known, func(_ int, v []byte) error {
				if v != nil {
					count.articles-- // listed before: replaced or dropped
				}
				return nil
			}); err != nil {
				return err
			}
		}
		for id := range byArticle {
			if !fresh[id] {
				if err := dropArticle(tx, id, &count); err != nil {
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
		return count.apply(tx)
	})
}

// dropArticle deletes every key of an article's records, and counts them
// out.
func dropArticle(tx kvTx, id string, count *tally) error {
	var old []indexEntry // the keys, with the briefs the counters read
	err := tx.scan(indexPrefix(keyArticle, id), func(_, v []byte) error {
		var f IndexedFact
		if err := f.unmarshal(v); err != nil {
			return err
		}
		brief := f.ref().marshal()
		for _, k := range f.keys() {
			old = append(old, indexEntry{k, brief})
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, e := range old {
		if err := tx.del(e.k); err != nil {
			return err
		}
		if err := count.key(e.k, e.v, -1); err != nil {
			return err
		}
	}
	return nil
}
