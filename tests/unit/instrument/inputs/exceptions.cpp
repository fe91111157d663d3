// Input of the instrument.clang.exceptions-* tests: an exception unwinds through
// guarded(), whose frame must be popped on the unwind path too.
#include <mutex>
#include <stdexcept>
namespace ns { int value; }
std::mutex m;
void thrower(int x) { if (x) throw std::runtime_error("x"); }
int guarded(int x) {
  std::lock_guard<std::mutex> g(m);
  thrower(x);
  return ++ns::value;
}
int main() { try { return guarded(1); } catch (...) { return ns::value; } }
