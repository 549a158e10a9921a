package rules

// rowCell opens a cell of a table row (CSV, TSV, SQL VALUES): the value
// starts a line or follows a delimiter, not an assignment to some other name.
const rowCell = "(?m:(?:^|[,;\t|(])[ \t]*[\"'`]?)"

func outboundRule() Rule {
	return Rule{
		ID:          "bitrix24-outbound-token",
		Confidence:  High,
		Name:        "Bitrix24 outgoing webhook token",
		Description: "The application_token an outgoing webhook sends to its handler; a holder can forge Bitrix24 events that the handler will trust.",
		Fix:         "Regenerate the token: in Bitrix24 open Developer resources > Integrations, edit the outgoing webhook and generate a new application token; update the handler's expected value, and remove the old one from history (git filter-repo).",
		Keywords:    []string{"application_token", "apptoken", "out_token"},
		engine:      engineKeyed,
		assess:      assessOutbound,
		patterns: []pattern{
			{
				expr:  `(?i:application[_-]?token)` + sep + `(?P<secret>[a-z0-9]{32})`,
				class: classTok32, keys: []string{"token"}, before: 96, after: 4,
			},
			{
				expr:  `(?i:(?:app|out|outbound|outgoing|event|handler|webhook|hook)[_-]?token)` + sep + `(?P<secret>[a-z0-9]{32})`,
				class: classTok32, keys: []string{"token"}, before: 64, after: 4, need: needBitrix,
			},
			{ // const TOKEN = '…'; … auth.application_token === TOKEN
				expr:  `(?P<name>` + name + `(?i:token|secret|key|code|pass|hash)` + name + `)` + sep + `(?P<secret>[a-z0-9]{32})`,
				class: classTok32, keys: []string{"token", "secret", "key", "code", "pass", "hash"}, before: 64, after: 4, need: needCompare,
			},
			{ // 'token' == $_REQUEST['auth']['application_token'], "token".equals(req.getParameter("auth[application_token]"))
				expr:  `["'](?P<secret>[a-z0-9]{32})["']\s*(?:===?|!==?|\.(?i:equals)(?:IgnoreCase)?\()\s*[$A-Za-z_][\w$\[\]'"\->.()]{0,80}(?i:application_token)`,
				class: classTok32, keys: []string{"application_token"}, before: 4, after: 160,
			},
		},
		Examples: []string{
			`if ($_REQUEST['auth']['application_token'] == '4yeb1pw2kya7w7zvekx0zbi0habsss9a') {`,
			"define('APPTOKEN', 'utexnwdeyb25zpwejcfvmse04so5bfll');\nif ($_REQUEST['auth']['application_token'] == APPTOKEN) {",
			`event=ONCRMLEADADD&data%5BFIELDS%5D%5BID%5D=77&auth%5Bdomain%5D=b24-k7q2mz.bitrix24.ru&auth%5Bapplication_token%5D=p8jenqu6zd9vo8w7tiqozrn0fmzmmb4m`,
			`"auth[application_token]": "nmfyu1rw4wll2nk6srsqwylaz9g0xsxb",`,
			`B24_APPLICATION_TOKEN=dny9xc8p7l6a89g8jmw93pm2f97afegg`,
			`if ('tqiavv8jw9fiz46ug2kcs90f6qmsvcrf' !== $request['auth']['application_token']) {`,
			`{"domain":"b24-k7q2mz.bitrix24.ru","application_token":"gh9id9m0e6zotjvnbnsp92ethwiooerl"}`,
		},
		secrets: []string{"4yeb1pw2kya7w7zvekx0zbi0habsss9a", "utexnwdeyb25zpwejcfvmse04so5bfll",
			"p8jenqu6zd9vo8w7tiqozrn0fmzmmb4m", "nmfyu1rw4wll2nk6srsqwylaz9g0xsxb", "dny9xc8p7l6a89g8jmw93pm2f97afegg",
			"tqiavv8jw9fiz46ug2kcs90f6qmsvcrf", "gh9id9m0e6zotjvnbnsp92ethwiooerl"},
		NegativeExamples: []string{
			`'application_token' => '51856fefc120afa4b628cc82d3935cce',`,
			`application_token: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
			`"member_id": "cxsljrcdixajmtdfl8yvs289kmyrpcsx"`,
			`APPTOKEN = "4ehh9fgrkl5wtbrjy7p5ktuxwbcayx46"`,
			`application_token=0123456789abcdef0123456789abcdef`,
			`application_token=hnwypg1bnrx4tx8bptyt5gkkpsbmok45...`,
		},
	}
}

func clientSecretRule() Rule {
	const (
		secret50 = `(?P<secret>[A-Za-z0-9]{50})`
		hex32    = `(?P<secret>[0-9a-f]{32})`
		// a line that holds a client_id alone, and the next line's comment marker
		clientLine = `(?P<client>\b(?:local|app)\.[0-9a-f]{13}[0-9]\.[0-9]{8})[ \t]*\r?\n[ \t]*(?:(?://|#|\*|--|;)[ \t]*)?`
		lineEnd    = `[ \t]*(?m:$)`
	)
	return Rule{
		ID:          "bitrix24-client-secret",
		Confidence:  High,
		Name:        "Bitrix24 application client_secret",
		Description: "The OAuth client_secret of a local or market application; with the client_id it lets a holder obtain and refresh tokens as the application.",
		Fix:         "Reset the secret: in Bitrix24 open Developer resources (or the application's settings in the partner/vendor account), generate a new client_secret, redeploy the application with it, and remove the old one from history (git filter-repo).",
		Keywords:    []string{"client_secret", "clientsecret", "local.", "app."},
		engine:      engineKeyed,
		assess:      assessClientSecret,
		patterns: []pattern{
			{
				expr:  `(?i:client[_-]?secret|app(?:lication)?[_-]?secret)` + sep + secret50,
				class: classSec50, keys: []string{"secret"}, before: 96, after: 4,
			},
			{
				expr:  `(?i:client[_-]?secret)` + sep + hex32,
				class: classHex32, keys: []string{"secret"}, before: 96, after: 4, need: needBitrix,
			},
			{ // positional, after a client_id: Bitrix24('portal', 'local.…', '<secret>')
				expr:  "(?P<client>\\b(?:local|app)\\.[0-9a-f]{13}[0-9]\\.[0-9]{8})[\"'`]?[^\\n]{0,160}?[\"'`]" + secret50 + "[\"'`]",
				class: classSec50, keys: []string{"local.", "app."}, before: 240, after: 4,
			},
			{ // a Bitrix-specific key takes any secret-looking length
				expr:  `(?i:c_rest_client_secret|b24_client_secret|bitrix[a-z0-9_]*client_secret)` + sep + `(?P<secret>[A-Za-z0-9]{30,64})`,
				class: classVar, keys: []string{"client_secret"}, before: 96, after: 4,
			},
			{ // a Bitrix-named secret: BITRIX_SECRET, B24_APP_SECRET_KEY
				expr:  `(?i:` + name + `(?:b24|bx24|bitrix)` + name + `secret` + name + `)` + sep + secret50,
				class: classSec50, keys: []string{"secret"}, before: 96, after: 4,
			},
			{ // a bare value in a row under a client_secret column, with a client_id nearby: CSV, SQL INSERT … VALUES
				expr: rowCell + secret50, class: classSec50, keys: []string{"client_secret", "clientsecret"}, before: keyReach, after: 4, need: needClient,
			},
			{ // 'secret' => '…' next to a client_id
				expr:  `(?i:secret)` + sep + secret50,
				class: classSec50, keys: []string{"secret"}, before: 64, after: 4, need: needClient,
			},
			{ // the legacy 32-hex form under 'secret' next to a client_id
				expr:  `(?i:secret)` + sep + hex32,
				class: classHex32, keys: []string{"secret"}, before: 64, after: 4, need: needClient,
			},
			{ // a client_id and the secret on the next line, bare (notes, comment blocks)
				expr: clientLine + secret50 + lineEnd, class: classSec50, keys: []string{"local.", "app."}, before: 120, after: 4,
			},
			{expr: clientLine + hex32 + lineEnd, class: classHex32, keys: []string{"local.", "app."}, before: 120, after: 4},
		},
		Examples: []string{
			`define('C_REST_CLIENT_SECRET','9vGEcLElTfta9SLsc7apV3HZx897n3PuwMowZvV7eQdmGLjk4p');`,
			`B24_CLIENT_SECRET=noizPBReU4QYxIS0Z1Em16xyX1TVvB6HN9T1LKaaW3z2BEQK4W`,
			`'BITRIX24_PHP_SDK_APPLICATION_CLIENT_SECRET' => 'B9n0VP8vgc5CVnKS3SslWKyG0GtBjybURA4ogwIm8RZ02k2XDZ',`,
			`clientSecret: "AbaIq9cBL1PkyYIhmXoRewqFWg5GXcLj89OPd08UFF8FmckK3u"`,
			`bx = Bitrix24('vega.bitrix24.ru', 'local.65f1c2a9b3d4e7.41827365', 'SApuVmtYj18bt8P2gjpfRq0r8Mfo5IYFjEi3WTEUyUtYjjbTYQ')`,
			`https://oauth.bitrix.info/oauth/token/?client_id=local.6603b1e4a2c9d5.30917742&client_secret=41b1d09a0fcda54b1125dbc294508d6e`,
			`define('C_REST_CLIENT_SECRET','e04cmzcFIoodB88cUXQbcHLoTcQe2cuLRWAnszy9WETCEpFK1zvm6MfBJPADBHAp');`,
		},
		secrets: []string{"9vGEcLElTfta9SLsc7apV3HZx897n3PuwMowZvV7eQdmGLjk4p", "noizPBReU4QYxIS0Z1Em16xyX1TVvB6HN9T1LKaaW3z2BEQK4W",
			"B9n0VP8vgc5CVnKS3SslWKyG0GtBjybURA4ogwIm8RZ02k2XDZ", "AbaIq9cBL1PkyYIhmXoRewqFWg5GXcLj89OPd08UFF8FmckK3u",
			"SApuVmtYj18bt8P2gjpfRq0r8Mfo5IYFjEi3WTEUyUtYjjbTYQ", "41b1d09a0fcda54b1125dbc294508d6e",
			"e04cmzcFIoodB88cUXQbcHLoTcQe2cuLRWAnszy9WETCEpFK1zvm6MfBJPADBHAp"},
		NegativeExamples: []string{
			`client_secret=LJSl0lNB76B5YY6u0YVQ3AW0DrVADcRTwVr4y99PXU1BWQybWK`,
			`define('C_REST_CLIENT_SECRET','SakeVG5mbRdcQet45UUrt6q72AMTo7fkwXSO7Y5LYFYNCRsA6f');`,
			`define('C_REST_CLIENT_SECRET','g5dlcj3d2772h8g5jhzou907jojage');`,
			`client_secret: your_client_secret`,
			`CLIENT_SECRET=ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwx`,
			`client_secret = "47a3506be0f3c6c4a72ac8d192e04ca2"`,
			`client_id: 'local.5c8bb1b0891cf2.87252039'`,
			`define('C_REST_CLIENT_SECRET','SakeVG5mbRdcQet45UUrt6');`,
			`define('C_REST_CLIENT_SECRET','your_application_secret_key_from_settings');`,
			`'secret' => 'jI1eFEQgJxAvkjotQUxo3FkWZ71jQKd12hNIeav2cCBPOMhual'`,
		},
	}
}

func oauthRule() Rule {
	const (
		strongKey = `(?i:auth[_-]?id|refresh[_-]?id|auth\[(?:access|refresh)_token\])`
		tokenKey  = `(?i:access[_-]?token|refresh[_-]?token|expired[_-]?token|auth[_-]?id|refresh[_-]?id)`
		authKey   = `(?i:auth)` // with left: wordLeft
		hex70     = `(?P<secret>[0-9a-f]{70})`
		short     = `(?P<secret>[a-z0-9]{32})`
	)
	keys := []string{"token", "auth", "refresh_id"}
	return Rule{
		ID:          "bitrix24-oauth-token",
		Confidence:  Medium,
		Name:        "Bitrix24 OAuth access or refresh token",
		Description: "An application's OAuth token; an access token calls the REST API as the installing user for an hour, a refresh token mints new access tokens for months.",
		Fix:         "Revoke the tokens: reinstall or reset the application in Bitrix24 (Applications > the app's settings) so its tokens are reissued, and rotate its client_secret if the refresh token leaked with it; access tokens expire in 1 h, refresh tokens in 180 days. Remove the value from history (git filter-repo).",
		Keywords:    []string{"access_token", "refresh_token", "auth_id", "refresh_id", "auth", "bearer"},
		engine:      engineKeyed,
		assess:      assessOAuth,
		patterns: []pattern{
			{expr: tokenKey + sep + hex70, class: classHex70, keys: keys, before: 96, after: 4},
			{expr: authKey + sep + hex70, class: classHex70, keys: keys, before: 48, after: 4, left: wordLeft},
			{expr: `(?i:bearer)\s+` + hex70, class: classHex70, keys: []string{"bearer"}, before: 24, after: 4},
			{expr: `(?i:token)` + sep + hex70, class: classHex70, keys: []string{"token"}, before: 96, after: 4, need: needBitrix},
			{ // a bare value in a row under a token-named column: CSV, SQL INSERT … VALUES
				expr: rowCell + hex70, class: classHex70, keys: []string{"access_token", "refresh_token", "auth_id", "refresh_id"}, before: keyReach, after: 4, need: needBitrix,
			},
			{expr: strongKey + sep + short, class: classTok32, keys: keys, before: 96, after: 4},
			{expr: tokenKey + sep + short, class: classTok32, keys: keys, before: 96, after: 4, need: needGraded},
			{expr: authKey + sep + short, class: classTok32, keys: keys, before: 48, after: 4, need: needGraded, left: wordLeft},
			{expr: `(?i:bearer)\s+` + short, class: classTok32, keys: []string{"bearer"}, before: 24, after: 4, need: needGraded},
		},
		Examples: []string{
			`    [AUTH_ID] => 5aeb426b00a41c3e0039d7f100000073382e7da713d35e8fec992f40e10fb1c5923ae5`,
			`curl "https://vega.bitrix24.ru/rest/crm.deal.list?auth=6fbea86a00a41c3e0039d7f1000001abd6868673d9018c098f2af0b13e3bd71ca08720"`,
			`{"access_token":"30f2616b00a41c3e0039d7f10000015be393044da377cd2cbdad4fb7d7659d2d800335","expires_in":3600}`,
			`Authorization: Bearer 0c07c36700a41c3e0039d7f10000017a8e70844b32aced054a47d79096398977e3bd0d`,
			`    [REFRESH_ID] => 9s6u61dpyxqw2y0wqm56dimjx42a8ibw`,
			`event=ONAPPINSTALL&auth%5Baccess_token%5D=2f1cd76a00a41c3e0039d7f1000000945b18f3ef1ae677498d88b5d655a4f571a3ce65&auth%5Bdomain%5D=b24-k7q2mz.bitrix24.ru`,
		},
		secrets: []string{"5aeb426b00a41c3e0039d7f100000073382e7da713d35e8fec992f40e10fb1c5923ae5",
			"6fbea86a00a41c3e0039d7f1000001abd6868673d9018c098f2af0b13e3bd71ca08720",
			"30f2616b00a41c3e0039d7f10000015be393044da377cd2cbdad4fb7d7659d2d800335",
			"0c07c36700a41c3e0039d7f10000017a8e70844b32aced054a47d79096398977e3bd0d",
			"9s6u61dpyxqw2y0wqm56dimjx42a8ibw",
			"2f1cd76a00a41c3e0039d7f1000000945b18f3ef1ae677498d88b5d655a4f571a3ce65"},
		NegativeExamples: []string{
			`[AUTH_ID] => 807ca26600631fce00007a4b00000001f0f107255033363e91ab16442bd901b2571ed9`,
			`access_token: "s1morf609228iwyjjpvfv6wsvuja4p8u"`,
			`"access_token": "0ae0c95c00a41c3e0039d7f10000014785e819403927d58c8c3079e462205c0a99689a"`,
			`access_token = "47a3506be0f3c6c4a72ac8d192e04ca2"`,
			`sha = "4b3d6e6a00a41c3e0039d7f10000011e4c793dc7cad6af1b4a8256932e0a8c916b3f7a"`,
			`[AUTH_ID] => xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
		},
	}
}

func vibeRule() Rule {
	return Rule{
		ID:          "bitrix24-vibecode-key",
		Confidence:  High,
		Name:        "Bitrix24 VibeCode key",
		Description: "A VibeCode API, application or management key; a holder calls vibecode.bitrix24.tech on the owner's behalf.",
		Fix:         "Revoke the key in VibeCode's key management (vibecode.bitrix24.com, Keys), issue a new one, update the code or environment that uses it, and remove the old key from history (git filter-repo).",
		Keywords:    []string{"vibe_api_", "vibe_app_", "vibe_live_"},
		engine:      engineKeyed,
		assess:      assessVibe,
		patterns: []pattern{
			{expr: `(?P<secret>vibe_api_[A-Za-z0-9]{32}_[0-9a-f]{6})`, class: classVibe, keys: []string{"vibe_api_"}, before: 48, after: 16},
			{expr: `(?P<secret>vibe_app_[A-Za-z0-9_]{30,160}_[0-9a-f]{6})`, class: classVibe, keys: []string{"vibe_app_"}, before: 200, after: 16},
			{expr: `(?P<secret>vibe_live_[A-Za-z0-9_]{16,200})`, class: classVibe, keys: []string{"vibe_live_"}, before: 220, after: 8},
		},
		Examples: []string{
			`VIBE_API_KEY=vibe_api_1vut6JFwz26N9q4Zgb0QNffBcJKYTpHz_8c6447`,
			`"api_key": "vibe_app_local_65f1c2a9b3d4e7_41827365_RncwTkks6CsvtjdOau4I7Ay6gDVfWsghLi2LtbziaDRGfjEm1P_0ce839"`,
			`-H "X-Api-Key: vibe_live_4zdrE2QaUbDUdIszEgxLDOrFh8FWaw3a"`,
		},
		secrets: []string{"vibe_api_1vut6JFwz26N9q4Zgb0QNffBcJKYTpHz_8c6447",
			"vibe_app_local_65f1c2a9b3d4e7_41827365_RncwTkks6CsvtjdOau4I7Ay6gDVfWsghLi2LtbziaDRGfjEm1P_0ce839",
			"vibe_live_4zdrE2QaUbDUdIszEgxLDOrFh8FWaw3a"},
		NegativeExamples: []string{
			`vibe_api_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx_000000`,
			`keyPrefix: vibe_live_abc123`,
			`VIBE_API_KEY=vibe_api_...`,
			`VIBE_KEY=vibe_live_your_management_key_here`,
		},
	}
}

func oauthCodeRule() Rule {
	const hex70 = `(?P<secret>[0-9a-f]{70})`
	return Rule{
		ID:          "bitrix24-oauth-code",
		Confidence:  Low,
		Name:        "Bitrix24 OAuth authorization code",
		Description: "A one-time code from an application's OAuth flow: it lives about 30 seconds, so it is a sign, not a key — the client_secret it is exchanged with usually leaked beside it.",
		Fix:         "The code itself has expired. Look beside it (the same file, the same logged request) for the client_secret and tokens, and rotate those: reset the application's client_secret, reinstall the application so its tokens are reissued, and stop logging OAuth requests; then remove the log from history (git filter-repo).",
		Keywords:    []string{"code"},
		engine:      engineKeyed,
		assess:      assessOAuthCode,
		patterns: []pattern{
			{expr: `(?i:code)` + sep + hex70, class: classHex70, keys: []string{"code"}, before: 48, after: 4, left: wordLeft, need: needAuthFlow},
		},
		Examples: []string{
			`GET /oauth/token/?grant_type=authorization_code&client_id=local.65f1c2a9b3d4e7.41827365&code=a0b0e96a00a41c3e0039d7f10000018a67639f74080f56c5aa328f676226e236a23e23 HTTP/1.1`,
			`requests.get("https://oauth.bitrix.info/oauth/token/", params={"grant_type": "authorization_code", "code": "a0b0e96a00a41c3e0039d7f10000018e3b1c77fc4c011f1bd38f1f34920fbd01f40072"})`,
			`$query = http_build_query(['grant_type' => 'authorization_code', 'client_id' => $id, 'code' => 'a0b0e96a00a41c3e0039d7f1000001e3cf347862554017cdf83fd989e60f210402362d']);`,
			`[2026-11-03 10:00:01] GET /install.php?code=a0b0e96a00a41c3e0039d7f100000153c9efc6d892aa68bfcc8c928344b16103485a1c&state=&domain=vostok.bitrix24.ru&member_id=4a19f21b59ef17b800659f0526b97a49&scope=crm&server_domain=oauth.bitrix.info`,
		},
		secrets: []string{"a0b0e96a00a41c3e0039d7f10000018a67639f74080f56c5aa328f676226e236a23e23",
			"a0b0e96a00a41c3e0039d7f10000018e3b1c77fc4c011f1bd38f1f34920fbd01f40072",
			"a0b0e96a00a41c3e0039d7f1000001e3cf347862554017cdf83fd989e60f210402362d",
			"a0b0e96a00a41c3e0039d7f100000153c9efc6d892aa68bfcc8c928344b16103485a1c"},
		NegativeExamples: []string{
			`{"code": "a0b0e96a00a41c3e0039d7f1000001292be01e4fc2d031c41885221c25f6aaf76fdc6c"}`,
			`grant_type=authorization_code&code=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
			`grant_type=authorization_code&auth_code=a0b0e96a00a41c3e0039d7f1000001369aad6b68b75b48e99f73f289509dddc3ebffc5`,
			`grant_type=authorization_code&code=0ad4e16600705a0700005a4b00000001f0f10731fce9fa3219163d545a088b217cc2d4`,
		},
	}
}
