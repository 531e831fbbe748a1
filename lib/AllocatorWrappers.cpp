//===--- AllocatorWrappers.cpp - wrappers judged per forwarding call -----===//
//
// A wrapper of the vmalloc family is a function of the unit that passes its
// gfp_t parameter (as it is, through locals, OR-ed or AND-ed with
// constants) to a family member or another wrapper. What a caller's mask
// becomes is decided per forwarding call, with the engines the checks use
// inside a function: MaskValues gives the values the forwarded mask takes
// when the parameter has the caller's value (branch conditions on the mask
// prune the paths that value cannot take), ScopeCoverage says whether a
// memalloc scope is open around the forwarding call on every path.
//
// Real wrappers this decides (kernel-facts, issue 13):
//  - drivers/md/dm-bufio.c alloc_buffer_data() (5.10, 6.1): a mask with
//    __GFP_NORETRY goes to __get_free_pages() or to a __vmalloc() inside
//    memalloc_noio_save()/restore(); the plain __vmalloc() is reached only
//    without __GFP_NORETRY;
//  - net/ceph/ceph_common.c ceph_kvmalloc() (5.4-5.16): forwards to
//    kvmalloc() only when (flags & (__GFP_IO | __GFP_FS)) is both bits, and
//    otherwise calls kvmalloc(GFP_KERNEL) inside a nofs or noio scope.
//
//===----------------------------------------------------------------------===//

#include "lib/AllocatorCatalog.h"
#include "lib/CallIndex.h"
#include "lib/MaskValues.h"
#include "lib/ScopeCoverage.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"

using namespace clang;

namespace gfpscope {

namespace {

/// `Param`, `Param | K`, `K | Param` or `Param & K` with constant K.
struct ParamTransform {
  const ParmVarDecl *Param = nullptr;
  uint64_t OrMask = 0;
  uint64_t AndMask = ~uint64_t(0);
};

const ParmVarDecl *asParameter(const Expr *E) {
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenCasts()))
    return dyn_cast<ParmVarDecl>(Ref->getDecl());
  return nullptr;
}

std::optional<uint64_t> constantValue(const Expr *E, const ASTContext &Ctx) {
  Expr::EvalResult Result;
  if (E->isValueDependent() || E->containsErrors() ||
      !E->EvaluateAsInt(Result, Ctx))
    return std::nullopt;
  return Result.Val.getInt().getZExtValue();
}

std::optional<ParamTransform> matchParamTransform(const Expr *Arg,
                                                  const ASTContext &Ctx) {
  Arg = Arg->IgnoreParenCasts();
  if (const ParmVarDecl *P = asParameter(Arg))
    return ParamTransform{P};
  const auto *BO = dyn_cast<BinaryOperator>(Arg);
  if (!BO || (BO->getOpcode() != BO_Or && BO->getOpcode() != BO_And))
    return std::nullopt;
  const Expr *ParamSide = BO->getLHS(), *ConstSide = BO->getRHS();
  if (!asParameter(ParamSide))
    std::swap(ParamSide, ConstSide);
  const ParmVarDecl *P = asParameter(ParamSide);
  std::optional<uint64_t> K = constantValue(ConstSide, Ctx);
  if (!P || !K)
    return std::nullopt;
  ParamTransform T{P};
  if (BO->getOpcode() == BO_Or)
    T.OrMask = *K;
  else
    T.AndMask = *K;
  return T;
}

/// A wrapper's depth of nesting that is still followed.
constexpr unsigned MaxWrapperDepth = 8;

/// vmalloc honours the memalloc scopes for its page tables on every release
/// that has them; kvmalloc with a restricted mask acts as kmalloc on
/// 4.18-5.16 whatever the scope (ce91f6ee5b3b), and falls back to a vmalloc
/// that honours the scope since 5.17 (a421ef303008).
bool allocatorHonoursScope(AllocatorKind Kind,
                           std::optional<KernelVersionCode> Kernel) {
  return Kind == AllocatorKind::Vmalloc ||
         (Kernel && *Kernel >= kernelVersion(5, 17));
}

/// The first forwarding call as a constant transform, for AllocatorCall's
/// OrMask/AndMask summary; identity when it is not one.
void summarise(AllocatorCall &Result, const CallExpr &Call,
               const AllocatorCall &Inner, const ParmVarDecl &Param,
               const ASTContext &Ctx) {
  std::optional<ParamTransform> T =
      matchParamTransform(Call.getArg(Inner.GfpArgIndex), Ctx);
  if (!T || T->Param != &Param)
    T = ParamTransform{&Param};
  // Compose: inner((p & A) | O) = (p & A & A') | (O & A') | O'.
  Result.OrMask = (T->OrMask & Inner.AndMask) | Inner.OrMask;
  Result.AndMask = T->AndMask & Inner.AndMask;
}

} // namespace

AllocatorResolver::~AllocatorResolver() = default;

void AllocatorResolver::reset() {
  Memo.clear();
  Bodies.clear();
  Values.clear();
  Scopes.clear();
  Outcomes.clear();
}

MaskValueAnalysis &AllocatorResolver::values(const FunctionDecl &FD,
                                             ASTContext &Ctx) {
  std::unique_ptr<MaskValueAnalysis> &Analysis = Values[&FD];
  if (!Analysis)
    Analysis = std::make_unique<MaskValueAnalysis>(&FD, Ctx);
  return *Analysis;
}

