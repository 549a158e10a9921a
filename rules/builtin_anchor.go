package rules

// Anchored values are strings a developer or user chose: any characters,
// any length. A value is a quoted literal (the first character not a
// space), a bare .env-style value to the end of the line, or a query
// parameter.
const (
	quotedValue = "[\"'`](?P<secret>[^\"'`\\s][^\"'`\\r\\n]{0,127})[\"'`]"
	anchorSep   = "[\"'`]?\\]?\\s{0,16}(?:=>|:=|[:=])\\s{0,16}"
	lineValue   = "[ \\t]*[=:][ \\t]*(?P<secret>[^\\s\"'`#;,()]{1,128})[ \\t\\r]*(?m:$)"
	queryValue  = "=(?P<secret>[^&\\s\"'`#]{1,128})"
)

// near is an anchor pattern that reads up to maxContext bytes either side
// of its literal.
func near(lit, expr string) pattern {
	return pattern{expr: expr, anchor: lit, before: maxContext, after: maxContext}
}

func formPasswordRule() Rule {
	// the form field, its constant, or a variable named for the password
	const key = `(?i:(?:crm|bitrix|b24)_?)?(?i:password|passwd|pass)\b`
	window := func(expr string) pattern { return near(litFormImport, expr) }
	return Rule{
		ID:          "bitrix24-crm-form-password",
		Confidence:  Medium,
		Name:        "Bitrix24 portal user password (CRM form import)",
		Description: "The password of a portal user, posted with the login to the legacy lead import (/crm/configs/import/lead.php); a holder can sign in to the portal as that user.",
		Fix:         "Change the user's password in Bitrix24 (the login sent beside it names the account) and end its sessions; move the integration to an inbound webhook (crm.lead.add) that carries no password, keep secrets out of the code, and remove the old one from history (git filter-repo).",
		Keywords:    []string{"import/lead.php"},
		engine:      engineAnchor,
		assess:      assessFormPassword,
		patterns: []pattern{
			window(`\b` + key + anchorSep + quotedValue),
			window(`\bdefine\(\s{0,16}["'](?:CRM_)?PASSWORD["']\s{0,16},\s{0,16}` + quotedValue),
			window(`(?m:^)[ \t]*(?:export[ \t]+)?(?:CRM_)?PASSWORD` + lineValue),
			window(`[?&]PASSWORD` + queryValue),
		},
		Examples: []string{
			"define('CRM_HOST', 'vostok.bitrix24.ru');\ndefine('CRM_PATH', '/crm/configs/import/lead.php');\ndefine('CRM_LOGIN', 'manager@vostok.test');\ndefine('CRM_PASSWORD', 'Synth3tic-Pass-42');",
			"$postData = array('TITLE' => $title, 'LOGIN' => 'robot', 'PASSWORD' => 'Fake-b24-pw-77');\n$ch = curl_init('https://vostok.bitrix24.ru/crm/configs/import/lead.php');",
			"fetch('https://vostok.bitrix24.ru/crm/configs/import/lead.php?LOGIN=robot&PASSWORD=Synth-pw-55&TITLE=' + t)",
			"data = {'LOGIN': 'robot', 'PASSWORD': 'not-a-real-pw-9'}\nrequests.post('https://crm.vostok.ru/crm/configs/import/lead.php', data=data)",
			"CRM_URL=https://vostok.bitrix24.ru/crm/configs/import/lead.php\nCRM_LOGIN=robot\nCRM_PASSWORD=Synth-env-pw-31\n",
			"$crmUrl = 'https://vostok.bitrix24.ru/';\n$login = 'robot@vostok.test';\n$password = 'Synth-var-pw-12';\n$obHttp->post($crmUrl.'crm/configs/import/lead.php', array('LOGIN' => $login, 'PASSWORD' => $password));",
		},
		secrets: []string{"Synth3tic-Pass-42", "Fake-b24-pw-77", "Synth-pw-55", "not-a-real-pw-9", "Synth-env-pw-31", "Synth-var-pw-12"},
		NegativeExamples: []string{
			"$passwordHash = 'Synth3tic-Pass-42'; // crm/configs/import/lead.php",
			"define('CRM_PATH', '/crm/configs/import/lead.php');\ndefine('CRM_LOGIN', 'your_login');\ndefine('CRM_PASSWORD', 'your_password');",
			"define('CRM_PATH', '/crm/configs/import/lead.php');\ndefine('CRM_PASSWORD', '');",
			"define('CRM_PATH', '/crm/configs/import/lead.php');\ndefine('CRM_PASSWORD', getenv('CRM_PASSWORD'));",
			"$postData = array('LOGIN' => CRM_LOGIN, 'PASSWORD' => CRM_PASSWORD); // crm/configs/import/lead.php",
			"password = os.environ.get('PASSWORD', 'Synth-default-1')  # /crm/configs/import/lead.php",
			"url = 'https://vostok.bitrix24.ru/crm/configs/import/lead.php?LOGIN=' + login + '&PASSWORD=' + password",
			"/crm/configs/import/lead.php?LOGIN=admin&PASSWORD=********&TITLE=test",
			"define('DB_PASSWORD', 'Synth3tic-Pass-42'); // upload/lead.php",
		},
	}
}

