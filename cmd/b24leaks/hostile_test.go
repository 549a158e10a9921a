package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// File names, authors and git's messages cannot reach the terminal raw.
func TestControlCharactersAreShownAsEscapes(t *testing.T) {
	dir := t.TempDir()
	evil := "x\x1b]0;owned\x07\nFinding 7 of 7.env"
	if err := os.WriteFile(filepath.Join(dir, evil), []byte("H="+hookURL(90)+"\n"), 0o644); err != nil {
		t.Skip("file system refuses the name:", err)
	}
	res := runCLI(t, "", "dir", dir, "--color", "never")
	if strings.ContainsAny(res.stdout, "\x1b\x07") || strings.Contains(res.stdout, "\nFinding 7 of 7") {
		t.Errorf("raw control characters in the report:\n%q", res.stdout)
	}
	if !strings.Contains(res.stdout, `x\x1b]0;owned\x07\nFinding 7 of 7.env:1:`) {
		t.Errorf("escaped name missing:\n%s", res.stdout)
	}
	res = runCLI(t, "", "dir", filepath.Join(dir, "missing\x1b[2J"))
	if res.code != exitError || strings.Contains(res.stderr, "\x1b") || !strings.Contains(res.stderr, `missing\x1b[2J`) {
		t.Errorf("error line: exit %d, %q", res.code, res.stderr)
	}
}

// A webhook pasted base64-encoded into a commit message is found, and the
// message in the report does not carry it.
func TestBase64SecretInACommitMessageIsMasked(t *testing.T) {
	r := newGitRepo(t)
	pasted := base64.StdEncoding.EncodeToString([]byte(hookURL(91)))
	r.commitFile("config: "+pasted, "a.txt", "a\n")
	res := runCLI(t, "", "git", r.Dir, "-f", "json")
	if res.code != exitLeaks || strings.Contains(res.stdout, pasted[20:len(pasted)-8]) || strings.Contains(res.stdout, synthCode(91)) {
		t.Errorf("exit %d; the base64 webhook is printed:\n%s", res.code, res.stdout)
	}
}

// Thousands of unreadable paths do not print thousands of lines.
func TestErrorOutputIsBounded(t *testing.T) {
	dir := t.TempDir()
	args := []string{"dir", "--color", "never"}
	for i := range 40 {
		args = append(args, filepath.Join(dir, fmt.Sprintf("gone-%02d", i)))
	}
	res := runCLI(t, "", args...)
	errLines := strings.Count(res.stderr, "b24leaks: error:")
	if res.code != exitError || errLines > 12 || !strings.Contains(res.stderr, "... and 30 more (30 read)") {
		t.Errorf("exit %d, %d error lines:\n%s", res.code, errLines, res.stderr)
	}
	if strings.Count(res.stdout, "gone-") > 10 || !strings.Contains(res.stdout, "... and 30 more") {
		t.Errorf("report:\n%s", res.stdout)
	}
}

// Clones that borrow objects (--shared, --reference, chains of them,
// relative alternates) are scanned and attributed by both backends.
func TestAlternates(t *testing.T) {
	src := newGitRepo(t)
	src.commitFile("leak in the shared store", "a.env", "H="+hookURL(110)+"\n")
	base := t.TempDir()
	clone := func(name string, args ...string) string {
		dst := filepath.Join(base, name)
		src.git(append(append([]string{"clone", "-q"}, args...), dst)...)
		return dst
	}
	shared := clone("shared", "--shared", src.Dir)
	reference := clone("reference", "--reference", src.Dir, src.Dir)
	chained := filepath.Join(base, "chained")
	src.git("clone", "-q", "--shared", shared, chained)
	relative := clone("relative", "--shared", src.Dir)
	rel, _ := filepath.Rel(filepath.Join(relative, ".git", "objects"), filepath.Join(src.Dir, ".git", "objects"))
	os.WriteFile(filepath.Join(relative, ".git", "objects", "info", "alternates"), []byte(rel+"\n"), 0o644)
	for name, dir := range map[string]string{"shared": shared, "reference": reference, "chained": chained, "relative": relative} {
		for _, backend := range []string{"go-git", "git"} {
			res := runCLI(t, "", "git", dir, "--git-backend", backend, "-f", "json")
			rep := parseReport(t, res.stdout)
			if res.code != exitLeaks || len(rep.Findings) != 1 || rep.Findings[0].Locations[0].Path != "a.env" || rep.Findings[0].Locations[0].Commit == "" {
				t.Errorf("%s/%s: exit %d, %+v\n%s", name, backend, res.code, rep.Findings, res.stderr)
			}
		}
	}
}

