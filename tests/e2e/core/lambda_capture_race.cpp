// Core: a local variable of main captured by reference in a std::thread lambda; both threads
// add to it without synchronization. The memory is main's stack.
// RACELIGHT-EXPECT: data-race lines=@CHILD,@MAIN vartype=stack
#include <cstdio>
#include <thread>

int main(int argc, char **) {
  int sum = 0;
  std::thread t([&sum, argc] {
    sum += argc; // @CHILD
  });
  sum += 2; // @MAIN
  t.join();
  std::printf("sum = %d\n", sum);
  return 0;
}
