//===--- FixItCall.h - the call a fix-it rewrites, as the user wrote it ---===//
//
// The first step of a fix: where the user wrote the allocation. A call
// spelled through the allocator's own macros (6.10+ `kvmalloc(...)` ->
// alloc_hooks()) is the allocator's name and its parentheses in the user's
// file; a call in a macro of the user's is nothing a fix can edit.
//
//===----------------------------------------------------------------------===//

#ifndef GFPSCOPE_LIB_FIXITCALL_H
#define GFPSCOPE_LIB_FIXITCALL_H

#include "lib/FileText.h"
#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include <optional>
#include <string>
#include <utility>

namespace clang {
class CallExpr;
class Expr;
class LangOptions;
class SourceManager;
} // namespace clang

namespace gfpscope {

class FunctionParents;

/// Why a step of a fix found no safe rewrite (without the "no fix-it: "),
/// and where to say it; an invalid location: at the call.
struct NoFix {
  std::string Why;
  clang::SourceLocation Loc;
};

/// The file that a fix edits: its text, and clang's locations in it.
class EditedFile {
public:
  EditedFile(clang::FileID ID, llvm::StringRef Buf,
             const clang::SourceManager &SM, const clang::LangOptions &LO)
      : ID(ID), Text(Buf), SM(SM), LO(LO) {}

  clang::FileID id() const { return ID; }
  const FileText &text() const { return Text; }
  /// The offsets of \p R (a token range) as the user wrote it, when it lies
  /// in this file.
  std::optional<std::pair<unsigned, unsigned>>
  range(clang::SourceRange R) const;
  clang::SourceLocation loc(unsigned Offset) const;

private:
  clang::FileID ID;
  FileText Text;
  const clang::SourceManager &SM;
  const clang::LangOptions &LO;
};

/// The call as the user wrote it: [Begin, End) of its file.
struct WrittenCall {
  const clang::CallExpr *Call = nullptr;
  std::optional<EditedFile> File;
  unsigned Begin = 0, End = 0;
};

/// Where the user wrote \p Call; none, with \p Why (possibly empty: the
/// call is not spelled in this file), when it is not something a fix can
/// edit: inside the definition or in an argument of a macro other than the
/// allocator's (\p IsAllocatorMacro), in pieces, in a system header.
std::optional<WrittenCall>
locateCall(const clang::CallExpr *Call,
           llvm::function_ref<bool(llvm::StringRef)> IsAllocatorMacro,
           const clang::SourceManager &SM, const clang::LangOptions &LO,
           std::string &Why);

/// The outermost node of the body that is still part of \p Call as written
/// (the statement expression of alloc_hooks()): what a scope must enclose.
const clang::Expr *outermostNode(const WrittenCall &Call,
                                 const FunctionParents &Parents,
                                 const clang::SourceManager &SM);

} // namespace gfpscope

#endif // GFPSCOPE_LIB_FIXITCALL_H
