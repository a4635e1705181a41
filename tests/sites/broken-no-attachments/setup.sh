# A site without a single attachment, and a link to a file that is not there: looking it up among no
# attachments is what the sanitizer build (make test-sanitize) once stopped at (bsearch given NULL).
rm content/notes/first-note/chart.svg
sed -i 's/^A picture: .*$/No picture./' content/notes/first-note/index.md
printf '\nThe [figures](table.csv).\n' >>content/notes/second-note/index.md
