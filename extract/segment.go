package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// abbreviations never end a sentence when followed by a capitalised word.
var abbreviations = map[string]bool{
	"u.s": true, "u.k": true, "u.n": true, "e.u": true, "co": true, "mr": true, "mrs": true, "ms": true,
	"dr": true, "st": true, "jr": true, "sr": true, "gen": true, "gov": true, "sen": true, "rep": true,
	"no": true, "jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "e.g": true, "i.e": true, "vs": true,
	"s.p.a": true, "a.m": true, "p.m": true, "prof": true, "lt": true, "col": true, "corp": false,
}

// MaxSentenceBytes bounds a sentence: a longer run of text without a
// sentence end (a file of one endless line, a table flattened to text) is cut
// at clause punctuation or white space before the bound, so that the work
// per sentence — whose scans are linear in its length — stays bounded and
// extraction stays linear in the input. Real sentences are far shorter.
const MaxSentenceBytes = 2000

// Segment splits each body span into sentences, with byte offsets into the
// original text; none is longer than MaxSentenceBytes.
func Segment(text string, body []span) []span {
	var out []span
	for _, b := range body {
		start := b.start
		i := b.start
		for i < b.end {
			c := text[i]
			if c != '.' && c != '!' && c != '?' {
				i++
				continue
			}
			j := i + 1
			// closing quotes and brackets stay with the sentence
			for j < b.end {
				r, n := utf8.DecodeRuneInString(text[j:])
				if r == '"' || r == '”' || r == '’' || r == '\'' || r == ')' {
					j += n
					continue
				}
				break
			}
			if j >= b.end {
				break
			}
			r, _ := utf8.DecodeRuneInString(text[j:])
			if !unicode.IsSpace(r) && r != '\u00a0' {
				i = j
				continue
			}
			k := j
			for k < b.end {
				r, n := utf8.DecodeRuneInString(text[k:])
				if !unicode.IsSpace(r) && r != '\u00a0' {
					break
				}
				k += n
			}
			if k >= b.end {
				break
			}
			next, _ := utf8.DecodeRuneInString(text[k:])
			if !(unicode.IsUpper(next) || unicode.IsDigit(next) || next == '"' || next == '“' || next == '‘') {
				i = j
				continue
			}
			if c == '.' && isAbbrev(text[start:i]) {
				i = j
				continue
			}
			out = append(out, span{start, j})
			start = k
			i = k
		}
		if start < b.end {
			out = append(out, span{start, b.end})
		}
	}
	return capSentences(text, out)
}

// capSentences cuts every span longer than MaxSentenceBytes at the last
// ';', ',' or space before the bound (or at the bound, on a rune boundary).
func capSentences(text string, in []span) []span {
	long := false
	for _, s := range in {
		long = long || s.end-s.start > MaxSentenceBytes
	}
	if !long {
		return in
	}
	out := make([]span, 0, len(in)+8)
	for _, s := range in {
		for s.end-s.start > MaxSentenceBytes {
			cut := s.start + MaxSentenceBytes
			for cut > s.start && !utf8.RuneStart(text[cut]) {
				cut--
			}
			best := -1
			for i := cut - 1; i > s.start+MaxSentenceBytes/2; i-- {
				if c := text[i]; c == ';' || c == ',' {
					best = i + 1
					break
				} else if c == ' ' && best < 0 {
					best = i + 1
				}
			}
			if best > s.start {
				cut = best
			}
			out = append(out, span{s.start, cut})
			s.start = cut
			for s.start < s.end && text[s.start] == ' ' {
				s.start++
			}
		}
		if s.end > s.start {
			out = append(out, s)
		}
	}
	return out
}

// isAbbrev reports whether the word ending just before a full stop is an
// abbreviation or an initial.
func isAbbrev(before string) bool {
	k := strings.LastIndexFunc(before, func(r rune) bool { return unicode.IsSpace(r) || r == '(' || r == '\u00a0' })
	w := before[k+1:]
	if k >= 0 {
		_, n := utf8.DecodeRuneInString(before[k:])
		w = before[k+n:]
	}
	w = strings.TrimLeft(w, "\"“‘(")
	lw := strings.ToLower(w)
	if abbreviations[lw] {
		return true
	}
	// single initials: "J. Smith"
	if utf8.RuneCountInString(w) == 1 {
		r, _ := utf8.DecodeRuneInString(w)
		return unicode.IsUpper(r)
	}
	// dotted acronyms: U.S, S.p.A
	return strings.Count(w, ".") >= 1 && len(w) <= 6
}

