// Core: a 16-byte aligned struct assigned as a whole (a 16-byte copy: memcpy at -O0, one
// vector store at -O2) races with a read of its second member.
// RACELIGHT-EXPECT: data-race lines=@W,@R var=shared_pair vartype=global
#include <cstdio>
#include <thread>

struct alignas(16) Pair {
  long first;
  long second;
};

Pair shared_pair;

int main(int argc, char **) {
  std::thread writer([argc] {
    Pair p{argc, argc + 1};
    shared_pair = p; // @W
  });
  long seen = shared_pair.second; // @R
  writer.join();
  std::printf("seen = %ld\n", seen);
  return 0;
}
