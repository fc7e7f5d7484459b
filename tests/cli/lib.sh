# Shared by the end-to-end CLI tests: a temporary folder, pass / fail counting and the checks.
# Source it after setting BIN; call finish NAME at the end.
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
failures=0
pass() { printf 'ok   %s\n' "$1"; }
fail() { printf 'FAIL %s\n' "$1"; failures=$((failures + 1)); }

# expect_error NAME CODE SUBSTRING -- command...: exit code, the text, and a one-line message.
expect_error() {
  local name="$1" code="$2" text="$3"; shift 4
  "$@" >"$TMP/out" 2>"$TMP/err"
  local rc=$?
  local lines; lines=$(wc -l <"$TMP/err")
  if [ "$rc" -ne "$code" ]; then fail "$name: exit $rc, expected $code ($(head -c 300 "$TMP/err"))"; return; fi
  if ! grep -qF -- "$text" "$TMP/err"; then fail "$name: message lacks '$text': $(head -c 300 "$TMP/err")"; return; fi
  if [ "$lines" -ne 1 ]; then fail "$name: expected a one-line error, got $lines lines"; return; fi
  pass "$name"
}
# expect_ok NAME -- command...
expect_ok() {
  local name="$1"; shift 2
  if "$@" >"$TMP/out" 2>"$TMP/err"; then pass "$name"; else fail "$name: exit $? ($(head -c 300 "$TMP/err"))"; fi
}
# finish WHAT: the summary line and the exit code.
finish() {
  if [ "$failures" -ne 0 ]; then echo "$failures $1 test(s) failed"; exit 1; fi
  echo "all $1 tests passed"
}
