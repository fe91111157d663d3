// Interceptors for file descriptors: the kernel as a synchronization object, and the
// descriptors themselves as shared variables.
//
// Synchronization. Every descriptor has a sync object (FdSync, whose address keys a
// SyncVar). A call that hands data to the kernel (write, send, connect, epoll_ctl ADD/MOD,
// close) releases the thread's clock into it before the call; a call that returns data
// (read, recv, accept, epoll_wait) acquires from it after the call succeeds. Both ends of a
// pipe or a socketpair share one object; an eventfd or an epoll instance has its own; every
// socket made by socket()/accept() shares one global object (the two ends of a TCP
// connection are different descriptors, made by different calls), every file opened by
// open() another, and descriptors the runtime never saw created (inherited, made before the
// runtime started, or by calls it does not intercept) a third. Sharing an object can only
// add order (hide a race), never invent a race. dup/dup2/dup3 share the old descriptor's
// object.
//
// Races on descriptors. Each descriptor number has an 8-byte word in the table below that
// stands for it in the shadow memory: every use of a descriptor is a read of its word,
// creation, close and dup2/dup3 over an open descriptor are writes. So a close (or a dup2
// over it) that is not ordered with a use in another thread is a data race on that
// descriptor, reported with variable type "fd". After a close the word's shadow is reset:
// the next descriptor with that number is a new variable.
//
// Memory: read/write/pread/pwrite/readv/writev/recv/send/recvmsg/sendmsg buffers are checked
// as the kernel touches them (a write of the bytes received, a read of the bytes sent).
//
// Thread-safety: the table is two-level, chunks installed with compare-and-swap, never
// freed. A descriptor's sync pointer is changed (creation, close, dup) and sync objects
// are reference-counted under g_fd_mu, a spin mutex held only for those few instructions
// (never across a call into the C library or a report). Uses (read/write/...) load the
// pointer without the lock: a use racing with a close may release into an object being
// retired, whose address is only a key, never dereferenced outside the lock, so that costs
// at most some extra order. No runtime lock is held across the real call, so a blocking
// read holds nothing. The interceptors pass the call through unmodeled before the runtime
// is initialized, in the runtime's own threads and code (ignore count, a runtime spin lock
// held: a signal handler that interrupted the runtime), and resolve the real functions
// lazily with dlsym, so calls made while the runtime starts work. A thread the runtime did
// not see created gets its state on first use (CurrentThread).
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include <atomic>

#include "access.h"
#include "interceptors.h"
#include "internal_alloc.h"
#include "runtime_init.h"
#include "shadow_map.h"
#include "spin_mutex.h"
#include "sync.h"
#include "thread_state.h"

// Weak: a program that defines a function of the same name itself (a static library with
// its own `send`, say) keeps its definition instead of failing to link.
#define RL_INTERCEPTOR RL_EXPORT __attribute__((weak))

