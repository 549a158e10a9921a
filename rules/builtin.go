package rules

// builtin returns the rule table. Every secret-looking value in it is
// synthetic (random with a fixed seed) or a published vendor sample used as
// a negative example.
func builtin() []Rule {
	return []Rule{webhookRule(), selfHostedRule(), splitRule(),
		outboundRule(), clientSecretRule(), oauthRule(), oauthCodeRule(), vibeRule(),
		formPasswordRule(), botSecretRule()}
}

// Regex building blocks.
const (
	// sep joins a key to its value: quotes/brackets closing the key, an
	// operator (= : => := == === != , || ?? and the fallbacks ?: of PHP and
	// :- of shell and compose) and an opening quote.
	// The second form is a key/value record: {"name": "auth", "value": "…"}
	// (HAR, Postman), "- name: KEY⏎  value: …" (Kubernetes env), and the
	// markup attribute pair name="KEY" value="…" (HTML forms, .NET config).
	// PHP dumps put a type between key and value: var_dump's
	// ["KEY"]=>⏎  string(70) "…" and serialize's s:3:"KEY";s:70:"…".
	sep = `(?:(?:["'\]\)]|\\")*\s*(?:===?|!==?|~=|=>|:=|\?:|:-|=|:|,|\|\||\?\?|;s:\d{1,4}:|>)\s*(?:string\(\d{1,4}\)\s*)?(?:["'\[(]|\\")?\s*|[\]"']*\s*,?\s*["']?value["']?\s*[:=]\s*["']?)`
	// name is an identifier that may hold a key name.
	name      = `[A-Za-z0-9_$-]*`
	label     = `[A-Za-z0-9\x{80}-\x{10FFFF}](?:[A-Za-z0-9\x{80}-\x{10FFFF}-]*[A-Za-z0-9\x{80}-\x{10FFFF}])?`
	cloudHost = `(?i:(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+bitrix24\.(?:com\.br|com\.tr|co\.uk|com\.vn|ru|com|de|eu|es|fr|it|pl|uk|in|cn|id|vn|jp|by|kz|ua|uz|mx|co|ae|la|tr))`
	anyHost   = `(?:` + label + `\.)*` + label
	restPath  = `//?rest/(?:api/)?(?P<user>\d{1,10})/(?P<secret>[a-z0-9]{16})`
)

const fixWebhook = `Rotate the webhook: in Bitrix24 open Developer resources > Integrations, find the webhook, Edit, and use Generate new for the "Webhook to call REST API" code; update every integration that uses it; then remove the old URL from history (git filter-repo) — Bitrix24 may already have blocked it (INVALID_CREDENTIALS).`

