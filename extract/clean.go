package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// span is a byte range of the original text.
type span struct{ start, end int }

// stopMarkers end the article body: what follows is reader comments, tag and
// related-story lists, share buttons.
var stopMarkers = []string{
	"join the conversation", "leave a comment", "leave a reply", "comments", "comments are closed",
	"discuss", "your email address will not be published", "share this", "related", "related stories",
	"related articles", "tags", "more from", "recommended", "most read", "you may also like",
}

// skipPrefixes mark single lines that are not article text.
var skipPrefixes = []string{
	"photo:", "photo credit", "image:", "picture:", "credit:", "read more:", "also read:", "see also:",
	"by ", "©", "share this", "tags:", "related:", "sign up", "subscribe",
}

// Clean returns the spans of text that are article body: paragraphs of
// running prose, without headlines, section headers, photo credits,
// tag/related lists, share buttons and reader comments. Offsets refer to
// text as given.
func Clean(text string) []span {
	body, _ := cleanLines(text)
	return body
}

// cleanLines returns the body spans and the other non-empty lines before the
// stop marker (headings, headlines, credits), which headings.go reads for
// context.
func cleanLines(text string) (out, other []span) {
	pos := 0
	for pos <= len(text) {
		nl := strings.IndexByte(text[pos:], '\n')
		end := len(text)
		if nl >= 0 {
			end = pos + nl
		}
		line := text[pos:end]
		ls, le := trimSpan(line)
		if ls < le {
			body := line[ls:le]
			if isStopMarker(body) {
				break
			}
			if n := bulletLen(body); n > 0 {
				// a bulleted paragraph of running text is body; a bulleted
				// list of other headlines is not
				item := strings.TrimLeft(body[n:], " \t")
				if wordCount(item, 12) >= 12 && isProse(item) {
					out = append(out, span{pos + le - len(item), pos + le})
				} else {
					other = append(other, span{pos + ls, pos + le})
				}
			} else if isProse(body) {
				out = append(out, span{pos + ls, pos + le})
			} else {
				other = append(other, span{pos + ls, pos + le})
			}
		}
		if nl < 0 {
			break
		}
		pos = end + 1
	}
	return out, other
}

// trimSpan trims white space (including no-break spaces) around s.
func trimSpan(s string) (int, int) {
	start, end := 0, len(s)
	for start < end {
		r, n := utf8.DecodeRuneInString(s[start:])
		if !unicode.IsSpace(r) && r != '\u00a0' {
			break
		}
		start += n
	}
	for end > start {
		r, n := utf8.DecodeLastRuneInString(s[:end])
		if !unicode.IsSpace(r) && r != '\u00a0' {
			break
		}
		end -= n
	}
	return start, end
}

func isStopMarker(line string) bool {
	if len(line) > 60 && !strings.HasPrefix(line, "Tags") && !strings.HasPrefix(line, "Related") && !strings.HasPrefix(line, "Your") {
		return false // markers are short lines
	}
	l := strings.ToLower(strings.TrimRight(line, " :.!*"))
	for _, m := range stopMarkers {
		if l == m {
			return true
		}
	}
	if strings.HasPrefix(l, "tags:") || strings.HasPrefix(l, "tags ") && strings.Contains(l, ",") {
		return true
	}
	if strings.HasPrefix(l, "related:") || strings.HasPrefix(l, "your email address") {
		return true
	}
	// "3 comments", "12 Comments"
	if i := strings.IndexByte(l, ' '); i > 0 && isDigits(l[:i]) && strings.HasPrefix(l[i+1:], "comment") {
		return true
	}
	return false
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// isProse reports whether a line reads as running article text rather than
// a headline, a header, a list item of other stories or a credit.
// cutOffWords end a line cut off mid-sentence, never a headline.
var cutOffWords = lexicon.set("cut_off_words")

func isProse(line string) bool {
	l := strings.ToLower(line[:min(len(line), 24)])
	for _, p := range skipPrefixes {
		if strings.HasPrefix(l, p) {
			return false
		}
	}
	if strings.HasPrefix(line, "•") || strings.HasPrefix(line, "- ") || strings.HasPrefix(line, "* ") {
		return false
	}
	if strings.Count(line, " ") < 3 {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(strings.TrimRight(line, "\"”’')"))
	final := last == '.' || last == '!' || last == '?'
	if strings.HasSuffix(line, "…") || strings.HasSuffix(line, "...") {
		return false
	}
	if titleCase(line) {
		return false
	}
	if final {
		return true
	}
	// Long lines without final punctuation are prose that lost its full stop;
	// short ones are headlines, unless they end on a word no headline ends
	// on: an excerpt cut off mid-sentence ("are considering whether to").
	if fields := strings.Fields(line); len(fields) >= 6 && cutOffWords[strings.ToLower(fields[len(fields)-1])] {
		return true
	}
	return wordCount(line, 18) >= 18
}

// bulletLen is the length of a list bullet starting line ("• ", "- ", "* "),
// or 0.
func bulletLen(line string) int {
	for _, b := range []string{"•", "▪", "●", "- ", "* ", "– "} {
		if strings.HasPrefix(line, b) {
			return len(b)
		}
	}
	return 0
}

// wordCount counts the words of line, separated by white space, up to
// limit (0: all of them).
func wordCount(line string, limit int) int {
	n := 0
	forWords(line, func(string) bool { n++; return limit == 0 || n < limit })
	return n
}

// forWords calls f with each word of line (runs of bytes between ASCII
// white space and no-break spaces) until f returns false.
func forWords(line string, f func(w string) bool) {
	start := -1
	for i := 0; i < len(line); i++ {
		c := line[i]
		sep := c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'
		if c == 0xC2 && i+1 < len(line) && line[i+1] == 0xA0 {
			sep = true
		}
		if sep {
			if start >= 0 {
				if !f(line[start:i]) {
					return
				}
				start = -1
			}
			if c == 0xC2 {
				i++
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		f(line[start:])
	}
}

// titleCase reports whether most words are capitalised, as in a headline.
func titleCase(line string) bool {
	caps, n := 0, 0
	forWords(line, func(w string) bool {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsLetter(r) {
			return true
		}
		if len(w) <= 3 && unicode.IsLower(r) { // of, to, the, and
			return true
		}
		n++
		if unicode.IsUpper(r) {
			caps++
		}
		// decided on the first 30 words: a headline is no longer, and a
		// paragraph costs no more than a headline. More than 6 lower-case
		// words already rule out 80 % capitals among at most 30.
		return n < 30 && n-caps <= 6
	})
	return n >= 4 && caps*10 >= n*8
}
