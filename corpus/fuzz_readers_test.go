package corpus

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"
)

// checkArticles fails unless every article has text, and text, title and
// ID are UTF-8.
func checkArticles(t *testing.T, arts []Article) {
	for _, a := range arts {
		if strings.TrimSpace(string(a.Text)) == "" {
			t.Fatalf("article %s without text", a.ID)
		}
		if !utf8.Valid(a.Text) || !utf8.ValidString(a.Title) || !utf8.ValidString(a.ID) || !utf8.ValidString(a.URL) {
			t.Fatalf("article %s: text, title, URL or ID is not UTF-8", a.ID)
		}
	}
}

// FuzzHTML checks that the HTML reader (depth limit, readability, page
// metadata) never panics and gives usable text or an error.
func FuzzHTML(f *testing.F) {
	f.Add([]byte(`<html><head><title>T</title><meta property="article:published_time" content="2020-01-02"></head><body><p>Chile banned Huawei from its networks, the minister said.</p></body></html>`))
	f.Add([]byte(strings.Repeat("<div>", 50) + "<p>Peru banned ZTE.</p>" + strings.Repeat("</div>", 10)))
	f.Add([]byte("<p><p><li><script>" + strings.Repeat("<b>", 20) + "</script><textarea><div></textarea>\xff"))
	f.Add([]byte(`<script type="application/ld+json">{"@graph":[{"datePublished":"2019-02-14"}]}</script><article>Text here that is long enough.</article>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		arts, err := readHTML("page.html", data, Article{ID: "page.html"}, 8)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("error without a message")
			}
			return
		}
		checkArticles(t, arts)
	})
}

// FuzzFeed checks that the RSS/Atom reader (item limit, summaries) never
// panics, keeps to the item limit and gives usable text.
func FuzzFeed(f *testing.F) {
	f.Add([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>A</title><guid>g1</guid><description>Chile banned Huawei.</description><pubDate>Mon, 02 Jan 2006 15:04:05 GMT</pubDate></item></channel></rss>`))
	f.Add([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>urn:1</id><title>x</title><content type="html">&lt;p&gt;Peru banned ZTE.&lt;/p&gt;</content><updated>2020-10-20T00:00:00Z</updated></entry></feed>`))
	f.Add([]byte("<rss><channel>" + strings.Repeat("<item><link>http://x/</link><description>d</description></item>", 8) + "</channel></rss>"))
	f.Add([]byte("<rss><channel><item><guid>\xff</guid><description>\xfe</description></item>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		arts, probs, err := readFeed(context.Background(), "feed.xml", data, nil, Options{MaxFeedItems: 5, MaxHTMLDepth: 8})
		if err != nil {
			return
		}
		if len(arts) > 5 {
			t.Fatalf("%d articles, limit 5", len(arts))
		}
		for _, p := range probs {
			if p.Reason == "" {
				t.Fatalf("problem without a reason: %s", p.Path)
			}
		}
		checkArticles(t, arts)
	})
}
