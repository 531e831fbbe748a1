//===--- RedundantNofsCheck.cpp - linuxkernel-redundant-nofs --------------===//

#include "checks/RedundantNofsCheck.h"
#include "checks/ScopeFunctionsOption.h"

#include "clang-tidy/utils/OptionsUtils.h"
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

/// The weakest open family that gives an allocation restriction \p R:
/// memalloc_nofs for NOFS when a nofs scope is open, else memalloc_noio.
std::optional<ScopeFamily> coveringFamily(ScopeFamilySet Open,
                                          GfpRestriction R) {
  for (ScopeFamily F : {ScopeFamily::NoFS, ScopeFamily::NoIO})
    if (Open.contains(F) && covers(F, R))
      return F;
  return std::nullopt;
}

ScopeFamilySet openFamilies(const ScopeDepths &Depths) {
  ScopeFamilySet Set;
  for (unsigned F = 0; F < NumScopeFamilies; ++F)
    if (Depths[ScopeFamily(F)])
      Set |= ScopeFamily(F);
  return Set;
}

/// The strongest restriction that the open scopes give an allocation.
GfpRestriction levelOf(const ScopeDepths &Depths) {
  if (Depths.covers(GfpRestriction::NoIO))
    return GfpRestriction::NoIO;
  if (Depths.covers(GfpRestriction::NoFS))
    return GfpRestriction::NoFS;
  return GfpRestriction::None;
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
      ScopeFunctionsOption(
          Options.getLocalOrGlobal(ScopeFunctionsOptionName, "").str()),
      VmallocNofsEnabled(Context->isCheckEnabled(VmallocNofs)),
      VmallocResolver(VmallocNofsEnabled ? vmallocNofsExtraAllocators(*Context)
                                         : std::vector<std::string>()) {
  if (std::string Error = Scopes.addCustom(ScopeFunctionsOption);
      !Error.empty())
    configurationDiag(InvalidScopeFunctionsMessage) << Name << Error;
}

void RedundantNofsCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "CrossFunctionScopes", CrossFunctionScopes ? 1U : 0U);
  Options.store(Opts, ScopeFunctionsOptionName, ScopeFunctionsOption);
}

void RedundantNofsCheck::registerPPCallbacks(const SourceManager &,
                                             Preprocessor *PP, Preprocessor *) {
  this->PP = PP;
}

void RedundantNofsCheck::registerMatchers(MatchFinder *Finder) {
  // Every main-file definition; onEndOfTranslationUnit() keeps those that
  // open a scope themselves (and, with CrossFunctionScopes, looks at the
  // static functions called from inside scopes) through the call index.
  Finder->addMatcher(
      functionDecl(isDefinition(), isExpansionInMainFile()).bind("function"),
      this);
}

void RedundantNofsCheck::check(const MatchFinder::MatchResult &Result) {
  Ctx = Result.Context;
  if (const auto *FD = Result.Nodes.getNodeAs<FunctionDecl>("function"))
    Candidates.push_back(FD);
}

bool RedundantNofsCheck::restoresScopes(const FunctionDecl &Function) {
  return llvm::any_of(Facts->calls().callsIn(Function), [&](const CallExpr *C) {
    return isScopeCall(*C, ScopeOp::Restore, Scopes);
  });
}

/// Whether the unit can have a finding: kernel code (gfp bits defined) in
/// which a scope is opened somewhere. Most units of a tree end here.
bool RedundantNofsCheck::unitCanHaveFindings() {
  if (!Facts->gfpLayout())
    return false;
  std::vector<StringRef> Saves;
  for (const ScopeFunction &F : Scopes.functions())
    if (F.Op == ScopeOp::Save)
      Saves.push_back(F.Name);
  return Facts->referencesAnyFunction(Saves);
}

void RedundantNofsCheck::onEndOfTranslationUnit() {
  if (Ctx && !Candidates.empty()) {
    Facts = KernelFacts::of(*Ctx, PP);
    if (unitCanHaveFindings())
      checkUnit();
  }
  Candidates.clear();
  Coverage.clear();
  EnteredInScope.clear();
  Reported.clear();
  Fixes.reset();
  VmallocResolver.reset();
}

