package extract

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/policygraph/policygraph/domain"
)

var monthNames = map[string]int{
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
	"august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}

// eventDate resolves the first date expression of sentence against the
// publication date (see eventDateOf).
func eventDate(text, published string) string {
	s := &sentence{text: text, low: asciiLower(text)}
	s.toks = tokenize(nil, s.text, s.low, 0)
	for i := range s.toks {
		if dateWords[s.toks[i].norm] {
			s.toks[i].lex = &lexEntry{date: true}
		}
	}
	return eventDateOf(s, published)
}

// pubDate is a parsed publication date; month and day are 0 when unknown.
type pubDate struct{ year, month, day int }

func parsePublished(p string) (pubDate, bool) {
	var d pubDate
	if len(p) < 4 {
		return d, false
	}
	y, err := strconv.Atoi(p[:4])
	if err != nil {
		return d, false
	}
	d.year = y
	if len(p) >= 7 {
		d.month, _ = strconv.Atoi(p[5:7])
	}
	if len(p) >= 10 && d.month > 0 {
		d.day, _ = strconv.Atoi(p[8:10])
	}
	return d, true
}

func (d pubDate) time() time.Time {
	return time.Date(d.year, time.Month(d.month), d.day, 12, 0, 0, 0, time.UTC)
}

func ym(y, m int) string { return fmt.Sprintf("%04d-%02d", y, m) }

var weekdays = map[string]time.Weekday{
	"monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday, "thursday": time.Thursday,
	"friday": time.Friday, "saturday": time.Saturday, "sunday": time.Sunday,
}

// eventDateOf resolves the first date expression of s ("last year", "in
// December", "earlier this month", "late Thursday", "this week", "in May
// 2019", "in 2018") against the publication date. It returns the
// publication date when the sentence has none, and partial dates ("2018",
// "2020-10") when that is all the text says.
func eventDateOf(s *sentence, published string) string {
	p, ok := parsePublished(published)
	if !ok {
		return published
	}
	for i := range s.toks {
		if l := s.toks[i].lex; l == nil || !l.date {
			continue // no date expression turns on the word
		}
		w := s.word(i)
		if futureEvent(s, i) {
			continue // "ahead of auctions set for next year": another event's date
		}
		switch w {
		case "year":
			switch s.word(i - 1) {
			case "last", "past":
				if s.word(i-2) != "the" { // "over the last year" is a span
					return strconv.Itoa(p.year - 1)
				}
			case "this":
				return strconv.Itoa(p.year)
			case "next":
				return strconv.Itoa(p.year + 1)
			}
		case "month":
			if p.month == 0 {
				continue
			}
			switch s.word(i - 1) {
			case "last":
				if p.month == 1 {
					return ym(p.year-1, 12)
				}
				return ym(p.year, p.month-1)
			case "this":
				return ym(p.year, p.month)
			case "next":
				if p.month == 12 {
					return ym(p.year+1, 1)
				}
				return ym(p.year, p.month+1)
			}
		case "week":
			if p.day == 0 {
				if p.month > 0 {
					return ym(p.year, p.month)
				}
				continue
			}
			switch s.word(i - 1) {
			case "this":
				return published[:10]
			case "last":
				return p.time().AddDate(0, 0, -7).Format("2006-01-02")
			}
		case "yesterday", "today":
			if p.day == 0 {
				continue
			}
			if w == "today" {
				return published[:10]
			}
			return p.time().AddDate(0, 0, -1).Format("2006-01-02")
		case "ago":
			if n := numberWord(s.word(i - 2)); n > 0 {
				switch s.word(i - 1) {
				case "years", "year":
					return strconv.Itoa(p.year - n)
				}
			}
		}
		if wd, ok := weekdays[w]; ok && p.day > 0 && s.toks[i].upper {
			t := p.time()
			back := (int(t.Weekday()) - int(wd) + 7) % 7
			if s.word(i-1) == "next" {
				continue
			}
			if s.word(i-1) == "last" && back == 0 {
				back = 7
			}
			return t.AddDate(0, 0, -back).Format("2006-01-02")
		}
		if m, ok := monthNames[w]; ok && s.toks[i].upper && !(w == "may" && !monthContext(s, i)) {
			// "in December", "in May 2019", "December 12, 2018", "last September";
			// "after December 31", "by June": a deadline, not the event
			if deadline(s, i) {
				continue
			}
			y := p.year
			explicit := false
			day := 0
			k := i + 1
			if d, err := atoi(s.word(k)); err == nil && d >= 1 && d <= 31 && len(s.word(k)) <= 2 {
				day = d
				k++
				if s.word(k) == "," {
					k++
				}
			} else if d, err := atoi(s.word(i - 1)); err == nil && d >= 1 && d <= 31 && len(s.word(i-1)) <= 2 {
				day = d
			}
			if v, err := atoi(s.word(k)); err == nil && len(s.word(k)) == 4 && v > 1900 {
				y, explicit = v, true
			}
			if !explicit && p.month > 0 {
				switch {
				case s.word(i-1) == "last" && m >= p.month:
					y--
				case s.word(i-1) == "next" && m <= p.month:
					y++
				case s.word(i-1) != "next" && m > p.month:
					y-- // "in December", written in June: last December
				}
			}
			if day > 0 {
				return fmt.Sprintf("%04d-%02d-%02d", y, m, day)
			}
			return ym(y, m)
		}
		if (w == "in" || w == "since" || w == "during") && len(s.word(i+1)) == 4 {
			if v, err := atoi(s.word(i + 1)); err == nil && v > 1900 && v <= p.year+1 {
				return strconv.Itoa(v)
			}
		}
	}
	return published
}

// futureEvent reports whether the date expression ending at token i dates
// another, scheduled event ("auctions set for next year", "ahead of the
// vote in May", "elections due in 2021") rather than the sentence's own.
func futureEvent(s *sentence, i int) bool {
	for j := max(0, i-4); j < i; j++ {
		if scheduledMarkers[s.word(j)] && !(s.word(j) == "set" && s.word(j+1) == "to") {
			return true
		}
	}
	return false
}

var scheduledMarkers = lexicon.set("scheduled_markers")

// dateWords are the words a date expression of eventDateOf turns on.
var dateWords = func() map[string]bool {
	m := setOf("year", "month", "week", "yesterday", "today", "ago", "in", "since", "during")
	for w := range weekdays {
		m[w] = true
	}
	for w := range monthNames {
		m[w] = true
	}
	return m
}()

// deadline reports whether the month at i is governed by "after", "by",
// "until", "before", "from": a deadline or a start date, not the event.
func deadline(s *sentence, i int) bool {
	j := i - 1
	if _, err := atoi(s.word(j)); err == nil {
		j-- // "by 31 December"
	}
	switch s.word(j) {
	case "after", "by", "until", "till", "before", "from", "end":
		return true
	}
	return false
}

// monthContext tells the month "May" from the verb and the name: a month
// follows a preposition or comes with a number.
func monthContext(s *sentence, i int) bool {
	switch s.word(i - 1) {
	case "in", "since", "until", "by", "from", "early", "late", "mid", "last", "next", "of", "on", "this":
		return true
	}
	_, err := atoi(s.word(i + 1))
	return err == nil
}

// atoi parses a string of ASCII digits without allocating on failure.
func atoi(w string) (int, error) {
	if w == "" || len(w) > 9 {
		return 0, errNotNumber
	}
	n := 0
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c < '0' || c > '9' {
			return 0, errNotNumber
		}
		n = n*10 + int(c-'0')
	}
	return n, nil
}

var errNotNumber = errors.New("not a number")

func numberWord(w string) int {
	switch w {
	case "a", "one":
		return 1
	case "two":
		return 2
	case "three":
		return 3
	case "four":
		return 4
	case "five":
		return 5
	}
	n, _ := atoi(w)
	return n
}

func sortEntities(es []domain.Entity) {
	sort.Slice(es, func(i, j int) bool { return es[i].ID < es[j].ID })
}
