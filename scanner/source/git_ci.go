package source

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
)

// CIRange is the commits a CI job is for, as its CI system names them.
type CIRange struct {
	System string // "GitHub Actions", "GitLab CI"
	Event  string // "push", "pull request", "merge request"
	Base   string // the commit before the range; empty or all zeros when there is none (a first push)
	Head   string // the commit the job is for
	// Checkout is the commit checked out (GITHUB_SHA: for a pull request,
	// the merge commit), scanned when Head is not in a shallow clone.
	Checkout string
}

// String describes the range for messages.
func (r CIRange) String() string {
	return fmt.Sprintf("%s %s %s..%s", r.System, r.Event, short(r.Base), short(r.Head))
}

func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

// CIScope scans the commits Base..Head. When Base is unknown, all zeros (a
// first push) or not in the clone (a force push that rewrote it, a
// shallow clone), it scans all history reachable from Head that is here,
// and GitHistory.Notices says so.
func CIScope(r CIRange) GitScope { return GitScope{kind: scopeRange, ci: &r} }

// DetectCI reads the range a CI job is for from its environment (getenv)
// and, for GitHub Actions, its event payload (readFile). ok is false when
// no supported CI system is detected or it names no range (a scheduled
// or manual run): the caller then scans the whole history and says so.
func DetectCI(getenv func(string) string, readFile func(string) ([]byte, error)) (r CIRange, ok bool, err error) {
	switch {
	case getenv("GITHUB_ACTIONS") == "true":
		return githubRange(getenv, readFile)
	case getenv("GITLAB_CI") == "true":
		r = CIRange{System: "GitLab CI", Head: getenv("CI_COMMIT_SHA")}
		if base := getenv("CI_MERGE_REQUEST_DIFF_BASE_SHA"); base != "" {
			r.Event, r.Base = "merge request", base
		} else {
			r.Event, r.Base = "push", getenv("CI_COMMIT_BEFORE_SHA")
		}
		return r, r.Head != "", nil
	}
	return CIRange{}, false, nil
}

// githubEvent is the part of a GitHub Actions event payload that names
// commits.
type githubEvent struct {
	Before      string `json:"before"`
	After       string `json:"after"`
	PullRequest *struct {
		Base struct{ SHA string } `json:"base"`
		Head struct{ SHA string } `json:"head"`
	} `json:"pull_request"`
}

func githubRange(getenv func(string) string, readFile func(string) ([]byte, error)) (CIRange, bool, error) {
	r := CIRange{System: "GitHub Actions", Head: getenv("GITHUB_SHA"), Checkout: getenv("GITHUB_SHA")}
	name, path := getenv("GITHUB_EVENT_NAME"), getenv("GITHUB_EVENT_PATH")
	if path == "" {
		return r, false, nil
	}
	data, err := readFile(path)
	if err != nil {
		return r, false, fmt.Errorf("read GitHub event payload: %w", err)
	}
	var ev githubEvent
	if err := json.Unmarshal(data, &ev); err != nil {
		return r, false, fmt.Errorf("read GitHub event payload %s: %w", path, err)
	}
	switch {
	case name == "push" && ev.After != "":
		r.Event, r.Base, r.Head = "push", ev.Before, ev.After
	case strings.HasPrefix(name, "pull_request") && ev.PullRequest != nil:
		r.Event, r.Base, r.Head = "pull request", ev.PullRequest.Base.SHA, ev.PullRequest.Head.SHA
	default:
		return r, false, nil
	}
	return r, r.Head != "", nil
}

// ciTips resolves a CI range, falling back to all of Head's history when
// Base cannot be used.
func (g *GitHistory) ciTips(r CIRange) (include, exclude []plumbing.Hash, notes []string, err error) {
	head, err := g.resolve(r.Head)
	if err != nil && r.Checkout != "" && r.Checkout != r.Head {
		if h, cerr := g.resolve(r.Checkout); cerr == nil {
			notes = append(notes, fmt.Sprintf("%s: commit %s is not in this clone (actions/checkout fetches only the merge commit "+
				"unless fetch-depth is 0): scanning from the checked-out commit %s", r, short(r.Head), short(r.Checkout)))
			head, err = h, nil
		}
	}
	if err != nil {
		return nil, nil, nil, fmt.Errorf("%s: the job's commit is not in this clone: %w", r, err)
	}
	include = []plumbing.Hash{head}
	switch base := strings.Trim(r.Base, "0"); {
	case base == "":
		notes = append(notes, fmt.Sprintf("%s: no previous commit (a first push): scanning all history reachable from %s", r, short(r.Head)))
	default:
		if b, err := g.resolve(r.Base); err == nil {
			return include, []plumbing.Hash{b}, notes, nil
		}
		notes = append(notes, fmt.Sprintf("%s: base commit %s is not in this clone (a force push, or a shallow clone: fetch with fetch-depth 0): "+
			"scanning all history reachable from %s that is here", r, short(r.Base), short(r.Head)))
	}
	return include, nil, notes, nil
}
