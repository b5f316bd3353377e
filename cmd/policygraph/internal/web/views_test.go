package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/policygraph/policygraph/cmd/policygraph/internal/web"
)

// screenshots is where the view tests save their screenshots (printed):
// the directory in POLICYGRAPH_SCREENSHOTS, else t.ArtifactDir() (kept with
// `go test -artifacts -outputdir DIR`, removed after the test otherwise).
func screenshots(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("POLICYGRAPH_SCREENSHOTS")
	if dir == "" {
		dir = t.ArtifactDir()
	}
	require.NoError(t, os.MkdirAll(dir, 0o755))
	t.Logf("screenshots in %s", dir)
	return dir
}

// tab opens a new browser tab that fails the test on any JavaScript error.
func tab(t *testing.T, browser context.Context) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser)
	t.Cleanup(cancel)
	var mu sync.Mutex
	var errs []string
	chromedp.ListenTarget(ctx, func(ev any) {
		switch e := ev.(type) {
		case *runtime.EventExceptionThrown:
			mu.Lock()
			errs = append(errs, e.ExceptionDetails.Error())
			mu.Unlock()
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.APITypeError {
				mu.Lock()
				errs = append(errs, fmt.Sprintf("console.error %s", e.Args[0].Value))
				mu.Unlock()
			}
		}
	})
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		assert.Empty(t, errs, "JavaScript errors")
	})
	return ctx
}

// shoot saves a screenshot of the viewport as dir/name.png.
func shoot(t *testing.T, dir, name string) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		var b []byte
		if err := chromedp.CaptureScreenshot(&b).Do(ctx); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, name+".png"), b, 0o644)
	})
}

// getJSON reads an API answer.
func getJSON(t *testing.T, url string, v any) {
	t.Helper()
	res, err := http.Get(url)
	require.NoError(t, err)
	defer res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode, url)
	require.NoError(t, json.NewDecoder(res.Body).Decode(v))
}

// relationColour is the computed CSS colour (rgb(...)) of a relation, as
// the relation table gives it.
func relationColour(rel string) string {
	return fmt.Sprintf(`(() => { const d = document.createElement("div"); d.style.color = REL[%q].css; document.body.append(d);
		const c = getComputedStyle(d).color; d.remove(); return c; })()`, rel)
}

// clickCountry clicks, with the mouse, the middle of a country's shape on
// the map (its centroid, which is on land).
func clickCountry(iso2 string) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		var pt struct{ X, Y float64 }
		js := fmt.Sprintf(`(() => {
			const f = atlas.byIso[%q], svg = document.getElementById("map-svg"), p = svg.createSVGPoint();
			p.x = f.centre[0]; p.y = f.centre[1];
			const s = p.matrixTransform(svg.getScreenCTM());
			return {X: s.x, Y: s.y};
		})()`, iso2)
		if err := chromedp.Evaluate(js, &pt).Do(ctx); err != nil {
			return err
		}
		return chromedp.MouseClickXY(pt.X, pt.Y).Do(ctx)
	})
}

type trackerAnswer struct {
	Rows []struct {
		Country string `json:"country"`
		Stance  string `json:"stance"`
	} `json:"rows"`
}

func stanceOf(a trackerAnswer, country string) string {
	for _, r := range a.Rows {
		if r.Country == country {
			return r.Stance
		}
	}
	return ""
}