namespace rl {

namespace {

// Keeps the real call's errno across the modeling done after it.
struct SaveErrno {
  SaveErrno() : saved(errno) {}
  ~SaveErrno() { errno = saved; }
  int saved;
};

// A sync object shared by the descriptors that reach the same kernel object. Its address
// is the key of its SyncVar; `refs` counts the descriptors that name it (static objects
// are never counted down to zero).
struct FdSync {
  u64 refs;
  u64 is_static;
};

FdSync g_file_sync = {1, 1};     // every regular file opened by open()
FdSync g_socket_sync = {1, 1};   // every socket made by socket() or accept()
FdSync g_unknown_sync = {1, 1};  // descriptors never seen created

struct FdDesc {
  u64 word;                     // stands for the descriptor in shadow memory; never written
  std::atomic<FdSync *> sync;   // null: not seen created (g_unknown_sync)
  // The sync object of the epoll instance this descriptor was last added to (0: none): a
  // release into the descriptor is also one into the epoll instance, so an epoll_wait that
  // reports the descriptor ready is ordered after the write that made it ready, even when
  // the waiter does not read the descriptor. (Only a key: never dereferenced.)
  std::atomic<uptr> poll_key;
};

constexpr int kChunkBits = 12;
constexpr int kChunkSize = 1 << kChunkBits;  // descriptors per chunk (64 KiB)
constexpr int kChunks = 256;                 // descriptors up to 2^20 are modeled
std::atomic<FdDesc *> g_chunks[kChunks];
SpinMutex g_fd_mu;

FdDesc *Desc(int fd, bool create) {
  if (fd < 0 || fd >= kChunkSize * kChunks) return nullptr;
  std::atomic<FdDesc *> &slot = g_chunks[fd >> kChunkBits];
  FdDesc *chunk = slot.load(std::memory_order_acquire);
  if (!chunk) {
    if (!create) return nullptr;
    void *mem = reinterpret_cast<void *>(syscall(SYS_mmap, nullptr, sizeof(FdDesc) * kChunkSize,
                                                 PROT_READ | PROT_WRITE,
                                                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    if (reinterpret_cast<long>(mem) < 0 && reinterpret_cast<long>(mem) > -4096) return nullptr;
    FdDesc *fresh = static_cast<FdDesc *>(mem);
    if (slot.compare_exchange_strong(chunk, fresh, std::memory_order_acq_rel)) {
      chunk = fresh;
    } else {
      syscall(SYS_munmap, mem, sizeof(FdDesc) * kChunkSize);
    }
  }
  return &chunk[fd & (kChunkSize - 1)];
}

uptr SyncKey(FdDesc *d) {
  FdSync *s = d ? d->sync.load(std::memory_order_acquire) : nullptr;
  return uptr(s ? s : &g_unknown_sync);
}

// Under g_fd_mu.
FdSync *Ref(FdSync *s) {
  if (s && !s->is_static) ++s->refs;
  return s;
}
// Under g_fd_mu; returns the object to retire (its count reached zero), if any.
FdSync *Unref(FdSync *s) {
  if (!s || s->is_static) return nullptr;
  return --s->refs == 0 ? s : nullptr;
}
void Retire(FdSync *s) {
  if (!s) return;
  DestroySyncVar(uptr(s));
  InternalFree(s);
}

FdSync *NewSync() {
  FdSync *s = static_cast<FdSync *>(InternalAlloc(sizeof(FdSync)));
  s->refs = 0;
  s->is_static = 0;
  return s;
}

// The thread whose calls are modeled, or null: runtime not up, a runtime thread, inside
// the runtime (ignore), or a signal handler that interrupted a runtime critical section.
ThreadState *Modeled() {
  if (RL_UNLIKELY(!RuntimeInitialized()) || tls_runtime_internal || SpinLocksHeld())
    return nullptr;
  ThreadState *ts = CurrentThread();
  return ts->ignore ? nullptr : ts;
}

// A use of `fd`: a read of its word.
void FdUse(ThreadState *ts, int fd) {
  FdDesc *d = Desc(fd, true);
  if (d) CheckAccessRange(ts, uptr(&d->word), sizeof(d->word), kAccessRead, InnermostCallSite(ts));
}

void FdAcquire(ThreadState *ts, int fd) {
  SaveErrno keep;
  SyncVar *s = GetSyncVar(SyncKey(Desc(fd, false)), false);
  if (s) AcquireFrom(ts, s);
}

void FdRelease(ThreadState *ts, int fd) {
  FdDesc *d = Desc(fd, false);
  ReleaseAddr(ts, SyncKey(d));
  uptr poll = d ? d->poll_key.load(std::memory_order_relaxed) : 0;
  if (poll) ReleaseAddr(ts, poll);
}

// `fd` now names a new kernel object whose sync object is `sync` (already counted for this
// descriptor): a write of the fresh word by the creating thread.
void FdCreated(ThreadState *ts, int fd, FdSync *sync) {
  SaveErrno keep;
  FdDesc *d = Desc(fd, true);
  FdSync *old;
  {
    SpinLockGuard guard(g_fd_mu);
    old = Unref(d ? d->sync.exchange(sync, std::memory_order_acq_rel) : sync);
    if (d) d->poll_key.store(0, std::memory_order_relaxed);
  }
  Retire(old);
  if (!d) return;
  ResetShadowRange(uptr(&d->word), sizeof(d->word));
  CheckAccessRange(ts, uptr(&d->word), sizeof(d->word), kAccessWrite, InnermostCallSite(ts));
}

FdSync *Counted(FdSync *s) {
  SpinLockGuard guard(g_fd_mu);
  return Ref(s);
}

// `fd` is closed by this thread (close, or dup2/dup3 over it): a write of its word, a
// release (a reader that sees end-of-file is ordered after the close), then the word is
// forgotten and the sync object uncounted.
void FdClosing(ThreadState *ts, int fd) {
  FdDesc *d = Desc(fd, true);
  if (!d) return;
  CheckAccessRange(ts, uptr(&d->word), sizeof(d->word), kAccessWrite, InnermostCallSite(ts));
  ReleaseAddr(ts, SyncKey(d));
}

void FdClosed(int fd) {
  SaveErrno keep;
  FdDesc *d = Desc(fd, false);
  if (!d) return;
  FdSync *old;
  {
    SpinLockGuard guard(g_fd_mu);
    old = Unref(d->sync.exchange(nullptr, std::memory_order_acq_rel));
    d->poll_key.store(0, std::memory_order_relaxed);
  }
  Retire(old);
  ResetShadowRange(uptr(&d->word), sizeof(d->word));
}

// The sync object of `fd`, counted once more (dup): under the lock, so a concurrent close
// cannot retire it in between.
FdSync *SharedSync(int fd) {
  FdDesc *d = Desc(fd, false);
  SpinLockGuard guard(g_fd_mu);
  return Ref(d ? d->sync.load(std::memory_order_acquire) : nullptr);
}

void CheckIovec(ThreadState *ts, const struct iovec *iov, int iovcnt, size_t bytes,
                u32 flags) {
  const rl_site *site = InnermostCallSite(ts);
  CheckAccessRange(ts, uptr(iov), sizeof(*iov) * size_t(iovcnt > 0 ? iovcnt : 0), kAccessRead,
                   site);
  for (int i = 0; i < iovcnt && bytes; ++i) {
    size_t n = iov[i].iov_len < bytes ? iov[i].iov_len : bytes;
    if (n) CheckAccessRange(ts, uptr(iov[i].iov_base), n, flags, site);
    bytes -= n;
  }
}

size_t IovecBytes(const struct iovec *iov, int iovcnt) {
  size_t total = 0;
  for (int i = 0; i < iovcnt; ++i) total += iov[i].iov_len;
  return total;
}

template <typename F>
F RealFn(std::atomic<F> *slot, const char *name) {
  F f = slot->load(std::memory_order_relaxed);
  if (RL_UNLIKELY(!f)) {
    f = reinterpret_cast<F>(ResolveReal(name));
    slot->store(f, std::memory_order_relaxed);
  }
  return f;
}

}  // namespace

void FdAfterForkChild() { g_fd_mu.ResetAfterFork(); }

bool FindFdWord(uptr addr, int *fd) {
  for (int c = 0; c < kChunks; ++c) {
    FdDesc *chunk = g_chunks[c].load(std::memory_order_acquire);
    if (!chunk) continue;
    if (addr >= uptr(chunk) && addr < uptr(chunk + kChunkSize)) {
      uptr index = (addr - uptr(chunk)) / sizeof(FdDesc);
      if (addr - uptr(&chunk[index].word) >= sizeof(chunk[index].word)) return false;
      *fd = int(c * kChunkSize + int(index));
      return true;
    }
  }
  return false;
}

}  // namespace rl

using namespace rl;

namespace {
std::atomic<int (*)(const char *, int, ...)> real_slot_open{nullptr};
std::atomic<int (*)(const char *, int, ...)> real_slot_open64{nullptr};
std::atomic<int (*)(int, const char *, int, ...)> real_slot_openat{nullptr};
std::atomic<int (*)(int, const char *, int, ...)> real_slot_openat64{nullptr};
std::atomic<int (*)(const char *, mode_t)> real_slot_creat{nullptr};
std::atomic<int (*)(const char *, mode_t)> real_slot_creat64{nullptr};
std::atomic<int (*)(int)> real_slot_close{nullptr};
std::atomic<int (*)(int *)> real_slot_pipe{nullptr};
std::atomic<int (*)(int *, int)> real_slot_pipe2{nullptr};
std::atomic<int (*)(int, int, int, int *)> real_slot_socketpair{nullptr};
std::atomic<int (*)(int, int, int)> real_slot_socket{nullptr};
std::atomic<int (*)(int, struct sockaddr *, socklen_t *)> real_slot_accept{nullptr};
std::atomic<int (*)(int, struct sockaddr *, socklen_t *, int)> real_slot_accept4{nullptr};
std::atomic<int (*)(int, const struct sockaddr *, socklen_t)> real_slot_connect{nullptr};
std::atomic<int (*)(unsigned, int)> real_slot_eventfd{nullptr};
std::atomic<int (*)(int, eventfd_t *)> real_slot_eventfd_read{nullptr};
std::atomic<int (*)(int, eventfd_t)> real_slot_eventfd_write{nullptr};
std::atomic<int (*)(int)> real_slot_epoll_create{nullptr};
std::atomic<int (*)(int)> real_slot_epoll_create1{nullptr};
std::atomic<int (*)(int, int, int, struct epoll_event *)> real_slot_epoll_ctl{nullptr};
std::atomic<int (*)(int, struct epoll_event *, int, int)> real_slot_epoll_wait{nullptr};
std::atomic<int (*)(int, struct epoll_event *, int, int, const sigset_t *)>
    real_slot_epoll_pwait{nullptr};
std::atomic<int (*)(int)> real_slot_dup{nullptr};
std::atomic<int (*)(int, int)> real_slot_dup2{nullptr};
std::atomic<int (*)(int, int, int)> real_slot_dup3{nullptr};
std::atomic<ssize_t (*)(int, void *, size_t)> real_slot_read{nullptr};
std::atomic<ssize_t (*)(int, const void *, size_t)> real_slot_write{nullptr};
std::atomic<ssize_t (*)(int, void *, size_t, off_t)> real_slot_pread{nullptr};
std::atomic<ssize_t (*)(int, void *, size_t, off64_t)> real_slot_pread64{nullptr};
std::atomic<ssize_t (*)(int, const void *, size_t, off_t)> real_slot_pwrite{nullptr};
std::atomic<ssize_t (*)(int, const void *, size_t, off64_t)> real_slot_pwrite64{nullptr};
std::atomic<ssize_t (*)(int, const struct iovec *, int)> real_slot_readv{nullptr};
std::atomic<ssize_t (*)(int, const struct iovec *, int)> real_slot_writev{nullptr};
std::atomic<ssize_t (*)(int, void *, size_t, int)> real_slot_recv{nullptr};
std::atomic<ssize_t (*)(int, void *, size_t, int, struct sockaddr *, socklen_t *)>
    real_slot_recvfrom{nullptr};
std::atomic<ssize_t (*)(int, struct msghdr *, int)> real_slot_recvmsg{nullptr};
std::atomic<ssize_t (*)(int, const void *, size_t, int)> real_slot_send{nullptr};
std::atomic<ssize_t (*)(int, const void *, size_t, int, const struct sockaddr *, socklen_t)>
    real_slot_sendto{nullptr};
std::atomic<ssize_t (*)(int, const struct msghdr *, int)> real_slot_sendmsg{nullptr};
std::atomic<FILE *(*)(const char *, const char *)> real_slot_fopen{nullptr};
std::atomic<FILE *(*)(const char *, const char *)> real_slot_fopen64{nullptr};
std::atomic<FILE *(*)(int, const char *)> real_slot_fdopen{nullptr};
std::atomic<int (*)(FILE *)> real_slot_fclose{nullptr};

// open-like calls take a mode only with O_CREAT or O_TMPFILE.
mode_t ModeArg(int flags, va_list ap) {
  return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE ? mode_t(va_arg(ap, int)) : 0;
}

int AfterOpen(int fd) {
  if (fd < 0) return fd;
  if (ThreadState *ts = Modeled()) FdCreated(ts, fd, &g_file_sync);
  return fd;
}

// A read-like call: the descriptor is used, the call made, then what it returned acquired
// and the bytes received written.
template <typename Call>
ssize_t ReadLike(int fd, void *buf, size_t size, Call call) {
  ThreadState *ts = Modeled();
  if (!ts) return call();
  FdUse(ts, fd);
  ssize_t n = call();
  SaveErrno keep;
  if (n >= 0) {
    FdAcquire(ts, fd);
    // At most `size`: recv with MSG_TRUNC returns the datagram's whole length.
    size_t stored = size_t(n) < size ? size_t(n) : size;
    if (stored && buf) CheckAccessRange(ts, uptr(buf), stored, kAccessWrite, InnermostCallSite(ts));
  }
  return n;
}

// A write-like call: the descriptor is used, the bytes sent read, the clock released (before
// the call: the receiver may run as soon as the data is in the kernel).
template <typename Call>
ssize_t WriteLike(int fd, const void *buf, size_t size, Call call) {
  ThreadState *ts = Modeled();
  if (!ts) return call();
  FdUse(ts, fd);
  if (size && buf) CheckAccessRange(ts, uptr(buf), size, kAccessRead, InnermostCallSite(ts));
  FdRelease(ts, fd);
  return call();
}

}  // namespace

// ---- Creation

RL_INTERCEPTOR int open(const char *path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  mode_t mode = ModeArg(flags, ap);
  va_end(ap);
  return AfterOpen(RealFn(&real_slot_open, "open")(path, flags, mode));
}
RL_INTERCEPTOR int open64(const char *path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  mode_t mode = ModeArg(flags, ap);
  va_end(ap);
  return AfterOpen(RealFn(&real_slot_open64, "open64")(path, flags, mode));
}
RL_INTERCEPTOR int openat(int dirfd, const char *path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  mode_t mode = ModeArg(flags, ap);
  va_end(ap);
  return AfterOpen(RealFn(&real_slot_openat, "openat")(dirfd, path, flags, mode));
}
RL_INTERCEPTOR int openat64(int dirfd, const char *path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  mode_t mode = ModeArg(flags, ap);
  va_end(ap);
  return AfterOpen(RealFn(&real_slot_openat64, "openat64")(dirfd, path, flags, mode));
}
RL_INTERCEPTOR int creat(const char *path, mode_t mode) {
  return AfterOpen(RealFn(&real_slot_creat, "creat")(path, mode));
}
RL_INTERCEPTOR int creat64(const char *path, mode_t mode) {
  return AfterOpen(RealFn(&real_slot_creat64, "creat64")(path, mode));
}

// Streams: the descriptor under a FILE is created and closed by libc's internal calls, which
// do not come back here; the stream calls stand for them. (The stream's reads and writes are
// not modeled as uses of the descriptor: stdio locks the FILE itself.)
static FILE *AfterFopen(FILE *f) {
  if (f)
    if (ThreadState *ts = Modeled()) FdCreated(ts, fileno(f), &g_file_sync);
  return f;
}
RL_INTERCEPTOR FILE *fopen(const char *path, const char *mode) {
  return AfterFopen(RealFn(&real_slot_fopen, "fopen")(path, mode));
}
RL_INTERCEPTOR FILE *fopen64(const char *path, const char *mode) {
  return AfterFopen(RealFn(&real_slot_fopen64, "fopen64")(path, mode));
}
// fdopen: the descriptor already exists; wrapping it is a use.
RL_INTERCEPTOR FILE *fdopen(int fd, const char *mode) {
  if (ThreadState *ts = Modeled()) FdUse(ts, fd);
  return RealFn(&real_slot_fdopen, "fdopen")(fd, mode);
}
RL_INTERCEPTOR int fclose(FILE *f) {
  ThreadState *ts = Modeled();
  int fd = ts && f ? fileno(f) : -1;
  if (fd >= 0) FdClosing(ts, fd);
  int rc = RealFn(&real_slot_fclose, "fclose")(f);
  if (fd >= 0) FdClosed(fd);
  return rc;
}

// Both ends of a pipe or socketpair share one new sync object.
static int PairCreated(int rc, int *fds) {
  SaveErrno keep;
  if (rc != 0) return rc;
  ThreadState *ts = Modeled();
  if (!ts) return rc;
  // The kernel stores the two descriptors into the array.
  CheckAccessRange(ts, uptr(fds), 2 * sizeof(int), kAccessWrite, InnermostCallSite(ts));
  FdSync *s = NewSync();
  FdSync *a = Counted(s), *b = Counted(s);
  FdCreated(ts, fds[0], a);
  FdCreated(ts, fds[1], b);
  return rc;
}

RL_INTERCEPTOR int pipe(int fds[2]) { return PairCreated(RealFn(&real_slot_pipe, "pipe")(fds), fds); }
RL_INTERCEPTOR int pipe2(int fds[2], int flags) {
  return PairCreated(RealFn(&real_slot_pipe2, "pipe2")(fds, flags), fds);
}
RL_INTERCEPTOR int socketpair(int domain, int type, int protocol, int fds[2]) {
  return PairCreated(RealFn(&real_slot_socketpair, "socketpair")(domain, type, protocol, fds),
                     fds);
}

RL_INTERCEPTOR int socket(int domain, int type, int protocol) {
  int fd = RealFn(&real_slot_socket, "socket")(domain, type, protocol);
  if (fd >= 0)
    if (ThreadState *ts = Modeled()) FdCreated(ts, fd, &g_socket_sync);
  return fd;
}

// accept is ordered after the connect it accepts (connect releases, accept acquires).
static int AfterAccept(ThreadState *ts, int listen_fd, int fd) {
  SaveErrno keep;
  if (fd >= 0 && ts) {
    FdAcquire(ts, listen_fd);
    FdCreated(ts, fd, &g_socket_sync);
  }
  return fd;
}

RL_INTERCEPTOR int accept(int fd, struct sockaddr *addr, socklen_t *len) {
  ThreadState *ts = Modeled();
  if (ts) FdUse(ts, fd);
  return AfterAccept(ts, fd, RealFn(&real_slot_accept, "accept")(fd, addr, len));
}
RL_INTERCEPTOR int accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags) {
  ThreadState *ts = Modeled();
  if (ts) FdUse(ts, fd);
  return AfterAccept(ts, fd, RealFn(&real_slot_accept4, "accept4")(fd, addr, len, flags));
}

RL_INTERCEPTOR int connect(int fd, const struct sockaddr *addr, socklen_t len) {
  if (ThreadState *ts = Modeled()) {
    FdUse(ts, fd);
    FdRelease(ts, fd);
  }
  return RealFn(&real_slot_connect, "connect")(fd, addr, len);
}

RL_INTERCEPTOR int eventfd(unsigned initval, int flags) {
  int fd = RealFn(&real_slot_eventfd, "eventfd")(initval, flags);
  if (fd >= 0)
    if (ThreadState *ts = Modeled()) FdCreated(ts, fd, Counted(NewSync()));
  return fd;
}

// glibc implements these with internal calls to read/write, which do not come back here.
RL_INTERCEPTOR int eventfd_read(int fd, eventfd_t *value) {
  ThreadState *ts = Modeled();
  if (ts) FdUse(ts, fd);
  int rc = RealFn(&real_slot_eventfd_read, "eventfd_read")(fd, value);
  SaveErrno keep;
  if (ts && rc == 0) {
    FdAcquire(ts, fd);
    CheckAccessRange(ts, uptr(value), sizeof(*value), kAccessWrite, InnermostCallSite(ts));
  }
  return rc;
}
RL_INTERCEPTOR int eventfd_write(int fd, eventfd_t value) {
  if (ThreadState *ts = Modeled()) {
    FdUse(ts, fd);
    FdRelease(ts, fd);
  }
  return RealFn(&real_slot_eventfd_write, "eventfd_write")(fd, value);
}

static int AfterEpollCreate(int fd) {
  if (fd >= 0)
    if (ThreadState *ts = Modeled()) FdCreated(ts, fd, Counted(NewSync()));
  return fd;
}
RL_INTERCEPTOR int epoll_create(int size) {
  return AfterEpollCreate(RealFn(&real_slot_epoll_create, "epoll_create")(size));
}
RL_INTERCEPTOR int epoll_create1(int flags) {
  return AfterEpollCreate(RealFn(&real_slot_epoll_create1, "epoll_create1")(flags));
}

// Registering a descriptor (with, typically, a pointer in event->data) releases into the
// epoll instance, and so does, from then on, every release into the descriptor (FdRelease);
// an epoll_wait that returns events acquires from it.
RL_INTERCEPTOR int epoll_ctl(int epfd, int op, int fd, struct epoll_event *event) {
  if (ThreadState *ts = Modeled()) {
    FdUse(ts, epfd);
    FdUse(ts, fd);
    if (event && op != EPOLL_CTL_DEL)
      CheckAccessRange(ts, uptr(event), sizeof(*event), kAccessRead, InnermostCallSite(ts));
    if (op == EPOLL_CTL_ADD || op == EPOLL_CTL_MOD) FdRelease(ts, epfd);
    if (FdDesc *d = Desc(fd, true))
      d->poll_key.store(op == EPOLL_CTL_DEL ? 0 : SyncKey(Desc(epfd, false)),
                        std::memory_order_relaxed);
  }
  return RealFn(&real_slot_epoll_ctl, "epoll_ctl")(epfd, op, fd, event);
}

static int AfterEpollWait(ThreadState *ts, int epfd, struct epoll_event *events, int n) {
  SaveErrno keep;
  if (ts && n >= 0) {
    FdAcquire(ts, epfd);
    if (n > 0)
      CheckAccessRange(ts, uptr(events), sizeof(*events) * size_t(n), kAccessWrite,
                       InnermostCallSite(ts));
  }
  return n;
}
RL_INTERCEPTOR int epoll_wait(int epfd, struct epoll_event *events, int max, int timeout) {
  ThreadState *ts = Modeled();
  if (ts) FdUse(ts, epfd);
  return AfterEpollWait(ts, epfd, events,
                        RealFn(&real_slot_epoll_wait, "epoll_wait")(epfd, events, max, timeout));
}
RL_INTERCEPTOR int epoll_pwait(int epfd, struct epoll_event *events, int max, int timeout,
                          const sigset_t *mask) {
  ThreadState *ts = Modeled();
  if (ts) FdUse(ts, epfd);
  return AfterEpollWait(
      ts, epfd, events,
      RealFn(&real_slot_epoll_pwait, "epoll_pwait")(epfd, events, max, timeout, mask));
}

// ---- Duplication and close

RL_INTERCEPTOR int dup(int oldfd) {
  ThreadState *ts = Modeled();
  if (ts) FdUse(ts, oldfd);
  int fd = RealFn(&real_slot_dup, "dup")(oldfd);
  if (ts && fd >= 0) FdCreated(ts, fd, SharedSync(oldfd));
  return fd;
}

// dup2/dup3 over an open descriptor closes it first: a write of its word, so a use of it in
// another thread that is not ordered with the dup2 is a race on the descriptor.
static int Dup2Common(int oldfd, int newfd, int flags, bool is_dup3) {
  ThreadState *ts = Modeled();
  if (ts) {
    FdUse(ts, oldfd);
    if (oldfd != newfd) FdClosing(ts, newfd);
  }
  int fd = is_dup3 ? RealFn(&real_slot_dup3, "dup3")(oldfd, newfd, flags)
                   : RealFn(&real_slot_dup2, "dup2")(oldfd, newfd);
  if (ts && fd >= 0 && oldfd != newfd) FdCreated(ts, fd, SharedSync(oldfd));
  return fd;
}
RL_INTERCEPTOR int dup2(int oldfd, int newfd) { return Dup2Common(oldfd, newfd, 0, false); }
RL_INTERCEPTOR int dup3(int oldfd, int newfd, int flags) { return Dup2Common(oldfd, newfd, flags, true); }

RL_INTERCEPTOR int close(int fd) {
  ThreadState *ts = Modeled();
  if (ts) FdClosing(ts, fd);
  int rc = RealFn(&real_slot_close, "close")(fd);
  // Forgotten whatever the result: on Linux the descriptor is released even when close
  // fails with EINTR or EIO (only EBADF means it was not open).
  if (ts) FdClosed(fd);
  return rc;
}

// ---- Data

RL_INTERCEPTOR ssize_t read(int fd, void *buf, size_t size) {
  return ReadLike(fd, buf, size, [&] { return RealFn(&real_slot_read, "read")(fd, buf, size); });
}
RL_INTERCEPTOR ssize_t pread(int fd, void *buf, size_t size, off_t offset) {
  return ReadLike(fd, buf, size,
                  [&] { return RealFn(&real_slot_pread, "pread")(fd, buf, size, offset); });
}
RL_INTERCEPTOR ssize_t pread64(int fd, void *buf, size_t size, off64_t offset) {
  return ReadLike(fd, buf, size,
                  [&] { return RealFn(&real_slot_pread64, "pread64")(fd, buf, size, offset); });
}
RL_INTERCEPTOR ssize_t recv(int fd, void *buf, size_t size, int flags) {
  return ReadLike(fd, buf, size, [&] { return RealFn(&real_slot_recv, "recv")(fd, buf, size, flags); });
}
RL_INTERCEPTOR ssize_t recvfrom(int fd, void *buf, size_t size, int flags, struct sockaddr *addr,
                           socklen_t *len) {
  return ReadLike(fd, buf, size, [&] {
    return RealFn(&real_slot_recvfrom, "recvfrom")(fd, buf, size, flags, addr, len);
  });
}

RL_INTERCEPTOR ssize_t write(int fd, const void *buf, size_t size) {
  return WriteLike(fd, buf, size,
                   [&] { return RealFn(&real_slot_write, "write")(fd, buf, size); });
}
RL_INTERCEPTOR ssize_t pwrite(int fd, const void *buf, size_t size, off_t offset) {
  return WriteLike(fd, buf, size,
                   [&] { return RealFn(&real_slot_pwrite, "pwrite")(fd, buf, size, offset); });
}
RL_INTERCEPTOR ssize_t pwrite64(int fd, const void *buf, size_t size, off64_t offset) {
  return WriteLike(fd, buf, size, [&] {
    return RealFn(&real_slot_pwrite64, "pwrite64")(fd, buf, size, offset);
  });
}
RL_INTERCEPTOR ssize_t send(int fd, const void *buf, size_t size, int flags) {
  return WriteLike(fd, buf, size,
                   [&] { return RealFn(&real_slot_send, "send")(fd, buf, size, flags); });
}
RL_INTERCEPTOR ssize_t sendto(int fd, const void *buf, size_t size, int flags,
                         const struct sockaddr *addr, socklen_t len) {
  return WriteLike(fd, buf, size, [&] {
    return RealFn(&real_slot_sendto, "sendto")(fd, buf, size, flags, addr, len);
  });
}

RL_INTERCEPTOR ssize_t readv(int fd, const struct iovec *iov, int iovcnt) {
  ThreadState *ts = Modeled();
  if (ts) FdUse(ts, fd);
  ssize_t n = RealFn(&real_slot_readv, "readv")(fd, iov, iovcnt);
  SaveErrno keep;
  if (ts && n >= 0) {
    FdAcquire(ts, fd);
    CheckIovec(ts, iov, iovcnt, size_t(n), kAccessWrite);
  }
  return n;
}
RL_INTERCEPTOR ssize_t writev(int fd, const struct iovec *iov, int iovcnt) {
  if (ThreadState *ts = Modeled()) {
    FdUse(ts, fd);
    CheckIovec(ts, iov, iovcnt, IovecBytes(iov, iovcnt), kAccessRead);
    FdRelease(ts, fd);
  }
  return RealFn(&real_slot_writev, "writev")(fd, iov, iovcnt);
}
RL_INTERCEPTOR ssize_t recvmsg(int fd, struct msghdr *msg, int flags) {
  ThreadState *ts = Modeled();
  if (ts) FdUse(ts, fd);
  ssize_t n = RealFn(&real_slot_recvmsg, "recvmsg")(fd, msg, flags);
  SaveErrno keep;
  if (ts && n >= 0) {
    FdAcquire(ts, fd);
    CheckIovec(ts, msg->msg_iov, int(msg->msg_iovlen), size_t(n), kAccessWrite);
  }
  return n;
}
RL_INTERCEPTOR ssize_t sendmsg(int fd, const struct msghdr *msg, int flags) {
  if (ThreadState *ts = Modeled()) {
    FdUse(ts, fd);
    CheckIovec(ts, msg->msg_iov, int(msg->msg_iovlen),
               IovecBytes(msg->msg_iov, int(msg->msg_iovlen)), kAccessRead);
    FdRelease(ts, fd);
  }
  return RealFn(&real_slot_sendmsg, "sendmsg")(fd, msg, flags);
}
