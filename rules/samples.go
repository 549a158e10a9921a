package rules

// vendorSamples are values Bitrix24 publishes in its documentation and
// SDKs (credentials.md §4.3, and every 70-hex token and 32-char token in
// bitrix24/b24restdocs @ 5988ed1). They are copied into many repositories
// and are never reported.
var vendorSamples = setOf(
	// webhook codes
	"8g9l071eismy9q2l", "8v5m0dmbxs2ky7wq", "4l777m8lapmdaz1n",
	"a2ebx1rfao5pq5cr", "doutwqkjxgc3mgc1", "douasdqkjxgc3mgc1",
	"douasdqdsxSWgc3mgc1", "doutwasdasdmgc1", "k32t88gf3azpmwv3",
	"33olqeits4avuyqu",
	// client secrets and ids
	"SakeVG5mbRdcQet45UUrt6q72AMTo7fkwXSO7Y5LYFYNCRsA6f",
	"LJSl0lNB76B5YY6u0YVQ3AW0DrVADcRTwVr4y99PXU1BWQybWK",
	"g5dlcj3d2772h8g5jhzou907jojage",
	// member ids
	"a223c6b3710f85df22e9377d6c4f7553", "bac1cd5c8940947a75e0d71b1a84e348",
	"60133c09d1f5d0fd6d7884a11fad4585", "d897063e1ce7c5eb9f04b9751eef5915",
	"da45a03b265edd8787f8a258d793cc5d",
	// application tokens
	"51856fefc120afa4b628cc82d3935cce", "831c76b092f9f135d9b6b36c3a720757",
	"tyb8wpqf7lwi471nsiv9yr1eybkafqcq", "8e3ab48a764a9b02700e759d59e91125",
	"81905784dd6e05280c9a2015e0e61e68", "c289487163b58658eae5e8b42eaf11b8",
	"c917d38f6bdb84e9d9e0bfe9d585be73", "jvh9y1ulvt2m6k5or90v9mg8nn32ozas",
	"ec1b2074a9d3f5c81b6e40d27a95cf38", "5b2f8c1d7e3a9046b8c5d2f1a7e3b904",
	"3f0a7c19e5b84d2196c8ad470e5f2b31", "51610fefc120afg4b628cc82d6298cce",
	"52610fefc120afg4b628cc82d6298cce",
	// short OAuth tokens and the auth code
	"s1morf609228iwyjjpvfv6wsvuja4p8u", "4f9k4jpmg13usmybzuqknt2v9fh0q6rl",
	"ydtj8pho532wydb5ixk78ol7uqlb7sch", "3s6lr4kr3cv2od4v853gvrchb875bwxb",
	"4s386p3q0tr8dy89xvmt96234v3dljg8", "4s386p3q0tr8dy09xvmt96234v3dljg8",
	"s6p6eclrvim6da22ft9ch94ekreb52lv", "s7p6eclrvim9da28dt9ch94ekreb52sv",
	"s7p6eclrvim9da98dt9ch94ekreb52sv", "mqa17fnd5cth4rpwtizyl49tbnzp7omf",
	"z3eamwwkpgl7u18kx14q1s4c0ffckqsn", "lh8ze36o8ulgrljbyscr36c7ay5sinva",
	"ahodg4h37n89vo17gbkgq0x1l825nnb5", "5f1ih5tsnsb11sc5heg3kp4ywqnjhd09",
	"2lg086mxijlpvwh0h7r4nl19udm4try5", "1iqeuq94vzfxu01bouws3voja2lsezfq",
	"990ac5690000071b0000084400000237", "c978b990071b0008440001b0895f697a",
	"avmocpghblyi01m3h42bljvqtyd19sw1", "fkp963yuv1ggkfbs5z3f5hy8lilm0iw6",
	"qcdfzzjtp8hvcbjl42eg93wuw5n0mvsb", "d161f25928c3184678924ec127edd29a",
	// well-known non-secrets of secret shape
	"d41d8cd98f00b204e9800998ecf8427e", "0123456789abcdef0123456789abcdef",
	"abcdefghij123456",
	// 70-hex access/refresh tokens in the REST docs
	"0ad4e16600705a0700005a4b00000001f0f10731fce9fa3219163d545a088b217cc2d4",
	"1a55ba6600705a0700005a4b00000001f0f107db29f044c6ff24e984d378967134de83",
	"1fe8bb690000071b00000844000001f7f0f107826a2f4f01a384d1dcdb624764d8ea63",
	"2ae2af690000071b006e2cf2000004f5000007e78a418f2bdef34c831de35c35aaa7ac",
	"2da97c6900ddfdfd01b8d0b200000000000000eda156e035f598dcc2f2927de6c527dc",
	"31f1e26600705a0700005a4b00000001f0f107b1918506d8a2ed9ecf76e8fdac962471",
	"343794690000071b006e2cf2000004f500000746484b1f82771b3434ff80eb15edc8f8",
	"3f5cc2690000071b00000844000001f7f0f107506cefda4aa5b9d0dc80371e7f0f7e26",
	"3ff6e26600705a0700005a4b00000001f0f10746f1299672a11fa3729c3ba98ebd86d2",
	"4172bb6600705a0700005a4b00000001f0f107c42ca5bd5f61030c5d9c3e4d60d11b5a",
	"4dd5e16600705a0700005a4b00000001f0f107a934a327935855b75f8c3686204e3bd5",
	"4f77bb6600705a0700005a4b00000001f0f107cbd329fa1d8ea5455dc22653d12e7d54",
	"5352c76600631fcd00005a4b00000001f0f107d262f083bb53a16948269371e327d1d9",
	"5d56ba6600705a0700005a4b00000001f0f107d21c0babb82529a32836e165141a2010",
	"63bfbb690000071b00000844000001f7f0f107a3f045d88e8327666879f4b04885d7af",
	"63d39f6600631fcd00005a4b00000001f0f1071905299b72b307a6c223d43877697546",
	"6d53c1690000071b00000844000001f7f0f1075612a492ef6fe0b4127e521b543e4376",
	"807ca26600631fce00007a4b00000001f0f107255033363e91ab16442bd901b2571ed9",
	"815094690000071b006e2cf2000004f5000007a108900724af0be51c3d5962bfd124ef",
	"845a93690000071b006e2cf2000004f50000076345539a39c27ec694f85bece0eed696",
	"904993690000071b006e2cf2000004f5000007bb5f672541f2cec7c7f0b65135f70180",
	"929b78690000071b006e2cf2000004f5000007dde54ef79d3b6e5c447d8f8a714563bd",
	"9eefe26600705a0700005a4b00000001f0f1078586205803785eca5262f6ff48e025ee",
	"a0bfba690000071b00000844000001f7f0f1075f240da39bb5ea0e42c08c5fa182f3ed",
	"ae70bb6600705a0700005a4b00000001f0f107ab19f75f907d2320df1129aa61f63efc",
	"aed5e16600705a0700005a4b00000001f0f107a80816604b24a8719792ac2a21d629b5",
	"b79c4a690000071b006e2cf2000004f50000076312db694aabed7ccf9e3d4fd1b992e3",
	"b8d880690000071b006e2cf2000004f50000078dbaf74c54ad1b4e4205aba7ab57a395",
	"bc35c5690000071b000008440000001b000007b7a839f68bc2cdd19de2677410425077",
	"bc35c5690000071b0000084400000237f0f107abd386665cf9cfc96eaf25e017730bc5",
	"be56ba6600705a0700005a4b00000001f0f107e5806d5fe9a98e02021a72e57645f86a",
	"c2a8ad670000071b006e2cf200000001f0f107061147e530dda74d4e556cae7642992c",
	"ccb69d690000071b000008440000001b0000078c69a6b996b744c26b73e80ddeda0052",
	"ccb69d690000071b0000084400000237f0f10799e08fc9016818e8b51ecc9f7b5342a5",
	"ccefe26600705a0700005a4b00000001f0f107961459d1f9ac07ba82616c72079ede7b",
	"d78a4a690000071b006e2cf2000004f5000007746b9ad166e1b9bd67b8848714afc5a7",
	"d9c467690000071b006e2cf2000004f5000007248f2adc44d050ace99adb3cb9d0f1aa",
	"dc70bb6600705a0700005a4b00000001f0f1079c18b7c3d0497a2cf769e3c4d1150a9b",
	"effc89690000071b006e2cf2000004f50000077d3d5d904ee6ccfc65bf287ca71f1fd6",
)

