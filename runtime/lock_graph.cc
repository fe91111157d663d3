// Lock-order graph. See lock_graph.h for the contract.
//
// Implementation notes.
//   Storage. Nodes live in a slot array (reused through a free list; the version in the id
//   tells a reused slot from its previous owner). Each edge is its own allocation, linked
//   from its source's out-list and its target's in-list (each edge remembers its position in
//   both, so unlinking is O(1)) and indexed by an open-addressing hash table keyed by
//   (source slot, target slot).
//   Order. Nodes are grouped into components, each with a unique integer rank; every edge
//   goes from a lower-ranked component to a higher-ranked one, or stays inside one
//   component. An edge that respects the ranks cannot close a cycle, so it costs nothing.
//   An edge X -> Y against the ranks triggers a Pearce-Kelly step over components: a forward
//   search from comp(Y) limited to ranks <= rank(comp(X)) and a backward search from comp(X)
//   limited to ranks >= rank(comp(Y)); the components found get their ranks permuted among
//   themselves (backward set first, then forward set, each keeping its relative order). If
//   the forward search reaches comp(X), the components lying on both sides form a cycle and
//   are merged into one component placed between the two sets.
//   Cycles. A cycle through X -> Y can only exist inside comp(X) == comp(Y); the search is
//   confined to that component (see CycleSearch below).
#include "lock_graph.h"

#include "internal_alloc.h"

namespace rl {

static_assert(kMaxGateLocks <= 4, "search states are packed into 5 bits");

namespace {

constexpr uint32_t kNoSlot = 0xffffffffu;
constexpr uint32_t kMaxVersion = 0xffffffffu;

// Growable array of trivially copyable elements, in internal memory. No destructor: the
// owner calls Free().
template <typename T>
struct Vec {
  T *data = nullptr;
  uint32_t size = 0;
  uint32_t cap = 0;

  T &operator[](uint32_t i) { return data[i]; }
  const T &operator[](uint32_t i) const { return data[i]; }
  T &Back() { return data[size - 1]; }
  void Reserve(uint32_t need) {
    if (need <= cap) return;
    uint32_t ncap = cap ? cap : 4;
    while (ncap < need) ncap *= 2;
    data = static_cast<T *>(InternalRealloc(data, sizeof(T) * ncap));
    cap = ncap;
  }
  void Push(const T &v) {
    if (size == cap) Reserve(size + 1);
    data[size++] = v;
  }
  T Pop() { return data[--size]; }
  void Clear() { size = 0; }
  // Gives memory back once the array is mostly empty, so storage follows the live size.
  void MaybeShrink() {
    if (cap > 16 && size < cap / 4) {
      uint32_t ncap = cap / 2;
      data = static_cast<T *>(InternalRealloc(data, sizeof(T) * ncap));
      cap = ncap;
    }
  }
  void Free() {
    InternalFree(data);
    data = nullptr;
    size = cap = 0;
  }
};

inline uint64_t Mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebull;
  x ^= x >> 31;
  return x;
}

// uint64 -> uint64 hash table, linear probing with backward-shift deletion (no tombstones).
// The key ~0 is reserved.
struct U64Map {
  static constexpr uint64_t kEmpty = ~0ull;
  struct Slot {
    uint64_t key;
    uint64_t val;
  };
  Slot *slots = nullptr;
  uint32_t cap = 0;  // 0 or a power of two
  uint32_t size = 0;