// A ref to a missing object: both backends name the ref, scan the rest,
// find the same leaks and exit 2.
func TestRefToAMissingObject(t *testing.T) {
	r := newGitRepo(t)
	r.commitFile("leak", "a.env", "H="+hookURL(111)+"\n")
	missing := "1234567890abcdef1234567890abcdef12345678"
	os.WriteFile(filepath.Join(r.Dir, ".git", "refs", "heads", "broken"), []byte(missing+"\n"), 0o644)
	for _, backend := range []string{"go-git", "git"} {
		for _, jobs := range []string{"1", "2"} {
			res := runCLI(t, "", "git", r.Dir, "--git-backend", backend, "-j", jobs, "-f", "json")
			rep := parseReport(t, res.stdout)
			if res.code != exitError || len(rep.Findings) != 1 || rep.Findings[0].Locations[0].Commit == "" ||
				!strings.Contains(res.stderr, "ref refs/heads/broken points to object "+missing) {
				t.Errorf("%s -j %s: exit %d, findings %+v\n%s", backend, jobs, res.code, rep.Findings, res.stderr)
			}
		}
	}
}

// A partial clone (git clone --filter=blob:none) lacks blobs it never
// scanned: exit 2, how many, and how to fetch them; never "no leaks".
func TestPartialClone(t *testing.T) {
	src := newGitRepo(t)
	src.commitFile("leak", "a.env", "H="+hookURL(112)+"\n")
	src.commitFile("more", "b.txt", "b\n")
	src.git("config", "uploadpack.allowFilter", "true")
	partial := filepath.Join(t.TempDir(), "partial")
	src.git("clone", "-q", "--filter=blob:none", "--no-checkout", "file://"+src.Dir, partial)
	for _, backend := range []string{"go-git", "git"} {
		res := runCLI(t, "", "git", partial, "--git-backend", backend)
		if res.code != exitError || !strings.Contains(res.stderr, "partial clone: 2 objects") || !strings.Contains(res.stderr, "git fetch --refetch") {
			t.Errorf("%s: exit %d, stderr %q", backend, res.code, res.stderr)
		}
	}
}

// A blob deleted from an ordinary clone's object store is counted and
// named: exit 2 and every other leak found, on both backends with one
// reader or several; --check-objects=never turns the check off.
func TestBlobMissingFromAnOrdinaryClone(t *testing.T) {
	r := newGitRepo(t)
	r.commitFile("leak", "a.env", "H="+hookURL(113)+"\n")
	r.commitFile("lost", "lost.env", "H="+hookURL(114)+"\n")
	r.commitFile("more", "b.env", "H="+hookURL(115)+"\n")
	victim := strings.TrimSpace(r.git("rev-parse", "HEAD:lost.env"))
	if err := os.Remove(filepath.Join(r.Dir, ".git", "objects", victim[:2], victim[2:])); err != nil {
		t.Fatal(err)
	}
	for _, backend := range []string{"go-git", "git"} {
		for _, jobs := range []string{"1", "2"} {
			res := runCLI(t, "", "git", r.Dir, "--git-backend", backend, "-j", jobs, "-f", "json", "--no-redact")
			rep := parseReport(t, res.stdout)
			found := strings.Join(rep.secrets(), " ")
			if res.code != exitError || len(rep.Findings) != 2 || !strings.Contains(found, synthCode(113)) || !strings.Contains(found, synthCode(115)) ||
				!strings.Contains(res.stderr, "1 object(s) that history refers to are missing from the repository ("+victim+" first)") {
				t.Errorf("%s -j %s: exit %d, findings %q\n%s", backend, jobs, res.code, found, res.stderr)
			}
		}
	}
	if res := runCLI(t, "", "git", r.Dir, "--check-objects=never"); res.code != exitLeaks || strings.Contains(res.stderr, victim) {
		t.Errorf("--check-objects=never: exit %d\n%s", res.code, res.stderr)
	}
	if res := runCLI(t, "", "git", r.Dir, "--check-objects=sometimes"); res.code != exitError || !strings.Contains(res.stderr, "invalid --check-objects") {
		t.Errorf("bad value: exit %d\n%s", res.code, res.stderr)
	}
}

