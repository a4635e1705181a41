/* Prefixes of C strings, as git's starts_with() and skip_prefix(): the prefix's length is counted by the
 * code, never by hand next to a literal. And the value of a hexadecimal digit. */
#ifndef JISITE_STR_H
#define JISITE_STR_H

#include <stdbool.h>
#include <string.h>

/* True when s begins with prefix (every string begins with ""). */
static inline bool starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* True when s begins with prefix, with *rest set to what follows it in s; *rest is left alone otherwise,
 * so rest may be &s. */
static inline bool skip_prefix(const char *s, const char *prefix, const char **rest)
{
	size_t n = strlen(prefix);

	if (strncmp(s, prefix, n))
		return false;
	*rest = s + n;
	return true;
}

/* The value of the hexadecimal digit c (either case), or -1 when c is none. */
static inline int hex_digit_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

#endif
