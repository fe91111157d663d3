// Core: a thread writes the two 4-byte halves of one aligned 8-byte word on two lines, in one
// epoch; main then reads each half without synchronization. Each report must name the line
// that wrote *that* half, and the previous access as the 4 bytes it wrote: the two writes
// used to share one shadow cell (the thread's cell of the epoch, widened), named by the
// last line and covering 8 bytes ("Previous write of 8 bytes" at the line that wrote `high`).
// Main waits on a relaxed atomic, which orders nothing.
// RACELIGHT-EXPECT: data-race lines=@LOW,@READLOW var=word vartype=global
// RACELIGHT-EXPECT: data-race lines=@HIGH,@READHIGH var=word vartype=global
// RACELIGHT-OUTPUT: Previous write of 4 bytes at
// RACELIGHT-OUTPUT: previous_access_bytes.c:@LOW:
// RACELIGHT-OUTPUT: previous_access_bytes.c:@HIGH:
#include <pthread.h>
#include <stdatomic.h>

struct halves {
  volatile int low;
  volatile int high;
};
_Alignas(8) struct halves word;
atomic_int written;

static void *writer(void *arg) {
  word.low = 1;  // @LOW
  word.high = 2; // @HIGH
  atomic_store_explicit(&written, 1, memory_order_relaxed);
  return arg;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, writer, 0);
  while (!atomic_load_explicit(&written, memory_order_relaxed)) {
  }
  int low = word.low;   // @READLOW
  int high = word.high; // @READHIGH
  pthread_join(t, 0);
  return (low + high) * 0;
}