// TestBrowserViews drives the map, timeline, graph, questions and query
// views on the seed corpus in headless Chromium, at laptop and phone width,
// and saves screenshots of each.
func TestBrowserViews(t *testing.T) {
	browser := MustBrowser(t)
	// Start the browser in this context, so that each subtest opens a tab in it.
	require.NoError(t, chromedp.Run(browser))
	srv := MustSeedServer(t, web.Config{QueryTimeout: 5 * time.Second})
	dir := screenshots(t)
	laptop := chromedp.EmulateViewport(1280, 900)
	phone := chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile)

	t.Run("map: Australia banned, the United Kingdom as of 2019-03-01", func(t *testing.T) {
		var before, asOf trackerAnswer
		getJSON(t, srv.URL+"/api/map", &before)
		getJSON(t, srv.URL+"/api/map?as_of=2019-03-01", &asOf)
		var banned struct {
			Results []struct{ Country string } `json:"results"`
		}
		getJSON(t, srv.URL+"/api/ask/banned?as_of=2019-03-01", &banned)
		for _, r := range banned.Results {
			require.NotEqual(t, "United Kingdom", r.Country, "ask banned --as-of 2019-03-01 does not list the United Kingdom")
		}
		ukThen := stanceOf(asOf, "United Kingdom")
		require.Equal(t, "banned", stanceOf(before, "United Kingdom"))

		ctx := tab(t, browser)
		var auFill, bannedColour, ukBefore, ukAfter, ukThenColour, ukStance, hash, tip string
		var smallMarked bool
		err := chromedp.Run(ctx, laptop,
			chromedp.Navigate(srv.URL),
			chromedp.WaitVisible(`#map-svg[data-asof="latest"] path[data-iso2="AU"][data-stance]`, chromedp.ByQuery),
			chromedp.Evaluate(`getComputedStyle(document.querySelector('#map-svg path[data-iso2="AU"]')).fill`, &auFill),
			chromedp.Evaluate(relationColour("banned"), &bannedColour),
			chromedp.Evaluate(`getComputedStyle(document.querySelector('#map-svg path[data-iso2="GB"]')).fill`, &ukBefore),
			shoot(t, dir, "laptop-map"),
			// Move the slider (as a user's drag does: input events).
			chromedp.Evaluate(`(() => { const s = document.getElementById("map-date");
				s.value = Math.round((dateStart("2019-03-01") - mapState.start) / DAY);
				s.dispatchEvent(new Event("input", {bubbles: true})); })()`, nil),
			chromedp.WaitVisible(`#map-svg[data-asof="2019-03-01"]`, chromedp.ByQuery),
			chromedp.Evaluate(`getComputedStyle(document.querySelector('#map-svg path[data-iso2="GB"]')).fill`, &ukAfter),
			chromedp.AttributeValue(`#map-svg path[data-iso2="GB"]`, "data-stance", &ukStance, nil, chromedp.ByQuery),
			chromedp.Evaluate(relationColour(ukThen), &ukThenColour),
			chromedp.Evaluate(`location.hash`, &hash),
			// Hover names the country, its stance and its date.
			chromedp.ActionFunc(func(ctx context.Context) error {
				var pt struct{ X, Y float64 }
				if err := chromedp.Evaluate(`(() => { const f = atlas.byIso.GB, svg = document.getElementById("map-svg"), p = svg.createSVGPoint();
					p.x = f.centre[0]; p.y = f.centre[1]; const s = p.matrixTransform(svg.getScreenCTM()); return {X: s.x, Y: s.y}; })()`, &pt).Do(ctx); err != nil {
					return err
				}
				return chromedp.MouseEvent("mouseMoved", pt.X, pt.Y).Do(ctx)
			}),
			chromedp.WaitVisible(`#map-tip`, chromedp.ByID),
			chromedp.Text(`#map-tip`, &tip, chromedp.ByID),
			shoot(t, dir, "laptop-map-2019-03-01"),
			// Play moves through time; pause stops it.
			chromedp.Click(`#map-play`, chromedp.ByID),
			waitJS(`!["latest", "2019-03-01"].includes(document.getElementById("map-svg").dataset.asof)`),
			chromedp.Click(`#map-play`, chromedp.ByID),
			chromedp.Evaluate(`atlas.byIso.MC.small && atlas.byIso.SG.small && !atlas.byIso.AU.small`, &smallMarked),
		)
		require.NoError(t, err)
		assert.Equal(t, bannedColour, auFill, "Australia is in the banned colour")
		assert.Equal(t, bannedColour, ukBefore, "the United Kingdom is banned at the latest date")
		assert.Equal(t, ukThen, ukStance, "the map shows the tracker's stance as of 2019-03-01")
		assert.NotEqual(t, "banned", ukStance)
		assert.Equal(t, ukThenColour, ukAfter, "the United Kingdom is in the colour of its stance as of 2019-03-01")
		assert.NotEqual(t, ukBefore, ukAfter, "the United Kingdom changed colour")
		assert.Contains(t, hash, "as_of=2019-03-01", "the address holds the date")
		assert.Contains(t, tip, "United Kingdom")
		assert.Contains(t, tip, strings.ReplaceAll(ukThen, "_", " "))
		assert.Contains(t, tip, "2019-02")
		assert.True(t, smallMarked, "Monaco and Singapore are too small to click: they get a marker")
	})

	t.Run("clicking Italy opens its timeline with the veto and its evidence", func(t *testing.T) {
		var vetoes struct {
			Results []struct {
				Country  string
				Evidence struct{ Sentence, Title string }
			} `json:"results"`
		}
		getJSON(t, srv.URL+"/api/ask/vetoes", &vetoes)
		var sentence, title string
		for _, v := range vetoes.Results {
			if v.Country == "Italy" {
				sentence, title = v.Evidence.Sentence, v.Evidence.Title
			}
		}
		require.NotEmpty(t, sentence, "the seeds have Italy's veto")

		ctx := tab(t, browser)
		var text, hash string
		var vetoItems int
		err := chromedp.Run(ctx, laptop,
			chromedp.Navigate(srv.URL+"/#map"),
			chromedp.WaitVisible(`#map-svg path[data-iso2="IT"][data-stance="restricted"]`, chromedp.ByQuery),
			clickCountry("IT"),
			chromedp.WaitVisible(`#timeline ol.timeline li[data-relation="vetoed"]`, chromedp.ByQuery),
			chromedp.Text(`#timeline`, &text, chromedp.ByID),
			chromedp.Evaluate(`document.querySelectorAll('#timeline li[data-relation="vetoed"]').length`, &vetoItems),
			chromedp.Evaluate(`location.hash`, &hash),
			shoot(t, dir, "laptop-timeline"),
		)
		require.NoError(t, err)
		assert.Contains(t, text, "Timeline of Italy")
		assert.Greater(t, vetoItems, 0)
		assert.Contains(t, text, "vetoed")
		assert.Contains(t, text, sentence, "the veto's evidence sentence")
		assert.Contains(t, text, title, "the veto's article")
		assert.Contains(t, text, "denied", "the denied ban is shown as denied")
		assert.Equal(t, "#timeline/Italy?target=Huawei", hash)
	})

	t.Run("graph filter hides denied facts", func(t *testing.T) {
		ctx := tab(t, browser)
		var deniedBefore, deniedAfter, listedAfter int
		var label, hash string
		err := chromedp.Run(ctx, laptop,
			chromedp.Navigate(srv.URL+"/#graph/Italy"),
			waitJS(`typeof cy === "object" && cy !== null && cy.edges().length > 0`),
			chromedp.Evaluate(`cy.edges('[modality = "denied"]').length`, &deniedBefore),
			chromedp.Evaluate(`cy.edges('[modality = "denied"]')[0].data("label")`, &label),
			shoot(t, dir, "laptop-graph"),
			chromedp.Click(`#f-mod-denied`, chromedp.ByID),
			waitJS(`cy.edges('[modality = "denied"]').length === 0`),
			chromedp.Evaluate(`cy.edges('[modality = "denied"]').length`, &deniedAfter),
			chromedp.Evaluate(`document.querySelectorAll("#edge-list .mod-denied").length`, &listedAfter),
			chromedp.Evaluate(`location.hash`, &hash),
			// From 2020 on: the 2019 facts go too.
			chromedp.SendKeys(`#filter-from`, "2020-01-01", chromedp.ByID),
			waitJS(`cy.edges('[relation = "declined_to_ban"]').length === 0 && cy.edges('[relation = "vetoed"]').length > 0`),
		)
		require.NoError(t, err)
		assert.Greater(t, deniedBefore, 0, "Italy's denied ban is drawn")
		assert.Equal(t, "denied: banned", label, "a denied fact is labelled as denied, not as the relation it denies")
		assert.Zero(t, deniedAfter)
		assert.Zero(t, listedAfter, "nor listed")
		assert.Contains(t, hash, "mod=asserted%2Creported%2Chypothetical", "the filter is in the address")
	})

	t.Run("unknown entity and left-out results are said so", func(t *testing.T) {
		var contradictions struct {
			Omitted int `json:"omitted"`
		}
		getJSON(t, srv.URL+"/api/ask/contradictions?window=48&limit=1", &contradictions)
		require.Positive(t, contradictions.Omitted, "the seeds have more than one contradiction")
		ctx := tab(t, browser)
		var empty, notice string
		err := chromedp.Run(ctx, laptop,
			chromedp.Navigate(srv.URL+"/#graph/Atlantis"),
			chromedp.WaitVisible(`#graph-empty`, chromedp.ByID),
			chromedp.Text(`#graph-empty`, &empty, chromedp.ByID),
			chromedp.Navigate(srv.URL+"/#questions/contradictions?window=48&limit=1"),
			chromedp.WaitVisible(`#question-results .notice`, chromedp.ByQuery),
			chromedp.Text(`#question-results .notice`, &notice, chromedp.ByQuery),
		)
		require.NoError(t, err)
		assert.Contains(t, empty, "No entity called “Atlantis”.")
		assert.Contains(t, empty, `"Atlantis": not found`, "the server's message")
		assert.Contains(t, notice, fmt.Sprintf("%d omitted", contradictions.Omitted))
	})

	t.Run("back after a question restores the previous view", func(t *testing.T) {
		ctx := tab(t, browser)
		var first, second, back string
		var mapVisible bool
		err := chromedp.Run(ctx, laptop,
			chromedp.Navigate(srv.URL),
			chromedp.WaitVisible(`#map-svg path[data-stance="banned"]`, chromedp.ByQuery),
			chromedp.Click(`#tab-questions`, chromedp.ByID),
			chromedp.WaitVisible(`#q-banned`, chromedp.ByID),
			chromedp.Click(`#q-banned`, chromedp.ByID),
			chromedp.WaitVisible(`#q-banned[aria-pressed="true"]`, chromedp.ByQuery),
			chromedp.WaitVisible(`#question-results table`, chromedp.ByQuery),
			chromedp.Text(`#question-results`, &first, chromedp.ByID),
			shoot(t, dir, "laptop-questions"),
			chromedp.Click(`#q-declined`, chromedp.ByID),
			chromedp.WaitVisible(`#q-declined[aria-pressed="true"]`, chromedp.ByQuery),
			waitJS(`document.getElementById("question-results").textContent.includes("France")`),
			chromedp.Text(`#question-results`, &second, chromedp.ByID),
			chromedp.NavigateBack(),
			chromedp.WaitVisible(`#q-banned[aria-pressed="true"]`, chromedp.ByQuery),
			waitJS(`document.getElementById("question-results").textContent.includes("Australia")`),
			chromedp.Text(`#question-results`, &back, chromedp.ByID),
			chromedp.NavigateBack(), // the questions tab, nothing asked yet
			chromedp.WaitNotPresent(`#question-buttons button[aria-pressed="true"]`, chromedp.ByQuery),
			chromedp.NavigateBack(), // the map
			chromedp.WaitVisible(`#map`, chromedp.ByID),
			chromedp.Evaluate(`!document.getElementById("map").hidden && document.getElementById("questions").hidden`, &mapVisible),
		)
		require.NoError(t, err)
		assert.Contains(t, first, "Australia")
		assert.NotContains(t, second, "Australia")
		assert.Equal(t, first, back, "back shows the banned answer again")
		assert.True(t, mapVisible, "back again returns to the map")
	})

	t.Run("a shared URL opens the same question", func(t *testing.T) {
		ctx := tab(t, browser)
		var shared, answer string
		err := chromedp.Run(ctx, laptop,
			chromedp.Navigate(srv.URL+"/#questions/banned"),
			chromedp.WaitVisible(`#question-results table`, chromedp.ByQuery),
			chromedp.SetValue(`#p-as_of`, "2019-03-01", chromedp.ByID),
			chromedp.Click(`#run-question`, chromedp.ByID),
			waitJS(`location.hash.includes("as_of=2019-03-01") && !document.getElementById("question-results").textContent.includes("United Kingdom")`),
			chromedp.Evaluate(`location.href`, &shared),
			chromedp.Text(`#question-results`, &answer, chromedp.ByID),
		)
		require.NoError(t, err)
		other := tab(t, browser)
		var opened, asOfValue string
		err = chromedp.Run(other, laptop,
			chromedp.Navigate(shared),
			chromedp.WaitVisible(`#q-banned[aria-pressed="true"]`, chromedp.ByQuery),
			chromedp.WaitVisible(`#question-results table`, chromedp.ByQuery),
			chromedp.Value(`#p-as_of`, &asOfValue, chromedp.ByID),
			chromedp.Text(`#question-results`, &opened, chromedp.ByID),
		)
		require.NoError(t, err)
		assert.Equal(t, "2019-03-01", asOfValue)
		assert.Equal(t, answer, opened, "the shared address shows the same answer")
		assert.Contains(t, opened, "Australia")
		assert.NotContains(t, opened, "United Kingdom")
	})

	t.Run("query tab: examples, predicates, history, results as a graph", func(t *testing.T) {
		ctx := tab(t, browser)
		var examples, predicates, drawn, historyAfterReload int
		var results, hash string
		err := chromedp.Run(ctx, laptop,
			chromedp.Navigate(srv.URL+"/#query"),
			chromedp.WaitVisible(`#query-examples li`, chromedp.ByQuery),
			chromedp.Evaluate(`document.querySelectorAll("#query-examples a").length`, &examples),
			chromedp.Evaluate(`document.querySelectorAll("#query-predicates button").length`, &predicates),
			chromedp.Click(`#example-1`, chromedp.ByID), // what Italy vetoed
			chromedp.WaitVisible(`#query-table`, chromedp.ByID),
			chromedp.Text(`#query-results`, &results, chromedp.ByID),
			chromedp.Evaluate(`location.hash`, &hash),
			chromedp.WaitVisible(`#query-draw`, chromedp.ByID),
			chromedp.Click(`#query-draw`, chromedp.ByID),
			waitJS(`qcy !== null && qcy.nodes().length > 0`),
			chromedp.Evaluate(`qcy.nodes().length`, &drawn),
			chromedp.ScrollIntoView(`#query-examples`, chromedp.ByID),
			shoot(t, dir, "laptop-query"),
			chromedp.Navigate(srv.URL+"/#query"),
			chromedp.WaitVisible(`#history-0`, chromedp.ByID),
			chromedp.Evaluate(`document.querySelectorAll("#query-history a").length`, &historyAfterReload),
		)
		require.NoError(t, err)
		assert.GreaterOrEqual(t, examples, 5)
		assert.Greater(t, predicates, 20, "the store's predicates are listed")
		assert.Contains(t, results, "fastweb-huawei-5g-deal")
		assert.Contains(t, hash, "#query?lang=gizmo&q=", "the query is in the address")
		assert.Positive(t, drawn)
		assert.Equal(t, 1, historyAfterReload, "the query was kept in the browser")

		// Every example runs and answers something on the seeds.
		var all []struct{ Lang, Query string }
		require.NoError(t, chromedp.Run(ctx, chromedp.Evaluate(`EXAMPLES`, &all)))
		for _, x := range all {
			r := do(t, srv, http.MethodPost, "/api/query", queryBody(x.Lang, x.Query, 5), nil)
			assert.Equal(t, http.StatusOK, r.status, r.body)
			assert.NotContains(t, r.body, `"results":[]`, x.Query)
		}
	})

	t.Run("keyboard and contrast", func(t *testing.T) {
		ctx := tab(t, browser)
		var low []string
		var title string
		// Text colour against the first opaque background behind it.
		contrast := `(() => {
			const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
			const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
				return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
			const bg = (e) => { for (; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor);
				if (c.length === 3 || c[3] > 0.5) return c; } return [255, 255, 255]; };
			const out = [];
			for (const e of document.querySelectorAll("main *, header *")) {
				if (!e.offsetParent || ![...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
				const a = lum(rgb(getComputedStyle(e).color)), b = lum(bg(e));
				const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
				if (ratio < 4.5) out.push(e.tagName + "." + e.className + " " + ratio.toFixed(2) + " " + e.textContent.trim().slice(0, 30));
			}
			return out;
		})()`
		err := chromedp.Run(ctx, laptop,
			chromedp.Navigate(srv.URL),
			chromedp.WaitVisible(`#map-svg path[data-iso2="IT"][tabindex="0"]`, chromedp.ByQuery),
			chromedp.Evaluate(contrast, &low),
			chromedp.Focus(`#map-svg path[data-iso2="IT"]`, chromedp.ByQuery),
			chromedp.KeyEvent("\r"),
			chromedp.WaitVisible(`#timeline ol.timeline li`, chromedp.ByQuery),
			chromedp.Text(`#timeline-title`, &title, chromedp.ByID),
		)
		require.NoError(t, err)
		assert.Empty(t, low, "text below 4.5:1 contrast on the map view")
		// The check finds pale text.
		var pale []string
		require.NoError(t, chromedp.Run(ctx, chromedp.Evaluate(`document.getElementById("timeline").append(Object.assign(document.createElement("p"),
			{textContent: "pale", style: "color: #aaa", id: "pale"}))`, nil), chromedp.Evaluate(contrast, &pale),
			chromedp.Evaluate(`document.getElementById("pale").remove()`, nil)))
		assert.Len(t, pale, 1, "the contrast check sees text")
		assert.Equal(t, "Timeline of Italy toward Huawei", title, "Enter on a country opens its timeline")
		for _, view := range []string{"#timeline/Italy?target=Huawei", "#questions/banned", "#graph/Italy", "#query", "#tracker"} {
			low = nil
			require.NoError(t, chromedp.Run(ctx, chromedp.Navigate(srv.URL+"/"+view), chromedp.Sleep(700*time.Millisecond), chromedp.Evaluate(contrast, &low)))
			assert.Empty(t, low, "text below 4.5:1 contrast in %s", view)
		}
	})

	t.Run("phone width: cards, evidence shown, no horizontal scrolling", func(t *testing.T) {
		ctx := tab(t, browser)
		widths := map[string]int{}
		width := func(name string) chromedp.Action {
			return chromedp.ActionFunc(func(ctx context.Context) error {
				var w int
				err := chromedp.Evaluate(`document.documentElement.scrollWidth`, &w).Do(ctx)
				widths[name] = w
				return err
			})
		}
		var evidenceShown, headHidden bool
		var cards int
		err := chromedp.Run(ctx, phone,
			chromedp.Navigate(srv.URL+"/#questions/banned"),
			chromedp.WaitVisible(`#question-results table`, chromedp.ByQuery),
			chromedp.Evaluate(`document.querySelectorAll("#question-results tbody tr").length`, &cards),
			chromedp.Evaluate(`[...document.querySelectorAll("#question-results td.evidence-cell q")].every(q => q.offsetParent !== null && q.getBoundingClientRect().right <= innerWidth)`, &evidenceShown),
			chromedp.Evaluate(`getComputedStyle(document.querySelector("#question-results thead")).position === "absolute"`, &headHidden),
			width("questions"),
			chromedp.ScrollIntoView(`#question-results`, chromedp.ByID),
			shoot(t, dir, "phone-questions"),
			chromedp.Navigate(srv.URL+"/#questions/pressured"),
			waitJS(`document.getElementById("question-results").textContent.includes("European Union")`),
			width("pressured"),
			chromedp.Navigate(srv.URL+"/#questions/contradictions"),
			chromedp.WaitVisible(`#question-results p.hint`, chromedp.ByQuery),
			width("contradictions"),
			chromedp.Navigate(srv.URL+"/#tracker"),
			chromedp.WaitVisible(`#tracker-results tbody tr`, chromedp.ByQuery),
			width("tracker"),
			chromedp.Navigate(srv.URL+"/#map"),
			chromedp.WaitVisible(`#map-svg path[data-stance="banned"]`, chromedp.ByQuery),
			width("map"),
			shoot(t, dir, "phone-map"),
			chromedp.Navigate(srv.URL+"/#timeline/Italy?target=Huawei"),
			chromedp.WaitVisible(`ol.timeline li`, chromedp.ByQuery),
			width("timeline"),
			shoot(t, dir, "phone-timeline"),
			chromedp.Navigate(srv.URL+"/#graph/Italy"),
			waitJS(`typeof cy === "object" && cy !== null && cy.edges().length > 0`),
			width("graph"),
			chromedp.ScrollIntoView(`#cy`, chromedp.ByID),
			shoot(t, dir, "phone-graph"),
		)
		require.NoError(t, err)
		assert.Greater(t, cards, 0)
		assert.True(t, evidenceShown, "every card shows its evidence within the screen")
		assert.True(t, headHidden, "the column heads give way to labels in the cards")
		for view, w := range widths {
			assert.LessOrEqual(t, w, 390, "%s scrolls sideways at 390 px", view)
		}
	})
}