func webhookRule() Rule {
	return Rule{
		ID:          "bitrix24-webhook",
		Kind:        KindWebhook,
		Confidence:  High,
		Name:        "Bitrix24 incoming webhook",
		Description: "A REST webhook URL on a Bitrix24 cloud portal; anyone holding it calls the REST API as the user who created it, with the webhook's scopes.",
		Fix:         fixWebhook,
		Keywords:    []string{"rest", "bitrix24"},
		engine:      engineURL,
		patterns:    []pattern{{expr: `(?:(?i:https?):)?(?://)?(?P<host>` + cloudHost + `(?::\d{1,5})?)` + restPath, hosts: hostsCloud}},
		assess:      assessCloud,
		Examples: []string{
			`BITRIX24_WEBHOOK_URL=https://b24-k7q2mz.bitrix24.ru/rest/1/9mtrbvrg0dla9zvk/`,
			`const hook = process.env.B24_HOOK || 'https://northwind.bitrix24.com/rest/4243/b8aj16t4n998h6ym/crm.lead.add.json';`,
			`r = requests.post("https://stroymarket.bitrix24.kz/rest/21/nwin3m18cybhsvff", json=payload)`,
			`http://lumatech.bitrix24.fr/rest/1/6ihieoxqzc06y3nu/crm.company.userfield.list?ID=`,
			`await fetch("https://aurora-trade.bitrix24.de/rest/api/17/z444rh57nn2501mq/tasks.task.get", opts)`,
			`"DOWNLOAD_URL": "https://velta.bitrix24.de/rest/106/8tw905vuaa16p5qr/download/?token=disk%7CaWQ9MTIz%7Cabc"`,
			`{"C_REST_WEB_HOOK_URL":"https:\/\/optima-group.bitrix24.ru\/rest\/1\/yv61p9h41y9mdb7q\/"}`,
			`GET /relay?hook=https%3A%2F%2Fkvant.bitrix24.by%2Frest%2F116%2F1ivz6zkg2vos4slq%2F HTTP/1.1`,
			`<a href="https:&#x2F;&#x2F;mebelcity.bitrix24.ua&#x2F;rest&#x2F;8&#x2F;foa1zp6idnth9z34&#x2F;profile">`,
			`webhook: aHR0cHM6Ly9sb3Rvcy5iaXRyaXgyNC5jb20uYnIvcmVzdC8zLzVmNTJyM3BhYXVqOWJxdjQv`,
			`https://anka.bitrix24.com.tr/rest/12/ygo3teh2izcnjs2d/batch.json?halt=0&cmd[deals]=crm.deal.list`,
			`//define('C_REST_WEB_HOOK_URL','https://zenit.bitrix24.ru/rest/1/7s2bvf89xyc480ss/');`,
			`B24_URL=https://saturn.bitrix24.eu:443/rest/5/8shbfv6mzpil1hl3/`,
		},
		secrets: []string{"9mtrbvrg0dla9zvk", "b8aj16t4n998h6ym", "nwin3m18cybhsvff", "6ihieoxqzc06y3nu",
			"z444rh57nn2501mq", "8tw905vuaa16p5qr", "yv61p9h41y9mdb7q", "1ivz6zkg2vos4slq",
			"foa1zp6idnth9z34", "5f52r3paauj9bqv4", "ygo3teh2izcnjs2d", "7s2bvf89xyc480ss", "8shbfv6mzpil1hl3"},
		NegativeExamples: []string{
			`https://example.bitrix24.com/rest/1/xxxxxxxx/department.get.json?ID=42`,
			`https://your-domain.bitrix24.com/rest/1/8g9l071eismy9q2l/crm.deal.add.json`,
			`define('C_REST_WEB_HOOK_URL','https://rest-api.bitrix24.com/rest/1/doutwqkjxgc3mgc1/');`,
			`https://portal.bitrix24.ru/rest/1/abcdefghij123456/`,
			`https://aurora.bitrix24.ru/rest/1/webhooksecretkey/`,
			`https://aurora.bitrix24.ru/rest/1/mysecretwebhook1/`,
			`https://aurora.bitrix24.ru/rest/1/9wdi7u3sfrf620r0.../`,
			`https://aurora.bitrix24.ru/rest/1/9wdi7u3sfrf620r0…`,
			`https://aurora.bitrix24.ru/rest/USER_ID/WEBHOOK_CODE/`,
			`https://{portal}.bitrix24.ru/rest/{user_id}/{webhook_code}/`,
			`https://aurora.bitrix24.ru/rest/1/o1l3ffa03yft5csrx/`,
			`https://aurora.bitrix24.ru/rest/1/O1L3FFA03YFT5CSR/`,
			`https://aurora.bitrix24.ru/rest/1/1234567890123456/`,
			`https://aurora.bitrix24.ru/rest/1/a1b2c3d4e5f6g7h8/`,
			`https://aurora.bitrix24.ru/rest/1/********/`,
			`https://jira.acme.io/rest/api/2/issue/PROJ-1234`,
			`https://crm.kvant.ru/rest/7/ydunpmffily1ni6s/`,
		},
	}
}

