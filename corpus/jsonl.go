package corpus

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"
)

// jsonlRecord is one article of a JSON-lines export.
type jsonlRecord struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	URL       string `json:"url"`
	Published string `json:"published"`
	Text      string `json:"text"`
}

// readJSONL reads {"title","url","published","text"} per line (optional
// "id"). A malformed line is a Problem naming file:line; the other lines
// are still read.
// id is the file's article ID: a line without an "id" is id#line.
func readJSONL(path, id string, data []byte) ([]Article, []Problem) {
	var arts []Article
	var probs []Problem
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), 32<<20)
	line := 0
	for sc.Scan() {
		line++
		raw := bytes.TrimSpace(sc.Bytes())
		if len(raw) == 0 {
			continue
		}
		where := fmt.Sprintf("%s:%d", path, line)
		var rec jsonlRecord
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&rec); err != nil {
			probs = append(probs, Problem{Path: where, Reason: "bad JSON line: " + err.Error()})
			continue
		}
		if strings.TrimSpace(rec.Text) == "" {
			probs = append(probs, Problem{Path: where, Reason: `no "text"`})
			continue
		}
		if !utf8.ValidString(rec.Text) {
			probs = append(probs, Problem{Path: where, Reason: "text is not valid UTF-8"})
			continue
		}
		a := Article{ID: rec.ID, Path: where, Title: rec.Title, URL: rec.URL, Text: []byte(rec.Text)}
		if a.ID == "" {
			a.ID = fmt.Sprintf("%s#%d", id, line)
		}
		if rec.Published != "" {
			d := rec.Published
			if !validDate(d) {
				d = isoDate(d)
			}
			if d == "" {
				probs = append(probs, Problem{Path: where, Reason: fmt.Sprintf("published %q is not a date", rec.Published)})
				continue
			}
			a.Published, a.DateSource = d, "metadata"
		}
		arts = append(arts, a)
	}
	if err := sc.Err(); err != nil {
		probs = append(probs, Problem{Path: fmt.Sprintf("%s:%d", path, line+1), Reason: err.Error()})
	}
	return arts, probs
}
