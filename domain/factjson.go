package domain

import (
	"fmt"
	"math"
	"strconv"
	"unicode/utf8"
)

// AppendJSON appends f as one JSON object — the bytes encoding/json's
// Encoder writes for it with SetEscapeHTML(false), without the newline: the
// fields in the order of the struct, omitempty ones left out when empty,
// strings escaped alike. It is the fact format of `policygraph extract`
// (docs/DESIGN.md), written without reflection or allocation, for the
// hundred thousand facts of a large corpus. A confidence that is not a
// finite number is an error, as it is for encoding/json.
func (f *Fact) AppendJSON(b []byte) ([]byte, error) {
	if math.IsInf(f.Confidence, 0) || math.IsNaN(f.Confidence) {
		return b, fmt.Errorf("fact %s: confidence %v is not a JSON number", f.Article, f.Confidence)
	}
	b = append(b, `{"article":`...)
	b = appendJSONString(b, f.Article)
	b = appendOptional(b, `,"published":`, f.Published)
	b = append(b, `,"subject":`...)
	b = appendJSONString(b, f.Subject)
	b = appendOptional(b, `,"subject_type":`, string(f.SubjectType))
	b = appendOptional(b, `,"subject_id":`, f.SubjectID)
	b = append(b, `,"relation":`...)
	b = appendJSONString(b, string(f.Relation))
	b = appendOptional(b, `,"object":`, f.Object)
	b = appendOptional(b, `,"object_type":`, string(f.ObjectType))
	b = appendOptional(b, `,"object_id":`, f.ObjectID)
	b = appendOptional(b, `,"target":`, f.Target)
	b = appendOptional(b, `,"target_id":`, f.TargetID)
	b = appendOptional(b, `,"scope":`, f.Scope)
	b = append(b, `,"modality":`...)
	b = appendJSONString(b, string(f.Modality))
	b = append(b, `,"confidence":`...)
	b = appendJSONFloat(b, f.Confidence)
	b = appendOptional(b, `,"event_date":`, f.EventDate)
	b = append(b, `,"sentence":`...)
	b = appendJSONString(b, f.Sentence)
	b = append(b, `,"start":`...)
	b = strconv.AppendInt(b, int64(f.Start), 10)
	b = append(b, `,"end":`...)
	b = strconv.AppendInt(b, int64(f.End), 10)
	if len(f.Cues) > 0 {
		b = append(b, `,"cues":[`...)
		for i, c := range f.Cues {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, c)
		}
		b = append(b, ']')
	}
	return append(b, '}'), nil
}

// appendOptional appends key and s, unless s is empty (omitempty).
func appendOptional(b []byte, key, s string) []byte {
	if s == "" {
		return b
	}
	return appendJSONString(append(b, key...), s)
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s quoted as encoding/json quotes it with HTML
// escaping off: quote, backslash and control characters escaped (\b \f \n
// \r \t by name, the rest as \u00XX), invalid UTF-8 as \ufffd, and U+2028
// and U+2029 escaped.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendJSONFloat appends a finite f as encoding/json writes a float64:
// the shortest decimal that reads back as f, in exponent form below 1e-6
// and from 1e21 on, with exponents unpadded.
func appendJSONFloat(b []byte, f float64) []byte {
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// e-09 becomes e-9
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}
