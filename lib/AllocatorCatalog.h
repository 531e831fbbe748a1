//===--- AllocatorCatalog.h - the vmalloc family and its wrappers ---------===//
//
// The single source of truth for "which functions allocate through vmalloc
// and take a gfp mask". Every check reads this table.
//
//===----------------------------------------------------------------------===//

#ifndef GFPSCOPE_LIB_ALLOCATORCATALOG_H
#define GFPSCOPE_LIB_ALLOCATORCATALOG_H

#include "lib/GfpLayout.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clang {
class ASTContext;
class CallExpr;
class FunctionDecl;
class ParmVarDecl;
} // namespace clang

namespace gfpscope {

class CallIndex;
class MaskValueAnalysis;
class ScopeCoverage;
struct PFLayout;
class ScopeFunctionSet;

/// What goes wrong with a NOFS/NOIO mask differs by family before 5.17.
enum class AllocatorKind {
  /// __vmalloc and friends: page tables are allocated with GFP_KERNEL, so
  /// the mask is not honoured (deadlock hazard) before 5.17.
  Vmalloc,
  /// kvmalloc and friends: on 4.18-5.16 a mask that is not GFP_KERNEL
  /// compatible never falls back to vmalloc (it acts as kmalloc).
  Kvmalloc,
};

struct AllocatorEntry {
  llvm::StringLiteral Name;
  AllocatorKind Kind;
};

/// The built-in table: every spelling from 4.12 to 7.x, including the 6.10+
/// `*_noprof` functions that the alloc_hooks() macros call.
llvm::ArrayRef<AllocatorEntry> builtinAllocators();

/// True for a name of the built-in table (a function, or since 6.10 the
/// alloc_hooks() macro of that name).
bool isBuiltinAllocatorName(llvm::StringRef Name);

/// The name a user writes for a callee: `kvmalloc_node_noprof` and
/// `__kvmalloc_node_noprof` are written `kvmalloc_node`.
llvm::StringRef userFacingAllocatorName(llvm::StringRef CalleeName);

/// What a function does with the gfp mask it is given. Any function with a
/// gfp_t parameter is taken to allocate with it now, except those of one
/// table (lib/AllocatorCatalog.cpp): a mask stored for later allocations
/// may be used outside the caller's scope, so dropping NOFS there would
/// create the very bug the scope API prevents.
enum class GfpUse {
  AllocatesNow,
  /// Stores the mask for allocations made later, anywhere
  /// (mapping_set_gfp_mask()).
  StoresForLater,
  /// Computes a mask or a property of one (mapping_gfp_constraint()).
  ComputesMask,
};
GfpUse gfpUseOf(llvm::StringRef CalleeName);

/// True when \p Param is declared with the kernel's gfp_t typedef.
bool isGfpParameter(const clang::ParmVarDecl &Param);

/// The index of the first gfp_t parameter of \p FD.
std::optional<unsigned> gfpParameterIndex(const clang::FunctionDecl &FD);

/// How a call site's mask reaches a family allocator: the argument at
/// GfpArgIndex. For a wrapper, what happens to the mask is decided per
/// forwarding call by AllocatorResolver::unsafeOutcome(); OrMask and
/// AndMask are what its first forwarding call does when that is `p`,
/// `p | K` or `p & K` (identity otherwise), a summary for the redundant-NOFS
/// check.
struct AllocatorCall {
  AllocatorKind Kind;
  unsigned GfpArgIndex;
  uint64_t OrMask = 0;
  uint64_t AndMask = ~uint64_t(0);
  /// For a wrapper: its first forwarding call, and the wrapper.
  const clang::CallExpr *WrappedCall = nullptr;
  const clang::FunctionDecl *Wrapper = nullptr;

  uint64_t effectiveMask(uint64_t Argument) const {
    return (Argument & AndMask) | OrMask;
  }
};

/// Where a mask given to an allocator call ends up restricted and unsafe.
struct MaskOutcome {
  /// The mask the family member gets, and its restriction (not None).
  uint64_t Mask = 0;
  GfpRestriction Restriction = GfpRestriction::None;
  AllocatorKind Kind = AllocatorKind::Vmalloc;
  /// A wrapper's call that takes the mask on: `Wrapper` passes its
  /// parameter `ParamIndex` to `Call`.
  struct Step {
    const clang::FunctionDecl *Wrapper;
    unsigned ParamIndex;
    const clang::CallExpr *Call;
  };
  /// From the wrapper called down to the family member; empty for a family
  /// member called directly.
  llvm::SmallVector<Step, 2> Path;
};

/// What decides whether a restricted mask is unsafe: the unit's bits and the
/// target kernel (a memalloc scope makes kvmalloc safe only since 5.17).
struct MaskRules {
  const GfpLayout &Gfp;
  const PFLayout *PF = nullptr;
  std::optional<KernelVersionCode> Kernel;
  /// The scope functions a wrapper's scopes are recognised by (null: the
  /// kernel's API).
  const ScopeFunctionSet *Scopes = nullptr;
};

/// Whether \p Item is an ExtraAllocators entry: "name" or "name:vmalloc" for
/// a vmalloc-like allocator, "name:kvmalloc" for a kvmalloc-like one.
bool isValidExtraAllocator(llvm::StringRef Item);

/// Decides, per callee, whether a call allocates through the vmalloc family:
/// a catalog entry (built in or configured), or a wrapper defined in the
/// translation unit that passes its own gfp_t parameter, possibly OR-ed or
/// AND-ed with constants, to a family member. Results are memoized per
/// translation unit.
class AllocatorResolver {
public:
  /// \p Extra: a project's own allocators, "name" or "name:kvmalloc".
  /// \p Extra: ExtraAllocators entries; invalid ones are ignored.
  explicit AllocatorResolver(llvm::ArrayRef<std::string> Extra);

