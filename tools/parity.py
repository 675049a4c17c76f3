#!/usr/bin/env python3
"""parity.py - compare syslens's text output with strace's, line by line.

Each program is traced twice, by `strace -f -q -o A` and by
`syslens -B ptrace -o B` (or --backend ebpf); both files go through the same normalisation
(strace's unfinished/resumed pairs joined, pids numbered in order,
addresses, random bytes, times and ephemeral ports masked, alignment
spaces dropped), then compared thread by thread, since the interleaving
of threads differs from run to run.  Printed per program and overall:
the share of identical lines and the share of lines with the same
syscall name and result.

usage: parity.py [--short] [--syslens PATH] [--progs DIR]
                 [--min-identical PCT] [--min-name PCT] [--keep DIR]
                 [--show N] [--mangle RE=REPL] [NAME...]
Exit status 1 when a --min-* threshold is not met, 2 on a setup error.
"""

import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def programs(progs, work):
    """(name, argv, in_short_list) for every program of issue 3."""
    py = shutil.which("python3", path="/usr/bin") or "python3"
    p = os.path.join(progs, "parity")
    return [
        ("threads", [p, "threads"], True),
        ("net", [p, "net"], True),
        ("poll", [p, "poll"], True),
        ("fds", [p, "fds"], True),
        ("files", [p, "files"], True),
        ("misc", [p, "misc"], True),
        ("ls", ["ls", "-l", "/etc"], True),
        ("sh-pipeline", ["sh", "-c", "echo hello | tr a-z A-Z | wc -c"], True),
        ("cat", ["cat", "/etc/hostname", "/etc/passwd"], False),
        ("find", ["find", "/usr/share/doc/bash"], False),
        ("tar", ["tar", "cf", "-", "-C", work, "tree"], False),
        ("gzip", ["gzip", "-c", os.path.join(work, "tree", "big.txt")], False),
        ("python3", [py, "-c", "import json, socket, subprocess"], False),
        ("gcc", ["gcc", "-c", "-o", os.path.join(work, "small.o"),
                 os.path.join(work, "small.c")], False),
        ("git-status", ["git", "-C", os.path.join(work, "repo"), "status"], False),
        ("make", ["make", "-s", "-C", os.path.join(work, "mk")], False),
        ("sleep", ["sleep", "0.05"], False),
        ("date", ["date", "-u", "+%Y"], False),
        # -y: fds shown with their paths
        ("files -y", [p, "files"], True),
        ("net -y", [p, "net"], False),
        ("fds -y", [p, "fds"], False),
        ("poll -y", [p, "poll"], False),
        ("cat -y", ["cat", "/etc/hostname", "/etc/passwd"], False),
        ("ls -y", ["ls", "-l", "/etc"], False),
    ]


def setup(work):
    """The files some programs work on, the same for both runs."""
    tree = os.path.join(work, "tree")
    os.makedirs(os.path.join(tree, "d"), exist_ok=True)
    with open(os.path.join(tree, "big.txt"), "w") as f:
        for i in range(2000):
            f.write("line %d of a file to compress\n" % i)
    with open(os.path.join(tree, "d", "x"), "w") as f:
        f.write("x\n")
    with open(os.path.join(work, "small.c"), "w") as f:
        f.write("int add(int a, int b) { return a + b; }\n")
    repo = os.path.join(work, "repo")
    if not os.path.isdir(os.path.join(repo, ".git")):
        os.makedirs(repo, exist_ok=True)
        env = dict(os.environ, GIT_AUTHOR_NAME="p", GIT_AUTHOR_EMAIL="p@p",
                   GIT_COMMITTER_NAME="p", GIT_COMMITTER_EMAIL="p@p")
        subprocess.run(["git", "init", "-q", repo], check=True, env=env)
        with open(os.path.join(repo, "f"), "w") as f:
            f.write("f\n")
        subprocess.run(["git", "-C", repo, "add", "f"], check=True, env=env)
        subprocess.run(["git", "-C", repo, "commit", "-qm", "f"], check=True, env=env)
        with open(os.path.join(repo, "g"), "w") as f:
            f.write("untracked\n")
    mk = os.path.join(work, "mk")
    os.makedirs(mk, exist_ok=True)
    with open(os.path.join(mk, "Makefile"), "w") as f:
        f.write("all:\n\t@true\n")


