package web_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/policygraph/policygraph/cmd/policygraph/internal/web"
)

// chromium finds the browser (POLICYGRAPH_CHROMIUM, else /usr/bin/chromium),
// or skips the test; with POLICYGRAPH_CI=1 a missing browser fails it.
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
	if os.Getenv("POLICYGRAPH_CI") == "1" {
		t.Fatal("Chromium is required in CI (POLICYGRAPH_CI=1) but was not found: apt-get install chromium, or set POLICYGRAPH_CHROMIUM")
	}
	t.Skip("skipping browser test: Chromium not found (apt-get install chromium, or set POLICYGRAPH_CHROMIUM)")
	return ""
}

// MustBrowser starts a fresh headless Chromium with its own profile.
func MustBrowser(t *testing.T) context.Context {
	t.Helper()
	exe := chromium(t)
	// The profile is removed after Chromium has exited (t.TempDir's check
	// can fail while Chromium's helper processes still write into it).
	profile, err := os.MkdirTemp("", "policygraph-chromium-")
	require.NoError(t, err)
	t.Cleanup(func() {
		time.Sleep(200 * time.Millisecond)
		_ = os.RemoveAll(profile)
	})
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
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
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	// Newer Chromium sends events this cdproto does not know: log them with
	// the test rather than on stderr.
	ctx, cancel2 := chromedp.NewContext(actx, chromedp.WithErrorf(t.Logf))
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancel3)
	return ctx
}

// waitJS polls a JavaScript expression until it is true.
func waitJS(expr string) chromedp.Action {
	return chromedp.Poll(expr, nil, chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(15*time.Second))
}

// inView scrolls the graph into view, and waits two frames: cytoscape.js
// learns where its canvas is from the scroll event.
func inView(ctx context.Context) error {
	if err := chromedp.ScrollIntoView(`#cy`, chromedp.ByID).Do(ctx); err != nil {
		return err
	}
	var ok bool
	return chromedp.Evaluate(`new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))`, &ok,
		func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }).Do(ctx)
}

// clickEdge clicks, with the mouse, the middle of the first graph edge
// with the given relation, as drawn by cytoscape.js on its canvas.
func clickEdge(relation string) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		if err := inView(ctx); err != nil {
			return err
		}
		var pt struct{ X, Y float64 }
		js := fmt.Sprintf(`(() => {
			const e = cy.edges('[relation = "%s"]')[0], m = e.renderedMidpoint(), r = document.getElementById("cy").getBoundingClientRect();
			return {X: r.left + m.x, Y: r.top + m.y};
		})()`, relation)
		if err := chromedp.Evaluate(js, &pt).Do(ctx); err != nil {
			return err
		}
		return chromedp.MouseClickXY(pt.X, pt.Y).Do(ctx)
	})
}

// clickNode clicks, with the mouse, the graph node with the given ID.
func clickNode(id string) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		if err := inView(ctx); err != nil {
			return err
		}
		var pt struct{ X, Y float64 }
		js := fmt.Sprintf(`(() => {
			const p = cy.getElementById(%q).renderedPosition(), r = document.getElementById("cy").getBoundingClientRect();
			return {X: r.left + p.x, Y: r.top + p.y};
		})()`, id)
		if err := chromedp.Evaluate(js, &pt).Do(ctx); err != nil {
			return err
		}
		return chromedp.MouseClickXY(pt.X, pt.Y).Do(ctx)
	})
}

