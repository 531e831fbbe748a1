//===--- RedundantNofsCheck.cpp - linuxkernel-redundant-nofs --------------===//

#include "checks/RedundantNofsCheck.h"
#include "checks/ScopeFunctionsOption.h"

#include "clang-tidy/utils/OptionsUtils.h"
#include "lib/MaskValues.h"
#include "lib/ScopeProof.h"
#include "lib/SourceText.h"
#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/MacroInfo.h"
#include "clang/Lex/Preprocessor.h"

using namespace clang;
using namespace clang::ast_matchers;
using namespace clang::tidy;

namespace gfpscope {

namespace {

constexpr unsigned MaxCallerDepth = 4;

/// "memalloc_nofs", "memalloc_noio or memalloc_nofs"
std::string familyNames(ScopeFamilySet Families) {
  std::string Names;
  for (ScopeFamily F : {ScopeFamily::NoIO, ScopeFamily::NoFS})
    if (Families.contains(F))
      Names += (Names.empty() ? "" : " or ") + scopeFamilyPrefix(F).str();
  return Names;
}

/// True when \p E is a constant, or a conditional that chooses between
/// such (`big ? GFP_NOIO : GFP_NOFS`).
bool isConstantChoice(const Expr *E, const ASTContext &Ctx) {
  E = E->IgnoreParenImpCasts();
  if (const auto *CO = dyn_cast<ConditionalOperator>(E))
    return isConstantChoice(CO->getTrueExpr(), Ctx) &&
           isConstantChoice(CO->getFalseExpr(), Ctx);
  return !E->isValueDependent() && E->isIntegerConstantExpr(Ctx);
}

bool refersTo(const Expr *E, const VarDecl *Var) {
  const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  return Ref && Ref->getDecl() == Var;
}

/// The local variable (not a parameter) \p Mask names when every value it
/// is ever given in \p Function is a constant or a constant choice and its
/// address is not taken: then the values that reach a use are all known.
const VarDecl *constantMaskVariable(const Expr *Mask,
                                    const FunctionDecl &Function,
                                    const ASTContext &Ctx) {
  const auto *Ref = dyn_cast<DeclRefExpr>(Mask->IgnoreParenImpCasts());
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  if (!Var || isa<ParmVarDecl>(Var) || !Var->hasLocalStorage() ||
      !Var->getInit() || !isConstantChoice(Var->getInit(), Ctx))
    return nullptr;
  bool Known = true;
  llvm::SmallVector<const Stmt *, 64> Work{Function.getBody()};
  while (Known && !Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S)
      continue;
    for (const Stmt *Child : S->children())
      Work.push_back(Child);
    if (const auto *BO = dyn_cast<BinaryOperator>(S);
        BO && BO->isAssignmentOp()) {
      if (BO->getOpcode() != BO_Assign || !isConstantChoice(BO->getRHS(), Ctx))
        Known &= !refersTo(BO->getLHS(), Var);
      continue;
    }
    if (const auto *UO = dyn_cast<UnaryOperator>(S);
        UO && (UO->getOpcode() == UO_AddrOf || UO->isIncrementDecrementOp()))
      Known &= !refersTo(UO->getSubExpr(), Var);
  }
  return Known ? Var : nullptr;
}

bool isScopeCall(const CallExpr &Call, ScopeOp Op,
                 const ScopeFunctionSet &Scopes) {
  const FunctionDecl *Callee = Call.getDirectCallee();
  const ScopeFunction *Entry = Callee && Callee->getIdentifier()
                                   ? Scopes.lookup(Callee->getName())
                                   : nullptr;
  return Entry && Entry->Op == Op;
}

/// True when the edits of \p Fix change nothing but the gfp argument of
/// \p Call as the user wrote it: every expression of \p Body spelled inside
/// an edit is part of that argument, or of the same argument of a copy of
/// the call that a macro made (6.14+ alloc_hooks() evaluates its argument
/// in two branches). A mask written as an argument of a macro that also
/// uses it elsewhere (`#define ALLOC(gfp) (note(gfp), kmalloc(8, gfp))`)
/// is not.
bool editsOnlyTheMask(const ScopeFix &Fix, const CallExpr &Call,
                      unsigned GfpIndex, const Stmt &Body, ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  llvm::SmallVector<std::pair<FileID, std::pair<unsigned, unsigned>>, 2> Edits;
  for (const FixItHint &Hint : Fix.Hints) {
    auto [BF, BO] = SM.getDecomposedLoc(Hint.RemoveRange.getBegin());
    auto [EF, EO] = SM.getDecomposedLoc(Hint.RemoveRange.getEnd());
    if (BF != EF)
      return false;
    Edits.push_back({BF, {BO, EO}});
  }
  auto Edited = [&](SourceLocation Loc) {
    // Where the user wrote the token: a macro argument's place at the use
    // site, a macro body's token at the macro's name.
    std::pair<FileID, unsigned> At = SM.getDecomposedLoc(SM.getFileLoc(Loc));
    return llvm::any_of(Edits, [&](const auto &E) {
      return E.first == At.first && E.second.first <= At.second &&
             At.second < E.second.second;
    });
  };
  SourceLocation Written = SM.getFileLoc(Call.getBeginLoc());
  llvm::SmallVector<std::pair<const Stmt *, bool>, 64> Work{{&Body, false}};
  while (!Work.empty()) {
    auto [S, InMask] = Work.pop_back_val();
    if (!S)
      continue;
    if (!InMask && isa<Expr>(S) &&
        (Edited(S->getBeginLoc()) || Edited(S->getEndLoc())))
      return false;
    const auto *C = dyn_cast<CallExpr>(S);
    bool Copy = C && C->getDirectCallee() == Call.getDirectCallee() &&
                C->getNumArgs() > GfpIndex &&
                SM.getFileLoc(C->getBeginLoc()) == Written;
    for (const Stmt *Child : S->children())
      Work.push_back({Child, InMask || (Copy && Child == C->getArg(GfpIndex))});
  }
  return true;
}

constexpr llvm::StringLiteral VmallocNofs = "linuxkernel-vmalloc-nofs";

/// linuxkernel-vmalloc-nofs's ExtraAllocators, for its view of the family.
std::vector<std::string> vmallocNofsExtraAllocators(ClangTidyContext &Context) {
  const ClangTidyOptions::OptionMap &Opts = Context.getOptions().CheckOptions;
  auto It = Opts.find((VmallocNofs + ".ExtraAllocators").str());
  if (It == Opts.end())
    return {};
  std::vector<std::string> Names;
  for (StringRef Name : utils::options::parseStringList(It->second.Value))
    Names.push_back(Name.str());
  return Names;
}

} // namespace

