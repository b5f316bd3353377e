package graph

import (
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	graphlog "github.com/cayleygraph/cayley/graph/log"
	csql "github.com/cayleygraph/cayley/graph/sql"
	"github.com/cayleygraph/cayley/graph/sql/postgres"
	"github.com/lib/pq"
)

// postgresBatched is the Cayley quad store type the postgres backend opens
// with: Cayley's own PostgreSQL quad store, same tables and same reads,
// whose writes (its RunTx hook) send each transaction's nodes and quads as a
// few multi-row statements instead of one statement per node and per quad,
// and lock the shared node rows only at the end of the transaction.
//
// Cayley's postgres.RunTx upserts every node of a batch first (taking a row
// lock on each, in hash order: the relation IRIs, rdf:type and the entities
// every article names), then inserts the quads one by one, so shard
// processes writing at the same time wait for each other's whole
// transaction on those rows, and every node and quad is a round trip. Here a
// transaction (1) inserts the nodes that are new with no references (ON
// CONFLICT DO NOTHING: an existing node is neither changed nor locked; a
// Store commits them just before, see Store.createNodes),
// (2) inserts the quads (their foreign-key checks take KEY SHARE locks,
// which do not wait for other writers' reference counts), then (3) adds the
// references with Cayley's own upsert, rows in hash order. The tables end
// up exactly as postgres.RunTx leaves them (nodes with the same values and
// reference counts, quads in the same order); graph/write_sql_test.go
// compares them.
const postgresBatched = "policygraph-postgres"

func init() {
	csql.Register(postgresBatched, csql.Registration{
		// As github.com/cayleygraph/cayley/graph/sql/postgres registers
		// "postgres" (v0.7.7), but for RunTx and TxRetry.
		Driver:             "postgres",
		HashType:           `BYTEA`,
		BytesType:          `BYTEA`,
		HorizonType:        `BIGSERIAL`,
		TimeType:           `timestamp with time zone`,
		QueryDialect:       postgres.QueryDialect,
		ConditionalIndexes: true,
		FillFactor:         true,
		Error:              postgres.ConvError,
		Estimated: func(table string) string {
			return "SELECT reltuples::BIGINT AS estimate FROM pg_class WHERE relname='" + table + "';"
		},
		RunTx:   runPostgresBatched,
		TxRetry: retryPostgresTx,
	})
}

// useBatchedPostgres chooses postgresBatched for the postgres backend; the
// tests turn it off to compare with Cayley's own writes.
var useBatchedPostgres = true

// cayleySQLType is the Cayley quad store type a SQL backend opens.
func cayleySQLType(backend string) string {
	if backend == BackendPostgres && useBatchedPostgres {
		return postgresBatched
	}
	return backend
}

// pgNodeColumns are the value columns of Cayley's nodes table, in the order
// a node row is sent; csql.NodeValues fills the ones of its value's type.
var pgNodeColumns = []string{"hash", "value", "value_string", "datatype", "language", "iri", "bnode", "value_int", "value_bool", "value_float", "value_time"}

// pgNodeRows is the most node rows of one statement: PostgreSQL takes at
// most 65,535 parameters, and a row has refs and pgNodeColumns.
const pgNodeRows = 65535 / (1 + 11)

// runPostgresBatched is postgres.RunTx in three multi-row steps (see
// postgresBatched). nodes are sorted by hash (graphlog.SplitDeltas), so
// concurrent writers lock shared rows in the same order.
func runPostgresBatched(tx *sql.Tx, nodes []graphlog.NodeUpdate, quads []graphlog.QuadUpdate, opts cgraph.IgnoreOpts) error {
	rows, err := nodeRows(nodes)
	if err != nil {
		return err
	}
	if err := insertNodes(tx, rows, false); err != nil {
		return fmt.Errorf("insert %d nodes: %w", len(rows), err)
	}
	if err := insertQuads(tx, quads, opts.IgnoreDup); err != nil {
		return err
	}
	if err := fault("postgres: before references"); err != nil {
		return err
	}
	if err := insertNodes(tx, rows, true); err != nil {
		return fmt.Errorf("count references of %d nodes: %w", len(rows), err)
	}
	return nil
}

// nodeRows turns node updates into rows of refs and pgNodeColumns, with the
// values csql.NodeValues gives postgres.RunTx.
func nodeRows(nodes []graphlog.NodeUpdate) ([][]any, error) {
	col := make(map[string]int, len(pgNodeColumns))
	for i, c := range pgNodeColumns {
		col[c] = i
	}
	rows := make([][]any, len(nodes))
	for i, n := range nodes {
		if n.RefInc < 0 {
			return nil, fmt.Errorf("graph: node %x: unexpected reference decrement %d", n.Hash[:], n.RefInc)
		}
		typ, values, err := csql.NodeValues(csql.NodeHash{ValueHash: n.Hash}, n.Val)
		if err != nil {
			return nil, err
		}
		row := make([]any, 1+len(pgNodeColumns))
		row[0] = n.RefInc
		row[1] = values[0] // the hash
		for j, c := range typ.Columns() {
			row[1+col[c]] = values[1+j]
		}
		rows[i] = row
	}
	return rows, nil
}

