//===--- FixIt.cpp - rewrite a NOFS/NOIO allocation to the scope API ------===//

#include "lib/FixIt.h"

#include "lib/ScopeCoverage.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/Stmt.h"
#include "clang/Basic/CharInfo.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/HeaderSearch.h"
#include "clang/Lex/Lexer.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <algorithm>
#include <set>

using namespace clang;

namespace gfpscope {

unsigned displayWidth(StringRef Line) {
  unsigned Col = 0;
  for (char C : Line)
    Col = C == '\t' ? (Col / 8 + 1) * 8 : Col + 1;
  return Col;
}

std::vector<std::string> scopeCommentLines(StringRef Text, StringRef Indent,
                                           unsigned MaxColumns) {
  Text = Text.trim();
  if (Text.empty())
    return {};
  std::string One = ("/* " + Text + " */").str();
  if (displayWidth((Indent + One).str()) <= MaxColumns)
    return {One};
  // `/* first words` / ` * more words` / ` */`: the form checkpatch accepts
  // everywhere, networking code included.
  std::vector<std::string> Lines;
  std::string Line = "/*";
  llvm::SmallVector<StringRef, 16> Words;
  Text.split(Words, ' ', -1, /*KeepEmpty=*/false);
  for (StringRef Word : Words) {
    std::string Next = Line + " " + Word.str();
    if (displayWidth((Indent + Next).str()) > MaxColumns && Line != "/*" &&
        Line != " *") {
      Lines.push_back(Line);
      Line = " * " + Word.str();
    } else {
      Line = Next;
    }
  }
  Lines.push_back(Line);
  Lines.push_back(" */");
  return Lines;
}

namespace {

/// One edit in the user's file: replace [Begin, End) with Text.
struct Edit {
  unsigned Begin;
  unsigned End;
  std::string Text;
};

/// Line-oriented views of one file's text.
class FileText {
public:
  explicit FileText(StringRef Buf) : Buf(Buf) {}

  StringRef text() const { return Buf; }
  StringRef slice(unsigned B, unsigned E) const { return Buf.slice(B, E); }
  char at(unsigned Off) const { return Off < Buf.size() ? Buf[Off] : '\0'; }

  unsigned lineStart(unsigned Off) const {
    // StringRef::rfind(C, From) looks at the positions before From.
    size_t Pos = Buf.rfind('\n', Off);
    return Pos == StringRef::npos ? 0 : Pos + 1;
  }
  unsigned lineEnd(unsigned Off) const {
    size_t Pos = Buf.find('\n', Off);
    return Pos == StringRef::npos ? Buf.size() : Pos;
  }
  StringRef indentOf(unsigned Off) const {
    unsigned B = lineStart(Off), E = B;
    while (E < Buf.size() && (Buf[E] == ' ' || Buf[E] == '\t'))
      ++E;
    return Buf.slice(B, E);
  }
  bool startsLine(unsigned Off) const {
    return Buf.slice(lineStart(Off), Off).trim(" \t").empty();
  }
  bool isBlankLine(unsigned LineBegin) const {
    return Buf.slice(LineBegin, lineEnd(LineBegin)).trim(" \t\r").empty();
  }

  /// Skips blanks and comments from \p Off; stops at the first newline
  /// outside a comment when \p StopAtNewline. Returns the offset reached.
  unsigned skipSpace(unsigned Off, bool StopAtNewline) const {
    while (Off < Buf.size()) {
      char C = Buf[Off];
      if (C == ' ' || C == '\t' || C == '\r' || C == '\f' || C == '\v') {
        ++Off;
      } else if (C == '\n') {
        if (StopAtNewline)
          return Off;
        ++Off;
      } else if (Buf.substr(Off).starts_with("//")) {
        Off = lineEnd(Off);
      } else if (Buf.substr(Off).starts_with("/*")) {
        size_t End = Buf.find("*/", Off + 2);
        if (End == StringRef::npos)
          return Buf.size();
        Off = End + 2;
      } else {
        return Off;
      }
    }
    return Off;
  }

  bool onlySpace(unsigned B, unsigned E) const {
    return Buf.slice(B, E).trim(" \t\r\n").empty();
  }

  /// True when a preprocessor directive (or the continuation of one) is on
  /// any line that [B, E] touches.
  bool touchesDirective(unsigned B, unsigned E) const {
    unsigned L = lineStart(B);
    if (L > 0) {
      // A continued directive: the line before ends with a backslash.
      unsigned PrevEnd = L - 1;
      StringRef Prev = Buf.slice(lineStart(PrevEnd), PrevEnd).rtrim(" \t\r");
      if (Prev.ends_with("\\"))
        return true;
    }
    while (L <= E && L < Buf.size()) {
      unsigned LE = lineEnd(L);
      StringRef Line = Buf.slice(L, LE).ltrim(" \t");
      if (Line.starts_with("#"))
        return true;
      L = LE + 1;
    }
    return false;
  }

  /// True when the preprocessor conditionals on the lines strictly between
  /// the lines of \p B and \p E are balanced: code at \p B and at \p E is
  /// compiled under the same conditions. Other directives do not matter.
  bool sameConditions(unsigned B, unsigned E) const {
    unsigned L = lineEnd(B) + 1, Last = lineStart(E);
    int Depth = 0;
    while (L < Last && L < Buf.size()) {
      unsigned LE = lineEnd(L);
      StringRef Line = Buf.slice(L, LE).ltrim(" \t");
      if (Line.consume_front("#")) {
        Line = Line.ltrim(" \t");
        if (Line.starts_with("if"))
          ++Depth;
        else if (Line.starts_with("endif"))
          --Depth;
        else if ((Line.starts_with("el")) && Depth == 0)
          return false;
        if (Depth < 0)
          return false;
      }
      L = LE + 1;
    }
    return Depth == 0;
  }

private:
  StringRef Buf;
};

/// Moves the continuation lines of \p Text by \p Delta columns, as the
/// text moves from one column to another: a call's arguments aligned with
/// its parenthesis stay aligned. Tabs then spaces when \p Tabs.
std::string shiftLines(StringRef Text, int Delta, bool Tabs) {
  if (Delta == 0 || !Text.contains('\n'))
    return Text.str();
  llvm::SmallVector<StringRef, 8> Lines;
  Text.split(Lines, '\n');
  std::string Out = Lines.front().str();
  for (size_t I = 1; I < Lines.size(); ++I) {
    StringRef Line = Lines[I];
    StringRef Rest = Line.ltrim(" \t");
    Out += "\n";
    if (Rest.empty())
      continue;
    int Width = int(displayWidth(Line.take_front(Line.size() - Rest.size())));
    Width = std::max(0, Width + Delta);
    if (Tabs)
      Out += std::string(Width / 8, '\t') + std::string(Width % 8, ' ');
    else
      Out += std::string(Width, ' ');
    Out += Rest.str();
  }
  return Out;
}

bool isIdentifier(StringRef Name) {
  if (Name.empty() || !isAsciiIdentifierStart(Name[0]))
    return false;
  return llvm::all_of(Name,
                      [](char C) { return isAsciiIdentifierContinue(C); });
}

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

bool referencesDecl(const Stmt *S, const ValueDecl *D) {
  if (!S)
    return false;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(S); Ref && Ref->getDecl() == D)
    return true;
  for (const Stmt *Child : S->children())
    if (referencesDecl(Child, D))
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

/// How the statement holding the call is shaped.
enum class Form { ExprStmt, Assign, Decl, Return };

/// Where that statement sits.
enum class Place { Block, Body, Case };

} // namespace

struct ScopeFixBuilder::Impl {
  Impl(ASTContext &Ctx, Preprocessor *PP, ScopeFixOptions Options)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), LO(Ctx.getLangOpts()), PP(PP),
        Opts(std::move(Options)) {
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
  std::optional<std::optional<GfpLayout>> Layout;
  std::optional<PFLayout> PF;
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<ScopeCoverage>> Coverage;
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
    FileID FID;
    std::optional<FileText> Text;
    unsigned TargetBegin = 0, TargetEnd = 0; ///< The call as written.
    const Expr *UserCall = nullptr;          ///< Outermost node of the call.
    std::vector<Edit> MaskEdits;
    ScopeFamily Family = ScopeFamily::NoFS;
    std::string Cookie;
    // The statement.
    Form F = Form::ExprStmt;
    const Stmt *S = nullptr;
    const Expr *Value = nullptr;   ///< Returned / assigned / initialising expr.
    unsigned SBegin = 0, SEnd = 0; ///< [first char, after ';')
    unsigned ReplEnd = 0;          ///< End of the replaced text (tail incl.)
    bool CodeFollows = false;
    std::string Tail; ///< Trailing comment kept on the statement's line.
    std::string Indent;
  };

