//===--- VmallocNofsCheck.cpp - linuxkernel-vmalloc-nofs ------------------===//

#include "checks/VmallocNofsCheck.h"
#include "checks/ScopeFunctionsOption.h"

#include "clang-tidy/utils/OptionsUtils.h"
#include "lib/KernelFacts.h"
#include "lib/SourceText.h"
#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Basic/CharInfo.h"
#include "clang/Basic/IdentifierTable.h"
#include "clang/Lex/PPCallbacks.h"
#include "clang/Lex/Preprocessor.h"

using namespace clang;
using namespace clang::ast_matchers;
using namespace clang::tidy;

namespace gfpscope {

namespace {

StringRef scopeFamily(GfpRestriction R) {
  return R == GfpRestriction::NoIO ? "memalloc_noio" : "memalloc_nofs";
}

StringRef reclaimTarget(GfpRestriction R) {
  return R == GfpRestriction::NoIO ? "block I/O" : "the filesystem";
}

/// vmalloc honours NOFS/NOIO itself since 5.17 (451769ebb7e7, a421ef303008).
constexpr KernelVersionCode VmallocHonoursScopes = kernelVersion(5, 17);
/// kvmalloc stopped falling back to vmalloc for such masks in 4.18
/// (ce91f6ee5b3b); before that it warned and fell back with the bad mask.
constexpr KernelVersionCode KvmallocKmallocOnly = kernelVersion(4, 18);

/// Records the files that include <linux/sched/mm.h> themselves: the
/// IncludeInserter only knows the headers it inserted, and the include
/// sorter does not look past the first header that sorts after the new one
/// (net/ceph/messenger_v2.c includes <linux/sched/mm.h> after
/// <linux/socket.h>), so it would add a second one.
class ScopeHeaderIncludes : public PPCallbacks {
public:
  ScopeHeaderIncludes(const SourceManager &SM, llvm::DenseSet<FileID> &Files,
                      llvm::DenseMap<FileID, unsigned> &LastInclude)
      : SM(SM), Files(Files), LastInclude(LastInclude) {}

  void InclusionDirective(SourceLocation HashLoc, const Token &,
                          StringRef FileName, bool, CharSourceRange,
                          OptionalFileEntryRef, StringRef, StringRef,
                          const Module *, bool,
                          SrcMgr::CharacteristicKind) override {
    SourceLocation At = SM.getExpansionLoc(HashLoc);
    if (FileName == "linux/sched/mm.h")
      Files.insert(SM.getFileID(At));
    unsigned &Last = LastInclude[SM.getFileID(At)];
    Last = std::max(Last, SM.getFileOffset(At));
  }

private:
  const SourceManager &SM;
  llvm::DenseSet<FileID> &Files;
  llvm::DenseMap<FileID, unsigned> &LastInclude;
};

bool validCookieName(StringRef Name) {
  LangOptions C;
  C.C11 = C.GNUMode = true;
  IdentifierTable Keywords(C);
  return isValidAsciiIdentifier(Name) && !Keywords.get(Name).isKeyword(C);
}

bool validScopeComment(StringRef Comment) {
  return !Comment.contains("*/") && !Comment.contains("/*");
}

std::vector<std::string> toStrings(llvm::ArrayRef<StringRef> Items) {
  return std::vector<std::string>(Items.begin(), Items.end());
}

} // namespace

VmallocNofsCheck::VmallocNofsCheck(StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      KernelVersionOption(Options.get("KernelVersion", "").str()),
      ExtraAllocatorsOption(Options.get("ExtraAllocators", "").str()),
      ScopeFunctionsOption(
          Options.getLocalOrGlobal(ScopeFunctionsOptionName, "").str()),
      ExtraAllocators(
          toStrings(utils::options::parseStringList(ExtraAllocatorsOption))),
      Resolver(ExtraAllocators),
      NofsCookieName(Options.get("NofsCookieName", "nofs_flag").str()),
      NoioCookieName(Options.get("NoioCookieName", "noio_flag").str()),
      ScopeComment(
          Options.get("ScopeComment", ScopeFixOptions::defaultScopeComment())
              .str()),
      InsertInclude(Options.get("InsertInclude", true)),
      Inserter(Options.getLocalOrGlobal("IncludeStyle",
                                        utils::IncludeSorter::IS_LLVM),
               areDiagsSelfContained()) {
  // A cookie name that is no C identifier and a comment that ends early
  // would break every fix-it (found by scripts/fuzz.py): the defaults instead.
  for (auto [Option, Value, Default] :
       {std::make_tuple("NofsCookieName", &NofsCookieName, "nofs_flag"),
        std::make_tuple("NoioCookieName", &NoioCookieName, "noio_flag")})
    if (!validCookieName(*Value))
      configurationDiag("invalid %0 '%1' for %2: expected a C identifier; "
                        "using '%3'")
          << Option << *Value << Name << Default;
  if (!validScopeComment(ScopeComment))
    configurationDiag("invalid ScopeComment for %0: it must not contain '/*' "
                      "or '*/'; using the default")
        << Name;
  for (const std::string &Item : ExtraAllocators)
    if (!isValidExtraAllocator(Item))
      configurationDiag("invalid ExtraAllocators entry '%0' for %1: expected "
                        "'name', 'name:vmalloc' or 'name:kvmalloc'; the entry "
                        "is ignored")
          << Item << Name;
  if (std::string Error = Scopes.addCustom(ScopeFunctionsOption);
      !Error.empty())
    configurationDiag(InvalidScopeFunctionsMessage) << Name << Error;
  if (!KernelVersionOption.empty()) {
    ConfiguredKernel = parseKernelVersion(KernelVersionOption);
    if (!ConfiguredKernel)
      configurationDiag(
          "invalid KernelVersion '%0' for %1: expected a "
          "version such as '5.10'; finding it in the unit or its tree")
          << KernelVersionOption << Name;
  }
}

void VmallocNofsCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "KernelVersion", KernelVersionOption);
  Options.store(Opts, "ExtraAllocators", ExtraAllocatorsOption);
  Options.store(Opts, ScopeFunctionsOptionName, ScopeFunctionsOption);
  Options.store(Opts, "NofsCookieName", NofsCookieName);
  Options.store(Opts, "NoioCookieName", NoioCookieName);
  Options.store(Opts, "ScopeComment", ScopeComment);
  Options.store(Opts, "InsertInclude", InsertInclude);
  Options.store(Opts, "IncludeStyle", Inserter.getStyle());
}

