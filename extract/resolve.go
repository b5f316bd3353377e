package extract

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/policygraph/policygraph/graph"
)

var monthNames = map[string]int{
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
	"august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}

// eventDate resolves a relative date expression in sentence against the
// publication date; it returns "" when the sentence names none (the fact
// then takes the publication date).
func eventDate(sentence, published string) string {
	if len(published) < 4 {
		return ""
	}
	year, err := strconv.Atoi(published[:4])
	if err != nil {
		return ""
	}
	month := 0
	if len(published) >= 7 {
		month, _ = strconv.Atoi(published[5:7])
	}
	l := normalize(sentence)
	switch {
	case strings.Contains(l, "last year"):
		return strconv.Itoa(year - 1)
	case strings.Contains(l, "earlier this year"), strings.Contains(l, "this year"):
		return strconv.Itoa(year)
	case strings.Contains(l, "last month") && month > 0:
		if month == 1 {
			return fmt.Sprintf("%d-12", year-1)
		}
		return fmt.Sprintf("%d-%02d", year, month-1)
	case strings.Contains(l, "this month") && month > 0:
		return published[:7]
	}
	// "in December", "in May 2019", "in 2018"
	words := strings.Fields(strings.NewReplacer(",", " ", ".", " ").Replace(l))
	for i := 0; i+1 < len(words); i++ {
		if words[i] != "in" && words[i] != "since" && words[i] != "on" {
			continue
		}
		if m, ok := monthNames[words[i+1]]; ok {
			y := year
			if i+2 < len(words) && len(words[i+2]) == 4 {
				if v, err := strconv.Atoi(words[i+2]); err == nil {
					return fmt.Sprintf("%d-%02d", v, m)
				}
			}
			if month > 0 && m > month {
				y--
			}
			return fmt.Sprintf("%d-%02d", y, m)
		}
		if len(words[i+1]) == 4 {
			if v, err := strconv.Atoi(words[i+1]); err == nil && v > 1980 && v <= year {
				return strconv.Itoa(v)
			}
		}
	}
	return ""
}

func sortEntities(es []graph.Entity) {
	sort.Slice(es, func(i, j int) bool { return es[i].ID < es[j].ID })
}
