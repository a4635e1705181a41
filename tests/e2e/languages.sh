#!/bin/sh
# Languages without a fixed limit, and the fallbacks of their interface texts: a site of 40 languages
# builds every page in each; pt-BR shows the texts pt.yaml has and its own file lacks, zh-Hant those of a
# translations/zh.yaml that is no language of the site; each key a file lacks is one warning, printed once;
# a translations file that no language uses is a warning at its first line.
. tests/e2e/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
site="$tmp/site"
mkdir -p "$site/content" "$site/translations"
cp -R themes "$site/themes"

# 40 languages: the first is the default, pt-BR falls back to pt, zh-Hant to translations/zh.yaml
codes="en fr de es it pt pt-BR nl sv da nb fi pl cs sk sl hr sr bg ro hu el tr ru uk ar he fa hi bn ta te ja ko zh-Hant th vi id ms sw"
{
	echo "title: Forty languages"
	echo "base_url: https://forty.example/"
	echo "default_language: en"
	echo "languages:"
	for c in $codes; do
		case $c in ar | he | fa) dir=", direction: rtl" ;; *) dir="" ;; esac
		echo "  - { code: $c, name: Language-$c$dir }"
	done
	echo "menu: [about]"
} >"$site/site.yaml"
ui() { # ui CODE: every interface text of the theme, marked with CODE
	cat <<EOF
site_title: Forty ($1)
ui:
EOF
	sed -n 's/^  \([a-z_]*\): .*/  \1: \1 ('"$1"')/p' tests/sites/good/translations/en.yaml
}
for c in $codes; do
	case $c in
	pt-BR) printf 'ui:\n  menu: Menu do Brasil\n' ;; # all else from pt.yaml
	zh-Hant) printf 'ui:\n  menu: 選單\n' ;;           # skip_to_content from zh.yaml, the rest from en
	*) ui "$c" ;;
	esac >"$site/translations/$c.yaml"
done
sed 's/^  skip_to_content: .*/  skip_to_content: Pular para o conteúdo/' "$site/translations/pt.yaml" >"$tmp/pt"
mv "$tmp/pt" "$site/translations/pt.yaml"
printf 'ui:\n  skip_to_content: 跳至主要內容\n' >"$site/translations/zh.yaml"
printf 'ui:\n  menu: Menü\n' >"$site/translations/de-CH.yaml" # de-CH is not a language of the site
printf -- '---\ntitle: Home\n---\nWelcome.\n' >"$site/content/index.md"
printf -- '---\ntitle: About\n---\nAbout us.\n' >"$site/content/about.md"

"$JISITE" build -C "$site" --no-bundles >"$tmp/out1" 2>"$tmp/err1"
check "40 languages: the site builds" test $? -eq 0
missing=""
for c in $codes; do
	for p in index.html about/index.html; do
		[ -s "$site/public/$c/$p" ] || missing="$missing $c/$p"
	done
done
check "40 languages: every language has its home and about pages" test -z "$missing"
[ -z "$missing" ] || echo "# missing:$missing"
check "40 languages: the 40th language's page is in its language" \
	grep -q '<html lang="sw"' "$site/public/sw/about/index.html"
check "40 languages: the 40th language's page shows its own texts" \
	grep -q 'skip_to_content (sw)' "$site/public/sw/about/index.html"

pt_br="$site/public/pt-BR/about/index.html"
check "pt-BR: a text only its own file has is shown" grep -q 'Menu do Brasil' "$pt_br"
check "pt-BR: a text its file lacks is pt's" grep -q 'Pular para o conteúdo' "$pt_br"
check "pt-BR: and never the default language's when pt has it" sh -c "test -s '$pt_br' && ! grep -q '(en)' '$pt_br'"
check "zh-Hant: a text its file lacks is translations/zh.yaml's, though zh is no language of the site" \
	grep -q '跳至主要內容' "$site/public/zh-Hant/about/index.html"
check "zh-Hant: a text neither has is the default language's" \
	grep -q 'footer_note (en)' "$site/public/zh-Hant/about/index.html"

check "a key pt-BR lacks is one warning, naming pt as whose text is used" \
	test "$(grep -c "^translations/pt-BR.yaml:1:1: warning: missing translation of 'ui.skip_to_content' (the Language-pt text is used)$" "$tmp/err1")" -eq 1
check "a key zh-Hant lacks is one warning, naming the fallback file" \
	test "$(grep -c "^translations/zh-Hant.yaml:1:1: warning: missing translation of 'ui.skip_to_content' (the text of translations/zh.yaml is used)$" "$tmp/err1")" -eq 1
check "a key zh-Hant lacks and zh.yaml too is one warning, naming the default language" \
	test "$(grep -c "^translations/zh-Hant.yaml:1:1: warning: missing translation of 'ui.footer_note' " "$tmp/err1")" -eq 1
check "... whose text is used" \
	grep -q "^translations/zh-Hant.yaml:1:1: warning: missing translation of 'ui.footer_note' (the Language-en text is used)$" "$tmp/err1"
check "no warning is printed twice" sh -c "test -z \"\$(sort '$tmp/err1' | uniq -d)\""
check "a file of complete translations has no warning" sh -c "! grep -q '^translations/fr.yaml' '$tmp/err1'"
check "a fallback file of no language has no warning" sh -c "! grep -q '^translations/zh.yaml' '$tmp/err1'"
check "a translations file no language uses is a warning at its first line, naming the site's languages" \
	grep -q "^translations/de-CH.yaml:1:1: warning: 'de-CH' is not a language of the site (site.yaml has en, fr, de, .*, sw), nor" "$tmp/err1"

# a second build finds nothing changed and reports what the first one did, each warning once
"$JISITE" build -C "$site" --no-bundles >"$tmp/out2" 2>"$tmp/err2"
check "a no-op build says nothing changed" grep -q 'nothing changed since the last build' "$tmp/err2"
grep -v 'nothing changed since the last build' "$tmp/err2" >"$tmp/err2.warnings"
grep -v '^jisite: ' "$tmp/err1" >"$tmp/err1.warnings"
check "a no-op build repeats the last build's warnings once, not twice" cmp -s "$tmp/err1.warnings" "$tmp/err2.warnings"

# editing pt.yaml changes the pt-BR pages that show its texts
sed 's/Pular para o conteúdo/Ir para o conteúdo/' "$site/translations/pt.yaml" >"$tmp/pt"
mv "$tmp/pt" "$site/translations/pt.yaml"
"$JISITE" build -C "$site" --no-bundles 2>/dev/null
check "an edit of pt.yaml reaches the pt-BR pages of an incremental build" grep -q 'Ir para o conteúdo' "$pt_br"

# the unknown file gone, its warning goes
rm "$site/translations/de-CH.yaml"
"$JISITE" build -C "$site" --no-bundles >"$tmp/out3" 2>"$tmp/err3"
check "without the unused file, no warning of it" sh -c "! grep -q 'de-CH.yaml' '$tmp/err3'"
finish
