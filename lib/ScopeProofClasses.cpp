//===--- ScopeProofClasses.cpp - path classes of the scope proof ----------===//

#include "lib/ScopeProofClasses.h"
#include "llvm/ADT/STLExtras.h"

namespace gfpscope {

std::optional<bool> ProofClass::assumed(GuardKey Guard) const {
  for (const auto &[G, Value] : Assumed)
    if (G == Guard)
      return Value;
  return std::nullopt;
}

ProofClass ProofClass::assuming(GuardKey Guard, bool Value) const {
  ProofClass Next = *this;
  Next.Assumed.push_back({Guard, Value});
  llvm::sort(Next.Assumed);
  return Next;
}

void ProofClass::forget(GuardKey Guard) {
  llvm::erase_if(Assumed, [&](const auto &A) { return A.first == Guard; });
}

bool BlockClasses::joinInto(ProofClass &Into, const ProofClass &C,
                            bool &Changed) {
  ProofState Joined = ProofState::join(Into.State, C.State);
  if (Joined.isAmbiguous())
    return false;
  auto Before = Into.Assumed.size();
  // Only what both classes assumed is known of the joined paths.
  llvm::erase_if(Into.Assumed, [&](const auto &A) {
    return !llvm::is_contained(C.Assumed, A);
  });
  if (Joined != Into.State || Into.Assumed.size() != Before) {
    Into.State = std::move(Joined);
    Changed = true;
  }
  return true;
}

bool BlockClasses::join(const ProofClass &C, bool &Changed) {
  if (Collapsed)
    return joinInto(Classes.front(), C, Changed);
  for (ProofClass &Same : Classes)
    if (Same.Assumed == C.Assumed)
      return joinInto(Same, C, Changed);
  Classes.push_back(C);
  Changed = true;
  if (Classes.size() <= MaxClasses)
    return true;
  ProofClass All = Classes.front();
  bool Ignored = false;
  for (const ProofClass &Other : llvm::drop_begin(Classes))
    if (!joinInto(All, Other, Ignored))
      return false;
  Classes = {std::move(All)};
  Collapsed = true;
  return true;
}

} // namespace gfpscope
