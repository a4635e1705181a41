#!/bin/sh
# The shell completions (generator/completions/) offer every command `jisite --help` lists and every option
# each command's --help prints, and nothing else, so that they cannot drift from the binary; their values
# (folders, languages of site.yaml, formats, audiences) are the right ones; and `make install` installs them
# beside the binary and the man page, without building anything.
. tests/e2e/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bash_file=generator/completions/jisite.bash
zsh_file=generator/completions/_jisite
commands=$("$JISITE" --help | sed -n '/^commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p')
check "jisite --help lists the commands" test -n "$commands"
help_options() { # help_options COMMAND: the options its --help prints, one a line
	python3 tests/e2e/check_manpage.py "$JISITE" --options "$1"
}

# completions_from FILE WORD...: what the bash completion of FILE offers for the last word of `WORD...`, one a
# line, sorted; completions WORD...: of generator/completions/jisite.bash
completions_from() {
	bash -c '. "$1" && shift && COMP_WORDS=("$@") && COMP_CWORD=$(($# - 1)) && _jisite &&
		printf "%s\n" "${COMPREPLY[@]}" | LC_ALL=C sort' completions "$@"
}
completions() {
	completions_from "$bash_file" "$@"
}
check "bash sources the completion without a message" \
	sh -c "bash -c '. $bash_file' >'$tmp/out' 2>&1 && test ! -s '$tmp/out'"
check "complete -p jisite shows it" \
	sh -c "bash -c '. $bash_file && complete -p jisite' | grep -qx 'complete -F _jisite jisite'"
check "bash: jisite bu completes to build" test "$(completions jisite bu)" = build
completions jisite "" >"$tmp/words"
check "bash: the first word is any command of jisite --help" \
	sh -c "for c in $(echo $commands); do grep -qx \"\$c\" '$tmp/words' || { echo \"missing: \$c\"; exit 1; }; done"
check "bash: ... or --help or --version, and nothing else" \
	test "$(grep -cvx "$(echo $commands --help --version | tr ' ' '\n')" "$tmp/words")" -eq 0
# same_options FILE OPTIONS: the words of FILE (completions offered) are OPTIONS, or says which are not
same_options() {
	for o in $2; do echo "$o"; done | LC_ALL=C sort -u >"$tmp/want"
	LC_ALL=C sort -u "$1" | diff "$tmp/want" - >"$tmp/diff" || { sed 's/^</missing:/; s/^>/extra:/' "$tmp/diff" |
		grep '^[me]'; return 1; }
}
for c in $commands; do
	opts=$(help_options "$c")
	completions jisite "$c" -- >"$tmp/long"
	check "bash: jisite $c -- offers every long option jisite $c --help prints, and no other" \
		same_options "$tmp/long" "$(printf '%s\n' $opts | grep -- '^--') --help"
	completions jisite "$c" - >"$tmp/all"
	check "bash: jisite $c - offers every option, short ones too" same_options "$tmp/all" "$opts --help"
done
# ... and the check can fail: a completion without --precompress, or with a --bogus option
fails_naming() { # fails_naming FILE OPTIONS LINE: same_options fails and says LINE
	! same_options "$1" "$2" >"$tmp/why" && grep -qx -- "$3" "$tmp/why"
}
build_opts=$(help_options build)
sed 's/ --precompress//' "$bash_file" >"$tmp/jisite.bash"
completions_from "$tmp/jisite.bash" jisite build - >"$tmp/all"
check "bash: a completion without --precompress fails, naming it" \
	fails_naming "$tmp/all" "$build_opts --help" "missing: --precompress"
sed 's/ --open / --open --bogus /' "$bash_file" >"$tmp/jisite.bash"
completions_from "$tmp/jisite.bash" jisite serve -- >"$tmp/long"
check "bash: a completion with a --bogus option fails, naming it" \
	fails_naming "$tmp/long" "$(help_options serve | grep -- '^--') --help" "extra: --bogus"
check "bash: --audience" test "$(completions jisite build --audience "" | paste -sd' ')" = "members public"
check "bash: build --format" test "$(completions jisite check --format "" | paste -sd' ')" = "github text"
check "bash: translations --format" test "$(completions jisite translations --format "" | paste -sd' ')" = "json text"
check "bash: -C completes folders" test "$(completions jisite build -C tests/e2)" = tests/e2e
check "bash: --out completes folders, not files" test "$(completions jisite build --out tests/e2e/li)" = ""
check "bash: --previous completes files" test "$(completions jisite build --previous tests/e2e/lib.)" = tests/e2e/lib.sh
langs=$(sed -n 's/^ *- { *code: *\([A-Za-z-]*\),.*/\1/p' site.yaml | LC_ALL=C sort | paste -sd' ' -)
check "bash: --lang completes the languages of ./site.yaml" \
	test "$(completions jisite build --lang "" | paste -sd' ')" = "$langs"
