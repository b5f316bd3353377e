package graph

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	csql "github.com/cayleygraph/cayley/graph/sql"
	"github.com/cayleygraph/quad"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/policygraph/policygraph/corpus"
	"github.com/policygraph/policygraph/domain"
	"github.com/policygraph/policygraph/extract"
	"github.com/policygraph/policygraph/internal/pgtest"
	"github.com/policygraph/policygraph/synth"
)

// synthExtractions extracts a generated corpus of n articles as ingest does.
func synthExtractions(t *testing.T, n int) []Extraction {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "corpus")
	_, err := synth.Write(dir, synth.Options{Articles: n, Seed: 7})
	require.NoError(t, err)
	ex, err := extract.New(extract.Options{})
	require.NoError(t, err)
	var out []Extraction
	require.NoError(t, corpus.Walk(context.Background(), []string{dir}, corpus.Options{}, func(a corpus.Article) error {
		art := Article{ID: a.ID, Title: a.Title, URL: a.URL, Published: a.Published, DateSource: a.DateSource}
		art.Hash = ContentHash(a.Text, art, extract.Version)
		facts, err := ex.Extract(extract.Document{Name: a.ID, Text: a.Text, Published: a.Published, Title: a.Title})
		if err != nil {
			return err
		}
		out = append(out, Extraction{Article: art, Facts: facts, Entities: ex.Entities(facts)})
		return nil
	}, nil))
	sort.Slice(out, func(i, j int) bool { return out[i].Article.ID < out[j].Article.ID })
	require.Len(t, out, n)
	return out
}

// changed is a new version of an article: another hash, half its facts.
func changed(x Extraction) Extraction {
	x.Article.Hash += "-v2"
	x.Article.Title += " (updated)"
	x.Facts = x.Facts[:len(x.Facts)/2]
	return x
}

// oddValues are quads of every value type Cayley's SQL tables store, with
// and without a label, and a duplicate.
func oddValues() []quad.Quad {
	ex := func(s string) quad.IRI { return quad.IRI("http://example.org/" + s) }
	g := ex("g")
	return []quad.Quad{
		quad.Make(ex("x"), ex("int"), quad.Int(-42), nil),
		quad.Make(ex("x"), ex("float"), quad.Float(0.1), g),
		quad.Make(ex("x"), ex("bool"), quad.Bool(true), g),
		quad.Make(ex("x"), ex("time"), quad.Time(time.Date(2021, 3, 4, 5, 6, 7, 8000, time.UTC)), nil),
		quad.Make(ex("x"), ex("lang"), quad.LangString{Value: "Huawei", Lang: "de"}, g),
		quad.Make(ex("x"), ex("typed"), quad.TypedString{Value: "2020-10-24", Type: "http://www.w3.org/2001/XMLSchema#date"}, g),
		quad.Make(quad.BNode("b1"), ex("string"), quad.String("quote \" backslash \\ nul \x00 end, ünïcode"), nil),
		quad.Make(ex("x"), ex("int"), quad.Int(-42), nil),
	}
}

// writeHistory writes to s what an archive's life does: batches of new
// articles, overlapping batches (unchanged articles, an article twice in
// a batch), changed articles, a deletion and an import of odd values.
func writeHistory(t *testing.T, s *Store, xs []Extraction) {
	t.Helper()
	ctx := context.Background()
	_, err := s.Write(ctx, xs[:40])
	require.NoError(t, err)
	res, err := s.Write(ctx, append(append([]Extraction{}, xs[30:80]...), xs[35]))
	require.NoError(t, err)
	require.Equal(t, 40, res.New)
	res, err = s.Write(ctx, []Extraction{changed(xs[5]), changed(xs[6]), xs[7]})
	require.NoError(t, err)
	require.Equal(t, 2, res.Changed)
	ok, err := s.DeleteArticle(ctx, xs[8].Article.ID)
	require.NoError(t, err)
	require.True(t, ok)
	odd := oddValues()
	_, err = s.Import(ctx, func() (quad.Quad, error) {
		if len(odd) == 0 {
			return quad.Quad{}, io.EOF
		}
		q := odd[0]
		odd = odd[1:]
		return q, nil
	})
	require.NoError(t, err)
	_, err = s.Write(ctx, xs[80:])
	require.NoError(t, err)
}

// sqlDB is the database a SQL store's fact index is in: the graph's.
func sqlDB(s *Store) *sql.DB { return s.index.kv.(*sqlKV).db }

