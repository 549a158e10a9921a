package rules

import (
	"encoding/base64"
	"strings"
	"testing"
)

// TestB64Anchors derives the three alignments of base64("/rest/") from
// encoding/base64 and checks the table the prefilter uses.
func TestB64Anchors(t *testing.T) {
	for k, a := range b64Anchors {
		plain := strings.Repeat("\x00", k) + "/rest/" + "\x00\x00"
		enc := base64.StdEncoding.EncodeToString([]byte(plain))
		other := base64.StdEncoding.EncodeToString([]byte(strings.Repeat("\xff", k) + "/rest/" + "\xff\xff"))
		// the stable characters are those both encodings share
		start := (k*8 + 5) / 6
		end := start + len(a.text)
		if enc[start:end] != a.text || other[start:end] != a.text || start%4 != a.phase {
			t.Errorf("alignment %d: table has %q phase %d, encoding gives %q / %q at phase %d", k, a.text, a.phase, enc[start:end], other[start:end], start%4)
		}
	}
}

// TestUnescape decodes each escape family and maps every decoded byte
// back to the escape it came from.
func TestUnescape(t *testing.T) {
	tests := []struct{ in, want string }{
		{`https:\/\/a\/rest\/1\/`, "https://a/rest/1/"},
		{`\u0026\u002F\u002f\x2F`, "&///"},
		{`%2F%2f%3A%5B%5D%25`, "//:[]%"},
		{`&#x2F;&#47;&amp;&quot;&lt;&gt;&sol;&colon;`, `//&"<>/:`},
		{`&#x10FFFF;\uD800&bogus;%zz\q`, "\U0010FFFF\uFFFD&bogus;%zz\\q"},
		{`%ff\xFF&#255;`, "\xff\xff\u00ff"},
	}
	for _, tt := range tests {
		v, _ := unescape([]byte(tt.in))
		if string(v.text) != tt.want {
			t.Errorf("unescape(%q) = %q, want %q", tt.in, v.text, tt.want)
		}
		if len(v.text) > len(tt.in) {
			t.Errorf("unescape(%q) grew the text", tt.in)
		}
		for i := range v.text {
			if v.start[i] >= v.end[i] || int(v.end[i]) > len(tt.in) || (i > 0 && v.start[i] < v.start[i-1]) {
				t.Errorf("unescape(%q): byte %d maps to [%d,%d)", tt.in, i, v.start[i], v.end[i])
			}
		}
	}
}

// TestNormalizedDepth decodes two levels and no more.
func TestNormalizedDepth(t *testing.T) {
	in := "%25252F" // "%2F" encoded twice more
	if got := string(normalized([]byte(in), 0, len(in)).text); got != "%2F" {
		t.Errorf("normalized(%q) = %q, want two levels decoded", in, got)
	}
}

// TestDecodedSpans: matches found in decoded text are reported in input
// coordinates, and the input under SecretSpan decodes to the secret.
func TestDecodedSpans(t *testing.T) {
	const code = "p4x9k2m7q1w8z3v6"
	url := "https://lotos.bitrix24.ru/rest/7/" + code + "/"
	tests := []struct{ name, in, atSecret string }{
		{"json", `{"u":"https:\/\/lotos.bitrix24.ru\/rest\/7\/` + code + `\/"}`, code},
		{"unicode", `"https:\u002F\u002Flotos.bitrix24.ru\u002Frest\u002F7\u002F` + code + `\u002F"`, code},
		{"percent", `?hook=https%3A%2F%2Flotos.bitrix24.ru%2Frest%2F7%2F` + code + `%2F&x=1`, code},
		{"percent twice", `?u=https%253A%252F%252Flotos.bitrix24.ru%252Frest%252F7%252F` + code + `%252F`, code},
		{"html", `href="https:&#x2F;&#x2F;lotos.bitrix24.ru&#x2F;rest&#x2F;7&#x2F;` + code + `&#x2F;"`, code},
		{"json in html", `data-x="{&quot;u&quot;:&quot;https:\/\/lotos.bitrix24.ru\/rest\/7\/` + code + `\/&quot;}"`, code},
		{"encoded code", `?u=https%3A%2F%2Flotos.bitrix24.ru%2Frest%2F7%2F%70` + code[1:] + `%2F`, "%70" + code[1:]},
		{"base64", "b64: " + base64.StdEncoding.EncodeToString([]byte(url)), ""},
		{"base64 offset 1", "b64: " + base64.StdEncoding.EncodeToString([]byte("x"+url)), ""},
		{"base64 offset 2", "b64: " + base64.URLEncoding.EncodeToString([]byte("xy"+url)), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := []byte(tt.in)
			ms := Default().Find(data)
			if len(ms) != 1 || ms[0].Secret != code || ms[0].Portal != "lotos.bitrix24.ru" || ms[0].UserID != "7" {
				t.Fatalf("Find(%q) = %+v", tt.in, ms)
			}
			m := ms[0]
			if err := checkSpans(data, m); err != nil {
				t.Fatal(err)
			}
			if got := string(data[m.SecretSpan.Start:m.SecretSpan.End]); tt.atSecret != "" && got != tt.atSecret {
				t.Errorf("input at SecretSpan = %q, want %q", got, tt.atSecret)
			}
		})
	}
}

// TestDecodedOnce: a URL seen raw and through decoding is reported once.
func TestDecodedOnce(t *testing.T) {
	in := `{"a":"https://lotos.bitrix24.ru/rest/7/p4x9k2m7q1w8z3v6/","b":"\u0026"}`
	if ms := Default().Find([]byte(in)); len(ms) != 1 {
		t.Fatalf("got %d matches: %+v", len(ms), ms)
	}
}
