/* The search index's light stemming (see search.h): per language, a few suffix rules for plural and case
 * endings, and Arabic's article and attached particles. static/search.js holds the same rules, written the
 * same way; tests/search/stems.txt holds the cases both are tested on. */
#include "search.h"

#include <string.h>

/*
 * The rules of a language: steps separated by ';', each "MIN suffix suffix:replacement ...". A step
 * replaces the longest of its suffixes that leaves at least MIN characters before it (a replacement is
 * always shorter than its suffix), then the next step looks at the result. Tokens are folded already, so
 * the suffixes are too: no accents, й as и, ı as i. Plural and case endings only, in the spirit of
 * Savoy's light stemmers: a stem is what both a query and a text are cut to, so a rule that merges two
 * words costs a few extra results, and one that is missing costs the results a reader wanted.
 * search.js's RULES must be the same strings.
 */
static const struct {
	const char *lang, *rules;
} stem_rules[] = {
	/* судья, судьи, судей, судьям: суд; ь left by the case ending goes in a second step */
	{ "ru", "3 иями оями ями ами иям иях оях оям ого его ому ему ыми ими оев ая яя ях юю ах ею их ия ию ою ую ям"
		" ых ея ам ем еи ии ои ыи ом ов ев ью ья ье ми ые ое ие ее а е и о у ы я ь ю;3 ь" },
	/* tribunaux: tribunal; juges, juge: jug */
	{ "fr", "3 eaux:eau aux:al s x;3 e" },
	/* jueces: juez; tribunales: tribunal; partes, parte: part */
	{ "es", "3 ces:z es s;3 a e o" },
	/* decisões: decisao; tribunais: tribunal; juízas: juiz */
	{ "pt", "3 oes:ao aes:ao ais:al eis:el ois:ol ns:m res:r zes:z ses:s s;3 a e o" },
	/* giudiziario, giudiziaria, giudiziari, giudiziarie: giudiziar; etica, etiche: etic */
	{ "it", "3 che:c chi:c ghe:g ghi:g io ia ie ii a e i o" },
	/* judecătorilor, judecătorii, judecătorul: judecator; drepturile, drepturi: drept */
	{ "ro", "3 urilor ului ilor elor urile ele ile uri ul ii ea ei a e i u" },
	/* sudovima, sudova, sudom, suda: sud */
	{ "hr", "3 ovima evima ovi evi ova eva ove eve ima ama om em og ih im a e i u o" },
	/* mahkemelerin, mahkemede, mahkemeye: mahkeme; hakimlere: hakim (case, then plural) */
	{ "tr", "3 ndan nden dan den tan ten nin nun in un nda nde da de ta te ya ye yi yu lara:lar lere:ler"
		" lari:lar leri:ler;3 lar ler" },
	/* keadilannya: keadil (particles and possessives, then -kan and -an); short words are left alone */
	{ "ms", "4 lah kah tah pun nya ku mu;4 kan an" },
};

static size_t chars(const char *s, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

/* Reads step text s (up to ';' or the end) into step; returns where the next step starts, or NULL. */
static const char *parse_step(struct search_stem_step *step, const char *s)
{
	step->min = 0;
	step->nrules = 0;
	while (*s >= '0' && *s <= '9')
		step->min = step->min * 10 + (size_t)(*s++ - '0');
	for (;;) {
		struct search_stem_rule *r;
		size_t n;
		while (*s == ' ')
			s++;
		if (!*s || *s == ';')
			return *s ? s + 1 : NULL;
		n = strcspn(s, " ;");
		if (step->nrules == SEARCH_STEM_RULES_MAX)
			return s + n; /* the tables above stay well within it */
		r = &step->rules[step->nrules++];
		r->suffix = s;
		r->suffix_len = strcspn(s, " ;:");
		r->repl = s + r->suffix_len + (r->suffix_len < n);
		r->repl_len = n - (size_t)(r->repl - s);
		r->suffix_chars = chars(r->suffix, r->suffix_len);
		s += n;
	}
}

void search_stemmer_init(struct search_stemmer *st, const char *lang)
{
	size_t n = strcspn(lang ? lang : "", "-_");

	st->nsteps = 0;
	for (size_t i = 0; lang && i < sizeof(stem_rules) / sizeof(stem_rules[0]); i++) {
		const char *s = stem_rules[i].rules;
		if (strlen(stem_rules[i].lang) != n || memcmp(stem_rules[i].lang, lang, n))
			continue;
		while (s && st->nsteps < SEARCH_STEM_STEPS_MAX)
			s = parse_step(&st->steps[st->nsteps++], s);
		break;
	}
}

/*
 * Where an Arabic token's stem starts: after the definite article and the particles joined to it when at
 * least two letters are left, or else after one particle (و، ف، ب، ك، ل) when at least four are: "وسائل"
 * as "سائل" and "لوسائل" as "وسائل", but "فساد" (corruption) kept whole, for "ساد…" is another word.
 */
static size_t arabic_prefix(const char *token, size_t len)
{
	static const char *const articles[] = { "وال", "بال", "كال", "فال", "ولل", "فلل", "ال", "لل" };
	static const char *const particles[] = { "و", "ف", "ب", "ك", "ل" };

	for (size_t i = 0; i < sizeof(articles) / sizeof(articles[0]); i++) {
		size_t n = strlen(articles[i]);
		if (len > n && !memcmp(token, articles[i], n))
			return chars(token + n, len - n) >= 2 ? n : 0;
	}
	for (size_t i = 0; i < sizeof(particles) / sizeof(particles[0]); i++) {
		size_t n = strlen(particles[i]);
		if (len > n && !memcmp(token, particles[i], n))
			return chars(token + n, len - n) >= 4 ? n : 0;
	}
	return 0;
}

bool search_stem(struct strbuf *out, const struct search_stemmer *st, const char *token, size_t len)
{
	size_t start = arabic_prefix(token, len), from = out->len;

	strbuf_add(out, token + start, len - start);
	for (size_t k = 0; k < st->nsteps; k++) {
		const struct search_stem_step *step = &st->steps[k];
		const struct search_stem_rule *best = NULL;
		const char *s = out->buf + from;
		size_t n = out->len - from, nchars = chars(s, n);
		for (size_t i = 0; i < step->nrules; i++) {
			const struct search_stem_rule *r = &step->rules[i];
			if (r->suffix_len < n && r->suffix_chars + step->min <= nchars &&
			    (!best || r->suffix_chars > best->suffix_chars) &&
			    !memcmp(s + n - r->suffix_len, r->suffix, r->suffix_len))
				best = r;
		}
		if (best) {
			strbuf_setlen(out, out->len - best->suffix_len);
			strbuf_add(out, best->repl, best->repl_len);
		}
	}
	return out->len - from != len || memcmp(out->buf + from, token, len);
}
