#!/bin/sh
# ./bootstrap (TAP): it installs exactly .ci/packages, with sudo only when
# not root, and refuses unknown options.
b="$top_srcdir/bootstrap"
n=0; fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }

want=$(sed 's/#.*//' "$top_srcdir/.ci/packages" | tr -s ' \t' '\n\n' | sed '/^$/d' | sort)
got=$("$b" --print | tr ' ' '\n' | sed '/^$/d' | sort)
if [ -n "$got" ] && [ "$got" = "$want" ]; then ok "--print lists .ci/packages"
else not_ok "--print: $got"; fi

out=$("$b" --dry-run 2>&1)
case "$out" in
  *"apt-get install -y"*" libjansson-dev "*) ok "--dry-run shows apt-get install of the list" ;;
  *) not_ok "--dry-run: $out" ;;
esac
if [ "$(id -u)" -eq 0 ]; then
  case "$out" in *sudo*) not_ok "root does not use sudo: $out" ;; *) ok "root runs apt-get directly" ;; esac
else
  case "$out" in *"sudo apt-get install"*|*"not root and sudo"*) ok "non-root goes through sudo" ;; *) not_ok "non-root: $out" ;; esac
fi
if "$b" --bogus >/dev/null 2>&1; then not_ok "unknown option rejected"; else ok "unknown option rejected"; fi
echo "1..$n"
exit $fail
