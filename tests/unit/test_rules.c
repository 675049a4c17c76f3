/* test_rules.c - the rule parser, the matcher and the default set, on hand-built events. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <cmocka.h>

#include "syslens/capture.h"
#include "syslens/event.h"
#include "syslens/options.h"
#include "syslens/rules.h"
#include "syslens/syscalls.h"
#include "syslens/util.h"

#define CID "4f1c1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7"

static struct sl_event_buf B;
static struct sl_ruleset *defaults;

/* A finished syscall `name` = ret with raw args. */
static void
ev_new(const char *name, long ret)
{
	int nr = syscall_lookup(SL_ARCH_X86_64, name);

	assert_true(nr >= 0);
	event_init(&B, SL_EV_SYSCALL);
	B.ev.arch = SL_ARCH_X86_64;
	B.ev.nr = (__u32)nr;
	B.ev.ret = ret;
	B.ev.pid = B.ev.tid = 4242;
	B.ev.ts_enter = 1;
	B.ev.ts_exit = 2;
	strcpy(B.ev.comm, "tracee");
}

static void
arg(int i, uint64_t v)
{
	B.ev.args[i] = v;
}

static void
str(unsigned a, const char *s)
{
	assert_non_null(event_add_payload(&B, a, SL_CAP_STR, 0, 0, s, strlen(s) + 1));
}

static void
argv_add(unsigned a, const char *const *v)
{
	unsigned i;

	for (i = 0; v[i]; i++)
		event_add_payload(&B, a, SL_CAP_STRV, 0, i, v[i], strlen(v[i]) + 1);
}

static void
sin4(unsigned a, const char *ip, int port)
{
	struct sockaddr_in in = { .sin_family = AF_INET, .sin_port = htons(port) };

	inet_pton(AF_INET, ip, &in.sin_addr);
	event_add_payload(&B, a, SL_CAP_SOCKADDR, 0, 0, &in, sizeof(in));
}

static void
sin6(unsigned a, const char *ip, int port)
{
	struct sockaddr_in6 in = { .sin6_family = AF_INET6, .sin6_port = htons(port) };

	inet_pton(AF_INET6, ip, &in.sin6_addr);
	event_add_payload(&B, a, SL_CAP_SOCKADDR, 0, 0, &in, sizeof(in));
}

/* The rule the default set picks for the event built in B, or NULL. */
static const char *
match_in(const char *container)
{
	struct sl_rule_proc p = { .container = container };
	const struct sl_rule_info *r = ruleset_match(defaults, &B.ev, &p);

	return r ? r->name : NULL;
}

static const char *
match(void)
{
	return match_in(NULL);
}

#define assert_rule(want)	assert_string_equal(match() ? match() : "(none)", want)
#define assert_none()		assert_null(match())

static void
ev_openat(const char *path, unsigned flags, long ret)
{
	ev_new("openat", ret);
	arg(0, (uint64_t)(int64_t)AT_FDCWD);
	arg(2, flags);
	str(1, path);
}

static void
test_secret_read(void **state)
{
	static const char *const hits[] = {
		"/etc/shadow", "/etc/gshadow", "/etc/shadow-", "/etc/sudoers",
		"/etc/sudoers.d/90-cloud", "/root/.ssh/id_rsa",
		"/home/u/.ssh/id_ed25519", "/etc/ssh/ssh_host_ed25519_key",
		"/etc/kubernetes/pki/apiserver.key", "/etc/kubernetes/pki/etcd/ca.pem",
		"/etc/ssl/private/site.key",
		"/var/run/secrets/kubernetes.io/serviceaccount/token",
		"/run/secrets/kubernetes.io/serviceaccount/..data/token",
	};
	static const char *const misses[] = {
		"/etc/passwd", "/etc/shadowx", "/root/.ssh/id_rsa.pub",
		"/etc/ssh/ssh_host_ed25519_key.pub", "/etc/kubernetes/pki/ca.crt",
		"/etc/ssl/certs/ca.pem", "/home/u/.ssh/known_hosts",
		"/var/run/secrets/kubernetes.io/serviceaccount/namespace",
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(hits); i++) {
		ev_openat(hits[i], O_RDONLY | O_CLOEXEC, 3);
		assert_rule("secret-read");
	}
	for (size_t i = 0; i < ARRAY_SIZE(misses); i++) {
		ev_openat(misses[i], O_RDONLY | O_CLOEXEC, 3);
		assert_none();
	}
	/* stat-ing is not reading, nor is an O_PATH open */
	ev_new("newfstatat", 0);
	str(1, "/etc/shadow");
	assert_none();
	ev_openat("/etc/shadow", O_PATH, 3);
	assert_none();
	/* open(2) and openat2(2) too */
	ev_new("open", 3);
	arg(1, O_RDONLY);
	str(0, "/etc/gshadow");
	assert_rule("secret-read");
	ev_new("openat2", 3);
	{
		uint64_t how[3] = { O_RDONLY, 0, 0 };

		str(1, "/etc/shadow");
		event_add_payload(&B, 2, SL_CAP_STRUCT, 0, 0, how, sizeof(how));
	}
	assert_rule("secret-read");
}

