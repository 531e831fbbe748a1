//===--- Compat.h - LLVM 19 / 22 differences of the analyzer host ---------===//
//
// gfpscope builds against LLVM 22 (primary) and LLVM 19. Every difference of
// the Clang Static Analyzer API that the path-sensitive engine and its
// checkers have to care about is spelled here, once; the clang-tidy and
// clangd differences of the front ends are in checks/TidyCompat.h. Verified
// against the Debian headers of 19.1.7 and 22.1.8; the releases in between
// (20, 21) are not supported, so the switch is simply
// `LLVM_VERSION_MAJOR >= 22`.
//
// Differences that need no shim (same spelling compiles on both):
//  - BugType(this, Desc, Category) inside a `Checker<...>`: `this` converts to
//    `const CheckerBase *` (19) and to `const CheckerFrontend *` (22).
//  - CheckerRegistry::addChecker(Fn, ShouldFn, Name, Desc, DocsUri, IsHidden)
//    when all six arguments are passed (22 merely added defaults).
//  - CompilerInstance::setASTContext(&Ctx): takes `ASTContext *` (19) or
//    `IntrusiveRefCntPtr<ASTContext>` (22, implicit from `ASTContext *`).
//  - AnalyzerOptions: RefCountedBase in 19, plain class in 22. We never use
//    AnalyzerOptionsRef; the options live in a CompilerInvocation.
//  - check::Bind: see MemallocScopeChecker, which declares both overloads.
//
//===----------------------------------------------------------------------===//

#ifndef GFPSCOPE_LIB_COMPAT_H
#define GFPSCOPE_LIB_COMPAT_H

#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/DiagnosticIDs.h"
#include "clang/Basic/DiagnosticOptions.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/CompilerInvocation.h"
#include "clang/StaticAnalyzer/Core/PathDiagnosticConsumers.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/AnalysisManager.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/CallEvent.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/CheckerContext.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/ConstraintManager.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/Store.h"
#include "llvm/Config/llvm-config.h"
#include <memory>

// RecursiveASTVisitor::TraverseTypeLoc gained a second parameter in 22
// (`bool TraverseQualifier = true`, AST/RecursiveASTVisitor.h): the
// parameters of an override, and the arguments it passes on to the base.
#if LLVM_VERSION_MAJOR >= 22
#define GFPSCOPE_TRAVERSE_TYPELOC_PARAMS                                       \
  clang::TypeLoc TL, bool TraverseQualifier = true
#define GFPSCOPE_TRAVERSE_TYPELOC_ARGS TL, TraverseQualifier
#else
#define GFPSCOPE_TRAVERSE_TYPELOC_PARAMS clang::TypeLoc TL
#define GFPSCOPE_TRAVERSE_TYPELOC_ARGS TL
#endif

