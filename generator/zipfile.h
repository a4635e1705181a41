/* Deterministic ZIP archives made in memory through libzip, for offline bundles and EPUB files: the
 * only module that includes <zip.h>.
 *
 * The same entries give the same bytes on every run and machine (with the same libdeflate): entries are
 * written in the order they were added, every one with the same modification time (written as UTC,
 * whatever the machine's time zone), permissions 0644 made by Unix, no extra fields, no comments.
 * Names are checked so that the archive can never extract outside its folder.
 */
#ifndef JISITE_ZIPFILE_H
#define JISITE_ZIPFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "util/diag.h"
#include "util/strbuf.h"

enum zipfile_method {
	ZIPFILE_STORE,  /* as it is: for content that is already compressed */
	ZIPFILE_DEFLATE /* deflated (libdeflate's level 4), or stored when that does not make it smaller */
};

/* An entry as the archive holds it: its bytes deflated or stored, and what they stand for. Copying it
 * from one archive into another costs no deflating again. */
struct zipfile_raw {
	const char *data; /* data[0..len): as stored */
	size_t len;
	size_t size;  /* once inflated */
	uint32_t crc; /* the CRC-32 of the inflated bytes */
	bool deflated;
};

/* An archive being made. */
struct zipfile;

/* Starts an empty archive. Its problems are reported into diags at path (the archive's file, copied);
 * diags must outlive the archive. Never returns NULL: the caller ends it with zipfile_finish() or
 * zipfile_free(). */
struct zipfile *zipfile_new(const char *path, struct diag_list *diags);

/*
 * Sets the modification time of every entry, those added before as well as after, to t (default: the
 * earliest ZIP time, 1980-01-01 00:00:00). ZIP times have no time zone and count in two-second steps:
 * t is written as its UTC date and time, rounded down to an even second, clamped to 1980–2107.
 */
void zipfile_set_time(struct zipfile *z, time_t t);

/*
 * Adds an entry name with data[0..len) (copied). The name must be a relative, '/'-separated path in
 * UTF-8: no empty, "." or ".." component, no leading or trailing '/', no '\\' or ':', no control
 * characters; and not already in the archive. Returns 0, or -1 after reporting why the entry was refused
 * (the archive stays usable without it).
 */
int zipfile_add(struct zipfile *z, const char *name, const void *data, size_t len, enum zipfile_method method);

/* What packs entries: a compressor and its output buffer. One per thread. */
struct zipfile_packer;
struct zipfile_packer *zipfile_packer_new(void);
/* p may be NULL. */
void zipfile_packer_free(struct zipfile_packer *p);

/* Packs data[0..len) as zipfile_add() would with method, into *raw for zipfile_add_raw(): raw->data points
 * into p (valid until p packs again) when it is deflated, and is data itself when it is stored. */
void zipfile_pack(struct zipfile_packer *p, const void *data, size_t len, enum zipfile_method method,
		  struct zipfile_raw *raw);

/* Whether raw, an entry of another archive, holds exactly data[0..len): its size and CRC-32 say so, and so
 * do its bytes once inflated. Uses p's buffer (a zipfile_pack() result is then gone). */
bool zipfile_raw_holds(struct zipfile_packer *p, const struct zipfile_raw *raw, const void *data, size_t len);

/* Adds an entry name whose bytes are packed already (raw: copied), as zipfile_read_raw() gives them. The
 * name is checked as by zipfile_add(); the bytes are trusted to stand for raw->size bytes of that CRC (an
 * archive read with zipfile_read_raw() was checked when it was opened only as far as its list goes).
 * Returns 0, or -1 after reporting why. */
int zipfile_add_raw(struct zipfile *z, const char *name, const struct zipfile_raw *raw);

/* Why name cannot name an entry (a phrase: "it has a '.' or '..' component"), or NULL when it can: the rules
 * of zipfile_add(), which also make it a safe relative path to write under a folder. */
const char *zipfile_name_problem(const char *name);

/* ZIPFILE_STORE for names whose content is already compressed (pdf png jpg jpeg gif webp avif mp3 mp4
 * m4a ogg opus webm zip epub gz br woff woff2, in any case), ZIPFILE_DEFLATE otherwise. */
enum zipfile_method zipfile_method_for(const char *name);

/* Appends the archive's bytes to out and frees z, whatever the outcome. Returns 0, or -1 after reporting
 * the error (out is then left as it was). */
int zipfile_finish(struct zipfile *z, struct strbuf *out);

/* Appends what packs the entries ("libdeflate 1.14 level 4"): another one packs the same entries into other
 * bytes, so the build cache of one is not the other's (an archive takes entries packed by the last build). */
void zipfile_version(struct strbuf *out);

/* Frees an archive that is not to be finished. z may be NULL. */
void zipfile_free(struct zipfile *z);

/* ---- reading ---- */

/* An archive being read, from bytes in memory (its own made earlier, or an update from elsewhere: every
 * name and size is checked as untrusted). */
struct zipfile_reader;

/* Opens the archive in data[0..len) (not copied: it must outlive the reader). Every entry's name must be
 * one zipfile_add() would take, and none may be larger than max_entry bytes once inflated. Returns NULL
 * after reporting why at path. */
struct zipfile_reader *zipfile_open(const char *path, const void *data, size_t len, size_t max_entry,
				    struct diag_list *diags);
size_t zipfile_count(const struct zipfile_reader *r);
/* The name of entry i (in the archive's order), borrowed from r. */
const char *zipfile_name(const struct zipfile_reader *r, size_t i);
/* The index of the entry called name, or (size_t)-1. */
size_t zipfile_find(const struct zipfile_reader *r, const char *name);
/* Appends entry i, inflated, to out, its CRC checked. Returns 0, or -1 after reporting why. */
int zipfile_read(struct zipfile_reader *r, size_t i, struct strbuf *out);
/* Appends entry i as the archive holds it to out, and describes it in *raw (whose data points into out:
 * valid until out changes). Nothing is inflated, so nothing is checked: for copying an entry of an
 * archive this tool made into another (zipfile_add_raw). Returns 0, or -1 after reporting why. */
int zipfile_read_raw(struct zipfile_reader *r, size_t i, struct strbuf *out, struct zipfile_raw *raw);
/* r may be NULL. */
void zipfile_close(struct zipfile_reader *r);

#endif
