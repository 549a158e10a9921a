package source

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// Submodule is a submodule named in HEAD's .gitmodules, at any depth.
type Submodule struct {
	Path   string // from the superproject's work tree root, slash-separated
	GitDir string // its git directory; empty when it is not initialized here
}

// Submodules lists the submodules of HEAD's .gitmodules and, for those
// initialized here (under the git directory's modules/, or checked out
// with a .git of their own), their git directories and their own
// submodules in turn.
func (g *GitHistory) Submodules() []Submodule {
	var out []Submodule
	g.appendSubmodules(&out, "", g.gitDir, g.workTree(), 0)
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// maxSubmoduleDepth bounds nesting (a submodule that contains itself).
const maxSubmoduleDepth = 8

func (g *GitHistory) appendSubmodules(out *[]Submodule, prefix, gitDir, workTree string, depth int) {
	repo := g
	if gitDir != g.gitDir {
		sub, err := OpenGit(gitDir, GitOptions{Backend: BackendGoGit})
		if err != nil {
			return
		}
		repo = sub
	}
	for _, m := range repo.gitmodules() {
		s := Submodule{Path: path.Join(prefix, m.Path)}
		subWork := ""
		if workTree != "" {
			subWork = filepath.Join(workTree, filepath.FromSlash(m.Path))
		}
		s.GitDir = submoduleGitDir(commonDir(gitDir), m.Name, subWork)
		*out = append(*out, s)
		if s.GitDir != "" && depth < maxSubmoduleDepth {
			g.appendSubmodules(out, s.Path, s.GitDir, subWork, depth+1)
		}
	}
}

// submoduleGitDir finds an initialized submodule's git directory: the
// superproject's modules/NAME, or the .git of its checkout.
func submoduleGitDir(superCommon, name, checkout string) string {
	if dir := filepath.Join(superCommon, "modules", filepath.FromSlash(name)); looksLikeGitDir(dir) {
		return dir
	}
	if checkout == "" {
		return ""
	}
	dotGit := filepath.Join(checkout, ".git")
	if looksLikeGitDir(dotGit) {
		return dotGit
	}
	if data, err := os.ReadFile(dotGit); err == nil {
		if target, ok := strings.CutPrefix(strings.TrimSpace(string(data)), "gitdir:"); ok {
			target = strings.TrimSpace(target)
			if !filepath.IsAbs(target) {
				target = filepath.Join(checkout, target)
			}
			if looksLikeGitDir(target) {
				return target
			}
		}
	}
	return ""
}

// gitmodules reads HEAD's .gitmodules.
func (g *GitHistory) gitmodules() []*config.Submodule {
	ref, err := g.repo.Head()
	if err != nil {
		return nil
	}
	c, err := object.GetCommit(g.repo.Storer, ref.Hash())
	if err != nil {
		return nil
	}
	f, err := c.File(".gitmodules")
	if err != nil {
		return nil
	}
	text, err := f.Contents()
	if err != nil {
		return nil
	}
	m := config.NewModules()
	if m.Unmarshal([]byte(text)) != nil {
		return nil
	}
	var subs []*config.Submodule
	for _, s := range m.Submodules {
		if s.Path != "" {
			subs = append(subs, s)
		}
	}
	sort.Slice(subs, func(i, j int) bool { return subs[i].Path < subs[j].Path })
	return subs
}

// workTree is the repository's work tree root, or "" for a bare one.
func (g *GitHistory) workTree() string {
	wt, err := g.repo.Worktree()
	if err != nil {
		return ""
	}
	return wt.Filesystem.Root()
}

// submoduleNotice names the submodules whose history this scan does not
// cover: all of them, or with RecurseSubmodules the ones not initialized.
func (g *GitHistory) submoduleNotice() []string {
	if g.isSubmodule {
		return nil
	}
	if g.recurseSubs {
		var missing []string
		for _, s := range g.Submodules() {
			if s.GitDir == "" {
				missing = append(missing, s.Path)
			}
		}
		if len(missing) == 0 {
			return nil
		}
		return []string{fmt.Sprintf("%d submodule(s) are not initialized here (%s): their history was not scanned; "+
			"run git submodule update --init --recursive and scan again", len(missing), strings.Join(missing, ", "))}
	}
	var paths []string
	for _, m := range g.gitmodules() {
		paths = append(paths, m.Path)
	}
	if len(paths) == 0 {
		return nil
	}
	return []string{fmt.Sprintf("the repository has %d submodule(s) (%s): their own history is not scanned here; "+
		"--recurse-submodules scans them", len(paths), strings.Join(paths, ", "))}
}
