// A vector clock: for each thread slot, the latest clock value of that slot known here.
//
// Thread-safety: none; the owner serializes access (a ThreadState is only touched by its
// thread; a SyncVar's clock is guarded by the SyncVar's mutex).
// Invariant: entries past Size() are 0; storage grows on demand and never shrinks.
// Entries are 16 bits, as in TSan: a slot's clock never passes shadow::kMaxClock (8191)
// within an era (the owner moves to another slot or the clocks are reset first), so a
// thread clock of all 256 slots is 512 bytes and a join is a few vector instructions. With
// 64-bit entries, joins of clocks that slot switching had spread over many slots took 28%
// of mutex_counter's time (design.md, Clock overflow).
//
// Eras: when thread clocks run out, the runtime discards the shadow and starts every clock
// again (clock_reset.h), by advancing g_clock_era. A clock whose entries were written in an
// earlier era reads as empty, and is emptied before it is written: the clocks of every
// sync object and thread forget the old era without anyone visiting them. What that forgets
// is only ordering of accesses made before the reset, whose cells are gone with it.
// Each operation reads the era once; a reset that completes meanwhile leaves at worst
// old-era entries tagged with the new era, which can only make accesses look ordered
// (a missed race, never a false one), and the clock_reset protocol keeps that from
// happening on the paths that check accesses.
#ifndef RACELIGHT_VECTOR_CLOCK_H
#define RACELIGHT_VECTOR_CLOCK_H

#include <atomic>

#include "defs.h"

namespace rl {

// The current clock era (clock_reset.h); starts at 0, only grows.
extern std::atomic<u32> g_clock_era;
inline u32 CurrentClockEra() { return g_clock_era.load(std::memory_order_acquire); }

class VectorClock {
 public:
  VectorClock() = default;
  ~VectorClock();
  VectorClock(const VectorClock &) = delete;
  VectorClock &operator=(const VectorClock &) = delete;

  u64 Get(u32 slot) const {
    return slot < size_ && era_ == CurrentClockEra() ? u64(clocks_[slot]) : 0;
  }
  // Whether the entries belong to the current era (else all read as 0).
  bool InCurrentEra() const { return era_ == CurrentClockEra(); }
  // Requires value <= kMaxEntry.
  void Set(u32 slot, u64 value);
  static constexpr u64 kMaxEntry = 0x7fff;
  // this[i] = max(this[i], other[i]) for every i.
  void Join(const VectorClock &other);
  void CopyFrom(const VectorClock &other);
  // Exchanges the contents (O(1)): for a clock whose old value is not needed any more.
  void Swap(VectorClock &other) {
    u16 *c = clocks_;
    clocks_ = other.clocks_;
    other.clocks_ = c;
    u32 s = size_;
    size_ = other.size_;
    other.size_ = s;
    u32 cap = capacity_;
    capacity_ = other.capacity_;
    other.capacity_ = cap;
    u32 era = era_;
    era_ = other.era_;
    other.era_ = era;
  }
  // this[i] <= other[i] for every i.
  bool LessOrEqual(const VectorClock &other) const;
  void Clear();
  u32 Size() const { return size_; }
  // Entries that Set can write without allocating (Reserve: at least n, size unchanged).
  u32 Capacity() const { return capacity_; }
  void Reserve(u32 n);

 private:
  void Grow(u32 size);
  // Empties the entries of an earlier era and tags the clock with `era`.
  void Renew(u32 era) {
    if (era_ != era) {
      ZeroEntries();
      era_ = era;
    }
  }
  void ZeroEntries();

  u16 *clocks_ = nullptr;
  u32 size_ = 0;
  u32 capacity_ = 0;
  u32 era_ = 0;  // g_clock_era when the entries were written
};

}  // namespace rl

#endif  // RACELIGHT_VECTOR_CLOCK_H
