// The shadow cell: how one remembered memory access is packed into 64 bits.
//
// Dependency-free on purpose (unit-tested on its own, readable in isolation).
//
// Application memory is divided into 8-byte granules. Each granule has kCellsPerGranule
// shadow cells; each non-empty cell remembers one access (or several accesses of one
// thread in one epoch, merged) to some bytes of the granule:
//
//   bit  0..7   byte mask: which bytes of the granule the access covered
//   bit  8      write (else read)
//   bit  9      atomic
//   bit  10     free: the write was the deallocation of the memory
//   bit  11     unused (always 0)
//   bit  12..27 thread slot (16 bits)
//   bit  28..63 clock of that slot when the access happened (36 bits)
//
// The pair (slot, clock) is a FastTrack epoch. A cell whose clock is 0 is empty (clocks start
// at 1). Two accesses conflict when their masks overlap, at least one is a write, they are
// not both atomic, their slots differ and the older one's epoch is not <= the newer thread's
// vector clock entry for that slot.
//
// Where in the source each access was made is not in the shadow: it is in the access
// history of the slot (access_history.h), looked up by (slot, clock, granule) for a report.
#ifndef RACELIGHT_SHADOW_ENCODING_H
#define RACELIGHT_SHADOW_ENCODING_H

#include <stdint.h>

namespace rl {
namespace shadow {

constexpr unsigned kGranuleSize = 8;
constexpr unsigned kCellsPerGranule = 4;

constexpr unsigned kMaskBits = 8;
constexpr unsigned kWriteBit = 8;
constexpr unsigned kAtomicBit = 9;
constexpr unsigned kFreeBit = 10;
constexpr unsigned kUnusedBit = 11;
constexpr unsigned kSlotShift = 12;
constexpr unsigned kSlotBits = 16;
constexpr unsigned kClockShift = kSlotShift + kSlotBits;
constexpr unsigned kClockBits = 64 - kClockShift;

constexpr uint64_t kMaskField = (uint64_t{1} << kMaskBits) - 1;
constexpr uint64_t kWrite = uint64_t{1} << kWriteBit;
constexpr uint64_t kAtomic = uint64_t{1} << kAtomicBit;
constexpr uint64_t kFree = uint64_t{1} << kFreeBit;
constexpr uint64_t kSlotField = ((uint64_t{1} << kSlotBits) - 1) << kSlotShift;
constexpr uint64_t kClockField = ~uint64_t{0} << kClockShift;
constexpr uint64_t kEpochField = kSlotField | kClockField;
constexpr uint64_t kMaxClock = (uint64_t{1} << kClockBits) - 1;
constexpr uint32_t kMaxSlots = 1u << kSlotBits;

static_assert(kGranuleSize == kMaskBits, "one mask bit per granule byte");
static_assert(kClockShift + kClockBits == 64, "fields fill the cell");
static_assert((kMaskField & kWrite) == 0 && (kWrite & kAtomic) == 0 && (kAtomic & kFree) == 0,
              "flag bits are distinct");
static_assert(kFreeBit + 1 == kUnusedBit && kUnusedBit + 1 == kSlotShift,
              "slot field starts right after the flags and the unused bit");
static_assert(kClockBits >= 36, "clock must not wrap in any realistic run");

typedef uint64_t Cell;

// The epoch part of a cell for (slot, clock): OR it with a mask and flags to make a cell.
constexpr uint64_t EpochBits(uint32_t slot, uint64_t clock) {
  return (clock << kClockShift) | (uint64_t{slot} << kSlotShift);
}
constexpr uint32_t SlotOf(Cell c) { return uint32_t((c & kSlotField) >> kSlotShift); }
constexpr uint64_t ClockOf(Cell c) { return c >> kClockShift; }
constexpr uint32_t MaskOf(Cell c) { return uint32_t(c & kMaskField); }
constexpr bool IsEmpty(Cell c) { return ClockOf(c) == 0; }
constexpr bool IsWrite(Cell c) { return (c & kWrite) != 0; }
constexpr bool IsAtomic(Cell c) { return (c & kAtomic) != 0; }
constexpr bool IsFree(Cell c) { return (c & kFree) != 0; }
constexpr Cell WithMask(Cell c, uint32_t mask) { return (c & ~kMaskField) | (mask & kMaskField); }

// Byte mask of an access of `size` bytes starting at byte `offset` of a granule.
// Requires offset + size <= kGranuleSize.
constexpr uint32_t AccessMask(unsigned offset, unsigned size) {
  return ((size >= 8 ? 0xffu : ((1u << size) - 1)) << offset) & 0xffu;
}

// The flags of `older` and `newer` make them a conflicting pair (ignoring time and mask).
constexpr bool KindsConflict(Cell older, Cell newer) {
  return (IsWrite(older) || IsWrite(newer)) && !(IsAtomic(older) && IsAtomic(newer));
}

// Whether a remembered access `older`, which happens-before `newer`, adds nothing once
// `newer` is remembered on the same bytes: every later access that would conflict with
// `older` (and is concurrent with it) also conflicts with `newer` (and is concurrent with it,
// since older -> newer). A write subsumes everything of its atomicity or weaker; a read
// subsumes only reads; an atomic access subsumes only atomic accesses.
constexpr bool Subsumes(Cell newer, Cell older) {
  return (IsWrite(newer) || !IsWrite(older)) && (!IsAtomic(newer) || IsAtomic(older));
}

}  // namespace shadow
}  // namespace rl

#endif  // RACELIGHT_SHADOW_ENCODING_H
