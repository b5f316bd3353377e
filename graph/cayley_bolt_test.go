package graph

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/boltdb/bolt"
	hkv "github.com/hidal-go/hidalgo/kv"
	hbolt "github.com/hidal-go/hidalgo/kv/bolt"
	"github.com/hidal-go/hidalgo/kv/kvtest"
	"github.com/stretchr/testify/require"
)

// TestCayleyBoltIsAKeyValueStore runs hidalgo's conformance tests for
// key-value stores on cayleyBolt: its write transactions behave as
// hidalgo's bolt store does, buckets kept or not.
func TestCayleyBoltIsAKeyValueStore(t *testing.T) {
	kvtest.RunTest(t, func(tb testing.TB) (hkv.KV, func()) {
		db, err := bolt.Open(filepath.Join(t.TempDir(), "kv.bolt"), 0o644, nil)
		require.NoError(tb, err)
		return newCayleyBolt(db), func() { _ = db.Close() }
	})
}

// TestCayleyBoltWritesAsHidalgoDoes applies one random sequence of puts,
// deletes, reads and scans, many to a write transaction, to cayleyBolt and
// to hidalgo's bolt store, and requires the same answers and contents.
func TestCayleyBoltWritesAsHidalgoDoes(t *testing.T) {
	open := func(name string) *bolt.DB {
		db, err := bolt.Open(filepath.Join(t.TempDir(), name), 0o644, nil)
		require.NoError(t, err)
		t.Cleanup(func() { _ = db.Close() })
		return db
	}
	ours, theirs := hkv.KV(newCayleyBolt(open("ours.bolt"))), hkv.KV(hbolt.New(open("theirs.bolt")))
	r := rand.New(rand.NewPCG(7, 11))
	key := func() hkv.Key {
		k := hkv.Key{[]byte{'b', byte('0' + r.IntN(3))}, []byte{byte('a' + r.IntN(20))}}
		if r.IntN(4) == 0 {
			k = append(k, []byte{byte('x' + r.IntN(2))}) // a nested bucket
		}
		return k
	}
	ctx := context.Background()
	scan := func(tx hkv.Tx, pref hkv.Key) []string {
		it := tx.Scan(pref)
		defer it.Close()
		var out []string
		for it.Next(ctx) {
			out = append(out, fmt.Sprintf("%q=%q", it.Key(), it.Val()))
		}
		return out
	}
	for round := 0; round < 20; round++ {
		txo, err := ours.Tx(true)
		require.NoError(t, err)
		txt, err := theirs.Tx(true)
		require.NoError(t, err)
		// A failed check ends the test: its transactions must end before
		// the stores close, which would wait for them.
		t.Cleanup(func() { _, _ = txo.Close(), txt.Close() })
		for op := 0; op < 200; op++ {
			k := key()
			switch r.IntN(5) {
			case 0, 1:
				v := hkv.Value(fmt.Sprint(round, op))
				eo, et := txo.Put(k, v), txt.Put(k, v)
				require.Equal(t, et == nil, eo == nil, "put %q: %v / %v", k, eo, et)
			case 2:
				require.Equal(t, txt.Del(k) == nil, txo.Del(k) == nil)
			case 3:
				vo, eo := txo.Get(ctx, k)
				vt, et := txt.Get(ctx, k)
				require.Equal(t, vt, vo, "get %q", k)
				require.Equal(t, et, eo)
			default:
				pref := k[:1+r.IntN(len(k))]
				require.Equal(t, scan(txt, pref), scan(txo, pref), "scan %q", pref)
			}
		}
		if round%5 == 4 { // some rounds are rolled back
			require.NoError(t, txo.Close())
			require.NoError(t, txt.Close())
			continue
		}
		require.NoError(t, txo.Commit(ctx))
		require.NoError(t, txt.Commit(ctx))
	}
	ro, err := ours.Tx(false)
	require.NoError(t, err)
	defer ro.Close()
	rt, err := theirs.Tx(false)
	require.NoError(t, err)
	defer rt.Close()
	all := scan(rt, nil)
	require.NotEmpty(t, all)
	require.Equal(t, all, scan(ro, nil))
}
