//===--- FixIt.cpp - rewrite a NOFS/NOIO allocation to the scope API ------===//
//
// The builder: what the fixes of one translation unit share (the names and
// edits that earlier fixes gave out, the case labels they braced, per
// function its scope coverage and its parents), and the steps of one fix:
//
//   locateCall()      the call as written          (FixItCall)
//   rewriteMask()     GFP_NOFS -> GFP_KERNEL        (FixItMask)
//   covered already?  then the mask edit alone      (ScopeCoverage)
//   scopeApiAvailable()  memalloc_*_save() can be called here
//   findStatement()   the statement and its place  (FixItShapes)
//   a cookie name, the form for the shape and place (FixItForms)
//   finish()          every edit checked, the FixItHints
//
//===----------------------------------------------------------------------===//

#include "lib/FixIt.h"

#include "lib/FileText.h"
#include "lib/FixItCall.h"
#include "lib/FixItForms.h"
#include "lib/FixItMask.h"
#include "lib/FixItShapes.h"
#include "lib/FunctionParents.h"
#include "lib/KernelFacts.h"
#include "lib/ScopeCoverage.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "clang/Basic/CharInfo.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/HeaderSearch.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/Path.h"
#include <map>

using namespace clang;

namespace gfpscope {

namespace {

bool isIdentifier(StringRef Name) {
  if (Name.empty() || !isAsciiIdentifierStart(Name[0]))
    return false;
  return llvm::all_of(Name,
                      [](char C) { return isAsciiIdentifierContinue(C); });
}

} // namespace

struct ScopeFixBuilder::Impl {
  Impl(ASTContext &Ctx, Preprocessor *PP, ScopeFixOptions Options)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), LO(Ctx.getLangOpts()), PP(PP),
        Opts(std::move(Options)), Facts(KernelFacts::of(Ctx, PP)) {
    if (!isIdentifier(Opts.NofsCookieName))
      Opts.NofsCookieName = "nofs_flag";
    if (!isIdentifier(Opts.NoioCookieName))
      Opts.NoioCookieName = "noio_flag";
  }

  ScopeFix build(const ScopeFixRequest &R);
  ScopeFix buildMaskOnly(const ScopeFixRequest &R);

  // --- State of the translation unit -------------------------------------
  ASTContext &Ctx;
  const SourceManager &SM;
  const LangOptions &LO;
  Preprocessor *PP;
  ScopeFixOptions Opts;
  /// Layouts and name lookup, shared with the checks.
  std::shared_ptr<KernelFacts> Facts;
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<ScopeCoverage>> Coverage;
  /// The parents of the nodes of each function body (not of the whole
  /// unit: see FunctionParents).
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<FunctionParents>>
      Parents;
  /// Names declared in a function, plus the names earlier fixes gave out.
  llvm::DenseMap<const FunctionDecl *, llvm::StringSet<>> Names;
  /// Edits of the fixes handed out so far, per file.
  std::map<FileID, std::vector<Edit>> Emitted;
  /// Case labels whose statements an earlier fix put in braces.
  llvm::DenseSet<const Stmt *> BracedCases;
  /// Names picked for the fix being built.
  llvm::StringSet<> Pending;

  // --- One request ---------------------------------------------------------
  struct Work {
    const ScopeFixRequest *Req = nullptr;
    std::optional<WrittenCall> Call;
    const Expr *UserCall = nullptr; ///< Outermost node of the call.
    std::vector<Edit> MaskEdits;
    ScopeFamily Family = ScopeFamily::NoFS;
    std::string Cookie;
  };

  ScopeFix fail(const Work &W, SourceLocation Loc, const Twine &Why) {
    ScopeFix F;
    F.NoFixReason = ("no fix-it: " + Why).str();
    F.NoteLoc = Loc.isValid() ? Loc : SM.getFileLoc(W.Req->Call->getBeginLoc());
    return F;
  }
  ScopeFix fail(const Work &W, const NoFix &Why) {
    return fail(W, Why.Loc, Why.Why);
  }

  const std::optional<GfpLayout> &layout() { return Facts->gfpLayout(); }

  ScopeCoverage &coverage(const FunctionDecl *F) {
    std::unique_ptr<ScopeCoverage> &C = Coverage[F];
    if (!C)
      C = std::make_unique<ScopeCoverage>(F, Ctx, &Facts->pfLayout(),
                                          Opts.Scopes);
    return *C;
  }

  const FunctionParents &parents(const FunctionDecl *F) {
    std::unique_ptr<FunctionParents> &P = Parents[F];
    if (!P)
      P = std::make_unique<FunctionParents>(F ? F->getBody() : nullptr);
    return *P;
  }

