/* Updates of offline copies (see update.h). */
#define _GNU_SOURCE /* renameat2: the new copy and the old change places in one step */
#include "update.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "digest.h"
#include "util/fs.h"
#include "util/json.h"
#include "util/xalloc.h"
#include "value.h"
#include "yamltree.h"
#include "zipfile.h"

/* A copy's manifest lists thousands of files, a release's one of them per language: far above what a
 * page's front matter may hold, and still bounded. */
static const struct yamltree_limits manifest_limits = { .max_bytes = (size_t)256 << 20, .max_depth = 8,
							 .max_nodes = (size_t)16 << 20 };
/* The largest file a copy or an update may hold once inflated. */
#define MAX_ENTRY ((size_t)1 << 31)

bool update_release_valid(const char *release)
{
	size_t len = strlen(release);

	if (!len || len > 64 || release[0] == '.')
		return false;
	return strspn(release, "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ._-") == len;
}

static bool sha256_hex_valid(const char *s, size_t len)
{
	return len == 64 && strspn(s, "0123456789abcdef") == 64;
}

static int file_cmp(const void *x, const void *y)
{
	return strcmp(((const struct copy_file *)x)->name, ((const struct copy_file *)y)->name);
}

static const struct copy_file *manifest_find(const struct copy_manifest *m, const char *name)
{
	struct copy_file key = { .name = name };

	return m->nfiles ? bsearch(&key, m->files, m->nfiles, sizeof(key), file_cmp) : NULL;
}

void copy_manifest_write(struct strbuf *out, const struct copy_manifest *m)
{
	struct json j;

	json_init(&j, out, JSON_SPACED);
	json_object_begin(&j, NULL);
	json_string(&j, "release", m->release);
	json_string(&j, "language", m->language);
	json_object_begin(&j, "files");
	for (size_t i = 0; i < m->nfiles; i++) {
		json_newline(&j, 2);
		json_string(&j, m->files[i].name, m->files[i].sha256);
	}
	json_newline(&j, 0);
	json_object_end(&j);
	json_object_end(&j);
	strbuf_addch(out, '\n');
}

static const char *string_field(const struct value *map, const char *key)
{
	const struct value *v = value_map_get(map, key);

	return v && v->kind == VALUE_STRING ? v->u.str.ptr : NULL;
}

/* A copy's manifest from its tree v (a copy's manifest.json, or an entry of a release's manifest). */
static int manifest_from_value(struct copy_manifest *m, struct arena *a, const struct value *v, const char *path,
			       struct diag_list *diags)
{
	const struct value *files = v && v->kind == VALUE_MAP ? value_map_get(v, "files") : NULL;
	unsigned line = v ? v->line : 1, col = v ? v->col : 1;

	*m = (struct copy_manifest){ 0 };
	if (!files || files->kind != VALUE_MAP) {
		diag_error(diags, path, line, col, "not a copy's manifest: it has no map of 'files'");
		return -1;
	}
	m->release = string_field(v, "release");
	m->language = string_field(v, "language");
	if (!m->release || !update_release_valid(m->release)) {
		diag_error(diags, path, line, col, "the copy's 'release' is missing or not a release's name");
		return -1;
	}
	if (!m->language || !update_release_valid(m->language)) {
		diag_error(diags, path, line, col, "the copy's 'language' is missing or not a language code");
		return -1;
	}
	m->files = arena_calloc(a, files->u.map.len ? files->u.map.len : 1, sizeof(*m->files));
	for (size_t i = 0; i < files->u.map.len; i++) {
		const struct value_entry *e = &files->u.map.entries[i];
		const char *problem = zipfile_name_problem(e->key->u.str.ptr);
		if (problem || !strcmp(e->key->u.str.ptr, COPY_MANIFEST)) {
			diag_error(diags, path, e->key->line, e->key->col, "refused file name '%s': %s",
				   e->key->u.str.ptr, problem ? problem : "the manifest cannot list itself");
			return -1;
		}
		if (e->val->kind != VALUE_STRING || !sha256_hex_valid(e->val->u.str.ptr, e->val->u.str.len)) {
			diag_error(diags, path, e->val->line, e->val->col,
				   "the checksum of '%s' is not a SHA-256 in hex", e->key->u.str.ptr);
			return -1;
		}
		m->files[i].name = e->key->u.str.ptr;
		memcpy(m->files[i].sha256, e->val->u.str.ptr, 65);
	}
	m->nfiles = files->u.map.len;
	qsort(m->files, m->nfiles, sizeof(*m->files), file_cmp);
	return 0;
}

