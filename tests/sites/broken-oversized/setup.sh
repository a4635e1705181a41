# A 2 MB page: over the 1 MiB limit on a content file.
{ printf -- '---\ntitle: Huge\n---\n'; head -c 2000000 /dev/zero | tr '\0' 'a'; } > content/about.md
