/*
 * Host side of tests/17-net-files.t, built with the host's gcc.  Every
 * socket is on 127.0.0.1: the tests never talk to anything else.
 *
 *   net-client free               print a TCP port that is free now
 *   net-client get PORT LINE      send LINE and a newline to PORT, print the
 *                                 reply; exit 1 if none came within 5 s
 *   net-client hold PORT SECONDS  listen on PORT for SECONDS ("ready" once it does)
 *   net-client bind PORT SECONDS  bind PORT without listening, likewise
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static struct sockaddr_in loopback(int port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(port) };

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return sa;
}

static int bound(int port)
{
	struct sockaddr_in sa = loopback(port);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		perror("net-client: bind");
		exit(2);
	}
	return fd;
}

static int get(int port, const char *line)
{
	struct sockaddr_in sa = loopback(port);
	struct pollfd p = { .events = POLLIN };
	char buf[1024];
	size_t got = 0;
	ssize_t n;

	p.fd = socket(AF_INET, SOCK_STREAM, 0);
	if (p.fd < 0 || connect(p.fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return 1;
	if (write(p.fd, line, strlen(line)) < 0 || write(p.fd, "\n", 1) < 0)
		return 1;
	while (got < sizeof(buf) - 1 && poll(&p, 1, 5000) > 0 &&
	       (n = read(p.fd, buf + got, sizeof(buf) - 1 - got)) > 0)
		got += n;
	close(p.fd);
	if (!got)
		return 1;
	fwrite(buf, 1, got, stdout);
	return 0;
}

int main(int argc, char **argv)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	int fd;

	if (argc == 2 && !strcmp(argv[1], "free")) {
		fd = bound(0);
		getsockname(fd, (struct sockaddr *)&sa, &len);
		printf("%d\n", ntohs(sa.sin_port));
		return 0;
	}
	if (argc == 4 && !strcmp(argv[1], "get"))
		return get(atoi(argv[2]), argv[3]);
	if (argc == 4 && (!strcmp(argv[1], "hold") || !strcmp(argv[1], "bind"))) {
		fd = bound(atoi(argv[2]));
		if (!strcmp(argv[1], "hold") && listen(fd, 1) < 0) {
			perror("net-client: listen");
			return 2;
		}
		printf("ready\n");
		fflush(stdout);
		sleep(atoi(argv[3]));
		return 0;
	}
	fprintf(stderr, "usage: net-client free | get PORT LINE | hold|bind PORT SECONDS\n");
	return 2;
}