  uint32_t Home(uint64_t key) const { return static_cast<uint32_t>(Mix64(key)) & (cap - 1); }
  uint32_t IndexOf(uint64_t key) const {
    if (!cap) return kNoSlot;
    for (uint32_t i = Home(key);; i = (i + 1) & (cap - 1)) {
      if (slots[i].key == key) return i;
      if (slots[i].key == kEmpty) return kNoSlot;
    }
  }
  uint64_t *Find(uint64_t key) {
    uint32_t i = IndexOf(key);
    return i == kNoSlot ? nullptr : &slots[i].val;
  }
  const uint64_t *Find(uint64_t key) const {
    uint32_t i = IndexOf(key);
    return i == kNoSlot ? nullptr : &slots[i].val;
  }
  void Resize(uint32_t ncap) {
    Slot *old = slots;
    uint32_t ocap = cap;
    slots = static_cast<Slot *>(InternalAlloc(sizeof(Slot) * ncap));
    for (uint32_t i = 0; i < ncap; ++i) slots[i].key = kEmpty;
    cap = ncap;
    for (uint32_t i = 0; i < ocap; ++i)
      if (old[i].key != kEmpty) Place(old[i].key, old[i].val);
    InternalFree(old);
  }
  void Place(uint64_t key, uint64_t val) {
    uint32_t i = Home(key);
    while (slots[i].key != kEmpty) i = (i + 1) & (cap - 1);
    slots[i].key = key;
    slots[i].val = val;
  }
  // The key must be absent.
  void Insert(uint64_t key, uint64_t val) {
    if (static_cast<uint64_t>(size + 1) * 4 > static_cast<uint64_t>(cap) * 3)
      Resize(cap ? cap * 2 : 16);
    Place(key, val);
    ++size;
  }
  bool Erase(uint64_t key) {
    uint32_t hole = IndexOf(key);
    if (hole == kNoSlot) return false;
    const uint32_t m = cap - 1;
    for (uint32_t j = (hole + 1) & m; slots[j].key != kEmpty; j = (j + 1) & m) {
      uint32_t home = Home(slots[j].key);
      // The entry at j may move back into the hole unless its home lies in (hole, j].
      bool home_between = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
      if (!home_between) {
        slots[hole] = slots[j];
        hole = j;
      }
    }
    slots[hole].key = kEmpty;
    --size;
    if (cap > 64 && size < cap / 8) Resize(cap / 2);
    return true;
  }
  void Free() {
    InternalFree(slots);
    slots = nullptr;
    cap = size = 0;
  }
};

// Heap sort (no libstdc++ dependency, no recursion, no allocation).
template <typename T, typename Less>
void HeapSort(T *a, uint32_t n, Less less) {
  auto sift = [&](uint32_t root, uint32_t end) {
    for (;;) {
      uint32_t child = 2 * root + 1;
      if (child >= end) return;
      if (child + 1 < end && less(a[child], a[child + 1])) ++child;
      if (!less(a[root], a[child])) return;
      T t = a[root];
      a[root] = a[child];
      a[child] = t;
      root = child;
    }
  };
  if (n < 2) return;
  for (uint32_t i = n / 2; i-- > 0;) sift(i, n);
  for (uint32_t end = n - 1; end > 0; --end) {
    T t = a[0];
    a[0] = a[end];
    a[end] = t;
    sift(0, end);
  }
}

struct Edge {
  uint32_t from, to;        // node slots
  uint32_t pos_out, pos_in;  // index in nodes[from].out / nodes[to].in
  uint64_t thread, from_site, to_site;
  LockNodeId gate[kMaxGateLocks];
  uint32_t num_gate;
  uint32_t multi_thread;
};

struct Node {
  uint32_t version = 1;  // version of the current (or next, when free) owner
  uint32_t live = 0;
  uint32_t comp = 0;
  uint32_t comp_pos = 0;  // index in comps[comp].members
  Vec<Edge *> out, in;
  uint32_t reported_refs = 0;  // reported-cycle records naming this lock
  // Marks, valid when equal to the matching epoch counter.
  uint32_t region_mark = 0;  // search epoch: reaches the cycle's source
  uint32_t state_mark = 0;   // search epoch: `states` is valid
  uint32_t states = 0;       // bit s set: search state s visited here
  uint32_t held_mark = 0;    // held epoch: in the held set of the current call
  uint32_t done_mark = 0;    // held epoch: edge to the acquired lock already handled
  uint32_t path_mark = 0;    // path epoch
  uint32_t on_path = 0;      // on the current enumeration path
};

struct Comp {
  int64_t rank = 0;
  uint32_t live = 0;
  uint32_t fwd_mark = 0, bwd_mark = 0;  // search epoch
  Vec<uint32_t> members;                // node slots
};

// A reported cycle, remembered to deduplicate: its locks from the smallest id on.
// The ids follow the header in the same allocation.
struct Record {
  uint64_t hash;
  uint64_t n;
  LockNodeId *ids() { return reinterpret_cast<LockNodeId *>(this + 1); }
};

struct SearchEntry {
  uint32_t node;
  uint32_t state;
  uint32_t parent;  // index into the entries, kNoSlot for the root
  Edge *via;        // edge from the parent's node to this node
};

struct DfsFrame {
  uint32_t node;
  uint32_t state;
  uint32_t next;  // next out-edge to try
  Edge *via;
};

constexpr uint32_t kGateBits = (1u << kMaxGateLocks) - 1;
constexpr uint32_t kMixedBit = 1u << kMaxGateLocks;

inline uint64_t EdgeKey(uint32_t from, uint32_t to) {
  return (static_cast<uint64_t>(from) << 32) | to;
}

}  // namespace

struct LockGraph::Impl {
  bool single_thread = false;  // LockGraph::SetReportSingleThreadCycles
  Vec<Node> nodes;
  Vec<uint32_t> free_nodes;
  Vec<Comp> comps;
  Vec<uint32_t> free_comps;
  U64Map edge_map;  // EdgeKey -> Edge*
  uint64_t num_live = 0;
  uint64_t dropped_edges = 0;
  uint32_t max_edges = kMaxLockEdges;
  int64_t next_rank = 0;
  uint32_t search_epoch = 0, held_epoch = 0, path_epoch = 0;

  Vec<Record *> records;
  U64Map record_map;  // hash -> index in records

  // Scratch, reused by every search.
  Vec<uint32_t> stack, fwd, bwd, tmp_b, tmp_f, tmp_m;
  Vec<int64_t> pool;
  Vec<SearchEntry> entries;
  Vec<DfsFrame> frames;
  Vec<Edge *> cycle;

