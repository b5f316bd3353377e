package graph

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	"github.com/lib/pq"
)

// sqlKV keeps the fact index in a table of the graph's own PostgreSQL or
// CockroachDB database, so shard processes on several machines share it.
type sqlKV struct {
	db    *sql.DB
	locks bool // the database has advisory locks (PostgreSQL, not CockroachDB)
	// id and idLock: with advisory locks, this writer's own lock, held on a
	// connection of its own while the store is open (see ownerLocker).
	id     int64
	idLock func()
}

const sqlKVTable = "policygraph_facts"

// Advisory lock keys (database-wide in PostgreSQL): one serialises schema
// creation, one rebuilds of the fact index, one the updates of its
// counters (see sqlTx.lockCounters).
const (
	schemaLockKey  int64 = 0x70676b7601 // "pgkv" 1
	rebuildLockKey int64 = 0x70676b7602
	counterLockKey int64 = 0x70676b7603
)

// createSQLKVTable creates the fact index's table (see withSchemaLock).
func createSQLKVTable(ctx context.Context, db *sql.DB) error {
	_, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS `+sqlKVTable+` (k BYTEA PRIMARY KEY, v BYTEA NOT NULL)`)
	return err
}

func openSQLKV(ctx context.Context, url string, locks bool) (*sqlKV, error) {
	db, err := sql.Open("postgres", url)
	if err != nil {
		return nil, err
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, err
	}
	kv := &sqlKV{db: db, locks: locks}
	if locks {
		// A random key, far from the fixed ones: writers tell their marks
		// apart by it.
		kv.id = int64(rand.Uint64()>>2) | 1<<61
		if kv.idLock, err = advisoryLock(ctx, db, kv.id); err != nil {
			db.Close()
			return nil, err
		}
	}
	return kv, nil
}

// owner is this writer's lock key; 0 without advisory locks.
func (s *sqlKV) owner() int64 { return s.id }

func (s *sqlKV) ownerAlive(ctx context.Context, owner int64) (bool, error) {
	if owner == s.id {
		return true, nil
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return false, err
	}
	defer conn.Close()
	var got bool
	if err := conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock($1)`, owner).Scan(&got); err != nil {
		return false, err
	}
	if got {
		_, err = conn.ExecContext(ctx, `SELECT pg_advisory_unlock($1)`, owner)
	}
	return !got, err
}

// withSchemaLock runs fn holding the schema lock, so that processes opening
// a new database together do not create its tables concurrently: PostgreSQL
// lets all but one such CREATE TABLE fail ("duplicate key value violates
// unique constraint pg_type_typname_nsp_index"), even with IF NOT EXISTS.
// Without advisory locks (CockroachDB), fn is retried after such a failure.
func withSchemaLock(ctx context.Context, url string, locks bool, fn func(db *sql.DB) error) error {
	db, err := sql.Open("postgres", url)
	if err != nil {
		return err
	}
	defer db.Close()
	if !locks {
		for try := 0; ; try++ {
			err := fn(db)
			if err == nil || try == 4 || !isCreateRace(err) {
				return err
			}
			time.Sleep(time.Duration(100*(try+1)) * time.Millisecond)
		}
	}
	unlock, err := advisoryLock(ctx, db, schemaLockKey)
	if err != nil {
		return err
	}
	defer unlock()
	return fn(db)
}

// isCreateRace reports whether err is what a concurrent CREATE TABLE of the
// same table gives the loser.
func isCreateRace(err error) bool {
	var pe *pq.Error
	if errors.As(err, &pe) {
		return pe.Code == "23505" || pe.Code == "42P07" || pe.Code == "40001"
	}
	return strings.Contains(err.Error(), "pg_type_typname_nsp_index")
}

