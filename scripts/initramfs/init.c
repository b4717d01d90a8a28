/*
 * PID 1 of the UKL guest: a normal (ring 3) process.
 *
 * It starts the application found in /ukl/ (exec'ing that file starts the
 * code linked into the kernel, in ring 0), passes it the arguments given
 * after "--" on the kernel command line, waits for it, prints its exit
 * status and the kernel's UKL counters, and powers the machine off through
 * QEMU's isa-debug-exit port.  The host reads the line
 * "ukl-init: exit-status=N" (N = status, or 128 + signal).
 *
 * With ukl_probe=1 on the kernel command line it only reports that the
 * guest booted: the QEMU runner uses that to test whether KVM works.
 * With ukl_exec=PATH it runs PATH (a normal program, e.g. the benchmark
 * built for ring 3) instead of the application in /ukl.
 * With ukl_kill_after=S it kills the application with SIGKILL S seconds
 * after starting it: the tests use it to stop a benchmark in the middle.
 * With ukl_client=PATH it also starts PATH, a normal program without
 * arguments, next to the application (make bench-apps: a client of a
 * server application, which stops the server when it is done); a client
 * that fails or is killed takes the application down with SIGKILL, a
 * client still running when the application is done gets 10 s to end,
 * and a failed client makes the exit status its own.
 *
 * Before the application starts it mounts a tmpfs on /tmp, brings up lo
 * and eth0 with the fixed addresses of QEMU's user-mode network, and with
 * ukl_share=TAG (set by the runner for make run SHARE=dir) mounts the host
 * folder exported over virtio 9p as TAG on /share.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <net/route.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/io.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define DEBUG_EXIT_PORT	0xf4

/* QEMU's user-mode network (-netdev user) always has these addresses. */
#define NET_ADDR	"10.0.2.15"
#define NET_MASK	"255.255.255.0"
#define NET_GATEWAY	"10.0.2.2"
#define NET_DNS		"10.0.2.3"

static int share_mounted;

static void __attribute__((format(printf, 1, 2))) say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	printf("ukl-init: ");
	vprintf(fmt, ap);
	printf("\n");
	fflush(stdout);
	va_end(ap);
}

/*
 * QEMU exits with (value << 1) | 1; the runner reads the status line.
 * write() to the console only queues the text for the serial driver, which
 * sends it from its interrupt handler: wait until the UART has taken all of
 * it, or the debug-exit write can end QEMU with the last lines unsent.
 */
static void power_off(int status)
{
	fflush(stdout);
	tcdrain(STDOUT_FILENO);
	sync();
	if (share_mounted)
		umount("/share");
	if (ioperm(DEBUG_EXIT_PORT, 1, 1) == 0)
		outb(status & 0x7f, DEBUG_EXIT_PORT);
	/* No debug-exit device: QEMU runs with -no-reboot, so reboot ends it. */
	reboot(RB_AUTOBOOT);
	for (;;)
		pause();
}

static int find_app(char *path, size_t len)
{
	struct dirent *d;
	DIR *dir = opendir("/ukl");
	int found = 0;

	if (!dir)
		return 0;
	while (!found && (d = readdir(dir)))
		if (d->d_name[0] != '.') {
			snprintf(path, len, "/ukl/%s", d->d_name);
			found = 1;
		}
	closedir(dir);
	return found;
}

static void print_ukl_counters(void)
{
	char line[256];
	FILE *f = fopen("/proc/ukl", "r");

	if (!f) {
		say("/proc/ukl: %s", strerror(errno));
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = 0;
		say("/proc/ukl: %s", line);
	}
	fclose(f);
}

/*
 * ukl_ktext=1 (make bench BENCH_PROFILE=1): print where the kernel text
 * is, so that host tools can undo KASLR when they resolve guest addresses
 * with the image's symbols.  /proc/kallsyms shows PID 1 real addresses.
 */
static void print_kernel_text(void)
{
	char line[256], addr[32], type[4], sym[200];
	FILE *f = fopen("/proc/kallsyms", "r");

	if (!f) {
		say("kernel text: unknown (/proc/kallsyms: %s)", strerror(errno));
		return;
	}
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%31s %3s %199s", addr, type, sym) == 3 &&
		    !strcmp(sym, "_text")) {
			say("kernel text: _text=%s", addr);
			fclose(f);
			return;
		}
	fclose(f);
	say("kernel text: unknown (no _text in /proc/kallsyms)");
}

