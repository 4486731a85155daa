#ifndef GAUTHFLOW_MOCKSERVER_HTTP_WORKER_POOL_H_
#define GAUTHFLOW_MOCKSERVER_HTTP_WORKER_POOL_H_

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace gauthflow::mockserver::http {

// A fixed set of threads running queued tasks in order. Poco::ThreadPool starts a thread per task
// and refuses work when all are busy; a server needs a queue instead.
class WorkerPool {
 public:
  explicit WorkerPool(int threads);
  ~WorkerPool();  // Stop()
  WorkerPool(WorkerPool const&) = delete;
  WorkerPool& operator=(WorkerPool const&) = delete;

  void Submit(std::function<void()> task);
  // Runs no new task, lets the running ones end, joins. Queued tasks are dropped.
  void Stop();

 private:
  void Work();

  std::mutex mu_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace gauthflow::mockserver::http

#endif  // GAUTHFLOW_MOCKSERVER_HTTP_WORKER_POOL_H_
