/*
 * options.c - the command line, strace's letters where they fit.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "syslens/collector.h"
#include "syslens/options.h"
#include "syslens/traceset.h"
#include "syslens/util.h"
#include "version.h"

#define SL_RING_DEFAULT	1000000

enum {
	OPT_TEXT = 256, OPT_JSON, OPT_FILTER, OPT_BLOCKED, OPT_THEME,
	OPT_NO_COLOR, OPT_RING, OPT_RULES, OPT_ALERTS, OPT_DUMP_RULES,
	OPT_CHECK_RULES, OPT_CGROUP, OPT_CONTAINER, OPT_KILL,
};

static const struct option long_opts[] = {
	{ "backend", required_argument, NULL, 'B' },
	{ "text", no_argument, NULL, OPT_TEXT },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "output", required_argument, NULL, 'o' },
	{ "summary", no_argument, NULL, 'c' },
	{ "write", required_argument, NULL, 'w' },
	{ "read", required_argument, NULL, 'r' },
	{ "attach", required_argument, NULL, 'p' },
	{ "all", no_argument, NULL, 'a' },
	{ "filter", required_argument, NULL, OPT_FILTER },
	{ "blocked", required_argument, NULL, OPT_BLOCKED },
	{ "theme", required_argument, NULL, OPT_THEME },
	{ "no-color", no_argument, NULL, OPT_NO_COLOR },
	{ "ring", required_argument, NULL, OPT_RING },
	{ "rules", required_argument, NULL, OPT_RULES },
	{ "alerts", no_argument, NULL, OPT_ALERTS },
	{ "dump-rules", no_argument, NULL, OPT_DUMP_RULES },
	{ "check-rules", required_argument, NULL, OPT_CHECK_RULES },
	{ "cgroup", required_argument, NULL, OPT_CGROUP },
	{ "container", required_argument, NULL, OPT_CONTAINER },
	{ "kill-on-quit", no_argument, NULL, OPT_KILL },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static void
usage_line(const char *fmt, const char *arg)
{
	fputs("syslens: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs(" (try 'syslens --help')\n", stderr);
}

static void
print_help(void)
{
	char why[256] = "";
	struct sl_collector *c = ebpf_collector_new(why, sizeof(why));
	const char *backend = c ? "ebpf" : "ptrace";

	if (c)
		c->destroy(c);
	printf("syslens %s - a live syscall explorer\n\n", SL_VERSION);
	printf(
"usage: syslens [OPTIONS] [--] COMMAND [ARG...]   trace a command and its children\n"
"       syslens [OPTIONS] -p PID[,PID...]         attach to running processes\n"
"       syslens [OPTIONS] -a                      every process (eBPF)\n"
"       syslens [OPTIONS] -r FILE                 explore a recording\n"
"\n"
"  -B, --backend=auto|ebpf|ptrace  collector (default auto)\n"
"  -e trace=SET        syscalls to trace, strace syntax (%%file, !%%network, ...)\n"
"  -s N                string bytes printed per argument (default 32)\n"
"  -o FILE             strace-format text to FILE instead of the interface\n"
"      --text          strace-format text on stdout\n"
"      --json          JSON lines (stdout, or -o FILE)\n"
"  -c                  summary table per syscall at exit\n"
"  -T  -t -tt -ttt  -y durations, timestamps, fd paths (text output)\n"
"  -f  -q              accepted as strace takes them: syslens always follows\n"
"                      children and is always quiet (-ff is not supported)\n"
"  -w FILE             record every event to FILE\n"
"  -r FILE             replay a recording\n"
"      --filter=REGEX  start with this filter ('!REGEX' excludes; repeatable)\n"
"      --blocked=DUR   in flight this long counts as blocked (default 1s)\n"
"      --theme=NAME|PATH  color theme; --no-color (or NO_COLOR) for monochrome\n"
"      --ring=N        events kept in memory (default %d)\n"
"      --rules=FILE --alerts --dump-rules --check-rules=FILE  security rules\n"
"      --cgroup=PATH --container=ID  trace one container's processes\n"
"      --kill-on-quit  kill a launched command when the interface quits\n"
"  -h, --help  -V, --version\n"
"\n", SL_RING_DEFAULT);
	printf("backend: auto picks %s here", backend);
	if (!c)
		printf(" (eBPF unavailable: %s)", why);
	printf("\n");
}

static int
parse_uint(const char *s, unsigned long long max, unsigned long long *out)
{
	char *end;
	unsigned long long v;

	if (!s || !*s || *s == '-' || *s == '+')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

static int
parse_pids(struct sl_options *o, const char *arg)
{
	char *dup = xstrdup(arg), *save = NULL, *tok;
	int rc = 0;

	for (tok = strtok_r(dup, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		unsigned long long v;

		if (parse_uint(tok, INT_MAX, &v) < 0 || v == 0) {
			fprintf(stderr, "syslens: -p: '%s' is not a process id\n", tok);
			rc = 1;
			break;
		}
		o->pids = xrealloc(o->pids, sizeof(*o->pids) * (size_t)(o->npids + 1));
		o->pids[o->npids++] = (pid_t)v;
	}
	free(dup);
	return rc;
}

int
options_parse(struct sl_options *o, int argc, char **argv)
{
	const char *color_env = getenv("NO_COLOR");
	int c, all = 0, nmodes, nf = 0;
	bool text_asked = false;
	unsigned long long v;

	memset(o, 0, sizeof(*o));
	o->strsize = 32;
	o->blocked_ns = 1000000000ull;
	o->ring_size = SL_RING_DEFAULT;
	o->launch_tty_fd = -1;
	o->no_color = color_env && *color_env;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+:B:e:s:o:cTtyw:r:p:afqhV",
				long_opts, NULL)) != -1) {
		switch (c) {
		case 'B':
			if (!strcmp(optarg, "auto"))
				o->backend = SL_BACKEND_AUTO;
			else if (!strcmp(optarg, "ebpf"))
				o->backend = SL_BACKEND_EBPF;
			else if (!strcmp(optarg, "ptrace"))
				o->backend = SL_BACKEND_PTRACE;
			else {
				usage_line("unknown backend '%s': auto, ebpf or ptrace", optarg);
				return 2;
			}
			break;
		case 'e': {
			char err[256];

			o->trace_expr = optarg;
			if (!o->trace)
				o->trace = xcalloc(1, sizeof(*o->trace));
			if (traceset_parse(o->trace, optarg, err, sizeof(err)) < 0) {
				fprintf(stderr, "syslens: -e %s: %s\n", optarg, err);
				return 1;
			}
			break;
		}
		case 's':
			if (parse_uint(optarg, 1u << 20, &v) < 0) {
				fprintf(stderr, "syslens: -s: '%s' is not a string size (0 to %u)\n",
					optarg, 1u << 20);
				return 1;
			}
			o->strsize = (unsigned)v;
			if (v > SL_CAPTURE_MAX)	/* said once: the cut stays marked */
				fprintf(stderr, "syslens: -s %s: strings and buffers are captured "
					"up to %d bytes; longer ones end in ...\n", optarg,
					SL_CAPTURE_MAX);
			break;
		case 'o':
			o->output_path = optarg;
			o->text = true;
			break;
		case OPT_TEXT:
			o->text = true;
			text_asked = true;
			break;
		case OPT_JSON:
			o->json = true;
			break;
		case 'c':
			o->summary = true;
			break;
		case 'T':
			o->durations = true;
			break;
		case 't':
			if (o->timestamps < 3)
				o->timestamps++;
			break;
		case 'y':
			o->fdpaths = true;
			break;
		case 'w':
			o->record_path = optarg;
			break;
		case 'r':
			o->replay_path = optarg;
			break;
		case 'p':
			if (parse_pids(o, optarg))
				return 1;
			break;
		case 'a':
			all = 1;
			break;
		case 'f':
			/* strace's -ff writes a file per process: not done here,
			 * and taking it as -f would be silent about that */
			if (++nf > 1) {
				fprintf(stderr, "syslens: -ff (a file per process) is not "
					"supported: -o writes one file, each line with its pid\n");
				return 2;
			}
			break;
		case 'q':
			break;	/* strace habits: syslens always follows, always quiet */
		case OPT_FILTER:
			o->filters = xrealloc(o->filters, sizeof(*o->filters) * (size_t)(o->nfilters + 1));
			o->filters[o->nfilters++] = optarg;
			break;
		case OPT_BLOCKED:
			if (parse_duration(optarg, &o->blocked_ns) < 0) {
				fprintf(stderr, "syslens: --blocked: '%s' is not a duration (like 1s, 500ms)\n", optarg);
				return 1;
			}
			break;
		case OPT_THEME:
			o->theme = optarg;
			break;
		case OPT_NO_COLOR:
			o->no_color = true;
			break;
		case OPT_RING:
			if (parse_uint(optarg, 1ull << 32, &v) < 0 || v < 16) {
				fprintf(stderr, "syslens: --ring: '%s' is not a number of events (16 or more)\n", optarg);
				return 1;
			}
			o->ring_size = (size_t)v;
			break;
		case OPT_RULES:
			o->rules_path = optarg;
			break;
		case OPT_ALERTS:
			o->alerts = true;
			break;
		case OPT_DUMP_RULES:
			o->dump_rules = true;
			break;
		case OPT_CHECK_RULES:
			o->check_rules = optarg;
			break;
		case OPT_CGROUP:
			o->cgroup = optarg;
			break;
		case OPT_CONTAINER:
			o->container = optarg;
			break;
		case OPT_KILL:
			o->kill_on_quit = true;
			break;
		case 'h':
			print_help();
			return -1;
		case 'V':
			printf("syslens %s\n", SL_VERSION);
			return -1;
		case ':':
			usage_line("option '%s' needs an argument", argv[optind - 1]);
			return 2;
		default:
			if (optopt > 0 && optopt < 128 && argv[optind - 1][1] != '-')
				fprintf(stderr, "syslens: unknown option '-%c' (try 'syslens --help')\n", optopt);
			else
				usage_line(optopt ? "option '%s' takes no argument" :
					   "unknown option '%s'", argv[optind - 1]);
			return 2;
		}
	}
	if (o->dump_rules || o->check_rules)
		return 0;

	o->argv = argv + optind;
	if ((o->cgroup || o->container) && !o->argv[0] && !o->npids &&
	    !o->replay_path)
		all = 1;	/* a container alone: all of its processes */
	nmodes = (o->argv[0] != NULL) + (o->npids > 0) + all + (o->replay_path != NULL);
	if (nmodes == 0) {
		usage_line("%s", "nothing to trace: give a COMMAND, -p PID, -a or -r FILE");
		return 2;
	}
	if (nmodes > 1) {
		usage_line("%s", "give only one of COMMAND, -p PID, -a and -r FILE");
		return 2;
	}
	if (o->replay_path)
		o->mode = SL_MODE_REPLAY;
	else if (o->npids)
		o->mode = SL_MODE_ATTACH;
	else if (all)
		o->mode = SL_MODE_ALL;
	else
		o->mode = SL_MODE_LAUNCH;
	if (o->output_path && o->json && !text_asked)
		o->text = false;
	/* strace -c -o FILE: the table alone goes to FILE */
	if (o->output_path && o->summary && !text_asked)
		o->text = false;
	if (o->text && o->json) {
		usage_line("%s", "give only one of --text and --json");
		return 2;
	}
	return 0;
}

void
options_free(struct sl_options *o)
{
	free(o->pids);
	free(o->filters);
	free(o->trace);
	memset(o, 0, sizeof(*o));
}
