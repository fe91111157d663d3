// Sync (clean): POSIX semaphores (sem_t) as a ping-pong: the two threads take turns writing a
// shared plain buffer, handing the turn over with sem_post / sem_wait, 1000 times.
// RACELIGHT-EXPECT: none
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>

sem_t ping, pong;
int buffer[16];

static void *responder(void *arg) {
  (void)arg;
  for (int i = 0; i < 1000; ++i) {
    sem_wait(&ping);
    for (int k = 0; k < 16; ++k) buffer[k] += 1;
    sem_post(&pong);
  }
  return NULL;
}

int main(void) {
  sem_init(&ping, 0, 0);
  sem_init(&pong, 0, 0);
  pthread_t t;
  pthread_create(&t, NULL, responder, NULL);
  for (int i = 0; i < 1000; ++i) {
    for (int k = 0; k < 16; ++k) buffer[k] += 2;
    sem_post(&ping);
    sem_wait(&pong);
  }
  pthread_join(t, NULL);
  printf("buffer[15] = %d\n", buffer[15]);
  sem_destroy(&ping);
  sem_destroy(&pong);
  return buffer[15] == 3000 ? 0 : 1;
}