  // ---- ids ----
  uint32_t Resolve(LockNodeId id) const {
    uint32_t slot = LockNodeSlot(id);
    if (slot >= nodes.size) return kNoSlot;
    const Node &n = nodes[slot];
    if (!n.live || n.version != LockNodeVersion(id)) return kNoSlot;
    return slot;
  }
  LockNodeId IdOf(uint32_t slot) const {
    return (static_cast<uint64_t>(nodes[slot].version) << 32) | slot;
  }

  // ---- epochs ----
  uint32_t NextSearchEpoch() {
    if (++search_epoch == 0) {
      for (uint32_t i = 0; i < nodes.size; ++i) nodes[i].region_mark = nodes[i].state_mark = 0;
      for (uint32_t i = 0; i < comps.size; ++i) comps[i].fwd_mark = comps[i].bwd_mark = 0;
      search_epoch = 1;
    }
    return search_epoch;
  }
  uint32_t NextHeldEpoch() {
    if (++held_epoch == 0) {
      for (uint32_t i = 0; i < nodes.size; ++i) nodes[i].held_mark = nodes[i].done_mark = 0;
      held_epoch = 1;
    }
    return held_epoch;
  }
  uint32_t NextPathEpoch() {
    if (++path_epoch == 0) {
      for (uint32_t i = 0; i < nodes.size; ++i) nodes[i].path_mark = 0;
      path_epoch = 1;
    }
    return path_epoch;
  }

  // ---- components ----
  uint32_t NewComp() {
    uint32_t c;
    if (free_comps.size) {
      c = free_comps.Pop();
    } else {
      c = comps.size;
      comps.Push(Comp());
    }
    Comp &cc = comps[c];
    cc.rank = next_rank++;
    cc.live = 1;
    cc.fwd_mark = cc.bwd_mark = 0;
    cc.members.Clear();
    return c;
  }
  void FreeComp(uint32_t c) {
    comps[c].members.Free();
    comps[c].live = 0;
    free_comps.Push(c);
  }
  void RemoveFromComp(uint32_t slot) {
    uint32_t c = nodes[slot].comp;
    Vec<uint32_t> &m = comps[c].members;
    uint32_t pos = nodes[slot].comp_pos;
    uint32_t last = m.Pop();
    if (last != slot) {
      m[pos] = last;
      nodes[last].comp_pos = pos;
    }
    if (m.size == 0) FreeComp(c);
    else m.MaybeShrink();
  }

  // ---- nodes and edges ----
  LockNodeId NewLock() {
    uint32_t slot;
    if (free_nodes.size) {
      slot = free_nodes.Pop();
    } else {
      if (nodes.size >= kNoSlot - 1) return kInvalidLockNodeId;
      slot = nodes.size;
      nodes.Push(Node());
    }
    uint32_t c = NewComp();
    Node &n = nodes[slot];
    n.live = 1;
    n.comp = c;
    n.comp_pos = 0;
    n.reported_refs = 0;
    n.on_path = 0;
    comps[c].members.Push(slot);
    ++num_live;
    return IdOf(slot);
  }

  void UnlinkEdge(Edge *e) {
    Vec<Edge *> &out = nodes[e->from].out;
    Edge *last = out.Pop();
    if (last != e) {
      out[e->pos_out] = last;
      last->pos_out = e->pos_out;
    }
    out.MaybeShrink();
    Vec<Edge *> &in = nodes[e->to].in;
    last = in.Pop();
    if (last != e) {
      in[e->pos_in] = last;
      last->pos_in = e->pos_in;
    }
    in.MaybeShrink();
    edge_map.Erase(EdgeKey(e->from, e->to));
    InternalFree(e);
  }

  void RemoveLock(LockNodeId id) {
    uint32_t slot = Resolve(id);
    if (slot == kNoSlot) return;
    while (nodes[slot].out.size) UnlinkEdge(nodes[slot].out.Back());
    while (nodes[slot].in.size) UnlinkEdge(nodes[slot].in.Back());
    nodes[slot].out.Free();
    nodes[slot].in.Free();
    if (nodes[slot].reported_refs) ForgetRecordsOf(id);
    RemoveFromComp(slot);
    Node &n = nodes[slot];
    n.live = 0;
    --num_live;
    if (n.version == kMaxVersion) return;  // retired: the slot is never reused
    ++n.version;
    free_nodes.Push(slot);
  }

  Edge *NewEdge(uint32_t a, uint32_t b) {
    Edge *e = static_cast<Edge *>(InternalAlloc(sizeof(Edge)));
    e->from = a;
    e->to = b;
    e->pos_out = nodes[a].out.size;
    nodes[a].out.Push(e);
    e->pos_in = nodes[b].in.size;
    nodes[b].in.Push(e);
    edge_map.Insert(EdgeKey(a, b), reinterpret_cast<uintptr_t>(e));
    return e;
  }
  Edge *FindEdge(uint32_t a, uint32_t b) const {
    const uint64_t *v = edge_map.Find(EdgeKey(a, b));
    return v ? reinterpret_cast<Edge *>(static_cast<uintptr_t>(*v)) : nullptr;
  }