static const char *
fake_dirpath(void *ctx, __u32 tid, int dirfd)
{
	(void)ctx;
	assert_int_equal(tid, 4242);
	if (dirfd == AT_FDCWD)
		return "/etc";
	return dirfd == 7 ? "/root/.ssh/" : NULL;
}

static void
test_secret_relative(void **state)
{
	(void)state;
	/* openat(3</etc>, "shadow") is /etc/shadow */
	ev_new("openat", 4);
	arg(0, 3);
	str(1, "shadow");
	event_add_payload(&B, SL_PL_FDPATH_BASE + 0, SL_CAP_STR, 0, 0, "/etc", 5);
	assert_rule("secret-read");
	/* or with the directory from the process (its cwd, its fds) */
	ev_openat("shadow", O_RDONLY, 3);
	{
		struct sl_rule_proc p = { NULL, NULL, fake_dirpath, NULL };
		const struct sl_rule_info *r = ruleset_match(defaults, &B.ev, &p);

		assert_non_null(r);
		assert_string_equal(r->name, "secret-read");
		ev_new("openat", 4);
		arg(0, 7);
		str(1, "id_rsa");
		r = ruleset_match(defaults, &B.ev, &p);
		assert_non_null(r);
		assert_string_equal(r->name, "secret-read");
		ev_new("open", 4);
		str(0, "passwd");
		assert_null(ruleset_match(defaults, &B.ev, &p));
	}
	/* and so is a relative path whose returned fd resolves there */
	ev_openat("shadow", O_RDONLY, 3);
	assert_none();
	event_add_payload(&B, SL_PL_FDPATH_RET, SL_CAP_STR, 0, 0, "/etc/shadow", 12);
	assert_rule("secret-read");
}

static void
test_secret_failed(void **state)
{
	(void)state;
	ev_openat("/etc/shadow", O_RDONLY, -EACCES);
	assert_rule("secret-open-failed");
	ev_openat("/root/.ssh/id_rsa", O_RDONLY, -EPERM);
	assert_rule("secret-open-failed");
	ev_openat("/etc/shadow", O_RDONLY, -ENOENT);
	assert_none();
	ev_openat("/etc/passwd", O_RDONLY, -EACCES);
	assert_none();
}

static void
ev_execve(const char *path, const char *const *av, long ret)
{
	ev_new("execve", ret);
	str(0, path);
	argv_add(1, av);
}

static void
test_shell(void **state)
{
	static const char *const sh[] = { "sh", "-c", "id", NULL };
	static const char *const bash[] = { "-bash", NULL };
	static const char *const ls[] = { "ls", "-l", NULL };
	static const char *const bb_sh[] = { "busybox", "sh", NULL };
	static const char *const bb_ls[] = { "busybox", "ls", NULL };

	(void)state;
	ev_execve("/bin/sh", sh, 0);
	assert_rule("shell-exec");
	ev_execve("/usr/bin/bash", bash, 0);
	assert_rule("shell-exec");
	ev_execve("/bin/busybox", bb_sh, 0);
	assert_rule("shell-exec");
	/* near misses: another program, a failed exec, another applet */
	ev_execve("/bin/ls", ls, 0);
	assert_none();
	ev_execve("/usr/local/bin/sh", sh, -ENOENT);
	assert_none();
	ev_execve("/bin/busybox", bb_ls, 0);
	assert_none();
	ev_execve("/usr/bin/ssh", ls, 0);
	assert_none();
	/* execveat: the path is argument 1 */
	ev_new("execveat", 0);
	str(1, "/bin/dash");
	argv_add(2, sh);
	assert_rule("shell-exec");
}

