#!/bin/sh
# What a distribution's packager runs: `make install` with the distribution's flags into a staging folder,
# from a build folder of its own. The user's CPPFLAGS, CFLAGS and LDFLAGS reach every compile and the link,
# WERROR=0 turns -Werror off (and nothing else turns it off), and the binary, the man page and the shell
# completions are installed, each carrying the one version of generator/VERSION (or git describe).
. tests/e2e/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# the outer make's options (make test -s, -j) are not the packager's
unset MAKEFLAGS MFLAGS MAKELEVEL

make -j2 BUILD="$tmp/build" WERROR=0 CPPFLAGS=-D_FORTIFY_SOURCE=2 LDFLAGS=-Wl,-z,now V=1 \
	install DESTDIR="$tmp/root" PREFIX=/usr >"$tmp/log" 2>&1
status=$?
[ "$status" -eq 0 ] || tail -n 20 "$tmp/log" | sed 's/^/# /'
check "make install DESTDIR=… PREFIX=/usr WERROR=0 CPPFLAGS=-D_FORTIFY_SOURCE=2 succeeds" test "$status" -eq 0
grep -e ' -c -o ' "$tmp/log" >"$tmp/compiles"
check "it compiled every source file" test "$(wc -l <"$tmp/compiles")" -eq "$(ls generator/*.c generator/*/*.c | wc -l)"
check "CPPFLAGS is on every compiler line" sh -c "! grep -v -e '-D_FORTIFY_SOURCE=2' '$tmp/compiles'"
check "and after the project's own flags, so that it wins" \
	sh -c "! grep -v -e '-D_XOPEN_SOURCE=700 .*-D_FORTIFY_SOURCE=2' '$tmp/compiles'"
check "WERROR=0: no -Werror on any line" sh -c "! grep -q -e '-Werror' '$tmp/log'"
check "LDFLAGS is on the link line" sh -c "grep -e ' -o $tmp/build/jisite ' '$tmp/log' | grep -q -e '-Wl,-z,now'"
check "without WERROR=0, -Werror is there" \
	sh -c "make -n BUILD='$tmp/other' '$tmp/other/generator/main.o' | grep -q -e '-Werror'"

version=$(cat generator/VERSION)
check "the binary is installed and runs" test -x "$tmp/root/usr/bin/jisite"
"$tmp/root/usr/bin/jisite" --version >"$tmp/version"
check "its --version is generator/VERSION's, or git describe's when in git ($(cat "$tmp/version"))" \
	grep -Eq "^jisite ($version|$version-g[0-9a-f]+|[0-9]+\.[0-9]+\.[0-9]+(-[0-9]+-g[0-9a-f]+)?(-dirty)?)$" "$tmp/version"
check "the man page is installed with the same version" \
	grep -q "^\.TH JISITE 1 \"[0-9-]*\" \"$(cat "$tmp/version")\" " "$tmp/root/usr/share/man/man1/jisite.1"
check "the bash completion is installed" test -s "$tmp/root/usr/share/bash-completion/completions/jisite"
check "the zsh completion is installed" test -s "$tmp/root/usr/share/zsh/vendor-completions/_jisite"

# make site (and CI's jobs that only build) install what building needs; make test the test tools too
make -n site >"$tmp/site.n" 2>&1
make -n test >"$tmp/test.n" 2>&1
check "make site asks for the build's packages" grep -q libzip-dev "$tmp/site.n"
check "and not for the tests' (Chromium, Node.js, epubcheck)" sh -c "! grep -Eq 'chromium|nodejs|epubcheck' '$tmp/site.n'"
check "make test asks for them" sh -c "grep -q chromium '$tmp/test.n' && grep -q epubcheck '$tmp/test.n'"

# a tarball has no git: the version is the file's
mkdir -p "$tmp/tarball/generator"
cp Makefile "$tmp/tarball/"
cp generator/VERSION "$tmp/tarball/generator/"
check "out of git, make version is generator/VERSION" test "$(make -s -C "$tmp/tarball" version)" = "$version"
check "in git, it is git describe's or VERSION with the commit" \
	sh -c "make -s version | grep -Eqx '$version-g[0-9a-f]+|[0-9]+\.[0-9]+\.[0-9]+(-[0-9]+-g[0-9a-f]+)?(-dirty)?'"
finish
