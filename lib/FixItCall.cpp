//===--- FixItCall.cpp - the call a fix-it rewrites, as the user wrote it -===//

#include "lib/FixItCall.h"

#include "lib/FunctionParents.h"
#include "clang/AST/Expr.h"
#include "clang/Basic/CharInfo.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

using namespace clang;

namespace gfpscope {

std::optional<std::pair<unsigned, unsigned>>
EditedFile::range(SourceRange R) const {
  if (R.isInvalid())
    return std::nullopt;
  CharSourceRange C =
      Lexer::makeFileCharRange(CharSourceRange::getTokenRange(R), SM, LO);
  if (C.isInvalid())
    return std::nullopt;
  auto [BF, BO] = SM.getDecomposedLoc(C.getBegin());
  auto [EF, EO] = SM.getDecomposedLoc(C.getEnd());
  if (BF != ID || EF != ID || EO < BO)
    return std::nullopt;
  return std::make_pair(BO, EO);
}

SourceLocation EditedFile::loc(unsigned Offset) const {
  return SM.getComposedLoc(ID, Offset);
}

std::optional<WrittenCall>
locateCall(const CallExpr *Call,
           llvm::function_ref<bool(StringRef)> IsAllocatorMacro,
           const SourceManager &SM, const LangOptions &LO, std::string &Why) {
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
      return std::nullopt;
    if (!IsAllocatorMacro || !IsAllocatorMacro(Outer)) {
      Why = SM.isMacroArgExpansion(Last)
                ? ("the call is an argument of macro '" + Outer + "'").str()
                : ("the call is spelled inside the definition of macro '" +
                   Outer + "'")
                      .str();
      return std::nullopt;
    }
    Target = SM.getImmediateExpansionRange(Last);
  }
  CharSourceRange File = Lexer::makeFileCharRange(Target, SM, LO);
  if (File.isInvalid()) {
    Why = "the call is not spelled in one piece in this file";
    return std::nullopt;
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
    return std::nullopt;
  }
  auto [BF, BO] = SM.getDecomposedLoc(File.getBegin());
  auto [EF, EO] = SM.getDecomposedLoc(File.getEnd());
  if (BF != EF || EO <= BO)
    return std::nullopt;
  if (SM.isInSystemHeader(File.getBegin())) {
    Why = "the call is in a system header";
    return std::nullopt;
  }
  bool Invalid = false;
  StringRef Buf = SM.getBufferData(BF, &Invalid);
  if (Invalid)
    return std::nullopt;
  WrittenCall W;
  W.Call = Call;
  W.File.emplace(BF, Buf, SM, LO);
  W.Begin = BO;
  W.End = EO;
  return W;
}

const Expr *outermostNode(const WrittenCall &W, const FunctionParents &Parents,
                          const SourceManager &SM) {
  auto Inside = [&](SourceRange R) {
    if (R.isInvalid())
      return false;
    auto [F1, O1] = SM.getDecomposedLoc(SM.getFileLoc(R.getBegin()));
    auto [F2, O2] = SM.getDecomposedLoc(SM.getFileLoc(R.getEnd()));
    return F1 == W.File->id() && F2 == W.File->id() && O1 >= W.Begin &&
           O2 < W.End;
  };
  DynTypedNode Node = DynTypedNode::create(*W.Call);
  const Expr *Outermost = W.Call;
  for (unsigned Depth = 0; Depth < 64; ++Depth) {
    DynTypedNode Parent = Parents.parent(Node);
    if (!Inside(Parent.getSourceRange()))
      break;
    Node = Parent;
    if (const auto *E = Parent.get<Expr>(); E && !isa<ImplicitCastExpr>(E))
      Outermost = E;
  }
  return Outermost;
}

} // namespace gfpscope