static void
test_shell_container(void **state)
{
	static const char *const sh[] = { "sh", NULL };
	static const char *const py[] = { "python3", NULL };

	(void)state;
	ev_execve("/bin/sh", sh, 0);
	assert_string_equal(match_in(CID), "shell-exec-in-container");
	assert_string_equal(match_in(""), "shell-exec");
	ev_execve("/usr/bin/python3", py, 0);
	assert_null(match_in(CID));
}

static void
connect4(const char *ip, int port, long ret)
{
	ev_new("connect", ret);
	arg(0, 3);
	arg(2, 16);
	sin4(1, ip, port);
}

static void
test_remote_admin(void **state)
{
	(void)state;
	connect4("127.0.0.1", 22, -ECONNREFUSED);
	assert_rule("remote-admin-connect");
	connect4("10.0.0.5", 3389, -EINPROGRESS);
	assert_rule("remote-admin-connect");
	connect4("10.0.0.5", 5900, 0);
	assert_rule("remote-admin-connect");
	ev_new("connect", 0);
	sin6(1, "2001:db8::1", 23);
	assert_rule("remote-admin-connect");
	connect4("127.0.0.1", 2222, 0);
	assert_none();
	connect4("127.0.0.1", 443, 0);
	assert_none();
	/* bind to 22 is not a connection */
	ev_new("bind", 0);
	sin4(1, "0.0.0.0", 22);
	assert_none();
}

static void
test_metadata(void **state)
{
	(void)state;
	connect4("169.254.169.254", 80, 0);
	assert_rule("cloud-metadata-connect");
	ev_new("connect", 0);
	sin6(1, "::ffff:169.254.169.254", 80);
	assert_rule("cloud-metadata-connect");
	ev_new("sendto", 40);
	sin4(4, "169.254.169.254", 53);
	assert_rule("cloud-metadata-connect");
	connect4("169.254.169.253", 80, 0);
	assert_none();
	connect4("196.254.169.254", 80, 0);
	assert_none();
}

static void
test_listen(void **state)
{
	(void)state;
	ev_new("listen", 0);
	arg(0, 3);
	arg(1, 128);
	assert_rule("listen-socket");
	ev_new("listen", -EBADF);
	assert_none();
	ev_new("accept4", 5);
	assert_none();
}

static void
test_system_write(void **state)
{
	(void)state;
	ev_openat("/etc/passwd", O_WRONLY | O_TRUNC, 3);
	assert_rule("system-dir-write");
	ev_openat("/usr/bin/ls", O_RDWR, 3);
	assert_rule("system-dir-write");
	ev_openat("/sbin/newtool", O_RDONLY | O_CREAT, 3);
	assert_rule("system-dir-write");
	ev_new("creat", 3);
	str(0, "/bin/x");
	assert_rule("system-dir-write");
	ev_openat("/etc/passwd", O_RDONLY | O_CLOEXEC, 3);
	assert_none();
	ev_openat("/tmp/etc/x", O_WRONLY | O_CREAT, 3);
	assert_none();
	ev_openat("/usr/lib/x", O_WRONLY, 3);
	assert_none();
	/* writing a secret outranks reading it: the more severe rule wins */
	ev_openat("/etc/shadow", O_RDWR, 3);
	assert_rule("system-dir-write");
}

