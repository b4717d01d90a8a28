/*
 * The client side of make bench-apps' Redis benchmark: a normal static
 * program that PID 1 starts next to the server (ukl_client=/bin/redis-client).
 *
 * It waits until the server accepts connections on 127.0.0.1:6379, runs
 * /bin/redis-benchmark (Redis's own, built as a normal static program from
 * the same source) against it over loopback, once per test, timing each
 * run ("redis-client: test=T requests=N ns=NS"), and then stops the server
 * with SHUTDOWN NOSAVE, so that the application exits and the guest powers
 * off.  It exits with redis-benchmark's status, or 1 if the server never
 * came up (PID 1 then kills the server).
 *
 * Kernel command line: redis_requests=N (default 20000) requests of each
 * test, redis_clients=C (default 10) parallel connections, redis_tests=T
 * (default set,get) the tests, all passed to redis-benchmark (-n, -c, -t).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PORT		6379
#define WAIT_S		120

static const char *env_or(const char *name, const char *def)
{
	const char *v = getenv(name);

	return v && *v ? v : def;
}

static int connect_server(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(PORT) };
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0)
		return -1;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Poll every 50 ms, up to WAIT_S seconds, until the server listens. */
static int wait_for_server(void)
{
	struct timespec nap = { 0, 50 * 1000 * 1000 };
	int i, fd;

	for (i = 0; i < WAIT_S * 20; i++) {
		fd = connect_server();
		if (fd >= 0) {
			close(fd);
			return 0;
		}
		nanosleep(&nap, NULL);
	}
	return -1;
}

static double now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

/* One redis-benchmark run of one test, timed on this guest's clock. */
static int run_test(const char *n, const char *c, const char *test)
{
	double t0, t1;
	int status;
	pid_t pid;

	t0 = now_ns();
	pid = fork();
	if (pid == 0) {
		execl("/bin/redis-benchmark", "redis-benchmark", "-h", "127.0.0.1", "-p", "6379",
		      "-n", n, "-c", c, "-t", test, "--csv", (char *)NULL);
		fprintf(stderr, "redis-client: cannot exec /bin/redis-benchmark: %s\n", strerror(errno));
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return 1;
	t1 = now_ns();
	if (WIFSIGNALED(status)) {
		fprintf(stderr, "redis-client: redis-benchmark killed by signal %d\n", WTERMSIG(status));
		return 1;
	}
	if (WEXITSTATUS(status))
		return WEXITSTATUS(status);
	printf("redis-client: test=%s requests=%s ns=%.0f\n", test, n, t1 - t0);
	fflush(stdout);
	return 0;
}

/*
 * redis-benchmark's own requests per second come from a clock of
 * milliseconds; each test is also timed here, in nanoseconds, from the
 * fork to the exit of its redis-benchmark (connections made and closed
 * included).
 */
static int run_benchmark(void)
{
	const char *n = env_or("redis_requests", "20000");
	const char *c = env_or("redis_clients", "10");
	char tests[128], *t, *save;
	int rc = 0;

	snprintf(tests, sizeof(tests), "%s", env_or("redis_tests", "set,get"));
	printf("redis-client: redis-benchmark -n %s -c %s -t %s --csv, one test at a time\n", n, c, tests);
	fflush(stdout);
	for (t = strtok_r(tests, ",", &save); t && !rc; t = strtok_r(NULL, ",", &save))
		rc = run_test(n, c, t);
	return rc;
}

/* SHUTDOWN NOSAVE: the server exits; the connection just closes. */
static int stop_server(void)
{
	static const char cmd[] = "*2\r\n$8\r\nSHUTDOWN\r\n$6\r\nNOSAVE\r\n";
	struct timeval limit = { 10, 0 };
	char buf[256];
	int fd = connect_server();

	if (fd < 0 || write(fd, cmd, sizeof(cmd) - 1) != (ssize_t)(sizeof(cmd) - 1)) {
		fprintf(stderr, "redis-client: cannot send SHUTDOWN to the server\n");
		if (fd >= 0)
			close(fd);
		return -1;
	}
	/* Until the server closes the connection, 10 s at the most. */
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof(limit));
	while (read(fd, buf, sizeof(buf)) > 0)
		;
	close(fd);
	return 0;
}

int main(void)
{
	int rc;

	if (wait_for_server() < 0) {
		fprintf(stderr, "redis-client: the server did not accept connections on port %d within %d s\n",
			PORT, WAIT_S);
		return 1;
	}
	rc = run_benchmark();
	if (stop_server() < 0 && rc == 0)
		rc = 1;
	printf("redis-client: done, status %d\n", rc);
	return rc;
}