RedundantNofsCheck::RedundantNofsCheck(StringRef Name,
                                       ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      CrossFunctionScopes(Options.get("CrossFunctionScopes", 0U) != 0),
      AuditSummaryDir(Options.get("AuditSummaryDir", "").str()),
      AuditVerdictsFile(Options.get("AuditVerdicts", "").str()),
      ScopeFunctionsOption(
          Options.getLocalOrGlobal(ScopeFunctionsOptionName, "").str()),
      VmallocNofsEnabled(Context->isCheckEnabled(VmallocNofs)),
      VmallocResolver(VmallocNofsEnabled ? vmallocNofsExtraAllocators(*Context)
                                         : std::vector<std::string>()) {
  if (std::string Error = Scopes.addCustom(ScopeFunctionsOption);
      !Error.empty())
    configurationDiag(InvalidScopeFunctionsMessage) << Name << Error;
  if (!AuditVerdictsFile.empty())
    if (std::string Error = Audit.load(AuditVerdictsFile); !Error.empty())
      configurationDiag("invalid AuditVerdicts of check '%0': %1")
          << Name << Error;
}

void RedundantNofsCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "CrossFunctionScopes", CrossFunctionScopes ? 1U : 0U);
  Options.store(Opts, "AuditSummaryDir", AuditSummaryDir);
  Options.store(Opts, "AuditVerdicts", AuditVerdictsFile);
  Options.store(Opts, ScopeFunctionsOptionName, ScopeFunctionsOption);
}

