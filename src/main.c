/*
 * main.c - picks a collector and the sinks the options ask for, and runs
 * them: collector -> sinks (text, JSON, summary, recording) or the
 * interface.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "syslens/collector.h"
#include "syslens/container.h"
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

static FILE *
open_output(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (fd < 0)
		return NULL;
	return fdopen(fd, "w");
}

/* Build the headless sinks.  Returns NULL after printing why. */
static struct sl_sink *
sinks_build(const struct sl_options *o, FILE *out, const char *backend,
	    struct sl_sink *record, struct sl_ruleset *rules)
{
	struct sl_sink *s[4];
	int n = 0;

	if (o->alerts)
		s[n++] = alert_sink_new(out, o, rules);	/* text/JSON/-c of alerts */
	else if (o->json)
		s[n++] = json_sink_new(out, o);
	else if (o->text)
		s[n++] = text_sink_new(out, o);
	if (o->summary && !o->alerts)
		s[n++] = summary_sink_new(o->text || o->json ? stderr : out, o);
	if (record)
		s[n++] = record;
	(void)backend;
	if (n == 1)
		return s[0];
	return sink_tee_new(s, n);
}

int
main(int argc, char **argv)
{
	struct sl_options o;
	struct sl_collector *c;
	struct sl_sink *sink, *record = NULL;
	struct sl_ruleset *rules = NULL;
	char why[512] = "";
	FILE *out = stdout;
	int rc, status;
	bool headless;

	rc = options_parse(&o, argc, argv);
	if (rc)
		return rc < 0 ? 0 : rc;
	if (o.dump_rules || o.check_rules)
		return rules_main(&o);
	if (o.rules_path || o.alerts) {
		/* a broken rule file stops syslens before anything starts */
		rules = rules_from_options(&o, why, sizeof(why));
		if (!rules) {
			fprintf(stderr, "syslens: %s\n", why);
			options_free(&o);
			return 1;
		}
	}
	if (container_apply_options(&o, why, sizeof(why)) < 0) {
		fprintf(stderr, "syslens: %s\n", why);
		ruleset_free(rules);
		options_free(&o);
		return 1;
	}

	headless = o.text || o.json || o.summary || o.alerts || !isatty(STDOUT_FILENO);
	if (!headless && ui_available(why, sizeof(why)) < 0) {
		fprintf(stderr, "syslens: %s: writing text instead\n", why);
		headless = true;
	}
	if (headless && !o.text && !o.json && !o.summary && !o.record_path)
		o.text = true;

	c = collector_pick(&o, why, sizeof(why));
	if (!c) {
		fprintf(stderr, "syslens: %s\n", why);
		ruleset_free(rules);
		options_free(&o);
		return 1;
	}
	if (strcmp(c->name, "ptrace") == 0 &&
	    container_attach_pids(&o, why, sizeof(why)) < 0) {
		fprintf(stderr, "syslens: %s\n", why);
		c->destroy(c);
		ruleset_free(rules);
		options_free(&o);
		return 1;
	}
	if (!o.alerts) {
		ruleset_free(rules);	/* only checked; the interface loads its own */
		rules = NULL;
	}
	if (o.record_path) {
		record = record_sink_new(o.record_path, &o, c->name, why, sizeof(why));
		if (!record) {
			fprintf(stderr, "syslens: %s\n", why);
			ruleset_free(rules);
			c->destroy(c);
			options_free(&o);
			return 1;
		}
	}
	if (!headless) {
		status = ui_run(c, &o, record);
		c->destroy(c);
		options_free(&o);
		return status;
	}
	if (o.output_path) {
		out = open_output(o.output_path);
		if (!out) {
			fprintf(stderr, "syslens: cannot write '%s': %s\n",
				o.output_path, strerror(errno));
			if (record)
				record->destroy(record);
			ruleset_free(rules);
			c->destroy(c);
			options_free(&o);
			return 1;
		}
	}
	sink = sinks_build(&o, out, c->name, record, rules);
	rules = NULL;	/* the alert sink owns it */
	if (!o.text && !o.json && !o.summary && !record) {
		sink->destroy(sink);
		c->destroy(c);
		options_free(&o);
		return 0;
	}
	catch_signals();
	running = c;
	rc = c->start(c, &o, sink, why, sizeof(why));
	if (rc < 0) {
		running = NULL;
		fprintf(stderr, "syslens: %s\n", why);
		sink->destroy(sink);
		if (out != stdout)
			fclose(out);
		c->destroy(c);
		options_free(&o);
		return 1;
	}
	rc = c->run(c);
	running = NULL;
	if (sink->finish)
		sink->finish(sink, &c->stats);
	sink->destroy(sink);
	if (out != stdout && fclose(out) != 0)
		fprintf(stderr, "syslens: writing '%s': %s\n", o.output_path,
			strerror(errno));
	fflush(stdout);
	status = o.mode == SL_MODE_LAUNCH && c->exit_status >= 0 ? c->exit_status : (rc < 0);
	c->destroy(c);
	options_free(&o);
	return status;
}
