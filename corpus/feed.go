package corpus

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/mmcdole/gofeed"
)

// FeedItemID is the stable article ID of a feed item, from its GUID (else
// its link), so that a second reading of the feed finds the same articles.
func FeedItemID(guid, link string) string {
	key := guid
	if key == "" {
		key = link
	}
	h := sha256.Sum256([]byte(key))
	return "feed-" + hex.EncodeToString(h[:8]) + ".txt"
}

// readFeed reads an RSS or Atom feed: each item becomes an article with its
// own title, link and date. Items with no text of their own (only a short
// summary) are fetched from their link when fetch is set. Only the first
// o.MaxFeedItems items are read; the rest are one Problem.
func readFeed(ctx context.Context, name string, data []byte, f *fetcher, o Options) ([]Article, []Problem, error) {
	feed, err := gofeed.NewParser().Parse(bytes.NewReader(data))
	if err != nil {
		return nil, nil, fmt.Errorf("not a valid RSS/Atom feed: %w", err)
	}
	var arts []Article
	var probs []Problem
	items := feed.Items
	if len(items) > o.MaxFeedItems {
		probs = append(probs, Problem{Path: name, Reason: fmt.Sprintf("feed has %d items: only the first %d are read (corpus.max_feed_items)", len(items), o.MaxFeedItems)})
		// A copy, so that the items beyond the limit can go.
		items = append([]*gofeed.Item(nil), items[:o.MaxFeedItems]...)
	}
	feed = nil
	for i, it := range items {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		if it.GUID == "" && it.Link == "" {
			probs = append(probs, Problem{Path: fmt.Sprintf("%s item %d", name, i+1), Reason: "item has neither GUID nor link"})
			continue
		}
		a := Article{ID: FeedItemID(it.GUID, it.Link), Path: name + "#" + firstNonEmpty(it.GUID, it.Link), Title: strings.TrimSpace(it.Title), URL: it.Link}
		switch {
		case it.PublishedParsed != nil:
			a.Published, a.DateSource = it.PublishedParsed.UTC().Format("2006-01-02"), "metadata"
		case it.UpdatedParsed != nil:
			a.Published, a.DateSource = it.UpdatedParsed.UTC().Format("2006-01-02"), "metadata"
		}
		text := htmlText(it.Content)
		summaryOnly := strings.TrimSpace(text) == ""
		if summaryOnly {
			text = htmlText(it.Description)
		}
		if summaryOnly && f != nil && f.opts.Fetch && it.Link != "" {
			page, err := f.get(ctx, it.Link)
			if err != nil {
				probs = append(probs, Problem{Path: it.Link, Reason: err.Error()})
			} else if got, err := readHTML(it.Link, page, a, o.MaxHTMLDepth); err != nil {
				probs = append(probs, Problem{Path: it.Link, Reason: err.Error()})
			} else {
				fetched := got[0]
				// The feed's own metadata stays: it is the item's.
				fetched.ID, fetched.Title, fetched.URL = a.ID, firstNonEmpty(a.Title, fetched.Title), a.URL
				if a.Published != "" {
					fetched.Published, fetched.DateSource = a.Published, a.DateSource
				}
				arts = append(arts, fetched)
				continue
			}
		}
		if strings.TrimSpace(text) == "" {
			probs = append(probs, Problem{Path: a.Path, Reason: "feed item has no text (use --fetch to download its page)"})
			continue
		}
		a.Text = []byte(text)
		arts = append(arts, a)
	}
	return arts, probs, nil
}
