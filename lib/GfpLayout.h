//===--- GfpLayout.h - gfp bits as the translation unit defines them ------===//
//
// The values of __GFP_IO, __GFP_FS and __GFP_DIRECT_RECLAIM changed several
// times between 4.12 and 6.10 (kernel-facts §2.2), and since 6.10 they are
// BIT()s of an enum. gfpscope never hard-codes them: it reads them from the
// translation unit being analysed, so a mask is classified by its meaning on
// the kernel that is being compiled.
//
//===----------------------------------------------------------------------===//

#ifndef GFPSCOPE_LIB_GFPLAYOUT_H
#define GFPSCOPE_LIB_GFPLAYOUT_H

#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <optional>
#include <string>

namespace clang {
class ASTContext;
class Preprocessor;
} // namespace clang

namespace gfpscope {

/// The gfp bits that decide whether an allocation may recurse into FS or IO
/// reclaim.
struct GfpLayout {
  uint64_t IO = 0;
  uint64_t FS = 0;
  uint64_t DirectReclaim = 0;
  /// __GFP_KSWAPD_RECLAIM; 0 when the translation unit does not define it.
  /// With DirectReclaim it makes __GFP_RECLAIM, and GFP_KERNEL is
  /// __GFP_RECLAIM | __GFP_IO | __GFP_FS in every kernel since 4.4.
  uint64_t KswapdReclaim = 0;

  /// The value of GFP_KERNEL; 0 when KswapdReclaim is unknown.
  uint64_t gfpKernel() const {
    return KswapdReclaim ? DirectReclaim | KswapdReclaim | IO | FS : 0;
  }
};

/// The reclaim restriction a mask carries, weakest first. A noio restriction
/// implies nofs (current_gfp_context() clears both bits under NOIO).
enum class GfpRestriction { None, NoFS, NoIO };

/// Classifies a mask the way the kernel's own classifier in
/// __vmalloc_area_node() (5.17+) does, restricted to masks that may enter
/// direct reclaim: NOFS = reclaim and IO set, FS clear; NOIO = reclaim set,
/// IO clear. Masks without __GFP_DIRECT_RECLAIM (GFP_NOWAIT, GFP_ATOMIC)
/// cannot recurse into reclaim and are None.
GfpRestriction classifyMask(uint64_t Mask, const GfpLayout &Layout);

/// "NOFS" / "NOIO".
llvm::StringRef restrictionName(GfpRestriction R);

/// Reads the layout from the translation unit: the 6.10+ enum
/// (___GFP_IO_BIT, ...) when it exists, else the macros (___GFP_IO or
/// __GFP_IO, each an integer literal possibly behind casts and parentheses,
/// as in every kernel from 4.12 to 6.9). None when the TU does not define
/// them all (not kernel code, or a broken include).
std::optional<GfpLayout> readGfpLayout(const clang::ASTContext &Ctx,
                                       const clang::Preprocessor &PP);

/// The name of a macro GFP_KERNEL is built of (GFP_KERNEL, __GFP_RECLAIM,
/// __GFP_IO, __GFP_FS, __GFP_DIRECT_RECLAIM, __GFP_KSWAPD_RECLAIM) that the
/// unit defines empty or function-like, so that `GFP_KERNEL` written by a
/// fix-it would not compile; None when there is none.
std::optional<std::string>
unspellableGfpKernelPart(const clang::Preprocessor &PP);

/// The value of an object-like macro whose definition is an integer literal,
/// or an identifier naming such a macro or an enumerator, possibly wrapped in
/// parentheses and casts (`((__force gfp_t)0x80u)`). Anything else: None.
std::optional<uint64_t> evaluateIntegerMacro(llvm::StringRef Name,
                                             const clang::ASTContext &Ctx,
                                             const clang::Preprocessor &PP);

/// A kernel version as LINUX_VERSION_CODE encodes it: (a << 16) + (b << 8) + c.
using KernelVersionCode = unsigned;
constexpr KernelVersionCode kernelVersion(unsigned Major, unsigned Minor,
                                          unsigned Patch = 0) {
  return (Major << 16) + (Minor << 8) + (Patch > 255 ? 255 : Patch);
}

/// Parses "5.10", "6.1.192" or "v4.19". None when malformed.
std::optional<KernelVersionCode> parseKernelVersion(llvm::StringRef Text);

/// Prints "5.10" (patch level omitted when 0).
std::string formatKernelVersion(KernelVersionCode Code);

/// LINUX_VERSION_CODE when the translation unit defines it.
std::optional<KernelVersionCode>
readLinuxVersionCode(const clang::ASTContext &Ctx,
                     const clang::Preprocessor &PP);

} // namespace gfpscope

#endif // GFPSCOPE_LIB_GFPLAYOUT_H