func botSecretRule() Rule {
	window := func(expr string) pattern { return near(litBot, expr) }
	return Rule{
		ID:          "bitrix24-bot-secret",
		Confidence:  Medium,
		Name:        "Bitrix24 chat-bot secret",
		Description: "The string a chat bot identifies itself with in webhook calls (CLIENT_ID of imbot.register, botToken of imbot.v2); a holder can send messages and commands as the bot.",
		Fix:         "Unregister the bot (imbot.unregister) and register it again with a new random CLIENT_ID or botToken kept outside the code (environment, secret store); remove the old value from history (git filter-repo).",
		Keywords:    []string{"imbot."},
		engine:      engineAnchor,
		assess:      assessBotSecret,
		patterns: []pattern{
			window(`\b(?:(?:BOT_)?CLIENT_ID|botToken|bot_token|BOT_TOKEN)` + anchorSep + quotedValue),
			window(`\bdefine\(\s{0,16}["'](?:BOT_)?(?:CLIENT_ID|TOKEN)["']\s{0,16},\s{0,16}` + quotedValue),
			window(`[?&](?:CLIENT_ID|botToken)` + queryValue),
		},
		Examples: []string{
			"$result = restCommand('imbot.register', array(\n  'CODE' => 'helper',\n  'TYPE' => 'B',\n  'CLIENT_ID' => 'synthbotclient7q2',\n  'EVENT_HANDLER' => $handler,\n));",
			"await b24.callMethod('imbot.v2.Chat.Message.send', { botId: 17, botToken: 'synth-bt-k81q', dialogId: 'chat5', message: { text: 'hi' } })",
			"bx.call('imbot.message.add', {'BOT_ID': 39, 'CLIENT_ID': 'synth_bot_key_55', 'DIALOG_ID': dialog, 'MESSAGE': text})",
			"https://vostok.bitrix24.ru/rest/1/PLACEHOLDER/imbot.message.add.json?BOT_ID=3&CLIENT_ID=synthqueryclient9&DIALOG_ID=1",
		},
		secrets: []string{"synthbotclient7q2", "synth-bt-k81q", "synth_bot_key_55", "synthqueryclient9"},
		NegativeExamples: []string{
			"restCommand('imbot.register', array('CODE' => 'helper', 'CLIENT_ID' => getenv('BOT_CLIENT_ID')));",
			"restCommand('imbot.register', array('CODE' => 'helper', 'CLIENT_ID' => ''));",
			"restCommand('imbot.register', array('CODE' => 'helper', 'CLIENT_ID' => 'your_client_id'));",
			"b24.callMethod('imbot.v2.Chat.Message.send', { botId: 17, botToken: process.env.BOT_TOKEN })",
			"define('C_REST_CLIENT_ID', 'local.5c8bb1b0891cf2.87252039'); CRest::call('imbot.register', $params);",
			"CRest::call('imbot.register', array('CLIENT_ID' => 'local.65f1c2a9b3d4e7.41827365'));",
			"bot_token = os.getenv('BOT_TOKEN', 'synth-default-token')  # imbot.message.add",
			"restCommand('imbot.register', array('CODE' => 'helper', 'CLIENT_ID' => '<client id>'));",
		},
	}
}