func selfHostedRule() Rule {
	return Rule{
		ID:          "bitrix24-webhook-selfhosted",
		Kind:        KindWebhook,
		Confidence:  Medium,
		Name:        "Bitrix24 incoming webhook (self-hosted or custom domain)",
		Description: "A REST webhook URL on an on-premise Bitrix24 or a custom domain; anyone who can reach the host calls the REST API as the webhook's user.",
		Fix:         fixWebhook,
		Keywords:    []string{"rest"},
		engine:      engineURL,
		patterns: []pattern{
			{expr: `(?i:https?)://(?P<host>` + anyHost + `(?::\d{1,5})?)` + restPath, hosts: hostsOther},
			{expr: `(?://)?(?P<host>(?:` + label + `\.)+[A-Za-z]{2,63}(?::\d{1,5})?)` + restPath, hosts: hostsBare}, // graded one step lower, needs evidence
		},
		assess: assessSelfHosted,
		Examples: []string{
			`define('C_REST_WEB_HOOK_URL','https://crm.kvant-group.ru/rest/7/f2385fyvb45ewuca/');`,
			`curl -X POST http://10.20.0.15/rest/1/m5bqpxxwemagzhbn/crm.deal.list`,
			`BITRIX_WEBHOOK_URL=https://b24.stroyteh.local:8443/rest/12/0fgk7qkmlfcxal6u/`,
			`fetch("https://intranet.polymer.pro/rest/api/3/8po8dr1d2kdevf5w/profile")`,
			`webhook: crm.polymer.pro/rest/1/ebeql1askthwqgxq/`,
		},
		secrets: []string{"f2385fyvb45ewuca", "m5bqpxxwemagzhbn", "0fgk7qkmlfcxal6u", "8po8dr1d2kdevf5w", "ebeql1askthwqgxq"},
		NegativeExamples: []string{
			`https://aurora.bitrix24.ru/rest/1/laoeaqzsdfrh4yqs/`,
			`https://bitrix24.ru/rest/1/laoeaqzsdfrh4yqs/`,
			`https://example.com/rest/1/nfm6jifs934y1gb1/`,
			`https://bitrix.example.org/rest/1/nfm6jifs934y1gb1/`,
			`https://your-server.ru/rest/1/ebeql1askthwqgxq/`,
			`https://shop.example.org/rest/V1/products/sku1234567890123`,
			`https://jira.polymer.pro/rest/api/2/search?jql=project%3DPROJ`,
			`https://bitrix.corp.ru/rest/1/xxxxxxxxxxxxxxxx/`,
			`http://localhost/rest/1/testtesttesttest/`,
			`docs/crm.polymer.pro/rest/1/ebeql1askthwqgxq/`,
			`mirror.polymer.pro/rest/1/ebeql1askthwqgxq/`,
		},
	}
}