// docsTokenIssuers are the application/portal bytes (hex 8-24) of every
// 70-hex token in the REST docs: tokens from the docs' demo portals.
var docsTokenIssuers = setOf("00705a0700005a4b", "0000071b006e2cf2", "0000071b00000844",
	"00631fcd00005a4b", "00631fce00007a4b", "00ddfdfd01b8d0b2")

// vendorClientIDs are sample client_ids; a secret next to one is a sample.
var vendorClientIDs = setOf(
	"local.5c8bb1b0891cf2.87252039", "app.573ad8a0346747.09223434",
	"local.6537665f598492.98090704", "local.66ba434d853c87.18550109",
)

func setOf(vs ...string) map[string]bool {
	m := make(map[string]bool, len(vs))
	for _, v := range vs {
		m[v] = true
	}
	return m
}

// sampleGram is the length of the substrings nearSample compares: a value
// that shares this many consecutive characters with a vendor sample is
// the sample edited (characters inserted, removed or changed), since two
// random values share one with odds below 1e-12.
const sampleGram = 10

// sampleGrams holds every sampleGram-long substring of the vendor samples
// that are not all hex (hex tokens share their issuer bytes with real
// tokens from the same portal, so their substrings say nothing), and
// sampleGramBits a bitmap of their hashes that rejects almost every other
// substring without a map lookup.
var sampleGrams, sampleGramBits = func() (map[string]bool, *[gramBitmap / 64]uint64) {
	m := make(map[string]bool)
	var bits [gramBitmap / 64]uint64
	for s := range vendorSamples {
		if allHex(s) {
			continue
		}
		for i := 0; i+sampleGram <= len(s); i++ {
			m[s[i:i+sampleGram]] = true
			h := gramHash(s, i)
			bits[h/64] |= 1 << (h % 64)
		}
	}
	return m, &bits
}()

// gramBitmap is the size in bits of sampleGramBits.
const gramBitmap = 1 << 14

// gramHash hashes the first 8 bytes of the gram at v[i:].
func gramHash(v string, i int) uint64 {
	var x uint64
	for k := range 8 {
		x |= uint64(v[i+k]) << (8 * k)
	}
	return x * 0x9E3779B97F4A7C15 >> 50
}

// nearSample reports whether v is a vendor sample or an edit of one.
func nearSample(v string) bool {
	if vendorSamples[v] {
		return true
	}
	for i := 0; i+sampleGram <= len(v); i++ {
		if h := gramHash(v, i); sampleGramBits[h/64]&(1<<(h%64)) != 0 && sampleGrams[v[i:i+sampleGram]] {
			return true
		}
	}
	return false
}
