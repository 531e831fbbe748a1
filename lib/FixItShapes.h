//===--- FixItShapes.h - the statement that holds the call, and its place -===//
//
// A scope can only wrap a whole statement: `call;`, `p = call;` (also
// `q = p = call;`), `T *p = call;` and `return call;`, written on lines of
// their own, as a statement of a block, of a label or case, or as the
// unbraced body of if/else/for/while/do. This finds that statement, its
// text and its place, or says why the call is not in one (part of a larger
// expression, of a condition, an argument of another call).
//
//===----------------------------------------------------------------------===//

#ifndef GFPSCOPE_LIB_FIXITSHAPES_H
#define GFPSCOPE_LIB_FIXITSHAPES_H

#include "lib/FileText.h"
#include "lib/FixItCall.h"
#include "llvm/ADT/ArrayRef.h"
#include <optional>
#include <string>

namespace clang {
class CompoundStmt;
class DeclStmt;
class Expr;
class Stmt;
} // namespace clang

namespace gfpscope {

/// True when \p S evaluates a call (a statement expression may hide one).
bool containsCall(const clang::Stmt *S);

class FunctionParents;

/// How the statement holding the call is shaped.
enum class Form { ExprStmt, Assign, Decl, Return };

/// Where that statement sits; with the form, it decides how the scope is
/// written around it.
enum class Place {
  /// A statement of a braced block, or of a label in one.
  Block,
  /// A statement of a switch's block, after the first one of its case.
  SwitchBlock,
  /// The unbraced body of if/else/for/while/do.
  Body,
  /// The statement right after a case label.
  Case,
};

/// The statement that holds the call, as written.
struct StatementShape {
  Form F = Form::ExprStmt;
  Place P = Place::Block;
  /// The statement: the call, the (outermost) assignment, the DeclStmt, the
  /// ReturnStmt.
  const clang::Stmt *S = nullptr;
  /// The returned / assigned / initialising expression.
  const clang::Expr *Value = nullptr;
  /// The declaration of Form::Decl.
  const clang::DeclStmt *Decl = nullptr;
  /// The block (Place::Block and SwitchBlock), the if/for/while/do
  /// (Place::Body) or the case label (Place::Case) of the statement.
  const clang::Stmt *Container = nullptr;
  /// Place::Case: the outermost label of the chain (`case 1: case 2:
  /// stmt`), the switch body's child, and the switch's block.
  const clang::Stmt *OuterLabel = nullptr;
  const clang::CompoundStmt *SwitchBody = nullptr;

  unsigned SBegin = 0, SEnd = 0; ///< [first char, after ';')
  unsigned ReplEnd = 0;          ///< End of the replaced text (tail incl.)
  /// Another statement follows on the statement's line.
  bool CodeFollows = false;
  std::string Tail; ///< Trailing comment kept on the statement's line.
  std::string Indent;
};

/// The statement around \p Outermost, the outermost node of \p Call as
/// written, whose mask edits are \p MaskEdits; none, with \p Why, when no
/// scope can wrap it.
std::optional<StatementShape>
findStatement(const WrittenCall &Call, const clang::Expr *Outermost,
              llvm::ArrayRef<Edit> MaskEdits, const FunctionParents &Parents,
              const clang::SourceManager &SM, NoFix &Why);

} // namespace gfpscope

#endif // GFPSCOPE_LIB_FIXITSHAPES_H