static void inet_addr_of(struct sockaddr *sa, const char *addr)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };

	inet_pton(AF_INET, addr, &sin.sin_addr);
	memcpy(sa, &sin, sizeof(sin));
}

/* Give interface NAME the address ADDR/MASK and bring it up; -1 and errno if not. */
static int if_up(int fd, const char *name, const char *addr, const char *mask)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	inet_addr_of(&ifr.ifr_addr, addr);
	if (ioctl(fd, SIOCSIFADDR, &ifr) < 0)
		return -1;
	inet_addr_of(&ifr.ifr_netmask, mask);
	if (ioctl(fd, SIOCSIFNETMASK, &ifr) < 0 || ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
		return -1;
	ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
	return ioctl(fd, SIOCSIFFLAGS, &ifr);
}

static int add_default_route(int fd, const char *dev, const char *gateway)
{
	struct rtentry rt;

	memset(&rt, 0, sizeof(rt));
	inet_addr_of(&rt.rt_dst, "0.0.0.0");
	inet_addr_of(&rt.rt_genmask, "0.0.0.0");
	inet_addr_of(&rt.rt_gateway, gateway);
	rt.rt_flags = RTF_UP | RTF_GATEWAY;
	rt.rt_dev = (char *)dev;
	return ioctl(fd, SIOCADDRT, &rt);
}

/* Write PATH unless it is there already (FILES= may have brought one). */
static void write_new_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);

	if (fd < 0)
		return;
	if (write(fd, text, strlen(text)) < 0)
		say("%s: %s", path, strerror(errno));
	close(fd);
}

/* lo, and eth0 on QEMU's user-mode network when the guest has one. */
static void setup_network(void)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0) {
		say("network: no socket: %s", strerror(errno));
		return;
	}
	mkdir("/etc", 0755);
	write_new_file("/etc/hosts", "127.0.0.1\tlocalhost\n");
	if (if_up(fd, "lo", "127.0.0.1", "255.0.0.0") < 0)
		say("network: lo: %s", strerror(errno));
	if (if_up(fd, "eth0", NET_ADDR, NET_MASK) < 0) {
		if (errno == ENODEV)
			say("network: no eth0, loopback only");
		else
			say("network: eth0: %s", strerror(errno));
	} else if (add_default_route(fd, "eth0", NET_GATEWAY) < 0) {
		say("network: default route via %s: %s", NET_GATEWAY, strerror(errno));
	} else {
		write_new_file("/etc/resolv.conf", "nameserver " NET_DNS "\n");
		say("network: eth0 %s/24, gateway %s, DNS %s", NET_ADDR, NET_GATEWAY, NET_DNS);
	}
	close(fd);
}

/* ukl_share=TAG: the host folder exported over virtio 9p as TAG, on /share. */
static void mount_share(void)
{
	const char *tag = getenv("ukl_share");

	if (!tag)
		return;
	mkdir("/share", 0755);
	if (mount(tag, "/share", "9p", MS_NOSUID | MS_NODEV,
		  "trans=virtio,version=9p2000.L,msize=262144") < 0) {
		say("cannot mount the shared folder '%s' on /share: %s", tag, strerror(errno));
		rmdir("/share");
		return;
	}
	share_mounted = 1;
	say("/share: the host folder (virtio 9p, tag %s), read-write", tag);
}

static volatile pid_t app_pid;

static void kill_app(int sig)
{
	static const char msg[] = "ukl-init: ukl_kill_after: killing the application\n";

	(void)sig;
	if (write(STDOUT_FILENO, msg, sizeof(msg) - 1) < 0)
		return;
	kill(app_pid, SIGKILL);
}

