// Sync (clean): a producer thread fills a plain struct and then calls promise::set_value();
// the consumer reads the struct after future::get(). Then the roles swap: main writes a reply
// and fulfils a second promise the thread waits on.
// RACELIGHT-EXPECT: none
#include <cstdio>
#include <future>
#include <thread>

struct Message {
  int id;
  double payload[8];
};

Message request, reply;

int main() {
  std::promise<void> request_ready, reply_ready;
  std::future<void> reply_future = reply_ready.get_future();
  std::thread producer([&request_ready, &reply_future] {
    request.id = 7;
    for (int i = 0; i < 8; ++i) request.payload[i] = i * 0.5;
    request_ready.set_value();
    reply_future.get();
    std::printf("reply %d %g\n", reply.id, reply.payload[7]);
  });
  request_ready.get_future().get();
  reply.id = request.id + 1;
  for (int i = 0; i < 8; ++i) reply.payload[i] = request.payload[i] * 2;
  reply_ready.set_value();
  producer.join();
  return reply.id == 8 ? 0 : 1;
}