  void FillInfo(const Edge *e, LockEdgeInfo *info) const {
    info->from = IdOf(e->from);
    info->to = IdOf(e->to);
    info->thread = e->thread;
    info->from_site = e->from_site;
    info->to_site = e->to_site;
    info->multi_thread = e->multi_thread != 0;
    info->num_gate = e->num_gate;
    for (uint32_t i = 0; i < kMaxGateLocks; ++i)
      info->gate[i] = i < e->num_gate ? e->gate[i] : kInvalidLockNodeId;
  }

  // ---- order maintenance (Pearce-Kelly over components) ----
  void SortCompsByRank(Vec<uint32_t> &v) {
    Comp *cs = comps.data;
    HeapSort(v.data, v.size, [cs](uint32_t a, uint32_t b) { return cs[a].rank < cs[b].rank; });
  }

  // Called after edge x -> y was linked. Restores the rank invariant; returns true when x
  // and y end up in one component (a cycle through the edge is then possible).
  bool Order(uint32_t x, uint32_t y) {
    const uint32_t cx = nodes[x].comp, cy = nodes[y].comp;
    if (cx == cy) return true;
    const int64_t upper = comps[cx].rank, lower = comps[cy].rank;
    if (upper < lower) return false;  // the edge respects the order: nothing to do
    const uint32_t ep = NextSearchEpoch();

    // Forward: components reachable from cy with rank <= upper (cx is not expanded).
    bool cycle = false;
    fwd.Clear();
    stack.Clear();
    comps[cy].fwd_mark = ep;
    fwd.Push(cy);
    stack.Push(cy);
    while (stack.size) {
      const uint32_t c = stack.Pop();
      const Vec<uint32_t> &mem = comps[c].members;
      for (uint32_t i = 0; i < mem.size; ++i) {
        const Vec<Edge *> &out = nodes[mem[i]].out;
        for (uint32_t j = 0; j < out.size; ++j) {
          const uint32_t tc = nodes[out[j]->to].comp;
          if (tc == c || comps[tc].fwd_mark == ep) continue;
          if (tc == cx) {
            cycle = true;
            comps[tc].fwd_mark = ep;
            fwd.Push(tc);
            continue;
          }
          if (comps[tc].rank > upper) continue;
          comps[tc].fwd_mark = ep;
          fwd.Push(tc);
          stack.Push(tc);
        }
      }
    }
    // Backward: components reaching cx with rank >= lower (cy is not expanded).
    bwd.Clear();
    comps[cx].bwd_mark = ep;
    bwd.Push(cx);
    stack.Push(cx);
    while (stack.size) {
      const uint32_t c = stack.Pop();
      const Vec<uint32_t> &mem = comps[c].members;
      for (uint32_t i = 0; i < mem.size; ++i) {
        const Vec<Edge *> &in = nodes[mem[i]].in;
        for (uint32_t j = 0; j < in.size; ++j) {
          const uint32_t sc = nodes[in[j]->from].comp;
          if (sc == c || comps[sc].bwd_mark == ep) continue;
          if (sc == cy) {
            comps[sc].bwd_mark = ep;
            bwd.Push(sc);
            continue;
          }
          if (comps[sc].rank < lower) continue;
          comps[sc].bwd_mark = ep;
          bwd.Push(sc);
          stack.Push(sc);
        }
      }
    }

    // Split into B' (backward only), M (both: on a cycle) and F' (forward only). The pool of
    // their ranks is handed out again: B' takes the lowest, F' the highest (each keeps its
    // relative order), M becomes one component ranked right after B'. Ranks of B' only
    // decrease and ranks of F' only increase, so edges from/to the outside stay ordered.
    tmp_b.Clear();
    tmp_f.Clear();
    tmp_m.Clear();
    pool.Clear();
    for (uint32_t i = 0; i < fwd.size; ++i) {
      const uint32_t c = fwd[i];
      pool.Push(comps[c].rank);
      if (comps[c].bwd_mark == ep) tmp_m.Push(c);
      else tmp_f.Push(c);
    }
    for (uint32_t i = 0; i < bwd.size; ++i) {
      const uint32_t c = bwd[i];
      if (comps[c].fwd_mark == ep) continue;  // already in M
      pool.Push(comps[c].rank);
      tmp_b.Push(c);
    }
    HeapSort(pool.data, pool.size, [](int64_t a, int64_t b) { return a < b; });
    SortCompsByRank(tmp_b);
    SortCompsByRank(tmp_f);
    for (uint32_t i = 0; i < tmp_b.size; ++i) comps[tmp_b[i]].rank = pool[i];
    const uint32_t f_base = pool.size - tmp_f.size;
    for (uint32_t i = 0; i < tmp_f.size; ++i) comps[tmp_f[i]].rank = pool[f_base + i];
    if (!cycle) return false;

    // Merge M into its largest component.
    uint32_t target = tmp_m[0];
    for (uint32_t i = 1; i < tmp_m.size; ++i)
      if (comps[tmp_m[i]].members.size > comps[target].members.size) target = tmp_m[i];
    comps[target].rank = pool[tmp_b.size];
    for (uint32_t i = 0; i < tmp_m.size; ++i) {
      const uint32_t c = tmp_m[i];
      if (c == target) continue;
      Vec<uint32_t> &from = comps[c].members;
      Vec<uint32_t> &to = comps[target].members;
      to.Reserve(to.size + from.size);
      for (uint32_t j = 0; j < from.size; ++j) {
        const uint32_t n = from[j];
        nodes[n].comp = target;
        nodes[n].comp_pos = to.size;
        to.Push(n);
      }
      FreeComp(c);
    }
    return true;
  }

