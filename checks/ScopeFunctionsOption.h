//===--- ScopeFunctionsOption.h - the option the three checks share ------===//
//
// `ScopeFunctions`: a project's own scope functions, as
// `name:save|restore:family[:argument]` entries separated by ';'
// (ScopeFunctionSet::addCustom). Every check reads it with
// getLocalOrGlobal(), so one global `ScopeFunctions` in CheckOptions reaches
// the balance check, the coverage of linuxkernel-redundant-nofs and
// linuxkernel-vmalloc-nofs, and the fix-it's "covered already" decision; a
// check's own `<check>.ScopeFunctions` overrides it.
//
//===----------------------------------------------------------------------===//

#ifndef GFPSCOPE_CHECKS_SCOPEFUNCTIONSOPTION_H
#define GFPSCOPE_CHECKS_SCOPEFUNCTIONSOPTION_H

#include "llvm/ADT/StringRef.h"

namespace gfpscope {

inline constexpr llvm::StringLiteral ScopeFunctionsOptionName =
    "ScopeFunctions";

/// The configuration diagnostic for a malformed entry (%0 the check, %1
/// what is wrong).
inline constexpr const char *InvalidScopeFunctionsMessage =
    "invalid ScopeFunctions of %0: %1; want "
    "name:save|restore:family[:argument] entries separated by ';'";

} // namespace gfpscope

#endif // GFPSCOPE_CHECKS_SCOPEFUNCTIONSOPTION_H
