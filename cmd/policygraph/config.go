package main

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"
	"github.com/spf13/viper"
	"gopkg.in/yaml.v3"

	"github.com/policygraph/policygraph/corpus"
	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/ingest"
	"github.com/policygraph/policygraph/queries"
)

// Config is the resolved configuration: every key of config.yaml as a plain
// value, after flags > environment > config file > defaults.
type Config struct {
	Store  StoreConfig
	Corpus CorpusConfig
	Ingest IngestConfig
	Server ServerConfig
	Query  QueryConfig
	// Queries holds what the canned questions assume.
	Queries QueriesConfig
	Log     LogConfig
	// Sources says where each key's value came from: flag, env, file or default.
	Sources map[string]string
	// File is the config file read, if any.
	File string
}

// StoreConfig selects the graph store.
type StoreConfig struct {
	Backend      string // bolt, memstore, postgres, cockroach
	Path         string // bolt directory or SQL URL
	ReleasePages bool   // bolt: bound the mapped pages in the resident set
}

// CorpusConfig says where articles are read from by default, and bounds
// what reading one file may cost.
type CorpusConfig struct {
	Dir          string
	Builtin      bool // Dir does not exist: the seed corpus embedded in the binary is the default
	MaxHTMLDepth int  // elements nested deeper lose their tags
	MaxFeedItems int  // items read from one feed
}

// IngestConfig bounds what one article may cost an ingest.
type IngestConfig struct {
	MaxTextBytes   int64         // larger articles are skipped
	MaxLineBytes   int           // longer lines are cut before extraction
	MaxFacts       int           // facts kept per article
	ArticleTimeout time.Duration // extraction time per article; 0 none
}

// ServerConfig configures `policygraph serve`.
type ServerConfig struct {
	Addr       string
	Token      string // bearer token; required to listen beyond loopback
	MaxQueries int    // raw queries run at once
	QueryQueue int    // raw queries waiting for a turn; more get 429
}

// QueryConfig bounds raw Gizmo/GraphQL queries (`query` and `serve`).
type QueryConfig struct {
	Timeout        time.Duration
	MaxMemory      int64 // heap growth per query, bytes
	MaxResultBytes int64 // JSON size of a query's results, bytes
}

// QueriesConfig holds what the tracker and the canned questions assume.
type QueriesConfig struct {
	DefaultVendor string // the target when none is given
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
	{"store.path", checkoutStorePath, "store", "bolt store directory, or postgres://... URL (default: data/policygraph in a checkout, else in the user data directory)"},
	{"store.release_pages", "false", "", "bolt: hand mapped store pages past 256 MB of the resident set back to the kernel"},
	{"corpus.dir", "seeds", "", "default folder of articles to ingest"},
	{"corpus.max_html_depth", strconv.Itoa(corpus.DefaultMaxHTMLDepth), "", "HTML elements nested deeper lose their tags (keeping their text)"},
	{"corpus.max_feed_items", strconv.Itoa(corpus.DefaultMaxFeedItems), "", "items read from one RSS/Atom feed; the rest are reported"},
	{"ingest.max_text_bytes", strconv.Itoa(ingest.DefaultMaxTextBytes), "", "articles with more text are skipped"},
	{"ingest.max_line_bytes", strconv.Itoa(ingest.DefaultMaxLineBytes), "", "longer lines are cut at a space before extraction"},
	{"ingest.max_facts", strconv.Itoa(ingest.DefaultMaxFacts), "", "facts kept per article (the first ones, with a warning)"},
	{"ingest.article_timeout", ingest.DefaultArticleTimeout.String(), "", "extraction time per article before it is skipped; 0 means no limit"},
	{"server.addr", "127.0.0.1:8080", "", "address `serve` listens on"},
	{"server.token", "", "", "bearer token required by `serve` (mandatory off loopback; at least 16 characters)"},
	{"server.max_queries", "2", "", "raw queries `serve` runs at once"},
	{"server.query_queue", "4", "", "raw queries waiting for a turn; past it `serve` answers 429"},
	{"query.timeout", queries.DefaultTimeout.String(), "", "time limit of a raw Gizmo/GraphQL query"},
	{"query.max_memory", "256MiB", "", "heap a raw query may grow (e.g. 256MiB); past it the query is stopped"},
	{"query.max_result_bytes", "8MiB", "", "JSON size of a raw query's results; past it they are truncated"},
	{"queries.default_vendor", queries.DefaultVendor, "", "vendor the tracker and the stance questions are about when no --target is given"},
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
	if cfg.Store.ReleasePages, err = strconv.ParseBool(strings.TrimSpace(v.GetString("store.release_pages"))); err != nil {
		return nil, cfg.bad("store.release_pages", v.GetString("store.release_pages"), "want true or false")
	}
	cfg.Corpus = CorpusConfig{Dir: v.GetString("corpus.dir")}
	if err := cfg.resolveLocations(getenv); err != nil {
		return nil, err
	}
	if err := cfg.readLimits(v); err != nil {
		return nil, err
	}
	cfg.Server = ServerConfig{Addr: v.GetString("server.addr"), Token: v.GetString("server.token")}
	cfg.Log = LogConfig{Level: v.GetString("log.level")}
	cfg.Queries = QueriesConfig{DefaultVendor: strings.TrimSpace(v.GetString("queries.default_vendor"))}
	if cfg.Queries.DefaultVendor == "" {
		return nil, cfg.bad("queries.default_vendor", v.GetString("queries.default_vendor"), "want a vendor name such as Huawei")
	}
	if err := cfg.parseLimits(v); err != nil {
		return nil, err
	}
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	return cfg, nil
}