static void
test_system_modify(void **state)
{
	(void)state;
	ev_new("renameat2", 0);
	str(1, "/tmp/evil");
	str(3, "/usr/bin/ls");
	assert_rule("system-dir-modify");
	ev_new("unlink", 0);
	str(0, "/etc/ld.so.preload");
	assert_rule("system-dir-modify");
	ev_new("symlink", 0);
	str(0, "/tmp/x");
	str(1, "/etc/cron.d/x");
	assert_rule("system-dir-modify");
	/* a link pointing into /etc is not a change under /etc */
	ev_new("symlink", 0);
	str(0, "/etc/hosts");
	str(1, "/tmp/hosts");
	assert_none();
	ev_new("rename", 0);
	str(0, "/tmp/a");
	str(1, "/tmp/b");
	assert_none();
}

static void
test_setuid(void **state)
{
	(void)state;
	ev_new("chmod", 0);
	str(0, "/tmp/x");
	arg(1, 04755);
	assert_rule("setuid-chmod");
	ev_new("fchmodat", 0);
	str(1, "x");
	arg(2, 02711);
	assert_rule("setuid-chmod");
	ev_new("fchmod", 0);
	arg(0, 3);
	arg(1, 06755);
	assert_rule("setuid-chmod");
	ev_new("chmod", 0);
	str(0, "/tmp/x");
	arg(1, 0755);
	assert_none();
	ev_new("fchmodat", 0);
	str(1, "x");
	arg(2, 01777);
	assert_none();
}

static void
test_module_mount_ptrace(void **state)
{
	(void)state;
	ev_new("finit_module", 0);
	assert_rule("module-load");
	ev_new("init_module", -EPERM);
	assert_rule("module-load");
	ev_new("delete_module", 0);
	assert_none();
	ev_new("mount", 0);
	str(0, "tmpfs");
	str(1, "/mnt");
	assert_rule("mount");
	ev_new("umount2", 0);
	assert_none();
	ev_new("ptrace", 0);
	arg(0, 16);	/* PTRACE_ATTACH */
	arg(1, 1);
	assert_rule("ptrace-attach");
	ev_new("ptrace", 0);
	arg(0, 0);	/* PTRACE_TRACEME */
	assert_none();
}

static void
test_inflight(void **state)
{
	(void)state;
	/* an unfinished call cannot match a rule that looks at the result */
	ev_openat("/etc/shadow", O_RDONLY, 0);
	B.ev.flags |= SL_EVF_INFLIGHT;
	assert_none();
	connect4("127.0.0.1", 22, 0);
	B.ev.flags |= SL_EVF_INFLIGHT;
	assert_rule("remote-admin-connect");
	/* process events never match */
	event_init(&B, SL_EV_EXEC);
	str(0, "/bin/sh");
	assert_none();
}

static void
test_every_default_tested(void **state)
{
	static const char *const tested[] = {
		"secret-read", "secret-open-failed", "shell-exec",
		"shell-exec-in-container", "remote-admin-connect",
		"cloud-metadata-connect", "listen-socket", "system-dir-write",
		"system-dir-modify", "setuid-chmod", "module-load", "mount",
		"ptrace-attach",
	};

	(void)state;
	assert_int_equal(ruleset_size(defaults), ARRAY_SIZE(tested));
	for (int i = 0; i < ruleset_size(defaults); i++)
		assert_string_equal(ruleset_info(defaults, i)->name, tested[i]);
}

/* The error for a broken text, or "" when it parses. */
static const char *
parse_err(const char *text)
{
	static char err[256];
	struct sl_ruleset *rs = ruleset_new();

	err[0] = '\0';
	if (ruleset_parse(rs, "t.rules", text, err, sizeof(err)) == 0)
		err[0] = '\0';
	ruleset_free(rs);
	return err;
}

#define HEAD "rule r\n\tseverity warning\n\tmessage m\n"

