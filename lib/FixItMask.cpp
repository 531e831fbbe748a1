//===--- FixItMask.cpp - GFP_NOFS -> GFP_KERNEL, the other modifiers kept -===//

#include "lib/FixItMask.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Preprocessor.h"

using namespace clang;

namespace gfpscope {

namespace {

bool containsNode(const Stmt *Haystack, const Stmt *Needle) {
  if (!Haystack)
    return false;
  if (Haystack == Needle)
    return true;
  for (const Stmt *Child : Haystack->children())
    if (containsNode(Child, Needle))
      return true;
  return false;
}

const VarDecl *firstVariable(const Stmt *S) {
  if (!S)
    return nullptr;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
      return Var;
  for (const Stmt *Child : S->children())
    if (const VarDecl *Var = firstVariable(Child))
      return Var;
  return nullptr;
}

uint64_t widthMask(const ASTContext &Ctx, QualType T) {
  if (T.isNull() || !T->isIntegerType())
    return ~uint64_t(0);
  unsigned Bits = Ctx.getTypeSize(T);
  return Bits >= 64 ? ~uint64_t(0) : (uint64_t(1) << Bits) - 1;
}

/// The value of \p E with the sub-expression \p Sub taking the value
/// \p Value: the bitwise operators, casts and parentheses a gfp mask is made
/// of are folded here, anything not containing \p Sub is evaluated by clang.
std::optional<uint64_t> evaluateWith(const Expr *E, const Expr *Sub,
                                     uint64_t Value, const ASTContext &Ctx,
                                     unsigned Depth = 0) {
  if (!E || Depth > 64)
    return std::nullopt;
  if (E == Sub)
    return Value;
  if (!containsNode(E, Sub)) {
    Expr::EvalResult R;
    if (E->isValueDependent() || !E->EvaluateAsInt(R, Ctx))
      return std::nullopt;
    return R.Val.getInt().getZExtValue();
  }
  if (const auto *PE = dyn_cast<ParenExpr>(E))
    return evaluateWith(PE->getSubExpr(), Sub, Value, Ctx, Depth + 1);
  if (const auto *CE = dyn_cast<CastExpr>(E)) {
    auto Inner = evaluateWith(CE->getSubExpr(), Sub, Value, Ctx, Depth + 1);
    if (!Inner)
      return std::nullopt;
    return *Inner & widthMask(Ctx, CE->getType());
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
    auto L = evaluateWith(BO->getLHS(), Sub, Value, Ctx, Depth + 1);
    auto R = evaluateWith(BO->getRHS(), Sub, Value, Ctx, Depth + 1);
    if (!L || !R)
      return std::nullopt;
    switch (BO->getOpcode()) {
    case BO_Or:
      return *L | *R;
    case BO_And:
      return *L & *R;
    case BO_Xor:
      return *L ^ *R;
    default:
      return std::nullopt;
    }
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(E);
      UO && UO->getOpcode() == UO_Not) {
    auto Inner = evaluateWith(UO->getSubExpr(), Sub, Value, Ctx, Depth + 1);
    if (!Inner)
      return std::nullopt;
    return ~*Inner & widthMask(Ctx, UO->getType());
  }
  return std::nullopt;
}

using OffsetRange = std::pair<unsigned, unsigned>;

/// The steps of rewriteMask(), on one gfp argument.
class MaskRewriter {
public:
  MaskRewriter(const ScopeFixRequest &R, const WrittenCall &W,
               const ASTContext &Ctx)
      : R(R), W(W), Ctx(Ctx), SM(Ctx.getSourceManager()),
        Arg(R.Call->getArg(R.GfpArgIndex)) {}

  std::optional<std::vector<Edit>> run(const std::optional<GfpLayout> &Layout,
                                       Preprocessor *PP, std::string &Why);

private:
  std::optional<OffsetRange> userRange(const Expr *E) const;
  const Expr *userOperand(const Expr *E) const;
  bool written(SourceLocation Loc) const;
  void flatten(const Expr *E);
  bool splitTerms(uint64_t Kernel, std::string &Why);
  bool hasWantedValue(uint64_t Old, const GfpLayout &L, std::string &Why);
  std::vector<Edit> edits() const;

