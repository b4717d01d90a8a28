/*
 * The client side of make bench-apps' Redis benchmark: a normal static
 * program that PID 1 starts next to the server (ukl_client=/bin/redis-client).
 *
 * It waits until the server accepts connections on 127.0.0.1:6379, runs
 * /bin/redis-benchmark (Redis's own, built as a normal static program from
 * the same source) against it over loopback, and then stops the server
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

static int run_benchmark(void)
{
	const char *n = env_or("redis_requests", "20000");
	const char *c = env_or("redis_clients", "10");
	const char *t = env_or("redis_tests", "set,get");
	int status;
	pid_t pid;

	printf("redis-client: redis-benchmark -n %s -c %s -t %s --csv\n", n, c, t);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		execl("/bin/redis-benchmark", "redis-benchmark", "-h", "127.0.0.1", "-p", "6379",
		      "-n", n, "-c", c, "-t", t, "--csv", (char *)NULL);
		fprintf(stderr, "redis-client: cannot exec /bin/redis-benchmark: %s\n", strerror(errno));
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return 1;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	fprintf(stderr, "redis-client: redis-benchmark killed by signal %d\n", WTERMSIG(status));
	return 1;
}

/* SHUTDOWN NOSAVE: the server exits; the connection just closes. */
static int stop_server(void)
{
	static const char cmd[] = "*2\r\n$8\r\nSHUTDOWN\r\n$6\r\nNOSAVE\r\n";
	char buf[256];
	int fd = connect_server();

	if (fd < 0 || write(fd, cmd, sizeof(cmd) - 1) != (ssize_t)(sizeof(cmd) - 1)) {
		fprintf(stderr, "redis-client: cannot send SHUTDOWN to the server\n");
		return -1;
	}
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
