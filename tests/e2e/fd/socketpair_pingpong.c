// Fd (clean): two threads take turns updating a shared array, handing the turn over with
// send/recv on a socketpair (one end each). Each recv is ordered after the peer's send.
// RACELIGHT-EXPECT: none
#include <pthread.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

static int sv[2];
static long board[16];

static int play(int fd, long who, int first) {
  char token = 't';
  for (int round = 0; round < 50; ++round) {
    if (!(first && round == 0) && recv(fd, &token, 1, 0) != 1) return 1;
    for (int i = 0; i < 16; ++i) board[i] += who;
    if (send(fd, &token, 1, 0) != 1) return 1;
  }
  return 0;
}

static void *peer(void *arg) { return play(sv[1], 2, 0) ? (void *)1 : NULL; }

int main(void) {
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) return 2;
  pthread_t t;
  pthread_create(&t, NULL, peer, NULL);
  int bad = play(sv[0], 1, 1);
  char token;
  if (recv(sv[0], &token, 1, 0) != 1) bad = 1;  // the peer's last turn
  void *peer_bad;
  pthread_join(t, &peer_bad);
  close(sv[0]);
  close(sv[1]);
  printf("board[0] = %ld\n", board[0]);
  return bad || peer_bad || board[0] != 150;
}