LINE = re.compile(r"^(\d+) +(.*)$")


def read_trace(path):
    """{pid: [line, ...]} with strace's unfinished/resumed joined."""
    per = {}
    pending = {}
    superseded = {}
    with open(path, errors="replace") as f:
        for raw in f:
            raw = raw.rstrip("\n")
            m = LINE.match(raw)
            if not m:
                continue
            pid, text = int(m.group(1)), m.group(2)
            lines = per.setdefault(pid, [])
            if text.endswith(" <unfinished ...>"):
                pending[pid] = len(lines)
                lines.append(text[: -len(" <unfinished ...>")])
                continue
            rm = re.match(r"^<\.\.\. ([\w]+) resumed>(.*)$", text)
            if rm and pid in pending:
                i = pending.pop(pid)
                lines[i] = lines[i] + rm.group(2)
                continue
            if rm and rm.group(1) == "execve" and superseded.get(pid) in pending:
                # a non-leader's execve resumes on the leader's pid
                other = superseded.pop(pid)
                i = pending.pop(other)
                lines.append(per[other].pop(i) + rm.group(2))
                continue
            sm = re.match(r"^\+\+\+ superseded by execve in pid (\d+) \+\+\+$", text)
            if sm:
                superseded[pid] = int(sm.group(1))
            lines.append(text)
    # a call the process never returned from (killed inside it)
    for pid, i in pending.items():
        head = per[pid][i].rstrip(", ")
        per[pid][i] = head + ") = ?"
    return per


def normaliser(pids):
    labels = {p: "P%d" % i for i, p in enumerate(sorted(pids))}
    pid_re = re.compile(r"\b(%s)\b" % "|".join(str(p) for p in sorted(pids, reverse=True))) if pids else None
    rules = [
        # alignment before the result
        (re.compile(r"\) +(= )"), r") \1"),
        (re.compile(r"\) +(= \?)$"), r") \1"),
        # random bytes
        (re.compile(r'getrandom\("[^"]*"'), 'getrandom("RANDOM"'),
        # addresses
        (re.compile(r"0x[0-9a-f]{6,}"), "0xADDR"),
        # times
        (re.compile(r"(tv_sec|tv_nsec|tv_usec)=\d+"), r"\1=N"),
        (re.compile(r"(si_utime|si_stime)=\d+( /\* [0-9.]+ s \*/)?"), r"\1=N"),
        (re.compile(r"\b\d\d:\d\d:\d\d\b"), "HH:MM:SS"),
        (re.compile(r"(uptime|loads|freeram|sharedram|bufferram|freeswap|procs)=(\[[^\]]*\]|\d+)"), r"\1=N"),
        (re.compile(r"(tms_\w+)=\d+"), r"\1=N"),
        (re.compile(r"^(times\(.*\) = )\d+"), r"\1N"),
        (re.compile(r"(f_bfree|f_bavail|f_ffree)=\d+"), r"\1=N"),
        # -y: kernel object numbers
        (re.compile(r"(socket|pipe|anon_inode|net|UNIX|TCP|UDP|TCPv6|UDPv6|NETLINK):\[\d+\]"), r"\1:[INO]"),
        # ephemeral ports
        (re.compile(r"htons\((3[2-9]\d{3}|[4-5]\d{4}|6[0-5]\d{3})\)"), "htons(PORT)"),
        # the pseudo-terminal number the kernel hands out (others may be open)
        (re.compile(r"/dev/pts/\d+"), "/dev/pts/N"),
        (re.compile(r"TIOCGPTN, \[\d+\]"), "TIOCGPTN, [N]"),
        # random temporary names
        (re.compile(r"/tmp/cc[A-Za-z0-9]{6}"), "/tmp/ccXXXXXX"),
    ]

    def norm(line):
        for r, s in rules[:2]:
            line = r.sub(s, line)
        # the root's parent is the tracer, a different process each run
        m = re.match(r"^getppid\(\) = (\d+)$", line)
        if m and int(m.group(1)) not in labels:
            return "getppid() = TRACER"
        # rt_sigreturn "returns" the register it restores: the result of
        # whatever call or instruction the signal interrupted, which depends
        # on where the signal landed (strace against itself differs here)
        m = re.match(r"^(rt_sigreturn\(.*\) = ).*$", line)
        if m:
            return m.group(1) + "RESTORED"
        if pid_re:
            line = pid_re.sub(lambda m: labels[int(m.group(1))], line)
        for r, s in rules[2:]:
            line = r.sub(s, line)
        return line

    return labels, norm


