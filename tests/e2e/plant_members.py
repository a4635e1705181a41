# plant_members.py SITE CANARY: marks an item of every collection of SITE for members only (audience:
# members, in its front matter) and plants CANARY in each of its free-text and URL fields, its body, its
# translations and a file it links to (members.sh). The item is one no other text links to (a public page
# may not), or else a copy of the first. Prints the folders it marked.
import os, re, shutil, sys
site, canary = sys.argv[1], sys.argv[2]
schema_re = re.compile(r'^      (\w+): \{ ?type: (string|text|url)\b')
colls, cur, fields = {}, None, {}
in_colls = False
for line in open(os.path.join(site, 'site.yaml'), encoding='utf-8'):
    if line.startswith('collections:'):
        in_colls = True; continue
    if in_colls and re.match(r'^\S', line):
        in_colls = False
    if not in_colls:
        continue
    m = re.match(r'^  ([a-z0-9-]+):\s*$', line)
    if m:
        cur = m.group(1); colls[cur] = {}; continue
    m = schema_re.match(line)
    if m and cur:
        colls[cur][m.group(1)] = m.group(2)
def plant_meta(text, fields):
    out, lines = [], text.split('\n')
    i = 0
    while i < len(lines):
        line = lines[i]
        m = re.match(r'^(\w+): ?(.*)$', line)
        if m and m.group(1) in fields:
            key, val = m.group(1), m.group(2)
            kind = fields[key]
            if val in ('>-', '>', '|', '|-', ''):
                out.append(line)
                if i + 1 < len(lines) and lines[i + 1].startswith(' '):
                    out.append(lines[i + 1] + ' ' + canary); i += 2; continue
            elif kind == 'url':
                q = val.strip('"\'')
                out.append('%s: "%s%s%s"' % (key, q, '&' if '?' in q else '?', 'c=' + canary))
            else:
                q = val[1:-1] if len(val) > 1 and val[0] == val[-1] and val[0] in '"\'' else val
                out.append('%s: "%s %s"' % (key, q.replace('"', '\\"'), canary))
            i += 1; continue
        out.append(line); i += 1
    return '\n'.join(out)
# a taxonomy's field names terms, which are no free text
tax_fields = set(re.findall(r'^    field: (\w+)', open(os.path.join(site, 'site.yaml'), encoding='utf-8').read(), re.M))
for fields in colls.values():
    for f in tax_fields:
        fields.pop(f, None)
texts = {}
for root, _, files in os.walk(os.path.join(site, 'content')):
    for f in files:
        if f.endswith('.md'):
            texts[os.path.join(root, f)] = open(os.path.join(root, f), encoding='utf-8').read()
def linked(c, name):
    # whether a text outside the item names it: a public page may not link to a members' one
    own = os.path.join(site, 'content', c, name) + os.sep
    return any(('/' + name + '/') in t or (c + '/' + name) in t for p, t in texts.items() if not p.startswith(own))
for c, fields in colls.items():
    d = os.path.join(site, 'content', c)
    if not os.path.isdir(d):
        continue
    all_items = [e for e in sorted(os.listdir(d)) if os.path.isdir(os.path.join(d, e))]
    items = [e for e in all_items if not linked(c, e)]
    if not all_items:
        continue
    if not items: # every item is linked to: a copy of the first, which nothing links to
        shutil.copytree(os.path.join(d, all_items[0]), os.path.join(d, all_items[0] + '-for-members'))
        items = [all_items[0] + '-for-members']
    item = os.path.join(d, items[0])
    for f in sorted(os.listdir(item)):
        if not f.endswith('.md'):
            continue
        p = os.path.join(item, f)
        text = open(p, encoding='utf-8').read()
        m = re.match(r'^---\n(.*?)\n---\n?(.*)$', text, re.S)
        if not m:
            continue
        meta, body = m.group(1), m.group(2)
        meta = plant_meta(meta, fields)
        if f == 'index.md':
            meta += '\naudience: members'
            body += '\n\nFor members: %s, and [a file](notes-%s.txt).\n' % (canary, canary)
            open(os.path.join(item, 'notes-%s.txt' % canary), 'w').write('attached ' + canary + '\n')
        else:
            body += '\n\n%s\n' % canary
        open(p, 'w', encoding='utf-8').write('---\n' + meta + '\n---\n' + body)
    print(item)