  ScopeFix fail(const Work &W, SourceLocation Loc, const Twine &Why) {
    ScopeFix F;
    F.NoFixReason = ("no fix-it: " + Why).str();
    F.NoteLoc = Loc.isValid() ? Loc : SM.getFileLoc(W.Req->Call->getBeginLoc());
    return F;
  }

  SourceLocation loc(const Work &W, unsigned Off) const {
    return SM.getComposedLoc(W.FID, Off);
  }

  /// The file range of \p R as the user wrote it, in the file of \p W.
  std::optional<std::pair<unsigned, unsigned>> fileRange(const Work &W,
                                                         SourceRange R) const {
    if (R.isInvalid())
      return std::nullopt;
    CharSourceRange C =
        Lexer::makeFileCharRange(CharSourceRange::getTokenRange(R), SM, LO);
    if (C.isInvalid())
      return std::nullopt;
    auto [BF, BO] = SM.getDecomposedLoc(C.getBegin());
    auto [EF, EO] = SM.getDecomposedLoc(C.getEnd());
    if (BF != W.FID || EF != W.FID || EO < BO)
      return std::nullopt;
    return std::make_pair(BO, EO);
  }

  const std::optional<GfpLayout> &layout() {
    if (!Layout)
      Layout = PP ? readGfpLayout(Ctx, *PP) : std::nullopt;
    return *Layout;
  }

  ScopeCoverage &coverage(const FunctionDecl *F) {
    if (!PF)
      PF = PP ? readPFLayout(Ctx, *PP) : PFLayout();
    std::unique_ptr<ScopeCoverage> &C = Coverage[F];
    if (!C)
      C = std::make_unique<ScopeCoverage>(F, Ctx, &*PF);
    return *C;
  }

  // Steps of build().
  bool locateCall(Work &W, std::string &Why, SourceLocation &WhyLoc);
  bool rewriteMask(Work &W, std::string &Why, SourceLocation &WhyLoc);
  ScopeFix finish(Work &W, std::vector<Edit> Edits, bool MaskOnly);
  ScopeFix scopeFix(Work &W);
  bool scopeApiAvailable(const Work &W, std::string &Why, bool &NeedsHeader);

  // Statement forms.
  ScopeFix blockFix(Work &W, const CompoundStmt *Block);
  ScopeFix declFix(Work &W, const DeclStmt *DS, const CompoundStmt *Block);
  ScopeFix bodyFix(Work &W, const Stmt *Parent);
  ScopeFix caseFix(Work &W, const SwitchCase *Case, const CompoundStmt *Body);
  ScopeFix newBlockFix(Work &W);

  std::string freshName(const FunctionDecl *F, StringRef Base);
  std::string statementText(const Work &W) const;
  std::string valueText(const Work &W, unsigned &Begin, unsigned &ErrOut) const;
  std::string scopeBody(const Work &W, StringRef Ind, bool Declare) const;
  std::optional<std::string> returnScope(Work &W, StringRef Ind,
                                         std::string &Why);
  std::optional<std::string> tempDeclaration(const Work &W,
                                             StringRef Name) const;
  std::vector<std::pair<unsigned, std::string>>
  cookieSlots(const Work &W, const CompoundStmt *Block) const;
  bool conflicts(const Work &W, const Edit &E) const;
  StringRef unit(const Work &W) const;
  /// The column of \p Off in the original file.
  unsigned column(const Work &W, unsigned Off) const {
    return displayWidth(W.Text->slice(W.Text->lineStart(Off), Off));
  }
  /// \p Text that started at \p From, placed after \p Prefix.
  std::string moved(const Work &W, StringRef Text, unsigned From,
                    StringRef Prefix) const {
    bool Tabs = W.Indent.empty() || StringRef(W.Indent).contains('\t');
    return shiftLines(Text, int(displayWidth(Prefix)) - int(column(W, From)),
                      Tabs);
  }
};

// --- Locating the call as the user wrote it --------------------------------

bool ScopeFixBuilder::Impl::locateCall(Work &W, std::string &Why,
                                       SourceLocation &WhyLoc) {
  const CallExpr *Call = W.Req->Call;
  SourceLocation Begin = Call->getBeginLoc();
  CharSourceRange Target;
  if (Begin.isFileID() && Call->getEndLoc().isFileID()) {
    Target = CharSourceRange::getTokenRange(Call->getSourceRange());
  } else {
    // Spelled through macros: acceptable only when the outermost one is the
    // allocator itself (6.10+ `kvmalloc(...)` -> alloc_hooks()).
    SourceLocation Loc = Begin, Last;
    StringRef Outer;
    while (Loc.isMacroID()) {
      Outer = Lexer::getImmediateMacroName(Loc, SM, LO);
      Last = Loc;
      Loc = SM.getImmediateMacroCallerLoc(Loc);
    }
    if (Last.isInvalid())
      return false;
    if (!W.Req->IsAllocatorMacro || !W.Req->IsAllocatorMacro(Outer)) {
      Why = SM.isMacroArgExpansion(Last)
                ? ("the call is an argument of macro '" + Outer + "'").str()
                : ("the call is spelled inside the definition of macro '" +
                   Outer + "'")
                      .str();
      return false;
    }
    Target = SM.getImmediateExpansionRange(Last);
  }
  CharSourceRange File = Lexer::makeFileCharRange(Target, SM, LO);
  if (File.isInvalid()) {
    Why = "the call is not spelled in one piece in this file";
    return false;
  }
  // Nor in an argument of a macro of the user's (`MY_CHECK(kvmalloc(...))`):
  // the whole expansion starts at the allocator's name.
  SourceLocation Top = SM.getExpansionLoc(Begin);
  if (Begin.isMacroID() && Top != File.getBegin()) {
    StringRef Name;
    bool Invalid = false;
    StringRef Rest = SM.getCharacterData(Top, &Invalid);
    if (!Invalid)
      Name =
          Rest.take_while([](char C) { return isAsciiIdentifierContinue(C); });
    Why = ("the call is an argument of macro '" + Name + "'").str();
    return false;
  }
  auto [BF, BO] = SM.getDecomposedLoc(File.getBegin());
  auto [EF, EO] = SM.getDecomposedLoc(File.getEnd());
  if (BF != EF || EO <= BO)
    return false;
  if (SM.isInSystemHeader(File.getBegin())) {
    Why = "the call is in a system header";
    return false;
  }
  W.FID = BF;
  W.TargetBegin = BO;
  W.TargetEnd = EO;
  bool Invalid = false;
  StringRef Buf = SM.getBufferData(W.FID, &Invalid);
  if (Invalid)
    return false;
  W.Text.emplace(Buf);

  // The outermost node that is still part of the call (the statement
  // expression of alloc_hooks()).
  auto Inside = [&](SourceRange R) {
    if (R.isInvalid())
      return false;
    auto [F1, O1] = SM.getDecomposedLoc(SM.getFileLoc(R.getBegin()));
    auto [F2, O2] = SM.getDecomposedLoc(SM.getFileLoc(R.getEnd()));
    return F1 == W.FID && F2 == W.FID && O1 >= W.TargetBegin &&
           O2 < W.TargetEnd;
  };
  DynTypedNode Node = DynTypedNode::create(*Call);
  W.UserCall = Call;
  for (unsigned Depth = 0; Depth < 64; ++Depth) {
    DynTypedNodeList Parents = Ctx.getParents(Node);
    if (Parents.empty())
      break;
    const DynTypedNode &Parent = Parents[0];
    if (!Inside(Parent.getSourceRange()))
      break;
    Node = Parent;
    if (const auto *E = Parent.get<Expr>(); E && !isa<ImplicitCastExpr>(E))
      W.UserCall = E;
  }
  (void)WhyLoc;
  return true;
}