void VmallocNofsCheck::registerPPCallbacks(const SourceManager &SM,
                                           Preprocessor *PP, Preprocessor *) {
  this->PP = PP;
  Inserter.registerPreprocessor(PP);
  ScopeHeaderFiles.clear();
  LastInclude.clear();
  ScopeHeaderInsertion.clear();
  PP->addPPCallbacks(
      std::make_unique<ScopeHeaderIncludes>(SM, ScopeHeaderFiles, LastInclude));
}

void VmallocNofsCheck::registerMatchers(MatchFinder *Finder) {
  // The unit alone; check() decides from the declarations' referenced bits
  // whether it can have a finding, and only then goes through every
  // function definition's calls (the call index). A forEachDescendant(
  // callExpr(...)) matcher found the same calls but cost a kernel unit most
  // of this check's time (0.25 s of CPU on Linux 6.1's fs/xfs/xfs_log.c),
  // and a matcher on every definition still 40 ms per unit in median, in
  // units with nothing to report (docs/results/bench-notes.md, issue 14).
  // (Asking the ASTContext for a call's parents instead would build the
  // parent map of the whole translation unit, some 70 MB for a kernel unit.)
  Finder->addMatcher(translationUnitDecl().bind("unit"), this);
}

void VmallocNofsCheck::onEndOfTranslationUnit() {
  // Facts stay held until the check is destroyed with its unit, so that the
  // checks whose work runs at the end of the unit share them.
  CanHaveFindings.reset();
  Analyses.clear();
  Reported.clear();
  Resolver.reset();
  Fixes.reset();
}

KernelFacts &VmallocNofsCheck::facts(ASTContext &Ctx) {
  if (!Facts || &Facts->context() != &Ctx)
    Facts = KernelFacts::of(Ctx, PP);
  return *Facts;
}

std::optional<KernelVersionCode>
VmallocNofsCheck::targetKernel(ASTContext &Ctx) {
  return facts(Ctx).targetKernel(ConfiguredKernel);
}

/// Whether the unit can have a finding at all: it is kernel code (it defines
/// the gfp bits) and references a function of the catalog; a wrapper
/// references one too. Decided once per unit, before any function is
/// looked at: most units of a tree end here.
bool VmallocNofsCheck::unitCanHaveFindings(ASTContext &Ctx) {
  if (!CanHaveFindings) {
    KernelFacts &F = facts(Ctx);
    CanHaveFindings = F.referencesAnyFunction(Resolver.catalogNames()) &&
                      F.gfpLayout().has_value();
  }
  return *CanHaveFindings;
}

