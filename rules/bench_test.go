package rules

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// sourceCorpus reads up to 8 MiB of Go, C and JS source from GOROOT.
func sourceCorpus(tb testing.TB) []byte {
	root := filepath.Join(runtime.GOROOT(), "src")
	if _, err := os.Stat(root); err != nil {
		tb.Skip("GOROOT source not available")
	}
	var buf bytes.Buffer
	filepath.WalkDir(root, func(p string, e os.DirEntry, err error) error {
		if err != nil || buf.Len() >= 8<<20 {
			return filepath.SkipDir
		}
		if e.IsDir() && (e.Name() == "testdata" || e.Name() == "vendor") {
			return filepath.SkipDir
		}
		if strings.HasSuffix(p, ".go") || strings.HasSuffix(p, ".c") || strings.HasSuffix(p, ".js") {
			if b, err := os.ReadFile(p); err == nil {
				buf.Write(b)
			}
		}
		return nil
	})
	if buf.Len() < 1<<20 {
		tb.Skip("too little GOROOT source")
	}
	return buf.Bytes()
}

// denseCorpus is log- and docs-like text where every line has a /rest/
// URL: one line in six carries a real-looking webhook, the others are near
// misses (other products' /rest/ APIs, placeholders, example hosts, fake,
// truncated, too long or uppercase codes, base URLs without a code).
func denseCorpus(size int) []byte {
	r := rand.New(rand.NewPCG(1, 2))
	code := func(n int) string {
		const a = "abcdefghijklmnopqrstuvwxyz0123456789"
		b := make([]byte, n)
		for i := range b {
			b[i] = a[r.IntN(len(a))]
		}
		return string(b)
	}
	lines := []func() string{
		func() string {
			return fmt.Sprintf("2026-03-01 12:00:%02d POST https://p%d.bitrix24.ru/rest/%d/%s/crm.deal.list 200\n", r.IntN(60), r.IntN(999), r.IntN(500), code(16))
		},
		func() string {
			return fmt.Sprintf("GET /relay?hook=https%%3A%%2F%%2Fq%d.bitrix24.by%%2Frest%%2F116%%2F%s%%2F HTTP/1.1\n", r.IntN(99), code(16))
		},
		func() string {
			return fmt.Sprintf("2026-03-01 12:00:%02d GET https://jira.corp%d.io/rest/api/2/issue/PROJ-%d 200\n", r.IntN(60), r.IntN(99), r.IntN(9999))
		},
		func() string {
			return fmt.Sprintf("see https://example.bitrix24.com/rest/1/xxxxxxxx/department.get.json?ID=%d in the docs\n", r.IntN(99))
		},
		func() string {
			return fmt.Sprintf("curl https://shop%d.example.org/rest/V1/products?searchCriteria=%d -H 'Accept: json'\n", r.IntN(99), r.IntN(999))
		},
		func() string {
			return fmt.Sprintf("{\"url\":\"https:\\/\\/p%d.bitrix24.de\\/rest\\/%d\\/\"}\n", r.IntN(99), r.IntN(99))
		},
		func() string {
			return fmt.Sprintf("const base = 'https://crm.firm%d.ru/rest/' + userId + '/' + token + '/tasks.task.add';\n", r.IntN(99))
		},
		func() string {
			return fmt.Sprintf("REST endpoint /rest/%d/{webhook_code}/profile returns the user\n", r.IntN(9))
		},
		func() string {
			return fmt.Sprintf("https://your-domain.bitrix24.com/rest/%d/%s/crm.lead.add.json\n", r.IntN(9), code(16))
		},
		func() string {
			return fmt.Sprintf("https://p%d.bitrix24.kz/rest/1/%s/ https://p1.bitrix24.kz/rest/1/%s.../\n", r.IntN(99), code(17), code(16))
		},
		func() string {
			return fmt.Sprintf("https://p%d.bitrix24.ua/rest/1/xxxxxxxxxxxxxxxx/ and /rest/1/ABCD%sEFGH/\n", r.IntN(99), strings.ToUpper(code(8)))
		},
		func() string {
			return fmt.Sprintf("https://gitlab.firm%d.ru/api/v4/projects/%d/rest/repository/tree?ref=main\n", r.IntN(99), r.IntN(999))
		},
	}
	var b bytes.Buffer
	for b.Len() < size {
		b.WriteString(lines[r.IntN(len(lines))]())
	}
	return b.Bytes()
}

func benchFind(b *testing.B, data []byte) {
	s := Default()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		s.Find(data)
	}
}

func BenchmarkFindSource(b *testing.B) { benchFind(b, sourceCorpus(b)) }

func BenchmarkFindDense(b *testing.B) { benchFind(b, denseCorpus(4<<20)) }

// naiveFind is the baseline without the prefilter: every pattern of every
// rule run over the whole input, as a scanner without anchors would.
func naiveFind(s *Set, data []byte) int {
	n := 0
	for _, r := range s.rules {
		for _, p := range r.patterns {
			n += len(p.regexp().FindAllIndex(data, -1))
		}
	}
	return n
}

func benchNaive(b *testing.B, data []byte) {
	s := Default()
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for range b.N {
		naiveFind(s, data)
	}
}

func BenchmarkNoPrefilterSource(b *testing.B) { benchNaive(b, sourceCorpus(b)[:1<<20]) }

func BenchmarkNoPrefilterDense(b *testing.B) { benchNaive(b, denseCorpus(1<<20)) }

// BenchmarkFindHashes: lock files and checksum lists are dense with long
// hex and base64 runs that are not credentials.
func BenchmarkFindHashes(b *testing.B) {
	var buf bytes.Buffer
	for i := 0; buf.Len() < 4<<20; i++ {
		h := sha256.Sum256([]byte(fmt.Sprint(i)))
		fmt.Fprintf(&buf, "    \"node_modules/pkg-%d\": {\"version\": \"1.0.%d\", \"resolved\": \"https://registry.npmjs.org/pkg-%d/-/pkg-%d-1.0.%d.tgz\", \"integrity\": \"sha512-%s\", \"sha\": \"%s\"},\n",
			i, i%9, i, i, i%9, base64.StdEncoding.EncodeToString(append(h[:], h[:]...)), hex.EncodeToString(h[:]))
	}
	benchFind(b, buf.Bytes())
}

// BenchmarkFindTokenLog is a log with an OAuth token and its portal on
// every line: every match looks for the portal's setting nearby, which
// must cost a pass over each block, not one per token.
func BenchmarkFindTokenLog(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 4))
	var sb strings.Builder
	for sb.Len() < 1<<20 {
		tok := tokenAt(2027, 1)[:30]
		for len(tok) < 70 {
			tok += string("0123456789abcdef"[r.IntN(16)])
		}
		fmt.Fprintf(&sb, "{\"access_token\":\"%s\",\"expires_in\":3600,\"domain\":\"p%d.bitrix24.ru\"}\n", tok, r.IntN(99))
	}
	benchFind(b, []byte(sb.String()))
}
