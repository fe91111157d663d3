// Fd (clean): recv(MSG_TRUNC) on a datagram socket returns the datagram's whole length (64)
// but stores only what fits in the buffer (8 bytes). The main thread writes the field right
// after the buffer with nothing ordering it with the recv: only the 8 bytes stored are the
// recv's, so nothing races.
// RACELIGHT-EXPECT: none
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static struct { char buf[8]; int neighbor; } g;
static int sv[2];

static void *receiver(void *arg) {
  ssize_t n = recv(sv[1], g.buf, sizeof g.buf, MSG_TRUNC);
  return (void *)n;
}

int main(void) {
  if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) != 0) return 2;
  pthread_t t;
  pthread_create(&t, NULL, receiver, NULL);
  char datagram[64];
  memset(datagram, 'd', sizeof datagram);
  if (send(sv[0], datagram, sizeof datagram, 0) != sizeof datagram) return 2;
  g.neighbor = 1;
  void *n;
  pthread_join(t, &n);
  close(sv[0]);
  close(sv[1]);
  printf("recv returned %ld, stored %.8s\n", (long)n, g.buf);
  return (long)n != 64 || g.buf[0] != 'd';
}
