#!/usr/bin/env bash
# tools/screenshots.sh - pictures of the real interface for the README:
# xterm on a virtual X display (Xvfb), syslens inside tmux (so keys can
# be sent), captured with ImageMagick's import.  Needs xvfb, xterm,
# imagemagick and fonts-dejavu-core (a font with the bar and box-drawing
# glyphs).  Writes screenshots/*.png.
#
# The traced program is build/progs/demo under the ptrace backend; where
# no tracing backend works here, the test collector's made-up scene is
# used instead and the script says so.
set -eu
cd "$(dirname "$0")/.."
SYSLENS=${SYSLENS:-build/syslens}
OUT=screenshots
DISPLAY_NUM=:${SCREENSHOT_DISPLAY:-97}
SOCK="syslens-shots-$$"
COLS=132 ROWS=40
mkdir -p "$OUT"

for t in Xvfb xterm import xwininfo tmux; do
	command -v "$t" >/dev/null || { echo "screenshots: $t is not installed" >&2; exit 1; }
done

xvfb_pid=
cleanup() {
	tmux -L "$SOCK" kill-server 2>/dev/null || true
	[ -n "${xterm_pid:-}" ] && kill "$xterm_pid" 2>/dev/null || true
	[ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
}
trap cleanup EXIT

Xvfb "$DISPLAY_NUM" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
sleep 1

# The command to show: a real trace when a backend works, else the made-up scene.
if "$SYSLENS" --text -B ptrace -- true >/dev/null 2>&1; then
	RUN="$SYSLENS -B ptrace --blocked=500ms"
	CMD="build/progs/demo 100"
else
	echo "screenshots: no tracing backend works here; showing the test collector's scene" >&2
	RUN="env SYSLENS_FAKE_COLLECTOR=1 $SYSLENS"
	CMD="true"
fi

# shot NAME THEME KEYS...: start syslens, send KEYS, capture
shot() {
	local name=$1 theme=$2 win bg=black fg=grey90
	shift 2
	if [ "$theme" = light ]; then
		bg=white fg=black
	fi
	tmux -L "$SOCK" kill-server 2>/dev/null || true
	SOCK="syslens-shots-$$-$name"
	tmux -L "$SOCK" -f /dev/null start-server \; set -g default-terminal tmux-256color \; \
		new-session -d -s shot -x $COLS -y $ROWS \
		"env LANG=C.UTF-8 $RUN --theme $theme -- $CMD; sleep 60"
	tmux -L "$SOCK" set -g status off >/dev/null
	LANG=C.UTF-8 xterm -display "$DISPLAY_NUM" -geometry ${COLS}x${ROWS}+0+0 \
		-fa 'DejaVu Sans Mono' -fs 10 -bg $bg -fg $fg -xrm 'XTerm*utf8: 1' -title syslens \
		-e tmux -L "$SOCK" attach -t shot &
	xterm_pid=$!
	sleep 4
	for k in "$@"; do
		tmux -L "$SOCK" send-keys -t shot "$k"
		sleep 0.7
	done
	sleep 1.5
	win=$(DISPLAY=$DISPLAY_NUM xwininfo -root -tree | awk '/"syslens"/ { print $1; exit }')
	DISPLAY=$DISPLAY_NUM import -window "${win:-root}" "$OUT/$name.png"
	kill "$xterm_pid" 2>/dev/null || true
	wait "$xterm_pid" 2>/dev/null || true
	xterm_pid=
	echo "  SHOT     $OUT/$name.png"
}

shot tree-blocked default
shot errors default e
shot blocked-now default b
shot detail default e k Enter
shot help default '?'
shot light light
shot high-contrast high-contrast