// createNodes inserts the nodes of quads about to be added that are not in
// the database yet, with no references, in a statement of their own before
// the write's transaction: another writer adding the same new node (a
// date, an entity) then waits for this statement instead of this whole
// transaction (step 1 of runPostgresBatched waits for a conflicting insert
// to commit). A node with no references left behind (a write that then
// fails, or a crash) is as Cayley leaves a node whose quads were all
// deleted after duplicates were added: reads find nothing through it, and
// the next write that deletes quads drops it. It does nothing on other
// backends.
func (s *Store) createNodes(adds []cgraph.Delta) error {
	kv, ok := s.index.kv.(*sqlKV)
	if !ok || cayleySQLType(s.opts.Backend) != postgresBatched || len(adds) == 0 {
		return nil
	}
	rows, err := nodeRows(graphlog.SplitDeltas(adds).IncNode)
	if err != nil {
		return err
	}
	if err := insertNodes(kv.db, rows, false); err != nil {
		return fmt.Errorf("graph: insert %d nodes: %w", len(rows), err)
	}
	return nil
}

// execer is what sql.DB and sql.Tx share for statements without results.
type execer interface {
	Exec(query string, args ...any) (sql.Result, error)
}

// insertNodes inserts node rows (refs first, then pgNodeColumns), in
// order, pgNodeRows a statement. Without refs, the nodes not in the table
// yet are inserted with no references and existing ones are left alone;
// with refs, each row's refs are added, as postgres.RunTx does.
func insertNodes(tx execer, rows [][]any, refs bool) error {
	for len(rows) > 0 {
		n := min(pgNodeRows, len(rows))
		var q strings.Builder
		q.WriteString(`INSERT INTO nodes(refs, ` + strings.Join(pgNodeColumns, ", ") + `) VALUES `)
		args := make([]any, 0, n*(1+len(pgNodeColumns)))
		for i, row := range rows[:n] {
			if i > 0 {
				q.WriteByte(',')
			}
			q.WriteByte('(')
			vals := row
			if !refs {
				q.WriteString("0,")
				vals = row[1:]
			}
			for j := range vals {
				if j > 0 {
					q.WriteByte(',')
				}
				q.WriteByte('$')
				q.WriteString(strconv.Itoa(len(args) + j + 1))
			}
			q.WriteByte(')')
			args = append(args, vals...)
		}
		if refs {
			q.WriteString(` ON CONFLICT (hash) DO UPDATE SET refs = nodes.refs + EXCLUDED.refs`)
		} else {
			q.WriteString(` ON CONFLICT (hash) DO NOTHING`)
		}
		if _, err := tx.Exec(q.String(), args...); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

// insertQuads inserts quads in order, in one statement that takes the
// subjects, predicates, objects and labels as four arrays; with ignoreDup,
// quads already stored are skipped, else one is an error, as in
// postgres.RunTx. A quad without a label is sent with an empty one (no
// hash is empty) and stored with NULL, as postgres.RunTx stores it.
func insertQuads(tx execer, quads []graphlog.QuadUpdate, ignoreDup bool) error {
	if len(quads) == 0 {
		return nil
	}
	var cols [4]pq.ByteaArray
	for i := range cols {
		cols[i] = make(pq.ByteaArray, len(quads))
	}
	for i, d := range quads {
		if d.Del {
			return fmt.Errorf("graph: unexpected quad delete among adds")
		}
		for j, h := range d.Quad.Dirs() {
			if h.Valid() {
				cols[j][i] = h[:]
			}
		}
	}
	q := `INSERT INTO quads(subject_hash, predicate_hash, object_hash, label_hash, ts)
		SELECT s, p, o, NULLIF(l, ''::bytea), now() FROM unnest($1::bytea[], $2::bytea[], $3::bytea[], $4::bytea[]) AS t(s, p, o, l)`
	if ignoreDup {
		q += ` ON CONFLICT DO NOTHING`
	}
	if _, err := tx.Exec(q, cols[0], cols[1], cols[2], cols[3]); err != nil {
		var pe *pq.Error
		if errors.As(err, &pe) && pe.Code == "23505" {
			return &cgraph.DeltaError{Err: cgraph.ErrQuadExists}
		}
		return fmt.Errorf("insert %d quads: %w", len(quads), err)
	}
	return nil
}

// pgWriteTries bounds how often a write transaction is retried after a
// conflict with another writer.
const pgWriteTries = 5

// retryPostgresTx runs a write transaction's statements from a savepoint,
// and runs them again from it when they lost a conflict with another
// writer: a deadlock (a writer replacing articles drops references to the
// nodes another is adding references to, and the two lock the rows in
// different steps), or a node deleted by another writer between steps (1)
// and (2) of runPostgresBatched, which fails a foreign key.
func retryPostgresTx(tx *sql.Tx, stmts func() error) error {
	if _, err := tx.Exec(`SAVEPOINT policygraph_write`); err != nil {
		return err
	}
	for try := 1; ; try++ {
		err := stmts()
		if err == nil || try == pgWriteTries || !lostConflict(err) {
			return err
		}
		if _, rerr := tx.Exec(`ROLLBACK TO SAVEPOINT policygraph_write`); rerr != nil {
			return errors.Join(err, rerr)
		}
		time.Sleep(time.Duration(try*try) * 10 * time.Millisecond)
	}
}

// lostConflict reports whether err is PostgreSQL ending a statement
// because of another transaction: running it again may succeed.
func lostConflict(err error) bool {
	var pe *pq.Error
	if !errors.As(err, &pe) {
		return false
	}
	switch pe.Code {
	case "40P01", // deadlock_detected
		"40001", // serialization_failure
		"23503": // foreign_key_violation: a node deleted meanwhile
		return true
	}
	return false
}
