package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// stepScript returns the run block of the action step with the given id.
func stepScript(t *testing.T, action, id string) string {
	t.Helper()
	lines := strings.Split(action, "\n")
	for i, l := range lines {
		if strings.TrimSpace(l) != "id: "+id {
			continue
		}
		for j := i + 1; j < len(lines); j++ {
			if strings.TrimSpace(lines[j]) != "run: |" {
				continue
			}
			indent := len(lines[j]) - len(strings.TrimLeft(lines[j], " ")) + 2
			var body []string
			for _, b := range lines[j+1:] {
				if strings.TrimSpace(b) != "" && len(b)-len(strings.TrimLeft(b, " ")) < indent {
					break
				}
				body = append(body, strings.TrimPrefix(b, strings.Repeat(" ", indent)))
			}
			return strings.Join(body, "\n")
		}
	}
	t.Fatalf("action.yml has no step %q with a run block", id)
	return ""
}

// The action's scan step, run as GitHub would for a push: annotations on
// stdout, SARIF written, outputs set, the step failing on the leak.
func TestActionScanStep(t *testing.T) {
	bin := b24leaksBinary(t)
	action, err := os.ReadFile(filepath.Join("..", "..", "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	script := stepScript(t, string(action), "scan")
	if strings.Contains(script, "${{") {
		t.Fatalf("the scan step uses expressions in its script; pass them through env:\n%s", script)
	}
	r, before, after := ciRepo(t)
	tmp := t.TempDir()
	event := filepath.Join(tmp, "event.json")
	os.WriteFile(event, []byte(`{"before":"`+before+`","after":"`+after+`"}`), 0o644)
	outputs := filepath.Join(tmp, "outputs")
	for _, failOnLeak := range []string{"true", "false"} {
		os.WriteFile(outputs, nil, 0o644)
		cmd := exec.Command("bash", "-c", script)
		cmd.Dir = r.Dir
		cmd.Env = append(os.Environ(), "PATH="+filepath.Dir(bin)+":"+os.Getenv("PATH"), "RUNNER_TEMP="+tmp,
			"GITHUB_OUTPUT="+outputs, "GITHUB_ACTIONS=true", "GITHUB_EVENT_NAME=push", "GITHUB_EVENT_PATH="+event,
			"SARIF_FILE=b24leaks.sarif", "EXTRA_ARGS=", "FAIL_ON_LEAK="+failOnLeak)
		out, err := cmd.CombinedOutput()
		if failed := err != nil; failed != (failOnLeak == "true") {
			t.Errorf("fail-on-leak %s: step failed %v\n%s", failOnLeak, failed, out)
		}
		got, _ := os.ReadFile(outputs)
		if !strings.Contains(string(got), "findings=1\n") || !strings.Contains(string(got), "exit-code=1\n") {
			t.Errorf("outputs %q, want findings=1 and exit-code=1", got)
		}
		if !strings.Contains(string(out), "::error file=new.env,line=1") || strings.Contains(string(out), synthCode(31)) {
			t.Errorf("annotations missing or unredacted:\n%s", out)
		}
		if data, err := os.ReadFile(filepath.Join(r.Dir, "b24leaks.sarif")); err != nil || !strings.Contains(string(data), `"ruleId": "bitrix24-webhook"`) {
			t.Errorf("SARIF: %v", err)
		}
	}
}
