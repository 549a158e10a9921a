package rules

import "strings"

// placeholderWords are the English (and transliterated) words people build
// fake secrets from: "webhooksecretkey", "mysecretwebhook1". A value mostly
// made of them is not random.
var placeholderWords = setOf(strings.Fields(`
	my id the and for you your our new old not any all get set put add
	web hook hooks webhook webhooks secret secrets key keys token tokens code
	codes test tests testing demo example examples sample samples api rest
	bitrix portal client app apps application auth access refresh pass
	password passwd value values here put insert replace change fake dummy
	mock abc xyz admin user users string hash private public prod dev stage
	staging local default random generated valid invalid temp tmp foo bar
	baz qux hello world lorem ipsum dolor sit amet this that with real some
	none null nil empty text data info service server crm lead deal contact
	company domain site url link integration bot chat message account login
	super mega one two three four five six seven eight nine ten zero first
	second third alpha beta gamma delta qwerty asdf letmein welcome master
	root top secure security safe magic special mine call send make create
	update delete list item task file disk folder upload download mail email
	phone name number long short simple basic free open close closed true
	false yes ok okay please enter put paste own actual live copy dont use
	kod klyuch sekret vebhuk parol tokan chave clave senha schluessel geheim
	incoming outgoing inbound outbound oauth callback handler event events
	config setting settings env variable placeholder template replaceme
	changeme xxx yyy zzz aaa bbb abcd abcdef qwe asd zxc red blue green
	black white cat dog apple banana orange lemon river stone tree house
	door car book game love money power time day night year week month
	home work job team group project main core base test1 version
`)...)

// wordStarts has a bit for every 3-byte prefix of a placeholder word, so
// most random values skip the search.
var wordStarts = func() (t [36*36*36/64 + 1]uint64) {
	for w := range placeholderWords {
		if x := tri(w, 0); x >= 0 {
			t[x/64] |= 1 << (x % 64)
		}
	}
	return t
}()

// tri indexes the 3 bytes at s[i] when they are all [a-z0-9], else -1.
func tri(s string, i int) int {
	if i+3 > len(s) {
		return -1
	}
	a, b, c := alnumIndex(s[i]), alnumIndex(s[i+1]), alnumIndex(s[i+2])
	if a < 0 || b < 0 || c < 0 || a >= 36 || b >= 36 || c >= 36 {
		return -1
	}
	return (a*36+b)*36 + c
}

// wordCover returns how many bytes of s (lowercase) are covered by
// placeholder words of three or more letters (or "my", "id"), at best.
func wordCover(s string) int {
	var stack [128]int
	best := stack[:0]
	if len(s)+1 > len(stack) {
		best = make([]int, 0, len(s)+1)
	}
	best = best[:len(s)+1]
	clear(best)
	for i := 0; i < len(s); i++ {
		best[i+1] = max(best[i+1], best[i])
		if i+2 <= len(s) && (s[i:i+2] == "my" || s[i:i+2] == "id") {
			best[i+2] = max(best[i+2], best[i]+2)
		}
		x := tri(s, i)
		if x < 0 || wordStarts[x/64]&(1<<(x%64)) == 0 {
			continue
		}
		for l := 3; l <= 12 && i+l <= len(s); l++ {
			if placeholderWords[s[i:i+l]] {
				best[i+l] = max(best[i+l], best[i]+l)
			}
		}
	}
	return best[len(s)]
}
