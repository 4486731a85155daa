#ifndef GAUTHFLOW_MOCKSERVER_OAUTH_SHARDED_MAP_H_
#define GAUTHFLOW_MOCKSERVER_OAUTH_SHARDED_MAP_H_

#include <array>
#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace gauthflow::mockserver {

// A string-keyed map split into independently locked shards, so that concurrent lookups of
// different tokens (the token, tokeninfo and Drive hot paths) rarely contend and no lock is
// ever held across a whole request. A map that grows large under load takes more shards: a
// shard's rehash pauses whoever inserts into it, for as long as the shard is big.
template <typename Value, std::size_t kShards = 32>
class ShardedMap {
 public:
  void Insert(std::string const& key, Value value) {
    Shard& shard = ShardFor(key);
    std::lock_guard<std::mutex> lock(shard.mu);
    shard.map.insert_or_assign(key, std::move(value));
  }

  std::optional<Value> Find(std::string const& key) const {
    Shard const& shard = ShardFor(key);
    std::lock_guard<std::mutex> lock(shard.mu);
    auto it = shard.map.find(key);
    if (it == shard.map.end()) return std::nullopt;
    return it->second;
  }

  // Runs `f(Value*)` under the shard's lock (nullptr when absent) and returns its result.
  template <typename F>
  auto With(std::string const& key, F&& f) {
    Shard& shard = ShardFor(key);
    std::lock_guard<std::mutex> lock(shard.mu);
    auto it = shard.map.find(key);
    return f(it == shard.map.end() ? nullptr : &it->second);
  }

  // Removes the entry and returns it: of concurrent takers of one key, exactly one gets it.
  std::optional<Value> Take(std::string const& key) {
    Shard& shard = ShardFor(key);
    std::lock_guard<std::mutex> lock(shard.mu);
    auto it = shard.map.find(key);
    if (it == shard.map.end()) return std::nullopt;
    std::optional<Value> out(std::move(it->second));
    shard.map.erase(it);
    return out;
  }

  bool Erase(std::string const& key) {
    Shard& shard = ShardFor(key);
    std::lock_guard<std::mutex> lock(shard.mu);
    return shard.map.erase(key) > 0;
  }

  // Removes the entries for which `pred(key, value)` holds, one shard at a time.
  template <typename Pred>
  void EraseIf(Pred&& pred) {
    for (Shard& shard : shards_) {
      std::lock_guard<std::mutex> lock(shard.mu);
      for (auto it = shard.map.begin(); it != shard.map.end();) {
        it = pred(it->first, it->second) ? shard.map.erase(it) : std::next(it);
      }
    }
  }

  template <typename F>
  void ForEach(F&& f) const {
    for (Shard const& shard : shards_) {
      std::lock_guard<std::mutex> lock(shard.mu);
      for (auto const& [key, value] : shard.map) f(key, value);
    }
  }

  std::size_t Count() const {
    std::size_t count = 0;
    for (Shard const& shard : shards_) {
      std::lock_guard<std::mutex> lock(shard.mu);
      count += shard.map.size();
    }
    return count;
  }

  void Clear() {
    for (Shard& shard : shards_) {
      std::lock_guard<std::mutex> lock(shard.mu);
      shard.map.clear();
    }
  }

 private:
  struct Shard {
    mutable std::mutex mu;
    std::unordered_map<std::string, Value> map;
  };
  Shard& ShardFor(std::string const& key) { return shards_[std::hash<std::string>{}(key) % kShards]; }
  Shard const& ShardFor(std::string const& key) const {
    return shards_[std::hash<std::string>{}(key) % kShards];
  }
  std::array<Shard, kShards> shards_;
};

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_OAUTH_SHARDED_MAP_H_
