package graph

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"sort"
)

// The index keeps counters of what it holds, so that Store.Stats reads
// three keys instead of scanning every fact: the articles (keys of the
// article list), the facts (records) and the entities named by facts. An
// entity is named by facts while some subject, object or target key names
// it, so the index also keeps, per entity, how many such keys name it
// (FactCounts): the entity counter moves when one of these goes from zero
// or to zero. Every transaction that files or drops records updates the
// counters in the same transaction (factIndex.file), so they stay exact
// through additions, replacements, deletions, crash repairs and rebuilds.
// An index written before the counters existed has none: a writable open
// counts them once (factIndex.recount); a read-only open counts by
// scanning, as before.
//
// The index also counts a vendor's facts by subject, relation and modality
// (the k keys, moved with each target key), so that the per-country
// questions read how many stances each country took from those counters
// and only each country's latest facts from the target keys
// (Store.TargetFactCounts).

var (
	countArticlesKey = indexKey(keyCount, "articles")
	countFactsKey    = indexKey(keyCount, "facts")
	countEntitiesKey = indexKey(keyCount, "entities")
	countKeys        = [][]byte{countArticlesKey, countFactsKey, countEntitiesKey}
)

// tally is what a transaction changes in the counters.
type tally struct {
	articles, facts int64
	// The change of each entity's reference count: refs[i] for ids[i].
	// (A lookup by a key's bytes allocates nothing; only a new entity
	// does.)
	ids   []string
	refs  []int64
	index map[string]int // entity ID: its place in ids
	// The change of each target-fact counter, by its key (see
	// stanceCountKey).
	stances map[string]int64
}

// key counts a record or secondary key put (sign 1) or dropped (-1), with
// its value (a target key's brief is counted by relation and modality).
// The article list's keys are counted by the caller, which knows whether a
// put replaces one.
func (t *tally) key(k, v []byte, sign int64) error {
	if len(k) < 2 || k[1] != 0 {
		return nil
	}
	switch string(k[:1]) {
	case keyArticle:
		t.facts += sign
	case keyTarget:
		ck, err := stanceCountKey(k, v)
		if err != nil {
			return err
		}
		if t.stances == nil {
			t.stances = map[string]int64{}
		}
		t.stances[string(ck)] += sign
		fallthrough
	case keySubject, keyObject:
		id := k[2:]
		if i := bytes.IndexByte(id, 0); i >= 0 {
			id = id[:i]
		}
		i, ok := t.index[string(id)]
		if !ok {
			if t.index == nil {
				t.index = map[string]int{}
			}
			i = len(t.ids)
			t.ids, t.refs = append(t.ids, string(id)), append(t.refs, 0)
			t.index[t.ids[i]] = i
		}
		t.refs[i] += sign
	}
	return nil
}

// stanceCountKey is the counter of target key k holding brief v: k,
// target, subject, relation, modality.
func stanceCountKey(k, v []byte) ([]byte, error) {
	parts := bytes.SplitN(k, []byte{0}, 4)
	if len(parts) < 4 {
		return nil, errBadRecord
	}
	r, err := unmarshalRef(k, v)
	if err != nil {
		return nil, err
	}
	return indexKey(keyStances, string(parts[1]), string(parts[2]), string(r.Relation), string(r.Modality)), nil
}

// refMap returns the entities' counts by ID.
func (t *tally) refMap() map[string]int64 {
	m := make(map[string]int64, len(t.ids))
	for i, id := range t.ids {
		m[id] = t.refs[i]
	}
	return m
}

func (t *tally) zero() bool {
	if t.articles != 0 || t.facts != 0 {
		return false
	}
	for _, d := range t.refs {
		if d != 0 {
			return false
		}
	}
	for _, d := range t.stances {
		if d != 0 {
			return false
		}
	}
	return true
}

// counterLocker is a transaction shared with writers in other processes
// (the SQL backends), which must lock the counters before reading them.
type counterLocker interface{ lockCounters() error }

