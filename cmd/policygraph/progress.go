package main

import (
	"fmt"
	"io"
	"time"

	"github.com/schollz/progressbar/v3"
)

// progressBarWidth is the width of the bar itself: with the percentage,
// the counts, the rate and the labelled times, a line stays within 80
// columns up to a million articles and hours of ingest.
const progressBarWidth = 12

// ingestProgress draws an ingest's progress on a terminal: percentage,
// bar, articles done of the total, rate, and labelled elapsed time and
// estimated time left.
type ingestProgress struct {
	bar      *progressbar.ProgressBar
	total    int
	start    time.Time
	now      func() time.Time
	throttle time.Duration // least time between two redraws
	drawn    time.Time     // last redraw
}

func newIngestProgress(w io.Writer, total int, throttle time.Duration) *ingestProgress {
	bar := progressbar.NewOptions(max(total, 1),
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetWidth(progressBarWidth),
		progressbar.OptionShowCount(),
		progressbar.OptionSetElapsedTime(false),
		progressbar.OptionSetPredictTime(false),
		progressbar.OptionShowDescriptionAtLineEnd(),
		progressbar.OptionSetDescription("elapsed 0s, ETA -"),
		progressbar.OptionThrottle(throttle),
		progressbar.OptionClearOnFinish(),
	)
	return &ingestProgress{bar: bar, total: total, start: time.Now(), now: time.Now, throttle: throttle}
}

// progressLineWidth is the most columns a progress line takes.
const progressLineWidth = 80

// set shows done articles of the total.
func (p *ingestProgress) set(done int) {
	now := p.now()
	if now.Sub(p.drawn) < p.throttle && done < p.total {
		return
	}
	p.drawn = now
	elapsed := now.Sub(p.start)
	eta := "-"
	if done > 0 && p.total > done {
		eta = shortDuration(time.Duration(float64(elapsed) * float64(p.total-done) / float64(done)))
	}
	label := fmt.Sprintf("elapsed %s, ETA %s", shortDuration(elapsed), eta)
	if secs := elapsed.Seconds(); secs > 0 {
		// The rate goes first when the line has room for it.
		withRate := fmt.Sprintf("%.0f articles/s, %s", float64(done)/secs, label)
		// "100% |bar| (done/total) " precede the label.
		used := len("100% ||  () ") + progressBarWidth + 2*len(fmt.Sprint(max(p.total, 1)))
		if used+len(withRate) <= progressLineWidth {
			label = withRate
		}
	}
	_ = p.bar.Set(done)   // may draw, throttled, with the previous label
	p.bar.Describe(label) // draws
}

func (p *ingestProgress) clear()  { _ = p.bar.Clear() }
func (p *ingestProgress) finish() { _ = p.bar.Finish() }

// shortDuration rounds d to the second: 1h2m3s, 4m5s, 6s.
func shortDuration(d time.Duration) string {
	return fmt.Sprint(d.Round(time.Second))
}
