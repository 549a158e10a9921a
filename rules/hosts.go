package rules

import "strings"

// cloudZones are the Bitrix24 cloud suffixes after "bitrix24." (§1.5);
// weakZones are the ones named only by third parties.
var (
	cloudZones = []string{"com.br", "com.tr", "co.uk", "com.vn", "ru", "com", "de", "eu", "es", "fr",
		"it", "pl", "uk", "in", "cn", "id", "vn", "jp", "by", "kz", "ua", "uz", "mx", "co", "ae", "la", "tr"}
	weakZones = setOf("ae", "la", "tr", "co.uk", "com.vn")
)

// nonPortals are Bitrix-operated hosts under bitrix24.<zone> that are not
// portals: a webhook path on them is documentation or a sample.
var nonPortals = setOf("oauth", "www", "dl", "helpdesk", "apidocs", "rest-api", "api", "vibecode", "auth", "marketplace", "training", "partners", "blog", "support", "store", "util")

// cloudSplit splits a lowercase host (without port) into portal name and
// zone when it is a Bitrix24 cloud host.
func cloudSplit(host string) (portal, zone string, ok bool) {
	i := strings.LastIndex(host, "bitrix24.")
	if i < 0 {
		return "", "", false
	}
	zone = host[i+len("bitrix24."):]
	for _, z := range cloudZones {
		if z == zone {
			return strings.TrimSuffix(host[:i], "."), zone, i == 0 || host[i-1] == '.'
		}
	}
	return "", "", false
}

// hostPlaceholders are host labels that only appear in documentation.
var hostPlaceholders = setOf(
	"example", "examples", "sample", "domain", "subdomain", "some-domain", "somedomain",
	"mycompany", "my-company", "mydomain", "my-domain", "myportal", "my-portal", "mysite",
	"my-site", "my-bitrix", "mybitrix", "portal-name", "portalname", "company-name",
	"companyname", "ornek", "kompaniya", "seu-portal", "suaempresa", "tuempresa",
	"twoja-nazwa", "tudominio", "tu-dominio", "seudominio", "placeholder", "dummy",
	"fake", "hostname", "host", "invalid", "name", "account", "tenant", "instance",
	"installation-address", "installation_address", "bitrix24-domain", "b24-domain",
	"crm-domain", "portal-domain", "site-name", "sitename",
	"пример", "портал", "домен", "адрес", "компания", "имя", "поддомен", "мойпортал", "мой-портал",
)

// hostWeak are labels that are sometimes real portal names: a random code
// under them is reported with lower confidence.
var hostWeak = setOf("acme", "portal", "test", "demo", "x", "b24-x", "b24-test", "dev",
	"sandbox", "foo", "bar", "company", "site", "crm", "bitrix", "b24", "test-portal", "testportal")

// Host verdicts, from best to worst.
const (
	hostFine        = iota
	hostWeakName    // sometimes a real portal name: lower confidence
	hostMasked      // a real portal's name written masked (b24-xxx): low confidence
	hostPlaceholder // documentation only: never reported
)

// hostVerdict grades a lowercase host without port.
func hostVerdict(host string) int {
	tld := host[strings.LastIndexByte(host, '.')+1:]
	if len(tld) < len(host) {
		switch tld {
		case "example", "invalid", "test":
			return hostPlaceholder
		}
		host = host[:len(host)-len(tld)-1]
	}
	worst := 0
	for host != "" {
		var l string
		l, host, _ = strings.Cut(host, ".")
		worst = max(worst, labelVerdict(l))
	}
	return worst
}

func labelVerdict(l string) int {
	switch {
	case hostPlaceholders[l], strings.HasPrefix(l, "your"), strings.HasPrefix(l, "ваш"), strings.HasPrefix(l, "example"),
		strings.HasSuffix(l, "example"), isXs(l) && len(l) >= 2:
		return hostPlaceholder
	case strings.HasPrefix(l, "b24-") && isXs(l[4:]) && len(l) >= 6:
		return hostMasked // the default portal name b24-<6 chars>, masked
	case hostWeak[l]:
		return hostWeakName
	}
	return hostFine
}

func isXs(s string) bool {
	return strings.Trim(s, "xX") == "" && s != ""
}

// splitPort lowercases host and splits off ":port".
func splitPort(hostport string) (host string) {
	host = strings.ToLower(hostport)
	if i := strings.IndexByte(host, ':'); i >= 0 {
		host = host[:i]
	}
	return host
}
