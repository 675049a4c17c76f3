#!/usr/bin/env bash
# Install the Debian packages syslens needs to build and test, when missing.
set -eu
pkgs=(make gcc clang llvm pkg-config libbpf-dev bpftool libelf-dev zlib1g-dev
      libpcre2-dev libcmocka-dev libncurses-dev libseccomp-dev strace tmux
      procps util-linux python3 libdeflate-dev)
# bpftool is its own package on Debian 12; older releases ship it in linux-tools.
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "syslens: missing packages; run: sudo apt-get install -y ${missing[*]}" >&2
	exit 1
fi
echo "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
