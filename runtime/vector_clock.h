// A vector clock: for each thread slot, the latest clock value of that slot known here.
//
// Thread-safety: none; the owner serializes access (a ThreadState is only touched by its
// thread; a SyncVar's clock is guarded by the SyncVar's mutex).
// Invariant: entries past Size() are 0; storage grows on demand and never shrinks.
#ifndef RACELIGHT_VECTOR_CLOCK_H
#define RACELIGHT_VECTOR_CLOCK_H

#include "defs.h"

namespace rl {

class VectorClock {
 public:
  VectorClock() = default;
  ~VectorClock();
  VectorClock(const VectorClock &) = delete;
  VectorClock &operator=(const VectorClock &) = delete;

  u64 Get(u32 slot) const { return slot < size_ ? clocks_[slot] : 0; }
  void Set(u32 slot, u64 value);
  // this[i] = max(this[i], other[i]) for every i.
  void Join(const VectorClock &other);
  void CopyFrom(const VectorClock &other);
  // Exchanges the contents (O(1)): for a clock whose old value is not needed any more.
  void Swap(VectorClock &other) {
    u64 *c = clocks_;
    clocks_ = other.clocks_;
    other.clocks_ = c;
    u32 s = size_;
    size_ = other.size_;
    other.size_ = s;
    u32 cap = capacity_;
    capacity_ = other.capacity_;
    other.capacity_ = cap;
  }
  // this[i] <= other[i] for every i.
  bool LessOrEqual(const VectorClock &other) const;
  void Clear();
  u32 Size() const { return size_; }

 private:
  void Grow(u32 size);

  u64 *clocks_ = nullptr;
  u32 size_ = 0;
  u32 capacity_ = 0;
};

}  // namespace rl

#endif  // RACELIGHT_VECTOR_CLOCK_H