  /// The declarations of \p Name at file scope of the translation unit.
  DeclContextLookupResult declaredAtFileScope(StringRef Name) const {
    return Facts->fileScopeDecls(Name);
  }

  // Steps of build().
  bool locateAndRewriteMask(Work &W, NoFix &Why);
  bool scopeApiAvailable(const Work &W, std::string &Why, bool &NeedsHeader);
  ScopeFix scopeFix(Work &W);
  ScopeFix writeScope(Work &W, const StatementShape &Shape);
  ScopeFix finish(Work &W, std::vector<Edit> Edits, bool MaskOnly);

  std::string freshName(const FunctionDecl *F, StringRef Base);
  bool conflicts(const Work &W, const Edit &E) const;
};

// --- The steps ---------------------------------------------------------------

bool ScopeFixBuilder::Impl::locateAndRewriteMask(Work &W, NoFix &Why) {
  const ScopeFixRequest &R = *W.Req;
  std::optional<WrittenCall> Call =
      locateCall(R.Call, R.IsAllocatorMacro, SM, LO, Why.Why);
  if (!Call) {
    if (Why.Why.empty())
      Why.Why = "the call is not spelled here";
    return false;
  }
  W.Call.emplace(std::move(*Call));
  std::optional<std::vector<Edit>> Mask =
      rewriteMask(R, *W.Call, layout(), PP, Ctx, Why);
  if (!Mask)
    return false;
  W.MaskEdits = std::move(*Mask);
  return true;
}

bool ScopeFixBuilder::Impl::scopeApiAvailable(const Work &W, std::string &Why,
                                              bool &NeedsHeader) {
  std::string Save = (scopeFamilyPrefix(W.Family) + "_save").str();
  NeedsHeader = true;
  // save() and restore(cookie) are called as the kernel declares them: a
  // variable, type or other prototype of either name here (odd or not kernel
  // code) would clash with the calls or with <linux/sched/mm.h>.
  for (unsigned Params : {0u, 1u}) {
    std::string Name =
        (scopeFamilyPrefix(W.Family) + (Params ? "_restore" : "_save")).str();
    for (const NamedDecl *D : declaredAtFileScope(Name)) {
      const auto *FD = dyn_cast<FunctionDecl>(D);
      if (!FD || (FD->hasPrototype() && FD->getNumParams() != Params) ||
          FD->isVariadic()) {
        Why = Name + " is declared here otherwise than as the kernel's " +
              Name + "()";
        return false;
      }
    }
  }
  for (const NamedDecl *D : declaredAtFileScope(Save))
    if (isa<FunctionDecl>(D))
      return true;
  if (!Opts.InsertInclude) {
    Why = Save + "() is not declared here and InsertInclude is off";
    return false;
  }
  if (W.Family == ScopeFamily::NoFS && W.Req->Kernel &&
      *W.Req->Kernel < kernelVersion(4, 12)) {
    Why = "memalloc_nofs_save() exists only from Linux 4.12";
    return false;
  }
  // Not declared: <linux/sched/mm.h> must be reachable for the include.
  if (PP) {
    const HeaderSearch &HS = PP->getHeaderSearchInfo();
    for (auto It = HS.angled_dir_begin(), End = HS.system_dir_end(); It != End;
         ++It) {
      OptionalDirectoryEntryRef Dir = It->getDirRef();
      if (!Dir)
        continue;
      llvm::SmallString<256> Path(Dir->getName());
      llvm::sys::path::append(Path, "linux", "sched", "mm.h");
      if (SM.getFileManager().getOptionalFileRef(Path))
        return true;
    }
  }
  Why = Save + "() is not declared and <linux/sched/mm.h> is not on the "
               "include path";
  return false;
}

ScopeFix ScopeFixBuilder::Impl::scopeFix(Work &W) {
  NoFix Why;
  std::optional<StatementShape> Shape = findStatement(
      *W.Call, W.UserCall, W.MaskEdits, parents(W.Req->Function), SM, Why);
  if (!Shape)
    return fail(W, Why);
  W.Cookie = freshName(W.Req->Function, W.Family == ScopeFamily::NoIO
                                            ? Opts.NoioCookieName
                                            : Opts.NofsCookieName);
  return writeScope(W, *Shape);
}

