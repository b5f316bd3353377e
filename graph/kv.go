package graph

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"sort"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
)

// kvStore is the ordered key-value table the fact index lives in: a bolt
// file beside the graph's, a table in the same SQL database, or memory.
type kvStore interface {
	// update runs fn in one atomic write transaction.
	update(ctx context.Context, fn func(kvTx) error) error
	// scan calls fn for every key with the prefix, in key order. The slices
	// are only valid during the call.
	scan(ctx context.Context, prefix []byte, fn func(k, v []byte) error) error
	// scanBackward is scan in reverse key order.
	scanBackward(ctx context.Context, prefix []byte, fn func(k, v []byte) error) error
	// getMany calls fn with the value of each key, in order; v is nil for a
	// missing key.
	getMany(ctx context.Context, keys [][]byte, fn func(i int, v []byte) error) error
	close() error
}

// kvTx is a write transaction of a kvStore.
type kvTx interface {
	put(k, v []byte) error
	del(k []byte) error
	// scan reads the transaction's own view, like kvStore.scan.
	scan(prefix []byte, fn func(k, v []byte) error) error
	// getMany reads the transaction's own view, like kvStore.getMany.
	getMany(keys [][]byte, fn func(i int, v []byte) error) error
}

// prefixEnd is the smallest key after every key with the prefix, or nil
// when there is none (a prefix of 0xff bytes).
func prefixEnd(prefix []byte) []byte {
	end := bytes.Clone(prefix)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] < 0xff {
			end[i]++
			return end[:i+1]
		}
	}
	return nil
}

// boltKV keeps the table in one bucket of a bolt file.
type boltKV struct{ db *bolt.DB }

var factsBucket = []byte("facts")

// indexBoltOptions open the index's file for writing. The free list is
// written with every commit (NoFreelistSync off), so that a writable open
// reads it from its pages instead of walking the whole file to rebuild it
// (read-only opens need no free list). A file written without it (before)
// has it rebuilt once, on its first writable open, and kept from then on.
// The map free list keeps a commit's page allocations fast in a large
// file.
var indexBoltOptions = bolt.Options{Timeout: 2 * time.Second, FreelistType: bolt.FreelistMapType}

func openBoltKV(file string) (*boltKV, error) {
	opts := indexBoltOptions
	db, err := bolt.Open(file, 0o644, &opts)
	if errors.Is(err, bolt.ErrTimeout) {
		return nil, ErrLocked
	}
	if err != nil {
		return nil, err
	}
	if err := db.Update(func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(factsBucket)
		return err
	}); err != nil {
		db.Close()
		return nil, err
	}
	return &boltKV{db: db}, nil
}

// openBoltKVReadOnly opens the index's bolt file without writing to it.
func openBoltKVReadOnly(file string) (*boltKV, error) {
	db, err := bolt.Open(file, 0o644, &bolt.Options{ReadOnly: true, Timeout: 2 * time.Second})
	if errors.Is(err, bolt.ErrTimeout) {
		return nil, ErrLocked
	}
	if err != nil {
		return nil, err
	}
	return &boltKV{db: db}, nil
}

func (b *boltKV) update(ctx context.Context, fn func(kvTx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return b.db.Update(func(tx *bolt.Tx) error { return fn(boltTx{tx.Bucket(factsBucket)}) })
}

func (b *boltKV) scan(ctx context.Context, prefix []byte, fn func(k, v []byte) error) error {
	return b.db.View(func(tx *bolt.Tx) error {
		bk := tx.Bucket(factsBucket)
		if bk == nil { // a read-only open of a file never written
			return nil
		}
		return boltScan(ctx, bk, prefix, fn)
	})
}

func (b *boltKV) scanBackward(ctx context.Context, prefix []byte, fn func(k, v []byte) error) error {
	return b.db.View(func(tx *bolt.Tx) error {
		bk := tx.Bucket(factsBucket)
		if bk == nil {
			return nil
		}
		c := bk.Cursor()
		var k, v []byte
		if end := prefixEnd(prefix); end == nil {
			k, v = c.Last()
		} else if k, _ = c.Seek(end); k == nil {
			k, v = c.Last()
		} else {
			k, v = c.Prev()
		}
		for n := 1; k != nil && bytes.HasPrefix(k, prefix); k, v = c.Prev() {
			if n++; n%4096 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			if err := fn(k, v); err != nil {
				return err
			}
		}
		return nil
	})
}

func boltScan(ctx context.Context, bk *bolt.Bucket, prefix []byte, fn func(k, v []byte) error) error {
	c := bk.Cursor()
	n := 0
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		if n++; n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if err := fn(k, v); err != nil {
			return err
		}
	}
	return nil
}

func (b *boltKV) getMany(ctx context.Context, keys [][]byte, fn func(i int, v []byte) error) error {
	return b.db.View(func(tx *bolt.Tx) error {
		bk := tx.Bucket(factsBucket)
		for i, k := range keys {
			if bk == nil {
				if err := fn(i, nil); err != nil {
					return err
				}
				continue
			}
			if i%4096 == 4095 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			if err := fn(i, bk.Get(k)); err != nil {
				return err
			}
		}
		return nil
	})
}

func (b *boltKV) close() error { return b.db.Close() }

type boltTx struct{ b *bolt.Bucket }

