//===--- FixItShapes.cpp - the statement that holds the call, and its place
//===//

#include "lib/FixItShapes.h"

#include "lib/FunctionParents.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;

namespace gfpscope {

bool containsCall(const Stmt *S) {
  if (!S)
    return false;
  if (isa<CallExpr, StmtExpr>(S))
    return true;
  for (const Stmt *Child : S->children())
    if (containsCall(Child))
      return true;
  return false;
}

namespace {

/// The steps of findStatement(), each of which may find that no scope can
/// wrap the call and say why.
class StatementFinder {
public:
  StatementFinder(const WrittenCall &W, const FunctionParents &Parents)
      : W(W), T(W.File->text()), Parents(Parents) {}

  /// The expression statement, assignment, declaration or return around
  /// \p Outermost.
  bool findForm(const Expr *Outermost, std::string &Why);
  /// Where the statement is: it must be a statement of a block, a label or
  /// a case, or the body of if/else/for/while/do.
  bool findContainer(std::string &Why);
  /// The statement's text: [first char, after ';') and what follows on its
  /// line.
  bool measure(llvm::ArrayRef<Edit> MaskEdits, std::string &Why);
  /// The place of the statement in its container.
  bool findPlace(std::string &Why);

  StatementShape Shape;

private:
  bool assignmentChain(const BinaryOperator *BO, std::string &Why);
  std::string whyNotAStatement(const Stmt *Up) const;