namespace gfpscope {
namespace compat {

/// A DiagnosticsEngine that swallows everything, for parsing our own -cc1
/// analyzer arguments. DiagnosticOptions is ref-counted and held by pointer in
/// 19 (`IntrusiveRefCntPtr<DiagnosticOptions>`), a plain object held by
/// reference in 22 (`Basic/Diagnostic.h`, DiagnosticsEngine ctor).
class QuietDiagnostics {
public:
  QuietDiagnostics()
#if LLVM_VERSION_MAJOR >= 22
      : Engine(clang::DiagnosticIDs::create(), Options, &Consumer,
               /*ShouldOwnClient=*/false){}
#else
      : Options(new clang::DiagnosticOptions()),
        Engine(new clang::DiagnosticIDs(), Options, &Consumer,
               /*ShouldOwnClient=*/false) {
  }
#endif
        clang::DiagnosticsEngine
        & engine() {
    return Engine;
  }

private:
#if LLVM_VERSION_MAJOR >= 22
  clang::DiagnosticOptions Options;
#else
  llvm::IntrusiveRefCntPtr<clang::DiagnosticOptions> Options;
#endif
  /// Keeps the text of the first error, drops everything.
  class FirstError : public clang::DiagnosticConsumer {
  public:
    void HandleDiagnostic(clang::DiagnosticsEngine::Level Level,
                          const clang::Diagnostic &Info) override {
      DiagnosticConsumer::HandleDiagnostic(Level, Info);
      if (Level >= clang::DiagnosticsEngine::Error && Text.empty()) {
        llvm::SmallString<128> Message;
        Info.FormatDiagnostic(Message);
        Text = Message.str().str();
      }
    }
    std::string Text;
  };
  FirstError Consumer;
  clang::DiagnosticsEngine Engine;

public:
  /// The first error reported through engine(), or empty.
  const std::string &firstError() const { return Consumer.Text; }
};

/// A CompilerInstance that holds \p Invocation. 22 takes the invocation in
/// the constructor and has no setInvocation() (`Frontend/CompilerInstance.h`);
/// 19's constructor takes the PCH container operations first.
inline std::unique_ptr<clang::CompilerInstance>
makeCompilerInstance(std::shared_ptr<clang::CompilerInvocation> Invocation) {
#if LLVM_VERSION_MAJOR >= 22
  return std::make_unique<clang::CompilerInstance>(std::move(Invocation));
#else
  auto CI = std::make_unique<clang::CompilerInstance>();
  CI->setInvocation(std::move(Invocation));
  return CI;
#endif
}

/// PathDiagnosticConsumers is `std::vector<PathDiagnosticConsumer *>` in 19
/// and `std::vector<std::unique_ptr<PathDiagnosticConsumer>>` in 22
/// (`Core/PathDiagnosticConsumers.h`). In both versions the AnalysisManager
/// ends up owning the consumers: 19's ~AnalysisManager deletes the raw
/// pointers, 22's holds the unique_ptrs.
inline void
addPathConsumer(clang::ento::PathDiagnosticConsumers &Consumers,
                std::unique_ptr<clang::ento::PathDiagnosticConsumer> Consumer) {
#if LLVM_VERSION_MAJOR >= 22
  Consumers.push_back(std::move(Consumer));
#else
  Consumers.push_back(Consumer.release());
#endif
}

/// AnalysisManager's constructor (`Core/PathSensitive/AnalysisManager.h:49`)
/// takes the consumers by value and a `std::unique_ptr<CodeInjector>` in 22,
/// by const reference (copying the raw pointers) and a `CodeInjector *` in 19.
/// We always use RegionStore and the range constraint manager, and no body
/// farm injector (CodeInjector is only used for -analyzer-config model-path).
inline std::unique_ptr<clang::ento::AnalysisManager>
makeAnalysisManager(clang::ASTContext &Ctx, clang::Preprocessor &PP,
                    clang::ento::PathDiagnosticConsumers Consumers,
                    clang::ento::CheckerManager &Checkers,
                    clang::AnalyzerOptions &Options) {
#if LLVM_VERSION_MAJOR >= 22
  return std::make_unique<clang::ento::AnalysisManager>(
      Ctx, PP, std::move(Consumers), clang::ento::CreateRegionStoreManager,
      clang::ento::CreateRangeConstraintManager, &Checkers, Options,
      /*injector=*/nullptr);
#else
  return std::make_unique<clang::ento::AnalysisManager>(
      Ctx, PP, Consumers, clang::ento::CreateRegionStoreManager,
      clang::ento::CreateRangeConstraintManager, &Checkers, Options,
      /*injector=*/nullptr);
#endif
}

/// A fresh symbol for the return value of \p Call. 22 identifies conjured
/// symbols by CFG element (`SValBuilder::conjureSymbolVal(const CallEvent &,
/// unsigned Count, const void *Tag)`), 19 by origin expression
/// (`conjureSymbolVal(const void *Tag, const Expr *, const LocationContext *,
/// unsigned Count)`), `Core/PathSensitive/SValBuilder.h`.
inline clang::ento::DefinedOrUnknownSVal
conjureReturnValue(const clang::ento::CallEvent &Call,
                   clang::ento::CheckerContext &C, const void *Tag) {
#if LLVM_VERSION_MAJOR >= 22
  return C.getSValBuilder().conjureSymbolVal(Call, C.blockCount(), Tag);
#else
  return C.getSValBuilder().conjureSymbolVal(
      Tag, Call.getOriginExpr(), C.getLocationContext(), C.blockCount());
#endif
}

/// The same, of type \p Type (a cookie written through a pointer argument),
/// told apart from the return value by \p Tag.
inline clang::ento::DefinedOrUnknownSVal
conjureValue(const clang::ento::CallEvent &Call, clang::QualType Type,
             clang::ento::CheckerContext &C, const void *Tag) {
#if LLVM_VERSION_MAJOR >= 22
  return C.getSValBuilder().conjureSymbolVal(Call, Type, C.blockCount(), Tag);
#else
  return C.getSValBuilder().conjureSymbolVal(
      Tag, Call.getOriginExpr(), C.getLocationContext(), Type, C.blockCount());
#endif
}

/// A fresh symbol for the value of \p E, being evaluated in \p C.
inline clang::ento::DefinedOrUnknownSVal
conjureExprValue(const clang::Expr *E, clang::ento::CheckerContext &C,
                 const void *Tag) {
#if LLVM_VERSION_MAJOR >= 22
  return C.getSValBuilder().conjureSymbolVal(Tag, C.getCFGElementRef(),
                                             C.getLocationContext(),
                                             E->getType(), C.blockCount());
#else
  return C.getSValBuilder().conjureSymbolVal(Tag, E, C.getLocationContext(),
                                             E->getType(), C.blockCount());
#endif
}

} // namespace compat
} // namespace gfpscope

#endif // GFPSCOPE_LIB_COMPAT_H
