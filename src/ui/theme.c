/*
 * theme.c - theme files: one line per style role, tmux-style
 * "error = fg=red,bold".  Errors name the file, the line and the problem.
 *
 * The default and monochrome themes are built in as well, so the
 * interface works where themes/ was not installed.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ui_int.h"

static const char builtin_default[] = "normal = fg=default,bg=default\n"
				      "dim = fg=bright-black\n"
				      "error = fg=bright-red,bold\n"
				      "blocked = fg=black,bg=yellow\n"
				      "selection = fg=black,bg=cyan\n"
				      "selection-unfocused = fg=black,bg=white\n"
				      "tree-branch = fg=blue\n"
				      "header = fg=black,bg=green\n"
				      "title = fg=white,bg=blue\n"
				      "title-focus = fg=black,bg=cyan\n"
				      "border = fg=blue\n"
				      "status = fg=black,bg=cyan\n"
				      "status-warn = fg=white,bg=red,bold\n"
				      "key = fg=cyan,bold\n"
				      "match = fg=black,bg=yellow\n"
				      "bar = fg=green\n"
				      "alert = fg=bright-white,bg=red,bold\n"
				      "pid = fg=cyan\n"
				      "time = fg=bright-black\n";

static const char builtin_mono[] = "dim = dim\n"
				   "error = bold,underline\n"
				   "blocked = reverse,bold\n"
				   "selection = reverse\n"
				   "selection-unfocused = underline\n"
				   "tree-branch = dim\n"
				   "header = bold,underline\n"
				   "title = underline\n"
				   "title-focus = reverse,bold\n"
				   "border = dim\n"
				   "status = reverse\n"
				   "status-warn = reverse,bold\n"
				   "key = bold\n"
				   "match = underline\n"
				   "bar = bold\n"
				   "alert = bold,reverse\n"
				   "time = dim\n";

static const char *const color_names[] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
};

static void
theme_clear(struct sl_theme *t)
{
	memset(t, 0, sizeof(*t));
	for (int i = 0; i < SL_ROLE_COUNT; i++)
		t->role[i].fg = t->role[i].bg = SL_COLOR_DEFAULT;
}

void
theme_mono(struct sl_theme *t)
{
	char err[64];

	theme_parse(t, builtin_mono, "monochrome", err, sizeof(err));
	snprintf(t->name, sizeof(t->name), "monochrome");
}

/* A colour name or number; -2 when not one. */
static int
parse_color(const char *s)
{
	char *end;
	long v;

	if (strcmp(s, "default") == 0)
		return SL_COLOR_DEFAULT;
	for (int i = 0; i < 8; i++) {
		if (strcmp(s, color_names[i]) == 0)
			return i;
		if (strncmp(s, "bright-", 7) == 0 && strcmp(s + 7, color_names[i]) == 0)
			return i + 8;
	}
	if (strncmp(s, "colour", 6) == 0)
		s += 6;
	else if (strncmp(s, "color", 5) == 0)
		s += 5;
	v = strtol(s, &end, 10);
	if (*s && !*end && v >= 0 && v <= 255)
		return (int)v;
	return -2;
}

static char *
trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

