package domain_test

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/policygraph/policygraph/domain"
)

// encodingJSON is what encoding/json's Encoder writes for f with HTML
// escaping off, without the newline.
func encodingJSON(tb testing.TB, f domain.Fact) string {
	tb.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	require.NoError(tb, enc.Encode(f))
	return string(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
}

func appendJSON(tb testing.TB, f domain.Fact) string {
	tb.Helper()
	b, err := f.AppendJSON([]byte("prefix:"))
	require.NoError(tb, err)
	require.True(tb, bytes.HasPrefix(b, []byte("prefix:")), "appends")
	return string(b[len("prefix:"):])
}

// filledFact sets every field of a Fact, found by reflection, from s, n
// and x: a field added to Fact is then covered, or fails the test when
// its kind is new.
func filledFact(t *testing.T, s string, n int, x float64) domain.Fact {
	t.Helper()
	var f domain.Fact
	v := reflect.ValueOf(&f).Elem()
	for i := range v.NumField() {
		field, name := v.Field(i), v.Type().Field(i).Name
		switch field.Kind() {
		case reflect.String:
			field.SetString(name + " " + s)
		case reflect.Int:
			field.SetInt(int64(n + i))
		case reflect.Float64:
			field.SetFloat(x)
		case reflect.Slice:
			require.Equal(t, reflect.String, field.Type().Elem().Kind(), "field %s", name)
			field.Set(reflect.ValueOf([]string{s, name, ""}))
		default:
			t.Fatalf("field %s of kind %s: teach AppendJSON and this test about it", name, field.Kind())
		}
	}
	return f
}

// awkward are strings that JSON encoders escape differently.
var awkward = []string{
	"", "plain", `quote " and backslash \ and slash /`, "<b>&amp;</b>", "tab\tnew\nline\rcr\bbs\fff",
	"\x00\x01\x1f\x7f", "Zürich, 東京, emoji 😀", "line sep \u2028 para \u2029", "bad \xff\xfe utf-8 \xe2\x82",
	"ends in a lone \xc3",
}

func TestFactAppendJSONIsEncodingJSON(t *testing.T) {
	for _, s := range awkward {
		for _, x := range []float64{0, 1, 0.85, 0.1 + 0.2, 1e-7, 5e-324, 1e21, 123456789, -0.5} {
			f := filledFact(t, s, 3, x)
			assert.Equal(t, encodingJSON(t, f), appendJSON(t, f), "string %q, confidence %v", s, x)
		}
	}
	// omitempty: only what is set is written.
	for _, f := range []domain.Fact{
		{},
		{Article: "a.txt", Subject: "Italy", Relation: domain.Vetoed, Modality: "asserted", Confidence: 0.85, Cues: []string{}},
		{Article: "a.txt", Target: "Huawei", EventDate: "2020", Cues: []string{"banned"}},
	} {
		assert.Equal(t, encodingJSON(t, f), appendJSON(t, f))
	}
}

func TestFactAppendJSONRejectsWhatJSONCannotHold(t *testing.T) {
	for _, x := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		f := domain.Fact{Article: "a.txt", Confidence: x}
		_, err := f.AppendJSON(nil)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "a.txt")
		assert.Error(t, json.NewEncoder(&bytes.Buffer{}).Encode(f), "encoding/json refuses it too")
	}
}

func FuzzFactAppendJSON(f *testing.F) {
	for _, s := range awkward {
		f.Add(s, 0.85, 12)
	}
	f.Fuzz(func(t *testing.T, s string, x float64, n int) {
		if math.IsInf(x, 0) || math.IsNaN(x) {
			return
		}
		fact := filledFact(t, s, n, x)
		if got, want := appendJSON(t, fact), encodingJSON(t, fact); got != want {
			t.Fatalf("AppendJSON\n  %s\nencoding/json\n  %s", got, want)
		}
	})
}

// BenchmarkFactJSON compares AppendJSON with encoding/json on a typical
// fact.
func BenchmarkFactJSON(b *testing.B) {
	f := domain.Fact{Article: "synth-0000001.txt", Published: "2020-10-24", Subject: "Italy", SubjectType: "country",
		SubjectID: "italy", Relation: domain.Vetoed, Object: "Fastweb-Huawei 5G deal", ObjectType: "deal", ObjectID: "fastweb-huawei-5g-deal",
		Target: "Huawei", TargetID: "huawei", Scope: "5g", Modality: "asserted", Confidence: 0.85,
		Sentence: "Italy's government on Friday vetoed a 5G supply deal between Fastweb and China's Huawei, two sources said.", Start: 120, End: 228}
	b.Run("AppendJSON", func(b *testing.B) {
		var buf []byte
		for b.Loop() {
			buf, _ = f.AppendJSON(buf[:0])
		}
	})
	b.Run("encoding/json", func(b *testing.B) {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		for b.Loop() {
			buf.Reset()
			_ = enc.Encode(f)
		}
	})
}
