# tests/tmux.sh - driving the real interface in tmux, for the shell tests.
# Source after tests/lib.sh, then `tmux_setup NAME [WAIT_SECONDS]`.  One
# tmux server per window, each on its own socket (reusing one races with the
# previous server's exit).
tmux_setup() {
	TMUX_NAME=$1
	WAIT_DEFAULT=${2:-15}
	n=0
	S="syslens-$TMUX_NAME-$$-$n"
	trap 'tmux -L "$S" kill-server 2>/dev/null; cleanup' EXIT
}
tm() { tmux -L "$S" "$@"; }

# start W H COMMAND: run COMMAND in a fresh tmux window of W x H
start() {
	local w=$1 h=$2
	shift 2
	tm kill-server 2>/dev/null
	n=$((n + 1))
	S="syslens-$TMUX_NAME-$$-$n"
	tm -f /dev/null new-session -d -s ui -x "$w" -y "$h" -c "$PWD" \
		"$*; echo SYSLENS-EXIT \$?; sleep 600"
	track "$(tm display -p -t ui '#{pid}')"
	track "$(tm display -p -t ui '#{pane_pid}')"
}
screen() { tm capture-pane -p -t ui "$@"; }
# wait_for REGEX [SECONDS]: poll the screen until REGEX shows
wait_for() {
	local i
	for ((i = 0; i < ${2:-$WAIT_DEFAULT} * 10; i++)); do
		screen | grep -qE -- "$1" && return 0
		sleep 0.1
	done
	diag "waited for: $1"
	screen | sed 's/^/# | /'
	return 1
}
keys() { tm send-keys -t ui "$@"; }
