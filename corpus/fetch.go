package corpus

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// FetchOptions govern downloads: of a URL given as input, of a feed, and of
// feed items' pages (Fetch).
type FetchOptions struct {
	Fetch     bool          // download the page of feed items that carry only a summary
	Timeout   time.Duration // per request; 0 means 20s
	MaxBytes  int64         // per response; 0 means the corpus limit
	UserAgent string        // "" means DefaultUserAgent
	Client    *http.Client  // nil means a new client with Timeout
}

// DefaultUserAgent identifies policygraph to the sites it fetches from.
const DefaultUserAgent = "policygraph/1 (+https://policygraph.org)"

// fetcher downloads politely: one request at a time per host, a timeout,
// a size limit and a user agent.
type fetcher struct {
	opts   FetchOptions
	client *http.Client
	mu     sync.Mutex
	hosts  map[string]*sync.Mutex
}

func newFetcher(o Options) *fetcher {
	f := &fetcher{opts: o.Fetch, hosts: map[string]*sync.Mutex{}}
	if f.opts.Timeout <= 0 {
		f.opts.Timeout = 20 * time.Second
	}
	if f.opts.MaxBytes <= 0 {
		f.opts.MaxBytes = o.MaxBytes
	}
	if f.opts.UserAgent == "" {
		f.opts.UserAgent = DefaultUserAgent
	}
	f.client = f.opts.Client
	if f.client == nil {
		f.client = &http.Client{Timeout: f.opts.Timeout}
	}
	return f
}

func (f *fetcher) hostLock(host string) *sync.Mutex {
	f.mu.Lock()
	defer f.mu.Unlock()
	m, ok := f.hosts[host]
	if !ok {
		m = &sync.Mutex{}
		f.hosts[host] = m
	}
	return m
}

// get downloads one URL, returning a one-line error on any failure.
func (f *fetcher) get(ctx context.Context, raw string) ([]byte, error) {
	body, _, err := f.getType(ctx, raw)
	return body, err
}

func (f *fetcher) getType(ctx context.Context, raw string) ([]byte, string, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, "", fmt.Errorf("not an http(s) URL")
	}
	lock := f.hostLock(u.Host)
	lock.Lock()
	defer lock.Unlock()
	ctx, cancel := context.WithTimeout(ctx, f.opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, raw, nil)
	if err != nil {
		return nil, "", err
	}
	req.Header.Set("User-Agent", f.opts.UserAgent)
	req.Header.Set("Accept", "text/html, application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5")
	res, err := f.client.Do(req)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) || strings.Contains(err.Error(), "Client.Timeout") {
			return nil, "", fmt.Errorf("timed out after %s", f.opts.Timeout)
		}
		return nil, "", fmt.Errorf("fetch failed: %v", err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return nil, "", fmt.Errorf("HTTP %s", res.Status)
	}
	if res.ContentLength > f.opts.MaxBytes {
		return nil, "", fmt.Errorf("too large: %s (limit %s)", humanBytes(res.ContentLength), humanBytes(f.opts.MaxBytes))
	}
	body, err := io.ReadAll(io.LimitReader(res.Body, f.opts.MaxBytes+1))
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return nil, "", fmt.Errorf("timed out after %s", f.opts.Timeout)
		}
		return nil, "", fmt.Errorf("read failed: %v", err)
	}
	if int64(len(body)) > f.opts.MaxBytes {
		return nil, "", fmt.Errorf("too large: more than %s", humanBytes(f.opts.MaxBytes))
	}
	return body, res.Header.Get("Content-Type"), nil
}

// isURL reports whether p is an http(s) URL rather than a local path.
func isURL(p string) bool {
	return strings.HasPrefix(p, "http://") || strings.HasPrefix(p, "https://")
}

// looksLikeFeed guesses from a content type or the body's start.
func looksLikeFeed(contentType string, body []byte) bool {
	ct := strings.ToLower(contentType)
	if strings.Contains(ct, "rss") || strings.Contains(ct, "atom") {
		return true
	}
	head := strings.ToLower(string(body[:min(len(body), 512)]))
	return strings.Contains(head, "<rss") || strings.Contains(head, "<feed")
}