// --- The mask ----------------------------------------------------------------

bool ScopeFixBuilder::Impl::rewriteMask(Work &W, std::string &Why,
                                        SourceLocation &WhyLoc) {
  const ScopeFixRequest &R = *W.Req;
  const Expr *Arg = R.Call->getArg(R.GfpArgIndex);
  WhyLoc = SM.getFileLoc(Arg->getBeginLoc());
  Expr::EvalResult Eval;
  if (Arg->isValueDependent() || !Arg->EvaluateAsInt(Eval, Ctx)) {
    if (const VarDecl *Var = firstVariable(Arg))
      Why = ("the mask is held in variable '" + Var->getName() +
             "'; rewrite its definition and add the scope by hand")
                .str();
    else
      Why = "the mask is not a constant expression";
    return false;
  }
  uint64_t Old = Eval.Val.getInt().getZExtValue();
  const std::optional<GfpLayout> &L = layout();
  if (!L || !L->gfpKernel() || !PP || !PP->isMacroDefined("GFP_KERNEL")) {
    Why = "GFP_KERNEL and __GFP_KSWAPD_RECLAIM are not defined in this "
          "translation unit";
    return false;
  }

  // The part of the argument the user wrote (6.10+ kvzalloc() wraps it in
  // `(_flags)|__GFP_ZERO`).
  auto UserRange =
      [&](const Expr *E) -> std::optional<std::pair<unsigned, unsigned>> {
    auto FR = fileRange(W, E->getSourceRange());
    if (!FR || FR->first < W.TargetBegin || FR->second > W.TargetEnd)
      return std::nullopt;
    return FR;
  };
  std::function<const Expr *(const Expr *)> UserOperand =
      [&](const Expr *E) -> const Expr * {
    if (UserRange(E))
      return E;
    E = E->IgnoreImpCasts();
    if (const auto *PE = dyn_cast<ParenExpr>(E))
      return UserOperand(PE->getSubExpr());
    if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
      if (const Expr *Found = UserOperand(BO->getLHS()))
        return Found;
      return UserOperand(BO->getRHS());
    }
    return nullptr;
  };
  const Expr *Operand = UserOperand(Arg);
  if (!Operand) {
    Why = "the mask is spelled inside a macro definition";
    return false;
  }
  auto OpRange = *UserRange(Operand);

  // A token written by the user inside the call (not in a macro body).
  auto Written = [&](SourceLocation Loc) {
    auto [F, O] = SM.getDecomposedLoc(SM.getSpellingLoc(Loc));
    return F == W.FID && O >= OpRange.first && O < OpRange.second &&
           SM.getFileLoc(Loc) == SM.getSpellingLoc(Loc);
  };
  llvm::SmallVector<const Expr *, 8> Terms;
  const Expr *Inner = Operand->IgnoreImpCasts();
  if (const auto *PE = dyn_cast<ParenExpr>(Inner);
      PE && Written(PE->getLParen()) && Written(PE->getRParen()))
    Inner = PE->getSubExpr()->IgnoreImpCasts();
  std::function<void(const Expr *)> Flatten = [&](const Expr *E) {
    const Expr *I = E->IgnoreImpCasts();
    if (const auto *PE = dyn_cast<ParenExpr>(I);
        PE && Written(PE->getLParen()) && Written(PE->getRParen())) {
      const Expr *Sub = PE->getSubExpr()->IgnoreImpCasts();
      if (const auto *BO = dyn_cast<BinaryOperator>(Sub);
          BO && BO->getOpcode() == BO_Or && Written(BO->getOperatorLoc())) {
        Flatten(Sub);
        return;
      }
    }
    if (const auto *BO = dyn_cast<BinaryOperator>(I);
        BO && BO->getOpcode() == BO_Or && Written(BO->getOperatorLoc())) {
      Flatten(BO->getLHS());
      Flatten(BO->getRHS());
      return;
    }
    Terms.push_back(E);
  };
  Flatten(Inner);

  uint64_t Kernel = L->gfpKernel();
  uint64_t Modifiers = 0;
  llvm::SmallVector<std::pair<unsigned, unsigned>, 4> ReclaimTerms;
  std::vector<std::string> ModifierTexts;
  for (const Expr *T : Terms) {
    auto TR = UserRange(T);
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
      ModifierTexts.push_back(W.Text->slice(TR->first, TR->second).str());
    }
  }
  uint64_t Wanted =
      Old | L->FS | (R.Restriction == GfpRestriction::NoIO ? L->IO : 0);
  std::optional<uint64_t> New =
      evaluateWith(Arg, Operand, Kernel | Modifiers, Ctx);
  std::string Written0 = W.Text->slice(OpRange.first, OpRange.second).str();
  if (ReclaimTerms.empty() || !New || *New != Wanted) {
    Why = "no mask built on GFP_KERNEL has the value of '" + Written0 +
          "' with __GFP_FS" +
          (R.Restriction == GfpRestriction::NoIO ? " and __GFP_IO" : "") +
          " added";
    return false;
  }
  uint64_t Effective = (*New & R.AndMask) | R.OrMask;
  if (classifyMask(Effective, *L) != GfpRestriction::None) {
    if (R.Wrapper)
      Why = ("'" + R.Wrapper->getName() +
             "' restricts the mask it is given itself; fix the wrapper")
                .str();
    else
      Why = "the allocator restricts the mask itself";
    return false;
  }

  if (ReclaimTerms.size() == 1) {
    W.MaskEdits.push_back(
        {ReclaimTerms[0].first, ReclaimTerms[0].second, "GFP_KERNEL"});
  } else {
    auto InnerRange = UserRange(Inner);
    if (!InnerRange)
      InnerRange = OpRange;
    std::string Text = "GFP_KERNEL";
    for (const std::string &M : ModifierTexts)
      Text += " | " + M;
    W.MaskEdits.push_back({InnerRange->first, InnerRange->second, Text});
  }
  return true;
}

// --- Shared pieces
// -------------------------------------------------------------

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
    auto Id = Ctx.Idents.find(Name);
    if (Id != Ctx.Idents.end() && !Ctx.getTranslationUnitDecl()
                                       ->lookup(DeclarationName(Id->getValue()))
                                       .empty())
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

StringRef ScopeFixBuilder::Impl::unit(const Work &W) const {
  StringRef Ind = W.Indent;
  if (Ind.empty() || Ind.contains('\t'))
    return "\t";
  return Ind.size() >= 8 && Ind.size() % 8 == 0 ? "        " : "    ";
}

