package corpus_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/policygraph/policygraph/corpus"
)

const articleHTML = `<!doctype html><html><head>
<title>Site | Australia bans Huawei</title>
<link rel="canonical" href="https://news.example/australia-bans-huawei">
<meta property="og:title" content="Australia bans Huawei from 5G">
<meta property="article:published_time" content="2018-08-23T09:30:00+10:00">
</head><body><nav>Home | World | Tech</nav>
<article><h1>Australia bans Huawei from 5G</h1>
<p>Australia banned Huawei and ZTE from its 5G network on Thursday, citing national security risks that the government said could not be mitigated.</p>
<p>The decision follows months of debate in Canberra about the role of foreign vendors in critical infrastructure, officials said in a statement.</p>
<p>Huawei said the decision was extremely disappointing for consumers and that it would continue to work with the government.</p>
</article><footer>© News Example</footer></body></html>`

const jsonLDPage = `<!doctype html><html><head><title>Canada weighs ban</title>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Canada weighs Huawei ban","datePublished":"2019-02-14T08:00:00Z"}</script>
</head><body><article>
<p>Canada is still considering a ban on Huawei's 5G equipment, the public safety minister said on Thursday at a press conference in Ottawa.</p>
<p>A decision is expected after a national security review of the equipment, which officials say is taking longer than expected this year.</p>
</article></body></html>`

const rssFeed = `<?xml version="1.0"?><rss version="2.0"><channel><title>Policy</title><link>https://news.example</link>
<item><guid>urn:1</guid><title>Sweden bars Huawei</title><link>https://news.example/se</link><pubDate>Tue, 20 Oct 2020 10:00:00 GMT</pubDate>
<description>&lt;p&gt;Sweden barred Huawei and ZTE from its 5G networks on Tuesday.&lt;/p&gt;</description></item>
<item><guid>urn:2</guid><title>Canada page</title><link>{{base}}/canada</link><pubDate>Thu, 14 Feb 2019 10:00:00 GMT</pubDate>
<description>Short summary.</description></item>
</channel></rss>`

const atomFeed = `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom</title><id>urn:feed</id><updated>2021-06-11T00:00:00Z</updated>
<entry><id>urn:atom:1</id><title>Romania signs 5G law</title><link href="https://news.example/ro"/><published>2021-06-11T12:00:00Z</published><updated>2021-06-11T12:00:00Z</updated>
<content type="html">&lt;p&gt;Romania barred Huawei from its 5G networks with a new law.&lt;/p&gt;</content></entry></feed>`

func newNewsServer(t *testing.T) *httptest.Server {
	var base string
	mux := http.NewServeMux()
	mux.HandleFunc("/australia", func(w http.ResponseWriter, r *http.Request) {
		assert.Contains(t, r.UserAgent(), "policygraph")
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte(articleHTML))
	})
	mux.HandleFunc("/canada", func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte(jsonLDPage)) })
	mux.HandleFunc("/rss", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		_, _ = w.Write([]byte(strings.ReplaceAll(rssFeed, "{{base}}", base)))
	})
	mux.HandleFunc("/atom", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/atom+xml")
		_, _ = w.Write([]byte(atomFeed))
	})
	mux.HandleFunc("/broken", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		_, _ = w.Write([]byte("<rss><channel><item><title>oops"))
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(3 * time.Second):
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/huge", func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(strings.Repeat("<p>x</p>", 100000)))
	})
	srv := httptest.NewServer(mux)
	base = srv.URL
	t.Cleanup(srv.Close)
	return srv
}

func walkURLs(t *testing.T, opts corpus.Options, urls ...string) (map[string]corpus.Article, map[string]string) {
	t.Helper()
	arts := map[string]corpus.Article{}
	probs := map[string]string{}
	err := corpus.Walk(context.Background(), urls, opts, func(a corpus.Article) error {
		arts[a.Title] = a
		return nil
	}, func(p corpus.Problem) { probs[p.Path] = p.Reason })
	require.NoError(t, err)
	return arts, probs
}

