//===--- GfpLayout.cpp - gfp bits as the translation unit defines them ----===//

#include "lib/GfpLayout.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/Lex/MacroInfo.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"

using namespace clang;

namespace gfpscope {

GfpRestriction classifyMask(uint64_t Mask, const GfpLayout &Layout) {
  if (!(Mask & Layout.DirectReclaim))
    return GfpRestriction::None;
  if (!(Mask & Layout.IO))
    return GfpRestriction::NoIO;
  if (!(Mask & Layout.FS))
    return GfpRestriction::NoFS;
  return GfpRestriction::None;
}

llvm::StringRef restrictionName(GfpRestriction R) {
  switch (R) {
  case GfpRestriction::NoFS:
    return "NOFS";
  case GfpRestriction::NoIO:
    return "NOIO";
  case GfpRestriction::None:
    break;
  }
  return "unrestricted";
}

namespace {

// Identifiers are looked up with get(), not find(): in clangd the kernel
// headers come from a precompiled preamble, whose identifiers (and so their
// macros and declarations) reach the table only through its external lookup.
const NamedDecl *lookupOrdinaryName(StringRef Name, const ASTContext &Ctx) {
  for (const NamedDecl *D : Ctx.getTranslationUnitDecl()->lookup(
           DeclarationName(&Ctx.Idents.get(Name))))
    return D;
  return nullptr;
}

std::optional<uint64_t> enumeratorValue(StringRef Name, const ASTContext &Ctx) {
  if (const auto *E =
          dyn_cast_or_null<EnumConstantDecl>(lookupOrdinaryName(Name, Ctx)))
    return E->getInitVal().getZExtValue();
  return std::nullopt;
}

/// An integer literal as the kernel writes them: decimal, octal, hex or
/// binary digits with an optional u/l suffix. Integer literals in macro
/// definitions are not checked by Sema, so anything unusual is rejected here
/// rather than handed to NumericLiteralParser, which would emit diagnostics
/// into the translation unit's diagnostics engine.
std::optional<uint64_t> parseIntegerLiteral(StringRef Spelling) {
  StringRef Digits = Spelling.rtrim("uUlL");
  uint64_t Value;
  if (Digits.empty() || Digits.getAsInteger(0, Value))
    return std::nullopt;
  return Value;
}

class IntegerMacroEvaluator {
public:
  IntegerMacroEvaluator(const ASTContext &Ctx, const Preprocessor &PP)
      : Ctx(Ctx), PP(PP) {}

  std::optional<uint64_t> evaluateName(StringRef Name, unsigned Depth) {
    if (Depth > MaxDepth)
      return std::nullopt;
    if (const MacroInfo *MI = macroNamed(Name))
      return evaluateDefinition(*MI, Depth);
    return enumeratorValue(Name, Ctx);
  }

private:
  static constexpr unsigned MaxDepth = 8;

  const MacroInfo *macroNamed(StringRef Name) const {
    const MacroInfo *MI = PP.getMacroInfo(PP.getIdentifierInfo(Name));
    return MI && MI->isObjectLike() ? MI : nullptr;
  }

  /// Parentheses, type names in casts and empty annotation macros such as
  /// `__force` carry no value.
  bool isValueless(const Token &Tok) const {
    if (Tok.isOneOf(tok::l_paren, tok::r_paren) ||
        Tok.isOneOf(tok::kw_unsigned, tok::kw_signed, tok::kw_int, tok::kw_long,
                    tok::kw_short, tok::kw_char))
      return true;
    const IdentifierInfo *II = Tok.getIdentifierInfo();
    if (!II || Tok.isNot(tok::identifier))
      return false;
    if (const MacroInfo *MI = macroNamed(II->getName()))
      return MI->getNumTokens() == 0;
    return isa_and_nonnull<TypedefNameDecl>(
        lookupOrdinaryName(II->getName(), Ctx));
  }

  std::optional<uint64_t> evaluateDefinition(const MacroInfo &MI,
                                             unsigned Depth) {
    const Token *Value = nullptr;
    for (const Token &Tok : MI.tokens()) {
      if (isValueless(Tok))
        continue;
      if (Value)
        return std::nullopt; // An expression: not a plain value.
      Value = &Tok;
    }
    if (!Value)
      return std::nullopt;
    if (Value->is(tok::numeric_constant)) {
      llvm::SmallString<32> Buffer;
      bool Invalid = false;
      StringRef Spelling = PP.getSpelling(*Value, Buffer, &Invalid);
      if (Invalid)
        return std::nullopt;
      return parseIntegerLiteral(Spelling);
    }
    if (const IdentifierInfo *II = Value->getIdentifierInfo())
      return evaluateName(II->getName(), Depth + 1);
    return std::nullopt;
  }