// parseLimits reads the numeric server.* and query.* keys.
func (c *Config) parseLimits(v *viper.Viper) error {
	var err error
	num := func(key string, lo int) int {
		n, perr := strconv.Atoi(strings.TrimSpace(v.GetString(key)))
		if perr != nil || n < lo {
			err = errors.Join(err, c.bad(key, v.GetString(key), fmt.Sprintf("want a whole number, at least %d", lo)))
		}
		return n
	}
	size := func(key string) int64 {
		n, perr := parseSize(v.GetString(key))
		if perr != nil {
			err = errors.Join(err, c.bad(key, v.GetString(key), perr.Error()))
		}
		return n
	}
	c.Server.MaxQueries = num("server.max_queries", 1)
	c.Server.QueryQueue = num("server.query_queue", 0)
	c.Query.MaxMemory = size("query.max_memory")
	c.Query.MaxResultBytes = size("query.max_result_bytes")
	d, derr := time.ParseDuration(strings.TrimSpace(v.GetString("query.timeout")))
	if derr != nil || d <= 0 {
		err = errors.Join(err, c.bad("query.timeout", v.GetString("query.timeout"), "want a positive duration such as 10s"))
	}
	c.Query.Timeout = d
	return err
}

// parseSize reads a byte size: a whole number of bytes, or one with a
// suffix KB, MB, GB (powers of 1000) or KiB, MiB, GiB (powers of 1024).
func parseSize(s string) (int64, error) {
	s = strings.TrimSpace(s)
	units := []struct {
		suffix string
		mult   int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"B", 1}}
	mult := int64(1)
	for _, u := range units {
		if len(s) > len(u.suffix) && strings.EqualFold(s[len(s)-len(u.suffix):], u.suffix) {
			s, mult = strings.TrimSpace(s[:len(s)-len(u.suffix)]), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 || n > (1<<62)/mult {
		return 0, errors.New("want a positive size such as 256MiB, 8MB or 1048576")
	}
	return n * mult, nil
}

// validate checks every value, naming the key and where it came from.
func (c *Config) validate() error {
	bad := c.bad
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

// readLimits reads the corpus.max_* and ingest.* keys: positive whole
// numbers, and a duration.
func (c *Config) readLimits(v *viper.Viper) error {
	num := func(key string) (int64, error) {
		s := strings.TrimSpace(v.GetString(key))
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n <= 0 {
			return 0, c.bad(key, s, "want a whole number above 0")
		}
		return n, nil
	}
	var ns [5]int64
	for i, key := range []string{"corpus.max_html_depth", "corpus.max_feed_items", "ingest.max_text_bytes", "ingest.max_line_bytes", "ingest.max_facts"} {
		n, err := num(key)
		if err != nil {
			return err
		}
		ns[i] = n
	}
	c.Corpus.MaxHTMLDepth, c.Corpus.MaxFeedItems = int(ns[0]), int(ns[1])
	c.Ingest = IngestConfig{MaxTextBytes: ns[2], MaxLineBytes: int(ns[3]), MaxFacts: int(ns[4])}
	s := strings.TrimSpace(v.GetString("ingest.article_timeout"))
	d, err := time.ParseDuration(s)
	if s == "0" {
		d, err = 0, nil
	}
	if err != nil || d < 0 {
		return c.bad("ingest.article_timeout", s, "want a duration such as 30s or 2m, or 0 for no limit")
	}
	c.Ingest.ArticleTimeout = d
	return nil
}

// bad is the error of an invalid value, naming the key and where it came
// from.
func (c *Config) bad(key, val, why string) error {
	where := c.Sources[key]
	if where == "file" {
		where = "file " + c.File
	}
	return fmt.Errorf("config: invalid %s %q (from %s): %s", key, val, where, why)
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