func TestFetchHTMLAndFeeds(t *testing.T) {
	srv := newNewsServer(t)
	opts := corpus.Options{Fetch: corpus.FetchOptions{Fetch: true, Timeout: 300 * time.Millisecond, MaxBytes: 100 << 10}}
	arts, probs := walkURLs(t, opts, srv.URL+"/australia", srv.URL+"/rss", srv.URL+"/atom",
		srv.URL+"/broken", srv.URL+"/missing", srv.URL+"/slow", srv.URL+"/huge")

	au := arts["Australia bans Huawei from 5G"]
	require.NotEmpty(t, au.Text, "the HTML page is read: %v", arts)
	assert.Equal(t, "https://news.example/australia-bans-huawei", au.URL, "canonical URL")
	assert.Equal(t, "2018-08-22", au.Published, "article:published_time, in UTC")
	assert.Equal(t, "metadata", au.DateSource)
	assert.Contains(t, string(au.Text), "Australia banned Huawei and ZTE")
	assert.NotContains(t, string(au.Text), "Home | World")

	se := arts["Sweden bars Huawei"]
	assert.Equal(t, "2020-10-20", se.Published)
	assert.Equal(t, "https://news.example/se", se.URL)
	assert.Equal(t, corpus.FeedItemID("urn:1", ""), se.ID)
	assert.Contains(t, string(se.Text), "Sweden barred Huawei")

	ca := arts["Canada page"]
	assert.Contains(t, string(ca.Text), "still considering a ban", "a summary-only item is fetched")
	assert.Equal(t, "2019-02-14", ca.Published, "the feed's date wins over the page's")

	ro := arts["Romania signs 5G law"]
	assert.Equal(t, "2021-06-11", ro.Published)
	assert.Contains(t, string(ro.Text), "Romania barred Huawei")

	assert.Contains(t, probs[srv.URL+"/broken"], "not a valid RSS/Atom feed")
	assert.Contains(t, probs[srv.URL+"/missing"], "404")
	assert.Contains(t, probs[srv.URL+"/slow"], "timed out")
	assert.Contains(t, probs[srv.URL+"/huge"], "too large")
}

func TestSummaryOnlyItemWithoutFetch(t *testing.T) {
	srv := newNewsServer(t)
	arts, _ := walkURLs(t, corpus.Options{}, srv.URL+"/rss")
	assert.Equal(t, "Short summary.\n", string(arts["Canada page"].Text), "without --fetch the summary is the text")
}

func TestJSONLines(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "export.jsonl")
	MustWrite(t, p, []byte(`{"title":"One","url":"https://x/1","published":"2020-05-01","text":"Chile banned Huawei."}
not json
{"title":"Three","text":"Peru is still considering a ban on ZTE.","published":"2021-02-03T10:00:00Z"}
{"title":"Four","text":""}
{"id":"custom-5","title":"Five","text":"Mexico allowed Huawei.","colour":"red"}
`))
	var arts []corpus.Article
	var probs []corpus.Problem
	require.NoError(t, corpus.Walk(context.Background(), []string{dir}, corpus.Options{}, func(a corpus.Article) error {
		arts = append(arts, a)
		return nil
	}, func(pr corpus.Problem) { probs = append(probs, pr) }))
	require.Len(t, arts, 2)
	assert.Equal(t, "export.jsonl#1", arts[0].ID)
	assert.Equal(t, "2020-05-01", arts[0].Published)
	assert.Equal(t, "https://x/1", arts[0].URL)
	assert.Equal(t, "2021-02-03", arts[1].Published)
	require.Len(t, probs, 3)
	assert.Contains(t, probs[0].Path, "export.jsonl:2")
	assert.Contains(t, probs[1].Path, "export.jsonl:4")
	assert.Contains(t, probs[2].Reason, "unknown field")
}

func TestSavedHTMLFileAndManifestPrecedence(t *testing.T) {
	dir := t.TempDir()
	MustWrite(t, filepath.Join(dir, "page.html"), []byte(articleHTML))
	MustWrite(t, filepath.Join(dir, "other.html"), []byte(jsonLDPage))
	MustWrite(t, filepath.Join(dir, "manifest.yaml"), []byte("articles:\n  - file: page.html\n    published: 2018-08-24\n    title: From the manifest\n"))
	got := map[string]corpus.Article{}
	require.NoError(t, corpus.Walk(context.Background(), []string{dir}, corpus.Options{}, func(a corpus.Article) error {
		got[a.ID] = a
		return nil
	}, func(p corpus.Problem) { t.Errorf("problem: %s", p) }))
	assert.Equal(t, "2018-08-24", got["page.html"].Published, "manifest beats document metadata")
	assert.Equal(t, "manifest", got["page.html"].DateSource)
	assert.Equal(t, "From the manifest", got["page.html"].Title)
	assert.Equal(t, "https://news.example/australia-bans-huawei", got["page.html"].URL)
	assert.Equal(t, "2019-02-14", got["other.html"].Published, "JSON-LD datePublished")
	assert.Equal(t, "metadata", got["other.html"].DateSource)
}

func FuzzJSONLines(f *testing.F) {
	f.Add([]byte(`{"title":"a","text":"b"}` + "\n" + `{`))
	f.Add([]byte("\xff\xfe"))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		MustWrite(t, filepath.Join(dir, "f.jsonl"), data)
		_ = corpus.Walk(context.Background(), []string{dir}, corpus.Options{}, func(a corpus.Article) error {
			if len(a.Text) == 0 {
				t.Fatal("article without text")
			}
			return nil
		}, func(corpus.Problem) {})
	})
}
