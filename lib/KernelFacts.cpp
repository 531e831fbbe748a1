//===--- KernelFacts.cpp - what one translation unit says about its kernel ===//

#include "lib/KernelFacts.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"
#include <mutex>

using namespace clang;

namespace gfpscope {

std::shared_ptr<KernelFacts> KernelFacts::of(ASTContext &Ctx,
                                             Preprocessor *PP) {
  static std::mutex Lock;
  static llvm::DenseMap<const ASTContext *, std::weak_ptr<KernelFacts>> Units;
  std::lock_guard<std::mutex> Guard(Lock);
  std::weak_ptr<KernelFacts> &Slot = Units[&Ctx];
  std::shared_ptr<KernelFacts> Facts = Slot.lock();
  if (!Facts || (PP && !Facts->PP))
    Slot = Facts = std::make_shared<KernelFacts>(Ctx, PP);
  // Forget the units nobody holds any more.
  for (auto It = Units.begin(); It != Units.end();) {
    auto Next = std::next(It);
    if (It->second.expired())
      Units.erase(It);
    It = Next;
  }
  return Facts;
}

KernelFacts::KernelFacts(ASTContext &Ctx, Preprocessor *PP)
    : Ctx(Ctx), PP(PP), Calls(Ctx) {}

const std::optional<GfpLayout> &KernelFacts::gfpLayout() {
  if (!Gfp)
    Gfp = PP ? readGfpLayout(Ctx, *PP) : std::nullopt;
  return *Gfp;
}

const PFLayout &KernelFacts::pfLayout() {
  if (!PF)
    PF = PP ? readPFLayout(Ctx, *PP) : PFLayout();
  return *PF;
}

std::optional<KernelVersionCode>
KernelFacts::targetKernel(std::optional<KernelVersionCode> Configured) {
  if (Configured)
    return Configured;
  if (!FoundKernel)
    FoundKernel = PP ? findTargetKernel(std::nullopt, Ctx, *PP,
                                        [this](llvm::StringRef Name) {
                                          return !fileScopeDecls(Name).empty();
                                        })
                     : TargetKernel();
  return FoundKernel->Version;
}

bool KernelFacts::hasFlagsApi() {
  if (!FlagsApi)
    FlagsApi = !fileScopeDecls(FlagsApiMarker).empty();
  return *FlagsApi;
}

DeclContextLookupResult
KernelFacts::fileScopeDecls(llvm::StringRef Name) const {
  return Ctx.getTranslationUnitDecl()->lookup(
      DeclarationName(&Ctx.Idents.get(Name)));
}

std::vector<const FunctionDecl *> KernelFacts::mainFileDefinitions() {
  const SourceManager &SM = Ctx.getSourceManager();
  std::vector<const FunctionDecl *> Main;
  for (const FunctionDecl *FD : Calls.definitions())
    if (SM.isInMainFile(SM.getExpansionLoc(FD->getBeginLoc())))
      Main.push_back(FD);
  return Main;
}

bool KernelFacts::referencesAnyFunction(
    llvm::ArrayRef<llvm::StringRef> Names) const {
  for (llvm::StringRef Name : Names)
    for (const NamedDecl *D : fileScopeDecls(Name))
      if (const auto *FD = dyn_cast<FunctionDecl>(D))
        for (const FunctionDecl *Redecl : FD->redecls())
          if (Redecl->isReferenced())
            return true;
  return false;
}

} // namespace gfpscope