// token is a word or punctuation mark of a sentence.
type token struct {
	start, end int
	text       string // as written
	norm       string // lower case, curly quotes straightened
	upper      bool   // starts with an upper-case letter
	word       bool
	lex        *lexEntry // what the lexicon knows of norm, or nil
}

// Tokenize splits s (a sentence starting at byte off of the text) into
// tokens. Words keep inner apostrophes, hyphens and dots ("U.S.", "non-core");
// a possessive "'s" is its own token.
func Tokenize(s string, off int) []token {
	return tokenize(make([]token, 0, len(s)/5+1), s, asciiLower(s), off)
}

// asciiLower lowers the ASCII letters of s, leaving other bytes alone, so
// that byte offsets into s are offsets into the result.
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if c := b[j]; c >= 'A' && c <= 'Z' {
					b[j] = c + 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// tokenize appends the tokens of s to toks; low is asciiLower(s).
func tokenize(toks []token, s, low string, off int) []token {
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) || r == '\u00a0' {
			i += n
			continue
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			j := i + n
			for j < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[j:])
				if unicode.IsLetter(r2) || unicode.IsDigit(r2) || r2 == '&' || r2 == '+' {
					j += n2
					continue
				}
				if r2 == '.' && strings.Contains(s[i:j], ".") && (j+n2 == len(s) || !isWordByte(s[j+n2])) {
					j += n2 // the final dot of an acronym: U.S.
					break
				}
				if (r2 == '-' || r2 == '.' || r2 == '\'' || r2 == '’') && j+n2 < len(s) {
					r3, _ := utf8.DecodeRuneInString(s[j+n2:])
					if unicode.IsLetter(r3) || unicode.IsDigit(r3) {
						// split a possessive 's off
						if (r2 == '\'' || r2 == '’') && (r3 == 's' || r3 == 'S') && (j+n2+1 == len(s) || !isWordByte(s[j+n2+1])) {
							break
						}
						j += n2
						continue
					}
				}
				break
			}
			toks = append(toks, mkToken(s, low, i, j, off, true))
			i = j
			continue
		}
		if (r == '\'' || r == '’') && i+n < len(s) && (s[i+n] == 's' || s[i+n] == 'S') && (i+n+1 == len(s) || !isWordByte(s[i+n+1])) {
			toks = append(toks, mkToken(s, low, i, i+n+1, off, true))
			i += n + 1
			continue
		}
		toks = append(toks, mkToken(s, low, i, i+n, off, false))
		i += n
	}
	return toks
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b >= 0x80
}

func mkToken(s, low string, i, j, off int, word bool) token {
	t := s[i:j]
	if c := t[0]; c < utf8.RuneSelf {
		norm := low[i:j]
		for k := 1; k < len(t); k++ {
			if t[k] >= utf8.RuneSelf {
				norm = normalize(t)
				break
			}
		}
		return token{start: off + i, end: off + j, text: t, norm: norm, upper: c >= 'A' && c <= 'Z', word: word}
	}
	r, _ := utf8.DecodeRuneInString(t)
	return token{start: off + i, end: off + j, text: t, norm: normalize(t), upper: unicode.IsUpper(r), word: word}
}

var quoteFolder = strings.NewReplacer("’", "'", "‘", "'", "“", "\"", "”", "\"", "\u00a0", " ", "–", "-", "—", "-")

func normalize(s string) string {
	switch s { // common non-ASCII tokens, without allocating
	case "’", "‘":
		return "'"
	case "“", "”":
		return "\""
	case "—", "–":
		return "-"
	case "’s", "’S":
		return "'s"
	case "\u00a0":
		return " "
	}
	ascii, upper := true, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			ascii = false
			break
		}
		if c >= 'A' && c <= 'Z' {
			upper = true
		}
	}
	switch {
	case ascii && !upper:
		return s
	case ascii:
		return strings.ToLower(s)
	}
	return strings.ToLower(quoteFolder.Replace(s))
}