  // ---- cycle search ----
  // State of a partial cycle e, ..., f: bit i (< num_gate of e) set while e->gate[i] is in
  // the gate set of every edge so far; kMixedBit set once some edge was multi-thread or
  // first taken by a thread other than e's.
  static uint32_t Step(uint32_t s, const Edge *e, const Edge *f) {
    uint32_t mask = s & kGateBits, kept = 0;
    for (uint32_t i = 0; mask; ++i, mask >>= 1) {
      if (!(mask & 1)) continue;
      for (uint32_t j = 0; j < f->num_gate; ++j)
        if (f->gate[j] == e->gate[i]) {
          kept |= 1u << i;
          break;
        }
    }
    uint32_t mixed = s & kMixedBit;
    if (f->multi_thread || f->thread != e->thread) mixed = kMixedBit;
    return kept | mixed;
  }
  // With single_thread set, a cycle whose every edge one thread took is reportable too.
  bool Reportable(uint32_t s) const {
    return (s & kGateBits) == 0 && (single_thread || (s & kMixedBit));
  }
  // Some visited state is at least as close to reportable as s.
  static bool Dominated(uint32_t visited, uint32_t s) {
    for (uint32_t t = 0; visited; ++t, visited >>= 1) {
      if (!(visited & 1)) continue;
      bool gates_subset = ((t & kGateBits) & ~(s & kGateBits)) == 0;
      bool mixed_ok = (t & kMixedBit) || !(s & kMixedBit);
      if (gates_subset && mixed_ok) return true;
    }
    return false;
  }

  bool CycleIsSimple() {
    const uint32_t pe = NextPathEpoch();
    for (uint32_t i = 0; i < cycle.size; ++i) {
      Node &n = nodes[cycle[i]->to];
      if (n.path_mark == pe) return false;
      n.path_mark = pe;
    }
    return true;
  }

  // Records `cycle` and appends it to *out unless it was reported before.
  bool TryReport(LockCycleList *out) {
    const uint32_t n = cycle.size;
    uint32_t start = 0;
    for (uint32_t i = 1; i < n; ++i)
      if (IdOf(cycle[i]->from) < IdOf(cycle[start]->from)) start = i;
    uint64_t h = Mix64(n);
    for (uint32_t k = 0; k < n; ++k) h = Mix64(h ^ IdOf(cycle[(start + k) % n]->from));
    if (h == U64Map::kEmpty) --h;
    if (record_map.Find(h)) return false;
    Record *r = static_cast<Record *>(
        InternalAlloc(sizeof(Record) + sizeof(LockNodeId) * n));
    r->hash = h;
    r->n = n;
    for (uint32_t k = 0; k < n; ++k) {
      const uint32_t slot = cycle[(start + k) % n]->from;
      r->ids()[k] = IdOf(slot);
      ++nodes[slot].reported_refs;
    }
    record_map.Insert(h, records.size);
    records.Push(r);
    if (out) {
      LockEdgeInfo *dst = out->AppendCycle(n);
      for (uint32_t k = 0; k < n; ++k) FillInfo(cycle[k], &dst[k]);
    }
    return true;
  }

  void ForgetRecordsOf(LockNodeId id) {
    for (uint32_t i = 0; i < records.size;) {
      Record *r = records[i];
      bool hit = false;
      for (uint32_t k = 0; k < r->n && !hit; ++k) hit = r->ids()[k] == id;
      if (!hit) {
        ++i;
        continue;
      }
      for (uint32_t k = 0; k < r->n; ++k) {
        const uint32_t slot = Resolve(r->ids()[k]);
        if (slot != kNoSlot) --nodes[slot].reported_refs;
      }
      record_map.Erase(r->hash);
      Record *last = records.Pop();
      if (last != r) {
        records[i] = last;
        *record_map.Find(last->hash) = i;
      }
      InternalFree(r);
    }
    records.MaybeShrink();
  }

