package main

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const testFeed = `<?xml version="1.0"?><rss version="2.0"><channel><title>Policy</title>
<item><guid>urn:se</guid><title>Sweden bars Huawei</title><link>https://news.example/se</link><pubDate>Tue, 20 Oct 2020 10:00:00 GMT</pubDate>
<description>&lt;p&gt;Sweden barred Huawei and ZTE from its 5G networks on Tuesday.&lt;/p&gt;</description></item>
<item><guid>urn:cl</guid><title>Chile</title><link>https://news.example/cl</link><pubDate>Mon, 01 Mar 2021 10:00:00 GMT</pubDate>
<description>Chile is still considering a ban on Huawei's 5G equipment.</description></item>
</channel></rss>`

// TestIngestFeedTwice ingests an RSS feed from a loopback server: facts get
// the items' dates and links, and a second ingest adds nothing.
func TestIngestFeedTwice(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/rss" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		_, _ = w.Write([]byte(testFeed))
	}))
	defer srv.Close()
	dir := t.TempDir()
	store := filepath.Join(dir, "store")

	code, out, errOut := MustRun(t, dir, nil, "--store", store, "ingest", "--quiet", "--feed", srv.URL+"/rss", srv.URL+"/gone")
	assert.Equal(t, exitPartial, code, errOut)
	assert.Contains(t, errOut, "/gone: HTTP 404")
	assert.Contains(t, out, "2 new")
	first := mustStats(t, dir, store)

	code, out, errOut = MustRun(t, dir, nil, "--store", store, "ingest", "--quiet", "--feed", srv.URL+"/rss")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "0 new, 0 changed, 2 unchanged")
	assert.Equal(t, first, mustStats(t, dir, store), "a second ingest of the feed adds nothing")

	rows := askJSON(t, dir, nil, "banned", "--store", store)
	require.NotEmpty(t, rows)
	assert.Equal(t, "Sweden", rows[0]["country"])
	assert.Equal(t, "2020-10-20", rows[0]["date"])
	ev := rows[0]["evidence"].(map[string]any)
	assert.Equal(t, "https://news.example/se", ev["url"])
	assert.True(t, strings.HasPrefix(ev["article"].(string), "feed-"))

	code, _, errOut = MustRun(t, dir, nil, "--store", store, "ingest", "--feed", "not-a-url")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "http(s) URL")
}
