/* Locale-aware text through ICU (Debian's libicu): dates in each language's own format, comparing
 * titles in each language's alphabetical order, names of countries and languages. With search.c (which
 * folds and cuts text for the search index), the only module that includes ICU's headers. */
#ifndef JISITE_LOCALE_H
#define JISITE_LOCALE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/strbuf.h"

/*
 * Appends a date (YYYY-MM-DD) or a date and time with its offset (YYYY-MM-DDTHH:MM[:SS](Z|±HH:MM)) as
 * language lang writes it: "9 April 2018", "9 avril 2018", "2018年4月9日"; a time is shown in the offset it
 * was written with, since that is where the event happens. Returns 0, or -1 (appending nothing) when the
 * text is neither.
 */
int locale_format_date(struct strbuf *out, const char *lang, const char *when, size_t len);

/*
 * Appends the date and time of an event as language lang writes it, in the offset it was written with,
 * and that offset as the language names it: "June 9, 2027 at 2:00 PM (UTC+2)", "9 juin 2027 à 14:00
 * (UTC+2)"; with time_only, the time and offset alone ("4:00 PM (UTC+2)"), for an end on the day of the
 * start. A date alone is shown as locale_format_date shows it. Returns 0, or -1 (appending nothing).
 */
int locale_format_time(struct strbuf *out, const char *lang, const char *when, size_t len, bool time_only);

/* Appends an integer with lang's digits and separators ("12,345", "١٢٬٣٤٥"), without a separator when
 * grouping is false (a year). Returns 0 or -1. */
int locale_format_number(struct strbuf *out, const char *lang, int64_t n, bool grouping);

/* Appends the name of the digits lang's numbers are written with by default ("latn", "arab"): every
 * number of a page is, the generator's through locale_format_number and the scripts' through
 * Intl.NumberFormat's numberingSystem, whose browser may default otherwise. Returns 0 or -1. */
int locale_numbering(struct strbuf *out, const char *lang);

/* Appends a duration written as hours, minutes and seconds ("00:24:13", "1:02:03", "24:13") as lang
 * writes it: "24 min, 13 sec", "24 min 13 s", "24分钟13秒". Returns 0, or -1 (appending nothing) when
 * the text is not one. */
int locale_format_duration(struct strbuf *out, const char *lang, const char *text, size_t len);

/* Appends n texts (UTF-8, lens[i] bytes each) joined as lang joins a list: "A, B, and C", "A, B et C",
 * "A وB وC", "A、B和C". Returns 0 or -1. */
int locale_format_list(struct strbuf *out, const char *lang, const char *const *items, const size_t *lens, size_t n);

/* Compares two UTF-8 texts in the alphabetical order of lang (<0, 0, >0). */
int locale_compare(const char *lang, const char *a, const char *b);

/* Appends the sort key of s[0..len) in lang's alphabetical order: comparing two keys with memcmp
 * orders their texts as locale_compare does, so a long list is sorted by keys made once per text. */
void locale_sort_key(struct strbuf *out, const char *lang, const char *s, size_t len);

/* Appends a file size as lang writes it, in kilobytes or megabytes ("1.2 MB", "1,2 Mo", "1.2 ميغابايت").
 * Returns 0 or -1. */
int locale_format_bytes(struct strbuf *out, const char *lang, uint64_t bytes);

/* The id GitHub gives a heading whose text is text[0..len), appended to out: lowercased (Unicode's full
 * case mapping), every character that is not a letter, a mark, a decimal digit, '_', '-' or a space
 * removed, and each space turned into '-'. Arabic or Chinese headings keep their letters. May append
 * nothing (a heading of punctuation only). */
void locale_heading_id(struct strbuf *out, const char *text, size_t len);

/* Appends the version of ICU in use ("ICU 72.1"): dates and sort keys depend on it. */
void locale_version(struct strbuf *out);

/* Appends the name language lang gives a country ("CZ": "Tchéquie" in French) or a language ("ar":
 * "arabe"). Returns 0, or -1 (appending nothing) when the code is not one ICU knows. */
int locale_country_name(struct strbuf *out, const char *lang, const char *country);
int locale_language_name(struct strbuf *out, const char *lang, const char *language);

/* Sort keys made by an earlier build (the build cache keeps them, in the format locale_sort_keys_save
 * writes): locale_sort_key reuses them rather than asking ICU again. data is borrowed and must outlive
 * every use of locale_sort_key until locale_release. */
void locale_sort_keys_load(const char *data, size_t len);
/* Appends the sort keys this build used, for the next one. */
void locale_sort_keys_save(struct strbuf *out);

/* Frees the cached formatters and collators (at the end of a build; optional). */
void locale_release(void);

#endif
