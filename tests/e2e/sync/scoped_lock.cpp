// Sync (clean): std::scoped_lock over two mutexes, taken in opposite argument orders by two
// threads transferring between two accounts. std::scoped_lock avoids deadlock (lock one,
// try_lock the other, back off), so there is no deadlock and no lock-order inversion to
// report, and the balances are always accessed with both locks held.
// RACELIGHT-FLAGS: -std=c++17
// RACELIGHT-EXPECT: none
#include <cstdio>
#include <mutex>
#include <thread>

struct Account {
  std::mutex m;
  long balance = 1000;
};

Account a, b;

void transfer(Account &from, Account &to, long amount, int times) {
  for (int i = 0; i < times; ++i) {
    std::scoped_lock lock(from.m, to.m);
    from.balance -= amount;
    to.balance += amount;
  }
}

int main() {
  std::thread t1(transfer, std::ref(a), std::ref(b), 3, 3000);
  std::thread t2(transfer, std::ref(b), std::ref(a), 2, 3000);
  t1.join();
  t2.join();
  std::printf("a = %ld, b = %ld\n", a.balance, b.balance);
  return a.balance + b.balance == 2000 ? 0 : 1;
}