static void
test_parse_errors(void **state)
{
	(void)state;
	assert_string_equal(parse_err(HEAD "\tsyscall openat\n"), "");
	assert_string_equal(parse_err(HEAD "\tbogus 1\n"),
			    "t.rules:4:2: unknown key 'bogus'");
	assert_string_equal(parse_err(HEAD "\tsyscall openat frobnicate\n"),
			    "t.rules:4:17: unknown syscall 'frobnicate'");
	assert_string_equal(parse_err(HEAD "\tsyscall %files\n"),
			    "t.rules:4:10: unknown syscall class '%files'");
	assert_string_equal(parse_err(HEAD "\tpath ^(/etc\n"),
			    "t.rules:4:13: bad regex: missing closing parenthesis");
	assert_string_equal(parse_err(HEAD "\tport 22 70000\n"),
			    "t.rules:4:10: bad port '70000'");
	assert_string_equal(parse_err(HEAD "\tport 30-20\n"),
			    "t.rules:4:7: bad port range '30-20'");
	assert_string_equal(parse_err(HEAD "\taddr 10.0.0.0/33\n"),
			    "t.rules:4:7: not an IP address or CIDR range: '10.0.0.0/33'");
	assert_string_equal(parse_err(HEAD "\tresult success EWHAT\n"),
			    "t.rules:4:17: result is success, failure or an errno name, not 'EWHAT'");
	assert_string_equal(parse_err(HEAD "\taccess exec\n"),
			    "t.rules:4:9: access is 'read' or 'write', not 'exec'");
	assert_string_equal(parse_err(HEAD "\tnot syscall openat\n"),
			    "t.rules:4:6: 'syscall' cannot be negated");
	assert_string_equal(parse_err(HEAD "\tpath\n"),
			    "t.rules:4:6: 'path' needs a value");
	assert_string_equal(parse_err("rule r\n\tmessage m\n\tsyscall openat\n"),
			    "t.rules:1:1: rule 'r' has no severity");
	assert_string_equal(parse_err("rule r\n\tseverity high\n"),
			    "t.rules:2:11: unknown severity 'high' (debug, info, notice, warning, error, critical, alert, emergency)");
	assert_string_equal(parse_err("rule r\n\tseverity info\n\tsyscall read\n\nrule s\n"),
			    "t.rules:1:1: rule 'r' has no message");
	assert_string_equal(parse_err(HEAD "\n# nothing\n"),
			    "t.rules:1:1: rule 'r' has no condition: it would match everything");
	assert_string_equal(parse_err("\tseverity warning\n"),
			    "t.rules:1:2: 'severity' outside a rule (start one with 'rule NAME')");
	assert_string_equal(parse_err(HEAD "\tsyscall read\n" HEAD "\tsyscall write\n"),
			    "t.rules:5:6: rule 'r' already defined at line 1");
	assert_string_equal(parse_err("rule bad name\n"),
			    "t.rules:1:10: a rule name is one word");
	assert_string_equal(parse_err("disable nosuch\n"),
			    "t.rules:1:9: no rule named 'nosuch' to disable");
}

static void
test_user_rules(void **state)
{
	struct sl_ruleset *rs = ruleset_new_default();
	char err[256];
	int n = ruleset_size(rs);
	struct sl_rule_proc proc = { .exe = "/usr/bin/curl" };
	const struct sl_rule_info *r;

	(void)state;
	/* a broken file leaves the set as it was */
	assert_int_equal(ruleset_parse(rs, "u", "disable shell-exec\nrule x\n", err, sizeof(err)), -EINVAL);
	ev_execve("/bin/sh", (const char *const[]){ "sh", NULL }, 0);
	assert_non_null(ruleset_match(rs, &B.ev, NULL));

	assert_int_equal(ruleset_parse(rs, "u",
		"disable shell-exec listen-socket\n"
		"# replaces the built-in one\n"
		"rule secret-read\n"
		"\tseverity debug\n"
		"\tmessage only this file\n"
		"\tsyscall openat\n"
		"\tpath ^/srv/secret$\n"
		"\n"
		"rule curl-https\n"
		"\tseverity info\n"
		"\tmessage curl talks https\n"
		"\tsyscall connect sendto\n"
		"\tport 443 8000-8999\n"
		"\texe /curl$\n"
		"\tcomm ^tracee$\n"
		"\taddr 10.0.0.0/8 fe80::/10\n", err, sizeof(err)), 0);
	assert_int_equal(ruleset_size(rs), n + 1);
	assert_false(ruleset_enabled(rs, 2));
	assert_null(ruleset_match(rs, &B.ev, NULL));
	ev_openat("/etc/shadow", O_RDONLY, 3);
	assert_null(ruleset_match(rs, &B.ev, NULL));
	ev_openat("/srv/secret", O_RDONLY, 3);
	r = ruleset_match(rs, &B.ev, NULL);
	assert_non_null(r);
	assert_string_equal(r->message, "only this file");
	assert_int_equal(r->severity, SL_SEV_DEBUG);
	connect4("10.1.2.3", 8443, 0);
	r = ruleset_match(rs, &B.ev, &proc);
	assert_non_null(r);
	assert_string_equal(r->name, "curl-https");
	assert_null(ruleset_match(rs, &B.ev, NULL));	/* exe unknown */
	connect4("11.1.2.3", 8443, 0);
	assert_null(ruleset_match(rs, &B.ev, &proc));
	ev_new("connect", 0);
	sin6(1, "fe80::1", 443);
	assert_non_null(ruleset_match(rs, &B.ev, &proc));
	assert_true(ruleset_needs(rs) & SL_RULE_NEEDS_EXE);
	ruleset_free(rs);
}

