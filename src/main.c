/*
 * main.c - picks a collector and the sinks the options ask for, and runs
 * them: collector -> sinks (text, JSON, summary, recording) or the
 * interface.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "syslens/collector.h"
#include "syslens/container.h"
#include "syslens/filter.h"
#include "syslens/options.h"
#include "syslens/output.h"
#include "syslens/rules.h"
#include "syslens/ui.h"
#include "syslens/util.h"

static struct sl_collector *running;

static void
on_signal(int sig)
{
	(void)sig;
	if (running)
		running->stop(running);
}

static void
catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* The collector the options ask for, or NULL with one line in why. */
static struct sl_collector *
collector_pick(const struct sl_options *o, char *why, size_t whylen)
{
	struct sl_collector *c;
	char ebpf_why[200] = "";

	if (getenv("SYSLENS_FAKE_COLLECTOR"))
		return fake_collector_new(why, whylen);
	if (o->mode == SL_MODE_REPLAY)
		return replay_collector_new(why, whylen);
	if (o->backend == SL_BACKEND_PTRACE) {
		if (o->mode == SL_MODE_ALL && !o->cgroup_dir) {
			snprintf(why, whylen, "-a needs the ebpf backend");
			return NULL;
		}
		return ptrace_collector_new(why, whylen);
	}
	c = ebpf_collector_new(ebpf_why, sizeof(ebpf_why));
	if (c || o->backend == SL_BACKEND_EBPF ||
	    (o->mode == SL_MODE_ALL && !o->cgroup_dir)) {
		if (!c)
			snprintf(why, whylen, "ebpf backend unavailable: %s", ebpf_why);
		return c;
	}
	c = ptrace_collector_new(why, whylen);
	if (c)
		snprintf(c->note, sizeof(c->note), "eBPF unavailable: %s", ebpf_why);
	return c;
}

