/* Updates of offline copies: a court that has a copy downloads only what changed since its release.
 *
 * Every copy (downloads/site-<lang>.zip, one folder "site-<lang>/") holds at its top a manifest.json: the
 * copy's release (the day its newest text changed and a digest of its files, "2026-12-03-4f1c2ab": each
 * copy has its own, which changes only when the copy does), its language and the SHA-256 of each of its
 * files. Given the downloads/manifest.json of an earlier release (build
 * --previous), which carries each copy's manifest, the build makes downloads/site-<lang>-update-<from>.zip:
 * in the same folder, the files that are new or whose SHA-256 changed, the new manifest.json, and an
 * update.json that says from and to which release it goes and what to delete: the files the new release
 * no longer has (update.json itself among them), then the folders they leave empty ("en/resources/x/",
 * deepest first). Unzipping it over the copy and deleting those files gives the new copy, byte for byte; files
 * left from the old release are linked from no page, so a forgotten delete does no harm.
 * update_apply() does it all, checked and at once, for those who have jisite.
 */
#ifndef JISITE_UPDATE_H
#define JISITE_UPDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "util/arena.h"
#include "util/diag.h"
#include "util/strbuf.h"

#define COPY_MANIFEST "manifest.json" /* at the top of a copy's folder */
#define UPDATE_RELEASE_MAX 65         /* a release's name and its NUL (update_release_valid) */
#define UPDATE_LIST "update.json"     /* at the top of an update's folder */

struct copy_file {
	const char *name; /* in the copy's folder: "fr/resources/x/index.html" */
	char sha256[65];  /* lower-case hex */
};

struct copy_manifest {
	const char *release;     /* "2026-12-03-4f1c2ab": the day its newest text changed, a digest of its files */
	const char *language;    /* "fr" */
	struct copy_file *files; /* sorted by name; the manifest itself is not among them */
	size_t nfiles;
};

/* Whether release can name a release: 1 to 64 of [0-9A-Za-z._-], not starting with '.' (it goes into file
 * names). */
bool update_release_valid(const char *release);

/* The manifest m as a copy holds it (JSON, one file a line), appended to out. */
void copy_manifest_write(struct strbuf *out, const struct copy_manifest *m);

/* Reads a copy's manifest (text[0..len), from path) into m, owned by a; every name and checksum checked.
 * Returns 0, or -1 after reporting why. */
int copy_manifest_read(struct copy_manifest *m, struct arena *a, const char *path, const char *text, size_t len,
		       struct diag_list *diags);

/* The copies' manifests listed in an earlier release's downloads/manifest.json at path, into *out (*n of
 * them, owned by a). A copy listed without its files (a manifest made before updates existed) is a
 * warning, and has no update. Returns 0, or -1 after reporting why. */
int update_previous_read(struct copy_manifest **out, size_t *n, struct arena *a, const char *path,
			 struct diag_list *diags);

/* Makes, into out, the update from release from to the copy copy[0..len) (a site copy's zip, as the build
 * made it; path names the update in messages). Its entries carry time. Returns 0, 1 when the copy is
 * still that release (no update: out is left as it was), or -1 after reporting why. */
int update_make(struct strbuf *out, const char *path, const void *copy, size_t len, const struct copy_manifest *from,
		time_t time, struct diag_list *diags);

/* Applies the update in the zip file update_path to the copy in copy_dir: checks that the update is whole
 * and goes from the copy's release, and that every file it keeps is the one the copy's manifest names;
 * makes the new copy beside it and puts it in its place in one step. Files the copy holds that no manifest
 * names (a reader's own) are kept. On any error the copy is left as it was. Returns 0, 1 when the copy is
 * already the update's release (nothing is done), or -1 after reporting why. */
int update_apply(const char *copy_dir, const char *update_path, struct diag_list *diags);

#endif
