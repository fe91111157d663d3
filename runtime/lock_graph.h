// Lock-order graph: the deadlock half of Racelight.
//
// CONTRACT
// ========
// Nodes. A node is one lock (mutex, rwlock, spinlock, ...) that exists in the program.
//   NewLock() creates one and returns a LockNodeId: a 64-bit id made of a slot index (low
//   32 bits) and the slot's version (high 32 bits, never 0, so 0 is never a valid id).
//   RemoveLock(id) (the mutex was destroyed or its memory freed) deletes the node with all
//   its edges and bumps the slot's version, so a lock that later reuses the slot gets a
//   different id and can never alias the old one: it inherits no edge, gate or report. Any
//   call that names an id which is not live (removed, never issued, 0) ignores that id: a
//   stale `lock` makes the call a no-op, a stale held lock is skipped, a stale `from`/`to`
//   makes a query answer "no". There is no limit on the number of nodes (a slot whose
//   version would wrap around is retired, never reused).
//
// Edges. An edge A -> B means: some thread acquired B with a BLOCKING acquire while it
//   already held A. OnAcquire() is called once per acquisition with the complete list of
//   locks the thread holds (any number: 0, 64, 100000), outermost (earliest) first, and adds
//   or updates the edges H -> B for every held H. Every edge records
//     - thread, from_site, to_site: the thread of the FIRST occurrence, the site where that
//       thread had acquired A and the site where it acquired B (opaque caller values);
//     - multi_thread: the edge has been taken by at least two different threads;
//     - gate: the locks held at EVERY occurrence of the edge besides A, i.e. the
//       intersection over all occurrences of (held set minus A). It is seeded with at most
//       kMaxGateLocks of them (the outermost distinct live ones, in the order given) and only
//       ever shrinks. A gate lock that is later destroyed stays in the set until the next
//       occurrence of the edge (its id is never reused, so it can never match again).
//   A try-lock acquisition (AcquireKind::kTryLock) adds and updates no edge: it cannot block,
//   so it cannot close a deadlock. An acquisition of a lock that is already in the held list
//   (re-entrant acquisition) adds no edge either. Edges are never removed except with their
//   nodes. No self edges.
//
// Cycles. When an edge is created, or its information is weakened (it becomes multi_thread,
//   or its gate set shrinks), the graph looks for a simple cycle through that edge (any
//   length) that is REPORTABLE, i.e. that can really deadlock:
//     (1) not every edge of the cycle was taken by one and the same single thread
//         (some edge is multi_thread, or two edges have different first threads), unless
//         SetReportSingleThreadCycles(true) was called (off by default): then a cycle of
//         one thread's edges is reportable too (the caller tells them apart by the edges'
//         thread and multi_thread), and
//     (2) the gate sets of all the cycle's edges have an empty intersection (no common lock
//         serializes all the acquisitions);
//     (3) try-lock acquisitions never create edges, so they never appear.
//   A cycle is reported at most once for as long as all its locks live (deduplicated by its
//   set of edges, via a 64-bit hash of its lock sequence). At most one new cycle is
//   reported per created/weakened edge (the shortest one found); other cycles through the
//   edge are reported when one of their edges is created or weakened later.
//   The search for a reportable cycle through edge X -> Y:
//     - only runs when X and Y are in the same component (see Invariants): otherwise no path
//       Y ~> X exists and the check costs nothing;
//     - a breadth-first search over states (node, subset of X->Y's gate locks still common,
//       mixed-thread bit), with dominance pruning, decides EXACTLY whether a reportable closed
//       walk through the edge exists; if none exists, no reportable simple cycle exists and
//       nothing is reported;
//     - if a walk it finds is a simple cycle not reported yet, that cycle is reported;
//     - otherwise (every walk found repeats a lock, or was reported already) a depth-first
//       enumeration of the simple paths Y ~> X (restricted to locks that reach X) tries the
//       alternatives, limited to kCycleSearchBudget edge visits per check; past the budget
//       the edge reports nothing this time (it is searched again if weakened again).
//     So the answer is exact whenever the enumeration fits in the budget (always in graphs
//     of a few dozen locks per component).
//   Reports come back to the caller as plain data (LockCycleList); this module never prints,
//   never calls back into the caller and never calls into the program.
//
// Thread-safety. Every public method of LockGraph may be called from any thread at any time:
//   an internal rl::SpinMutex serializes them. LockCycleList is a plain caller-owned object
//   (not synchronized).
//
// Invariants (checked by CheckInvariantsForTesting()).
//   - The nodes are partitioned into components; every component has a unique rank, and for
//     every edge A -> B: rank(comp(A)) <= rank(comp(B)), with equality iff comp(A) ==
//     comp(B). Components are merged when an edge closes a cycle between components (the
//     strongly connected part is collapsed), and are not split again when a node is removed
//     (a component may then be coarser than the true strongly connected component; that
//     only costs search time, never a wrong answer: the ranks stay a valid order).
//   - Each edge is in its source's out-list, its target's in-list and the edge hash table.
//
// Complexity (n = held locks in the call, g = kMaxGateLocks).
//   NewLock: O(1) amortized.
//   OnAcquire: O(n) for the hash look-ups and gate intersections (held locks are marked, so
//     a gate check is O(1)), plus, per edge that is new or weakened:
//       - new edge A -> B with rank(comp(A)) < rank(comp(B)) (keeps the order): O(1);
//       - new edge against the order: Pearce-Kelly: the search visits only the components
//         whose rank lies between the two, O(d log d) for d = those components + their edges;
//       - edge inside one component (cycle possible): O(2^(g+1) * (V_c + E_c)) for the state
//         search over that component, plus at most kCycleSearchBudget steps of enumeration.
//     Each edge triggers a search at most g + 2 times in its life (created, multi-thread,
//     each gate shrink), so repeated acquisitions of known edges cost O(1) per held lock.
//     Worst case: a component of E_c edges whose edges all get weakened costs O(E_c^2)
//     overall (e.g. 200 nested locks inverted once, then re-taken by a third thread: 20k
//     edges, ~1.5 s, and one report per edge, since every such cycle is distinct).
//   RemoveLock: O(degree) plus O(reported cycles) when the lock is part of a reported cycle.
//   Memory: O(live nodes + live edges + reported cycles still alive); live edges are at most
//     kMaxLockEdges (a new edge past it is dropped and counted, see NumDroppedEdges), which
//     also bounds the order maintenance work done between removals of locks; every edge is a
//     separate allocation freed by RemoveLock; the edge hash table shrinks with the edges;
//     the node slot table keeps its peak size (about 80 bytes per slot).
#ifndef RACELIGHT_LOCK_GRAPH_H
#define RACELIGHT_LOCK_GRAPH_H

