package queries_test

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/cayleygraph/quad"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/queries"
)

// hostileQueries are the queries of issue 14 that used to get the server
// OOM-killed, with the error each must now end with.
var hostileQueries = []struct {
	name, query string
}{
	{"doubling string", `var s="x"; while(true) s+=s;`},
	{"deep recursion", `function f(){f()} f()`},
	{"filled array", `var a=[]; for(var i=0;;i++) a.push("item "+i);`},
	{"arrays of a million", `var a=[]; while(true) a.push(new Array(1e6))`},
	{"recursion through a built-in", `function f(){ [1].forEach(f) } f()`},
}

// heapInUse is the live heap after a full collection.
func heapInUse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// TestRawMemoryBound runs every hostile query under a 64 MiB budget and a
// timeout long enough that only the memory bound can stop it: each ends
// with ErrMemory, the heap comes back to its level before the query, and
// a normal query still works after it.
func TestRawMemoryBound(t *testing.T) {
	if testing.Short() && raceEnabled {
		t.Skip("the race detector's shadow memory makes heap growth slow: covered without -race")
	}
	s := MustFixtureStore(t, graph.Options{Backend: graph.BackendMemstore})
	ctx := context.Background()
	for _, tt := range hostileQueries {
		t.Run(tt.name, func(t *testing.T) {
			before := heapInUse()
			res, err := queries.RunRaw(ctx, s, "gizmo", tt.query, queries.RawOptions{Timeout: 2 * time.Minute, MaxMemory: 64 << 20})
			require.ErrorIs(t, err, queries.ErrMemory)
			assert.NotNil(t, res)
			assert.Contains(t, err.Error(), "stopped")
			after := heapInUse()
			t.Logf("%s: %v; heap %d MiB before, %d MiB after", tt.name, err, before>>20, after>>20)
			assert.Less(t, after, before+32<<20, "the query's memory is released")

			ok, err := queries.Raw(ctx, s, "gizmo", `g.V("<https://policygraph.org/entity/italy>").Out("<https://policygraph.org/vocab/restricted>").All()`, 10, time.Second)
			require.NoError(t, err)
			require.Len(t, ok, 1)
		})
	}
}

// TestRawStopsBeforeReturning closes a bolt store right after a query was
// stopped at its timeout while it was walking the store: Gizmo's engine
// runs in a goroutine of its own, and used to keep reading the closed
// store (SIGSEGV in bolt, issue 18). RunRaw now waits for it.
func TestRawStopsBeforeReturning(t *testing.T) {
	var qs []quad.Quad
	for i := 0; i < 20000; i++ {
		qs = append(qs, quad.MakeIRI(fmt.Sprintf("n%d", i%2000), "p", fmt.Sprintf("n%d", (i*7)%2000), ""))
	}
	for i := 0; i < 5; i++ {
		s := MustFixtureStore(t, graph.Options{Backend: graph.BackendBolt, Path: filepath.Join(t.TempDir(), "store")})
		require.NoError(t, s.AddQuads(context.Background(), qs))
		_, err := queries.Raw(context.Background(), s, "gizmo", `while(true){ g.V().Out().Out().toArray() }`, 5, 50*time.Millisecond)
		require.ErrorIs(t, err, queries.ErrTimeout)
		require.NoError(t, s.Close())
		time.Sleep(20 * time.Millisecond) // a goroutine left running would touch the unmapped file now
	}
}

// TestRawResultBytes cuts the results at the byte bound, with a reason.
func TestRawResultBytes(t *testing.T) {
	s := MustFixtureStore(t, graph.Options{Backend: graph.BackendMemstore})
	ctx := context.Background()
	res, err := queries.RunRaw(ctx, s, "gizmo", `for (var i = 0; i < 1000; i++) g.Emit("`+strings.Repeat("x", 1000)+`")`, queries.RawOptions{Limit: 1000, MaxBytes: 10_000})
	require.NoError(t, err)
	assert.True(t, res.Truncated)
	assert.Contains(t, res.Reason, "10000 bytes")
	assert.LessOrEqual(t, res.Bytes, int64(10_000))
	assert.Len(t, res.Results, 9)

	res, err = queries.RunRaw(ctx, s, "gizmo", `g.V().All()`, queries.RawOptions{Limit: 2})
	require.NoError(t, err)
	assert.True(t, res.Truncated)
	assert.Equal(t, "limit of 2 results", res.Reason)
	assert.Len(t, res.Results, 2)

	res, err = queries.RunRaw(ctx, s, "gizmo", `g.V("<https://policygraph.org/entity/italy>").All()`, queries.RawOptions{})
	require.NoError(t, err)
	assert.False(t, res.Truncated)
	assert.Len(t, res.Results, 1)
}

// TestRawQueryText bounds the query text: the parsers recurse once per
// level of nesting on the Go stack, where an overflow is fatal. The deepest
// nesting that fits is an error, not a crash; longer text is refused.
func TestRawQueryText(t *testing.T) {
	if testing.Short() && raceEnabled {
		t.Skip("deep parser recursion is slow under the race detector")
	}
	s := MustFixtureStore(t, graph.Options{Backend: graph.BackendMemstore})
	ctx := context.Background()
	n := queries.MaxQueryBytes / 2
	res, err := queries.Raw(ctx, s, "gizmo", strings.Repeat("(", n-1)+"1"+strings.Repeat(")", n-1), 1, time.Minute)
	require.NoError(t, err)
	assert.Empty(t, res)
	_, err = queries.Raw(ctx, s, "graphql", strings.Repeat("{", queries.MaxQueryBytes), 1, time.Minute)
	require.ErrorIs(t, err, queries.ErrBadQuery)
	assert.Less(t, len(err.Error()), 1200, "the engine's message, which quotes the query, is clipped")

	_, err = queries.Raw(ctx, s, "gizmo", strings.Repeat("(", n+1)+"1"+strings.Repeat(")", n+1), 1, time.Minute)
	require.ErrorIs(t, err, queries.ErrBadQuery)
	assert.Contains(t, err.Error(), "at most 65536")
}