/// The form for the statement's shape and place; a new block of its own
/// where the form cannot be written.
ScopeFix ScopeFixBuilder::Impl::writeScope(Work &W,
                                           const StatementShape &Shape) {
  llvm::ArrayRef<Edit> Taken;
  if (auto It = Emitted.find(W.Call->File->id()); It != Emitted.end())
    Taken = It->second;
  auto FreshName = [&](StringRef Base) {
    return freshName(W.Req->Function, Base);
  };
  ScopeSite Site{*W.Call->File, W.Req->Call, Shape,
                 W.MaskEdits,   W.Family,    W.Cookie};
  ScopeForms Forms(std::move(Site), Opts, Taken, FreshName, Ctx);
  FormEdits Result;
  if (Shape.F == Form::Decl) {
    Result = Forms.declaration();
  } else {
    switch (Shape.P) {
    case Place::Body:
      Result = Forms.body();
      break;
    case Place::Case:
      // A second fix in the same case gets a block of its own, and so does
      // `return call;`: braces around the case would put the restore after
      // the return, where it never runs.
      Result = Shape.F == Form::Return || BracedCases.count(Shape.Container)
                   ? FormEdits::newBlock()
                   : Forms.caseLabel();
      break;
    case Place::Block:
      Result =
          Shape.F == Form::Return ? FormEdits::newBlock() : Forms.inBlock();
      break;
    case Place::SwitchBlock:
      Result = FormEdits::newBlock();
      break;
    }
  }
  bool BracesCase = Shape.P == Place::Case && !Result.NewBlock;
  if (Result.NewBlock)
    Result = Forms.newBlock();
  if (Result.Edits.empty())
    return fail(W, Result.Why);
  ScopeFix Fix = finish(W, std::move(Result.Edits), false);
  if (Fix && BracesCase)
    BracedCases.insert(Shape.Container);
  return Fix;
}

ScopeFix ScopeFixBuilder::Impl::finish(Work &W, std::vector<Edit> Edits,
                                       bool MaskOnly) {
  const EditedFile &File = *W.Call->File;
  const FileText &T = File.text();
  llvm::sort(Edits, [](const Edit &A, const Edit &B) {
    return A.Begin < B.Begin || (A.Begin == B.Begin && A.End < B.End);
  });
  for (size_t I = 0; I + 1 < Edits.size(); ++I)
    if (Edits[I].End > Edits[I + 1].Begin ||
        Edits[I].Begin == Edits[I + 1].Begin)
      return fail(W, {}, "the edits would overlap");
  for (const Edit &E : Edits) {
    if (E.End > T.text().size())
      return fail(W, {}, "the edits fall outside the file");
    // Never inside a directive: a macro definition, a conditional.
    if (T.touchesDirective(E.Begin, E.End))
      return fail(W, {}, "a preprocessor directive is in the way");
    if (conflicts(W, E))
      return fail(W, {}, "it would overlap the fix of another finding");
  }
  // Every line the fix writes fits the column limit.
  llvm::SmallVector<std::pair<unsigned, unsigned>, 4> Touched;
  std::optional<std::string> New =
      applyEdits(T.text(), 0, T.text().size(), Edits, &Touched);
  if (!New)
    return fail(W, {}, "the edits would overlap");
  FileText NT(*New);
  for (auto [B, E] : Touched) {
    for (unsigned L = NT.lineStart(B); L <= E && L <= New->size();) {
      unsigned LE = NT.lineEnd(L);
      StringRef Line = NT.slice(L, LE);
      if (displayWidth(Line) > Opts.MaxColumns)
        return fail(W, {},
                    "a rewritten line would exceed " +
                        llvm::Twine(Opts.MaxColumns) + " columns");
      if (Line != Line.rtrim(" \t") && !T.text().contains(Line))
        return fail(W, {}, "a rewritten line would end in white space");
      L = LE + 1;
    }
  }
  ScopeFix Fix;
  for (const Edit &E : Edits) {
    SourceLocation B = File.loc(E.Begin);
    if (E.Begin == E.End)
      Fix.Hints.push_back(FixItHint::CreateInsertion(B, E.Text));
    else
      Fix.Hints.push_back(FixItHint::CreateReplacement(
          CharSourceRange::getCharRange(B, File.loc(E.End)), E.Text));
  }
  std::vector<Edit> &Record = Emitted[File.id()];
  Record.insert(Record.end(), Edits.begin(), Edits.end());
  for (const auto &Name : Pending)
    Names[W.Req->Function].insert(Name.getKey());
  Fix.MaskOnly = MaskOnly;
  Fix.File = File.id();
  Fix.Family = W.Family;
  Fix.Cookie = W.Cookie;
  return Fix;
}

// --- What earlier fixes took -------------------------------------------------