// One corrupt object in a pack costs that object only: every other leak
// is found, on both backends, read in one part or several, and the bad
// object is named once.
func TestCorruptPackCostsOneObject(t *testing.T) {
	r := newGitRepo(t)
	const n = 12
	for i := range n {
		noise := strings.Repeat(fmt.Sprintf("%x", synthCode(uint64(200+i))), 40) // unlike the others: stored whole, not as a delta
		r.commitFile(fmt.Sprintf("leak %d", i), fmt.Sprintf("f%02d.env", i), noise+"\nH="+hookURL(uint64(120+i))+"\n")
	}
	r.git("gc", "-q")
	victim := strings.TrimSpace(r.git("rev-parse", "HEAD~5:f06.env"))
	packs, _ := filepath.Glob(filepath.Join(r.Dir, ".git", "objects", "pack", "*.idx"))
	out := mustGitStdin(t, r.Dir, packs[0], "show-index")
	var offset int64 = -1
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 && f[1] == victim {
			fmt.Sscan(f[0], &offset)
		}
	}
	if offset < 0 {
		t.Fatalf("victim %s not in the pack index", victim)
	}
	pack := strings.TrimSuffix(packs[0], ".idx") + ".pack"
	data, _ := os.ReadFile(pack)
	for i := offset + 4; i < offset+40 && int(i) < len(data); i++ {
		data[i] ^= 0x5a
	}
	os.WriteFile(pack, data, 0o644)
	var want []string
	for i := range n {
		if i != 6 {
			want = append(want, synthCode(uint64(120+i)))
		}
	}
	for _, backend := range []string{"git", "go-git"} {
		for _, jobs := range []string{"1", "2"} {
			res := runCLI(t, "", "git", r.Dir, "--git-backend", backend, "-j", jobs, "-f", "json", "--no-redact")
			rep := parseReport(t, res.stdout)
			found := strings.Join(rep.secrets(), " ")
			missing := 0
			for _, w := range want {
				if !strings.Contains(found, w) {
					missing++
				}
			}
			if res.code != exitError || missing > 0 || strings.Count(res.stderr, victim) != 1 {
				t.Errorf("%s -j %s: exit %d, %d of %d readable leaks missing, victim named %d times\n%s",
					backend, jobs, res.code, missing, len(want), strings.Count(res.stderr, victim), res.stderr)
			}
		}
	}
}

