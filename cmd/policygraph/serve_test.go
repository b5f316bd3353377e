package main

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// syncBuffer is a bytes.Buffer safe for a server goroutine and a test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

var servingRe = regexp.MustCompile(`serving http://([^/]+)/`)

// MustServe starts `policygraph serve` on a free loopback port with a
// memstore filled from an empty corpus, and returns its base URL and the
// function that stops it (with the exit code).
func MustServe(tb testing.TB, env map[string]string, args ...string) (string, func() int) {
	tb.Helper()
	dir := tb.TempDir()
	require.NoError(tb, os.Mkdir(filepath.Join(dir, "corpus"), 0o755))
	tb.Chdir(dir)
	e := map[string]string{"POLICYGRAPH_STORE_BACKEND": "memstore", "POLICYGRAPH_CORPUS_DIR": "corpus"}
	for k, v := range env {
		e[k] = v
	}
	ctx, cancel := context.WithCancel(context.Background())
	var errb syncBuffer
	codec := make(chan int, 1)
	go func() {
		codec <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), bytes.NewReader(nil), &bytes.Buffer{}, &errb, func(k string) string { return e[k] })
	}()
	deadline := time.Now().Add(30 * time.Second)
	for {
		if m := servingRe.FindStringSubmatch(errb.String()); m != nil {
			stop := func() int { cancel(); return <-codec }
			tb.Cleanup(func() { cancel() })
			return "http://" + m[1], stop
		}
		select {
		case code := <-codec:
			cancel()
			tb.Fatalf("serve exited with %d before serving: %s", code, errb.String())
		default:
		}
		if time.Now().After(deadline) {
			cancel()
			tb.Fatalf("serve did not start: %s", errb.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func status(tb testing.TB, url, token string) int {
	tb.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	require.NoError(tb, err)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(tb, err)
	res.Body.Close()
	return res.StatusCode
}

func TestServeStartsAndStops(t *testing.T) {
	base, stop := MustServe(t, nil)
	assert.Equal(t, http.StatusOK, status(t, base+"/healthz", ""))
	assert.Equal(t, http.StatusOK, status(t, base+"/", ""))
	assert.Equal(t, http.StatusOK, status(t, base+"/api/ask", ""))
	assert.Equal(t, exitOK, stop(), "a cancelled context (Ctrl-C) is a graceful stop")
	_, err := http.Get(base + "/healthz")
	assert.Error(t, err, "stopped")
}

func TestServeToken(t *testing.T) {
	const token = "9f86d081884c7d659a2feaa0c55ad015"
	base, stop := MustServe(t, map[string]string{"POLICYGRAPH_SERVER_TOKEN": token})
	assert.Equal(t, http.StatusUnauthorized, status(t, base+"/api/ask", ""))
	assert.Equal(t, http.StatusOK, status(t, base+"/api/ask", token))
	assert.Equal(t, exitOK, stop())
}

// TestServeWeakToken refuses a token that is set but weak, at startup and
// before opening the store.
func TestServeWeakToken(t *testing.T) {
	for _, token := range []string{"x", " ", "        \t        ", "aaaaaaaaaaaaaaaaaaaaaaaa", "s3cret"} {
		env := map[string]string{"POLICYGRAPH_STORE_BACKEND": "memstore", "POLICYGRAPH_SERVER_TOKEN": token}
		code, _, errOut := MustRun(t, t.TempDir(), env, "serve", "--addr", "0.0.0.0:0")
		assert.Equal(t, exitUsage, code, "%q: %s", token, errOut)
		assert.Contains(t, errOut, "server.token is too weak", "%q", token)
		assert.Contains(t, errOut, "POLICYGRAPH_SERVER_TOKEN", "names where it came from")
		assert.NotContains(t, errOut, "serving")
	}
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "config.yaml"), []byte("server:\n  token: short\n"), 0o644))
	code, _, errOut := MustRun(t, dir, map[string]string{"POLICYGRAPH_STORE_BACKEND": "memstore"}, "serve")
	assert.Equal(t, exitUsage, code, errOut)
	assert.Contains(t, errOut, "from file config.yaml")
}

// TestLockHintNamesServer starts a server on a bolt store at a random port:
// a second command on the store is told that address, not the default.
func TestLockHintNamesServer(t *testing.T) {
	store := filepath.Join(t.TempDir(), "store")
	env := map[string]string{"POLICYGRAPH_STORE_BACKEND": "bolt", "POLICYGRAPH_STORE_PATH": store}
	base, stop := MustServe(t, env)
	code, _, errOut := MustRun(t, "", env, "stats")
	assert.Equal(t, exitError, code, errOut)
	assert.Contains(t, errOut, "locked")
	assert.Contains(t, errOut, base+"/api", "the running server's address")
	assert.NotContains(t, errOut, "8080")
	assert.Equal(t, exitOK, stop())
	_, err := os.Stat(filepath.Join(store, serveNote))
	assert.ErrorIs(t, err, os.ErrNotExist, "the note goes with the server")

	// A note left behind by a killed server names no address.
	require.NoError(t, os.WriteFile(filepath.Join(store, serveNote), []byte("127.0.0.1:1234\n999999999\n"), 0o644))
	addr, ok := runningServer(store)
	assert.False(t, ok, addr)
}

func TestServeRefuses(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"every interface without a token", []string{"serve", "--addr", "0.0.0.0:8080"}, "refusing to listen beyond loopback"},
		{"empty host without a token", []string{"serve", "--addr", ":8080"}, "refusing to listen beyond loopback"},
		{"bad address", []string{"serve", "--addr", "8080"}, "bad address"},
		{"zero timeout", []string{"serve", "--query-timeout", "0s"}, "--query-timeout"},
		{"negative results", []string{"serve", "--max-results", "-1"}, "--max-results"},
		{"arguments", []string{"serve", "extra"}, `serve: takes no arguments (got "extra")`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{"POLICYGRAPH_STORE_BACKEND": "memstore"}
			code, _, errOut := MustRun(t, t.TempDir(), env, tt.args...)
			assert.Equal(t, exitUsage, code, errOut)
			assert.Contains(t, errOut, tt.want)
		})
	}
	// The configured address is the default, and is checked the same way.
	code, _, errOut := MustRun(t, t.TempDir(), map[string]string{"POLICYGRAPH_STORE_BACKEND": "memstore",
		"POLICYGRAPH_SERVER_ADDR": "0.0.0.0:8080"}, "serve")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "0.0.0.0:8080")
}
