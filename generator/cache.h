/* The build cache: what the last successful build of an output folder read and wrote, so that the next
 * build reads, renders and writes only what changed (README.md, "Usage": builds are incremental).
 *
 * It holds, per Markdown file, its stamp (source.h), the SHA-256 of its bytes, its front matter already
 * parsed and the links its body makes to other files; per output file, the key its bytes were made from;
 * and the fingerprint of every input's stamp, so a build with nothing changed stops after one walk. The
 * cache is a hint, never a source of truth: a cache that cannot be read, was written by another build of
 * jisite, or fails its checksum, is ignored and the build is a full one.
 */
#ifndef JISITE_CACHE_H
#define JISITE_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "digest.h"
#include "output.h"
#include "source.h"
#include "util/arena.h"
#include "util/diag.h"
#include "util/strbuf.h"
#include "value.h"

struct cache_doc {
	const char *path; /* "content/resources/x/index.md" */
	struct source_stamp stamp;
	unsigned char digest[DIGEST_LEN]; /* of the file's bytes */
	const char *meta; /* the front matter, encoded by cache_put_value */
	size_t meta_len;
	unsigned char meta_digest[DIGEST_LEN]; /* of meta */
	size_t body_offset;
	unsigned body_line;
	bool body_blank;
	/* The links of the body, as "<kind><url>\0" records (kind 'L' link, 'I' image); known only once the
	 * body has been rendered without a diagnostic. */
	const char *links;
	size_t links_len;
	bool links_known;
};

struct cache_output {
	const char *rel; /* "en/about/index.html" */
	unsigned char key[DIGEST_LEN]; /* what its bytes were made from */
};

struct cache_table; /* finds records by path */
struct cache_keys;  /* the names of fields, interned */

struct cache {
	unsigned char generator[DIGEST_LEN]; /* the jisite binary that wrote it */
	unsigned char options[DIGEST_LEN];   /* the options that change output */
	unsigned char inputs[DIGEST_LEN];    /* the fingerprint of the inputs' stamps */
	char today[11];
	/* the earliest publish_after that was still to come at that build (publish.h), INT64_MAX for none:
	 * once it has passed, a build with nothing changed still has an item to publish */
	int64_t next_release;
	/* the output folder it describes: a folder made anew, or whose own entries were changed by hand, has
	 * another inode or change time */
	uint64_t out_dev, out_ino, out_ctime_sec, out_ctime_nsec;
	struct cache_doc *docs;
	size_t ndocs;
	struct cache_output *outputs;
	size_t noutputs;
	struct output_spare spare; /* the spare folder beside the output (output.h); its paths borrowed */
	const char *warnings; /* the build's warnings (diag_encode), repeated when nothing changed */
	size_t warnings_len;
	const char *sort_keys; /* locale_sort_keys_save */
	size_t sort_keys_len;
	/* private */
	char *buf; /* the file, mapped */
	size_t buf_len;
	struct cache_table *doc_table, *output_table;
	struct cache_keys *keys;
	size_t next_doc, next_output; /* the records after the last ones found */
	unsigned doc_scans, output_scans; /* searches that compared every record */
};

/* cache_load's status for a file that is there but damaged: its checksum (of every other byte,
 * at its end) does not match, or its records do not parse. */
#define CACHE_DAMAGED (-2)

/* Reads the cache at path. Returns 0; -1 (and an empty cache) when there is none or it was written in
 * another format, by another version; CACHE_DAMAGED (and an empty cache) when it is damaged. */
int cache_load(struct cache *c, const char *path);
/* Whether the cache at path, of this format or an older one, describes dir as it is: the folder a build of
 * jisite wrote (output.h lets such a folder be written again, marker or not). */
bool cache_names_folder(const char *path, const char *dir);
/* Writes c to path, through a temporary file renamed into place. Returns 0 or -1 (errno set). */
int cache_save(const struct cache *c, const char *path);
void cache_release(struct cache *c);

/* Makes c's records findable (the first search that misses does it; again after records were added). */
void cache_index(struct cache *c);
/* The record of path, or NULL. */
const struct cache_doc *cache_find_doc(struct cache *c, const char *path);
const struct cache_output *cache_find_output(struct cache *c, const char *rel);

/* Encodes v (with positions) onto out; cache_get_value decodes it into arena a, borrowing strings from
 * the encoded bytes, which must outlive the tree. Returns NULL when the bytes are malformed. */
void cache_put_value(struct strbuf *out, const struct value *v);
struct value *cache_get_value(struct arena *a, const char *data, size_t len);
/* As cache_get_value, but the keys of maps are copies interned in c, shared by every value decoded so, and
 * freed with c (their strings, like the others, live no longer than c). */
struct value *cache_get_meta(struct cache *c, struct arena *a, const char *data, size_t len);
/* Where each entry of the map encoded in data[0..len) is: ranges[i] holds the offset and length of entry
 * i's key and value, encoded (for the first max entries). Returns the number of entries, or SIZE_MAX when
 * data is not a map's encoding. */
size_t cache_map_entries(const char *data, size_t len, size_t (*ranges)[2], size_t max);

/* Adds to d the path and stamp of every file under dir (themes/, translations/): with the content's
 * files from the scan, the fingerprint of a build's inputs. Returns 0 or -1. */
int cache_fingerprint_dir(struct source *src, const char *dir, struct digest *d);

/* The stamp of the running jisite binary and the version of the libraries whose output it keeps (extra):
 * a rebuilt generator never trusts an older one's cache. */
void cache_generator_id(const char *extra, unsigned char out[DIGEST_LEN]);

#endif
