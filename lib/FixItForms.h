//===--- FixItForms.h - the scope written around each statement shape -----===//
//
// The text of a fix: the statement wrapped in
//
//	/* TODO: move this scope to where the reclaim-recursion critical ... */
//	nofs_flag = memalloc_nofs_save();
//	p = kvmalloc(n, GFP_KERNEL);
//	memalloc_nofs_restore(nofs_flag);
//
// in the form that its shape and place allow: in its block with the cookie
// among the block's declarations, a declaration split into `T *p;` and an
// assignment after the declarations, braces added to an unbraced body or to
// a case's statements, or a new block of its own (for `return call;`
// through a temporary). Indentation is copied from the file, and each fix
// of a block takes a declaration slot of its own so that fixes applied
// together never insert at one offset.
//
//===----------------------------------------------------------------------===//

#ifndef GFPSCOPE_LIB_FIXITFORMS_H
#define GFPSCOPE_LIB_FIXITFORMS_H

#include "lib/FileText.h"
#include "lib/FixIt.h"
#include "lib/FixItCall.h"
#include "lib/FixItShapes.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace clang {
class ASTContext;
class CallExpr;
class CompoundStmt;
} // namespace clang

namespace gfpscope {

/// The comment above a save: `/* Text */`, wrapped into a block comment
/// whose lines fit \p MaxColumns when \p Indent + the one-line form does
/// not. Lines without indentation; empty when \p Text is empty.
std::vector<std::string> scopeCommentLines(llvm::StringRef Text,
                                           llvm::StringRef Indent,
                                           unsigned MaxColumns);

/// The scope fix being written: the call, its statement, the scope.
struct ScopeSite {
  const EditedFile &File;
  /// The call (for the type of a temporary holding its value).
  const clang::CallExpr *Call;
  StatementShape Shape;
  /// The edits of the call's mask, inside the statement.
  llvm::ArrayRef<Edit> MaskEdits;
  ScopeFamily Family;
  /// The cookie variable of the scope.
  std::string Cookie;
};

/// What a form makes of the statement: the edits of the fix; or, without
/// edits, that a new block in place of the statement is the form to use
/// (NewBlock), or why there is no fix.
struct FormEdits {
  std::vector<Edit> Edits;
  bool NewBlock = false;
  NoFix Why;

  static FormEdits edits(std::vector<Edit> Edits);
  static FormEdits newBlock();
  static FormEdits fail(clang::SourceLocation Loc, const llvm::Twine &Why);
};

/// The forms of a scope around the statement of a ScopeSite. \p Taken are
/// the edits earlier fixes made in the file (a declaration slot that one of
/// them took is not taken again); \p FreshName gives a name unused in the
/// function (for a temporary).
class ScopeForms {
public:
  ScopeForms(ScopeSite Site, const ScopeFixOptions &Opts,
             llvm::ArrayRef<Edit> Taken,
             llvm::function_ref<std::string(llvm::StringRef)> FreshName,
             const clang::ASTContext &Ctx)
      : W(std::move(Site)), St(W.Shape), T(W.File.text()), Opts(Opts),
        Taken(Taken), FreshName(FreshName), Ctx(Ctx) {}
  ScopeForms(const ScopeForms &) = delete;
  ScopeForms &operator=(const ScopeForms &) = delete;

  /// `p = call;` / `call;` in a braced block (Place::Block).
  FormEdits inBlock();
  /// `T *p = call;` among the declarations of a block (Form::Decl).
  FormEdits declaration();
  /// The unbraced body of if/else/for/while/do (Place::Body).
  FormEdits body();
  /// The statement after a case label (Place::Case).
  FormEdits caseLabel();
  /// A new block in place of the statement.
  FormEdits newBlock();

private:
  // Pieces of the text.
  std::string statementText() const;
  std::optional<std::string> valueText(unsigned &Begin) const;
  std::string scopeBody(llvm::StringRef Ind, bool Declare) const;
  std::optional<std::string> returnScope(llvm::StringRef Ind, std::string &Why);
  std::optional<std::string> tempDeclaration(llvm::StringRef Name) const;
  std::vector<std::pair<unsigned, std::string>>
  cookieSlots(const clang::CompoundStmt *Block) const;
  void
  declarationSlots(llvm::ArrayRef<std::pair<unsigned, unsigned>> Ranges,
                   std::vector<std::pair<unsigned, std::string>> &Slots) const;
  std::optional<NoFix> whyInitializerCannotMove(size_t Index,
                                                size_t RunEnd) const;
  bool taken(const Edit &E) const;
  llvm::StringRef unit() const;
  std::string moved(llvm::StringRef Text, unsigned From,
                    llvm::StringRef Prefix) const;
  std::string restore() const;

  ScopeSite W;
  /// The statement (body() changes its indentation and tail).
  StatementShape &St;
  const FileText &T;
  const ScopeFixOptions &Opts;
  llvm::ArrayRef<Edit> Taken;
  llvm::function_ref<std::string(llvm::StringRef)> FreshName;
  const clang::ASTContext &Ctx;
};

} // namespace gfpscope

#endif // GFPSCOPE_LIB_FIXITFORMS_H