static void
test_eval_tracks_exe(void **state)
{
	struct sl_ruleset *rs = ruleset_new();
	struct sl_rules_eval *e;
	char err[256];
	const struct sl_rule_info *r;

	(void)state;
	assert_int_equal(ruleset_parse(rs, "u",
		"rule nc-listen\n\tseverity error\n\tmessage m\n"
		"\tsyscall listen\n\texe (^|/)nc$\n", err, sizeof(err)), 0);
	e = rules_eval_new(rs, false);
	ev_execve("/usr/bin/nc", (const char *const[]){ "nc", "-l", NULL }, 0);
	assert_null(rules_eval_event(e, &B.ev));
	/* a forked child inherits it */
	event_init(&B, SL_EV_FORK);
	B.ev.pid = 4242;
	B.ev.args[0] = 4343;
	rules_eval_event(e, &B.ev);
	ev_new("listen", 0);
	B.ev.pid = 4343;
	r = rules_eval_event(e, &B.ev);
	assert_non_null(r);
	assert_string_equal(r->name, "nc-listen");
	/* a fork record naming the parent itself changes nothing */
	event_init(&B, SL_EV_FORK);
	B.ev.pid = 4343;
	B.ev.args[0] = 4343;
	rules_eval_event(e, &B.ev);
	ev_new("listen", 0);
	B.ev.pid = 4343;
	assert_non_null(rules_eval_event(e, &B.ev));
	/* gone with the process */
	event_init(&B, SL_EV_EXIT);
	B.ev.pid = 4343;
	B.ev.args[0] = 1;
	rules_eval_event(e, &B.ev);
	ev_new("listen", 0);
	B.ev.pid = 4343;
	assert_null(rules_eval_event(e, &B.ev));
	rules_eval_free(e);
	ruleset_free(rs);
}

static void
test_eval_exec_split(void **state)
{
	struct sl_rules_eval *e = rules_eval_new(defaults, false);
	const struct sl_rule_info *r;

	(void)state;
	/* path and argv on an unfinished record, the result on a bare one */
	ev_execve("/bin/sh", (const char *const[]){ "sh", NULL }, 0);
	B.ev.flags |= SL_EVF_NOEXIT;
	assert_null(rules_eval_event(e, &B.ev));
	ev_new("execve", 0);
	r = rules_eval_event(e, &B.ev);
	assert_non_null(r);
	assert_string_equal(r->name, "shell-exec");
	/* used once */
	assert_null(rules_eval_event(e, &B.ev));
	rules_eval_free(e);
}

static void
test_dump_roundtrip(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct sl_ruleset *rs = ruleset_new();
	char err[256];

	(void)state;
	ruleset_dump(defaults, f);
	fclose(f);
	assert_string_equal(buf, rules_default_text());
	assert_int_equal(ruleset_parse(rs, "dump", buf, err, sizeof(err)), 0);
	assert_int_equal(ruleset_size(rs), ruleset_size(defaults));
	ruleset_free(rs);
	free(buf);
}