MaskValueAnalysis &VmallocNofsCheck::analysisFor(const FunctionDecl *Function,
                                                 ASTContext &Ctx) {
  std::unique_ptr<MaskValueAnalysis> &Analysis = Analyses[Function];
  if (!Analysis)
    Analysis = std::make_unique<MaskValueAnalysis>(Function, Ctx);
  return *Analysis;
}

std::optional<VmallocNofsCheck::Finding> VmallocNofsCheck::restrictedMask(
    const CallExpr &Call, const AllocatorCall &Allocator,
    const FunctionDecl *Function, ASTContext &Ctx) {
  const std::optional<GfpLayout> &Bits = facts(Ctx).gfpLayout();
  if (!Bits)
    return std::nullopt; // No gfp definitions: not kernel code.
  const Expr *Mask = Call.getArg(Allocator.GfpArgIndex);
  for (const MaskValue &Value : analysisFor(Function, Ctx).possibleValues(Mask))
    if (std::optional<MaskOutcome> Out =
            callerOutcome(Allocator, Value.Value, Ctx))
      return Finding{Value, Out->Restriction, nullptr, *Out};
  return std::nullopt;
}

/// The finding inside a wrapper that restricts the mask it is given itself
/// (`return kvmalloc(size, gfp & ~__GFP_FS);`): the call's mask with the
/// wrapper's gfp_t parameter at GFP_KERNEL. Its callers are not flagged for
/// it (AllocatorResolver::callerOutcome()).
std::optional<VmallocNofsCheck::Finding>
VmallocNofsCheck::strippedMask(const CallExpr &Call,
                               const AllocatorCall &Allocator,
                               const FunctionDecl &Function, ASTContext &Ctx) {
  KernelFacts &Facts = facts(Ctx);
  std::optional<AllocatorCall> Self = Resolver.resolve(Function, Facts.calls());
  if (!Self || !Self->Wrapper || !Facts.gfpLayout())
    return std::nullopt;
  const ParmVarDecl *Param = Function.getParamDecl(Self->GfpArgIndex);
  MaskValueAnalysis &Analysis = analysisFor(&Function, Ctx);
  const Expr *Mask = Call.getArg(Allocator.GfpArgIndex);
  if (!Analysis.dependsOn(Mask, Param))
    return std::nullopt;
  const GfpLayout &L = *Facts.gfpLayout();
  uint64_t Kernel =
      L.gfpKernel() ? L.gfpKernel() : L.DirectReclaim | L.IO | L.FS;
  Analysis.bindParameter(Param, Kernel);
  llvm::SmallVector<MaskValue, 4> Values = Analysis.possibleValues(Mask);
  Analysis.clearBinding();
  MaskRules Rules{L, &Facts.pfLayout(), targetKernel(Ctx), &Scopes};
  for (const MaskValue &Value : Values)
    if (std::optional<MaskOutcome> Out = Resolver.callerOutcome(
            Allocator, Value.Value, Rules, Facts.calls()))
      return Finding{Value, Out->Restriction, nullptr, *Out, Param};
  return std::nullopt;
}

std::optional<MaskOutcome>
VmallocNofsCheck::callerOutcome(const AllocatorCall &Allocator, uint64_t Mask,
                                ASTContext &Ctx) {
  KernelFacts &F = facts(Ctx);
  if (!F.gfpLayout())
    return std::nullopt;
  MaskRules Rules{*F.gfpLayout(), &F.pfLayout(), targetKernel(Ctx), &Scopes};
  return Resolver.callerOutcome(Allocator, Mask, Rules, F.calls());
}

void VmallocNofsCheck::check(const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;
  if (!unitCanHaveFindings(Ctx))
    return;
  CallIndex &Calls = facts(Ctx).calls();
  for (const FunctionDecl *Function : Calls.definitions())
    if (Function->getBody())
      for (const CallExpr *Call : Calls.callsIn(*Function))
        if (const FunctionDecl *Callee = Call->getDirectCallee())
          checkCall(*Call, *Callee, *Function, Ctx);
}