  const WrittenCall &W;
  const FileText &T;
  const FunctionParents &Parents;
  /// The call with the parentheses and casts around it.
  const Expr *X = nullptr;
};

bool StatementFinder::findForm(const Expr *Outermost, std::string &Why) {
  // Up from the call through parentheses and casts.
  X = Outermost;
  DynTypedNode Parent;
  while (true) {
    Parent = Parents.parent(*X);
    if (Parent.getNodeKind().isNone()) {
      Why = "the call is not inside a function body";
      return false;
    }
    const auto *PE = Parent.get<Expr>();
    if (PE &&
        (isa<ImplicitCastExpr>(PE) || (isa<ParenExpr, CStyleCastExpr>(PE) &&
                                       W.File->range(PE->getSourceRange())))) {
      X = PE;
      continue;
    }
    break;
  }
  if (const auto *Var = Parent.get<VarDecl>()) {
    if (Var->getInit() != X) {
      Why = "the call is part of a larger expression";
      return false;
    }
    const DeclStmt *DS = Parents.parent(*Var).get<DeclStmt>();
    if (!DS)
      Why = "the call initializes something other than a local variable";
    else if (!Var->hasLocalStorage() || Var->isStaticLocal())
      Why = "the variable is not a local one";
    else if (!DS->isSingleDecl())
      Why = "the declaration declares several variables";
    else if (Var->getType().isConstQualified())
      Why = "the variable is const";
    else if (!Var->getType()->isScalarType())
      Why = "the variable cannot be assigned";
    if (!Why.empty())
      return false;
    Shape.F = Form::Decl;
    Shape.S = Shape.Decl = DS;
    Shape.Value = X;
    return true;
  }
  const auto *PS = Parent.get<Stmt>();
  if (!PS) {
    Why = "the call is part of a larger expression";
    return false;
  }
  Shape.F = Form::ExprStmt;
  Shape.S = X;
  Shape.Value = X;
  if (const auto *BO = dyn_cast<BinaryOperator>(PS);
      BO && BO->getOpcode() == BO_Assign && BO->getRHS() == X)
    return assignmentChain(BO, Why);
  if (const auto *Ret = dyn_cast<ReturnStmt>(PS)) {
    Shape.F = Form::Return;
    Shape.S = Ret;
  }
  return true;
}

bool StatementFinder::assignmentChain(const BinaryOperator *BO,
                                      std::string &Why) {
  if (containsCall(BO->getLHS())) {
    Why = "the assigned-to expression contains a call";
    return false;
  }
  Shape.F = Form::Assign;
  Shape.S = BO;
  // A chain of assignments, `buf = p = call;` (fs/ubifs/lpt_commit.c):
  // the whole statement goes inside the scope.
  const Expr *Cur = BO;
  for (unsigned Depth = 0; Depth < 16; ++Depth) {
    const auto *UpE = Parents.parent(*Cur).get<Expr>();
    if (UpE && isa<ImplicitCastExpr>(UpE)) {
      Cur = UpE;
      continue;
    }
    const auto *Outer = dyn_cast_or_null<BinaryOperator>(UpE);
    if (!Outer || Outer->getOpcode() != BO_Assign || Outer->getRHS() != Cur)
      break;
    if (containsCall(Outer->getLHS())) {
      Why = "the assigned-to expression contains a call";
      return false;
    }
    Shape.S = Outer;
    Cur = Outer;
  }
  return true;
}

bool StatementFinder::findContainer(std::string &Why) {
  if (Shape.F == Form::Decl) {
    Shape.Container = Parents.parent(*Shape.Decl).get<CompoundStmt>();
    if (!Shape.Container)
      Why = "the declaration is not in a block";
    return Shape.Container != nullptr;
  }
  const Stmt *S = Shape.S;
  const Stmt *Up = Parents.parentStmt(*S);
  bool Position = false;
  if (!Up)
    Position = false;
  else if (isa<CompoundStmt>(Up))
    Position = true;
  else if (const auto *LS = dyn_cast<LabelStmt>(Up))
    Position = LS->getSubStmt() == S;
  else if (const auto *SC = dyn_cast<SwitchCase>(Up))
    Position = SC->getSubStmt() == S;
  else if (const auto *If = dyn_cast<IfStmt>(Up))
    Position = If->getThen() == S || If->getElse() == S;
  else if (const auto *For = dyn_cast<ForStmt>(Up))
    Position = For->getBody() == S;
  else if (const auto *While = dyn_cast<WhileStmt>(Up))
    Position = While->getBody() == S;
  else if (const auto *Do = dyn_cast<DoStmt>(Up))
    Position = Do->getBody() == S;
  if (!Position) {
    Why = whyNotAStatement(Up);
    return false;
  }
  Shape.Container = Up;
  if (const auto *LS = dyn_cast<LabelStmt>(Up)) {
    Shape.Container = Parents.parent(*LS).get<CompoundStmt>();
    if (!Shape.Container) {
      Why = "the label is not in a block";
      return false;
    }
  }
  return true;
}

/// Why the call's expression, below \p Up, is not a statement of its own.
std::string StatementFinder::whyNotAStatement(const Stmt *Up) const {
  if (Up && isa<CallExpr>(Up) && Shape.S == X)
    return "the call is an argument of another call";
  // Up the expression to its statement: a condition?
  const Stmt *E = Shape.S;
  for (unsigned Depth = 0; Up && isa<Expr>(Up) && Depth < 64; ++Depth) {
    E = Up;
    Up = Parents.parentStmt(*Up);
  }
  bool Condition =
      Up && ((isa<IfStmt>(Up) && cast<IfStmt>(Up)->getCond() == E) ||
             (isa<WhileStmt>(Up) && cast<WhileStmt>(Up)->getCond() == E) ||
             (isa<DoStmt>(Up) && cast<DoStmt>(Up)->getCond() == E) ||
             (isa<ForStmt>(Up) && cast<ForStmt>(Up)->getCond() == E) ||
             (isa<SwitchStmt>(Up) && cast<SwitchStmt>(Up)->getCond() == E));
  return Condition ? "the call is part of a condition"
                   : "the call is part of a larger expression";
}

bool StatementFinder::measure(llvm::ArrayRef<Edit> MaskEdits,
                              std::string &Why) {
  auto SR = W.File->range(Shape.S->getSourceRange());
  if (!SR || SR->first > W.Begin || SR->second < W.End) {
    Why = "the statement is not written in one piece";
    return false;
  }
  Shape.SBegin = SR->first;
  Shape.SEnd = SR->second;
  if (Shape.F != Form::Decl) {
    unsigned Semi = T.skipSpace(Shape.SEnd, /*StopAtNewline=*/false);
    if (T.at(Semi) != ';') {
      Why = "the statement's ';' was not found";
      return false;
    }
    Shape.SEnd = Semi + 1;
  }
  for (const Edit &E : MaskEdits)
    if (E.Begin < Shape.SBegin || E.End > Shape.SEnd) {
      Why = "the mask is outside the statement";
      return false;
    }
  unsigned Tail = T.skipSpace(Shape.SEnd, /*StopAtNewline=*/true);
  Shape.ReplEnd = Tail;
  if (T.at(Tail) == '\n' || Tail >= T.text().size()) {
    Shape.Tail = T.slice(Shape.SEnd, Tail).rtrim(" \t\r").str();
  } else {
    Shape.CodeFollows = true;
    if (!T.onlySpace(Shape.SEnd, Tail)) {
      Why = "a comment and code follow the statement";
      return false;
    }
  }
  Shape.Indent = T.indentOf(Shape.SBegin).str();
  bool InBody = isa<IfStmt, ForStmt, WhileStmt, DoStmt>(Shape.Container);
  if (!T.startsLine(Shape.SBegin) && !InBody) {
    Why = "the statement does not start its own line";
    return false;
  }
  if (T.touchesDirective(Shape.SBegin, Shape.ReplEnd)) {
    Why = "a preprocessor directive is inside the statement";
    return false;
  }
  return true;
}

bool StatementFinder::findPlace(std::string &Why) {
  const Stmt *C = Shape.Container;
  if (isa<IfStmt, ForStmt, WhileStmt, DoStmt>(C)) {
    Shape.P = Place::Body;
    return true;
  }
  if (isa<SwitchCase>(C)) {
    // The outermost label of the chain is the switch body's child.
    const Stmt *Up = C;
    DynTypedNode Parent = Parents.parent(*Up);
    while (const auto *Outer = Parent.get<SwitchCase>()) {
      Up = Outer;
      Parent = Parents.parent(*Up);
    }
    Shape.P = Place::Case;
    Shape.OuterLabel = Up;
    Shape.SwitchBody = Parent.get<CompoundStmt>();
    if (!Shape.SwitchBody)
      Why = "the case label is not in the switch's block";
    return Shape.SwitchBody != nullptr;
  }
  // A statement among the cases of a switch, after the first of its case.
  Shape.P =
      Parents.parent(*C).get<SwitchStmt>() ? Place::SwitchBlock : Place::Block;
  return true;
}

} // namespace

std::optional<StatementShape>
findStatement(const WrittenCall &Call, const Expr *Outermost,
              llvm::ArrayRef<Edit> MaskEdits, const FunctionParents &Parents,
              const SourceManager &SM, NoFix &Why) {
  Why.Loc = SM.getFileLoc(Call.Call->getBeginLoc());
  StatementFinder Finder(Call, Parents);
  if (!Finder.findForm(Outermost, Why.Why) || !Finder.findContainer(Why.Why) ||
      !Finder.measure(MaskEdits, Why.Why) || !Finder.findPlace(Why.Why))
    return std::nullopt;
  return Finder.Shape;
}

} // namespace gfpscope
