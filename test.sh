#!/usr/bin/env bash
# Runs every test of Balabaqsha on this machine. On a fresh Debian 12 with the .NET SDK it first
# installs and starts what the tests need: PostgreSQL (cluster-mode and storage tests) and Chromium
# (browser tests). Ends with the line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)

if [ "$(id -u)" = 0 ] && ! command -v chromium >/dev/null 2>&1; then
  echo "Installing Chromium…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq chromium >/dev/null
fi

pg=$(bash scripts/ensure-postgres.sh | tail -n 1) || { echo "PostgreSQL could not be started"; echo "0 passed, 1 failed"; exit 1; }
export BALABAQSHA_TEST_POSTGRES="$pg"

results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

dotnet build Balabaqsha.sln -c Debug -nologo -v q || { echo "0 passed, 1 failed"; exit 1; }

status=0
dotnet test Balabaqsha.sln --no-build -nologo -v q \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results" || status=$?

passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