void VmallocNofsCheck::checkCall(const CallExpr &Call,
                                 const FunctionDecl &Callee,
                                 const FunctionDecl &Function,
                                 ASTContext &Ctx) {
  if (Call.containsErrors() || Call.isValueDependent())
    return;
  std::optional<AllocatorCall> Allocator =
      Resolver.resolve(Callee, facts(Ctx).calls());
  if (!Allocator || Allocator->GfpArgIndex >= Call.getNumArgs())
    return;

  const SourceManager &SM = Ctx.getSourceManager();
  SourceLocation Where = SM.getFileLoc(Call.getBeginLoc());
  if (Where.isInvalid())
    return;
  // alloc_hooks() (6.10+) evaluates its argument more than once and copies
  // it into typeof(): one report per call the user wrote.
  std::pair<unsigned, unsigned> Key(
      Where.getRawEncoding(),
      SM.getSpellingLoc(Call.getBeginLoc()).getRawEncoding());
  if (Reported.count(Key))
    return;

  std::optional<Finding> F = restrictedMask(Call, *Allocator, &Function, Ctx);
  if (!F)
    F = strippedMask(Call, *Allocator, Function, Ctx);
  if (!F)
    return;
  F->Function = &Function;
  Reported.insert(Key);
  report(Call, *Allocator, *F, Ctx);
}

/// Whether \p File #defines \p Name (at any point of the unit).
static bool definesMacroIn(const Preprocessor &PP, const IdentifierInfo *Name,
                           FileID File, const SourceManager &SM) {
  for (const MacroDirective *MD = PP.getLocalMacroDirectiveHistory(Name); MD;
       MD = MD->getPrevious())
    if (isa<DefMacroDirective>(MD) &&
        SM.getFileID(SM.getExpansionLoc(MD->getLocation())) == File)
      return true;
  return false;
}

/// Why inserting <linux/sched/mm.h> into \p File would break it (odd code,
/// found by scripts/fuzz.py), or empty: the include goes among the file's
/// #includes, so one after the call would declare the scope functions too
/// late; and the header's static inlines clash with a function of the same
/// name that the file declares itself.
std::string VmallocNofsCheck::headerInsertionClash(FileID File,
                                                   SourceLocation Call,
                                                   ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  if (LastInclude.lookup(File) > SM.getFileOffset(Call))
    return "an #include of this file comes after the call; add the scope "
           "and <linux/sched/mm.h> by hand";
  // <linux/sched/mm.h> defines struct task_struct (through <linux/sched.h>):
  // a file with its own definition would get a redefinition (fuzz mutant
  // smoke:169 of b787f5e's CI run).
  KernelFacts &Facts = facts(Ctx);
  for (const NamedDecl *D : Facts.fileScopeDecls("task_struct"))
    if (const auto *RD = dyn_cast<RecordDecl>(D);
        RD && RD->isThisDeclarationADefinition() &&
        SM.getFileID(SM.getExpansionLoc(RD->getLocation())) == File)
      return "struct task_struct is defined in this file, and "
             "<linux/sched/mm.h> defines it too";
  for (const ScopeFunction &Entry : ScopeFunctionSet::kernelApi().functions()) {
    for (const NamedDecl *D : Facts.fileScopeDecls(Entry.Name))
      if (SM.getFileID(SM.getExpansionLoc(D->getLocation())) == File)
        return Entry.Name + " is declared in this file, not by "
                            "<linux/sched/mm.h>";
    // A macro of that name in the file would rewrite the header's own
    // definition (fuzzer mutant smoke:299 of 8a1fb9f's CI run).
    if (PP && definesMacroIn(*PP, &Ctx.Idents.get(Entry.Name), File, SM))
      return Entry.Name + " is a macro of this file, which would break "
                          "<linux/sched/mm.h>";
  }
  return "";
}

/// The #include insertion for \p File's fix, or none when an earlier fix of
/// the file already carries it. In clangd (self-contained diagnostics) the
/// IncludeInserter gives one to every fix; in clang-tidy only the first fix
/// gets it, because -fix and clang-apply-replacements concatenate identical
/// insertions (the include would appear twice).
std::optional<FixItHint> VmallocNofsCheck::scopeHeaderInsertion(FileID File) {
  std::optional<FixItHint> Include =
      Inserter.createIncludeInsertion(File, "<linux/sched/mm.h>");
  if (Include)
    ScopeHeaderInsertion.try_emplace(File, *Include);
  return Include;
}