  const ASTContext &Ctx;
  const Preprocessor &PP;
};

/// One gfp bit: the 6.10+ enumerator ___GFP_<Bit>_BIT, else the macro
/// ___GFP_<Bit> (4.12-6.9), else __GFP_<Bit>.
std::optional<uint64_t> readGfpBit(StringRef Bit, const ASTContext &Ctx,
                                   const Preprocessor &PP) {
  if (auto Shift = enumeratorValue(("___GFP_" + Bit + "_BIT").str(), Ctx)) {
    if (*Shift >= 64)
      return std::nullopt;
    return uint64_t(1) << *Shift;
  }
  IntegerMacroEvaluator Evaluator(Ctx, PP);
  if (auto Value = Evaluator.evaluateName(("___GFP_" + Bit).str(), 0))
    return Value;
  return Evaluator.evaluateName(("__GFP_" + Bit).str(), 0);
}

} // namespace

std::optional<uint64_t> evaluateIntegerMacro(StringRef Name,
                                             const ASTContext &Ctx,
                                             const Preprocessor &PP) {
  return IntegerMacroEvaluator(Ctx, PP).evaluateName(Name, 0);
}

std::optional<std::string> unspellableGfpKernelPart(const Preprocessor &PP) {
  // What GFP_KERNEL is made of in every kernel since 4.4 (gfp_types.h):
  // a file that redefines one of them as an empty or a function-like macro
  // (fuzz mutant smoke:82: `#define __GFP_FS` after the includes) breaks
  // every GFP_KERNEL a fix-it writes, although the bits, read from the
  // 6.10+ enum, are fine.
  for (const char *Name :
       {"GFP_KERNEL", "__GFP_RECLAIM", "__GFP_IO", "__GFP_FS",
        "__GFP_DIRECT_RECLAIM", "__GFP_KSWAPD_RECLAIM"}) {
    const IdentifierInfo *II = PP.getIdentifierInfo(Name);
    const MacroInfo *MI = II ? PP.getMacroInfo(II) : nullptr;
    if (MI && (!MI->isObjectLike() || MI->getNumTokens() == 0))
      return std::string(Name);
  }
  return std::nullopt;
}

std::optional<GfpLayout> readGfpLayout(const ASTContext &Ctx,
                                       const Preprocessor &PP) {
  auto IO = readGfpBit("IO", Ctx, PP);
  auto FS = readGfpBit("FS", Ctx, PP);
  auto DirectReclaim = readGfpBit("DIRECT_RECLAIM", Ctx, PP);
  if (!IO || !FS || !DirectReclaim || !*IO || !*FS || !*DirectReclaim)
    return std::nullopt;
  GfpLayout Layout{*IO, *FS, *DirectReclaim};
  Layout.KswapdReclaim = readGfpBit("KSWAPD_RECLAIM", Ctx, PP).value_or(0);
  return Layout;
}

std::optional<KernelVersionCode> parseKernelVersion(StringRef Text) {
  Text = Text.trim();
  Text.consume_front("v");
  llvm::SmallVector<StringRef, 3> Parts;
  Text.split(Parts, '.');
  if (Parts.size() < 2 || Parts.size() > 3)
    return std::nullopt;
  unsigned Numbers[3] = {0, 0, 0};
  for (size_t I = 0; I < Parts.size(); ++I)
    if (Parts[I].getAsInteger(10, Numbers[I]) || Numbers[I] > 255)
      return std::nullopt;
  return kernelVersion(Numbers[0], Numbers[1], Numbers[2]);
}

std::string formatKernelVersion(KernelVersionCode Code) {
  std::string Text =
      llvm::utostr(Code >> 16) + "." + llvm::utostr((Code >> 8) & 0xff);
  if (Code & 0xff)
    Text += "." + llvm::utostr(Code & 0xff);
  return Text;
}

std::optional<KernelVersionCode> readLinuxVersionCode(const ASTContext &Ctx,
                                                      const Preprocessor &PP) {
  auto Code = evaluateIntegerMacro("LINUX_VERSION_CODE", Ctx, PP);
  if (!Code || *Code > 0xffffff)
    return std::nullopt;
  return KernelVersionCode(*Code);
}

} // namespace gfpscope
