// The shadow cell: how one remembered memory access is packed into 32 bits (TSan's size).
//
// Dependency-free on purpose (unit-tested on its own, readable in isolation). This header is
// the one place that defines the cell's layout.
//
// Application memory is divided into 8-byte granules. Each granule has kCellsPerGranule
// shadow cells (16 bytes, side by side: shadow_map.h); each non-empty cell remembers one
// access (or several accesses of one thread in one epoch, merged) to some bytes of the
// granule:
//
//   bit  0..7   byte mask: which bytes of the granule the access covered
//   bit  8      write (else read)
//   bit  9      atomic
//   bit  10     free: the write was the deallocation of the memory
//   bit  11..18 thread slot (8 bits: kMaxSlots = 256)
//   bit  19..31 clock of that slot when the access happened (13 bits: kMaxClock = 8191)
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
constexpr unsigned kSlotShift = 11;
constexpr unsigned kSlotBits = 8;
constexpr unsigned kClockShift = kSlotShift + kSlotBits;
constexpr unsigned kClockBits = 32 - kClockShift;

typedef uint32_t Cell;

constexpr Cell kMaskField = (Cell{1} << kMaskBits) - 1;
constexpr Cell kWrite = Cell{1} << kWriteBit;
constexpr Cell kAtomic = Cell{1} << kAtomicBit;
constexpr Cell kFree = Cell{1} << kFreeBit;
constexpr Cell kSlotField = ((Cell{1} << kSlotBits) - 1) << kSlotShift;
constexpr Cell kClockField = ~Cell{0} << kClockShift;
constexpr Cell kEpochField = kSlotField | kClockField;
// Clocks are compared and stored as u64 elsewhere (vector clocks): the limit in that type.
constexpr uint64_t kMaxClock = (uint64_t{1} << kClockBits) - 1;
constexpr uint32_t kMaxSlots = 1u << kSlotBits;

static_assert(sizeof(Cell) == 4, "a cell is 32 bits: four fill 16 bytes");
static_assert(kGranuleSize == kMaskBits, "one mask bit per granule byte");
static_assert(kSlotBits == 8 && kClockBits == 13, "8-bit slot, 13-bit clock");
static_assert(kClockShift + kClockBits == 32, "the clock is the top field and fills the cell");
static_assert((kMaskField & kWrite) == 0 && (kWrite & kAtomic) == 0 && (kAtomic & kFree) == 0,
              "flag bits are distinct");
static_assert(kWriteBit == kMaskBits && kAtomicBit == kWriteBit + 1 &&
                  kFreeBit == kAtomicBit + 1 && kSlotShift == kFreeBit + 1,
              "flags right after the mask, the slot right after the flags");
static_assert((kMaskField | kWrite | kAtomic | kFree | kSlotField | kClockField) == ~Cell{0} &&
                  kMaskField + kWrite + kAtomic + kFree + kSlotField + kClockField == ~Cell{0},
              "the fields are disjoint and cover the cell");
static_assert(kMaxClock == 8191 && kMaxSlots == 256, "TSan-sized epochs");

// The epoch part of a cell for (slot, clock): OR it with a mask and flags to make a cell.
// Requires slot < kMaxSlots and clock <= kMaxClock (wider values would be cut: a clock of
// kMaxClock + 1 would read as empty). Tick dies past kMaxClock (thread_registry.cc).
constexpr Cell EpochBits(uint32_t slot, uint64_t clock) {
  return (Cell(clock) << kClockShift) | (Cell(slot) << kSlotShift);
}
constexpr uint32_t SlotOf(Cell c) { return (c & kSlotField) >> kSlotShift; }
constexpr uint32_t ClockOf(Cell c) { return c >> kClockShift; }
constexpr uint32_t MaskOf(Cell c) { return c & kMaskField; }
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