// A pack cut short (a copy that stopped half way): every object still
// whole in it is read and every leak in those is found, by all four
// combinations of backend and -j (git refuses such a pack whole, so the
// git backend reads it with go-git and says so); exit 2.
func TestTruncatedPack(t *testing.T) {
	r := newGitRepo(t)
	const n = 8
	for i := range n {
		noise := strings.Repeat(fmt.Sprintf("%x", synthCode(uint64(230+i))), 40) // stored whole, not as a delta
		r.commitFile("leak "+hookURL(uint64(240+i)), fmt.Sprintf("f%d.env", i), noise+"\nH="+hookURL(uint64(220+i))+"\n")
	}
	r.git("gc", "-q")
	idxs, _ := filepath.Glob(filepath.Join(r.Dir, ".git", "objects", "pack", "*.idx"))
	pack := strings.TrimSuffix(idxs[0], ".idx") + ".pack"
	data, _ := os.ReadFile(pack)
	cut := int64(len(data) * 6 / 10)
	// The leaks expected: every commit message (commits come first in the
	// pack), and the blobs whose entry ends before the cut.
	var offsets []int64
	ids := map[int64]string{}
	for _, line := range strings.Split(mustGitStdin(t, r.Dir, idxs[0], "show-index"), "\n") {
		var off int64
		var id string
		if _, err := fmt.Sscan(line, &off, &id); err == nil {
			offsets, ids[off] = append(offsets, off), id
		}
	}
	slices.Sort(offsets)
	var want []string
	for i := range n {
		want = append(want, synthCode(uint64(240+i)))
		blob := strings.TrimSpace(r.git("rev-parse", fmt.Sprintf("HEAD:f%d.env", i)))
		for k, off := range offsets {
			if ids[off] == blob && k+1 < len(offsets) && offsets[k+1] <= cut {
				want = append(want, synthCode(uint64(220+i)))
			}
		}
	}
	if len(want) <= n || len(want) == 2*n {
		t.Fatalf("the cut keeps %d of %d leaks: not a partial pack", len(want), 2*n)
	}
	os.Chmod(pack, 0o644)
	os.Truncate(pack, cut)
	slices.Sort(want)
	for _, backend := range []string{"git", "go-git"} {
		for _, jobs := range []string{"1", "2"} {
			res := runCLI(t, "", "git", r.Dir, "--git-backend", backend, "-j", jobs, "-f", "json", "--no-redact")
			got := parseReport(t, res.stdout).secrets()
			slices.Sort(got)
			if res.code != exitError || !slices.Equal(got, want) || backend == "git" && !strings.Contains(res.stderr, "read with go-git instead") {
				t.Errorf("%s -j %s: exit %d, found %d of the %d readable leaks %v, want %v\n%s", backend, jobs, res.code, len(got), len(want), got, want, res.stderr)
			}
		}
	}
}

// A corrupt pack index makes git ignore its pack: the index is named,
// with how to rebuild it, on both backends; exit 2, never "no leaks".
func TestCorruptPackIndex(t *testing.T) {
	r := newGitRepo(t)
	r.commitFile("leak", "a.env", "H="+hookURL(250)+"\n")
	r.git("gc", "-q")
	idxs, _ := filepath.Glob(filepath.Join(r.Dir, ".git", "objects", "pack", "*.idx"))
	data, _ := os.ReadFile(idxs[0])
	for i := 8 + 100*4; i < 8+256*4; i++ {
		data[i] = 0xff
	}
	os.Chmod(idxs[0], 0o644)
	os.WriteFile(idxs[0], data, 0o644)
	for _, backend := range []string{"git", "go-git"} {
		res := runCLI(t, "", "git", r.Dir, "--git-backend", backend)
		if res.code != exitError || !strings.Contains(res.stderr, "pack index "+idxs[0]+" is corrupt (its checksum does not match)") ||
			!strings.Contains(res.stderr, "git index-pack") {
			t.Errorf("%s: exit %d\n%s", backend, res.code, res.stderr)
		}
	}
}

