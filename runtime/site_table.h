// Interning of static source sites (rl_site, emitted by the pass) as 32-bit ids, so that a
// shadow cell's companion slot can name the site of the access it remembers.
//
// Thread-safety: lock-free; any thread may intern or look up at any time. An id, once given,
// names the same site for the life of the process (sites are never unregistered: a module
// that is dlclose()d leaves dangling strings, so reports never read sites of unloaded
// modules: see docs/design.md, "Limits").
#ifndef RACELIGHT_SITE_TABLE_H
#define RACELIGHT_SITE_TABLE_H

#include "defs.h"
#include "racelight/interface.h"

namespace rl {

// Interns a site seen for the first time (SiteId's slow path).
u32 InternSite(const rl_site *site);
// 0 for a null site. Inline: every slow-path access asks, and almost always the site is
// interned already.
RL_ALWAYS_INLINE u32 SiteId(const rl_site *site) {
  if (!site) return 0;
  u32 id = __atomic_load_n(&site->id, __ATOMIC_ACQUIRE);
  return RL_LIKELY(id) ? id : InternSite(site);
}
// nullptr for 0 or an unknown id.
const rl_site *SiteById(u32 id);

}  // namespace rl

#endif  // RACELIGHT_SITE_TABLE_H