void RedundantNofsCheck::registerPPCallbacks(const SourceManager &,
                                             Preprocessor *PP, Preprocessor *) {
  this->PP = PP;
}

void RedundantNofsCheck::registerMatchers(MatchFinder *Finder) {
  // The unit alone: onEndOfTranslationUnit() decides from the declarations'
  // referenced bits whether a scope is opened in it at all, and only then
  // looks at its main-file definitions (those that open a scope themselves;
  // with CrossFunctionScopes, the static functions called from inside
  // scopes) through the call index. A matcher on every definition cost each
  // unit of a tree 19 ms in median, with nothing to do in most of them
  // (docs/results/bench-notes.md, issue 14). The audit's summary is written
  // for every unit, also one without a function of its own (its headers'
  // functions are still called).
  Finder->addMatcher(translationUnitDecl().bind("unit"), this);
}

void RedundantNofsCheck::check(const MatchFinder::MatchResult &Result) {
  Ctx = Result.Context;
}

/// True when \p Function calls a scope function or a contract's half, itself
/// or through helpers of the unit as deep as HelperScopeEffects sees: the
/// cheap test before the helpers' effects are computed (most functions of a
/// unit call none).
bool RedundantNofsCheck::mayTouchScopes(const FunctionDecl &Function,
                                        unsigned Depth) {
  const FunctionDecl *Def = Function.getDefinition();
  if (!Def)
    return false;
  auto Key = std::make_pair(Def, Depth);
  if (auto It = TouchesScopes.find(Key); It != TouchesScopes.end())
    return It->second;
  TouchesScopes[Key] = false; // recursion
  bool Touches =
      llvm::any_of(Facts->calls().callsIn(*Def), [&](const CallExpr *C) {
        const FunctionDecl *Callee = C->getDirectCallee();
        if (!Callee || !Callee->getIdentifier())
          return false;
        return Scopes.lookup(Callee->getName()) || Scopes.contract(*C) ||
               (Depth < HelperScopeEffects::MaxDepth &&
                Callee->getDefinition() && mayTouchScopes(*Callee, Depth + 1));
      });
  TouchesScopes[Key] = Touches;
  return Touches;
}

/// True when \p Function opens a scope itself or through a helper.
bool RedundantNofsCheck::opensScopes(const FunctionDecl &Function) {
  if (!mayTouchScopes(Function, 0))
    return false;
  return llvm::any_of(Facts->calls().callsIn(Function), [&](const CallExpr *C) {
    if (isScopeCall(*C, ScopeOp::Save, Scopes))
      return true;
    if (const ScopeContract *Contract = Scopes.contract(*C))
      return Contract->Op == ScopeOp::Save;
    const FunctionDecl *Callee = C->getDirectCallee();
    return Callee && !Scopes.lookup(Callee->getName()) &&
           !Helpers->of(*Callee).Opens.empty();
  });
}

bool RedundantNofsCheck::restoresScopes(const FunctionDecl &Function) {
  return llvm::any_of(Facts->calls().callsIn(Function), [&](const CallExpr *C) {
    return isScopeCall(*C, ScopeOp::Restore, Scopes);
  });
}

/// True when \p Function may restore a scope it did not open (its
/// callers', directly or through a helper): their scopes do not reach the
/// code after it. A function that restores its own scopes leaves its
/// callers' open.
bool RedundantNofsCheck::closesScopes(const FunctionDecl &Function) {
  return mayTouchScopes(Function, 0) && !Helpers->of(Function).Closes.empty();
}