/* Whether two paths name one file (one that may not exist yet). */
static bool
same_path(const char *a, const char *b)
{
	struct stat sa, sb;

	if (strcmp(a, b) == 0)
		return true;
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

/*
 * -o truncates its file: never the recording being replayed (it would be
 * lost before it is read) nor the one -w writes.  Returns 0, or -1 with
 * one line in why.
 */
static int
output_check(const struct sl_options *o, char *why, size_t whylen)
{
	if (!o->output_path)
		return 0;
	if (o->mode == SL_MODE_REPLAY && o->replay_path &&
	    same_path(o->output_path, o->replay_path)) {
		snprintf(why, whylen, "cannot write '%s': it is the recording being replayed",
			 o->output_path);
		return -1;
	}
	if (o->record_path && same_path(o->output_path, o->record_path)) {
		snprintf(why, whylen, "cannot write '%s': it is the recording -w writes",
			 o->output_path);
		return -1;
	}
	return 0;
}

static FILE *
open_output(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (fd < 0)
		return NULL;
	return fdopen(fd, "w");
}

/*
 * Whether the command can be run, as execvp would find it.  Returns 0, or
 * -1 with one line in why (so a typo fails the same way on every backend).
 */
static int
command_check(const char *cmd, char *why, size_t whylen)
{
	const char *path = getenv("PATH");
	struct stat st;
	int err = ENOENT;

	if (!*cmd) {
		snprintf(why, whylen, "cannot run '': %s", strerror(ENOENT));
		return -1;
	}
	if (strchr(cmd, '/')) {
		if (stat(cmd, &st) < 0)
			err = errno;
		else if (S_ISDIR(st.st_mode))
			err = EISDIR;
		else if (access(cmd, X_OK) < 0)
			err = errno;
		else
			return 0;
		snprintf(why, whylen, "cannot run '%s': %s", cmd, strerror(err));
		return -1;
	}
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	while (*path) {
		const char *end = strchrnul(path, ':');
		char buf[4096];
		int n = snprintf(buf, sizeof(buf), "%.*s%s%s", (int)(end - path),
				 path, end > path ? "/" : "", cmd);

		if (n > 0 && (size_t)n < sizeof(buf) && stat(buf, &st) == 0) {
			if (!S_ISDIR(st.st_mode) && access(buf, X_OK) == 0)
				return 0;
			err = S_ISDIR(st.st_mode) ? EISDIR : EACCES;
		}
		path = *end ? end + 1 : end;
	}
	if (err == ENOENT)
		snprintf(why, whylen, "cannot run '%s': command not found", cmd);
	else
		snprintf(why, whylen, "cannot run '%s': %s", cmd, strerror(err));
	return -1;
}

/* The --filter stack, or NULL when none.  *bad set after printing why. */
static struct sl_filters *
filters_build(const struct sl_options *o, bool *bad)
{
	struct sl_filters *f;
	char err[512];

	*bad = false;
	if (!o->nfilters)
		return NULL;
	f = filters_new();
	for (int i = 0; i < o->nfilters; i++)
		if (filters_add(f, o->filters[i], err, sizeof(err)) < 0) {
			fprintf(stderr, "syslens: --filter: %s\n", err);
			filters_free(f);
			*bad = true;
			return NULL;
		}
	return f;
}

/*
 * Where -c writes its table: like strace, to the -o file when that holds
 * text or nothing else, otherwise to stderr (stdout belongs to the
 * traced command, or holds the text or JSON lines).
 */
static FILE *
summary_stream(const struct sl_options *o, FILE *out)
{
	if (o->output_path && !o->json)
		return out;
	return stderr;
}

/* Build the headless sinks (takes ownership of filters and record). */
static struct sl_sink *
sinks_build(const struct sl_options *o, FILE *out, struct sl_filters *filters,
	    struct sl_sink *record, struct sl_ruleset *rules)
{
	struct sl_sink *s[4], *shown;
	int n = 0;

	if (o->alerts)
		s[n++] = alert_sink_new(out, o, rules);	/* text/JSON/-c of alerts */
	else if (o->json)
		s[n++] = json_sink_new(out, o);
	else if (o->text)
		s[n++] = text_sink_new(out, o);
	if (o->summary && !o->alerts)
		s[n++] = summary_sink_new(summary_stream(o, out), o);
	if (n == 0) {
		filters_free(filters);
		return record;
	}
	shown = n == 1 ? s[0] : sink_tee_new(s, n);
	if (filters) {
		struct sl_decode_opts d = { .strsize = o->strsize, .fdpaths = o->fdpaths };

		shown = filter_sink_new(shown, filters, &d);
	}
	if (!record)
		return shown;
	s[0] = shown;
	s[1] = record;
	return sink_tee_new(s, 2);
}

int
main(int argc, char **argv)
{
	struct sl_options o;
	struct sl_collector *c = NULL;
	struct sl_sink *sink = NULL, *record = NULL;
	struct sl_filters *filters = NULL;
	struct sl_ruleset *rules = NULL;
	char why[512] = "";
	FILE *out = stdout;
	int rc, status = 1;
	bool headless, bad;

	rc = options_parse(&o, argc, argv);
	if (rc) {
		options_free(&o);
		return rc < 0 ? 0 : rc;
	}
	if (o.dump_rules || o.check_rules)
		return rules_main(&o);

	/* every check of the input before anything starts */
	filters = filters_build(&o, &bad);
	if (bad)
		goto out;
	if (output_check(&o, why, sizeof(why)) < 0 ||
	    (o.theme && ui_theme_check(o.theme, why, sizeof(why)) < 0)) {
		fprintf(stderr, "syslens: %s\n", why);
		goto out;
	}
	if (o.mode == SL_MODE_LAUNCH && command_check(o.argv[0], why, sizeof(why)) < 0) {
		fprintf(stderr, "syslens: %s\n", why);
		goto out;
	}
	if (o.rules_path || o.alerts) {
		/* a broken rule file stops syslens before anything starts */
		rules = rules_from_options(&o, why, sizeof(why));
		if (!rules) {
			fprintf(stderr, "syslens: %s\n", why);
			goto out;
		}
	}
	if (container_apply_options(&o, why, sizeof(why)) < 0) {
		fprintf(stderr, "syslens: %s\n", why);
		goto out;
	}
	headless = o.text || o.json || o.summary || o.alerts || !isatty(STDOUT_FILENO);
	if (!headless && ui_available(why, sizeof(why)) < 0) {
		fprintf(stderr, "syslens: %s: writing text instead\n", why);
		headless = true;
	}
	if (headless && !o.text && !o.json && !o.summary && !o.record_path)
		o.text = true;
	if (headless && o.output_path) {
		out = open_output(o.output_path);
		if (!out) {
			out = stdout;
			fprintf(stderr, "syslens: cannot write '%s': %s\n",
				o.output_path, strerror(errno));
			goto out;
		}
	}

	c = collector_pick(&o, why, sizeof(why));
	if (!c) {
		fprintf(stderr, "syslens: %s\n", why);
		goto out;
	}
	if (strcmp(c->name, "ptrace") == 0 &&
	    container_attach_pids(&o, why, sizeof(why)) < 0) {
		fprintf(stderr, "syslens: %s\n", why);
		goto out;
	}
	if (o.record_path) {
		record = record_sink_new(o.record_path, &o, c->name, why, sizeof(why));
		if (!record) {
			fprintf(stderr, "syslens: %s\n", why);
			goto out;
		}
	}
	if (!headless) {
		/* the interface compiles o.filters itself */
		status = ui_run(c, &o, record);
		record = NULL;	/* as before: the interface was handed it */
		goto out;
	}
	sink = sinks_build(&o, out, filters, record, o.alerts ? rules : NULL);
	if (o.alerts)
		rules = NULL;	/* the alert sink owns it */
	filters = NULL;
	record = NULL;
	if (!sink) {
		status = 0;
		goto out;
	}
	catch_signals();
	running = c;
	rc = c->start(c, &o, sink, why, sizeof(why));
	if (rc < 0) {
		running = NULL;
		fprintf(stderr, "syslens: %s\n", why);
		goto out;
	}
	rc = c->run(c);
	running = NULL;
	if (sink->finish)
		sink->finish(sink, &c->stats);
	/* a replay exits as the recorded command did */
	if ((o.mode == SL_MODE_LAUNCH || o.mode == SL_MODE_REPLAY) && c->exit_status >= 0)
		status = c->exit_status;
	else
		status = rc < 0;
	/* the output failed (a reader gone, a full disk) or the run did:
	 * not a success, on every backend, whatever the command did */
	if (rc < 0 && rc != -EBADMSG && status == 0)
		status = 1;
out:
	if (sink)
		sink->destroy(sink);
	if (record)
		record->destroy(record);
	filters_free(filters);
	ruleset_free(rules);
	if (out != stdout && fclose(out) != 0) {
		fprintf(stderr, "syslens: writing '%s': %s\n", o.output_path,
			strerror(errno));
		if (status == 0)
			status = 1;
	}
	if (fflush(stdout) != 0 && errno != EPIPE && status == 0) {
		fprintf(stderr, "syslens: writing stdout: %s\n", strerror(errno));
		status = 1;
	}
	/* a replay that stopped at damage says where, after its output */
	if (c && c->finished && rc == -EBADMSG && o.mode == SL_MODE_REPLAY && c->note[0])
		fprintf(stderr, "syslens: %s\n", c->note);
	if (c)
		c->destroy(c);
	options_free(&o);
	return status;
}
