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

inline std::unique_ptr<clang::ASTUnit> parseC(const std::string &Code) {
  return clang::tooling::buildASTFromCodeWithArgs(
      Code, {"-std=gnu11", "-fsyntax-only"}, "input.c");
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
