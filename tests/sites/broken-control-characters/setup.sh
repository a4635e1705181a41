# File names with a newline, a tab and an escape character: each diagnostic stays on one line, with the
# characters written as C escapes.
touch "content/notes/first-note/$(printf 'two\nlines.pdf')" "content/notes/first-note/$(printf 'tab\there.svg')" \
	"content/notes/second-note/$(printf 'bell\033[31m.png')"
