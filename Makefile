# syslens - a live syscall explorer.
#
#   make            build build/syslens
#   make test       build and run every test (SAN=1: under ASan + UBSan)
#   make check      make test, then the same under the sanitizers (as CI)
#   make fuzz       fuzz the recording reader with libFuzzer (FUZZ_SECONDS=60)
#   make deps       install the Debian packages the build and tests need
#   make demo       run the interface on the bundled demo program
#   make bench      every benchmark in tests/bench (BENCH=NAME... picks some)
#   make parity     syslens's text against strace's on real programs
#   make screenshots  pictures of the interface for the README (Xvfb, xterm)
#   V=1             show the commands

CC      ?= cc
CLANG   ?= clang
BPFTOOL ?= bpftool
SAN     ?=

ifeq ($(SAN),1)
B       := build-san
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
else
B       := build
SANFLAGS :=
endif

ARCH    := $(shell uname -m | sed 's/x86_64/x86/; s/aarch64/arm64/')
UNISTD  := $(firstword $(wildcard /usr/include/$(shell uname -m)-linux-gnu/asm/unistd_64.h /usr/include/asm/unistd_64.h))
UNISTD32 := $(firstword $(wildcard /usr/include/$(shell uname -m)-linux-gnu/asm/unistd_32.h /usr/include/asm/unistd_32.h))

CFLAGS  ?= -O2 -g
CFLAGS  += -std=gnu11 -Wall -Wextra -Wno-unused-parameter -D_GNU_SOURCE \
	   -Iinclude -I$(B)/gen -Isrc/decode $(SANFLAGS) -MMD -MP
LDLIBS  := -lbpf -lelf -lz -lpcre2-8 -lncursesw -ltinfo -lseccomp -lpthread -lm
LDFLAGS += $(SANFLAGS)
# libdeflate, when installed, reads recordings' deflate blocks about twice
# as fast as zlib (src/store/recording.c); zlib does it otherwise
HAVE_LIBDEFLATE := $(shell printf '\043include <libdeflate.h>\n' | $(CC) -E -x c - >/dev/null 2>&1 && echo 1)
ifeq ($(HAVE_LIBDEFLATE),1)
CFLAGS  += -DSL_HAVE_LIBDEFLATE
LDLIBS  += -ldeflate
endif

ifneq ($(V),1)
Q := @
msg = @printf '  %-8s %s\n' "$(1)" "$(2)";
else
Q :=
msg =
endif

