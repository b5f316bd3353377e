package web_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/policygraph/policygraph/cmd/policygraph/internal/web"
)

// chromium finds the browser, or skips (fails when POLICYGRAPH_CI is set).
func chromium(t *testing.T) string {
	t.Helper()
	for _, p := range []string{os.Getenv("POLICYGRAPH_CHROMIUM"), "/usr/bin/chromium", "chromium", "chromium-browser"} {
		if p == "" {
			continue
		}
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	if os.Getenv("POLICYGRAPH_CI") != "" {
		t.Fatal("Chromium is required in CI (POLICYGRAPH_CI is set) but was not found; install Debian's chromium")
	}
	t.Skip("skipping browser test: Chromium not installed (apt-get install chromium)")
	return ""
}

// MustBrowser starts a fresh headless Chromium.
func MustBrowser(t *testing.T) context.Context {
	t.Helper()
	// A fresh profile, removed after Chromium has exited (t.TempDir would
	// fail while Chromium's helpers still write into it).
	profile, err := os.MkdirTemp("", "policygraph-chromium-")
	require.NoError(t, err)
	t.Cleanup(func() {
		time.Sleep(200 * time.Millisecond)
		_ = os.RemoveAll(profile)
	})
	opts := append(chromedp.DefaultExecAllocatorOptions[:0:0],
		chromedp.ExecPath(chromium(t)),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
	)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	// Newer Chromium sends events this cdproto does not know; log them
	// with the test instead of on stderr.
	ctx, cancel2 := chromedp.NewContext(actx, chromedp.WithErrorf(t.Logf))
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(cancel3)
	return ctx
}

func TestBrowserEndToEnd(t *testing.T) {
	ctx := MustBrowser(t)
	srv := MustSeedServer(t, web.Config{QueryTimeout: 2 * time.Second})

	var tracker, answers, evidence, queryOut, timeline string
	var shot, phone []byte
	err := chromedp.Run(ctx,
		chromedp.Navigate(srv.URL),
		chromedp.WaitVisible(`#tracker-results`, chromedp.ByQuery),
		chromedp.Text(`#tracker-results`, &tracker, chromedp.ByQuery),

		// The banned question lists Australia.
		chromedp.Click(`button[data-tab="questions"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#q-banned`, chromedp.ByID),
		chromedp.Click(`#q-banned`, chromedp.ByID),
		chromedp.WaitVisible(`#question-results table`, chromedp.ByQuery),
		chromedp.Text(`#question-results`, &answers, chromedp.ByQuery),

		// Italy's graph has the vetoed edge, with its evidence.
		chromedp.Click(`button[data-tab="graph"]`, chromedp.ByQuery),
		chromedp.SetValue(`#entity`, "Italy", chromedp.ByID),
		chromedp.Click(`#show-graph`, chromedp.ByID),
		chromedp.WaitVisible(`#edge-list button.vetoed`, chromedp.ByQuery),
		chromedp.Click(`#edge-list button.vetoed`, chromedp.ByQuery),
		chromedp.WaitVisible(`#evidence .evidence-sentence`, chromedp.ByQuery),
		chromedp.Text(`#evidence`, &evidence, chromedp.ByQuery),
		chromedp.FullScreenshot(&shot, 100),

		// A Gizmo query returns a result.
		chromedp.Click(`button[data-tab="query"]`, chromedp.ByQuery),
		chromedp.SetValue(`#query-text`, `g.V("<https://policygraph.org/entity/italy>").Out("<https://policygraph.org/vocab/vetoed>").All()`, chromedp.ByID),
		chromedp.Click(`#run-query`, chromedp.ByID),
		chromedp.WaitVisible(`#query-table`, chromedp.ByID),
		chromedp.Text(`#query-json`, &queryOut, chromedp.ByID),

		// The tracker links to each country's timeline.
		chromedp.Click(`button[data-tab="tracker"]`, chromedp.ByQuery),
		chromedp.Click(`#tracker-results a.timeline`, chromedp.ByQuery),
		chromedp.WaitVisible(`#q-stance[aria-pressed="true"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`//div[@id="question-results"]//th[text()="relation"]`, chromedp.BySearch),
		chromedp.Text(`#question-results`, &timeline, chromedp.ByQuery),

		// Phone width.
		chromedp.EmulateViewport(390, 844),
		chromedp.Click(`button[data-tab="tracker"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#tracker-results`, chromedp.ByQuery),
		chromedp.FullScreenshot(&phone, 100),
	)
	require.NoError(t, err)
	assert.Contains(t, tracker, "United Kingdom")
	assert.Contains(t, answers, "Australia")
	assert.Contains(t, timeline, "banned", "Australia's timeline")
	assert.Contains(t, evidence, "vetoed")
	assert.Contains(t, evidence, "Fastweb")
	assert.True(t, strings.Contains(queryOut, "fastweb-huawei-5g-deal"), queryOut)

	dir := os.Getenv("POLICYGRAPH_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	require.NoError(t, os.MkdirAll(dir, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "graph-laptop.png"), shot, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "tracker-phone.png"), phone, 0o644))
	t.Logf("screenshots in %s", dir)
}
