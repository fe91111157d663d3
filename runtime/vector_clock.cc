#include "vector_clock.h"

#include <string.h>

#include "internal_alloc.h"

namespace rl {

std::atomic<u32> g_clock_era{0};

VectorClock::~VectorClock() { InternalFree(clocks_); }

void VectorClock::ZeroEntries() {
  if (size_) memset(clocks_, 0, size_ * sizeof(u64));
}

void VectorClock::Grow(u32 size) {
  if (size <= size_) return;
  if (size > capacity_) {
    u32 capacity = capacity_ ? capacity_ : 8;
    while (capacity < size) capacity *= 2;
    clocks_ = static_cast<u64 *>(InternalRealloc(clocks_, capacity * sizeof(u64)));
    capacity_ = capacity;
  }
  memset(clocks_ + size_, 0, (size - size_) * sizeof(u64));
  size_ = size;
}

void VectorClock::Reserve(u32 n) {
  if (n <= capacity_) return;
  clocks_ = static_cast<u64 *>(InternalRealloc(clocks_, n * sizeof(u64)));
  capacity_ = n;
}

void VectorClock::Set(u32 slot, u64 value) {
  Renew(CurrentClockEra());
  if (slot >= size_) Grow(slot + 1);
  clocks_[slot] = value;
}

void VectorClock::Join(const VectorClock &other) {
  const u32 era = CurrentClockEra();
  if (other.era_ != era) return;  // nothing of an earlier era is known any more
  Renew(era);
  if (other.size_ > size_) Grow(other.size_);
  for (u32 i = 0; i < other.size_; ++i)
    if (other.clocks_[i] > clocks_[i]) clocks_[i] = other.clocks_[i];
}

void VectorClock::CopyFrom(const VectorClock &other) {
  if (this == &other) return;
  const u32 era = CurrentClockEra();
  era_ = era;
  if (other.era_ != era) {
    ZeroEntries();
    return;
  }
  Grow(other.size_);
  memcpy(clocks_, other.clocks_, other.size_ * sizeof(u64));
  if (size_ > other.size_) memset(clocks_ + other.size_, 0, (size_ - other.size_) * sizeof(u64));
}

bool VectorClock::LessOrEqual(const VectorClock &other) const {
  if (era_ != CurrentClockEra()) return true;  // reads as empty
  for (u32 i = 0; i < size_; ++i)
    if (clocks_[i] > other.Get(i)) return false;
  return true;
}

void VectorClock::Clear() {
  ZeroEntries();
  era_ = CurrentClockEra();
}

}  // namespace rl