SRCS    := $(shell find src -name '*.c' ! -name '*.bpf.c' | sort)
OBJS    := $(patsubst src/%.c,$(B)/obj/%.o,$(SRCS))
LIBOBJS := $(filter-out $(B)/obj/main.o,$(OBJS))
BPFSRCS := $(wildcard src/bpf/*.bpf.c)
SKELS   := $(patsubst src/bpf/%.bpf.c,$(B)/gen/%.skel.h,$(BPFSRCS))
GEN     := $(B)/gen/syscalltab.c $(B)/gen/version.h $(SKELS)

UNIT    := $(patsubst tests/unit/%.c,$(B)/tests/%,$(wildcard tests/unit/test_*.c))
PROGS   := $(patsubst tests/progs/%.c,build/progs/%,$(wildcard tests/progs/*.c))

VERSION := $(shell git describe --always --dirty 2>/dev/null || echo 0.1)

.PHONY: all test check deps demo bench clean format tests-build parity screenshots fuzz
all: $(B)/syslens

$(B)/syslens: $(OBJS) $(B)/obj/gen/syscalltab.o
	$(call msg,LINK,$@)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(B)/obj/%.o: src/%.c | $(GEN)
	$(call msg,CC,$<)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) -c -o $@ $<

$(B)/obj/gen/syscalltab.o: $(B)/gen/syscalltab.c
	$(call msg,CC,$<)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) -c -o $@ $<

$(B)/gen/syscalltab.c: tools/gen-syscalls.sh src/decode/syscalls.def src/decode/syscalls.doc
	$(call msg,GEN,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)sh tools/gen-syscalls.sh $(UNISTD) $(UNISTD32) src/decode/syscalls.def \
		src/decode/syscalls.doc > $@

$(B)/gen/version.h: FORCE
	$(Q)mkdir -p $(dir $@)
	$(Q)echo '#define SL_VERSION "$(VERSION)"' > $@.tmp
	$(Q)cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@

# eBPF: vmlinux.h from the running kernel's BTF, else the vendored copy.
$(B)/gen/vmlinux.h:
	$(call msg,GEN,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)if [ -r /sys/kernel/btf/vmlinux ] && command -v $(BPFTOOL) >/dev/null; then \
		$(BPFTOOL) btf dump file /sys/kernel/btf/vmlinux format c > $@; \
	else cp src/bpf/vmlinux.h $@; fi

$(B)/bpf/%.bpf.o: src/bpf/%.bpf.c $(B)/gen/vmlinux.h include/syslens/event.h $(wildcard src/bpf/*.h)
	$(call msg,BPF,$<)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CLANG) -g -O2 -target bpf -D__TARGET_ARCH_$(ARCH) -D__BPF__ \
		-Iinclude -I$(B)/gen -c $< -o $@

$(B)/gen/%.skel.h: $(B)/bpf/%.bpf.o
	$(call msg,SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< > $@

# made by pattern rules, they would be deleted as intermediates and made
# again (with all that includes them) by the next make
.SECONDARY: $(patsubst src/bpf/%.bpf.c,$(B)/bpf/%.bpf.o,$(BPFSRCS)) $(SKELS)

# Tests: cmocka unit tests link every module but main.
$(B)/tests/%: tests/unit/%.c $(LIBOBJS) $(B)/obj/gen/syscalltab.o
	$(call msg,CC,$<)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS) -lcmocka

# Tracee programs: plain builds, never sanitized (they are the traced side).
build/progs/%: tests/progs/%.c
	$(call msg,CC,$<)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) -O1 -g -Wall -D_GNU_SOURCE -o $@ $< -lpthread

tests-build: $(B)/syslens $(UNIT) $(PROGS)

test: tests-build
	$(Q)SYSLENS=$(B)/syslens BUILD=$(B) bash tests/run.sh

check:
	$(Q)bash tests/check.sh

deps:
	$(Q)bash tools/deps.sh

demo: $(B)/syslens build/progs/demo
	$(Q)$(B)/syslens -- build/progs/demo

# The eBPF floor benchmark (tests/bench/ebpf_floor.*): built for bench only.
$(B)/bench/%.bpf.o: tests/bench/%.bpf.c src/bpf/vmlinux.h
	$(call msg,BPF,$<)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CLANG) -g -O2 -target bpf -D__TARGET_ARCH_$(ARCH) -D__BPF__ \
		-Isrc/bpf -c $< -o $@

$(B)/bench/%.skel.h: $(B)/bench/%.bpf.o
	$(call msg,SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< > $@

$(B)/bench/ebpf_floor: tests/bench/ebpf_floor.c $(B)/bench/ebpf_floor.skel.h
	$(call msg,CC,$<)
	$(Q)$(CC) -O2 -g -Wall -D_GNU_SOURCE -I$(B)/bench -o $@ $< -lbpf -lelf -lz -lpthread

# every tests/bench/*.sh in turn (tests/bench/all.sh); BENCH=NAME... picks some
bench: tests-build $(B)/bench/ebpf_floor
	$(Q)SYSLENS=$(B)/syslens BUILD=$(B) bash tests/bench/all.sh $(BENCH)

# strace parity on every program of issue 3 (tools/parity.py)
parity: $(B)/syslens $(PROGS)
	$(Q)python3 tools/parity.py --syslens $(B)/syslens --backend $(or $(BACKEND),ptrace) \
		--min-identical 97 --min-name 100

screenshots: $(B)/syslens build/progs/demo
	$(Q)SYSLENS=$(B)/syslens bash tools/screenshots.sh

clean:
	rm -rf build build-san build-fuzz

format:
	clang-format -i $(SRCS) $(wildcard include/syslens/*.h)

# Fuzzing: every module but main, built by clang with libFuzzer, ASan and
# UBSan in build-fuzz/; new inputs land in build-fuzz/corpus.
FUZZ_SECONDS ?= 60
FZ      := build-fuzz
FUZZ_CFLAGS := -g -O1 -std=gnu11 -D_GNU_SOURCE -Iinclude -I$(B)/gen -Isrc/decode \
	   -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -MMD -MP \
	   -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION \
	   $(if $(HAVE_LIBDEFLATE),-DSL_HAVE_LIBDEFLATE)
FUZZ_OBJS := $(patsubst src/%.c,$(FZ)/obj/%.o,$(filter-out src/main.c,$(SRCS)))

$(FZ)/obj/%.o: src/%.c | $(GEN)
	$(call msg,FUZZCC,$<)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CLANG) $(FUZZ_CFLAGS) -c -o $@ $<

$(FZ)/fuzz_replay: tests/fuzz/fuzz_replay.c $(FUZZ_OBJS) $(B)/gen/syscalltab.c
	$(call msg,LINK,$@)
	$(Q)$(CLANG) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $^ $(LDLIBS)

fuzz: $(FZ)/fuzz_replay
	$(Q)mkdir -p $(FZ)/corpus
	$(Q)$(FZ)/fuzz_replay -max_total_time=$(FUZZ_SECONDS) -timeout=20 \
		-rss_limit_mb=2048 -max_len=1048576 -print_final_stats=1 \
		$(FZ)/corpus tests/fuzz/corpus

FORCE:
.DELETE_ON_ERROR:
-include $(OBJS:.o=.d) $(FUZZ_OBJS:.o=.d)
