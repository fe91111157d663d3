// Sync (racy): std::shared_ptr makes the reference count thread-safe, not the object. Two
// threads hold copies of the same shared_ptr; one writes the pointee's field, the other reads
// it: a race on the heap object. Both copies are made before either thread starts: the
// count's acq_rel updates would otherwise order the threads when the writer dropped its copy
// before main copied the pointer for the reader.
// RACELIGHT-EXPECT: data-race lines=@W,@R vartype=heap
#include <cstdio>
#include <memory>
#include <thread>
#include <utility>

struct Settings {
  int volume = 0;
  int balance = 0;
};

int main() {
  auto settings = std::make_shared<Settings>();
  std::shared_ptr<Settings> for_writer = settings, for_reader = settings;
  std::thread writer([s = std::move(for_writer)] {
    s->volume = 11; // @W
  });
  std::thread reader([s = std::move(for_reader)] {
    int v = s->volume; // @R
    std::printf("volume %d\n", v);
  });
  writer.join();
  reader.join();
  return 0;
}