int copy_manifest_read(struct copy_manifest *m, struct arena *a, const char *path, const char *text, size_t len,
		       struct diag_list *diags)
{
	struct value *v;

	if (yamltree_load(&v, a, path, text, len, 0, &manifest_limits, diags))
		return -1;
	return manifest_from_value(m, a, v, path, diags);
}

int update_previous_read(struct copy_manifest **out, size_t *n, struct arena *a, const char *path,
			 struct diag_list *diags)
{
	struct value *v;

	*out = NULL;
	*n = 0;
	if (yamltree_load_file(&v, a, path, &manifest_limits, diags))
		return -1;
	if (!v || v->kind != VALUE_LIST) {
		diag_error(diags, path, v ? v->line : 1, v ? v->col : 1,
			   "not a release's manifest (downloads/manifest.json): it is not a list of downloads");
		return -1;
	}
	*out = arena_calloc(a, v->u.list.len ? v->u.list.len : 1, sizeof(**out));
	for (size_t i = 0; i < v->u.list.len; i++) {
		const struct value *e = v->u.list.items[i];
		const char *format = e->kind == VALUE_MAP ? string_field(e, "format") : NULL;
		const struct value *product = e->kind == VALUE_MAP ? value_map_get(e, "product") : NULL;
		if (!format || strcmp(format, "zip") || !product || product->kind != VALUE_NULL)
			continue; /* a product's archive, an e-book or an update: only site copies are updated */
		if (!value_map_get(e, "files")) {
			diag_warning(diags, path, e->line, e->col,
				     "the copy '%s' is listed without its files (a manifest older than updates): "
				     "no update from it",
				     string_field(e, "file") ? string_field(e, "file") : "?");
			continue;
		}
		if (manifest_from_value(&(*out)[*n], a, e, path, diags))
			return -1;
		(*n)++;
	}
	return 0;
}

/* ---- making an update ---- */

/* Whether to has a file in folder dir[0..len) ("en/resources/x"). */
static bool has_folder(const struct copy_manifest *to, const char *dir, size_t len)
{
	size_t lo = 0, hi = to->nfiles;

	/* the first name not before "dir/": the folder's files come there, sorted */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strncmp(to->files[mid].name, dir, len);
		if (c < 0 || (c == 0 && to->files[mid].name[len] < '/'))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < to->nfiles && !strncmp(to->files[lo].name, dir, len) && to->files[lo].name[len] == '/';
}

static size_t depth(const char *path)
{
	size_t n = 0;

	while ((path = strchr(path, '/')))
		n++, path++;
	return n;
}

/* Deeper folders first: each is empty when its turn comes. */
static int folder_cmp(const void *x, const void *y)
{
	const char *a = *(char *const *)x, *b = *(char *const *)y;
	size_t da = depth(a), db = depth(b);

	return da != db ? (da > db ? -1 : 1) : strcmp(a, b);
}

/* The folders that the deleted files leave empty, "en/resources/x/", deepest first, each once. */
static void list_empty_folders(struct json *j, const struct copy_manifest *to, const char **deleted, size_t n)
{
	char **folders = NULL;
	size_t nfolders = 0, alloc = 0;

	for (size_t i = 0; i < n; i++) {
		const char *name = deleted[i];
		size_t len = strlen(name);
		for (;;) {
			bool known = false;
			while (len && name[len - 1] != '/')
				len--;
			if (!len--)
				break; /* name[0..len) is the folder */
			if (has_folder(to, name, len))
				break;
			for (size_t k = 0; k < nfolders && !known; k++)
				known = !strncmp(folders[k], name, len + 1) && !folders[k][len + 1];
			if (known)
				break; /* and so are the folders above it */
			XGROW(folders, alloc, nfolders + 1);
			folders[nfolders++] = xmemdup0(name, len + 1);
		}
	}
	if (nfolders)
		qsort(folders, nfolders, sizeof(*folders), folder_cmp);
	for (size_t k = 0; k < nfolders; k++) {
		json_newline(j, 2);
		json_string(j, NULL, folders[k]);
		free(folders[k]);
	}
	free(folders);
}

