/* Dates and times of front matter (YYYY-MM-DD, or with a time and its offset) as moments in UTC, and the
 * forms feeds and calendars write them in. Done by hand rather than with the C library: no time zone
 * database, no locale (weekday names in RFC 822 dates are English whatever the machine's locale). */
#ifndef JISITE_DATETIME_H
#define JISITE_DATETIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/diag.h"
#include "util/strbuf.h"

enum datetime_form {
	DATETIME_RFC3339, /* 2018-04-09T07:00:00Z (Atom) */
	DATETIME_RFC822,  /* Mon, 09 Apr 2018 07:00:00 +0000 (RSS) */
	DATETIME_ICAL,    /* 20180409T070000Z (iCalendar, UTC) */
	DATETIME_ICAL_DATE, /* 20180409 (iCalendar, a whole day) */
	DATETIME_DAY,     /* 2018-04-09 (sitemaps) */
	DATETIME_MINUTE   /* 2018-04-09 07:00 UTC (messages) */
};

/* A date or a date and time of front matter, as datetime_parse read it. */
struct datetime {
	int64_t t;      /* the moment in seconds since 1970 UTC; a date alone is its midnight UTC */
	int offset;     /* the offset from UTC it was written with, in seconds (0 for Z and for a date alone) */
	bool date_only; /* YYYY-MM-DD */
};

/*
 * The one check of dates and times, for the schema's date and datetime fields and for everything that
 * reads them: "YYYY-MM-DD", a day that exists, or "YYYY-MM-DDTHH:MM[:SS]" (or a space for the T) followed
 * by Z or an offset ±HH:MM up to ±14:59. Returns 0, or -1 when s[0..len) is neither.
 */
int datetime_parse(struct datetime *out, const char *s, size_t len);

/* Appends moment t (seconds since 1970, UTC) in form. */
void datetime_format(struct strbuf *out, int64_t t, enum datetime_form form);

/*
 * Now, in seconds since 1970 (UTC), into *out: $SOURCE_DATE_EPOCH when it is set and not empty, else the
 * clock. The one reader of the variable and its one rule, for every command: seconds since 1970 in
 * decimal, from 0 to the last second of 9999-12-31. Anything else (not a number, negative, later) is
 * refused: returns -1 after reporting "'VALUE' is not a number of seconds since 1970" at
 * SOURCE_DATE_EPOCH, a usage error for the caller (nothing was read yet); 0 otherwise.
 */
int datetime_now(int64_t *out, struct diag_list *diags);

/* The day of moment t as YYYY-MM-DD (UTC) into out. */
void datetime_day(char out[11], int64_t t);

/*
 * Today as YYYY-MM-DD (UTC) into out: the day of datetime_now, which it fails as. Only the day counts for
 * what a page shows, so two runs on the same day give the same output.
 */
int datetime_today(char out[11], struct diag_list *diags);

#endif