/// The statement's text from its first character to after its ';', with the
/// mask rewritten.
std::string ScopeFixBuilder::Impl::statementText(const Work &W) const {
  std::string Out;
  unsigned Pos = W.SBegin;
  std::vector<Edit> Edits = W.MaskEdits;
  llvm::sort(Edits,
             [](const Edit &A, const Edit &B) { return A.Begin < B.Begin; });
  for (const Edit &E : Edits) {
    Out += W.Text->slice(Pos, E.Begin).str();
    Out += E.Text;
    Pos = E.End;
  }
  Out += W.Text->slice(Pos, W.SEnd).str();
  return Out;
}

std::string ScopeFixBuilder::Impl::valueText(const Work &W, unsigned &Begin,
                                             unsigned &ErrOut) const {
  ErrOut = 0;
  auto VR = fileRange(W, W.Value->getSourceRange());
  if (!VR) {
    ErrOut = 1;
    return "";
  }
  Begin = VR->first;
  std::string Out;
  unsigned Pos = VR->first;
  std::vector<Edit> Edits = W.MaskEdits;
  llvm::sort(Edits,
             [](const Edit &A, const Edit &B) { return A.Begin < B.Begin; });
  for (const Edit &E : Edits) {
    if (E.Begin < Pos || E.End > VR->second) {
      ErrOut = 1;
      return "";
    }
    Out += W.Text->slice(Pos, E.Begin).str();
    Out += E.Text;
    Pos = E.End;
  }
  Out += W.Text->slice(Pos, VR->second).str();
  return Out;
}

/// `<type> <Name>` for a temporary holding the returned value.
std::optional<std::string>
ScopeFixBuilder::Impl::tempDeclaration(const Work &W, StringRef Name) const {
  // The call's type, or the type of the cast the user wrote around it.
  const Expr *Core = W.Value->IgnoreParenImpCasts();
  QualType T = isa<StmtExpr>(Core) ? W.Req->Call->getType() : Core->getType();
  // typeof() sugar from alloc_hooks() is not something to print.
  while (true) {
    if (const auto *TE = T->getAs<TypeOfExprType>())
      T = TE->desugar();
    else if (const auto *TT = T->getAs<TypeOfType>())
      T = TT->desugar();
    else
      break;
  }
  if (T.isNull() || T->isVoidType() || !T->isScalarType())
    return std::nullopt;
  PrintingPolicy Policy = Ctx.getPrintingPolicy();
  Policy.SuppressScope = false;
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  T.print(OS, Policy, Name);
  OS.flush();
  if (StringRef(Out).contains("typeof") || StringRef(Out).contains('\n'))
    return std::nullopt;
  return Out;
}

/// Declaration slots in a block's leading declarations, best first: after
/// the last declaration's line, at the start of the blank line after it,
/// before the first declaration, then after the line of each other
/// declaration (last first) and before each of them (first first); in a
/// block without declarations, at its first statement, then above it. Each fix
/// of a block takes its own, so that fixes never insert at one offset
/// (clang-apply-replacements rejects that).
std::vector<std::pair<unsigned, std::string>>
ScopeFixBuilder::Impl::cookieSlots(const Work &W,
                                   const CompoundStmt *Block) const {
  std::vector<std::pair<unsigned, std::string>> Slots;
  const FileText &T = *W.Text;
  std::string Decl = "unsigned int " + W.Cookie + ";";
  llvm::SmallVector<const DeclStmt *, 8> Decls;
  for (const Stmt *S : Block->body()) {
    const auto *DS = dyn_cast<DeclStmt>(S);
    if (!DS)
      break;
    Decls.push_back(DS);
  }
  if (!Decls.empty()) {
    llvm::SmallVector<std::pair<unsigned, unsigned>, 8> Ranges;
    for (const DeclStmt *DS : Decls) {
      auto R = fileRange(W, DS->getSourceRange());
      if (!R)
        return Slots;
      Ranges.push_back(*R);
    }
    std::string Ind = T.indentOf(Ranges.front().first).str();
    std::vector<std::pair<unsigned, std::string>> Afters, Befores;
    for (size_t I = Ranges.size(); I-- > 0;) {
      unsigned End = Ranges[I].second;
      unsigned After = T.skipSpace(End, /*StopAtNewline=*/true);
      if (T.at(After) != '\n')
        continue; // Code follows on the line.
      if (I + 1 < Ranges.size() && Ranges[I + 1].first <= After)
        continue;
      Afters.push_back({After, "\n" + Ind + Decl});
    }
    // The starts of the declarations' lines, first one first.
    for (size_t I = 0; I < Ranges.size(); ++I) {
      unsigned Begin = Ranges[I].first;
      if (!T.startsLine(Begin) ||
          (I > 0 && T.lineStart(Begin) <= Ranges[I - 1].second))
        continue;
      Befores.push_back({T.lineStart(Begin), Ind + Decl + "\n"});
    }
    // Best first, so that the cookies of several fixes end up together:
    // after the last declaration, then at the start of the blank line that
    // follows it (right below the first one), then before the first
    // declaration, then around the others.
    unsigned LastAfter =
        T.skipSpace(Ranges.back().second, /*StopAtNewline=*/true);
    bool LastTaken = false;
    if (!Afters.empty() && Afters.front().first == LastAfter) {
      Slots.push_back(Afters.front());
      LastTaken = true;
      if (LastAfter + 1 < T.text().size() && T.isBlankLine(LastAfter + 1))
        Slots.push_back({LastAfter + 1, Ind + Decl + "\n"});
    }
    if (!Befores.empty())
      Slots.push_back(Befores.front());
    for (size_t I = LastTaken ? 1 : 0; I < Afters.size(); ++I)
      Slots.push_back(Afters[I]);
    for (size_t I = 1; I < Befores.size(); ++I)
      Slots.push_back(Befores[I]);
    return Slots;
  }
  if (Block->body_empty())
    return Slots;
  auto LB = fileRange(W, SourceRange(Block->getLBracLoc()));
  auto First = fileRange(W, (*Block->body_begin())->getSourceRange());
  if (!LB || !First)
    return Slots;
  // No declarations: the first fix puts its cookie and the blank line after
  // the declarations at the first statement, right after its indentation;
  // later fixes put theirs above it (at the start of that line, then after
  // the `{`), so that all cookies of the block come out together, followed by
  // one blank line. A later fix applied alone lacks that blank line (which
  // only checkpatch minds): a blank line of every fix would leave one between
  // each two cookies whenever the fixes are applied together.
  // When this fix rewrites the first statement itself, its cookie goes
  // above it and brings the blank line.
  std::string Ind = T.indentOf(First->first).str();
  unsigned Line = T.lineStart(First->first);
  bool OwnLine = T.startsLine(First->first) && Line > LB->second;
  bool RewritesFirst = W.SBegin <= First->first;
  std::string Blank = OwnLine && !RewritesFirst ? "" : "\n";
  if (OwnLine && !RewritesFirst)
    Slots.push_back({First->first, Decl + "\n\n" + Ind});
  if (OwnLine && Line < First->first)
    Slots.push_back({Line, Ind + Decl + "\n" + Blank});
  unsigned After = T.skipSpace(LB->second, /*StopAtNewline=*/true);
  if (T.at(After) == '\n' && After < First->first)
    Slots.push_back({After, "\n" + Ind + Decl + Blank});
  return Slots;
}