/* One "fg=red,bold" value into st; NULL or the word that is wrong. */
static const char *
parse_style(char *v, struct sl_style *st, char *bad, size_t badlen)
{
	char *save = NULL;

	st->fg = st->bg = SL_COLOR_DEFAULT;
	st->attrs = 0;
	for (char *w = strtok_r(v, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		w = trim(w);
		if (strncmp(w, "fg=", 3) == 0 || strncmp(w, "bg=", 3) == 0) {
			int c = parse_color(w + 3);

			if (c == -2) {
				snprintf(bad, badlen, "unknown colour '%s'", w + 3);
				return bad;
			}
			if (w[0] == 'f')
				st->fg = (short)c;
			else
				st->bg = (short)c;
		} else if (strcmp(w, "bold") == 0) {
			st->attrs |= SL_ATTR_BOLD;
		} else if (strcmp(w, "dim") == 0) {
			st->attrs |= SL_ATTR_DIM;
		} else if (strcmp(w, "underline") == 0 || strcmp(w, "underscore") == 0) {
			st->attrs |= SL_ATTR_UNDERLINE;
		} else if (strcmp(w, "reverse") == 0) {
			st->attrs |= SL_ATTR_REVERSE;
		} else if (strcmp(w, "italic") == 0 || strcmp(w, "italics") == 0) {
			st->attrs |= SL_ATTR_ITALIC;
		} else if (strcmp(w, "blink") == 0) {
			st->attrs |= SL_ATTR_BLINK;
		} else if (strcmp(w, "none") == 0 || strcmp(w, "normal") == 0 || !*w) {
			continue;
		} else {
			snprintf(bad, badlen, "unknown attribute '%s'", w);
			return bad;
		}
	}
	return NULL;
}

int
theme_parse(struct sl_theme *t, const char *text, const char *file, char *err, size_t errlen)
{
	char *copy = xstrdup(text), *line, *save = NULL, bad[96];
	int lineno = 0, rc = 0;
	const char *p = copy;

	theme_clear(t);
	/* strtok_r would skip empty lines and so miscount: split by hand */
	for (char *s = copy; s; lineno++) {
		char *nl = strchr(s, '\n'), *eq, *key, *val;
		int role;

		if (nl)
			*nl = '\0';
		line = trim(s);
		s = nl ? nl + 1 : NULL;
		if (!*line || *line == '#')
			continue;
		eq = strchr(line, '=');
		if (!eq) {
			snprintf(err, errlen, "%s:%d: expected 'ROLE = STYLE'", file, lineno + 1);
			rc = -EINVAL;
			break;
		}
		*eq = '\0';
		key = trim(line);
		val = trim(eq + 1);
		if (strcmp(key, "name") == 0) {
			snprintf(t->name, sizeof(t->name), "%s", val);
			continue;
		}
		role = role_lookup(key);
		if (role < 0) {
			snprintf(err, errlen, "%s:%d: unknown role '%s'", file, lineno + 1, key);
			rc = -EINVAL;
			break;
		}
		if (parse_style(val, &t->role[role], bad, sizeof(bad))) {
			snprintf(err, errlen, "%s:%d: %s", file, lineno + 1, bad);
			rc = -EINVAL;
			break;
		}
	}
	(void)p;
	(void)save;
	free(copy);
	return rc;
}

static int
load_file(struct sl_theme *t, const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char *text;
	size_t n;
	int rc;

	if (!f) {
		rc = -errno;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return rc;
	}
	text = xmalloc(65537);
	n = fread(text, 1, 65536, f);
	text[n] = '\0';
	fclose(f);
	if (memchr(text, '\0', n)) {
		snprintf(err, errlen, "%s: not a text file", path);
		free(text);
		return -EINVAL;
	}
	rc = theme_parse(t, text, path, err, errlen);
	free(text);
	return rc;
}

/* themes/ beside the binary's build directory, then installed places. */
static bool
find_theme(const char *name, char *path, size_t len)
{
	char exe[PATH_MAX], *slash;
	const char *env = getenv("SYSLENS_THEMES");
	ssize_t n;

	if (env && *env) {
		snprintf(path, len, "%s/%s.theme", env, name);
		if (access(path, R_OK) == 0)
			return true;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			snprintf(path, len, "%s/../themes/%s.theme", exe, name);
			if (access(path, R_OK) == 0)
				return true;
			snprintf(path, len, "%s/../share/syslens/themes/%s.theme", exe, name);
			if (access(path, R_OK) == 0)
				return true;
		}
	}
	snprintf(path, len, "/usr/share/syslens/themes/%s.theme", name);
	return access(path, R_OK) == 0;
}

int
theme_load(struct sl_theme *t, const char *spec, char *err, size_t errlen)
{
	char path[PATH_MAX + 64];
	size_t n;
	int rc;

	if (!spec || !*spec)
		spec = "default";
	n = strlen(spec);
	if (strchr(spec, '/') || (n > 6 && strcmp(spec + n - 6, ".theme") == 0)) {
		rc = load_file(t, spec, err, errlen);
	} else if (strspn(spec, "abcdefghijklmnopqrstuvwxyz0123456789-_") != n) {
		snprintf(err, errlen, "theme '%s': not a theme name or file", spec);
		return -EINVAL;
	} else if (find_theme(spec, path, sizeof(path))) {
		rc = load_file(t, path, err, errlen);
	} else if (strcmp(spec, "default") == 0) {
		rc = theme_parse(t, builtin_default, "default", err, errlen);
	} else if (strcmp(spec, "monochrome") == 0 || strcmp(spec, "mono") == 0) {
		theme_mono(t);
		rc = 0;
	} else {
		snprintf(err, errlen,
			 "no theme '%s' (try default, light, monochrome, high-contrast)", spec);
		return -ENOENT;
	}
	if (rc == 0 && !t->name[0])
		snprintf(t->name, sizeof(t->name), "%s", spec);
	return rc;
}
