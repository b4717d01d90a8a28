/*
 * Kernel text patching with every CPU busy (run with SMP=4): the main
 * thread turns a static key of the stock kernel on and off, the socket
 * timestamp key (netstamp_needed_key, on while a socket asks for
 * SO_TIMESTAMP), while three threads keep the loopback receive path that
 * holds its jump sites running.  Every change rewrites those sites with
 * the kernel's INT3 protocol (text_poke_bp()).  Neither the kernel nor the
 * application may see a stale instruction: the run must end without an
 * "int3" oops.  Arguments: the seconds to run (default 30).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "../tap.h"

#define NPINGERS 3

static volatile int stop;
static unsigned long sent[NPINGERS];

/* Datagrams to itself over loopback: softirq receive on this CPU. */
static void *pinger(void *arg)
{
	long i = (long)arg;
	struct sockaddr_in a = {
		.sin_family = AF_INET,
		.sin_port = htons(5000 + i),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	int tx = socket(AF_INET, SOCK_DGRAM, 0);
	int rx = socket(AF_INET, SOCK_DGRAM, 0);
	char b[8] = "x";

	if (tx < 0 || rx < 0 || bind(rx, (void *)&a, sizeof(a)) < 0)
		return NULL;
	while (!stop) {
		if (sendto(tx, b, 1, 0, (void *)&a, sizeof(a)) == 1 &&
		    recv(rx, b, sizeof(b), 0) == 1)
			sent[i]++;
	}
	close(tx);
	close(rx);
	return NULL;
}

/* One socket that wants timestamps: the key goes on, and off at close. */
static int toggle(void)
{
	int on = 1, s = socket(AF_INET, SOCK_DGRAM, 0);
	int r;

	if (s < 0)
		return -1;
	r = setsockopt(s, SOL_SOCKET, SO_TIMESTAMP, &on, sizeof(on));
	close(s);
	return r;
}

int main(int argc, char **argv)
{
	int secs = argc > 1 ? atoi(argv[1]) : 30;
	pthread_t t[NPINGERS];
	unsigned long toggles = 0, total = 0;
	int failed = 0;
	time_t end;
	long i;

	for (i = 0; i < NPINGERS; i++)
		pthread_create(&t[i], NULL, pinger, (void *)i);
	end = time(NULL) + secs;
	while (time(NULL) < end) {
		if (toggle() < 0)
			failed++;
		toggles++;
		/* The key goes off from a work item: let it run. */
		usleep(2000);
	}
	stop = 1;
	for (i = 0; i < NPINGERS; i++) {
		pthread_join(t[i], NULL);
		total += sent[i];
	}
	ok(failed == 0 && toggles > 0, "%lu SO_TIMESTAMP sockets in %d s (%d failed)",
	   toggles, secs, failed);
	ok(sent[0] && sent[1] && sent[2], "3 threads sent and received %lu datagrams meanwhile",
	   total);
	return tap_done();
}