  // Looks for a reportable, not yet reported simple cycle through e = x -> y, where x and y
  // are in the same component (every path y ~> x stays inside it). Returns true if one was
  // reported.
  bool CycleSearch(Edge *e, LockCycleList *out) {
    const uint32_t x = e->from, y = e->to, comp = nodes[x].comp;
    const uint32_t ep = NextSearchEpoch();

    // Exact search over (node, state) from y, breadth first (shortest walks first), with
    // dominance pruning: a state is skipped at a node where a state at least as close to
    // reportable was already queued (transitions are monotone, so it could add nothing).
    const uint32_t s0 = ((1u << e->num_gate) - 1) | (e->multi_thread ? kMixedBit : 0);
    bool saw_reportable = false;
    entries.Clear();
    entries.Push(SearchEntry{y, s0, kNoSlot, nullptr});
    nodes[y].state_mark = ep;
    nodes[y].states = 1u << s0;
    for (uint32_t i = 0; i < entries.size; ++i) {
      const SearchEntry cur = entries[i];
      const Vec<Edge *> &outs = nodes[cur.node].out;
      for (uint32_t j = 0; j < outs.size; ++j) {
        Edge *f = outs[j];
        const uint32_t w = f->to;
        Node &nw = nodes[w];
        if (nw.comp != comp || w == y) continue;
        const uint32_t s = Step(cur.state, e, f);
        if (w == x) {
          if (!Reportable(s)) continue;
          saw_reportable = true;
          cycle.Clear();
          cycle.Push(f);
          for (uint32_t k = i; entries[k].parent != kNoSlot; k = entries[k].parent)
            cycle.Push(entries[k].via);
          cycle.Push(e);
          for (uint32_t a = 0, b = cycle.size - 1; a < b; ++a, --b) {
            Edge *t = cycle[a];
            cycle[a] = cycle[b];
            cycle[b] = t;
          }
          if (CycleIsSimple() && TryReport(out)) return true;
          continue;
        }
        if (nw.state_mark != ep) {
          nw.state_mark = ep;
          nw.states = 0;
        }
        if (Dominated(nw.states, s)) continue;
        nw.states |= 1u << s;
        entries.Push(SearchEntry{w, s, i, f});
      }
    }
    // No reportable walk y ~> x: then no reportable simple cycle either (exact answer).
    if (!saw_reportable) return false;

    // Reportable walks exist, but those found repeat a lock or were reported already: try
    // the simple paths one by one. First restrict them to the nodes that reach x.
    stack.Clear();
    nodes[x].region_mark = ep;
    stack.Push(x);
    while (stack.size) {
      const Vec<Edge *> &in = nodes[stack.Pop()].in;
      for (uint32_t j = 0; j < in.size; ++j) {
        Node &s = nodes[in[j]->from];
        if (s.comp != comp || s.region_mark == ep) continue;
        s.region_mark = ep;
        stack.Push(in[j]->from);
      }
    }
    return EnumerateSimplePaths(e, s0, ep, out);
  }

  // Depth-first enumeration of the simple paths y ~> x through nodes that reach x (marked
  // with region_mark == ep), within kCycleSearchBudget edge visits.
  bool EnumerateSimplePaths(Edge *e, uint32_t s0, uint32_t ep, LockCycleList *out) {
    const uint32_t x = e->from, y = e->to;
    uint32_t budget = kCycleSearchBudget;
    bool reported = false;
    frames.Clear();
    frames.Push(DfsFrame{y, s0, 0, nullptr});
    nodes[y].on_path = 1;
    while (frames.size && !reported) {
      DfsFrame &fr = frames.Back();
      Node &nv = nodes[fr.node];
      if (fr.next == nv.out.size || budget == 0) {
        nv.on_path = 0;
        frames.Pop();
        continue;
      }
      Edge *f = nv.out[fr.next++];
      --budget;
      const uint32_t w = f->to;
      if (nodes[w].region_mark != ep || nodes[w].on_path) continue;
      const uint32_t s = Step(fr.state, e, f);
      if (w == x) {
        if (!Reportable(s)) continue;
        cycle.Clear();
        cycle.Push(e);
        for (uint32_t k = 1; k < frames.size; ++k) cycle.Push(frames[k].via);
        cycle.Push(f);
        reported = TryReport(out);
        continue;
      }
      frames.Push(DfsFrame{w, s, 0, f});
      nodes[w].on_path = 1;
    }
    for (uint32_t k = 0; k < frames.size; ++k) nodes[frames[k].node].on_path = 0;
    frames.Clear();
    return reported;
  }