RESULT = re.compile(r"^(\w+)\(.*\) = (.*)$")


def key(line):
    """(name, result) of a syscall line; the line itself otherwise."""
    m = RESULT.match(line)
    if not m:
        return ("", line)
    res = m.group(2)
    # the result is the number or ? and the errno, not the decoration
    rm = re.match(r"^(-1 \w+|\? \w+|\?|\S+)", res)
    return (m.group(1), rm.group(1) if rm else res)


SIGCHLD = re.compile(r"^--- SIGCHLD \{.*si_code=CLD_")


def episodes(lines):
    """Indexes of the SIGCHLD deliveries and the rt_sigreturn ending each."""
    out = []
    for i, x in enumerate(lines):
        if SIGCHLD.match(x):
            j = next((k for k in range(i + 1, len(lines))
                      if lines[k].startswith("rt_sigreturn(")), None)
            out.append((i, j))
    return out


def drop_coalesced(xa, xb):
    """Leave out the SIGCHLD deliveries one side has and the other has not.

    The kernel queues one SIGCHLD at a time: children that end close
    together give one delivery.  How close depends on how much the tracer
    slows them (strace stops each one at every call), so one side may see
    more deliveries than the other.  Only the surplus is left out, and only
    deliveries (with their rt_sigreturn) that do not appear on the other
    side: as many stay compared as the side with fewer has, so a
    misdecoded SIGCHLD still counts as a difference.
    """
    ea, eb = episodes(xa), episodes(xb)
    if len(ea) == len(eb):
        return xa, xb, 0
    flip = len(ea) < len(eb)
    big, small, eps = (xb, xa, eb) if flip else (xa, xb, ea)
    other = Counter(x for x in small if SIGCHLD.match(x))
    surplus = abs(len(ea) - len(eb))
    drop = set()
    for i, j in reversed(eps):
        if surplus == 0:
            break
        if other[big[i]] > 0:
            other[big[i]] -= 1
            continue
        drop.add(i)
        if j is not None:
            drop.add(j)
        surplus -= 1
    kept = [x for k, x in enumerate(big) if k not in drop]
    n = len(big) - len(kept)
    return (small, kept, n) if flip else (kept, small, n)


def compare(a_path, b_path, show=0, name=""):
    a, b = read_trace(a_path), read_trace(b_path)
    la, na = normaliser(a.keys())
    lb, nb = normaliser(b.keys())
    total = same = same_key = coalesced = 0
    shown = 0
    for ra in sorted(set(la.values()) | set(lb.values()), key=lambda s: int(s[1:])):
        pa = next((p for p, l in la.items() if l == ra), None)
        pb = next((p for p, l in lb.items() if l == ra), None)
        xa = [na(x) for x in a.get(pa, [])]
        xb = [nb(x) for x in b.get(pb, [])]
        xa, xb, n = drop_coalesced(xa, xb)
        coalesced += n
        total += max(len(xa), len(xb))
        # as multisets: signal delivery and wakeups may order a thread's
        # calls differently from one run to the next
        same += sum((Counter(xa) & Counter(xb)).values())
        same_key += sum((Counter(key(x) for x in xa) & Counter(key(x) for x in xb)).values())
        sm = difflib.SequenceMatcher(None, xa, xb, autojunk=False)
        if show:
            for op, i1, i2, j1, j2 in sm.get_opcodes():
                if op == "equal" or shown >= show:
                    continue
                shown += 1
                for x in xa[i1:i2]:
                    print("  %s %s strace : %s" % (name, ra, x))
                for x in xb[j1:j2]:
                    print("  %s %s syslens: %s" % (name, ra, x))
    return total, same, same_key, coalesced