/* Push the seed scenario's events and a few harmless ones through --alerts. */
static char *
run_alert_sink(bool json, bool summary, FILE **sumf)
{
	struct sl_options o;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct sl_sink *s;

	memset(&o, 0, sizeof(o));
	o.json = json;
	o.text = !json && !summary;
	o.summary = summary;
	o.strsize = 32;
	o.mode = SL_MODE_REPLAY;	/* no /proc lookups */
	s = alert_sink_new(f, &o, ruleset_new_default());
	ev_openat("/etc/ld.so.cache", O_RDONLY | O_CLOEXEC, 3);
	assert_int_equal(s->event(s, &B.ev), 0);
	ev_openat("/etc/shadow", O_RDONLY, 3);
	B.ev.flags |= SL_EVF_INFLIGHT;
	assert_int_equal(s->event(s, &B.ev), 0);	/* not yet */
	B.ev.flags &= ~SL_EVF_INFLIGHT;
	assert_int_equal(s->event(s, &B.ev), 0);
	connect4("127.0.0.1", 22, -ECONNREFUSED);
	assert_int_equal(s->event(s, &B.ev), 0);
	ev_new("getppid", 1);
	assert_int_equal(s->event(s, &B.ev), 0);
	ev_execve("/bin/sh", (const char *const[]){ "sh", "-c", "exit 0", NULL }, 0);
	assert_int_equal(s->event(s, &B.ev), 0);
	s->finish(s, NULL);
	s->destroy(s);
	fclose(f);
	(void)sumf;
	return buf;
}

static int
count_lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void
test_alert_sink(void **state)
{
	char *out;

	(void)state;
	out = run_alert_sink(true, false, NULL);
	assert_int_equal(count_lines(out), 3);
	assert_non_null(strstr(out, "\"alert\":{\"rule\":\"secret-read\",\"severity\":\"warning\",\"message\":\"a secret file was opened for reading\"}}\n"));
	assert_non_null(strstr(out, "\"alert\":{\"rule\":\"remote-admin-connect\""));
	assert_non_null(strstr(out, "\"alert\":{\"rule\":\"shell-exec\",\"severity\":\"notice\""));
	assert_null(strstr(out, "ld.so.cache"));
	free(out);

	out = run_alert_sink(false, false, NULL);
	assert_int_equal(count_lines(out), 3);
	assert_memory_equal(out, "secret-read warning 4242 ", 25);
	assert_non_null(strstr(out, "\nremote-admin-connect warning 4242 "));
	assert_non_null(strstr(out, "\nshell-exec notice 4242 "));
	free(out);

	out = run_alert_sink(false, true, NULL);
	assert_non_null(strstr(out, "       1 secret-read                  warning\n"));
	assert_non_null(strstr(out, "       3 total\n"));
	free(out);
}

struct collect {
	struct sl_sink sink;
	int n, alerts;
	__u64 last_seq;
};

static int
collect_event(struct sl_sink *s, const struct sl_event *ev)
{
	struct collect *c = (struct collect *)s;

	c->n++;
	c->alerts += !!(ev->flags & SL_EVF_ALERT);
	c->last_seq = ev->seq;
	return 0;
}

static void
collect_destroy(struct sl_sink *s)
{
	(void)s;
}