/// Whether the unit can have a finding: a scope is opened somewhere in it,
/// or the audit found one of its functions always inside a scope. Most
/// units of a tree end here.
bool RedundantNofsCheck::unitCanHaveFindings() {
  std::vector<StringRef> Saves = Scopes.contractOpeners();
  for (const ScopeFunction &F : Scopes.functions())
    if (F.Op == ScopeOp::Save)
      Saves.push_back(F.Name);
  if (Facts->referencesAnyFunction(Saves))
    return true;
  return !Audit.empty() && llvm::any_of(Facts->mainFileDefinitions(),
                                        [&](const FunctionDecl *FD) {
                                          return Audit.lookup(auditFunctionId(
                                              *FD, Ctx->getSourceManager()));
                                        });
}

void RedundantNofsCheck::onEndOfTranslationUnit() {
  if (Ctx) {
    Facts = KernelFacts::of(*Ctx, PP);
    bool CanHaveFindings = unitCanHaveFindings();
    // Kernel code only: the gfp bits are defined.
    if ((CanHaveFindings || !AuditSummaryDir.empty()) && Facts->gfpLayout()) {
      Layout = Facts->gfpLayout();
      PF = Facts->pfLayout();
      Helpers = std::make_unique<HelperScopeEffects>(*Ctx, &PF, &Scopes);
      Candidates = Facts->mainFileDefinitions();
      if (CanHaveFindings)
        checkUnit();
      if (!AuditSummaryDir.empty())
        writeAuditSummary();
    }
  }
  Candidates.clear();
  Coverage.clear();
  Helpers.reset();
  EnteredInScope.clear();
  TouchesScopes.clear();
  Reported.clear();
  Fixes.reset();
  VmallocResolver.reset();
}

void RedundantNofsCheck::checkUnit() {
  CallIndex &Calls = Facts->calls();
  for (const FunctionDecl *FD : Candidates)
    if (opensScopes(*FD))
      checkFunction(*FD, ScopeSource{});
  checkAuditFunctions();
  if (!CrossFunctionScopes)
    return;
  // Deterministic order: by the callee's position in the file.
  std::vector<const FunctionDecl *> Callees(
      Calls.calledStaticFunctions().begin(),
      Calls.calledStaticFunctions().end());
  llvm::sort(Callees, [&](const FunctionDecl *A, const FunctionDecl *B) {
    return Ctx->getSourceManager().isBeforeInTranslationUnit(A->getLocation(),
                                                             B->getLocation());
  });
  for (const FunctionDecl *Callee : Callees) {
    const FunctionDecl *Definition = Callee->getDefinition();
    if (!Definition ||
        !Ctx->getSourceManager().isInMainFile(Definition->getLocation()) ||
        restoresScopes(*Definition))
      continue;
    GfpRestriction Level = levelAtEveryCall(*Callee, 0);
    if (Level != GfpRestriction::None)
      checkFunction(*Definition, ScopeSource{true, Level});
  }
}

/// The main file's functions that the tree-wide audit found inside a scope
/// on every call chain: checked as entered inside that scope.
void RedundantNofsCheck::checkAuditFunctions() {
  if (Audit.empty())
    return;
  for (const FunctionDecl *FD : Candidates)
    if (const AuditVerdicts::Entry *E =
            Audit.lookup(auditFunctionId(*FD, Ctx->getSourceManager()));
        E && !closesScopes(*FD))
      checkFunction(*FD, ScopeSource{true, E->Level, E});
}