  const ScopeFixRequest &R;
  const WrittenCall &W;
  const ASTContext &Ctx;
  const SourceManager &SM;
  const Expr *Arg;
  /// The part of the argument the user wrote, and its offsets.
  const Expr *Operand = nullptr;
  OffsetRange OpRange;
  /// The operand without its written parentheses.
  const Expr *Inner = nullptr;
  /// The terms `|`-ed together in the operand as written.
  llvm::SmallVector<const Expr *, 8> Terms;
  /// The terms with reclaim bits (GFP_NOFS), and the text of the others.
  llvm::SmallVector<OffsetRange, 4> ReclaimTerms;
  std::vector<std::string> ModifierTexts;
  uint64_t Modifiers = 0;
};

std::optional<std::vector<Edit>>
MaskRewriter::run(const std::optional<GfpLayout> &L, Preprocessor *PP,
                  std::string &Why) {
  Expr::EvalResult Eval;
  if (Arg->isValueDependent() || !Arg->EvaluateAsInt(Eval, Ctx)) {
    const VarDecl *Var = firstVariable(Arg);
    if (Var && isa<ParmVarDecl>(Var))
      // A wrapper that restricts its parameter (issue 13): nothing to
      // rewrite at a definition.
      Why = ("the mask is computed from parameter '" + Var->getName() +
             "'; drop the restriction and add the scope by hand")
                .str();
    else if (Var)
      Why = ("the mask is held in variable '" + Var->getName() +
             "'; rewrite its definition and add the scope by hand")
                .str();
    else
      Why = "the mask is not a constant expression";
    return std::nullopt;
  }
  uint64_t Old = Eval.Val.getInt().getZExtValue();
  if (!L || !L->gfpKernel() || !PP || !PP->isMacroDefined("GFP_KERNEL")) {
    Why = "GFP_KERNEL and __GFP_KSWAPD_RECLAIM are not defined in this "
          "translation unit";
    return std::nullopt;
  }
  if (std::optional<std::string> Broken = unspellableGfpKernelPart(*PP)) {
    Why = "'" + *Broken +
          "' is defined here as a macro that GFP_KERNEL cannot be built of";
    return std::nullopt;
  }

  // The part of the argument the user wrote (6.10+ kvzalloc() wraps it in
  // `(_flags)|__GFP_ZERO`).
  Operand = userOperand(Arg);
  if (!Operand) {
    Why = "the mask is spelled inside a macro definition";
    return std::nullopt;
  }
  OpRange = *userRange(Operand);
  Inner = Operand->IgnoreImpCasts();
  if (const auto *PE = dyn_cast<ParenExpr>(Inner);
      PE && written(PE->getLParen()) && written(PE->getRParen()))
    Inner = PE->getSubExpr()->IgnoreImpCasts();
  flatten(Inner);
  if (!splitTerms(L->gfpKernel(), Why) || !hasWantedValue(Old, *L, Why))
    return std::nullopt;
  return edits();
}

std::optional<OffsetRange> MaskRewriter::userRange(const Expr *E) const {
  auto FR = W.File->range(E->getSourceRange());
  if (!FR || FR->first < W.Begin || FR->second > W.End)
    return std::nullopt;
  return FR;
}

const Expr *MaskRewriter::userOperand(const Expr *E) const {
  if (userRange(E))
    return E;
  E = E->IgnoreImpCasts();
  if (const auto *PE = dyn_cast<ParenExpr>(E))
    return userOperand(PE->getSubExpr());
  if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
    if (const Expr *Found = userOperand(BO->getLHS()))
      return Found;
    return userOperand(BO->getRHS());
  }
  return nullptr;
}

/// A token written by the user inside the call (not in a macro body).
bool MaskRewriter::written(SourceLocation Loc) const {
  auto [F, O] = SM.getDecomposedLoc(SM.getSpellingLoc(Loc));
  return F == W.File->id() && O >= OpRange.first && O < OpRange.second &&
         SM.getFileLoc(Loc) == SM.getSpellingLoc(Loc);
}

void MaskRewriter::flatten(const Expr *E) {
  const Expr *I = E->IgnoreImpCasts();
  if (const auto *PE = dyn_cast<ParenExpr>(I);
      PE && written(PE->getLParen()) && written(PE->getRParen())) {
    const Expr *Sub = PE->getSubExpr()->IgnoreImpCasts();
    if (const auto *BO = dyn_cast<BinaryOperator>(Sub);
        BO && BO->getOpcode() == BO_Or && written(BO->getOperatorLoc())) {
      flatten(Sub);
      return;
    }
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(I);
      BO && BO->getOpcode() == BO_Or && written(BO->getOperatorLoc())) {
    flatten(BO->getLHS());
    flatten(BO->getRHS());
    return;
  }
  Terms.push_back(E);
}

/// Sorts the terms into those with reclaim bits, which become GFP_KERNEL,
/// and the modifiers, kept as written.
bool MaskRewriter::splitTerms(uint64_t Kernel, std::string &Why) {
  for (const Expr *T : Terms) {
    auto TR = userRange(T);
    Expr::EvalResult TV;
    if (!TR || T->isValueDependent() || !T->EvaluateAsInt(TV, Ctx)) {
      Why = "part of the mask is not a constant written here";
      return false;
    }
    uint64_t V = TV.Val.getInt().getZExtValue();
    if (V & Kernel) {
      ReclaimTerms.push_back(*TR);
    } else {
      Modifiers |= V;
      ModifierTexts.push_back(
          W.File->text().slice(TR->first, TR->second).str());
    }
  }
  return true;
}

/// The new mask is the old one with __GFP_FS (and __GFP_IO) added, and the
/// allocator does not take them away again.
bool MaskRewriter::hasWantedValue(uint64_t Old, const GfpLayout &L,
                                  std::string &Why) {
  uint64_t Kernel = L.gfpKernel();
  uint64_t Wanted =
      Old | L.FS | (R.Restriction == GfpRestriction::NoIO ? L.IO : 0);
  std::optional<uint64_t> New =
      evaluateWith(Arg, Operand, Kernel | Modifiers, Ctx);
  std::string Written0 =
      W.File->text().slice(OpRange.first, OpRange.second).str();
  if (ReclaimTerms.empty() || !New || *New != Wanted) {
    Why = "no mask built on GFP_KERNEL has the value of '" + Written0 +
          "' with __GFP_FS" +
          (R.Restriction == GfpRestriction::NoIO ? " and __GFP_IO" : "") +
          " added";
    return false;
  }
  uint64_t Effective = (*New & R.AndMask) | R.OrMask;
  if (R.StaysUnsafe ? R.StaysUnsafe(*New)
                    : classifyMask(Effective, L) != GfpRestriction::None) {
    if (R.Wrapper)
      Why = ("'" + R.Wrapper->getName() +
             "' restricts the mask it is given itself; fix the wrapper")
                .str();
    else
      Why = "the allocator restricts the mask itself";
    return false;
  }
  return true;
}

std::vector<Edit> MaskRewriter::edits() const {
  if (ReclaimTerms.size() == 1)
    return {{ReclaimTerms[0].first, ReclaimTerms[0].second, "GFP_KERNEL"}};
  auto InnerRange = userRange(Inner);
  if (!InnerRange)
    InnerRange = OpRange;
  std::string Text = "GFP_KERNEL";
  for (const std::string &M : ModifierTexts)
    Text += " | " + M;
  return {{InnerRange->first, InnerRange->second, Text}};
}

} // namespace

std::optional<std::vector<Edit>>
rewriteMask(const ScopeFixRequest &R, const WrittenCall &Call,
            const std::optional<GfpLayout> &Layout, Preprocessor *PP,
            const ASTContext &Ctx, NoFix &Why) {
  Why.Loc = Ctx.getSourceManager().getFileLoc(
      R.Call->getArg(R.GfpArgIndex)->getBeginLoc());
  return MaskRewriter(R, Call, Ctx).run(Layout, PP, Why.Why);
}

} // namespace gfpscope
