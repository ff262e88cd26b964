#!/usr/bin/env bash
# Builds and tests everything that can be built on this machine, then prints "N passed, N failed, N skipped".
# Usage: tests/run.sh [extra dotnet test arguments]
set -uo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"

# Azurite (the Azure Storage emulator) for the Blob/Queue tests, installed locally from npm when missing.
azurite_version="3.35.0"
if [ ! -x tests/.tools/node_modules/.bin/azurite ]; then
  echo "Installing Azurite $azurite_version from npm into tests/.tools ..."
  npm install --prefix tests/.tools --no-audit --no-fund --loglevel=error "azurite@$azurite_version" >/dev/null || {
    echo "Could not install Azurite from npm; the storage tests need it." >&2; exit 1; }
fi
export AZURITE_PATH="$repo/tests/.tools/node_modules/.bin/azurite"

# The Functions host needs Microsoft.Azure.Functions.Worker.* and Microsoft.DurableTask.* packages. Where the package
# source lacks them, everything else is built and tested and this says so; nothing is stubbed.
projects=(src/ImagePipeline.Core src/ImagePipeline.EmbeddedDurable src/ImagePipeline.Standalone tests/ImagePipeline.Benchmarks)
test_projects=(tests/ImagePipeline.Core.Tests tests/ImagePipeline.EmbeddedDurable.Tests tests/ImagePipeline.Standalone.Tests)
functions_log="$(mktemp)"
if dotnet restore src/ImagePipeline.Functions/ImagePipeline.Functions.csproj >"$functions_log" 2>&1 \
   && dotnet restore tests/ImagePipeline.Functions.Tests/ImagePipeline.Functions.Tests.csproj >>"$functions_log" 2>&1; then
  projects+=(src/ImagePipeline.Functions)
  test_projects+=(tests/ImagePipeline.Functions.Tests)
elif grep -qE "NU1101|NU1102" "$functions_log"; then
  echo "NOTE: Azure Functions packages (Microsoft.Azure.Functions.Worker.*, Microsoft.DurableTask.*) cannot be restored from this machine's package source: skipping src/ImagePipeline.Functions and tests/ImagePipeline.Functions.Tests; building and testing everything else."
else
  cat "$functions_log" >&2
  echo "Restoring the Functions project failed for a reason other than missing packages." >&2
  exit 1
fi
rm -f "$functions_log"

for project in "${projects[@]}" "${test_projects[@]}"; do
  [ -d "$project" ] || continue
  dotnet build "$project" -c Release --nologo -v quiet -clp:ErrorsOnly || { echo "0 passed, 1 failed"; exit 1; }
done

passed=0; failed=0; skipped=0; status=0
for project in "${test_projects[@]}"; do
  [ -d "$project" ] || continue
  log="$(mktemp)"
  dotnet test "$project" -c Release --no-build --nologo "$@" 2>&1 | tee "$log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  # "Passed!  - Failed:     0, Passed:    57, Skipped:     0, Total:    57, Duration: ..."
  summary="$(grep -E "(Passed|Failed)! +- Failed:" "$log" | tail -n 1)"
  if [ -z "$summary" ]; then status=1; failed=$((failed + 1)); fi
  f=$(sed -nE 's/.*Failed: *([0-9]+).*/\1/p' <<<"$summary"); p=$(sed -nE 's/.*Passed: *([0-9]+).*/\1/p' <<<"$summary"); s=$(sed -nE 's/.*Skipped: *([0-9]+).*/\1/p' <<<"$summary")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${s:-0}))
  rm -f "$log"
done

echo "$passed passed, $failed failed, $skipped skipped"
exit $status