  /// Family membership by name alone (the catalog, no wrappers).
  std::optional<AllocatorKind> catalogKind(llvm::StringRef Name) const;
  /// Every name of the catalog (built in and configured), in no order.
  std::vector<llvm::StringRef> catalogNames() const;

  /// \p Calls gives the calls of a wrapper's body.
  std::optional<AllocatorCall> resolve(const clang::FunctionDecl &Callee,
                                       CallIndex &Calls);

  /// Where \p Mask, given to a call of \p Allocator, reaches a family
  /// member restricted and unsafe; None when it never does. A wrapper is
  /// judged per forwarding call (lib/AllocatorWrappers.cpp): with the
  /// values its gfp_t parameter takes there (through locals, OR-ed or
  /// AND-ed constants), on the paths the branch conditions allow for
  /// \p Mask (`if (!(gfp & __GFP_FS)) return kmalloc(...)`), and not where
  /// a memalloc scope covers the forwarding call and the allocator honours
  /// it.
  std::optional<MaskOutcome> unsafeOutcome(const AllocatorCall &Allocator,
                                           uint64_t Mask,
                                           const MaskRules &Rules,
                                           CallIndex &Calls);

  /// unsafeOutcome() when the caller's mask is the cause: with __GFP_FS and
  /// __GFP_IO added (what the fix-it does) it would be safe. None when the
  /// wrapper restricts even that mask itself (`kvmalloc(n, gfp &
  /// ~__GFP_FS)`): the finding then belongs inside the wrapper, where the
  /// fix is, and a caller passing GFP_KERNEL is never told to pass it.
  std::optional<MaskOutcome> callerOutcome(const AllocatorCall &Allocator,
                                           uint64_t Mask,
                                           const MaskRules &Rules,
                                           CallIndex &Calls);

  /// Forget per-TU memoization (clangd reuses checks across parses).
  void reset();

  AllocatorResolver(const AllocatorResolver &) = delete;
  AllocatorResolver &operator=(const AllocatorResolver &) = delete;
  ~AllocatorResolver();

private:
  /// A call of a family member in a wrapper's body whose mask depends on
  /// the wrapper's gfp_t parameter.
  struct Forward {
    const clang::CallExpr *Call;
    AllocatorCall Callee;
  };
  struct WrapperBody {
    unsigned ParamIndex = 0;
    llvm::SmallVector<Forward, 2> Forwards;
  };

  std::optional<AllocatorCall> findWrappedCall(const clang::FunctionDecl &FD,
                                               CallIndex &Calls);
  std::optional<MaskOutcome> unsafeThrough(const clang::FunctionDecl &Wrapper,
                                           uint64_t Mask,
                                           const MaskRules &Rules,
                                           CallIndex &Calls, unsigned Depth);
  std::optional<MaskOutcome> unsafeAt(const Forward &F, uint64_t Value,
                                      const MaskRules &Rules, CallIndex &Calls,
                                      unsigned Depth);
  bool scopeMakesSafe(const clang::FunctionDecl &Wrapper,
                      const clang::CallExpr &Call, const MaskOutcome &Outcome,
                      const MaskRules &Rules, clang::ASTContext &Ctx);
  MaskValueAnalysis &values(const clang::FunctionDecl &FD,
                            clang::ASTContext &Ctx);

  llvm::StringMap<AllocatorKind> Catalog;
  llvm::DenseMap<const clang::FunctionDecl *, std::optional<AllocatorCall>>
      Memo;
  llvm::DenseMap<const clang::FunctionDecl *, WrapperBody> Bodies;
  llvm::DenseMap<const clang::FunctionDecl *,
                 std::unique_ptr<MaskValueAnalysis>>
      Values;
  llvm::DenseMap<const clang::FunctionDecl *, std::unique_ptr<ScopeCoverage>>
      Scopes;
  llvm::DenseMap<std::pair<const clang::FunctionDecl *, uint64_t>,
                 std::optional<MaskOutcome>>
      Outcomes;
};

} // namespace gfpscope

#endif // GFPSCOPE_LIB_ALLOCATORCATALOG_H