std::string ScopeFixBuilder::Impl::freshName(const FunctionDecl *F,
                                             StringRef Base) {
  auto [It, Inserted] = Names.try_emplace(F);
  llvm::StringSet<> &Taken = It->second;
  if (Inserted && F && F->hasBody()) {
    for (const ParmVarDecl *P : F->parameters())
      if (P->getIdentifier())
        Taken.insert(P->getName());
    llvm::SmallVector<const Stmt *, 64> Work{F->getBody()};
    while (!Work.empty()) {
      const Stmt *S = Work.pop_back_val();
      if (!S)
        continue;
      if (const auto *DS = dyn_cast<DeclStmt>(S))
        for (const Decl *D : DS->decls())
          if (const auto *ND = dyn_cast<NamedDecl>(D);
              ND && ND->getIdentifier())
            Taken.insert(ND->getName());
      if (const auto *LS = dyn_cast<LabelStmt>(S))
        Taken.insert(LS->getName());
      if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
        if (Ref->getDecl()->getIdentifier())
          Taken.insert(Ref->getDecl()->getName());
      for (const Stmt *Child : S->children())
        Work.push_back(Child);
    }
  }
  auto Free = [&](const std::string &Name) {
    if (Taken.contains(Name))
      return false;
    if (PP && PP->isMacroDefined(Name))
      return false;
    if (!declaredAtFileScope(Name).empty())
      return false;
    return true;
  };
  std::string Name = Base.str();
  for (unsigned N = 2; (!Free(Name) || Pending.count(Name)) && N < 1000; ++N)
    Name = (Base + llvm::Twine(N)).str();
  // Taken for good when the fix is handed out (finish()).
  Pending.insert(Name);
  return Name;
}

bool ScopeFixBuilder::Impl::conflicts(const Work &W, const Edit &E) const {
  auto It = Emitted.find(W.Call->File->id());
  if (It == Emitted.end())
    return false;
  return llvm::any_of(It->second,
                      [&](const Edit &O) { return editsClash(E, O); });
}

// --- The requests ------------------------------------------------------------

ScopeFix ScopeFixBuilder::Impl::build(const ScopeFixRequest &R) {
  Pending.clear();
  Work W;
  W.Req = &R;
  W.Family = familyFor(R.Restriction);
  if (!R.Call || R.GfpArgIndex >= R.Call->getNumArgs())
    return fail(W, {}, "the call has no gfp argument");
  NoFix Why;
  if (!locateAndRewriteMask(W, Why))
    return fail(W, Why);
  W.UserCall = outermostNode(*W.Call, parents(R.Function), SM);

  // Inside a scope that already covers the call on every path: only the
  // mask changes.
  if (R.Function && coverage(R.Function).isCovered(W.UserCall, R.Restriction))
    return finish(W, W.MaskEdits, /*MaskOnly=*/true);
  if (R.Function && !coverage(R.Function).openBefore(W.UserCall) &&
      coverage(R.Function).isCovered(R.Call, R.Restriction))
    return finish(W, W.MaskEdits, /*MaskOnly=*/true);

  bool NeedsHeader = false;
  std::string NoApi;
  if (!scopeApiAvailable(W, NoApi, NeedsHeader))
    return fail(W, {}, NoApi);
  ScopeFix Fix = scopeFix(W);
  if (Fix)
    Fix.NeedsScopeHeader = NeedsHeader;
  return Fix;
}

ScopeFix ScopeFixBuilder::Impl::buildMaskOnly(const ScopeFixRequest &R) {
  Pending.clear();
  Work W;
  W.Req = &R;
  W.Family = familyFor(R.Restriction);
  if (!R.Call || R.GfpArgIndex >= R.Call->getNumArgs())
    return fail(W, {}, "the call has no gfp argument");
  NoFix Why;
  if (!locateAndRewriteMask(W, Why))
    return fail(W, Why);
  return finish(W, W.MaskEdits, /*MaskOnly=*/true);
}

ScopeFixBuilder::ScopeFixBuilder(ASTContext &Ctx, Preprocessor *PP,
                                 ScopeFixOptions Options)
    : P(std::make_unique<Impl>(Ctx, PP, std::move(Options))) {}

ScopeFixBuilder::~ScopeFixBuilder() = default;

ScopeFix ScopeFixBuilder::build(const ScopeFixRequest &Request) {
  return P->build(Request);
}

ScopeFix ScopeFixBuilder::buildMaskOnly(const ScopeFixRequest &Request) {
  return P->buildMaskOnly(Request);
}

} // namespace gfpscope