bool ScopeFixBuilder::Impl::conflicts(const Work &W, const Edit &E) const {
  auto It = Emitted.find(W.FID);
  if (It == Emitted.end())
    return false;
  for (const Edit &O : It->second) {
    if (E.Begin == O.Begin)
      return true; // One offset for two fixes: order-dependent.
    if (E.Begin < O.End && O.Begin < E.End)
      return true;
    if (E.Begin == E.End && O.Begin < E.Begin && E.Begin < O.End)
      return true;
    if (O.Begin == O.End && E.Begin < O.Begin && O.Begin < E.End)
      return true;
  }
  return false;
}

/// The lines that open a scope and run the statement inside it, for the
/// forms that get a new block: comment, `unsigned int c = save();`, blank,
/// the statement, restore. \p Ind is the block's inner indentation.
std::string ScopeFixBuilder::Impl::scopeBody(const Work &W, StringRef Ind,
                                             bool Declare) const {
  std::string Out;
  for (const std::string &Line :
       scopeCommentLines(Opts.ScopeComment, Ind, Opts.MaxColumns))
    Out += Ind.str() + Line + "\n";
  std::string Prefix = scopeFamilyPrefix(W.Family).str();
  if (Declare)
    Out += Ind.str() + "unsigned int " + W.Cookie + " = " + Prefix +
           "_save();\n\n";
  else
    Out += Ind.str() + W.Cookie + " = " + Prefix + "_save();\n";
  return Out;
}

