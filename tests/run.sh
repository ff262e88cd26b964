#!/usr/bin/env bash
# Builds and tests every project, then prints "N passed, N failed, N skipped".
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

projects=(src/ImagePipeline.Core src/ImagePipeline.EmbeddedDurable src/ImagePipeline.Standalone src/ImagePipeline.Functions tests/ImagePipeline.Benchmarks)
test_projects=(tests/ImagePipeline.Core.Tests tests/ImagePipeline.EmbeddedDurable.Tests tests/ImagePipeline.Standalone.Tests tests/ImagePipeline.Functions.Tests tests/ImagePipeline.Conformance.Tests)
e2e_project=tests/ImagePipeline.Functions.EndToEnd

# The end-to-end tests run the published Functions app on a real Functions host: $FUNC, else Core Tools' func on PATH,
# else the stand-in beside the repository (the fixture looks in the same order). Without one they are skipped, unless
# REQUIRE_FUNCTIONS_HOST=1 (CI) makes that a failure.
func_host="${FUNC:-}"
[ -n "$func_host" ] || func_host="$(command -v func || true)"
[ -n "$func_host" ] || { [ -x "$repo/../shared/functions-host/func" ] && func_host="$(cd "$repo/../shared/functions-host" && pwd)/func"; }
if [ -n "$func_host" ] && [ -x "$func_host" ]; then
  export FUNC="$func_host"
  run_e2e=1
elif [ "${REQUIRE_FUNCTIONS_HOST:-}" = 1 ]; then
  echo "No Azure Functions host for $e2e_project (looked at \$FUNC, func on PATH, ../shared/functions-host/func) and REQUIRE_FUNCTIONS_HOST=1." >&2
  echo "0 passed, 1 failed, 0 skipped"; exit 1
else
  run_e2e=0
fi

for project in "${projects[@]}" "${test_projects[@]}" "$e2e_project"; do
  dotnet build "$project" -c Release --nologo -v quiet -clp:ErrorsOnly || {
    echo "Building $project failed (restore or compile errors above)." >&2; echo "0 passed, 1 failed, 0 skipped"; exit 1; }
done

passed=0; failed=0; skipped=0; status=0
if [ "$run_e2e" = 1 ]; then
  test_projects+=("$e2e_project")
else
  # Counted, not run: one line says why.
  e2e_count="$(dotnet test "$e2e_project" -c Release --no-build --nologo --list-tests 2>/dev/null | sed -n '/The following Tests are available:/,$p' | tail -n +2 | grep -c .)"
  echo "Skipping $e2e_project (${e2e_count:-0} tests): no Azure Functions host (set FUNC, install Core Tools' func, or provide ../shared/functions-host/func)."
  skipped=$((skipped + ${e2e_count:-0}))
fi
for project in "${test_projects[@]}"; do
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