// mustGitStdin runs git with a file as its standard input.
func mustGitStdin(t *testing.T, dir, stdin string, args ...string) string {
	t.Helper()
	in, err := os.Open(stdin)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	cmd := exec.Command("git", args...)
	cmd.Dir, cmd.Stdin = dir, in
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// A corrupt loose object is named once and every other leak is found.
func TestCorruptLooseObjectCostsOneObject(t *testing.T) {
	r := newGitRepo(t)
	for i := range 4 {
		r.commitFile(fmt.Sprintf("leak %d", i), fmt.Sprintf("f%d.env", i), "H="+hookURL(uint64(140+i))+"\n")
	}
	victim := strings.TrimSpace(r.git("rev-parse", "HEAD:f1.env"))
	path := filepath.Join(r.Dir, ".git", "objects", victim[:2], victim[2:])
	os.Chmod(path, 0o644)
	os.WriteFile(path, []byte("garbage, not zlib"), 0o644)
	for _, backend := range []string{"git", "go-git"} {
		for _, jobs := range []string{"1", "2"} {
			res := runCLI(t, "", "git", r.Dir, "--git-backend", backend, "-j", jobs, "-f", "json")
			rep := parseReport(t, res.stdout)
			if res.code != exitError || len(rep.Findings) != 3 || strings.Count(res.stderr, victim) != 1 {
				t.Errorf("%s -j %s: exit %d, %d findings, victim named %d times\n%s", backend, jobs, res.code, len(rep.Findings), strings.Count(res.stderr, victim), res.stderr)
			}
		}
	}
}

// A log that is written to during the scan ends the scan anyway: it is
// read up to its size when opened, the leak in it is found, and the
// report says it changed (exit 2: the part written meanwhile was not read).
func TestFileWrittenDuringTheScan(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "app.log")
	os.WriteFile(path, []byte("H="+hookURL(116)+"\n"+strings.Repeat("log line of an application\n", 1<<20)), 0o644)
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
		defer f.Close()
		for {
			select {
			case <-stop:
				return
			default:
				f.WriteString("another line\n")
			}
		}
	}()
	res := runCLI(t, "", "dir", path, "-f", "json", "--no-redact")
	close(stop)
	<-done
	rep := parseReport(t, res.stdout)
	if res.code != exitError || len(rep.Findings) != 1 || !strings.Contains(res.stderr, "app.log: changed while being read") {
		t.Errorf("exit %d, %d findings\n%s", res.code, len(rep.Findings), res.stderr)
	}
}

// Every row of the README's bad-input table names a test that exists.
func TestREADMEBadInputTableNamesRealTests(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, table, ok := strings.Cut(string(readme), "## What b24leaks does with bad input")
	if !ok {
		t.Fatal("README has no bad-input section")
	}
	table, _, _ = strings.Cut(table, "\n## ")
	var sources strings.Builder
	filepath.WalkDir(filepath.Join("..", ".."), func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, "_test.go") {
			data, _ := os.ReadFile(p)
			sources.Write(data)
		}
		return nil
	})
	names := regexp.MustCompile("`((?:Test|Fuzz)[A-Za-z0-9]+)`").FindAllStringSubmatch(table, -1)
	if len(names) < 10 {
		t.Fatalf("only %d tests named in the table", len(names))
	}
	for _, m := range names {
		if !strings.Contains(sources.String(), "func "+m[1]+"(") {
			t.Errorf("the README names %s, which does not exist", m[1])
		}
	}
}

func TestMaxFileSize(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "big.log"), []byte(strings.Repeat("x", 4096)+"\nH="+hookURL(150)+"\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "small.env"), []byte("H="+hookURL(151)+"\n"), 0o644)
	res := runCLI(t, "", "dir", dir, "--max-file-size", "2K", "-f", "json")
	rep := parseReport(t, res.stdout)
	if res.code != exitLeaks || len(rep.Findings) != 1 || rep.Stats.Skipped["too-large"] != 1 ||
		!strings.Contains(strings.Join(rep.Stats.Notices, " "), "big.log") || !strings.Contains(res.stderr, "big.log") {
		t.Errorf("exit %d, findings %v, skipped %v, notices %v, stderr %q", res.code, rep.secrets(), rep.Stats.Skipped, rep.Stats.Notices, res.stderr)
	}
	if res := runCLI(t, "", "dir", dir, "--max-file-size", "lots"); res.code != exitError || !strings.Contains(res.stderr, "--max-file-size") {
		t.Errorf("bad size: exit %d %q", res.code, res.stderr)
	}
}

