package reporters_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/b24leaks/b24leaks/rules"
	"github.com/b24leaks/b24leaks/scanner"
)

// manyFindings is a result with n findings over three repositories,
// first committed over four years, every third still at HEAD.
func manyFindings(n int) *scanner.Result {
	res := &scanner.Result{Sources: []string{"https://git.example.com/acme/crm.git", "repo-b", "repo-c"}}
	start := time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		c := &scanner.Commit{Hash: fmt.Sprintf("%040x", i+1), Author: "Dev", Email: "dev@example.com",
			Date: start.Add(time.Duration(i%1460) * 24 * time.Hour), Message: fmt.Sprintf("commit %d", i)}
		loc := history(fmt.Sprintf("src/f%d.php", i), c, i%3 == 0, 3, 9)
		loc.Source = res.Sources[i%3]
		res.Findings = append(res.Findings, scanner.Finding{
			RuleID: "bitrix24-webhook", Rules: []string{"bitrix24-webhook"}, Kind: rules.KindWebhook,
			Fingerprint: scanner.Fingerprint(fmt.Sprintf("%032x", i)), Secret: scanner.Secret(fmt.Sprintf("s%07dsynthx", i)),
			Confidence: rules.High, Portal: fmt.Sprintf("p%d.bitrix24.ru", i%7), UserID: "1", Locations: []scanner.Location{loc},
		})
	}
	return res
}

// chromium finds the browser CI installs.
func chromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("needs chromium (.ci/run installs it)")
	return ""
}

// The HTML report in a real browser: no console errors (a CSP violation
// is one), every finding a row, sorting by a column and filtering work,
// and without JavaScript the table is all there. 0, 1 and 5,000
// findings; 5,000 render in under 2 s. Screenshots go to $TMPDIR.
func TestHTMLReportInABrowser(t *testing.T) {
	bin := chromium(t)
	alloc, cancel := chromedp.NewExecAllocator(context.Background(), append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.WindowSize(1280, 900))...)
	defer cancel()
	for _, n := range []int{0, 1, 5000} {
		file := filepath.Join(t.TempDir(), fmt.Sprintf("b24leaks-%d.html", n))
		if err := os.WriteFile(file, report(t, "html", options{Redact: true, Rules: fixtureRules}, manyFindings(n)), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Run(fmt.Sprint(n), func(t *testing.T) { checkInBrowser(t, alloc, file, n) })
	}
}

func checkInBrowser(t *testing.T, alloc context.Context, file string, n int) {
	ctx, cancel := chromedp.NewContext(alloc)
	defer cancel()
	if err := chromedp.Do(ctx); err != nil { // start the tab before listening
		t.Fatal(err)
	}
	console, stopConsole := context.WithCancel(ctx)
	messages := chromedp.Console(console)
	start := time.Now()
	err := chromedp.Do(ctx, chromedp.Navigate("file://"+file), chromedp.WaitReady(chromedp.ID("summary")))
	if err != nil {
		t.Fatal(err)
	}
	wall := time.Since(start)
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#findings tbody tr").length`))
	if err != nil {
		t.Fatal(err)
	}
	// The browser's own clock: from the start of navigation to the end of
	// the load event (parsing, style, layout, the script), without the
	// DevTools protocol's overhead in wall.
	loadMS, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`performance.getEntriesByType("navigation")[0].loadEventEnd`))
	if err != nil {
		t.Fatal(err)
	}
	elapsed := time.Duration(loadMS * float64(time.Millisecond))
	if rows != n {
		t.Errorf("%d table rows, want %d", rows, n)
	}
	if n == 5000 {
		// The machines are shared and noisy: the median of five loads. The
		// bound is checked where nothing else runs beside it (.ci/run sets
		// B24LEAKS_TIMING=1 for a step of its own); under go test ./...,
		// other packages' tests share the two cores and it is only logged.
		elapsed = medianLoad(t, ctx, file, 5)
		if os.Getenv("B24LEAKS_TIMING") == "1" && elapsed > 2*time.Second {
			t.Errorf("5,000 findings took %v to render (median of 5 loads), want under 2 s", elapsed)
		}
	}
	t.Logf("%d findings rendered in %v (%v through DevTools)", n, elapsed.Round(time.Millisecond), wall.Round(time.Millisecond))
	if n > 0 {
		sortAndFilter(t, ctx, n)
	}
	if shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot()); err == nil {
		path := filepath.Join(os.TempDir(), fmt.Sprintf("b24leaks-report-%d.png", n))
		os.WriteFile(path, shot, 0o644)
		t.Logf("screenshot: %s", path)
	}
	stopConsole()
	var problems []string
	for m, err := range messages {
		if err != nil {
			break
		}
		if m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleException {
			problems = append(problems, m.Text)
		}
	}
	if len(problems) > 0 {
		t.Errorf("console: %s", strings.Join(problems, "; "))
	}
	if n > 0 {
		withoutJavaScript(t, alloc, file, n)
	}
}