  // ---- the acquisition ----
  uint32_t OnAcquire(uint64_t thread, LockNodeId lock, uint64_t site, const HeldLock *held,
                     size_t num_held, AcquireKind kind, LockCycleList *out) {
    if (kind == AcquireKind::kTryLock || num_held == 0) return 0;
    const uint32_t b = Resolve(lock);
    if (b == kNoSlot) return 0;
    const uint32_t hep = NextHeldEpoch();
    for (size_t i = 0; i < num_held; ++i) {
      const uint32_t s = Resolve(held[i].lock);
      if (s != kNoSlot) nodes[s].held_mark = hep;
    }
    if (nodes[b].held_mark == hep) return 0;  // re-entrant acquisition

    uint32_t found = 0;
    for (size_t i = 0; i < num_held; ++i) {
      const uint32_t a = Resolve(held[i].lock);
      if (a == kNoSlot || nodes[a].done_mark == hep) continue;  // stale, or a duplicate
      nodes[a].done_mark = hep;
      Edge *e = FindEdge(a, b);
      if (!e) {
        if (edge_map.size >= max_edges) {  // full: the edge is not recorded
          ++dropped_edges;
          continue;
        }
        e = NewEdge(a, b);
        e->thread = thread;
        e->from_site = held[i].site;
        e->to_site = site;
        e->multi_thread = 0;
        e->num_gate = 0;
        for (size_t j = 0; j < num_held && e->num_gate < kMaxGateLocks; ++j) {
          const LockNodeId g = held[j].lock;
          const uint32_t gs = Resolve(g);
          if (gs == kNoSlot || gs == a) continue;
          bool dup = false;
          for (uint32_t k = 0; k < e->num_gate; ++k) dup |= e->gate[k] == g;
          if (!dup) e->gate[e->num_gate++] = g;
        }
        if (Order(a, b) && CycleSearch(e, out)) ++found;
        continue;
      }
      bool weakened = false;
      if (!e->multi_thread && e->thread != thread) {
        e->multi_thread = 1;
        weakened = true;
      }
      uint32_t kept = 0;
      for (uint32_t k = 0; k < e->num_gate; ++k) {
        const uint32_t gs = Resolve(e->gate[k]);
        if (gs != kNoSlot && nodes[gs].held_mark == hep) e->gate[kept++] = e->gate[k];
      }
      if (kept != e->num_gate) {
        e->num_gate = kept;
        weakened = true;
      }
      // An edge between two components respects their order: no cycle can go through it.
      if (weakened && nodes[a].comp == nodes[b].comp && CycleSearch(e, out)) ++found;
    }
    return found;
  }

  // ---- checking ----
  bool Check() const {
    uint64_t live = 0, edges = 0;
    for (uint32_t i = 0; i < nodes.size; ++i) {
      const Node &n = nodes[i];
      if (!n.live) {
        if (n.out.size || n.in.size) return false;
        continue;
      }
      ++live;
      if (n.comp >= comps.size || !comps[n.comp].live) return false;
      const Comp &c = comps[n.comp];
      if (n.comp_pos >= c.members.size || c.members[n.comp_pos] != i) return false;
      for (uint32_t j = 0; j < n.out.size; ++j) {
        const Edge *e = n.out[j];
        ++edges;
        if (e->from != i || e->pos_out != j || e->to == i) return false;
        if (e->to >= nodes.size || !nodes[e->to].live) return false;
        const Node &t = nodes[e->to];
        if (e->pos_in >= t.in.size || t.in[e->pos_in] != e) return false;
        if (FindEdge(i, e->to) != e) return false;
        if (e->num_gate > kMaxGateLocks) return false;
        if (n.comp != t.comp && !(c.rank < comps[t.comp].rank)) return false;
      }
      for (uint32_t j = 0; j < n.in.size; ++j) {
        const Edge *e = n.in[j];
        if (e->to != i || e->pos_in != j) return false;
        if (nodes[e->from].out.size <= e->pos_out || nodes[e->from].out[e->pos_out] != e)
          return false;
      }
    }
    if (live != num_live || edges != edge_map.size) return false;
    // Components: members consistent, ranks unique.
    uint64_t members = 0, live_comps = 0;
    for (uint32_t c = 0; c < comps.size; ++c) {
      if (!comps[c].live) continue;
      ++live_comps;
      if (comps[c].members.size == 0) return false;
      for (uint32_t j = 0; j < comps[c].members.size; ++j) {
        const uint32_t s = comps[c].members[j];
        if (s >= nodes.size || !nodes[s].live || nodes[s].comp != c) return false;
      }
      members += comps[c].members.size;
    }
    if (members != num_live) return false;
    int64_t *ranks = static_cast<int64_t *>(InternalAlloc(sizeof(int64_t) * (live_comps + 1)));
    uint32_t k = 0;
    for (uint32_t c = 0; c < comps.size; ++c)
      if (comps[c].live) ranks[k++] = comps[c].rank;
    HeapSort(ranks, k, [](int64_t a, int64_t b) { return a < b; });
    bool unique = true;
    for (uint32_t i = 1; i < k; ++i) unique &= ranks[i - 1] != ranks[i];
    InternalFree(ranks);
    if (!unique) return false;
    // Reported records: refs consistent.
    uint64_t refs = 0, live_refs = 0;
    for (uint32_t i = 0; i < records.size; ++i) {
      const uint64_t *v = record_map.Find(records[i]->hash);
      if (!v || *v != i) return false;
      refs += records[i]->n;
    }
    for (uint32_t i = 0; i < nodes.size; ++i)
      if (nodes[i].live) live_refs += nodes[i].reported_refs;
    return refs == live_refs && record_map.size == records.size;
  }

