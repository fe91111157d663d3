#include "vector_clock.h"

#include <emmintrin.h>
#include <string.h>

#include "internal_alloc.h"
#include "shadow_encoding.h"

namespace rl {

std::atomic<u32> g_clock_era{0};

// Every value stored is a slot's clock, at most ClockLimit() <= kMaxClock (Tick, slot
// allocation and task slots clamp to it); 15 bits leave signed 16-bit maxima usable.
static_assert(shadow::kMaxClock <= VectorClock::kMaxEntry, "a clock must fit an entry");

VectorClock::~VectorClock() { InternalFree(clocks_); }

void VectorClock::ZeroEntries() {
  if (size_) memset(clocks_, 0, size_ * sizeof(u16));
}

void VectorClock::Grow(u32 size) {
  if (size <= size_) return;
  if (size > capacity_) {
    u32 capacity = capacity_ ? capacity_ : 8;
    while (capacity < size) capacity *= 2;
    clocks_ = static_cast<u16 *>(InternalRealloc(clocks_, capacity * sizeof(u16)));
    capacity_ = capacity;
  }
  memset(clocks_ + size_, 0, (size - size_) * sizeof(u16));
  size_ = size;
}

void VectorClock::Reserve(u32 n) {
  if (n <= capacity_) return;
  clocks_ = static_cast<u16 *>(InternalRealloc(clocks_, n * sizeof(u16)));
  capacity_ = n;
}

void VectorClock::Set(u32 slot, u64 value) {
  Renew(CurrentClockEra());
  if (slot >= size_) Grow(slot + 1);
  clocks_[slot] = u16(value);
}

void VectorClock::Join(const VectorClock &other) {
  const u32 era = CurrentClockEra();
  if (other.era_ != era) return;  // nothing of an earlier era is known any more
  Renew(era);
  if (other.size_ > size_) Grow(other.size_);
  u16 *to = clocks_;
  const u16 *from = other.clocks_;
  const u32 n = other.size_;
  u32 i = 0;
  // Eight entries at a time (SSE2's signed 16-bit maximum: entries are at most 0x7fff).
  for (; i + 8 <= n; i += 8) {
    __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i *>(to + i));
    __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i *>(from + i));
    _mm_storeu_si128(reinterpret_cast<__m128i *>(to + i), _mm_max_epi16(a, b));
  }
  for (; i < n; ++i)
    if (from[i] > to[i]) to[i] = from[i];
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
  memcpy(clocks_, other.clocks_, other.size_ * sizeof(u16));
  if (size_ > other.size_) memset(clocks_ + other.size_, 0, (size_ - other.size_) * sizeof(u16));
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