static void
test_alert_log(void **state)
{
	struct collect c = { { collect_event, NULL, collect_destroy }, 0, 0, 0 };
	struct sl_alert_log *log;
	struct sl_sink *s = alert_mark_sink_new(&c.sink, ruleset_new_default(), false, &log);
	struct sl_alert a;

	(void)state;
	ev_openat("/etc/shadow", O_RDONLY, 3);
	B.ev.seq = 10;
	s->event(s, &B.ev);
	ev_new("getppid", 1);
	B.ev.seq = 11;
	s->event(s, &B.ev);
	/* finished out of order: seq 12 after 13 */
	connect4("127.0.0.1", 22, 0);
	B.ev.seq = 13;
	B.ev.pid = 99;
	s->event(s, &B.ev);
	ev_execve("/bin/sh", (const char *const[]){ "sh", NULL }, 0);
	B.ev.seq = 12;
	s->event(s, &B.ev);
	/* every event passes, the three alerts marked */
	assert_int_equal(c.n, 4);
	assert_int_equal(c.alerts, 3);
	assert_int_equal(alert_log_count(log), 3);
	assert_int_equal(alert_log_get(log, 0, &a), 0);
	assert_int_equal(a.seq, 13);
	assert_int_equal(a.index, 2);
	assert_string_equal(alert_log_rule(log, a.rule)->name, "remote-admin-connect");
	assert_int_equal(alert_log_get(log, 2, &a), 0);
	assert_int_equal(a.seq, 10);
	assert_int_equal(alert_log_get(log, 3, &a), -ENOENT);
	assert_string_equal(alert_log_find(log, 12)->name, "shell-exec");
	assert_string_equal(alert_log_find(log, 10)->name, "secret-read");
	assert_null(alert_log_find(log, 11));
	assert_int_equal(alert_log_pid_count(log, 4242), 2);
	assert_int_equal(alert_log_pid_count(log, 99), 1);
	assert_int_equal(alert_log_pid_count(log, 7), 0);
	{
		char id[80] = "x";
		pid_t nsp = -1;

		/* not live: known processes, no container, no namespaced pid */
		assert_true(alert_log_proc(log, 99, id, sizeof(id), &nsp));
		assert_string_equal(id, "");
		assert_int_equal(nsp, 0);
		assert_false(alert_log_proc(log, 7, id, sizeof(id), &nsp));
	}
	s->destroy(s);
}

static int cost_rounds = 200000;

/* Not an assertion: the CPU cost per event, printed for the record. */
static void
test_cost(void **state)
{
	static struct sl_event_buf evs[4];
	struct timespec t0, t1;
	const int n = cost_rounds;
	const struct sl_rule_info *r;
	int hits = 0;

	(void)state;
	ev_new("read", 100);
	evs[0] = B;
	ev_openat("/usr/lib/x86_64-linux-gnu/libc.so.6", O_RDONLY | O_CLOEXEC, 3);
	evs[1] = B;
	connect4("10.0.0.1", 443, 0);
	evs[2] = B;
	ev_execve("/usr/bin/ls", (const char *const[]){ "ls", "-l", NULL }, 0);
	evs[3] = B;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
	for (int i = 0; i < n; i++) {
		r = ruleset_match(defaults, &evs[i & 3].ev, NULL);
		hits += r != NULL;
	}
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t1);
	assert_int_equal(hits, 0);
	printf("# default rules: %.0f ns per event (read, openat, connect, execve mix)\n",
	       ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / n);
}

static int
setup(void **state)
{
	(void)state;
	defaults = ruleset_new_default();
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	ruleset_free(defaults);
	return 0;
}

int
main(int argc, char **argv)
{
	/* --bench: only the cost measure, longer (make bench) */
	if (argc > 1 && strcmp(argv[1], "--bench") == 0) {
		const struct CMUnitTest bench[] = { cmocka_unit_test(test_cost) };

		cost_rounds = 5000000;
		return cmocka_run_group_tests(bench, setup, teardown);
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_secret_read),
		cmocka_unit_test(test_secret_relative),
		cmocka_unit_test(test_secret_failed),
		cmocka_unit_test(test_shell),
		cmocka_unit_test(test_shell_container),
		cmocka_unit_test(test_remote_admin),
		cmocka_unit_test(test_metadata),
		cmocka_unit_test(test_listen),
		cmocka_unit_test(test_system_write),
		cmocka_unit_test(test_system_modify),
		cmocka_unit_test(test_setuid),
		cmocka_unit_test(test_module_mount_ptrace),
		cmocka_unit_test(test_inflight),
		cmocka_unit_test(test_every_default_tested),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_user_rules),
		cmocka_unit_test(test_eval_tracks_exe),
		cmocka_unit_test(test_eval_exec_split),
		cmocka_unit_test(test_dump_roundtrip),
		cmocka_unit_test(test_alert_sink),
		cmocka_unit_test(test_alert_log),
		cmocka_unit_test(test_cost),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
