package corpus

import (
	"bytes"
	"io"

	"golang.org/x/net/html"
)

// DefaultMaxHTMLDepth is how deeply a page's elements may nest by default.
// Real article pages nest a few dozen levels at most.
const DefaultMaxHTMLDepth = 64

// voidElements have no end tag and no content.
var voidElements = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "keygen": true, "link": true, "meta": true, "param": true, "source": true,
	"track": true, "wbr": true,
}

// rawTextElements hold text the tokenizer does not read as markup.
var rawTextElements = map[string]bool{
	"script": true, "style": true, "textarea": true, "title": true, "xmp": true,
	"iframe": true, "noembed": true, "noframes": true, "noscript": true, "plaintext": true,
}

// selfClosing are elements a start tag of the same name implicitly ends.
var selfClosing = map[string]bool{"p": true, "li": true, "dt": true, "dd": true, "option": true, "tr": true, "td": true, "th": true}

// flattenDepth drops the tags of elements nested deeper than max, keeping
// their text in the element at depth max. Both the HTML parser and
// readability do work proportional to the depth for every element (the
// parser's scope checks, readability's per-node subtree scans), so a page
// of 100 KB of nested <div>s took half a minute; with the depth bounded the
// work is linear in the page's size. It is one pass of the tokenizer, whose
// own work is linear, and it tracks the open elements as the tokens say
// (not as the parser's error recovery would), which for the pages it
// changes is good enough. It returns data itself, and false, when nothing
// nests that deep.
func flattenDepth(data []byte, max int) ([]byte, bool) {
	z := html.NewTokenizer(bytes.NewReader(data))
	out := bytes.NewBuffer(make([]byte, 0, len(data)))
	var stack []string          // open elements, at most max
	dropped := map[string]int{} // start tags dropped and not yet closed, by name
	changed, skipText := false, false
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if !changed || z.Err() != io.EOF {
				return data, false
			}
			return out.Bytes(), true
		}
		raw := z.Raw()
		keep := true
		switch tt {
		case html.StartTagToken:
			name, _ := z.TagName()
			n := string(name)
			if voidElements[n] {
				break
			}
			if selfClosing[n] && len(stack) > 0 && stack[len(stack)-1] == n {
				stack = stack[:len(stack)-1]
			}
			if len(stack) >= max {
				changed, keep = true, false
				dropped[n]++
				skipText = rawTextElements[n]
				break
			}
			stack = append(stack, n)
		case html.EndTagToken:
			name, _ := z.TagName()
			n := string(name)
			if dropped[n] > 0 {
				dropped[n]--
				keep = false
				break
			}
			for i := len(stack) - 1; i >= 0; i-- {
				if stack[i] == n {
					stack = stack[:i]
					break
				}
			}
		case html.TextToken:
			keep = !skipText
		}
		if tt != html.StartTagToken {
			skipText = false
		}
		if keep {
			out.Write(raw)
		}
	}
}
