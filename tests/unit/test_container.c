/* test_container.c - container ids read back from cgroup paths. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "syslens/container.h"

#define ID "4f1c1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7"
#define POD "6b2f1e0c-3d4a-4b5c-8d9e-0f1a2b3c4d5e"
#define POD_ "6b2f1e0c_3d4a_4b5c_8d9e_0f1a2b3c4d5e"

static void
check(const char *path, const char *id, const char *pod, const char *runtime)
{
	struct sl_container_info ci;
	bool found = container_parse_cgroup(path, &ci);

	assert_int_equal(found, id[0] || pod[0]);
	assert_string_equal(ci.id, id);
	assert_string_equal(ci.pod, pod);
	if (runtime)
		assert_string_equal(ci.runtime, runtime);
	else
		assert_null(ci.runtime);
}

static void
test_runtimes(void **state)
{
	(void)state;
	check("/system.slice/docker-" ID ".scope", ID, "", "docker");
	check("/docker/" ID, ID, "", "docker");
	check("/system.slice/containerd.service/cri-containerd-" ID ".scope", ID, "", "containerd");
	check("/machine.slice/libpod-" ID ".scope/container", ID, "", "podman");
	check("/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" POD_
	      ".slice/cri-containerd-" ID ".scope", ID, POD, "containerd");
	check("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" POD_
	      ".slice/crio-" ID ".scope", ID, POD, "cri-o");
	check("/kubepods/burstable/pod" POD "/" ID, ID, POD, "kubepods");
	check("/kubepods/besteffort/pod" POD, "", POD, "kubepods");
	/* upper-case hex reads back lower-case */
	check("/docker/4F1C1A2B3C4D5E6F708192A3B4C5D6E7F8091A2B3C4D5E6F708192A3B4C5D6E7", ID, "", "docker");
}

static void
test_not_containers(void **state)
{
	(void)state;
	check("/", "", "", NULL);
	check("/user.slice/user-0.slice/session-1.scope", "", "", NULL);
	check("/system.slice/docker.service", "", "", NULL);
	/* 63 hex digits are no id */
	check("/docker/4f1c1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e", "", "", NULL);
	check("/podcast.slice", "", "", NULL);
}

static void
test_self(void **state)
{
	struct sl_container_info ci;

	(void)state;
	assert_int_equal(container_of_pid(getpid(), &ci), 0);
	assert_true(ci.ns_pid > 0);
	assert_int_equal(container_of_pid(0x7ffffff0, &ci), -ESRCH);
}

static void
test_cgroup_id(void **state)
{
	struct sl_container_info self, byid;
	char dir[1024];
	struct stat st;

	(void)state;
	assert_int_equal(container_of_pid(getpid(), &self), 0);
	snprintf(dir, sizeof(dir), "%s%s", container_cgroup_root(),
		 strcmp(self.cgroup, "/") == 0 ? "" : self.cgroup);
	assert_int_equal(container_of_cgroup_id(1ULL << 60, &byid), -ENOENT);
	/* in the root cgroup there is no directory of our own to find */
	if (strcmp(self.cgroup, "/") != 0 && stat(dir, &st) == 0) {
		assert_int_equal(container_of_cgroup_id(st.st_ino, &byid), 0);
		assert_string_equal(byid.cgroup, self.cgroup);
		assert_string_equal(byid.id, self.id);
	}
}

static void
test_resolve_errors(void **state)
{
	struct sl_cgroup_target t;
	char why[256];

	(void)state;
	assert_int_equal(container_resolve(NULL, "xyz", &t, why, sizeof(why)), -EINVAL);
	assert_string_equal(why, "--container 'xyz': not a container id (hex digits)");
	assert_int_equal(container_resolve("/no/such/cgroup", NULL, &t, why, sizeof(why)), -ENOENT);
	assert_non_null(strstr(why, "no cgroup directory"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_runtimes),
		cmocka_unit_test(test_not_containers),
		cmocka_unit_test(test_self),
		cmocka_unit_test(test_cgroup_id),
		cmocka_unit_test(test_resolve_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