#include <stddef.h>
#include <stdint.h>

#include <atomic>

#include "spin_mutex.h"

namespace rl {

// Versioned lock id: (version << 32) | slot. 0 is never a valid id.
typedef uint64_t LockNodeId;
constexpr LockNodeId kInvalidLockNodeId = 0;
inline uint32_t LockNodeSlot(LockNodeId id) { return static_cast<uint32_t>(id); }
inline uint32_t LockNodeVersion(LockNodeId id) { return static_cast<uint32_t>(id >> 32); }

// At most this many gate locks are remembered per edge (the outermost held ones).
constexpr uint32_t kMaxGateLocks = 4;
// Edge visits allowed to the simple-path enumeration per cycle check (see CONTRACT).
constexpr uint32_t kCycleSearchBudget = 1u << 14;

// At most this many edges live in the graph at once (about 150 bytes each: ~10 MB). When the
// graph is full, a new edge is not recorded (it is counted: NumDroppedEdges()); edges already
// there are still updated and searched. Dropping an edge can hide a cycle through it, never
// invent one. Without the limit, 5,000 locks taken in random subsets of a consistent order
// made 1.4 million edges (200 MB) and the order maintenance took most of a minute; the
// maintenance work grows about quadratically with the edges, so the limit bounds it too.
constexpr uint32_t kMaxLockEdges = 1u << 16;

enum class AcquireKind : uint8_t {
  kBlocking = 0,  // lock(), rdlock(), timed lock: may block, adds edges held -> lock
  kTryLock = 1,   // trylock(): cannot block, adds no edge into the lock
};

// One lock held by the acquiring thread, and where that thread acquired it.
struct HeldLock {
  LockNodeId lock;
  uint64_t site;  // opaque: stack id, pc, ...
};

// One edge, as plain data.
struct LockEdgeInfo {
  LockNodeId from;
  LockNodeId to;
  uint64_t thread;     // thread of the first occurrence
  uint64_t from_site;  // where that thread had acquired `from`
  uint64_t to_site;    // where that thread acquired `to`
  bool multi_thread;   // taken by more than one thread
  uint32_t num_gate;   // gate[0..num_gate): locks held at every occurrence besides `from`
  LockNodeId gate[kMaxGateLocks];
};

// A reported cycle: edges[i].to == edges[(i + 1) % num_edges].from. edges[0] is the edge
// whose creation or weakening found the cycle.
struct LockCycleView {
  const LockEdgeInfo *edges;
  uint32_t num_edges;
};

// Caller-owned output of OnAcquire: the cycles found, appended in the order found.
class LockCycleList {
 public:
  constexpr LockCycleList() = default;
  ~LockCycleList();
  LockCycleList(const LockCycleList &) = delete;
  LockCycleList &operator=(const LockCycleList &) = delete;

