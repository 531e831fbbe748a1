#include "lib/FunctionParents.h"
#include "TestAST.h"

#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "gtest/gtest.h"

using namespace gfpscope;
using namespace clang;
using namespace clang::ast_matchers;

namespace {

/// Every statement, declaration and type written in a function body.
class Nodes : public RecursiveASTVisitor<Nodes> {
public:
  bool shouldVisitImplicitCode() const { return true; }
  bool VisitStmt(Stmt *S) {
    All.push_back(DynTypedNode::create(*S));
    return true;
  }
  bool VisitDecl(Decl *D) {
    All.push_back(DynTypedNode::create(*D));
    return true;
  }
  bool VisitTypeLoc(TypeLoc TL) {
    All.push_back(DynTypedNode::create(TL));
    return true;
  }
  std::vector<DynTypedNode> All;
};

/// The forms the fix-it code walks through: statement expressions with
/// typeof() (6.10+ alloc_hooks()), declarations, labels, cases, unbraced
/// bodies, casts, VLAs, `?:`. (Not initializer lists: ASTContext gives
/// the parents of their syntactic form, ParentMap of their semantic one.)
const char *Code = R"(
typedef unsigned long size_t;
void *alloc(size_t n, unsigned int flags);
int cond(void);
#define hooks(_do)                                                            \
  ({                                                                          \
    typeof(_do) _res;                                                         \
    if (cond())                                                               \
      _res = _do;                                                             \
    else                                                                      \
      _res = _do;                                                             \
    _res;                                                                     \
  })
void *f(int n)
{
  void *p = hooks(alloc(8, 1)), *q;
  char vla[n + 1];
  struct { int a; } s;
  int k = sizeof(typeof(alloc(1, 2)));

  s.a = n;
  q = (typeof(p))alloc(2, 3);
  switch (n) {
  case 1:
  case 2:
    q = alloc(3, 4);
    break;
  default:
    p = q ?: alloc(4, 5);
  }
again:
  if (cond())
    p = hooks(alloc(5, s.a));
  else if (!q)
    goto again;
  for (int i = 0; i < n; i++)
    vla[i] = 0;
  do
    q = alloc(k, 6);
  while (!q);
  return p ? p : alloc(k, vla[0]);
}
)";

TEST(FunctionParents, AsTheParentMapOfTheUnit) {
  auto AST = test::parseC(Code);
  ASSERT_TRUE(AST);
  ASTContext &Ctx = AST->getASTContext();
  auto Found = match(functionDecl(hasName("f"), isDefinition()).bind("f"), Ctx);
  ASSERT_EQ(Found.size(), 1u);
  const auto *F = Found.front().getNodeAs<FunctionDecl>("f");
  FunctionParents Parents(F->getBody());
  Nodes N;
  N.TraverseStmt(F->getBody());
  ASSERT_GT(N.All.size(), 200u);
  unsigned InTypes = 0;
  for (const DynTypedNode &Node : N.All) {
    if (Node.get<Stmt>() == F->getBody()) {
      // The body's parent is the function, outside the map.
      EXPECT_TRUE(Parents.parent(Node).getNodeKind().isNone());
      continue;
    }
    // The OpaqueValueExpr of `q ?: ...` is shared by two parents; ParentMap
    // keeps the last, ASTContext the first. No call is ever one.
    if (Node.get<OpaqueValueExpr>())
      continue;
    DynTypedNodeList Expected = Ctx.getParents(Node);
    ASSERT_FALSE(Expected.empty());
    DynTypedNode Got = Parents.parent(Node);
    EXPECT_TRUE(Got == Expected[0])
        << Node.getNodeKind().asStringRef().str() << " at "
        << Node.getSourceRange().printToString(Ctx.getSourceManager()) << ": "
        << Got.getNodeKind().asStringRef().str() << " instead of "
        << Expected[0].getNodeKind().asStringRef().str();
    if (Node.get<Stmt>() && Expected[0].get<TypeLoc>())
      ++InTypes;
  }
  // The operands of typeof() and the VLA bound were among them.
  EXPECT_GE(InTypes, 5u);
}

TEST(FunctionParents, AStatementsParentStatement) {
  auto AST = test::parseC(Code);
  ASSERT_TRUE(AST);
  const auto *Call = test::findFirst<CallExpr>(
      *AST, "call",
      callExpr(callee(functionDecl(hasName("alloc"))),
               hasArgument(1, ignoringImpCasts(integerLiteral(equals(3)))))
          .bind("call"));
  const auto *F = test::findFirst<FunctionDecl>(
      *AST, "f", stmt(forCallable(functionDecl().bind("f"))));
  ASSERT_TRUE(Call && F);
  FunctionParents Parents(F->getBody());
  // alloc(2, 3) <- (typeof(p)) <- `q = ...` <- the body.
  const Stmt *Cast = Parents.parentStmt(*Call);
  ASSERT_TRUE(Cast && isa<CStyleCastExpr>(Cast));
  const Stmt *Assign = Parents.parentStmt(*Cast);
  ASSERT_TRUE(Assign && isa<BinaryOperator>(Assign));
  EXPECT_EQ(Parents.parentStmt(*Assign), F->getBody());
  // A variable's initializer: its parent is the variable, not a statement.
  const auto *Init = test::findFirst<StmtExpr>(*AST, "e", stmtExpr().bind("e"));
  ASSERT_TRUE(Init);
  EXPECT_EQ(Parents.parentStmt(*Init), nullptr);
  EXPECT_TRUE(Parents.parent(*Init).get<VarDecl>());
}

TEST(FunctionParents, NothingWithoutABody) {
  FunctionParents None(nullptr);
  auto AST = test::parseC(Code);
  const auto *Call = test::findFirst<CallExpr>(*AST, "c", callExpr().bind("c"));
  ASSERT_TRUE(Call);
  EXPECT_TRUE(None.parent(*Call).getNodeKind().isNone());
}

} // namespace
