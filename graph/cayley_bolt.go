package graph

// The write transactions of this file are hidalgo's bolt key-value store
// (github.com/hidal-go/hidalgo/kv/bolt, Apache License 2.0, the Cayley
// Authors) with one change; read transactions are hidalgo's own.

import (
	"bytes"
	"context"

	"github.com/boltdb/bolt"
	hkv "github.com/hidal-go/hidalgo/kv"
	hbolt "github.com/hidal-go/hidalgo/kv/bolt"
)

// cayleyBolt is the key-value store Cayley's kv quad store runs on over the
// graph's bolt file. It is hidalgo's, except that a write transaction keeps
// each bucket it has opened: hidalgo's Put opens the key's bucket with
// CreateBucketIfNotExists, a seek in the root bucket on every one of the
// transaction's puts (12 % of the writer's CPU in an ingest of 1,000
// articles, where Cayley puts several keys per quad into a handful of
// buckets).
type cayleyBolt struct {
	*hbolt.DB
	db *bolt.DB
}

// newCayleyBolt wraps an open bolt database.
func newCayleyBolt(db *bolt.DB) *cayleyBolt { return &cayleyBolt{DB: hbolt.New(db), db: db} }

// Tx begins a transaction: hidalgo's for reading, a bucket-keeping one for
// writing.
func (c *cayleyBolt) Tx(rw bool) (hkv.Tx, error) {
	if !rw {
		return c.DB.Tx(false)
	}
	tx, err := c.db.Begin(true)
	if err != nil {
		return nil, err
	}
	return &boltWriteTx{tx: tx, buckets: map[string]*bolt.Bucket{}}, nil
}

// boltWriteTx is a write transaction that opens each top-level bucket once.
type boltWriteTx struct {
	tx      *bolt.Tx
	buckets map[string]*bolt.Bucket // top-level buckets opened so far
}

// top returns the top-level bucket called name, created when create is
// set and it is missing (nil when it is missing otherwise).
func (t *boltWriteTx) top(name []byte, create bool) (*bolt.Bucket, error) {
	if b, ok := t.buckets[string(name)]; ok {
		return b, nil
	}
	var b *bolt.Bucket
	if create {
		var err error
		if b, err = t.tx.CreateBucketIfNotExists(name); err != nil {
			return nil, err
		}
	} else if b = t.tx.Bucket(name); b == nil {
		return nil, nil
	}
	t.buckets[string(name)] = b
	return b, nil
}

// root is the root bucket (hidalgo's way to reach it: a cursor's bucket).
func (t *boltWriteTx) root() *bolt.Bucket { return t.tx.Cursor().Bucket() }

// bucket returns the bucket holding key and the rest of the key within it,
// as hidalgo's does: nil when a bucket on the way is missing.
func (t *boltWriteTx) bucket(key hkv.Key) (*bolt.Bucket, hkv.Key) {
	if len(key) <= 1 {
		return t.root(), key
	}
	b, _ := t.top(key[0], false)
	key = key[1:]
	for b != nil && len(key) > 1 {
		b = b.Bucket(key[0])
		key = key[1:]
	}
	return b, key
}

// Get reads one key.
func (t *boltWriteTx) Get(ctx context.Context, key hkv.Key) (hkv.Value, error) {
	b, k := t.bucket(key)
	if b == nil || len(k) != 1 {
		return nil, hkv.ErrNotFound
	}
	v := b.Get(k[0])
	if v == nil {
		return nil, hkv.ErrNotFound
	}
	return v, nil
}

// GetBatch reads keys; a missing key's value is nil.
func (t *boltWriteTx) GetBatch(ctx context.Context, keys []hkv.Key) ([]hkv.Value, error) {
	vals := make([]hkv.Value, len(keys))
	for i, key := range keys {
		if b, k := t.bucket(key); b != nil && len(k) == 1 {
			vals[i] = b.Get(k[0])
		}
	}
	return vals, nil
}

// Put writes a key, creating the buckets on its way.
func (t *boltWriteTx) Put(k hkv.Key, v hkv.Value) error {
	var (
		b   *bolt.Bucket
		err error
	)
	if len(k) <= 1 {
		b = t.root()
	} else {
		b, err = t.top(k[0], true)
		k = k[1:]
	}
	for err == nil && b != nil && len(k) > 1 {
		b, err = b.CreateBucketIfNotExists(k[0])
		k = k[1:]
	}
	if err != nil {
		return err
	} else if len(k[0]) == 0 && len(v) == 0 {
		return nil // a bucket's creation: no value to put
	}
	return b.Put(k[0], v)
}

// Del removes a key.
func (t *boltWriteTx) Del(k hkv.Key) error {
	b, k := t.bucket(k)
	if b == nil || len(k) != 1 {
		return nil
	}
	return b.Delete(k[0])
}

// Commit commits the transaction.
func (t *boltWriteTx) Commit(ctx context.Context) error { return t.tx.Commit() }

// Close rolls back what was not committed.
func (t *boltWriteTx) Close() error { return t.tx.Rollback() }

// Scan iterates over the keys with the prefix, in order.
func (t *boltWriteTx) Scan(pref hkv.Key) hkv.Iterator {
	b, p := t.bucket(pref)
	if b == nil || len(p) > 1 {
		return &boltIterator{} // a bucket of the prefix is missing
	}
	return &boltIterator{b: []*bolt.Bucket{b}, pref: p, root: pref[:len(pref)-len(p)].Clone()}
}

// boltIterator walks nested buckets depth first, as hidalgo's does.
type boltIterator struct {
	root hkv.Key // the buckets above the current key, to rebuild it whole
	pref hkv.Key // the prefix each level's keys must have
	b    []*bolt.Bucket
	c    []*bolt.Cursor
	k, v []byte
}

// Next moves to the next key; false at the end.
func (it *boltIterator) Next(ctx context.Context) bool {
	for len(it.b) > 0 {
		i := len(it.b) - 1
		if len(it.c) < len(it.b) {
			c := it.b[i].Cursor()
			it.c = append(it.c, c)
			if i >= len(it.pref) {
				it.k, it.v = c.First()
			} else {
				it.k, it.v = c.Seek(it.pref[i])
			}
		} else {
			it.k, it.v = it.c[i].Next()
		}
		if it.k != nil && (i >= len(it.pref) || bytes.HasPrefix(it.k, it.pref[i])) {
			if it.v == nil { // a bucket: descend into it
				if b := it.b[i].Bucket(it.k); b != nil {
					it.b = append(it.b, b)
					it.root = append(it.root, it.k)
					continue
				}
			}
			return true
		}
		// this level is done: back to the one above
		it.c = it.c[:len(it.c)-1]
		it.b = it.b[:len(it.b)-1]
		if len(it.root) > 0 {
			it.root = it.root[:len(it.root)-1]
		}
	}
	return false
}

// Key is the current key, whole.
func (it *boltIterator) Key() hkv.Key {
	if len(it.b) == 0 {
		return nil
	}
	return append(it.root.Clone(), append([]byte{}, it.k...))
}

// Val is the current value.
func (it *boltIterator) Val() hkv.Value { return it.v }

// Err is always nil: bolt's cursors do not fail.
func (it *boltIterator) Err() error { return nil }

// Close ends the iteration.
func (it *boltIterator) Close() error {
	*it = boltIterator{}
	return nil
}
