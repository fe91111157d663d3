// Fd (clean): a client thread fills a global, connects to a loopback TCP server and sends a
// request; the server (main thread) accepts, receives, then reads the global. connect
// orders the client before the accept, send before recv.
// RACELIGHT-EXPECT: none
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

static struct sockaddr_in addr;
static char greeting[16];

static void *client(void *arg) {
  greeting[0] = 'h';
  greeting[1] = 'i';
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) return (void *)1;
  if (send(fd, "req", 3, 0) != 3) return (void *)1;
  close(fd);
  return NULL;
}

int main(void) {
  int ls = socket(AF_INET, SOCK_STREAM, 0);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (ls < 0 || bind(ls, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(ls, 1) != 0 ||
      getsockname(ls, (struct sockaddr *)&addr, &len) != 0)
    return 77;  // no loopback networking here
  pthread_t t;
  pthread_create(&t, NULL, client, NULL);
  int c = accept(ls, NULL, NULL);
  char req[4] = {0};
  if (c < 0 || recv(c, req, 3, MSG_WAITALL) != 3) return 2;
  int ok = greeting[0] == 'h' && greeting[1] == 'i';
  void *bad;
  pthread_join(t, &bad);
  close(c);
  close(ls);
  printf("%s %s\n", req, ok ? "ok" : "bad");
  return !ok || bad;
}