check "bash: ... after a comma too" test "$(completions jisite check --lang fr,e | paste -sd' ')" = "fr,en fr,es"
check "bash: ... of the -C project's site.yaml" \
	test "$(completions jisite new -C tests/sites/good x y --lang "" | paste -sd' ')" = "ar en fr"
check "bash: ... nothing without a site.yaml" test -z "$(completions jisite build -C tests --lang "")"
check "bash: new completes the collections of site.yaml" test "$(completions jisite new res)" = resources

if command -v zsh >/dev/null; then
	check "zsh parses _jisite (zsh -n)" zsh -n "$zsh_file"
	check "zsh: _jisite starts with #compdef jisite" test "$(head -n 1 "$zsh_file")" = "#compdef jisite"
	check "zsh: every command takes -h and --help" grep -q "^[[:space:]]*'(- \*)'{-h,--help}'\[" "$zsh_file"
	for c in $commands; do
		check "zsh: _jisite describes the command $c" grep -q "^[[:space:]]*'$c:" "$zsh_file"
		# the command's case of _jisite: from its label to its ;;
		sed -n "/^[[:space:]]*$c)\$/,/;;/p" "$zsh_file" >"$tmp/zsh-$c"
		opts=$(help_options "$c")
		# an option's spec: '--out[, '*--lang[, {-q,--quiet}'[ or (--drafts --no-drafts)--drafts[
		grep -oE "[{,)'*]--?[A-Za-z][A-Za-z-]*" "$tmp/zsh-$c" | sed 's/^.//' >"$tmp/zsh-opts"
		check "zsh: the $c case offers every option jisite $c --help prints, and no other" \
			same_options "$tmp/zsh-opts" "$opts"
	done
	sed '/--precompress\[/d; s/--open\[/--bogus[/' "$zsh_file" | sed -n '/^[[:space:]]*build)$/,/;;/p' |
		grep -oE "[{,)'*]--?[A-Za-z][A-Za-z-]*" | sed 's/^.//' >"$tmp/zsh-opts"
	check "zsh: a case without --precompress fails, naming it" \
		fails_naming "$tmp/zsh-opts" "$build_opts" "missing: --precompress"
	sed "s/'--open\[/'--bogus[/" "$zsh_file" | sed -n '/^[[:space:]]*serve)$/,/;;/p' |
		grep -oE "[{,)'*]--?[A-Za-z][A-Za-z-]*" | sed 's/^.//' >"$tmp/zsh-opts"
	check "zsh: a case with a --bogus option (and without --open) fails, naming it" \
		fails_naming "$tmp/zsh-opts" "$(help_options serve)" "extra: --bogus"
else
	echo "# zsh is not installed: _jisite is not checked"
fi

# make install, into a folder, of the binary under test: BUILD is its folder (relative to the repository
# when it is inside); -o keeps make from building it again, whatever the sources' times
build_dir=$(dirname "$JISITE")
case $build_dir in "$(pwd)"/*) build_dir=${build_dir#"$(pwd)"/} ;; esac
install_make() {
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -o "$build_dir/jisite" "$@" DESTDIR="$tmp/root" PREFIX=/usr \
		BUILD="$build_dir" >"$tmp/make.out" 2>&1
}
check "make install DESTDIR=... PREFIX=/usr succeeds" install_make install
check "... and builds nothing" sh -c "! grep -Eq '^ *(CC|AR|LINK) ' '$tmp/make.out'"
check "... installs the binary under test as bin/jisite" cmp -s "$JISITE" "$tmp/root/usr/bin/jisite"
tail -n +2 generator/jisite.1 >"$tmp/man.src"
tail -n +2 "$tmp/root/usr/share/man/man1/jisite.1" >"$tmp/man.installed"
check "... the man page as share/man/man1/jisite.1" cmp -s "$tmp/man.src" "$tmp/man.installed"
check "... its title line with the version" \
	grep -q "^\.TH JISITE 1 \"[0-9-]*\" \"jisite [0-9]" "$tmp/root/usr/share/man/man1/jisite.1"
check "... the bash completion as share/bash-completion/completions/jisite" \
	cmp -s "$bash_file" "$tmp/root/usr/share/bash-completion/completions/jisite"
check "... the zsh completion as share/zsh/vendor-completions/_jisite" \
	cmp -s "$zsh_file" "$tmp/root/usr/share/zsh/vendor-completions/_jisite"
check "make uninstall succeeds" install_make uninstall
check "... and removes the four files" test -z "$(find "$tmp/root" -type f)"
finish