// --timeout ends a scan that cannot finish (stdin that never closes) with
// exit 2 and says so.
func TestTimeout(t *testing.T) {
	pr, pw := io.Pipe()
	defer pw.Close()
	var out, errb bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- run(context.Background(), []string{"stdin", "--timeout", "300ms"}, terminal{stdin: pr, stdout: &out, stderr: &errb,
			getenv: func(string) string { return "" }})
	}()
	select {
	case code := <-done:
		if code != exitError || !strings.Contains(errb.String(), "stopped by --timeout 300ms") {
			t.Errorf("exit %d, stderr %q", code, errb.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the scan did not stop")
	}
}

// Interrupted (Ctrl-C, SIGTERM): exit 130, no claim of completeness.
func TestInterrupt(t *testing.T) {
	pr, pw := io.Pipe()
	defer pw.Close()
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"stdin"}, terminal{stdin: pr, stdout: &out, stderr: &errb, getenv: func(string) string { return "" }})
	}()
	time.Sleep(100 * time.Millisecond)
	cancel()
	select {
	case code := <-done:
		if code != exitInterrupted || !strings.Contains(errb.String(), "interrupted") || strings.Contains(out.String(), "no leaks found") {
			t.Errorf("exit %d, stdout %q, stderr %q", code, out.String(), errb.String())
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the scan did not stop within 5 s")
	}
}

// LFS pointers and submodules are content b24leaks cannot see from here:
// the report says so.
func TestLFSPointersAndSubmodulesAreNamed(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "big.bin"), []byte("version https://git-lfs.github.com/spec/v1\noid sha256:"+strings.Repeat("ab", 32)+"\nsize 12345\n"), 0o644)
	res := runCLI(t, "", "dir", dir, "-f", "json")
	if rep := parseReport(t, res.stdout); !strings.Contains(strings.Join(rep.Stats.Notices, " "), "1 Git LFS pointer file(s)") {
		t.Errorf("notices %v", rep.Stats.Notices)
	}
	sub := newGitRepo(t)
	sub.commitFile("sub", "s.env", "H="+hookURL(160)+"\n")
	r := newGitRepo(t)
	r.commitFile("base", "a.txt", "a\n")
	r.git("-c", "protocol.file.allow=always", "submodule", "add", "-q", sub.Dir, "vendor/sub")
	r.git("commit", "-q", "-m", "add submodule")
	res = runCLI(t, "", "git", r.Dir, "-f", "json")
	if rep := parseReport(t, res.stdout); res.code != exitClean || !strings.Contains(strings.Join(rep.Stats.Notices, " "), "1 submodule(s) (vendor/sub)") {
		t.Errorf("exit %d, notices %v\n%s", res.code, rep.Stats.Notices, res.stderr)
	}
}