// advisoryLock takes a session-level advisory lock on a connection of its
// own, held until the returned function is called.
func advisoryLock(ctx context.Context, db *sql.DB, key int64) (func(), error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, key); err != nil {
		conn.Close()
		return nil, err
	}
	return func() {
		_, _ = conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock($1)`, key)
		conn.Close()
	}, nil
}

// lock takes one of the advisory locks (a no-op without them).
func (s *sqlKV) lock(ctx context.Context, key int64) (func(), error) {
	if !s.locks {
		return func() {}, nil
	}
	return advisoryLock(ctx, s.db, key)
}

func (s *sqlKV) update(ctx context.Context, fn func(kvTx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	t := &sqlTx{ctx: ctx, tx: tx, pending: map[string][]byte{}, locks: s.locks}
	if err := fn(t); err != nil {
		tx.Rollback()
		return err
	}
	if err := t.flush(); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// querier is what sql.DB and sql.Tx share.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func sqlScan(ctx context.Context, q querier, prefix []byte, fn func(k, v []byte) error) error {
	return sqlScanIn(ctx, q, prefix, "", fn)
}

// sqlScanIn is sqlScan in the order given: "" (by key) or " DESC".
func sqlScanIn(ctx context.Context, q querier, prefix []byte, order string, fn func(k, v []byte) error) error {
	query := `SELECT k, v FROM ` + sqlKVTable + ` WHERE k >= $1 ORDER BY k` + order
	args := []any{prefix}
	if end := prefixEnd(prefix); end != nil {
		query = `SELECT k, v FROM ` + sqlKVTable + ` WHERE k >= $1 AND k < $2 ORDER BY k` + order
		args = append(args, end)
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k, v []byte
		if err := rows.Scan(&k, &v); err != nil {
			return err
		}
		if err := fn(k, v); err != nil {
			return err
		}
	}
	return rows.Err()
}

func (s *sqlKV) scan(ctx context.Context, prefix []byte, fn func(k, v []byte) error) error {
	return sqlScan(ctx, s.db, prefix, fn)
}

func (s *sqlKV) scanBackward(ctx context.Context, prefix []byte, fn func(k, v []byte) error) error {
	return sqlScanIn(ctx, s.db, prefix, " DESC", fn)
}

func (s *sqlKV) getMany(ctx context.Context, keys [][]byte, fn func(i int, v []byte) error) error {
	const chunk = 1000
	for start := 0; start < len(keys); start += chunk {
		part := keys[start:min(start+chunk, len(keys))]
		got, err := selectKeys(ctx, s.db, part)
		if err != nil {
			return err
		}
		for i, k := range part {
			if err := fn(start+i, got[string(k)]); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *sqlKV) close() error {
	if s.idLock != nil {
		s.idLock()
	}
	return s.db.Close()
}

// sqlTx buffers writes and sends them as a few multi-row statements.
type sqlTx struct {
	ctx     context.Context
	tx      *sql.Tx
	pending map[string][]byte // nil value: delete
	locks   bool              // see sqlKV.locks
}

func (t *sqlTx) put(k, v []byte) error {
	if v == nil {
		v = []byte{}
	}
	t.pending[string(k)] = v
	return nil
}

func (t *sqlTx) del(k []byte) error {
	t.pending[string(k)] = nil
	return nil
}

func (t *sqlTx) scan(prefix []byte, fn func(k, v []byte) error) error {
	if err := t.flush(); err != nil {
		return err
	}
	// One statement at a time on a transaction: read all rows first.
	return collectThen(func(keep func(k, v []byte) error) error {
		return sqlScan(t.ctx, t.tx, prefix, keep)
	}, fn)
}

// flush sends the buffered deletes, then the puts as upserts in chunks.
func (t *sqlTx) flush() error {
	if len(t.pending) == 0 {
		return nil
	}
	keys := make([]string, 0, len(t.pending))
	for k := range t.pending {
		keys = append(keys, k)
	}
	sort.Strings(keys) // a stable lock order between concurrent writers
	var dels [][]byte
	var puts []string
	for _, k := range keys {
		if t.pending[k] == nil {
			dels = append(dels, []byte(k))
		} else {
			puts = append(puts, k)
		}
	}
	if len(dels) > 0 {
		if _, err := t.tx.ExecContext(t.ctx, `DELETE FROM `+sqlKVTable+` WHERE k = ANY($1)`, pq.ByteaArray(dels)); err != nil {
			return fmt.Errorf("delete %d index keys: %w", len(dels), err)
		}
	}
	const chunk = 500
	for len(puts) > 0 {
		n := min(chunk, len(puts))
		var q strings.Builder
		q.WriteString(`INSERT INTO ` + sqlKVTable + ` (k, v) VALUES `)
		args := make([]any, 0, 2*n)
		for i, k := range puts[:n] {
			if i > 0 {
				q.WriteByte(',')
			}
			fmt.Fprintf(&q, "($%d,$%d)", 2*i+1, 2*i+2)
			args = append(args, []byte(k), t.pending[k])
		}
		q.WriteString(` ON CONFLICT (k) DO UPDATE SET v = excluded.v`)
		if _, err := t.tx.ExecContext(t.ctx, q.String(), args...); err != nil {
			return fmt.Errorf("write %d index keys: %w", n, err)
		}
		puts = puts[n:]
	}
	t.pending = map[string][]byte{}
	return nil
}

// getMany reads the transaction's view of the keys, in one statement.
func (t *sqlTx) getMany(keys [][]byte, fn func(i int, v []byte) error) error {
	if err := t.flush(); err != nil {
		return err
	}
	got, err := selectKeys(t.ctx, t.tx, keys)
	if err != nil {
		return err
	}
	for i, k := range keys {
		if err := fn(i, got[string(k)]); err != nil {
			return err
		}
	}
	return nil
}

// lockCounters makes the transaction the only one, among every process
// writing the index, that reads and writes its counters until it ends
// (PostgreSQL: a transaction-level advisory lock; CockroachDB's
// serializable transactions need none): a read-add-write of a counter by
// two writers at once would lose one's addition.
// The transaction's buffered writes are sent first, so that the lock is
// held for the counters' own statements and the commit only.
func (t *sqlTx) lockCounters() error {
	if !t.locks {
		return nil
	}
	if err := t.flush(); err != nil {
		return err
	}
	_, err := t.tx.ExecContext(t.ctx, `SELECT pg_advisory_xact_lock($1)`, counterLockKey)
	return err
}

// selectKeys reads the values of keys, in one statement, from a database
// or a transaction; an absent key has no entry.
func selectKeys(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, keys [][]byte) (map[string][]byte, error) {
	rows, err := q.QueryContext(ctx, `SELECT k, v FROM `+sqlKVTable+` WHERE k = ANY($1)`, pq.ByteaArray(keys))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	got := make(map[string][]byte, len(keys))
	for rows.Next() {
		var k, v []byte
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		got[string(k)] = v
	}
	return got, rows.Err()
}
