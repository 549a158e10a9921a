#!/bin/sh
# History-scan benchmarks (README, "Benchmarks"): builds the repositories
# they need and runs the comparisons side by side with hyperfine.
#
#   .bench/history.sh [SOURCE]     SOURCE: a git/git clone URL or local path
#                                  (default https://github.com/git/git)
#   BENCH_DIR (default /tmp/b24leaks-bench)   where repositories and results go
#   RUNS      (default 5)                      hyperfine runs per command
#
# Repositories (built once, then reused):
#   clean  a full clone of SOURCE
#   leak   the same plus a branch: one commit adds a webhook, the next removes it
#   many   the same plus a branch of 300 commits writing one webhook into 40 paths
#   big    a synthetic history with three 48 MiB binaries and a 96 MiB SQL dump
#          (fixed seeds: the same bytes on every machine)
# Needs git, hyperfine, openssl and GNU time. The webhook is synthetic.
set -eu
src=${1:-https://github.com/git/git}
dir=${BENCH_DIR:-/tmp/b24leaks-bench}
runs=${RUNS:-5}
mkdir -p "$dir"
go build -o "$dir/b24leaks" ./cmd/b24leaks
bin=$dir/b24leaks
hook='https://benchportal.bitrix24.ru/rest/1/k3v9q2m7x1p8z4w6/'

commit() { git -c user.name=bench -c user.email=bench@example.invalid commit -q "$@"; }

clone() { [ -d "$dir/$1" ] || git clone -q --no-local "$src" "$dir/$1"; }

clone clean
if [ ! -d "$dir/leak" ]; then
	clone leak
	(cd "$dir/leak" && git checkout -q -b b24-leak &&
		printf 'B24_WEBHOOK=%s\n' "$hook" >leak.env && git add leak.env && commit -m 'add a webhook' &&
		git rm -q leak.env && commit -m 'remove the webhook' && git checkout -q -)
fi
if [ ! -d "$dir/many" ]; then
	clone many
	(cd "$dir/many" && git checkout -q -b b24-many &&
		i=0 && while [ $i -lt 300 ]; do
			p=conf/p$((i % 40)); mkdir -p $p
			printf 'B24_WEBHOOK=%s\nREVISION=%d\n' "$hook" $i >$p/settings.env
			git add $p/settings.env && commit -m "revision $i"; i=$((i + 1))
		done && git checkout -q -)
fi
if [ ! -d "$dir/big" ]; then
	git init -q "$dir/big"
	(cd "$dir/big" &&
		for n in 1 2 3; do
			openssl enc -aes-128-ctr -nosalt -pass pass:b24leaks-bin-$n -pbkdf2 </dev/zero 2>/dev/null | head -c 48M >blob$n.bin
			git add blob$n.bin && commit -m "binary $n"
		done &&
		openssl enc -aes-128-ctr -nosalt -pass pass:b24leaks-sql -pbkdf2 </dev/zero 2>/dev/null | head -c 72M | base64 -w 76 |
		awk '{ printf "INSERT INTO log (id, line) VALUES (%d, '\''%s'\'');\n", NR, $0 }' | head -c 96M >dump.sql &&
		git add dump.sql && commit -m 'sql dump' && git gc -q)
fi

floor() { echo "git -C $dir/$1 cat-file --batch-all-objects --batch --unordered"; }
scan() { echo "$bin git $dir/$1 -f json -r /dev/null"; }

echo "== with findings: the leaking branch and the 300-commit branch against the clean clone"
hyperfine -w 1 -r "$runs" -N -i --output=null --export-json "$dir/findings.json" \
	-n floor "$(floor clean)" -n clean "$(scan clean)" -n leak "$(scan leak)" -n many "$(scan many)"

echo "== backends: auto (the pack reader), git (cat-file), and no git on PATH; the leak with git"
hyperfine -w 1 -r "$runs" -N -i --output=null --export-json "$dir/backends.json" \
	-n floor "$(floor clean)" -n auto "$(scan clean)" -n git "$(scan clean) --git-backend git" \
	-n no-git "env PATH=/nonexistent $(scan clean)" -n git-leak "$(scan leak) --git-backend git"

echo "== bigfiles"
hyperfine -w 1 -r "$runs" -N -i --output=null --export-json "$dir/big.json" \
	-n floor "$(floor big)" -n auto "$(scan big)" -n no-git "env PATH=/nonexistent $(scan big)"

echo "== peak memory (GNU time, one run each; KiB)"
for run in "clean:$(scan clean)" "leak:$(scan leak)" "many:$(scan many)" "no-git:env PATH=/nonexistent $(scan clean)" \
	"git:$(scan clean) --git-backend git" "big:$(scan big)" "big-no-git:env PATH=/nonexistent $(scan big)"; do
	/usr/bin/time -f "${run%%:*} %M KiB %e s" ${run#*:} >/dev/null 2>"$dir/time.txt" || true
	tail -1 "$dir/time.txt"
done