// --recurse-submodules scans every initialized submodule's history,
// nested ones too, each reported under its path; the ones not
// initialized are named, on both backends.
func TestRecurseSubmodules(t *testing.T) {
	inner := newGitRepo(t)
	inner.commitFile("inner", "i.env", "H="+hookURL(162)+"\n")
	sub := newGitRepo(t)
	sub.commitFile("sub", "s.env", "H="+hookURL(163)+"\n")
	sub.git("-c", "protocol.file.allow=always", "submodule", "add", "-q", inner.Dir, "inner")
	sub.git("commit", "-q", "-m", "add inner")
	super := newGitRepo(t)
	super.commitFile("base", "a.txt", "a\n")
	super.git("-c", "protocol.file.allow=always", "submodule", "add", "-q", sub.Dir, "vendor/sub")
	super.git("commit", "-q", "-m", "add submodule")
	clone := filepath.Join(t.TempDir(), "clone")
	super.git("clone", "-q", super.Dir, clone)
	r := &gitRepo{t: t, Dir: clone}
	r.git("-c", "protocol.file.allow=always", "submodule", "update", "-q", "--init", "vendor/sub")
	for _, backend := range []string{"go-git", "git"} {
		res := runCLI(t, "", "git", clone, "--recurse-submodules", "--git-backend", backend, "-f", "json")
		rep := parseReport(t, res.stdout)
		if res.code != exitLeaks || len(rep.Findings) != 1 || rep.Findings[0].Locations[0].Repository != filepath.Join(clone, "vendor", "sub") ||
			rep.Findings[0].Locations[0].Path != "s.env" || rep.Findings[0].Locations[0].Commit == "" ||
			!strings.Contains(strings.Join(rep.Stats.Notices, " "), "1 submodule(s) are not initialized here (vendor/sub/inner)") {
			t.Errorf("%s, inner not initialized: exit %d, %+v, notices %v\n%s", backend, res.code, rep.Findings, rep.Stats.Notices, res.stderr)
		}
	}
	r.git("-c", "protocol.file.allow=always", "submodule", "update", "-q", "--init", "--recursive")
	res := runCLI(t, "", "git", clone, "--recurse-submodules", "-f", "json", "--no-redact")
	rep := parseReport(t, res.stdout)
	found := strings.Join(rep.secrets(), " ")
	if res.code != exitLeaks || len(rep.Findings) != 2 || !strings.Contains(found, synthCode(162)) || len(rep.Stats.Notices) != 0 {
		t.Errorf("all initialized: exit %d, %q, notices %v", res.code, found, rep.Stats.Notices)
	}
	if res := runCLI(t, "", "git", clone, "-f", "json"); res.code != exitClean ||
		!strings.Contains(strings.Join(parseReport(t, res.stdout).Stats.Notices, " "), "--recurse-submodules scans them") {
		t.Errorf("without the flag: exit %d\n%s", res.code, res.stdout)
	}
	if res := runCLI(t, "", "git", clone, "--recurse-submodules", "--staged"); res.code != exitError || !strings.Contains(res.stderr, "cannot be combined") {
		t.Errorf("with --staged: exit %d\n%s", res.code, res.stderr)
	}
}

func TestNonUTF8FileNames(t *testing.T) {
	dir := t.TempDir()
	name := "conf\xff\xfe.env"
	if err := os.WriteFile(filepath.Join(dir, name), []byte("H="+hookURL(161)+"\n"), 0o644); err != nil {
		t.Skip("file system refuses the name:", err)
	}
	res := runCLI(t, "", "dir", dir, "-f", "json")
	var doc struct {
		Findings []struct {
			Locations []struct {
				PathBytes []byte `json:"path_bytes"`
			}
		}
	}
	if err := jsonUnmarshal(res.stdout, &doc); err != nil || len(doc.Findings) != 1 || !strings.HasSuffix(string(doc.Findings[0].Locations[0].PathBytes), "/"+name) {
		t.Errorf("path_bytes not exact: %v\n%s", err, res.stdout)
	}
	if text := runCLI(t, "", "dir", dir, "--color", "never").stdout; !strings.Contains(text, `conf\xff\xfe.env:1:`) {
		t.Errorf("text report:\n%s", text)
	}
}

