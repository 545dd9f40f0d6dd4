# nx-codex settings fingerprint: the `runtime` cache input of the codex targets. Nx runs it with sh
# in the workspace root on every hash, cache hit or not, so it must be cheap: a node start was all
# of a cache hit's overhead (and Windows has no sh; use `node .../cli/main.js fingerprint` there).
#
# The fingerprint (`nx-codex fingerprint`) depends only on what the stamp below lists: the Codex
# config files in CODEX_HOME (config.toml and the profile files beside it), the workspace's
# .codex/config.toml, the codex and secret-detector packages, the core code that computes it, and
# the variables that choose them. `ls` gives each one's inode, size and mtime in nanoseconds. When
# the stamp equals the one stored with the last answer, that answer is printed again without
# starting node; otherwise node computes it and it is stored with the stamp taken before it ran
# (an edit during the run makes the next call compute again). The store holds no secret: the
# fingerprint (already in Nx's hash) and file metadata.
core=node_modules/@nx-codex/core
compute() { node "$core/dist/cli/main.js" fingerprint; }

# A codex named by CODEX_BIN (identified by its file, never run) or found on PATH (run for its version): nothing cheap to stamp.
if [ -n "${CODEX_BIN:-}" ] || [ ! -f node_modules/@openai/codex/package.json ]; then compute; exit $?; fi

home=${CODEX_HOME:-${HOME:-}/.codex}
stamp="PWD=$PWD CODEX_HOME=${CODEX_HOME:-} HOME=${HOME:-} USERPROFILE=${USERPROFILE:-}"
[ -d "$home" ] || stamp="$stamp
no $home"
set --
# Core's code (prompt version, secret detector rules) and the packages it versions (codex, the
# secret detector), plus npm's record of the last install, which any install rewrites.
for file in "$home"/*.toml .codex/config.toml node_modules/@openai/codex/package.json "$core/package.json" "$core"/dist/*/*.js \
  node_modules/@secretlint/core/package.json node_modules/@secretlint/secretlint-rule-preset-recommend/package.json \
  "$core"/node_modules/@secretlint/*/package.json node_modules/.package-lock.json; do
  if [ -e "$file" ]; then set -- "$@" "$file"; else stamp="$stamp
missing $file"; fi
done
# GNU ls only (--full-time has nanoseconds); any other ls, or an error, means: compute every time.
listing=$(ls -dLi --full-time -- "$@" 2>/dev/null) || { compute; exit $?; }
stamp="$stamp
$listing"

store=node_modules/.cache/nx-codex/settings-fingerprint
if [ -f "$store" ]; then
  stored='' answer=''
  { IFS= read -r answer; while IFS= read -r line; do stored="$stored$line
"; done; } < "$store"
  if [ -n "$answer" ] && [ "$stored" = "$stamp
" ]; then printf '%s\n' "$answer"; exit 0; fi
fi

answer=$(compute) || exit $?
printf '%s\n' "$answer"
mkdir -p "${store%/*}" 2>/dev/null && printf '%s\n%s\n' "$answer" "$stamp" > "$store.$$" 2>/dev/null && mv -f "$store.$$" "$store" 2>/dev/null
exit 0