/// What a call inside \p Function runs at: the scopes open on every path
/// to it in the function (none when the function opens none).
AuditLevel RedundantNofsCheck::auditLevelAt(const CallExpr &Call,
                                            const FunctionDecl &Function) {
  AuditLevel L;
  if (!opensScopes(Function))
    return L;
  L.Level = coverageOf(Function).guaranteedLevel(&Call);
  if (L.Level == GfpRestriction::None)
    return L;
  const SourceManager &SM = Ctx->getSourceManager();
  if (const CallExpr *Save = nearestSave(Function, Call, familyFor(L.Level))) {
    const FunctionDecl *Opener = Save->getDirectCallee();
    SourceLocation At = SM.getFileLoc(Save->getBeginLoc());
    L.Scope = (Opener ? Opener->getName().str() + "() at " : "") +
              auditFileName(At, SM) + ":" +
              std::to_string(SM.getPresumedLineNumber(At));
  }
  return L;
}

/// The audit's map step: this unit's summary (lib/AuditSummary.h).
void RedundantNofsCheck::writeAuditSummary() {
  AuditHooks Hooks;
  Hooks.LevelAt = [this](const CallExpr &Call, const FunctionDecl &F) {
    return auditLevelAt(Call, F);
  };
  Hooks.ExplicitMask =
      [this](const CallExpr &Call,
             const FunctionDecl &F) -> std::optional<AuditSite> {
    std::optional<ExplicitMask> M = explicitMask(Call, F);
    if (!M)
      return std::nullopt;
    const SourceManager &SM = Ctx->getSourceManager();
    SourceLocation Where = SM.getFileLoc(Call.getBeginLoc());
    AuditSite Site;
    Site.Allocator =
        userFacingAllocatorName(Call.getDirectCallee()->getName()).str();
    Site.Mask = writtenText(Call.getArg(M->GfpIndex), SM.getFileID(Where), SM,
                            Ctx->getLangOpts())
                    .value_or("");
    Site.Needs = M->Restriction;
    return Site;
  };
  ScopeProof Proof(Scopes, Facts->calls(), &PF);
  Hooks.Closes = [&](const FunctionDecl &F) { return closesScopes(F); };
  llvm::json::Value Summary =
      buildAuditSummary(*Ctx, Facts->calls(), &Proof, Hooks);
  const SourceManager &SM = Ctx->getSourceManager();
  std::string Main =
      auditFileName(SM.getLocForStartOfFile(SM.getMainFileID()), SM);
  if (std::string Error =
          gfpscope::writeAuditSummary(AuditSummaryDir, Main, Summary);
      !Error.empty())
    configurationDiag("cannot write the audit summary (AuditSummaryDir): %0")
        << Error;
}

ScopeCoverage &RedundantNofsCheck::coverageOf(const FunctionDecl &Function) {
  std::unique_ptr<ScopeCoverage> &C = Coverage[&Function];
  if (!C)
    C = std::make_unique<ScopeCoverage>(&Function, *Ctx, &PF, &Scopes,
                                        Helpers.get());
  return *C;
}

GfpRestriction RedundantNofsCheck::levelAtEveryCall(const FunctionDecl &Callee,
                                                    unsigned Depth) {
  const FunctionDecl *Key = Callee.getCanonicalDecl();
  if (auto It = EnteredInScope.find(Key); It != EnteredInScope.end())
    return It->second;
  EnteredInScope[Key] = GfpRestriction::None; // Recursion: claim nothing.
  CallIndex &Calls = Facts->calls();
  llvm::ArrayRef<CallIndex::CallSite> Sites = Calls.callSitesOf(*Key);
  if (Depth > MaxCallerDepth || Calls.addressTaken(*Key) || Sites.empty())
    return GfpRestriction::None;

  GfpRestriction Common = GfpRestriction::NoIO;
  for (const auto &[Call, Caller] : Sites) {
    GfpRestriction Here = coverageOf(*Caller).guaranteedLevel(Call);
    if (Here != GfpRestriction::NoIO && Caller->isStatic() &&
        !restoresScopes(*Caller))
      Here = std::max(Here, levelAtEveryCall(*Caller, Depth + 1));
    Common = std::min(Common, Here);
    if (Common == GfpRestriction::None)
      break;
  }
  EnteredInScope[Key] = Common;
  return Common;
}

