# Model errors: two English texts of one page, a translation without its original, chapters listed
# without a file or with a file but not listed and a menu entry that leads nowhere.
sed -i 's/^menu: .*/menu: [about, notes, nowhere]/' site.yaml
sed -i 's/^chapters: .*/chapters: [zeta, alpha, omega]/' content/notes/first-note/index.md