  void Destroy() {
    for (uint32_t i = 0; i < nodes.size; ++i) {
      Vec<Edge *> &out = nodes[i].out;
      for (uint32_t j = 0; j < out.size; ++j) InternalFree(out[j]);
      nodes[i].out.Free();
      nodes[i].in.Free();
    }
    nodes.Free();
    free_nodes.Free();
    for (uint32_t c = 0; c < comps.size; ++c) comps[c].members.Free();
    comps.Free();
    free_comps.Free();
    edge_map.Free();
    for (uint32_t i = 0; i < records.size; ++i) InternalFree(records[i]);
    records.Free();
    record_map.Free();
    stack.Free();
    fwd.Free();
    bwd.Free();
    tmp_b.Free();
    tmp_f.Free();
    tmp_m.Free();
    pool.Free();
    entries.Free();
    frames.Free();
    cycle.Free();
  }
};

// ---------------------------------------------------------------------------------------
// LockCycleList

LockCycleList::~LockCycleList() {
  InternalFree(edges_);
  InternalFree(starts_);
}

LockCycleView LockCycleList::operator[](uint32_t i) const {
  LockCycleView v;
  v.edges = edges_ + starts_[i];
  v.num_edges = starts_[i + 1] - starts_[i];
  return v;
}

LockEdgeInfo *LockCycleList::AppendCycle(uint32_t n) {
  if (num_edges_ + n > cap_edges_) {
    uint32_t ncap = cap_edges_ ? cap_edges_ : 8;
    while (ncap < num_edges_ + n) ncap *= 2;
    edges_ = static_cast<LockEdgeInfo *>(InternalRealloc(edges_, sizeof(LockEdgeInfo) * ncap));
    cap_edges_ = ncap;
  }
  if (num_cycles_ + 2 > cap_cycles_) {
    uint32_t ncap = cap_cycles_ ? cap_cycles_ * 2 : 4;
    starts_ = static_cast<uint32_t *>(InternalRealloc(starts_, sizeof(uint32_t) * ncap));
    cap_cycles_ = ncap;
  }
  LockEdgeInfo *dst = edges_ + num_edges_;
  starts_[num_cycles_] = num_edges_;
  num_edges_ += n;
  ++num_cycles_;
  starts_[num_cycles_] = num_edges_;
  return dst;
}

// ---------------------------------------------------------------------------------------
// LockGraph

LockGraph::~LockGraph() {
  // Under the lock, and leaving impl_ null: a global graph destroyed at exit while other
  // threads still call into it stays harmless (they see an empty graph).
  SpinLockGuard guard(mu_);
  if (impl_) {
    dropped_edges_ = impl_->dropped_edges;
    impl_->Destroy();
    InternalDelete(impl_);
    impl_ = nullptr;
  }
}

LockGraph::Impl *LockGraph::GetImpl() {
  if (!impl_) impl_ = InternalNew<Impl>();
  return impl_;
}

LockNodeId LockGraph::NewLock() {
  SpinLockGuard guard(mu_);
  return GetImpl()->NewLock();
}

void LockGraph::RemoveLock(LockNodeId lock) {
  SpinLockGuard guard(mu_);
  if (impl_) impl_->RemoveLock(lock);
}

uint32_t LockGraph::OnAcquire(uint64_t thread, LockNodeId lock, uint64_t site,
                              const HeldLock *held, size_t num_held, AcquireKind kind,
                              LockCycleList *out) {
  SpinLockGuard guard(mu_);
  if (!impl_) return 0;
  impl_->single_thread = single_thread_.load(std::memory_order_relaxed);
  return impl_->OnAcquire(thread, lock, site, held, num_held, kind, out);
}

bool LockGraph::IsLive(LockNodeId lock) const {
  SpinLockGuard guard(mu_);
  return impl_ && impl_->Resolve(lock) != kNoSlot;
}

bool LockGraph::HasEdge(LockNodeId from, LockNodeId to) const {
  return GetEdge(from, to, nullptr);
}

bool LockGraph::GetEdge(LockNodeId from, LockNodeId to, LockEdgeInfo *info) const {
  SpinLockGuard guard(mu_);
  if (!impl_) return false;
  const uint32_t a = impl_->Resolve(from), b = impl_->Resolve(to);
  if (a == kNoSlot || b == kNoSlot) return false;
  const Edge *e = impl_->FindEdge(a, b);
  if (!e) return false;
  if (info) impl_->FillInfo(e, info);
  return true;
}

uint64_t LockGraph::NumLocks() const {
  SpinLockGuard guard(mu_);
  return impl_ ? impl_->num_live : 0;
}

uint64_t LockGraph::NumEdges() const {
  SpinLockGuard guard(mu_);
  return impl_ ? impl_->edge_map.size : 0;
}

uint64_t LockGraph::NumReportedCycles() const {
  SpinLockGuard guard(mu_);
  return impl_ ? impl_->records.size : 0;
}

uint64_t LockGraph::NumDroppedEdges() const {
  SpinLockGuard guard(mu_);
  return impl_ ? impl_->dropped_edges : dropped_edges_;
}

void LockGraph::SetMaxEdgesForTesting(uint32_t max_edges) {
  SpinLockGuard guard(mu_);
  GetImpl()->max_edges = max_edges;
}

bool LockGraph::CheckInvariantsForTesting() const {
  SpinLockGuard guard(mu_);
  return !impl_ || impl_->Check();
}

}  // namespace rl