// TestBrowserResultColumns checks that result tables take their columns
// from every row: a first row without a field does not hide it.
func TestBrowserResultColumns(t *testing.T) {
	ctx := MustBrowser(t)
	srv := MustSeedServer(t, web.Config{})
	// On the seeds, the first pressure has no vendor, and the article's
	// first fact no target.
	var pressured struct {
		Results []map[string]any `json:"results"`
	}
	getJSON(t, srv.URL+"/api/ask/pressured", &pressured)
	require.NotEmpty(t, pressured.Results)
	require.NotContains(t, pressured.Results[0], "about")
	var article, articleHead, pressuredHead string
	err := chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/#article/003_0e5be0eb0b0a920a.txt"),
		chromedp.WaitVisible(`#article-body table`, chromedp.ByQuery),
		chromedp.Text(`#article-body tbody`, &article, chromedp.ByQuery),
		chromedp.Text(`#article-body thead`, &articleHead, chromedp.ByQuery),
		chromedp.Navigate(srv.URL+"/#questions/pressured"),
		chromedp.WaitVisible(`#question-results table`, chromedp.ByQuery),
		chromedp.Text(`#question-results thead`, &pressuredHead, chromedp.ByQuery),
	)
	require.NoError(t, err)
	assert.Contains(t, articleHead, "target")
	assert.Contains(t, article, "Huawei")
	assert.Contains(t, article, "ZTE", "both of Australia's bans show their vendor")
	assert.Contains(t, pressuredHead, "about")
}
