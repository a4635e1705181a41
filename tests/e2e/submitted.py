#!/usr/bin/env python3
"""Saves the file a submit page's link would propose (the repository editor's filename and value) into the
content of a copy of the site: usage: submitted.py SUBMIT_PAGE SITE_COPY"""
import html
import os
import re
import sys
import urllib.parse

page = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r'href="(https://[^"]*/new/[^"]*)"', page)
if not m:
    sys.exit("no link to the repository's new-file editor")
url = html.unescape(m.group(1))
parts = urllib.parse.urlsplit(url)
folder = parts.path.split("/new/", 1)[1].split("/", 1)[1]  # after the branch: content/resources
q = urllib.parse.parse_qs(parts.query)
path = os.path.join(sys.argv[2], folder, q["filename"][0])
os.makedirs(os.path.dirname(path), exist_ok=True)
with open(path, "w", encoding="utf-8") as f:
    f.write(q["value"][0])
print(path)
