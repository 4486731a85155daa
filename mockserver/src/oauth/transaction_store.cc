#include "oauth/transaction_store.h"

#include "oauth/random_tokens.h"

namespace gauthflow::mockserver {

std::string TransactionStore::Add(Transaction transaction) {
  TimePoint const now = clock_.Now();
  std::string id = NewTransactionId();
  transaction.expiry = now + kTransactionLifetime;
  transactions_.Insert(id, std::move(transaction));
  sweep_.CountInsert(transactions_, now);  // consent pages nobody answered
  return id;
}

std::optional<Transaction> TransactionStore::Take(std::string const& id) {
  std::optional<Transaction> taken = transactions_.Take(id);
  if (taken && taken->expiry <= clock_.Now()) return std::nullopt;
  return taken;
}

}  // namespace gauthflow::mockserver
