/* The git source (see source.h): the site as of a commit, read from the repository's object database
 * through libgit2, for `jisite build --rev`. Nothing is checked out: the working tree, the index and the
 * references are never written, and what the working tree holds now does not matter.
 *
 * Paths are relative to the project folder, as for the file-system source, even when the project is a
 * subfolder of the repository: diagnostics name the same files ("content/about.md") as a build of a
 * checkout. A symbolic link is followed inside the commit's tree as the kernel would follow it in a
 * checkout, under the file-system source's rule (it must end inside the top-level folder it is found
 * in); a link that leaves the repository (an absolute target, or ".." above its root) leads nowhere, since
 * where it would lead depends on where a checkout is: SOURCE_OUTSIDE. A submodule is SOURCE_OTHER. A link
 * back to a folder that holds it is SOURCE_LOOP in a listing, as in a checkout: a tree has no inodes, so
 * folders are compared by where in the tree they resolve to.
 * Files are the blobs' bytes as committed (no end-of-line or other filters); a file's stamp is its blob id.
 */
#ifndef JISITE_GITSOURCE_H
#define JISITE_GITSOURCE_H

#include "source.h"
#include "util/diag.h"

/*
 * A source over the tree of rev (a commit id, branch, tag, or any revision git understands, such as
 * "HEAD~1") in the repository that holds the folder dir, whose folder at rev is the project. Its root is
 * "REV:", followed by the project's folder in the repository when that is not the top. In a bare
 * repository the project is the top of the tree. The source may be used from several threads; free it
 * with source_free.
 *
 * Returns NULL, with the reason recorded in diags (path dir, no position), when dir is in no repository,
 * rev is not a commit, branch or tag of it, or the commit has no folder where dir is.
 */
struct source *source_git_new(const char *dir, const char *rev, struct diag_list *diags);

#endif
