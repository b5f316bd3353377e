package main

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"sort"
	"strings"

	"github.com/spf13/pflag"
	"github.com/spf13/viper"
	"gopkg.in/yaml.v3"

	"github.com/policygraph/policygraph/graph"
)

// Config is the resolved configuration: every key of config.yaml as a plain
// value, after flags > environment > config file > defaults.
type Config struct {
	Store  StoreConfig
	Corpus CorpusConfig
	Server ServerConfig
	Log    LogConfig
	// Sources says where each key's value came from: flag, env, file or default.
	Sources map[string]string
	// File is the config file read, if any.
	File string
}

// StoreConfig selects the graph store.
type StoreConfig struct {
	Backend string // bolt, memstore, postgres, cockroach
	Path    string // bolt directory or SQL URL
}

// CorpusConfig says where articles are read from by default.
type CorpusConfig struct {
	Dir string
}

// ServerConfig configures `policygraph serve`.
type ServerConfig struct {
	Addr  string
	Token string // bearer token; required to listen beyond loopback
}

// LogConfig configures logging.
type LogConfig struct {
	Level string // debug, info, warn, error
}

// configKey describes one configuration key.
type configKey struct {
	key, def, flag, help string
}

// configKeys is every key config.yaml may hold, with its default and the
// global flag that overrides it, if any.
var configKeys = []configKey{
	{"store.backend", graph.BackendBolt, "backend", "store backend: " + strings.Join(graph.Backends, ", ")},
	{"store.path", "data/policygraph", "store", "bolt store directory, or postgres://... URL"},
	{"corpus.dir", "seeds", "", "default folder of articles to ingest"},
	{"server.addr", "127.0.0.1:8080", "", "address `serve` listens on"},
	{"server.token", "", "", "bearer token required by `serve` (mandatory off loopback)"},
	{"log.level", "info", "", "log level: debug, info, warn, error"},
}

// EnvName is the environment variable that sets a key.
func EnvName(key string) string {
	return "POLICYGRAPH_" + strings.ToUpper(strings.ReplaceAll(key, ".", "_"))
}

// loadConfig resolves the configuration. file is the --config flag ("" means
// ./config.yaml if present); flags are the command's flags.
func loadConfig(file string, flags *pflag.FlagSet, getenv func(string) string) (*Config, error) {
	v := viper.New()
	v.SetConfigType("yaml")
	for _, k := range configKeys {
		v.SetDefault(k.key, k.def)
	}
	cfg := &Config{Sources: map[string]string{}}
	explicit := file != ""
	if file == "" {
		file = "config.yaml"
	}
	fileKeys := map[string]bool{}
	data, err := os.ReadFile(file)
	switch {
	case err == nil:
		cfg.File = file
		keys, err := yamlKeys(file, data)
		if err != nil {
			return nil, err
		}
		valid := map[string]bool{}
		for _, k := range configKeys {
			valid[k.key] = true
		}
		for _, k := range keys {
			if !valid[k] {
				return nil, fmt.Errorf("config %s: unknown key %q (valid keys: %s)", file, k, strings.Join(keyNames(), ", "))
			}
			fileKeys[k] = true
		}
		if err := v.ReadConfig(strings.NewReader(string(data))); err != nil {
			return nil, fmt.Errorf("config %s: %w", file, err)
		}
	case errors.Is(err, os.ErrNotExist) && !explicit:
		// No config file: defaults and environment only.
	default:
		return nil, fmt.Errorf("config: %w", err)
	}
	for _, k := range configKeys {
		src := "default"
		if fileKeys[k.key] {
			src = "file"
		}
		if e := getenv(EnvName(k.key)); e != "" {
			v.Set(k.key, e)
			src = "env " + EnvName(k.key)
		}
		if k.flag != "" && flags != nil {
			if f := flags.Lookup(k.flag); f != nil && f.Changed {
				v.Set(k.key, f.Value.String())
				src = "flag --" + k.flag
			}
		}
		cfg.Sources[k.key] = src
	}
	cfg.Store = StoreConfig{Backend: v.GetString("store.backend"), Path: v.GetString("store.path")}
	cfg.Corpus = CorpusConfig{Dir: v.GetString("corpus.dir")}
	cfg.Server = ServerConfig{Addr: v.GetString("server.addr"), Token: v.GetString("server.token")}
	cfg.Log = LogConfig{Level: v.GetString("log.level")}
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	return cfg, nil
}