void RedundantNofsCheck::checkUnit() {
  Layout = Facts->gfpLayout();
  PF = Facts->pfLayout();
  CallIndex &Calls = Facts->calls();
  for (const FunctionDecl *FD : Candidates)
    if (llvm::any_of(Calls.callsIn(*FD), [&](const CallExpr *C) {
          return isScopeCall(*C, ScopeOp::Save, Scopes);
        }))
      checkFunction(*FD, ScopeSource{});
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

ScopeCoverage &RedundantNofsCheck::coverageOf(const FunctionDecl &Function) {
  std::unique_ptr<ScopeCoverage> &C = Coverage[&Function];
  if (!C)
    C = std::make_unique<ScopeCoverage>(&Function, *Ctx, &PF, &Scopes);
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
    GfpRestriction Here = GfpRestriction::None;
    if (auto Depths = coverageOf(*Caller).openBefore(Call))
      Here = levelOf(*Depths);
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
    if (!SC || SC->Op != ScopeOp::Save || !SC->Families.contains(Family) ||
        !SM.isBeforeInTranslationUnit(Call->getBeginLoc(),
                                      Before.getBeginLoc()))
      continue;
    if (!Nearest || SM.isBeforeInTranslationUnit(Nearest->getBeginLoc(),
                                                 Call->getBeginLoc()))
      Nearest = Call;
  }
  return Nearest;
}

void RedundantNofsCheck::checkAllocation(const CallExpr &Call,
                                         const FunctionDecl &Function,
                                         const ScopeSource &Source) {
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (!Callee || !Callee->getIdentifier() || Call.containsErrors() ||
      Scopes.lookup(Callee->getName()))
    return;
  std::optional<unsigned> GfpIndex = gfpParameterIndex(*Callee);
  if (!GfpIndex || *GfpIndex >= Call.getNumArgs())
    return;
  // Only explicit masks: a constant at the call.
  const Expr *Mask = Call.getArg(*GfpIndex);
  Expr::EvalResult Value;
  if (Mask->isValueDependent() || !Mask->EvaluateAsInt(Value, *Ctx))
    return;
  GfpRestriction R = classifyMask(Value.Val.getInt().getZExtValue(), *Layout);
  if (R == GfpRestriction::None)
    return;
  // Only allocations made now are covered by the scope around the call.
  if (gfpUseOf(Callee->getName()) != GfpUse::AllocatesNow)
    return;

  std::optional<ScopeFamily> Family;
  if (auto Depths = coverageOf(Function).openBefore(&Call))
    Family = coveringFamily(openFamilies(*Depths), R);
  if (!Family && Source.FromCallers && Source.CallerLevel >= R)
    Family = familyFor(Source.CallerLevel);
  if (!Family)
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
  StringRef Scope = scopeFamilyPrefix(*Family);
  // The same call flagged by linuxkernel-vmalloc-nofs gets its fix there:
  // a mask-only fix when the scope is the function's own, as this one; a
  // scope of its own when the scope is the callers' (CrossFunctionScopes).
  bool FixElsewhere =
      vmallocNofsFixes(Call, *GfpIndex, Value.Val.getInt().getZExtValue());
  ScopeFix Fix =
      FixElsewhere ? ScopeFix() : maskFix(Call, *GfpIndex, R, Function);
  {
    DiagnosticBuilder D = diag(
        Where, "redundant %0 mask '%1' for '%2': every path to this call is "
               "inside a %3 scope, which already gives it %0 semantics");
    D << Kind << Text << Name << Scope;
    for (const FixItHint &Hint : Fix.Hints)
      D << Hint;
  }

  if (const CallExpr *Save = nearestSave(Function, Call, *Family))
    diag(SM.getFileLoc(Save->getBeginLoc()), "%0 scope opened here",
         DiagnosticIDs::Note)
        << Scope;
  else if (Source.FromCallers)
    diag(Function.getLocation(),
         "'%0' is called only inside %1 scopes in this translation unit",
         DiagnosticIDs::Note)
        << Function.getName() << Scope;
  if (FixElsewhere)
    diag(Where, "the fix-it for this call is given with the %0 warning",
         DiagnosticIDs::Note)
        << VmallocNofs;
  else if (!Fix && !Fix.NoFixReason.empty())
    diag(Fix.NoteLoc, Fix.NoFixReason, DiagnosticIDs::Note);
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