func encodeCount(n int64) []byte { return binary.AppendVarint(nil, n) }

func decodeCount(v []byte) int64 {
	n, k := binary.Varint(v)
	if k <= 0 {
		return 0
	}
	return n
}

// apply adds the tally to the counters of the transaction's index.
func (t *tally) apply(tx kvTx) error {
	if t.zero() {
		return nil
	}
	if l, ok := tx.(counterLocker); ok {
		if err := l.lockCounters(); err != nil {
			return fmt.Errorf("lock the index counters: %w", err)
		}
	}
	changed := map[string]int64{}
	ids := make([]string, 0, len(t.ids))
	for i, id := range t.ids {
		if d := t.refs[i]; d != 0 {
			ids = append(ids, id)
			changed[id] = d
		}
	}
	sort.Strings(ids)
	keys := append([][]byte{}, countKeys...)
	for _, id := range ids {
		keys = append(keys, indexKey(keyRefs, id))
	}
	vals := make([]int64, len(keys))
	if err := tx.getMany(keys, func(i int, v []byte) error {
		vals[i] = decodeCount(v)
		return nil
	}); err != nil {
		return err
	}
	entities := vals[2]
	for i, id := range ids {
		old := vals[3+i]
		now := old + changed[id]
		switch {
		case old <= 0 && now > 0:
			entities++
		case old > 0 && now <= 0:
			entities--
		}
		var err error
		if now > 0 {
			err = tx.put(keys[3+i], encodeCount(now))
		} else {
			err = tx.del(keys[3+i])
		}
		if err != nil {
			return err
		}
	}
	for i, n := range []int64{vals[0] + t.articles, vals[1] + t.facts, entities} {
		if err := tx.put(keys[i], encodeCount(n)); err != nil {
			return err
		}
	}
	return t.applyStances(tx)
}