// validate checks every value, naming the key and where it came from.
func (c *Config) validate() error {
	bad := func(key, val, why string) error {
		where := c.Sources[key]
		if where == "file" {
			where = "file " + c.File
		}
		return fmt.Errorf("config: invalid %s %q (from %s): %s", key, val, where, why)
	}
	if !contains(graph.Backends, c.Store.Backend) {
		return bad("store.backend", c.Store.Backend, "valid: "+strings.Join(graph.Backends, ", "))
	}
	switch c.Store.Backend {
	case graph.BackendBolt:
		if c.Store.Path == "" {
			return bad("store.path", c.Store.Path, "bolt needs a directory")
		}
	case graph.BackendPostgres, graph.BackendCockroach:
		if !strings.HasPrefix(c.Store.Path, "postgres://") && !strings.HasPrefix(c.Store.Path, "postgresql://") {
			return bad("store.path", redact(c.Store.Path), "needs a postgres:// URL")
		}
	}
	if c.Corpus.Dir == "" {
		return bad("corpus.dir", c.Corpus.Dir, "must not be empty")
	}
	if _, _, err := net.SplitHostPort(c.Server.Addr); err != nil {
		return bad("server.addr", c.Server.Addr, "want host:port")
	}
	if _, err := parseLevel(c.Log.Level); err != nil {
		return bad("log.level", c.Log.Level, "valid: debug, info, warn, error")
	}
	return nil
}

func redact(u string) string {
	if i := strings.Index(u, "@"); i > 0 {
		if j := strings.Index(u, "://"); j > 0 && j < i {
			return u[:j+3] + "***" + u[i:]
		}
	}
	return u
}

func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	err := l.UnmarshalText([]byte(s))
	return l, err
}

// yamlKeys lists the dotted leaf keys of a YAML config, with the line of the
// error if it does not parse.
func yamlKeys(file string, data []byte) ([]string, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("config %s: %w", file, err)
	}
	if root.Kind == 0 {
		return nil, nil // empty file
	}
	var keys []string
	var walk func(prefix string, n *yaml.Node) error
	walk = func(prefix string, n *yaml.Node) error {
		if n.Kind == yaml.DocumentNode {
			for _, c := range n.Content {
				if err := walk(prefix, c); err != nil {
					return err
				}
			}
			return nil
		}
		if n.Kind != yaml.MappingNode {
			if prefix == "" {
				return fmt.Errorf("config %s:%d: want a mapping of keys", file, n.Line)
			}
			keys = append(keys, prefix)
			return nil
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i].Value
			if prefix != "" {
				k = prefix + "." + k
			}
			if n.Content[i+1].Kind == yaml.MappingNode && !isKey(k) {
				if err := walk(k, n.Content[i+1]); err != nil {
					return err
				}
				continue
			}
			if n.Content[i+1].Kind != yaml.ScalarNode && isKey(k) {
				return fmt.Errorf("config %s:%d: %s must be a single value", file, n.Content[i+1].Line, k)
			}
			if !isKey(k) && !isSection(k) {
				return fmt.Errorf("config %s:%d: unknown key %q (valid keys: %s)", file, n.Content[i].Line, k, strings.Join(keyNames(), ", "))
			}
			keys = append(keys, k)
		}
		return nil
	}
	if err := walk("", &root); err != nil {
		return nil, err
	}
	return keys, nil
}

func isKey(k string) bool {
	for _, c := range configKeys {
		if c.key == k {
			return true
		}
	}
	return false
}

func isSection(k string) bool {
	for _, c := range configKeys {
		if strings.HasPrefix(c.key, k+".") {
			return true
		}
	}
	return false
}

func keyNames() []string {
	var out []string
	for _, k := range configKeys {
		out = append(out, k.key)
	}
	sort.Strings(out)
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
