//===--- AuditVerdicts.h - the audit's merged answer, read back -----------===//
//
// The reduce step of the kernel-wide NOFS audit (scripts/gfpscope_tools/
// audit.py, docs/audit.md) writes, for every function that runs inside a
// covering scope on every call chain in the tree, the level that scope
// gives and one chain to it ("gfpscope-audit-verdicts" version 1).
// linuxkernel-redundant-nofs reads it (its AuditVerdicts option) and
// treats such a function as entered inside that scope.
//
//===----------------------------------------------------------------------===//

#ifndef GFPSCOPE_LIB_AUDITVERDICTS_H
#define GFPSCOPE_LIB_AUDITVERDICTS_H

#include "lib/GfpLayout.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include <string>

namespace gfpscope {

class AuditVerdicts {
public:
  struct Entry {
    GfpRestriction Level = GfpRestriction::None;
    /// One chain to the scope, for the note.
    std::string Via;
  };

  /// Reads \p Path; an error message, or empty.
  std::string load(llvm::StringRef Path);

  /// The entry of the function with audit id \p Id (lib/AuditSummary.h),
  /// or null.
  const Entry *lookup(llvm::StringRef Id) const;

  bool empty() const { return Functions.empty(); }

private:
  llvm::StringMap<Entry> Functions;
};

} // namespace gfpscope

#endif // GFPSCOPE_LIB_AUDITVERDICTS_H