/// The later fixes of a file carry the #include as a note's fix: -fix and
/// clang-apply-replacements apply a finding's own fix only (a note's fix only
/// when the finding has none), while whoever applies one exported fix alone
/// (a review bot, scripts/sarif.py's SARIF fixes) takes the note's fix too.
void VmallocNofsCheck::noteSharedScopeHeader(FileID File) {
  auto Known = ScopeHeaderInsertion.find(File);
  if (Known == ScopeHeaderInsertion.end())
    return;
  const FixItHint &Include = Known->second;
  diag(Include.RemoveRange.getBegin(),
       "applied alone, this fix also needs <linux/sched/mm.h>, which the "
       "first fix in this file adds",
       DiagnosticIDs::Note)
      << FixItHint::CreateInsertion(Include.RemoveRange.getBegin(),
                                    Include.CodeToInsert);
}

/// The allocator's name as the user wrote it: `kvzalloc`, not
/// `__kvmalloc_node_noprof` (6.10+ alloc_hooks() macros).
StringRef VmallocNofsCheck::writtenName(const CallExpr &Call, ASTContext &Ctx) {
  StringRef Name = userFacingAllocatorName(Call.getDirectCallee()->getName());
  if (auto Written = outermostMacroNamed(
          Call.getBeginLoc(), Ctx.getSourceManager(), Ctx.getLangOpts(),
          [&](StringRef Macro) { return bool(Resolver.catalogKind(Macro)); }))
    Name = *Written;
  return Name;
}

void VmallocNofsCheck::report(const CallExpr &Call,
                              const AllocatorCall &Allocator, const Finding &F,
                              ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  const LangOptions &LO = Ctx.getLangOpts();
  StringRef Name = writtenName(Call, Ctx);
  SourceLocation Where = SM.getFileLoc(Call.getBeginLoc());
  FileID UserFile = SM.getFileID(Where);
  std::string Mask =
      writtenText(Call.getArg(Allocator.GfpArgIndex), UserFile, SM, LO)
          .value_or("0x" + llvm::utohexstr(F.Mask.Value));

  std::optional<KernelVersionCode> Kernel = targetKernel(Ctx);
  std::string When =
      Kernel ? "on Linux " + formatKernelVersion(*Kernel) : "before Linux 5.17";
  // The pre-5.17 rules were assumed: say so, and how to give the version.
  std::string Assumed =
      Kernel ? ""
             : " (kernel version not found: set KernelVersion, or run "
               "clang-tidy in the kernel tree)";
  StringRef Kind = restrictionName(F.Restriction);
  StringRef Scope = scopeFamily(F.Restriction);
  ScopeFix Fix = fixFor(Call, Allocator, F, Ctx);
  if (Fix && Fix.NeedsScopeHeader && InsertInclude &&
      !ScopeHeaderFiles.count(Fix.File)) {
    std::string Why = headerInsertionClash(Fix.File, Where, Ctx);
    if (!Why.empty()) {
      Fix.Hints.clear();
      Fix.NoFixReason = "no fix-it: " + Why;
      Fix.NoteLoc = Where;
    }
  }

  bool NeedsInclude = Fix && Fix.NeedsScopeHeader && InsertInclude &&
                      !ScopeHeaderFiles.count(Fix.File);
  bool IncludeShared = false;
  auto AttachFix = [&](const DiagnosticBuilder &D) {
    for (const FixItHint &Hint : Fix.Hints)
      D << Hint;
    if (!NeedsInclude)
      return;
    if (std::optional<FixItHint> Include = scopeHeaderInsertion(Fix.File))
      D << *Include;
    else
      IncludeShared = true;
  };
  if (Kernel && *Kernel >= VmallocHonoursScopes) {
    AttachFix(diag(Where, "'%0' with %1 mask '%2': mark the reclaim-critical "
                          "section with %3_save()/%3_restore() instead of "
                          "passing %1 (vmalloc only emulates that scope "
                          "since Linux 5.17)")
              << Name << Kind << Mask << Scope);
  } else if (F.Outcome.Kind == AllocatorKind::Kvmalloc &&
             (!Kernel || *Kernel >= KvmallocKmallocOnly)) {
    AttachFix(diag(Where, "'%0' with %1 mask '%2' never falls back to "
                          "vmalloc %3 (it acts as kmalloc); call it with "
                          "GFP_KERNEL inside %4_save()/%4_restore()%5")
              << Name << Kind << Mask << When << Scope << Assumed);
  } else {
    AttachFix(diag(Where, "'%0' with %1 mask '%2' can deadlock %3: vmalloc "
                          "allocates page tables with GFP_KERNEL and may "
                          "recurse into %4; use %5_save()/%5_restore()%6")
              << Name << Kind << Mask << When << reclaimTarget(F.Restriction)
              << Scope << Assumed);
  }

  if (IncludeShared)
    noteSharedScopeHeader(Fix.File);
  noteWhereTheMaskComesFrom(F, UserFile, Ctx);
  if (!Fix && !Fix.NoFixReason.empty())
    diag(Fix.NoteLoc, Fix.NoFixReason, DiagnosticIDs::Note);
}