  uint32_t size() const { return num_cycles_; }
  bool empty() const { return num_cycles_ == 0; }
  LockCycleView operator[](uint32_t i) const;
  void Clear() { num_cycles_ = 0; num_edges_ = 0; }  // keeps the storage

 private:
  friend class LockGraph;
  LockEdgeInfo *AppendCycle(uint32_t num_edges);  // returns storage for the edges

  LockEdgeInfo *edges_ = nullptr;
  uint32_t num_edges_ = 0, cap_edges_ = 0;
  uint32_t *starts_ = nullptr;  // starts_[i] = first edge of cycle i; starts_[size] = end
  uint32_t num_cycles_ = 0, cap_cycles_ = 0;
};

class LockGraph {
 public:
  // constexpr and allocation-free: usable as a constant-initialized global. Storage is
  // allocated on first use.
  constexpr LockGraph() = default;
  // Frees everything, under the internal lock. A global graph destroyed at exit while other
  // threads still call into it stays harmless: they find an empty graph.
  ~LockGraph();
  LockGraph(const LockGraph &) = delete;
  LockGraph &operator=(const LockGraph &) = delete;

  // Whether cycles whose every edge one thread took (A -> B, later B -> A, by one thread)
  // are reported (rule (1) of the CONTRACT). Applies to the searches of later OnAcquire calls.
  void SetReportSingleThreadCycles(bool on) { single_thread_.store(on, std::memory_order_relaxed); }

  // A new lock node, with no edges.
  LockNodeId NewLock();
  // Removes the lock, its edges, and the records of reported cycles through it. Stale: no-op.
  void RemoveLock(LockNodeId lock);

  // Thread `thread` acquired `lock` at `site` while holding held[0..num_held) (outermost
  // first). Adds/updates the edges held[i] -> lock (unless kind == kTryLock), searches for
  // new reportable cycles, appends them to *out (if out is null they are still recorded as
  // reported, and dropped). Returns the number of cycles found by this call.
  uint32_t OnAcquire(uint64_t thread, LockNodeId lock, uint64_t site, const HeldLock *held,
                     size_t num_held, AcquireKind kind, LockCycleList *out);

  // Queries (for the runtime's reports and for tests).
  bool IsLive(LockNodeId lock) const;
  bool HasEdge(LockNodeId from, LockNodeId to) const;
  bool GetEdge(LockNodeId from, LockNodeId to, LockEdgeInfo *info) const;
  uint64_t NumLocks() const;
  uint64_t NumEdges() const;
  uint64_t NumReportedCycles() const;  // records currently remembered for deduplication
  // New edges not recorded because the graph held max_edges (kMaxLockEdges) edges. Still
  // answered after the destructor ran (the runtime's exit note may come after it).
  uint64_t NumDroppedEdges() const;
  // Lowers (or raises) the edge limit of this graph, for tests.
  void SetMaxEdgesForTesting(uint32_t max_edges);

  // Verifies every invariant of the CONTRACT (O(V + E)); false if one is broken.
  bool CheckInvariantsForTesting() const;

  // In a forked child (only the forking thread exists): unlocks the graph's lock, which a
  // thread of the parent may have held at the fork.
  void ResetLockAfterFork() { mu_.ResetAfterFork(); }

 private:
  struct Impl;
  Impl *GetImpl();  // allocates on first use; called with mu_ held

  mutable SpinMutex mu_;
  Impl *impl_ = nullptr;
  std::atomic<bool> single_thread_{false};
  uint64_t dropped_edges_ = 0;  // NumDroppedEdges() once the graph is destroyed (at exit)
};

}  // namespace rl

#endif  // RACELIGHT_LOCK_GRAPH_H