func splitRule() Rule {
	const q = "[\"'`]"
	return Rule{
		ID:          "bitrix24-webhook-split",
		Kind:        KindWebhook,
		Confidence:  Medium,
		Name:        "Bitrix24 incoming webhook (split form)",
		Description: "A webhook code stored apart from its portal URL (a separate variable, SDK argument or env entry); joined again it gives full REST access as the webhook's user.",
		Fix:         fixWebhook,
		Keywords:    []string{"hook", "token", "key", "rest"},
		engine:      engineKeyed,
		assess:      assessSplit,
		patterns: []pattern{
			{ // the name says Bitrix: B24_WEBHOOK_TOKEN, BX_HOOK, bitrixKey
				expr:  `(?i:` + name + `(?:b24|bx|bitrix)` + name + `(?:hook|token|key|code|secret|pass)` + name + `)` + sep + q + `?(?P<secret>[a-z0-9]{16})`,
				class: classCode16, keys: []string{"b24", "bx", "bitrix"}, before: 96, after: 4,
			},
			{ // a webhook-named variable, with Bitrix context nearby
				expr:  `(?i:` + name + `hook` + name + `)` + sep + q + `?(?P<secret>[a-z0-9]{16})`,
				class: classCode16, keys: []string{"hook"}, before: 96, after: 4, need: needBitrix,
			},
			{ // b24pysdk webhook_token="<user>/<code>", B24_WEBHOOK=1/<code>
				expr:  `(?i:` + name + `(?:hook|token|b24|bitrix)` + name + `)` + sep + q + `?(?P<user>\d{1,10})/(?P<secret>[a-z0-9]{16})`,
				class: classCode16, keys: []string{"hook", "token", "b24", "bitrix"}, before: 96, after: 4,
			},
			{ // pybitrix24 call_webhook('method', '<code>')
				expr:  `call_webhook\(\s*["'][A-Za-z0-9_.]+["']\s*,\s*["'](?P<secret>[a-z0-9]{16})["']`,
				class: classCode16, keys: []string{"call_webhook"}, before: 96, after: 4,
			},
			{ // a host-less path "/rest/<user>/<code>/" (or a relative "rest/…" literal) joined to a domain elsewhere,
				// or to a host given by an expression: "$portal/rest/…", sprintf("%s/rest/…"), "${base}/rest/…", BASE + "/rest/…"
				expr: "(?:\\$[A-Za-z_][A-Za-z0-9_]*|%s)?(?:/|[\"'`])rest/(?:api/)?(?P<user>\\d{1,10})/(?P<secret>[a-z0-9]{16})", left: hostLeft,
				class: classCode16, keys: []string{"rest/"}, before: 80, after: 4, need: needPathHost,
			},
			{ // positional arguments: new \b24\webHook("portal.bitrix24.ru", "<code>", "273")
				expr:  "[(,]\\s*" + q + "(?P<secret>[a-z0-9]{16})" + q + "\\s*[,)]",
				class: classCode16, keys: []string{"("}, before: callReach, after: 16, need: needCall,
			},
			{ // a key-named variable in a file about a Bitrix24 portal: token = '<code>'
				expr:  `(?P<name>(?i:` + name + `(?:token|key|code|secret|hook|pass)` + name + `))["'\]]?\s*(?:=>|:=|=|:|,)\s*` + q + `(?P<secret>[a-z0-9]{16})` + q,
				class: classCode16, keys: []string{"token", "key", "code", "secret", "hook", "pass"}, before: 96, after: 4, need: needPortal,
			},
			{ // an unquoted config line keyed like a code, in a file about a Bitrix24 portal:
				// YAML "token: <code>", .properties "bitrix.webhook.secret=<code>"
				expr:  `(?m:^[ \t]*(?i:[A-Za-z0-9_.-]*(?:token|key|code|secret|hook|pass)[A-Za-z0-9_.-]*)[ \t]*[:=][ \t]*(?P<secret>[a-z0-9]{16})[ \t]*(?:#.*)?\r?$)`,
				class: classCode16, keys: []string{"token", "key", "code", "secret", "hook", "pass"}, before: 96, after: 64, need: needPortal,
			},
			{ // any variable (1C and others allow non-ASCII names), with a base URL ".../rest/<user>/" nearby
				expr:  `[A-Za-z_$\x{80}-\x{10FFFF}][A-Za-z0-9_$\x{80}-\x{10FFFF}]*["'\]]?\s*(?:=>|:=|=|:)\s*` + q + `(?P<secret>[a-z0-9]{16})` + q,
				class: classCode16, keys: []string{"=", ":"}, before: 96, after: 4, need: needBase,
			},
			{ // an unquoted config line (YAML, .env, INI) a few lines below its base URL: "token: <code>"
				expr:  `(?m:^[ \t]*[A-Za-z_][A-Za-z0-9_.-]*[ \t]*[:=][ \t]*(?P<secret>[a-z0-9]{16})[ \t]*(?:#.*)?\r?$)`,
				class: classCode16, keys: []string{"rest/"}, before: keyReach, after: 64, need: needBase,
			},
			{ // the base URL's literal continued by the code's: "https://…/rest/1/" + "<code>/…",
				// also when the base itself is split: "https://" + host + "/rest/1/" + "<code>"
				expr:  `/rest/(?:api/)?(?P<user>\d{1,10})/?` + q + `\s*(?:\+|\.\.?|&|\|\||\\)?\s*` + q + `(?P<secret>[a-z0-9]{16})(?:` + q + `|/)`,
				class: classCode16, keys: []string{"rest/"}, before: 96, after: 4, need: needBaseOrPortal,
			},
		},
		Examples: []string{
			`B24_WEBHOOK_TOKEN = '2qb8j6z5p2yftw9w'`,
			`client = BitrixWebhook(domain="vostok.bitrix24.kz", webhook_token="1/honpbjk5yjlr59ib")`,
			`bx24.call_webhook('profile', '4n07uitqofszkfex')`,
			`$key='9e9cj5ustfmjr3g1'; define('C_REST_WEB_HOOK_URL','https://10.1.4.20/rest/1/'.$key.'/');`,
			"url = \"https://orion.bitrix24.com/rest/159/\"\nkey = \"4dyuq9w3m2gwd86o\"",
			"BX_DOMAIN=granit.bitrix24.ru\nBX_USER_ID=12\nBX_HOOK=4pcxww1lnn4vdoky",
			"const apiUrl = 'https://meridian.bitrix24.es/rest/82772';\nconst webhookToken = '1skzs4dkdozwowrf';",
		},
		secrets: []string{"2qb8j6z5p2yftw9w", "honpbjk5yjlr59ib", "4n07uitqofszkfex", "9e9cj5ustfmjr3g1",
			"4dyuq9w3m2gwd86o", "4pcxww1lnn4vdoky", "1skzs4dkdozwowrf"},
		NegativeExamples: []string{
			`webhookSecret = 'v6dazwkrret85f52'`,
			`B24_WEBHOOK_TOKEN = 'your_webhook_code'`,
			`B24_WEBHOOK_TOKEN = 'webhooksecretkey'`,
			`bx24.call_webhook('profile', 'xxxxxxxxxxxxxxxx')`,
			`key = "sm0d47j4egw72v6c"`,
			`BitrixWebhook(domain="example.bitrix24.com", webhook_token="1/r7zrv65au3axunfw")`,
			`B24_WEBHOOK=https://aurora.bitrix24.ru/rest/1/l9tbd8pt5akfpagm/`,
		},
	}
}