/// The notes on the mask's way to the family member: where a variable got
/// it or a function returned it, the wrapper that restricts it, the
/// forwarding calls it takes.
void VmallocNofsCheck::noteWhereTheMaskComesFrom(const Finding &F,
                                                 FileID UserFile,
                                                 ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  const LangOptions &LO = Ctx.getLangOpts();
  StringRef Kind = restrictionName(F.Restriction);
  if (F.Mask.Returner) {
    const Expr *Returned = F.Mask.DefiningExpr;
    SourceLocation At = SM.getFileLoc(Returned->getBeginLoc());
    // `plain_gfp() & ~__GFP_FS`: the returned mask is not the restricted one.
    bool Restricted =
        classifyMask(F.Mask.Returned, *facts(Ctx).gfpLayout()) == F.Restriction;
    diag(At, "'%0' returns %select{|the %2 mask }1'%3' here",
         DiagnosticIDs::Note)
        << F.Mask.Returner->getName() << Restricted << Kind
        << writtenText(Returned, SM.getFileID(At), SM, LO).value_or("");
  } else if (F.Mask.Definition) {
    std::string Value =
        F.Mask.DefiningExpr
            ? writtenText(F.Mask.DefiningExpr, UserFile, SM, LO).value_or("")
            : "";
    SourceLocation At = isa<DeclStmt>(F.Mask.Definition)
                            ? F.Mask.Variable->getLocation()
                            : F.Mask.Definition->getBeginLoc();
    diag(SM.getFileLoc(At), "'%0' is given the %1 mask '%2' here",
         DiagnosticIDs::Note)
        << F.Mask.Variable->getName() << Kind << Value;
  }
  if (F.StrippedParam)
    diag(SM.getFileLoc(F.StrippedParam->getLocation()),
         "the mask is %0 even when '%1' is GFP_KERNEL: the callers of '%2' "
         "cannot avoid it",
         DiagnosticIDs::Note)
        << Kind << F.StrippedParam->getName()
        << cast<FunctionDecl>(F.StrippedParam->getDeclContext())->getName();
  // The forwarding calls the unsafe value takes, down to the family member
  // (a wrapper may have several, with guards and scopes of their own).
  for (const MaskOutcome::Step &Step : F.Outcome.Path)
    diag(SM.getFileLoc(Step.Call->getBeginLoc()),
         "'%0' passes its gfp_t parameter '%1' to '%2' here",
         DiagnosticIDs::Note)
        << Step.Wrapper->getName()
        << Step.Wrapper->getParamDecl(Step.ParamIndex)->getName()
        << writtenName(*Step.Call, Ctx);
}

ScopeFix VmallocNofsCheck::fixFor(const CallExpr &Call,
                                  const AllocatorCall &Allocator,
                                  const Finding &F, ASTContext &Ctx) {
  if (!Fixes) {
    ScopeFixOptions Opts;
    if (validCookieName(NofsCookieName))
      Opts.NofsCookieName = NofsCookieName;
    if (validCookieName(NoioCookieName))
      Opts.NoioCookieName = NoioCookieName;
    if (validScopeComment(ScopeComment))
      Opts.ScopeComment = ScopeComment;
    Opts.InsertInclude = InsertInclude;
    Opts.Scopes = &Scopes;
    Fixes = std::make_unique<ScopeFixBuilder>(Ctx, PP, std::move(Opts));
  }
  ScopeFixRequest Request;
  Request.Call = &Call;
  Request.GfpArgIndex = Allocator.GfpArgIndex;
  Request.Restriction = F.Restriction;
  Request.OrMask = Allocator.OrMask;
  Request.AndMask = Allocator.AndMask;
  auto StaysUnsafe = [&](uint64_t Mask) {
    return callerOutcome(Allocator, Mask, Ctx).has_value();
  };
  Request.StaysUnsafe = StaysUnsafe;
  Request.Wrapper = Allocator.Wrapper;
  Request.Function = F.Function;
  Request.Kernel = targetKernel(Ctx);
  auto IsAllocatorMacro = [&](StringRef Macro) {
    return bool(Resolver.catalogKind(Macro));
  };
  Request.IsAllocatorMacro = IsAllocatorMacro;
  return Fixes->build(Request);
}

} // namespace gfpscope
