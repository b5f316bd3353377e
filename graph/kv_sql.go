package graph

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/lib/pq"
)

// sqlKV keeps the fact index in a table of the graph's own PostgreSQL or
// CockroachDB database, so shard processes on several machines share it.
type sqlKV struct{ db *sql.DB }

const sqlKVTable = "policygraph_facts"

func openSQLKV(ctx context.Context, url string) (*sqlKV, error) {
	db, err := sql.Open("postgres", url)
	if err != nil {
		return nil, err
	}
	create := `CREATE TABLE IF NOT EXISTS ` + sqlKVTable + ` (k BYTEA PRIMARY KEY, v BYTEA NOT NULL)`
	if _, err := db.ExecContext(ctx, create); err != nil {
		// Shard processes starting together on a new database race to create
		// the table, and PostgreSQL lets the loser fail: look again.
		time.Sleep(200 * time.Millisecond)
		if _, err := db.ExecContext(ctx, create); err != nil {
			db.Close()
			return nil, err
		}
	}
	return &sqlKV{db: db}, nil
}

func (s *sqlKV) update(ctx context.Context, fn func(kvTx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	t := &sqlTx{ctx: ctx, tx: tx, pending: map[string][]byte{}}
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
	query := `SELECT k, v FROM ` + sqlKVTable + ` WHERE k >= $1 ORDER BY k`
	args := []any{prefix}
	if end := prefixEnd(prefix); end != nil {
		query = `SELECT k, v FROM ` + sqlKVTable + ` WHERE k >= $1 AND k < $2 ORDER BY k`
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

func (s *sqlKV) getMany(ctx context.Context, keys [][]byte, fn func(i int, v []byte) error) error {
	const chunk = 1000
	for start := 0; start < len(keys); start += chunk {
		part := keys[start:min(start+chunk, len(keys))]
		rows, err := s.db.QueryContext(ctx, `SELECT k, v FROM `+sqlKVTable+` WHERE k = ANY($1)`, pq.ByteaArray(part))
		if err != nil {
			return err
		}
		got := make(map[string][]byte, len(part))
		for rows.Next() {
			var k, v []byte
			if err := rows.Scan(&k, &v); err != nil {
				rows.Close()
				return err
			}
			got[string(k)] = v
		}
		rows.Close()
		if err := rows.Err(); err != nil {
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

func (s *sqlKV) close() error { return s.db.Close() }

// sqlTx buffers writes and sends them as a few multi-row statements.
type sqlTx struct {
	ctx     context.Context
	tx      *sql.Tx
	pending map[string][]byte // nil value: delete
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