/* ukl_kill_after=S: SIGKILL the application S seconds after its start. */
static void arm_kill_after(pid_t pid)
{
	const char *v = getenv("ukl_kill_after");
	struct sigaction sa = { .sa_handler = kill_app };
	unsigned long s;
	char *end;

	if (!v)
		return;
	s = strtoul(v, &end, 10);
	if (*v == 0 || *end != 0 || s == 0) {
		say("ignoring ukl_kill_after=%s: not a number of seconds", v);
		return;
	}
	app_pid = pid;
	sigaction(SIGALRM, &sa, NULL);
	alarm(s);
}

/* ukl_client=PATH: a normal program started next to the application. */
static pid_t start_client(void)
{
	const char *path = getenv("ukl_client");
	pid_t pid;

	if (!path)
		return 0;
	say("starting the client %s", path);
	pid = fork();
	if (pid == 0) {
		execl(path, path, (char *)NULL);
		say("cannot exec the client %s: %s", path, strerror(errno));
		_exit(127);
	}
	if (pid < 0)
		say("fork for the client: %s", strerror(errno));
	return pid < 0 ? 0 : pid;
}

/*
 * A client that did not succeed stops the application too (app > 0); its
 * status, as an exit status, is the run's when the application's is 0.
 */
static int client_done(int status, pid_t app)
{
	int code = WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);

	if (code == 0) {
		say("client exited with status 0");
		return 0;
	}
	if (WIFSIGNALED(status))
		say("client killed by signal %d%s", WTERMSIG(status), app > 0 ? "; killing the application" : "");
	else
		say("client exited with status %d%s", code, app > 0 ? "; killing the application" : "");
	if (app > 0)
		kill(app, SIGKILL);
	return code;
}

/* The application is done: give a client still running 10 s to finish. */
static int wait_client(pid_t client)
{
	struct timespec nap = { 0, 50 * 1000 * 1000 };
	int status, i;

	for (i = 0; i < 200; i++) {
		if (waitpid(client, &status, WNOHANG) == client)
			return client_done(status, 0);
		nanosleep(&nap, NULL);
	}
	say("client still running 10 s after the application; killing it");
	kill(client, SIGKILL);
	waitpid(client, &status, 0);
	return 128 + SIGKILL;
}

int main(int argc, char **argv)
{
	char path[300];
	int status, code;
	pid_t pid, w, client;
	int client_code = 0;

	(void)argc;
	if (getpid() != 1) {
		fprintf(stderr, "ukl-init: must run as PID 1\n");
		return 1;
	}
	mount("proc", "/proc", "proc", 0, NULL);

	if (getenv("ukl_probe")) {
		say("probe ok");
		power_off(0);
	}
	if (mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777") < 0)
		say("cannot mount a tmpfs on /tmp: %s", strerror(errno));
	setup_network();
	mount_share();
	if (getenv("ukl_ktext"))
		print_kernel_text();

	if (getenv("ukl_exec"))
		snprintf(path, sizeof(path), "%s", getenv("ukl_exec"));
	else if (!find_app(path, sizeof(path))) {
		say("no application in /ukl");
		say("exit-status=%d", 127);
		power_off(127);
	}

	say("starting %s", path);
	pid = fork();
	if (pid == 0) {
		argv[0] = strrchr(path, '/') + 1;
		execv(path, argv);
		say("cannot exec the application: %s", strerror(errno));
		_exit(127);
	}
	if (pid < 0) {
		say("fork: %s", strerror(errno));
		power_off(127);
	}
	arm_kill_after(pid);
	client = start_client();

	/* As PID 1, reap every orphan until the application itself is done. */
	do {
		w = wait(&status);
		if (w > 0 && w == client) {
			client_code = client_done(status, pid);
			client = 0;
		}
	} while (w != pid && !(w < 0 && errno == ECHILD));
	alarm(0);
	if (client > 0 && w == pid)
		client_code = wait_client(client);

	if (w != pid) {
		code = 127;
		say("lost the application: %s", strerror(errno));
	} else if (WIFSIGNALED(status)) {
		code = 128 + WTERMSIG(status);
		say("application killed by signal %d", WTERMSIG(status));
	} else {
		code = WEXITSTATUS(status);
		say("application exited with status %d", code);
	}
	if (code == 0 && client_code) {
		code = client_code;
		say("the client failed: exit status %d", code);
	}
	print_ukl_counters();
	say("exit-status=%d", code);
	power_off(code);
}