// applyStances adds the tally's changes to the target-fact counters,
// dropping those that reach zero.
func (t *tally) applyStances(tx kvTx) error {
	keys := make([][]byte, 0, len(t.stances))
	for k, d := range t.stances {
		if d != 0 {
			keys = append(keys, []byte(k))
		}
	}
	sort.Slice(keys, func(i, j int) bool { return bytes.Compare(keys[i], keys[j]) < 0 })
	now := make([]int64, len(keys))
	if err := tx.getMany(keys, func(i int, v []byte) error {
		now[i] = decodeCount(v) + t.stances[string(keys[i])]
		return nil
	}); err != nil {
		return err
	}
	for i, k := range keys {
		var err error
		if now[i] > 0 {
			err = tx.put(k, encodeCount(now[i]))
		} else {
			err = tx.del(k)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// indexCounts is what the counters hold.
type indexCounts struct{ articles, facts, entities int64 }

// counts reads the counters; ok is false for an index that has none (one
// written before they existed).
func (x *factIndex) counts(ctx context.Context) (c indexCounts, ok bool, err error) {
	ok = true
	dst := []*int64{&c.articles, &c.facts, &c.entities}
	err = x.kv.getMany(ctx, countKeys, func(i int, v []byte) error {
		if v == nil {
			ok = false
		}
		*dst[i] = decodeCount(v)
		return nil
	})
	if err != nil {
		return c, false, fmt.Errorf("graph: read the index counters: %w", err)
	}
	return c, ok, nil
}

// scanCounts counts what the index holds by scanning it, and returns the
// per-entity reference counts and the target-fact counts (by k key) too.
func (x *factIndex) scanCounts(ctx context.Context) (indexCounts, map[string]int64, map[string]int64, error) {
	var c indexCounts
	var err error
	if c.articles, err = x.countSpace(ctx, keyNode); err != nil {
		return c, nil, nil, err
	}
	if c.facts, err = x.countSpace(ctx, keyArticle); err != nil {
		return c, nil, nil, err
	}
	t, err := x.scanTally(ctx)
	if err != nil {
		return c, nil, nil, err
	}
	refs := t.refMap()
	c.entities = int64(len(refs))
	return c, refs, t.stances, nil
}

// countSpace counts the keys of one key space.
func (x *factIndex) countSpace(ctx context.Context, space string) (int64, error) {
	var n int64
	err := x.kv.scan(ctx, []byte(space+"\x00"), func(_, _ []byte) error {
		n++
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("graph: count the fact index: %w", err)
	}
	return n, nil
}

// scanRefs counts, for each entity ID, the subject, object and target keys
// that name it, without decoding records.
func (x *factIndex) scanRefs(ctx context.Context) (map[string]int64, error) {
	t, err := x.scanTally(ctx)
	if err != nil {
		return nil, err
	}
	return t.refMap(), nil
}

// scanTally counts the subject, object and target keys as the counters
// do, decoding only the target keys' briefs.
func (x *factIndex) scanTally(ctx context.Context) (*tally, error) {
	t := &tally{stances: map[string]int64{}}
	for _, space := range []string{keySubject, keyObject, keyTarget} {
		if err := x.kv.scan(ctx, []byte(space+"\x00"), func(k, v []byte) error {
			return t.key(k, v, 1)
		}); err != nil {
			return nil, fmt.Errorf("graph: count facts: %w", err)
		}
	}
	return t, nil
}

// readStances reads the target-fact counters, by key.
func (x *factIndex) readStances(ctx context.Context) (map[string]int64, error) {
	out := map[string]int64{}
	if err := x.kv.scan(ctx, []byte(keyStances+"\x00"), func(k, v []byte) error {
		out[string(k)] = decodeCount(v)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("graph: count facts: %w", err)
	}
	return out, nil
}

// readRefs reads the per-entity reference counts the index keeps.
func (x *factIndex) readRefs(ctx context.Context) (map[string]int64, error) {
	refs := map[string]int64{}
	prefix := []byte(keyRefs + "\x00")
	if err := x.kv.scan(ctx, prefix, func(k, v []byte) error {
		refs[string(k[len(prefix):])] = decodeCount(v)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("graph: count facts: %w", err)
	}
	return refs, nil
}

// recount sets the counters from a scan of the index: once, for an index
// written before they existed, and at the end of a rebuild of a shared
// index, which writers in other processes may have written to meanwhile.
func (x *factIndex) recount(ctx context.Context) error {
	c, refs, stances, err := x.scanCounts(ctx)
	if err != nil {
		return err
	}
	ids := make([]string, 0, len(refs))
	for id := range refs {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	err = x.kv.update(ctx, func(tx kvTx) error {
		if l, ok := tx.(counterLocker); ok {
			if err := l.lockCounters(); err != nil {
				return err
			}
		}
		for _, space := range []string{keyRefs, keyStances} {
			if err := tx.scan([]byte(space+"\x00"), func(k, _ []byte) error { return tx.del(k) }); err != nil {
				return err
			}
		}
		for _, id := range ids {
			if err := tx.put(indexKey(keyRefs, id), encodeCount(refs[id])); err != nil {
				return err
			}
		}
		for k, n := range stances {
			if err := tx.put([]byte(k), encodeCount(n)); err != nil {
				return err
			}
		}
		for i, n := range []int64{c.articles, c.facts, c.entities} {
			if err := tx.put(countKeys[i], encodeCount(n)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("graph: write the index counters: %w", err)
	}
	return nil
}

// ensureCounts counts an index that has no counters yet (one written
// before they existed); on the SQL backends under the rebuild lock, so
// that processes opening it together count it once.
func (x *factIndex) ensureCounts(ctx context.Context) error {
	if _, ok, err := x.counts(ctx); err != nil || ok {
		return err
	}
	unlock, err := x.lockRebuild(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	if _, ok, err := x.counts(ctx); err != nil || ok {
		return err
	}
	return x.recount(ctx)
}
