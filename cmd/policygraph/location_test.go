package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type configLocation struct {
	Store  struct{ Path, Why string }
	Corpus struct {
		Dir     string
		Builtin bool
	}
}

func mustConfigLocation(tb testing.TB, dir string, env map[string]string) configLocation {
	tb.Helper()
	code, out, errOut := MustRun(tb, dir, env, "config", "--format", "json")
	require.Equal(tb, 0, code, errOut)
	var loc configLocation
	require.NoError(tb, json.Unmarshal([]byte(out), &loc), out)
	return loc
}

// TestOutsideACheckout runs `tracker` as a user would after `go install`, in
// a folder of their own: the built-in seeds fill a store in the user's data
// directory, and the folder is left as it was.
func TestOutsideACheckout(t *testing.T) {
	work, xdg := t.TempDir(), t.TempDir()
	env := map[string]string{"XDG_DATA_HOME": xdg, "HOME": t.TempDir()}

	loc := mustConfigLocation(t, work, env)
	assert.Equal(t, filepath.Join(xdg, "policygraph", "store"), loc.Store.Path)
	assert.Equal(t, "default: user data directory (not a policygraph checkout)", loc.Store.Why)
	assert.True(t, loc.Corpus.Builtin)

	code, out, errOut := MustRun(t, work, env, "stats")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "articles  0")
	assert.Contains(t, errOut, "is empty (store.path: default: user data directory")
	assert.Contains(t, errOut, "policygraph ingest [PATH|URL...]")

	code, out, errOut = MustRun(t, work, env, "tracker", "--format", "json")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, errOut, "ingesting the built-in seed corpus first")
	assert.NotContains(t, errOut, "skipped")
	var rows []struct{ Country, Stance string }
	require.NoError(t, json.Unmarshal([]byte(out), &rows), out)
	countries := map[string]string{}
	for _, r := range rows {
		countries[r.Country] = r.Stance
	}
	assert.Equal(t, "banned", countries["Australia"])
	assert.Equal(t, "declined_to_ban", countries["Germany"])

	entries, err := os.ReadDir(work)
	require.NoError(t, err)
	assert.Empty(t, entries, "nothing is written into the working directory")
	assert.FileExists(t, filepath.Join(xdg, "policygraph", "store", "indexes.bolt"))

	code, out, errOut = MustRun(t, work, env, "stats")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "articles  5")
	assert.NotContains(t, errOut, "is empty")
}

func TestStoreLocationRule(t *testing.T) {
	home := t.TempDir()
	checkout := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(checkout, "go.mod"), []byte("module github.com/policygraph/policygraph\n\ngo 1.26\n"), 0o644))
	other := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(other, "go.mod"), []byte("module example.com/other\n"), 0o644))

	tests := []struct {
		name    string
		dir     string
		env     map[string]string
		path    string
		why     string
		builtin bool
	}{
		{"home only", other, map[string]string{"HOME": home}, filepath.Join(home, ".local", "share", "policygraph", "store"),
			"default: user data directory (not a policygraph checkout)", true},
		{"relative XDG_DATA_HOME is ignored", other, map[string]string{"HOME": home, "XDG_DATA_HOME": "rel"},
			filepath.Join(home, ".local", "share", "policygraph", "store"), "default: user data directory (not a policygraph checkout)", true},
		{"checkout", checkout, map[string]string{"HOME": home}, filepath.Join(checkout, "data", "policygraph"),
			"default: in the checkout (go.mod of github.com/policygraph/policygraph here)", true},
		{"configured", other, map[string]string{"HOME": home, "POLICYGRAPH_STORE_PATH": "mine"}, filepath.Join(other, "mine"),
			"env POLICYGRAPH_STORE_PATH", true},
		{"corpus present", "../..", map[string]string{"HOME": home, "POLICYGRAPH_STORE_PATH": "x"}, "", "env POLICYGRAPH_STORE_PATH", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			loc := mustConfigLocation(t, tt.dir, tt.env)
			if tt.path != "" {
				assert.Equal(t, tt.path, loc.Store.Path)
			}
			assert.Equal(t, tt.why, loc.Store.Why)
			assert.Equal(t, tt.builtin, loc.Corpus.Builtin)
		})
	}

	_, err := userDataDir(func(string) string { return "" })
	assert.ErrorContains(t, err, "HOME and XDG_DATA_HOME are unset; set store.path")
	assert.False(t, isCheckout(other))
	assert.True(t, isCheckout(checkout))
}
