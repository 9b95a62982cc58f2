#include "runtime/result.hpp"

#include <utility>

namespace sluice::rt {
namespace {

// Moves every element of `live` into `pool` (keeping their heap buffers) and empties
// `live`; the vectors themselves keep their capacity.
template <class T>
void recycle(std::vector<T>& live, std::vector<T>& pool) {
  for (T& item : live) pool.push_back(std::move(item));
  live.clear();
}

template <class T>
T& take(std::vector<T>& live, std::vector<T>& pool) {
  if (pool.empty()) return live.emplace_back();
  live.push_back(std::move(pool.back()));
  pool.pop_back();
  return live.back();
}

}  // namespace

QualResult& EvalResult::add_qualification() {
  QualResult& q = take(qualifications, qualification_pool);
  q.passed = Value::unset();
  q.score = 0;
  q.met.clear();
  return q;
}

void EvalResult::add_qualifications(std::size_t n) {
  if (qualifications.empty() && qualification_pool.size() == n) {
    qualifications.swap(qualification_pool);
    return;
  }
  for (std::size_t q = 0; q < n; ++q) add_qualification();
}

EventOut& EvalResult::add_event() {
  EventOut& e = take(events, event_pool);
  e.name.clear();
  e.idempotency_key.clear();
  e.stage = -1;
  return e;
}

NotifyOut& EvalResult::add_notification() {
  NotifyOut& n = take(notifications, notification_pool);
  n.team.clear();
  n.message.clear();
  return n;
}

void EvalResult::clear() {
  error = false;
  error_code.clear();
  error_message.clear();
  funnel = -1;
  from = -1;
  stage = -1;
  moved = false;
  unstaged_reason.clear();
  transition = -1;
  entered.clear();
  // Usually the pool is empty (add_qualifications swapped it in): swap it back whole.
  if (qualification_pool.empty()) qualifications.swap(qualification_pool);
  else recycle(qualifications, qualification_pool);
  sets.clear();
  recycle(events, event_pool);
  recycle(notifications, notification_pool);
  sla = SlaOut{};
  outcome = Outcome::none;
  candidate = -1;
}

}  // namespace sluice::rt
