// Which cell of a granule an access takes, when every cell in use is the accessing thread's.
//
// Dependency-free (shadow_encoding.h only), so that it is unit-tested on its own against a
// plain model of the rules (tests/unit/runtime/cell_choice_test.cc).
//
// The slow path (access.cc, RecordWithoutConflict) runs once per granule per epoch: after
// every release, each granule a thread touches again takes it. For the thread's private
// data (the common case: every cell in use is its own) no conflict is possible, and the
// choice of a cell is pure bit arithmetic on the four cells. Made with branches, cell by
// cell, the choice mispredicted on data-dependent conditions (which of five cases applies
// changes from granule to granule), and every misprediction also threw away the loads the
// processor had started past the check: the program's own and the next check's shadow
// load, which then missed one after the other instead of together. Here the four cells are
// classified side by side (SSE2) and the case is picked without a branch, but for one that
// takes the commonest cases (a widening, the same access again, an empty granule) early.
//
// The rules are those of access.cc, restricted to a granule with only the thread's cells:
// every such cell happens before the access (it is the thread's own past), so
//   widen:       a cell of the same epoch and kind: it is widened by the access's mask;
//   covered:     else the first cell that is the same access of an older epoch (equal but
//                for the clock), else the first cell whose bytes the access covers and
//                whose kind it subsumes: it is replaced;
//   replaceable: else the first cell whose every byte the access (if it subsumes the cell)
//                or a no older cell that subsumes it covers (access.cc, ReplaceableBy);
//   empty:       else the first empty cell;
//   overwrite:   else the first cell the access overlaps and subsumes (loses history);
//   none:        else no cell (-1).
#ifndef RACELIGHT_CELL_CHOICE_H
#define RACELIGHT_CELL_CHOICE_H

#include <stdint.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "shadow_encoding.h"