// TestBrowserEndToEnd drives the UI in headless Chromium. Screenshots are
// written to t.ArtifactDir(): kept with `go test -artifacts -outputdir DIR`
// (under DIR), removed after the test otherwise.
func TestBrowserEndToEnd(t *testing.T) {
	ctx := MustBrowser(t)
	srv := MustFixtureServer(t, web.Config{QueryTimeout: 5 * time.Second})

	var tracker, answers, evidence, queryJSON, timeline, selected string
	var nodesBefore, nodesAfter int
	shots := map[string]*[]byte{}
	shot := func(name string) chromedp.Action {
		b := new([]byte)
		shots[name] = b
		return chromedp.FullScreenshot(b, 100) // 100 means PNG
	}
	// A full-page capture resizes the page; at phone width, capture the
	// (tall) viewport as laid out instead.
	phoneShot := func(name string) chromedp.Action {
		b := new([]byte)
		shots[name] = b
		return chromedp.CaptureScreenshot(b)
	}
	err := chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/#tracker"),
		chromedp.WaitVisible(`#tracker-results tbody tr`, chromedp.ByQuery),
		chromedp.Text(`#tracker-results`, &tracker, chromedp.ByQuery),
		shot("laptop-tracker"),

		// The tabs answer the arrow keys.
		chromedp.Focus(`#tab-timeline`, chromedp.ByID),
		chromedp.KeyEvent(kb.ArrowRight),
		chromedp.WaitVisible(`#questions`, chromedp.ByID),
		chromedp.AttributeValue(`#tab-questions`, "aria-selected", &selected, nil, chromedp.ByID),

		// The banned question lists Australia, with the evidence.
		chromedp.WaitVisible(`#q-banned`, chromedp.ByID),
		chromedp.Click(`#q-banned`, chromedp.ByID),
		chromedp.WaitVisible(`#question-results table`, chromedp.ByQuery),
		chromedp.Text(`#question-results`, &answers, chromedp.ByQuery),

		// Italy's graph: a mouse click on the vetoed edge shows its evidence.
		chromedp.Click(`#tab-graph`, chromedp.ByID),
		chromedp.WaitVisible(`#graph`, chromedp.ByID),
		chromedp.SetValue(`#entity`, "Italy", chromedp.ByID),
		chromedp.Click(`#show-graph`, chromedp.ByID),
		waitJS(`typeof cy === "object" && cy !== null && cy.edges('[relation = "vetoed"]').length > 0`),
		clickEdge("vetoed"),
		chromedp.WaitVisible(`#evidence .evidence-sentence`, chromedp.ByQuery),
		chromedp.Text(`#evidence`, &evidence, chromedp.ByQuery),
		shot("laptop-graph"),
		// A click on a node expands it: Huawei brings its other neighbours.
		chromedp.Evaluate(`cy.nodes().length`, &nodesBefore),
		clickNode("huawei"),
		waitJS(`cy.getElementById("australia").length > 0`),
		chromedp.Evaluate(`cy.nodes().length`, &nodesAfter),

		// A Gizmo query returns the vetoed deal.
		chromedp.Click(`#tab-query`, chromedp.ByID),
		chromedp.SetValue(`#query-text`, vetoQuery, chromedp.ByID),
		chromedp.Click(`#run-query`, chromedp.ByID),
		chromedp.WaitVisible(`#query-table`, chromedp.ByID),
		chromedp.TextContent(`#query-json`, &queryJSON, chromedp.ByID),

		// The tracker links each country to its timeline.
		chromedp.Click(`#tab-tracker`, chromedp.ByID),
		chromedp.WaitVisible(`#tracker`, chromedp.ByID),
		chromedp.WaitVisible(`#tracker-results a.timeline`, chromedp.ByQuery),
		chromedp.Click(`#tracker-results a.timeline`, chromedp.ByQuery),
		chromedp.WaitVisible(`#timeline ol.timeline li`, chromedp.ByQuery),
		chromedp.Text(`#timeline`, &timeline, chromedp.ByID),
		shot("laptop-timeline"),

		// Phone width.
		chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile),
		chromedp.Click(`#tab-tracker`, chromedp.ByID),
		chromedp.WaitVisible(`#tracker`, chromedp.ByID),
		chromedp.WaitVisible(`#tracker-results`, chromedp.ByQuery),
		phoneShot("phone-tracker"),
		chromedp.Click(`#tab-graph`, chromedp.ByID),
		chromedp.WaitVisible(`#graph`, chromedp.ByID), // drawn anew
		chromedp.Click(`#edge-list button.vetoed`, chromedp.ByQuery),
		chromedp.ScrollIntoView(`#main`, chromedp.ByID),
		phoneShot("phone-graph"),
	)
	require.NoError(t, err)
	assert.Contains(t, tracker, "Australia")
	assert.Contains(t, tracker, "United Kingdom")
	assert.Equal(t, "true", selected, "ArrowRight moves to the next tab")
	assert.Contains(t, answers, "Australia")
	assert.Contains(t, answers, "supplying equipment", "the evidence sentence")
	assert.Contains(t, evidence, "vetoed")
	assert.Contains(t, evidence, vetoSentence)
	assert.Contains(t, evidence, "Italy vetoes Fastweb deal", "the article link")
	assert.Greater(t, nodesAfter, nodesBefore, "clicking Huawei expanded the graph")
	assert.Contains(t, queryJSON, "fastweb-huawei-5g-deal")
	assert.Contains(t, timeline, "Timeline of Australia")
	assert.Contains(t, timeline, "banned")

	dir := t.ArtifactDir()
	for name, b := range shots {
		require.NotEmpty(t, *b, name)
		require.NoError(t, os.WriteFile(filepath.Join(dir, name+".png"), *b, 0o644))
	}
	t.Logf("screenshots in %s", dir)
}

// TestBrowserToken checks that the page asks for the token (a prompt,
// answered here like a user would) and then sends it with every API
// request, downloads included.
func TestBrowserToken(t *testing.T) {
	ctx := MustBrowser(t)
	srv := MustFixtureServer(t, web.Config{Token: "s3cret"})
	prompts := make(chan string, 8)
	chromedp.ListenTarget(ctx, func(ev any) {
		if d, ok := ev.(*page.EventJavascriptDialogOpening); ok {
			prompts <- d.Message
			go func() { _ = chromedp.Run(ctx, page.HandleJavaScriptDialog(true).WithPromptText("s3cret")) }()
		}
	})
	var tracker string
	var exportOK bool
	err := chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/#tracker"),
		chromedp.WaitVisible(`#tracker-results tbody tr`, chromedp.ByQuery),
		chromedp.Text(`#tracker-results`, &tracker, chromedp.ByQuery),
		chromedp.Evaluate(`request("/api/export?format=dot").then(r => r.ok)`, &exportOK, func(p *runtime.EvaluateParams) *runtime.EvaluateParams {
			return p.WithAwaitPromise(true)
		}),
	)
	require.NoError(t, err)
	assert.Contains(t, tracker, "Australia")
	assert.True(t, exportOK, "an export request carries the token")
	require.Len(t, prompts, 1, "the page asked for the token once")
	assert.Contains(t, <-prompts, "token")
}