ScopeFix ScopeFixBuilder::Impl::finish(Work &W, std::vector<Edit> Edits,
                                       bool MaskOnly) {
  const FileText &T = *W.Text;
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
  std::string New;
  unsigned Pos = 0;
  std::vector<std::pair<unsigned, unsigned>> Touched;
  for (const Edit &E : Edits) {
    New += T.slice(Pos, E.Begin).str();
    unsigned NB = New.size();
    New += E.Text;
    Touched.push_back({NB, unsigned(New.size())});
    Pos = E.End;
  }
  New += T.slice(Pos, T.text().size()).str();
  FileText NT(New);
  for (auto [B, E] : Touched) {
    for (unsigned L = NT.lineStart(B); L <= E && L <= New.size();) {
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
    SourceLocation B = loc(W, E.Begin);
    if (E.Begin == E.End)
      Fix.Hints.push_back(FixItHint::CreateInsertion(B, E.Text));
    else
      Fix.Hints.push_back(FixItHint::CreateReplacement(
          CharSourceRange::getCharRange(B, loc(W, E.End)), E.Text));
  }
  std::vector<Edit> &Record = Emitted[W.FID];
  Record.insert(Record.end(), Edits.begin(), Edits.end());
  for (const auto &Name : Pending)
    Names[W.Req->Function].insert(Name.getKey());
  Fix.MaskOnly = MaskOnly;
  Fix.File = W.FID;
  Fix.Family = W.Family;
  Fix.Cookie = W.Cookie;
  return Fix;
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
    auto It = Ctx.Idents.find(Name);
    if (It == Ctx.Idents.end())
      continue;
    for (const NamedDecl *D : Ctx.getTranslationUnitDecl()->lookup(
             DeclarationName(It->getValue()))) {
      const auto *FD = dyn_cast<FunctionDecl>(D);
      if (!FD || (FD->hasPrototype() && FD->getNumParams() != Params) ||
          FD->isVariadic()) {
        Why = Name + " is declared here otherwise than as the kernel's " +
              Name + "()";
        return false;
      }
    }
  }
  auto Id = Ctx.Idents.find(Save);
  if (Id != Ctx.Idents.end())
    for (const NamedDecl *D :
         Ctx.getTranslationUnitDecl()->lookup(DeclarationName(Id->getValue())))
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

// --- Statement forms
// -----------------------------------------------------------

/// `p = call;` / `call;` in a braced block: the cookie joins the block's
/// declarations, the statement is wrapped in save/restore where it is.
ScopeFix ScopeFixBuilder::Impl::blockFix(Work &W, const CompoundStmt *Block) {
  const FileText &T = *W.Text;
  std::string Restore =
      (scopeFamilyPrefix(W.Family) + "_restore(" + W.Cookie + ");").str();
  for (const auto &[Offset, Text] : cookieSlots(W, Block)) {
    if (Offset >= W.SBegin || !T.sameConditions(Offset, W.SBegin))
      continue;
    Edit Slot{Offset, Offset, Text};
    if (conflicts(W, Slot))
      continue;
    std::string Body = scopeBody(W, W.Indent, /*Declare=*/false);
    Body = Body.substr(W.Indent.size()); // The first line is indented already.
    Body += W.Indent + statementText(W) + W.Tail + "\n" + W.Indent + Restore;
    if (W.CodeFollows)
      Body += "\n" + W.Indent;
    return finish(W, {Slot, {W.SBegin, W.ReplEnd, Body}}, false);
  }
  return newBlockFix(W);
}

/// The scope around `return call;`, at indentation \p Ind: the comment,
/// the cookie, a temporary holding the call, the restore and `return tmp;`
/// (with the statement's trailing comment, no final newline); std::nullopt
/// with \p Why when the returned value cannot be moved into a temporary.
std::optional<std::string>
ScopeFixBuilder::Impl::returnScope(Work &W, StringRef Ind, std::string &Why) {
  std::string Prefix = scopeFamilyPrefix(W.Family).str();
  std::string Tmp = freshName(W.Req->Function, "ptr");
  auto TmpDecl = tempDeclaration(W, Tmp);
  if (!TmpDecl) {
    Why = "the type of the returned value cannot be spelled";
    return std::nullopt;
  }
  unsigned Err;
  unsigned ValueBegin = 0;
  std::string Value = valueText(W, ValueBegin, Err);
  if (Err) {
    Why = "the returned value is not written in one piece";
    return std::nullopt;
  }
  std::string Text;
  for (const std::string &Line :
       scopeCommentLines(Opts.ScopeComment, Ind, Opts.MaxColumns))
    Text += (Ind + Line + "\n").str();
  Text +=
      (Ind + "unsigned int " + W.Cookie + " = " + Prefix + "_save();\n").str();
  std::string Lead = (Ind + *TmpDecl + " = ").str();
  Text += Lead + moved(W, Value, ValueBegin, Lead) + ";\n\n";
  Text += (Ind + Prefix + "_restore(" + W.Cookie + ");\n").str();
  Text += (Ind + "return " + Tmp + ";" + W.Tail).str();
  return Text;
}

/// A new block in place of the statement, with the cookie declared in it:
/// the form for `return call;`, and for statements whose block has no free
/// place for one more declaration.
ScopeFix ScopeFixBuilder::Impl::newBlockFix(Work &W) {
  std::string Ind2 = W.Indent + unit(W).str();
  std::string Prefix = scopeFamilyPrefix(W.Family).str();
  std::string Text = "{\n";
  if (W.F == Form::Return) {
    std::string Why;
    std::optional<std::string> Scope = returnScope(W, Ind2, Why);
    if (!Scope)
      return fail(W, {}, Why);
    Text += *Scope + "\n";
  } else {
    Text += scopeBody(W, Ind2, /*Declare=*/true);
    Text += Ind2 + moved(W, statementText(W), W.SBegin, Ind2) + W.Tail + "\n";
    Text += Ind2 + Prefix + "_restore(" + W.Cookie + ");\n";
  }
  Text += W.Indent + "}";
  if (W.CodeFollows)
    Text += "\n" + W.Indent;
  return finish(W, {{W.SBegin, W.ReplEnd, Text}}, false);
}

/// `T *p = call;` in the block's declarations: `T *p;` stays, the call
/// moves after the declarations inside the scope.
ScopeFix ScopeFixBuilder::Impl::declFix(Work &W, const DeclStmt *DS,
                                        const CompoundStmt *Block) {
  const FileText &T = *W.Text;
  const auto *Var = cast<VarDecl>(DS->getSingleDecl());
  SourceLocation VarLoc = SM.getFileLoc(Var->getLocation());
  // Only a declaration in the leading run of the block, with nothing after
  // it in the run that uses the variable or has side effects.
  size_t Index = 0, RunEnd = 0;
  bool Found = false;
  for (const Stmt *S : Block->body()) {
    if (!isa<DeclStmt>(S))
      break;
    if (S == DS)
      Found = true, Index = RunEnd;
    ++RunEnd;
  }
  if (!Found)
    return fail(W, VarLoc, "the declaration follows a statement");
  for (size_t I = Index + 1; I < RunEnd; ++I) {
    const auto *Later = cast<DeclStmt>(Block->body_begin()[I]);
    for (const Decl *D : Later->decls()) {
      const auto *LV = dyn_cast<VarDecl>(D);
      if (!LV)
        continue;
      SourceLocation At = SM.getFileLoc(LV->getLocation());
      if (referencesDecl(LV->getInit(), Var))
        return fail(W, At,
                    "the declaration of '" + LV->getName() + "' uses '" +
                        Var->getName() + "'");
      if (LV->getInit() &&
          (containsCall(LV->getInit()) || LV->getInit()->HasSideEffects(Ctx)))
        return fail(W, At,
                    "the declaration of '" + LV->getName() +
                        "' after it has side effects");
      if (LV->getType()->isVariablyModifiedType())
        return fail(W, At, "a variable-length array is declared after it");
    }
  }
  // `T *p = init;` -> `T *p;`
  SourceLocation NameEnd =
      Lexer::getLocForEndOfToken(Var->getLocation(), 0, SM, LO);
  auto NameR = fileRange(W, SourceRange(Var->getLocation()));
  auto InitR = fileRange(W, Var->getInit()->getSourceRange());
  if (!NameR || !InitR || NameEnd.isInvalid())
    return fail(W, VarLoc, "the declaration is not written in one piece");
  if (T.slice(NameR->second, InitR->first).trim(" \t\n") != "=")
    return fail(W, VarLoc, "the declarator is not 'name = value'");
  unsigned Err;
  unsigned ValueBegin = 0;
  std::string Value = valueText(W, ValueBegin, Err);
  if (Err)
    return fail(W, VarLoc, "the initializer is not written in one piece");

  // After the run: at the start of the line of the first statement (or of
  // the closing brace).
  unsigned After;
  if (RunEnd < Block->size()) {
    auto FR = fileRange(W, Block->body_begin()[RunEnd]->getSourceRange());
    if (!FR || !T.startsLine(FR->first))
      return fail(W, VarLoc,
                  "the statement after the declarations does not "
                  "start its own line");
    After = FR->first;
  } else {
    auto RB = fileRange(W, SourceRange(Block->getRBracLoc()));
    if (!RB || !T.startsLine(RB->first))
      return fail(W, VarLoc,
                  "the block's closing brace does not start its "
                  "own line");
    After = RB->first;
  }
  unsigned P = T.lineStart(After);
  if (!T.sameConditions(W.SBegin, P))
    return fail(W, VarLoc,
                "the declarations and the statements after them "
                "are under different preprocessor conditions");
  bool Blank = P > 0 && T.isBlankLine(T.lineStart(P - 1));
  std::string Ind = W.Indent;
  std::string Prefix = scopeFamilyPrefix(W.Family).str();
  std::string Lead = Var->getName().str() + " = ";
  std::string Assign = Lead + moved(W, Value, ValueBegin, Ind + Lead) + ";";
  std::string Ind2 = Ind + unit(W).str();
  std::string Assign2 = Lead + moved(W, Value, ValueBegin, Ind2 + Lead) + ";";
  Edit Drop{NameR->second, InitR->second, ""};

  for (const auto &[Offset, Text] : cookieSlots(W, Block)) {
    if (Offset >= P || !T.sameConditions(Offset, P))
      continue;
    Edit Slot{Offset, Offset, Text};
    if (conflicts(W, Slot) || Offset == P)
      continue;
    std::string Code = Blank ? "" : "\n";
    Code += scopeBody(W, Ind, /*Declare=*/false);
    Code += Ind + Assign + "\n";
    Code += Ind + Prefix + "_restore(" + W.Cookie + ");\n";
    return finish(W, {Slot, Drop, {P, P, Code}}, false);
  }
  // No place for one more declaration: a block of its own after the run.
  std::string Code = Blank ? "" : "\n";
  Code += Ind + "{\n" + scopeBody(W, Ind2, /*Declare=*/true);
  Code += Ind2 + Assign2 + "\n";
  Code += Ind2 + Prefix + "_restore(" + W.Cookie + ");\n" + Ind + "}\n";
  return finish(W, {Drop, {P, P, Code}}, false);
}

/// The unbraced body of if/else/for/while/do: braces, kernel style, with
/// the scope inside.
ScopeFix ScopeFixBuilder::Impl::bodyFix(Work &W, const Stmt *Parent) {
  const FileText &T = *W.Text;
  SourceLocation Keyword, HeaderEnd, Follow;
  if (const auto *If = dyn_cast<IfStmt>(Parent)) {
    if (If->getThen() == W.S) {
      Keyword = If->getIfLoc();
      HeaderEnd = If->getRParenLoc();
      if (If->getElse())
        Follow = If->getElseLoc();
    } else {
      Keyword = HeaderEnd = If->getElseLoc();
    }
  } else if (const auto *For = dyn_cast<ForStmt>(Parent)) {
    Keyword = For->getForLoc();
    HeaderEnd = For->getRParenLoc();
  } else if (const auto *While = dyn_cast<WhileStmt>(Parent)) {
    Keyword = While->getWhileLoc();
    HeaderEnd = While->getRParenLoc();
  } else if (const auto *Do = dyn_cast<DoStmt>(Parent)) {
    Keyword = HeaderEnd = Do->getDoLoc();
    Follow = Do->getWhileLoc();
  } else {
    return fail(W, {}, "the statement is not in a block");
  }
  auto Header = fileRange(W, SourceRange(Keyword, HeaderEnd));
  if (!Header)
    return fail(W, {}, "the statement's header is not written in one piece");
  if (!T.onlySpace(Header->second, W.SBegin))
    return fail(W, {}, "a comment separates the statement from its header");
  std::string IndH = T.indentOf(Header->first).str();
  std::string Saved = W.Indent;
  if (!T.startsLine(W.SBegin)) {
    if (StringRef(T.slice(W.SBegin, W.SEnd)).contains('\n'))
      return fail(W, {}, "the statement does not start its own line");
    W.Indent = IndH + "\t";
  }
  unsigned End = W.ReplEnd;
  std::string Close = "\n" + IndH + "}";
  if (Follow.isValid()) {
    auto FR = fileRange(W, SourceRange(Follow));
    if (!FR || T.skipSpace(W.SEnd, false) != FR->first)
      return fail(W, {},
                  "something other than a comment separates the "
                  "statement from the next keyword");
    W.Tail = T.slice(W.SEnd, FR->first).rtrim(" \t\r\n").str();
    End = FR->first;
    Close += " ";
  } else if (W.CodeFollows) {
    return fail(W, {}, "another statement follows on the same line");
  }
  std::string Ind = W.Indent;
  std::string Prefix = scopeFamilyPrefix(W.Family).str();
  std::string Text = " {\n";
  if (W.F == Form::Return) {
    std::string Why;
    std::optional<std::string> Scope = returnScope(W, Ind, Why);
    if (!Scope)
      return fail(W, {}, Why);
    Text += *Scope;
  } else {
    Text += scopeBody(W, Ind, /*Declare=*/true);
    Text += Ind + statementText(W) + W.Tail + "\n";
    Text += Ind + Prefix + "_restore(" + W.Cookie + ");";
  }
  Text += Close;
  W.Indent = Saved;
  return finish(W, {{Header->second, End, Text}}, false);
}

/// The statement after a case label: `case X: {` ... `}` around the case's
/// statements, kernel style. A second fix in the same case gets a block of
/// its own.
ScopeFix ScopeFixBuilder::Impl::caseFix(Work &W, const SwitchCase *Case,
                                        const CompoundStmt *Body) {
  const FileText &T = *W.Text;
  // The outermost label of the chain (`case 1: case 2: stmt`) is the
  // switch body's child.
  const Stmt *Outer = Case;
  for (DynTypedNodeList Ps = Ctx.getParents(*Outer);
       !Ps.empty() && Ps[0].get<SwitchCase>(); Ps = Ctx.getParents(*Outer))
    Outer = Ps[0].get<SwitchCase>();
  if (BracedCases.count(Case) || !T.startsLine(W.SBegin))
    return newBlockFix(W);
  auto Colon = fileRange(W, SourceRange(Case->getColonLoc()));
  auto Label = fileRange(W, SourceRange(Case->getKeywordLoc()));
  if (!Colon || !Label || !T.onlySpace(Colon->second, W.SBegin))
    return newBlockFix(W);
  // The case's statements: up to the next label.
  const Stmt *Last = nullptr;
  bool Seen = false;
  for (const Stmt *S : Body->body()) {
    if (S == Outer) {
      Seen = true;
      continue;
    }
    if (!Seen)
      continue;
    if (isa<SwitchCase>(S))
      break;
    Last = S;
  }
  unsigned LastEnd = W.ReplEnd;
  if (Last) {
    // `fallthrough;` must stay right before the next label.
    if (isa<AttributedStmt>(Last))
      return newBlockFix(W);
    auto LR = fileRange(W, Last->getSourceRange());
    if (!LR)
      return newBlockFix(W);
    unsigned E = LR->second;
    unsigned Next = T.skipSpace(E, /*StopAtNewline=*/false);
    if (T.at(Next) == ';')
      E = Next + 1;
    unsigned Tail = T.skipSpace(E, /*StopAtNewline=*/true);
    if (T.at(Tail) != '\n' && Tail != T.text().size())
      return newBlockFix(W);
    LastEnd = Tail;
  } else if (W.CodeFollows) {
    return newBlockFix(W);
  }
  std::string IndC = T.indentOf(Label->first).str();
  std::string Ind = W.Indent;
  std::string Prefix = scopeFamilyPrefix(W.Family).str();
  std::string Text = " {\n" + scopeBody(W, Ind, /*Declare=*/true);
  Text += Ind + statementText(W) + W.Tail + "\n";
  Text += Ind + Prefix + "_restore(" + W.Cookie + ");";
  std::vector<Edit> Edits;
  if (Last) {
    if (W.CodeFollows)
      Text += "\n" + Ind;
    Edits.push_back({Colon->second, W.ReplEnd, Text});
    Edits.push_back({LastEnd, LastEnd, "\n" + IndC + "}"});
  } else {
    Text += "\n" + IndC + "}";
    Edits.push_back({Colon->second, W.ReplEnd, Text});
  }
  if (T.touchesDirective(Colon->second, LastEnd))
    return newBlockFix(W);
  ScopeFix Fix = finish(W, Edits, false);
  if (Fix)
    BracedCases.insert(Case);
  return Fix;
}

// --- Driver
// --------------------------------------------------------------------

ScopeFix ScopeFixBuilder::Impl::scopeFix(Work &W) {
  const FileText &T = *W.Text;
  SourceLocation CallLoc = SM.getFileLoc(W.Req->Call->getBeginLoc());
  // Up from the call through parentheses and casts.
  const Expr *X = W.UserCall;
  DynTypedNode Parent;
  while (true) {
    DynTypedNodeList Ps = Ctx.getParents(*X);
    if (Ps.empty())
      return fail(W, CallLoc, "the call is not inside a function body");
    Parent = Ps[0];
    const auto *PE = Parent.get<Expr>();
    if (PE &&
        (isa<ImplicitCastExpr>(PE) || (isa<ParenExpr, CStyleCastExpr>(PE) &&
                                       fileRange(W, PE->getSourceRange())))) {
      X = PE;
      continue;
    }
    break;
  }
  const Stmt *Container = nullptr;
  const DeclStmt *DS = nullptr;
  if (const auto *Var = Parent.get<VarDecl>()) {
    if (Var->getInit() != X)
      return fail(W, CallLoc, "the call is part of a larger expression");
    DynTypedNodeList Ps = Ctx.getParents(*Var);
    DS = Ps.empty() ? nullptr : Ps[0].get<DeclStmt>();
    if (!DS)
      return fail(W, CallLoc,
                  "the call initializes something other than a "
                  "local variable");
    if (!Var->hasLocalStorage() || Var->isStaticLocal())
      return fail(W, CallLoc, "the variable is not a local one");
    if (!DS->isSingleDecl())
      return fail(W, CallLoc, "the declaration declares several variables");
    if (Var->getType().isConstQualified())
      return fail(W, CallLoc, "the variable is const");
    if (!Var->getType()->isScalarType())
      return fail(W, CallLoc, "the variable cannot be assigned");
    W.F = Form::Decl;
    W.S = DS;
    W.Value = X;
  } else if (const auto *PS = Parent.get<Stmt>()) {
    W.F = Form::ExprStmt;
    W.S = X;
    W.Value = X;
    if (const auto *BO = dyn_cast<BinaryOperator>(PS);
        BO && BO->getOpcode() == BO_Assign && BO->getRHS() == X) {
      if (containsCall(BO->getLHS()))
        return fail(W, CallLoc, "the assigned-to expression contains a call");
      W.F = Form::Assign;
      W.S = BO;
      // A chain of assignments, `buf = p = call;` (fs/ubifs/lpt_commit.c):
      // the whole statement goes inside the scope.
      const Expr *Cur = BO;
      for (unsigned Depth = 0; Depth < 16; ++Depth) {
        DynTypedNodeList Ups = Ctx.getParents(*Cur);
        const auto *UpE = Ups.empty() ? nullptr : Ups[0].get<Expr>();
        if (UpE && isa<ImplicitCastExpr>(UpE)) {
          Cur = UpE;
          continue;
        }
        const auto *Outer = dyn_cast_or_null<BinaryOperator>(UpE);
        if (!Outer || Outer->getOpcode() != BO_Assign || Outer->getRHS() != Cur)
          break;
        if (containsCall(Outer->getLHS()))
          return fail(W, CallLoc, "the assigned-to expression contains a call");
        W.S = Outer;
        Cur = Outer;
      }
    } else if (const auto *Ret = dyn_cast<ReturnStmt>(PS)) {
      W.F = Form::Return;
      W.S = Ret;
    }
  } else {
    return fail(W, CallLoc, "the call is part of a larger expression");
  }

  // Where the statement is: it must be a statement of a block, a label or a
  // case, or the body of if/else/for/while/do.
  if (W.F != Form::Decl) {
    DynTypedNodeList Ps = Ctx.getParents(*W.S);
    const Stmt *Up = Ps.empty() ? nullptr : Ps[0].get<Stmt>();
    bool Position = false;
    if (!Up)
      Position = false;
    else if (isa<CompoundStmt>(Up))
      Position = true;
    else if (const auto *LS = dyn_cast<LabelStmt>(Up))
      Position = LS->getSubStmt() == W.S;
    else if (const auto *SC = dyn_cast<SwitchCase>(Up))
      Position = SC->getSubStmt() == W.S;
    else if (const auto *If = dyn_cast<IfStmt>(Up))
      Position = If->getThen() == W.S || If->getElse() == W.S;
    else if (const auto *For = dyn_cast<ForStmt>(Up))
      Position = For->getBody() == W.S;
    else if (const auto *While = dyn_cast<WhileStmt>(Up))
      Position = While->getBody() == W.S;
    else if (const auto *Do = dyn_cast<DoStmt>(Up))
      Position = Do->getBody() == W.S;
    if (!Position) {
      if (Up && isa<CallExpr>(Up) && W.S == X)
        return fail(W, CallLoc, "the call is an argument of another call");
      // Up the expression to its statement: a condition?
      const Stmt *E = W.S;
      for (unsigned Depth = 0; Up && isa<Expr>(Up) && Depth < 64; ++Depth) {
        E = Up;
        DynTypedNodeList UPs = Ctx.getParents(*Up);
        Up = UPs.empty() ? nullptr : UPs[0].get<Stmt>();
      }
      bool Condition =
          Up && ((isa<IfStmt>(Up) && cast<IfStmt>(Up)->getCond() == E) ||
                 (isa<WhileStmt>(Up) && cast<WhileStmt>(Up)->getCond() == E) ||
                 (isa<DoStmt>(Up) && cast<DoStmt>(Up)->getCond() == E) ||
                 (isa<ForStmt>(Up) && cast<ForStmt>(Up)->getCond() == E) ||
                 (isa<SwitchStmt>(Up) && cast<SwitchStmt>(Up)->getCond() == E));
      return fail(W, CallLoc,
                  Condition ? "the call is part of a condition"
                            : "the call is part of a larger expression");
    }
    Container = Up;
    if (const auto *LS = dyn_cast<LabelStmt>(Container)) {
      DynTypedNodeList LPs = Ctx.getParents(*LS);
      Container = LPs.empty() ? nullptr : LPs[0].get<CompoundStmt>();
      if (!Container)
        return fail(W, CallLoc, "the label is not in a block");
    }
  } else {
    DynTypedNodeList Ps = Ctx.getParents(*DS);
    Container = Ps.empty() ? nullptr : Ps[0].get<CompoundStmt>();
    if (!Container)
      return fail(W, CallLoc, "the declaration is not in a block");
  }

  // The statement's text: [first char, after ';') and what follows on its
  // line.
  auto SR = fileRange(W, W.S->getSourceRange());
  if (!SR || SR->first > W.TargetBegin || SR->second < W.TargetEnd)
    return fail(W, CallLoc, "the statement is not written in one piece");
  W.SBegin = SR->first;
  W.SEnd = SR->second;
  if (W.F != Form::Decl) {
    unsigned Semi = T.skipSpace(W.SEnd, /*StopAtNewline=*/false);
    if (T.at(Semi) != ';')
      return fail(W, CallLoc, "the statement's ';' was not found");
    W.SEnd = Semi + 1;
  }
  for (const Edit &E : W.MaskEdits)
    if (E.Begin < W.SBegin || E.End > W.SEnd)
      return fail(W, CallLoc, "the mask is outside the statement");
  unsigned Tail = T.skipSpace(W.SEnd, /*StopAtNewline=*/true);
  if (T.at(Tail) == '\n' || Tail >= T.text().size()) {
    W.ReplEnd = Tail;
    W.Tail = T.slice(W.SEnd, Tail).rtrim(" \t\r").str();
  } else {
    W.CodeFollows = true;
    W.ReplEnd = Tail;
    W.Tail = T.slice(W.SEnd, Tail).rtrim(" \t").str();
    if (!T.onlySpace(W.SEnd, Tail))
      return fail(W, CallLoc, "a comment and code follow the statement");
    W.Tail.clear();
  }
  W.Indent = T.indentOf(W.SBegin).str();
  bool InBody = isa<IfStmt, ForStmt, WhileStmt, DoStmt>(Container);
  if (!T.startsLine(W.SBegin) && !InBody)
    return fail(W, CallLoc, "the statement does not start its own line");
  if (T.touchesDirective(W.SBegin, W.ReplEnd))
    return fail(W, CallLoc, "a preprocessor directive is inside the statement");

  W.Cookie = freshName(W.Req->Function, W.Family == ScopeFamily::NoIO
                                            ? Opts.NoioCookieName
                                            : Opts.NofsCookieName);
  if (W.F == Form::Decl)
    return declFix(W, DS, cast<CompoundStmt>(Container));
  if (InBody)
    return bodyFix(W, Container);
  if (const auto *Case = dyn_cast<SwitchCase>(Container)) {
    DynTypedNodeList Ps = Ctx.getParents(*Case);
    const Stmt *Up = Case;
    while (!Ps.empty() && Ps[0].get<SwitchCase>()) {
      Up = Ps[0].get<SwitchCase>();
      Ps = Ctx.getParents(*Up);
    }
    const auto *SwitchBody = Ps.empty() ? nullptr : Ps[0].get<CompoundStmt>();
    if (!SwitchBody)
      return fail(W, CallLoc, "the case label is not in the switch's block");
    return caseFix(W, Case, SwitchBody);
  }
  const auto *Block = cast<CompoundStmt>(Container);
  if (W.F == Form::Return)
    return newBlockFix(W);
  // A statement among the cases of a switch, after the first of its case:
  // a block of its own.
  DynTypedNodeList BPs = Ctx.getParents(*Block);
  if (!BPs.empty() && BPs[0].get<SwitchStmt>())
    return newBlockFix(W);
  return blockFix(W, Block);
}

ScopeFix ScopeFixBuilder::Impl::build(const ScopeFixRequest &R) {
  Pending.clear();
  Work W;
  W.Req = &R;
  W.Family = familyFor(R.Restriction);
  std::string Why;
  SourceLocation WhyLoc;
  if (!R.Call || R.GfpArgIndex >= R.Call->getNumArgs())
    return fail(W, {}, "the call has no gfp argument");
  if (!locateCall(W, Why, WhyLoc))
    return fail(W, WhyLoc, Why.empty() ? "the call is not spelled here" : Why);
  if (!rewriteMask(W, Why, WhyLoc))
    return fail(W, WhyLoc, Why);

  // Inside a scope that already covers the call on every path: only the
  // mask changes.
  if (R.Function && coverage(R.Function).isCovered(W.UserCall, R.Restriction))
    return finish(W, W.MaskEdits, /*MaskOnly=*/true);
  if (R.Function && !coverage(R.Function).openBefore(W.UserCall) &&
      coverage(R.Function).isCovered(R.Call, R.Restriction))
    return finish(W, W.MaskEdits, /*MaskOnly=*/true);

  bool NeedsHeader = false;
  if (!scopeApiAvailable(W, Why, NeedsHeader))
    return fail(W, {}, Why);
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
  std::string Why;
  SourceLocation WhyLoc;
  if (!R.Call || R.GfpArgIndex >= R.Call->getNumArgs())
    return fail(W, {}, "the call has no gfp argument");
  if (!locateCall(W, Why, WhyLoc))
    return fail(W, WhyLoc, Why.empty() ? "the call is not spelled here" : Why);
  if (!rewriteMask(W, Why, WhyLoc))
    return fail(W, WhyLoc, Why);
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