// BenchmarkRawGizmo measures a small Gizmo query, guard included.
func BenchmarkRawGizmo(b *testing.B) {
	s := MustFixtureStore(b, graph.Options{Backend: graph.BackendMemstore})
	ctx := context.Background()
	for b.Loop() {
		if _, err := queries.Raw(ctx, s, "gizmo", `g.V("<https://policygraph.org/entity/italy>").Out().All()`, 10, time.Second); err != nil {
			b.Fatal(err)
		}
	}
}

// TestRawGuard runs one-liners that made goja's built-ins (which never
// check for an interrupt) allocate or loop in proportion to an array's
// length: the first was a fatal out-of-memory error, the others used GBs
// or ran far past the timeout. Each is now a RangeError, at once.
func TestRawGuard(t *testing.T) {
	s := MustFixtureStore(t, graph.Options{Backend: graph.BackendMemstore})
	ctx := context.Background()
	for _, q := range []string{
		`g.Emit(new Array(4294967295))`,
		`g.V(new Array(400000000)).All()`,
		`g.V().Has("<p>", new Array(4e9)).All()`,
		`var a=[]; a.length=4294967295; a.join("xx")`,
		`var a=[]; a[4294967294]=1; a.indexOf(2)`,
		`new Array(1e8).join("x").length`,
		`"" + new Array(1e9)`,
		`Array.apply(null, {length: 1e9})`,
		`JSON.stringify({a: [new Array(4e9)]})`,
		`var s="x"; for(var i=0;i<21;i++) s+=s; s.split("")`,
	} {
		_, err := queries.RunRaw(ctx, s, "gizmo", q, queries.RawOptions{Timeout: time.Minute})
		require.ErrorIs(t, err, queries.ErrBadQuery, q)
		assert.Contains(t, err.Error(), "RangeError", q)
		assert.Contains(t, err.Error(), "at most 1000000 (policygraph query limit)", q)
		assert.NotContains(t, err.Error(), "tooBig", "no frame of the guard")
	}

	// Messages keep the query's own line numbers.
	_, err := queries.Raw(ctx, s, "gizmo", "var a = 1;\nx.y", 1, time.Second)
	require.ErrorIs(t, err, queries.ErrBadQuery)
	assert.Contains(t, err.Error(), "<eval>:2:1")
	_, err = queries.Raw(ctx, s, "gizmo", "g.V(\n", 1, time.Second)
	assert.Contains(t, err.Error(), "Line 2:1")
}

// TestRawGuardKeepsGizmo runs the Gizmo API through the guard's wrappers:
// paths given as arguments (morphisms, unions), callbacks and values.
func TestRawGuardKeepsGizmo(t *testing.T) {
	s := MustFixtureStore(t, graph.Options{Backend: graph.BackendMemstore})
	ctx := context.Background()
	const italy = `"<https://policygraph.org/entity/italy>"`
	tests := []struct{ query, want string }{
		{`var m = g.M().Out("<https://policygraph.org/vocab/restricted>"); g.V(` + italy + `).Follow(m).All()`, "entity/huawei"},
		{`g.V(` + italy + `).Out("<https://policygraph.org/vocab/restricted>").Or(g.V("<https://policygraph.org/entity/zte>")).All()`, "entity/zte"},
		{`g.V(` + italy + `).ForEach(function(d){ g.Emit({seen: d.id}) })`, `"seen":"<https://policygraph.org/entity/italy>"`},
		{`g.Emit(g.V(` + italy + `).ToArray().length)`, "1"},
		{`g.Emit(g.V(` + italy + `, "<https://policygraph.org/entity/germany>").Count())`, "2"},
		{`g.V(` + italy + `).Tag("c").Out("<https://policygraph.org/vocab/restricted>").Back("c").All()`, "entity/italy"},
		{`g.Emit([3,1,2].sort().join(","), JSON.stringify({a:[1]}), "a,b".split(","))`, `"1,2,3"`},
		{`graph.Vertex(` + italy + `).All()`, "entity/italy"},
	}
	for _, tt := range tests {
		res, err := queries.Raw(ctx, s, "gizmo", tt.query, 10, 5*time.Second)
		require.NoError(t, err, tt.query)
		var all []string
		for _, r := range res {
			all = append(all, string(r))
		}
		assert.Contains(t, strings.Join(all, " "), tt.want, tt.query)
	}
}

// TestRawCatastrophicRegexp runs a regular expression with exponential
// backtracking (the back-reference sends it to goja's backtracking
// engine), which used to run for ever in one built-in call, past any
// timeout: the match now gives up and counts as no match.
func TestRawCatastrophicRegexp(t *testing.T) {
	s := MustFixtureStore(t, graph.Options{Backend: graph.BackendMemstore})
	q := `var r = /^(a+)+\1$/; g.Emit(r.test("` + strings.Repeat("a", 40) + `!"))`
	res, err := queries.Raw(context.Background(), s, "gizmo", q, 1, time.Minute)
	require.NoError(t, err)
	require.Len(t, res, 1)
	assert.Equal(t, "false", string(res[0]))
}
