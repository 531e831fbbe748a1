//===--- MemallocScopeTaskFlags.cpp - current->flags & PF_MEMALLOC_* ------===//
//
// A save sets its PF_MEMALLOC_* bit in current->flags and the restore puts
// the bit back as the save found it (include/linux/sched/mm.h, every kernel
// since 4.12; memalloc_flags_save() since 6.9). So a test of those bits
// (`if (!(current->flags & PF_MEMALLOC_NOFS)) f = memalloc_nofs_save();`)
// is decided by the analysed code's own open scopes, and otherwise by the
// task's bits as the function found them: every callee leaves them as it
// found them (a callee that does not is a finding of its own analysis).
//
// Without this model, each `current` is a new value (get_current() is an
// extern call or an inline per-CPU read) and each load of its flags is
// unknown, so the engine explored paths on which an unrelated call had
// flipped the bits between two tests, and reported "restore of the constant
// 0" and leaks on them. With it, the idiom that keeps the test's result
// (`bool nofs = !(current->flags & ...)`) and the one that re-tests a bit its
// own save set are silent, and the one that re-tests a bit after saving it
// (the restore can never run) is a leak, with a note saying which save set
// the bit.
//
//===----------------------------------------------------------------------===//

#include "lib/Compat.h"
#include "lib/KernelFacts.h"
#include "lib/MemallocScopeCheckerImpl.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugReporter.h"
#include "llvm/Support/FormatVariadic.h"
#include <optional>

using namespace clang;
using namespace clang::ento;

namespace gfpscope::memallocscope {

namespace {

/// True for `current` (the macro, or its get_current() expansion).
bool isCurrentTask(const Expr *E, const ASTContext &Ctx) {
  E = E->IgnoreParenImpCasts();
  if (const auto *Call = dyn_cast<CallExpr>(E))
    if (const FunctionDecl *FD = Call->getDirectCallee())
      if (FD->getIdentifier() && FD->getName() == "get_current")
        return true;
  SourceLocation Loc = E->getBeginLoc();
  return Loc.isMacroID() &&
         Lexer::getImmediateMacroName(Loc, Ctx.getSourceManager(),
                                      Ctx.getLangOpts()) == "current";
}

/// True for `current->flags`.
bool isCurrentFlags(const Expr *E, const ASTContext &Ctx) {
  const auto *Member = dyn_cast<MemberExpr>(E->IgnoreParenImpCasts());
  if (!Member || !Member->isArrow())
    return false;
  const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl());
  if (!Field || !Field->getIdentifier() || Field->getName() != "flags")
    return false;
  const RecordDecl *Task = Field->getParent();
  return Task->getIdentifier() && Task->getName() == "task_struct" &&
         isCurrentTask(Member->getBase(), Ctx);
}

/// M of `current->flags & M` (either order), when M is a non-empty set of
/// PF_MEMALLOC_* bits of the unit.
std::optional<uint64_t> testedScopeBits(const BinaryOperator *BO,
                                        const ASTContext &Ctx,
                                        const PFLayout &PF) {
  if (BO->getOpcode() != BO_And || !BO->getType()->isIntegerType())
    return std::nullopt;
  const Expr *Mask = BO->getRHS();
  if (!isCurrentFlags(BO->getLHS(), Ctx)) {
    if (!isCurrentFlags(BO->getRHS(), Ctx))
      return std::nullopt;
    Mask = BO->getLHS();
  }
  Expr::EvalResult Value;
  if (Mask->isValueDependent() || !Mask->EvaluateAsInt(Value, Ctx))
    return std::nullopt;
  uint64_t Bits = Value.Val.getInt().getZExtValue();
  if (!Bits || (Bits & ~PF.allBits()))
    return std::nullopt;
  return Bits;
}

} // namespace

void MemallocScopeChecker::checkPostStmt(const BinaryOperator *BO,
                                         CheckerContext &C) const {
  const PFLayout &PF = pfLayout(C);
  std::optional<uint64_t> Tested = testedScopeBits(BO, C.getASTContext(), PF);
  if (!Tested)
    return;
  ProgramStateRef State = C.getState();
  // The bits that the analysed code's open scopes, and those whose cookie
  // it stored away (still in force), set; a scope of unknown families
  // (memalloc_flags_save(x)) leaves the test to the engine.
  uint64_t Set = 0;
  const Scope *Setter = nullptr;
  auto Add = [&](const Scope &S) {
    if (!S.FamiliesKnown)
      return false;
    uint64_t Bits = PF.bitsOf(S.Families) & *Tested;
    if (Bits && !Setter)
      Setter = &S;
    Set |= Bits;
    return true;
  };
  for (const Scope &S : State->get<OpenScopes>())
    if (!Add(S))
      return;
  for (const auto &Stored : State->get<StoredScopes>())
    if (!Add(Stored.second))
      return;
  const LocationContext *LCtx = C.getLocationContext();
  if (!Set) {
    SVal Now = C.getSVal(BO);
    if (const SVal *Entry = State->get<TaskFlagsAtEntry>(*Tested)) {
      if (*Entry != Now)
        C.addTransition(State->BindExpr(BO, LCtx, *Entry));
    } else if (Now.isUnknownOrUndef()) {
      // The kernel's get_current() reads a per-CPU variable with inline
      // assembly, which the engine does not model: name the value.
      SVal Fresh = compat::conjureExprValue(BO, C, this);
      C.addTransition(State->BindExpr(BO, LCtx, Fresh)
                          ->set<TaskFlagsAtEntry>(*Tested, Fresh));
    } else {
      C.addTransition(State->set<TaskFlagsAtEntry>(*Tested, Now));
    }
    return;
  }
  SVal Value = C.getSValBuilder().makeIntVal(Set, BO->getType());
  SymbolRef Cookie = Setter->Cookie;
  std::string Note = llvm::formatv("'current->flags' has {0} set by the {1}",
                                   pfFlagNames(PF.familiesOf(Set), " | "),
                                   describe(*Setter, C.getSourceManager()))
                         .str();
  const NoteTag *Tag =
      C.getNoteTag([Cookie, Note](PathSensitiveBugReport &R) -> std::string {
        return R.isInteresting(Cookie) ? Note : "";
      });
  C.addTransition(State->BindExpr(BO, LCtx, Value), Tag);
}

} // namespace gfpscope::memallocscope
