package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// MustRun runs the CLI with args in dir and returns exit code, stdout, stderr.
func MustRun(tb testing.TB, dir string, env map[string]string, args ...string) (int, string, string) {
	tb.Helper()
	return MustRunOn(tb, dir, env, nil, args...)
}

// MustRunOn is MustRun with terminal standing for the operating system's
// answer to "is this stream a terminal, how wide?" (nil: none is).
func MustRunOn(tb testing.TB, dir string, env map[string]string, terminal func(io.Writer) (int, bool), args ...string) (int, string, string) {
	tb.Helper()
	if dir != "" {
		tb.Chdir(dir)
	}
	var out, errb bytes.Buffer
	// Without HOME or XDG_DATA_HOME, the default store of a folder that is
	// not a checkout would have no place: give it one in the test's folder.
	dataHome := filepath.Join(tb.TempDir(), "data-home")
	if dir != "" {
		dataHome = filepath.Join(dir, "data-home")
	}
	getenv := func(k string) string {
		if v, ok := env[k]; ok || k != "XDG_DATA_HOME" || env["HOME"] != "" {
			return v
		}
		return dataHome
	}
	if terminal == nil {
		terminal = func(io.Writer) (int, bool) { return 0, false }
	}
	app := &App{In: bytes.NewReader(nil), Out: &out, Err: &errb, Getenv: getenv, Terminal: terminal}
	code := app.run(context.Background(), args)
	return code, out.String(), errb.String()
}

func configJSON(tb testing.TB, out string) map[string][2]string {
	tb.Helper()
	var doc struct {
		Keys []struct{ Key, Value, Source string } `json:"keys"`
	}
	require.NoError(tb, json.Unmarshal([]byte(out), &doc), out)
	m := map[string][2]string{}
	for _, k := range doc.Keys {
		m[k.Key] = [2]string{k.Value, k.Source}
	}
	return m
}

func TestConfigPrecedence(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "config.yaml"), []byte(
		"store:\n  backend: memstore\n  path: from-file\ncorpus:\n  dir: file-corpus\nlog:\n  level: warn\n"), 0o644))

	tests := []struct {
		name       string
		env        map[string]string
		args       []string
		key        string
		wantValue  string
		wantSource string
	}{
		{"default", nil, nil, "server.addr", "127.0.0.1:8080", "default"},
		{"file", nil, nil, "corpus.dir", "file-corpus", "file"},
		{"env beats file", map[string]string{"POLICYGRAPH_CORPUS_DIR": "env-corpus"}, nil, "corpus.dir", "env-corpus", "env POLICYGRAPH_CORPUS_DIR"},
		{"env for every key", map[string]string{"POLICYGRAPH_SERVER_ADDR": "127.0.0.1:9999"}, nil, "server.addr", "127.0.0.1:9999", "env POLICYGRAPH_SERVER_ADDR"},
		{"flag beats env", map[string]string{"POLICYGRAPH_STORE_PATH": "env-path"}, []string{"--store", "flag-path"}, "store.path", "flag-path", "flag --store"},
		{"flag beats file", nil, []string{"--backend", "bolt"}, "store.backend", "bolt", "flag --backend"},
		{"env beats default", map[string]string{"POLICYGRAPH_LOG_LEVEL": "debug"}, nil, "log.level", "debug", "env POLICYGRAPH_LOG_LEVEL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"config", "--format", "json"}, tt.args...)
			code, out, errOut := MustRun(t, dir, tt.env, args...)
			require.Equal(t, 0, code, errOut)
			got := configJSON(t, out)[tt.key]
			assert.Equal(t, tt.wantValue, got[0])
			assert.Equal(t, tt.wantSource, got[1])
		})
	}
}

func TestConfigExplicitFile(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "other.yaml")
	require.NoError(t, os.WriteFile(cfg, []byte("server:\n  addr: 127.0.0.1:7000\n"), 0o644))
	code, out, errOut := MustRun(t, dir, nil, "--config", cfg, "config", "--format", "json")
	require.Equal(t, 0, code, errOut)
	assert.Equal(t, [2]string{"127.0.0.1:7000", "file"}, configJSON(t, out)["server.addr"])

	code, _, errOut = MustRun(t, dir, nil, "--config", filepath.Join(dir, "nope.yaml"), "config")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "nope.yaml")
}

func TestConfigErrorsNameKeyAndFile(t *testing.T) {
	tests := []struct {
		name, yaml string
		env        map[string]string
		want       []string
	}{
		{"unknown key", "store:\n  backend: bolt\n  colour: red\n", nil, []string{"store.colour", "config.yaml", ":3"}},
		{"unknown section", "cache:\n  size: 3\n", nil, []string{`"cache.size"`, "config.yaml:2"}},
		{"bad backend", "store:\n  backend: mysql\n", nil, []string{"store.backend", "mysql", "config.yaml", "bolt, memstore"}},
		{"bad level", "log:\n  level: loud\n", nil, []string{"log.level", "loud"}},
		{"bad addr", "server:\n  addr: nowhere\n", nil, []string{"server.addr"}},
		{"bad env", "", map[string]string{"POLICYGRAPH_STORE_BACKEND": "oracle"}, []string{"store.backend", "POLICYGRAPH_STORE_BACKEND"}},
		{"postgres needs url", "store:\n  backend: postgres\n  path: data/x\n", nil, []string{"store.path", "postgres://"}},
		{"malformed yaml", "store:\n  backend: [bolt\n", nil, []string{"config.yaml", "line"}},
		{"bad limit", "ingest:\n  max_facts: lots\n", nil, []string{"ingest.max_facts", `"lots"`, "config.yaml", "whole number"}},
		{"zero depth", "corpus:\n  max_html_depth: 0\n", nil, []string{"corpus.max_html_depth", "above 0"}},
		{"bad timeout", "", map[string]string{"POLICYGRAPH_INGEST_ARTICLE_TIMEOUT": "soon"}, []string{"ingest.article_timeout", "POLICYGRAPH_INGEST_ARTICLE_TIMEOUT", "30s"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			require.NoError(t, os.WriteFile(filepath.Join(dir, "config.yaml"), []byte(tt.yaml), 0o644))
			code, _, errOut := MustRun(t, dir, tt.env, "config")
			assert.Equal(t, exitUsage, code)
			for _, w := range tt.want {
				assert.Contains(t, errOut, w)
			}
		})
	}
}

func TestRepoConfigIsValid(t *testing.T) {
	code, out, errOut := MustRun(t, "../..", nil, "config")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "config.yaml")
	assert.Contains(t, out, "data/policygraph")
}