// tableRows prints every row a query returns, one string a row.
func tableRows(t *testing.T, db *sql.DB, query string) []string {
	t.Helper()
	rows, err := db.Query(query)
	require.NoError(t, err)
	defer rows.Close()
	cols, err := rows.Columns()
	require.NoError(t, err)
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		require.NoError(t, rows.Scan(ptrs...))
		var b strings.Builder
		for i, v := range vals {
			if t, ok := v.(time.Time); ok {
				v = t.UTC().Format(time.RFC3339Nano)
			}
			fmt.Fprintf(&b, "%s=%q ", cols[i], fmt.Sprint(v))
		}
		out = append(out, b.String())
	}
	require.NoError(t, rows.Err())
	return out
}

// The batched write path leaves Cayley's tables exactly as Cayley's own
// postgres writes do (every node with its values and reference count, every
// quad in the same order), and Cayley reads back the same graph as from the
// in-memory store.
func TestBatchedPostgresWritesWhatCayleyWrites(t *testing.T) {
	u := postgresURL(t)
	ctx := context.Background()
	xs := synthExtractions(t, 100)

	open := func(t *testing.T, opts Options, batched bool) *Store {
		old := useBatchedPostgres
		useBatchedPostgres = batched
		defer func() { useBatchedPostgres = old }()
		s, err := Open(ctx, opts)
		require.NoError(t, err)
		t.Cleanup(func() { _ = s.Close() })
		return s
	}
	mem := open(t, Options{Backend: BackendMemstore}, false)
	cayleys := open(t, Options{Backend: BackendPostgres, Path: pgtest.MustFreshDatabase(t, u)}, false)
	ours := open(t, Options{Backend: BackendPostgres, Path: pgtest.MustFreshDatabase(t, u)}, true)
	for _, s := range []*Store{mem, cayleys, ours} {
		writeHistory(t, s, xs)
	}
	require.NoError(t, cayleys.Close())
	require.NoError(t, ours.Close()) // clears the pending marks

	reopened, cayleys := open(t, ours.opts, true), open(t, cayleys.opts, false)
	want := dumpSorted(t, mem)
	assert.Equal(t, want, dumpSorted(t, cayleys), "Cayley's own writes")
	assert.Equal(t, want, dumpSorted(t, reopened), "batched writes")
	diffs, err := reopened.CheckIndex(ctx)
	require.NoError(t, err)
	assert.Empty(t, diffs)
	n, err := reopened.articleQuads(ctx, xs[5].Article.ID)
	require.NoError(t, err)
	m, err := mem.articleQuads(ctx, xs[5].Article.ID)
	require.NoError(t, err)
	assert.ElementsMatch(t, m, n, "a changed article read back through Cayley's iterators")

	for _, q := range []string{
		`SELECT * FROM nodes ORDER BY hash`,
		`SELECT horizon, subject_hash, predicate_hash, object_hash, label_hash FROM quads ORDER BY horizon`,
		`SELECT k, v FROM ` + sqlKVTable + ` ORDER BY k`,
	} {
		a, b := tableRows(t, sqlDB(cayleys), q), tableRows(t, sqlDB(reopened), q)
		require.NotEmpty(t, a)
		assert.Equal(t, a, b, q)
	}
}

func dumpSorted(t *testing.T, s *Store) []string {
	t.Helper()
	var out []string
	require.NoError(t, s.EachQuad(context.Background(), func(q quad.Quad) error {
		out = append(out, q.String())
		return nil
	}))
	sort.Strings(out)
	require.NotEmpty(t, out)
	return out
}

