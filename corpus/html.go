package corpus

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	readability "github.com/go-shiori/go-readability"
	"golang.org/x/net/html"
)

// readHTML reduces a saved article page to its main text with
// go-readability, keeping its title, canonical URL and publication date
// from the page's metadata. Offsets of facts then refer to that text.
// Elements nested deeper than maxDepth lose their tags (flattenDepth).
func readHTML(path string, data []byte, base Article, maxDepth int) ([]Article, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, errors.New("empty file")
	}
	if bytes.IndexByte(data[:min(len(data), 8192)], 0) >= 0 {
		return nil, errors.New("binary file (contains NUL bytes)")
	}
	data, _ = flattenDepth(data, maxDepth)
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("parse HTML: %w", err)
	}
	meta := pageMeta(doc)
	var pageURL *url.URL
	if meta.url != "" {
		pageURL, _ = url.Parse(meta.url)
	}
	if pageURL == nil {
		pageURL = &url.URL{Scheme: "file", Path: path}
	}
	art, err := readability.FromDocument(doc, pageURL)
	if err != nil {
		return nil, fmt.Errorf("no article text found: %w", err)
	}
	text := strings.TrimSpace(art.TextContent)
	if text == "" {
		return nil, errors.New("no article text found in the page")
	}
	text = normalizeParagraphs(text)
	if !utf8.ValidString(text) {
		return nil, fmt.Errorf("invalid UTF-8 in the page's text at byte %d (save the page as UTF-8)", invalidAt([]byte(text)))
	}
	a := base
	a.Text = []byte(text)
	a.Title = strings.ToValidUTF8(firstNonEmpty(meta.title, art.Title), "\uFFFD")
	if meta.url != "" {
		a.URL = strings.ToValidUTF8(meta.url, "")
	}
	date := meta.published
	if date == "" && art.PublishedTime != nil {
		date = art.PublishedTime.UTC().Format("2006-01-02")
	}
	if date != "" {
		a.Published, a.DateSource = date, "metadata"
	}
	return []Article{a}, nil
}

// normalizeParagraphs turns readability's text into paragraphs separated by
// blank lines, as plain-text articles are.
func normalizeParagraphs(s string) string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n\n") + "\n"
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if strings.TrimSpace(v) != "" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

type metadata struct {
	title, url, published string
}

// pageMeta reads canonical URL, title and publication date from a page's
// <head>: <link rel=canonical>, og: and article: meta tags, JSON-LD
// datePublished, <time datetime>.
func pageMeta(doc *html.Node) metadata {
	var m metadata
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			attr := func(k string) string {
				for _, a := range n.Attr {
					if strings.EqualFold(a.Key, k) {
						return a.Val
					}
				}
				return ""
			}
			switch n.Data {
			case "link":
				if strings.EqualFold(attr("rel"), "canonical") && m.url == "" {
					m.url = attr("href")
				}
			case "meta":
				key := strings.ToLower(firstNonEmpty(attr("property"), attr("name"), attr("itemprop")))
				val := attr("content")
				switch key {
				case "og:url":
					if m.url == "" {
						m.url = val
					}
				case "og:title":
					m.title = firstNonEmpty(m.title, val)
				case "article:published_time", "datepublished", "date", "pubdate", "publishdate", "dc.date":
					if m.published == "" {
						m.published = isoDate(val)
					}
				}
			case "script":
				if strings.EqualFold(attr("type"), "application/ld+json") && n.FirstChild != nil && m.published == "" {
					m.published = jsonLDDate(n.FirstChild.Data)
				}
			case "time":
				if m.published == "" {
					m.published = isoDate(attr("datetime"))
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return m
}

// jsonLDDate finds datePublished in a JSON-LD block (object, list or @graph).
func jsonLDDate(src string) string {
	var v any
	if json.Unmarshal([]byte(src), &v) != nil {
		return ""
	}
	var find func(v any) string
	find = func(v any) string {
		switch x := v.(type) {
		case map[string]any:
			if s, ok := x["datePublished"].(string); ok {
				return isoDate(s)
			}
			for _, k := range []string{"@graph", "mainEntity"} {
				if d := find(x[k]); d != "" {
					return d
				}
			}
		case []any:
			for _, e := range x {
				if d := find(e); d != "" {
					return d
				}
			}
		}
		return ""
	}
	return find(v)
}

// isoDate normalises a date-time string to YYYY-MM-DD, or "".
func isoDate(s string) string {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02", time.RFC1123Z, time.RFC1123} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC().Format("2006-01-02")
		}
	}
	if len(s) >= 10 && validDate(s[:10]) {
		return s[:10]
	}
	return ""
}

// htmlText strips tags from an HTML fragment (feed summaries), keeping
// paragraph breaks.
func htmlText(fragment string) string {
	z := html.NewTokenizer(strings.NewReader(fragment))
	var b strings.Builder
	for {
		switch z.Next() {
		case html.ErrorToken:
			return normalizeParagraphs(b.String())
		case html.TextToken:
			b.Write(z.Text())
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "p", "br", "div", "li", "h1", "h2", "h3", "h4", "blockquote":
				b.WriteString("\n")
			}
		}
	}
}