std::optional<AllocatorCall>
AllocatorResolver::findWrappedCall(const FunctionDecl &FD, CallIndex &Calls) {
  ASTContext &Ctx = Calls.context();
  MaskValueAnalysis &Analysis = values(FD, Ctx);
  for (unsigned P = 0, N = FD.getNumParams(); P < N; ++P) {
    const ParmVarDecl *Param = FD.getParamDecl(P);
    if (!isGfpParameter(*Param))
      continue;
    WrapperBody Body{P, {}};
    for (const CallExpr *Call : Calls.callsIn(FD)) {
      const FunctionDecl *Inner = Call->getDirectCallee();
      if (!Inner || Inner->getCanonicalDecl() == FD.getCanonicalDecl() ||
          Call->containsErrors())
        continue;
      std::optional<AllocatorCall> InnerCall = resolve(*Inner, Calls);
      if (InnerCall && InnerCall->GfpArgIndex < Call->getNumArgs() &&
          Analysis.dependsOn(Call->getArg(InnerCall->GfpArgIndex), Param))
        Body.Forwards.push_back({Call, *InnerCall});
    }
    if (Body.Forwards.empty())
      continue;
    const Forward &First = Body.Forwards.front();
    AllocatorCall Result = First.Callee;
    Result.GfpArgIndex = P;
    summarise(Result, *First.Call, First.Callee, *Param, Ctx);
    Result.WrappedCall = First.Call;
    Result.Wrapper = &FD;
    Bodies[FD.getCanonicalDecl()] = std::move(Body);
    return Result;
  }
  return std::nullopt;
}

std::optional<MaskOutcome>
AllocatorResolver::unsafeOutcome(const AllocatorCall &Allocator, uint64_t Mask,
                                 const MaskRules &Rules, CallIndex &Calls) {
  if (!Allocator.Wrapper) {
    GfpRestriction R = classifyMask(Mask, Rules.Gfp);
    if (R == GfpRestriction::None)
      return std::nullopt;
    return MaskOutcome{Mask, R, Allocator.Kind, {}};
  }
  return unsafeThrough(*Allocator.Wrapper, Mask, Rules, Calls, 0);
}

std::optional<MaskOutcome>
AllocatorResolver::callerOutcome(const AllocatorCall &Allocator, uint64_t Mask,
                                 const MaskRules &Rules, CallIndex &Calls) {
  std::optional<MaskOutcome> Out = unsafeOutcome(Allocator, Mask, Rules, Calls);
  if (Out && Allocator.Wrapper &&
      unsafeOutcome(Allocator, Mask | Rules.Gfp.FS | Rules.Gfp.IO, Rules,
                    Calls))
    return std::nullopt;
  return Out;
}

std::optional<MaskOutcome>
AllocatorResolver::unsafeThrough(const FunctionDecl &Wrapper, uint64_t Mask,
                                 const MaskRules &Rules, CallIndex &Calls,
                                 unsigned Depth) {
  auto Key = std::make_pair(Wrapper.getCanonicalDecl(), Mask);
  if (auto It = Outcomes.find(Key); It != Outcomes.end())
    return It->second;
  auto Body = Bodies.find(Wrapper.getCanonicalDecl());
  if (Depth > MaxWrapperDepth || Body == Bodies.end())
    return std::nullopt;
  Outcomes[Key] = std::nullopt; // Guards against recursion.
  std::optional<MaskOutcome> Result;
  // Copied: a nested wrapper's resolution may grow Bodies.
  WrapperBody Copy = Body->second;
  MaskValueAnalysis &Analysis = values(Wrapper, Calls.context());
  const ParmVarDecl *Param = Wrapper.getParamDecl(Copy.ParamIndex);
  for (const Forward &F : Copy.Forwards) {
    Analysis.bindParameter(Param, Mask);
    for (const MaskValue &V :
         Analysis.possibleValues(F.Call->getArg(F.Callee.GfpArgIndex))) {
      Result = unsafeAt(F, V.Value, Rules, Calls, Depth);
      if (Result &&
          !scopeMakesSafe(Wrapper, *F.Call, *Result, Rules, Calls.context())) {
        Result->Path.insert(Result->Path.begin(),
                            {&Wrapper, Copy.ParamIndex, F.Call});
        break;
      }
      Result.reset();
    }
    if (Result)
      break;
  }
  Analysis.clearBinding();
  Outcomes[Key] = Result;
  return Result;
}

std::optional<MaskOutcome> AllocatorResolver::unsafeAt(const Forward &F,
                                                       uint64_t Value,
                                                       const MaskRules &Rules,
                                                       CallIndex &Calls,
                                                       unsigned Depth) {
  if (F.Callee.Wrapper)
    return unsafeThrough(*F.Callee.Wrapper, Value, Rules, Calls, Depth + 1);
  return unsafeOutcome(F.Callee, Value, Rules, Calls);
}

bool AllocatorResolver::scopeMakesSafe(const FunctionDecl &Wrapper,
                                       const CallExpr &Call,
                                       const MaskOutcome &Outcome,
                                       const MaskRules &Rules,
                                       ASTContext &Ctx) {
  if (!allocatorHonoursScope(Outcome.Kind, Rules.Kernel))
    return false;
  std::unique_ptr<ScopeCoverage> &Coverage = Scopes[Wrapper.getCanonicalDecl()];
  if (!Coverage)
    Coverage =
        std::make_unique<ScopeCoverage>(&Wrapper, Ctx, Rules.PF, Rules.Scopes);
  return Coverage->isCovered(&Call, Outcome.Restriction);
}

} // namespace gfpscope