void RedundantNofsCheck::checkFunction(const FunctionDecl &Function,
                                       const ScopeSource &Source) {
  for (const CallExpr *Call : Facts->calls().callsIn(Function))
    checkAllocation(*Call, Function, Source);
}

const CallExpr *RedundantNofsCheck::nearestSave(const FunctionDecl &Function,
                                                const CallExpr &Before,
                                                ScopeFamily Family) {
  const SourceManager &SM = Ctx->getSourceManager();
  const CallExpr *Nearest = nullptr;
  for (const CallExpr *Call : Facts->calls().callsIn(Function)) {
    auto SC = classifyScopeCall(*Call, *Ctx, &PF, &Scopes);
    ScopeFamilySet Opened;
    const ScopeContract *Contract = Scopes.contract(*Call);
    if (SC && SC->Op == ScopeOp::Save)
      Opened = SC->Families;
    else if (Contract && Contract->Op == ScopeOp::Save)
      Opened = Contract->Family;
    else if (const FunctionDecl *Callee = Call->getDirectCallee();
             !SC && Callee)
      Opened = Helpers->of(*Callee).Opens;
    if (!Opened.contains(Family) ||
        !SM.isBeforeInTranslationUnit(Call->getBeginLoc(),
                                      Before.getBeginLoc()))
      continue;
    if (!Nearest || SM.isBeforeInTranslationUnit(Nearest->getBeginLoc(),
                                                 Call->getBeginLoc()))
      Nearest = Call;
  }
  return Nearest;
}

std::optional<RedundantNofsCheck::ExplicitMask>
RedundantNofsCheck::explicitMask(const CallExpr &Call,
                                 const FunctionDecl &Function) {
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (!Callee || !Callee->getIdentifier() || Call.containsErrors() ||
      Scopes.lookup(Callee->getName()))
    return std::nullopt;
  std::optional<unsigned> GfpIndex = gfpParameterIndex(*Callee);
  if (!GfpIndex || *GfpIndex >= Call.getNumArgs())
    return std::nullopt;
  // Only allocations made now are covered by the scope around the call.
  if (gfpUseOf(Callee->getName()) != GfpUse::AllocatesNow)
    return std::nullopt;
  // Only masks whose every value is known: a constant at the call, a
  // choice between constants, a local only ever given such.
  ExplicitMask M;
  M.GfpIndex = *GfpIndex;
  M.Restriction = maskRestriction(Call.getArg(*GfpIndex), Function, M.Constant);
  if (M.Restriction == GfpRestriction::None)
    return std::nullopt;
  return M;
}