namespace rl {
namespace shadow {

enum class CellChoiceKind : uint8_t { kWiden, kCovered, kReplaceable, kEmpty, kOverwrite, kNone };

struct CellChoice {
  int target;      // the cell to publish in, -1 for none
  int empty;       // the first empty cell, -1 for none (whatever the target)
  CellChoiceKind kind;
};

// Whether the SSE2 classification is compiled in (else OwnGranuleChoice always declines).
constexpr bool kVectorCellChoice =
#if defined(__SSE2__)
    true;
#else
    false;
#endif

// For the access `cur` (a non-empty cell of slot `slot`) and a snapshot of the granule's
// cells (`cells`, 16-byte aligned): false if some cell in use belongs to another slot (the
// caller then decides cell by cell, with the vector clock); else true with the choice in
// `*out`.
__attribute__((always_inline)) inline bool OwnGranuleChoice(const Cell *cells, Cell cur, uint32_t slot, CellChoice *out) {
#if defined(__SSE2__)
  const __m128i zero = _mm_setzero_si128();
  const __m128i v = _mm_load_si128(reinterpret_cast<const __m128i *>(cells));
  const __m128i mask_field = _mm_set1_epi32(int(kMaskField));
  const __m128i clocks = _mm_srli_epi32(v, kClockShift);
  const __m128i empty = _mm_cmpeq_epi32(clocks, zero);
  const __m128i own = _mm_cmpeq_epi32(_mm_and_si128(v, _mm_set1_epi32(int(kSlotField))),
                                      _mm_set1_epi32(int(slot << kSlotShift)));
  const int empty_bits = _mm_movemask_ps(_mm_castsi128_ps(empty));
  const int own_bits = _mm_movemask_ps(_mm_castsi128_ps(_mm_andnot_si128(empty, own)));
  if ((empty_bits | own_bits) != 0xf) return false;  // another thread's cell

  const uint32_t cur_mask = MaskOf(cur);
  const __m128i in_use = _mm_cmpeq_epi32(empty, zero);
  // Same epoch and kind as `cur` (an empty cell never is: cur's clock is not 0).
  const __m128i widen =
      _mm_cmpeq_epi32(_mm_and_si128(v, _mm_set1_epi32(int(~kMaskField))),
                      _mm_set1_epi32(int(cur & ~kMaskField)));
  const int widen_bits = _mm_movemask_ps(_mm_castsi128_ps(widen));
  // The commonest cases first, behind one branch: a widening, the same access again in a
  // later epoch (a loop's next pass after a release), or a granule with no cell in use
  // (the first touch of fresh memory: every cell empty, cell 0 taken). Every instruction
  // saved here counts: the whole slow path has to fit in the processor's reorder window
  // for the program's next cache miss to overlap this check's (design.md, session 12).
  const __m128i same = _mm_andnot_si128(
      empty, _mm_cmpeq_epi32(_mm_and_si128(v, _mm_set1_epi32(int(~kClockField))),
                             _mm_set1_epi32(int(cur & ~kClockField))));
  const int same_bits = _mm_movemask_ps(_mm_castsi128_ps(same));
  const int first_empty = __builtin_ctz(unsigned(empty_bits) | 16u);
  out->empty = first_empty == 4 ? -1 : first_empty;
  if (__builtin_expect((widen_bits | same_bits) != 0 || empty_bits == 0xf, 1)) {
    // Cell 0 when the granule is empty.
    out->target = __builtin_ctz(unsigned(widen_bits ? widen_bits : (same_bits ? same_bits : 1)));
    out->kind = widen_bits ? CellChoiceKind::kWiden
                           : (same_bits ? CellChoiceKind::kCovered : CellChoiceKind::kEmpty);
    return true;
  }
  // Subsumes(cur, cell): a read subsumes no write, an atomic access no plain one.
  const Cell need_mask = (IsWrite(cur) ? 0 : kWrite) | (IsAtomic(cur) ? kAtomic : 0);
  const Cell need_value = IsAtomic(cur) ? kAtomic : 0;
  const __m128i cur_subsumes = _mm_cmpeq_epi32(
      _mm_and_si128(v, _mm_set1_epi32(int(need_mask))), _mm_set1_epi32(int(need_value)));
  // The cell's bytes lie within cur's.
  const __m128i within = _mm_cmpeq_epi32(
      _mm_and_si128(v, _mm_set1_epi32(int(kMaskField & ~cur_mask))), zero);
  const __m128i covered =
      _mm_and_si128(_mm_andnot_si128(widen, in_use), _mm_and_si128(within, cur_subsumes));

  // ReplaceableBy: the bytes of cell x that cur (if it subsumes x) and the other cells y in
  // use, no older than x and subsuming x, cover. Lane i holds x = cells[i]; each rotation
  // brings another y = cells[(i + r) % 4] beside it.
  __m128i cover = _mm_and_si128(cur_subsumes, _mm_set1_epi32(int(cur_mask)));
  const __m128i write_bit = _mm_set1_epi32(int(kWrite));
  const __m128i atomic_bit = _mm_set1_epi32(int(kAtomic));
  const __m128i all = _mm_cmpeq_epi32(zero, zero);
  auto add_rotation = [&](__m128i y, __m128i y_clocks, __m128i y_in_use) {
    // y subsumes x: (y writes or x does not) and (y is not atomic or x is).
    __m128i y_not_weaker = _mm_cmpeq_epi32(
        _mm_and_si128(_mm_or_si128(y, _mm_xor_si128(v, all)), write_bit), write_bit);
    __m128i y_atomic_ok = _mm_cmpeq_epi32(
        _mm_and_si128(_mm_or_si128(_mm_xor_si128(y, all), v), atomic_bit), atomic_bit);
    __m128i no_older = _mm_xor_si128(_mm_cmpgt_epi32(clocks, y_clocks), all);
    __m128i ok = _mm_and_si128(_mm_and_si128(y_in_use, no_older),
                               _mm_and_si128(y_not_weaker, y_atomic_ok));
    cover = _mm_or_si128(cover, _mm_and_si128(ok, _mm_and_si128(y, mask_field)));
  };
  add_rotation(_mm_shuffle_epi32(v, _MM_SHUFFLE(0, 3, 2, 1)),
               _mm_shuffle_epi32(clocks, _MM_SHUFFLE(0, 3, 2, 1)),
               _mm_shuffle_epi32(in_use, _MM_SHUFFLE(0, 3, 2, 1)));
  add_rotation(_mm_shuffle_epi32(v, _MM_SHUFFLE(1, 0, 3, 2)),
               _mm_shuffle_epi32(clocks, _MM_SHUFFLE(1, 0, 3, 2)),
               _mm_shuffle_epi32(in_use, _MM_SHUFFLE(1, 0, 3, 2)));
  add_rotation(_mm_shuffle_epi32(v, _MM_SHUFFLE(2, 1, 0, 3)),
               _mm_shuffle_epi32(clocks, _MM_SHUFFLE(2, 1, 0, 3)),
               _mm_shuffle_epi32(in_use, _MM_SHUFFLE(2, 1, 0, 3)));
  const __m128i replaceable = _mm_and_si128(
      in_use, _mm_cmpeq_epi32(_mm_andnot_si128(cover, _mm_and_si128(v, mask_field)), zero));
  // The access overlaps the cell and subsumes it.
  const __m128i overlaps = _mm_xor_si128(
      _mm_cmpeq_epi32(_mm_and_si128(v, _mm_set1_epi32(int(cur_mask))), zero), all);
  const __m128i overwrite = _mm_and_si128(in_use, _mm_and_si128(overlaps, cur_subsumes));

  const int covered_bits = _mm_movemask_ps(_mm_castsi128_ps(covered));
  const int replaceable_bits = _mm_movemask_ps(_mm_castsi128_ps(replaceable));
  const int overwrite_bits = _mm_movemask_ps(_mm_castsi128_ps(overwrite));
  // The first case that has a cell, without a branch (the compiler makes these selects).
  int bits = overwrite_bits;
  CellChoiceKind kind = bits ? CellChoiceKind::kOverwrite : CellChoiceKind::kNone;
  kind = empty_bits ? CellChoiceKind::kEmpty : kind;
  bits = empty_bits ? empty_bits : bits;
  kind = replaceable_bits ? CellChoiceKind::kReplaceable : kind;
  bits = replaceable_bits ? replaceable_bits : bits;
  kind = covered_bits ? CellChoiceKind::kCovered : kind;
  bits = covered_bits ? covered_bits : bits;
  // (bits | 16): ctz of 4 means none, mapped to -1.
  const int first = __builtin_ctz(unsigned(bits) | 16u);
  out->target = first == 4 ? -1 : first;
  out->kind = kind;
  return true;
#else
  (void)cells;
  (void)cur;
  (void)slot;
  (void)out;
  return false;
#endif
}

}  // namespace shadow
}  // namespace rl

#endif  // RACELIGHT_CELL_CHOICE_H
