package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/seeds"
)

// checkoutModule is the module whose go.mod marks a policygraph checkout.
const checkoutModule = "github.com/policygraph/policygraph"

// checkoutStorePath is the default store of a checkout, below its root.
const checkoutStorePath = "data/policygraph"

// isCheckout reports whether dir is the root of a policygraph checkout: it
// holds a go.mod declaring checkoutModule.
func isCheckout(dir string) bool {
	data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		return false
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		if f := strings.Fields(sc.Text()); len(f) == 2 && f[0] == "module" {
			return strings.Trim(f[1], `"`) == checkoutModule
		}
	}
	return false
}

// userDataDir is the folder for policygraph's data in the user's data
// directory: $XDG_DATA_HOME/policygraph, else ~/Library/Application
// Support/policygraph on macOS, %LocalAppData%\policygraph on Windows and
// ~/.local/share/policygraph elsewhere.
func userDataDir(getenv func(string) string) (string, error) {
	if x := getenv("XDG_DATA_HOME"); filepath.IsAbs(x) {
		return filepath.Join(x, "policygraph"), nil
	}
	if runtime.GOOS == "windows" {
		if l := getenv("LocalAppData"); l != "" {
			return filepath.Join(l, "policygraph"), nil
		}
	}
	home := getenv("HOME")
	if home == "" {
		return "", errors.New("no user data directory: HOME and XDG_DATA_HOME are unset; set store.path (POLICYGRAPH_STORE_PATH or --store)")
	}
	if runtime.GOOS == "darwin" {
		return filepath.Join(home, "Library", "Application Support", "policygraph"), nil
	}
	return filepath.Join(home, ".local", "share", "policygraph"), nil
}

// resolveLocations settles where the store and the default corpus are when
// the configuration does not say:
//   - a bolt store without a configured store.path lives in data/policygraph
//     in a checkout (the working directory holds this module's go.mod), and
//     in the user's data directory (userDataDir()/store) anywhere else, so
//     that nothing is written into the folder a user happens to be in;
//   - a corpus.dir that does not exist means the seed corpus embedded in the
//     binary.
//
// Sources records why for the store.
func (c *Config) resolveLocations(getenv func(string) string) error {
	if c.Sources["store.path"] == "default" && c.Store.Backend == graph.BackendBolt {
		wd, err := os.Getwd()
		if err != nil {
			return fmt.Errorf("config: working directory: %w", err)
		}
		if isCheckout(wd) {
			c.Store.Path = checkoutStorePath
			c.Sources["store.path"] = "default: in the checkout (go.mod of " + checkoutModule + " here)"
		} else {
			dir, err := userDataDir(getenv)
			if err != nil {
				return fmt.Errorf("config: store.path: %w", err)
			}
			c.Store.Path = filepath.Join(dir, "store")
			c.Sources["store.path"] = "default: user data directory (not a policygraph checkout)"
		}
	}
	if _, err := os.Stat(c.Corpus.Dir); errors.Is(err, os.ErrNotExist) {
		c.Corpus.Builtin = true
	}
	return nil
}

// corpusPaths returns the folder of the default corpus: corpus.dir, or a
// temporary copy of the embedded seed corpus that done removes.
func (a *App) corpusPaths() (paths []string, name string, done func(), err error) {
	c := a.Config.Corpus
	if !c.Builtin {
		return []string{c.Dir}, c.Dir, func() {}, nil
	}
	if a.Config.Sources["corpus.dir"] != "" && !strings.HasPrefix(a.Config.Sources["corpus.dir"], "default") {
		fmt.Fprintf(a.Err, "policygraph: corpus.dir %s does not exist (%s); using the built-in seed corpus\n", c.Dir, a.Config.Sources["corpus.dir"])
	}
	tmp, err := os.MkdirTemp("", "policygraph-seeds-")
	if err != nil {
		return nil, "", nil, fmt.Errorf("built-in seed corpus: %w", err)
	}
	dir := filepath.Join(tmp, "seeds")
	if err := os.CopyFS(dir, seeds.FS); err != nil {
		os.RemoveAll(tmp)
		return nil, "", nil, fmt.Errorf("built-in seed corpus: %w", err)
	}
	return []string{dir}, "the built-in seed corpus", func() { os.RemoveAll(tmp) }, nil
}
