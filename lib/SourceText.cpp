//===--- SourceText.cpp - what the user wrote, through macros -------------===//

#include "lib/SourceText.h"

#include "clang/AST/Expr.h"
#include "clang/Basic/CharInfo.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

using namespace clang;

namespace gfpscope {

std::optional<StringRef>
outermostMacroNamed(SourceLocation Loc, const SourceManager &SM,
                    const LangOptions &LangOpts,
                    llvm::function_ref<bool(StringRef)> IsAllocatorName) {
  // The name at the place the user wrote the call: `kvmalloc` in
  // `p = kvmalloc(n, GFP_NOFS);` however deep the expansion goes.
  SourceLocation Written = SM.getFileLoc(Loc);
  if (Loc.isMacroID() && Written.isValid()) {
    Token Tok;
    if (!Lexer::getRawToken(Written, Tok, SM, LangOpts,
                            /*IgnoreWhiteSpace=*/false) &&
        Tok.is(tok::raw_identifier) && IsAllocatorName(Tok.getRawIdentifier()))
      return Tok.getRawIdentifier();
  }
  std::optional<StringRef> Found;
  while (Loc.isMacroID()) {
    StringRef Name = Lexer::getImmediateMacroName(Loc, SM, LangOpts);
    if (IsAllocatorName(Name))
      Found = Name;
    Loc = SM.getImmediateMacroCallerLoc(Loc);
  }
  return Found;
}

static std::optional<std::string> fileText(SourceRange Range,
                                           const SourceManager &SM,
                                           const LangOptions &LangOpts) {
  CharSourceRange File = Lexer::makeFileCharRange(
      CharSourceRange::getTokenRange(Range), SM, LangOpts);
  if (File.isInvalid())
    return std::nullopt;
  bool Invalid = false;
  StringRef Text = Lexer::getSourceText(File, SM, LangOpts, &Invalid);
  if (Invalid || Text.empty())
    return std::nullopt;
  // A mask continued over several lines is quoted on one.
  std::string Joined;
  bool PendingSpace = false;
  for (char C : Text) {
    if (isWhitespace(C)) {
      PendingSpace = !Joined.empty();
      continue;
    }
    if (PendingSpace)
      Joined += ' ';
    PendingSpace = false;
    Joined += C;
  }
  return Joined;
}

static std::optional<std::string> operandText(const Expr *E,
                                              const SourceManager &SM,
                                              const LangOptions &LangOpts) {
  if (auto Text = fileText(E->getSourceRange(), SM, LangOpts))
    return Text;
  E = E->IgnoreImpCasts();
  if (const auto *Paren = dyn_cast<ParenExpr>(E))
    return operandText(Paren->getSubExpr(), SM, LangOpts);
  if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
    if (auto Text = operandText(BO->getLHS(), SM, LangOpts))
      return Text;
    return operandText(BO->getRHS(), SM, LangOpts);
  }
  return std::nullopt;
}

/// One level up a macro expansion: where a macro argument was written, or
/// where the macro was invoked.
static SourceLocation callerLoc(SourceLocation Loc, bool IsBegin,
                                const SourceManager &SM) {
  if (!Loc.isMacroID())
    return Loc;
  if (SM.isMacroArgExpansion(Loc))
    return SM.getImmediateSpellingLoc(Loc);
  CharSourceRange Range = SM.getImmediateExpansionRange(Loc);
  return IsBegin ? Range.getBegin() : Range.getEnd();
}

std::optional<std::string> writtenText(const Expr *E, FileID UserFile,
                                       const SourceManager &SM,
                                       const LangOptions &LangOpts) {
  if (auto Text = operandText(E, SM, LangOpts))
    return Text;
  // Spelled inside a macro definition of the user's file (`#define
  // FOO_ALLOC(n) __vmalloc(n, GFP_NOFS)`): climb the expansions until both
  // ends are spelled there, and quote that.
  SourceLocation Begin = E->getBeginLoc(), End = E->getEndLoc();
  for (unsigned Level = 0; Level < 16; ++Level) {
    SourceLocation SpelledBegin = SM.getSpellingLoc(Begin);
    SourceLocation SpelledEnd = SM.getSpellingLoc(End);
    if (SM.getFileID(SpelledBegin) == UserFile &&
        SM.getFileID(SpelledEnd) == UserFile &&
        !SM.isBeforeInTranslationUnit(SpelledEnd, SpelledBegin))
      return fileText(SourceRange(SpelledBegin, SpelledEnd), SM, LangOpts);
    if (!Begin.isMacroID() && !End.isMacroID())
      break;
    Begin = callerLoc(Begin, /*IsBegin=*/true, SM);
    End = callerLoc(End, /*IsBegin=*/false, SM);
  }
  return std::nullopt;
}

} // namespace gfpscope
