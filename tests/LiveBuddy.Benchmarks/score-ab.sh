#!/usr/bin/env bash
# Issue 19's bar "throughput of `score` stays within 10 % of today's": the scorer as the issue found it against another
# commit (default: HEAD), side by side in one process, passes alternating (see ScoreThroughputComparison.cs).
#   tests/LiveBuddy.Benchmarks/score-ab.sh [old-commit] [new-commit] [-- extra options, e.g. --rounds 20]
# Default old commit a811c38: main before session 1 changed the scorer (the "today").
set -euo pipefail
repo=$(git rev-parse --show-toplevel)
old=${1:-a811c38}; new=${2:-HEAD}
shift $(( $# < 2 ? $# : 2 )); [[ ${1:-} == -- ]] && shift
work=$(mktemp -d)
cleanup() { git -C "$repo" worktree remove --force "$work/old-src" 2>/dev/null || true; git -C "$repo" worktree remove --force "$work/new-src" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
for side in old new; do
  commit=${!side}
  git -C "$repo" worktree add --detach --quiet "$work/$side-src" "$commit"
  dotnet publish "$work/$side-src/src/LiveBuddy.Scoring" -c Release -o "$work/$side" -v q -nologo
done
dotnet run -c Release --project "$repo/tests/LiveBuddy.Benchmarks" -- score-ab --old "$work/old" --new "$work/new" "$@"
