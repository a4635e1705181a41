# A Latin-1 "é" (byte 0xE9) where UTF-8 was expected, on line 4.
printf -- '---\ntitle: About\n---\nCaf\351 au lait.\n' > content/about.md