// sortAndFilter clicks "First committed" twice and types a filter.
func sortAndFilter(t *testing.T, ctx context.Context, n int) {
	header := chromedp.CSS(`#findings th:nth-child(8)`)
	firstDate := chromedp.Evaluate[string](`document.querySelector("#findings tbody tr").cells[7].textContent`)
	if err := chromedp.Do(ctx, chromedp.Click(header)); err != nil {
		t.Fatal(err)
	}
	asc, err1 := chromedp.Run(ctx, firstDate)
	err2 := chromedp.Do(ctx, chromedp.Click(header))
	desc, err3 := chromedp.Run(ctx, firstDate)
	err4 := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("filter"), "repo-b"))
	shown, err5 := chromedp.Run(ctx, chromedp.Evaluate[int](`Array.from(document.querySelectorAll("#findings tbody tr")).filter(r => getComputedStyle(r).display !== "none").length`))
	for _, err := range []error{err1, err2, err3, err4, err5} {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n > 1 && (asc != "2021-01-01" || desc <= asc) {
		t.Errorf("sorted by first commit: ascending starts %q, descending %q", asc, desc)
	}
	if want := (n + 1) / 3; n > 1 && shown != want {
		t.Errorf("filter repo-b shows %d rows, want %d", shown, want)
	}
}

// withoutJavaScript loads the page with scripts off: every row is there,
// the filter (which needs the script) is not shown.
func withoutJavaScript(t *testing.T, alloc context.Context, file string, n int) {
	ctx, cancel := chromedp.NewContext(alloc)
	defer cancel()
	if err := chromedp.Do(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+file), chromedp.WaitReady(chromedp.ID("summary"))); err != nil {
		t.Fatal(err)
	}
	rows, err1 := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#findings tbody tr").length`))
	hidden, err2 := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("filter").hidden`))
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	if rows != n || !hidden {
		t.Errorf("without JavaScript: %d rows (want %d), filter hidden %v", rows, n, hidden)
	}
}

// medianLoad loads the page k times and returns the median time from the
// start of navigation to the end of the load event, by the browser's clock.
func medianLoad(t *testing.T, ctx context.Context, file string, k int) time.Duration {
	var loads []time.Duration
	for range k {
		if err := chromedp.Do(ctx, chromedp.Navigate("file://"+file), chromedp.WaitReady(chromedp.ID("summary"))); err != nil {
			t.Fatal(err)
		}
		ms, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`performance.getEntriesByType("navigation")[0].loadEventEnd`))
		if err != nil {
			t.Fatal(err)
		}
		loads = append(loads, time.Duration(ms*float64(time.Millisecond)))
	}
	slices.Sort(loads)
	return loads[k/2]
}

// A location in a repository cloned from a forge links to its commit
// there; one in a local repository does not link anywhere.
func TestHTMLCommitLinks(t *testing.T) {
	page := string(report(t, "html", options{Redact: true, Rules: fixtureRules}, manyFindings(2)))
	if !strings.Contains(page, `href="https://git.example.com/acme/crm/commit/`+fmt.Sprintf("%040x", 1)+`"`) {
		t.Error("no commit link for the https repository")
	}
	if strings.Contains(page, "repo-b/commit/") {
		t.Error("a local repository got a commit link")
	}
}