/* update.json: from and to which release, the files of from that to no longer has, and then the folders
 * they leave empty (named with a final '/', deepest first), so that deleting each in turn gives to. */
static void write_update_list(struct strbuf *out, const struct copy_manifest *from, const struct copy_manifest *to)
{
	const char **deleted = xcalloc(from->nfiles + 1, sizeof(*deleted));
	size_t ndeleted = 0;
	struct json j;
	size_t k = 0;

	json_init(&j, out, JSON_SPACED);
	json_object_begin(&j, NULL);
	json_string(&j, "from", from->release);
	json_string(&j, "to", to->release);
	json_string(&j, "language", to->language);
	json_array_begin(&j, "delete");
	for (size_t i = 0; i < from->nfiles; i++) {
		while (k < to->nfiles && strcmp(to->files[k].name, from->files[i].name) < 0)
			k++;
		if (k < to->nfiles && !strcmp(to->files[k].name, from->files[i].name))
			continue;
		json_newline(&j, 2);
		json_string(&j, NULL, from->files[i].name);
		deleted[ndeleted++] = from->files[i].name;
	}
	json_newline(&j, 2);
	json_string(&j, NULL, UPDATE_LIST); /* it has done its work once read */
	list_empty_folders(&j, to, deleted, ndeleted);
	json_newline(&j, 0);
	json_array_end(&j);
	json_object_end(&j);
	strbuf_addch(out, '\n');
	free(deleted);
}

/* The folder every entry of archive r is in ("site-fr"), into folder; -1 when there is none. */
static int archive_folder(struct strbuf *folder, const struct zipfile_reader *r)
{
	const char *first = zipfile_count(r) ? zipfile_name(r, 0) : "";
	size_t len = strcspn(first, "/");

	if (!first[len])
		return -1;
	strbuf_add(folder, first, len);
	for (size_t i = 1; i < zipfile_count(r); i++)
		if (strncmp(zipfile_name(r, i), folder->buf, len) || zipfile_name(r, i)[len] != '/')
			return -1;
	return 0;
}

/* The manifest of the copy in archive r, whose entries are in folder. */
static int archive_manifest(struct copy_manifest *m, struct arena *a, struct zipfile_reader *r, const char *folder,
			    const char *path, struct strbuf *text, struct diag_list *diags)
{
	struct strbuf name = STRBUF_INIT;
	size_t i;

	strbuf_addf(&name, "%s/%s", folder, COPY_MANIFEST);
	i = zipfile_find(r, name.buf);
	strbuf_release(&name);
	if (i == (size_t)-1) {
		diag_error(diags, path, 0, 0, "the archive has no %s/%s", folder, COPY_MANIFEST);
		return -1;
	}
	if (zipfile_read(r, i, text))
		return -1;
	return copy_manifest_read(m, a, path, text->buf, text->len, diags);
}

