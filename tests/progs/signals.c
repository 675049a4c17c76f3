/*
 * signals.c - signals a tracer must pass on unchanged.
 *   signals          SIGUSR1 to a handler, a child's SIGCHLD, then exit with
 *                    the number of handled signals (2)
 *   signals stop     stop itself with SIGSTOP; after SIGCONT, exit 0
 *   signals segv     die of SIGSEGV (exit status 128+11 under a shell)
 */
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t handled;

static void
on_sig(int sig)
{
	(void)sig;
	handled++;
}

int
main(int argc, char **argv)
{
	struct sigaction sa;
	pid_t pid;
	int status;

	if (argc > 1 && !strcmp(argv[1], "stop")) {
		raise(SIGSTOP);
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "segv")) {
		signal(SIGSEGV, SIG_DFL);
		*(volatile int *)8 = 1;
		return 1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sig;
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGCHLD, &sa, NULL);
	kill(getpid(), SIGUSR1);
	pid = fork();
	if (pid == 0)
		_exit(0);
	while (waitpid(pid, &status, 0) < 0)
		;
	return handled;
}
