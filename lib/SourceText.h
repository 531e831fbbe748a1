//===--- SourceText.h - what the user wrote, through macros ---------------===//
//
// Since 6.10 every kvmalloc()/__vmalloc() the user writes is a macro that
// ends in a call to a *_noprof function inside a statement expression, and
// drivers wrap allocations in macros of their own. Diagnostics must name
// what the user wrote, at the place the user wrote it.
//
//===----------------------------------------------------------------------===//

#ifndef GFPSCOPE_LIB_SOURCETEXT_H
#define GFPSCOPE_LIB_SOURCETEXT_H

#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>

namespace clang {
class CallExpr;
class Expr;
class LangOptions;
class SourceManager;
} // namespace clang

namespace gfpscope {

/// The outermost macro in \p Loc's expansion chain whose name satisfies
/// \p IsAllocatorName (e.g. `kvzalloc` around `__kvmalloc_node_noprof`).
std::optional<llvm::StringRef>
outermostMacroNamed(clang::SourceLocation Loc, const clang::SourceManager &SM,
                    const clang::LangOptions &LangOpts,
                    llvm::function_ref<bool(llvm::StringRef)> IsAllocatorName);

/// The source text of \p E as the user wrote it: the expression itself when
/// it lies in one file range (possibly a macro argument); else, for an
/// expression that a macro built around the user's operand (`(_flags) |
/// __GFP_ZERO` in 6.10+ kvzalloc), that operand; else the spelling in a
/// macro definition in \p UserFile. None when nothing sensible exists.
std::optional<std::string> writtenText(const clang::Expr *E,
                                       clang::FileID UserFile,
                                       const clang::SourceManager &SM,
                                       const clang::LangOptions &LangOpts);

} // namespace gfpscope

#endif // GFPSCOPE_LIB_SOURCETEXT_H