// A write that deadlocks with another transaction (one dropping the last
// reference to a node the write has just referenced, while holding a node
// the write counts next) is the one PostgreSQL cancels; it starts again
// from its savepoint, puts back the node the other dropped meanwhile, and
// stores what it would have stored alone.
func TestBatchedPostgresWriteRetriesALostDeadlock(t *testing.T) {
	u := postgresURL(t)
	ctx := context.Background()
	s, err := Open(ctx, Options{Backend: BackendPostgres, Path: pgtest.MustFreshDatabase(t, u)})
	require.NoError(t, err)
	defer s.Close()
	xs := manyArticles(6)
	_, err = s.Write(ctx, xs[:3])
	require.NoError(t, err)

	db := sqlDB(s)
	counted := csql.HashOf(PredType).SQLValue()                     // in both writes: held by the other
	dropped := csql.HashOf(ArticleIRI(xs[3].Article.ID)).SQLValue() // new: unreferenced until the write counts it
	var calls int
	var skip string
	otherDone := make(chan error, 1)
	setFault(t, func(point string) error {
		if point != "postgres: before references" {
			return nil
		}
		if calls++; calls > 1 {
			return nil
		}
		other, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		// The other transaction waits long enough for this write to find
		// the deadlock first.
		if _, err := other.Exec(`SET LOCAL deadlock_timeout = '60s'`); err != nil {
			skip = "cannot set deadlock_timeout (needs a superuser): " + err.Error()
			return other.Rollback()
		}
		if _, err := other.Exec(`UPDATE nodes SET refs = refs WHERE hash = $1`, counted); err != nil {
			return err
		}
		go func() {
			_, err := other.Exec(`DELETE FROM nodes WHERE hash = $1 AND refs <= 0`, dropped)
			if err != nil {
				_ = other.Rollback()
				otherDone <- err
				return
			}
			otherDone <- other.Commit()
		}()
		for start := time.Now(); time.Since(start) < 10*time.Second; time.Sleep(10 * time.Millisecond) {
			var waiting bool
			err := db.QueryRow(`SELECT count(*) > 0 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'DELETE FROM nodes%'`).Scan(&waiting)
			if err != nil || waiting {
				return err
			}
		}
		return fmt.Errorf("the other transaction's delete never waited for this write")
	})
	_, err = s.Write(ctx, xs[3:])
	if skip != "" {
		t.Skip(skip)
	}
	require.NoError(t, err)
	require.NoError(t, <-otherDone)
	assert.Equal(t, 2, calls, "the write ran its statements twice")

	mem, err := Open(ctx, Options{Backend: BackendMemstore})
	require.NoError(t, err)
	defer mem.Close()
	_, err = mem.Write(ctx, xs[:3])
	require.NoError(t, err)
	_, err = mem.Write(ctx, xs[3:])
	require.NoError(t, err)
	assert.Equal(t, dumpSorted(t, mem), dumpSorted(t, s))
	var refs int
	require.NoError(t, db.QueryRow(`SELECT refs FROM nodes WHERE hash = $1`, dropped).Scan(&refs))
	assert.Positive(t, refs, "the node the other transaction dropped is back, counted")
	mustAgree(t, s)
}

// Writers on one database, one replacing its articles again and again
// while the other adds articles naming the same entities, end with the
// graph one writer makes: adds and drops of references to the shared
// nodes interleave, and a write that loses a deadlock is run again.
func TestBatchedPostgresWritersReplacingAndAdding(t *testing.T) {
	u := postgresURL(t)
	ctx := context.Background()
	url := pgtest.MustFreshDatabase(t, u)
	countries := []string{"Italy", "France", "Spain", "Poland", "Canada", "Japan"}
	vendors := []string{"Huawei", "ZTE", "Hikvision"}
	article := func(id string, version, i int) Extraction {
		c, v := countries[(i+version)%len(countries)], vendors[(i+version)%len(vendors)]
		return extraction(id, fmt.Sprintf("h%d", version),
			domain.Fact{Subject: c, Relation: domain.Banned, Target: v, Modality: domain.Asserted, Sentence: fmt.Sprintf("%s banned %s (%s v%d).", c, v, id, version)},
			domain.Fact{Subject: countries[(i+1)%len(countries)], Relation: domain.DeclinedToBan, Target: v, Modality: domain.Asserted, Sentence: fmt.Sprintf("No ban (%s v%d).", id, version)})
	}
	const rounds = 6
	var replacing, adding []Extraction
	for i := range 10 {
		replacing = append(replacing, article(fmt.Sprintf("r%02d.txt", i), rounds-1, i))
	}
	for i := range 60 {
		adding = append(adding, article(fmt.Sprintf("n%02d.txt", i), 0, i))
	}

	var wg sync.WaitGroup
	errs := make([]error, 2)
	wg.Add(2)
	go func() {
		defer wg.Done()
		s, err := Open(ctx, Options{Backend: BackendPostgres, Path: url})
		if err != nil {
			errs[0] = err
			return
		}
		defer s.Close()
		for v := range rounds {
			batch := make([]Extraction, 10)
			for i := range batch {
				batch[i] = article(fmt.Sprintf("r%02d.txt", i), v, i)
			}
			if _, err := s.Write(ctx, batch); err != nil {
				errs[0] = err
				return
			}
		}
	}()
	go func() {
		defer wg.Done()
		s, err := Open(ctx, Options{Backend: BackendPostgres, Path: url})
		if err != nil {
			errs[1] = err
			return
		}
		defer s.Close()
		for i := 0; i < len(adding); i += 5 {
			if _, err := s.Write(ctx, adding[i:i+5]); err != nil {
				errs[1] = err
				return
			}
		}
	}()
	wg.Wait()
	require.NoError(t, errs[0], "the writer replacing articles")
	require.NoError(t, errs[1], "the writer adding articles")

	mem, err := Open(ctx, Options{Backend: BackendMemstore})
	require.NoError(t, err)
	defer mem.Close()
	_, err = mem.Write(ctx, append(replacing, adding...))
	require.NoError(t, err)
	s, err := Open(ctx, Options{Backend: BackendPostgres, Path: url})
	require.NoError(t, err)
	defer s.Close()
	assert.Equal(t, dumpSorted(t, mem), dumpSorted(t, s))
	mustAgree(t, s)
}
