//===--- FixItForms.cpp - the scope written around each statement shape ---===//

#include "lib/FixItForms.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/raw_ostream.h"
#include <cassert>

using namespace clang;

namespace gfpscope {

namespace {

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

} // namespace

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

FormEdits FormEdits::edits(std::vector<Edit> Edits) {
  FormEdits F;
  F.Edits = std::move(Edits);
  return F;
}

FormEdits FormEdits::newBlock() {
  FormEdits F;
  F.NewBlock = true;
  return F;
}

FormEdits FormEdits::fail(SourceLocation Loc, const llvm::Twine &Why) {
  FormEdits F;
  F.Why = {Why.str(), Loc};
  return F;
}

// --- Pieces of the text ------------------------------------------------------

/// The statement's text from its first character to after its ';', with the
/// mask rewritten.
std::string ScopeForms::statementText() const {
  // findStatement() checked that the mask edits are inside the statement.
  std::optional<std::string> Text =
      applyEdits(T.text(), St.SBegin, St.SEnd, W.MaskEdits);
  assert(Text && "the mask edits are outside the statement");
  return Text.value_or(T.slice(St.SBegin, St.SEnd).str());
}

/// The returned / assigned / initialising expression's text, with the mask
/// rewritten, and in \p Begin where it starts; none when it is not written
/// in one piece around the mask.
std::optional<std::string> ScopeForms::valueText(unsigned &Begin) const {
  auto VR = W.File.range(St.Value->getSourceRange());
  if (!VR)
    return std::nullopt;
  Begin = VR->first;
  return applyEdits(T.text(), VR->first, VR->second, W.MaskEdits);
}

/// One level of indentation, in the style of the statement's.
StringRef ScopeForms::unit() const {
  StringRef Ind = St.Indent;
  if (Ind.empty() || Ind.contains('\t'))
    return "\t";
  return Ind.size() >= 8 && Ind.size() % 8 == 0 ? "        " : "    ";
}

/// \p Text that started at \p From, placed after \p Prefix.
std::string ScopeForms::moved(StringRef Text, unsigned From,
                              StringRef Prefix) const {
  bool Tabs = St.Indent.empty() || StringRef(St.Indent).contains('\t');
  return shiftLines(Text, int(displayWidth(Prefix)) - int(T.column(From)),
                    Tabs);
}

std::string ScopeForms::restore() const {
  return (scopeFamilyPrefix(W.Family) + "_restore(" + W.Cookie + ");").str();
}

bool ScopeForms::taken(const Edit &E) const {
  return llvm::any_of(Taken, [&](const Edit &O) { return editsClash(E, O); });
}

/// The lines that open a scope and run the statement inside it, for the
/// forms that get a new block: comment, `unsigned int c = save();`, blank,
/// the statement, restore. \p Ind is the block's inner indentation.
std::string ScopeForms::scopeBody(StringRef Ind, bool Declare) const {
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

/// `<type> <Name>` for a temporary holding the returned value.
std::optional<std::string> ScopeForms::tempDeclaration(StringRef Name) const {
  // The call's type, or the type of the cast the user wrote around it.
  const Expr *Core = St.Value->IgnoreParenImpCasts();
  QualType Ty = isa<StmtExpr>(Core) ? W.Call->getType() : Core->getType();
  // typeof() sugar from alloc_hooks() is not something to print.
  while (true) {
    if (const auto *TE = Ty->getAs<TypeOfExprType>())
      Ty = TE->desugar();
    else if (const auto *TT = Ty->getAs<TypeOfType>())
      Ty = TT->desugar();
    else
      break;
  }
  if (Ty.isNull() || Ty->isVoidType() || !Ty->isScalarType())
    return std::nullopt;
  PrintingPolicy Policy = Ctx.getPrintingPolicy();
  Policy.SuppressScope = false;
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  Ty.print(OS, Policy, Name);
  OS.flush();
  if (StringRef(Out).contains("typeof") || StringRef(Out).contains('\n'))
    return std::nullopt;
  return Out;
}

/// The scope around `return call;`, at indentation \p Ind: the comment,
/// the cookie, a temporary holding the call, the restore and `return tmp;`
/// (with the statement's trailing comment, no final newline); std::nullopt
/// with \p Why when the returned value cannot be moved into a temporary.
std::optional<std::string> ScopeForms::returnScope(StringRef Ind,
                                                   std::string &Why) {
  std::string Prefix = scopeFamilyPrefix(W.Family).str();
  std::string Tmp = FreshName("ptr");
  auto TmpDecl = tempDeclaration(Tmp);
  if (!TmpDecl) {
    Why = "the type of the returned value cannot be spelled";
    return std::nullopt;
  }
  unsigned ValueBegin = 0;
  std::optional<std::string> Value = valueText(ValueBegin);
  if (!Value) {
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
  Text += Lead + moved(*Value, ValueBegin, Lead) + ";\n\n";
  Text += (Ind + Prefix + "_restore(" + W.Cookie + ");\n").str();
  Text += (Ind + "return " + Tmp + ";" + St.Tail).str();
  return Text;
}

// --- Declaration slots -------------------------------------------------------

/// Declaration slots in a block's leading declarations, best first: after
/// the last declaration's line, at the start of the blank line after it,
/// before the first declaration, then after the line of each other
/// declaration (last first) and before each of them (first first); in a
/// block without declarations, at its first statement, then above it. Each fix
/// of a block takes its own, so that fixes never insert at one offset
/// (clang-apply-replacements rejects that).
std::vector<std::pair<unsigned, std::string>>
ScopeForms::cookieSlots(const CompoundStmt *Block) const {
  std::vector<std::pair<unsigned, std::string>> Slots;
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
      auto R = W.File.range(DS->getSourceRange());
      if (!R)
        return Slots;
      Ranges.push_back(*R);
    }
    declarationSlots(Ranges, Slots);
    return Slots;
  }
  if (Block->body_empty())
    return Slots;
  auto LB = W.File.range(SourceRange(Block->getLBracLoc()));
  auto First = W.File.range((*Block->body_begin())->getSourceRange());
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
  bool RewritesFirst = St.SBegin <= First->first;
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

/// The slots of cookieSlots() among the leading declarations, at \p Ranges.
void ScopeForms::declarationSlots(
    llvm::ArrayRef<std::pair<unsigned, unsigned>> Ranges,
    std::vector<std::pair<unsigned, std::string>> &Slots) const {
  std::string Decl = "unsigned int " + W.Cookie + ";";
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
}

// --- The forms ---------------------------------------------------------------

/// `p = call;` / `call;` in a braced block: the cookie joins the block's
/// declarations, the statement is wrapped in save/restore where it is.
FormEdits ScopeForms::inBlock() {
  const auto *Block = cast<CompoundStmt>(St.Container);
  for (const auto &[Offset, Text] : cookieSlots(Block)) {
    if (Offset >= St.SBegin || !T.sameConditions(Offset, St.SBegin))
      continue;
    Edit Slot{Offset, Offset, Text};
    if (taken(Slot))
      continue;
    std::string Body = scopeBody(St.Indent, /*Declare=*/false);
    Body = Body.substr(St.Indent.size()); // The first line is indented already.
    Body +=
        St.Indent + statementText() + St.Tail + "\n" + St.Indent + restore();
    if (St.CodeFollows)
      Body += "\n" + St.Indent;
    return FormEdits::edits({Slot, {St.SBegin, St.ReplEnd, Body}});
  }
  return FormEdits::newBlock();
}

/// A new block in place of the statement, with the cookie declared in it:
/// the form for `return call;`, and for statements whose block has no free
/// place for one more declaration.
FormEdits ScopeForms::newBlock() {
  std::string Ind2 = St.Indent + unit().str();
  std::string Text = "{\n";
  if (St.F == Form::Return) {
    std::string Why;
    std::optional<std::string> Scope = returnScope(Ind2, Why);
    if (!Scope)
      return FormEdits::fail({}, Why);
    Text += *Scope + "\n";
  } else {
    Text += scopeBody(Ind2, /*Declare=*/true);
    Text += Ind2 + moved(statementText(), St.SBegin, Ind2) + St.Tail + "\n";
    Text += Ind2 + restore() + "\n";
  }
  Text += St.Indent + "}";
  if (St.CodeFollows)
    Text += "\n" + St.Indent;
  return FormEdits::edits({{St.SBegin, St.ReplEnd, Text}});
}

/// Why the declarations after the one at \p Index of the block's leading
/// run (which ends at \p RunEnd) keep the initializer from moving after
/// the run: they use the variable, have side effects or are VLAs.
std::optional<NoFix> ScopeForms::whyInitializerCannotMove(size_t Index,
                                                          size_t RunEnd) const {
  const SourceManager &SM = Ctx.getSourceManager();
  const auto *Block = cast<CompoundStmt>(St.Container);
  const auto *Var = cast<VarDecl>(St.Decl->getSingleDecl());
  for (size_t I = Index + 1; I < RunEnd; ++I) {
    const auto *Later = cast<DeclStmt>(Block->body_begin()[I]);
    for (const Decl *D : Later->decls()) {
      const auto *LV = dyn_cast<VarDecl>(D);
      if (!LV)
        continue;
      SourceLocation At = SM.getFileLoc(LV->getLocation());
      if (referencesDecl(LV->getInit(), Var))
        return NoFix{("the declaration of '" + LV->getName() + "' uses '" +
                      Var->getName() + "'")
                         .str(),
                     At};
      if (LV->getInit() &&
          (containsCall(LV->getInit()) || LV->getInit()->HasSideEffects(Ctx)))
        return NoFix{("the declaration of '" + LV->getName() +
                      "' after it has side effects")
                         .str(),
                     At};
      if (LV->getType()->isVariablyModifiedType())
        return NoFix{"a variable-length array is declared after it", At};
    }
  }
  return std::nullopt;
}

/// `T *p = call;` in the block's declarations: `T *p;` stays, the call
/// moves after the declarations inside the scope.
FormEdits ScopeForms::declaration() {
  const SourceManager &SM = Ctx.getSourceManager();
  const auto *Block = cast<CompoundStmt>(St.Container);
  const auto *Var = cast<VarDecl>(St.Decl->getSingleDecl());
  SourceLocation VarLoc = SM.getFileLoc(Var->getLocation());
  // Only a declaration in the leading run of the block, with nothing after
  // it in the run that uses the variable or has side effects.
  size_t Index = 0, RunEnd = 0;
  bool Found = false;
  for (const Stmt *S : Block->body()) {
    if (!isa<DeclStmt>(S))
      break;
    if (S == St.Decl)
      Found = true, Index = RunEnd;
    ++RunEnd;
  }
  if (!Found)
    return FormEdits::fail(VarLoc, "the declaration follows a statement");
  if (std::optional<NoFix> Why = whyInitializerCannotMove(Index, RunEnd))
    return FormEdits::fail(Why->Loc, Why->Why);
  // `T *p = init;` -> `T *p;`
  SourceLocation NameEnd =
      Lexer::getLocForEndOfToken(Var->getLocation(), 0, SM, Ctx.getLangOpts());
  auto NameR = W.File.range(SourceRange(Var->getLocation()));
  auto InitR = W.File.range(Var->getInit()->getSourceRange());
  if (!NameR || !InitR || NameEnd.isInvalid())
    return FormEdits::fail(VarLoc,
                           "the declaration is not written in one piece");
  if (T.slice(NameR->second, InitR->first).trim(" \t\n") != "=")
    return FormEdits::fail(VarLoc, "the declarator is not 'name = value'");
  unsigned ValueBegin = 0;
  std::optional<std::string> Value = valueText(ValueBegin);
  if (!Value)
    return FormEdits::fail(VarLoc,
                           "the initializer is not written in one piece");

  // After the run: at the start of the line of the first statement (or of
  // the closing brace).
  unsigned After;
  if (RunEnd < Block->size()) {
    auto FR = W.File.range(Block->body_begin()[RunEnd]->getSourceRange());
    if (!FR || !T.startsLine(FR->first))
      return FormEdits::fail(VarLoc, "the statement after the declarations "
                                     "does not start its own line");
    After = FR->first;
  } else {
    auto RB = W.File.range(SourceRange(Block->getRBracLoc()));
    if (!RB || !T.startsLine(RB->first))
      return FormEdits::fail(VarLoc, "the block's closing brace does not "
                                     "start its own line");
    After = RB->first;
  }
  unsigned P = T.lineStart(After);
  if (!T.sameConditions(St.SBegin, P))
    return FormEdits::fail(VarLoc,
                           "the declarations and the statements after them "
                           "are under different preprocessor conditions");
  bool Blank = P > 0 && T.isBlankLine(T.lineStart(P - 1));
  std::string Ind = St.Indent;
  std::string Lead = Var->getName().str() + " = ";
  Edit Drop{NameR->second, InitR->second, ""};

  for (const auto &[Offset, Text] : cookieSlots(Block)) {
    if (Offset >= P || !T.sameConditions(Offset, P))
      continue;
    Edit Slot{Offset, Offset, Text};
    if (taken(Slot) || Offset == P)
      continue;
    std::string Code = Blank ? "" : "\n";
    Code += scopeBody(Ind, /*Declare=*/false);
    Code += Ind + Lead + moved(*Value, ValueBegin, Ind + Lead) + ";\n";
    Code += Ind + restore() + "\n";
    return FormEdits::edits({Slot, Drop, {P, P, Code}});
  }
  // No place for one more declaration: a block of its own after the run.
  std::string Ind2 = Ind + unit().str();
  std::string Code = Blank ? "" : "\n";
  Code += Ind + "{\n" + scopeBody(Ind2, /*Declare=*/true);
  Code += Ind2 + Lead + moved(*Value, ValueBegin, Ind2 + Lead) + ";\n";
  Code += Ind2 + restore() + "\n" + Ind + "}\n";
  return FormEdits::edits({Drop, {P, P, Code}});
}

/// The unbraced body of if/else/for/while/do: braces, kernel style, with
/// the scope inside.
FormEdits ScopeForms::body() {
  const Stmt *Parent = St.Container;
  SourceLocation Keyword, HeaderEnd, Follow;
  if (const auto *If = dyn_cast<IfStmt>(Parent)) {
    if (If->getThen() == St.S) {
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
    return FormEdits::fail({}, "the statement is not in a block");
  }
  auto Header = W.File.range(SourceRange(Keyword, HeaderEnd));
  if (!Header)
    return FormEdits::fail(
        {}, "the statement's header is not written in one piece");
  if (!T.onlySpace(Header->second, St.SBegin))
    return FormEdits::fail({},
                           "a comment separates the statement from its header");
  std::string IndH = T.indentOf(Header->first).str();
  if (!T.startsLine(St.SBegin)) {
    if (StringRef(T.slice(St.SBegin, St.SEnd)).contains('\n'))
      return FormEdits::fail({}, "the statement does not start its own line");
    St.Indent = IndH + "\t";
  }
  unsigned End = St.ReplEnd;
  std::string Close = "\n" + IndH + "}";
  if (Follow.isValid()) {
    auto FR = W.File.range(SourceRange(Follow));
    if (!FR || T.skipSpace(St.SEnd, false) != FR->first)
      return FormEdits::fail({}, "something other than a comment separates "
                                 "the statement from the next keyword");
    St.Tail = T.slice(St.SEnd, FR->first).rtrim(" \t\r\n").str();
    End = FR->first;
    Close += " ";
  } else if (St.CodeFollows) {
    return FormEdits::fail({}, "another statement follows on the same line");
  }
  std::string Ind = St.Indent;
  std::string Text = " {\n";
  if (St.F == Form::Return) {
    std::string Why;
    std::optional<std::string> Scope = returnScope(Ind, Why);
    if (!Scope)
      return FormEdits::fail({}, Why);
    Text += *Scope;
  } else {
    Text += scopeBody(Ind, /*Declare=*/true);
    Text += Ind + statementText() + St.Tail + "\n";
    Text += Ind + restore();
  }
  Text += Close;
  return FormEdits::edits({{Header->second, End, Text}});
}

/// The statement after a case label: `case X: {` ... `}` around the case's
/// statements, kernel style. A second fix in the same case gets a block of
/// its own (the builder asks for a new block then).
FormEdits ScopeForms::caseLabel() {
  const auto *Case = cast<SwitchCase>(St.Container);
  if (!T.startsLine(St.SBegin))
    return FormEdits::newBlock();
  auto Colon = W.File.range(SourceRange(Case->getColonLoc()));
  auto Label = W.File.range(SourceRange(Case->getKeywordLoc()));
  if (!Colon || !Label || !T.onlySpace(Colon->second, St.SBegin))
    return FormEdits::newBlock();
  // The case's statements: up to the next label.
  const Stmt *Last = nullptr;
  bool Seen = false;
  for (const Stmt *S : St.SwitchBody->body()) {
    if (S == St.OuterLabel) {
      Seen = true;
      continue;
    }
    if (!Seen)
      continue;
    if (isa<SwitchCase>(S))
      break;
    Last = S;
  }
  unsigned LastEnd = St.ReplEnd;
  if (Last) {
    // `fallthrough;` must stay right before the next label.
    if (isa<AttributedStmt>(Last))
      return FormEdits::newBlock();
    auto LR = W.File.range(Last->getSourceRange());
    if (!LR)
      return FormEdits::newBlock();
    unsigned E = LR->second;
    unsigned Next = T.skipSpace(E, /*StopAtNewline=*/false);
    if (T.at(Next) == ';')
      E = Next + 1;
    unsigned Tail = T.skipSpace(E, /*StopAtNewline=*/true);
    if (T.at(Tail) != '\n' && Tail != T.text().size())
      return FormEdits::newBlock();
    LastEnd = Tail;
  } else if (St.CodeFollows) {
    return FormEdits::newBlock();
  }
  std::string IndC = T.indentOf(Label->first).str();
  std::string Ind = St.Indent;
  std::string Text = " {\n" + scopeBody(Ind, /*Declare=*/true);
  Text += Ind + statementText() + St.Tail + "\n";
  Text += Ind + restore();
  std::vector<Edit> Edits;
  if (Last) {
    if (St.CodeFollows)
      Text += "\n" + Ind;
    Edits.push_back({Colon->second, St.ReplEnd, Text});
    Edits.push_back({LastEnd, LastEnd, "\n" + IndC + "}"});
  } else {
    Text += "\n" + IndC + "}";
    Edits.push_back({Colon->second, St.ReplEnd, Text});
  }
  if (T.touchesDirective(Colon->second, LastEnd))
    return FormEdits::newBlock();
  return FormEdits::edits(std::move(Edits));
}

} // namespace gfpscope
