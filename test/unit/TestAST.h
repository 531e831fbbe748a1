//===--- TestAST.h - parse a C snippet for the lib/ unit tests ------------===//

#ifndef GFPSCOPE_TEST_UNIT_TESTAST_H
#define GFPSCOPE_TEST_UNIT_TESTAST_H

#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"
#include <memory>
#include <string>

namespace gfpscope::test {

/// The kernel's scope API as the tests' preludes declare it: the PF_MEMALLOC_*
/// bits of 6.1 and the save/restore pairs of every family (6.9+ flags API
/// included). Ends with a newline.
inline constexpr const char *ScopeApiPrelude = R"(
#define PF_MEMALLOC 0x00000800
#define PF_MEMALLOC_NOFS 0x00040000
#define PF_MEMALLOC_NOIO 0x00080000
#define PF_MEMALLOC_PIN 0x10000000
unsigned int memalloc_nofs_save(void);
void memalloc_nofs_restore(unsigned int);
unsigned int memalloc_noio_save(void);
void memalloc_noio_restore(unsigned int);
unsigned int memalloc_noreclaim_save(void);
void memalloc_noreclaim_restore(unsigned int);
unsigned memalloc_flags_save(unsigned);
void memalloc_flags_restore(unsigned);
)";

/// Parses \p Code as kernel C; \p Diags (which must outlive the unit) gets
/// the diagnostics instead of stderr.
inline std::unique_ptr<clang::ASTUnit>
parseC(const std::string &Code, clang::DiagnosticConsumer *Diags = nullptr) {
  return clang::tooling::buildASTFromCodeWithArgs(
      Code, {"-std=gnu11", "-fsyntax-only"}, "input.c", "gfpscope-unittests",
      std::make_shared<clang::PCHContainerOperations>(),
      clang::tooling::getClangStripDependencyFileAdjuster(),
      clang::tooling::FileContentMappings(), Diags);
}

/// The function \p Name at file scope: its definition, else its last
/// declaration; null when there is none.
inline const clang::FunctionDecl *functionNamed(clang::ASTUnit &AST,
                                                llvm::StringRef Name) {
  clang::ASTContext &Ctx = AST.getASTContext();
  const clang::FunctionDecl *Found = nullptr;
  for (const clang::NamedDecl *D : Ctx.getTranslationUnitDecl()->lookup(
           clang::DeclarationName(&Ctx.Idents.get(Name))))
    if (const auto *FD = llvm::dyn_cast<clang::FunctionDecl>(D))
      Found =
          FD->getDefinition() ? FD->getDefinition() : FD->getMostRecentDecl();
  return Found;
}

/// The first call of \p Callee in the function \p Caller, or null.
inline const clang::CallExpr *callIn(clang::ASTUnit &AST,
                                     const std::string &Caller,
                                     const std::string &Callee) {
  using namespace clang::ast_matchers;
  auto Found = match(callExpr(callee(functionDecl(hasName(Callee))),
                              forCallable(functionDecl(hasName(Caller))))
                         .bind("call"),
                     AST.getASTContext());
  return Found.empty() ? nullptr
                       : Found.front().getNodeAs<clang::CallExpr>("call");
}

/// The node bound to \p Id by the first statement that \p Matcher matches.
template <typename NodeT>
const NodeT *findFirst(clang::ASTUnit &AST, const std::string &Id,
                       const clang::ast_matchers::StatementMatcher &Matcher) {
  auto Found = clang::ast_matchers::match(clang::ast_matchers::findAll(Matcher),
                                          AST.getASTContext());
  return Found.empty() ? nullptr : Found.front().getNodeAs<NodeT>(Id);
}

} // namespace gfpscope::test

#endif
