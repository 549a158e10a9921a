package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/b24leaks/b24leaks/scanner/verify"
	"github.com/b24leaks/b24leaks/scanner/verify/verifytest"
)

// runVerify runs the CLI with --verify reaching fp.
func runVerify(t *testing.T, fp *verifytest.Portal, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, terminal{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb,
		getenv: func(string) string { return "" },
		network: func(o *verify.Options) {
			o.RootCAs, o.Resolve, o.Clock = fp.Roots, fp.Resolve, &verifytest.Clock{}
		}})
	return result{code, out.String(), errb.String()}
}

// --verify puts each finding's status in the report, checks a credential
// once however often it appears, says what to do, and --results limits
// what is reported and what sets the exit code.
func TestVerifyFromTheCommandLine(t *testing.T) {
	fp := verifytest.NewPortal(t)
	fp.Behaviour[synthCode(300)] = verifytest.Live("1", true, "crm")
	input := "a=" + hookURL(300) + "\nb=" + hookURL(300) + "\nc=" + hookURL(301) + "\n"
	res := runVerify(t, fp, input, "stdin", "--verify", "--verify-allow-private", "-f", "json", "-v")
	var doc struct {
		Findings []struct {
			Verification struct {
				Status  string   `json:"status"`
				Scope   []string `json:"scope"`
				Profile struct {
					ID    string `json:"id"`
					Admin bool   `json:"admin"`
				} `json:"profile"`
			} `json:"verification"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(res.stdout), &doc); err != nil || res.code != exitLeaks || len(doc.Findings) != 2 {
		t.Fatalf("exit %d, %v\n%s\n%s", res.code, err, res.stdout, res.stderr)
	}
	live, invalid := doc.Findings[0].Verification, doc.Findings[1].Verification
	if live.Status != "live" || !live.Profile.Admin || live.Profile.ID != "1" || len(live.Scope) != 1 || invalid.Status != "invalid" {
		t.Errorf("verification: %+v / %+v", live, invalid)
	}
	if fp.Calls[synthCode(300)] != 2 || fp.Calls[synthCode(301)] != 1 { // profile and scope, once; profile
		t.Errorf("requests %v", fp.Calls)
	}
	if strings.Contains(res.stderr, synthCode(300)) || !strings.Contains(res.stderr, "b24leaks: verify: POST https://b24-k3v9q2.bitrix24.ru/rest/1/"+synthCode(300)[:4]+"****") {
		t.Errorf("-v log:\n%s", res.stderr)
	}
	text := runVerify(t, fp, input, "stdin", "--verify", "--verify-allow-private", "--color", "never").stdout
	for _, want := range []string{"Verified:    live — acts as user 1, an administrator; scopes: crm", "Next:        It works: rotate it now.", "checked: 1 live, 1 invalid"} {
		if !strings.Contains(text, want) {
			t.Errorf("text report lacks %q:\n%s", want, text)
		}
	}
	only := runVerify(t, fp, "c="+hookURL(301)+"\n", "stdin", "--verify", "--verify-allow-private", "--results", "live")
	if only.code != exitClean || !strings.Contains(only.stderr, "1 finding(s) with other statuses are not reported") {
		t.Errorf("--results live on an invalid webhook: exit %d\n%s", only.code, only.stderr)
	}
	refused := runVerify(t, fp, "c="+hookURL(300)+"\n", "stdin", "--verify", "-f", "json")
	if !strings.Contains(refused.stdout, `"status": "inconclusive"`) || !strings.Contains(refused.stdout, "private") {
		t.Errorf("without --verify-allow-private the loopback portal was reached:\n%s", refused.stdout)
	}
	for _, bad := range [][]string{{"--results", "live"}, {"--verify", "--results", "alive"}} {
		if r := runCLI(t, "", append([]string{"stdin"}, bad...)...); r.code != exitError {
			t.Errorf("%v: exit %d", bad, r.code)
		}
	}
}