func (t boltTx) put(k, v []byte) error { return t.b.Put(k, v) }
func (t boltTx) del(k []byte) error    { return t.b.Delete(k) }
func (t boltTx) getMany(keys [][]byte, fn func(i int, v []byte) error) error {
	for i, k := range keys {
		if err := fn(i, t.b.Get(k)); err != nil {
			return err
		}
	}
	return nil
}
func (t boltTx) scan(prefix []byte, fn func(k, v []byte) error) error {
	// Collect first: fn may change the bucket, which would move the cursor.
	return collectThen(func(keep func(k, v []byte) error) error {
		return boltScan(context.Background(), t.b, prefix, keep)
	}, fn)
}

// collectThen runs scan to its end, keeping copies of what it gives, and
// only then calls fn with each: fn may write where scan reads.
func collectThen(scan func(keep func(k, v []byte) error) error, fn func(k, v []byte) error) error {
	var ks, vs [][]byte
	if err := scan(func(k, v []byte) error {
		ks, vs = append(ks, bytes.Clone(k)), append(vs, bytes.Clone(v))
		return nil
	}); err != nil {
		return err
	}
	for i := range ks {
		if err := fn(ks[i], vs[i]); err != nil {
			return err
		}
	}
	return nil
}

// memKV keeps the table in memory, for the in-memory graph.
type memKV struct {
	mu    sync.RWMutex
	m     map[string][]byte
	keys  []string // sorted when !dirty
	dirty bool
}

func newMemKV() *memKV { return &memKV{m: map[string][]byte{}} }

func (m *memKV) update(ctx context.Context, fn func(kvTx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	tx := &memTx{kv: m, puts: map[string][]byte{}, dels: map[string]bool{}}
	if err := fn(tx); err != nil {
		return err // nothing applied
	}
	for k := range tx.dels {
		if _, ok := m.m[k]; ok {
			delete(m.m, k)
			m.dirty = true
		}
	}
	for k, v := range tx.puts {
		if _, ok := m.m[k]; !ok {
			m.dirty = true
		}
		m.m[k] = v
	}
	return nil
}

// sorted returns the keys in order; the caller holds the lock.
func (m *memKV) sorted() []string {
	if m.dirty || m.keys == nil {
		m.keys = m.keys[:0]
		for k := range m.m {
			m.keys = append(m.keys, k)
		}
		sort.Strings(m.keys)
		m.dirty = false
	}
	return m.keys
}

func (m *memKV) scan(ctx context.Context, prefix []byte, fn func(k, v []byte) error) error {
	return m.scanIn(ctx, prefix, false, fn)
}

func (m *memKV) scanBackward(ctx context.Context, prefix []byte, fn func(k, v []byte) error) error {
	return m.scanIn(ctx, prefix, true, fn)
}

// scanIn is scan, in reverse key order when backward.
func (m *memKV) scanIn(ctx context.Context, prefix []byte, backward bool, fn func(k, v []byte) error) error {
	m.mu.Lock() // sorting may rewrite the key list
	keys := m.sorted()
	var ks []string
	for i := sort.SearchStrings(keys, string(prefix)); i < len(keys) && bytes.HasPrefix([]byte(keys[i]), prefix); i++ {
		ks = append(ks, keys[i])
	}
	if backward {
		slices.Reverse(ks)
	}
	vs := make([][]byte, len(ks))
	for i, k := range ks {
		vs[i] = m.m[k]
	}
	m.mu.Unlock()
	for i, k := range ks {
		if i%4096 == 4095 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if err := fn([]byte(k), vs[i]); err != nil {
			return err
		}
	}
	return nil
}

func (m *memKV) getMany(ctx context.Context, keys [][]byte, fn func(i int, v []byte) error) error {
	vs := make([][]byte, len(keys))
	m.mu.RLock()
	for i, k := range keys {
		vs[i] = m.m[string(k)]
	}
	m.mu.RUnlock()
	for i, v := range vs {
		if err := fn(i, v); err != nil {
			return err
		}
	}
	return ctx.Err()
}

func (m *memKV) close() error { return nil }

// memTx buffers a transaction's writes until it succeeds.
type memTx struct {
	kv   *memKV
	puts map[string][]byte
	dels map[string]bool
}

func (t *memTx) put(k, v []byte) error {
	t.puts[string(k)] = bytes.Clone(v)
	delete(t.dels, string(k))
	return nil
}

func (t *memTx) del(k []byte) error {
	delete(t.puts, string(k))
	t.dels[string(k)] = true
	return nil
}

func (t *memTx) getMany(keys [][]byte, fn func(i int, v []byte) error) error {
	for i, k := range keys {
		v, ok := t.puts[string(k)]
		if !ok && !t.dels[string(k)] {
			v = t.kv.m[string(k)]
		}
		if err := fn(i, v); err != nil {
			return err
		}
	}
	return nil
}

func (t *memTx) scan(prefix []byte, fn func(k, v []byte) error) error {
	seen := map[string][]byte{}
	keys := t.kv.sorted()
	for i := sort.SearchStrings(keys, string(prefix)); i < len(keys) && bytes.HasPrefix([]byte(keys[i]), prefix); i++ {
		if k := keys[i]; !t.dels[k] {
			seen[k] = t.kv.m[k]
		}
	}
	for k, v := range t.puts {
		if bytes.HasPrefix([]byte(k), prefix) {
			seen[k] = v
		}
	}
	ks := make([]string, 0, len(seen))
	for k := range seen {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	for _, k := range ks {
		if err := fn([]byte(k), seen[k]); err != nil {
			return err
		}
	}
	return nil
}