void RedundantNofsCheck::checkAllocation(const CallExpr &Call,
                                         const FunctionDecl &Function,
                                         const ScopeSource &Source) {
  std::optional<ExplicitMask> Explicit = explicitMask(Call, Function);
  if (!Explicit)
    return;
  const FunctionDecl *Callee = Call.getDirectCallee();
  unsigned GfpIndex = Explicit->GfpIndex;
  const Expr *Mask = Call.getArg(GfpIndex);
  std::optional<uint64_t> Constant = Explicit->Constant;
  GfpRestriction R = Explicit->Restriction;

  ScopeFamilySet Families = coverageOf(Function).coveringFamilies(&Call, R);
  if (Families.empty() && Source.FromCallers && Source.CallerLevel >= R)
    Families = familyFor(Source.CallerLevel);
  if (Families.empty())
    return;

  const SourceManager &SM = Ctx->getSourceManager();
  SourceLocation Where = SM.getFileLoc(Call.getBeginLoc());
  // alloc_hooks() (6.10+) copies the call: one report per call written.
  if (!Reported
           .insert({Where.getRawEncoding(),
                    SM.getSpellingLoc(Call.getBeginLoc()).getRawEncoding()})
           .second)
    return;

  const LangOptions &LO = Ctx->getLangOpts();
  StringRef CalleeName = userFacingAllocatorName(Callee->getName());
  StringRef Name = CalleeName;
  if (auto Written =
          outermostMacroNamed(Call.getBeginLoc(), SM, LO, [&](StringRef Macro) {
            return Macro == CalleeName || isBuiltinAllocatorName(Macro);
          }))
    Name = *Written;
  std::string Text =
      writtenText(Mask, SM.getFileID(Where), SM, LO).value_or("");
  StringRef Kind = restrictionName(R);
  // The same call flagged by linuxkernel-vmalloc-nofs gets its fix there:
  // a mask-only fix when the scope is the function's own, as this one; a
  // scope of its own when the scope is the callers' (CrossFunctionScopes).
  bool FixElsewhere = Constant && vmallocNofsFixes(Call, GfpIndex, *Constant);
  ScopeFix Fix = FixElsewhere || !Constant
                     ? ScopeFix()
                     : maskFix(Call, GfpIndex, R, Function);
  {
    DiagnosticBuilder D = diag(
        Where, "redundant %0 mask '%1' for '%2': every path to this call is "
               "inside a %3 scope, which already gives it %0 semantics");
    D << Kind << Text << Name << familyNames(Families);
    for (const FixItHint &Hint : Fix.Hints)
      D << Hint;
  }
  noteScopes(Function, Call, Families, Source);
  if (FixElsewhere)
    diag(Where, "the fix-it for this call is given with the %0 warning",
         DiagnosticIDs::Note)
        << VmallocNofs;
  else if (!Constant)
    diag(Where,
         "no fix-it: the mask is %select{chosen by a conditional|held in a "
         "variable}0; give %select{each choice|its definitions}0 the mask "
         "without the %1 restriction",
         DiagnosticIDs::Note)
        << isa<DeclRefExpr>(Mask->IgnoreParenImpCasts()) << Kind;
  else if (!Fix && !Fix.NoFixReason.empty())
    diag(Fix.NoteLoc, Fix.NoFixReason, DiagnosticIDs::Note);
}

/// Where the covering scopes come from: the nearest save of each family
/// before the call, or the callers.
void RedundantNofsCheck::noteScopes(const FunctionDecl &Function,
                                    const CallExpr &Call,
                                    ScopeFamilySet Families,
                                    const ScopeSource &Source) {
  const SourceManager &SM = Ctx->getSourceManager();
  bool Noted = false;
  for (ScopeFamily F : {ScopeFamily::NoIO, ScopeFamily::NoFS})
    if (Families.contains(F))
      if (const CallExpr *Save = nearestSave(Function, Call, F)) {
        diag(SM.getFileLoc(Save->getBeginLoc()), "%0 scope opened here",
             DiagnosticIDs::Note)
            << scopeFamilyPrefix(F);
        Noted = true;
      }
  if (!Noted && Source.Audit)
    diag(Function.getLocation(),
         "'%0' runs inside a %1 scope on every call chain the tree-wide audit "
         "found: %2",
         DiagnosticIDs::Note)
        << Function.getName() << familyNames(Families) << Source.Audit->Via;
  else if (!Noted && Source.FromCallers)
    diag(Function.getLocation(),
         "'%0' is called only inside %1 scopes in this translation unit",
         DiagnosticIDs::Note)
        << Function.getName() << familyNames(Families);
}

