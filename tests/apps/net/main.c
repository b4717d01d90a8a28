/*
 * Networking and files for a UKL application (tests/17-net-files.t):
 * eth0 has the user-mode network's address, files given with FILES= are
 * in the initramfs (a file and a folder), /tmp is a writable tmpfs, one
 * request from the host arrives through a PORTS= forwarding and is
 * answered, and the result is written to the 9p SHARE folder.
 *
 * Usage: net PORT.  The host sends "ping TOKEN\n" to the forwarded port and
 * gets "pong TOKEN input=LINE\n", LINE being the first line of
 * /data/in.txt; /share/out.txt gets the request and LINE.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <time.h>
#include <unistd.h>
#include "../tap.h"

#define TMPFS_MAGIC	0x01021994
#define DEADLINE_S	200

/* The first line of PATH, without its newline, in BUF; -1 if unreadable. */
static int read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	int ret = -1;

	if (!f)
		return -1;
	if (fgets(buf, len, f)) {
		buf[strcspn(buf, "\n")] = 0;
		ret = 0;
	}
	fclose(f);
	return ret;
}

static int write_text(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, text, strlen(text));
	if (fsync(fd) < 0 || close(fd) < 0 || n != (ssize_t)strlen(text))
		return -1;
	return 0;
}

static void check_eth0(void)
{
	struct ifreq ifr;
	char addr[INET_ADDRSTRLEN] = "none";
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "eth0");
	if (fd >= 0 && ioctl(fd, SIOCGIFADDR, &ifr) == 0)
		inet_ntop(AF_INET, &((struct sockaddr_in *)&ifr.ifr_addr)->sin_addr,
			  addr, sizeof(addr));
	ok(strcmp(addr, "10.0.2.15") == 0, "eth0 has the user-mode network address (%s)", addr);
	if (fd >= 0 && ioctl(fd, SIOCGIFFLAGS, &ifr) == 0)
		ok(ifr.ifr_flags & IFF_UP, "eth0 is up");
	else
		ok(0, "eth0 is up (SIOCGIFFLAGS: %s)", strerror(errno));
	if (fd >= 0)
		close(fd);
}

static void check_tmp(void)
{
	struct stat root, tmp;
	struct statfs st;
	char back[64] = "";

	/* The initramfs itself is a tmpfs too: /tmp must be a mount of its own. */
	ok(stat("/", &root) == 0 && stat("/tmp", &tmp) == 0 && root.st_dev != tmp.st_dev &&
	   statfs("/tmp", &st) == 0 && st.f_type == TMPFS_MAGIC, "/tmp is a tmpfs mounted by init");
	ok(write_text("/tmp/scratch.txt", "scratch\n") == 0, "a file in /tmp can be written");
	ok(read_line("/tmp/scratch.txt", back, sizeof(back)) == 0 && strcmp(back, "scratch") == 0,
	   "and read back (%s)", back);
	unlink("/tmp/scratch.txt");
}

/*
 * One request line from the host.  Connections that close before a whole
 * line (the host's client gave up on an earlier try) are skipped.
 */
static int serve(int port, const char *input, char *req, size_t len)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(port) };
	time_t end = time(NULL) + DEADLINE_S;
	int one = 1, lfd, fd, served = -1;

	lfd = socket(AF_INET, SOCK_STREAM, 0);
	if (lfd < 0 || setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(lfd, 4) < 0) {
		ok(0, "listen on TCP port %d: %s", port, strerror(errno));
		return -1;
	}
	ok(1, "listening on TCP port %d", port);
	printf("net: listening on port %d\n", port);
	fflush(stdout);

	while (served < 0 && time(NULL) < end) {
		struct pollfd p = { .fd = lfd, .events = POLLIN };
		size_t got = 0;
		ssize_t n;

		if (poll(&p, 1, 1000) <= 0)
			continue;
		fd = accept(lfd, NULL, NULL);
		if (fd < 0)
			continue;
		p.fd = fd;
		while (got < len - 1 && poll(&p, 1, 5000) > 0 &&
		       (n = read(fd, req + got, len - 1 - got)) > 0) {
			got += n;
			req[got] = 0;
			if (strchr(req, '\n'))
				break;
		}
		req[got] = 0;
		if (strchr(req, '\n')) {
			char reply[512];

			req[strcspn(req, "\r\n")] = 0;
			snprintf(reply, sizeof(reply), "pong %s input=%s\n",
				 strncmp(req, "ping ", 5) ? "?" : req + 5, input);
			if (write(fd, reply, strlen(reply)) == (ssize_t)strlen(reply))
				served = 0;
		}
		close(fd);
	}
	close(lfd);
	ok(served == 0, "served one request from the host (%s)", served ? "none" : req);
	return served;
}

int main(int argc, char **argv)
{
	char input[256] = "", deep[64] = "", req[256] = "", out[600];
	int port = argc > 1 ? atoi(argv[1]) : 80;
	struct stat st = { 0 };

	ok(current_cpl() == 0, "the application runs in ring 0");
	check_eth0();

	ok(read_line("/data/in.txt", input, sizeof(input)) == 0 && input[0],
	   "FILES: /data/in.txt (default guest path) is there (%s)", input);
	ok(read_line("/srv/tree/sub/deep.txt", deep, sizeof(deep)) == 0 && !strcmp(deep, "deep"),
	   "FILES: a folder given a guest path came in whole (/srv/tree/sub/deep.txt: %s)", deep);
	if (stat("/srv/tree/run.sh", &st) < 0)
		st.st_mode = 0;
	ok((st.st_mode & 0777) == 0755, "FILES: the file modes came along (run.sh: %o)",
	   st.st_mode & 0777);
	check_tmp();

	if (serve(port, input, req, sizeof(req)) == 0) {
		snprintf(out, sizeof(out), "request=%s\ninput=%s\n", req, input);
		int r = write_text("/share/out.txt", out);

		ok(r == 0, "wrote /share/out.txt%s%s", r ? ": " : "", r ? strerror(errno) : "");
	} else {
		ok(0, "wrote /share/out.txt (no request to report)");
	}
	return tap_done();
}