def left_out(n):
    return "   (%d lines of coalesced SIGCHLDs left out)" % n if n else ""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--short", action="store_true", help="the short list (make test)")
    ap.add_argument("--syslens", default=os.path.join(ROOT, "build", "syslens"))
    ap.add_argument("--progs", default=os.path.join(ROOT, "build", "progs"))
    ap.add_argument("--min-identical", type=float, default=None)
    ap.add_argument("--min-name", type=float, default=None)
    ap.add_argument("--keep", default=None, help="keep the traces in this directory")
    ap.add_argument("--show", type=int, default=0, help="print up to N differing hunks per program")
    ap.add_argument("--mangle", action="append", default=[], metavar="RE=REPL",
                    help="rewrite syslens's lines first (a decoder broken on purpose, "
                         "to show the check fails)")
    ap.add_argument("--backend", default="ptrace", help="syslens's -B (ptrace, ebpf)")
    ap.add_argument("--self", action="store_true",
                    help="compare strace with itself (how much runs differ anyway)")
    ap.add_argument("--runs", type=int, default=2,
                    help="pairs of runs to try when a name or result differs")
    ap.add_argument("names", nargs="*")
    o = ap.parse_args()
    o.syslens = os.path.abspath(o.syslens)
    o.progs = os.path.abspath(o.progs)

    if not shutil.which("strace"):
        print("parity: strace is not installed", file=sys.stderr)
        return 2
    if not os.access(o.syslens, os.X_OK):
        print("parity: %s is not built" % o.syslens, file=sys.stderr)
        return 2
    tmp = tempfile.mkdtemp(prefix="syslens-parity.")
    out = o.keep or tmp
    os.makedirs(out, exist_ok=True)
    work = os.path.join(tmp, "work")
    template = os.path.join(tmp, "template")
    os.makedirs(work)
    try:
        setup(work)
        shutil.copytree(work, template, symlinks=True)
        T = S = K = C = 0
        print("%-14s %6s %10s %12s" % ("program", "lines", "identical", "name+result"))
        for name, argv, short in programs(o.progs, work):
            if o.short and not short:
                continue
            if o.names and name not in o.names and name.split()[0] not in o.names:
                continue
            if not shutil.which(argv[0]) and not os.access(argv[0], os.X_OK):
                print("%-14s skipped: %s not found" % (name, argv[0]))
                continue
            y = ["-y"] if name.endswith(" -y") else []
            base = name.replace(" -y", "-y")
            a = os.path.join(out, base + ".strace")
            b = os.path.join(out, base + ".syslens")
            env = dict(os.environ, LC_ALL="C", TZ="UTC")
            # each run gets the same fresh files and its own /dev/null
            # (a program may change the flags of its open file description)
            second = (["strace", "-f", "-q"] if o.self else [o.syslens, "-B", o.backend])
            # a program may itself behave differently from one run to the
            # next (gcc's mkstemp calls getrandom only when its clock-based
            # name is rejected): a pair of runs that differs in a name or
            # result is traced again, and the line says so
            before = []
            for attempt in range(o.runs):
                for tracer in (["strace", "-f", "-q"] + y + ["-o", a, "--"],
                               second + y + ["-o", b, "--"]):
                    shutil.rmtree(work, ignore_errors=True)
                    shutil.copytree(template, work, symlinks=True)
                    with open(os.devnull, "wb") as null:
                        subprocess.run(tracer + argv, stdin=subprocess.DEVNULL,
                                       stdout=null, stderr=null, env=env, cwd=work,
                                       timeout=120)
                for m in o.mangle:
                    pat, _, repl = m.partition("=")
                    with open(b) as f:
                        text = f.read()
                    with open(b, "w") as f:
                        f.write(re.sub(pat, repl, text))
                t, s, k, c = compare(a, b, o.show, name)
                if k == t:
                    break
                before.append(t - k)
            T, S, K, C = T + t, S + s, K + k, C + c
            note = left_out(c)
            if before:
                note += "   (run %d; before: %s lines with another name or result)" % (
                    len(before) + (k == t), ", ".join(str(n) for n in before))
            print("%-14s %6d %9.1f%% %11.1f%%%s" % (name, t, 100.0 * s / max(t, 1),
                                                   100.0 * k / max(t, 1), note))
            sys.stdout.flush()
        ident = 100.0 * S / max(T, 1)
        namer = 100.0 * K / max(T, 1)
        print("%-14s %6d %9.1f%% %11.1f%%%s" % ("overall", T, ident, namer, left_out(C)))
        rc = 0
        if o.min_identical is not None and ident < o.min_identical:
            print("parity: %.2f%% identical lines, below %.1f%%" % (ident, o.min_identical))
            rc = 1
        if o.min_name is not None and namer < o.min_name:
            print("parity: %.2f%% same name and result, below %.1f%%" % (namer, o.min_name))
            rc = 1
        return rc
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
