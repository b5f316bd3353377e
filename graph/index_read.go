package graph

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/policygraph/policygraph/domain"
)

// FactSelector chooses the facts Store.Facts returns: one key space of the
// index and a prefix within it. Entities are given by canonical name or by
// entity ID (see EntityID); both select the same facts.
type FactSelector struct {
	prefix []byte
	err    error // a selection the index cannot make
}

// FactsWithTarget selects the facts about a vendor, ordered by subject, then
// date as answers order dates (by the last day of their interval, the
// narrower first).
func FactsWithTarget(target string) FactSelector {
	return FactSelector{prefix: indexPrefix(keyTarget, domain.EntityID(target))}
}

// FactsWithTargetAndSubject selects one subject's facts about a vendor, by
// date as FactsWithTarget orders them.
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

// StopScan, returned by the function FactRefs or FactRefsBackward calls,
// ends the scan early; the scan then returns nil.
var StopScan = errors.New("graph: stop the scan")

// FactRefs calls fn with the brief of each fact the selector chooses, in
// key order, without reading the facts' records.
func (s *Store) FactRefs(ctx context.Context, sel FactSelector, fn func(FactRef) error) error {
	return s.factRefs(ctx, sel, false, fn)
}

// FactRefsBackward is FactRefs in reverse key order: a subject's latest
// facts about a vendor first (see FactsWithTargetAndSubject).
func (s *Store) FactRefsBackward(ctx context.Context, sel FactSelector, fn func(FactRef) error) error {
	return s.factRefs(ctx, sel, true, fn)
}

func (s *Store) factRefs(ctx context.Context, sel FactSelector, backward bool, fn func(FactRef) error) error {
	if err := s.readable(ctx, sel); err != nil {
		return err
	}
	var in interner
	read := func(k, v []byte) (FactRef, error) { return unmarshalRefWith(k, v, in.intern) }
	if holdsRecords(sel.prefix) {
		read = func(k, v []byte) (FactRef, error) { return refOfRecord(k, v, &in) }
	}
	scan := s.index.kv.scan
	if backward {
		scan = s.index.kv.scanBackward
	}
	err := scan(ctx, sel.prefix, func(k, v []byte) error {
		r, err := read(k, v)
		if err != nil {
			return err
		}
		return fn(r)
	})
	if errors.Is(err, StopScan) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("graph: read fact index: %w", err)
	}
	return nil
}

// TargetFactCount is how many facts about a vendor one subject states with
// one relation and modality.
type TargetFactCount struct {
	Subject  string // entity ID
	Relation domain.Relation
	Modality domain.Modality
	Facts    int64
}

// TargetFactCounts returns how many facts about the vendor (given by name
// or entity ID) each subject states, by relation and modality, ordered by
// subject: counters the index keeps, so that reading them costs the same
// however many facts they count.
func (s *Store) TargetFactCounts(ctx context.Context, target string) ([]TargetFactCount, error) {
	if err := s.indexReady(ctx); err != nil {
		return nil, err
	}
	prefix := indexPrefix(keyStances, domain.EntityID(target))
	var out []TargetFactCount
	err := s.index.kv.scan(ctx, prefix, func(k, v []byte) error {
		parts := bytes.Split(k[len(prefix):], []byte{0})
		if len(parts) != 3 {
			return errBadRecord
		}
		out = append(out, TargetFactCount{Subject: string(parts[0]), Relation: domain.Relation(parts[1]),
			Modality: domain.Modality(parts[2]), Facts: decodeCount(v)})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("graph: read fact index: %w", err)
	}
	return out, nil
}

// readable checks that the selector can be read now.
func (s *Store) readable(ctx context.Context, sel FactSelector) error {
	if sel.err != nil {
		return sel.err
	}
	if err := s.indexReady(ctx); err != nil {
		return err
	}
	if len(sel.prefix) == 0 {
		return errors.New("graph: empty fact selector")
	}
	return nil
}

// interner shares the strings that briefs repeat from one fact to the
// next (subjects, relations, modalities, dates), and the entity IDs of
// names: a scan of thousands of briefs makes a few hundred of them.
type interner struct{ strs, ids map[string]string }

func (in *interner) intern(b []byte) string {
	if s, ok := in.strs[string(b)]; ok {
		return s
	}
	if in.strs == nil {
		in.strs = map[string]string{}
	}
	s := string(b)
	in.strs[s] = s
	return s
}

// entityID is domain.EntityID(name), worked out once per name.
func (in *interner) entityID(name string) string {
	id, ok := in.ids[name]
	if !ok {
		if in.ids == nil {
			in.ids = map[string]string{}
		}
		id = domain.EntityID(name)
		in.ids[name] = id
	}
	return id
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
	return s.FactsWhere(ctx, sel, nil, fn)
}

// FactsWhere calls fn with the record of each fact the selector chooses
// whose brief keep accepts (every one when keep is nil), in key order: only
// those records are read.
func (s *Store) FactsWhere(ctx context.Context, sel FactSelector, keep func(FactRef) bool, fn func(IndexedFact) error) error {
	if !holdsRecords(sel.prefix) {
		var refs []FactRef
		if err := s.FactRefs(ctx, sel, func(r FactRef) error {
			if keep == nil || keep(r) {
				refs = append(refs, r)
			}
			return nil
		}); err != nil {
			return err
		}
		return s.FactsByRef(ctx, refs, fn)
	}
	if err := s.readable(ctx, sel); err != nil {
		return err
	}
	var in interner
	decode := decoder(fn)
	err := s.index.kv.scan(ctx, sel.prefix, func(k, v []byte) error {
		if keep != nil {
			r, err := refOfRecord(k, v, &in)
			if err != nil {
				return err
			}
			if !keep(r) {
				return nil
			}
		}
		return decode(k, v)
	})
	if err != nil {
		return fmt.Errorf("graph: read fact index: %w", err)
	}
	return nil
}

// FactCounts returns, for each entity ID, how many facts name it as
// subject, object or target (an entity both subject and target of a fact
// counts twice): the index's per-entity counters, or a count of its keys
// when it has none.
func (s *Store) FactCounts(ctx context.Context) (map[string]int64, error) {
	if err := s.indexReady(ctx); err != nil {
		return nil, err
	}
	if _, ok, err := s.index.counts(ctx); err != nil {
		return nil, err
	} else if ok {
		return s.index.readRefs(ctx)
	}
	return s.index.scanRefs(ctx)
}

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