static int name_cmp(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static const char manifest_name[] = COPY_MANIFEST, list_name[] = UPDATE_LIST;

/* What an update of to from from holds, below its folder, in the order the archive lists them: the files
 * that are new or changed, the new manifest and the list of what to delete. */
static size_t update_names(const char ***out, const struct copy_manifest *to, const struct copy_manifest *from)
{
	const char **names = xcalloc(to->nfiles + 2, sizeof(*names));
	size_t n = 0;

	for (size_t i = 0; i < to->nfiles; i++) {
		const struct copy_file *old = manifest_find(from, to->files[i].name);
		if (!old || strcmp(old->sha256, to->files[i].sha256))
			names[n++] = to->files[i].name;
	}
	names[n++] = manifest_name;
	names[n++] = list_name;
	qsort(names, n, sizeof(*names), name_cmp); /* as the names with their folder: it is the same for all */
	*out = names;
	return n;
}

/* The update's entries, each copied from the copy r as it is packed there (the build made it a moment ago:
 * nothing is deflated twice), or the manifest and list made here, added to z. */
static int add_update_files(struct zipfile *z, struct zipfile_reader *r, const char *folder, const char **names,
			    size_t n, const struct strbuf *manifest, const struct strbuf *list, const char *path,
			    struct diag_list *diags)
{
	struct strbuf name = STRBUF_INIT, data = STRBUF_INIT;
	int ret = 0;

	for (size_t i = 0; i < n && !ret; i++) {
		const struct strbuf *bytes = names[i] == manifest_name ? manifest : names[i] == list_name ? list : NULL;
		struct zipfile_raw raw;
		size_t k;

		strbuf_reset(&name);
		strbuf_addf(&name, "%s/%s", folder, names[i]);
		if (bytes) {
			ret = zipfile_add(z, name.buf, bytes->buf, bytes->len, zipfile_method_for(name.buf));
			continue;
		}
		k = zipfile_find(r, name.buf);
		if (k == (size_t)-1) {
			diag_error(diags, path, 0, 0, "the copy does not hold '%s', which its manifest lists", names[i]);
			ret = -1;
			break;
		}
		strbuf_reset(&data);
		ret = zipfile_read_raw(r, k, &data, &raw) || zipfile_add_raw(z, name.buf, &raw) ? -1 : 0;
	}
	strbuf_release(&name);
	strbuf_release(&data);
	return ret;
}

int update_make(struct strbuf *out, const char *path, const void *copy, size_t len, const struct copy_manifest *from,
		time_t time, struct diag_list *diags)
{
	struct zipfile_reader *r = zipfile_open(path, copy, len, MAX_ENTRY, diags);
	struct strbuf folder = STRBUF_INIT, manifest = STRBUF_INIT, list = STRBUF_INIT;
	const char **names = NULL;
	struct copy_manifest to;
	struct arena a = ARENA_INIT;
	struct zipfile *z;
	size_t n;
	int ret = -1;

	if (!r)
		goto cleanup;
	if (archive_folder(&folder, r)) {
		diag_error(diags, path, 0, 0, "the copy's entries are not all in one folder");
		goto cleanup;
	}
	if (archive_manifest(&to, &a, r, folder.buf, path, &manifest, diags))
		goto cleanup;
	if (!strcmp(to.release, from->release)) {
		ret = 1; /* the copy did not change */
		goto cleanup;
	}
	write_update_list(&list, from, &to);
	n = update_names(&names, &to, from);
	z = zipfile_new(path, diags);
	zipfile_set_time(z, time);
	if (add_update_files(z, r, folder.buf, names, n, &manifest, &list, path, diags))
		zipfile_free(z);
	else
		ret = zipfile_finish(z, out);
cleanup:
	zipfile_close(r);
	free(names);
	strbuf_release(&folder);
	strbuf_release(&manifest);
	strbuf_release(&list);
	arena_release(&a);
	return ret;
}

/* ---- applying an update ---- */

struct apply {
	const char *copy_dir, *update_path;
	struct diag_list *diags;
	struct arena a;
	struct strbuf bytes; /* the update's file */
	struct zipfile_reader *r;
	struct strbuf folder;     /* the update's one folder: "site-fr" */
	struct strbuf to_text;    /* the new manifest.json, as the update holds it */
	struct copy_manifest cur; /* the copy's, as it is */
	struct copy_manifest to;  /* the release the update brings */
	const char *from;         /* the release it goes from */
	struct strbuf tmp;        /* the new copy, made beside the old: "<copy>.update-XXXXXX" */
};

/* Reports what is wrong with the update, at its path. Returns -1. */
static int apply_fail(struct apply *ap, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int apply_fail(struct apply *ap, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	diag_vadd(ap->diags, DIAG_ERROR, ap->update_path, 0, 0, fmt, args);
	va_end(args);
	return -1;
}

/* update.json: the release it goes from, and to (which the new manifest must say too). */
static int read_update_list(struct apply *ap)
{
	struct strbuf name = STRBUF_INIT, text = STRBUF_INIT;
	struct value *v = NULL;
	const char *to;
	size_t i;
	int ret = -1;

	strbuf_addf(&name, "%s/%s", ap->folder.buf, UPDATE_LIST);
	i = zipfile_find(ap->r, name.buf);
	if (i == (size_t)-1)
		apply_fail(ap, "not an update of an offline copy: it has no %s", name.buf);
	else if (!zipfile_read(ap->r, i, &text) &&
		 !yamltree_load(&v, &ap->a, ap->update_path, text.buf, text.len, 0, &manifest_limits, ap->diags)) {
		ap->from = v && v->kind == VALUE_MAP ? string_field(v, "from") : NULL;
		to = v && v->kind == VALUE_MAP ? string_field(v, "to") : NULL;
		if (!ap->from || !to || !update_release_valid(ap->from) || !update_release_valid(to))
			apply_fail(ap, "%s does not say from and to which release the update goes", UPDATE_LIST);
		else if (strcmp(to, ap->to.release))
			apply_fail(ap, "%s says release %s, its manifest %s: a damaged update", UPDATE_LIST, to,
				   ap->to.release);
		else
			ret = 0;
	}
	strbuf_release(&name);
	strbuf_release(&text);
	return ret;
}

/* The copy's own manifest, and whether the update goes from its release. 1: the copy is already the
 * update's release. */
static int read_copy(struct apply *ap)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
	int ret = -1;

	strbuf_addf(&path, "%s/%s", ap->copy_dir, COPY_MANIFEST);
	if (fs_read_file(&text, path.buf, manifest_limits.max_bytes))
		diag_error(ap->diags, path.buf, 0, 0, "cannot read the copy's manifest (%s): is %s an offline copy?",
			   strerror(errno), ap->copy_dir);
	else if (!copy_manifest_read(&ap->cur, &ap->a, path.buf, text.buf, text.len, ap->diags))
		ret = 0;
	if (!ret && strcmp(ap->cur.language, ap->to.language))
		ret = apply_fail(ap, "the update is for the copy in language %s, not %s", ap->to.language,
				 ap->cur.language);
	else if (!ret && !strcmp(ap->cur.release, ap->to.release))
		ret = 1;
	else if (!ret && strcmp(ap->cur.release, ap->from))
		ret = apply_fail(ap, "the update goes from release %s, but the copy is release %s: use the update "
				 "from %s, or the whole copy", ap->from, ap->cur.release, ap->cur.release);
	strbuf_release(&path);
	strbuf_release(&text);
	return ret;
}

static bool sha256_matches(const char *data, size_t len, const char *hex)
{
	struct strbuf sb = STRBUF_INIT;
	bool same;

	digest_sha256_hex(&sb, data, len);
	same = !strcmp(sb.buf, hex);
	strbuf_release(&sb);
	return same;
}

/* Every file of the update is one the new manifest names: nothing foreign (whether each is the one it
 * names is checked as it is written, write_release). */
static int check_update_names(struct apply *ap)
{
	size_t skip = ap->folder.len + 1;

	for (size_t i = 0; i < zipfile_count(ap->r); i++) {
		const char *rel = zipfile_name(ap->r, i) + skip;
		if (strcmp(rel, COPY_MANIFEST) && strcmp(rel, UPDATE_LIST) && !manifest_find(&ap->to, rel))
			return apply_fail(ap, "the update holds '%s', which its manifest does not list", rel);
	}
	return 0;
}

/* Writes data to rel in the new copy, making its folders. */
static int write_new(struct apply *ap, const char *rel, const char *data, size_t len)
{
	struct strbuf path = STRBUF_INIT;
	char *slash;
	int ret;

	strbuf_addf(&path, "%s/%s", ap->tmp.buf, rel);
	slash = strrchr(path.buf, '/');
	*slash = '\0';
	ret = fs_mkdirs(path.buf);
	*slash = '/';
	if (!ret)
		ret = fs_write_file(path.buf, data, len);
	if (ret)
		diag_error(ap->diags, path.buf, 0, 0, "cannot write the new copy: %s", strerror(errno));
	strbuf_release(&path);
	return ret;
}

/* A file the update keeps: the copy's, checked against the manifest of its release. */
static int keep_file(struct apply *ap, const struct copy_file *f)
{
	const struct copy_file *old = manifest_find(&ap->cur, f->name);
	struct strbuf path = STRBUF_INIT, data = STRBUF_INIT;
	int ret = -1;

	strbuf_addf(&path, "%s/%s", ap->copy_dir, f->name);
	if (!old || strcmp(old->sha256, f->sha256))
		apply_fail(ap, "the update lacks '%s', which changed since release %s: a damaged update", f->name,
			   ap->cur.release);
	else if (fs_read_file(&data, path.buf, MAX_ENTRY))
		diag_error(ap->diags, path.buf, 0, 0,
			   "cannot read the copy's file (%s): the update needs it as release "
			   "%s has it; download the whole copy",
			   strerror(errno), ap->cur.release);
	else if (!sha256_matches(data.buf, data.len, f->sha256))
		diag_error(ap->diags, path.buf, 0, 0,
			   "the copy's file was changed since release %s: the update "
			   "needs it as it was; download the whole copy",
			   ap->cur.release);
	else
		ret = write_new(ap, f->name, data.buf, data.len);
	strbuf_release(&path);
	strbuf_release(&data);
	return ret;
}

/* The new copy's files: from the update, each checked against the new manifest, or kept from the copy. */
static int write_release(struct apply *ap)
{
	struct strbuf name = STRBUF_INIT, data = STRBUF_INIT;
	size_t skip = ap->folder.len + 1;
	int ret = 0;

	for (size_t i = 0; i < ap->to.nfiles && !ret; i++) {
		size_t k;
		strbuf_reset(&name);
		strbuf_addf(&name, "%s/%s", ap->folder.buf, ap->to.files[i].name);
		k = zipfile_find(ap->r, name.buf);
		if (k == (size_t)-1) {
			ret = keep_file(ap, &ap->to.files[i]);
			continue;
		}
		strbuf_reset(&data);
		if (zipfile_read(ap->r, k, &data))
			ret = -1;
		else if (!sha256_matches(data.buf, data.len, ap->to.files[i].sha256))
			ret = apply_fail(ap, "the update's file '%s' is not the one its manifest names: a damaged "
					 "update", ap->to.files[i].name);
		else
			ret = write_new(ap, zipfile_name(ap->r, k) + skip, data.buf, data.len);
	}
	if (!ret)
		ret = write_new(ap, COPY_MANIFEST, ap->to_text.buf, ap->to_text.len);
	strbuf_release(&name);
	strbuf_release(&data);
	return ret;
}

/* The reader's own files, below rel of the copy: those no manifest names, which the new copy keeps. */
static int keep_own_files(struct apply *ap, const char *rel)
{
	struct strbuf path = STRBUF_INIT, sub = STRBUF_INIT, data = STRBUF_INIT;
	struct dirent *de;
	DIR *d;
	int ret = 0;

	strbuf_addf(&path, "%s%s%s", ap->copy_dir, *rel ? "/" : "", rel);
	d = opendir(path.buf);
	if (!d) {
		diag_error(ap->diags, path.buf, 0, 0, "cannot read the copy's folder: %s", strerror(errno));
		strbuf_release(&path);
		return -1;
	}
	while (!ret && (de = fs_readdir(d))) {
		struct stat st;
		strbuf_reset(&sub);
		strbuf_addf(&sub, "%s%s%s", rel, *rel ? "/" : "", de->d_name);
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", ap->copy_dir, sub.buf);
		if (lstat(path.buf, &st))
			continue;
		if (S_ISDIR(st.st_mode)) {
			ret = keep_own_files(ap, sub.buf);
		} else if (S_ISREG(st.st_mode) && !manifest_find(&ap->cur, sub.buf) &&
			   !manifest_find(&ap->to, sub.buf) && strcmp(sub.buf, COPY_MANIFEST) &&
			   strcmp(sub.buf, UPDATE_LIST)) {
			strbuf_reset(&data);
			ret =
			    fs_read_file(&data, path.buf, MAX_ENTRY) ? -1 : write_new(ap, sub.buf, data.buf, data.len);
			if (ret)
				diag_error(ap->diags, path.buf, 0, 0, "cannot keep the reader's own file: %s",
					   strerror(errno));
		}
	}
	closedir(d);
	strbuf_release(&path);
	strbuf_release(&sub);
	strbuf_release(&data);
	return ret;
}

/* The new copy takes the old one's place in one step (renameat2's exchange), or in two renames where the
 * file system cannot exchange; the old copy is then removed. */
static int swap_in(struct apply *ap)
{
	struct stat st;

	if (!stat(ap->copy_dir, &st))
		chmod(ap->tmp.buf, st.st_mode & 07777);
	if (renameat2(AT_FDCWD, ap->tmp.buf, AT_FDCWD, ap->copy_dir, RENAME_EXCHANGE)) {
		struct strbuf old = STRBUF_INIT;
		int ret = 0;
		strbuf_addf(&old, "%s.old", ap->tmp.buf);
		if (rename(ap->copy_dir, old.buf)) {
			ret = -1;
		} else if (rename(ap->tmp.buf, ap->copy_dir)) {
			ret = -1;
			rename(old.buf, ap->copy_dir);
		} else {
			fs_remove_tree(old.buf);
		}
		if (ret)
			diag_error(ap->diags, ap->copy_dir, 0, 0, "cannot put the new copy in place: %s",
				   strerror(errno));
		strbuf_release(&old);
		return ret;
	}
	fs_remove_tree(ap->tmp.buf); /* now the old copy */
	return 0;
}

static int make_new_copy(struct apply *ap)
{
	char *dir;

	strbuf_addf(&ap->tmp, "%s.update-XXXXXX", ap->copy_dir);
	dir = mkdtemp(ap->tmp.buf);
	if (!dir) {
		diag_error(ap->diags, ap->copy_dir, 0, 0, "cannot make the new copy beside it: %s", strerror(errno));
		strbuf_reset(&ap->tmp);
		return -1;
	}
	if (write_release(ap) || keep_own_files(ap, "") || swap_in(ap)) {
		fs_remove_tree(ap->tmp.buf);
		return -1;
	}
	return 0;
}

static int apply_open(struct apply *ap)
{
	if (fs_read_file(&ap->bytes, ap->update_path, SIZE_MAX / 2)) {
		diag_error(ap->diags, ap->update_path, 0, 0, "cannot read the update: %s", strerror(errno));
		return -1;
	}
	ap->r = zipfile_open(ap->update_path, ap->bytes.buf, ap->bytes.len, MAX_ENTRY, ap->diags);
	if (!ap->r)
		return -1;
	if (archive_folder(&ap->folder, ap->r))
		return apply_fail(ap, "not an update of an offline copy: its files are not in one folder");
	if (archive_manifest(&ap->to, &ap->a, ap->r, ap->folder.buf, ap->update_path, &ap->to_text, ap->diags))
		return -1;
	return read_update_list(ap);
}

int update_apply(const char *copy_dir, const char *update_path, struct diag_list *diags)
{
	struct strbuf dir = STRBUF_INIT;
	struct apply ap = { .update_path = update_path, .diags = diags, .a = ARENA_INIT, .bytes = STRBUF_INIT,
			    .folder = STRBUF_INIT, .to_text = STRBUF_INIT, .tmp = STRBUF_INIT };
	int ret;

	/* "site-fr/" is the folder site-fr: the new copy is made beside it, not in it */
	strbuf_addstr(&dir, copy_dir);
	while (dir.len > 1 && dir.buf[dir.len - 1] == '/')
		strbuf_setlen(&dir, dir.len - 1);
	ap.copy_dir = dir.buf;
	ret = apply_open(&ap);

	if (!ret)
		ret = read_copy(&ap);
	if (!ret)
		ret = check_update_names(&ap);
	if (!ret)
		ret = make_new_copy(&ap);
	zipfile_close(ap.r);
	arena_release(&ap.a);
	strbuf_release(&ap.bytes);
	strbuf_release(&ap.folder);
	strbuf_release(&ap.to_text);
	strbuf_release(&ap.tmp);
	strbuf_release(&dir);
	return ret;
}
