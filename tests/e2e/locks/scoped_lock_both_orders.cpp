// Locks (clean): std::scoped_lock(a, b) in one thread and std::scoped_lock(b, a) in another.
// std::scoped_lock locks through std::lock, which blocks on one mutex and only try-locks
// the others (backing off on failure), so it cannot deadlock and adds no lock-order edge:
// no lock-order-inversion may be reported. First the two threads run one after the other,
// then concurrently (where std::lock really has to back off).
// RACELIGHT-FLAGS: -std=c++17
// RACELIGHT-EXPECT: none
#include <cstdio>
#include <mutex>
#include <thread>

std::mutex a, b;
long balance_a = 1000, balance_b = 1000;

void a_to_b(int times) {
  for (int i = 0; i < times; ++i) {
    std::scoped_lock lock(a, b);
    balance_a -= 3;
    balance_b += 3;
  }
}

void b_to_a(int times) {
  for (int i = 0; i < times; ++i) {
    std::scoped_lock lock(b, a);
    balance_b -= 2;
    balance_a += 2;
  }
}

int main() {
  std::thread(a_to_b, 1).join();
  std::thread(b_to_a, 1).join();
  std::thread t1(a_to_b, 2000), t2(b_to_a, 2000);
  t1.join();
  t2.join();
  std::printf("a = %ld, b = %ld\n", balance_a, balance_b);
  return balance_a + balance_b == 2000 ? 0 : 1;
}