// Garbage in packed-refs: git itself refuses such a repository; b24leaks
// reads the good lines, names the bad ones, and both backends find every
// leak.
func TestGarbageInPackedRefs(t *testing.T) {
	r := newGitRepo(t)
	for i := range 3 {
		r.commitFile(fmt.Sprintf("c%d", i), fmt.Sprintf("f%d.env", i), "H="+hookURL(uint64(170+i))+"\n")
		r.git("tag", fmt.Sprintf("t%d", i))
	}
	r.git("pack-refs", "--all")
	f, _ := os.OpenFile(filepath.Join(r.Dir, ".git", "packed-refs"), os.O_APPEND|os.O_WRONLY, 0o644)
	f.WriteString("this is garbage\n")
	f.Close()
	for _, backend := range []string{"go-git", "git", "auto"} {
		res := runCLI(t, "", "git", r.Dir, "--git-backend", backend, "-f", "json")
		rep := parseReport(t, res.stdout)
		if res.code != exitError || len(rep.Findings) != 3 || !strings.Contains(res.stderr, "packed-refs:") || !strings.Contains(res.stderr, `not a ref: "this is garbage"`) {
			t.Errorf("%s: exit %d, %d findings\n%s", backend, res.code, len(rep.Findings), res.stderr)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(os.TempDir(), "b24leaks-gitdir-*")); len(left) > 0 {
		t.Errorf("shadow git directories left behind: %v", left)
	}
}

// A finished scan leaves no goroutine and no git process behind. (One
// interrupted while a source is blocked in a read returns at once and
// leaves that reader to the process's exit.)
func TestNoLeftoverGoroutinesOrProcesses(t *testing.T) {
	r := newGitRepo(t)
	for i := range 3 {
		r.commitFile(fmt.Sprintf("c%d", i), fmt.Sprintf("f%d.env", i), "H="+hookURL(uint64(180+i))+"\n")
	}
	before := runtime.NumGoroutine()
	for _, backend := range []string{"git", "go-git"} {
		if res := runCLI(t, "", "git", r.Dir, "--git-backend", backend); res.code != exitLeaks {
			t.Fatalf("%s: exit %d", backend, res.code)
		}
	}
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("%d goroutines after the scans, %d before", n, before)
	}
	if kids := childProcesses(t); len(kids) > 0 {
		t.Errorf("child processes left: %v", kids)
	}
}

// childProcesses lists this process's children (Linux /proc).
func childProcesses(t *testing.T) []string {
	t.Helper()
	tasks, _ := filepath.Glob("/proc/self/task/*/children")
	if len(tasks) == 0 {
		t.Skip("no /proc children files here")
	}
	var out []string
	for _, f := range tasks {
		data, _ := os.ReadFile(f)
		out = append(out, strings.Fields(string(data))...)
	}
	return out
}

// A 100 MB single line and a 2 GB (sparse) file are scanned in bounded
// memory: peak RSS at most 256 MiB above an empty scan's.
func TestHugeInputsInBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 100 MB file")
	}
	bin := b24leaksBinary(t)
	peak := func(args ...string) (int64, string) {
		cmd := exec.Command(bin, args...)
		out, _ := cmd.CombinedOutput()
		ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
		if !ok {
			t.Skip("no rusage here")
		}
		return ru.Maxrss * 1024, string(out)
	}
	empty := t.TempDir()
	base, _ := peak("dir", empty, "--no-progress")
	line := t.TempDir()
	f, _ := os.Create(filepath.Join(line, "min.js"))
	f.WriteString("var a=\"")
	chunk := strings.Repeat("abc,", 1<<18) // written piece by piece: the test's own memory counts in a child's peak
	for range 25_000_000 / (1 << 18) {
		f.WriteString(chunk)
	}
	f.WriteString("\";u=\"" + hookURL(190) + "\";")
	f.Close()
	debug.FreeOSMemory()
	sparse := t.TempDir()
	if err := os.Truncate(filepath.Join(sparse, "disk.img"), 2<<30); err != nil {
		os.WriteFile(filepath.Join(sparse, "disk.img"), nil, 0o644)
		os.Truncate(filepath.Join(sparse, "disk.img"), 2<<30)
	}
	for name, dir := range map[string]string{"100 MB line": line, "2 GB file": sparse} {
		rss, out := peak("dir", dir, "--no-progress")
		if rss > base+256<<20 {
			t.Errorf("%s: peak RSS %d MiB, empty scan %d MiB", name, rss>>20, base>>20)
		}
		if name == "100 MB line" && !strings.Contains(out, "1 leak found") {
			t.Errorf("%s: the leak at the end was not found:\n%s", name, out)
		}
		t.Logf("%s: peak RSS %d MiB (empty scan %d MiB)", name, rss>>20, base>>20)
	}
}
