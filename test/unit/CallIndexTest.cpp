#include "lib/CallIndex.h"
#include "TestAST.h"
#include "lib/KernelFacts.h"

#include "gtest/gtest.h"

using namespace gfpscope;
using namespace clang;
using namespace clang::ast_matchers;

namespace {

const FunctionDecl *definitionNamed(ASTContext &Ctx, StringRef Name) {
  auto Found =
      match(functionDecl(hasName(Name), isDefinition()).bind("f"), Ctx);
  return Found.empty() ? nullptr : Found.front().getNodeAs<FunctionDecl>("f");
}

std::vector<std::string> calleeNames(ArrayRef<const CallExpr *> Calls) {
  std::vector<std::string> Names;
  for (const CallExpr *Call : Calls)
    Names.push_back(Call->getDirectCallee()
                        ? Call->getDirectCallee()->getName().str()
                        : "<indirect>");
  return Names;
}

const char *Unit = R"(
  void a(void); void b(int); int c(void);
  static void helper(void) { a(); }
  static void callback(void) {}
  static void parenthesised(void) {}
  void (*table[])(void) = { callback };
  void f(void (*fp)(void)) {
    b(c());
    helper();
    if (c())
      helper();
    (parenthesised)();
    fp();
    ({ a(); });
  }
)";

TEST(CallIndex, CallsInPreOrderAsFindAllGivesThem) {
  auto AST = test::parseC(Unit);
  ASTContext &Ctx = AST->getASTContext();
  CallIndex Index(Ctx);
  const FunctionDecl *F = definitionNamed(Ctx, "f");
  ASSERT_TRUE(F);
  // The outer call before its argument's call; the statement expression's
  // call too.
  EXPECT_EQ(calleeNames(Index.callsIn(*F)),
            (std::vector<std::string>{"b", "c", "helper", "c", "helper",
                                      "parenthesised", "<indirect>", "a"}));
  std::vector<std::string> Expected;
  for (const BoundNodes &N :
       match(findAll(callExpr().bind("call")), *F->getBody(), Ctx))
    Expected.push_back(
        N.getNodeAs<CallExpr>("call")->getDirectCallee()
            ? N.getNodeAs<CallExpr>("call")->getDirectCallee()->getName().str()
            : "<indirect>");
  EXPECT_EQ(calleeNames(Index.callsIn(*F)), Expected);
  // Asked again: the same list, not collected twice.
  EXPECT_EQ(Index.callsIn(*F).data(), Index.callsIn(*F).data());
  // Collected by the walk of the whole unit (definitions() first): the
  // same calls in the same order.
  CallIndex Walked(Ctx);
  ASSERT_EQ(Walked.definitions().size(), 4u);
  EXPECT_EQ(calleeNames(Walked.callsIn(*F)), Expected);
  EXPECT_EQ(calleeNames(Walked.callsIn(*definitionNamed(Ctx, "helper"))),
            (std::vector<std::string>{"a"}));
  EXPECT_TRUE(Walked.callsIn(*definitionNamed(Ctx, "callback")).empty());
}

// Only calls that run (lib/EvaluatedCode.h): 6.10+'s alloc_hooks() spells
// each allocation in typeof() too; sizeof, unchosen _Generic and
// __builtin_choose_expr() arms, a static function named only there.
TEST(CallIndex, CallsThatRunOnly) {
  auto AST = test::parseC(R"(
    void *alloc(unsigned long); int pick(void);
    static int only_in_sizeof(void) { return 0; }
    void f(unsigned long n) {
      void *p = ({ typeof(alloc(n)) _res = alloc(n); _res; });
      n += sizeof(alloc(n)) + sizeof(only_in_sizeof());
      n += _Generic(n, unsigned long: pick(), default: alloc(n) != 0);
      n += __builtin_choose_expr(0, alloc(n) != 0, pick());
    }
  )");
  ASSERT_TRUE(AST);
  ASTContext &Ctx = AST->getASTContext();
  CallIndex Index(Ctx);
  const FunctionDecl *F = definitionNamed(Ctx, "f");
  ASSERT_TRUE(F);
  EXPECT_EQ(calleeNames(Index.callsIn(*F)),
            (std::vector<std::string>{"alloc", "pick", "pick"}));
  const FunctionDecl *OnlyInSizeof = definitionNamed(Ctx, "only_in_sizeof");
  ASSERT_TRUE(OnlyInSizeof);
  EXPECT_TRUE(Index.callSitesOf(*OnlyInSizeof).empty());
  EXPECT_FALSE(Index.addressTaken(*OnlyInSizeof));
}

TEST(CallIndex, CallSitesOfStaticFunctionsWithTheirCaller) {
  auto AST = test::parseC(Unit);
  ASTContext &Ctx = AST->getASTContext();
  CallIndex Index(Ctx);
  const FunctionDecl *Helper = definitionNamed(Ctx, "helper");
  const FunctionDecl *F = definitionNamed(Ctx, "f");
  ASSERT_TRUE(Helper && F);
  ArrayRef<CallIndex::CallSite> Sites = Index.callSitesOf(*Helper);
  ASSERT_EQ(Sites.size(), 2u);
  EXPECT_EQ(Sites[0].second, F);
  EXPECT_EQ(Sites[1].second, F);
  // Extern functions are not tracked.
  const FunctionDecl *A = Index.callsIn(*Helper).front()->getDirectCallee();
  EXPECT_TRUE(Index.callSitesOf(*A).empty());
  std::vector<std::string> Called;
  for (const FunctionDecl *FD : Index.calledStaticFunctions())
    Called.push_back(FD->getName().str());
  EXPECT_EQ(Called, (std::vector<std::string>{"helper", "parenthesised"}));
}