GfpRestriction
RedundantNofsCheck::maskRestriction(const Expr *Mask,
                                    const FunctionDecl &Function,
                                    std::optional<uint64_t> &Constant) {
  Expr::EvalResult Value;
  if (!Mask->isValueDependent() && Mask->EvaluateAsInt(Value, *Ctx)) {
    Constant = Value.Val.getInt().getZExtValue();
    return classifyMask(*Constant, *Layout);
  }
  llvm::SmallVector<uint64_t, 4> Values;
  if (isConstantChoice(Mask, *Ctx)) {
    llvm::SmallVector<const Expr *, 4> Work{Mask};
    while (!Work.empty()) {
      const Expr *E = Work.pop_back_val()->IgnoreParenImpCasts();
      if (const auto *CO = dyn_cast<ConditionalOperator>(E)) {
        Work.push_back(CO->getTrueExpr());
        Work.push_back(CO->getFalseExpr());
      } else if (E->EvaluateAsInt(Value, *Ctx)) {
        Values.push_back(Value.Val.getInt().getZExtValue());
      }
    }
  } else if (constantMaskVariable(Mask, Function, *Ctx)) {
    // The values that reach the call (a NOFS mask overwritten before it is
    // not among them).
    MaskValueAnalysis Analysis(&Function, *Ctx);
    for (const MaskValue &V : Analysis.possibleValues(Mask))
      Values.push_back(V.Value);
  }
  GfpRestriction Strongest = GfpRestriction::None;
  for (uint64_t V : Values)
    Strongest = std::max(Strongest, classifyMask(V, *Layout));
  return Strongest;
}

bool RedundantNofsCheck::vmallocNofsFixes(const CallExpr &Call,
                                          unsigned GfpIndex, uint64_t Mask) {
  if (!VmallocNofsEnabled)
    return false;
  const FunctionDecl *Callee = Call.getDirectCallee();
  std::optional<AllocatorCall> Allocator =
      Callee ? VmallocResolver.resolve(*Callee, Facts->calls()) : std::nullopt;
  if (!Allocator || Allocator->GfpArgIndex != GfpIndex)
    return false;
  // The target kernel as vmalloc-nofs finds it without its option.
  MaskRules Rules{*Layout, &Facts->pfLayout(),
                  Facts->targetKernel(std::nullopt), &Scopes};
  return VmallocResolver.callerOutcome(*Allocator, Mask, Rules, Facts->calls())
      .has_value();
}

ScopeFix RedundantNofsCheck::maskFix(const CallExpr &Call, unsigned GfpIndex,
                                     GfpRestriction R,
                                     const FunctionDecl &Function) {
  if (!Fixes) {
    ScopeFixOptions Opts;
    Opts.Scopes = &Scopes;
    Fixes = std::make_unique<ScopeFixBuilder>(*Ctx, PP, std::move(Opts));
  }
  const SourceManager &SM = Ctx->getSourceManager();
  ScopeFixRequest Request;
  Request.Call = &Call;
  Request.GfpArgIndex = GfpIndex;
  Request.Restriction = R;
  Request.Function = &Function;
  // A call spelled through a macro of a header is the kernel's API
  // (alloc_page() -> alloc_pages(), 6.10+ kmalloc() -> alloc_hooks()): its
  // mask argument may be rewritten. A macro of the main file is the user's.
  auto IsApiMacro = [&](StringRef Macro) {
    const IdentifierInfo *II = PP ? PP->getIdentifierInfo(Macro) : nullptr;
    const MacroInfo *MI = II ? PP->getMacroInfo(II) : nullptr;
    return MI && MI->isFunctionLike() &&
           !SM.isWrittenInMainFile(SM.getFileLoc(MI->getDefinitionLoc()));
  };
  Request.IsAllocatorMacro = IsApiMacro;
  ScopeFix Fix = Fixes->buildMaskOnly(Request);
  if (Fix &&
      !editsOnlyTheMask(Fix, Call, GfpIndex, *Function.getBody(), *Ctx)) {
    ScopeFix None;
    None.NoFixReason = "no fix-it: the mask is a macro argument that the "
                       "macro also uses outside the allocation's gfp argument";
    None.NoteLoc = SM.getFileLoc(Call.getArg(GfpIndex)->getBeginLoc());
    return None;
  }
  return Fix;
}

} // namespace gfpscope
