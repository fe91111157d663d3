// Fd (clean): a producer fills a record and sends a pointer to it with sendmsg (two iovecs)
// over a datagram socketpair; the consumer gets the pointer with recvmsg and reads the record.
// RACELIGHT-EXPECT: none
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

struct record { int id; char name[32]; };
static int sv[2];

static void *consumer(void *arg) {
  struct record *r = NULL;
  int tag = 0;
  struct iovec iov[2] = {{&tag, sizeof tag}, {&r, sizeof r}};
  struct msghdr msg = {0};
  msg.msg_iov = iov;
  msg.msg_iovlen = 2;
  if (recvmsg(sv[1], &msg, 0) != sizeof tag + sizeof r) return (void *)1;
  int ok = tag == 7 && r->id == 3 && r->name[0] == 'c';
  free(r);
  return ok ? NULL : (void *)1;
}

int main(void) {
  if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) != 0) return 2;
  pthread_t t;
  pthread_create(&t, NULL, consumer, NULL);
  struct record *r = malloc(sizeof *r);
  r->id = 3;
  strcpy(r->name, "carol");
  int tag = 7;
  struct iovec iov[2] = {{&tag, sizeof tag}, {&r, sizeof r}};
  struct msghdr msg = {0};
  msg.msg_iov = iov;
  msg.msg_iovlen = 2;
  if (sendmsg(sv[0], &msg, 0) < 0) return 2;
  void *bad;
  pthread_join(t, &bad);
  close(sv[0]);
  close(sv[1]);
  puts(bad ? "garbled" : "received");
  return bad != NULL;
}