TEST(CallIndex, AddressTakenUnlessOnlyCalledDirectly) {
  auto AST = test::parseC(Unit);
  ASTContext &Ctx = AST->getASTContext();
  CallIndex Index(Ctx);
  EXPECT_FALSE(Index.addressTaken(*definitionNamed(Ctx, "helper")));
  EXPECT_TRUE(Index.addressTaken(*definitionNamed(Ctx, "callback")));
  // `(f)()` is a call, but not the plain callee shape: counted as escaping,
  // as the matcher-based check did.
  EXPECT_TRUE(Index.addressTaken(*definitionNamed(Ctx, "parenthesised")));
}

TEST(CallIndex, DefinitionsInTraversalOrder) {
  auto AST = test::parseC(Unit);
  CallIndex Index(AST->getASTContext());
  std::vector<std::string> Names;
  for (const FunctionDecl *FD : Index.definitions())
    Names.push_back(FD->getName().str());
  EXPECT_EQ(Names, (std::vector<std::string>{"helper", "callback",
                                             "parenthesised", "f"}));
}

TEST(KernelFacts, SharedPerUnitWhileHeld) {
  auto AST = test::parseC("int x;");
  ASTContext &Ctx = AST->getASTContext();
  Preprocessor &PP = AST->getPreprocessor();
  std::shared_ptr<KernelFacts> First = KernelFacts::of(Ctx, &PP);
  EXPECT_EQ(KernelFacts::of(Ctx, &PP), First);
  // Another unit never gets them.
  auto Other = test::parseC("int y;");
  EXPECT_NE(KernelFacts::of(Other->getASTContext(), &Other->getPreprocessor()),
            First);
}

TEST(KernelFacts, LayoutsAndReferencedFunctions) {
  auto AST = test::parseC(R"(
    #define ___GFP_IO 0x40u
    #define ___GFP_FS 0x80u
    #define ___GFP_DIRECT_RECLAIM 0x400u
    #define ___GFP_KSWAPD_RECLAIM 0x800u
    #define __GFP_IO ___GFP_IO
    #define __GFP_FS ___GFP_FS
    #define __GFP_DIRECT_RECLAIM ___GFP_DIRECT_RECLAIM
    #define __GFP_KSWAPD_RECLAIM ___GFP_KSWAPD_RECLAIM
    #define PF_MEMALLOC_NOFS 0x00040000
    unsigned int memalloc_nofs_save(void);
    void memalloc_nofs_restore(unsigned int);
    void *kvmalloc(unsigned long n, unsigned int gfp);
    unsigned int g(void) { return memalloc_nofs_save(); }
  )");
  KernelFacts Facts(AST->getASTContext(), &AST->getPreprocessor());
  ASSERT_TRUE(Facts.gfpLayout());
  EXPECT_EQ(Facts.gfpLayout()->FS, 0x80u);
  EXPECT_EQ(Facts.pfLayout().NoFS, 0x40000u);
  EXPECT_FALSE(Facts.hasFlagsApi());
  EXPECT_TRUE(Facts.referencesAnyFunction({"memalloc_nofs_save"}));
  EXPECT_FALSE(Facts.referencesAnyFunction(
      {"memalloc_nofs_restore", "kvmalloc", "undeclared"}));
  EXPECT_FALSE(Facts.fileScopeDecls("kvmalloc").empty());
  EXPECT_TRUE(Facts.fileScopeDecls("undeclared").empty());
  EXPECT_EQ(Facts.targetKernel(kernelVersion(5, 10)), kernelVersion(5, 10));
}

TEST(KernelFacts, NoLayoutOutsideKernelCode) {
  auto AST = test::parseC("int main(void) { return 0; }");
  KernelFacts Facts(AST->getASTContext(), &AST->getPreprocessor());
  EXPECT_FALSE(Facts.gfpLayout());
  KernelFacts NoPP(AST->getASTContext(), nullptr);
  EXPECT_FALSE(NoPP.gfpLayout());
  EXPECT_EQ(NoPP.pfLayout().NoFS, 0u);
}

} // namespace

TEST(KernelFacts, MainFileDefinitionsAsIsExpansionInMainFileDecides) {
  // A header's inline functions are not the main file's; a function whose
  // definition a macro of the header writes, in the main file, is.
  auto AST = clang::tooling::buildASTFromCodeWithArgs(
      "#include \"helpers.h\"\n"
      "void kvmalloc(int);\n"
      "DEFINE_GETTER(first)\n"
      "static void second(void) { header_inline(); }\n",
      {"-std=gnu11", "-fsyntax-only"}, "input.c", "gfpscope-unittests",
      std::make_shared<PCHContainerOperations>(),
      tooling::getClangStripDependencyFileAdjuster(),
      {{"helpers.h", "static inline void header_inline(void) {}\n"
                     "#define DEFINE_GETTER(n) int get_##n(void) "
                     "{ return 1; }\n"}});
  ASSERT_TRUE(AST);
  KernelFacts Facts(AST->getASTContext(), &AST->getPreprocessor());
  std::vector<std::string> Names;
  for (const FunctionDecl *FD : Facts.mainFileDefinitions())
    Names.push_back(FD->getName().str());
  EXPECT_EQ(Names, (std::vector<std::string>{"get_first", "second"}));
  EXPECT_EQ(Facts.calls().definitions().size(), 3u);
  // kvmalloc is declared, never referenced: the early-out's answer.
  EXPECT_FALSE(Facts.referencesAnyFunction({"kvmalloc"}));
  EXPECT_TRUE(Facts.referencesAnyFunction({"kvmalloc", "header_inline"}));
}
