#include "lib/SourceText.h"
#include "TestAST.h"

#include "gtest/gtest.h"

using namespace gfpscope;
using namespace clang;
using namespace clang::ast_matchers;

namespace {

// The 6.10+ shape, in a header as the kernel's: kvzalloc() -> kvmalloc() ->
// kvmalloc_node_noprof() -> __kvmalloc_node_noprof(), the mask wrapped in
// `(_flags) | __GFP_ZERO`.
const char *KernelHeader = R"(
typedef unsigned int gfp_t;
#define __GFP_ZERO 0x100u
#define GFP_NOFS 0xc40u
#define __GFP_NOWARN 0x200u
void *__kvmalloc_node_noprof(unsigned long size, gfp_t flags, int node);
#define kvmalloc_node_noprof(_size, _flags, _node) \
	__kvmalloc_node_noprof(_size, _flags, _node)
#define kvmalloc(_size, _flags) kvmalloc_node_noprof(_size, _flags, -1)
#define kvzalloc(_size, _flags) kvmalloc(_size, (_flags) | __GFP_ZERO)
)";

struct Parsed {
  std::unique_ptr<ASTUnit> AST;
  const CallExpr *Call = nullptr;
};

/// The first call of __kvmalloc_node_noprof() in \p Code, a file that
/// includes the kernel header and defines MY_ALLOC().
Parsed parse(const std::string &Code) {
  Parsed P;
  std::string Source = "#include \"kernel.h\"\n#define MY_ALLOC(n) "
                       "__kvmalloc_node_noprof(n, GFP_NOFS | __GFP_NOWARN, "
                       "-1)\n" +
                       Code;
  // The AST keeps pointing into the mapped files' text (it does not copy
  // them): they must outlive it (ASan found a use after free).
  static const tooling::FileContentMappings Headers = {
      {"kernel.h", KernelHeader}};
  P.AST = tooling::buildASTFromCodeWithArgs(
      Source, {"-std=gnu11", "-fsyntax-only"}, "input.c", "clang-tool",
      std::make_shared<PCHContainerOperations>(),
      tooling::getClangStripDependencyFileAdjuster(), Headers);
  if (!P.AST)
    return P;
  P.Call = test::findFirst<CallExpr>(
      *P.AST, "call",
      callExpr(callee(functionDecl(hasName("__kvmalloc_node_noprof"))))
          .bind("call"));
  return P;
}

bool isAllocator(StringRef Name) {
  return Name == "kvmalloc" || Name == "kvzalloc";
}

TEST(SourceText, OutermostAllocatorMacroIsTheOneWritten) {
  Parsed P = parse("void *f(void) { return kvzalloc(8, GFP_NOFS); }\n");
  ASSERT_TRUE(P.Call);
  const SourceManager &SM = P.AST->getSourceManager();
  const LangOptions &LO = P.AST->getLangOpts();
  EXPECT_EQ(outermostMacroNamed(P.Call->getBeginLoc(), SM, LO, isAllocator),
            "kvzalloc");
  // Not an allocator's name at the call: the outermost one of the chain.
  auto OnlyKvmalloc = [](StringRef Name) { return Name == "kvmalloc"; };
  EXPECT_EQ(outermostMacroNamed(P.Call->getBeginLoc(), SM, LO, OnlyKvmalloc),
            "kvmalloc");
  auto None = [](StringRef) { return false; };
  EXPECT_EQ(outermostMacroNamed(P.Call->getBeginLoc(), SM, LO, None),
            std::nullopt);
}

TEST(SourceText, NoMacroForADirectCall) {
  Parsed P = parse(
      "void *f(void) { return __kvmalloc_node_noprof(8, GFP_NOFS, -1); }\n");
  ASSERT_TRUE(P.Call);
  EXPECT_EQ(outermostMacroNamed(P.Call->getBeginLoc(),
                                P.AST->getSourceManager(), P.AST->getLangOpts(),
                                isAllocator),
            std::nullopt);
}

std::optional<std::string> maskText(const Parsed &P) {
  const SourceManager &SM = P.AST->getSourceManager();
  return writtenText(P.Call->getArg(1), SM.getMainFileID(), SM,
                     P.AST->getLangOpts());
}

TEST(SourceText, TheMaskAsWritten) {
  Parsed P =
      parse("void *f(void) { return kvmalloc(8, GFP_NOFS | __GFP_NOWARN); }\n");
  ASSERT_TRUE(P.Call);
  EXPECT_EQ(maskText(P), "GFP_NOFS | __GFP_NOWARN");
}

TEST(SourceText, TheUsersOperandOfAMaskAMacroBuilt) {
  // kvzalloc() makes `(GFP_NOFS) | __GFP_ZERO`: the user wrote GFP_NOFS.
  Parsed P = parse("void *f(void) { return kvzalloc(8, GFP_NOFS); }\n");
  ASSERT_TRUE(P.Call);
  EXPECT_EQ(maskText(P), "GFP_NOFS");
}

TEST(SourceText, AMaskOverSeveralLinesOnOne) {
  Parsed P = parse("void *f(void) {\n\treturn kvmalloc(8, GFP_NOFS |\n"
                   "\t\t\t\t  __GFP_NOWARN);\n}\n");
  ASSERT_TRUE(P.Call);
  EXPECT_EQ(maskText(P), "GFP_NOFS | __GFP_NOWARN");
}

TEST(SourceText, TheSpellingInAMacroDefinitionOfTheFile) {
  Parsed P = parse("void *f(void) { return MY_ALLOC(8); }\n");
  ASSERT_TRUE(P.Call);
  EXPECT_EQ(maskText(P), "GFP_NOFS | __GFP_NOWARN");
  // Not when the definition is in another file.
  const SourceManager &SM = P.AST->getSourceManager();
  EXPECT_EQ(writtenText(P.Call->getArg(1), FileID(), SM, P.AST->getLangOpts()),
            std::nullopt);
}

} // namespace
