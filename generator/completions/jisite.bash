# bash completion for jisite(1): the commands, each command's options (as its --help prints them, which
# tests/e2e/completions.sh checks), folders for -C and --out, files for --previous, the languages of the
# project's site.yaml for --lang, git's branches and tags for --rev and --base. Installed by `make install`
# as share/bash-completion/completions/jisite; to try it without installing: . generator/completions/jisite.bash

# _jisite_yaml DIR WHAT: the language codes (WHAT=languages) or the collections (WHAT=collections) of
# DIR/site.yaml, read with sed: `- { code: en, ... }` or `- code: en` lines, and a collection's name as
# the key indented under collections:. Nothing when there is no such file.
_jisite_yaml()
{
	local yaml=$1/site.yaml
	[[ -r $yaml ]] || return 0
	case $2 in
	languages) sed -n '/^languages:/,/^[^[:space:]#-]/s/.*code:[[:space:]]*\([A-Za-z0-9-]*\).*/\1/p' "$yaml" ;;
	collections) sed -n '/^collections:/,/^[^[:space:]#]/s/^  \([a-z0-9][a-z0-9_-]*\):.*/\1/p' "$yaml" ;;
	esac
}

_jisite()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
	local cmd=${COMP_WORDS[1]} dir=. opts i nargs=0
	COMPREPLY=()

	if ((COMP_CWORD == 1)); then
		COMPREPLY=($(compgen -W 'build check serve new translations apply-update --help --version' -- "$cur"))
		return 0
	fi
	# the project: -C DIR anywhere before the word completed (a leading ~/ as the shell would expand it)
	for ((i = 2; i < COMP_CWORD; i++)); do
		if [[ ${COMP_WORDS[i]} == -C ]] && ((i + 1 < COMP_CWORD)); then
			dir=${COMP_WORDS[i + 1]}
			[[ $dir == '~/'* ]] && dir=$HOME/${dir#'~/'}
		fi
	done

	case $cmd in
	build)
		opts='-C --out --force --rev --lang -j --jobs --format --precompress --no-cache --no-bundles --drafts
			--audience --previous --base-url -q --quiet -v --verbose --help' ;;
	check)
		opts='-C --rev --base --format --summary --lang -j --jobs --drafts --audience --base-url -q --quiet -v
			--verbose --help' ;;
	serve) opts='-C --port --bind --drafts --no-drafts --audience --open --help' ;;
	new) opts='-C --lang --branch --help' ;;
	translations) opts='-C --lang --format --help' ;;
	apply-update) opts='--help' ;;
	*) return 0 ;;
	esac

	case $prev in
	-C | --out)
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -d -- "$cur")
		return 0 ;;
	--previous | --summary)
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		return 0 ;;
	--lang)
		if [[ $cmd == build || $cmd == check ]] && [[ $cur == *,* ]]; then
			# --lang fr,es: the codes after the last comma
			COMPREPLY=($(compgen -P "${cur%,*}," -W "$(_jisite_yaml "$dir" languages)" -- "${cur##*,}"))
		else
			COMPREPLY=($(compgen -W "$(_jisite_yaml "$dir" languages)" -- "$cur"))
		fi
		return 0 ;;
	--audience)
		COMPREPLY=($(compgen -W 'public members' -- "$cur"))
		return 0 ;;
	--format)
		if [[ $cmd == translations ]]; then
			COMPREPLY=($(compgen -W 'text json' -- "$cur"))
		else
			COMPREPLY=($(compgen -W 'text github' -- "$cur"))
		fi
		return 0 ;;
	--rev | --base)
		COMPREPLY=($(compgen -W "HEAD $(git -C "$dir" for-each-ref --format='%(refname:short)' \
			refs/heads refs/tags refs/remotes 2>/dev/null)" -- "$cur"))
		return 0 ;;
	-j | --jobs | --port | --bind)
		return 0 ;;
	esac

	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
		return 0
	fi
	# the arguments that are not options: count those before the word completed
	for ((i = 2; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-C | --out | --previous | --lang | --audience | --format | --rev | --base | -j | --jobs | --port | \
			--bind)
			((i++)) ;;
		-*) ;;
		*) ((nargs++)) ;;
		esac
	done
	case $cmd in
	new)
		((nargs == 0)) && COMPREPLY=($(compgen -W "$(_jisite_yaml "$dir" collections)" -- "$cur")) ;;
	apply-update)
		compopt -o filenames 2>/dev/null
		if ((nargs == 0)); then
			mapfile -t COMPREPLY < <(compgen -d -- "$cur")
		elif ((nargs == 1)); then
			mapfile -t COMPREPLY < <(compgen -f -X '!*.zip' -- "$cur"; compgen -d -- "$cur")
		fi ;;
	esac
	return 0
}
complete -F _jisite jisite
